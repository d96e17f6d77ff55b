/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's database: one SQLite file in WAL mode with synchronous=FULL (an answer
 * a kiosk receives was committed first), its own migrations by user_version, and statement
 * helpers turning SQLite codes into KioskError codes. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-db.h"

#include "kiosk-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk-central-resources.h"
#include "kiosk-error.h"

/* Long enough to ride out another request's short write transaction (or a `load`), short
 * enough that a stuck lock becomes a 503 the kiosk retries rather than a hung connection. */
#define BUSY_TIMEOUT_MS 10000

#define MIGRATIONS_PATH "/om/gov/muscat/kiosk/central/migrations"

/* "KCEN": set by the first migration, checked before touching a file that has a schema. */
#define APPLICATION_ID 1262699854

struct _KioskCentralDb
{
  sqlite3    *db;
  char       *path;
  char       *epoch;
  GHashTable *statements;  /* SQL text → sqlite3_stmt*, finalized on close */
};

gint64
kiosk_central_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migrations compiled in, ordered by their numeric prefix: version N is the Nth file. */
static GPtrArray *
list_migrations (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) children = NULL;

  (void) kiosk_central_get_resource ();
  children = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                             NULL);
  g_assert (children != NULL);

  for (guint i = 0; children[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (children[i]));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    g_assert (g_ascii_strtoull (g_ptr_array_index (names, i), NULL, 10) == i + 1);

  return g_steal_pointer (&names);
}

int
kiosk_central_db_latest_version (void)
{
  g_autoptr(GPtrArray) names = list_migrations ();

  return (int) names->len;
}

gboolean
kiosk_central_db_fail (KioskCentralDb *db,
                       int             rc,
                       const char     *what,
                       GError        **error)
{
  return kiosk_sqlite_fail (db->db, rc, what, error);
}

sqlite3 *
kiosk_central_db_get_handle (KioskCentralDb *db)
{
  return db->db;
}

const char *
kiosk_central_db_get_path (KioskCentralDb *db)
{
  return db->path;
}

const char *
kiosk_central_db_get_epoch (KioskCentralDb *db)
{
  return db->epoch;
}

gboolean
kiosk_central_db_exec (KioskCentralDb *db,
                       const char     *sql,
                       GError        **error)
{
  return kiosk_sqlite_exec (db->db, sql, error);
}

sqlite3_stmt *
kiosk_central_db_prepare (KioskCentralDb *db,
                          const char     *sql,
                          GError        **error)
{
  return kiosk_sqlite_prepare_cached (db->db, db->statements, sql, error);
}

gboolean
kiosk_central_db_step_done (KioskCentralDb *db,
                            sqlite3_stmt   *stmt,
                            GError        **error)
{
  return kiosk_sqlite_step_done (db->db, stmt, error);
}

gint64
kiosk_central_db_query_int (KioskCentralDb *db,
                            const char     *sql,
                            GError        **error)
{
  sqlite3_stmt *stmt = kiosk_central_db_prepare (db, sql, error);
  gint64 value = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kiosk_central_db_fail (db, rc, "query", error);
      return -1;
    }
  return value;
}

gboolean
kiosk_central_db_begin (KioskCentralDb *db,
                        GError        **error)
{
  return kiosk_central_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
kiosk_central_db_commit (KioskCentralDb *db,
                         GError        **error)
{
  if (!kiosk_central_db_exec (db, "COMMIT", error))
    {
      kiosk_central_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

void
kiosk_central_db_rollback (KioskCentralDb *db)
{
  /* After some errors SQLite has already rolled back; a second ROLLBACK would only fail. */
  if (!sqlite3_get_autocommit (db->db))
    sqlite3_exec (db->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
pragma_int (KioskCentralDb *db,
            const char     *pragma)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db->db, pragma, -1, &stmt, NULL) == SQLITE_OK &&
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
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, name, NULL);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) local_error = NULL;

  sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;

  if (!kiosk_central_db_exec (db, g_bytes_get_data (sql, NULL), &local_error) ||
      !kiosk_central_db_exec (db, set_version, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                   "%s: migration %s failed: %s", db->path, name, local_error->message);
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
    return kiosk_central_db_fail (db, sqlite3_errcode (db->db), "read schema version", error);

  if (version == 0 && tables > 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk-central database (it has tables but no schema version)",
                   db->path);
      return FALSE;
    }
  if (version > 0 && pragma_int (db, "PRAGMA application_id") != APPLICATION_ID)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk-central database (a kiosk's own database?)", db->path);
      return FALSE;
    }
  if (version > latest)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_TOO_NEW,
                   "%s was written by a newer kiosk-central (schema version %d; this one knows "
                   "up to %d): refusing to open it", db->path, version, latest);
      return FALSE;
    }
  *out_version = version;
  return TRUE;
}

/* Each step looks again under the write lock: two processes opening a new file at once (the
 * server and a `load`) must not both run the same migration. */
static gboolean
migrate (KioskCentralDb *db,
         GError        **error)
{
  g_autoptr(GPtrArray) names = list_migrations ();
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
      g_info ("%s: migrated to central schema version %d", db->path, version + 1);
    }
}

static gboolean
configure_connection (KioskCentralDb *db,
                      GError        **error)
{
  g_autofree char *mode = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_extended_result_codes (db->db, 1);
  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);

  rc = sqlite3_prepare_v2 (db->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (mode == NULL)
    return kiosk_central_db_fail (db, rc, "enable WAL", error);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
                   "%s: the file system does not support WAL mode (got %s)", db->path, mode);
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

static gboolean
read_epoch (KioskCentralDb *db,
            GError        **error)
{
  sqlite3_stmt *stmt = kiosk_central_db_prepare (db,
                                                 "SELECT epoch FROM server_identity"
                                                 " WHERE id = 1",
                                                 error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    db->epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW || db->epoch == NULL)
    return kiosk_central_db_fail (db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                  "read the feed epoch", error);
  return TRUE;
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

KioskCentralDb *
kiosk_central_db_open (const char *path,
                       GError    **error)
{
  g_autoptr(KioskCentralDb) db = NULL;
  g_autofree char *dir = NULL;
  int rc, version;

  g_return_val_if_fail (path != NULL, NULL);

  db = g_new0 (KioskCentralDb, 1);
  db->path = g_strdup (path);
  db->statements = kiosk_sqlite_cache_new ();

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
  rc = sqlite3_open_v2 (path, &db->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot open: %s", path,
                   db->db ? sqlite3_errmsg (db->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* Look before changing anything: switching another application's file to WAL would
   * already be a change. */
  sqlite3_extended_result_codes (db->db, 1);
  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);
  if (!check_is_central (db, kiosk_central_db_latest_version (), &version, error) ||
      !make_private (path, TRUE, error))
    return NULL;

  if (!configure_connection (db, error) || !migrate (db, error) || !read_epoch (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
kiosk_central_db_close (KioskCentralDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->db != NULL)
    {
      int rc = sqlite3_close (db->db);
      if (rc != SQLITE_OK)
        g_warning ("%s: closing left statements open: %s", db->path, sqlite3_errstr (rc));
    }
  g_free (db->path);
  g_free (db->epoch);
  g_free (db);
}
