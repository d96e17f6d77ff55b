/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk window: the object and its construction, the header band and toolbar, the
 * language and the accessibility toggles. Its pages are in kiosk-window-pages.c, the
 * visitor's session in kiosk-window-session.c, its actions in kiosk-window-actions.c. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attendant-flow.h"
#include "kiosk-i18n.h"

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CONFIG,
  PROP_LANGUAGE,
  PROP_LARGE_TEXT,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_labelled (GtkLabel   *label,
              GtkWidget  *button,
              const char *text)
{
  gtk_label_set_label (label, text);
  kiosk_accessible_set_label (button, text);
}

/* The discreet way into attendant mode: a long press on the emblem in the header. */
static void
emblem_long_pressed_cb (GtkGestureLongPress *gesture,
                        double               x,
                        double               y,
                        KioskWindow         *self)
{
  kiosk_window_open_service (self, KIOSK_ATTENDANT_SERVICE);
}

/* Header, toolbar and what the page shows in them. */
void
_kiosk_window_update_chrome (KioskWindow *self)
{
  KioskPage *page = kiosk_window_get_page (self);
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  gboolean at_home = g_strcmp0 (name, "home") == 0 || self->not_ready;
  const char *title = page != NULL ? kiosk_page_get_title (page) : NULL;

  gtk_widget_set_visible (self->back_button, !at_home);
  gtk_widget_set_visible (self->home_button, !at_home);
  gtk_widget_set_visible (self->toolbar, !self->not_ready);
  gtk_widget_set_visible (GTK_WIDGET (self->language_button), !self->not_ready);
  gtk_widget_set_visible (self->speak_button, !self->not_ready && self->speech != NULL &&
                          kiosk_speech_get_mode (self->speech) != KIOSK_SPEECH_OFF);
  gtk_label_set_label (self->page_title_label, title != NULL ? title : "");
}

static void
kiosk_window_retranslate (KioskWindow *self)
{
  /* Translators: the municipality's name, large in the header band of every screen and as
   * the window title. */
  const char *municipality = _("Muscat Municipality");
  gboolean rtl = kiosk_i18n_is_rtl ();

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
                            rtl ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_RTL);
  /* Translators: accessible name of the language button, in the language on screen: the
   * Arabic catalogue says "switch to English", the English one "switch to Arabic". */
  kiosk_accessible_set_label (GTK_WIDGET (self->language_button),
                              _("Switch to the other language"));

  /* "Back" points against the reading direction. */
  gtk_image_set_from_icon_name (self->back_icon, rtl ? "kiosk-back-rtl-symbolic"
                                                     : "kiosk-back-symbolic");
  /* Translators: toolbar button that goes one step back. */
  set_labelled (self->back_label, self->back_button, _("Back"));
  /* Translators: toolbar button that goes to the home screen (the list of services). */
  set_labelled (self->home_label, self->home_button, _("Home"));
  /* Translators: accessible name of the toggle that makes all text larger. */
  kiosk_accessible_set_label (self->large_text_button, _("Larger text"));
  gtk_widget_set_tooltip_text (self->large_text_button, NULL);
  /* Translators: accessible name of the toggle that switches to high-contrast colours. */
  kiosk_accessible_set_label (self->contrast_button, _("High contrast"));

  _kiosk_window_retranslate_speech (self);

  _kiosk_window_update_notice (self);
  kiosk_counter_notice_retranslate (self->notice);
  kiosk_idle_warning_retranslate (self->idle_warning);
  kiosk_keyboard_retranslate (self->keyboard);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KIOSK_IS_PAGE (child))
      kiosk_page_retranslate (KIOSK_PAGE (child));
  kiosk_page_retranslate (KIOSK_PAGE (self->attract_page));

  _kiosk_window_update_chrome (self);
}

/* Setup ---------------------------------------------------------------------------------- */

static void
kiosk_window_apply_style_classes (KioskWindow *self)
{
  if (self->large_text)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
  if (self->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

static void
kiosk_window_set_large_text (KioskWindow *self,
                             gboolean     large_text)
{
  if (self->large_text == !!large_text)
    return;
  self->large_text = !!large_text;
  kiosk_window_apply_style_classes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGE_TEXT]);
}

static void
kiosk_window_set_high_contrast (KioskWindow *self,
                                gboolean     high_contrast)
{
  if (self->high_contrast == !!high_contrast)
    return;
  self->high_contrast = !!high_contrast;
  kiosk_window_apply_style_classes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

/* One printer for the window's life: the receipt page prints through it, the desk shows its
 * state, which it asks every 10 s between jobs so a fault shows before the next visitor. */
static void
kiosk_window_set_printer (KioskWindow *self,
                          const char  *spec)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->printer);
  if (spec == NULL || g_str_equal (spec, "none"))
    return;
  self->printer = kiosk_printer_new_for_spec (spec, &error);
  if (self->printer == NULL)
    {
      g_message ("no receipt printer: %s", error->message);
      return;
    }
  kiosk_printer_set_poll_interval (self->printer, 10);
}

static void
kiosk_window_set_config (KioskWindow       *self,
                         const KioskConfig *config)
{
  g_autoptr(KioskConfig) defaults = NULL;

  if (config == NULL)
    config = defaults = kiosk_config_new_defaults ();

  g_free (self->default_language);
  self->default_language = g_strdup (kiosk_i18n_language_is_valid (config->language)
                                       ? config->language : "ar");
  self->idle_timeout_ms = config->idle_timeout * 1000;
  self->idle_warning_ms = config->idle_warning * 1000;
  kiosk_i18n_set_arabic_digits (config->arabic_digits);
  g_free (self->camera_source);
  self->camera_source = g_strdup (config->camera != NULL ? config->camera : "none");
  kiosk_window_set_printer (self, config->printer);
  _kiosk_window_set_speech (self, config->speech_mode, config->speech);
  /* The phone upload server needs the store too, which may come after: made in constructed. */
  g_clear_pointer (&self->phone_config, kiosk_config_free);
  self->phone_config = kiosk_config_new_defaults ();
  g_free (self->phone_config->phone_upload_listen);
  self->phone_config->phone_upload_listen = g_strdup (config->phone_upload_listen);
  g_free (self->phone_config->phone_upload_base_url);
  self->phone_config->phone_upload_base_url = g_strdup (config->phone_upload_base_url);
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  if (self->default_language == NULL)
    kiosk_window_set_config (self, NULL);
  kiosk_idle_monitor_set_times (self->idle, self->idle_timeout_ms, self->idle_warning_ms);
  if (self->store != NULL)
    self->phone_upload = kiosk_phone_upload_new (self->store, self->phone_config);
  g_clear_pointer (&self->phone_config, kiosk_config_free);

  kiosk_window_retranslate (self);

  if (self->store != NULL)
    _kiosk_window_load_services (self);
  else
    kiosk_window_show_not_ready (self, NULL);

  /* A kiosk just started is a session nobody has touched: idle leads to the attract screen
   * without a warning. */
  if (!self->not_ready)
    {
      kiosk_idle_monitor_start (self->idle);
      kiosk_speech_start_session (self->speech);
    }

  if (g_strcmp0 (g_getenv ("KIOSK_WINDOWED"), "1") != 0)
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  _kiosk_window_dispose_typing (self);
  if (self->idle != NULL)
    kiosk_idle_monitor_stop (self->idle);
  g_clear_object (&self->idle);
  _kiosk_window_dispose_speech (self);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_object (&self->printer);
  if (self->phone_upload != NULL)
    kiosk_phone_upload_end (self->phone_upload);
  g_clear_object (&self->phone_upload);
  g_clear_pointer (&self->phone_config, kiosk_config_free);

  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_finalize (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_clear_pointer (&self->notice_service, g_free);
  g_clear_pointer (&self->default_language, g_free);
  g_clear_pointer (&self->camera_source, g_free);

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
    case PROP_LARGE_TEXT:
      g_value_set_boolean (value, self->large_text);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
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
    case PROP_CONFIG:
      kiosk_window_set_config (self, g_value_get_pointer (value));
      break;
    case PROP_LANGUAGE:
      kiosk_window_set_language (self, g_value_get_string (value));
      break;
    case PROP_LARGE_TEXT:
      kiosk_window_set_large_text (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      kiosk_window_set_high_contrast (self, g_value_get_boolean (value));
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
  /* Read once, for the session defaults; not kept. */
  properties[PROP_CONFIG] =
    g_param_spec_pointer ("config", NULL, NULL,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "ar",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LARGE_TEXT] =
    g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_ATTRACT_PAGE);
  g_type_ensure (KIOSK_TYPE_COUNTER_NOTICE);
  g_type_ensure (KIOSK_TYPE_HOME_PAGE);
  g_type_ensure (KIOSK_TYPE_IDLE_WARNING);
  g_type_ensure (KIOSK_TYPE_KEYBOARD);
  g_type_ensure (KIOSK_TYPE_KEYBOARD_BAR);
  g_type_ensure (KIOSK_TYPE_NOT_READY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskWindow, name)
  BIND (outer_stack);
  BIND (attract_page);
  BIND (header);
  BIND (toolbar);
  BIND (title_label);
  BIND (subtitle_label);
  BIND (language_button);
  BIND (language_label);
  BIND (speak_button);
  BIND (speak_label);
  BIND (speech_message_label);
  BIND (back_button);
  BIND (back_icon);
  BIND (back_label);
  BIND (home_button);
  BIND (home_label);
  BIND (page_title_label);
  BIND (large_text_button);
  BIND (contrast_button);
  BIND (stack);
  BIND (home_page);
  BIND (not_ready_page);
  BIND (notice);
  BIND (keyboard_revealer);
  BIND (keyboard_bar);
  BIND (keyboard);
  BIND (idle_warning);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, emblem_long_pressed_cb);

  _kiosk_window_class_actions_init (klass);
  _kiosk_window_class_session_init (klass);
  _kiosk_window_class_speech_init (klass);
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _kiosk_window_init_session (self);

  gtk_stack_set_visible_child_name (self->outer_stack, "main");
}

KioskWindow *
kiosk_window_new (GtkApplication *application,
                  KioskStore     *store)
{
  return kiosk_window_new_with_config (application, store, NULL);
}

KioskWindow *
kiosk_window_new_with_config (GtkApplication    *application,
                              KioskStore        *store,
                              const KioskConfig *config)
{
  g_autoptr(KioskConfig) defaults = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  if (config == NULL)
    config = defaults = kiosk_config_new_defaults ();
  return g_object_new (KIOSK_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "config", config,
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
  /* A letters keyboard follows the screen's language; the numeric pad stays. */
  if (kiosk_keyboard_get_layout (self->keyboard) != KIOSK_KEYBOARD_NUMERIC)
    kiosk_keyboard_set_layout (self->keyboard,
                               kiosk_keyboard_layout_for (NULL, language));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
kiosk_window_set_landscape (KioskWindow *self,
                            gboolean     landscape)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  self->landscape = !!landscape;
  if (landscape)
    gtk_widget_add_css_class (GTK_WIDGET (self), "landscape");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "landscape");
  _kiosk_window_update_header (self);
  kiosk_attract_page_set_landscape (self->attract_page, landscape);
  kiosk_home_page_set_landscape (self->home_page, landscape);
}

const char *
kiosk_window_get_camera_source (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->camera_source;
}

void
kiosk_window_set_camera_source (KioskWindow *self,
                                const char  *source)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (source != NULL);

  g_free (self->camera_source);
  self->camera_source = g_strdup (source);
  /* The home page offers what the camera makes possible. */
  if (self->services != NULL)
    _kiosk_window_load_services (self);
}

KioskPrinter *
kiosk_window_get_printer (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->printer;
}

KioskPhoneUpload *
kiosk_window_get_phone_upload (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->phone_upload;
}
