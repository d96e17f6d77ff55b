/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local store: one SQLite file in WAL mode, migrated by user_version, with the photos it
 * names in a folder beside it. Every other core module writes through a KioskStore. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskStore KioskStore;

typedef enum
{
  KIOSK_STORE_OPEN_DEFAULT    = 0,
  /* Open without running migrations (tests and `kiosk-admin` use it to look at old files). */
  KIOSK_STORE_OPEN_NO_MIGRATE = 1 << 0,
  /* Refuse to create a file that does not exist yet. */
  KIOSK_STORE_OPEN_EXISTING   = 1 << 1,
  /* Look without changing anything: no journal-mode switch, no photo folder, no migration
   * (`kiosk-admin check`). Implies EXISTING and NO_MIGRATE. */
  KIOSK_STORE_OPEN_READ_ONLY  = 1 << 2,
} KioskStoreFlags;

KioskStore *kiosk_store_open              (const char      *path,
                                           KioskStoreFlags  flags,
                                           GError         **error);
void        kiosk_store_close             (KioskStore      *store);

/* The schema version this build writes, and the one the file is at. */
int         kiosk_store_latest_version    (void);
int         kiosk_store_get_version       (KioskStore      *store);

/* Runs the migrations from the file's version up to `target` (each in its own transaction). */
gboolean    kiosk_store_migrate           (KioskStore      *store,
                                           int              target,
                                           GError         **error);

const char *kiosk_store_get_path          (KioskStore      *store);
const char *kiosk_store_get_photo_dir     (KioskStore      *store);

/* PRAGMA integrity_check and foreign_key_check; `problems` gets one line per finding. */
gboolean    kiosk_store_check_integrity   (KioskStore      *store,
                                           GPtrArray      **problems,
                                           GError         **error);

/* The kiosk's identity: set once by `kiosk-admin init`, read by everything that writes. */
gboolean    kiosk_store_set_identity      (KioskStore      *store,
                                           const char      *kiosk_code,
                                           GError         **error);
char       *kiosk_store_dup_kiosk_code    (KioskStore      *store,
                                           GError         **error);

/* Settings: small key/value pairs (e.g. last sync). */
gboolean    kiosk_store_set_setting       (KioskStore      *store,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);
char       *kiosk_store_dup_setting       (KioskStore      *store,
                                           const char      *key);

/* Now in Muscat (UTC+4 all year, no daylight saving): what "today" means at the kiosk. */
GDateTime  *kiosk_store_now_local         (KioskStore      *store);

/* A clock the tests can move; seconds since the Unix epoch, UTC. */
gint64      kiosk_store_now               (KioskStore      *store);
void        kiosk_store_set_clock         (KioskStore      *store,
                                           gint64         (*now_func) (gpointer),
                                           gpointer         user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskStore, kiosk_store_close)

G_END_DECLS
