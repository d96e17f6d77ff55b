/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console tests' world (see the header). */
#define G_LOG_DOMAIN "console-fixture"

#include "config.h"

#include "console-fixture.h"

#include "kiosk-photos.h"
#include "kiosk-services.h"
#include "kiosk-simulate.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"

static void
add_staff (const char *db,
           const char *user,
           const char *role,
           const char *password)
{
  const char *args[] = { "add-staff", "--user", user, "--role", role, NULL };
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  g_free (sync_central_run_with_input (db, args, input));
}

/* A pothole in Al Bustan with two photos, as a visitor files it. */
static void
file_report (ConsoleFixture *fixture)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) ref = { 0 };
  const char *hashes[3] = { NULL };
  KioskReportInput input = { 0 };
  gboolean urgent = FALSE;

  store = kiosk_store_open (fixture->kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      GBytes *jpeg = kiosk_simulate_make_jpeg (40 + i, 60 * 1024, &error);
      char *sha256;

      g_assert_no_error (error);
      sha256 = kiosk_photos_write (store, jpeg, &error);
      g_assert_no_error (error);
      g_ptr_array_add (fixture->photo_bytes, jpeg);
      g_ptr_array_add (fixture->photos, sha256);
      hashes[i] = sha256;
    }
  input.category_code = "pothole";
  input.wilayat_code = "MSQ";
  input.area_code = "MSQ-BUSTAN";
  input.landmark = "قرب دوار البستان";
  input.description = "حفرة عميقة في المسار الأيمن <b>خطرة</b> & تتسع";
  input.photo_hashes = hashes;
  input.has_position = TRUE;
  input.latitude = 23.5801;
  input.longitude = 58.6062;
  g_assert_true (kiosk_services_file_report (store, &input, &ref, &urgent, &error));
  g_assert_no_error (error);
  fixture->report_uuid = g_strdup (ref.uuid);
  fixture->reference = g_strdup (ref.reference);
}

ConsoleFixture *
console_fixture_new (void)
{
  ConsoleFixture *fixture = g_new0 (ConsoleFixture, 1);
  g_autofree char *token = NULL;
  const char *load_demo[] = { "load", "--demo", NULL };
  g_autoptr(JsonObject) report = NULL;

  fixture->dir = kiosk_test_make_dir ();
  fixture->kiosk_db = g_build_filename (fixture->dir, "kiosk.db", NULL);
  fixture->server_db = g_build_filename (fixture->dir, "central.db", NULL);
  fixture->photos = g_ptr_array_new_with_free_func (g_free);
  fixture->photo_bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  token = g_build_filename (fixture->dir, "token", NULL);

  sync_kiosk_create (fixture->kiosk_db, CONSOLE_KIOSK, 0, 0, 0, 0, 0, 14);
  file_report (fixture);

  g_free (sync_central_run (fixture->server_db, load_demo));
  add_staff (fixture->server_db, CONSOLE_SUPERVISOR, "supervisor", CONSOLE_SUPERVISOR_PASSWORD);
  add_staff (fixture->server_db, CONSOLE_OFFICER, "officer", CONSOLE_OFFICER_PASSWORD);
  fixture->server = sync_server_start (fixture->server_db, 0, NULL);
  sync_server_add_kiosk (fixture->server_db, CONSOLE_KIOSK, token);
  fixture->config = sync_agent_config (fixture->dir, fixture->kiosk_db, fixture->server->url,
                                       token, NULL);
  g_assert_cmpint (sync_agent_once (fixture->config, &report), ==, 0);
  g_assert_true (sync_server_has_record (fixture->server_db, fixture->report_uuid));
  return fixture;
}

KioskReportStatus *
console_fixture_track (ConsoleFixture *fixture)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  KioskReportStatus *status;

  g_assert_cmpint (sync_agent_once (fixture->config, &report), ==, 0);
  store = kiosk_store_open (fixture->kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  status = kiosk_tracking_find_by_reference (store, fixture->reference, &error);
  g_assert_no_error (error);
  return status;
}

void
console_fixture_free (ConsoleFixture *fixture)
{
  if (fixture == NULL)
    return;
  g_clear_pointer (&fixture->server, sync_server_free);
  kiosk_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kiosk_db);
  g_free (fixture->server_db);
  g_free (fixture->config);
  g_free (fixture->report_uuid);
  g_free (fixture->reference);
  g_ptr_array_unref (fixture->photos);
  g_ptr_array_unref (fixture->photo_bytes);
  g_free (fixture);
}
