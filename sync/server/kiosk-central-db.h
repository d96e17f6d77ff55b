/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's own SQLite database: opened with the pragmas that make an answer final
 * once committed, migrated by user_version, and the statement helpers the server modules use. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _KioskCentralDb KioskCentralDb;

/* Creates the file (and its folder) when missing, and migrates it to the latest schema.
 * A kiosk's database, another application's SQLite file or a newer schema is refused. */
KioskCentralDb *kiosk_central_db_open            (const char      *path,
                                                  GError         **error);
void            kiosk_central_db_close           (KioskCentralDb  *db);

int             kiosk_central_db_latest_version  (void);
const char     *kiosk_central_db_get_path        (KioskCentralDb  *db);
sqlite3        *kiosk_central_db_get_handle      (KioskCentralDb  *db);
/* The random id minted with the database: the first half of every feed cursor. */
const char     *kiosk_central_db_get_epoch       (KioskCentralDb  *db);

/* BEGIN IMMEDIATE: writers take the lock up front, where the busy timeout can wait for it. */
gboolean        kiosk_central_db_begin           (KioskCentralDb  *db,
                                                  GError         **error);
gboolean        kiosk_central_db_commit          (KioskCentralDb  *db,
                                                  GError         **error);
void            kiosk_central_db_rollback        (KioskCentralDb  *db);

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt   *kiosk_central_db_prepare         (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);
/* Steps a statement that returns no rows (or ignores them), then resets it. */
gboolean        kiosk_central_db_step_done       (KioskCentralDb  *db,
                                                  sqlite3_stmt    *stmt,
                                                  GError         **error);
gboolean        kiosk_central_db_exec            (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);
/* The integer in the first column of the single row `sql` returns, or -1 with `error` set. */
gint64          kiosk_central_db_query_int       (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);

/* Fills `error` from the connection's last error with a KioskError code saying what kind of
 * failure it was (busy, I/O, constraint...). Always returns FALSE. */
gboolean        kiosk_central_db_fail            (KioskCentralDb  *db,
                                                  int              rc,
                                                  const char      *what,
                                                  GError         **error);

gint64          kiosk_central_now                (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralDb, kiosk_central_db_close)

G_END_DECLS
