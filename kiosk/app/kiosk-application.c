/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskApplication: from the command line to a window on screen. */
#define G_LOG_DOMAIN "kiosk-application"

#include "config.h"

#include "kiosk-application.h"

#include <glib/gi18n.h>

#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiosk-config.h"
#include "kiosk-fonts.h"
#include "kiosk-i18n.h"
#include "kiosk-screenshot.h"
#include "kiosk-screenshots.h"
#include "kiosk-keys.h"
#include "kiosk-payment-step.h"
#include "kiosk-payments.h"
#include "kiosk-seed.h"
#include "kiosk-window.h"

#define APPLICATION_ID "om.gov.muscat.Kiosk"

struct _KioskApplication
{
  GtkApplication  parent_instance;

  /* From the command line. */
  char           *config_path;
  char           *db_path;
  char           *language;
  char           *screenshot_path;
  char           *screenshots_dir;
  char           *size;
  int             width;
  int             height;
  char           *tour_dir;      /* the demo database of a --screenshots tour */

  KioskConfig    *config;
  KioskStore     *store;
  GError         *not_ready;     /* why there is no store, for the not-ready page */
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Configuration file (default: $KIOSK_CONFIG, /etc/muscat-kiosk/kiosk.conf, then the "
    "development default)", "FILE" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Database to open instead of the configuration's", "PATH" },
  { "language", 0, 0, G_OPTION_ARG_STRING, NULL,
    "Language to start in instead of the configuration's: ar or en", "LANG" },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Render the window once to this PNG file and quit", "FILE.png" },
  { "screenshots", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Render every page in both languages to DIR/<page>-<lang>.png and quit (works on a "
    "demo database of its own, never on the kiosk's)", "DIR" },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    "Window size instead of full screen, e.g. 1080x1920 (portrait) or 1920x1080", "WxH" },
  G_OPTION_ENTRY_NULL,
};

KioskStore *
kiosk_application_open_store (const char  *path,
                              GError     **error)
{
  g_autoptr(KioskStore) store = NULL;
  g_autofree char *kiosk_code = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, error);
  if (store == NULL)
    return NULL;

  /* Everything a visitor does is numbered with the kiosk's code: without it nothing can be
   * written, so such a file is as good as none. */
  kiosk_code = kiosk_store_dup_kiosk_code (store, error);
  if (kiosk_code == NULL)
    return NULL;

  return g_steal_pointer (&store);
}

KioskStore *
kiosk_application_open_demo_store (char   **out_dir,
                                   GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KioskStore) store = NULL;

  dir = g_dir_make_tmp ("muscat-kiosk-tour-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "kiosk.db", NULL);
  /* What `kiosk-admin init --seed demo` does: the tour files a feedback record, which
   * belongs in a database of its own, not in a kiosk's real one. */
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, error);
  if (store == NULL ||
      !kiosk_store_set_identity (store, "DEMO01", error) ||
      !kiosk_keys_ensure_own (store, NULL, error) ||
      !kiosk_seed_load (store, "demo", error))
    {
      g_clear_pointer (&store, kiosk_store_close);
      kiosk_application_remove_demo_dir (dir);
      return NULL;
    }
  *out_dir = g_steal_pointer (&dir);
  return g_steal_pointer (&store);
}

void
kiosk_application_remove_demo_dir (const char *dir)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (dir == NULL)
    return;
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      /* The database, its WAL files and an empty photo folder: nothing deeper. */
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        g_rmdir (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

void
kiosk_application_install_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_return_if_fail (GDK_IS_DISPLAY (display));

  gtk_css_provider_load_from_resource (provider, "/om/gov/muscat/Kiosk/kiosk.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
kiosk_application_install_fonts_and_icons (GdkDisplay *display)
{
  g_autoptr(GError) error = NULL;
  static gboolean fonts_done;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  /* Fonts are the process's; a test may make several windows. */
  if (!fonts_done && !kiosk_fonts_init (&error))
    g_message ("%s; the system's fonts are used as they are", error->message);
  fonts_done = TRUE;
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/om/gov/muscat/Kiosk/icons");
}

static gint
kiosk_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (application);

  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);
  g_variant_dict_lookup (options, "language", "s", &self->language);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);
  g_variant_dict_lookup (options, "screenshots", "^ay", &self->screenshots_dir);
  g_variant_dict_lookup (options, "size", "s", &self->size);

  if (self->size != NULL)
    {
      guint64 width = 0, height = 0;
      g_auto(GStrv) parts = g_strsplit (self->size, "x", 3);

      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 320, 7680, &width, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 320, 7680, &height, NULL))
        {
          g_printerr ("kiosk: --size must be WIDTHxHEIGHT in pixels (320-7680), not \"%s\"\n",
                      self->size);
          return 2;
        }
      self->width = (int) width;
      self->height = (int) height;
    }

  if (self->language != NULL && !kiosk_i18n_language_is_valid (self->language))
    {
      g_printerr ("kiosk: --language must be ar or en, not \"%s\"\n", self->language);
      return 2;
    }

  return -1;
}

/* Config, then the store; any failure is kept for the not-ready page, never fatal. */
static void
kiosk_application_open (KioskApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->config = kiosk_config_load (self->config_path, &error);
  if (self->config == NULL)
    {
      g_propagate_error (&self->not_ready, g_steal_pointer (&error));
      return;
    }

  if (self->db_path != NULL)
    {
      g_autofree char *assignment = g_strconcat ("kiosk.database=", self->db_path, NULL);

      if (!kiosk_config_override (self->config, assignment, &error))
        {
          g_propagate_error (&self->not_ready, g_steal_pointer (&error));
          return;
        }
    }

  if (self->screenshots_dir != NULL)
    {
      /* The tour's phone link listens on a free port: the configured one may be taken by
       * a kiosk running on the same machine. The code shows the base-url all the same. */
      if (!kiosk_config_override (self->config, "phone-upload.listen=127.0.0.1:0", &error))
        {
          g_propagate_error (&self->not_ready, g_steal_pointer (&error));
          return;
        }
      self->store = kiosk_application_open_demo_store (&self->tour_dir, &error);
      if (self->store == NULL)
        g_propagate_error (&self->not_ready, g_steal_pointer (&error));
      return;
    }

  self->store = kiosk_application_open_store (self->config->database, &error);
  if (self->store == NULL)
    g_propagate_error (&self->not_ready, g_steal_pointer (&error));
}

/* The store-and-forward limits every payment written through this store must respect. */
static void
kiosk_application_apply_limits (KioskApplication *self)
{
  KioskOfflineLimits limits;

  if (self->store == NULL || self->config == NULL)
    return;
  limits = (KioskOfflineLimits) { self->config->offline_tx_cap, self->config->offline_total_cap,
                                  self->config->offline_max_age_hours };
  kiosk_payments_set_limits (self->store, &limits);
  /* Every payment step takes cards through the configured terminal. */
  kiosk_payment_step_set_default_spec (self->config->payment);
}

static void
kiosk_application_startup (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  const char *language = "ar";

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (application);

  kiosk_application_install_fonts_and_icons (gdk_display_get_default ());
  kiosk_application_install_style (gdk_display_get_default ());
  kiosk_application_open (self);
  kiosk_application_apply_limits (self);

  if (self->language != NULL)
    language = self->language;
  else if (self->config != NULL && kiosk_i18n_language_is_valid (self->config->language))
    language = self->config->language;
  kiosk_i18n_set_language (language);
}

static void
screenshot_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KioskApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kiosk_screenshot_save_finish (GTK_WIDGET (object), result, &error))
    {
      g_printerr ("kiosk: %s\n", error->message);
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
}

static void
tour_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KioskApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kiosk_screenshots_run_finish (KIOSK_WINDOW (object), result, &error))
    {
      g_printerr ("kiosk: %s\n", error->message);
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
}

static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  /* For the start-up benchmark (tests/bench/bench-ui.c): one line, once. "exit" ends the
   * process there, so an instruction count (valgrind --tool=callgrind) covers exactly the
   * start-up. */
  g_print ("first-frame\n");
  fflush (stdout);
  if (g_str_equal (g_getenv ("KIOSK_REPORT_FIRST_FRAME"), "exit"))
    exit (0);
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, user_data);
}

static void
window_mapped_cb (GtkWidget *window,
                  gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_cb), NULL);
  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, user_data);
}

static void
kiosk_application_activate (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (kiosk_window_new_with_config (GTK_APPLICATION (self), self->store,
                                                         self->config));
      if (self->not_ready != NULL)
        kiosk_window_show_not_ready (KIOSK_WINDOW (window), self->not_ready);

      if (self->width > 0)
        {
          gtk_window_unfullscreen (window);
          gtk_window_set_default_size (window, self->width, self->height);
          kiosk_window_set_landscape (KIOSK_WINDOW (window), self->width > self->height);
        }
      else
        {
          g_autoptr(GdkMonitor) monitor =
            g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), 0);
          GdkRectangle area = { 0, 0, 1080, 1920 };

          /* Full screen: the kiosk's screen decides. */
          if (monitor != NULL)
            gdk_monitor_get_geometry (monitor, &area);
          kiosk_window_set_landscape (KIOSK_WINDOW (window), area.width > area.height);
        }
      if (g_getenv ("KIOSK_REPORT_FIRST_FRAME") != NULL)
        g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);

      if (self->screenshots_dir != NULL)
        kiosk_screenshots_run (KIOSK_WINDOW (window), self->screenshots_dir,
                               tour_done_cb, g_object_ref (self));
      else if (self->screenshot_path != NULL)
        kiosk_screenshot_save_after_frame (GTK_WIDGET (window), self->screenshot_path,
                                           screenshot_saved_cb, g_object_ref (self));
    }

  gtk_window_present (window);
}

static void
kiosk_application_shutdown (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  GList *windows;

  /* GtkApplication leaves its windows alive after the main loop; they point at the store,
   * so they go first, then the store. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  g_clear_pointer (&self->store, kiosk_store_close);
  kiosk_application_remove_demo_dir (self->tour_dir);
  g_clear_pointer (&self->tour_dir, g_free);

  G_APPLICATION_CLASS (kiosk_application_parent_class)->shutdown (application);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_clear_pointer (&self->store, kiosk_store_close);
  g_clear_pointer (&self->config, kiosk_config_free);
  g_clear_error (&self->not_ready);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->screenshots_dir, g_free);
  g_clear_pointer (&self->size, g_free);
  g_clear_pointer (&self->tour_dir, g_free);

  G_OBJECT_CLASS (kiosk_application_parent_class)->finalize (object);
}

static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kiosk_application_finalize;

  application_class->handle_local_options = kiosk_application_handle_local_options;
  application_class->startup = kiosk_application_startup;
  application_class->activate = kiosk_application_activate;
  application_class->shutdown = kiosk_application_shutdown;
}

static void
kiosk_application_init (KioskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            "The Muscat Municipality self-service kiosk.");
}

KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

int
kiosk_application_get_exit_status (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), 1);

  return self->exit_status;
}
