/* Shared helpers for the core tests. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-test-util.h"

#include <gio/gio.h>

#include "kiosk-seed.h"
#include "kiosk-store-private.h"

char *
kiosk_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kiosk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_recursive (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      remove_recursive (child);
    }
  g_file_delete (file, NULL, NULL);
}

void
kiosk_test_remove_dir (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  remove_recursive (file);
}

KioskStore *
kiosk_test_store_new (const char *dir,
                      gboolean    seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  KioskStore *store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (kiosk_store_set_identity (store, "TST01", &error));
  g_assert_no_error (error);
  if (seed)
    {
      g_assert_true (kiosk_seed_load (store, "demo", &error));
      g_assert_no_error (error);
    }
  return store;
}

gint64
kiosk_test_query_int (KioskStore *store,
                      const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (kiosk_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gint64
kiosk_test_muscat_time (int year,
                        int month,
                        int day,
                        int hour)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) moment = g_date_time_new (muscat, year, month, day, hour, 0, 0);

  return g_date_time_to_unix (moment);
}
