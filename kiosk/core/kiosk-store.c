/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local store: opening the SQLite file with the pragmas that make it safe for money,
 * migrations by user_version, and the statement helpers the other core modules use. */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include "kiosk-store.h"

#include "kiosk-sqlite.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiosk-core-resources.h"
#include "kiosk-ids.h"
#include "kiosk-store-private.h"

/* Long enough to ride out the sync agent's short transactions, short enough that a stuck
 * lock surfaces as an error the attendant can see instead of a frozen screen. */
#define BUSY_TIMEOUT_MS 10000

#define MIGRATIONS_PATH "/om/gov/muscat/kiosk/core/migrations"

struct _KioskStore
{
  sqlite3    *db;
  char       *path;
  char       *photo_dir;
  GHashTable *statements;  /* SQL text → sqlite3_stmt*, finalized on close */
  gint64    (*now_func) (gpointer);
  gpointer    now_data;
  GData      *data;        /* run-time settings other core modules attach (e.g. limits) */
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migrations compiled into the library, ordered by their numeric prefix. */
static GPtrArray *
list_migrations (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) children = NULL;

  children = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                             NULL);
  g_assert (children != NULL);

  for (guint i = 0; children[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (children[i]));

  g_ptr_array_sort (names, compare_names);

  /* Each file is NNNN-name.sql and version N is the Nth file: a gap is a packaging bug. */
  for (guint i = 0; i < names->len; i++)
    g_assert (g_ascii_strtoull (g_ptr_array_index (names, i), NULL, 10) == i + 1);

  return g_steal_pointer (&names);
}

int
kiosk_store_latest_version (void)
{
  g_autoptr(GPtrArray) names = list_migrations ();

  return (int) names->len;
}

gboolean
kiosk_store_fail (KioskStore *store,
                  int         rc,
                  const char *what,
                  GError    **error)
{
  return kiosk_sqlite_fail (store->db, rc, what, error);
}

void
kiosk_store_set_data (KioskStore    *store,
                      const char    *key,
                      gpointer       data,
                      GDestroyNotify destroy)
{
  g_datalist_set_data_full (&store->data, key, data, destroy);
}

gpointer
kiosk_store_get_data (KioskStore *store,
                      const char *key)
{
  return g_datalist_get_data (&store->data, key);
}

sqlite3 *
kiosk_store_get_db (KioskStore *store)
{
  return store->db;
}

const char *
kiosk_store_get_path (KioskStore *store)
{
  return store->path;
}

const char *
kiosk_store_get_photo_dir (KioskStore *store)
{
  return store->photo_dir;
}

gboolean
kiosk_store_exec (KioskStore *store,
                  const char *sql,
                  GError    **error)
{
  return kiosk_sqlite_exec (store->db, sql, error);
}

sqlite3_stmt *
kiosk_store_prepare (KioskStore *store,
                     const char *sql,
                     GError    **error)
{
  return kiosk_sqlite_prepare_cached (store->db, store->statements, sql, error);
}

gboolean
kiosk_store_step_done (KioskStore   *store,
                       sqlite3_stmt *stmt,
                       GError      **error)
{
  return kiosk_sqlite_step_done (store->db, stmt, error);
}

void
kiosk_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
kiosk_column_dup_text (sqlite3_stmt *stmt,
                       int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *) text) : NULL;
}

gboolean
kiosk_store_begin (KioskStore *store,
                   GError    **error)
{
  return kiosk_store_exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
kiosk_store_commit (KioskStore *store,
                    GError    **error)
{
  if (!kiosk_store_exec (store, "COMMIT", error))
    {
      kiosk_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

void
kiosk_store_rollback (KioskStore *store)
{
  /* After some errors SQLite has already rolled back; a second ROLLBACK would only fail. */
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
default_now (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
kiosk_store_now (KioskStore *store)
{
  return store->now_func (store->now_data);
}

GDateTime *
kiosk_store_now_local (KioskStore *store)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (kiosk_store_now (store));

  return g_date_time_to_timezone (utc, muscat);
}

void
kiosk_store_set_clock (KioskStore *store,
                       gint64    (*now_func) (gpointer),
                       gpointer    user_data)
{
  store->now_func = now_func ? now_func : default_now;
  store->now_data = user_data;
}

int
kiosk_store_get_version (KioskStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
apply_migration (KioskStore *store,
                 const char *name,
                 int         version,
                 GError    **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, name, NULL);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) local_error = NULL;

  sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;

  /* The schema change and the version bump commit together or not at all. */
  if (!kiosk_store_begin (store, error))
    return FALSE;

  if (!kiosk_store_exec (store, g_bytes_get_data (sql, NULL), &local_error) ||
      !kiosk_store_exec (store, set_version, &local_error) ||
      !kiosk_store_commit (store, &local_error))
    {
      kiosk_store_rollback (store);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                   "%s: migration %s failed: %s", store->path, name, local_error->message);
      return FALSE;
    }

  g_info ("%s: migrated to schema version %d (%s)", store->path, version, name);
  return TRUE;
}

gboolean
kiosk_store_migrate (KioskStore *store,
                     int         target,
                     GError    **error)
{
  g_autoptr(GPtrArray) names = list_migrations ();
  int version = kiosk_store_get_version (store);

  g_return_val_if_fail (target >= 0 && target <= (int) names->len, FALSE);

  if (version < 0)
    return kiosk_store_fail (store, sqlite3_errcode (store->db), "read schema version", error);

  if (version > (int) names->len)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_TOO_NEW,
                   "%s was written by a newer kiosk (schema version %d; this kiosk knows "
                   "up to %u): refusing to open it", store->path, version, names->len);
      return FALSE;
    }

  for (int v = version + 1; v <= target; v++)
    if (!apply_migration (store, g_ptr_array_index (names, v - 1), v, error))
      return FALSE;

  return TRUE;
}

static gboolean
configure_connection (KioskStore *store,
                      GError    **error)
{
  g_autofree char *mode = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_extended_result_codes (store->db, 1);
  sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);

  rc = sqlite3_prepare_v2 (store->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (mode == NULL)
    return kiosk_store_fail (store, rc, "enable WAL", error);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
                   "%s: the file system does not support WAL mode (got %s)", store->path, mode);
      return FALSE;
    }

  /* FULL: a power cut right after a paid transaction must not lose it. */
  return kiosk_store_exec (store,
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA temp_store = MEMORY;",
                           error);
}

static gboolean
ensure_photo_dir (KioskStore *store,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (store->path);
  g_autofree char *base = g_path_get_basename (store->path);
  g_autofree char *name = g_strconcat (base, ".photos", NULL);

  store->photo_dir = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (store->photo_dir, 0750) != 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
                   "%s: cannot create the photo folder: %s", store->photo_dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A kiosk database has a user_version, or is brand new and empty. Another application's
 * SQLite file (version 0 with tables of its own) must not be "migrated" into one. */
static gboolean
is_kiosk_database (KioskStore *store,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = kiosk_store_get_version (store);
  int rc, tables = -1;

  if (version < 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk database: %s", store->path, sqlite3_errmsg (store->db));
      return FALSE;
    }
  if (version > 0)
    return TRUE;

  rc = sqlite3_prepare_v2 (store->db, "SELECT count (*) FROM sqlite_schema", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    tables = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (tables != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s is not a kiosk database (it has tables but no schema version)",
                   store->path);
      return FALSE;
    }
  return TRUE;
}

KioskStore *
kiosk_store_open (const char      *path,
                  KioskStoreFlags  flags,
                  GError         **error)
{
  g_autoptr(KioskStore) store = NULL;
  int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* The resources (migrations, seeds) register themselves from a constructor; naming the
   * getter makes sure a static link keeps that object file. */
  (void) kiosk_core_get_resource ();

  store = g_new0 (KioskStore, 1);
  store->path = g_strdup (path);
  store->now_func = default_now;
  store->statements = kiosk_sqlite_cache_new ();

  if (flags & KIOSK_STORE_OPEN_READ_ONLY)
    {
      flags |= KIOSK_STORE_OPEN_EXISTING | KIOSK_STORE_OPEN_NO_MIGRATE;
      open_flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    }

  if (!(flags & KIOSK_STORE_OPEN_EXISTING))
    {
      g_autofree char *dir = g_path_get_dirname (path);

      open_flags |= SQLITE_OPEN_CREATE;
      if (g_mkdir_with_parents (dir, 0750) != 0)
        {
          int saved = errno;
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
                       "%s: cannot create its folder: %s", path, g_strerror (saved));
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (path, &store->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot open: %s",
                   path, store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (flags & KIOSK_STORE_OPEN_READ_ONLY)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strconcat (base, ".photos", NULL);

      sqlite3_extended_result_codes (store->db, 1);
      sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);
      store->photo_dir = g_build_filename (dir, name, NULL);
    }
  else if (!configure_connection (store, error) || !ensure_photo_dir (store, error))
    return NULL;

  if (!is_kiosk_database (store, error))
    return NULL;

  if (!(flags & KIOSK_STORE_OPEN_NO_MIGRATE) &&
      !kiosk_store_migrate (store, kiosk_store_latest_version (), error))
    return NULL;

  return g_steal_pointer (&store);
}

void
kiosk_store_close (KioskStore *store)
{
  if (store == NULL)
    return;

  g_datalist_clear (&store->data);
  g_clear_pointer (&store->statements, g_hash_table_unref);
  if (store->db != NULL)
    {
      int rc = sqlite3_close (store->db);
      if (rc != SQLITE_OK)
        g_warning ("%s: closing left statements open: %s", store->path, sqlite3_errstr (rc));
    }
  g_free (store->path);
  g_free (store->photo_dir);
  g_free (store);
}

gboolean
kiosk_store_check_integrity (KioskStore *store,
                             GPtrArray **problems,
                             GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (store->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (found, g_strdup_printf ("integrity: %s", line));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "integrity_check", error);

  rc = sqlite3_prepare_v2 (store->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, g_strdup_printf ("foreign key: %s row %lld refers to a missing %s",
                                             sqlite3_column_text (stmt, 0),
                                             (long long) sqlite3_column_int64 (stmt, 1),
                                             sqlite3_column_text (stmt, 2)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "foreign_key_check", error);

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return TRUE;
}

gboolean
kiosk_store_set_identity (KioskStore *store,
                          const char *kiosk_code,
                          GError    **error)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO kiosk_identity (id, kiosk_code, kiosk_uuid, created_at)"
                              " VALUES (1, ?1, ?2, ?3)"
                              " ON CONFLICT (id) DO UPDATE SET kiosk_code = excluded.kiosk_code",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, kiosk_code);
  kiosk_bind_text (stmt, 2, uuid);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  return kiosk_store_step_done (store, stmt, error);
}

char *
kiosk_store_dup_kiosk_code (KioskStore *store,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  char *code = NULL;
  int rc;

  stmt = kiosk_store_prepare (store, "SELECT kiosk_code FROM kiosk_identity WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    code = kiosk_column_dup_text (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                 "%s has no kiosk identity: run `kiosk-admin init` first", store->path);
  else
    kiosk_store_fail (store, rc, "read kiosk identity", error);
  sqlite3_reset (stmt);
  return code;
}

gboolean
kiosk_store_set_setting (KioskStore *store,
                         const char *key,
                         const char *value,
                         GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                              " updated_at = excluded.updated_at",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, key);
  kiosk_bind_text (stmt, 2, value);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  return kiosk_store_step_done (store, stmt, error);
}

char *
kiosk_store_dup_setting (KioskStore *store,
                         const char *key)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, "SELECT value FROM settings WHERE key = ?1",
                                            NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = kiosk_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

char *
kiosk_store_next_reference (KioskStore *store,
                            GError    **error)
{
  g_autoptr(GDateTime) now = kiosk_store_now_local (store);
  g_autofree char *day = g_date_time_format (now, "%y%m%d");
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  int rc;

  code = kiosk_store_dup_kiosk_code (store, error);
  if (code == NULL)
    return NULL;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO reference_counters (day, last_seq) VALUES (?1, 1)"
                              " ON CONFLICT (day) DO UPDATE SET last_seq = last_seq + 1"
                              " RETURNING last_seq",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, day);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "next reference", error);
      return NULL;
    }

  return kiosk_reference_format (code, day, seq);
}
