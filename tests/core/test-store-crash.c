/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power-cut safety: a writer process SIGKILLed at random moments during 1,000 writes leaves
 * a database that passes integrity_check, whose outbox matches its domain rows one to one,
 * and whose photo files are all there, whole. */
#define G_LOG_DOMAIN "test-store-crash"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

#define TARGET_WRITES 1000
#define MIN_KILLS     30

/* Runs the writer until it has committed `commits` more records, then a random fraction of
 * a write later kills it with SIGKILL. Returns TRUE when it finished all the work first. */
static gboolean
run_worker_until_killed (const char *worker,
                         const char *db,
                         guint       commits,
                         guint       extra_us)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strdup_printf ("%d", TARGET_WRITES);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, worker, "write", db,
                            target, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  for (guint seen = 0; seen < commits; seen++)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        {
          /* End of output: it reached the target by itself. */
          g_subprocess_wait_check (child, NULL, &error);
          g_assert_no_error (error);
          return TRUE;
        }
    }

  g_usleep (extra_us);
  g_subprocess_force_exit (child);  /* SIGKILL */
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 0;
}

static void
test_sigkill_during_writes (void)
{
  const char *worker = g_getenv ("KIOSK_STORE_WORKER");
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) outbox_problems = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  KioskStore *store;
  guint kills = 0;
  sqlite3_stmt *stmt;

  g_assert_nonnull (worker);
  store = kiosk_test_store_new (dir, TRUE);
  kiosk_store_close (store);

  /* Kill it after 0-30 commits plus up to ~2 writes' time, so kills land at every stage of
   * a write: before BEGIN, mid-transaction, during COMMIT's fsync, between photo and row. */
  while (!run_worker_until_killed (worker, db, (guint) g_rand_int_range (rand, 0, 30),
                                   (guint) g_rand_int_range (rand, 0, 4000)))
    kills++;
  g_test_message ("worker killed %u times", kills);
  g_assert_cmpuint (kills, >=, MIN_KILLS);

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);

  g_assert_true (kiosk_store_check_integrity (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (kiosk_outbox_check (store, &outbox_problems, &error));
  for (guint i = 0; i < outbox_problems->len; i++)
    g_test_message ("%s", (char *) outbox_problems->pdata[i]);
  g_assert_cmpuint (outbox_problems->len, ==, 0);

  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox", NULL), ==,
                   TARGET_WRITES);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT (SELECT count (*) FROM feedback) +"
                                                " (SELECT count (*) FROM reports)", NULL), ==,
                   TARGET_WRITES);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (DISTINCT reference) FROM"
                                                " receipts", NULL), ==, TARGET_WRITES);

  /* Every photo a row names is on disk with the bytes its name promises. */
  g_assert_cmpint (sqlite3_prepare_v2 (kiosk_store_get_db (store),
                                       "SELECT DISTINCT sha256 FROM report_photos", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = kiosk_photos_read (store,
                                                   (const char *) sqlite3_column_text (stmt, 0),
                                                   &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
    }
  sqlite3_finalize (stmt);

  /* Files written by a killed flow and never named are swept; named ones stay. */
  g_assert_cmpint (kiosk_photos_sweep (store, &error), >=, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM photos", NULL), >, 0);

  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/store/crash/sigkill-during-1000-writes", test_sigkill_during_writes);

  return g_test_run ();
}
