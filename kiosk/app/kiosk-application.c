/* KioskApplication: from the command line to a window on screen. */
#define G_LOG_DOMAIN "kiosk-application"

#include "config.h"

#include "kiosk-application.h"

#include <glib/gi18n.h>

#include "kiosk-config.h"
#include "kiosk-i18n.h"
#include "kiosk-screenshot.h"
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

void
kiosk_application_install_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_return_if_fail (GDK_IS_DISPLAY (display));

  gtk_css_provider_load_from_resource (provider, "/om/gov/muscat/Kiosk/kiosk.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
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

  self->store = kiosk_application_open_store (self->config->database, &error);
  if (self->store == NULL)
    g_propagate_error (&self->not_ready, g_steal_pointer (&error));
}

static void
kiosk_application_startup (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  const char *language = "ar";

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (application);

  kiosk_application_install_style (gdk_display_get_default ());
  kiosk_application_open (self);

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
kiosk_application_activate (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (kiosk_window_new (GTK_APPLICATION (self), self->store));
      if (self->not_ready != NULL)
        kiosk_window_show_not_ready (KIOSK_WINDOW (window), self->not_ready);

      if (self->screenshot_path != NULL)
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
