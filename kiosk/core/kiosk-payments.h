/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store-and-forward limits for card payments approved offline, as card schemes apply them:
 * a cap per transaction, a cap on the total value held offline, and a maximum age after
 * which nothing more is approved offline until the held payments have been forwarded.
 * "Forwarded" means the central server acknowledged the payment's outbox record. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-services.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  KioskBaisa tx_cap;         /* 0: no offline approvals at all */
  KioskBaisa total_cap;
  guint      max_age_hours;
} KioskOfflineLimits;

/* What this kiosk holds offline now. */
typedef struct
{
  gint64     count;
  KioskBaisa total;
  gint64     oldest_at;      /* 0 when nothing is held */
} KioskOfflineExposure;

typedef enum
{
  KIOSK_OFFLINE_ALLOWED,
  KIOSK_OFFLINE_OVER_TX_CAP,     /* this amount alone is over the per-transaction cap */
  KIOSK_OFFLINE_OVER_TOTAL_CAP,  /* it would take the held total over the cap */
  KIOSK_OFFLINE_TOO_OLD,         /* a held payment is past the age limit: forward first */
} KioskOfflineVerdict;

gboolean            kiosk_payments_get_exposure   (KioskStore                 *store,
                                                   KioskOfflineExposure       *out,
                                                   GError                    **error);

/* May a card payment of `amount` be approved offline now? */
KioskOfflineVerdict kiosk_payments_check_offline  (const KioskOfflineLimits   *limits,
                                                   const KioskOfflineExposure *exposure,
                                                   KioskBaisa                  amount,
                                                   gint64                      now);

/* TRUE when the attendant should be warned: 80 % of the total cap or of the age limit
 * reached, so the kiosk is about to stop approving offline. */
gboolean            kiosk_payments_should_warn    (const KioskOfflineLimits   *limits,
                                                   const KioskOfflineExposure *exposure,
                                                   gint64                      now);

/* The limits every offline approval written through this store must respect; the services
 * refuse (KIOSK_ERROR_OFFLINE_LIMIT) an offline payment beyond them, inside their transaction,
 * whatever a payment driver decided. Until set, no offline payment is accepted. */
void                kiosk_payments_set_limits     (KioskStore                 *store,
                                                   const KioskOfflineLimits   *limits);
const KioskOfflineLimits *
                    kiosk_payments_get_limits     (KioskStore                 *store);

/* Counter payments ------------------------------------------------------------------------
 * A visitor who pays at the counter gets a voucher: a CV token the kiosk signs inside the
 * payment's transaction (payments.voucher_token). The attendant takes the cash and confirms
 * the voucher at the kiosk, scanned or by its reference. */

/* How long a voucher can be paid at the counter. */
#define KIOSK_VOUCHER_VALID_SECONDS (72 * 3600)

/* SQL: the payments row `p` is a voucher still waiting for the counter at `now` (an SQL
 * expression): nothing it pays for is applied until an attendant confirms it, and once it
 * lapsed or was voided it applies nothing. */
#define KIOSK_VOUCHER_PENDING_SQL(p, now) \
  "(" p ".status = 'awaiting_counter' AND " p ".created_at + " \
  G_STRINGIFY (KIOSK_VOUCHER_VALID_SECONDS) " > " now ")"

/* The signed CV token for an awaiting_counter payment, inside the caller's transaction.
 * A kiosk without a signing key gets TRUE and a NULL token with a warning: the attendant
 * can still confirm the voucher by its reference. */
gboolean            kiosk_payments_sign_voucher   (KioskStore                 *store,
                                                   const char                 *reference,
                                                   const char                 *payment_uuid,
                                                   KioskBaisa                  amount,
                                                   gint64                      now,
                                                   char                      **out_token,
                                                   GError                    **error);

/* Cash taken for the voucher `voucher_text` (a scanned CV token, or the payment's reference
 * typed): in one transaction the payment becomes paid_counter with paid_at, a
 * counter_confirmations row and its outbox row (counter_payment) are written, and the audit
 * log names `attendant_id`. `out_ref` (optional) is the confirmation's record. Refused, and
 * nothing changed: a forged, altered or expired voucher (KIOSK_ERROR_TOKEN_…), an unknown
 * payment (NOT_FOUND), one already confirmed (ALREADY_PAID), a card payment or a voucher
 * whose amount does not match (INVALID_VALUE), an unknown or inactive attendant
 * (WRONG_PIN). */
gboolean            kiosk_payments_confirm_counter (KioskStore                *store,
                                                    const char                *voucher_text,
                                                    const char                *attendant_id,
                                                    KioskRecordRef            *out_ref,
                                                    GError                   **error);
/* What a confirmation applies, in its transaction: the fines paid, the licence or vehicle
 * permit renewed to the renewal's new expiry (never shortened). Until then the service
 * shows "awaiting payment at the counter" and keeps its old expiry and status. */

/* An attendant voids a voucher nobody paid (the visitor left, or asks again): in one
 * transaction the payment becomes voided, the fines it held are free again, and the audit
 * log names `attendant_id` with `reason` (free text, may be NULL). Refused, and nothing
 * changed: an unknown payment (NOT_FOUND), one already paid (ALREADY_PAID), a card payment
 * or one already voided (INVALID_VALUE), an unknown or inactive attendant (WRONG_PIN). A
 * voided voucher can never be confirmed. `voucher_text` as for confirming. */
gboolean            kiosk_payments_void_counter    (KioskStore                *store,
                                                    const char                *voucher_text,
                                                    const char                *attendant_id,
                                                    const char                *reason,
                                                    GError                   **error);

G_END_DECLS
