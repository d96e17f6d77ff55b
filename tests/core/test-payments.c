/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store-and-forward limits for card payments approved offline: per-transaction cap, total
 * held, age before forwarding; the attendant warning; and the services refusing an offline
 * approval beyond them whatever the payment driver said. */
#define G_LOG_DOMAIN "test-payments"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-payments.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"

static const KioskOfflineLimits limits = { 20000, 50000, 72 };  /* 20 OMR, 50 OMR, 3 days */

static void
test_verdicts (void)
{
  gint64 now = 1800000000;
  KioskOfflineExposure none = { 0, 0, 0 };
  KioskOfflineExposure held = { 2, 35000, now - 3600 };
  KioskOfflineExposure stale = { 1, 1000, now - 72 * 3600 };

  g_assert_cmpint (kiosk_payments_check_offline (&limits, &none, 20000, now), ==,
                   KIOSK_OFFLINE_ALLOWED);
  g_assert_cmpint (kiosk_payments_check_offline (&limits, &none, 20001, now), ==,
                   KIOSK_OFFLINE_OVER_TX_CAP);
  g_assert_cmpint (kiosk_payments_check_offline (&limits, &held, 15000, now), ==,
                   KIOSK_OFFLINE_ALLOWED);
  g_assert_cmpint (kiosk_payments_check_offline (&limits, &held, 15001, now), ==,
                   KIOSK_OFFLINE_OVER_TOTAL_CAP);
  g_assert_cmpint (kiosk_payments_check_offline (&limits, &stale, 100, now), ==,
                   KIOSK_OFFLINE_TOO_OLD);
  g_assert_cmpint (kiosk_payments_check_offline (&limits, &stale, 100, now - 1), ==,
                   KIOSK_OFFLINE_ALLOWED);

  /* Warn at 80 % of the total or of the age limit. */
  g_assert_false (kiosk_payments_should_warn (&limits, &none, now));
  g_assert_false (kiosk_payments_should_warn (&limits, &held, now));
  held.total = 40000;
  g_assert_true (kiosk_payments_should_warn (&limits, &held, now));
  held.total = 1000;
  g_assert_true (kiosk_payments_should_warn (&limits, &held, held.oldest_at + 58 * 3600));
  g_assert_false (kiosk_payments_should_warn (&limits, &held, held.oldest_at + 57 * 3600));
}

static gboolean
pay_permit (KioskTestFixture       *f,
            const KioskPaymentAuth *auth,
            int                     months,
            KioskRecordRef         *ref,
            GError                **error)
{
  return kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", months, NULL,
                                                auth, ref, error);
}

static KioskBaisa
permit_fee (KioskTestFixture *f,
            int               months)
{
  g_autofree char *period = g_strdup_printf ("%d", months);

  return kiosk_test_query_int (f->store, "SELECT amount_baisa FROM fees WHERE service ="
                                         " 'parking_permit' AND variant = 'PZ-RUWI'"
                                         " AND period_months = ?1",
                               period, NULL);
}

static void
test_services_enforce_limits (KioskTestFixture *f,
                              gconstpointer     data)
{
  const KioskPaymentAuth offline = { KIOSK_PAYMENT_APPROVED_OFFLINE, "OFF001", "0007" };
  const KioskPaymentAuth online = { KIOSK_PAYMENT_APPROVED_ONLINE, "ON0001", "0007" };
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) first = { NULL, NULL };
  g_auto(KioskRecordRef) second = { NULL, NULL };
  g_auto(KioskRecordRef) refused = { NULL, NULL };
  KioskOfflineExposure exposure;
  KioskOfflineLimits tight;
  KioskBaisa one_month = permit_fee (f, 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Room for exactly two one-month permits held offline. */
  tight = (KioskOfflineLimits) { one_month, one_month * 2, 72 };
  kiosk_payments_set_limits (f->store, &tight);

  g_assert_true (pay_permit (f, &offline, 1, &first, &error));
  g_assert_true (pay_permit (f, &offline, 1, &second, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_payments_get_exposure (f->store, &exposure, &error));
  g_assert_cmpint (exposure.count, ==, 2);
  g_assert_cmpint (exposure.total, ==, one_month * 2);
  g_assert_cmpint (exposure.oldest_at, ==, f->now);

  /* The third is refused and nothing of it is written; online still works. */
  before = kiosk_test_snapshot_tables (f->store);
  g_assert_false (pay_permit (f, &offline, 1, &refused, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT);
  g_clear_error (&error);
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (pay_permit (f, &online, 1, &refused, &error));
  g_assert_no_error (error);

  /* Once the server acknowledges the first, it is forwarded: room for one more. */
  {
    g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (f->store, 100, 1 << 20, &error);
    g_autoptr(GPtrArray) payment = kiosk_test_query_column (f->store,
                                                            "SELECT payment_uuid FROM"
                                                            " parking_permit_requests"
                                                            " WHERE uuid = ?1",
                                                            first.uuid, NULL);
    KioskOutboxResult result = { g_ptr_array_index (payment, 0), KIOSK_OUTBOX_RESULT_ACCEPTED,
                                 "SRV-1", NULL, 0 };

    g_assert_true (kiosk_outbox_apply_results (f->store, &result, 1, &error));
    g_assert_true (kiosk_outbox_release (f->store, batch->claim_id, 0, NULL, &error));
  }
  g_assert_true (kiosk_payments_get_exposure (f->store, &exposure, &error));
  g_assert_cmpint (exposure.count, ==, 1);
  g_clear_pointer (&refused.uuid, g_free);
  g_clear_pointer (&refused.reference, g_free);
  g_assert_true (pay_permit (f, &offline, 1, &refused, &error));
  g_assert_no_error (error);

  /* Three days after the oldest held one, nothing more offline until it is forwarded. */
  tight.total_cap = one_month * 10;
  kiosk_payments_set_limits (f->store, &tight);
  f->now += 72 * 3600;
  g_assert_false (pay_permit (f, &offline, 1, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT);
}

static void
test_no_limits_no_offline (KioskTestFixture *f,
                           gconstpointer     data)
{
  const KioskPaymentAuth offline = { KIOSK_PAYMENT_APPROVED_OFFLINE, "OFF001", "0007" };
  const KioskOfflineLimits zero = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  /* A kiosk configured with no offline allowance (tx cap 0) never holds card payments. */
  kiosk_payments_set_limits (f->store, &zero);
  g_assert_false (pay_permit (f, &offline, 1, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "payments"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/payments/offline/verdicts-and-warning", test_verdicts);
  g_test_add ("/kiosk/payments/offline/services-enforce-limits", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_services_enforce_limits,
              kiosk_test_fixture_tear_down);
  g_test_add ("/kiosk/payments/offline/no-allowance-no-offline", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_no_limits_no_offline,
              kiosk_test_fixture_tear_down);

  return g_test_run ();
}
