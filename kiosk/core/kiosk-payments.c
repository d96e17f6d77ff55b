/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store-and-forward limits for offline card payments. */
#define G_LOG_DOMAIN "kiosk-payments"

#include "config.h"

#include "kiosk-payments.h"

#include <json-glib/json-glib.h>

#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-outbox-private.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-validate.h"

#define LIMITS_KEY "kiosk-offline-limits"
#define WARN_PERCENT 80

gboolean
kiosk_payments_get_exposure (KioskStore           *store,
                             KioskOfflineExposure *out,
                             GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Held = approved offline and not yet acknowledged by the server. */
  stmt = kiosk_store_prepare (store,
                              "SELECT count (*), coalesce (sum (p.amount_baisa), 0),"
                              " coalesce (min (p.created_at), 0) FROM payments p"
                              " JOIN outbox o ON o.record_uuid = p.uuid"
                              " WHERE p.status = 'approved_offline' AND o.state != 'acked'",
                              error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->count = sqlite3_column_int64 (stmt, 0);
      out->total = sqlite3_column_int64 (stmt, 1);
      out->oldest_at = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "offline exposure", error);
  return TRUE;
}

KioskOfflineVerdict
kiosk_payments_check_offline (const KioskOfflineLimits   *limits,
                              const KioskOfflineExposure *exposure,
                              KioskBaisa                  amount,
                              gint64                      now)
{
  /* Age first: once a held payment is overdue, forwarding is what must happen next. */
  if (exposure->count > 0 &&
      now - exposure->oldest_at >= (gint64) limits->max_age_hours * 3600)
    return KIOSK_OFFLINE_TOO_OLD;
  if (amount > limits->tx_cap)
    return KIOSK_OFFLINE_OVER_TX_CAP;
  if (exposure->total + amount > limits->total_cap)
    return KIOSK_OFFLINE_OVER_TOTAL_CAP;
  return KIOSK_OFFLINE_ALLOWED;
}

gboolean
kiosk_payments_should_warn (const KioskOfflineLimits   *limits,
                            const KioskOfflineExposure *exposure,
                            gint64                      now)
{
  if (exposure->count == 0)
    return FALSE;
  return exposure->total * 100 >= limits->total_cap * WARN_PERCENT ||
         (now - exposure->oldest_at) * 100 >= (gint64) limits->max_age_hours * 3600 * WARN_PERCENT;
}

void
kiosk_payments_set_limits (KioskStore               *store,
                           const KioskOfflineLimits *limits)
{
  kiosk_store_set_data (store, LIMITS_KEY, g_memdup2 (limits, sizeof *limits), g_free);
}

const KioskOfflineLimits *
kiosk_payments_get_limits (KioskStore *store)
{
  static const KioskOfflineLimits none = { 0, 0, 0 };
  const KioskOfflineLimits *limits = kiosk_store_get_data (store, LIMITS_KEY);

  return limits ? limits : &none;
}

gboolean
kiosk_payments_sign_voucher (KioskStore  *store,
                             const char  *reference,
                             const char  *payment_uuid,
                             KioskBaisa   amount,
                             gint64       now,
                             char       **out_token,
                             GError     **error)
{
  KioskTokenFields fields = { 0 };
  g_autoptr(GError) local_error = NULL;

  fields.reference = reference;
  fields.uuid = payment_uuid;
  fields.amount = amount;
  fields.expires_at = now + KIOSK_VOUCHER_VALID_SECONDS;
  *out_token = kiosk_token_sign (store, KIOSK_TOKEN_COUNTER_VOUCHER, &fields, &local_error);
  if (*out_token != NULL)
    return TRUE;
  /* Like a receipt: a missing code must not cost the visitor the service. */
  if (g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND))
    {
      g_warning ("voucher %s has no QR code: %s", reference, local_error->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

typedef struct
{
  char       *uuid;
  char       *reference;
  char       *status;
  char       *voucher_token;
  char       *purpose;
  KioskBaisa  amount;
  gint64      created_at;
} CounterPayment;

static void
counter_payment_clear (CounterPayment *payment)
{
  g_free (payment->uuid);
  g_free (payment->reference);
  g_free (payment->status);
  g_free (payment->voucher_token);
  g_free (payment->purpose);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CounterPayment, counter_payment_clear)

static gboolean
load_payment (KioskStore     *store,
              const char     *uuid,
              const char     *reference,
              CounterPayment *out,
              GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT uuid, reference, status, voucher_token, amount_baisa,"
                              " purpose, created_at"
                              " FROM payments WHERE uuid = ?1 OR reference = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);
  kiosk_bind_text (stmt, 2, reference);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->uuid = kiosk_column_dup_text (stmt, 0);
      out->reference = kiosk_column_dup_text (stmt, 1);
      out->status = kiosk_column_dup_text (stmt, 2);
      out->voucher_token = kiosk_column_dup_text (stmt, 3);
      out->amount = sqlite3_column_int64 (stmt, 4);
      out->purpose = kiosk_column_dup_text (stmt, 5);
      out->created_at = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no payment for this voucher");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "read payment", error);
  return TRUE;
}

static gboolean
attendant_is_active (KioskStore  *store,
                     const char  *attendant_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT 1 FROM attendants WHERE id = ?1"
                                            " AND active = 1",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, attendant_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "read attendant", error);
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN, "no active attendant %s",
               attendant_id);
  return FALSE;
}

/* A typed reference: KIOSKCODE-YYMMDD-NNNN, upper case, nothing else. */
static char *
canonical_reference (const char  *text,
                     GError     **error)
{
  g_autofree char *latin = kiosk_digits_to_latin (text);
  g_autofree char *upper = g_ascii_strup (g_strstrip (latin), -1);
  gsize length = strlen (upper);

  if (length == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no voucher reference");
      return NULL;
    }
  if (length > 32)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG, "voucher reference too long");
      return NULL;
    }
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (upper[i]) && upper[i] != '-')
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "a voucher reference is letters, digits and dashes");
        return NULL;
      }
  return g_steal_pointer (&upper);
}

/* What the cash pays for, now that it is taken: until this, the fines stayed unpaid (held by
 * their fine_payments rows) and the licence or permit kept its old expiry. */
static gboolean
apply_counter_payment (KioskStore     *store,
                       CounterPayment *payment,
                       gint64          now,
                       GError        **error)
{
  const char *sql = NULL;
  sqlite3_stmt *stmt;

  if (g_strcmp0 (payment->purpose, "fines") == 0)
    sql = "UPDATE fines SET status = 'paid', updated_at = ?2 WHERE status = 'unpaid'"
          " AND number IN (SELECT fine_number FROM fine_payments"
          "                WHERE payment_uuid = ?1 AND voided = 0)";
  else if (g_strcmp0 (payment->purpose, "shop_licence") == 0 ||
           g_strcmp0 (payment->purpose, "vehicle_licence") == 0)
    sql = "UPDATE licences SET updated_at = ?2, expires_on = r.new_expiry"
          " FROM licence_renewals r WHERE r.payment_uuid = ?1"
          " AND licences.number = r.licence_number AND r.new_expiry > licences.expires_on";
  else if (g_strcmp0 (payment->purpose, "vehicle_permit") == 0)
    sql = "UPDATE vehicle_permits SET updated_at = ?2, expires_on = r.new_expiry"
          " FROM vehicle_permit_renewals r WHERE r.payment_uuid = ?1"
          " AND vehicle_permits.number = r.permit_number"
          " AND r.new_expiry > vehicle_permits.expires_on";
  /* A parking permit is issued by the municipality from the request and its payment: there
   * is nothing local to apply. */
  if (sql == NULL)
    return TRUE;
  stmt = kiosk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, payment->uuid);
  sqlite3_bind_int64 (stmt, 2, now);
  return kiosk_store_step_done (store, stmt, error);
}

static gboolean
write_confirmation (KioskStore     *store,
                    CounterPayment *payment,
                    const char     *attendant_id,
                    KioskRecordRef *ref,
                    GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *detail = NULL;
  gint64 now = kiosk_store_now (store);
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE payments SET status = 'paid_counter', paid_at = ?2"
                              " WHERE uuid = ?1 AND status = 'awaiting_counter'",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, payment->uuid);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (kiosk_store_get_db (store)) != 1)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID, "voucher %s already paid",
                   payment->reference);
      return FALSE;
    }

  if (!apply_counter_payment (store, payment, now, error))
    return FALSE;

  ref->reference = kiosk_store_next_reference (store, error);
  if (ref->reference == NULL)
    return FALSE;
  ref->uuid = kiosk_uuid_new ();
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO counter_confirmations (uuid, reference, payment_uuid,"
                              " attendant_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, ref->uuid);
  kiosk_bind_text (stmt, 2, ref->reference);
  kiosk_bind_text (stmt, 3, payment->uuid);
  kiosk_bind_text (stmt, 4, attendant_id);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  /* The row as the other kinds send theirs, plus what the server needs to match the cash
   * to the payment it may already hold. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, ref->uuid);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, ref->reference);
  json_builder_set_member_name (builder, "payment_uuid");
  json_builder_add_string_value (builder, payment->uuid);
  json_builder_set_member_name (builder, "payment_reference");
  json_builder_add_string_value (builder, payment->reference);
  json_builder_set_member_name (builder, "amount_baisa");
  json_builder_add_int_value (builder, payment->amount);
  json_builder_set_member_name (builder, "attendant_id");
  json_builder_add_string_value (builder, attendant_id);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, now);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  if (!kiosk_outbox_enqueue (store, ref->uuid, KIOSK_KIND_COUNTER_PAYMENT,
                             KIOSK_OUTBOX_PRIORITY_PAYMENT, payload, NULL, error))
    return FALSE;

  detail = g_strdup_printf ("{\"payment\":\"%s\",\"amount_baisa\":%" G_GINT64_FORMAT "}",
                            payment->reference, payment->amount);
  return kiosk_attendants_audit (store, attendant_id, "counter_payment_confirmed", ref->uuid,
                                 detail, error);
}

/* The voucher an attendant is handling, `voucher_text` scanned (a CV token, verified) or typed
 * (its reference), still waiting for the counter: TRUE inside a transaction begun here, else
 * FALSE with nothing begun. `out_token` (may be NULL) gets the scanned token. */
static gboolean
open_waiting_voucher (KioskStore      *store,
                      const char      *voucher_text,
                      const char      *attendant_id,
                      KioskToken     **out_token,
                      CounterPayment  *payment,
                      GError         **error)
{
  g_autoptr(KioskToken) token = NULL;
  g_autofree char *reference = NULL;

  /* A scanned code is a token; anything else must be a reference. */
  if (g_str_has_prefix (voucher_text, "MK"))
    {
      if (!kiosk_token_verify (store, voucher_text, -1, KIOSK_TOKEN_COUNTER_VOUCHER, &token,
                               error))
        return FALSE;
    }
  else if ((reference = canonical_reference (voucher_text, error)) == NULL)
    return FALSE;

  if (!kiosk_store_begin (store, error))
    return FALSE;
  if (!attendant_is_active (store, attendant_id, error) ||
      !load_payment (store, token ? kiosk_token_get_fields (token)->uuid : NULL, reference,
                     payment, error))
    goto fail;
  if (g_strcmp0 (payment->status, "paid_counter") == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID, "voucher %s already paid",
                   payment->reference);
      goto fail;
    }
  if (g_strcmp0 (payment->status, "awaiting_counter") != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "payment %s is not waiting for the counter (%s)", payment->reference,
                   payment->status);
      goto fail;
    }
  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

gboolean
kiosk_payments_confirm_counter (KioskStore      *store,
                                const char      *voucher_text,
                                const char      *attendant_id,
                                KioskRecordRef  *out_ref,
                                GError         **error)
{
  g_autoptr(KioskToken) token = NULL;
  g_auto(CounterPayment) payment = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  const KioskTokenFields *fields = NULL;

  g_return_val_if_fail (voucher_text != NULL, FALSE);
  g_return_val_if_fail (attendant_id != NULL, FALSE);

  if (!open_waiting_voucher (store, voucher_text, attendant_id, &token, &payment, error))
    return FALSE;
  if (token != NULL)
    fields = kiosk_token_get_fields (token);

  /* Lapsed: even a kiosk without a signing key (no token to check) applies nothing. */
  if (payment.created_at + KIOSK_VOUCHER_VALID_SECONDS <= kiosk_store_now (store))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_EXPIRED, "voucher %s has expired",
                   payment.reference);
      goto fail;
    }
  if (fields != NULL && (fields->amount != payment.amount ||
                         g_strcmp0 (fields->reference, payment.reference) != 0))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "voucher does not match payment %s", payment.reference);
      goto fail;
    }
  /* A typed reference gets the same expiry check as a scanned voucher. */
  if (fields == NULL && payment.voucher_token != NULL)
    {
      g_autoptr(KioskToken) stored = NULL;

      if (!kiosk_token_verify (store, payment.voucher_token, -1, KIOSK_TOKEN_COUNTER_VOUCHER,
                               &stored, error))
        goto fail;
    }

  if (!write_confirmation (store, &payment, attendant_id, &ref, error) ||
      !kiosk_store_commit (store, error))
    goto fail;

  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

gboolean
kiosk_payments_void_counter (KioskStore  *store,
                             const char  *voucher_text,
                             const char  *attendant_id,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  g_auto(CounterPayment) payment = { 0 };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (voucher_text != NULL, FALSE);
  g_return_val_if_fail (attendant_id != NULL, FALSE);

  /* A scanned voucher must verify (an expired one is voided by its typed reference). */
  if (!open_waiting_voucher (store, voucher_text, attendant_id, NULL, &payment, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "UPDATE payments SET status = 'voided'"
                              " WHERE uuid = ?1 AND status = 'awaiting_counter'",
                              error);
  if (stmt == NULL)
    goto fail;
  kiosk_bind_text (stmt, 1, payment.uuid);
  if (!kiosk_store_step_done (store, stmt, error))
    goto fail;
  stmt = kiosk_store_prepare (store,
                              "UPDATE fine_payments SET voided = 1 WHERE payment_uuid = ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  kiosk_bind_text (stmt, 1, payment.uuid);
  if (!kiosk_store_step_done (store, stmt, error))
    goto fail;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payment");
  json_builder_add_string_value (builder, payment.reference);
  json_builder_set_member_name (builder, "amount_baisa");
  json_builder_add_int_value (builder, payment.amount);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason != NULL ? reason : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);
  if (!kiosk_attendants_audit (store, attendant_id, "counter_voucher_voided", payment.uuid,
                               detail, error) ||
      !kiosk_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}
