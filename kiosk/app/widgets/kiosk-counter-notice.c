/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "available at the counter" notice. */
#define G_LOG_DOMAIN "kiosk-counter-notice"

#include "config.h"

#include "kiosk-counter-notice.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"

struct _KioskCounterNotice
{
  GtkWidget    parent_instance;

  GtkRevealer *notice_revealer;
  GtkLabel    *notice_title_label;
  GtkLabel    *notice_label;
  GtkWidget   *notice_button;
  GtkLabel    *notice_button_label;
};

G_DEFINE_FINAL_TYPE (KioskCounterNotice, kiosk_counter_notice, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
kiosk_counter_notice_retranslate (KioskCounterNotice *self)
{
  g_return_if_fail (KIOSK_IS_COUNTER_NOTICE (self));

  /* Translators: shown when a visitor taps a service the kiosk cannot do by itself yet;
   * polite, and tells them a person at the counter can help. */
  gtk_label_set_label (self->notice_label, _("This service is available at the counter for now"));
  /* Translators: button that closes the "available at the counter" notice. */
  gtk_label_set_label (self->notice_button_label, _("OK"));
  kiosk_accessible_set_label (self->notice_button, _("OK"));
}

const char *
kiosk_counter_notice_get_title (KioskCounterNotice *self)
{
  g_return_val_if_fail (KIOSK_IS_COUNTER_NOTICE (self), NULL);

  return gtk_label_get_label (self->notice_title_label);
}

void
kiosk_counter_notice_set_title (KioskCounterNotice *self,
                                const char         *title)
{
  g_return_if_fail (KIOSK_IS_COUNTER_NOTICE (self));

  if (g_strcmp0 (title != NULL ? title : "", gtk_label_get_label (self->notice_title_label)) == 0)
    return;
  gtk_label_set_label (self->notice_title_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_title_label), title != NULL && *title != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
kiosk_counter_notice_get_revealed (KioskCounterNotice *self)
{
  g_return_val_if_fail (KIOSK_IS_COUNTER_NOTICE (self), FALSE);

  return gtk_revealer_get_reveal_child (self->notice_revealer);
}

void
kiosk_counter_notice_set_revealed (KioskCounterNotice *self,
                                   gboolean            revealed)
{
  g_return_if_fail (KIOSK_IS_COUNTER_NOTICE (self));

  gtk_revealer_set_reveal_child (self->notice_revealer, revealed);
  if (revealed)
    gtk_widget_grab_focus (self->notice_button);
}

static void
kiosk_counter_notice_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_COUNTER_NOTICE);

  G_OBJECT_CLASS (kiosk_counter_notice_parent_class)->dispose (object);
}

static void
kiosk_counter_notice_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KioskCounterNotice *self = KIOSK_COUNTER_NOTICE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, kiosk_counter_notice_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_counter_notice_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KioskCounterNotice *self = KIOSK_COUNTER_NOTICE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      kiosk_counter_notice_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_counter_notice_class_init (KioskCounterNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_counter_notice_dispose;
  object_class->get_property = kiosk_counter_notice_get_property;
  object_class->set_property = kiosk_counter_notice_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/widgets/kiosk-counter-notice.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskCounterNotice, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, KioskCounterNotice, notice_title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCounterNotice, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCounterNotice, notice_button);
  gtk_widget_class_bind_template_child (widget_class, KioskCounterNotice, notice_button_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskcounternotice");
}

static void
kiosk_counter_notice_init (KioskCounterNotice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_counter_notice_retranslate (self);
}

GtkWidget *
kiosk_counter_notice_new (void)
{
  return g_object_new (KIOSK_TYPE_COUNTER_NOTICE, NULL);
}
