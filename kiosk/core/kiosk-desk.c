/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attendant's desk: its lists and its lookups. */
#define G_LOG_DOMAIN "kiosk-desk"

#include "config.h"

#include "kiosk-desk.h"

#include <json-glib/json-glib.h>

#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-validate.h"

void
kiosk_desk_alert_free (KioskDeskAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->id);
  g_free (alert->reference);
  g_free (alert->code);
  g_free (alert->reason);
  g_free (alert->card_last4);
  g_free (alert);
}

/* Every list has the same columns: id, reference, at, amount, code, reason, last 4. */
static const struct
{
  KioskDeskAlertKind  kind;
  const char         *sql;    /* ?1: now */
} lists[] = {
  { KIOSK_DESK_ALERT_NOT_PRINTED,
    "SELECT r.reference, r.reference, r.created_at, r.amount_baisa,"
    " (SELECT json_extract (a.detail, '$.printer') FROM audit_log a"
    "  WHERE a.action = '" KIOSK_AUDIT_RECEIPT_NOT_PRINTED "' AND a.record_uuid = r.uuid"
    "  ORDER BY a.id DESC LIMIT 1), NULL, NULL"
    " FROM receipts r WHERE r.print_count = 0"
    " AND r.created_at > ?1 - " G_STRINGIFY (KIOSK_DESK_REPRINT_DAYS) " * 86400"
    " AND EXISTS (SELECT 1 FROM audit_log a WHERE a.record_uuid = r.uuid"
    "  AND a.action = '" KIOSK_AUDIT_RECEIPT_NOT_PRINTED "')"
    " ORDER BY r.created_at DESC LIMIT 50" },
  { KIOSK_DESK_ALERT_REVERSAL_FAILED,
    "SELECT a.uuid, NULL, a.at, coalesce (json_extract (a.detail, '$.amount_baisa'), 0),"
    " json_extract (a.detail, '$.auth_code'), NULL, json_extract (a.detail, '$.card_last4')"
    " FROM audit_log a WHERE a.action = '" KIOSK_AUDIT_CARD_REVERSAL_FAILED "'"
    " AND a.uuid IS NOT NULL AND ?1 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_log h"
    "  WHERE h.action = '" KIOSK_AUDIT_CARD_REVERSAL_HANDLED "' AND h.record_uuid = a.uuid)"
    " ORDER BY a.at DESC LIMIT 50" },
  { KIOSK_DESK_ALERT_PAYMENT_REJECTED,
    "SELECT j.record_uuid, j.reference, j.rejected_at, coalesce (p.amount_baisa, 0), j.code,"
    " j.reason, NULL FROM payment_rejections j"
    " LEFT JOIN payments p ON p.uuid = j.record_uuid OR p.reference = j.reference"
    " WHERE ?1 IS NOT NULL ORDER BY j.rejected_at DESC LIMIT 50" },
};

GPtrArray *
kiosk_desk_list_alerts (KioskStore  *store,
                        GError     **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_desk_alert_free);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      sqlite3_stmt *stmt = kiosk_store_prepare (store, lists[i].sql, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KioskDeskAlert *alert = g_new0 (KioskDeskAlert, 1);

          alert->kind = lists[i].kind;
          alert->id = kiosk_column_dup_text (stmt, 0);
          alert->reference = kiosk_column_dup_text (stmt, 1);
          alert->at = sqlite3_column_int64 (stmt, 2);
          alert->amount = sqlite3_column_int64 (stmt, 3);
          alert->code = kiosk_column_dup_text (stmt, 4);
          alert->reason = kiosk_column_dup_text (stmt, 5);
          alert->card_last4 = kiosk_column_dup_text (stmt, 6);
          g_ptr_array_add (alerts, alert);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          kiosk_store_fail (store, rc, "list desk alerts", error);
          return NULL;
        }
    }
  return g_steal_pointer (&alerts);
}

gboolean
kiosk_desk_handle_reversal (KioskStore  *store,
                            const char  *attendant_id,
                            const char  *alert_uuid,
                            const char  *note,
                            GError     **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (attendant_id != NULL && alert_uuid != NULL, FALSE);

  if (!kiosk_store_begin (store, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM audit_log h WHERE h.action = '"
                              KIOSK_AUDIT_CARD_REVERSAL_HANDLED "' AND h.record_uuid = a.uuid)"
                              " FROM audit_log a WHERE a.uuid = ?1 AND a.action = '"
                              KIOSK_AUDIT_CARD_REVERSAL_FAILED "'",
                              error);
  if (stmt == NULL)
    goto fail;
  kiosk_bind_text (stmt, 1, alert_uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID,
                   "reversal %s was already handled", alert_uuid);
      goto fail;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no failed reversal %s",
                   alert_uuid);
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read reversal", error);
      goto fail;
    }
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "note");
    json_builder_add_string_value (builder, note ? note : "");
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    detail = json_to_string (root, FALSE);
  }
  if (!kiosk_attendants_audit (store, attendant_id, KIOSK_AUDIT_CARD_REVERSAL_HANDLED,
                               alert_uuid, detail, error) ||
      !kiosk_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

KioskReceipt *
kiosk_desk_find_receipt (KioskStore  *store,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autofree char *reference = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_has_prefix (text, "MK"))
    {
      g_autoptr(KioskToken) token = NULL;

      if (!kiosk_token_verify (store, text, -1,
                               KIOSK_TOKEN_RECEIPT | KIOSK_TOKEN_REPORT_TRACKING, &token, error))
        return NULL;
      reference = g_strdup (kiosk_token_get_fields (token)->reference);
    }
  else
    {
      g_autofree char *latin = kiosk_digits_to_latin (text);

      reference = g_ascii_strup (g_strstrip (latin), -1);
      if (*reference == '\0')
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no receipt reference");
          return NULL;
        }
    }

  receipt = kiosk_receipts_get_by_reference (store, reference, error);
  if (receipt == NULL)
    return NULL;
  if (receipt->created_at <= kiosk_store_now (store) - KIOSK_DESK_REPRINT_DAYS * 86400)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                   "receipt %s is older than %d days", reference, KIOSK_DESK_REPRINT_DAYS);
      return NULL;
    }
  return g_steal_pointer (&receipt);
}
