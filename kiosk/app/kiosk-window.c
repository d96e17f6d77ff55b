/* The kiosk window: header band, pages, the counter notice and the language switch. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window.h"

#include <glib/gi18n.h>

#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-home-page.h"
#include "kiosk-i18n.h"
#include "kiosk-not-ready-page.h"

struct _KioskWindow
{
  GtkApplicationWindow  parent_instance;

  KioskStore           *store;           /* not owned */
  GPtrArray            *services;        /* KioskCatalogItem */
  char                 *notice_service;  /* code of the service the notice is about */

  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkButton            *language_button;
  GtkLabel             *language_label;
  GtkStack             *stack;
  KioskHomePage        *home_page;
  KioskNotReadyPage    *not_ready_page;
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_title_label;
  GtkLabel             *notice_label;
  GtkLabel             *notice_button_label;
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const KioskCatalogItem *
find_service (KioskWindow *self,
              const char  *code)
{
  if (self->services == NULL)
    return NULL;
  for (guint i = 0; i < self->services->len; i++)
    {
      const KioskCatalogItem *service = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (service->code, code) == 0)
        return service;
    }
  return NULL;
}

static void
kiosk_window_update_notice (KioskWindow *self)
{
  const KioskCatalogItem *service = find_service (self, self->notice_service);

  gtk_label_set_label (self->notice_title_label,
                       service != NULL ? kiosk_i18n_pick (service->name_ar, service->name_en)
                                       : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_title_label), service != NULL);
  /* Translators: shown when a visitor taps a service the kiosk cannot do by itself yet;
   * polite, and tells them a person at the counter can help. */
  gtk_label_set_label (self->notice_label, _("This service is available at the counter for now"));
  /* Translators: button that closes the "available at the counter" notice. */
  gtk_label_set_label (self->notice_button_label, _("OK"));
}

/* Every text the window shows itself; the pages rewrite their own. */
static void
kiosk_window_retranslate (KioskWindow *self)
{
  /* Translators: the municipality's name, large in the header band of every screen and as
   * the window title. */
  const char *municipality = _("Muscat Municipality");

  gtk_window_set_title (GTK_WINDOW (self), municipality);
  gtk_label_set_label (self->title_label, municipality);
  /* Translators: header band, under the municipality's name. */
  gtk_label_set_label (self->subtitle_label, _("Self-service kiosk"));
  /* Translators: the language button in the header band shows the OTHER language's name,
   * written in that language. In the Arabic catalogue write "English"; in the English one
   * keep "العربية". */
  gtk_label_set_label (self->language_label, C_("language button", "العربية"));
  /* The button speaks the other language: its text flows (and is styled) that way. */
  gtk_widget_set_direction (GTK_WIDGET (self->language_label),
                            kiosk_i18n_is_rtl () ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_RTL);

  kiosk_window_update_notice (self);
  kiosk_home_page_retranslate (self->home_page);
}

static void
kiosk_window_hide_notice (KioskWindow *self)
{
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  g_clear_pointer (&self->notice_service, g_free);
}

static void
kiosk_window_show_notice (KioskWindow *self,
                          const char  *code)
{
  g_free (self->notice_service);
  self->notice_service = g_strdup (code);
  kiosk_window_update_notice (self);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
}

static void
toggle_language_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kiosk_window_set_language (KIOSK_WINDOW (widget), kiosk_i18n_get_other_language ());
}

static void
open_service_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char *code = g_variant_get_string (parameter, NULL);

  if (find_service (self, code) == NULL)
    {
      g_debug ("open-service: no service \"%s\" in the catalogue", code);
      return;
    }

  /* Each service's own pages come with their issues; until then, no empty page: the
   * visitor is told where the service is available. */
  kiosk_window_show_notice (self, code);
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kiosk_window_hide_notice (KIOSK_WINDOW (widget));
}

static void
kiosk_window_load_services (KioskWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = kiosk_catalog_list_services (self->store, &error);

  if (services == NULL)
    {
      kiosk_window_show_not_ready (self, error);
      return;
    }
  if (services->len == 0)
    {
      g_set_error (&error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                   "%s lists no services: load the reference data (kiosk-admin init --seed)",
                   kiosk_store_get_path (self->store));
      kiosk_window_show_not_ready (self, error);
      return;
    }

  self->services = g_steal_pointer (&services);
  kiosk_home_page_set_services (self->home_page, self->services);
  gtk_stack_set_visible_child_name (self->stack, "home");
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  kiosk_window_retranslate (self);

  if (self->store != NULL)
    kiosk_window_load_services (self);
  else
    kiosk_window_show_not_ready (self, NULL);

  if (g_strcmp0 (g_getenv ("KIOSK_WINDOWED"), "1") != 0)
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_finalize (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_clear_pointer (&self->notice_service, g_free);

  G_OBJECT_CLASS (kiosk_window_parent_class)->finalize (object);
}

static void
kiosk_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_pointer (value, self->store);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, kiosk_window_get_language (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_get_pointer (value);
      break;
    case PROP_LANGUAGE:
      kiosk_window_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kiosk_window_constructed;
  object_class->dispose = kiosk_window_dispose;
  object_class->finalize = kiosk_window_finalize;
  object_class->get_property = kiosk_window_get_property;
  object_class->set_property = kiosk_window_set_property;

  /* A KioskStore is a plain struct owned by the application. */
  properties[PROP_STORE] =
    g_param_spec_pointer ("store", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "ar",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_HOME_PAGE);
  g_type_ensure (KIOSK_TYPE_NOT_READY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, language_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, not_ready_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, notice_title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, notice_button_label);

  gtk_widget_class_install_action (widget_class, "kiosk.toggle-language", NULL,
                                   toggle_language_action);
  gtk_widget_class_install_action (widget_class, "kiosk.open-service", "s",
                                   open_service_action);
  gtk_widget_class_install_action (widget_class, "kiosk.dismiss-notice", NULL,
                                   dismiss_notice_action);
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KioskWindow *
kiosk_window_new (GtkApplication *application,
                  KioskStore     *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (KIOSK_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

KioskStore *
kiosk_window_get_store (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->store;
}

const char *
kiosk_window_get_language (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  /* The language is the process's (gettext and text direction are global); the window is
   * where a visitor changes it. */
  return kiosk_i18n_get_language ();
}

void
kiosk_window_set_language (KioskWindow *self,
                           const char  *language)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (kiosk_i18n_language_is_valid (language));

  if (g_strcmp0 (language, kiosk_i18n_get_language ()) == 0)
    return;

  kiosk_i18n_set_language (language);
  kiosk_window_retranslate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
kiosk_window_show_not_ready (KioskWindow  *self,
                             const GError *error)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  kiosk_window_hide_notice (self);
  kiosk_not_ready_page_set_error (self->not_ready_page, error);
  gtk_stack_set_visible_child_name (self->stack, "not-ready");
  /* The page already speaks both languages. */
  gtk_widget_set_visible (GTK_WIDGET (self->language_button), FALSE);

  if (error != NULL)
    g_message ("not ready: %s", error->message);
}

const char *
kiosk_window_get_page_name (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kiosk_window_get_notice_service (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->notice_revealer) ? self->notice_service : NULL;
}
