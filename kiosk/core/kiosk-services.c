/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The services as core operations, split by family: reports and feedback
 * (kiosk-services-reports.c), fines and payments (kiosk-services-fines.c), licences and
 * permits (kiosk-services-licences.c), lease forms (kiosk-services-lease.c). This file holds
 * what they share (kiosk-services-private.h). Each public function follows one shape: validate
 * and look up outside the transaction, then BEGIN IMMEDIATE, write the domain rows, the receipt
 * and the outbox row, COMMIT; on any failure ROLLBACK, so nothing half-done is ever kept. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services-private.h"

#include <json-glib/json-glib.h>

#include "kiosk-ids.h"
#include "kiosk-token.h"
#include "kiosk-validate.h"

void
kiosk_record_ref_clear (KioskRecordRef *ref)
{
  g_clear_pointer (&ref->uuid, g_free);
  g_clear_pointer (&ref->reference, g_free);
}

/* Payloads ------------------------------------------------------------------------------ */

static void
add_column (JsonBuilder  *builder,
            sqlite3_stmt *stmt,
            int           column)
{
  json_builder_set_member_name (builder, sqlite3_column_name (stmt, column));
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

/* Adds the rows `sql` returns for `uuid`: as members of the open object when `member` is
 * NULL (exactly one row expected), else as an array of objects under `member`. */
static gboolean
add_rows (KioskStore  *store,
          JsonBuilder *builder,
          const char  *member,
          const char  *sql,
          const char  *uuid,
          GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);

  if (member != NULL)
    {
      json_builder_set_member_name (builder, member);
      json_builder_begin_array (builder);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (member != NULL)
        json_builder_begin_object (builder);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        add_column (builder, stmt, i);
      if (member != NULL)
        json_builder_end_object (builder);
    }
  if (member != NULL)
    json_builder_end_array (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "build payload", error);
  return TRUE;
}

gboolean
kiosk_services_enqueue_row (KioskStore           *store,
                            const char           *kind,
                            KioskOutboxPriority   priority,
                            const char           *table,
                            const char           *uuid,
                            const KioskChildRows *children,
                            const char * const   *attachments,
                            GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *row_sql = g_strdup_printf ("SELECT * FROM %s WHERE uuid = ?1", table);
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  if (!add_rows (store, builder, NULL, row_sql, uuid, error))
    return FALSE;
  for (guint i = 0; children != NULL && children[i].member != NULL; i++)
    if (!add_rows (store, builder, children[i].member, children[i].sql, uuid, error))
      return FALSE;
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  return kiosk_outbox_enqueue (store, uuid, kind, priority, payload, attachments, error);
}

/* Shared steps ------------------------------------------------------------------------- */

gboolean
kiosk_services_new_ref (KioskStore     *store,
                        KioskRecordRef *ref,
                        GError        **error)
{
  ref->reference = kiosk_store_next_reference (store, error);
  if (ref->reference == NULL)
    return FALSE;
  ref->uuid = kiosk_uuid_new ();
  return TRUE;
}

void
kiosk_services_give_ref (KioskRecordRef *ref,
                         KioskRecordRef *out_ref)
{
  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref->uuid),
                                  g_steal_pointer (&ref->reference) };
}

char *
kiosk_services_optional_phone (const char *phone,
                               GError    **error)
{
  /* Only blanks or invisible marks (an Arabic keyboard leaves a lone RLM behind) means
   * the visitor left the optional field empty. */
  g_autofree char *visible = kiosk_validate_text (phone ? phone : "", 64, FALSE, NULL);

  if (visible != NULL && *visible == '\0')
    return g_strdup ("");
  return kiosk_validate_phone (phone, error);
}

gboolean
kiosk_services_insert_receipt (KioskStore *store,
                               const char *service,
                               const char *record_uuid,
                               const char *reference,
                               const char *payment_uuid,
                               KioskBaisa  amount,
                               GError    **error)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *qr_payload = NULL;
  gint64 now = kiosk_store_now (store);
  sqlite3_stmt *stmt;

  /* Signed in the same transaction, so a receipt never exists without its QR code (unless
   * the kiosk has no key yet, which only logs a warning). */
  if (!kiosk_token_sign_receipt (store, reference, record_uuid, service, amount, now,
                                 &qr_payload, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO receipts (uuid, reference, service, record_uuid,"
                              " payment_uuid, amount_baisa, created_at, qr_payload)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);
  kiosk_bind_text (stmt, 2, reference);
  kiosk_bind_text (stmt, 3, service);
  kiosk_bind_text (stmt, 4, record_uuid);
  kiosk_bind_text (stmt, 5, payment_uuid);
  sqlite3_bind_int64 (stmt, 6, amount);
  sqlite3_bind_int64 (stmt, 7, now);
  kiosk_bind_text (stmt, 8, qr_payload);
  return kiosk_store_step_done (store, stmt, error);
}

gboolean
kiosk_services_step_row (KioskStore   *store,
                         sqlite3_stmt *stmt,
                         const char   *what,
                         KioskError    missing,
                         GError      **error,
                         const char   *format,
                         ...)
{
  int rc = sqlite3_step (stmt);
  va_list args;

  if (rc == SQLITE_ROW)
    return TRUE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, what, error);
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (KIOSK_ERROR, missing, format, args));
  va_end (args);
  return FALSE;
}

gboolean
kiosk_services_exists (KioskStore *store,
                       const char *sql,
                       const char *a,
                       const char *b,
                       GError    **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, a);
  if (b != NULL)
    kiosk_bind_text (stmt, 2, b);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "look up", error);
  return FALSE;
}

gboolean
kiosk_services_check_place (KioskStore *store,
                            const char *wilayat_code,
                            const char *area_code,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (wilayat_code == NULL || area_code == NULL ||
      !kiosk_services_exists (store, "SELECT 1 FROM areas WHERE code = ?1 AND wilayat_code = ?2",
                              area_code, wilayat_code, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "unknown area %s in wilayat %s", area_code ? area_code : "(none)",
                     wilayat_code ? wilayat_code : "(none)");
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_services_in_transaction (KioskStore    *store,
                               KioskWriteFunc write,
                               gpointer       data,
                               GError       **error)
{
  if (!kiosk_store_begin (store, error))
    return FALSE;
  if (!write (store, data, error))
    {
      kiosk_store_rollback (store);
      return FALSE;
    }
  return kiosk_store_commit (store, error);
}
