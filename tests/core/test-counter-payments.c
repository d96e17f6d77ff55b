/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pay at the counter: the CV voucher is signed in the payment's transaction, the attendant's
 * confirmation (scanned or typed) writes the payment's new state, its own record and outbox
 * row and the audit line together, and a voucher is paid once only. */
#define G_LOG_DOMAIN "test-counter-payments"

#include "config.h"

#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-lookup.h"
#include "kiosk-outbox.h"
#include "kiosk-payments.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"

static const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };

static void
request_permit (KioskTestFixture       *f,
                const KioskPaymentAuth *auth,
                KioskRecordRef         *ref)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        auth, ref, &error));
  g_assert_no_error (error);
}

static char *
voucher_of (KioskTestFixture *f,
            const char       *record_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_for_record (f->store, record_uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  return g_strdup (receipt->voucher_token);
}

static char *
payment_reference (KioskTestFixture *f,
                   const char       *record_uuid)
{
  g_autoptr(GPtrArray) rows = kiosk_test_query_column (f->store, "SELECT p.reference FROM"
                                                       " payments p JOIN parking_permit_requests"
                                                       " r ON r.payment_uuid = p.uuid"
                                                       " WHERE r.uuid = ?1",
                                                       record_uuid, NULL);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_strdup (rows->pdata[0]);
}

static void
add_attendant (KioskTestFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_attendants_add (f->store, "salim", "Salim Al-Harthi", "2468", &error));
  g_assert_no_error (error);
}

static void
test_voucher_signed_with_payment (KioskTestFixture *f,
                                  gconstpointer     data)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  const KioskTokenFields *fields;

  request_permit (f, &counter, &ref);
  receipt = kiosk_receipts_get_for_record (f->store, ref.uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->payment_status, ==, "awaiting_counter");
  g_assert_cmpstr (receipt->reference, ==, ref.reference);
  g_assert_nonnull (receipt->qr_payload);
  g_assert_nonnull (receipt->voucher_token);

  g_assert_true (kiosk_token_verify (f->store, receipt->voucher_token, -1,
                                     KIOSK_TOKEN_COUNTER_VOUCHER, &token, &error));
  g_assert_no_error (error);
  fields = kiosk_token_get_fields (token);
  g_assert_cmpstr (fields->uuid, ==, receipt->payment_uuid);
  g_assert_cmpint (fields->amount, ==, receipt->amount);
  g_assert_cmpint (fields->expires_at, ==, f->now + KIOSK_VOUCHER_VALID_SECONDS);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE uuid = ?1 AND voucher_token = ?2",
                                         receipt->payment_uuid, receipt->voucher_token, NULL),
                   ==, 1);

  /* A card payment carries no voucher. */
  {
    g_auto(KioskRecordRef) card_ref = { NULL, NULL };
    g_autoptr(KioskReceipt) card_receipt = NULL;

    request_permit (f, &card, &card_ref);
    card_receipt = kiosk_receipts_get_for_record (f->store, card_ref.uuid, &error);
    g_assert_no_error (error);
    g_assert_null (card_receipt->voucher_token);
    g_assert_cmpstr (card_receipt->payment_status, ==, "approved_online");
  }
}

static void
test_confirm_scanned_voucher (KioskTestFixture *f,
                              gconstpointer     data)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_auto(KioskRecordRef) confirmation = { NULL, NULL };
  g_auto(KioskRecordRef) again = { NULL, NULL };
  g_autofree char *voucher = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paid_at = NULL;

  add_attendant (f);
  request_permit (f, &counter, &ref);
  voucher = voucher_of (f, ref.uuid);
  f->now += 600;

  g_assert_true (kiosk_payments_confirm_counter (f->store, voucher, "salim", &confirmation,
                                                 &error));
  g_assert_no_error (error);
  g_assert_nonnull (confirmation.uuid);
  g_assert_true (g_str_has_prefix (confirmation.reference, "TST01-"));

  paid_at = g_strdup_printf ("%" G_GINT64_FORMAT, f->now);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments p"
                                         " JOIN parking_permit_requests r"
                                         " ON r.payment_uuid = p.uuid"
                                         " WHERE r.uuid = ?1 AND p.status = 'paid_counter'"
                                         " AND p.paid_at = ?2",
                                         ref.uuid, paid_at, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM counter_confirmations"
                                         " WHERE uuid = ?1 AND attendant_id = 'salim'",
                                         confirmation.uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM outbox"
                                         " WHERE record_uuid = ?1 AND kind = ?2"
                                         " AND json_extract (payload, '$.attendant_id') = 'salim'"
                                         " AND json_extract (payload, '$.payment_uuid') ="
                                         " (SELECT payment_uuid FROM counter_confirmations"
                                         "  WHERE uuid = ?1)",
                                         confirmation.uuid, KIOSK_KIND_COUNTER_PAYMENT, NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE actor = 'salim'"
                                         " AND action = 'counter_payment_confirmed'"
                                         " AND record_uuid = ?1",
                                         confirmation.uuid, NULL), ==, 1);

  /* What `kiosk-admin check` checks: every record has its outbox row and no more. */
  {
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_true (kiosk_outbox_check (f->store, &problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }

  /* Twice: refused, and nothing written. */
  before = kiosk_test_snapshot_tables (f->store);
  g_assert_false (kiosk_payments_confirm_counter (f->store, voucher, "salim", &again, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID);
  g_assert_null (again.uuid);
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_confirm_typed_reference (KioskTestFixture *f,
                              gconstpointer     data)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *lower = NULL;

  add_attendant (f);
  request_permit (f, &counter, &ref);
  reference = payment_reference (f, ref.uuid);
  /* Typed in lower case with spaces around: still the same voucher. */
  lower = g_strdup_printf ("  %s ", reference);
  for (char *c = lower; *c; c++)
    *c = g_ascii_tolower (*c);
  g_assert_true (kiosk_payments_confirm_counter (f->store, lower, "salim", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE reference = ?1 AND status = 'paid_counter'",
                                         reference, NULL), ==, 1);
}

static void
test_bad_vouchers_change_nothing (KioskTestFixture *f,
                                  gconstpointer     data)
{
  static const struct
  {
    const char *what;
    int         code;
  } typed[] = {
    { "", KIOSK_ERROR_EMPTY },
    { "X'; DROP TABLE payments", KIOSK_ERROR_INVALID_VALUE },
    { "TST01-261130-9999", KIOSK_ERROR_NOT_FOUND },
    { "TST01-261130-00010000000000000000000000000", KIOSK_ERROR_TOO_LONG },
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_auto(KioskRecordRef) card_ref = { NULL, NULL };
  g_autofree char *voucher = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *before = NULL;
  g_autofree char *card_reference = NULL;

  add_attendant (f);
  request_permit (f, &counter, &ref);
  request_permit (f, &card, &card_ref);
  voucher = voucher_of (f, ref.uuid);
  card_reference = payment_reference (f, card_ref.uuid);
  before = kiosk_test_snapshot_tables (f->store);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_payments_confirm_counter (f->store, typed[i].what, "salim", NULL,
                                                      &error));
      g_assert_error (error, KIOSK_ERROR, typed[i].code);
    }

  /* One character of the signed part changed: the signature no longer matches. */
  altered = g_strdup (voucher);
  g_assert_true (g_str_has_prefix (altered, "MK1.CV."));
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_payments_confirm_counter (f->store, altered, "salim", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_BAD_SIGNATURE);
  }
  /* Its first character lost. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_payments_confirm_counter (f->store, voucher + 1, "salim", NULL,
                                                    &error));
    g_assert_nonnull (error);
  }
  /* A card payment is not a voucher. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_payments_confirm_counter (f->store, card_reference, "salim", NULL,
                                                    &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  }
  /* Nobody may confirm without being an attendant. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_payments_confirm_counter (f->store, voucher, "mallory", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN);
  }
  /* Expired: three days and a second later. */
  f->now += KIOSK_VOUCHER_VALID_SECONDS + 1;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_payments_confirm_counter (f->store, voucher, "salim", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_EXPIRED);
  }
  {
    g_autofree char *after = kiosk_test_snapshot_tables (f->store);

    g_assert_cmpstr (before, ==, after);
  }
}

/* Issue 11, item 5: a voucher nobody paid renews nothing --------------------------------- */

typedef struct
{
  const char *service;    /* shop_licence, vehicle_licence, vehicle_permit */
  const char *number;
} Renewable;

static const Renewable shop = { "shop_licence", "17656559" };
static const Renewable vehicle = { "vehicle_licence", "6582676" };
static const Renewable permit = { "vehicle_permit", "VP-2025-01471" };

static gboolean
renew (KioskTestFixture       *f,
       const Renewable        *r,
       const KioskPaymentAuth *auth,
       KioskRecordRef         *ref,
       GError                **error)
{
  if (g_str_equal (r->service, "vehicle_permit"))
    return kiosk_services_renew_vehicle_permit (f->store, r->number, 12, auth, ref, error);
  return kiosk_services_renew_licence (f->store, r->number, 12, auth, ref, error);
}

/* What a visitor sees of it: expiry, status, and whether a voucher waits for the counter. */
static void
looked_up (KioskTestFixture *f,
           const Renewable  *r,
           char            **out_expiry,
           char            **out_status,
           gboolean         *out_awaiting)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (g_str_equal (r->service, "vehicle_permit"))
    {
      KioskVehiclePermit *p;

      found = kiosk_lookup_vehicle_permits (f->store, KIOSK_LOOKUP_BY_NUMBER, r->number, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      p = found->pdata[0];
      *out_expiry = g_strdup (p->expires_on);
      *out_status = g_strdup (p->status);
      *out_awaiting = p->awaiting_counter;
    }
  else
    {
      KioskLicence *l;

      found = kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_NUMBER, r->number, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      l = found->pdata[0];
      *out_expiry = g_strdup (l->expires_on);
      *out_status = g_strdup (l->status);
      *out_awaiting = l->awaiting_counter;
    }
}

static char *
new_expiry_of (KioskTestFixture *f,
               const Renewable  *r,
               const char       *record_uuid)
{
  g_autoptr(GPtrArray) rows = kiosk_test_query_column (
    f->store,
    g_str_equal (r->service, "vehicle_permit")
    ? "SELECT new_expiry FROM vehicle_permit_renewals WHERE uuid = ?1"
    : "SELECT new_expiry FROM licence_renewals WHERE uuid = ?1",
    record_uuid, NULL);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_strdup (rows->pdata[0]);
}

static void
test_renewal_applied_only_when_confirmed (KioskTestFixture *f,
                                          gconstpointer     data)
{
  const Renewable *r = data;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_auto(KioskRecordRef) confirmation = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *status_before = NULL, *renewed = NULL;
  g_autofree char *voucher = NULL;
  gboolean awaiting;

  add_attendant (f);
  looked_up (f, r, &before, &status_before, &awaiting);
  g_assert_false (awaiting);
  renew (f, r, &counter, &ref, &error);
  g_assert_no_error (error);
  renewed = new_expiry_of (f, r, ref.uuid);
  g_assert_cmpstr (renewed, >, before);

  /* Until the cash is taken: the old expiry and status, and the voucher waiting. */
  {
    g_autofree char *expiry = NULL, *status = NULL;

    looked_up (f, r, &expiry, &status, &awaiting);
    g_assert_cmpstr (expiry, ==, before);
    g_assert_cmpstr (status, ==, status_before);
    g_assert_true (awaiting);
  }

  f->now += 3600;
  voucher = voucher_of (f, ref.uuid);
  g_assert_true (kiosk_payments_confirm_counter (f->store, voucher, "salim", &confirmation,
                                                 &error));
  g_assert_no_error (error);
  {
    g_autofree char *expiry = NULL, *status = NULL;

    looked_up (f, r, &expiry, &status, &awaiting);
    g_assert_cmpstr (expiry, ==, renewed);
    g_assert_cmpstr (status, ==, status_before);
    g_assert_false (awaiting);
  }
}

static void
test_expired_or_voided_voucher_applies_nothing (KioskTestFixture *f,
                                                gconstpointer     data)
{
  const Renewable *r = data;
  g_auto(KioskRecordRef) lapsed = { NULL, NULL };
  g_auto(KioskRecordRef) voided = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *status = NULL, *expiry = NULL, *status_after = NULL;
  g_autofree char *lapsed_voucher = NULL, *voided_voucher = NULL;
  gboolean awaiting;

  add_attendant (f);
  looked_up (f, r, &before, &status, &awaiting);
  renew (f, r, &counter, &lapsed, &error);
  g_assert_no_error (error);
  lapsed_voucher = voucher_of (f, lapsed.uuid);

  /* Voided by the attendant: never confirmed afterwards. */
  f->now += 60;
  renew (f, r, &counter, &voided, &error);
  g_assert_no_error (error);
  voided_voucher = voucher_of (f, voided.uuid);
  g_assert_true (kiosk_payments_void_counter (f->store, voided_voucher, "salim", "visitor left",
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE action = 'counter_voucher_voided'"
                                         " AND actor = 'salim'"
                                         " AND json_extract (detail, '$.reason') = 'visitor left'",
                                         NULL), ==, 1);
  g_assert_false (kiosk_payments_confirm_counter (f->store, voided_voucher, "salim", NULL,
                                                  &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (kiosk_payments_void_counter (f->store, voided_voucher, "salim", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Lapsed: 72 hours later nothing can confirm it, scanned or typed. */
  f->now += KIOSK_VOUCHER_VALID_SECONDS;
  g_assert_false (kiosk_payments_confirm_counter (f->store, lapsed_voucher, "salim", NULL,
                                                  &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) refs = kiosk_test_query_column (f->store, "SELECT p.reference FROM"
                                                         " receipts r JOIN payments p"
                                                         " ON p.uuid = r.payment_uuid"
                                                         " WHERE r.record_uuid = ?1",
                                                         lapsed.uuid, NULL);

    g_assert_cmpuint (refs->len, ==, 1);
    g_assert_false (kiosk_payments_confirm_counter (f->store, refs->pdata[0], "salim", NULL,
                                                    &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_EXPIRED);
    g_clear_error (&error);
  }

  looked_up (f, r, &expiry, &status_after, &awaiting);
  g_assert_cmpstr (expiry, ==, before);
  g_assert_cmpstr (status_after, ==, status);
  g_assert_false (awaiting);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "counter_confirmations"), ==, 0);
}

static void
test_fines_held_until_confirmed (KioskTestFixture *f,
                                 gconstpointer     data)
{
  const char *numbers[] = { "PF2025-000042", NULL };
  g_auto(KioskRecordRef) first = { NULL, NULL };
  g_auto(KioskRecordRef) second = { NULL, NULL };
  g_auto(KioskRecordRef) third = { NULL, NULL };
  g_autoptr(GPtrArray) unpaid = NULL;
  g_autoptr(GError) error = NULL;
  KioskFine *fine;

  add_attendant (f);
  g_assert_true (kiosk_services_pay_fines (f->store, "9415 H", numbers, &counter, &first,
                                           &error));
  g_assert_no_error (error);
  /* Still owed, shown as waiting for the counter, and not taken twice. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM fines WHERE"
                                         " number = 'PF2025-000042' AND status = 'unpaid'",
                                         NULL), ==, 1);
  unpaid = kiosk_services_list_unpaid_fines (f->store, "9415 H", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unpaid->len, >=, 1);
  fine = unpaid->pdata[0];
  g_assert_cmpstr (fine->number, ==, "PF2025-000042");
  g_assert_true (fine->awaiting_counter);
  g_assert_false (kiosk_services_pay_fines (f->store, "9415 H", numbers, &card, &second,
                                            &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID);
  g_clear_error (&error);

  /* Voided: free again, paid by card, paid for good. */
  g_assert_true (kiosk_payments_void_counter (f->store, first.reference, "salim", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&unpaid, g_ptr_array_unref);
  unpaid = kiosk_services_list_unpaid_fines (f->store, "9415 H", 0, &error);
  g_assert_false (((KioskFine *) unpaid->pdata[0])->awaiting_counter);
  g_assert_true (kiosk_services_pay_fines (f->store, "9415 H", numbers, &counter, &second,
                                           &error));
  g_assert_no_error (error);

  /* Lapsed unpaid: the hold goes; confirmed: paid. */
  f->now += KIOSK_VOUCHER_VALID_SECONDS + 1;
  g_clear_pointer (&unpaid, g_ptr_array_unref);
  unpaid = kiosk_services_list_unpaid_fines (f->store, "9415 H", 0, &error);
  g_assert_false (((KioskFine *) unpaid->pdata[0])->awaiting_counter);
  g_assert_true (kiosk_services_pay_fines (f->store, "9415 H", numbers, &counter, &third,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_payments_confirm_counter (f->store, third.reference, "salim", NULL,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM fines WHERE"
                                         " number = 'PF2025-000042' AND status = 'paid'",
                                         NULL), ==, 1);
}

static void
test_void_refuses_what_is_not_an_unpaid_voucher (KioskTestFixture *f,
                                                 gconstpointer     data)
{
  g_auto(KioskRecordRef) paid = { NULL, NULL };
  g_auto(KioskRecordRef) by_card = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *voucher = NULL;
  g_autofree char *card_reference = NULL;

  add_attendant (f);
  request_permit (f, &counter, &paid);
  voucher = voucher_of (f, paid.uuid);
  g_assert_false (kiosk_payments_void_counter (f->store, voucher, "nobody", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_true (kiosk_payments_confirm_counter (f->store, voucher, "salim", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_payments_void_counter (f->store, voucher, "salim", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID);
  g_clear_error (&error);

  request_permit (f, &card, &by_card);
  card_reference = payment_reference (f, by_card.uuid);
  g_assert_false (kiosk_payments_void_counter (f->store, card_reference, "salim", NULL,
                                               &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (kiosk_payments_void_counter (f->store, "TST01-991231-9999", "salim", NULL,
                                               &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE status = 'voided'", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up_seeded, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/payments/counter/voucher-signed-in-payment-transaction",
       test_voucher_signed_with_payment);
  ADD ("/kiosk/payments/counter/scanned-voucher-confirmed-once", test_confirm_scanned_voucher);
  ADD ("/kiosk/payments/counter/typed-reference-confirmed", test_confirm_typed_reference);
  ADD ("/kiosk/payments/counter/bad-vouchers-change-nothing", test_bad_vouchers_change_nothing);
  ADD ("/kiosk/payments/counter/fines-held-until-confirmed", test_fines_held_until_confirmed);
  ADD ("/kiosk/payments/counter/void-refuses-what-is-not-an-unpaid-voucher",
       test_void_refuses_what_is_not_an_unpaid_voucher);
#undef ADD
#define ADD_RENEWABLE(name, r) \
  g_test_add ("/kiosk/payments/counter/" name "/renewed-only-when-confirmed", KioskTestFixture, \
              r, kiosk_test_fixture_set_up_seeded, test_renewal_applied_only_when_confirmed, \
              kiosk_test_fixture_tear_down); \
  g_test_add ("/kiosk/payments/counter/" name "/expired-or-voided-voucher-applies-nothing", \
              KioskTestFixture, r, kiosk_test_fixture_set_up_seeded, \
              test_expired_or_voided_voucher_applies_nothing, kiosk_test_fixture_tear_down)
  ADD_RENEWABLE ("shop-licence", &shop);
  ADD_RENEWABLE ("vehicle-licence", &vehicle);
  ADD_RENEWABLE ("vehicle-permit", &permit);
#undef ADD_RENEWABLE

  return g_test_run ();
}
