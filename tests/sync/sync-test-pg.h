/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A throwaway PostgreSQL cluster for the sync tests' `-pg` variants: started by the test
 * itself (initdb into a fresh folder, pg_ctl on a free loopback port), one database per
 * central server the test makes, stopped when the test process ends however it ends. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this run puts kiosk-central on PostgreSQL ($KIOSK_TEST_CENTRAL=postgresql). */
gboolean   sync_pg_enabled      (void);
/* The postgresql:// URL of the database standing for the central SQLite path `path`: made
 * (and migrated with `kiosk-central migrate`) the first time, the cluster started before the
 * first one. */
const char *sync_pg_database    (const char *path);
/* The URL a path already has, or NULL (a kiosk's database never has one). */
const char *sync_pg_lookup      (const char *path);
/* The first column of every row, as text; `?1` is the optional text argument. */
GPtrArray  *sync_pg_column      (const char *url,
                                 const char *sql,
                                 const char *arg);
/* kiosk-central's arguments as a test wrote them for SQLite, made right for this run: with
 * PostgreSQL, each `--db PATH` becomes PATH's database, and `serve` (also without a command)
 * and `attach` get `--attachments PATH.attachments`, where SQLite keeps them, unless given. */
GStrv       sync_pg_central_argv (const char * const *argv);
/* Runs a statement that returns nothing; aborts the test when it fails. */
void        sync_pg_exec        (const char *url,
                                 const char *sql);

/* `pg_ctl stop -m immediate`: the cluster goes as in a crash (no checkpoint, connections cut);
 * sync_pg_restart starts it again on the same port, through crash recovery. */
void        sync_pg_crash       (void);
void        sync_pg_restart     (void);

G_END_DECLS
