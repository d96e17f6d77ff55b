/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-of-day (Z) report: its totals are the sum of the payments the store holds, each
 * payment is counted in exactly one Z (also after the payer process is killed mid-write),
 * the numbers follow each other, and the report is queued for the server in the same
 * transaction. */
#define G_LOG_DOMAIN "test-z-report"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-attendants.h"
#include "kiosk-outbox.h"
#include "kiosk-payments.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"
#include "kiosk-z-report.h"

static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
static const KioskPaymentAuth card_offline = { KIOSK_PAYMENT_APPROVED_OFFLINE, "OFF001", "1111" };
static const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };

#define TAKEN "status IN ('approved_online', 'approved_offline', 'paid_counter')"

static char *
permit (KioskTestFixture       *f,
        const KioskPaymentAuth *auth)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        auth, &ref, &error));
  g_assert_no_error (error);
  return g_strdup (ref.uuid);
}

static KioskBaisa
line_total (GPtrArray  *lines,
            const char *key,
            gint64     *out_count)
{
  for (guint i = 0; i < lines->len; i++)
    {
      KioskZLine *line = g_ptr_array_index (lines, i);

      if (g_str_equal (line->key, key))
        {
          *out_count = line->count;
          return line->total;
        }
    }
  *out_count = 0;
  return 0;
}

static void
test_totals_equal_payments (KioskTestFixture *f,
                            gconstpointer     data)
{
  g_autofree char *a = permit (f, &card);
  g_autofree char *b = permit (f, &card_offline);
  g_autofree char *c = permit (f, &counter);
  g_autofree char *d = permit (f, &counter);
  g_autoptr(KioskReceipt) voucher = kiosk_receipts_get_for_record (f->store, c, NULL);
  g_autoptr(KioskZReport) report = NULL;
  g_autoptr(KioskZReport) again = NULL;
  g_autoptr(GError) error = NULL;
  const KioskReportInput input = {
    "pothole", "MTR", "MTR-RUWI", "", "حفرة في الطريق", NULL, NULL,
  };
  g_auto(KioskRecordRef) filed = { NULL, NULL };
  gint64 n = 0;
  KioskBaisa total;

  g_assert_true (kiosk_attendants_add (f->store, "salim", "Salim", "2468", &error));
  g_assert_true (kiosk_payments_confirm_counter (f->store, voucher->voucher_token, "salim", NULL,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_services_file_report (f->store, &input, &filed, NULL, &error));
  g_assert_no_error (error);

  f->now += 3600;
  report = kiosk_z_report_take (f->store, "salim", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->number, ==, 1);
  g_assert_cmpint (report->previous_number, ==, 0);
  total = kiosk_test_query_int (f->store, "SELECT sum (amount_baisa) FROM payments WHERE " TAKEN,
                                NULL);
  g_assert_cmpint (total, >, 0);
  g_assert_cmpint (report->payments_total, ==, total);
  g_assert_cmpint (report->payments_count, ==, 3);
  g_assert_cmpint (line_total (report->by_method, "card_online", &n), ==, total / 3);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (line_total (report->by_method, "card_offline", &n), ==, total / 3);
  g_assert_cmpint (line_total (report->by_method, "counter", &n), ==, total / 3);
  g_assert_cmpint (line_total (report->by_service, "parking_permit", &n), ==, total);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpint (line_total (report->by_service, "report", &n), ==, 0);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (report->offline_held_count, ==, 1);
  g_assert_cmpint (report->vouchers_issued, ==, 2);
  g_assert_cmpint (report->vouchers_confirmed, ==, 1);
  g_assert_nonnull (report->qr_payload);

  /* Stored, queued in the same transaction, and read back the same. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM outbox WHERE kind ="
                                         " 'z_report' AND record_uuid = ?1", report->uuid, NULL),
                   ==, 1);
  again = kiosk_z_report_get (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->number, ==, 1);
  g_assert_cmpint (again->payments_total, ==, total);
  g_assert_cmpuint (again->by_service->len, ==, report->by_service->len);

  /* The next one starts where this one ended, with nothing new, and says which came before. */
  f->now += 60;
  g_clear_pointer (&again, kiosk_z_report_free);
  again = kiosk_z_report_take (f->store, "salim", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->number, ==, 2);
  g_assert_cmpint (again->previous_number, ==, 1);
  g_assert_cmpint (again->from_at, ==, report->until_at);
  g_assert_cmpint (again->payments_total, ==, 0);
  /* The voucher still unpaid expires 72 h after it was issued: counted in the Z of then. */
  f->now += KIOSK_VOUCHER_VALID_SECONDS;
  g_clear_pointer (&again, kiosk_z_report_free);
  again = kiosk_z_report_take (f->store, "salim", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->vouchers_expired, ==, 1);
}

/* A payer killed with SIGKILL at any moment: each Z taken after counts exactly what the
 * store holds that no Z counted before, and all Zs together count every payment once. */
static void
test_crash_between_payment_and_z (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  const char *worker = g_getenv ("KIOSK_STORE_WORKER");
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  KioskBaisa all_z = 0;

  g_assert_nonnull (worker);
  kiosk_store_close (kiosk_test_store_new (dir, TRUE));

  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(KioskStore) store = NULL;
      g_autoptr(KioskZReport) report = NULL;
      guint commits = (guint) g_rand_int_range (rand, 1, 12);
      KioskBaisa before;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, worker, "pay", db,
                                "1000", NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      for (guint seen = 0; seen < commits; seen++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
        }
      /* Killed somewhere in the next payment's write. */
      g_usleep (g_rand_int_range (rand, 0, 4000));
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);

      store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
      g_assert_no_error (error);
      before = kiosk_test_query_int (store, "SELECT coalesce (sum (amount_baisa), 0) FROM"
                                     " payments WHERE z_number IS NULL AND " TAKEN, NULL);
      report = kiosk_z_report_take (store, "salim", &error);
      g_assert_no_error (error);
      g_assert_cmpint (report->number, ==, round + 1);
      g_assert_cmpint (report->payments_total, ==, before);
      g_assert_cmpint (report->payments_total, >, 0);
      all_z += report->payments_total;
      g_assert_cmpint (all_z, ==,
                       kiosk_test_query_int (store, "SELECT sum (amount_baisa) FROM payments"
                                             " WHERE " TAKEN, NULL));
      g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM payments WHERE"
                                             " z_number IS NULL AND " TAKEN, NULL), ==, 0);
    }
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk/z-report/totals-equal-payments", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_totals_equal_payments,
              kiosk_test_fixture_tear_down);
  g_test_add_func ("/kiosk/z-report/crash-between-payment-and-z",
                   test_crash_between_payment_and_z);
  return g_test_run ();
}
