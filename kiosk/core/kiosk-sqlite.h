/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SQLite helpers every database of the project shares (the kiosk's store and the reference
 * server's): SQLite result codes as KioskError codes, exec, a statement cache, stepping. */
#pragma once

#include <sqlite3.h>

#include "kiosk-error.h"

G_BEGIN_DECLS

KioskError    kiosk_sqlite_error_code    (int          rc);
/* Fills `error` from the connection's last error; always returns FALSE. */
gboolean      kiosk_sqlite_fail          (sqlite3     *db,
                                          int          rc,
                                          const char  *what,
                                          GError     **error);
gboolean      kiosk_sqlite_exec          (sqlite3     *db,
                                          const char  *sql,
                                          GError     **error);
/* A statement from `cache` (SQL text → statement, finalized by the cache's value destroy
 * function), reset and with its bindings cleared; prepared and added on first use. */
sqlite3_stmt *kiosk_sqlite_prepare_cached (sqlite3    *db,
                                           GHashTable *cache,
                                           const char *sql,
                                           GError    **error);
GHashTable   *kiosk_sqlite_cache_new     (void);
/* Steps a statement that returns no rows (or ignores them) and resets it. */
gboolean      kiosk_sqlite_step_done     (sqlite3      *db,
                                          sqlite3_stmt *stmt,
                                          GError      **error);

G_END_DECLS
