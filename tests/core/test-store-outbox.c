/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox: atomic with its domain row, claimed in bounded FIFO batches with payments
 * first, acknowledged, rejected, retried, released and reclaimed after a crash. */
#define G_LOG_DOMAIN "test-store-outbox"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-services.h"
#include "kiosk-simulate.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

typedef KioskTestFixture Fixture;

static char *
add_feedback (Fixture    *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  KioskRecordRef ref = { NULL, NULL };

  g_assert_true (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_SUGGESTION, text,
                                                 NULL, &ref, &error));
  g_assert_no_error (error);
  g_free (ref.reference);
  return ref.uuid;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kiosk_test_query_int (f->store, sql, NULL);
}

static void
test_commit_is_atomic (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = kiosk_simulate_make_jpeg (3, 4096, &error);
  g_autofree char *hash = kiosk_photos_write (f->store, jpeg, &error);
  const char *hashes[] = { hash, NULL };
  KioskReportInput report = { "sewage_overflow", "MTR", "MTR-RUWI", NULL,
                              "طفح مياه الصرف أمام المدرسة", NULL, hashes };

  g_assert_no_error (error);

  /* The outbox insert fails after the domain rows are written: all of it must go. */
  g_assert_true (kiosk_store_exec (f->store, "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON"
                                             " main.outbox BEGIN SELECT RAISE (ABORT, 'disk"
                                             " died'); END", &error));
  g_assert_false (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_COMPLAINT, "شكوى",
                                                  NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (kiosk_services_file_report (f->store, &report, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reports"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM report_photos"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM photos"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM receipts"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox"), ==, 0);
  /* The reference sequence did not advance either: no gaps from failed writes. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_counters"), ==, 0);

  /* A failure in the middle (the receipt) is rolled back the same way. */
  g_assert_true (kiosk_store_exec (f->store, "DROP TRIGGER fail_outbox;"
                                             "CREATE TEMP TRIGGER fail_receipt BEFORE INSERT ON"
                                             " main.receipts BEGIN SELECT RAISE (ABORT, 'no');"
                                             " END", &error));
  g_assert_false (kiosk_services_file_report (f->store, &report, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reports"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox"), ==, 0);

  /* Without the fault the same calls succeed, each with exactly one outbox row. */
  g_assert_true (kiosk_store_exec (f->store, "DROP TRIGGER fail_receipt", &error));
  g_assert_true (kiosk_services_file_report (f->store, &report, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reports"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE kind = 'report'"), ==, 1);
}

static void
test_claim_is_bounded_fifo (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KioskOutboxBatch) first = NULL;
  g_autoptr(KioskOutboxBatch) second = NULL;
  g_autoptr(KioskOutboxBatch) by_bytes = NULL;
  gsize one;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("مقترح رقم %02u", i);
      g_ptr_array_add (uuids, add_feedback (f, text));
    }

  first = kiosk_outbox_claim (f->store, 3, 1 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->records->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      KioskOutboxRecord *record = g_ptr_array_index (first->records, i);
      g_assert_cmpstr (record->record_uuid, ==, g_ptr_array_index (uuids, i));
      g_assert_cmpstr (record->kind, ==, KIOSK_KIND_FEEDBACK);
      g_assert_cmpint (record->attempts, ==, 1);
      g_assert_nonnull (strstr (record->payload, record->record_uuid));
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE state = 'in_flight'"), ==, 3);

  second = kiosk_outbox_claim (f->store, 3, 1 << 20, &error);
  g_assert_cmpstr (((KioskOutboxRecord *) g_ptr_array_index (second->records, 0))->record_uuid,
                   ==, g_ptr_array_index (uuids, 3));
  g_assert_cmpstr (first->claim_id, !=, second->claim_id);

  /* By bytes: room for two payloads of this size, not three. */
  one = (gsize) count (f, "SELECT max (payload_bytes) FROM outbox");
  by_bytes = kiosk_outbox_claim (f->store, 100, one * 2 + one / 2, &error);
  g_assert_cmpuint (by_bytes->records->len, ==, 2);
  g_assert_cmpuint (by_bytes->payload_bytes, <=, one * 2 + one / 2);
}

static void
test_large_record_claimed_alone (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxBatch) batch = NULL;
  g_autofree char *uuid = add_feedback (f, "a record larger than the batch byte limit");

  batch = kiosk_outbox_claim (f->store, 10, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->records->len, ==, 1);
  g_assert_cmpuint (batch->payload_bytes, >, 16);
}

static void
test_payments_go_first (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxBatch) batch = NULL;
  g_autoptr(GPtrArray) fines = NULL;
  g_autofree char *feedback = add_feedback (f, "قبل الدفع");
  KioskPaymentAuth auth = { KIOSK_PAYMENT_APPROVED_OFFLINE, "123456", "4242" };
  const char *numbers[2] = { NULL, NULL };
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_auto(KioskRecordRef) urgent = { NULL, NULL };
  KioskReportInput report = { "fallen_tree", "SEB", "SEB-MAWALEH", NULL,
                              "شجرة ساقطة تغلق الطريق", NULL, NULL };

  fines = kiosk_services_list_unpaid_fines (f->store, NULL, 1, &error);
  g_assert_no_error (error);
  numbers[0] = ((KioskFine *) g_ptr_array_index (fines, 0))->number;
  g_assert_true (kiosk_services_pay_fines (f->store,
                                           ((KioskFine *) g_ptr_array_index (fines, 0))->plate,
                                           numbers, &auth, &payment, &error));
  g_assert_no_error (error);

  g_assert_true (kiosk_services_file_report (f->store, &report, &urgent, NULL, &error));
  g_assert_no_error (error);

  /* Payment, then the HIGH priority report, then the older feedback. */
  batch = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (batch->records->len, ==, 3);
  g_assert_cmpstr (((KioskOutboxRecord *) batch->records->pdata[0])->record_uuid, ==,
                   payment.uuid);
  g_assert_cmpstr (((KioskOutboxRecord *) batch->records->pdata[1])->record_uuid, ==,
                   urgent.uuid);
  g_assert_cmpstr (((KioskOutboxRecord *) batch->records->pdata[2])->record_uuid, ==,
                   feedback);
}

static void
test_results_applied (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_feedback (f, "accepted");
  g_autofree char *b = add_feedback (f, "rejected");
  g_autofree char *c = add_feedback (f, "retried");
  g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_autoptr(KioskOutboxBatch) again = NULL;
  g_autoptr(KioskOutboxBatch) later = NULL;
  KioskOutboxResult results[] = {
    { a, KIOSK_OUTBOX_RESULT_ACCEPTED, "SRV-1", NULL, 0 },
    { b, KIOSK_OUTBOX_RESULT_REJECTED, NULL, "unknown area", 0 },
    { c, KIOSK_OUTBOX_RESULT_RETRY, NULL, "server busy", f->now + 300 },
  };
  KioskOutboxResult late_duplicate[] = {
    { a, KIOSK_OUTBOX_RESULT_REJECTED, NULL, "late", 0 },
  };
  KioskOutboxStats stats;

  g_assert_cmpuint (batch->records->len, ==, 3);
  g_assert_true (kiosk_outbox_apply_results (f->store, results, 3, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE state = 'acked'"
                             " AND server_reference = 'SRV-1'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE state = 'rejected'"
                             " AND last_error = 'unknown area'"), ==, 1);

  /* Nothing due now: the retry waits, the rejected one is parked for good. */
  again = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (again->records->len, ==, 0);
  f->now += 301;
  later = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (later->records->len, ==, 1);
  g_assert_cmpstr (((KioskOutboxRecord *) later->records->pdata[0])->record_uuid, ==, c);
  g_assert_cmpint (((KioskOutboxRecord *) later->records->pdata[0])->attempts, ==, 2);

  /* Acked is final. */
  g_assert_true (kiosk_outbox_apply_results (f->store, late_duplicate, 1, &error));
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE state = 'acked'"), ==, 1);

  g_assert_true (kiosk_outbox_get_stats (f->store, &stats, &error));
  g_assert_cmpint (stats.acked, ==, 1);
  g_assert_cmpint (stats.rejected, ==, 1);
  g_assert_cmpint (stats.in_flight, ==, 1);
  g_assert_cmpint (stats.queued, ==, 0);
}

static void
test_release_and_reclaim (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_feedback (f, "one");
  g_autofree char *b = add_feedback (f, "two");
  g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_autoptr(KioskOutboxBatch) none = NULL;
  g_autoptr(KioskOutboxBatch) back = NULL;
  g_autofree char *path = g_strdup (kiosk_store_get_path (f->store));

  g_assert_true (kiosk_outbox_release (f->store, batch->claim_id, f->now + 60, "offline",
                                       &error));
  g_assert_cmpint (count (f, "SELECT count (*) FROM outbox WHERE state = 'queued'"
                             " AND last_error = 'offline'"), ==, 2);
  g_clear_pointer (&batch, kiosk_outbox_batch_free);

  /* The agent claims, then dies without an answer. */
  f->now += 60;
  batch = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (batch->records->len, ==, 2);
  kiosk_store_close (f->store);
  f->store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  kiosk_test_store_pin_clock (f->store, &f->now);

  none = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (none->records->len, ==, 0);
  g_assert_cmpint (kiosk_outbox_reclaim (f->store, 600, &error), ==, 0);
  f->now += 601;
  g_assert_cmpint (kiosk_outbox_reclaim (f->store, 600, &error), ==, 2);
  g_assert_no_error (error);

  back = kiosk_outbox_claim (f->store, 10, 1 << 20, &error);
  g_assert_cmpuint (back->records->len, ==, 2);
  g_assert_cmpint (((KioskOutboxRecord *) back->records->pdata[0])->attempts, ==, 3);
}

static void
test_check_finds_inconsistency (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *a = add_feedback (f, "one");
  g_autofree char *sql = g_strdup_printf ("DELETE FROM outbox WHERE record_uuid = '%s'", a);

  g_assert_true (kiosk_outbox_check (f->store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_assert_true (kiosk_store_exec (f->store, sql, &error));
  g_assert_true (kiosk_store_exec (f->store,
                                   "INSERT INTO outbox (record_uuid, kind, payload,"
                                   " payload_bytes, created_at) VALUES"
                                   " ('00000000-0000-4000-8000-000000000000', 'report', '{}',"
                                   " 2, 0), ('00000000-0000-4000-8000-000000000001', 'bogus',"
                                   " '{}', 2, 0)", &error));
  g_assert_true (kiosk_outbox_check (f->store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/kiosk/store/outbox/" path, Fixture, NULL, kiosk_test_fixture_set_up_seeded, \
              func, kiosk_test_fixture_tear_down)
  ADD ("commit-is-atomic", test_commit_is_atomic);
  ADD ("claim-is-bounded-fifo", test_claim_is_bounded_fifo);
  ADD ("large-record-claimed-alone", test_large_record_claimed_alone);
  ADD ("payments-go-first", test_payments_go_first);
  ADD ("results-applied", test_results_applied);
  ADD ("release-and-reclaim-after-crash", test_release_and_reclaim);
  ADD ("check-finds-inconsistency", test_check_finds_inconsistency);
#undef ADD

  return g_test_run ();
}
