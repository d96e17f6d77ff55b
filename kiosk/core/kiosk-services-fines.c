/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fines and payments: the visitor's unpaid parking fines and paying them, and the payment
 * rows every paid service (fines, renewals, permits) writes in its own transaction. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services-private.h"

#include "kiosk-payments.h"
#include "kiosk-validate.h"

/* Payments ------------------------------------------------------------------------------- */

static const char *
payment_status_name (KioskPaymentStatus status)
{
  switch (status)
    {
    case KIOSK_PAYMENT_APPROVED_ONLINE:
      return "approved_online";
    case KIOSK_PAYMENT_APPROVED_OFFLINE:
      return "approved_offline";
    case KIOSK_PAYMENT_AWAITING_COUNTER:
      return "awaiting_counter";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
kiosk_services_check_auth (const KioskPaymentAuth *auth,
                           GError                **error)
{
  if (auth == NULL || payment_status_name (auth->status) == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "no valid payment");
      return FALSE;
    }
  if (auth->card_last4 != NULL)
    {
      if (strlen (auth->card_last4) != 4)
        goto bad_card;
      for (guint i = 0; i < 4; i++)
        if (!g_ascii_isdigit (auth->card_last4[i]))
          goto bad_card;
    }
  return TRUE;

bad_card:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "card digits must be 4 digits");
  return FALSE;
}

gboolean
kiosk_services_insert_payment (KioskStore             *store,
                               const char             *purpose,
                               KioskBaisa              amount,
                               const KioskPaymentAuth *auth,
                               KioskRecordRef         *out_ref,
                               GError                **error)
{
  g_autofree char *voucher = NULL;
  sqlite3_stmt *stmt;

  /* The last line of defence for store-and-forward: whatever a payment driver decided, an
   * offline approval beyond the caps is not recorded (checked inside the transaction, so
   * the held total cannot change between check and write). */
  if (auth->status == KIOSK_PAYMENT_APPROVED_OFFLINE)
    {
      KioskOfflineExposure exposure = { 0 };
      KioskOfflineVerdict verdict;

      if (!kiosk_payments_get_exposure (store, &exposure, error))
        return FALSE;
      verdict = kiosk_payments_check_offline (kiosk_payments_get_limits (store), &exposure,
                                              amount, kiosk_store_now (store));
      if (verdict != KIOSK_OFFLINE_ALLOWED)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT,
                       "offline payment of %" G_GINT64_FORMAT " baisa refused (limit %d)",
                       amount, verdict);
          return FALSE;
        }
    }

  if (!kiosk_services_new_ref (store, out_ref, error))
    return FALSE;

  /* The counter voucher is signed in the payment's transaction, like a receipt's code. */
  if (auth->status == KIOSK_PAYMENT_AWAITING_COUNTER &&
      !kiosk_payments_sign_voucher (store, out_ref->reference, out_ref->uuid, amount,
                                    kiosk_store_now (store), &voucher, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO payments (uuid, reference, purpose, method, status,"
                              " amount_baisa, auth_code, card_last4, created_at, voucher_token)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, out_ref->uuid);
  kiosk_bind_text (stmt, 2, out_ref->reference);
  kiosk_bind_text (stmt, 3, purpose);
  kiosk_bind_text (stmt, 4, auth->status == KIOSK_PAYMENT_AWAITING_COUNTER ? "counter" : "card");
  kiosk_bind_text (stmt, 5, payment_status_name (auth->status));
  sqlite3_bind_int64 (stmt, 6, amount);
  kiosk_bind_text (stmt, 7, auth->auth_code);
  kiosk_bind_text (stmt, 8, auth->card_last4);
  sqlite3_bind_int64 (stmt, 9, kiosk_store_now (store));
  kiosk_bind_text (stmt, 10, voucher);
  return kiosk_store_step_done (store, stmt, error);
}

static const KioskChildRows payment_children[] = {
  { "fines", "SELECT fine_number, plate, amount_baisa FROM fine_payments"
             " WHERE payment_uuid = ?1 ORDER BY fine_number" },
  { NULL, NULL },
};

gboolean
kiosk_services_enqueue_payment (KioskStore *store,
                                const char *payment_uuid,
                                GError    **error)
{
  return kiosk_services_enqueue_row (store, KIOSK_KIND_PAYMENT, KIOSK_OUTBOX_PRIORITY_PAYMENT,
                                     "payments", payment_uuid, payment_children, NULL, error);
}

/* Parking fines -------------------------------------------------------------------------- */

void
kiosk_fine_free (KioskFine *fine)
{
  if (fine == NULL)
    return;
  g_free (fine->number);
  g_free (fine->plate);
  g_free (fine->place_ar);
  g_free (fine->place_en);
  g_free (fine->violation_ar);
  g_free (fine->violation_en);
  g_free (fine);
}

GPtrArray *
kiosk_services_list_unpaid_fines (KioskStore *store,
                                  const char *plate,
                                  guint       limit,
                                  GError    **error)
{
  g_autoptr(GPtrArray) fines = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_fine_free);
  g_autofree char *canonical = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (plate != NULL && (canonical = kiosk_validate_plate (plate, error)) == NULL)
    return NULL;

  stmt = kiosk_store_prepare (store,
                              "SELECT number, plate, issued_at, place_ar, place_en,"
                              " violation_ar, violation_en, amount_baisa,"
                              " EXISTS (SELECT 1 FROM fine_payments fp JOIN payments p"
                              "  ON p.uuid = fp.payment_uuid WHERE fp.fine_number = fines.number"
                              "  AND fp.voided = 0 AND " KIOSK_VOUCHER_PENDING_SQL ("p", "?3") ")"
                              " FROM fines"
                              " WHERE status = 'unpaid' AND (?1 IS NULL OR plate = ?1)"
                              " ORDER BY issued_at, number LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, canonical);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskFine *fine = g_new0 (KioskFine, 1);

      fine->number = kiosk_column_dup_text (stmt, 0);
      fine->plate = kiosk_column_dup_text (stmt, 1);
      fine->issued_at = sqlite3_column_int64 (stmt, 2);
      fine->place_ar = kiosk_column_dup_text (stmt, 3);
      fine->place_en = kiosk_column_dup_text (stmt, 4);
      fine->violation_ar = kiosk_column_dup_text (stmt, 5);
      fine->violation_en = kiosk_column_dup_text (stmt, 6);
      fine->amount = sqlite3_column_int64 (stmt, 7);
      fine->awaiting_counter = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (fines, fine);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "list fines", error);
      return NULL;
    }
  return g_steal_pointer (&fines);
}

typedef struct
{
  const char             *plate;
  const char * const     *numbers;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} FinesWrite;

static gboolean
write_fine_payment (KioskStore *store,
                    gpointer    data,
                    GError    **error)
{
  FinesWrite *w = data;
  sqlite3_stmt *stmt;
  KioskBaisa total = 0;

  /* Amounts come from the store, never from the caller. */
  for (guint i = 0; w->numbers[i] != NULL; i++)
    {
      g_autofree char *status = NULL;

      stmt = kiosk_store_prepare (store,
                                  "SELECT amount_baisa, status FROM fines"
                                  " WHERE number = ?1 AND plate = ?2",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->numbers[i]);
      kiosk_bind_text (stmt, 2, w->plate);
      if (!kiosk_services_step_row (store, stmt, "look up fine", KIOSK_ERROR_NOT_FOUND, error,
                                    "no fine %s on plate %s", w->numbers[i], w->plate))
        return FALSE;
      total += sqlite3_column_int64 (stmt, 0);
      status = kiosk_column_dup_text (stmt, 1);
      sqlite3_reset (stmt);
      if (!g_str_equal (status, "unpaid"))
        {
          /* A cancelled fine is not owed; telling the visitor it is "paid" would be wrong. */
          g_set_error (error, KIOSK_ERROR,
                       g_str_equal (status, "paid") ? KIOSK_ERROR_ALREADY_PAID
                                                    : KIOSK_ERROR_CONFLICT,
                       "fine %s is %s", w->numbers[i], status);
          return FALSE;
        }
    }

  /* A voucher that lapsed unpaid holds its fines no longer. */
  stmt = kiosk_store_prepare (store,
                              "UPDATE fine_payments SET voided = 1 WHERE voided = 0"
                              " AND payment_uuid IN (SELECT uuid FROM payments p"
                              "  WHERE p.status = 'awaiting_counter' AND NOT "
                              KIOSK_VOUCHER_PENDING_SQL ("p", "?1") ")",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  if (!kiosk_services_insert_payment (store, "fines", total, w->auth, w->ref, error))
    return FALSE;

  for (guint i = 0; w->numbers[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      stmt = kiosk_store_prepare (store,
                                  "INSERT INTO fine_payments (payment_uuid, fine_number, plate,"
                                  " amount_baisa) SELECT ?1, number, plate, amount_baisa"
                                  " FROM fines WHERE number = ?2",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->ref->uuid);
      kiosk_bind_text (stmt, 2, w->numbers[i]);
      if (!kiosk_store_step_done (store, stmt, &local_error))
        {
          /* The partial unique index: this kiosk already took money for it. */
          if (g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT))
            g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID,
                         "fine %s is already paid at this kiosk (or listed twice)",
                         w->numbers[i]);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* A voucher only holds the fine (its fine_payments row) until the attendant
       * confirms the cash, which marks it paid. */
      if (w->auth->status == KIOSK_PAYMENT_AWAITING_COUNTER)
        continue;
      stmt = kiosk_store_prepare (store,
                                  "UPDATE fines SET status = 'paid', updated_at = ?2"
                                  " WHERE number = ?1",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->numbers[i]);
      sqlite3_bind_int64 (stmt, 2, kiosk_store_now (store));
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }

  return kiosk_services_insert_receipt (store, "fines", w->ref->uuid, w->ref->reference,
                                        w->ref->uuid, total, error) &&
         kiosk_services_enqueue_payment (store, w->ref->uuid, error);
}

gboolean
kiosk_services_pay_fines (KioskStore             *store,
                          const char             *plate,
                          const char * const     *fine_numbers,
                          const KioskPaymentAuth *auth,
                          KioskRecordRef         *out_payment,
                          GError                **error)
{
  g_autofree char *canonical = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  FinesWrite w;

  canonical = kiosk_validate_plate (plate, error);
  if (canonical == NULL || !kiosk_services_check_auth (auth, error))
    return FALSE;
  if (fine_numbers == NULL || fine_numbers[0] == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no fine selected");
      return FALSE;
    }

  w = (FinesWrite) { canonical, fine_numbers, auth, &ref };
  if (!kiosk_services_in_transaction (store, write_fine_payment, &w, error))
    return FALSE;

  kiosk_services_give_ref (&ref, out_payment);
  return TRUE;
}
