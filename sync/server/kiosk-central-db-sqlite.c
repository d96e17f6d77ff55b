/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's SQLite backend: one file in WAL mode with synchronous=FULL (an answer
 * a kiosk receives was committed first), its own migrations by user_version, and SQLite codes
 * turned into KioskError codes. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-db-private.h"

#include "kiosk-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk-error.h"

/* Long enough to ride out another request's short write transaction (or a `load`), short
 * enough that a stuck lock becomes a 503 the kiosk retries rather than a hung connection. */
#define BUSY_TIMEOUT_MS 10000

/* "KCEN": set by the first migration, checked before touching a file that has a schema. */
#define APPLICATION_ID 1262699854

typedef struct
{
  KioskCentralDb  parent;
  sqlite3        *db;
  GHashTable     *statements;  /* SQL text → SqliteStmt*, finalized on close */
  int             last_rc;     /* of the last step or exec that failed */
} SqliteDb;

typedef struct
{
  KioskCentralStmt  parent;
  sqlite3_stmt     *stmt;
} SqliteStmt;

static sqlite3 *
handle (KioskCentralDb *db)
{
  return ((SqliteDb *) db)->db;
}

static void
sqlite_stmt_free (gpointer data)
{
  SqliteStmt *stmt = data;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

static gboolean
sqlite_fail_rc (KioskCentralDb *db,
                int             rc,
                const char     *what,
                GError        **error)
{
  ((SqliteDb *) db)->last_rc = rc;
  return kiosk_sqlite_fail (handle (db), rc, what, error);
}

static gboolean
sqlite_fail (KioskCentralDb *db,
             const char     *what,
             GError        **error)
{
  return kiosk_sqlite_fail (handle (db), ((SqliteDb *) db)->last_rc, what, error);
}

static KioskCentralStmt *
sqlite_prepare (KioskCentralDb *db,
                const char     *sql,
                GError        **error)
{
  SqliteDb *self = (SqliteDb *) db;
  SqliteStmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt->stmt);
      sqlite3_clear_bindings (stmt->stmt);
      return &stmt->parent;
    }
  stmt = g_new0 (SqliteStmt, 1);
  stmt->parent.db = db;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_fail_rc (db, rc, "prepare", error);
      sqlite_stmt_free (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return &stmt->parent;
}

static void
sqlite_bind_text (KioskCentralStmt *stmt,
                  int               index,
                  const char       *text,
                  gsize             length)
{
  sqlite3_stmt *s = ((SqliteStmt *) stmt)->stmt;

  if (text == NULL)
    sqlite3_bind_null (s, index);
  else
    sqlite3_bind_text64 (s, index, text, length, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void
sqlite_bind_int64 (KioskCentralStmt *stmt,
                   int               index,
                   gint64            value)
{
  sqlite3_bind_int64 (((SqliteStmt *) stmt)->stmt, index, value);
}

static KioskCentralStep
sqlite_step (KioskCentralStmt *stmt)
{
  int rc = sqlite3_step (((SqliteStmt *) stmt)->stmt);

  if (rc == SQLITE_ROW)
    return KIOSK_CENTRAL_ROW;
  if (rc == SQLITE_DONE)
    return KIOSK_CENTRAL_DONE;
  ((SqliteDb *) stmt->db)->last_rc = rc;
  return KIOSK_CENTRAL_ERROR;
}

static void
sqlite_reset (KioskCentralStmt *stmt)
{
  sqlite3_reset (((SqliteStmt *) stmt)->stmt);
}

static const char *
sqlite_column_text (KioskCentralStmt *stmt,
                    int               column)
{
  return (const char *) sqlite3_column_text (((SqliteStmt *) stmt)->stmt, column);
}

static gint64
sqlite_column_int64 (KioskCentralStmt *stmt,
                     int               column)
{
  return sqlite3_column_int64 (((SqliteStmt *) stmt)->stmt, column);
}

static gboolean
sqlite_column_is_null (KioskCentralStmt *stmt,
                       int               column)
{
  return sqlite3_column_type (((SqliteStmt *) stmt)->stmt, column) == SQLITE_NULL;
}

static gboolean
sqlite_exec (KioskCentralDb *db,
             const char     *sql,
             GError        **error)
{
  return kiosk_sqlite_exec (handle (db), sql, error);
}

static gboolean
sqlite_begin (KioskCentralDb *db,
              gboolean        write,
              GError        **error)
{
  return sqlite_exec (db, write ? "BEGIN IMMEDIATE" : "BEGIN", error);
}

static void
sqlite_rollback (KioskCentralDb *db)
{
  /* After some errors SQLite has already rolled back; a second ROLLBACK would only fail. */
  if (!sqlite3_get_autocommit (handle (db)))
    sqlite3_exec (handle (db), "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_commit (KioskCentralDb *db,
               GError        **error)
{
  if (!sqlite_exec (db, "COMMIT", error))
    {
      sqlite_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gint64
sqlite_changes (KioskCentralDb *db)
{
  return sqlite3_changes64 (handle (db));
}
static int
pragma_int (KioskCentralDb *db,
            const char     *pragma)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (handle (db), pragma, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Runs migration `name` to `version` inside the caller's write transaction: the schema change
 * and the version bump commit together or not at all. */
static gboolean
apply_migration (KioskCentralDb *db,
                 const char     *name,
                 int             version,
                 GError        **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) local_error = NULL;

  sql = kiosk_central_db_read_migration (KIOSK_CENTRAL_SQLITE_MIGRATIONS, name, error);
  if (sql == NULL)
    return FALSE;

  if (!kiosk_central_db_exec (db, g_bytes_get_data (sql, NULL), &local_error) ||
      !kiosk_central_db_exec (db, set_version, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                   "%s: migration %s failed: %s", db->name, name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* A central database has our application id and a schema this build knows, or is brand new
 * and empty. Anything else (a kiosk's database, another application's file) is not touched. */
static gboolean
check_is_central (KioskCentralDb *db,
                  int             latest,
                  int            *out_version,
                  GError        **error)
{
  int version = pragma_int (db, "PRAGMA user_version");
  int tables = pragma_int (db, "SELECT count (*) FROM sqlite_schema");

  if (version < 0 || tables < 0)
    return sqlite_fail_rc (db, sqlite3_errcode (handle (db)), "read schema version", error);

  if (version == 0 && tables > 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk-central database (it has tables but no schema version)",
                   db->name);
      return FALSE;
    }
  if (version > 0 && pragma_int (db, "PRAGMA application_id") != APPLICATION_ID)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk-central database (a kiosk's own database?)", db->name);
      return FALSE;
    }
  if (!kiosk_central_db_refuse_newer (db, version, latest, error))
    return FALSE;
  *out_version = version;
  return TRUE;
}

/* Each step looks again under the write lock: two processes opening a new file at once (the
 * server and a `load`) must not both run the same migration. */
static gboolean
migrate (KioskCentralDb *db,
         GError        **error)
{
  g_autoptr(GPtrArray) names =
    kiosk_central_db_list_migrations (KIOSK_CENTRAL_SQLITE_MIGRATIONS);
  int version;

  for (;;)
    {
      if (!check_is_central (db, (int) names->len, &version, error))
        return FALSE;
      if (version == (int) names->len)
        return TRUE;

      if (!kiosk_central_db_begin (db, error))
        return FALSE;
      if (pragma_int (db, "PRAGMA user_version") != version)
        {
          kiosk_central_db_rollback (db);
          continue;
        }
      if (!apply_migration (db, g_ptr_array_index (names, version), version + 1, error) ||
          !kiosk_central_db_commit (db, error))
        {
          kiosk_central_db_rollback (db);
          return FALSE;
        }
      g_info ("%s: migrated to central schema version %d", db->name, version + 1);
    }
}

static gboolean
configure_connection (KioskCentralDb *db,
                      GError        **error)
{
  g_autofree char *mode = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle (db), "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (mode == NULL)
    return sqlite_fail_rc (db, rc, "enable WAL", error);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
                   "%s: the file system does not support WAL mode (got %s)", db->name, mode);
      return FALSE;
    }

  /* FULL: an answer a kiosk has received must survive a power cut, or the kiosk would drop
   * a record the server then forgets. */
  return kiosk_central_db_exec (db,
                                "PRAGMA synchronous = FULL;"
                                "PRAGMA foreign_keys = ON;"
                                "PRAGMA temp_store = MEMORY;",
                                error);
}

/* The database holds phone numbers, card digits and authorisation codes: owner only, whatever
 * the umask. A new file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm
 * files the database's mode); with `tighten`, a central database an older version left
 * readable by others is made private. */
static gboolean
make_private (const char *path,
              gboolean    tighten,
              GError    **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  GStatBuf st;
  int fd;

  if (!tighten)
    {
      fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0)
        close (fd);
      else if (errno != EEXIST)
        goto fail;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_stat (file, &st) != 0)
        {
          if (errno == ENOENT && i > 0)
            continue;
          goto fail;
        }
      if ((st.st_mode & 0077) == 0)
        continue;
      if (g_chmod (file, st.st_mode & 0700) != 0)
        goto fail;
      g_message ("%s: was readable by others (mode %04o); now owner only", file,
                 (unsigned) (st.st_mode & 07777));
    }
  return TRUE;

fail:
  {
    int saved = errno;

    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot make it private: %s",
                 path, g_strerror (saved));
    return FALSE;
  }
}

static int
sqlite_schema_version (KioskCentralDb *db,
                       GError        **error)
{
  int version = pragma_int (db, "PRAGMA user_version");

  if (version < 0)
    sqlite_fail_rc (db, sqlite3_errcode (handle (db)), "read schema version", error);
  return version;
}

static void
sqlite_close (KioskCentralDb *db)
{
  SqliteDb *self = (SqliteDb *) db;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);
      if (rc != SQLITE_OK)
        g_warning ("closing the central database left statements open: %s",
                   sqlite3_errstr (rc));
    }
  g_free (self);
}

static const KioskCentralDbBackend sqlite_backend = {
  .prepare = sqlite_prepare,
  .bind_text = sqlite_bind_text,
  .bind_int64 = sqlite_bind_int64,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .column_text = sqlite_column_text,
  .column_int64 = sqlite_column_int64,
  .column_is_null = sqlite_column_is_null,
  .exec = sqlite_exec,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .changes = sqlite_changes,
  .fail = sqlite_fail,
  .schema_version = sqlite_schema_version,
  .close = sqlite_close,
};

KioskCentralDb *
kiosk_central_db_sqlite_open (const char *path,
                              GError    **error)
{
  g_autoptr(KioskCentralDb) db = NULL;
  g_autofree char *dir = NULL;
  SqliteDb *self;
  int rc, version;

  self = g_new0 (SqliteDb, 1);
  db = &self->parent;
  db->backend = &sqlite_backend;
  db->kind = KIOSK_CENTRAL_DB_SQLITE;
  db->name = g_strdup (path);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sqlite_stmt_free);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot create its folder: %s",
                   path, g_strerror (saved));
      return NULL;
    }

  if (!make_private (path, FALSE, error))
    return NULL;

  /* NOMUTEX: each connection is used by one thread at a time (the server's pool hands them
   * out), so SQLite's per-connection mutex would only cost. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot open: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* Look before changing anything: switching another application's file to WAL would
   * already be a change. */
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (!check_is_central (db, kiosk_central_db_latest_version (KIOSK_CENTRAL_DB_SQLITE), &version,
                         error) ||
      !make_private (path, TRUE, error))
    return NULL;

  if (!configure_connection (db, error) || !migrate (db, error) ||
      !kiosk_central_db_read_epoch (db, error))
    return NULL;

  return g_steal_pointer (&db);
}
