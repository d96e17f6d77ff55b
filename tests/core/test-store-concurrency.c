/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several processes on one database, as at a real kiosk: the app writing, the screens
 * reading, the sync agent claiming and acknowledging. For 10 s none of them may see
 * SQLITE_BUSY: WAL, BEGIN IMMEDIATE and the busy timeout must absorb every contention. */
#define G_LOG_DOMAIN "test-store-concurrency"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-outbox.h"
#include "kiosk-test-util.h"

#define SECONDS "10"

static GHashTable *
parse_report (const char *text)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      if (eq != NULL)
        g_hash_table_insert (values, g_strndup (lines[i], eq - lines[i]),
                             GSIZE_TO_POINTER (g_ascii_strtoull (eq + 1, NULL, 10)));
    }
  return values;
}

static guint64
value (GHashTable *values,
       const char *key)
{
  g_assert_true (g_hash_table_contains (values, key));
  return GPOINTER_TO_SIZE (g_hash_table_lookup (values, key));
}

static void
test_writer_reader_agent (void)
{
  const char *worker = g_getenv ("KIOSK_STORE_WORKER");
  const char *modes[] = { "writer", "reader", "agent" };
  GSubprocess *children[G_N_ELEMENTS (modes)];
  GHashTable *reports[G_N_ELEMENTS (modes)] = { NULL };
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  KioskStore *store;

  g_assert_nonnull (worker);
  store = kiosk_test_store_new (dir, TRUE);
  kiosk_store_close (store);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, worker, modes[i],
                                      db, SECONDS, NULL);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *out = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (children[i], NULL, NULL, &out, NULL,
                                                    &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (children[i]));
      g_assert_cmpint (g_subprocess_get_exit_status (children[i]), ==, 0);
      g_test_message ("%s: %s", modes[i], out);
      reports[i] = parse_report (out);
      g_object_unref (children[i]);
    }

  /* No busy error reached any caller, and each did real work alongside the others. */
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    g_assert_cmpuint (value (reports[i], "busy"), ==, 0);
  g_assert_cmpuint (value (reports[0], "writes"), >, 100);
  g_assert_cmpuint (value (reports[1], "reads"), >, 100);
  g_assert_cmpuint (value (reports[2], "acked"), >, 0);
  g_test_message ("writer commit latency while syncing: p50 %.2f ms, p99 %.2f ms",
                  value (reports[0], "p50_us") / 1000.0, value (reports[0], "p99_us") / 1000.0);

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_check_integrity (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (kiosk_outbox_check (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox", NULL), ==,
                   (gint64) value (reports[0], "writes"));
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox"
                                                " WHERE state = 'acked'", NULL), ==,
                   (gint64) value (reports[2], "acked"));
  kiosk_store_close (store);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    g_hash_table_unref (reports[i]);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/store/concurrency/writer-reader-agent-never-busy",
                   test_writer_reader_agent);

  return g_test_run ();
}
