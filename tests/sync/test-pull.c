/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Applying pages of the changes feed: atomic with the cursor, idempotent, every field checked,
 * resets children first, locally paid fines stay paid, report statuses move forward. */
#define G_LOG_DOMAIN "test-pull"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-pull.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

typedef KioskTestFixture Fixture;

#define FINE(number, plate, amount, status) \
  "{\"dataset\":\"fines\",\"op\":\"upsert\",\"key\":\"" number "\",\"data\":{\"number\":\"" \
  number "\",\"plate\":\"" plate "\",\"issued_at\":1764000000,\"place_ar\":\"روي\"," \
  "\"place_en\":\"Ruwi\",\"violation_ar\":\"وقوف\",\"violation_en\":\"Parking\"," \
  "\"amount_baisa\":" amount ",\"status\":\"" status "\",\"updated_at\":1764000000}}"

static char *
page (gboolean    reset,
      const char *datasets,
      gboolean    has_more,
      const char *cursor,
      const char *changes)
{
  return g_strdup_printf ("{\"reset\":%s,%s%s%s\"next_cursor\":\"%s\",\"has_more\":%s,"
                          "\"changes\":[%s]}",
                          reset ? "true" : "false", datasets ? "\"datasets\":" : "",
                          datasets ? datasets : "", datasets ? "," : "", cursor,
                          has_more ? "true" : "false", changes);
}

static gboolean
apply (Fixture       *f,
       const char    *json,
       KioskPullPage *out,
       GError       **error)
{
  return kiosk_pull_apply_page (f->store, json, -1, out, error);
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *arg)
{
  return kiosk_test_query_int (f->store, sql, arg, NULL);
}

static char *
fine_status (Fixture    *f,
             const char *number)
{
  g_autoptr(GPtrArray) rows = kiosk_test_query_column (f->store,
                                                       "SELECT status FROM fines WHERE number = ?1",
                                                       number, NULL);

  return rows->len == 1 ? g_strdup (g_ptr_array_index (rows, 0)) : NULL;
}

static void
test_page_applies_with_its_cursor (Fixture      *f,
                                   gconstpointer data)
{
  g_autofree char *json = page (FALSE, NULL, TRUE, "e1:2",
                                FINE ("PF-T-1", "123 AB", "5000", "unpaid") ","
                                FINE ("PF-T-2", "٤٥ م", "7000", "unpaid"));
  g_autofree char *cursor = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  KioskPullPage result;

  g_assert_null (kiosk_pull_dup_cursor (f->store));
  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.reset);
  g_assert_true (result.has_more);
  g_assert_cmpuint (result.applied, ==, 2);

  cursor = kiosk_pull_dup_cursor (f->store);
  g_assert_cmpstr (cursor, ==, "e1:2");
  status = fine_status (f, "PF-T-1");
  g_assert_cmpstr (status, ==, "unpaid");
  /* Plates are stored in the canonical form the kiosk searches by. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM fines WHERE number = 'PF-T-2' AND plate = ?1",
                          "45 M"), ==, 1);
  g_assert_cmpint (count (f, "SELECT amount_baisa FROM fines WHERE number = ?1", "PF-T-2"), ==,
                   7000);
}

static void
test_reapplied_page_changes_nothing (Fixture      *f,
                                     gconstpointer data)
{
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:9",
                                FINE ("PF-T-1", "123 AB", "5000", "unpaid") ","
                                "{\"dataset\":\"fines\",\"op\":\"delete\",\"key\":\"PF-T-0\"}");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (apply (f, json, NULL, &error));
  g_assert_no_error (error);
  before = kiosk_test_snapshot_tables (f->store);
  g_assert_true (apply (f, json, NULL, &error));
  g_assert_no_error (error);
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
}

/* Each of these pages breaks one rule; none may change anything. */
static const struct
{
  const char *name;
  const char *json;
  const char *message;  /* a part of the error message */
} bad_pages[] = {
  { "not JSON", "{\"reset\":false,", "not JSON" },
  { "not an object", "[1,2]", "not a JSON object" },
  { "no cursor", "{\"reset\":false,\"has_more\":false,\"changes\":[]}", "next_cursor" },
  { "cursor with a space", "{\"reset\":false,\"next_cursor\":\"a b\",\"has_more\":false,"
    "\"changes\":[]}", "next_cursor" },
  { "has_more a string", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":\"no\","
    "\"changes\":[]}", "has_more" },
  { "unknown dataset", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":"
    "[{\"dataset\":\"users\",\"op\":\"upsert\",\"key\":\"1\",\"data\":{}}]}", "dataset" },
  { "unknown reset dataset", "{\"reset\":true,\"datasets\":[\"sqlite_master\"],"
    "\"next_cursor\":\"c\",\"has_more\":false,\"changes\":[]}", "datasets[0]" },
  { "unknown op", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":"
    "[{\"dataset\":\"fines\",\"op\":\"drop\",\"key\":\"PF-T-1\"}]}", "op" },
  { "negative money", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":["
    FINE ("PF-T-9", "123 AB", "-5", "unpaid") "]}", "amount_baisa" },
  { "money as a float", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":["
    FINE ("PF-T-9", "123 AB", "5.5", "unpaid") "]}", "amount_baisa" },
  { "money as a string", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[" FINE ("PF-T-9", "123 AB", "\"5000\"", "unpaid") "]}", "amount_baisa" },
  { "not a plate", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":["
    FINE ("PF-T-9", "DROP TABLE", "5000", "unpaid") "]}", "plate" },
  { "unknown status", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":["
    FINE ("PF-T-9", "123 AB", "5000", "forgiven") "]}", "status" },
  { "key not the row", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":"
    "[{\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"XXX\",\"data\":{\"code\":\"MSQ\","
    "\"name_ar\":\"مسقط\",\"name_en\":\"Muscat\"}}]}", "key" },
  { "missing required field", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"NEW\",\"data\":{"
    "\"code\":\"NEW\",\"name_ar\":\"جديد\"}}]}", "name_en is missing" },
  { "control character in a name", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"NEW\",\"data\":{"
    "\"code\":\"NEW\",\"name_ar\":\"a\\u0007b\",\"name_en\":\"x\"}}]}", "name_ar" },
  { "escaped NUL", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":[{"
    "\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"NEW\",\"data\":{\"code\":\"NEW\","
    "\"name_ar\":\"a\\u0000b\",\"name_en\":\"x\"}}]}", "NUL" },
  { "code with a quote", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,\"changes\":"
    "[{\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"N'1\",\"data\":{\"code\":\"N'1\","
    "\"name_ar\":\"a\",\"name_en\":\"x\"}}]}", "code" },
  { "a date that does not exist", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"vehicle_permits\",\"op\":\"upsert\",\"key\":\"VP-1\",\"data\":{"
    "\"number\":\"VP-1\",\"plate\":\"1 A\",\"zone_code\":\"PZ-RUWI\",\"holder_name_ar\":\"a\","
    "\"holder_name_en\":\"b\",\"expires_on\":\"2026-02-30\",\"status\":\"active\","
    "\"updated_at\":1}}]}", "expires_on" },
  { "a short signing key", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"signing_keys\",\"op\":\"upsert\",\"key\":\"k1\",\"data\":{"
    "\"key_id\":\"k1\",\"owner\":\"server\",\"public_key\":\"AAAA\"}}]}", "public_key" },
  { "an upsert without data", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"fines\",\"op\":\"upsert\",\"key\":\"PF-T-1\"}]}", "data" },
  { "a fee key with too few parts", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"fees\",\"op\":\"delete\",\"key\":\"lease_form|x\"}]}", "key" },
  { "a child without its parent", "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
    "\"changes\":[{\"dataset\":\"areas\",\"op\":\"upsert\",\"key\":\"ZZ-1\",\"data\":{"
    "\"code\":\"ZZ-1\",\"wilayat_code\":\"ZZZ\",\"name_ar\":\"a\",\"name_en\":\"b\"}}]}",
    "pointing at a missing" },
};

static void
test_bad_page_changes_nothing (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *good = page (FALSE, NULL, TRUE, "before",
                                FINE ("PF-T-1", "123 AB", "5000", "unpaid"));
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (apply (f, good, NULL, &error));
  g_assert_no_error (error);
  before = kiosk_test_snapshot_tables (f->store);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_pages); i++)
    {
      g_autofree char *after = NULL;
      /* A good change first, so a page applied halfway would show. */
      g_autofree char *json = NULL;
      const char *changes = strstr (bad_pages[i].json, "\"changes\":[");

      if (changes != NULL && changes[11] != ']')
        {
          g_autoptr(GString) with_good = g_string_new (bad_pages[i].json);

          g_string_insert (with_good, changes - bad_pages[i].json + 11,
                           FINE ("PF-T-1", "123 AB", "9999", "paid") ",");
          json = g_string_free (g_steal_pointer (&with_good), FALSE);
        }
      else
        json = g_strdup (bad_pages[i].json);

      g_test_message ("%s", bad_pages[i].name);
      g_assert_false (apply (f, json, NULL, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL);
      if (strstr (error->message, bad_pages[i].message) == NULL)
        g_error ("%s: \"%s\" does not mention \"%s\"", bad_pages[i].name, error->message,
                 bad_pages[i].message);
      g_clear_error (&error);

      after = kiosk_test_snapshot_tables (f->store);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_embedded_nul_is_refused (Fixture      *f,
                              gconstpointer data)
{
  static const char json[] = "{\"reset\":false,\"next_cursor\":\"c\",\"has_more\":false,"
                             "\"changes\":[]}\0trailing";
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_pull_apply_page (f->store, json, sizeof json - 1, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL);
  g_assert_null (kiosk_pull_dup_cursor (f->store));
}

static void
test_reset_clears_listed_datasets_children_first (Fixture      *f,
                                                   gconstpointer data)
{
  /* The demo seed has areas and parking zones pointing at wilayats: clearing wilayats first
   * would break them. The page brings one wilayat and one area back. */
  g_autofree char *json = page (TRUE, "[\"wilayats\",\"areas\",\"parking_zones\"]", TRUE, "e2:1",
                                "{\"dataset\":\"areas\",\"op\":\"upsert\",\"key\":\"MSQ-A\","
                                "\"data\":{\"code\":\"MSQ-A\",\"wilayat_code\":\"MSQ\","
                                "\"name_ar\":\"أ\",\"name_en\":\"A\",\"sort_order\":1}},"
                                "{\"dataset\":\"wilayats\",\"op\":\"upsert\",\"key\":\"MSQ\","
                                "\"data\":{\"code\":\"MSQ\",\"name_ar\":\"مسقط\","
                                "\"name_en\":\"Muscat\",\"sort_order\":1,\"extra\":\"ignored\"}}");
  gint64 fines_before = kiosk_test_count_rows (f->store, "fines");
  g_autoptr(GError) error = NULL;
  KioskPullPage result;

  g_assert_cmpint (kiosk_test_count_rows (f->store, "wilayats"), >, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "parking_zones"), >, 0);

  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.reset);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "wilayats"), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "areas"), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "parking_zones"), ==, 0);
  /* What the page did not list is left alone. */
  g_assert_cmpint (kiosk_test_count_rows (f->store, "fines"), ==, fines_before);
}

static void
test_reset_without_parent_is_refused (Fixture      *f,
                                      gconstpointer data)
{
  /* Clearing wilayats while parking zones still point at them must not commit. */
  g_autofree char *json = page (TRUE, "[\"wilayats\"]", TRUE, "e2:1", "");
  g_autofree char *before = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (apply (f, json, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL);
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_delete_and_composite_keys (Fixture      *f,
                                gconstpointer data)
{
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:5",
                                "{\"dataset\":\"fees\",\"op\":\"upsert\","
                                "\"key\":\"lease_form|standard|0\",\"data\":{\"service\":"
                                "\"lease_form\",\"variant\":\"standard\",\"period_months\":0,"
                                "\"name_ar\":\"استمارة\",\"name_en\":\"Form\","
                                "\"amount_baisa\":1500}},"
                                "{\"dataset\":\"fines\",\"op\":\"delete\","
                                "\"key\":\"PF2025-000042\"}");
  g_autofree char *json2 = page (FALSE, NULL, FALSE, "e1:6",
                                 "{\"dataset\":\"fees\",\"op\":\"delete\","
                                 "\"key\":\"lease_form|standard|0\"}");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count (f, "SELECT count (*) FROM fines WHERE number = ?1", "PF2025-000042"),
                   ==, 1);
  g_assert_true (apply (f, json, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM fines WHERE number = ?1", "PF2025-000042"),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT amount_baisa + late_penalty_baisa FROM fees"
                             " WHERE service = 'lease_form' AND variant = ?1 AND"
                             " period_months = 0", "standard"), ==, 1500);

  g_assert_true (apply (f, json2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM fees WHERE service = 'lease_form' AND"
                             " variant = ?1 AND period_months = 0", "standard"), ==, 0);
}

static void
test_text_is_cleaned (Fixture      *f,
                      gconstpointer data)
{
  /* A right-to-left override could make a name read as something else on screen. */
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:7",
                                "{\"dataset\":\"category_groups\",\"op\":\"upsert\","
                                "\"key\":\"parks\",\"data\":{\"code\":\"parks\",\"name_ar\":"
                                "\"  حدائق\\u202e  \",\"name_en\":\"Parks\\u202d\","
                                "\"sort_order\":7}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_assert_true (apply (f, json, NULL, &error));
  g_assert_no_error (error);
  names = kiosk_test_query_column (f->store, "SELECT name_ar || '|' || name_en FROM"
                                             " category_groups WHERE code = ?1", "parks", NULL);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "حدائق|Parks");
}

static void
test_signing_key_is_stored_as_bytes (Fixture      *f,
                                     gconstpointer data)
{
  /* 32 bytes 0x00..0x1f in base64. */
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:8",
                                "{\"dataset\":\"signing_keys\",\"op\":\"upsert\",\"key\":\"srv-1\","
                                "\"data\":{\"key_id\":\"srv-1\",\"owner\":\"server\",\"public_key\":"
                                "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
                                "\"valid_from\":0,\"valid_until\":null}}");
  g_autoptr(GError) error = NULL;

  g_assert_true (apply (f, json, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT length (public_key) FROM signing_keys WHERE key_id = ?1",
                          "srv-1"), ==, 32);
  g_assert_cmpint (count (f, "SELECT hex (public_key) = '000102030405060708090A0B0C0D0E0F10111213"
                             "1415161718191A1B1C1D1E1F' FROM signing_keys WHERE key_id = ?1",
                          "srv-1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT valid_until IS NULL FROM signing_keys WHERE key_id = ?1",
                          "srv-1"), ==, 1);
}

static void
test_locally_paid_fine_stays_paid (Fixture      *f,
                                   gconstpointer data)
{
  const char *numbers[] = { "PF2025-004223", NULL };
  KioskPaymentAuth auth = { KIOSK_PAYMENT_APPROVED_OFFLINE, "OFF123", "4242" };
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:10",
                                FINE ("PF2025-004223", "2336 MH", "5000", "unpaid") ","
                                FINE ("PF2025-000147", "6 MH", "5000", "unpaid"));
  g_autofree char *json_cancel = page (FALSE, NULL, FALSE, "e1:11",
                                       FINE ("PF2025-004223", "2336 MH", "5000", "cancelled"));
  g_autofree char *status = NULL;
  KioskPullPage result;

  /* Paid offline: the payment waits in the outbox, the server has not heard of it. */
  g_assert_true (kiosk_services_pay_fines (f->store, "2336 MH", numbers, &auth, &payment,
                                           &error));
  g_assert_no_error (error);

  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.kept_paid, ==, 1);
  status = fine_status (f, "PF2025-004223");
  g_assert_cmpstr (status, ==, "paid");
  g_clear_pointer (&status, g_free);
  status = fine_status (f, "PF2025-000147");
  g_assert_cmpstr (status, ==, "unpaid");
  g_clear_pointer (&status, g_free);

  /* Once the payment is voided here, the feed's word stands again. */
  g_assert_true (kiosk_store_exec (f->store, "UPDATE fine_payments SET voided = 1", &error));
  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.kept_paid, ==, 0);
  status = fine_status (f, "PF2025-004223");
  g_assert_cmpstr (status, ==, "unpaid");
  g_clear_pointer (&status, g_free);

  /* A cancellation is applied whatever was paid. */
  g_assert_true (kiosk_store_exec (f->store, "UPDATE fine_payments SET voided = 0", &error));
  g_assert_true (apply (f, json_cancel, &result, &error));
  g_assert_no_error (error);
  status = fine_status (f, "PF2025-004223");
  g_assert_cmpstr (status, ==, "cancelled");
}

static char *
file_report (Fixture *f)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskReportInput input = { "pothole", "MTR", "MTR-RUWI", NULL, "حفرة كبيرة", NULL, NULL };

  g_assert_true (kiosk_services_file_report (f->store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ref.uuid);
}

static char *
status_change (const char *uuid,
               const char *status,
               gint64      at)
{
  return g_strdup_printf ("{\"dataset\":\"report_status\",\"op\":\"upsert\",\"key\":\"%s\","
                          "\"data\":{\"uuid\":\"%s\",\"status\":\"%s\",\"at\":%" G_GINT64_FORMAT
                          ",\"note_ar\":\"تم\",\"note_en\":\"Done\"}}", uuid, uuid, status, at);
}

static void
test_report_status_moves_forward (Fixture      *f,
                                  gconstpointer data)
{
  g_autofree char *uuid = file_report (f);
  g_autofree char *unknown = g_strdup ("0b5a2f9e-2c1d-4c8e-9a57-6f1d2b3c4d5e");
  g_autofree char *c1 = status_change (uuid, "in_progress", f->now + 100);
  g_autofree char *c2 = status_change (uuid, "resolved", f->now + 200);
  g_autofree char *c_unknown = status_change (unknown, "resolved", f->now + 200);
  g_autofree char *changes = g_strjoin (",", c2, c1, c_unknown, NULL);
  g_autofree char *json = page (FALSE, NULL, FALSE, "e1:12", changes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) status = NULL;
  KioskPullPage result;

  /* The newer status arrives first; the older one must not take its place. */
  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.applied, ==, 2);
  g_assert_cmpuint (result.skipped, ==, 1);

  status = kiosk_test_query_column (f->store, "SELECT status || '@' || status_updated_at FROM"
                                              " reports WHERE uuid = ?1", uuid, NULL);
  g_assert_cmpuint (status->len, ==, 1);
  {
    g_autofree char *expected = g_strdup_printf ("resolved@%" G_GINT64_FORMAT, f->now + 200);
    g_assert_cmpstr (g_ptr_array_index (status, 0), ==, expected);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM report_status_history WHERE report_uuid = ?1",
                          uuid), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reports WHERE uuid = ?1", unknown), ==, 0);

  /* Replayed, nothing new. */
  g_assert_true (apply (f, json, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM report_status_history WHERE report_uuid = ?1",
                          uuid), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kiosk_test_fixture_set_up_seeded, func, \
              kiosk_test_fixture_tear_down)

  ADD ("/kiosk/sync/pull/page-applies-with-its-cursor", test_page_applies_with_its_cursor);
  ADD ("/kiosk/sync/pull/reapplied-page-changes-nothing", test_reapplied_page_changes_nothing);
  ADD ("/kiosk/sync/pull/bad-page-changes-nothing", test_bad_page_changes_nothing);
  ADD ("/kiosk/sync/pull/embedded-nul-is-refused", test_embedded_nul_is_refused);
  ADD ("/kiosk/sync/pull/reset-clears-listed-datasets-children-first",
       test_reset_clears_listed_datasets_children_first);
  ADD ("/kiosk/sync/pull/reset-without-parent-is-refused", test_reset_without_parent_is_refused);
  ADD ("/kiosk/sync/pull/delete-and-composite-keys", test_delete_and_composite_keys);
  ADD ("/kiosk/sync/pull/text-is-cleaned", test_text_is_cleaned);
  ADD ("/kiosk/sync/pull/signing-key-is-stored-as-bytes", test_signing_key_is_stored_as_bytes);
  ADD ("/kiosk/sync/pull/locally-paid-fine-stays-paid", test_locally_paid_fine_stays_paid);
  ADD ("/kiosk/sync/pull/report-status-moves-forward", test_report_status_moves_forward);

  return g_test_run ();
}
