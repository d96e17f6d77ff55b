/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers for the core tests. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-test-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-config.h"
#include "kiosk-payments.h"
#include "kiosk-keys.h"
#include "kiosk-seed.h"
#include "kiosk-store-private.h"

/* Scratch folders ----------------------------------------------------------------------- */

char *
kiosk_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kiosk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

void
kiosk_test_remove_dir (const char *dir)
{
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  remove_tree (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
kiosk_test_list_dir (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      /* Missing is an answer; there but unreadable is not. */
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      return names;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The store and its clock --------------------------------------------------------------- */

void
kiosk_test_set_default_limits (KioskStore *store)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskOfflineLimits limits = { config->offline_tx_cap, config->offline_total_cap,
                                config->offline_max_age_hours };

  kiosk_payments_set_limits (store, &limits);
}

KioskStore *
kiosk_test_store_new (const char *dir,
                      gboolean    seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  KioskStore *store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (kiosk_store_set_identity (store, "TST01", &error));
  g_assert_no_error (error);
  kiosk_test_set_default_limits (store);
  /* As `kiosk-admin init` leaves a kiosk: its receipts carry signed QR codes. */
  g_assert_true (kiosk_keys_ensure_own (store, NULL, &error));
  g_assert_no_error (error);
  if (seed)
    {
      g_assert_true (kiosk_seed_load (store, "demo", &error));
      g_assert_no_error (error);
    }
  return store;
}

static gint64
pinned_now_cb (gpointer user_data)
{
  return *(const gint64 *) user_data;
}

void
kiosk_test_store_pin_clock (KioskStore *store,
                            gint64     *now)
{
  kiosk_store_set_clock (store, pinned_now_cb, now);
}

gint64
kiosk_test_muscat_time (int year,
                        int month,
                        int day,
                        int hour,
                        int minute,
                        int second)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_identifier ("+04:00");
  g_autoptr(GDateTime) moment = NULL;

  g_assert_nonnull (muscat);
  moment = g_date_time_new (muscat, year, month, day, hour, minute, second);
  g_assert_nonnull (moment);
  return g_date_time_to_unix (moment);
}

/* The fixture --------------------------------------------------------------------------- */

static void
fixture_set_up (KioskTestFixture *fixture,
                gboolean          seed)
{
  fixture->dir = kiosk_test_make_dir ();
  fixture->store = kiosk_test_store_new (fixture->dir, seed);
  fixture->now = kiosk_test_muscat_time (2026, 11, 30, 10, 0, 0);
  kiosk_test_store_pin_clock (fixture->store, &fixture->now);
}

void
kiosk_test_fixture_set_up (KioskTestFixture *fixture,
                           gconstpointer     data)
{
  fixture_set_up (fixture, FALSE);
}

void
kiosk_test_fixture_set_up_seeded (KioskTestFixture *fixture,
                                  gconstpointer     data)
{
  fixture_set_up (fixture, TRUE);
}

void
kiosk_test_fixture_tear_down (KioskTestFixture *fixture,
                              gconstpointer     data)
{
  g_clear_pointer (&fixture->store, kiosk_store_close);
  kiosk_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Looking at the rows ------------------------------------------------------------------- */

sqlite3_stmt *
kiosk_test_prepare_va (KioskStore *store,
                       const char *sql,
                       va_list     args)
{
  sqlite3 *db = kiosk_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  const char *arg;
  int index = 1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot prepare \"%s\": %s", sql, sqlite3_errmsg (db));
  while ((arg = va_arg (args, const char *)) != NULL)
    g_assert_cmpint (sqlite3_bind_text (stmt, index++, arg, -1, SQLITE_TRANSIENT), ==,
                     SQLITE_OK);
  return stmt;
}

gint64
kiosk_test_query_int (KioskStore *store,
                      const char *sql,
                      ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  gint64 value;

  va_start (args, sql);
  stmt = kiosk_test_prepare_va (store, sql, args);
  va_end (args);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return value;
}

GPtrArray *
kiosk_test_query_column (KioskStore *store,
                         const char *sql,
                         ...)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, sql);
  stmt = kiosk_test_prepare_va (store, sql, args);
  va_end (args);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return values;
}

gint64
kiosk_test_count_rows (KioskStore *store,
                       const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM \"%s\"", table);

  return kiosk_test_query_int (store, sql, NULL);
}

char *
kiosk_test_snapshot_tables (KioskStore *store)
{
  sqlite3 *db = kiosk_store_get_db (store);
  g_autoptr(GPtrArray) tables = kiosk_test_query_column (store,
                                                         "SELECT name FROM sqlite_master"
                                                         " WHERE type = 'table' ORDER BY name",
                                                         NULL);
  GString *out = g_string_new (NULL);

  /* The schema has well over twenty tables: fewer means the listing itself went wrong. */
  g_assert_cmpuint (tables->len, >, 20);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", table);
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      sqlite3_stmt *stmt = NULL;
      gint64 n = 0;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          n++;
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              guchar type = (guchar) sqlite3_column_type (stmt, c);
              const void *bytes = sqlite3_column_blob (stmt, c);
              int size = sqlite3_column_bytes (stmt, c);

              g_checksum_update (sum, &type, 1);
              if (bytes != NULL)
                g_checksum_update (sum, bytes, size);
              g_checksum_update (sum, (const guchar *) "\x1f", 1);
            }
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %s\n", table, n,
                              g_checksum_get_string (sum));
    }
  return g_string_free (out, FALSE);
}

void
kiosk_test_iterate_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

long
kiosk_test_process_kib (GSubprocess *process,
                        const char  *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (process));
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}
