/* Receipts as the receipt page shows them. */
#define G_LOG_DOMAIN "kiosk-receipts"

#include "config.h"

#include "kiosk-receipts.h"

#include "kiosk-error.h"
#include "kiosk-store-private.h"

void
kiosk_receipt_free (KioskReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->uuid);
  g_free (receipt->reference);
  g_free (receipt->service);
  g_free (receipt->record_uuid);
  g_free (receipt->payment_uuid);
  g_free (receipt->payment_status);
  g_free (receipt->voucher_token);
  g_free (receipt->qr_payload);
  g_free (receipt);
}

KioskReceipt *
kiosk_receipts_get_for_record (KioskStore  *store,
                               const char  *record_uuid,
                               GError     **error)
{
  g_autoptr(KioskReceipt) receipt = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (record_uuid != NULL, NULL);

  stmt = kiosk_store_prepare (store,
                              "SELECT r.uuid, r.reference, r.service, r.record_uuid,"
                              " r.payment_uuid, p.status, p.voucher_token, r.qr_payload,"
                              " r.amount_baisa, r.created_at"
                              " FROM receipts r LEFT JOIN payments p ON p.uuid = r.payment_uuid"
                              " WHERE r.record_uuid = ?1 ORDER BY r.created_at DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, record_uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      receipt = g_new0 (KioskReceipt, 1);
      receipt->uuid = kiosk_column_dup_text (stmt, 0);
      receipt->reference = kiosk_column_dup_text (stmt, 1);
      receipt->service = kiosk_column_dup_text (stmt, 2);
      receipt->record_uuid = kiosk_column_dup_text (stmt, 3);
      receipt->payment_uuid = kiosk_column_dup_text (stmt, 4);
      receipt->payment_status = kiosk_column_dup_text (stmt, 5);
      receipt->voucher_token = kiosk_column_dup_text (stmt, 6);
      receipt->qr_payload = kiosk_column_dup_text (stmt, 7);
      receipt->amount = sqlite3_column_int64 (stmt, 8);
      receipt->created_at = sqlite3_column_int64 (stmt, 9);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no receipt for record %s",
                   record_uuid);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read receipt", error);
      return NULL;
    }
  return g_steal_pointer (&receipt);
}
