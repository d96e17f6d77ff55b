/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor for the kiosk's cold-start benchmark: the smallest GTK 4 program that opens a
 * window of the kiosk's size with one label, and reports its first presented frame the way
 * the kiosk does (one "first-frame" line on stdout). */
#include <gtk/gtk.h>
#include <stdlib.h>

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_print ("first-frame\n");
  fflush (stdout);
  if (g_strcmp0 (g_getenv ("KIOSK_REPORT_FIRST_FRAME"), "exit") == 0)
    exit (0);  /* as the kiosk does, for an instruction count of the start-up */
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
map_cb (GtkWidget *window,
        gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1080, 1920);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("floor"));
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("om.gov.muscat.KioskBenchFloor",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
