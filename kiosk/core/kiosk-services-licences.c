/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licences and permits: quotes (fee and late penalty) and renewals of trade and vehicle
 * licences and of vehicle permits, and new parking permits; each paid in its transaction. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services-private.h"

#include <stdio.h>

#include "kiosk-validate.h"

void
kiosk_quote_clear (KioskQuote *quote)
{
  g_clear_pointer (&quote->new_expiry, g_free);
  quote->fee = quote->penalty = 0;
  quote->months_late = 0;
}

/* Fees and renewals ----------------------------------------------------------------------- */

static GDate *
parse_date (const char *iso)
{
  GDate *date = g_date_new ();
  int y, m, d;
  char tail;

  if (iso != NULL && sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy (d, m, y))
    g_date_set_dmy (date, d, m, y);
  return date;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static GDate *
today (KioskStore *store)
{
  g_autoptr(GDateTime) now = kiosk_store_now_local (store);

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

/* Fee for the period, and the late penalty: per month started since expiry, up to the cap. */
static gboolean
quote (KioskStore *store,
       const char *service,
       const char *variant,
       int         period_months,
       const char *expires_on,
       KioskQuote *out,
       GError    **error)
{
  g_autoptr(GDate) expiry = parse_date (expires_on);
  g_autoptr(GDate) now = today (store);
  g_autoptr(GDate) base = NULL;
  sqlite3_stmt *stmt;
  KioskBaisa per_month = 0, cap = 0;

  stmt = kiosk_store_prepare (store,
                              "SELECT amount_baisa, late_penalty_baisa, late_penalty_cap_baisa"
                              " FROM fees WHERE service = ?1 AND variant = ?2"
                              " AND period_months = ?3",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, service);
  kiosk_bind_text (stmt, 2, variant);
  sqlite3_bind_int (stmt, 3, period_months);
  if (!kiosk_services_step_row (store, stmt, "look up fee", KIOSK_ERROR_NO_FEE, error,
                                "no fee for %s %s over %d months", service, variant,
                                period_months))
    return FALSE;
  out->fee = sqlite3_column_int64 (stmt, 0);
  per_month = sqlite3_column_int64 (stmt, 1);
  cap = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  /* Months are counted from the expiry itself each time: stepping one month at a time
   * would carry GLib's end-of-month clamping (31st -> 30th -> 28th) into later months. */
  out->months_late = 0;
  if (g_date_valid (expiry) && g_date_compare (expiry, now) < 0)
    {
      g_autoptr(GDate) step = g_date_copy (expiry);
      while (g_date_compare (step, now) < 0 && out->months_late < 1200)
        {
          out->months_late++;
          *step = *expiry;
          g_date_add_months (step, (guint) out->months_late);
        }
    }
  out->penalty = MIN (per_month * out->months_late, cap > 0 ? cap : per_month * out->months_late);

  /* A renewal extends from the old expiry when still valid, else from today. */
  base = g_date_copy (g_date_valid (expiry) && g_date_compare (expiry, now) >= 0 ? expiry : now);
  g_date_add_months (base, (guint) period_months);
  g_free (out->new_expiry);
  out->new_expiry = format_date (base);
  return TRUE;
}

typedef struct
{
  char *kind;
  char *fee_variant;
  char *expires_on;
  char *status;
  char *block_reason;
  char *plate;
} Licence;

static void
licence_clear (Licence *licence)
{
  g_free (licence->kind);
  g_free (licence->fee_variant);
  g_free (licence->expires_on);
  g_free (licence->status);
  g_free (licence->block_reason);
  g_free (licence->plate);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Licence, licence_clear)

static gboolean
load_licence (KioskStore *store,
              const char *number,
              Licence    *out,
              GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "SELECT kind, fee_variant, expires_on, status, block_reason, plate"
                              " FROM licences WHERE number = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, number);
  if (!kiosk_services_step_row (store, stmt, "look up licence", KIOSK_ERROR_NOT_FOUND, error,
                                "no licence %s", number))
    return FALSE;
  out->kind = kiosk_column_dup_text (stmt, 0);
  out->fee_variant = kiosk_column_dup_text (stmt, 1);
  out->expires_on = kiosk_column_dup_text (stmt, 2);
  out->status = kiosk_column_dup_text (stmt, 3);
  out->block_reason = kiosk_column_dup_text (stmt, 4);
  out->plate = kiosk_column_dup_text (stmt, 5);
  sqlite3_reset (stmt);

  if (!g_str_equal (out->status, "active"))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LICENCE_BLOCKED, "licence %s is %s%s%s",
                   number, out->status, out->block_reason ? ": " : "",
                   out->block_reason ? out->block_reason : "");
      return FALSE;
    }

  if (out->plate != NULL && g_str_equal (out->kind, "vehicle") &&
      kiosk_services_exists (store, "SELECT 1 FROM fines WHERE plate = ?1 AND status = 'unpaid'",
                             out->plate, NULL, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_UNPAID_FINES,
                   "plate %s has unpaid parking fines", out->plate);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_services_quote_licence (KioskStore *store,
                              const char *licence_number,
                              int         period_months,
                              KioskQuote *out_quote,
                              GError    **error)
{
  g_autofree char *number = kiosk_validate_licence_number (licence_number, error);
  g_auto(Licence) licence = { 0 };
  g_autofree char *service = NULL;

  if (number == NULL || !load_licence (store, number, &licence, error))
    return FALSE;
  service = g_strconcat (licence.kind, "_licence", NULL);
  return quote (store, service, licence.fee_variant, period_months, licence.expires_on,
                out_quote, error);
}

typedef struct
{
  const char             *table;    /* licence_renewals or vehicle_permit_renewals */
  const char             *kind;     /* outbox kind */
  const char             *purpose;  /* payments.purpose */
  const char             *number;
  const char             *licence_kind;
  const char             *plate;
  int                     period_months;
  const KioskQuote       *quote;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} RenewalWrite;

static gboolean
write_renewal (KioskStore *store,
               gpointer    data,
               GError    **error)
{
  RenewalWrite *w = data;
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  KioskBaisa total = w->quote->fee + w->quote->penalty;
  gboolean licence = g_str_equal (w->table, "licence_renewals");
  sqlite3_stmt *stmt;

  if (total <= 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_FEE, "no amount to pay");
      return FALSE;
    }
  if (!kiosk_services_insert_payment (store, w->purpose, total, w->auth, &payment, error) ||
      !kiosk_services_enqueue_payment (store, payment.uuid, error) ||
      !kiosk_services_new_ref (store, w->ref, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              licence
                              ? "INSERT INTO licence_renewals (uuid, reference, licence_number,"
                                " kind, period_months, fee_baisa, penalty_baisa, new_expiry,"
                                " payment_uuid, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                              : "INSERT INTO vehicle_permit_renewals (uuid, reference,"
                                " permit_number, plate, period_months, fee_baisa, new_expiry,"
                                " payment_uuid, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6 + ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->number);
  kiosk_bind_text (stmt, 4, licence ? w->licence_kind : w->plate);
  sqlite3_bind_int (stmt, 5, w->period_months);
  sqlite3_bind_int64 (stmt, 6, w->quote->fee);
  sqlite3_bind_int64 (stmt, 7, w->quote->penalty);
  kiosk_bind_text (stmt, 8, w->quote->new_expiry);
  kiosk_bind_text (stmt, 9, payment.uuid);
  sqlite3_bind_int64 (stmt, 10, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  /* Paid: the local copy shows the new expiry at once; the next pull confirms it. A voucher
   * for the counter renews nothing until the attendant confirms the cash
   * (kiosk_payments_confirm_counter applies it). */
  if (w->auth->status != KIOSK_PAYMENT_AWAITING_COUNTER)
    {
      stmt = kiosk_store_prepare (store,
                                  licence
                                  ? "UPDATE licences SET expires_on = ?2, updated_at = ?3"
                                    " WHERE number = ?1"
                                  : "UPDATE vehicle_permits SET expires_on = ?2, updated_at = ?3"
                                    " WHERE number = ?1",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->number);
      kiosk_bind_text (stmt, 2, w->quote->new_expiry);
      sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }

  return kiosk_services_insert_receipt (store, w->purpose, w->ref->uuid, w->ref->reference,
                                        payment.uuid, total, error) &&
         kiosk_services_enqueue_row (store, w->kind, KIOSK_OUTBOX_PRIORITY_NORMAL, w->table,
                                     w->ref->uuid, NULL, NULL, error);
}

static gboolean
run_renewal (KioskStore     *store,
             RenewalWrite   *w,
             KioskRecordRef *out_ref,
             GError        **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };

  if (!kiosk_services_check_auth (w->auth, error))
    return FALSE;
  w->ref = &ref;
  if (!kiosk_services_in_transaction (store, write_renewal, w, error))
    return FALSE;
  kiosk_services_give_ref (&ref, out_ref);
  return TRUE;
}

gboolean
kiosk_services_renew_licence (KioskStore             *store,
                              const char             *licence_number,
                              int                     period_months,
                              const KioskPaymentAuth *auth,
                              KioskRecordRef         *out_ref,
                              GError                **error)
{
  g_autofree char *number = kiosk_validate_licence_number (licence_number, error);
  g_autofree char *purpose = NULL;
  g_auto(Licence) licence = { 0 };
  g_auto(KioskQuote) q = { 0 };
  RenewalWrite w = { 0 };

  if (number == NULL || !load_licence (store, number, &licence, error))
    return FALSE;
  purpose = g_strconcat (licence.kind, "_licence", NULL);
  if (!quote (store, purpose, licence.fee_variant, period_months, licence.expires_on, &q,
              error))
    return FALSE;

  w = (RenewalWrite) { "licence_renewals", KIOSK_KIND_LICENCE_RENEWAL, purpose, number,
                       licence.kind, licence.plate, period_months, &q, auth, NULL };
  return run_renewal (store, &w, out_ref, error);
}

/* An active permit's plate and expiry, or an error saying why it cannot be renewed here. */
static gboolean
load_permit (KioskStore *store,
             const char *permit_number,
             char      **out_plate,
             char      **out_expires_on,
             GError    **error)
{
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;

  if (permit_number == NULL || *permit_number == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no permit number");
      return FALSE;
    }
  stmt = kiosk_store_prepare (store,
                              "SELECT plate, expires_on, status FROM vehicle_permits"
                              " WHERE number = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, permit_number);
  if (!kiosk_services_step_row (store, stmt, "look up permit", KIOSK_ERROR_NOT_FOUND, error,
                                "no vehicle permit %s", permit_number))
    return FALSE;
  *out_plate = kiosk_column_dup_text (stmt, 0);
  *out_expires_on = kiosk_column_dup_text (stmt, 1);
  status = kiosk_column_dup_text (stmt, 2);
  sqlite3_reset (stmt);
  if (!g_str_equal (status, "active"))
    {
      g_clear_pointer (out_plate, g_free);
      g_clear_pointer (out_expires_on, g_free);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LICENCE_BLOCKED, "permit %s is %s",
                   permit_number, status);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_services_quote_vehicle_permit (KioskStore *store,
                                     const char *permit_number,
                                     int         period_months,
                                     KioskQuote *out_quote,
                                     GError    **error)
{
  g_autofree char *plate = NULL;
  g_autofree char *expires_on = NULL;

  return load_permit (store, permit_number, &plate, &expires_on, error) &&
         quote (store, "vehicle_permit", "standard", period_months, expires_on, out_quote,
                error);
}

gboolean
kiosk_services_renew_vehicle_permit (KioskStore             *store,
                                     const char             *permit_number,
                                     int                     period_months,
                                     const KioskPaymentAuth *auth,
                                     KioskRecordRef         *out_ref,
                                     GError                **error)
{
  g_autofree char *plate = NULL;
  g_autofree char *expires_on = NULL;
  g_auto(KioskQuote) q = { 0 };
  RenewalWrite w = { 0 };

  if (!load_permit (store, permit_number, &plate, &expires_on, error) ||
      !quote (store, "vehicle_permit", "standard", period_months, expires_on, &q, error))
    return FALSE;

  w = (RenewalWrite) { "vehicle_permit_renewals", KIOSK_KIND_VEHICLE_PERMIT_RENEWAL,
                       "vehicle_permit", permit_number, NULL, plate, period_months, &q, auth,
                       NULL };
  return run_renewal (store, &w, out_ref, error);
}

/* Parking permits ----------------------------------------------------------------------- */

typedef struct
{
  char                   *plate;
  const char             *zone_code;
  int                     period_months;
  KioskBaisa              fee;
  char                   *phone;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} PermitWrite;

static gboolean
write_parking_permit (KioskStore *store,
                      gpointer    data,
                      GError    **error)
{
  PermitWrite *w = data;
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  sqlite3_stmt *stmt;

  if (!kiosk_services_insert_payment (store, "parking_permit", w->fee, w->auth, &payment,
                                      error) ||
      !kiosk_services_enqueue_payment (store, payment.uuid, error) ||
      !kiosk_services_new_ref (store, w->ref, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO parking_permit_requests (uuid, reference, plate,"
                              " zone_code, period_months, fee_baisa, phone, payment_uuid,"
                              " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif (?7, ''),"
                              " ?8, ?9)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->plate);
  kiosk_bind_text (stmt, 4, w->zone_code);
  sqlite3_bind_int (stmt, 5, w->period_months);
  sqlite3_bind_int64 (stmt, 6, w->fee);
  kiosk_bind_text (stmt, 7, w->phone);
  kiosk_bind_text (stmt, 8, payment.uuid);
  sqlite3_bind_int64 (stmt, 9, kiosk_store_now (store));

  return kiosk_store_step_done (store, stmt, error) &&
         kiosk_services_insert_receipt (store, "parking_permit", w->ref->uuid,
                                        w->ref->reference, payment.uuid, w->fee, error) &&
         kiosk_services_enqueue_row (store, KIOSK_KIND_PARKING_PERMIT_REQUEST,
                                     KIOSK_OUTBOX_PRIORITY_NORMAL, "parking_permit_requests",
                                     w->ref->uuid, NULL, NULL, error);
}

gboolean
kiosk_services_quote_parking_permit (KioskStore *store,
                                     const char *zone_code,
                                     int         period_months,
                                     KioskQuote *out_quote,
                                     GError    **error)
{
  if (zone_code == NULL || *zone_code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no parking zone chosen");
      return FALSE;
    }
  /* A new permit starts today: no expiry to extend, no penalty. */
  return quote (store, "parking_permit", zone_code, period_months, NULL, out_quote, error);
}

gboolean
kiosk_services_request_parking_permit (KioskStore             *store,
                                       const char             *plate,
                                       const char             *zone_code,
                                       int                     period_months,
                                       const char             *phone,
                                       const KioskPaymentAuth *auth,
                                       KioskRecordRef         *out_ref,
                                       GError                **error)
{
  g_autofree char *clean_plate = NULL;
  g_autofree char *clean_phone = NULL;
  g_auto(KioskQuote) q = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  PermitWrite w;

  if ((clean_plate = kiosk_validate_plate (plate, error)) == NULL ||
      (clean_phone = kiosk_services_optional_phone (phone, error)) == NULL ||
      !kiosk_services_check_auth (auth, error))
    return FALSE;
  if (!kiosk_services_quote_parking_permit (store, zone_code, period_months, &q, error))
    return FALSE;

  w = (PermitWrite) { clean_plate, zone_code, period_months, q.fee, clean_phone, auth, &ref };
  if (!kiosk_services_in_transaction (store, write_parking_permit, &w, error))
    return FALSE;
  kiosk_services_give_ref (&ref, out_ref);
  return TRUE;
}
