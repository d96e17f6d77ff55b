/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, the happy path: the real agent drains a kiosk of 5,000 records and 500 photos
 * into the real server; the server holds exactly those, photos byte for byte; a second run
 * costs one request; the daemon syncs at once when the kiosk wakes it and stops on SIGTERM. */
#define G_LOG_DOMAIN "test-e2e-drain"

#include "config.h"

#include <signal.h>

#include "kiosk-services.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "kiosk-wake.h"
#include "sync-test-util.h"

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
                guint       reports,
                guint       photos,
                guint       payments,
                guint       feedback)
{
  g_autofree char *server_db = NULL;

  f->dir = kiosk_test_make_dir ();
  f->kiosk_db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->token_file = g_build_filename (f->dir, "token", NULL);
  server_db = g_build_filename (f->dir, "central.db", NULL);

  sync_kiosk_create (f->kiosk_db, "DRN01", reports, photos, payments, feedback, 20000, 11);
  /* The server has the reference data the kiosk was seeded with: its first pull is a reset. */
  {
    const char *load[] = { "load", "--demo", NULL };
    g_free (sync_central_run (server_db, load));
  }
  f->server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "DRN01", f->token_file);
  f->config = sync_agent_config (f->dir, f->kiosk_db, f->server->url, f->token_file, NULL);
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

static void
assert_same_strings (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
assert_server_has_photos (Fixture *f)
{
  g_autofree char *photo_dir = g_strconcat (f->kiosk_db, ".photos", NULL);
  g_autofree char *attachment_dir = g_strconcat (f->server->db, ".attachments", NULL);
  g_autoptr(GHashTable) photos = sync_read_files (photo_dir);
  g_autoptr(GHashTable) attachments = sync_read_files (attachment_dir);
  GHashTableIter iter;
  gpointer name, bytes;

  g_assert_cmpuint (g_hash_table_size (attachments), ==, g_hash_table_size (photos));
  g_hash_table_iter_init (&iter, photos);
  while (g_hash_table_iter_next (&iter, &name, &bytes))
    {
      /* The kiosk names its files <sha256>.jpg, the server <sha256>. */
      g_autofree char *sha256 = g_strndup (name, 64);
      GBytes *sent = g_hash_table_lookup (attachments, sha256);

      g_assert_nonnull (sent);
      g_assert_true (g_bytes_equal (sent, bytes));
    }
}

static void
test_drain_5000_records_and_500_photos (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GPtrArray) kiosk_all = NULL;
  g_autoptr(GPtrArray) kiosk_acked = NULL;
  g_autoptr(GPtrArray) server_accepted = NULL;
  gint64 records, photos;

  fixture_set_up (&f, 3400, 500, 400, 1000);
  records = sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox");
  photos = sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM photos");
  g_test_message ("kiosk: %" G_GINT64_FORMAT " records, %" G_GINT64_FORMAT " photos", records,
                  photos);
  g_assert_cmpint (records, >=, 5000);
  g_assert_cmpint (photos, ==, 500);

  g_assert_cmpint (sync_agent_once (f.config, &report), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (report, "pushed"), ==, records);
  g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "photos_sent"), ==, photos);
  /* The goal: one request per 200-record batch and one per new photo, plus the feed's pages
   * (every accepted report and paid fine comes back as a change). */
  g_test_message ("requests %" G_GINT64_FORMAT ", connections %" G_GINT64_FORMAT,
                  json_object_get_int_member (report, "requests"),
                  json_object_get_int_member (report, "connections"));
  g_assert_cmpint (json_object_get_int_member (report, "requests"), <=,
                   (records + 199) / 200 + photos +
                   json_object_get_int_member (report, "pulled") / 1000 + 1);

  kiosk_all = sync_kiosk_uuids (f.kiosk_db, NULL);
  kiosk_acked = sync_kiosk_uuids (f.kiosk_db, "acked");
  server_accepted = sync_server_uuids (f.server->db, "accepted");
  assert_same_strings (kiosk_acked, kiosk_all);
  assert_same_strings (server_accepted, kiosk_all);
  g_assert_cmpint (sync_server_count (f.server->db, "SELECT count (*) FROM records"), ==, records);
  assert_server_has_photos (&f);

  /* Nothing left: a second run only asks the feed. */
  g_assert_cmpint (sync_agent_once (f.config, &again), ==, 0);
  g_assert_cmpint (json_object_get_int_member (again, "pushed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (again, "requests"), ==, 1);

  fixture_tear_down (&f);
}

static void
test_daemon_wakes_for_urgent_report_and_stops_on_sigterm (void)
{
  Fixture f = { 0 };
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  KioskReportInput urgent = { "fallen_tree", "BSH", "BSH-QURUM", NULL, "شجرة ساقطة على الطريق",
                              NULL, NULL };
  gboolean is_urgent = FALSE;
  gint64 deadline;
  const char *set_interval[] = { "--set", "sync.interval=3600", NULL };

  fixture_set_up (&f, 20, 2, 5, 5);
  daemon = sync_agent_spawn (f.config, "daemon", set_interval);

  /* The first run drains what is there. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE state != 'acked'") > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }

  /* The kiosk files a HIGH priority report and wakes the daemon: it must not wait an hour. */
  store = kiosk_store_open (f.kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  kiosk_services_file_report (store, &urgent, &ref, &is_urgent, &error);
  g_assert_no_error (error);
  g_assert_true (is_urgent);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!kiosk_wake_sync (f.kiosk_db))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
  while (!sync_server_has_record (f.server->db, ref.uuid))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }

  /* SIGTERM: a clean stop, exit 0, the wake socket removed. */
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (daemon));
  g_assert_cmpint (g_subprocess_get_exit_status (daemon), ==, 0);
  {
    g_autofree char *wake_path = kiosk_wake_socket_path (f.kiosk_db);
    g_assert_false (g_file_test (wake_path, G_FILE_TEST_EXISTS));
  }

  g_clear_pointer (&store, kiosk_store_close);
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/drain-5000-records-and-500-photos",
                   test_drain_5000_records_and_500_photos);
  g_test_add_func ("/kiosk/sync/e2e/daemon-wakes-for-urgent-report-and-stops-on-sigterm",
                   test_daemon_wakes_for_urgent_report_and_stops_on_sigterm);

  return g_test_run ();
}
