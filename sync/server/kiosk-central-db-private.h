/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each database backend of kiosk-central implements (kiosk-central-db-sqlite.c,
 * kiosk-central-db-pg.c); kiosk-central-db.c dispatches to it. */
#pragma once

#include "kiosk-central-db.h"

G_BEGIN_DECLS

typedef struct
{
  KioskCentralStmt *(*prepare)     (KioskCentralDb *db, const char *sql, GError **error);
  void              (*bind_text)   (KioskCentralStmt *stmt, int index, const char *text,
                                    gsize length);
  void              (*bind_int64)  (KioskCentralStmt *stmt, int index, gint64 value);
  KioskCentralStep  (*step)        (KioskCentralStmt *stmt);
  void              (*reset)       (KioskCentralStmt *stmt);
  const char       *(*column_text) (KioskCentralStmt *stmt, int column);
  gint64            (*column_int64) (KioskCentralStmt *stmt, int column);
  gboolean          (*column_is_null) (KioskCentralStmt *stmt, int column);
  gboolean          (*exec)        (KioskCentralDb *db, const char *sql, GError **error);
  gboolean          (*begin)       (KioskCentralDb *db, gboolean write, GError **error);
  gboolean          (*commit)      (KioskCentralDb *db, GError **error);
  void              (*rollback)    (KioskCentralDb *db);
  gint64            (*changes)     (KioskCentralDb *db);
  gboolean          (*fail)        (KioskCentralDb *db, const char *what, GError **error);
  int               (*schema_version) (KioskCentralDb *db, GError **error);
  void              (*close)       (KioskCentralDb *db);
} KioskCentralDbBackend;

/* The first member of each backend's connection struct. */
struct _KioskCentralDb
{
  const KioskCentralDbBackend *backend;
  KioskCentralDbKind           kind;
  char                        *name;
  char                        *epoch;
  gboolean                     writing;          /* inside kiosk_central_db_begin () */
  GPtrArray                   *pending_changes;  /* PendingChange, added at commit */
};

/* The first member of each backend's statement struct. */
struct _KioskCentralStmt
{
  KioskCentralDb *db;
};

/* Always migrates: the embedded default has one process and no operator step. */
KioskCentralDb *kiosk_central_db_sqlite_open (const char *path,
                                              GError    **error);
/* `migrate`: bring the schema up to date (FALSE: refuse one that is not the latest). */
KioskCentralDb *kiosk_central_db_pg_open     (const char *conninfo,
                                              gboolean    migrate,
                                              GError    **error);

/* The migrations compiled in under `folder` of the resource, in order: version N is the Nth. */
GPtrArray      *kiosk_central_db_list_migrations (const char *folder);
GBytes         *kiosk_central_db_read_migration  (const char *folder,
                                                  const char *name,
                                                  GError    **error);
/* FALSE with STORE_TOO_NEW when `version` is beyond `latest`: never downgraded. */
gboolean        kiosk_central_db_refuse_newer    (KioskCentralDb *db,
                                                  int             version,
                                                  int             latest,
                                                  GError        **error);
/* Reads server_identity's epoch into db->epoch. */
gboolean        kiosk_central_db_read_epoch      (KioskCentralDb *db,
                                                  GError        **error);

#define KIOSK_CENTRAL_SQLITE_MIGRATIONS "/om/gov/muscat/kiosk/central/migrations"
#define KIOSK_CENTRAL_PG_MIGRATIONS "/om/gov/muscat/kiosk/central/migrations-pg"

G_END_DECLS
