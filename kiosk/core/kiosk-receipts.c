/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Receipts as the receipt page shows them and the printer prints them. */
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
  g_free (receipt->payment_method);
  g_free (receipt->card_last4);
  g_free (receipt->payment_reference);
  g_free (receipt);
}

#define RECEIPT_COLUMNS \
  "SELECT r.uuid, r.reference, r.service, r.record_uuid, r.payment_uuid, p.status," \
  " p.voucher_token, r.qr_payload, r.amount_baisa, r.created_at, p.method, p.card_last4," \
  " p.paid_at, r.print_count, p.reference" \
  " FROM receipts r LEFT JOIN payments p ON p.uuid = r.payment_uuid "

/* One receipt the statement (RECEIPT_COLUMNS, one text parameter) finds, or NOT_FOUND. */
static KioskReceipt *
read_receipt (KioskStore  *store,
              const char  *sql,
              const char  *parameter,
              GError     **error)
{
  g_autoptr(KioskReceipt) receipt = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  if (parameter != NULL)
    kiosk_bind_text (stmt, 1, parameter);
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
      receipt->payment_method = kiosk_column_dup_text (stmt, 10);
      receipt->card_last4 = kiosk_column_dup_text (stmt, 11);
      receipt->paid_at = sqlite3_column_int64 (stmt, 12);
      receipt->print_count = (guint) sqlite3_column_int64 (stmt, 13);
      receipt->payment_reference = kiosk_column_dup_text (stmt, 14);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no receipt for %s",
                   parameter ? parameter : "this kiosk yet");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read receipt", error);
      return NULL;
    }
  return g_steal_pointer (&receipt);
}

KioskReceipt *
kiosk_receipts_get_for_record (KioskStore  *store,
                               const char  *record_uuid,
                               GError     **error)
{
  g_return_val_if_fail (record_uuid != NULL, NULL);

  return read_receipt (store, RECEIPT_COLUMNS
                       "WHERE r.record_uuid = ?1 ORDER BY r.created_at DESC LIMIT 1",
                       record_uuid, error);
}

KioskReceipt *
kiosk_receipts_get_by_reference (KioskStore  *store,
                                 const char  *reference,
                                 GError     **error)
{
  g_return_val_if_fail (reference != NULL, NULL);

  return read_receipt (store, RECEIPT_COLUMNS
                       "WHERE r.reference = ?1 ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1",
                       reference, error);
}

KioskReceipt *
kiosk_receipts_get_last (KioskStore  *store,
                         GError     **error)
{
  return read_receipt (store, RECEIPT_COLUMNS "ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1",
                       NULL, error);
}

gboolean
kiosk_receipts_mark_printed (KioskStore  *store,
                             const char  *uuid,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (uuid != NULL, FALSE);

  stmt = kiosk_store_prepare (store,
                              "UPDATE receipts SET print_count = print_count + 1 WHERE uuid = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);
  return kiosk_store_step_done (store, stmt, error);
}

void
kiosk_lease_form_free (KioskLeaseForm *form)
{
  if (form == NULL)
    return;
  g_free (form->uuid);
  g_free (form->reference);
  g_free (form->tenant_name);
  g_free (form->civil_number);
  g_free (form->phone);
  g_free (form->landlord_name);
  g_free (form->wilayat_ar);
  g_free (form->wilayat_en);
  g_free (form->area_ar);
  g_free (form->area_en);
  g_free (form->building_details);
  g_free (form->contract_number);
  g_free (form->delivery);
  g_free (form);
}

KioskLeaseForm *
kiosk_receipts_get_lease_form (KioskStore  *store,
                               const char  *reference,
                               GError     **error)
{
  g_autoptr(KioskLeaseForm) form = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (reference != NULL, NULL);

  /* Names of places from the reference data, the code itself when a pull removed them. */
  stmt = kiosk_store_prepare (store,
                              "SELECT l.uuid, l.reference, l.tenant_name, l.civil_number,"
                              " l.phone, l.landlord_name,"
                              " coalesce (w.name_ar, l.wilayat_code),"
                              " coalesce (w.name_en, l.wilayat_code),"
                              " coalesce (a.name_ar, l.area_code), coalesce (a.name_en, l.area_code),"
                              " l.building_details, l.contract_number, l.delivery, l.created_at"
                              " FROM lease_form_requests l"
                              " LEFT JOIN wilayats w ON w.code = l.wilayat_code"
                              " LEFT JOIN areas a ON a.code = l.area_code"
                              " WHERE l.reference = ?1",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, reference);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      form = g_new0 (KioskLeaseForm, 1);
      form->uuid = kiosk_column_dup_text (stmt, 0);
      form->reference = kiosk_column_dup_text (stmt, 1);
      form->tenant_name = kiosk_column_dup_text (stmt, 2);
      form->civil_number = kiosk_column_dup_text (stmt, 3);
      form->phone = kiosk_column_dup_text (stmt, 4);
      form->landlord_name = kiosk_column_dup_text (stmt, 5);
      form->wilayat_ar = kiosk_column_dup_text (stmt, 6);
      form->wilayat_en = kiosk_column_dup_text (stmt, 7);
      form->area_ar = kiosk_column_dup_text (stmt, 8);
      form->area_en = kiosk_column_dup_text (stmt, 9);
      form->building_details = kiosk_column_dup_text (stmt, 10);
      form->contract_number = kiosk_column_dup_text (stmt, 11);
      form->delivery = kiosk_column_dup_text (stmt, 12);
      form->created_at = sqlite3_column_int64 (stmt, 13);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no lease form request %s",
                   reference);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read lease form request", error);
      return NULL;
    }
  return g_steal_pointer (&form);
}
