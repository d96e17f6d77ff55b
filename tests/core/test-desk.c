/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attendant's desk in the core: what waits for action (a receipt not printed until it
 * is, a failed card reversal until handled, the central's refusals), finding a receipt of the
 * last 7 days by reference or scanned code, and each action audited for the server. */
#define G_LOG_DOMAIN "test-desk"

#include "config.h"

#include "kiosk-attendants.h"
#include "kiosk-desk.h"
#include "kiosk-error.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };

static char *
request_permit (KioskTestFixture *f)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &card, &ref, &error));
  g_assert_no_error (error);
  return g_strdup (ref.reference);
}

static guint
count_kind (GPtrArray          *alerts,
            KioskDeskAlertKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < alerts->len; i++)
    n += ((KioskDeskAlert *) alerts->pdata[i])->kind == kind;
  return n;
}

static const KioskDeskAlert *
first_of (GPtrArray          *alerts,
          KioskDeskAlertKind  kind)
{
  for (guint i = 0; i < alerts->len; i++)
    if (((KioskDeskAlert *) alerts->pdata[i])->kind == kind)
      return alerts->pdata[i];
  g_assert_not_reached ();
}

static void
test_alerts_wait_until_dealt_with (KioskTestFixture *f,
                                   gconstpointer     data)
{
  g_autofree char *reference = request_permit (f);
  g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_by_reference (f->store, reference, NULL);
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;
  const KioskDeskAlert *alert;

  g_assert_true (kiosk_attendants_add (f->store, "salim", "Salim", "2468", &error));
  alerts = kiosk_desk_list_alerts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  g_assert_true (kiosk_attendants_audit (f->store, "kiosk", KIOSK_AUDIT_RECEIPT_NOT_PRINTED,
                                         receipt->uuid, "{\"printer\":\"paper-out\"}", &error));
  g_assert_true (kiosk_attendants_audit (f->store, "kiosk", KIOSK_AUDIT_CARD_REVERSAL_FAILED,
                                         NULL, "{\"amount_baisa\":7000,\"auth_code\":\"AB12\","
                                         "\"card_last4\":\"4242\"}", &error));
  g_assert_true (kiosk_store_exec (f->store, "INSERT INTO payment_rejections (record_uuid, kind,"
                                             " reference, code, reason, rejected_at) VALUES"
                                             " ('3f0c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',"
                                             " 'payment', 'TST01-261130-0099', 'amount_mismatch',"
                                             " 'the fines total 10.000, not 0.001', 1796018400)",
                                   &error));
  g_assert_no_error (error);

  alerts = kiosk_desk_list_alerts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 3);
  alert = first_of (alerts, KIOSK_DESK_ALERT_NOT_PRINTED);
  g_assert_cmpstr (alert->reference, ==, reference);
  g_assert_cmpstr (alert->code, ==, "paper-out");
  alert = first_of (alerts, KIOSK_DESK_ALERT_REVERSAL_FAILED);
  g_assert_cmpint (alert->amount, ==, 7000);
  g_assert_cmpstr (alert->code, ==, "AB12");
  g_assert_cmpstr (alert->card_last4, ==, "4242");
  failure = g_strdup (alert->id);
  alert = first_of (alerts, KIOSK_DESK_ALERT_PAYMENT_REJECTED);
  g_assert_cmpstr (alert->code, ==, "amount_mismatch");
  g_assert_cmpstr (alert->reason, ==, "the fines total 10.000, not 0.001");

  /* Printed (a reprint), handled: they leave the list, audited. */
  g_assert_true (kiosk_receipts_mark_printed (f->store, receipt->uuid, &error));
  g_assert_true (kiosk_desk_handle_reversal (f->store, "salim", failure, "refunded in cash",
                                             &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_desk_handle_reversal (f->store, "salim", failure, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID);
  g_clear_error (&error);
  g_assert_false (kiosk_desk_handle_reversal (f->store, "salim", "no-such", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM outbox o JOIN audit_log a"
                                         " ON a.uuid = o.record_uuid WHERE o.kind = 'audit_entry'"
                                         " AND a.action = 'card_reversal_handled'"
                                         " AND json_extract (a.detail, '$.note')"
                                         " = 'refunded in cash'", NULL), ==, 1);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = kiosk_desk_list_alerts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (alerts, KIOSK_DESK_ALERT_NOT_PRINTED), ==, 0);
  g_assert_cmpuint (count_kind (alerts, KIOSK_DESK_ALERT_REVERSAL_FAILED), ==, 0);
  g_assert_cmpuint (count_kind (alerts, KIOSK_DESK_ALERT_PAYMENT_REJECTED), ==, 1);
}

static void
test_receipt_found_for_seven_days (KioskTestFixture *f,
                                   gconstpointer     data)
{
  g_autofree char *reference = request_permit (f);
  g_autoptr(KioskReceipt) by_reference = NULL;
  g_autoptr(KioskReceipt) by_code = NULL;
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  g_autofree char *forged = NULL;

  by_reference = kiosk_desk_find_receipt (f->store, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_reference->reference, ==, reference);
  by_code = kiosk_desk_find_receipt (f->store, by_reference->qr_payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_code->uuid, ==, by_reference->uuid);

  /* An altered code is refused for what it is. */
  forged = g_strdup (by_reference->qr_payload);
  forged[strlen (forged) - 2] = forged[strlen (forged) - 2] == 'A' ? 'B' : 'A';
  g_assert_null (kiosk_desk_find_receipt (f->store, forged, &error));
  g_assert_nonnull (error);
  g_assert_true (error->code != KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (kiosk_desk_find_receipt (f->store, "TST01-991231-0001", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  f->now += KIOSK_DESK_REPRINT_DAYS * 86400 - 60;
  receipt = kiosk_desk_find_receipt (f->store, reference, &error);
  g_assert_no_error (error);
  f->now += 120;
  g_assert_null (kiosk_desk_find_receipt (f->store, reference, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up_seeded, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/desk/alerts-wait-until-dealt-with", test_alerts_wait_until_dealt_with);
  ADD ("/kiosk/desk/receipt-found-for-seven-days", test_receipt_found_for_seven_days);
#undef ADD

  return g_test_run ();
}
