/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Purging personal data after the server has acknowledged it. */
#define G_LOG_DOMAIN "kiosk-retention"

#include "config.h"

#include "kiosk-retention.h"

#include "kiosk-outbox.h"
#include "kiosk-store-private.h"

/* Which columns of which record carry personal data. The domain rows keep everything else
 * (what was reported, where, when), so tracking and reports still work; the outbox payload
 * loses the same fields. Constants only: safe to build SQL from. */
static const struct
{
  const char *kind;
  const char *table;
  const char *set;          /* assignments that remove the personal fields */
  const char *not_done;     /* the row still holds personal data */
  const char *json_paths;   /* the same fields in the outbox payload */
} personal[] = {
  { KIOSK_KIND_REPORT, "reports", "phone = NULL, personal_purged_at = ?2",
    "personal_purged_at IS NULL AND phone IS NOT NULL", "'$.phone'" },
  { KIOSK_KIND_FEEDBACK, "feedback", "phone = NULL, personal_purged_at = ?2",
    "personal_purged_at IS NULL AND phone IS NOT NULL", "'$.phone'" },
  /* NOT NULL columns: '' marks them purged, with the time beside it. */
  { KIOSK_KIND_LEASE_FORM_REQUEST, "lease_form_requests",
    "phone = '', civil_number = '', personal_purged_at = ?2",
    "personal_purged_at IS NULL", "'$.phone', '$.civil_number'" },
  { KIOSK_KIND_PARKING_PERMIT_REQUEST, "parking_permit_requests", "phone = NULL",
    "phone IS NOT NULL", "'$.phone'" },
};

gint64
kiosk_retention_purge (KioskStore *store,
                       guint       days,
                       GError    **error)
{
  gint64 now = kiosk_store_now (store);
  gint64 horizon = now - (gint64) days * 24 * 3600;
  gint64 purged = 0;

  if (!kiosk_store_begin (store, error))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    {
      g_autofree char *rows_sql = NULL;
      g_autofree char *payload_sql = NULL;
      sqlite3_stmt *stmt;

      /* The outbox first: its payload is only purged while the row still holds data, so a
       * second run finds nothing to do. */
      payload_sql = g_strdup_printf ("UPDATE outbox SET payload = json_remove (payload, %s)"
                                     " WHERE kind = ?3 AND state = 'acked' AND done_at <= ?1"
                                     " AND record_uuid IN (SELECT uuid FROM %s WHERE %s)",
                                     personal[i].json_paths, personal[i].table,
                                     personal[i].not_done);
      rows_sql = g_strdup_printf ("UPDATE %s SET %s WHERE %s AND uuid IN (SELECT record_uuid"
                                  " FROM outbox WHERE kind = ?3 AND state = 'acked'"
                                  " AND done_at <= ?1)",
                                  personal[i].table, personal[i].set, personal[i].not_done);

      for (guint step = 0; step < 2; step++)
        {
          stmt = kiosk_store_prepare (store, step == 0 ? payload_sql : rows_sql, error);
          if (stmt == NULL)
            goto fail;
          /* ?2 is unused by some statements; SQLite accepts binding the gap. */
          sqlite3_bind_int64 (stmt, 1, horizon);
          sqlite3_bind_int64 (stmt, 2, now);
          kiosk_bind_text (stmt, 3, personal[i].kind);
          if (!kiosk_store_step_done (store, stmt, error))
            goto fail;
          if (step == 1)
            purged += sqlite3_changes64 (kiosk_store_get_db (store));
        }
    }

  if (!kiosk_store_commit (store, error))
    return -1;
  if (purged > 0)
    g_message ("purged personal data from %" G_GINT64_FORMAT " records acknowledged over %u"
               " days ago", purged, days);
  return purged;

fail:
  kiosk_store_rollback (store);
  return -1;
}
