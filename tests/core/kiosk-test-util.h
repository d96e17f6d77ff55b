/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers every core test shares: a scratch folder, a seeded store in it, a pinned clock, and
 * read-only looks at the rows. */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdarg.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* Runs the default main context for `ms` milliseconds. */
void          kiosk_test_iterate_for      (guint ms);

/* Runs the default main context until `condition` holds or KIOSK_TEST_WAIT_SECONDS pass;
 * the caller asserts the condition after. Tests wait on an effect, never a fixed time, so a
 * loaded machine makes them slower, not red; rates belong to benchmarks. */
#define KIOSK_TEST_WAIT_SECONDS 30
#define KIOSK_TEST_WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 kiosk_test_deadline = g_get_monotonic_time () + \
                                 KIOSK_TEST_WAIT_SECONDS * G_USEC_PER_SEC; \
    while (!(condition) && g_get_monotonic_time () < kiosk_test_deadline) \
      kiosk_test_iterate_for (5); \
  } G_STMT_END

char         *kiosk_test_make_dir         (void);
/* Removes DIR and all it holds (links are removed, not followed); whatever cannot be removed
 * fails the test, so no test leaves files behind unnoticed. */
void          kiosk_test_remove_dir       (const char *dir);
/* The names in the folder at PATH, sorted; an empty list when there is no such folder (one
 * that is there but cannot be read fails the test). */
GPtrArray    *kiosk_test_list_dir         (const char *path);

/* The offline payment limits of the default configuration, as the kiosk sets them. */
void          kiosk_test_set_default_limits (KioskStore *store);

/* A store at DIR/kiosk.db with identity TST01, a signing key, the default offline payment
 * limits, and the demo data when `seed`. */
KioskStore   *kiosk_test_store_new        (const char *dir,
                                           gboolean    seed);
/* From now on the store's clock reads `*now`: the test moves time by assigning to it. */
void          kiosk_test_store_pin_clock  (KioskStore *store,
                                           gint64     *now);

/* Unix time of a wall-clock moment in Muscat (UTC+4, no daylight saving). */
gint64        kiosk_test_muscat_time      (int year,
                                           int month,
                                           int day,
                                           int hour,
                                           int minute,
                                           int second);

/* For g_test_add (): a fresh store in its own folder, its clock pinned to `now`, which starts
 * at 2026-11-30 10:00 in Muscat; tests move time by assigning to it. */
typedef struct
{
  char       *dir;
  KioskStore *store;
  gint64      now;
} KioskTestFixture;

/* The store has its identity and no reference data, or the demo seed when `_seeded`. */
void          kiosk_test_fixture_set_up        (KioskTestFixture *fixture,
                                                gconstpointer     data);
void          kiosk_test_fixture_set_up_seeded (KioskTestFixture *fixture,
                                                gconstpointer     data);
void          kiosk_test_fixture_tear_down     (KioskTestFixture *fixture,
                                                gconstpointer     data);

/* Read-only looks at the rows, with prepared statements. The parameters are strings bound to
 * ?1, ?2, … and the list ends with NULL. */
sqlite3_stmt *kiosk_test_prepare_va       (KioskStore *store,
                                           const char *sql,
                                           va_list     args);
/* The integer in the single row `sql` returns (e.g. "SELECT count (*) FROM outbox"). */
gint64        kiosk_test_query_int        (KioskStore *store,
                                           const char *sql,
                                           ...) G_GNUC_NULL_TERMINATED;
/* The first column of every row, as text. */
GPtrArray    *kiosk_test_query_column     (KioskStore *store,
                                           const char *sql,
                                           ...) G_GNUC_NULL_TERMINATED;
gint64        kiosk_test_count_rows       (KioskStore *store,
                                           const char *table);

/* A "kB" field of a running child's /proc/PID/status ("VmRSS:", "VmHWM:"), or -1. */
long          kiosk_test_process_kib      (GSubprocess *process,
                                           const char  *field);

/* Every table of the file, one a line: its name, row count and a checksum of all its rows in
 * rowid order. Equal snapshots mean nothing was written. */
char         *kiosk_test_snapshot_tables  (KioskStore *store);

G_END_DECLS
