/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counts of what the central server holds, read in one snapshot. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-stats.h"

#include <json-glib/json-glib.h>

#include "kiosk-outbox.h"


static const struct
{
  const char *name;
  const char *sql;
} counts[] = {
  { "rejected", "SELECT count (*) FROM records WHERE status = 'rejected'" },
  { "record_uuids", "SELECT count (DISTINCT uuid) FROM records" },
  { "attachments", "SELECT count (*) FROM attachments" },
  { "attachment_bytes", "SELECT coalesce (sum (bytes), 0) FROM attachments" },
  { "refund_cases", "SELECT count (DISTINCT case_reference) FROM refund_cases" },
  { "changes", "SELECT count (*) FROM changes" },
  { "kiosks", "SELECT count (*) FROM kiosks" },
};

static gboolean
add_stats (KioskCentralDb *db,
           JsonBuilder    *builder,
           GError        **error)
{
  const char * const *kinds = kiosk_outbox_known_kinds ();
  KioskCentralStmt *stmt;

  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      KioskCentralStep rc;

      stmt = kiosk_central_db_prepare (db,
                                       "SELECT count (*) FROM records"
                                       " WHERE status = 'accepted' AND kind = ?1",
                                       error);
      if (stmt == NULL)
        return FALSE;
      kiosk_central_stmt_bind_text (stmt, 1, kinds[i]);
      rc = kiosk_central_stmt_step (stmt);
      json_builder_set_member_name (builder, kinds[i]);
      json_builder_add_int_value (builder, rc == KIOSK_CENTRAL_ROW
                                           ? kiosk_central_stmt_column_int64 (stmt, 0) : 0);
      kiosk_central_stmt_reset (stmt);
      if (rc != KIOSK_CENTRAL_ROW)
        return kiosk_central_db_fail (db, rc, "count records", error);
    }
  json_builder_end_object (builder);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 n = kiosk_central_db_query_int (db, counts[i].sql, error);

      if (n < 0)
        return FALSE;
      json_builder_set_member_name (builder, counts[i].name);
      json_builder_add_int_value (builder, n);
    }
  return TRUE;
}

char *
kiosk_central_stats_json (KioskCentralDb *db,
                          GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  if (!kiosk_central_db_begin_read (db, error))
    return NULL;
  json_builder_begin_object (builder);
  ok = add_stats (db, builder, error);
  json_builder_end_object (builder);
  kiosk_central_db_rollback (db);
  if (!ok)
    return NULL;

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}
