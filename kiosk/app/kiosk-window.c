/* The kiosk window: pages, navigation, language, accessibility toggles, on-screen keyboard
 * and the session's idle watch. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window.h"

#include "kiosk-attendant-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attract-page.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-flows.h"
#include "kiosk-home-page.h"
#include "kiosk-i18n.h"
#include "kiosk-not-ready-page.h"

struct _KioskWindow
{
  GtkApplicationWindow  parent_instance;

  KioskStore           *store;             /* not owned */
  GPtrArray            *services;          /* KioskCatalogItem */
  char                 *notice_service;    /* code of the service the notice is about */
  char                 *default_language;
  char                 *camera_source;  /* [devices] camera, for the flows that scan or take photos */
  guint                 idle_timeout_ms;
  guint                 idle_warning_ms;
  gboolean              large_text;
  gboolean              high_contrast;
  gboolean              not_ready;
  gboolean              landscape;
  KioskIdleMonitor     *idle;

  GtkStack             *outer_stack;
  KioskAttractPage     *attract_page;
  GtkWidget            *header;
  GtkWidget            *toolbar;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkButton            *language_button;
  GtkLabel             *language_label;
  GtkWidget            *back_button;
  GtkImage             *back_icon;
  GtkLabel             *back_label;
  GtkWidget            *home_button;
  GtkLabel             *home_label;
  GtkLabel             *page_title_label;
  GtkWidget            *large_text_button;
  GtkWidget            *contrast_button;
  GtkStack             *stack;
  KioskHomePage        *home_page;
  KioskNotReadyPage    *not_ready_page;
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_title_label;
  GtkLabel             *notice_label;
  GtkWidget            *notice_button;
  GtkLabel             *notice_button_label;
  GtkRevealer          *keyboard_revealer;
  KioskKeyboard        *keyboard;
  GtkWidget            *idle_overlay;
  GtkLabel             *idle_title_label;
  GtkLabel             *idle_seconds_label;
  GtkLabel             *idle_text_label;
  GtkButton            *continue_button;
};

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

static void kiosk_window_update_chrome (KioskWindow *self);

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
set_labelled (GtkLabel   *label,
              GtkWidget  *button,
              const char *text)
{
  gtk_label_set_label (label, text);
  kiosk_accessible_set_label (button, text);
}

/* The notice ----------------------------------------------------------------------------- */

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
  set_labelled (self->notice_button_label, self->notice_button, _("OK"));
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
  gtk_widget_grab_focus (self->notice_button);
}

/* The idle warning ----------------------------------------------------------------------- */

static void
kiosk_window_update_idle_texts (KioskWindow *self)
{
  guint seconds = kiosk_idle_monitor_get_seconds_left (self->idle);
  g_autofree char *number = kiosk_i18n_format_int (seconds);
  g_autofree char *text = NULL;

  /* Translators: idle warning, the question over the countdown. */
  gtk_label_set_label (self->idle_title_label, _("Are you still there?"));
  gtk_label_set_label (self->idle_seconds_label, number);
  /* Translators: idle warning, under the countdown; %s is the number of seconds left
   * (already written in the screen's digits). */
  text = g_strdup_printf (ngettext ("For your privacy, this session will end in %s second and "
                                    "everything you entered will be erased.",
                                    "For your privacy, this session will end in %s seconds and "
                                    "everything you entered will be erased.",
                                    seconds),
                          number);
  gtk_label_set_label (self->idle_text_label, text);
  /* Translators: idle warning button that keeps the session going. */
  gtk_button_set_label (self->continue_button, _("Continue"));
  kiosk_accessible_set_label (GTK_WIDGET (self->continue_button), _("Continue"));
}

static gboolean
kiosk_window_session_is_fresh (KioskWindow *self)
{
  /* Nothing to lose and nobody to warn: the home screen as a session starts. */
  return g_strcmp0 (kiosk_window_get_page_name (self), "home") == 0 &&
         g_strcmp0 (kiosk_i18n_get_language (), self->default_language) == 0 &&
         self->notice_service == NULL &&
         !self->large_text && !self->high_contrast &&
         !gtk_revealer_get_reveal_child (self->keyboard_revealer);
}

static void
idle_warning_cb (KioskIdleMonitor *idle,
                 KioskWindow      *self)
{
  if (kiosk_window_session_is_fresh (self))
    {
      kiosk_window_end_session (self);
      return;
    }
  kiosk_window_update_idle_texts (self);
  gtk_widget_set_visible (self->idle_overlay, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

static void
idle_tick_cb (KioskIdleMonitor *idle,
              guint             seconds,
              KioskWindow      *self)
{
  kiosk_window_update_idle_texts (self);
}

static void
idle_continued_cb (KioskIdleMonitor *idle,
                   KioskWindow      *self)
{
  gtk_widget_set_visible (self->idle_overlay, FALSE);
}

static void
idle_expired_cb (KioskIdleMonitor *idle,
                 KioskWindow      *self)
{
  g_debug ("idle: the session ran out, forgetting it");
  kiosk_window_end_session (self);
}

/* Keyboard ------------------------------------------------------------------------------- */

static GtkWidget *
text_input_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_TEXT_VIEW (widget) &&
          gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
        return widget;
      /* A GtkEntry's focus and text live in its GtkText. */
      if (GTK_IS_TEXT (widget) && gtk_editable_get_editable (GTK_EDITABLE (widget)))
        return widget;
    }
  return NULL;
}

static void
kiosk_window_show_keyboard_for (KioskWindow *self,
                                GtkWidget   *input)
{
  kiosk_keyboard_set_target (self->keyboard, input);
  kiosk_keyboard_set_layout (self->keyboard,
                             kiosk_keyboard_layout_for (input, kiosk_i18n_get_language ()));
  gtk_revealer_set_reveal_child (self->keyboard_revealer, TRUE);
}

static void
kiosk_window_hide_keyboard (KioskWindow *self)
{
  gtk_revealer_set_reveal_child (self->keyboard_revealer, FALSE);
}

static void
focus_widget_changed_cb (KioskWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *input = focus != NULL ? text_input_of (focus) : NULL;

  if (input != NULL)
    kiosk_window_show_keyboard_for (self, input);
  else
    {
      kiosk_keyboard_set_target (self->keyboard, NULL);
      kiosk_window_hide_keyboard (self);
    }
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            KioskWindow     *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  GtkWidget *input = picked != NULL ? text_input_of (picked) : NULL;

  /* Touching the field again brings back a keyboard the visitor had hidden. */
  if (input != NULL && input == gtk_root_get_focus (GTK_ROOT (self)))
    kiosk_window_show_keyboard_for (self, input);
}

static void
keyboard_hide_requested_cb (KioskKeyboard *keyboard,
                            KioskWindow   *self)
{
  kiosk_window_hide_keyboard (self);
}

/* Pages ---------------------------------------------------------------------------------- */

static gboolean
is_flow_page (KioskWindow *self,
              GtkWidget   *child)
{
  return child != GTK_WIDGET (self->home_page) && child != GTK_WIDGET (self->not_ready_page);
}

static void
remove_flow_pages (KioskWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (is_flow_page (self, child))
        gtk_stack_remove (self->stack, child);
      child = next;
    }
}

static void
show_page (KioskWindow *self,
           const char  *name)
{
  KioskPage *page;
  GtkWidget *focus;

  gtk_stack_set_visible_child_name (self->stack, name);
  kiosk_window_update_chrome (self);

  page = kiosk_window_get_page (self);
  focus = page != NULL ? kiosk_page_get_initial_focus (page) : NULL;
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
go_home (KioskWindow *self)
{
  kiosk_window_hide_notice (self);
  if (self->not_ready)
    return;
  show_page (self, "home");
  /* Leaving a flow drops it, and what was typed into it, at once. */
  remove_flow_pages (self);
}

static void
page_title_changed_cb (KioskWindow *self)
{
  kiosk_window_update_chrome (self);
}

/* Header, toolbar and what the page shows in them. */
static void
kiosk_window_update_chrome (KioskWindow *self)
{
  KioskPage *page = kiosk_window_get_page (self);
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  gboolean at_home = g_strcmp0 (name, "home") == 0 || self->not_ready;
  const char *title = page != NULL ? kiosk_page_get_title (page) : NULL;

  gtk_widget_set_visible (self->back_button, !at_home);
  gtk_widget_set_visible (self->home_button, !at_home);
  gtk_widget_set_visible (self->toolbar, !self->not_ready);
  gtk_widget_set_visible (GTK_WIDGET (self->language_button), !self->not_ready);
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

  kiosk_window_update_notice (self);
  kiosk_window_update_idle_texts (self);
  kiosk_keyboard_retranslate (self->keyboard);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KIOSK_IS_PAGE (child))
      kiosk_page_retranslate (KIOSK_PAGE (child));
  kiosk_page_retranslate (KIOSK_PAGE (self->attract_page));

  kiosk_window_update_chrome (self);
}

/* Actions -------------------------------------------------------------------------------- */

static void
language_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kiosk_window_set_language (KIOSK_WINDOW (widget), kiosk_i18n_get_other_language ());
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *language = g_variant_get_string (parameter, NULL);

  kiosk_window_start_session (KIOSK_WINDOW (widget),
                              kiosk_i18n_language_is_valid (language) ? language : NULL);
}

static void
home_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_home (KIOSK_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskPage *page = kiosk_window_get_page (self);

  if (self->notice_service != NULL)
    {
      kiosk_window_hide_notice (self);
      return;
    }
  if (page != NULL && kiosk_page_go_back (page))
    return;
  go_home (self);
}

static void
open_service_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kiosk_window_open_service (KIOSK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kiosk_window_hide_notice (KIOSK_WINDOW (widget));
}

static void
continue_session_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  kiosk_idle_monitor_poke (KIOSK_WINDOW (widget)->idle);
}

/* Setup ---------------------------------------------------------------------------------- */

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
  show_page (self, "home");
}

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
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  if (self->default_language == NULL)
    kiosk_window_set_config (self, NULL);
  kiosk_idle_monitor_set_times (self->idle, self->idle_timeout_ms, self->idle_warning_ms);

  kiosk_window_retranslate (self);

  if (self->store != NULL)
    kiosk_window_load_services (self);
  else
    kiosk_window_show_not_ready (self, NULL);

  /* A kiosk just started is a session nobody has touched: idle leads to the attract screen
   * without a warning. */
  if (!self->not_ready)
    kiosk_idle_monitor_start (self->idle);

  if (g_strcmp0 (g_getenv ("KIOSK_WINDOWED"), "1") != 0)
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  if (self->idle != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->idle, self);
      kiosk_idle_monitor_stop (self->idle);
    }
  g_clear_object (&self->idle);
  g_clear_pointer (&self->services, g_ptr_array_unref);

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
  g_type_ensure (KIOSK_TYPE_HOME_PAGE);
  g_type_ensure (KIOSK_TYPE_KEYBOARD);
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
  BIND (notice_revealer);
  BIND (notice_title_label);
  BIND (notice_label);
  BIND (notice_button);
  BIND (notice_button_label);
  BIND (keyboard_revealer);
  BIND (keyboard);
  BIND (idle_overlay);
  BIND (idle_title_label);
  BIND (idle_seconds_label);
  BIND (idle_text_label);
  BIND (continue_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "win.language", NULL, language_action);
  gtk_widget_class_install_action (widget_class, "win.start", "s", start_action);
  gtk_widget_class_install_action (widget_class, "win.home", NULL, home_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-service", "s", open_service_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL,
                                   dismiss_notice_action);
  gtk_widget_class_install_action (widget_class, "win.continue-session", NULL,
                                   continue_session_action);
  gtk_widget_class_install_property_action (widget_class, "win.large-text", "large-text");
  gtk_widget_class_install_property_action (widget_class, "win.high-contrast", "high-contrast");

  /* An attendant's keyboard: Escape goes back, as the toolbar's back button does. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
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

static GtkWidget *
find_buildable (GtkWidget  *root,
                const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = find_buildable (child, id)) != NULL)
        return found;
    }
  return NULL;
}

static void
kiosk_window_init (KioskWindow *self)
{
  GtkGesture *click;
  GtkGesture *long_press;
  GtkWidget *emblem;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->idle = kiosk_idle_monitor_new (GTK_WIDGET (self));
  g_signal_connect (self->idle, "warning", G_CALLBACK (idle_warning_cb), self);
  g_signal_connect (self->idle, "tick", G_CALLBACK (idle_tick_cb), self);
  g_signal_connect (self->idle, "continued", G_CALLBACK (idle_continued_cb), self);
  g_signal_connect (self->idle, "expired", G_CALLBACK (idle_expired_cb), self);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  emblem = find_buildable (GTK_WIDGET (self), "emblem");
  if (emblem != NULL)
    {
      long_press = gtk_gesture_long_press_new ();
      gtk_gesture_long_press_set_delay_factor (GTK_GESTURE_LONG_PRESS (long_press), 2.0);
      g_signal_connect (long_press, "pressed", G_CALLBACK (emblem_long_pressed_cb), self);
      gtk_widget_add_controller (emblem, GTK_EVENT_CONTROLLER (long_press));
    }

  g_signal_connect (self->keyboard, "hide-requested",
                    G_CALLBACK (keyboard_hide_requested_cb), self);
  g_signal_connect_swapped (self, "notify::focus-widget",
                            G_CALLBACK (focus_widget_changed_cb), self);

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
kiosk_window_show_not_ready (KioskWindow  *self,
                             const GError *error)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  self->not_ready = TRUE;
  kiosk_idle_monitor_stop (self->idle);
  kiosk_window_hide_notice (self);
  kiosk_window_hide_keyboard (self);
  kiosk_not_ready_page_set_error (self->not_ready_page, error);
  gtk_stack_set_visible_child_name (self->outer_stack, "main");
  gtk_stack_set_visible_child_name (self->stack, "not-ready");
  remove_flow_pages (self);
  kiosk_window_update_chrome (self);

  if (error != NULL)
    g_message ("not ready: %s", error->message);
}

const char *
kiosk_window_get_page_name (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "attract") == 0)
    return "attract";
  return gtk_stack_get_visible_child_name (self->stack);
}

KioskPage *
kiosk_window_get_page (KioskWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return KIOSK_IS_PAGE (child) ? KIOSK_PAGE (child) : NULL;
}

void
kiosk_window_open_service (KioskWindow *self,
                           const char  *code)
{
  KioskFlow *flow;

  g_return_if_fail (KIOSK_IS_WINDOW (self));

  /* Staff pages (attendant mode) are flows without a catalogue entry or a home tile. */
  if (self->not_ready ||
      (find_service (self, code) == NULL && !g_str_equal (code, KIOSK_ATTENDANT_SERVICE)))
    {
      g_debug ("open-service: no service \"%s\" in the catalogue", code);
      return;
    }

  kiosk_window_hide_notice (self);
  /* Each service's own pages come with their issues; until then, no empty page: the
   * visitor is told where the service is available. */
  flow = kiosk_flows_create (code, self->store);
  if (flow == NULL)
    {
      kiosk_window_show_notice (self, code);
      return;
    }

  /* A fresh flow every time: nothing from an earlier visit is on it. */
  remove_flow_pages (self);
  g_signal_connect_swapped (flow, "notify::title", G_CALLBACK (page_title_changed_cb), self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (flow), code);
  show_page (self, code);
}

const char *
kiosk_window_get_notice_service (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->notice_revealer) ? self->notice_service : NULL;
}

KioskKeyboard *
kiosk_window_get_keyboard (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->keyboard;
}

gboolean
kiosk_window_get_keyboard_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->keyboard_revealer);
}

KioskIdleMonitor *
kiosk_window_get_idle_monitor (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->idle;
}

gboolean
kiosk_window_get_idle_warning_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (self->idle_overlay);
}

void
kiosk_window_start_session (KioskWindow *self,
                            const char  *language)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  if (self->not_ready)
    return;
  kiosk_window_set_language (self, language != NULL ? language : self->default_language);
  gtk_stack_set_visible_child_name (self->outer_stack, "main");
  go_home (self);
  kiosk_idle_monitor_start (self->idle);
}

void
kiosk_window_end_session (KioskWindow *self)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  kiosk_idle_monitor_stop (self->idle);
  gtk_widget_set_visible (self->idle_overlay, FALSE);
  kiosk_window_hide_notice (self);
  kiosk_window_hide_keyboard (self);
  kiosk_keyboard_set_target (self->keyboard, NULL);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  /* The flow pages hold what the visitor typed (buffers, undo history): destroy them. */
  if (!self->not_ready)
    gtk_stack_set_visible_child_name (self->stack, "home");
  remove_flow_pages (self);

  kiosk_window_set_large_text (self, FALSE);
  kiosk_window_set_high_contrast (self, FALSE);
  kiosk_window_set_language (self, self->default_language);
  kiosk_window_update_chrome (self);

  if (!self->not_ready)
    gtk_stack_set_visible_child_name (self->outer_stack, "attract");
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
  kiosk_attract_page_set_landscape (self->attract_page, landscape);
  kiosk_home_page_set_landscape (self->home_page, landscape);
}

const char *
kiosk_window_get_camera_source (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->camera_source;
}
