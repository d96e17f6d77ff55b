/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of `kiosk-admin` as an operator runs it: the real binary in a child process, its exit
 * codes (0 ok, 1 problems found, 2 failed), what it prints, and what it leaves in the file. */
#define G_LOG_DOMAIN "kiosk-admin-test"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "kiosk-store.h"
#include "kiosk-test-util.h"

enum
{
  EXIT_OK = 0,
  EXIT_PROBLEMS = 1,
  EXIT_FAILED = 2,
};

static char *admin_path;

typedef struct
{
  char *dir;
  char *config;
  char *db;
} Fixture;

/* Output of one run of the binary. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (admin_path, G_FILE_TEST_IS_EXECUTABLE));

  fixture->dir = kiosk_test_make_dir ();

  /* The child reads this instead of /etc/muscat-kiosk or the source tree's development file. */
  fixture->config = g_build_filename (fixture->dir, "kiosk.conf", NULL);
  g_file_set_contents (fixture->config, "[kiosk]\ncode=TST01\n", -1, &error);
  g_assert_no_error (error);

  fixture->db = g_build_filename (fixture->dir, "kiosk.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kiosk_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->config, g_free);
  g_clear_pointer (&fixture->db, g_free);
}

/* Runs kiosk-admin with the NULL-terminated arguments, in the fixture's folder and with its
 * configuration, and waits for it. A crash fails the test: only an exit is an answer. */
G_GNUC_NULL_TERMINATED static Run
run_admin (Fixture *fixture,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  Run run = { -1, NULL, NULL };
  va_list ap;

  g_ptr_array_add (args, admin_path);
  va_start (ap, fixture);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  shown = g_strjoinv (" ", (char **) args->pdata);
  g_test_message ("$ %s", shown);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_setenv (launcher, "KIOSK_CONFIG", fixture->config, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);

  g_test_message ("stdout: %s", run.out);
  g_test_message ("stderr: %s", run.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

/* SQLite straight from the test, not through the library under test. */

static sqlite3 *
db_open (const char *path,
         gboolean    writable)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db,
                            writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return db;
}

static void
db_exec (const char *path,
         const char *sql)
{
  sqlite3 *db = db_open (path, TRUE);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s: %s", path, sql, message);
  sqlite3_close (db);
}

/* The first column of the only row of `sql`, as text ("" for NULL). */
static char *
db_text (const char *path,
         const char *sql,
         gboolean    writable)
{
  sqlite3 *db = db_open (path, writable);
  sqlite3_stmt *stmt = NULL;
  char *text;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s: %s", path, sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s returned no row: %s", path, sql, sqlite3_errmsg (db));
  text = g_strdup (sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0)
                                                 : "");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static gint64
db_int (const char *path,
        const char *sql)
{
  g_autofree char *text = db_text (path, sql, FALSE);

  return g_ascii_strtoll (text, NULL, 10);
}

/* "kind=count kind=count …" of the outbox, in kind order: a fingerprint of what was written. */
static char *
outbox_kinds (const char *path)
{
  return db_text (path,
                  "SELECT coalesce (group_concat (kind || '=' || n, ' '), '') FROM"
                  " (SELECT kind, count (*) AS n FROM outbox GROUP BY kind ORDER BY kind)",
                  FALSE);
}

/* The kinds in the order they were written: the same seed must interleave them the same. */
static char *
outbox_sequence (const char *path)
{
  return db_text (path,
                  "SELECT coalesce (group_concat (kind, ','), '') FROM"
                  " (SELECT kind FROM outbox ORDER BY id)",
                  FALSE);
}

static char *
photo_dir_of (const char *db)
{
  return g_strconcat (db, ".photos", NULL);
}

/* Names in the photo folder, sorted; an empty list when it does not exist. */
static GPtrArray *
photo_files (const char *db)
{
  g_autofree char *dir_path = photo_dir_of (db);

  return kiosk_test_list_dir (dir_path);
}

static void
init_seeded (Fixture *fixture)
{
  g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, "--seed", "demo", NULL);

  g_assert_cmpint (run.status, ==, EXIT_OK);
}

static void
simulate_default (Fixture *fixture)
{
  g_auto(Run) run = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "5",
                               "--photos", "7", "--payments", "4", "--feedback", "3", NULL);

  g_assert_cmpint (run.status, ==, EXIT_OK);
}

static void
assert_check_ok (Fixture *fixture)
{
  g_auto(Run) run = run_admin (fixture, "check", "--db", fixture->db, NULL);

  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run.out, "ok"));
  g_assert_cmpstr (run.err, ==, "");
}

/* init ------------------------------------------------------------------------------------ */

static void
test_init_creates_and_seeds (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *version = g_strdup_printf ("schema version %d",
                                              kiosk_store_latest_version ());
  g_autofree char *code = NULL;
  g_auto(Run) run = { -1, NULL, NULL };

  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  run = run_admin (fixture, "init", "--db", fixture->db, "--seed", "demo", NULL);
  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run.out, version));
  g_assert_nonnull (strstr (run.out, "demo"));
  g_assert_true (g_file_test (fixture->db, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (db_int (fixture->db, "PRAGMA user_version"), ==,
                   kiosk_store_latest_version ());
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM wilayats"), >, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM report_categories"), >, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM outbox"), ==, 0);

  /* Without --kiosk-code the configuration file names the kiosk. */
  code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity", FALSE);
  g_assert_cmpstr (code, ==, "TST01");

  run_clear (&run);
  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run.out, "ok"));
  g_assert_nonnull (strstr (run.out, version));
}

static void
test_init_is_idempotent (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *uuid_after = NULL;
  gint64 wilayats;

  init_seeded (fixture);
  uuid = db_text (fixture->db, "SELECT kiosk_uuid FROM kiosk_identity", FALSE);
  wilayats = db_int (fixture->db, "SELECT count (*) FROM wilayats");

  for (int i = 0; i < 2; i++)
    {
      g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, NULL);

      g_assert_cmpint (run.status, ==, EXIT_OK);
      g_assert_cmpstr (run.err, ==, "");
    }

  /* The identity is set once: running init again must not give the kiosk a new one. */
  uuid_after = db_text (fixture->db, "SELECT kiosk_uuid FROM kiosk_identity", FALSE);
  g_assert_cmpstr (uuid_after, ==, uuid);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM kiosk_identity"), ==, 1);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM wilayats"), ==, wilayats);
  assert_check_ok (fixture);
}

static void
test_init_reseed_fails (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Run) run = { -1, NULL, NULL };
  gint64 wilayats, fines;

  init_seeded (fixture);
  wilayats = db_int (fixture->db, "SELECT count (*) FROM wilayats");
  fines = db_int (fixture->db, "SELECT count (*) FROM fines");

  run = run_admin (fixture, "init", "--db", fixture->db, "--seed", "demo", "--kiosk-code",
                   "NEW02", NULL);
  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "kiosk-admin init"));
  g_assert_nonnull (strstr (run.err, "already has reference data"));

  /* A refused init changes nothing, not even the kiosk code. */
  {
    g_autofree char *code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity",
                                     FALSE);
    g_assert_cmpstr (code, ==, "TST01");
  }

  /* The seed is one transaction: nothing of the second attempt stays behind. */
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM wilayats"), ==, wilayats);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM fines"), ==, fines);
  assert_check_ok (fixture);
}

static void
test_init_unknown_seed (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, "--seed", "nope", NULL);

  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (run.err, "nope"));
}

static void
test_init_bad_kiosk_code (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, "--kiosk-code", "BAD!",
                               NULL);

  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "code"));
  g_assert_nonnull (strstr (run.err, "BAD!"));

  /* Refused before anything was opened. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_init_kiosk_code (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *code = NULL;
  g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, "--kiosk-code", "KSK02",
                               NULL);

  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run.out, "KSK02"));

  code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity WHERE id = 1", FALSE);
  g_assert_cmpstr (code, ==, "KSK02");
  assert_check_ok (fixture);
}

static void
test_init_rerun_keeps_kiosk_code (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *code = NULL;
  g_auto(Run) first = run_admin (fixture, "init", "--db", fixture->db, "--kiosk-code", "KSK07",
                                 NULL);
  g_auto(Run) again = { -1, NULL, NULL };
  g_auto(Run) renamed = { -1, NULL, NULL };

  g_assert_cmpint (first.status, ==, EXIT_OK);
  /* The configuration says TST01; a plain re-run must not rename the kiosk to that. */
  again = run_admin (fixture, "init", "--db", fixture->db, NULL);
  g_assert_cmpint (again.status, ==, EXIT_OK);
  code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity WHERE id = 1", FALSE);
  g_assert_cmpstr (code, ==, "KSK07");
  g_clear_pointer (&code, g_free);

  /* Asked for explicitly, it is renamed. */
  renamed = run_admin (fixture, "init", "--db", fixture->db, "--set", "kiosk.code=KSK08", NULL);
  g_assert_cmpint (renamed.status, ==, EXIT_OK);
  code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity WHERE id = 1", FALSE);
  g_assert_cmpstr (code, ==, "KSK08");
}

static void
test_init_set_overrides_config (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *code = NULL;
  g_auto(Run) run = run_admin (fixture, "init", "--db", fixture->db, "--set", "kiosk.code=KSK03",
                               NULL);
  g_auto(Run) bad = { -1, NULL, NULL };
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);

  g_assert_cmpint (run.status, ==, EXIT_OK);
  code = db_text (fixture->db, "SELECT kiosk_code FROM kiosk_identity WHERE id = 1", FALSE);
  g_assert_cmpstr (code, ==, "KSK03");

  /* A bad override names its key and reason, and nothing is created. */
  bad = run_admin (fixture, "init", "--db", other, "--set", "kiosk.idle-timeout=5", NULL);
  g_assert_cmpint (bad.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (bad.err, "command line"));
  g_assert_nonnull (strstr (bad.err, "idle-timeout"));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_purge_cli (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(Run) run = { -1, NULL, NULL };
  g_auto(Run) bad = { -1, NULL, NULL };

  init_seeded (fixture);
  run = run_admin (fixture, "purge", "--db", fixture->db, "--days", "0", NULL);
  g_assert_cmpint (run.status, ==, EXIT_OK);
  /* Nothing was acknowledged yet, so nothing is due even with no delay. */
  g_assert_nonnull (strstr (run.out, "from 0 records"));

  bad = run_admin (fixture, "purge", "--db", fixture->db, "--days", "99999", NULL);
  g_assert_cmpint (bad.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (bad.err, "--days"));
}

/* simulate -------------------------------------------------------------------------------- */

static void
test_simulate_writes_traffic (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *photo_dir = photo_dir_of (fixture->db);
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  run = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "5", "--photos", "7",
                   "--payments", "4", "--feedback", "3", NULL);
  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run.out, "5 reports"));
  g_assert_nonnull (strstr (run.out, "7 photos"));
  g_assert_nonnull (strstr (run.out, "4 payments"));
  g_assert_nonnull (strstr (run.out, "3 feedback"));

  /* One outbox row per visitor action; a parking permit adds its request to its payment. */
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM outbox"), >=, 5 + 4 + 3);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM outbox WHERE kind = 'report'"),
                   ==, 5);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM outbox WHERE kind = 'payment'"),
                   ==, 4);
  g_assert_cmpint (db_int (fixture->db,
                           "SELECT count (*) FROM outbox WHERE kind = 'feedback'"), ==, 3);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM reports"), ==, 5);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM report_photos"), ==, 7);
  g_assert_cmpint (db_int (fixture->db, "SELECT max (n) FROM (SELECT count (*) AS n FROM"
                                        " report_photos GROUP BY report_uuid)"), <=, 3);

  /* The photos are content-addressed files beside the database, one per photo row. */
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM photos"), ==, 7);
  files = photo_files (fixture->db);
  g_assert_cmpuint (files->len, ==, 7);
  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (photo_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *sql = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_str_has_suffix (name, ".jpg"));
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 2);
      g_assert_cmpint ((guchar) contents[0], ==, 0xFF);
      g_assert_cmpint ((guchar) contents[1], ==, 0xD8);

      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents,
                                            length);
      expected = g_strconcat (sha256, ".jpg", NULL);
      g_assert_cmpstr (name, ==, expected);

      sql = g_strdup_printf ("SELECT bytes FROM photos WHERE sha256 = '%s'", sha256);
      g_assert_cmpint (db_int (fixture->db, sql), ==, (gint64) length);
    }

  assert_check_ok (fixture);
}

static void
test_simulate_is_deterministic (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *kinds = NULL;
  g_autofree char *kinds_other = NULL;
  g_autofree char *sequence = NULL;
  g_autofree char *sequence_other = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) photos_other = NULL;
  const char *dbs[] = { fixture->db, other };

  for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
    {
      g_auto(Run) init = run_admin (fixture, "init", "--db", dbs[i], "--seed", "demo", NULL);
      g_auto(Run) run = { -1, NULL, NULL };

      g_assert_cmpint (init.status, ==, EXIT_OK);
      /* Enough payments to use up the demo's unpaid fines and go on to parking permits. */
      run = run_admin (fixture, "simulate", "--db", dbs[i], "--reports", "6", "--photos", "4",
                       "--payments", "200", "--feedback", "5", "--seed", "4242", NULL);
      g_assert_cmpint (run.status, ==, EXIT_OK);
    }

  kinds = outbox_kinds (fixture->db);
  kinds_other = outbox_kinds (other);
  g_test_message ("outbox: %s", kinds);
  g_assert_nonnull (strstr (kinds, "feedback=5 "));
  g_assert_nonnull (strstr (kinds, "payment=200 "));
  g_assert_nonnull (strstr (kinds, "parking_permit_request="));
  g_assert_nonnull (strstr (kinds, "report=6"));
  /* Every fine is paid, or held by a voucher waiting for the counter (paid only once the
   * attendant confirms the cash). */
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM fines f WHERE status = 'unpaid'"
                                        " AND NOT EXISTS (SELECT 1 FROM fine_payments fp"
                                        " JOIN payments p ON p.uuid = fp.payment_uuid"
                                        " WHERE fp.fine_number = f.number AND fp.voided = 0"
                                        " AND p.status = 'awaiting_counter')"),
                   ==, 0);
  g_assert_cmpstr (kinds, ==, kinds_other);

  sequence = outbox_sequence (fixture->db);
  sequence_other = outbox_sequence (other);
  g_assert_cmpstr (sequence, ==, sequence_other);

  /* Same seed, same photos: the content hashes match file for file. */
  photos = photo_files (fixture->db);
  photos_other = photo_files (other);
  g_assert_cmpuint (photos->len, ==, 4);
  g_assert_cmpuint (photos_other->len, ==, photos->len);
  for (guint i = 0; i < photos->len; i++)
    g_assert_cmpstr (g_ptr_array_index (photos, i), ==, g_ptr_array_index (photos_other, i));
}

static void
assert_nothing_written (Fixture *fixture)
{
  g_autoptr(GPtrArray) files = photo_files (fixture->db);

  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM outbox"), ==, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM reports"), ==, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM payments"), ==, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM feedback"), ==, 0);
  g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM photos"), ==, 0);
  g_assert_cmpuint (files->len, ==, 0);
}

static void
test_simulate_too_many_photos (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  run = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "2", "--photos", "7",
                   "--payments", "1", "--feedback", "1", NULL);
  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "7 photos"));
  g_assert_nonnull (strstr (run.err, "3"));

  assert_nothing_written (fixture);
  assert_check_ok (fixture);
}

static void
test_simulate_bad_counts (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto(Run) negative = { -1, NULL, NULL };
  g_auto(Run) not_a_number = { -1, NULL, NULL };

  init_seeded (fixture);
  negative = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "-1", NULL);
  g_assert_cmpint (negative.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (negative.err, "between"));

  not_a_number = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "lots",
                            NULL);
  g_assert_cmpint (not_a_number.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (not_a_number.err, "lots"));

  assert_nothing_written (fixture);
}

static void
test_simulate_needs_reference_data (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_auto(Run) init = run_admin (fixture, "init", "--db", fixture->db, NULL);
  g_auto(Run) run = { -1, NULL, NULL };

  g_assert_cmpint (init.status, ==, EXIT_OK);
  run = run_admin (fixture, "simulate", "--db", fixture->db, "--reports", "1", NULL);
  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (run.err, "--seed demo"));
  assert_nothing_written (fixture);
}

/* outbox ---------------------------------------------------------------------------------- */

static JsonObject *
outbox_json (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = run_admin (fixture, "outbox", "--db", fixture->db, "--json", NULL);
  static const char *members[] = {
    "depth", "queued", "in_flight", "acked", "rejected", "oldest_age_seconds",
  };
  JsonNode *root;

  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_cmpstr (run.err, ==, "");
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), members[i]);

      g_assert_nonnull (member);
      g_assert_true (JSON_NODE_HOLDS_VALUE (member));
      g_assert_true (json_node_get_value_type (member) == G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (member), >=, 0);
    }
  return json_object_ref (json_node_get_object (root));
}

static void
test_outbox_json_empty (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) stats = NULL;

  init_seeded (fixture);
  stats = outbox_json (fixture);
  g_assert_cmpint (json_object_get_int_member (stats, "depth"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "queued"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "oldest_age_seconds"), ==, 0);
}

static void
test_outbox_json_counts (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonObject) moved = NULL;
  gint64 rows;

  init_seeded (fixture);
  simulate_default (fixture);

  rows = db_int (fixture->db, "SELECT count (*) FROM outbox");
  stats = outbox_json (fixture);
  g_assert_cmpint (json_object_get_int_member (stats, "depth"), ==, rows);
  g_assert_cmpint (json_object_get_int_member (stats, "queued"), ==, rows);
  g_assert_cmpint (json_object_get_int_member (stats, "in_flight"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "acked"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "oldest_age_seconds"), <, 600);

  /* Move rows through the states as the sync agent would, and age the oldest by an hour:
   * depth is what still waits (queued and in flight), not acked or rejected rows. */
  db_exec (fixture->db,
           "UPDATE outbox SET state = 'acked', done_at = created_at"
           " WHERE id = (SELECT min (id) FROM outbox);"
           "UPDATE outbox SET state = 'rejected', done_at = created_at"
           " WHERE id = (SELECT min (id) + 1 FROM outbox);"
           "UPDATE outbox SET state = 'in_flight', claim_id = 'c1', claimed_at = created_at"
           " WHERE id = (SELECT min (id) + 2 FROM outbox);"
           "UPDATE outbox SET created_at = created_at - 3600"
           " WHERE id = (SELECT min (id) + 3 FROM outbox);");
  moved = outbox_json (fixture);
  g_assert_cmpint (json_object_get_int_member (moved, "depth"), ==,
                   db_int (fixture->db, "SELECT count (*) FROM outbox"
                                        " WHERE state IN ('queued', 'in_flight')"));
  g_assert_cmpint (json_object_get_int_member (moved, "depth"), ==, rows - 2);
  g_assert_cmpint (json_object_get_int_member (moved, "queued"), ==, rows - 3);
  g_assert_cmpint (json_object_get_int_member (moved, "in_flight"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (moved, "acked"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (moved, "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (moved, "oldest_age_seconds"), >=, 3600);
  g_assert_cmpint (json_object_get_int_member (moved, "oldest_age_seconds"), <, 3600 + 600);
}

static void
test_outbox_text (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *expected = NULL;
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  simulate_default (fixture);

  run = run_admin (fixture, "outbox", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_OK);
  g_assert_true (g_str_has_prefix (run.out, "depth:"));
  expected = g_strdup_printf (" %" G_GINT64_FORMAT " ",
                              db_int (fixture->db, "SELECT count (*) FROM outbox"));
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_nonnull (strstr (run.out, "queued:"));
  g_assert_nonnull (strstr (run.out, "oldest:"));
}

/* check ----------------------------------------------------------------------------------- */

static void
test_check_missing_outbox_row (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  simulate_default (fixture);

  uuid = db_text (fixture->db,
                  "DELETE FROM outbox WHERE id = (SELECT min (id) FROM outbox"
                  " WHERE kind = 'report') RETURNING record_uuid",
                  TRUE);
  g_assert_cmpstr (uuid, !=, "");

  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_PROBLEMS);
  g_assert_null (strstr (run.out, "ok"));
  g_assert_nonnull (strstr (run.err, "has no outbox row"));
  g_assert_nonnull (strstr (run.err, uuid));
  g_assert_nonnull (strstr (run.err, "1 problem"));
}

static void
test_check_orphan_outbox_row (Fixture       *fixture,
                              gconstpointer  user_data)
{
  const char *orphan = "00000000-0000-4000-8000-0000000000aa";
  g_autofree char *sql = NULL;
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  simulate_default (fixture);

  sql = g_strdup_printf ("INSERT INTO outbox (record_uuid, kind, priority, payload,"
                         " payload_bytes, created_at)"
                         " VALUES ('%s', 'feedback', 50, '{\"body\":\"x\"}', 12, unixepoch ())",
                         orphan);
  db_exec (fixture->db, sql);

  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_PROBLEMS);
  g_assert_nonnull (strstr (run.err, orphan));
  g_assert_nonnull (strstr (run.err, "no domain row"));
}

static void
test_check_unknown_kind (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  db_exec (fixture->db,
           "INSERT INTO outbox (record_uuid, kind, payload, payload_bytes, created_at)"
           " VALUES ('00000000-0000-4000-8000-0000000000bb', 'teleport', '{}', 2, 0)");

  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_PROBLEMS);
  g_assert_nonnull (strstr (run.err, "teleport"));
  g_assert_nonnull (strstr (run.err, "unknown kind"));
}

static void
test_check_foreign_key (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Run) run = { -1, NULL, NULL };

  init_seeded (fixture);
  simulate_default (fixture);

  /* Foreign keys are off in a bare sqlite3 connection, as in a careless repair by hand. */
  db_exec (fixture->db, "DELETE FROM photos WHERE sha256 = (SELECT min (sha256) FROM photos)");

  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, ==, EXIT_PROBLEMS);
  g_assert_nonnull (strstr (run.err, "foreign key"));
  g_assert_nonnull (strstr (run.err, "report_photos"));
}

static void
test_check_not_a_database (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (968);
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_dir = photo_dir_of (fixture->db);
  g_autofree char *after = NULL;
  guint8 garbage[8192];
  gsize after_length = 0;
  g_auto(Run) run = { -1, NULL, NULL };

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->db, (const char *) garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  run = run_admin (fixture, "check", "--db", fixture->db, NULL);
  g_assert_cmpint (run.status, !=, EXIT_OK);
  g_assert_cmpint (run.status, <=, EXIT_FAILED);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "kiosk-admin check"));
  g_assert_nonnull (strstr (run.err, "not a database"));

  /* Checking only looks: the file is as it was and nothing was created beside it. */
  g_file_get_contents (fixture->db, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_length, garbage, sizeof garbage);
  g_assert_false (g_file_test (photo_dir, G_FILE_TEST_EXISTS));
}

static void
assert_nothing_beside (const char *db)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".photos" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static void
test_missing_file_is_not_created (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const char *commands[] = { "check", "outbox", "simulate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = run_admin (fixture, commands[i], "--db", fixture->db, NULL);
      g_autofree char *prefix = g_strdup_printf ("kiosk-admin %s: ", commands[i]);

      g_assert_cmpint (run.status, ==, EXIT_FAILED);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, prefix));
      g_assert_nonnull (strstr (run.err, fixture->db));
      assert_nothing_beside (fixture->db);
    }
}

/* A file from a newer kiosk ----------------------------------------------------------------- */

static void
test_newer_schema_is_refused (Fixture       *fixture,
                              gconstpointer  user_data)
{
  const char *commands[] = { "init", "outbox", "simulate" };
  gint64 tables;

  init_seeded (fixture);
  db_exec (fixture->db, "PRAGMA user_version = 99");
  tables = db_int (fixture->db, "SELECT count (*) FROM sqlite_schema");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = run_admin (fixture, commands[i], "--db", fixture->db, NULL);

      g_assert_cmpint (run.status, ==, EXIT_FAILED);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "newer"));
      g_assert_cmpint (db_int (fixture->db, "PRAGMA user_version"), ==, 99);
      g_assert_cmpint (db_int (fixture->db, "SELECT count (*) FROM sqlite_schema"), ==, tables);
    }

  /* check reports the version as a problem instead of failing, and does not migrate either. */
  {
    g_auto(Run) run = run_admin (fixture, "check", "--db", fixture->db, NULL);

    g_assert_cmpint (run.status, ==, EXIT_PROBLEMS);
    g_assert_nonnull (strstr (run.err, "99"));
    g_assert_nonnull (strstr (run.err, "newer"));
    g_assert_null (strstr (run.err, "migrates"));
    g_assert_cmpint (db_int (fixture->db, "PRAGMA user_version"), ==, 99);
  }
}

/* Usage ------------------------------------------------------------------------------------- */

static void
test_usage_no_command (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(Run) run = run_admin (fixture, NULL);

  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (run.err, "usage"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_usage_unknown_command (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_auto(Run) run = run_admin (fixture, "frobnicate", "--db", fixture->db, NULL);

  g_assert_cmpint (run.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_usage_missing_db (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *commands[] = { "init", "check", "outbox", "simulate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = run_admin (fixture, commands[i], NULL);

      g_assert_cmpint (run.status, ==, EXIT_FAILED);
      g_assert_nonnull (strstr (run.err, "--db"));
      g_assert_nonnull (strstr (run.err, commands[i]));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_usage_bad_arguments (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto(Run) unknown_option = run_admin (fixture, "check", "--db", fixture->db, "--frob",
                                          NULL);
  g_auto(Run) extra = run_admin (fixture, "check", "--db", fixture->db, "extra", NULL);
  g_auto(Run) no_value = run_admin (fixture, "check", "--db", NULL);

  g_assert_cmpint (unknown_option.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (unknown_option.err, "--frob"));
  g_assert_cmpint (extra.status, ==, EXIT_FAILED);
  g_assert_nonnull (strstr (extra.err, "extra"));
  g_assert_cmpint (no_value.status, ==, EXIT_FAILED);
  g_assert_cmpstr (no_value.err, !=, "");
  assert_nothing_beside (fixture->db);
}

static void
test_usage_help (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto(Run) run = run_admin (fixture, "--help", NULL);
  const char *commands[] = { "init", "check", "outbox", "simulate" };
  /* Help that was asked for belongs on stdout, but the top-level usage goes to stderr for
   * now; either will do as long as it lists every command. */
  const char *shown = run.out[0] != '\0' ? run.out : run.err;

  g_assert_cmpint (run.status, ==, EXIT_OK);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) help = run_admin (fixture, commands[i], "--help", NULL);

      g_assert_nonnull (strstr (shown, commands[i]));
      g_assert_cmpint (help.status, ==, EXIT_OK);
      g_assert_nonnull (strstr (help.out, "--db"));
    }
  assert_nothing_beside (fixture->db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  admin_path = g_strdup (g_getenv ("KIOSK_ADMIN"));
  if (admin_path == NULL)
    admin_path = g_build_filename (KIOSK_BUILD_DIR, "kiosk", "admin", "kiosk-admin", NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/kiosk/admin/init/creates-and-seeds", test_init_creates_and_seeds);
  ADD ("/kiosk/admin/init/is-idempotent", test_init_is_idempotent);
  ADD ("/kiosk/admin/init/reseed-fails-and-changes-nothing", test_init_reseed_fails);
  ADD ("/kiosk/admin/init/unknown-seed", test_init_unknown_seed);
  ADD ("/kiosk/admin/init/bad-kiosk-code", test_init_bad_kiosk_code);
  ADD ("/kiosk/admin/init/kiosk-code-is-stored", test_init_kiosk_code);
  ADD ("/kiosk/admin/init/set-overrides-config", test_init_set_overrides_config);
  ADD ("/kiosk/admin/init/rerun-keeps-kiosk-code", test_init_rerun_keeps_kiosk_code);
  ADD ("/kiosk/admin/purge/runs-and-validates-days", test_purge_cli);
  ADD ("/kiosk/admin/simulate/writes-traffic", test_simulate_writes_traffic);
  ADD ("/kiosk/admin/simulate/same-seed-same-traffic", test_simulate_is_deterministic);
  ADD ("/kiosk/admin/simulate/too-many-photos-writes-nothing", test_simulate_too_many_photos);
  ADD ("/kiosk/admin/simulate/bad-counts-write-nothing", test_simulate_bad_counts);
  ADD ("/kiosk/admin/simulate/needs-reference-data", test_simulate_needs_reference_data);
  ADD ("/kiosk/admin/outbox/json-empty", test_outbox_json_empty);
  ADD ("/kiosk/admin/outbox/json-counts-states", test_outbox_json_counts);
  ADD ("/kiosk/admin/outbox/text", test_outbox_text);
  ADD ("/kiosk/admin/check/missing-outbox-row", test_check_missing_outbox_row);
  ADD ("/kiosk/admin/check/orphan-outbox-row", test_check_orphan_outbox_row);
  ADD ("/kiosk/admin/check/unknown-kind", test_check_unknown_kind);
  ADD ("/kiosk/admin/check/broken-foreign-key", test_check_foreign_key);
  ADD ("/kiosk/admin/check/not-a-database", test_check_not_a_database);
  ADD ("/kiosk/admin/missing-file-is-not-created", test_missing_file_is_not_created);
  ADD ("/kiosk/admin/newer-schema-is-refused", test_newer_schema_is_refused);
  ADD ("/kiosk/admin/usage/no-command", test_usage_no_command);
  ADD ("/kiosk/admin/usage/unknown-command", test_usage_unknown_command);
  ADD ("/kiosk/admin/usage/missing-db", test_usage_missing_db);
  ADD ("/kiosk/admin/usage/bad-arguments", test_usage_bad_arguments);
  ADD ("/kiosk/admin/usage/help", test_usage_help);

#undef ADD

  return g_test_run ();
}
