/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's schema migrations: from empty, from every earlier version, refusing a newer
 * file, and rolling back a migration that fails. */
#define G_LOG_DOMAIN "test-store-migrations"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-store-private.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"

static void
test_from_empty (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  KioskStore *store;

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_version (store), ==, kiosk_store_latest_version ());
  g_assert_cmpint (kiosk_store_latest_version (), >=, 2);

  /* The pragmas that make it safe for money. */
  g_assert_cmpint (kiosk_test_query_int (store, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (store, "PRAGMA synchronous", NULL), ==, 2);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT journal_mode = 'wal'"
                                                " FROM pragma_journal_mode", NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM sqlite_schema WHERE"
                                                " name IN ('outbox', 'reports', 'payments',"
                                                " 'signing_keys', 'sync_runs')", NULL), ==, 5);

  g_assert_true (kiosk_store_check_integrity (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (g_file_test (kiosk_store_get_photo_dir (store), G_FILE_TEST_IS_DIR));

  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

/* Rows a kiosk at schema version 1 could have written. */
static void
write_version_1_rows (KioskStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_store_exec (store,
    "INSERT INTO kiosk_identity VALUES (1, 'OLD01', 'b0b5d1b4-8f0e-4d8e-9d0b-3b8c1d2e4f50', 1);"
    "INSERT INTO feedback (uuid, reference, kind, body, phone, created_at) VALUES"
    " ('4a8f6e2c-1d3b-4c5a-9e7f-0a1b2c3d4e5f', 'OLD01-250101-0001', 'suggestion',"
    "  'مقترح قديم', '+96892123456', 1);"
    "INSERT INTO outbox (record_uuid, kind, payload, payload_bytes, created_at) VALUES"
    " ('4a8f6e2c-1d3b-4c5a-9e7f-0a1b2c3d4e5f', 'feedback', '{}', 2, 1);",
    &error));
  g_assert_no_error (error);
}

static void
test_from_every_version (void)
{
  int latest = kiosk_store_latest_version ();

  for (int from = 1; from < latest; from++)
    {
      g_autofree char *dir = kiosk_test_make_dir ();
      g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
      g_autoptr(GError) error = NULL;
      KioskStore *store;

      store = kiosk_store_open (path, KIOSK_STORE_OPEN_NO_MIGRATE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kiosk_store_get_version (store), ==, 0);
      g_assert_true (kiosk_store_migrate (store, from, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kiosk_store_get_version (store), ==, from);
      write_version_1_rows (store);
      kiosk_store_close (store);

      /* Opening it the normal way brings it to the latest version, data intact. */
      store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kiosk_store_get_version (store), ==, latest);
      g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM feedback"
                                                    " WHERE body = 'مقترح قديم'", NULL), ==, 1);
      g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox", NULL), ==, 1);
      g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM pragma_table_info"
                                                    " ('feedback') WHERE name ="
                                                    " 'personal_purged_at'", NULL), ==, 1);
      kiosk_store_close (store);
      kiosk_test_remove_dir (dir);
    }
}

static void
test_newer_version_refused (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;
  sqlite3 *db;

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kiosk_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_null (store);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Untouched: still at 99. */
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING | KIOSK_STORE_OPEN_NO_MIGRATE,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_version (store), ==, 99);
  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

static void
test_failed_migration_rolls_back (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_NO_MIGRATE, &error);
  g_assert_true (kiosk_store_migrate (store, 1, &error));
  /* Something in the way of migration 2: a table it wants to create. */
  g_assert_true (kiosk_store_exec (store, "CREATE TABLE sync_runs (x)", &error));
  g_assert_no_error (error);

  g_assert_false (kiosk_store_migrate (store, kiosk_store_latest_version (), &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION);
  g_clear_error (&error);

  /* Nothing of migration 2 was kept: no new table, no new column, version unchanged. */
  g_assert_cmpint (kiosk_store_get_version (store), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM sqlite_schema"
                                                " WHERE name = 'signing_keys'", NULL), ==, 0);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM pragma_table_info"
                                                " ('reports') WHERE name ="
                                                " 'personal_purged_at'", NULL), ==, 0);
  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;

  g_assert_true (g_file_set_contents (path, "this is not sqlite, just text of some length "
                                            "that is long enough to be read as a header",
                                      -1, NULL));
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KIOSK_ERROR);
  g_assert_true (error->code == KIOSK_ERROR_STORE_CORRUPT || error->code == KIOSK_ERROR_STORE_OPEN);
  g_clear_error (&error);

  store = kiosk_store_open (missing, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_null (store);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  kiosk_test_remove_dir (dir);
}

static void
test_other_application_database_refused (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_null (store);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT);

  /* Still only its own table. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM sqlite_schema", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  kiosk_test_remove_dir (dir);
}

static void
test_read_only_changes_nothing (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *photos = g_build_filename (dir, "kiosk.db.photos", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  KioskStore *store;
  sqlite3 *db;

  /* An old file in rollback-journal mode, at version 1. */
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_NO_MIGRATE, &error);
  g_assert_true (kiosk_store_migrate (store, 1, &error));
  g_assert_true (kiosk_store_exec (store, "PRAGMA journal_mode = DELETE", &error));
  kiosk_store_close (store);
  g_assert_cmpint (g_rmdir (photos), ==, 0);

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_version (store), ==, 1);
  g_assert_true (kiosk_store_check_integrity (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  /* Writing is refused. */
  g_assert_false (kiosk_store_set_setting (store, "k", "v", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO);
  kiosk_store_close (store);

  g_assert_false (g_file_test (photos, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/store/migrations/from-empty", test_from_empty);
  g_test_add_func ("/kiosk/store/migrations/from-every-earlier-version", test_from_every_version);
  g_test_add_func ("/kiosk/store/migrations/newer-file-refused", test_newer_version_refused);
  g_test_add_func ("/kiosk/store/migrations/failure-rolls-back", test_failed_migration_rolls_back);
  g_test_add_func ("/kiosk/store/open/not-a-database", test_not_a_database);
  g_test_add_func ("/kiosk/store/open/other-application-database-refused",
                   test_other_application_database_refused);
  g_test_add_func ("/kiosk/store/open/read-only-changes-nothing", test_read_only_changes_nothing);

  return g_test_run ();
}
