/* Store-and-forward limits for card payments approved offline, as card schemes apply them:
 * a cap per transaction, a cap on the total value held offline, and a maximum age after
 * which nothing more is approved offline until the held payments have been forwarded.
 * "Forwarded" means the central server acknowledged the payment's outbox record. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
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

G_END_DECLS
