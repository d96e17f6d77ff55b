/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mobile number step: one entry, one check, one way to show a number. */
#define G_LOG_DOMAIN "kiosk-phone-step"

#include "config.h"

#include "kiosk-phone-step.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-validate.h"

struct _KioskPhoneStep
{
  KioskStep  parent_instance;

  gboolean   optional;
  char      *phone;

  GtkEntry  *phone_entry;
  GtkButton *phone_skip_button;
  GtkButton *phone_next_button;
};

G_DEFINE_FINAL_TYPE (KioskPhoneStep, kiosk_phone_step, KIOSK_TYPE_STEP)

enum
{
  PROP_0,
  PROP_OPTIONAL,
  N_PROPS
};

enum
{
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
kiosk_phone_step_retranslate (KioskStep *step)
{
  KioskPhoneStep *self = KIOSK_PHONE_STEP (step);

  KIOSK_STEP_CLASS (kiosk_phone_step_parent_class)->retranslate (step);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->phone_entry));
  /* Translators: accessible name of the mobile number field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->phone_entry), _("Mobile number"));
  /* Translators: button that goes on without giving a mobile number. */
  kiosk_accessible_set_button_label (self->phone_skip_button, _("Skip"));
  /* Translators: button that goes to the next step. */
  kiosk_accessible_set_button_label (self->phone_next_button, _("Next"));
}

static void
finish (KioskPhoneStep *self,
        char           *phone)
{
  g_free (self->phone);
  self->phone = phone;
  kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
  g_signal_emit (self, signals[DONE], 0, self->phone);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskPhoneStep *self = KIOSK_PHONE_STEP (widget);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry))));
  g_autoptr(GError) error = NULL;
  char *phone = NULL;

  if (self->optional && typed[0] == '\0')
    {
      finish (self, NULL);
      return;
    }
  /* The core checks again on submit; checking here keeps the visitor on this step, with
   * what they typed. */
  phone = kiosk_validate_phone (typed, &error);
  if (phone == NULL)
    {
      kiosk_step_set_error (KIOSK_STEP (self), kiosk_error_code_of (error));
      kiosk_phone_step_focus (self);
      return;
    }
  finish (self, phone);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskPhoneStep *self = KIOSK_PHONE_STEP (widget);

  /* Skipping means "no number": nothing half-typed is kept or sent. */
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  finish (self, NULL);
}

/* Typing again puts the hint back: the error was about the number as it was. */
static void
entry_changed_cb (GtkEditable    *editable,
                  KioskPhoneStep *self)
{
  if (kiosk_step_get_error (KIOSK_STEP (self)) != KIOSK_ERROR_TEXT_NONE)
    kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
}

static void
kiosk_phone_step_finalize (GObject *object)
{
  g_clear_pointer (&KIOSK_PHONE_STEP (object)->phone, g_free);

  G_OBJECT_CLASS (kiosk_phone_step_parent_class)->finalize (object);
}

static void
kiosk_phone_step_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_OPTIONAL:
      g_value_set_boolean (value, KIOSK_PHONE_STEP (object)->optional);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_phone_step_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_OPTIONAL:
      kiosk_phone_step_set_optional (KIOSK_PHONE_STEP (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_phone_step_class_init (KioskPhoneStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskStepClass *step_class = KIOSK_STEP_CLASS (klass);

  object_class->finalize = kiosk_phone_step_finalize;
  object_class->get_property = kiosk_phone_step_get_property;
  object_class->set_property = kiosk_phone_step_set_property;
  step_class->retranslate = kiosk_phone_step_retranslate;

  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The canonical number, or NULL when the visitor skipped. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-phone-step.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneStep, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneStep, phone_skip_button);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneStep, phone_next_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "phone.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "phone.skip", NULL, skip_action);
}

static void
kiosk_phone_step_init (KioskPhoneStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->phone_skip_button), self->optional);
  kiosk_phone_step_retranslate (KIOSK_STEP (self));
}

void
kiosk_phone_step_set_optional (KioskPhoneStep *self,
                               gboolean        optional)
{
  g_return_if_fail (KIOSK_IS_PHONE_STEP (self));

  optional = !!optional;
  if (self->optional == optional)
    return;
  self->optional = optional;
  gtk_widget_set_visible (GTK_WIDGET (self->phone_skip_button), optional);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONAL]);
}

gboolean
kiosk_phone_step_get_optional (KioskPhoneStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PHONE_STEP (self), FALSE);

  return self->optional;
}

const char *
kiosk_phone_step_get_phone (KioskPhoneStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PHONE_STEP (self), NULL);

  return self->phone;
}

void
kiosk_phone_step_clear (KioskPhoneStep *self)
{
  g_return_if_fail (KIOSK_IS_PHONE_STEP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  g_clear_pointer (&self->phone, g_free);
  kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
}

void
kiosk_phone_step_focus (KioskPhoneStep *self)
{
  g_return_if_fail (KIOSK_IS_PHONE_STEP (self));

  kiosk_step_focus_entry (self->phone_entry);
}

char *
kiosk_phone_step_format (const char *phone)
{
  g_return_val_if_fail (phone != NULL && strlen (phone) == 12, g_strdup (""));

  return g_strdup_printf ("+968 %.4s %.4s", phone + 4, phone + 8);
}
