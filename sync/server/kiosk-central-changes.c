/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The changes feed: appending changes, keeping the current reference rows, and serving pages
 * to kiosks by cursor. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-changes.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-central-datasets.h"
#include "kiosk-error.h"

#define CURSOR_MAX_LENGTH 128

char *
kiosk_central_reference_dup (KioskCentralDb *db,
                             const char     *dataset,
                             const char     *key,
                             GError        **error)
{
  KioskCentralStmt *stmt;
  char *data = NULL;
  KioskCentralStep rc;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT data FROM reference_rows"
                                   " WHERE dataset = ?1 AND key = ?2",
                                   error);
  if (stmt == NULL)
    return NULL;
  kiosk_central_stmt_bind_text (stmt, 1, dataset);
  kiosk_central_stmt_bind_text (stmt, 2, key);
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    data = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    kiosk_central_db_fail (db, rc, "read a reference row", error);
  return data;
}

gboolean
kiosk_central_reference_put (KioskCentralDb *db,
                             const char     *dataset,
                             const char     *key,
                             const char     *data,
                             gboolean       *out_changed,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = NULL;
  KioskCentralStmt *stmt;

  *out_changed = FALSE;
  current = kiosk_central_reference_dup (db, dataset, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (data == NULL)
    {
      /* A delete is passed on even when the server has no such row: a kiosk seeded from
       * elsewhere may still hold it. */
      stmt = kiosk_central_db_prepare (db,
                                       "DELETE FROM reference_rows"
                                       " WHERE dataset = ?1 AND key = ?2",
                                       error);
      if (stmt == NULL)
        return FALSE;
      kiosk_central_stmt_bind_text (stmt, 1, dataset);
      kiosk_central_stmt_bind_text (stmt, 2, key);
      if (!kiosk_central_db_step_done (db, stmt, error))
        return FALSE;
      *out_changed = TRUE;
      return kiosk_central_db_add_change (db, dataset, "delete", key, NULL, NULL, error);
    }

  if (g_strcmp0 (current, data) == 0)
    return TRUE;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO reference_rows (dataset, key, data, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4)"
                                   " ON CONFLICT (dataset, key) DO UPDATE SET"
                                   " data = excluded.data, updated_at = excluded.updated_at",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, dataset);
  kiosk_central_stmt_bind_text (stmt, 2, key);
  kiosk_central_stmt_bind_text (stmt, 3, data);
  kiosk_central_stmt_bind_int64 (stmt, 4, kiosk_central_now ());
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  *out_changed = TRUE;
  return kiosk_central_db_add_change (db, dataset, "upsert", key, data, NULL, error);
}

/* "<epoch>:<seq>" with the epoch as minted (hex) and seq in decimal. */
static gboolean
parse_cursor (const char *cursor,
              char      **out_epoch,
              gint64     *out_seq,
              GError    **error)
{
  const char *colon;
  gsize epoch_len;
  guint64 seq;

  if (strlen (cursor) > CURSOR_MAX_LENGTH)
    goto bad;
  colon = strchr (cursor, ':');
  if (colon == NULL)
    goto bad;
  epoch_len = (gsize) (colon - cursor);
  if (epoch_len == 0 || epoch_len > 64)
    goto bad;
  for (const char *p = cursor; p < colon; p++)
    if (!g_ascii_isxdigit (*p))
      goto bad;
  if (colon[1] == '\0' || strlen (colon + 1) > 18)
    goto bad;
  for (const char *p = colon + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      goto bad;
  seq = g_ascii_strtoull (colon + 1, NULL, 10);

  *out_epoch = g_strndup (cursor, epoch_len);
  *out_seq = (gint64) seq;
  return TRUE;

bad:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
               "since: not a cursor this server gave out");
  return FALSE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* {"dataset":…,"op":…,"key":…[,"data":…]} from a row of (seq, dataset, op, key, data); data
 * is stored as the compact JSON text it is served as. */
static void
append_change (GString          *out,
               KioskCentralStmt *stmt)
{
  g_string_append (out, "{\"dataset\":");
  append_json_string (out, kiosk_central_stmt_column_text (stmt, 1));
  g_string_append (out, ",\"op\":");
  append_json_string (out, kiosk_central_stmt_column_text (stmt, 2));
  g_string_append (out, ",\"key\":");
  append_json_string (out, kiosk_central_stmt_column_text (stmt, 3));
  if (!kiosk_central_stmt_column_is_null (stmt, 4))
    {
      g_string_append (out, ",\"data\":");
      g_string_append (out, kiosk_central_stmt_column_text (stmt, 4));
    }
  g_string_append_c (out, '}');
}

/* Compaction: a change is left out when a later change of the same row, for this kiosk, is
 * already in the feed (up to the snapshot's end, ?4): a kiosk that is behind gets the row once,
 * at its latest state and at the place of its latest change; a kiosk that is current has
 * pulled each change before the next one existed, so it still sees every one. Nothing moves
 * earlier and the cursor stays a plain position in the feed, so a change committed late is
 * never skipped (its seq is above every cursor given out before it committed). Two kinds of
 * dataset keep every change in place: those other rows point at (a wilayat, which areas
 * name), since moved past a page boundary a parent could arrive a page after its child, which
 * the kiosk refuses (it checks references at each page's commit); and report_status, whose
 * every change is a step of the report's history the kiosk shows the visitor, with its note.
 * Needs the index changes (dataset, key, seq). */
#define PAGE_SQL \
  "SELECT seq, dataset, op, key, data FROM changes AS c" \
  " WHERE c.seq > ?1 AND c.seq <= ?4 AND (c.kiosk_code IS NULL OR c.kiosk_code = ?2)" \
  " AND (c.dataset IN (%s) OR NOT EXISTS (" \
  "  SELECT 1 FROM changes AS later" \
  "  WHERE later.dataset = c.dataset AND later.key = c.key" \
  "  AND later.seq > c.seq AND later.seq <= ?4" \
  "  AND (later.kiosk_code IS NULL OR later.kiosk_code = ?2)))" \
  " ORDER BY c.seq LIMIT ?3"

/* PAGE_SQL with its list filled in, made once. */
static const char *
page_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, (gsize) g_strdup_printf (PAGE_SQL,
                                                      kiosk_central_datasets_every_change_sql ()));
  return (const char *) sql;
}

static char *
build_page (KioskCentralDb *db,
            const char     *kiosk_code,
            const char     *since,
            guint           limit,
            GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (4096);
  g_autofree char *epoch = NULL;
  gboolean reset = FALSE, has_more = FALSE;
  gint64 after = 0, max_seq, last = 0;
  KioskCentralStmt *stmt;
  guint n = 0;
  KioskCentralStep rc;

  if (since == NULL)
    reset = TRUE;
  else if (!parse_cursor (since, &epoch, &after, error))
    return NULL;

  max_seq = kiosk_central_db_query_int (db, "SELECT coalesce (max (seq), 0) FROM changes",
                                        error);
  if (max_seq < 0)
    return NULL;

  /* Another epoch: this database is not the one that cursor came from. Past the end: the
   * database was restored from a backup older than what the kiosk has applied. Either way
   * the kiosk's copy cannot be trusted to be a prefix of this feed. */
  if (!reset && (g_strcmp0 (epoch, kiosk_central_db_get_epoch (db)) != 0 || after > max_seq))
    reset = TRUE;
  if (reset)
    after = 0;

  g_string_append_printf (out, "{\"reset\":%s,", reset ? "true" : "false");
  if (reset)
    {
      g_string_append (out, "\"datasets\":[");
      for (guint i = 0; i < kiosk_central_n_datasets; i++)
        g_string_append_printf (out, "%s\"%s\"", i ? "," : "", kiosk_central_datasets[i].name);
      g_string_append (out, "],");
    }
  g_string_append (out, "\"changes\":[");

  /* The change's object is written here rather than by the database's JSON functions, so
   * both backends serve byte-identical pages. */
  stmt = kiosk_central_db_prepare (db, page_sql (), error);
  if (stmt == NULL)
    return NULL;
  kiosk_central_stmt_bind_int64 (stmt, 1, after);
  kiosk_central_stmt_bind_text (stmt, 2, kiosk_code);
  kiosk_central_stmt_bind_int64 (stmt, 3, (gint64) limit + 1);
  kiosk_central_stmt_bind_int64 (stmt, 4, max_seq);
  while ((rc = kiosk_central_stmt_step (stmt)) == KIOSK_CENTRAL_ROW)
    {
      if (n == limit)
        {
          has_more = TRUE;
          break;
        }
      last = kiosk_central_stmt_column_int64 (stmt, 0);
      if (n++ > 0)
        g_string_append_c (out, ',');
      append_change (out, stmt);
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    {
      kiosk_central_db_fail (db, rc, "read the feed", error);
      return NULL;
    }

  /* At the end, the cursor moves past other kiosks' changes too, up to what this read saw:
   * anything committed later has a higher seq. */
  g_string_append_printf (out, "],\"has_more\":%s,\"next_cursor\":\"%s:%" G_GINT64_FORMAT "\"}",
                          has_more ? "true" : "false", kiosk_central_db_get_epoch (db),
                          has_more ? last : MAX (max_seq, after));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
kiosk_central_changes_page (KioskCentralDb *db,
                            const char     *kiosk_code,
                            const char     *since,
                            guint           limit,
                            GError        **error)
{
  char *page;

  g_return_val_if_fail (limit >= 1 && limit <= KIOSK_CENTRAL_CHANGES_MAX_LIMIT, NULL);

  /* One read transaction: max (seq) and the page come from the same snapshot. */
  if (!kiosk_central_db_begin_read (db, error))
    return NULL;
  page = build_page (db, kiosk_code, since, limit, error);
  if (page == NULL)
    kiosk_central_db_rollback (db);
  else if (!kiosk_central_db_commit (db, error))
    g_clear_pointer (&page, g_free);
  return page;
}

char *
kiosk_central_report_status_json (const char *uuid,
                                  const char *status,
                                  gint64      at,
                                  const char *note_ar,
                                  const char *note_en)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, at);
  json_builder_set_member_name (builder, "note_ar");
  json_builder_add_string_value (builder, note_ar != NULL ? note_ar : "");
  json_builder_set_member_name (builder, "note_en");
  json_builder_add_string_value (builder, note_en != NULL ? note_en : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
