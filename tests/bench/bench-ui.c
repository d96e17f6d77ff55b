/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk application's benchmarks, run under Xvfb (`meson test --benchmark --suite ui`):
 *
 * 1. Cold start: from spawning `kiosk` on a demo database until it reports its first
 *    presented frame, median of N runs, against bench-ui-floor (a bare GTK 4 window of the
 *    same size) measured the same way in the same run; the ratio is the kiosk's own cost.
 * 2. Memory: resident set size (VmRSS) after 10 and after 500 scripted sessions in one
 *    process (open the feedback flow, type on the on-screen keyboard, send, idle reset).
 *
 * Usage: bench-ui [RUNS [SESSIONS]] with $KIOSK_APP and $KIOSK_BENCH_FLOOR set. */
#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <gtk/gtk.h>
#include <malloc.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "kiosk-application.h"
#include "kiosk-feedback-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-window.h"

static double
spawn_until_first_frame (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  GPid pid;
  int out_fd;
  gint64 start = g_get_monotonic_time ();
  double elapsed = -1;
  GString *line = g_string_new (NULL);
  char c;
  int status;

  env = g_environ_setenv (env, "KIOSK_REPORT_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "KIOSK_WINDOWED", "1", TRUE);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                 NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);

  while (read (out_fd, &c, 1) == 1)
    {
      if (c != '\n')
        {
          g_string_append_c (line, c);
          continue;
        }
      if (g_str_equal (line->str, "first-frame"))
        {
          elapsed = (g_get_monotonic_time () - start) / 1000.0;
          break;
        }
      g_string_truncate (line, 0);
    }
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  close (out_fd);
  g_string_free (line, TRUE);
  if (elapsed < 0)
    g_error ("%s never reported its first frame", argv[0]);
  return elapsed;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static glong
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  /* Freed heap the allocator still holds is not growth: give it back before measuring. */
  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (KioskWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!painted)
    {
      gboolean woke = FALSE;
      guint id = g_timeout_add (20, wake_cb, &woke);

      g_main_context_iteration (NULL, TRUE);
      if (!woke)
        g_source_remove (id);
    }
  g_signal_handler_disconnect (clock, handler);
}

static void
press (KioskWindow *window,
       const char  *keys)
{
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *key = kiosk_keyboard_find_key (kiosk_window_get_keyboard (window), names[i]);

      if (key == NULL)
        g_error ("no key %s", names[i]);
      g_signal_emit_by_name (key, "clicked");
    }
}

/* One visitor: start, the feedback flow typed on the keyboard, send, then the idle reset. */
static void
run_session (KioskWindow *window,
             guint        n)
{
  GtkWidget *flow;

  kiosk_window_start_session (window, n % 2 == 0 ? "ar" : "en");
  wait_for_frame (window);
  kiosk_window_open_service (window, "feedback");
  flow = GTK_WIDGET (kiosk_window_get_page (window));
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "suggestion");
  wait_for_frame (window);
  kiosk_keyboard_set_layout (kiosk_window_get_keyboard (window), KIOSK_KEYBOARD_ARABIC);
  press (window, "ح د ي ق ة space ل ل أ ط ف ا ل space ف ي space ا ل ح ي");
  gtk_widget_activate_action (flow, "feedback.text-next", NULL);
  press (window, "9 1 2 3 4 5 6 7");
  gtk_widget_activate_action (flow, "feedback.phone-next", NULL);
  gtk_widget_activate_action (flow, "feedback.submit", NULL);
  if (kiosk_feedback_flow_get_reference (KIOSK_FEEDBACK_FLOW (flow)) == NULL)
    g_error ("session %u: the feedback was not stored", n);
  wait_for_frame (window);
  kiosk_window_end_session (window);
  wait_for_frame (window);
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10;
  guint sessions = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 500;
  const char *kiosk = g_getenv ("KIOSK_APP");
  const char *floor_program = g_getenv ("KIOSK_BENCH_FLOOR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) kiosk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  KioskStore *store;
  KioskWindow *window;
  double kiosk_median, floor_median;
  glong rss_10 = 0, rss_end;
  sqlite3_int64 sqlite_10 = 0, sqlite_end;
  gint64 sessions_start;

  if (kiosk == NULL || floor_program == NULL || runs == 0 || sessions < 10)
    {
      g_printerr ("usage: KIOSK_APP=… KIOSK_BENCH_FLOOR=… bench-ui [RUNS [SESSIONS >= 10]]\n");
      return 2;
    }

  gtk_disable_setlocale ();
  kiosk_i18n_init ();
  store = kiosk_application_open_demo_store (&dir, &error);
  g_assert_no_error (error);
  db = g_strdup (kiosk_store_get_path (store));

  /* 1. Cold start, alternating the two programs so both see the same machine state. */
  for (guint i = 0; i < runs; i++)
    {
      const char *kiosk_argv[] = { kiosk, "--db", db, "--size", "1080x1920", NULL };
      const char *floor_argv[] = { floor_program, NULL };
      double k = spawn_until_first_frame (kiosk_argv);
      double f = spawn_until_first_frame (floor_argv);

      g_array_append_val (kiosk_ms, k);
      g_array_append_val (floor_ms, f);
      g_print ("run %2u: kiosk %.1f ms, floor %.1f ms\n", i + 1, k, f);
    }
  kiosk_median = median (kiosk_ms);
  floor_median = median (floor_ms);
  g_print ("cold start to first frame, median of %u: kiosk %.1f ms, bare GTK 4 window %.1f ms, "
           "ratio %.2f\n", runs, kiosk_median, floor_median, kiosk_median / floor_median);

  /* 2. Memory over scripted sessions, in this process. */
  gtk_init ();
  kiosk_application_install_fonts_and_icons (gdk_display_get_default ());
  kiosk_application_install_style (gdk_display_get_default ());
  kiosk_i18n_set_language ("ar");
  g_setenv ("KIOSK_WINDOWED", "1", TRUE);
  window = kiosk_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);

  sessions_start = g_get_monotonic_time ();
  for (guint n = 1; n <= sessions; n++)
    {
      run_session (window, n);
      if (n == 10)
        {
          rss_10 = rss_kib ();
          sqlite_10 = sqlite3_memory_used ();
        }
      if (n % 100 == 0)
        g_print ("  after %3u sessions: RSS %ld KiB, SQLite heap %lld KiB\n", n, rss_kib (),
                 (long long) sqlite3_memory_used () / 1024);
    }
  rss_end = rss_kib ();
  sqlite_end = sqlite3_memory_used ();
  g_print ("%u sessions in %.1f s (%.1f ms each)\n", sessions,
           (g_get_monotonic_time () - sessions_start) / 1e6,
           (g_get_monotonic_time () - sessions_start) / 1e3 / sessions);
  g_print ("RSS after 10 sessions %ld KiB, after %u sessions %ld KiB: growth %ld KiB "
           "(%.2f KiB per session)\n", rss_10, sessions, rss_end, rss_end - rss_10,
           (double) (rss_end - rss_10) / (sessions - 10));
  /* The database grows by a feedback, a receipt and an outbox row per session, and SQLite's
   * page cache (bounded by its cache_size) with it: that part is not the UI's. */
  g_print ("of which SQLite's heap (page cache of the growing file): %lld KiB\n",
           (long long) (sqlite_end - sqlite_10) / 1024);

  gtk_window_destroy (GTK_WINDOW (window));
  kiosk_store_close (store);
  kiosk_application_remove_demo_dir (dir);
  return 0;
}
