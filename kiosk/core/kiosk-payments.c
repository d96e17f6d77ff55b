/* Store-and-forward limits for offline card payments. */
#define G_LOG_DOMAIN "kiosk-payments"

#include "config.h"

#include "kiosk-payments.h"

#include "kiosk-store-private.h"

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
