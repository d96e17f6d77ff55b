/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, the kiosk keeps working while the agent syncs: a writer commits visitor actions
 * continuously on its own connection while the real agent drains the same database; no write
 * fails (no SQLITE_BUSY reaches the writer), and the writer's commit latency is reported. */
#define G_LOG_DOMAIN "test-e2e-concurrency"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-services.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "sync-test-util.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
test_writer_never_sees_busy_during_sync (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *load[] = { "load", "--demo", NULL };
  const char *args[] = { "--json", NULL };
  SyncServer *server;
  guint writes = 0;
  gint64 p50, p99, worst;

  sync_kiosk_create (kiosk_db, "CON01", 2000, 100, 200, 500, 20000, 51);
  g_free (sync_central_run (server_db, load));
  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "CON01", token);
  config = sync_agent_config (dir, kiosk_db, server->url, token, "batch-max-records=100\n");

  store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);

  agent = sync_agent_spawn (config, "once", args);
  /* Write until the agent is done (its identifier goes once it has exited). */
  while (g_subprocess_get_identifier (agent) != NULL || writes < 50)
    {
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      gint64 start = g_get_monotonic_time (), took;
      gboolean ok;

      ok = kiosk_services_submit_feedback (store, KIOSK_FEEDBACK_SUGGESTION,
                                           "مقترح أثناء المزامنة", NULL, &ref, &error);
      took = g_get_monotonic_time () - start;
      /* The one thing that must never happen: the agent's lock reaching the kiosk. */
      g_assert_no_error (error);
      g_assert_true (ok);
      g_array_append_val (latencies, took);
      writes++;
    }
  g_subprocess_wait (agent, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (agent));
  /* Partial: what the writer added during the run is still due, and a scheduler must know
   * (it used to exit 0 with those records left). */
  g_assert_cmpint (g_subprocess_get_exit_status (agent), ==, 1);

  g_array_sort (latencies, compare_gint64);
  p50 = g_array_index (latencies, gint64, latencies->len / 2);
  p99 = g_array_index (latencies, gint64, latencies->len * 99 / 100);
  worst = g_array_index (latencies, gint64, latencies->len - 1);
  g_test_message ("writer during sync: %u commits, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                  writes, p50 / 1000.0, p99 / 1000.0, worst / 1000.0);
  /* Far below the store's 10 s busy timeout: the agent's transactions are short. */
  g_assert_cmpint (worst, <, 5 * G_USEC_PER_SEC);

  /* What was written during the sync goes with the next run; the server ends with all. */
  g_clear_pointer (&store, kiosk_store_close);
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);
  g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==,
                   sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"));

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/writer-never-sees-busy-during-sync",
                   test_writer_never_sees_busy_during_sync);

  return g_test_run ();
}
