/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, crashes: the agent SIGKILLed at 30+ random moments of a drain, and the server
 * SIGKILLed mid-batch, each restarted; the server ends with exactly the kiosk's records —
 * none lost, none twice — and the kiosk knows every one was acknowledged. */
#define G_LOG_DOMAIN "test-e2e-crash"

#include "config.h"

#include <signal.h>

#include "kiosk-simulate.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "sync-test-util.h"

#define KILLS 30

typedef struct
{
  char       *dir;
  char       *kiosk_db;
  char       *token_file;
  char       *config;
  SyncServer *server;
} Fixture;

static void
fixture_set_up (Fixture    *f,
                const char *extra_config)
{
  g_autofree char *server_db = NULL;
  const char *load[] = { "load", "--demo", NULL };

  f->dir = kiosk_test_make_dir ();
  f->kiosk_db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->token_file = g_build_filename (f->dir, "token", NULL);
  server_db = g_build_filename (f->dir, "central.db", NULL);

  sync_kiosk_create (f->kiosk_db, "CRS01", 1900, 150, 200, 400, 8000, 23);
  g_free (sync_central_run (server_db, load));
  f->server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "CRS01", f->token_file);
  f->config = sync_agent_config (f->dir, f->kiosk_db, f->server->url, f->token_file,
                                 extra_config);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_pointer (&f->server, sync_server_free);
  kiosk_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->kiosk_db);
  g_free (f->token_file);
  g_free (f->config);
}

/* Runs `once` until it reports everything pushed. */
static void
drain (Fixture *f)
{
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(JsonObject) report = NULL;
      int status = sync_agent_once (f->config, &report);

      if (status == 0)
        return;
      g_test_message ("once exited %d (%s); again", status,
                      json_object_get_string_member_with_default (report, "error", ""));
    }
  g_error ("the agent never finished the drain");
}

static void
assert_exactly_once (Fixture *f)
{
  g_autoptr(GPtrArray) kiosk_all = sync_kiosk_uuids (f->kiosk_db, NULL);
  g_autoptr(GPtrArray) kiosk_acked = sync_kiosk_uuids (f->kiosk_db, "acked");
  g_autoptr(GPtrArray) server_accepted = sync_server_uuids (f->server->db, "accepted");
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  /* Same sets (both sorted), and the server has no row beyond them: nothing twice. */
  g_assert_cmpuint (server_accepted->len, ==, kiosk_all->len);
  g_assert_cmpuint (kiosk_acked->len, ==, kiosk_all->len);
  for (guint i = 0; i < kiosk_all->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (server_accepted, i), ==, g_ptr_array_index (kiosk_all, i));
      g_assert_cmpstr (g_ptr_array_index (kiosk_acked, i), ==, g_ptr_array_index (kiosk_all, i));
    }
  g_assert_cmpint (sync_server_count (f->server->db, "SELECT count (*) FROM records"), ==,
                   kiosk_all->len);
  g_assert_cmpint (sync_server_count (f->server->db, "SELECT count (DISTINCT sha256) FROM"
                                                     " attachments"), ==,
                   sync_kiosk_count (f->kiosk_db, "SELECT count (*) FROM photos"));
  /* Every acknowledged record carries the server's reference, the one the server keeps. */
  g_assert_cmpint (sync_kiosk_count (f->kiosk_db, "SELECT count (*) FROM outbox WHERE"
                                                  " server_reference IS NULL"), ==, 0);

  store = kiosk_store_open (f->kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_check_integrity (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* More visitor traffic on the kiosk, while no agent runs. */
static void
top_up (Fixture *f,
        guint32  seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskStore) store = kiosk_store_open (f->kiosk_db, KIOSK_STORE_OPEN_EXISTING,
                                                  &error);
  KioskSimulation more = { 200, 40, 0, 400, seed, 8000 };

  g_assert_no_error (error);
  kiosk_test_set_default_limits (store);
  g_assert_true (kiosk_simulate_run (store, &more, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_agent_killed_at_random_moments (void)
{
  Fixture f = { 0 };
  guint kills = 0, runs = 0;
  const char *args[] = { "--json", NULL };

  /* Small batches: many claims, answers and transactions to be killed in the middle of. */
  fixture_set_up (&f, "batch-max-records=25\n");

  while (kills < KILLS)
    {
      g_autoptr(GSubprocess) agent = sync_agent_spawn (f.config, "once", args);
      g_autoptr(GError) error = NULL;

      runs++;
      g_assert_cmpuint (runs, <, 6 * KILLS);
      g_usleep (g_test_rand_int_range (5, 80) * 1000);
      g_subprocess_send_signal (agent, SIGKILL);
      g_subprocess_wait (agent, NULL, &error);
      g_assert_no_error (error);
      /* Only a kill that left records to send landed in a drain; one after the last push
       * (during the pull, or after an exit) does not count. A fast machine can finish the
       * drain before the kills are done: the kiosk goes on serving visitors, so there is
       * more to drain, and more kills to land in it. */
      if (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE"
                                        " state != 'acked'") > 0)
        kills += g_subprocess_get_if_signaled (agent) ? 1 : 0;
      else
        top_up (&f, runs);
    }
  g_test_message ("%u kills in %u runs; %" G_GINT64_FORMAT " records still to go", kills, runs,
                  sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox"
                                                " WHERE state != 'acked'"));

  drain (&f);
  assert_exactly_once (&f);
  fixture_tear_down (&f);
}

static void
test_server_killed_mid_batch (void)
{
  Fixture f = { 0 };
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--json", NULL };
  guint kills = 0;

  /* Big batches take the server a while to commit: room to be killed mid-batch. */
  fixture_set_up (&f, "batch-max-records=500\nretries=8\n");
  agent = sync_agent_spawn (f.config, "once", args);

  while (kills < 5 && g_subprocess_get_identifier (agent) != NULL)
    {
      g_usleep (g_test_rand_int_range (30, 250) * 1000);
      sync_server_kill (f.server);
      kills++;
      /* Down for a moment: the agent's requests fail and are retried. */
      g_usleep (100 * 1000);
      sync_server_restart (f.server);
    }
  g_test_message ("server killed %u times", kills);
  g_assert_cmpuint (kills, >=, 2);

  g_subprocess_wait (agent, NULL, &error);
  g_assert_no_error (error);
  drain (&f);
  assert_exactly_once (&f);
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/agent-killed-at-random-moments-loses-nothing",
                   test_agent_killed_at_random_moments);
  g_test_add_func ("/kiosk/sync/e2e/server-killed-mid-batch-loses-nothing",
                   test_server_killed_mid_batch);

  return g_test_run ();
}
