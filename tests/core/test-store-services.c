/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-services: rows, receipt and one outbox row per record; refusals write nothing. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-services.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-simulate.h"
#include "kiosk-store-private.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "kiosk-validate.h"

/* What a card terminal and the cash counter hand to the services. */
static const KioskPaymentAuth card_online = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1B2C3", "4242" };
static const KioskPaymentAuth card_offline = { KIOSK_PAYMENT_APPROVED_OFFLINE, "OFF001", "0007" };
static const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };

/* Stands for a location a phone camera writes into EXIF: it must never reach the store. */
#define GPS_SECRET "GPS 23.5880N 58.3829E kiosk-test-secret"

/* Fixture: the demo seed in a fresh store, "now" pinned to 2026-11-30 10:00 in Muscat. ---- */

typedef struct
{
  char       *dir;
  KioskStore *store;
  gint64      now;
  char       *today;  /* YYYY-MM-DD in Muscat */
  char       *day;    /* YYMMDD, as in references */
} Fixture;

static void
fixture_set_clock (Fixture *fixture,
                   gint64   now)
{
  g_autoptr(GDateTime) local = NULL;

  fixture->now = now;
  local = kiosk_store_now_local (fixture->store);
  g_free (fixture->today);
  g_free (fixture->day);
  fixture->today = g_date_time_format (local, "%Y-%m-%d");
  fixture->day = g_date_time_format (local, "%y%m%d");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = kiosk_test_make_dir ();
  fixture->store = kiosk_test_store_new (fixture->dir, TRUE);
  kiosk_test_store_pin_clock (fixture->store, &fixture->now);
  fixture_set_clock (fixture, kiosk_test_muscat_time (2026, 11, 30, 10, 0, 0));
  g_assert_cmpstr (fixture->today, ==, "2026-11-30");
  g_assert_cmpstr (fixture->day, ==, "261130");
}

/* Whatever a test did, every domain row has its outbox row and the file is sound. */
static void
assert_store_consistent (Fixture *fixture)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) integrity = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_outbox_check (fixture->store, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("outbox check: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_true (kiosk_store_check_integrity (fixture->store, &integrity, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < integrity->len; i++)
    g_test_message ("integrity: %s", (const char *) g_ptr_array_index (integrity, i));
  g_assert_cmpuint (integrity->len, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_store_consistent (fixture);
  g_clear_pointer (&fixture->store, kiosk_store_close);
  kiosk_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->today, g_free);
  g_clear_pointer (&fixture->day, g_free);
}

/* Read-only looks at the rows, with prepared statements. Parameters are strings bound to
 * ?1, ?2, ... and the list ends with NULL. --------------------------------------------- */

static GHashTable *fetch_row (Fixture    *fixture,
                              const char *sql,
                              ...) G_GNUC_NULL_TERMINATED;

/* The single row `sql` returns, column name → text (NULL for SQL NULL). */
static GHashTable *
fetch_row (Fixture    *fixture,
           const char *sql,
           ...)
{
  GHashTable *row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, sql);
  stmt = kiosk_test_prepare_va (fixture->store, sql, args);
  va_end (args);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no row for \"%s\"", sql);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, i);

      g_hash_table_insert (row, g_strdup (sqlite3_column_name (stmt, i)), g_strdup (text));
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return row;
}

static const char *
row_str (GHashTable *row,
         const char *column)
{
  if (!g_hash_table_contains (row, column))
    g_error ("no column %s", column);
  return g_hash_table_lookup (row, column);
}

static gint64
row_int (GHashTable *row,
         const char *column)
{
  const char *text = row_str (row, column);
  gint64 value;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL));
  return value;
}

/* The names in the photo folder, sorted; the folder must be there. */
static GPtrArray *
photo_files (Fixture *fixture)
{
  const char *photo_dir = kiosk_store_get_photo_dir (fixture->store);

  g_assert_true (g_file_test (photo_dir, G_FILE_TEST_IS_DIR));
  return kiosk_test_list_dir (photo_dir);
}

/* Every table of the file (see kiosk_test_snapshot_tables) and the files in the photo folder:
 * equal snapshots mean nothing was written anywhere. */
static char *
db_snapshot (Fixture *fixture)
{
  g_autofree char *tables = kiosk_test_snapshot_tables (fixture->store);
  g_autoptr(GPtrArray) photos = photo_files (fixture);
  GString *out = g_string_new (tables);

  for (guint i = 0; i < photos->len; i++)
    g_string_append_printf (out, "photo %s\n", (const char *) g_ptr_array_index (photos, i));
  return g_string_free (out, FALSE);
}

/* Runs `call`, which must fail with `code`, leave its out reference empty and change nothing
 * in the store. The call passes `&refused` as its out reference and `&refusal` as error. */
#define assert_refused(fixture, code, call)                                                  \
  G_STMT_START                                                                               \
  {                                                                                          \
    g_autofree char *before_ = db_snapshot (fixture);                                        \
    g_autofree char *after_ = NULL;                                                          \
    g_autoptr(GError) refusal = NULL;                                                        \
    g_auto(KioskRecordRef) refused = { NULL, NULL };                                         \
    gboolean ok_;                                                                            \
                                                                                             \
    ok_ = (call);                                                                            \
    if (refusal != NULL)                                                                     \
      g_test_message ("refused as expected: %s", refusal->message);                          \
    g_assert_error (refusal, KIOSK_ERROR, (int) (code));                                    \
    g_assert_false (ok_);                                                                    \
    g_assert_null (refused.uuid);                                                            \
    g_assert_null (refused.reference);                                                       \
    g_assert_true (sqlite3_get_autocommit (kiosk_store_get_db ((fixture)->store)));          \
    after_ = db_snapshot (fixture);                                                          \
    g_assert_cmpstr (after_, ==, before_);                                                   \
  }                                                                                          \
  G_STMT_END

/* Each service through assert_refused (), with the arguments a test chose. */

static void
assert_report_refused (Fixture                *fixture,
                       KioskError              code,
                       const KioskReportInput *input)
{
  assert_refused (fixture, code,
                  kiosk_services_file_report (fixture->store, input, &refused, NULL, &refusal));
}

static void
assert_feedback_refused (Fixture           *fixture,
                         KioskError         code,
                         KioskFeedbackKind  kind,
                         const char        *text,
                         const char        *phone)
{
  assert_refused (fixture, code,
                  kiosk_services_submit_feedback (fixture->store, kind, text, phone, &refused,
                                                  &refusal));
}

static void
assert_fines_refused (Fixture                *fixture,
                      KioskError              code,
                      const char             *plate,
                      const char * const     *fine_numbers,
                      const KioskPaymentAuth *auth)
{
  assert_refused (fixture, code,
                  kiosk_services_pay_fines (fixture->store, plate, fine_numbers, auth, &refused,
                                            &refusal));
}

static void
assert_licence_refused (Fixture                *fixture,
                        KioskError              code,
                        const char             *licence_number,
                        int                     period_months,
                        const KioskPaymentAuth *auth)
{
  assert_refused (fixture, code,
                  kiosk_services_renew_licence (fixture->store, licence_number, period_months,
                                                auth, &refused, &refusal));
}

static void
assert_parking_permit_refused (Fixture                *fixture,
                               KioskError              code,
                               const char             *plate,
                               const char             *zone_code,
                               int                     period_months,
                               const char             *phone,
                               const KioskPaymentAuth *auth)
{
  assert_refused (fixture, code,
                  kiosk_services_request_parking_permit (fixture->store, plate, zone_code,
                                                         period_months, phone, auth, &refused,
                                                         &refusal));
}

static void
assert_vehicle_permit_refused (Fixture                *fixture,
                               KioskError              code,
                               const char             *permit_number,
                               int                     period_months,
                               const KioskPaymentAuth *auth)
{
  assert_refused (fixture, code,
                  kiosk_services_renew_vehicle_permit (fixture->store, permit_number,
                                                       period_months, auth, &refused, &refusal));
}

/* Shared checks ------------------------------------------------------------------------- */

/* `reference` is this kiosk's `sequence`-th reference of the fixture's day. */
static void
check_reference (Fixture    *fixture,
                 const char *reference,
                 int         sequence)
{
  g_autofree char *expected = g_strdup_printf ("TST01-%s-%04d", fixture->day, sequence);

  g_assert_true (kiosk_reference_is_valid (reference));
  g_assert_cmpstr (reference, ==, expected);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Exactly one outbox row carries `uuid`: of `kind` and `priority`, queued now, with a JSON
 * payload naming the record. Returns the payload. */
static JsonObject *
check_outbox (Fixture             *fixture,
              const char          *uuid,
              const char          *kind,
              KioskOutboxPriority  priority)
{
  g_autoptr(GHashTable) row = NULL;
  JsonObject *payload;

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1",
                                         uuid, NULL),
                   ==, 1);
  row = fetch_row (fixture, "SELECT * FROM outbox WHERE record_uuid = ?1", uuid, NULL);
  g_assert_cmpstr (row_str (row, "kind"), ==, kind);
  g_assert_cmpint (row_int (row, "priority"), ==, priority);
  g_assert_cmpstr (row_str (row, "state"), ==, "queued");
  g_assert_cmpint (row_int (row, "attempts"), ==, 0);
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);
  g_assert_cmpint (row_int (row, "payload_bytes"), ==, strlen (row_str (row, "payload")));

  payload = parse_object (row_str (row, "payload"));
  g_assert_cmpstr (json_object_get_string_member (payload, "uuid"), ==, uuid);
  return payload;
}

/* The attachments the outbox row of `uuid` lists, as a NULL-terminated array. */
static GStrv
outbox_attachments (Fixture    *fixture,
                    const char *uuid)
{
  g_autoptr(GHashTable) row = fetch_row (fixture,
                                         "SELECT attachments FROM outbox WHERE record_uuid = ?1",
                                         uuid, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (row_str (row, "attachments"), &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

/* Exactly one receipt for `record_uuid`. */
static void
check_receipt (Fixture    *fixture,
               const char *record_uuid,
               const char *service,
               const char *reference,
               const char *payment_uuid,
               KioskBaisa  amount)
{
  g_autoptr(GHashTable) row = NULL;

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM receipts WHERE record_uuid = ?1",
                                         record_uuid, NULL),
                   ==, 1);
  row = fetch_row (fixture, "SELECT * FROM receipts WHERE record_uuid = ?1", record_uuid, NULL);
  g_assert_true (kiosk_uuid_is_valid (row_str (row, "uuid")));
  g_assert_cmpstr (row_str (row, "uuid"), !=, record_uuid);
  g_assert_cmpstr (row_str (row, "service"), ==, service);
  g_assert_cmpstr (row_str (row, "reference"), ==, reference);
  g_assert_cmpstr (row_str (row, "payment_uuid"), ==, payment_uuid);
  g_assert_cmpint (row_int (row, "amount_baisa"), ==, amount);
  g_assert_cmpint (row_int (row, "print_count"), ==, 0);
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);
}

/* The payment row, and its own outbox row at the head of the queue. */
static void
check_payment (Fixture                *fixture,
               const KioskRecordRef   *payment,
               const char             *purpose,
               KioskBaisa              amount,
               const KioskPaymentAuth *auth)
{
  static const char * const statuses[] = { "approved_online", "approved_offline",
                                           "awaiting_counter" };
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_assert_true (kiosk_uuid_is_valid (payment->uuid));
  row = fetch_row (fixture, "SELECT * FROM payments WHERE uuid = ?1", payment->uuid, NULL);
  g_assert_cmpstr (row_str (row, "reference"), ==, payment->reference);
  g_assert_cmpstr (row_str (row, "purpose"), ==, purpose);
  g_assert_cmpstr (row_str (row, "method"), ==,
                   auth->status == KIOSK_PAYMENT_AWAITING_COUNTER ? "counter" : "card");
  g_assert_cmpstr (row_str (row, "status"), ==, statuses[auth->status]);
  g_assert_cmpint (row_int (row, "amount_baisa"), ==, amount);
  g_assert_cmpstr (row_str (row, "auth_code"), ==, auth->auth_code);
  g_assert_cmpstr (row_str (row, "card_last4"), ==, auth->card_last4);
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);
  g_assert_null (row_str (row, "forwarded_at"));

  payload = check_outbox (fixture, payment->uuid, KIOSK_KIND_PAYMENT,
                          KIOSK_OUTBOX_PRIORITY_PAYMENT);
  g_assert_cmpint (json_object_get_int_member (payload, "amount_baisa"), ==, amount);
  g_assert_cmpstr (json_object_get_string_member (payload, "purpose"), ==, purpose);
}

static KioskBaisa
fee_amount (Fixture    *fixture,
            const char *service,
            const char *variant,
            int         period_months)
{
  g_autofree char *period = g_strdup_printf ("%d", period_months);

  return kiosk_test_query_int (fixture->store,
                               "SELECT amount_baisa FROM fees WHERE service = ?1 AND variant = ?2"
                               " AND period_months = ?3",
                               service, variant, period, NULL);
}

/* What one year of `service` in `variant` costs: the fee, the penalty per started month late
 * and its cap. */
typedef struct
{
  KioskBaisa fee;
  KioskBaisa per_month;
  KioskBaisa cap;
} YearFees;

static YearFees
year_fees (Fixture    *fixture,
           const char *service,
           const char *variant)
{
  g_autoptr(GHashTable) row = fetch_row (fixture,
                                         "SELECT * FROM fees WHERE service = ?1 AND variant = ?2"
                                         " AND period_months = 12",
                                         service, variant, NULL);
  YearFees fees = {
    row_int (row, "amount_baisa"),
    row_int (row, "late_penalty_baisa"),
    row_int (row, "late_penalty_cap_baisa"),
  };

  return fees;
}

static GDate *
date_from_iso (const char *iso)
{
  int y, m, d;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  return g_date_new_dmy (d, m, y);
}

/* `iso` plus `months` calendar months, from that date itself (31 Oct + 12 = 31 Oct). */
static char *
add_months (const char *iso,
            int         months)
{
  g_autoptr(GDate) date = date_from_iso (iso);

  g_date_add_months (date, (guint) months);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Months of lateness started since `expiry` as of `today`: the smallest n with
 * expiry + n months >= today, each sum taken from the expiry date itself. */
static int
started_months (const char *expiry,
                const char *today)
{
  g_autoptr(GDate) now = date_from_iso (today);
  int n = 0;

  for (;;)
    {
      g_autofree char *shifted = add_months (expiry, n);
      g_autoptr(GDate) step = date_from_iso (shifted);

      if (g_date_compare (step, now) >= 0)
        return n;
      n++;
    }
}

/* `n` copies of `unit`: a text `n` characters long when `unit` is one character. */
static char *
repeat_text (const char *unit,
             guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* Photos -------------------------------------------------------------------------------- */

static GBytes *
make_jpeg (guint32 seed)
{
  g_autoptr(GError) error = NULL;
  GBytes *jpeg = kiosk_simulate_make_jpeg (seed, 6000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jpeg);
  return jpeg;
}

/* Whether the JPEG header (before Start Of Scan) holds a segment with `marker`. Written here
 * rather than borrowed from kiosk-photos.c, so the test does not trust what it tests. */
static gboolean
jpeg_has_segment (GBytes *jpeg,
                  guint8  marker)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  gsize pos = 2;

  g_assert_cmpuint (size, >, 4);
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xD8);
  while (pos + 4 <= size && data[pos] == 0xFF && data[pos + 1] != 0xDA)
    {
      if (data[pos + 1] == marker)
        return TRUE;
      pos += 2 + (((gsize) data[pos + 2] << 8) | data[pos + 3]);
    }
  return FALSE;
}

static gboolean
bytes_contain (GBytes     *haystack,
               const char *needle)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (haystack, &size);
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

static void
append_segment (GByteArray   *out,
                guint8        marker,
                const guint8 *body,
                gsize         length)
{
  guint8 header[4] = { 0xFF, marker, (guint8) ((length + 2) >> 8), (guint8) (length + 2) };

  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, body, (guint) length);
}

/* `jpeg` with an EXIF APP1 segment (a TIFF header and a location) and a comment inserted
 * right after SOI, where cameras put them. */
static GBytes *
add_metadata (GBytes *jpeg)
{
  static const guint8 exif[] = "Exif\0\0MM\0*\0\0\0\x08" GPS_SECRET;
  static const char comment[] = "Owner: kiosk-test-secret";
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, data, 2);
  append_segment (out, 0xE1, exif, sizeof exif - 1);
  append_segment (out, 0xFE, (const guint8 *) comment, strlen (comment));
  g_byte_array_append (out, data + 2, (guint) (size - 2));
  return g_byte_array_free_to_bytes (out);
}

static char *
write_photo (Fixture *fixture,
             GBytes  *jpeg)
{
  g_autoptr(GError) error = NULL;
  char *hash = kiosk_photos_write (fixture->store, jpeg, &error);

  g_assert_no_error (error);
  g_assert_true (kiosk_sha256_is_valid (hash));
  return hash;
}

static guint
count_photo_files (Fixture *fixture)
{
  g_autoptr(GPtrArray) photos = photo_files (fixture);

  return photos->len;
}

static void
test_photos_stored_by_hash_without_exif (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GBytes) original = make_jpeg (1);
  g_autoptr(GBytes) tagged = add_metadata (original);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, original);
  g_autofree char *stored_hash = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *again = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *photo_parent = NULL;
  char *contents = NULL;
  gsize length = 0;

  /* The camera's JPEG has none of the segments the kiosk drops; ours adds two. */
  g_assert_false (jpeg_has_segment (original, 0xE1));
  g_assert_false (jpeg_has_segment (original, 0xFE));
  g_assert_true (jpeg_has_segment (tagged, 0xE1));
  g_assert_true (jpeg_has_segment (tagged, 0xFE));
  g_assert_true (bytes_contain (tagged, GPS_SECRET));
  g_assert_cmpuint (g_bytes_get_size (tagged), >, g_bytes_get_size (original));

  hash = write_photo (fixture, tagged);

  /* Named by the SHA-256 of the bytes kept, in the folder beside the database. */
  g_assert_cmpstr (hash, ==, expected_hash);
  file_name = g_strconcat (hash, ".jpg", NULL);
  expected_path = g_build_filename (kiosk_store_get_photo_dir (fixture->store), file_name, NULL);
  path = kiosk_photos_path (fixture->store, hash);
  g_assert_cmpstr (path, ==, expected_path);
  photo_parent = g_path_get_dirname (kiosk_store_get_photo_dir (fixture->store));
  g_assert_cmpstr (photo_parent, ==, fixture->dir);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  stored = g_bytes_new_take (contents, length);
  stored_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stored);
  g_assert_cmpstr (stored_hash, ==, hash);

  /* EXIF and the comment are gone, the picture is intact. */
  g_assert_false (jpeg_has_segment (stored, 0xE1));
  g_assert_false (jpeg_has_segment (stored, 0xFE));
  g_assert_false (bytes_contain (stored, "Exif"));
  g_assert_false (bytes_contain (stored, GPS_SECRET));
  g_assert_false (bytes_contain (stored, "kiosk-test-secret"));
  g_assert_true (g_bytes_equal (stored, original));

  /* Writing is idempotent and no row names a photo until a report does. */
  again = write_photo (fixture, tagged);
  g_assert_cmpstr (again, ==, hash);
  g_assert_cmpuint (count_photo_files (fixture), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "photos"), ==, 0);

  read_back = kiosk_photos_read (fixture->store, hash, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, original));
}

static void
test_photos_refuses_non_jpeg (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *big_hash = NULL;
  guint8 *huge;
  g_autoptr(GBytes) big = NULL;

  hash = kiosk_photos_write (fixture->store, png, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_assert_null (hash);
  g_clear_error (&error);

  /* Over the size limit, even if it starts like a JPEG. */
  huge = g_malloc0 (KIOSK_PHOTO_MAX_BYTES + 1);
  huge[0] = 0xFF;
  huge[1] = 0xD8;
  big = g_bytes_new_take (huge, KIOSK_PHOTO_MAX_BYTES + 1);
  big_hash = kiosk_photos_write (fixture->store, big, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_assert_null (big_hash);

  g_assert_cmpuint (count_photo_files (fixture), ==, 0);
}

static void
test_photos_sweep_keeps_named (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GBytes) named_jpeg = make_jpeg (21);
  g_autoptr(GBytes) orphan_jpeg = make_jpeg (22);
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *named = write_photo (fixture, named_jpeg);
  g_autofree char *orphan = write_photo (fixture, orphan_jpeg);
  g_autofree char *named_path = kiosk_photos_path (fixture->store, named);
  g_autofree char *orphan_path = kiosk_photos_path (fixture->store, orphan);
  g_autofree char *partial_path = g_strconcat (named_path, ".Q7XK2B", NULL);
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  const char *hashes[] = { named, NULL };
  KioskReportInput input = {
    "pothole", "MTR", "MTR-RUWI", NULL, "حفرة عميقة", NULL, hashes,
  };
  gint64 removed;

  g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, NULL, &error));
  g_assert_no_error (error);

  /* A photo of an abandoned flow, and the temporary file of a write a power cut interrupted. */
  g_assert_true (g_file_set_contents (partial_path, "half a jpeg", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_photo_files (fixture), ==, 3);

  g_test_expect_message ("kiosk-photos", G_LOG_LEVEL_MESSAGE, "removed 2 photo files*");
  removed = kiosk_photos_sweep (fixture->store, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (removed, ==, 2);

  g_assert_true (g_file_test (named_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (orphan_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_photo_files (fixture), ==, 1);
  read_back = kiosk_photos_read (fixture->store, named, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, named_jpeg));

  /* Nothing left to sweep. */
  removed = kiosk_photos_sweep (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (removed, ==, 0);
}

/* Reports ------------------------------------------------------------------------------- */

static void
test_report_with_photos (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) jpeg1 = make_jpeg (11);
  g_autoptr(GBytes) jpeg2 = make_jpeg (12);
  g_autoptr(GBytes) jpeg3_plain = make_jpeg (13);
  g_autoptr(GBytes) jpeg3 = add_metadata (jpeg3_plain);
  g_autofree char *h1 = write_photo (fixture, jpeg1);
  g_autofree char *h2 = write_photo (fixture, jpeg2);
  g_autofree char *h3 = write_photo (fixture, jpeg3);
  const char *hashes[] = { h1, h2, h3, NULL };
  KioskReportInput input = {
    .category_code = "pothole",
    .wilayat_code = "MTR",
    .area_code = "MTR-RUWI",
    .landmark = "  قرب دوار روي  ",
    .description = "حفرة كبيرة في منتصف الطريق",
    .phone = "9212 3456",
    .photo_hashes = hashes,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_auto(GStrv) attachments = NULL;
  JsonArray *photos;
  gboolean urgent = TRUE;

  g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, &urgent, &error));
  g_assert_no_error (error);
  g_assert_false (urgent);
  g_assert_true (kiosk_uuid_is_valid (ref.uuid));
  check_reference (fixture, ref.reference, 1);

  row = fetch_row (fixture, "SELECT * FROM reports WHERE uuid = ?1", ref.uuid, NULL);
  g_assert_cmpstr (row_str (row, "reference"), ==, ref.reference);
  g_assert_cmpstr (row_str (row, "origin"), ==, "local");
  g_assert_cmpstr (row_str (row, "category_code"), ==, "pothole");
  g_assert_cmpstr (row_str (row, "priority"), ==, "MEDIUM");
  g_assert_cmpstr (row_str (row, "wilayat_code"), ==, "MTR");
  g_assert_cmpstr (row_str (row, "area_code"), ==, "MTR-RUWI");
  g_assert_cmpstr (row_str (row, "landmark"), ==, "قرب دوار روي");
  g_assert_cmpstr (row_str (row, "description"), ==, "حفرة كبيرة في منتصف الطريق");
  g_assert_cmpstr (row_str (row, "phone"), ==, "+96892123456");
  g_assert_cmpstr (row_str (row, "status"), ==, "received");
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);

  /* The photos, in the order taken, each named once in `photos` with its file's size. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM report_photos"
                                         " WHERE report_uuid = ?1", ref.uuid, NULL),
                   ==, 3);
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_autofree char *position = g_strdup_printf ("%u", i);
      g_autofree char *path = kiosk_photos_path (fixture->store, hashes[i]);
      g_autoptr(GHashTable) photo = NULL;
      GStatBuf st;

      g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                             "SELECT count (*) FROM report_photos"
                                             " WHERE report_uuid = ?1"
                                             " AND position = ?2 AND sha256 = ?3",
                                             ref.uuid, position, hashes[i], NULL),
                       ==, 1);
      photo = fetch_row (fixture, "SELECT * FROM photos WHERE sha256 = ?1", hashes[i], NULL);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (row_int (photo, "bytes"), ==, st.st_size);
      g_assert_cmpstr (row_str (photo, "mime_type"), ==, "image/jpeg");
      g_assert_cmpint (row_int (photo, "created_at"), ==, fixture->now);
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "photos"), ==, 3);

  check_receipt (fixture, ref.uuid, "report", ref.reference, NULL, 0);

  payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_REPORT, KIOSK_OUTBOX_PRIORITY_NORMAL);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (payload, "reference"), ==, ref.reference);
  g_assert_cmpstr (json_object_get_string_member (payload, "category_code"), ==, "pothole");
  g_assert_cmpstr (json_object_get_string_member (payload, "phone"), ==, "+96892123456");
  photos = json_object_get_array_member (payload, "photos");
  g_assert_nonnull (photos);
  g_assert_cmpuint (json_array_get_length (photos), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *photo = json_array_get_object_element (photos, i);

      g_assert_cmpint (json_object_get_int_member (photo, "position"), ==, i);
      g_assert_cmpstr (json_object_get_string_member (photo, "sha256"), ==, hashes[i]);
    }

  /* The agent uploads these before the batch that names them. */
  attachments = outbox_attachments (fixture, ref.uuid);
  g_assert_cmpstrv (attachments, hashes);
}

static void
test_report_high_is_urgent (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = make_jpeg (31);
  g_autofree char *hash = write_photo (fixture, jpeg);
  const char *hashes[] = { hash, NULL };
  KioskReportInput input = {
    "open_manhole", "BSH", "BSH-KHUWAIR", "", "غطاء المنهل مفتوح أمام المدرسة", NULL, hashes,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_auto(GStrv) attachments = NULL;
  gboolean urgent = FALSE;

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT priority = 'HIGH' FROM report_categories"
                                         " WHERE code = 'open_manhole'",
                                         NULL),
                   ==, 1);
  g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, &urgent, &error));
  g_assert_no_error (error);
  g_assert_true (urgent);

  row = fetch_row (fixture, "SELECT * FROM reports WHERE uuid = ?1", ref.uuid, NULL);
  g_assert_cmpstr (row_str (row, "priority"), ==, "HIGH");
  g_assert_cmpstr (row_str (row, "landmark"), ==, "");
  g_assert_null (row_str (row, "phone"));

  check_receipt (fixture, ref.uuid, "report", ref.reference, NULL, 0);
  payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_REPORT, KIOSK_OUTBOX_PRIORITY_URGENT);
  g_assert_cmpstr (json_object_get_string_member (payload, "priority"), ==, "HIGH");
  attachments = outbox_attachments (fixture, ref.uuid);
  g_assert_cmpstrv (attachments, hashes);
}

/* Every active category: HIGH ones, and only those, are urgent. */
static void
test_report_every_category (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) codes = kiosk_test_query_column (fixture->store,
                                                        "SELECT code FROM report_categories"
                                                        " WHERE active = 1 ORDER BY code",
                                                        NULL);
  guint n_high = 0;

  g_assert_cmpuint (codes->len, >, 10);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      g_autoptr(GHashTable) category = fetch_row (fixture,
                                                  "SELECT priority FROM report_categories"
                                                  " WHERE code = ?1",
                                                  code, NULL);
      gboolean high = g_str_equal (row_str (category, "priority"), "HIGH");
      KioskReportInput input = { code, "SEB", "SEB-MAWALEH", NULL, "وصف الملاحظة", NULL, NULL };
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) payload = NULL;
      g_auto(GStrv) attachments = NULL;
      gboolean urgent = !high;

      g_test_message ("category %s (%s)", code, row_str (category, "priority"));
      g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, &urgent, &error));
      g_assert_no_error (error);
      g_assert_cmpint (urgent, ==, high);
      check_reference (fixture, ref.reference, (int) i + 1);
      g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                             "SELECT count (*) FROM reports WHERE uuid = ?1"
                                             " AND category_code = ?2 AND priority = ?3",
                                             ref.uuid, code, row_str (category, "priority"), NULL),
                       ==, 1);
      check_receipt (fixture, ref.uuid, "report", ref.reference, NULL, 0);
      payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_REPORT,
                              high ? KIOSK_OUTBOX_PRIORITY_URGENT : KIOSK_OUTBOX_PRIORITY_NORMAL);
      attachments = outbox_attachments (fixture, ref.uuid);
      g_assert_cmpuint (g_strv_length (attachments), ==, 0);
      if (high)
        n_high++;
    }
  g_assert_cmpuint (n_high, >=, 4);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, codes->len);
}

static void
test_report_refusals (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) jpeg1 = make_jpeg (41);
  g_autoptr(GBytes) jpeg2 = make_jpeg (42);
  g_autoptr(GBytes) jpeg3 = make_jpeg (43);
  g_autoptr(GBytes) jpeg4 = make_jpeg (44);
  g_autofree char *h1 = write_photo (fixture, jpeg1);
  g_autofree char *h2 = write_photo (fixture, jpeg2);
  g_autofree char *h3 = write_photo (fixture, jpeg3);
  g_autofree char *h4 = write_photo (fixture, jpeg4);
  g_autofree char *never_written = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                  "never written", -1);
  g_autofree char *long_description = repeat_text ("ح", KIOSK_DESCRIPTION_MAX_CHARS + 1);
  g_autofree char *long_landmark = g_strnfill (KIOSK_LANDMARK_MAX_CHARS + 1, 'x');
  g_autofree char *upper = g_ascii_strup (h1, -1);
  const char *four[] = { h1, h2, h3, h4, NULL };
  const char *missing[] = { never_written, NULL };
  const char *one_missing[] = { h1, never_written, NULL };
  const char *not_a_hash[] = { "not-a-photo-name", NULL };
  const char *upper_hash[] = { upper, NULL };
  const KioskReportInput good = {
    "pothole", "MTR", "MTR-RUWI", "قرب الدوار", "حفرة في الطريق", "92123456", NULL,
  };
  /* A good report with one text field changed. */
#define BAD(field, value, code) { #field, G_STRUCT_OFFSET (KioskReportInput, field), value, code }
  const struct
  {
    const char *field;
    glong       offset;
    const char *value;
    KioskError  code;
  } bad_fields[] = {
    BAD (category_code, NULL, KIOSK_ERROR_EMPTY),
    BAD (category_code, "no_such_category", KIOSK_ERROR_INVALID_VALUE),
    BAD (wilayat_code, "MSQ", KIOSK_ERROR_INVALID_VALUE),  /* an area of another wilayat */
    BAD (area_code, "MTR-NOWHERE", KIOSK_ERROR_INVALID_VALUE),
    BAD (wilayat_code, NULL, KIOSK_ERROR_INVALID_VALUE),
    BAD (area_code, NULL, KIOSK_ERROR_INVALID_VALUE),
    BAD (description, "", KIOSK_ERROR_EMPTY),
    BAD (description, " \n\t \u200F ", KIOSK_ERROR_EMPTY),
    BAD (description, NULL, KIOSK_ERROR_EMPTY),
    BAD (description, long_description, KIOSK_ERROR_TOO_LONG),
    BAD (description, "حفرة\x01", KIOSK_ERROR_INVALID_TEXT),
    BAD (landmark, long_landmark, KIOSK_ERROR_TOO_LONG),
    BAD (phone, "24123456", KIOSK_ERROR_INVALID_PHONE),  /* a landline cannot get the SMS updates */
    BAD (phone, "+971 50 123 4567", KIOSK_ERROR_INVALID_PHONE),
  };
#undef BAD
  /* Photos: at most three, each one already stored under a proper name. */
  const struct
  {
    const char * const *hashes;
    KioskError          code;
  } bad_photos[] = {
    { four, KIOSK_ERROR_INVALID_VALUE },
    { missing, KIOSK_ERROR_PHOTO },
    { one_missing, KIOSK_ERROR_PHOTO },
    { not_a_hash, KIOSK_ERROR_PHOTO },
    { upper_hash, KIOSK_ERROR_PHOTO },
  };
  KioskReportInput input;

  for (guint i = 0; i < G_N_ELEMENTS (bad_fields); i++)
    {
      input = good;
      G_STRUCT_MEMBER (const char *, &input, bad_fields[i].offset) = bad_fields[i].value;
      g_test_message ("report with bad %s", bad_fields[i].field);
      assert_report_refused (fixture, bad_fields[i].code, &input);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_photos); i++)
    {
      input = good;
      input.photo_hashes = bad_photos[i].hashes;
      g_test_message ("report with bad photos %u", i);
      assert_report_refused (fixture, bad_photos[i].code, &input);
    }

  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "reports"), ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "photos"), ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "reference_counters"), ==, 0);

  /* The refusals took no reference numbers: the first report filed is still number 1. */
  {
    g_auto(KioskRecordRef) ref = { NULL, NULL };
    g_autoptr(GError) error = NULL;
    const char *three[] = { h1, h2, h3, NULL };

    input = good;
    input.photo_hashes = three;
    g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, NULL, &error));
    g_assert_no_error (error);
    check_reference (fixture, ref.reference, 1);
  }
}

/* Feedback ------------------------------------------------------------------------------ */

static void
test_feedback_each_kind (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct
  {
    KioskFeedbackKind  kind;
    const char        *name;
    const char        *text;
    const char        *phone;
    const char        *stored_phone;
  } cases[] = {
    { KIOSK_FEEDBACK_SUGGESTION, "suggestion", "أقترح زيادة المظلات في الحديقة", "9212 3456",
      "+96892123456" },
    { KIOSK_FEEDBACK_COMPLAINT, "complaint", "The bins on Way 2710 were not emptied this week.",
      "\u0669\u0661\u0662\u0663\u0664\u0665\u0666\u0667", "+96891234567" },
    { KIOSK_FEEDBACK_INQUIRY, "inquiry", "متى يفتح مكتب البلدية يوم السبت؟", NULL, NULL },
    { KIOSK_FEEDBACK_COMPLAINT, "complaint", "  Blank phone means none.  ", "   ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) row = NULL;
      g_autoptr(JsonObject) payload = NULL;
      g_autofree char *body = g_strstrip (g_strdup (cases[i].text));

      g_assert_true (kiosk_services_submit_feedback (fixture->store, cases[i].kind,
                                                     cases[i].text, cases[i].phone, &ref,
                                                     &error));
      g_assert_no_error (error);
      g_assert_true (kiosk_uuid_is_valid (ref.uuid));
      check_reference (fixture, ref.reference, (int) i + 1);

      row = fetch_row (fixture, "SELECT * FROM feedback WHERE uuid = ?1", ref.uuid, NULL);
      g_assert_cmpstr (row_str (row, "reference"), ==, ref.reference);
      g_assert_cmpstr (row_str (row, "kind"), ==, cases[i].name);
      g_assert_cmpstr (row_str (row, "body"), ==, body);
      g_assert_cmpstr (row_str (row, "phone"), ==, cases[i].stored_phone);
      g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);

      check_receipt (fixture, ref.uuid, "feedback", ref.reference, NULL, 0);
      payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_FEEDBACK,
                              KIOSK_OUTBOX_PRIORITY_NORMAL);
      g_assert_cmpstr (json_object_get_string_member (payload, "kind"), ==, cases[i].name);
      g_assert_cmpstr (json_object_get_string_member (payload, "body"), ==, body);
      g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, i + 1);
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "feedback"), ==, G_N_ELEMENTS (cases));
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "payments"), ==, 0);
}

static gboolean
has_bidi_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
          (c >= 0x2066 && c <= 0x2069))
        return TRUE;
    }
  return FALSE;
}

static void
test_feedback_strips_bidi (Fixture       *fixture,
                           gconstpointer  data)
{
  /* RLO can make "refund 100" display as something else ("Trojan source"). */
  static const char text[] = "\u202Bشارع\u202C \u2067مظلم\u2069 ليلاً\u200F"
                             " \u202Erefund 100\u202C \u061Cok\u200E";
  static const char expected[] = "شارع مظلم ليلاً refund 100 ok";
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_assert_true (has_bidi_control (text));
  g_assert_true (kiosk_services_submit_feedback (fixture->store, KIOSK_FEEDBACK_COMPLAINT, text,
                                                 NULL, &ref, &error));
  g_assert_no_error (error);

  row = fetch_row (fixture, "SELECT body FROM feedback WHERE uuid = ?1", ref.uuid, NULL);
  g_assert_false (has_bidi_control (row_str (row, "body")));
  g_assert_cmpstr (row_str (row, "body"), ==, expected);

  /* What the server receives is the cleaned text too. */
  payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_FEEDBACK, KIOSK_OUTBOX_PRIORITY_NORMAL);
  g_assert_cmpstr (json_object_get_string_member (payload, "body"), ==, expected);
  check_receipt (fixture, ref.uuid, "feedback", ref.reference, NULL, 0);
}

static void
test_feedback_limit_counts_characters (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;
  g_autofree char *longest = repeat_text ("ع", KIOSK_FEEDBACK_MAX_CHARS);

  /* 2000 Arabic letters are 4000 bytes and still fit. */
  g_assert_cmpuint (strlen (longest), ==, 2 * KIOSK_FEEDBACK_MAX_CHARS);

  g_assert_true (kiosk_services_submit_feedback (fixture->store, KIOSK_FEEDBACK_SUGGESTION,
                                                 longest, NULL, &ref, &error));
  g_assert_no_error (error);
  row = fetch_row (fixture, "SELECT length (body) AS chars FROM feedback WHERE uuid = ?1",
                   ref.uuid, NULL);
  g_assert_cmpint (row_int (row, "chars"), ==, KIOSK_FEEDBACK_MAX_CHARS);
  json_object_unref (check_outbox (fixture, ref.uuid, KIOSK_KIND_FEEDBACK,
                                   KIOSK_OUTBOX_PRIORITY_NORMAL));
}

static void
test_feedback_refusals (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *too_long = repeat_text ("ع", KIOSK_FEEDBACK_MAX_CHARS + 1);

  assert_feedback_refused (fixture, KIOSK_ERROR_EMPTY, KIOSK_FEEDBACK_COMPLAINT, "", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_EMPTY, KIOSK_FEEDBACK_COMPLAINT, NULL, NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_EMPTY, KIOSK_FEEDBACK_COMPLAINT, " \n\n\t ", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_EMPTY,
                           KIOSK_FEEDBACK_COMPLAINT, "\u202E\u202C\u200F", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_TOO_LONG, KIOSK_FEEDBACK_COMPLAINT, too_long, NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_TEXT,
                           KIOSK_FEEDBACK_COMPLAINT, "bell\x07", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_TEXT,
                           KIOSK_FEEDBACK_COMPLAINT, "bad \xff bytes", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_PHONE,
                           KIOSK_FEEDBACK_COMPLAINT, "Dark street", "12345");
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_PHONE,
                           KIOSK_FEEDBACK_COMPLAINT, "Dark street", "92 12 34 5x");
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_VALUE,
                           (KioskFeedbackKind) 7, "Dark street", NULL);
  assert_feedback_refused (fixture, KIOSK_ERROR_INVALID_VALUE,
                           (KioskFeedbackKind) -1, "Dark street", NULL);
}

static void
test_feedback_invisible_optional_phone (Fixture       *fixture,
                                        gconstpointer  data)
{
  /* An Arabic keyboard can leave a lone RLM (or a no-break space) in an empty field. The
   * phone is optional and the mark is invisible, so the visitor left it empty. */
  static const char * const invisible[] = { "\u200F", "\u00A0", " \u200E " };

  for (guint i = 0; i < G_N_ELEMENTS (invisible); i++)
    {
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) row = NULL;
      gboolean ok;

      ok = kiosk_services_submit_feedback (fixture->store, KIOSK_FEEDBACK_INQUIRY,
                                           "When is the office open?", invisible[i], &ref,
                                           &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      row = fetch_row (fixture, "SELECT phone FROM feedback WHERE uuid = ?1", ref.uuid, NULL);
      g_assert_null (row_str (row, "phone"));
    }
}

/* Parking fines ------------------------------------------------------------------------- */

static GPtrArray *
unpaid_fine_numbers (Fixture    *fixture,
                     const char *plate)
{
  return kiosk_test_query_column (fixture->store,
                                  "SELECT number FROM fines WHERE plate = ?1 AND status = 'unpaid'"
                                  " ORDER BY issued_at, number",
                                  plate, NULL);
}

static void
test_fines_list_unpaid (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = unpaid_fine_numbers (fixture, "2336 MH");
  g_autoptr(GPtrArray) fines = kiosk_services_list_unpaid_fines (fixture->store, "2336 MH", 0,
                                                                 &error);
  g_autoptr(GPtrArray) arabic = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 7);
  g_assert_cmpuint (fines->len, ==, expected->len);
  for (guint i = 0; i < fines->len; i++)
    {
      const KioskFine *fine = g_ptr_array_index (fines, i);
      g_autoptr(GHashTable) row = fetch_row (fixture, "SELECT * FROM fines WHERE number = ?1",
                                             fine->number, NULL);

      g_assert_cmpstr (fine->number, ==, g_ptr_array_index (expected, i));
      g_assert_cmpstr (fine->plate, ==, "2336 MH");
      g_assert_cmpint (fine->amount, ==, row_int (row, "amount_baisa"));
      g_assert_cmpint (fine->issued_at, ==, row_int (row, "issued_at"));
      g_assert_cmpstr (fine->place_en, ==, row_str (row, "place_en"));
      g_assert_cmpstr (fine->violation_ar, ==, row_str (row, "violation_ar"));
    }

  /* The plate as typed in Arabic, with a tatweel, finds the same fines. */
  arabic = kiosk_services_list_unpaid_fines (fixture->store,
                                             "\u0662\u0663\u0663\u0666 \u0645 \u0647\u0640", 0,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arabic->len, ==, expected->len);

  limited = kiosk_services_list_unpaid_fines (fixture->store, "2336 MH", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->len, ==, 3);

  /* A vehicle with no fines. */
  none = kiosk_services_list_unpaid_fines (fixture->store, "8019 LN", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_fines_pay_two (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) unpaid = unpaid_fine_numbers (fixture, "2336 MH");
  const char *two[3] = { NULL, NULL, NULL };
  const char *paid_and_unpaid[3] = { NULL, NULL, NULL };
  const char *paid_again[2] = { NULL, NULL };
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) remaining = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonArray *fines;
  KioskBaisa total;

  g_assert_cmpuint (unpaid->len, >=, 3);
  two[0] = g_ptr_array_index (unpaid, 0);
  two[1] = g_ptr_array_index (unpaid, 1);
  /* The amount is whatever the store says the fines cost. */
  total = kiosk_test_query_int (fixture->store,
                                "SELECT sum (amount_baisa) FROM fines WHERE number IN (?1, ?2)",
                                two[0], two[1], NULL);
  g_assert_cmpint (total, >, 0);

  g_assert_true (kiosk_services_pay_fines (fixture->store, "2336 MH", two, &card_online,
                                           &payment, &error));
  g_assert_no_error (error);
  check_reference (fixture, payment.reference, 1);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GHashTable) fine = fetch_row (fixture, "SELECT * FROM fines WHERE number = ?1",
                                              two[i], NULL);
      g_autoptr(GHashTable) link = fetch_row (fixture,
                                              "SELECT * FROM fine_payments"
                                              " WHERE payment_uuid = ?1 AND fine_number = ?2",
                                              payment.uuid, two[i], NULL);

      g_assert_cmpstr (row_str (fine, "status"), ==, "paid");
      g_assert_cmpint (row_int (fine, "updated_at"), ==, fixture->now);
      g_assert_cmpstr (row_str (link, "plate"), ==, "2336 MH");
      g_assert_cmpint (row_int (link, "amount_baisa"), ==, row_int (fine, "amount_baisa"));
      g_assert_cmpint (row_int (link, "voided"), ==, 0);
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "fine_payments"), ==, 2);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "payments"), ==, 1);

  check_payment (fixture, &payment, "fines", total, &card_online);
  check_receipt (fixture, payment.uuid, "fines", payment.reference, payment.uuid, total);

  /* One outbox row: the payment, carrying the fines it settles. */
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 1);
  payload = check_outbox (fixture, payment.uuid, KIOSK_KIND_PAYMENT,
                          KIOSK_OUTBOX_PRIORITY_PAYMENT);
  fines = json_object_get_array_member (payload, "fines");
  g_assert_nonnull (fines);
  g_assert_cmpuint (json_array_get_length (fines), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *fine = json_array_get_object_element (fines, i);
      const char *number = json_object_get_string_member (fine, "fine_number");

      g_assert_true (g_strcmp0 (number, two[0]) == 0 || g_strcmp0 (number, two[1]) == 0);
      g_assert_cmpstr (json_object_get_string_member (fine, "plate"), ==, "2336 MH");
    }

  remaining = kiosk_services_list_unpaid_fines (fixture->store, "2336 MH", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (remaining->len, ==, unpaid->len - 2);

  /* Paying one of them again, alone or with an unpaid one: refused, nothing taken. */
  paid_again[0] = two[1];
  assert_fines_refused (fixture, KIOSK_ERROR_ALREADY_PAID, "2336 MH", paid_again, &card_online);
  paid_and_unpaid[0] = g_ptr_array_index (unpaid, 2);
  paid_and_unpaid[1] = two[0];
  assert_fines_refused (fixture, KIOSK_ERROR_ALREADY_PAID,
                        "2336 MH", paid_and_unpaid, &card_online);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT status = 'unpaid' FROM fines WHERE number = ?1",
                                         paid_and_unpaid[0], NULL),
                   ==, 1);
}

static void
test_fines_arabic_plate (Fixture       *fixture,
                         gconstpointer  data)
{
  /* "٢٣٣٦ م ه" and "٢٣٣٦ مـ هـ" (with tatweel) are 2336 MH: check the table in
   * kiosk-validate.c maps م to M and ه to H. */
  static const char * const typed[] = {
    "\u0662\u0663\u0663\u0666 \u0645 \u0647",
    "\u0662\u0663\u0663\u0666 \u0645\u0640 \u0647\u0640",
    "mh-2336",
  };
  g_autoptr(GPtrArray) unpaid = unpaid_fine_numbers (fixture, "2336 MH");

  g_assert_cmpuint (unpaid->len, >=, G_N_ELEMENTS (typed));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = kiosk_validate_plate (typed[i], &error);
      g_auto(KioskRecordRef) payment = { NULL, NULL };
      const char *one[] = { g_ptr_array_index (unpaid, i), NULL };
      KioskBaisa amount = kiosk_test_query_int (fixture->store,
                                                "SELECT amount_baisa FROM fines WHERE number = ?1",
                                                one[0], NULL);
      const KioskPaymentAuth *auth = i == 0 ? &counter : &card_offline;

      g_assert_no_error (error);
      g_assert_cmpstr (canonical, ==, "2336 MH");

      g_assert_true (kiosk_services_pay_fines (fixture->store, typed[i], one, auth, &payment,
                                               &error));
      g_assert_no_error (error);
      check_reference (fixture, payment.reference, (int) i + 1);
      g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                             "SELECT count (*) FROM fine_payments"
                                             " WHERE payment_uuid = ?1 AND fine_number = ?2"
                                             " AND plate = '2336 MH'",
                                             payment.uuid, one[0], NULL),
                       ==, 1);
      /* A voucher for the counter pays nothing until the attendant confirms the cash. */
      g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                             "SELECT status = 'paid' FROM fines WHERE number = ?1",
                                             one[0], NULL),
                       ==, auth == &counter ? 0 : 1);
      check_payment (fixture, &payment, "fines", amount, auth);
      check_receipt (fixture, payment.uuid, "fines", payment.reference, payment.uuid, amount);
    }
}

static void
test_fines_refusals (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) unpaid = unpaid_fine_numbers (fixture, "2336 MH");
  g_autoptr(GPtrArray) others = unpaid_fine_numbers (fixture, "9415 H");
  g_autofree char *paid_in_seed = NULL;
  const char *mine[] = { g_ptr_array_index (unpaid, 0), NULL };
  const char *twice[] = { g_ptr_array_index (unpaid, 0), g_ptr_array_index (unpaid, 0), NULL };
  const char *not_mine[] = { NULL, NULL };
  const char *mixed[] = { g_ptr_array_index (unpaid, 0), NULL, NULL };
  const char *unknown[] = { "PF2099-999999", NULL };
  const char *paid[] = { NULL, NULL };
  const char *empty[] = { NULL };
  const KioskPaymentAuth letters = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "12a4" };
  const KioskPaymentAuth three = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "123" };
  const KioskPaymentAuth five = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "12345" };
  const KioskPaymentAuth bad_status = { (KioskPaymentStatus) 9, "A1", "1234" };

  g_assert_cmpuint (others->len, >, 0);
  not_mine[0] = g_ptr_array_index (others, 0);
  mixed[1] = not_mine[0];
  {
    g_autoptr(GPtrArray) seed_paid = NULL;

    seed_paid = kiosk_test_query_column (fixture->store,
                                         "SELECT number FROM fines WHERE plate = ?1"
                                         " AND status = 'paid' ORDER BY number",
                                         "2336 MH", NULL);
    g_assert_cmpuint (seed_paid->len, >, 0);
    paid_in_seed = g_strdup (g_ptr_array_index (seed_paid, 0));
    paid[0] = paid_in_seed;
  }

  assert_fines_refused (fixture, KIOSK_ERROR_EMPTY, "", mine, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_EMPTY, NULL, mine, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_PLATE, "ABC", mine, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_PLATE, "123456 MH", mine, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_PLATE, "2336 \u0635", mine, &card_online);

  /* Card digits: four ASCII digits or nothing. */
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "2336 MH", mine, &letters);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "2336 MH", mine, &three);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "2336 MH", mine, &five);
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "2336 MH", mine, NULL);
  /* An unknown status is a driver bug: it is logged as critical, and refused. */
  g_test_expect_message ("kiosk-services", G_LOG_LEVEL_CRITICAL, "*");
  assert_fines_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "2336 MH", mine, &bad_status);
  g_test_assert_expected_messages ();

  assert_fines_refused (fixture, KIOSK_ERROR_EMPTY, "2336 MH", empty, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_EMPTY, "2336 MH", NULL, &card_online);

  /* Another vehicle's fine, alone or with one of ours; a fine that does not exist. */
  assert_fines_refused (fixture, KIOSK_ERROR_NOT_FOUND, "2336 MH", not_mine, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_NOT_FOUND, "2336 MH", mixed, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_NOT_FOUND, "2336 MH", unknown, &card_online);

  /* Paid before the kiosk saw it, or listed twice in one payment. */
  assert_fines_refused (fixture, KIOSK_ERROR_ALREADY_PAID, "2336 MH", paid, &card_online);
  assert_fines_refused (fixture, KIOSK_ERROR_ALREADY_PAID, "2336 MH", twice, &card_online);

  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "payments"), ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 0);
}

static void
test_fines_cancelled_not_payable (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GHashTable) fine = fetch_row (fixture,
                                          "SELECT number, plate FROM fines"
                                          " WHERE status = 'cancelled' ORDER BY number LIMIT 1",
                                          NULL);
  const char *numbers[] = { row_str (fine, "number"), NULL };
  g_autofree char *before = db_snapshot (fixture);
  g_autofree char *after = NULL;
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  /* Not owed, and not "already paid" either: no money is taken. */
  g_assert_false (kiosk_services_pay_fines (fixture->store, row_str (fine, "plate"), numbers,
                                            &card_online, &payment, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT);
  g_test_message ("cancelled fine: %s", error->message);
  g_assert_null (payment.uuid);
  after = db_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* Licence renewals ---------------------------------------------------------------------- */

static void
check_renewal (Fixture                *fixture,
               const KioskRecordRef   *renewal,
               const char             *licence_number,
               const char             *kind,
               int                     period_months,
               KioskBaisa              fee,
               KioskBaisa              penalty,
               const char             *new_expiry,
               const KioskPaymentAuth *auth)
{
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(GHashTable) licence = NULL;
  g_autoptr(GHashTable) pay = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *purpose = g_strconcat (kind, "_licence", NULL);
  KioskRecordRef payment;

  row = fetch_row (fixture, "SELECT * FROM licence_renewals WHERE uuid = ?1", renewal->uuid,
                   NULL);
  g_assert_cmpstr (row_str (row, "reference"), ==, renewal->reference);
  g_assert_cmpstr (row_str (row, "licence_number"), ==, licence_number);
  g_assert_cmpstr (row_str (row, "kind"), ==, kind);
  g_assert_cmpint (row_int (row, "period_months"), ==, period_months);
  g_assert_cmpint (row_int (row, "fee_baisa"), ==, fee);
  g_assert_cmpint (row_int (row, "penalty_baisa"), ==, penalty);
  g_assert_cmpstr (row_str (row, "new_expiry"), ==, new_expiry);
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);

  /* The local copy of a paid licence shows the new expiry at once; a voucher for the
   * counter renews nothing until the cash is confirmed (test-counter-payments). */
  licence = fetch_row (fixture, "SELECT * FROM licences WHERE number = ?1", licence_number,
                       NULL);
  if (auth->status == KIOSK_PAYMENT_AWAITING_COUNTER)
    g_assert_cmpstr (row_str (licence, "expires_on"), <, new_expiry);
  else
    {
      g_assert_cmpstr (row_str (licence, "expires_on"), ==, new_expiry);
      g_assert_cmpint (row_int (licence, "updated_at"), ==, fixture->now);
    }

  pay = fetch_row (fixture, "SELECT uuid, reference FROM payments WHERE uuid = ?1",
                   row_str (row, "payment_uuid"), NULL);
  payment.uuid = (char *) row_str (pay, "uuid");
  payment.reference = (char *) row_str (pay, "reference");
  check_payment (fixture, &payment, purpose, fee + penalty, auth);
  check_receipt (fixture, renewal->uuid, purpose, renewal->reference, payment.uuid,
                 fee + penalty);

  payload = check_outbox (fixture, renewal->uuid, KIOSK_KIND_LICENCE_RENEWAL,
                          KIOSK_OUTBOX_PRIORITY_NORMAL);
  g_assert_cmpstr (json_object_get_string_member (payload, "new_expiry"), ==, new_expiry);
  g_assert_cmpstr (json_object_get_string_member (payload, "payment_uuid"), ==,
                   row_str (row, "payment_uuid"));
}

static void
test_licence_renew_current_extends_from_expiry (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autoptr(GHashTable) licence = fetch_row (fixture, "SELECT * FROM licences"
                                             " WHERE number = '6582676'", NULL);
  g_auto(KioskQuote) quote = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_expiry = NULL;
  KioskBaisa fee;

  /* A commercial vehicle, plate 8019 LN, no fines, valid until 2027-10-31. */
  g_assert_cmpstr (row_str (licence, "plate"), ==, "8019 LN");
  g_assert_cmpstr (row_str (licence, "expires_on"), ==, "2027-10-31");
  g_assert_cmpstr (row_str (licence, "status"), ==, "active");
  fee = fee_amount (fixture, "vehicle_licence", row_str (licence, "fee_variant"), 12);
  expected_expiry = add_months (row_str (licence, "expires_on"), 12);
  g_assert_cmpstr (expected_expiry, ==, "2028-10-31");

  g_assert_true (kiosk_services_quote_licence (fixture->store, "6582676", 12, &quote, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quote.fee, ==, fee);
  g_assert_cmpint (quote.penalty, ==, 0);
  g_assert_cmpint (quote.months_late, ==, 0);
  g_assert_cmpstr (quote.new_expiry, ==, expected_expiry);
  /* Quoting writes nothing. */
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 0);

  g_assert_true (kiosk_services_renew_licence (fixture->store, "6582676", 12, &card_online,
                                               &ref, &error));
  g_assert_no_error (error);
  /* The payment takes the first reference, the renewal the next. */
  check_reference (fixture, ref.reference, 2);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM payments WHERE reference = ?1",
                                         "TST01-261130-0001", NULL),
                   ==, 1);
  check_renewal (fixture, &ref, "6582676", "vehicle", 12, fee, 0, expected_expiry,
                 &card_online);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 2);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "receipts"), ==, 1);
}

static void
test_licence_renew_shop_two_years (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(KioskQuote) one_year = { 0 };
  g_auto(KioskQuote) two_years = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskBaisa fee12 = fee_amount (fixture, "shop_licence", "retail_small", 12);
  KioskBaisa fee24 = fee_amount (fixture, "shop_licence", "retail_small", 24);

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences"
                                         " WHERE number = '17656559' AND cr_number = '1306216'"
                                         " AND fee_variant = 'retail_small'"
                                         " AND expires_on = '2027-05-31' AND status = 'active'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (fee24, !=, fee12);

  g_assert_true (kiosk_services_quote_licence (fixture->store, "17656559", 12, &one_year,
                                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (one_year.fee, ==, fee12);
  g_assert_cmpint (one_year.penalty, ==, 0);
  g_assert_cmpstr (one_year.new_expiry, ==, "2028-05-31");

  /* Typed with spaces and Arabic-Indic digits. */
  g_assert_true (kiosk_services_quote_licence (fixture->store,
                                               "\u0661\u0667\u0666\u0665 \u0666\u0665\u0665\u0669",
                                               24, &two_years, &error));
  g_assert_no_error (error);
  g_assert_cmpint (two_years.fee, ==, fee24);
  g_assert_cmpstr (two_years.new_expiry, ==, "2029-05-31");

  g_assert_true (kiosk_services_renew_licence (fixture->store, "1765-6559", 24, &counter, &ref,
                                               &error));
  g_assert_no_error (error);
  check_renewal (fixture, &ref, "17656559", "shop", 24, fee24, 0, "2029-05-31", &counter);
}

static void
test_licence_expired_restaurant_penalty_capped (Fixture       *fixture,
                                                gconstpointer  data)
{
  YearFees fees = year_fees (fixture, "shop_licence", "restaurant");
  g_auto(KioskQuote) quote = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  /* Expired 2025-08-20: on 2026-11-30 the 16th month late has started. 16 × 5.000 OMR is
   * 80.000, over the 60.000 OMR cap. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences"
                                         " WHERE number = '67982425' AND fee_variant = 'restaurant'"
                                         " AND expires_on = '2025-08-20' AND status = 'active'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (started_months ("2025-08-20", fixture->today), ==, 16);
  g_assert_cmpint (fees.per_month, ==, 5000);
  g_assert_cmpint (16 * fees.per_month, >, fees.cap);

  g_assert_true (kiosk_services_quote_licence (fixture->store, "67982425", 12, &quote, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quote.months_late, ==, 16);
  g_assert_cmpint (quote.penalty, ==, 60000);
  g_assert_cmpint (quote.penalty, ==, fees.cap);
  g_assert_cmpint (quote.fee, ==, fees.fee);
  /* Expired: the new year runs from today, not from the old expiry. */
  g_assert_cmpstr (quote.new_expiry, ==, "2027-11-30");

  g_assert_true (kiosk_services_renew_licence (fixture->store, "67982425", 12, &card_online,
                                               &ref, &error));
  g_assert_no_error (error);
  check_renewal (fixture, &ref, "67982425", "shop", 12, fees.fee, 60000, "2027-11-30",
                 &card_online);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT amount_baisa FROM payments", NULL),
                   ==, fees.fee + 60000);
}

static void
test_licence_expired_vehicle_penalty_capped (Fixture       *fixture,
                                             gconstpointer  data)
{
  YearFees fees = year_fees (fixture, "vehicle_licence", "light");
  g_auto(KioskQuote) quote = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  /* 9343 RR, expired 2025-10-31, no fines: 13 months late, more than the cap's 12. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE number = '4477279'"
                                         " AND plate = '9343 RR' AND expires_on = '2025-10-31'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM fines WHERE plate = '9343 RR'",
                                         NULL),
                   ==, 0);
  g_assert_cmpint (started_months ("2025-10-31", fixture->today) * fees.per_month, >, fees.cap);

  g_assert_true (kiosk_services_quote_licence (fixture->store, "4477279", 12, &quote, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quote.penalty, ==, 12000);
  g_assert_cmpint (quote.penalty, ==, fees.cap);
  g_assert_cmpint (quote.months_late * fees.per_month, >=, fees.cap);
  g_assert_cmpint (quote.fee, ==, fees.fee);
  g_assert_cmpstr (quote.new_expiry, ==, "2027-11-30");

  g_assert_true (kiosk_services_renew_licence (fixture->store, "4477279", 12, &card_offline,
                                               &ref, &error));
  g_assert_no_error (error);
  check_renewal (fixture, &ref, "4477279", "vehicle", 12, fees.fee, 12000, "2027-11-30",
                 &card_offline);
}

static void
test_licence_penalty_below_cap (Fixture       *fixture,
                                gconstpointer  data)
{
  /* Expired 2026-09-15: months started on 09-16, 10-16 and 11-16. */
  g_autoptr(GHashTable) fees = fetch_row (fixture,
                                          "SELECT f.* FROM fees f JOIN licences l"
                                          " ON f.variant = l.fee_variant"
                                          " WHERE l.number = '88926205'"
                                          " AND f.service = 'shop_licence'"
                                          " AND f.period_months = 12",
                                          NULL);
  g_autoptr(GHashTable) licence = fetch_row (fixture, "SELECT expires_on FROM licences"
                                             " WHERE number = '88926205'", NULL);
  g_auto(KioskQuote) quote = { 0 };
  g_autoptr(GError) error = NULL;
  int months = started_months (row_str (licence, "expires_on"), fixture->today);

  g_assert_cmpstr (row_str (licence, "expires_on"), ==, "2026-09-15");
  g_assert_cmpint (months, ==, 3);
  g_assert_cmpint (months * row_int (fees, "late_penalty_baisa"), <,
                   row_int (fees, "late_penalty_cap_baisa"));

  g_assert_true (kiosk_services_quote_licence (fixture->store, "88926205", 12, &quote, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quote.months_late, ==, months);
  g_assert_cmpint (quote.penalty, ==, months * row_int (fees, "late_penalty_baisa"));
  g_assert_cmpint (quote.fee, ==, row_int (fees, "amount_baisa"));
  g_assert_cmpstr (quote.new_expiry, ==, "2027-11-30");
}

static void
test_licence_late_months_from_month_end (Fixture       *fixture,
                                         gconstpointer  data)
{
  /* Expired on the last day of a month: the 31st plus n months is the 30th or 28th of some
   * later months, but must still be counted from the 31st each time. 2025-12-31 expiry on
   * 2026-11-30: 11 months started (Jan to Nov), penalty 11 × 3.000, under the 36.000 cap. */
  YearFees fees = year_fees (fixture, "shop_licence", "salon");
  g_auto(KioskQuote) salon = { 0 };
  g_auto(KioskQuote) vehicle = { 0 };
  g_autoptr(GError) error = NULL;
  int months = started_months ("2025-12-31", fixture->today);

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE number = '93606425'"
                                         " AND fee_variant = 'salon' AND expires_on = '2025-12-31'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (months, ==, 11);
  g_assert_cmpint (months * fees.per_month, <, fees.cap);

  g_assert_true (kiosk_services_quote_licence (fixture->store, "93606425", 12, &salon, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_services_quote_licence (fixture->store, "4477279", 12, &vehicle, &error));
  g_assert_no_error (error);

  g_assert_cmpint (salon.months_late, ==, months);
  g_assert_cmpint (salon.penalty, ==, months * fees.per_month);
  g_assert_cmpint (vehicle.months_late, ==, started_months ("2025-10-31", fixture->today));
  g_assert_cmpint (vehicle.months_late, ==, 13);
}

static void
test_licence_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  const KioskPaymentAuth letters = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "abcd" };
  static const struct
  {
    const char *number;
    int         period;
    KioskError  code;
  } cases[] = {
    { "", 12, KIOSK_ERROR_EMPTY },
    { "   ", 12, KIOSK_ERROR_EMPTY },
    { "12ab5678", 12, KIOSK_ERROR_INVALID_LICENCE },
    { "12345", 12, KIOSK_ERROR_INVALID_LICENCE },
    { "00000000", 12, KIOSK_ERROR_INVALID_LICENCE },
    { "99999999", 12, KIOSK_ERROR_NOT_FOUND },
    { "36987457", 12, KIOSK_ERROR_LICENCE_BLOCKED },  /* suspended */
    { "17133606", 12, KIOSK_ERROR_LICENCE_BLOCKED },  /* cancelled */
    { "8127562", 12, KIOSK_ERROR_UNPAID_FINES },      /* 2336 MH has 7 unpaid fines */
    { "17656559", 6, KIOSK_ERROR_NO_FEE },
    { "17656559", 0, KIOSK_ERROR_NO_FEE },
    { "17656559", -12, KIOSK_ERROR_NO_FEE },
    { "6582676", 24, KIOSK_ERROR_NO_FEE },            /* vehicles renew one year at a time */
  };

  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE number = '36987457'"
                                         " AND status = 'suspended'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE number = '17133606'"
                                         " AND status = 'cancelled'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM fines WHERE plate = '2336 MH'"
                                         " AND status = 'unpaid'",
                                         NULL),
                   ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(KioskQuote) quote = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("licence \"%s\" for %d months", cases[i].number, cases[i].period);
      g_assert_false (kiosk_services_quote_licence (fixture->store, cases[i].number,
                                                    cases[i].period, &quote, &error));
      g_assert_error (error, KIOSK_ERROR, (int) cases[i].code);
      g_assert_null (quote.new_expiry);

      assert_licence_refused (fixture, cases[i].code,
                              cases[i].number, cases[i].period, &card_online);
    }

  assert_licence_refused (fixture, KIOSK_ERROR_EMPTY, NULL, 12, &card_online);
  assert_licence_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "17656559", 12, &letters);
  assert_licence_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "17656559", 12, NULL);
}

static void
test_licence_renew_after_paying_fines (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GPtrArray) unpaid = unpaid_fine_numbers (fixture, "2336 MH");
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskBaisa fee = fee_amount (fixture, "vehicle_licence", "light", 12);

  assert_licence_refused (fixture, KIOSK_ERROR_UNPAID_FINES, "8127562", 12, &card_online);

  /* Settle all seven, then the renewal goes through, from the old expiry (still valid). */
  g_ptr_array_add (unpaid, NULL);
  g_assert_true (kiosk_services_pay_fines (fixture->store, "2336 MH",
                                           (const char * const *) unpaid->pdata, &card_online,
                                           &payment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM fine_payments"
                                         " WHERE payment_uuid = ?1", payment.uuid, NULL),
                   ==, 7);

  g_assert_true (kiosk_services_renew_licence (fixture->store, "8127562", 12, &card_online,
                                               &ref, &error));
  g_assert_no_error (error);
  check_reference (fixture, ref.reference, 3);
  check_renewal (fixture, &ref, "8127562", "vehicle", 12, fee, 0, "2028-07-31", &card_online);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 3);
}

/* Parking permits ----------------------------------------------------------------------- */

static void
test_parking_permit_fee_from_zone (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) zones = kiosk_test_query_column (fixture->store,
                                                        "SELECT code FROM parking_zones"
                                                        " ORDER BY code", NULL);
  int sequence = 0;
  guint n = 0;

  g_assert_cmpuint (zones->len, >, 0);
  for (guint z = 0; z < zones->len; z++)
    {
      static const int periods[] = { 1, 3, 6, 12 };
      const char *zone = g_ptr_array_index (zones, z);

      for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
        {
          g_auto(KioskRecordRef) ref = { NULL, NULL };
          g_autoptr(GError) error = NULL;
          g_autoptr(GHashTable) row = NULL;
          g_autoptr(JsonObject) payload = NULL;
          KioskRecordRef payment;
          g_autofree char *payment_reference = NULL;
          KioskBaisa fee = fee_amount (fixture, "parking_permit", zone, periods[p]);
          /* The plate as people type it, in either script. */
          const char *plate = n % 2 ? "\u0668\u0660\u0661\u0669 \u0644\u0646" : "8019ln";

          g_auto(KioskQuote) quoted = { 0 };

          /* What the visitor is shown before paying is what is charged. */
          g_assert_true (kiosk_services_quote_parking_permit (fixture->store, zone, periods[p],
                                                              &quoted, &error));
          g_assert_no_error (error);
          g_assert_cmpint (quoted.fee, ==, fee);
          g_assert_cmpint (quoted.penalty, ==, 0);
          g_assert_true (kiosk_services_request_parking_permit (fixture->store, plate, zone,
                                                                periods[p], "91234567",
                                                                &card_online, &ref, &error));
          g_assert_no_error (error);
          sequence += 2;
          check_reference (fixture, ref.reference, sequence);

          row = fetch_row (fixture, "SELECT * FROM parking_permit_requests WHERE uuid = ?1",
                           ref.uuid, NULL);
          g_assert_cmpstr (row_str (row, "reference"), ==, ref.reference);
          g_assert_cmpstr (row_str (row, "plate"), ==, "8019 LN");
          g_assert_cmpstr (row_str (row, "zone_code"), ==, zone);
          g_assert_cmpint (row_int (row, "period_months"), ==, periods[p]);
          g_assert_cmpint (row_int (row, "fee_baisa"), ==, fee);
          g_assert_cmpstr (row_str (row, "phone"), ==, "+96891234567");
          g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);

          payment.uuid = (char *) row_str (row, "payment_uuid");
          {
            g_autoptr(GHashTable) pay = fetch_row (fixture, "SELECT reference FROM payments"
                                                   " WHERE uuid = ?1", payment.uuid, NULL);
            payment_reference = g_strdup (row_str (pay, "reference"));
          }
          payment.reference = payment_reference;
          check_reference (fixture, payment.reference, sequence - 1);
          check_payment (fixture, &payment, "parking_permit", fee, &card_online);
          check_receipt (fixture, ref.uuid, "parking_permit", ref.reference, payment.uuid, fee);
          payload = check_outbox (fixture, ref.uuid, KIOSK_KIND_PARKING_PERMIT_REQUEST,
                                  KIOSK_OUTBOX_PRIORITY_NORMAL);
          g_assert_cmpint (json_object_get_int_member (payload, "fee_baisa"), ==, fee);
          n++;
        }
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "parking_permit_requests"), ==, n);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 2 * n);

  /* The Ruwi zone in particular has all four periods. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM parking_permit_requests"
                                         " WHERE zone_code = 'PZ-RUWI'",
                                         NULL),
                   ==, 4);
}

static void
test_parking_permit_without_phone (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;

  g_assert_true (kiosk_services_request_parking_permit (fixture->store, "9343 RR", "PZ-SEEB", 3,
                                                        NULL, &counter, &ref, &error));
  g_assert_no_error (error);
  row = fetch_row (fixture, "SELECT * FROM parking_permit_requests WHERE uuid = ?1", ref.uuid,
                   NULL);
  g_assert_null (row_str (row, "phone"));
  g_assert_cmpint (row_int (row, "fee_baisa"), ==, fee_amount (fixture, "parking_permit",
                                                               "PZ-SEEB", 3));
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM payments WHERE uuid = ?1"
                                         " AND method = 'counter' AND status = 'awaiting_counter'",
                                         row_str (row, "payment_uuid"), NULL),
                   ==, 1);
}

static void
test_parking_permit_refusals (Fixture       *fixture,
                              gconstpointer  data)
{
  const KioskPaymentAuth letters = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "42x2" };

  assert_parking_permit_refused (fixture, KIOSK_ERROR_NO_FEE,
                                 "8019 LN", "PZ-NOWHERE", 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_NO_FEE,
                                 "8019 LN", "PZ-RUWI", 2, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_NO_FEE,
                                 "8019 LN", "pz-ruwi", 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_EMPTY,
                                 "8019 LN", NULL, 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_INVALID_PLATE,
                                 "8019 LNX", "PZ-RUWI", 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_INVALID_PLATE,
                                 "0123 LN", "PZ-RUWI", 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_EMPTY, " ", "PZ-RUWI", 1, NULL, &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_INVALID_PHONE,
                                 "8019 LN", "PZ-RUWI", 1, "2412 3456", &card_online);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_INVALID_VALUE,
                                 "8019 LN", "PZ-RUWI", 1, NULL, &letters);
  assert_parking_permit_refused (fixture, KIOSK_ERROR_INVALID_VALUE,
                                 "8019 LN", "PZ-RUWI", 1, NULL, NULL);
}

/* Vehicle permits ----------------------------------------------------------------------- */

static void
check_permit_renewal (Fixture                *fixture,
                      const KioskRecordRef   *ref,
                      const char             *permit,
                      const char             *plate,
                      KioskBaisa              amount,
                      const char             *new_expiry,
                      const KioskPaymentAuth *auth)
{
  g_autoptr(GHashTable) row = fetch_row (fixture,
                                         "SELECT * FROM vehicle_permit_renewals WHERE uuid = ?1",
                                         ref->uuid, NULL);
  g_autoptr(GHashTable) pay = NULL;
  g_autoptr(JsonObject) payload = NULL;
  KioskRecordRef payment;

  g_assert_cmpstr (row_str (row, "reference"), ==, ref->reference);
  g_assert_cmpstr (row_str (row, "permit_number"), ==, permit);
  g_assert_cmpstr (row_str (row, "plate"), ==, plate);
  g_assert_cmpint (row_int (row, "period_months"), ==, 12);
  g_assert_cmpint (row_int (row, "fee_baisa"), ==, amount);
  g_assert_cmpstr (row_str (row, "new_expiry"), ==, new_expiry);
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM vehicle_permits WHERE number = ?1"
                                         " AND expires_on = ?2",
                                         permit, new_expiry, NULL),
                   ==, auth->status == KIOSK_PAYMENT_AWAITING_COUNTER ? 0 : 1);

  pay = fetch_row (fixture, "SELECT uuid, reference FROM payments WHERE uuid = ?1",
                   row_str (row, "payment_uuid"), NULL);
  payment.uuid = (char *) row_str (pay, "uuid");
  payment.reference = (char *) row_str (pay, "reference");
  check_payment (fixture, &payment, "vehicle_permit", amount, auth);
  check_receipt (fixture, ref->uuid, "vehicle_permit", ref->reference, payment.uuid, amount);
  payload = check_outbox (fixture, ref->uuid, KIOSK_KIND_VEHICLE_PERMIT_RENEWAL,
                          KIOSK_OUTBOX_PRIORITY_NORMAL);
  g_assert_cmpstr (json_object_get_string_member (payload, "permit_number"), ==, permit);
}

static void
test_vehicle_permit_renew (Fixture       *fixture,
                           gconstpointer  data)
{
  YearFees fees = year_fees (fixture, "vehicle_permit", "standard");
  g_auto(KioskRecordRef) current = { NULL, NULL };
  g_auto(KioskRecordRef) expired = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  int late = started_months ("2026-03-31", fixture->today);
  KioskBaisa penalty = MIN (late * fees.per_month, fees.cap);

  /* Valid until 2027-10-31: a year more from then. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM vehicle_permits"
                                         " WHERE number = 'VP-2026-03034' AND plate = '8019 LN'"
                                         " AND expires_on = '2027-10-31' AND status = 'active'",
                                         NULL),
                   ==, 1);
  g_assert_true (kiosk_services_renew_vehicle_permit (fixture->store, "VP-2026-03034", 12,
                                                      &card_online, &current, &error));
  g_assert_no_error (error);
  check_reference (fixture, current.reference, 2);
  check_permit_renewal (fixture, &current, "VP-2026-03034", "8019 LN", fees.fee, "2028-10-31",
                        &card_online);

  /* Expired 2026-03-31: a year from today, plus the late penalty. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM vehicle_permits"
                                         " WHERE number = 'VP-2025-03657'"
                                         " AND expires_on = '2026-03-31' AND status = 'active'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (late, ==, 8);
  g_assert_cmpint (penalty, >, 0);
  {
    g_auto(KioskQuote) quoted = { 0 };

    g_assert_true (kiosk_services_quote_vehicle_permit (fixture->store, "VP-2025-03657", 12,
                                                        &quoted, &error));
    g_assert_no_error (error);
    g_assert_cmpint (quoted.fee, ==, fees.fee);
    g_assert_cmpint (quoted.penalty, ==, penalty);
    g_assert_cmpint (quoted.months_late, ==, late);
    g_assert_cmpstr (quoted.new_expiry, ==, "2027-11-30");
  }
  g_assert_true (kiosk_services_renew_vehicle_permit (fixture->store, "VP-2025-03657", 12,
                                                      &counter, &expired, &error));
  g_assert_no_error (error);
  check_reference (fixture, expired.reference, 4);
  check_permit_renewal (fixture, &expired, "VP-2025-03657", "83247 BE", fees.fee + penalty,
                        "2027-11-30", &counter);

  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 4);
}

static void
test_vehicle_permit_refusals (Fixture       *fixture,
                              gconstpointer  data)
{
  const KioskPaymentAuth short_card = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1", "42" };

  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM vehicle_permits"
                                         " WHERE number = 'VP-2026-03594' AND status = 'suspended'",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM vehicle_permits"
                                         " WHERE number = 'VP-2025-02334' AND status = 'cancelled'",
                                         NULL),
                   ==, 1);

  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_LICENCE_BLOCKED,
                                 "VP-2026-03594", 12, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_LICENCE_BLOCKED,
                                 "VP-2025-02334", 12, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_NOT_FOUND, "VP-2099-99999", 12, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_EMPTY, "", 12, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_EMPTY, NULL, 12, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_NO_FEE, "VP-2026-03034", 24, &card_online);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_INVALID_VALUE,
                                 "VP-2026-03034", 12, &short_card);
  assert_vehicle_permit_refused (fixture, KIOSK_ERROR_INVALID_VALUE, "VP-2026-03034", 12, NULL);
}

/* Lease forms --------------------------------------------------------------------------- */

static const KioskLeaseFormInput good_lease = {
  .tenant_name = "سالم بن سعيد الهنائي",
  .civil_number = "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
  .phone = "+968 9123 4567",
  .landlord_name = "Ahmed Al Balushi",
  .wilayat_code = "SEB",
  .area_code = "SEB-MAWALEH",
  .building_details = "Building 12, Way 3412, flat 4",
  .contract_number = NULL,
  .print_now = TRUE,
};

static void
test_lease_form (Fixture       *fixture,
                 gconstpointer  data)
{
  KioskLeaseFormInput queued = good_lease;
  g_auto(KioskRecordRef) printed_ref = { NULL, NULL };
  g_auto(KioskRecordRef) queued_ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) row = NULL;
  g_autoptr(GHashTable) queued_row = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_assert_true (kiosk_services_request_lease_form (fixture->store, &good_lease, &printed_ref,
                                                    &error));
  g_assert_no_error (error);
  check_reference (fixture, printed_ref.reference, 1);

  row = fetch_row (fixture, "SELECT * FROM lease_form_requests WHERE uuid = ?1",
                   printed_ref.uuid, NULL);
  g_assert_cmpstr (row_str (row, "reference"), ==, printed_ref.reference);
  g_assert_cmpstr (row_str (row, "tenant_name"), ==, "سالم بن سعيد الهنائي");
  g_assert_cmpstr (row_str (row, "civil_number"), ==, "12345678");
  g_assert_cmpstr (row_str (row, "phone"), ==, "+96891234567");
  g_assert_cmpstr (row_str (row, "landlord_name"), ==, "Ahmed Al Balushi");
  g_assert_cmpstr (row_str (row, "wilayat_code"), ==, "SEB");
  g_assert_cmpstr (row_str (row, "area_code"), ==, "SEB-MAWALEH");
  g_assert_cmpstr (row_str (row, "building_details"), ==, "Building 12, Way 3412, flat 4");
  g_assert_null (row_str (row, "contract_number"));
  g_assert_cmpstr (row_str (row, "delivery"), ==, "print");
  g_assert_cmpint (row_int (row, "created_at"), ==, fixture->now);

  /* The form is free: a receipt with no payment. */
  check_receipt (fixture, printed_ref.uuid, "lease_form", printed_ref.reference, NULL, 0);
  payload = check_outbox (fixture, printed_ref.uuid, KIOSK_KIND_LEASE_FORM_REQUEST,
                          KIOSK_OUTBOX_PRIORITY_NORMAL);
  g_assert_cmpstr (json_object_get_string_member (payload, "civil_number"), ==, "12345678");
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "payments"), ==, 0);

  queued.print_now = FALSE;
  queued.contract_number = "  LC-2025-12345 ";
  g_assert_true (kiosk_services_request_lease_form (fixture->store, &queued, &queued_ref,
                                                    &error));
  g_assert_no_error (error);
  check_reference (fixture, queued_ref.reference, 2);
  queued_row = fetch_row (fixture, "SELECT * FROM lease_form_requests WHERE uuid = ?1",
                          queued_ref.uuid, NULL);
  g_assert_cmpstr (row_str (queued_row, "delivery"), ==, "queue");
  g_assert_cmpstr (row_str (queued_row, "contract_number"), ==, "LC-2025-12345");
  check_receipt (fixture, queued_ref.uuid, "lease_form", queued_ref.reference, NULL, 0);
  json_object_unref (check_outbox (fixture, queued_ref.uuid, KIOSK_KIND_LEASE_FORM_REQUEST,
                                   KIOSK_OUTBOX_PRIORITY_NORMAL));
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 2);
}

static void
test_lease_form_refusals (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (KIOSK_NAME_MAX_CHARS + 1, 'a');
  g_autofree char *long_building = g_strnfill (KIOSK_LANDMARK_MAX_CHARS + 1, 'b');
  g_autofree char *long_contract = g_strnfill (33, '7');
  static const struct
  {
    const char *field;
    const char *value;
    KioskError  code;
  } cases[] = {
    { "tenant", "", KIOSK_ERROR_EMPTY },
    { "tenant", NULL, KIOSK_ERROR_EMPTY },
    { "tenant", " \t ", KIOSK_ERROR_EMPTY },
    { "tenant", "long", KIOSK_ERROR_TOO_LONG },
    { "tenant", "Salim\x1b[2J", KIOSK_ERROR_INVALID_TEXT },
    { "civil", "", KIOSK_ERROR_EMPTY },
    { "civil", "12ab5678", KIOSK_ERROR_INVALID_CIVIL_NUMBER },
    { "civil", "12345", KIOSK_ERROR_INVALID_CIVIL_NUMBER },
    { "civil", "0123456", KIOSK_ERROR_INVALID_CIVIL_NUMBER },
    { "civil", "1234567890", KIOSK_ERROR_INVALID_CIVIL_NUMBER },
    { "phone", NULL, KIOSK_ERROR_EMPTY },  /* required here, unlike elsewhere */
    { "phone", "", KIOSK_ERROR_EMPTY },
    { "phone", "24123456", KIOSK_ERROR_INVALID_PHONE },
    { "phone", "+971501234567", KIOSK_ERROR_INVALID_PHONE },
    { "landlord", "", KIOSK_ERROR_EMPTY },
    { "landlord", "long", KIOSK_ERROR_TOO_LONG },
    { "building", "", KIOSK_ERROR_EMPTY },
    { "building", "long", KIOSK_ERROR_TOO_LONG },
    { "contract", "long", KIOSK_ERROR_TOO_LONG },
    { "contract", "LC\x7f", KIOSK_ERROR_INVALID_TEXT },
    { "wilayat", "MSQ", KIOSK_ERROR_INVALID_VALUE },  /* SEB-MAWALEH is in Seeb */
    { "wilayat", "XXX", KIOSK_ERROR_INVALID_VALUE },
    { "wilayat", NULL, KIOSK_ERROR_INVALID_VALUE },
    { "area", "MTR-RUWI", KIOSK_ERROR_INVALID_VALUE },
    { "area", NULL, KIOSK_ERROR_INVALID_VALUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KioskLeaseFormInput input = good_lease;
      const char *value = cases[i].value;

      g_test_message ("lease form with %s \"%s\"", cases[i].field, value ? value : "(null)");
      if (g_strcmp0 (value, "long") == 0)
        {
          if (g_str_equal (cases[i].field, "building"))
            value = long_building;
          else if (g_str_equal (cases[i].field, "contract"))
            value = long_contract;
          else
            value = long_name;
        }

      if (g_str_equal (cases[i].field, "tenant"))
        input.tenant_name = value;
      else if (g_str_equal (cases[i].field, "civil"))
        input.civil_number = value;
      else if (g_str_equal (cases[i].field, "phone"))
        input.phone = value;
      else if (g_str_equal (cases[i].field, "landlord"))
        input.landlord_name = value;
      else if (g_str_equal (cases[i].field, "building"))
        input.building_details = value;
      else if (g_str_equal (cases[i].field, "contract"))
        input.contract_number = value;
      else if (g_str_equal (cases[i].field, "wilayat"))
        input.wilayat_code = value;
      else if (g_str_equal (cases[i].field, "area"))
        input.area_code = value;
      else
        g_assert_not_reached ();

      assert_refused (fixture, cases[i].code,
                      kiosk_services_request_lease_form (fixture->store, &input, &refused,
                                                         &refusal));
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "lease_form_requests"), ==, 0);
}

/* Across services ----------------------------------------------------------------------- */

/* The reference of every record, from all the tables that hold one. */
#define ALL_REFERENCES                                                                       \
  "SELECT reference FROM reports"                                                            \
  " UNION ALL SELECT reference FROM feedback"                                                \
  " UNION ALL SELECT reference FROM payments"                                                \
  " UNION ALL SELECT reference FROM licence_renewals"                                        \
  " UNION ALL SELECT reference FROM lease_form_requests"                                     \
  " UNION ALL SELECT reference FROM parking_permit_requests"                                 \
  " UNION ALL SELECT reference FROM vehicle_permit_renewals"

/* One of everything, in the order a busy morning might bring them: references count up by
 * one per record (payments included), failures take none, and the outbox matches. */
static void
test_references_and_outbox_across_services (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = make_jpeg (51);
  g_autofree char *hash = write_photo (fixture, jpeg);
  g_autofree char *never_written = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "none", -1);
  const char *hashes[] = { hash, NULL };
  const char *missing[] = { never_written, NULL };
  KioskReportInput report = {
    "sewage_overflow", "MTR", "MTR-RUWI", NULL, "مياه الصرف في الشارع", "92123456", hashes,
  };
  g_autoptr(GPtrArray) unpaid = unpaid_fine_numbers (fixture, "2336 MH");
  const char *fine[] = { g_ptr_array_index (unpaid, 0), NULL };
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) shape = g_regex_new ("^TST01-[0-9]{6}-[0-9]{4}$", 0, 0, NULL);
  gboolean urgent = FALSE;

#define RECORD(call)                                                                         \
  G_STMT_START                                                                               \
  {                                                                                          \
    g_auto(KioskRecordRef) ref_ = { NULL, NULL };                                            \
    g_assert_true (call);                                                                    \
    g_assert_no_error (error);                                                               \
    g_ptr_array_add (references, g_steal_pointer (&ref_.reference));                         \
  }                                                                                          \
  G_STMT_END

  RECORD (kiosk_services_submit_feedback (fixture->store, KIOSK_FEEDBACK_SUGGESTION,
                                          "More shade at the bus stop", NULL, &ref_, &error));
  RECORD (kiosk_services_file_report (fixture->store, &report, &ref_, &urgent, &error));
  g_assert_true (urgent);

  /* Fails inside its transaction, after taking a number: the number goes back. */
  report.photo_hashes = missing;
  assert_report_refused (fixture, KIOSK_ERROR_PHOTO, &report);

  RECORD (kiosk_services_pay_fines (fixture->store, "2336 MH", fine, &card_online, &ref_,
                                    &error));
  RECORD (kiosk_services_renew_licence (fixture->store, "17656559", 12, &card_online, &ref_,
                                        &error));
  RECORD (kiosk_services_request_lease_form (fixture->store, &good_lease, &ref_, &error));
  RECORD (kiosk_services_request_parking_permit (fixture->store, "8019 LN", "PZ-RUWI", 1, NULL,
                                                 &card_online, &ref_, &error));
  RECORD (kiosk_services_renew_vehicle_permit (fixture->store, "VP-2026-03034", 12,
                                               &card_online, &ref_, &error));

  /* The services' own references: renewals and permits took one for their payment too. */
  {
    static const int expected[] = { 1, 2, 3, 5, 6, 8, 10 };

    g_assert_cmpuint (references->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < references->len; i++)
      {
        const char *reference = g_ptr_array_index (references, i);

        g_assert_true (g_regex_match (shape, reference, 0, NULL));
        check_reference (fixture, reference, expected[i]);
      }
  }
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT last_seq FROM reference_counters WHERE day = ?1",
                                         fixture->day, NULL),
                   ==, 10);

  /* Every reference is unique across all the tables that hold one. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM (" ALL_REFERENCES ")", NULL),
                   ==, 10);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (DISTINCT reference)"
                                         " FROM (" ALL_REFERENCES ")",
                                         NULL),
                   ==, 10);

  /* One outbox row per record: 4 payments, the rest one each, with the right priorities. */
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 10);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "payments"), ==, 4);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM outbox WHERE kind = 'payment'"
                                         " AND priority = 10",
                                         NULL),
                   ==, 4);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM outbox WHERE kind = 'report'"
                                         " AND priority = 20",
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM outbox WHERE priority = 50", NULL),
                   ==, 5);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (DISTINCT kind) FROM outbox", NULL),
                   ==, 7);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "receipts"), ==, 7);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT count (*) FROM outbox"
                                         " WHERE NOT json_valid (payload)", NULL),
                   ==, 0);

  g_assert_true (kiosk_outbox_check (fixture->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* The next Muscat day starts again at 0001. */
  fixture_set_clock (fixture, kiosk_test_muscat_time (2026, 12, 1, 0, 5, 0));
  g_assert_cmpstr (fixture->day, ==, "261201");
  RECORD (kiosk_services_submit_feedback (fixture->store, KIOSK_FEEDBACK_INQUIRY,
                                          "Opening hours?", NULL, &ref_, &error));
  g_assert_cmpstr (g_ptr_array_index (references, references->len - 1), ==,
                   "TST01-261201-0001");

#undef RECORD
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/kiosk/services/photos/stored-by-hash-without-exif",
       test_photos_stored_by_hash_without_exif);
  ADD ("/kiosk/services/photos/refuses-non-jpeg-and-oversize", test_photos_refuses_non_jpeg);
  ADD ("/kiosk/services/photos/sweep-keeps-named-photos", test_photos_sweep_keeps_named);

  ADD ("/kiosk/services/report/with-photos", test_report_with_photos);
  ADD ("/kiosk/services/report/high-priority-is-urgent", test_report_high_is_urgent);
  ADD ("/kiosk/services/report/only-high-categories-are-urgent", test_report_every_category);
  ADD ("/kiosk/services/report/bad-input-writes-nothing", test_report_refusals);

  ADD ("/kiosk/services/feedback/each-kind", test_feedback_each_kind);
  ADD ("/kiosk/services/feedback/bidi-controls-stripped", test_feedback_strips_bidi);
  ADD ("/kiosk/services/feedback/limit-counts-characters", test_feedback_limit_counts_characters);
  ADD ("/kiosk/services/feedback/bad-input-writes-nothing", test_feedback_refusals);
  ADD ("/kiosk/services/feedback/invisible-optional-phone-is-none",
       test_feedback_invisible_optional_phone);

  ADD ("/kiosk/services/fines/list-unpaid", test_fines_list_unpaid);
  ADD ("/kiosk/services/fines/pay-two-then-cannot-pay-twice", test_fines_pay_two);
  ADD ("/kiosk/services/fines/plate-typed-in-arabic", test_fines_arabic_plate);
  ADD ("/kiosk/services/fines/bad-input-writes-nothing", test_fines_refusals);
  ADD ("/kiosk/services/fines/cancelled-fine-not-payable", test_fines_cancelled_not_payable);

  ADD ("/kiosk/services/licence/renew-current-extends-from-expiry",
       test_licence_renew_current_extends_from_expiry);
  ADD ("/kiosk/services/licence/renew-shop-two-years", test_licence_renew_shop_two_years);
  ADD ("/kiosk/services/licence/expired-restaurant-penalty-capped",
       test_licence_expired_restaurant_penalty_capped);
  ADD ("/kiosk/services/licence/expired-vehicle-penalty-capped",
       test_licence_expired_vehicle_penalty_capped);
  ADD ("/kiosk/services/licence/penalty-per-started-month-below-cap",
       test_licence_penalty_below_cap);
  ADD ("/kiosk/services/licence/late-months-counted-from-month-end-expiry",
       test_licence_late_months_from_month_end);
  ADD ("/kiosk/services/licence/bad-input-writes-nothing", test_licence_refusals);
  ADD ("/kiosk/services/licence/renew-after-paying-fines", test_licence_renew_after_paying_fines);

  ADD ("/kiosk/services/parking-permit/fee-from-zone-and-period",
       test_parking_permit_fee_from_zone);
  ADD ("/kiosk/services/parking-permit/phone-optional", test_parking_permit_without_phone);
  ADD ("/kiosk/services/parking-permit/bad-input-writes-nothing", test_parking_permit_refusals);

  ADD ("/kiosk/services/vehicle-permit/renew", test_vehicle_permit_renew);
  ADD ("/kiosk/services/vehicle-permit/bad-input-writes-nothing", test_vehicle_permit_refusals);

  ADD ("/kiosk/services/lease-form/print-or-queue", test_lease_form);
  ADD ("/kiosk/services/lease-form/bad-input-writes-nothing", test_lease_form_refusals);

  ADD ("/kiosk/services/all/references-and-outbox-agree",
       test_references_and_outbox_across_services);

#undef ADD

  return g_test_run ();
}
