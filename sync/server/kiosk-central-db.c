/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The backend-neutral statement API of kiosk-central: picks the backend from `--db`, rewrites
 * nothing itself, and hands every call to the backend that opened the connection. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-db-private.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-central-resources.h"
#include "kiosk-error.h"

gint64
kiosk_central_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
kiosk_central_db_target_kind (const char          *target,
                              KioskCentralDbKind  *out_kind,
                              GError             **error)
{
  const char *scheme_end = strstr (target, "://");
  gboolean is_scheme = scheme_end != NULL && scheme_end > target;

  for (const char *p = target; is_scheme && p < scheme_end; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      is_scheme = FALSE;

  if (g_str_has_prefix (target, "postgresql://") || g_str_has_prefix (target, "postgres://"))
    {
      *out_kind = KIOSK_CENTRAL_DB_POSTGRESQL;
      return TRUE;
    }
  if (is_scheme)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "--db %.*s://…: not a database this server knows (give a file path for "
                   "SQLite, or a postgresql:// URL)", (int) (scheme_end - target), target);
      return FALSE;
    }
  /* libpq's keyword form, "host=db.example dbname=central": no path has " =" shapes like
   * that and a leading keyword. */
  if (g_regex_match_simple ("^\\s*(host|hostaddr|dbname|user|port|service)\\s*=", target, 0,
                            0))
    {
      *out_kind = KIOSK_CENTRAL_DB_POSTGRESQL;
      return TRUE;
    }
  if (*target == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "--db: empty");
      return FALSE;
    }
  *out_kind = KIOSK_CENTRAL_DB_SQLITE;
  return TRUE;
}

static KioskCentralDb *
open_target (const char *target,
             gboolean    migrate,
             GError    **error)
{
  KioskCentralDbKind kind;

  g_return_val_if_fail (target != NULL, NULL);

  if (!kiosk_central_db_target_kind (target, &kind, error))
    return NULL;
  if (kind == KIOSK_CENTRAL_DB_POSTGRESQL)
    return kiosk_central_db_pg_open (target, migrate, error);
  return kiosk_central_db_sqlite_open (target, error);
}

KioskCentralDb *
kiosk_central_db_open (const char *target,
                       GError    **error)
{
  return open_target (target, FALSE, error);
}

KioskCentralDb *
kiosk_central_db_open_migrating (const char *target,
                                 GError    **error)
{
  return open_target (target, TRUE, error);
}

void
kiosk_central_db_close (KioskCentralDb *db)
{
  if (db == NULL)
    return;
  g_free (db->name);
  g_free (db->epoch);
  g_clear_pointer (&db->pending_changes, g_ptr_array_unref);
  db->backend->close (db);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
kiosk_central_db_list_migrations (const char *folder)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) children = NULL;

  (void) kiosk_central_get_resource ();
  children = g_resources_enumerate_children (folder, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (children != NULL);

  for (guint i = 0; children[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (children[i]));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    g_assert (g_ascii_strtoull (g_ptr_array_index (names, i), NULL, 10) == i + 1);

  return g_steal_pointer (&names);
}

GBytes *
kiosk_central_db_read_migration (const char *folder,
                                 const char *name,
                                 GError    **error)
{
  g_autofree char *path = g_build_path ("/", folder, name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

int
kiosk_central_db_latest_version (KioskCentralDbKind kind)
{
  g_autoptr(GPtrArray) names =
    kiosk_central_db_list_migrations (kind == KIOSK_CENTRAL_DB_POSTGRESQL
                                      ? KIOSK_CENTRAL_PG_MIGRATIONS
                                      : KIOSK_CENTRAL_SQLITE_MIGRATIONS);

  return (int) names->len;
}

gboolean
kiosk_central_db_refuse_newer (KioskCentralDb *db,
                               int             version,
                               int             latest,
                               GError        **error)
{
  if (version <= latest)
    return TRUE;
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_TOO_NEW,
               "%s was written by a newer kiosk-central (schema version %d; this one knows up"
               " to %d): refusing to open it", db->name, version, latest);
  return FALSE;
}

gboolean
kiosk_central_db_read_epoch (KioskCentralDb *db,
                             GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db,
                                                     "SELECT epoch FROM server_identity"
                                                     " WHERE id = 1",
                                                     error);
  KioskCentralStep step;

  if (stmt == NULL)
    return FALSE;
  step = kiosk_central_stmt_step (stmt);
  if (step == KIOSK_CENTRAL_ROW)
    db->epoch = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
  kiosk_central_stmt_reset (stmt);
  if (step != KIOSK_CENTRAL_ROW || db->epoch == NULL)
    return kiosk_central_db_fail (db, step, "read the feed epoch", error);
  return TRUE;
}

KioskCentralDbKind
kiosk_central_db_get_kind (KioskCentralDb *db)
{
  return db->kind;
}

const char *
kiosk_central_db_get_name (KioskCentralDb *db)
{
  return db->name;
}

const char *
kiosk_central_db_get_epoch (KioskCentralDb *db)
{
  return db->epoch;
}

gboolean
kiosk_central_db_check_health (KioskCentralDb *db,
                               GError        **error)
{
  int latest = kiosk_central_db_latest_version (db->kind);
  int version = db->backend->schema_version (db, error);

  if (version < 0)
    return FALSE;
  if (version != latest)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                   "%s: schema version %d, this server writes version %d", db->name, version,
                   latest);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char   *dataset;
  char   *op;
  char   *key;
  char   *data;
  char   *kiosk_code;
  gint64  at;
} PendingChange;

static void
pending_change_free (gpointer data)
{
  PendingChange *change = data;

  g_free (change->dataset);
  g_free (change->op);
  g_free (change->key);
  g_free (change->data);
  g_free (change->kiosk_code);
  g_free (change);
}

static void
drop_pending_changes (KioskCentralDb *db)
{
  if (db->pending_changes != NULL)
    g_ptr_array_set_size (db->pending_changes, 0);
}

gboolean
kiosk_central_db_begin (KioskCentralDb *db,
                        GError        **error)
{
  drop_pending_changes (db);
  db->writing = db->backend->begin (db, TRUE, error);
  return db->writing;
}

gboolean
kiosk_central_db_begin_read (KioskCentralDb *db,
                             GError        **error)
{
  return db->backend->begin (db, FALSE, error);
}

/* Any constant that no other advisory lock user of the database picks: "KCFEED". */
#define FEED_LOCK_KEY "75839580292164"

static gboolean
lock_feed (KioskCentralDb *db,
           GError        **error)
{
  KioskCentralStmt *stmt;

  if (db->kind != KIOSK_CENTRAL_DB_POSTGRESQL)
    return TRUE;
  stmt = kiosk_central_db_prepare (db, "SELECT pg_advisory_xact_lock (" FEED_LOCK_KEY ")",
                                   error);
  return stmt != NULL && kiosk_central_db_step_done (db, stmt, error);
}

static gboolean
insert_change (KioskCentralDb      *db,
               const PendingChange *change,
               GError             **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO changes (dataset, op, key, data, kiosk_code,"
                                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, change->dataset);
  kiosk_central_stmt_bind_text (stmt, 2, change->op);
  kiosk_central_stmt_bind_text (stmt, 3, change->key);
  if (change->data != NULL)
    kiosk_central_stmt_bind_text (stmt, 4, change->data);
  if (change->kiosk_code != NULL)
    kiosk_central_stmt_bind_text (stmt, 5, change->kiosk_code);
  kiosk_central_stmt_bind_int64 (stmt, 6, change->at);
  return kiosk_central_db_step_done (db, stmt, error);
}

/* The transaction's changes, in the order they were added, under the feed's lock. */
static gboolean
insert_pending_changes (KioskCentralDb *db,
                        GError        **error)
{
  if (db->pending_changes == NULL || db->pending_changes->len == 0)
    return TRUE;
  if (!lock_feed (db, error))
    return FALSE;
  for (guint i = 0; i < db->pending_changes->len; i++)
    if (!insert_change (db, g_ptr_array_index (db->pending_changes, i), error))
      return FALSE;
  drop_pending_changes (db);
  return TRUE;
}

gboolean
kiosk_central_db_add_change (KioskCentralDb *db,
                             const char     *dataset,
                             const char     *op,
                             const char     *key,
                             const char     *data,
                             const char     *kiosk_code,
                             GError        **error)
{
  PendingChange *change;

  g_return_val_if_fail ((g_strcmp0 (op, "upsert") == 0) == (data != NULL), FALSE);

  change = g_new (PendingChange, 1);
  *change = (PendingChange) {
    .dataset = g_strdup (dataset), .op = g_strdup (op), .key = g_strdup (key),
    .data = g_strdup (data), .kiosk_code = g_strdup (kiosk_code), .at = kiosk_central_now (),
  };
  if (!db->writing)
    {
      /* Not in a transaction: the statement is its own, and so is the lock. */
      gboolean ok = lock_feed (db, error) && insert_change (db, change, error);

      pending_change_free (change);
      return ok;
    }
  if (db->pending_changes == NULL)
    db->pending_changes = g_ptr_array_new_with_free_func (pending_change_free);
  g_ptr_array_add (db->pending_changes, change);
  return TRUE;
}

gboolean
kiosk_central_db_commit (KioskCentralDb *db,
                         GError        **error)
{
  if (db->writing && !insert_pending_changes (db, error))
    {
      kiosk_central_db_rollback (db);
      return FALSE;
    }
  db->writing = FALSE;
  return db->backend->commit (db, error);
}

void
kiosk_central_db_rollback (KioskCentralDb *db)
{
  drop_pending_changes (db);
  db->writing = FALSE;
  db->backend->rollback (db);
}

KioskCentralStmt *
kiosk_central_db_prepare (KioskCentralDb *db,
                          const char     *sql,
                          GError        **error)
{
  return db->backend->prepare (db, sql, error);
}

KioskCentralStmt *
kiosk_central_db_prepare_dialect (KioskCentralDb *db,
                                  const char     *sqlite_sql,
                                  const char     *postgresql_sql,
                                  GError        **error)
{
  return db->backend->prepare (db, db->kind == KIOSK_CENTRAL_DB_POSTGRESQL
                                   ? postgresql_sql : sqlite_sql, error);
}

void
kiosk_central_stmt_bind_text (KioskCentralStmt *stmt,
                              int               index,
                              const char       *text)
{
  stmt->db->backend->bind_text (stmt, index, text, text ? strlen (text) : 0);
}

void
kiosk_central_stmt_bind_text_len (KioskCentralStmt *stmt,
                                  int               index,
                                  const char       *text,
                                  gsize             length)
{
  stmt->db->backend->bind_text (stmt, index, text, length);
}

void
kiosk_central_stmt_bind_int64 (KioskCentralStmt *stmt,
                               int               index,
                               gint64            value)
{
  stmt->db->backend->bind_int64 (stmt, index, value);
}

KioskCentralStep
kiosk_central_stmt_step (KioskCentralStmt *stmt)
{
  return stmt->db->backend->step (stmt);
}

void
kiosk_central_stmt_reset (KioskCentralStmt *stmt)
{
  stmt->db->backend->reset (stmt);
}

const char *
kiosk_central_stmt_column_text (KioskCentralStmt *stmt,
                                int               column)
{
  return stmt->db->backend->column_text (stmt, column);
}

gint64
kiosk_central_stmt_column_int64 (KioskCentralStmt *stmt,
                                 int               column)
{
  return stmt->db->backend->column_int64 (stmt, column);
}

gboolean
kiosk_central_stmt_column_is_null (KioskCentralStmt *stmt,
                                   int               column)
{
  return stmt->db->backend->column_is_null (stmt, column);
}

gboolean
kiosk_central_db_step_done (KioskCentralDb   *db,
                            KioskCentralStmt *stmt,
                            GError          **error)
{
  KioskCentralStep step;

  do
    step = kiosk_central_stmt_step (stmt);
  while (step == KIOSK_CENTRAL_ROW);
  if (step == KIOSK_CENTRAL_ERROR)
    {
      kiosk_central_db_fail (db, step, "write", error);
      kiosk_central_stmt_reset (stmt);
      return FALSE;
    }
  kiosk_central_stmt_reset (stmt);
  return TRUE;
}

gint64
kiosk_central_db_changes (KioskCentralDb *db)
{
  return db->backend->changes (db);
}

gboolean
kiosk_central_db_exec (KioskCentralDb *db,
                       const char     *sql,
                       GError        **error)
{
  return db->backend->exec (db, sql, error);
}

gint64
kiosk_central_db_query_int (KioskCentralDb *db,
                            const char     *sql,
                            GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db, sql, error);
  KioskCentralStep step;
  gint64 value = -1;

  if (stmt == NULL)
    return -1;
  step = kiosk_central_stmt_step (stmt);
  if (step == KIOSK_CENTRAL_ROW)
    value = kiosk_central_stmt_column_int64 (stmt, 0);
  else
    kiosk_central_db_fail (db, step, "query", error);
  kiosk_central_stmt_reset (stmt);
  return value;
}

gboolean
kiosk_central_db_fail (KioskCentralDb  *db,
                       KioskCentralStep step,
                       const char      *what,
                       GError         **error)
{
  if (step != KIOSK_CENTRAL_ERROR)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s: %s: a row that must be there is missing", db->name, what);
      return FALSE;
    }
  return db->backend->fail (db, what, error);
}
