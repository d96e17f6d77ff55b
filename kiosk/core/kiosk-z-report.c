/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-of-day (Z) report: counted, stored and queued in one transaction; see
 * kiosk-z-report.h. */
#define G_LOG_DOMAIN "kiosk-z-report"

#include "config.h"

#include "kiosk-z-report.h"

#include <json-glib/json-glib.h>

#include "kiosk-attendants.h"
#include "kiosk-ids.h"
#include "kiosk-outbox-private.h"
#include "kiosk-payments.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"

/* Money the kiosk has taken: a card approved (online or offline), cash confirmed. */
#define TAKEN "status IN ('approved_online', 'approved_offline', 'paid_counter')"

static void
z_line_free (KioskZLine *line)
{
  g_free (line->key);
  g_free (line);
}

static KioskZReport *
z_report_new (void)
{
  KioskZReport *report = g_new0 (KioskZReport, 1);

  report->by_service = g_ptr_array_new_with_free_func ((GDestroyNotify) z_line_free);
  report->by_method = g_ptr_array_new_with_free_func ((GDestroyNotify) z_line_free);
  return report;
}

void
kiosk_z_report_free (KioskZReport *report)
{
  if (report == NULL)
    return;
  g_free (report->uuid);
  g_free (report->reference);
  g_free (report->actor);
  g_ptr_array_unref (report->by_service);
  g_ptr_array_unref (report->by_method);
  g_free (report->qr_payload);
  g_free (report);
}

/* Rows of (key, count, total) into `lines`, adding to a line of the same key. */
static gboolean
collect_lines (KioskStore  *store,
               const char  *sql,
               GPtrArray   *lines,
               GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      KioskZLine *line = NULL;

      for (guint i = 0; i < lines->len && line == NULL; i++)
        if (g_strcmp0 (((KioskZLine *) g_ptr_array_index (lines, i))->key, key) == 0)
          line = g_ptr_array_index (lines, i);
      if (line == NULL)
        {
          line = g_new0 (KioskZLine, 1);
          line->key = g_strdup (key);
          g_ptr_array_add (lines, line);
        }
      line->count += sqlite3_column_int64 (stmt, 1);
      line->total += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "count for the Z report", error);
  return TRUE;
}

static gboolean
query_int (KioskStore  *store,
           const char  *sql,
           gint64       parameter,
           gint64       parameter2,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, parameter);
  sqlite3_bind_int64 (stmt, 2, parameter2);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "count for the Z report", error);
  return TRUE;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 ((*(KioskZLine **) a)->key, (*(KioskZLine **) b)->key);
}

static void
add_lines (JsonBuilder *builder,
           const char  *member,
           const char  *key_name,
           GPtrArray   *lines)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < lines->len; i++)
    {
      KioskZLine *line = g_ptr_array_index (lines, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key_name);
      json_builder_add_string_value (builder, line->key);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, line->count);
      json_builder_set_member_name (builder, "total_baisa");
      json_builder_add_int_value (builder, line->total);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

#define MEMBER_INT(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (builder, name); \
    json_builder_add_int_value (builder, value); \
  } G_STMT_END

static char *
to_json (const KioskZReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, report->uuid);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, report->reference);
  MEMBER_INT ("number", report->number);
  MEMBER_INT ("previous_number", report->previous_number);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, report->actor);
  MEMBER_INT ("from_at", report->from_at);
  MEMBER_INT ("until_at", report->until_at);
  add_lines (builder, "by_service", "service", report->by_service);
  add_lines (builder, "by_method", "method", report->by_method);
  MEMBER_INT ("payments_count", report->payments_count);
  MEMBER_INT ("payments_total_baisa", report->payments_total);
  MEMBER_INT ("offline_held_count", report->offline_held_count);
  MEMBER_INT ("offline_held_total_baisa", report->offline_held_total);
  MEMBER_INT ("vouchers_issued", report->vouchers_issued);
  MEMBER_INT ("vouchers_confirmed", report->vouchers_confirmed);
  MEMBER_INT ("vouchers_expired", report->vouchers_expired);
  MEMBER_INT ("parked_records", report->parked_records);
  MEMBER_INT ("created_at", report->until_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Everything not yet in a Z, counted inside the caller's transaction. */
static gboolean
count_open (KioskStore    *store,
            KioskZReport  *report,
            GError       **error)
{
  KioskOfflineExposure exposure = { 0 };

  /* Paid services by what they were for; free ones (reports, forms) by their receipts. */
  if (!collect_lines (store,
                      "SELECT purpose, count (*), sum (amount_baisa) FROM payments"
                      " WHERE z_number IS NULL AND " TAKEN " GROUP BY purpose",
                      report->by_service, error) ||
      !collect_lines (store,
                      "SELECT service, count (*), 0 FROM receipts"
                      " WHERE z_number IS NULL AND payment_uuid IS NULL GROUP BY service",
                      report->by_service, error) ||
      !collect_lines (store,
                      "SELECT CASE status WHEN 'approved_online' THEN 'card_online'"
                      " WHEN 'approved_offline' THEN 'card_offline' ELSE 'counter' END,"
                      " count (*), sum (amount_baisa) FROM payments"
                      " WHERE z_number IS NULL AND " TAKEN " GROUP BY 1",
                      report->by_method, error))
    return FALSE;
  g_ptr_array_sort (report->by_service, compare_lines);
  g_ptr_array_sort (report->by_method, compare_lines);
  for (guint i = 0; i < report->by_method->len; i++)
    {
      KioskZLine *line = g_ptr_array_index (report->by_method, i);

      report->payments_count += line->count;
      report->payments_total += line->total;
    }

  if (!kiosk_payments_get_exposure (store, &exposure, error))
    return FALSE;
  report->offline_held_count = exposure.count;
  report->offline_held_total = exposure.total;

  /* Vouchers by their receipts not yet counted (issued), by the payments this Z takes
   * (confirmed), and by the moment they lapsed unpaid within the period (expired). */
  return query_int (store,
                    "SELECT count (*) FROM receipts r JOIN payments p ON p.uuid = r.payment_uuid"
                    " WHERE r.z_number IS NULL AND p.method = 'counter'",
                    0, 0, &report->vouchers_issued, error) &&
         query_int (store,
                    "SELECT count (*) FROM payments WHERE z_number IS NULL"
                    " AND status = 'paid_counter'",
                    0, 0, &report->vouchers_confirmed, error) &&
         query_int (store,
                    "SELECT count (*) FROM payments WHERE status = 'awaiting_counter'"
                    " AND created_at + " G_STRINGIFY (KIOSK_VOUCHER_VALID_SECONDS) " > ?1"
                    " AND created_at + " G_STRINGIFY (KIOSK_VOUCHER_VALID_SECONDS) " <= ?2",
                    report->from_at, report->until_at, &report->vouchers_expired, error) &&
         query_int (store, "SELECT count (*) FROM outbox WHERE state = 'rejected'", 0, 0,
                    &report->parked_records, error);
}

static gboolean
previous (KioskStore  *store,
          gint64      *out_number,
          gint64      *out_until,
          GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT number, until_at FROM z_reports"
                                            " ORDER BY number DESC LIMIT 1",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *out_number = 0;
  *out_until = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_number = sqlite3_column_int64 (stmt, 0);
      *out_until = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "read the last Z report", error);
  return TRUE;
}

static gboolean
write_report (KioskStore    *store,
              KioskZReport  *report,
              GError       **error)
{
  g_autofree char *summary = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!kiosk_token_sign_receipt (store, report->reference, report->uuid, "z_report",
                                 report->payments_total, report->until_at,
                                 &report->qr_payload, error))
    return FALSE;
  summary = to_json (report);
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO z_reports (number, uuid, reference, actor, from_at,"
                              " until_at, summary, qr_payload, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->number);
  kiosk_bind_text (stmt, 2, report->uuid);
  kiosk_bind_text (stmt, 3, report->reference);
  kiosk_bind_text (stmt, 4, report->actor);
  if (report->from_at > 0)
    sqlite3_bind_int64 (stmt, 5, report->from_at);
  sqlite3_bind_int64 (stmt, 6, report->until_at);
  kiosk_bind_text (stmt, 7, summary);
  kiosk_bind_text (stmt, 8, report->qr_payload);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  /* Counted here, never again. */
  stmt = kiosk_store_prepare (store,
                              "UPDATE payments SET z_number = ?1 WHERE z_number IS NULL AND " TAKEN,
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->number);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;
  stmt = kiosk_store_prepare (store, "UPDATE receipts SET z_number = ?1 WHERE z_number IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->number);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  detail = g_strdup_printf ("{\"number\": %" G_GINT64_FORMAT "}", report->number);
  return kiosk_outbox_enqueue (store, report->uuid, KIOSK_KIND_Z_REPORT,
                               KIOSK_OUTBOX_PRIORITY_NORMAL, summary, NULL, error) &&
         kiosk_attendants_audit (store, report->actor, "z_report", report->uuid, detail, error);
}

KioskZReport *
kiosk_z_report_take (KioskStore  *store,
                     const char  *actor,
                     GError     **error)
{
  g_autoptr(KioskZReport) report = z_report_new ();

  g_return_val_if_fail (actor != NULL && actor[0] != '\0', NULL);

  if (!kiosk_store_begin (store, error))
    return NULL;
  report->actor = g_strdup (actor);
  report->uuid = kiosk_uuid_new ();
  report->until_at = kiosk_store_now (store);
  if (!previous (store, &report->previous_number, &report->from_at, error) ||
      (report->number = report->previous_number + 1,
       (report->reference = kiosk_store_next_reference (store, error)) == NULL) ||
      !count_open (store, report, error) ||
      !write_report (store, report, error) ||
      !kiosk_store_commit (store, error))
    {
      kiosk_store_rollback (store);
      return NULL;
    }
  g_info ("Z report %" G_GINT64_FORMAT " (%s): %" G_GINT64_FORMAT " payments, %"
             G_GINT64_FORMAT " baisa", report->number, report->reference,
             report->payments_count, report->payments_total);
  return g_steal_pointer (&report);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_int_member (object, name) : 0;
}

static void
read_lines (JsonObject *object,
            const char *member,
            const char *key_name,
            GPtrArray  *lines)
{
  JsonArray *array = json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      KioskZLine *line = g_new0 (KioskZLine, 1);

      line->key = g_strdup (json_object_get_string_member (item, key_name));
      line->count = member_int (item, "count");
      line->total = member_int (item, "total_baisa");
      g_ptr_array_add (lines, line);
    }
}

KioskZReport *
kiosk_z_report_get (KioskStore  *store,
                    gint64       number,
                    GError     **error)
{
  g_autoptr(KioskZReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *summary = NULL;
  JsonObject *object;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT summary, qr_payload FROM z_reports"
                              " WHERE number = ?1 OR (?1 = 0 AND number ="
                              " (SELECT max (number) FROM z_reports))",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report = z_report_new ();
      summary = kiosk_column_dup_text (stmt, 0);
      report->qr_payload = kiosk_column_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no Z report %s",
                   number ? "with that number" : "taken yet");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read a Z report", error);
      return NULL;
    }
  /* Written by kiosk_z_report_take and checked json_valid by the table. */
  if (!json_parser_load_from_data (parser, summary, -1, error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_prefix_error (error, "Z report summary: ");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  report->uuid = g_strdup (json_object_get_string_member (object, "uuid"));
  report->reference = g_strdup (json_object_get_string_member (object, "reference"));
  report->actor = g_strdup (json_object_get_string_member (object, "actor"));
  report->number = member_int (object, "number");
  report->previous_number = member_int (object, "previous_number");
  report->from_at = member_int (object, "from_at");
  report->until_at = member_int (object, "until_at");
  read_lines (object, "by_service", "service", report->by_service);
  read_lines (object, "by_method", "method", report->by_method);
  report->payments_count = member_int (object, "payments_count");
  report->payments_total = member_int (object, "payments_total_baisa");
  report->offline_held_count = member_int (object, "offline_held_count");
  report->offline_held_total = member_int (object, "offline_held_total_baisa");
  report->vouchers_issued = member_int (object, "vouchers_issued");
  report->vouchers_confirmed = member_int (object, "vouchers_confirmed");
  report->vouchers_expired = member_int (object, "vouchers_expired");
  report->parked_records = member_int (object, "parked_records");
  return g_steal_pointer (&report);
}
