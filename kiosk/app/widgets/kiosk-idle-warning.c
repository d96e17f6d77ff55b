/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The idle warning: a countdown card over a dimmed screen. */
#define G_LOG_DOMAIN "kiosk-idle-warning"

#include "config.h"

#include "kiosk-idle-warning.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

struct _KioskIdleWarning
{
  GtkWidget  parent_instance;

  guint      seconds;
  gboolean   typing;

  GtkWidget *card;
  GtkLabel  *idle_title_label;
  GtkLabel  *idle_seconds_label;
  GtkLabel  *idle_text_label;
  GtkButton *continue_button;
};

G_DEFINE_FINAL_TYPE (KioskIdleWarning, kiosk_idle_warning, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
kiosk_idle_warning_retranslate (KioskIdleWarning *self)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_IDLE_WARNING (self));

  number = kiosk_i18n_format_int (self->seconds);
  /* Translators: idle warning, the question over the countdown. */
  gtk_label_set_label (self->idle_title_label, _("Are you still there?"));
  gtk_label_set_label (self->idle_seconds_label, number);
  /* Translators: idle warning, under the countdown; %s is the number of seconds left
   * (already written in the screen's digits). */
  text = g_strdup_printf (ngettext ("For your privacy, this session will end in %s second and "
                                    "everything you entered will be erased.",
                                    "For your privacy, this session will end in %s seconds and "
                                    "everything you entered will be erased.",
                                    self->seconds),
                          number);
  gtk_label_set_label (self->idle_text_label, text);
  kiosk_accessible_set_button_label (self->continue_button,
                                     self->typing
                                     /* Translators: idle warning button while the visitor
                                      * was typing: keeps the session going. */
                                     ? _("I need more time")
                                     /* Translators: idle warning button that keeps the
                                      * session going. */
                                     : _("Continue"));
}

void
kiosk_idle_warning_set_typing (KioskIdleWarning *self,
                               gboolean          typing)
{
  g_return_if_fail (KIOSK_IS_IDLE_WARNING (self));

  self->typing = typing;
  kiosk_idle_warning_retranslate (self);
}

guint
kiosk_idle_warning_get_seconds (KioskIdleWarning *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WARNING (self), 0);

  return self->seconds;
}

void
kiosk_idle_warning_set_seconds (KioskIdleWarning *self,
                                guint             seconds)
{
  g_return_if_fail (KIOSK_IS_IDLE_WARNING (self));

  self->seconds = seconds;
  kiosk_idle_warning_retranslate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
}

/* The one thing to do here is to continue: focus goes to the button. */
static gboolean
kiosk_idle_warning_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KIOSK_IDLE_WARNING (widget)->continue_button));
}

static void
kiosk_idle_warning_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_IDLE_WARNING);

  G_OBJECT_CLASS (kiosk_idle_warning_parent_class)->dispose (object);
}

static void
kiosk_idle_warning_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KioskIdleWarning *self = KIOSK_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      g_value_set_uint (value, self->seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_idle_warning_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KioskIdleWarning *self = KIOSK_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      kiosk_idle_warning_set_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_idle_warning_class_init (KioskIdleWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_idle_warning_dispose;
  object_class->get_property = kiosk_idle_warning_get_property;
  object_class->set_property = kiosk_idle_warning_set_property;
  widget_class->grab_focus = kiosk_idle_warning_grab_focus;

  properties[PROP_SECONDS] =
    g_param_spec_uint ("seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/widgets/kiosk-idle-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, card);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, idle_title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, idle_seconds_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, idle_text_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, continue_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskidlewarning");
}

static void
kiosk_idle_warning_init (KioskIdleWarning *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_idle_warning_retranslate (self);
}

GtkWidget *
kiosk_idle_warning_new (void)
{
  return g_object_new (KIOSK_TYPE_IDLE_WARNING, NULL);
}
