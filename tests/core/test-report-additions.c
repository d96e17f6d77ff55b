/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk_services_add_to_report: a visitor's photo and note added to a report already
 * filed (here or at the server), with its rows, receipt and outbox row in one transaction;
 * refusals write nothing. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-services.h"

#include <json-glib/json-glib.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-simulate.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

#define SERVER_REPORT_UUID "3f2b9c1e-7a4d-4e2f-9b61-0c8d5a7e1f20"

static char *
write_photo (KioskStore *store,
             guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = kiosk_simulate_make_jpeg (seed, 6000, &error);
  char *hash;

  g_assert_no_error (error);
  hash = kiosk_photos_write (store, jpeg, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_sha256_is_valid (hash));
  return hash;
}

static char *
file_local_report (KioskStore *store)
{
  KioskReportInput input = {
    .category_code = "pothole",
    .wilayat_code = "MTR",
    .area_code = "MTR-RUWI",
    .description = "حفرة كبيرة في منتصف الطريق",
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_file_report (store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ref.uuid);
}

/* A report the kiosk learnt from the server (as a pull stores it). */
static void
insert_server_report (KioskStore *store)
{
  sqlite3 *db = kiosk_store_get_db (store);
  char *message = NULL;

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO reports (uuid, reference, origin, category_code,"
                                 " priority, wilayat_code, area_code, description, status,"
                                 " created_at) VALUES ('" SERVER_REPORT_UUID "',"
                                 " 'OTHER1-261125-0007', 'server', 'pothole', 'MEDIUM', 'MTR',"
                                 " 'MTR-RUWI', 'x', 'assigned', 1795000000)",
                                 NULL, NULL, &message),
                   ==, SQLITE_OK);
  g_assert_null (message);
}

static JsonObject *
outbox_payload (KioskStore *store,
                const char *uuid)
{
  g_autoptr(GPtrArray) payloads = kiosk_test_query_column (store,
                                                            "SELECT payload FROM outbox"
                                                            " WHERE record_uuid = ?1"
                                                            " AND kind = 'report_addition'"
                                                            " AND state = 'queued'",
                                                            uuid, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (payloads->len, ==, 1);
  node = json_from_string (g_ptr_array_index (payloads, 0), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
test_addition_to_local_report (KioskTestFixture *fixture,
                               gconstpointer     data)
{
  g_autofree char *report_uuid = file_local_report (fixture->store);
  g_autofree char *h1 = write_photo (fixture->store, 21);
  g_autofree char *h2 = write_photo (fixture->store, 22);
  const char *hashes[] = { h1, h2, NULL };
  KioskReportAdditionInput input = {
    .report_uuid = report_uuid,
    .note = "  ما زالت الحفرة أكبر  ",
    .phone = "9212 3456",
    .photo_hashes = hashes,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonArray *photos;

  g_assert_true (kiosk_services_add_to_report (fixture->store, &input, &ref, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_uuid_is_valid (ref.uuid));
  g_assert_true (g_str_has_prefix (ref.reference, "TST01-261130-"));

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM report_additions WHERE uuid = ?1"
                                         " AND report_uuid = ?2 AND reference = ?3"
                                         " AND note = 'ما زالت الحفرة أكبر'"
                                         " AND phone = '+96892123456'",
                                         ref.uuid, report_uuid, ref.reference, NULL),
                   ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *position = g_strdup_printf ("%u", i);

      g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                             "SELECT count (*) FROM report_addition_photos"
                                             " JOIN photos USING (sha256)"
                                             " WHERE addition_uuid = ?1 AND position = ?2"
                                             " AND sha256 = ?3",
                                             ref.uuid, position, hashes[i], NULL),
                       ==, 1);
    }
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM receipts WHERE record_uuid = ?1"
                                         " AND service = 'report_addition' AND reference = ?2"
                                         " AND qr_payload IS NOT NULL",
                                         ref.uuid, ref.reference, NULL),
                   ==, 1);

  payload = outbox_payload (fixture->store, ref.uuid);
  g_assert_cmpstr (json_object_get_string_member (payload, "report_uuid"), ==, report_uuid);
  g_assert_cmpstr (json_object_get_string_member (payload, "reference"), ==, ref.reference);
  photos = json_object_get_array_member (payload, "photos");
  g_assert_cmpuint (json_array_get_length (photos), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (photos, 1),
                                                  "sha256"), ==, h2);

  /* The report itself is untouched: the addition is its own record. */
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "reports"), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM report_photos", NULL), ==, 0);
}

static void
test_addition_to_server_report (KioskTestFixture *fixture,
                                gconstpointer     data)
{
  g_autofree char *h1 = write_photo (fixture->store, 31);
  const char *hashes[] = { h1, NULL };
  KioskReportAdditionInput input = {
    .report_uuid = SERVER_REPORT_UUID,
    .photo_hashes = hashes,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = NULL;

  insert_server_report (fixture->store);
  g_assert_true (kiosk_services_add_to_report (fixture->store, &input, &ref, &error));
  g_assert_no_error (error);

  /* A photo alone is enough; no note, no phone. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM report_additions WHERE uuid = ?1"
                                         " AND note = '' AND phone IS NULL",
                                         ref.uuid, NULL),
                   ==, 1);
  payload = outbox_payload (fixture->store, ref.uuid);
  g_assert_cmpstr (json_object_get_string_member (payload, "report_uuid"), ==,
                   SERVER_REPORT_UUID);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM outbox, json_each (attachments)"
                                         " WHERE record_uuid = ?1 AND json_each.value = ?2",
                                         ref.uuid, h1, NULL),
                   ==, 1);
}

static void
assert_addition_refused (KioskTestFixture               *fixture,
                         const KioskReportAdditionInput *input,
                         KioskError                      code)
{
  g_autofree char *before = kiosk_test_snapshot_tables (fixture->store);
  g_autofree char *after = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_services_add_to_report (fixture->store, input, &ref, &error));
  g_assert_error (error, KIOSK_ERROR, (int) code);
  g_assert_null (ref.uuid);
  g_assert_null (ref.reference);
  g_assert_true (sqlite3_get_autocommit (kiosk_store_get_db (fixture->store)));
  after = kiosk_test_snapshot_tables (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_addition_refusals (KioskTestFixture *fixture,
                        gconstpointer     data)
{
  g_autofree char *report_uuid = file_local_report (fixture->store);
  g_autofree char *h1 = write_photo (fixture->store, 41);
  g_autofree char *unknown_uuid = kiosk_uuid_new ();
  g_autofree char *long_note = g_strnfill (KIOSK_DESCRIPTION_MAX_CHARS + 1, 'a');
  const char *one[] = { h1, NULL };
  const char *four[] = { h1, h1, h1, h1, NULL };
  const char *not_a_hash[] = { "../../etc/passwd", NULL };
  const char *not_stored[] = {
    "0000000000000000000000000000000000000000000000000000000000000000", NULL };
  struct
  {
    KioskReportAdditionInput input;
    KioskError               code;
  } cases[] = {
    { { NULL, "note", NULL, NULL }, KIOSK_ERROR_NOT_FOUND },
    { { "not-a-uuid", "note", NULL, NULL }, KIOSK_ERROR_NOT_FOUND },
    { { unknown_uuid, "note", NULL, one }, KIOSK_ERROR_NOT_FOUND },
    { { report_uuid, NULL, NULL, NULL }, KIOSK_ERROR_EMPTY },
    { { report_uuid, "  \u200f ", NULL, NULL }, KIOSK_ERROR_EMPTY },
    { { report_uuid, long_note, NULL, NULL }, KIOSK_ERROR_TOO_LONG },
    { { report_uuid, "a\001b", NULL, NULL }, KIOSK_ERROR_INVALID_TEXT },
    { { report_uuid, "note", "12345", NULL }, KIOSK_ERROR_INVALID_PHONE },
    { { report_uuid, "note", NULL, four }, KIOSK_ERROR_INVALID_VALUE },
    { { report_uuid, "note", NULL, not_a_hash }, KIOSK_ERROR_PHOTO },
    { { report_uuid, "note", NULL, not_stored }, KIOSK_ERROR_PHOTO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("refusal case %u", i);
      assert_addition_refused (fixture, &cases[i].input, cases[i].code);
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "report_additions"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                     \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up_seeded, func,          \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/services/report-addition/to-a-local-report", test_addition_to_local_report);
  ADD ("/kiosk/services/report-addition/to-a-synced-report", test_addition_to_server_report);
  ADD ("/kiosk/services/report-addition/bad-input-changes-nothing", test_addition_refusals);
#undef ADD

  return g_test_run ();
}
