/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Following up reports: by tracking number (either digit set), by phone (masked), with the
 * history learnt from the server; and the "already reported?" list before filing. */
#define G_LOG_DOMAIN "test-tracking"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-tracking.h"
#include "kiosk-validate.h"
#include "kiosk-test-util.h"

static char *
file_report (KioskTestFixture *f,
             const char       *category,
             const char       *area,
             const char       *phone,
             char            **out_uuid)
{
  g_autoptr(GError) error = NULL;
  KioskRecordRef ref = { NULL, NULL };
  KioskReportInput input = { category, "MTR", area, "قرب الدوار", "وصف البلاغ", phone, NULL };

  g_assert_true (kiosk_services_file_report (f->store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  if (out_uuid != NULL)
    *out_uuid = g_strdup (ref.uuid);
  g_free (ref.uuid);
  return ref.reference;
}

static void
exec (KioskTestFixture *f,
      const char       *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

static void
test_by_reference (KioskTestFixture *f,
                   gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *reference = file_report (f, "pothole", "MTR-RUWI", "92123456", &uuid);
  g_autofree char *arabic = kiosk_digits_localize (reference, KIOSK_DIGITS_ARABIC_INDIC);
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  g_autofree char *sql = NULL;
  g_autoptr(KioskReportStatus) report = NULL;
  g_autoptr(KioskReportStatus) typed = NULL;

  report = kiosk_tracking_find_by_reference (f->store, reference, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->uuid, ==, uuid);
  g_assert_true (report->local);
  g_assert_false (report->acknowledged);
  g_assert_cmpstr (report->status, ==, "received");
  g_assert_cmpstr (report->category_en, ==, "Pothole in the road");
  g_assert_cmpstr (report->area_ar, ==, "روي");
  g_assert_cmpstr (report->phone_masked, ==, "92••••56");
  g_assert_cmpuint (report->history->len, ==, 0);

  /* Typed in Arabic-Indic digits, lower case, with blanks: the same report. */
  {
    g_autofree char *padded = g_strconcat ("  ", arabic, " ", NULL);
    typed = kiosk_tracking_find_by_reference (f->store, padded, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (typed->uuid, ==, uuid);
    g_clear_pointer (&typed, kiosk_report_status_free);
    typed = kiosk_tracking_find_by_reference (f->store, lower, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (typed->uuid, ==, uuid);
  }

  /* What a pull brings: a new status and its history. */
  sql = g_strdup_printf ("UPDATE reports SET status = 'in_progress', status_updated_at = 200"
                         " WHERE uuid = '%s';"
                         "INSERT INTO report_status_history VALUES ('%s', 'assigned', 100,"
                         " 'أحيل إلى فريق الطرق', 'Sent to the roads team'),"
                         " ('%s', 'in_progress', 200, '', '')", uuid, uuid, uuid);
  exec (f, sql);
  g_clear_pointer (&report, kiosk_report_status_free);
  report = kiosk_tracking_find_by_reference (f->store, reference, &error);
  g_assert_cmpstr (report->status, ==, "in_progress");
  g_assert_cmpint (report->status_updated_at, ==, 200);
  g_assert_cmpuint (report->history->len, ==, 2);
  g_assert_cmpstr (((KioskStatusEvent *) report->history->pdata[0])->status, ==, "assigned");
  g_assert_cmpstr (((KioskStatusEvent *) report->history->pdata[0])->note_en, ==,
                   "Sent to the roads team");

  /* Once the server acknowledged it. */
  {
    g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
    KioskOutboxResult result = { uuid, KIOSK_OUTBOX_RESULT_ACCEPTED, "SRV-9", NULL, 0 };
    g_assert_true (kiosk_outbox_apply_results (f->store, &result, 1, &error));
  }
  g_clear_pointer (&report, kiosk_report_status_free);
  report = kiosk_tracking_find_by_reference (f->store, reference, &error);
  g_assert_true (report->acknowledged);
}

static void
test_unknown_and_invalid (KioskTestFixture *f,
                          gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (kiosk_tracking_find_by_reference (f->store, "TST01-261130-0042", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (kiosk_tracking_find_by_reference (f->store, "' OR 1=1 --", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (kiosk_tracking_find_by_reference (f->store, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (kiosk_tracking_find_by_phone (f->store, "24123456", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_by_phone (KioskTestFixture *f,
               gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = file_report (f, "pothole", "MTR-RUWI", "+968 9212 3456", NULL);
  g_autofree char *other = file_report (f, "pothole", "MTR-RUWI", "71234567", NULL);
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) found = NULL;

  f->now += 60;
  second = file_report (f, "sewage_overflow", "MTR-RUWI", "92123456", NULL);

  found = kiosk_tracking_find_by_phone (f->store, "٩٢١٢٣٤٥٦", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KioskReportStatus *) found->pdata[0])->reference, ==, second);
  g_assert_cmpstr (((KioskReportStatus *) found->pdata[1])->reference, ==, first);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (((KioskReportStatus *) found->pdata[i])->phone_masked, ==, "92••••56");
}

static void
test_similar_open (KioskTestFixture *f,
                   gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = file_report (f, "pothole", "MTR-RUWI", NULL, NULL);
  g_autofree char *resolved_uuid = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *other_kind = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 filed = f->now;

  f->now += 31 * 24 * 3600;  /* `old` is now 31 days old */
  resolved = file_report (f, "pothole", "MTR-RUWI", NULL, &resolved_uuid);
  recent = file_report (f, "pothole", "MTR-RUWI", NULL, NULL);
  elsewhere = file_report (f, "pothole", "MTR-DARSAIT", NULL, NULL);
  other_kind = file_report (f, "street_light_out", "MTR-RUWI", NULL, NULL);
  sql = g_strdup_printf ("UPDATE reports SET status = 'resolved' WHERE uuid = '%s';"
                         "INSERT INTO reports (uuid, reference, origin, category_code,"
                         " priority, wilayat_code, area_code, description, status, created_at)"
                         " VALUES ('6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', 'WEB01-261201-0007',"
                         " 'server', 'pothole', 'MEDIUM', 'MTR', 'MTR-RUWI', 'حفرة', 'assigned',"
                         " %" G_GINT64_FORMAT ")",
                         resolved_uuid, filed + 31 * 24 * 3600 - 10);
  exec (f, sql);

  found = kiosk_tracking_find_similar_open (f->store, "pothole", "MTR-RUWI", 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KioskReportStatus *) found->pdata[0])->reference, ==, recent);
  g_assert_cmpstr (((KioskReportStatus *) found->pdata[1])->reference, ==, "WEB01-261201-0007");
  g_assert_false (((KioskReportStatus *) found->pdata[1])->local);
  g_assert_true (((KioskReportStatus *) found->pdata[1])->acknowledged);
}

static void
test_last_sync (KioskTestFixture *f,
                gconstpointer     data)
{
  g_assert_cmpint (kiosk_tracking_last_sync (f->store), ==, 0);
  exec (f, "INSERT INTO sync_runs (started_at, finished_at, outcome) VALUES"
           " (10, 20, 'ok'), (30, 40, 'offline'), (50, NULL, NULL)");
  g_assert_cmpint (kiosk_tracking_last_sync (f->store), ==, 20);
}

static guint
count_by_number (KioskTestFixture *f,
                 const char       *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = kiosk_tracking_find_by_number (f->store, typed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found->len;
}

static void
test_by_number (KioskTestFixture *f,
                gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = file_report (f, "pothole", "MTR-RUWI", NULL, NULL);
  g_autoptr(GPtrArray) found = NULL;
  const char *bad[] = { "12ab", "123", "2611300001x", "", "OTHER1-2611-0001" };

  /* Another kiosk's report with the same day and number, and one with another number. */
  g_assert_true (g_str_has_suffix (reference, "-261130-0001"));
  exec (f, "INSERT INTO reports (uuid, reference, origin, category_code, priority,"
           " wilayat_code, area_code, description, status, created_at) VALUES"
           " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f21', 'OTHER1-261130-0001', 'server', 'pothole',"
           " 'MEDIUM', 'MTR', 'MTR-RUWI', 'x', 'assigned', 1700000000),"
           " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f22', 'OTHER1-261130-0002', 'server', 'pothole',"
           " 'MEDIUM', 'MTR', 'MTR-RUWI', 'x', 'assigned', 1700000000)");

  g_assert_cmpuint (count_by_number (f, "2611300001"), ==, 2);
  g_assert_cmpuint (count_by_number (f, "٢٦١١٣٠٠٠٠١"), ==, 2);
  g_assert_cmpuint (count_by_number (f, " 261130-0001 "), ==, 2);
  g_assert_cmpuint (count_by_number (f, "2611300002"), ==, 1);
  g_assert_cmpuint (count_by_number (f, "2611309999"), ==, 0);
  g_assert_cmpuint (count_by_number (f, "26113000001"), ==, 0);

  /* Newest first: this kiosk's report is today's, the server's is older. */
  found = kiosk_tracking_find_by_number (f->store, "2611300001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KioskReportStatus *) g_ptr_array_index (found, 0))->reference, ==,
                   reference);
  g_assert_cmpstr (((KioskReportStatus *) g_ptr_array_index (found, 1))->reference, ==,
                   "OTHER1-261130-0001");

  /* A full tracking number matches only itself. */
  g_assert_cmpuint (count_by_number (f, "OTHER1-261130-0001"), ==, 1);
  g_assert_cmpuint (count_by_number (f, "other1-261130-0009"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) none = kiosk_tracking_find_by_number (f->store, bad[i], &error);

      g_test_message ("typed \"%s\"", bad[i]);
      g_assert_null (none);
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/kiosk/tracking/" path, KioskTestFixture, NULL, \
              kiosk_test_fixture_set_up_seeded, func, kiosk_test_fixture_tear_down)
  ADD ("by-reference-in-either-digit-set", test_by_reference);
  ADD ("unknown-and-invalid-numbers", test_unknown_and_invalid);
  ADD ("by-typed-digits-across-kiosks", test_by_number);
  ADD ("by-phone-newest-first-masked", test_by_phone);
  ADD ("similar-open-reports-last-30-days", test_similar_open);
  ADD ("last-sync-time", test_last_sync);
#undef ADD

  return g_test_run ();
}
