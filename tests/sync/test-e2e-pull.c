/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, the pull: 100,000 fines on the server, pulled in pages by the real agent which
 * is SIGKILLed at random moments and restarted; the kiosk ends with exactly the server's set. */
#define G_LOG_DOMAIN "test-e2e-pull"

#include "config.h"

#include <signal.h>

#include "kiosk-test-util.h"
#include "sync-test-util.h"

#define N_FINES 100000

static char *
write_fines (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "fines.json", NULL);
  g_autoptr(GString) json = g_string_new ("{\"fines\":[");
  g_autoptr(GError) error = NULL;
  static const char *const letters[] = { "A", "B", "MH", "NE", "YW", "DJ" };

  for (guint i = 0; i < N_FINES; i++)
    g_string_append_printf (json, "%s{\"number\":\"PF-E2E-%06u\",\"plate\":\"%u %s\","
                            "\"issued_at\":%u,\"place_ar\":\"موقف رقم %u\",\"place_en\":"
                            "\"Car park %u\",\"violation_ar\":\"الوقوف دون تذكرة\","
                            "\"violation_en\":\"Parking without a ticket\",\"amount_baisa\":%u,"
                            "\"status\":\"%s\",\"updated_at\":%u}",
                            i ? "," : "", i, 1 + i % 99999, letters[i % G_N_ELEMENTS (letters)],
                            1700000000 + i, i % 300, i % 300, 1000 * (1 + i % 20),
                            i % 7 == 0 ? "paid" : "unpaid", 1700000000 + i);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, (gssize) json->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_pull_100000_fines_interrupted_and_resumed (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *fines = write_fines (dir);
  g_autofree char *config = NULL;
  g_autoptr(GPtrArray) kiosk_rows = NULL;
  g_autoptr(GPtrArray) server_rows = NULL;
  const char *load_demo[] = { "load", "--demo", NULL };
  const char *load_fines[] = { "load", fines, NULL };
  const char *args[] = { "--json", NULL };
  SyncServer *server;
  guint kills = 0;

  /* A kiosk that has synced nothing yet (no outbox) pulls everything. */
  sync_kiosk_create (kiosk_db, "PUL01", 0, 0, 0, 0, 0, 61);
  g_free (sync_central_run (server_db, load_demo));
  g_free (sync_central_run (server_db, load_fines));
  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "PUL01", token);
  config = sync_agent_config (dir, kiosk_db, server->url, token, NULL);

  for (int run = 0; run < 40 && kills < 8; run++)
    {
      g_autoptr(GSubprocess) agent = sync_agent_spawn (config, "once", args);
      g_autoptr(GError) error = NULL;

      g_usleep (g_test_rand_int_range (100, 900) * 1000);
      g_subprocess_send_signal (agent, SIGKILL);
      g_subprocess_wait (agent, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (agent))
        kills++;
      else
        break;
    }
  g_test_message ("killed %u times; %" G_GINT64_FORMAT " fines on the kiosk then", kills,
                  sync_kiosk_count (kiosk_db, "SELECT count (*) FROM fines"));
  g_assert_cmpuint (kills, >=, 3);

  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);

  /* The same rows, field by field: number, plate, amount, status. */
  kiosk_rows = sync_db_column (kiosk_db, "SELECT number || '|' || plate || '|' || amount_baisa"
                                         " || '|' || status FROM fines ORDER BY number");
  server_rows = sync_db_column (server_db, "SELECT key || '|' || json_extract (data, '$.plate')"
                                           " || '|' || json_extract (data, '$.amount_baisa') ||"
                                           " '|' || json_extract (data, '$.status') FROM"
                                           " reference_rows WHERE dataset = 'fines' ORDER BY key");
  g_assert_cmpuint (kiosk_rows->len, ==, server_rows->len);
  g_assert_cmpuint (kiosk_rows->len, >=, N_FINES);
  for (guint i = 0; i < kiosk_rows->len; i++)
    g_assert_cmpstr (g_ptr_array_index (kiosk_rows, i), ==, g_ptr_array_index (server_rows, i));

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/pull-100000-fines-interrupted-and-resumed",
                   test_pull_100000_fines_interrupted_and_resumed);

  return g_test_run ();
}
