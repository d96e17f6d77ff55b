/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: commit latency of a report with one ~300 KB photo and its outbox row, against
 * the floor (a bare SQLite INSERT of the same bytes plus fsync of the photo file), in one
 * run on the same disk. Prints p50/p99 of both and the ratio. Not a pass/fail test. */
#define G_LOG_DOMAIN "bench-commit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kiosk-keys.h"
#include "kiosk-photos.h"
#include "kiosk-seed.h"
#include "kiosk-services.h"
#include "kiosk-simulate.h"
#include "kiosk-store.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* The same photo with a counter in its last bytes: distinct content, same size and cost. */
static GBytes *
variant (GBytes *base,
         guint   i)
{
  gsize size;
  const guint8 *original = g_bytes_get_data (base, &size);
  guint8 *data = g_memdup2 (original, size);

  memcpy (data + size - 16, &i, sizeof i);
  return g_bytes_new_take (data, size);
}

static void
report (const char *name,
        GArray     *us)
{
  g_array_sort (us, compare_gint64);
  printf ("%-8s n=%u p50=%.2f ms p99=%.2f ms\n", name, us->len,
          g_array_index (us, gint64, us->len / 2) / 1000.0,
          g_array_index (us, gint64, us->len * 99 / 100) / 1000.0);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-commit: %s: %s\n", what, error ? error->message : g_strerror (errno));
  exit (1);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-commit-XXXXXX", &error);
  g_autofree char *kiosk_db = NULL;
  g_autofree char *floor_db = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GBytes) base = NULL;
  g_autoptr(GArray) kiosk_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floor_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  if (dir == NULL || n == 0)
    die ("setup", error);
  kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  floor_db = g_build_filename (dir, "floor.db", NULL);

  base = kiosk_simulate_make_jpeg (7, 300 * 1024, &error);
  store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_DEFAULT, &error);
  if (base == NULL || store == NULL || !kiosk_store_set_identity (store, "BENCH", &error) ||
      !kiosk_keys_ensure_own (store, NULL, &error) || !kiosk_seed_load (store, "demo", &error))
    die ("setup", error);
  printf ("photo: %zu bytes; %u commits each; database in %s\n", g_bytes_get_size (base), n,
          dir);

  /* The floor: same durability settings, no validation, no outbox, no receipt. */
  if (sqlite3_open (floor_db, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO t (data) VALUES (?1)", -1, &insert, NULL) != SQLITE_OK)
    die ("floor setup", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) photo = variant (base, i);
      gint64 start;

      /* Alternate the two so disk and cache conditions are shared fairly. */
      start = g_get_monotonic_time ();
      {
        g_auto(KioskRecordRef) ref = { NULL, NULL };
        g_autofree char *hash = kiosk_photos_write (store, photo, &error);
        const char *hashes[] = { hash, NULL };
        KioskReportInput input = { "pothole", "MTR", "MTR-RUWI", "قرب دوار روي",
                                   "حفرة عميقة في الطريق أمام المسجد", "92123456", hashes };

        if (hash == NULL || !kiosk_services_file_report (store, &input, &ref, NULL, &error))
          die ("kiosk commit", error);
      }
      g_array_append_vals (kiosk_us, &(gint64) { g_get_monotonic_time () - start }, 1);

      start = g_get_monotonic_time ();
      {
        g_autofree char *path = g_strdup_printf ("%s/floor-%u.jpg", dir, i);
        gsize size;
        const void *data = g_bytes_get_data (photo, &size);
        int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);

        if (fd < 0 || write (fd, data, size) != (ssize_t) size || fsync (fd) != 0)
          die ("floor photo", NULL);
        close (fd);
        sqlite3_bind_blob (insert, 1, data, (int) size, SQLITE_STATIC);
        if (sqlite3_step (insert) != SQLITE_DONE)
          die ("floor insert", NULL);
        sqlite3_reset (insert);
      }
      g_array_append_vals (floor_us, &(gint64) { g_get_monotonic_time () - start }, 1);
    }

  report ("kiosk", kiosk_us);
  report ("floor", floor_us);
  printf ("ratio    p50=%.2fx p99=%.2fx\n",
          (double) g_array_index (kiosk_us, gint64, n / 2) /
            (double) g_array_index (floor_us, gint64, n / 2),
          (double) g_array_index (kiosk_us, gint64, n * 99 / 100) /
            (double) g_array_index (floor_us, gint64, n * 99 / 100));

  sqlite3_finalize (insert);
  sqlite3_close (db);
  g_clear_pointer (&store, kiosk_store_close);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_printerr ("bench-commit: could not remove %s\n", dir);
  }
  return 0;
}
