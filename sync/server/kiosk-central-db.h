/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's database, whichever it is: an SQLite file (the embedded default) or a
 * PostgreSQL server (several kiosk-central processes sharing it). Callers write SQL once with
 * `?1 ?2` placeholders, bind, step rows and read columns; the few places where the dialects
 * differ give both texts to kiosk_central_db_prepare_dialect. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskCentralDb KioskCentralDb;
typedef struct _KioskCentralStmt KioskCentralStmt;

typedef enum
{
  KIOSK_CENTRAL_DB_SQLITE,
  KIOSK_CENTRAL_DB_POSTGRESQL,
} KioskCentralDbKind;

/* What a step gave: a row to read, the end of the rows, or a failure
 * (kiosk_central_db_fail then says which). */
typedef enum
{
  KIOSK_CENTRAL_ROW = 1,
  KIOSK_CENTRAL_DONE,
  KIOSK_CENTRAL_ERROR,
} KioskCentralStep;

/* `target` is a path (SQLite), or a PostgreSQL connection string: a `postgresql://` or
 * `postgres://` URL, or libpq's `key=value` form. Any other `scheme://` is refused. */
gboolean        kiosk_central_db_target_kind     (const char          *target,
                                                  KioskCentralDbKind  *out_kind,
                                                  GError             **error);

/* Opens the database. An SQLite file (and its folder) is created when missing and migrated to
 * the latest schema, as the embedded default always did; a PostgreSQL schema must already be
 * the latest (`kiosk-central migrate` brings it there: several servers share it, so upgrading
 * it is a deliberate step). A kiosk's database, another application's or a newer schema is
 * refused. */
KioskCentralDb *kiosk_central_db_open            (const char      *target,
                                                  GError         **error);
/* Opens and migrates whichever the backend: `kiosk-central migrate`. */
KioskCentralDb *kiosk_central_db_open_migrating  (const char      *target,
                                                  GError         **error);
void            kiosk_central_db_close           (KioskCentralDb  *db);

KioskCentralDbKind kiosk_central_db_get_kind     (KioskCentralDb  *db);
/* The path, or the connection string without its password: for messages. */
const char     *kiosk_central_db_get_name        (KioskCentralDb  *db);
/* The random id minted with the database: the first half of every feed cursor. */
const char     *kiosk_central_db_get_epoch       (KioskCentralDb  *db);
/* Whether the server answers and its schema is the one this build writes: /v1/health. */
gboolean        kiosk_central_db_check_health    (KioskCentralDb  *db,
                                                  GError         **error);

/* A write transaction. SQLite: BEGIN IMMEDIATE, writers take the lock up front where the busy
 * timeout can wait for it. PostgreSQL: READ COMMITTED, rows locked as they are written. */
gboolean        kiosk_central_db_begin           (KioskCentralDb  *db,
                                                  GError         **error);
/* A read-only transaction whose statements all see one snapshot. */
gboolean        kiosk_central_db_begin_read      (KioskCentralDb  *db,
                                                  GError         **error);
gboolean        kiosk_central_db_commit          (KioskCentralDb  *db,
                                                  GError         **error);
void            kiosk_central_db_rollback        (KioskCentralDb  *db);

/* Adds one change to the feed. Inside a write transaction it is added as the transaction
 * commits, so the feed's lock is held only for those inserts, never while the transaction
 * still works (and waits on row locks): feed sequence numbers must become visible in the
 * order they were taken, or a kiosk reading the feed between two commits would move its
 * cursor past a change that commits later and never see it. SQLite: BEGIN IMMEDIATE already
 * lets one writer in at a time. PostgreSQL: a transaction-scoped advisory lock taken before
 * the sequence is drawn, so the next writer draws a higher number only after this one
 * committed (or rolled back). `data` only with "upsert"; `kiosk_code` NULL for every kiosk. */
gboolean        kiosk_central_db_add_change      (KioskCentralDb  *db,
                                                  const char      *dataset,
                                                  const char      *op,
                                                  const char      *key,
                                                  const char      *data,
                                                  const char      *kiosk_code,
                                                  GError         **error);

/* A cached prepared statement, reset and with its bindings cleared. */
KioskCentralStmt *kiosk_central_db_prepare       (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);
/* For the few statements the two dialects write differently. */
KioskCentralStmt *kiosk_central_db_prepare_dialect (KioskCentralDb *db,
                                                    const char     *sqlite_sql,
                                                    const char     *postgresql_sql,
                                                    GError        **error);

/* NULL binds NULL. Text is copied. */
void            kiosk_central_stmt_bind_text     (KioskCentralStmt *stmt,
                                                  int               index,
                                                  const char       *text);
void            kiosk_central_stmt_bind_text_len (KioskCentralStmt *stmt,
                                                  int               index,
                                                  const char       *text,
                                                  gsize             length);
void            kiosk_central_stmt_bind_int64    (KioskCentralStmt *stmt,
                                                  int               index,
                                                  gint64            value);

KioskCentralStep kiosk_central_stmt_step         (KioskCentralStmt *stmt);
/* Ready to bind and run again; what the columns pointed to is gone. */
void            kiosk_central_stmt_reset         (KioskCentralStmt *stmt);

/* NULL for SQL NULL; valid until the next step or reset. */
const char     *kiosk_central_stmt_column_text   (KioskCentralStmt *stmt,
                                                  int               column);
gint64          kiosk_central_stmt_column_int64  (KioskCentralStmt *stmt,
                                                  int               column);
gboolean        kiosk_central_stmt_column_is_null (KioskCentralStmt *stmt,
                                                   int               column);

/* Steps a statement that returns no rows (or ignores them), then resets it. */
gboolean        kiosk_central_db_step_done       (KioskCentralDb  *db,
                                                  KioskCentralStmt *stmt,
                                                  GError         **error);
/* How many rows the last statement run on this connection inserted, updated or deleted. */
gint64          kiosk_central_db_changes         (KioskCentralDb  *db);
gboolean        kiosk_central_db_exec            (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);
/* The integer in the first column of the single row `sql` returns, or -1 with `error` set. */
gint64          kiosk_central_db_query_int       (KioskCentralDb  *db,
                                                  const char      *sql,
                                                  GError         **error);

/* Fills `error` after a step gave `step`: from the connection's last error with a KioskError
 * code saying what kind of failure it was (busy or serialization → STORE_BUSY, which a kiosk
 * is told to retry; unique violation → CONFLICT; I/O...), or, for a step that found no row
 * where one had to be, STORE_CORRUPT. Always returns FALSE. */
gboolean        kiosk_central_db_fail            (KioskCentralDb  *db,
                                                  KioskCentralStep step,
                                                  const char      *what,
                                                  GError         **error);

int             kiosk_central_db_latest_version  (KioskCentralDbKind kind);
gint64          kiosk_central_now                (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralDb, kiosk_central_db_close)

G_END_DECLS
