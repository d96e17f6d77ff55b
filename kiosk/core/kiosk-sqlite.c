/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SQLite helpers shared by the project's databases. */
#define G_LOG_DOMAIN "kiosk-sqlite"

#include "config.h"

#include "kiosk-sqlite.h"

KioskError
kiosk_sqlite_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return KIOSK_ERROR_STORE_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return KIOSK_ERROR_STORE_CORRUPT;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return KIOSK_ERROR_STORE_IO;
    case SQLITE_CONSTRAINT:
      return KIOSK_ERROR_CONFLICT;
    default:
      return KIOSK_ERROR_STORE_SQL;
    }
}

gboolean
kiosk_sqlite_fail (sqlite3    *db,
                   int         rc,
                   const char *what,
                   GError    **error)
{
  const char *message = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, KIOSK_ERROR, kiosk_sqlite_error_code (rc), "%s: %s (%s)",
               what, message, sqlite3_errstr (rc));
  return FALSE;
}

gboolean
kiosk_sqlite_exec (sqlite3    *db,
                   const char *sql,
                   GError    **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_ERROR, kiosk_sqlite_error_code (rc), "%s (%s)",
                   message ? message : sqlite3_errstr (rc), sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

GHashTable *
kiosk_sqlite_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

sqlite3_stmt *
kiosk_sqlite_prepare_cached (sqlite3    *db,
                             GHashTable *cache,
                             const char *sql,
                             GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kiosk_sqlite_fail (db, rc, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (cache, g_strdup (sql), stmt);
  return stmt;
}

gboolean
kiosk_sqlite_step_done (sqlite3      *db,
                        sqlite3_stmt *stmt,
                        GError      **error)
{
  int rc;

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return kiosk_sqlite_fail (db, rc, "write", error);
  return TRUE;
}
