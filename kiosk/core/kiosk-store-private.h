/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the core modules share about the store and nobody else sees: the SQLite handle,
 * transactions, and statement helpers that turn SQLite codes into KioskError codes. */
#pragma once

#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

sqlite3      *kiosk_store_get_db          (KioskStore   *store);

/* Run-time settings a core module keeps with the store it governs (never persisted). */
void          kiosk_store_set_data        (KioskStore    *store,
                                           const char    *key,
                                           gpointer       data,
                                           GDestroyNotify destroy);
gpointer      kiosk_store_get_data        (KioskStore   *store,
                                           const char   *key);

/* BEGIN IMMEDIATE: a writer takes the lock up front, where the busy timeout can wait for it,
 * instead of failing later when a read transaction tries to upgrade. */
gboolean      kiosk_store_begin           (KioskStore   *store,
                                           GError      **error);
gboolean      kiosk_store_commit          (KioskStore   *store,
                                           GError      **error);
void          kiosk_store_rollback        (KioskStore   *store);

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *kiosk_store_prepare         (KioskStore   *store,
                                           const char   *sql,
                                           GError      **error);

/* Steps a statement that returns no rows (or ignores them) and resets it. */
gboolean      kiosk_store_step_done       (KioskStore   *store,
                                           sqlite3_stmt *stmt,
                                           GError      **error);

/* Runs SQL text without parameters (schema, pragmas). */
gboolean      kiosk_store_exec            (KioskStore   *store,
                                           const char   *sql,
                                           GError      **error);

/* Fills `error` from the connection's last error, with a KioskError code that says what
 * kind of failure it was. Always returns FALSE so callers can `return kiosk_store_fail (...)`. */
gboolean      kiosk_store_fail            (KioskStore   *store,
                                           int           rc,
                                           const char   *what,
                                           GError      **error);

/* Binds a UTF-8 string, or NULL when `text` is NULL or empty and `empty_is_null`. */
void          kiosk_bind_text             (sqlite3_stmt *stmt,
                                           int           index,
                                           const char   *text);
char         *kiosk_column_dup_text       (sqlite3_stmt *stmt,
                                           int           index);

/* Next value of today's human-reference sequence, inside the caller's transaction. */
char         *kiosk_store_next_reference  (KioskStore   *store,
                                           GError      **error);

G_END_DECLS
