/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Report tracking queries. */
#define G_LOG_DOMAIN "kiosk-tracking"

#include "config.h"

#include "kiosk-tracking.h"

#include <stdarg.h>

#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-store-private.h"
#include "kiosk-validate.h"

static void
status_event_free (KioskStatusEvent *event)
{
  g_free (event->status);
  g_free (event->note_ar);
  g_free (event->note_en);
  g_free (event);
}

void
kiosk_report_status_free (KioskReportStatus *report)
{
  if (report == NULL)
    return;
  g_free (report->uuid);
  g_free (report->reference);
  g_free (report->category_code);
  g_free (report->category_ar);
  g_free (report->category_en);
  g_free (report->priority);
  g_free (report->area_ar);
  g_free (report->area_en);
  g_free (report->landmark);
  g_free (report->status);
  g_free (report->phone_masked);
  g_clear_pointer (&report->history, g_ptr_array_unref);
  g_free (report);
}

/* Every query selects these columns, in this order, and binds its own parameters. */
#define REPORT_COLUMNS \
  "SELECT r.uuid, r.reference, r.origin = 'local'," \
  " r.origin = 'server' OR coalesce (o.state = 'acked', 0)," \
  " r.category_code, coalesce (c.name_ar, r.category_code)," \
  " coalesce (c.name_en, r.category_code), r.priority," \
  " coalesce (a.name_ar, r.area_code), coalesce (a.name_en, r.area_code), r.landmark," \
  " r.status, coalesce (r.status_updated_at, 0), r.created_at, r.phone," \
  " (SELECT count (*) FROM report_photos p WHERE p.report_uuid = r.uuid)" \
  " FROM reports r" \
  " LEFT JOIN report_categories c ON c.code = r.category_code" \
  " LEFT JOIN areas a ON a.code = r.area_code" \
  " LEFT JOIN outbox o ON o.record_uuid = r.uuid AND o.kind = '" KIOSK_KIND_REPORT "'"

static gboolean
load_history (KioskStore        *store,
              KioskReportStatus *report,
              GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT status, at, note_ar, note_en FROM report_status_history"
                              " WHERE report_uuid = ?1 ORDER BY at, status",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, report->uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskStatusEvent *event = g_new0 (KioskStatusEvent, 1);

      event->status = kiosk_column_dup_text (stmt, 0);
      event->at = sqlite3_column_int64 (stmt, 1);
      event->note_ar = kiosk_column_dup_text (stmt, 2);
      event->note_en = kiosk_column_dup_text (stmt, 3);
      g_ptr_array_add (report->history, event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "read report history", error);
  return TRUE;
}

/* Runs a REPORT_COLUMNS query whose text parameters are given (NULL-terminated). */
static GPtrArray *
query_reports (KioskStore *store,
               const char *sql,
               gint64      number,
               GError    **error,
               ...)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_report_status_free);
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  const char *text;
  va_list args;
  int rc, index = 1;

  if (stmt == NULL)
    return NULL;
  va_start (args, error);
  while ((text = va_arg (args, const char *)) != NULL)
    kiosk_bind_text (stmt, index++, text);
  va_end (args);
  sqlite3_bind_int64 (stmt, index, number);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskReportStatus *report = g_new0 (KioskReportStatus, 1);
      const char *phone = (const char *) sqlite3_column_text (stmt, 14);

      report->uuid = kiosk_column_dup_text (stmt, 0);
      report->reference = kiosk_column_dup_text (stmt, 1);
      report->local = sqlite3_column_int (stmt, 2);
      report->acknowledged = sqlite3_column_int (stmt, 3);
      report->category_code = kiosk_column_dup_text (stmt, 4);
      report->category_ar = kiosk_column_dup_text (stmt, 5);
      report->category_en = kiosk_column_dup_text (stmt, 6);
      report->priority = kiosk_column_dup_text (stmt, 7);
      report->area_ar = kiosk_column_dup_text (stmt, 8);
      report->area_en = kiosk_column_dup_text (stmt, 9);
      report->landmark = kiosk_column_dup_text (stmt, 10);
      report->status = kiosk_column_dup_text (stmt, 11);
      report->status_updated_at = sqlite3_column_int64 (stmt, 12);
      report->created_at = sqlite3_column_int64 (stmt, 13);
      report->phone_masked = phone ? kiosk_phone_mask (phone) : NULL;
      report->photos = (guint) sqlite3_column_int (stmt, 15);
      report->history = g_ptr_array_new_with_free_func ((GDestroyNotify) status_event_free);
      g_ptr_array_add (reports, report);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "find reports", error);
      return NULL;
    }

  for (guint i = 0; i < reports->len; i++)
    if (!load_history (store, g_ptr_array_index (reports, i), error))
      return NULL;
  return g_steal_pointer (&reports);
}

KioskReportStatus *
kiosk_tracking_find_by_reference (KioskStore *store,
                                  const char *reference,
                                  GError    **error)
{
  g_autofree char *latin = reference ? kiosk_digits_to_latin (reference) : NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(GPtrArray) found = NULL;

  /* People read tracking numbers aloud and type them in either digit set, any case. */
  wanted = latin ? g_ascii_strup (g_strstrip (latin), -1) : NULL;
  if (wanted == NULL || !kiosk_reference_is_valid (wanted))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "not a tracking number");
      return NULL;
    }

  found = query_reports (store, REPORT_COLUMNS " WHERE r.reference = ?1 LIMIT ?2", 1, error,
                         wanted, NULL);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no report %s", wanted);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

GPtrArray *
kiosk_tracking_find_by_number (KioskStore *store,
                               const char *typed,
                               GError    **error)
{
  g_autofree char *latin = typed ? kiosk_digits_to_latin (typed) : NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *tail = NULL;
  g_autoptr(GError) local_error = NULL;
  KioskReportStatus *report;
  GPtrArray *found;

  if (latin == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "not a tracking number");
      return NULL;
    }
  for (const char *p = latin; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (*p != ' ' && *p != '-')
      {
        g_string_truncate (digits, 0);
        break;
      }

  /* The day (6 digits) and a sequence number of 4 to 9 digits, as kiosk_reference_is_valid
   * allows. */
  if (digits->len < 10 || digits->len > 15)
    {
      report = kiosk_tracking_find_by_reference (store, typed, &local_error);
      found = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_report_status_free);
      if (report != NULL)
        g_ptr_array_add (found, report);
      else if (!g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND))
        {
          g_ptr_array_unref (found);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return found;
    }

  /* The kiosk code has no dash, so what follows the first dash is the day and the number. */
  tail = g_strdup_printf ("%.6s-%s", digits->str, digits->str + 6);
  return query_reports (store, REPORT_COLUMNS
                        " WHERE substr (r.reference, instr (r.reference, '-') + 1) = ?1"
                        " ORDER BY r.created_at DESC LIMIT ?2",
                        10, error, tail, NULL);
}

GPtrArray *
kiosk_tracking_find_by_phone (KioskStore *store,
                              const char *phone,
                              GError    **error)
{
  g_autofree char *canonical = kiosk_validate_phone (phone, error);

  if (canonical == NULL)
    return NULL;
  /* Bounded: a phone number is not a way to page through the whole table. */
  return query_reports (store, REPORT_COLUMNS " WHERE r.phone = ?1"
                               " ORDER BY r.created_at DESC LIMIT ?2",
                        20, error, canonical, NULL);
}

GPtrArray *
kiosk_tracking_find_similar_open (KioskStore *store,
                                  const char *category_code,
                                  const char *area_code,
                                  guint       days,
                                  GError    **error)
{
  g_autofree char *since = NULL;

  g_return_val_if_fail (category_code != NULL && area_code != NULL, NULL);

  since = g_strdup_printf ("%" G_GINT64_FORMAT,
                           kiosk_store_now (store) - (gint64) days * 24 * 3600);
  return query_reports (store, REPORT_COLUMNS
                        " WHERE r.category_code = ?1 AND r.area_code = ?2"
                        " AND r.created_at >= CAST (?3 AS INTEGER)"
                        " AND r.status NOT IN ('resolved', 'closed', 'rejected')"
                        " ORDER BY r.created_at DESC LIMIT ?4",
                        10, error, category_code, area_code, since, NULL);
}

gint64
kiosk_tracking_last_sync (KioskStore *store)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT coalesce (max (finished_at), 0) FROM"
                                            " sync_runs WHERE outcome IN ('ok', 'partial')",
                                            NULL);
  gint64 at = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    at = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return at;
}
