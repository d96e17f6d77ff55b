/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vehicle plate step: one entry, one check. */
#define G_LOG_DOMAIN "kiosk-plate-step"

#include "config.h"

#include "kiosk-plate-step.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-keyboard.h"
#include "kiosk-validate.h"

struct _KioskPlateStep
{
  KioskStep  parent_instance;

  char      *next_label;   /* message id */

  GtkEntry  *plate_entry;
  GtkButton *plate_next_button;
};

G_DEFINE_FINAL_TYPE (KioskPlateStep, kiosk_plate_step, KIOSK_TYPE_STEP)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kiosk_plate_step_retranslate (KioskStep *step)
{
  KioskPlateStep *self = KIOSK_PLATE_STEP (step);

  KIOSK_STEP_CLASS (kiosk_plate_step_parent_class)->retranslate (step);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->plate_entry));
  /* Translators: accessible name of the plate field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->plate_entry), _("Vehicle plate"));
  kiosk_accessible_set_button_label (self->plate_next_button, _(self->next_label));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskPlateStep *self = KIOSK_PLATE_STEP (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = kiosk_validate_plate (gtk_editable_get_text (GTK_EDITABLE (self->plate_entry)),
                                                 &error);

  if (plate == NULL)
    {
      kiosk_step_set_error (KIOSK_STEP (self), kiosk_error_code_of (error));
      kiosk_plate_step_focus (self);
      return;
    }
  kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
  g_signal_emit (self, signals[DONE], 0, plate);
}

/* Typing again puts the hint back: the error was about the plate as it was. */
static void
entry_changed_cb (GtkEditable    *editable,
                  KioskPlateStep *self)
{
  kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
}

static void
entry_activate_cb (GtkEntry       *entry,
                   KioskPlateStep *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "plate.next", NULL);
}

static void
kiosk_plate_step_finalize (GObject *object)
{
  g_clear_pointer (&KIOSK_PLATE_STEP (object)->next_label, g_free);

  G_OBJECT_CLASS (kiosk_plate_step_parent_class)->finalize (object);
}

static void
kiosk_plate_step_class_init (KioskPlateStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskStepClass *step_class = KIOSK_STEP_CLASS (klass);

  object_class->finalize = kiosk_plate_step_finalize;
  step_class->retranslate = kiosk_plate_step_retranslate;

  /* The canonical plate. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-plate-step.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPlateStep, plate_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskPlateStep, plate_next_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "plate.next", NULL, next_action);
}

static void
kiosk_plate_step_init (KioskPlateStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its letters and its digits on one keyboard. */
  kiosk_keyboard_declare_field (GTK_WIDGET (self->plate_entry), KIOSK_FIELD_PLATE);
  /* Translators: vehicle plate step, heading. */
  kiosk_step_set_heading (KIOSK_STEP (self), N_("Your vehicle plate"));
  /* Translators: vehicle plate step, under the heading. */
  kiosk_step_set_hint (KIOSK_STEP (self), N_("Type the numbers and the letters of the plate, in Arabic or English letters, for example 9415 H."));
  /* Translators: button that goes to the next step. */
  self->next_label = g_strdup (N_("Next"));
  kiosk_plate_step_retranslate (KIOSK_STEP (self));
}

void
kiosk_plate_step_set_next_label (KioskPlateStep *self,
                                 const char     *next_label)
{
  g_return_if_fail (KIOSK_IS_PLATE_STEP (self));
  g_return_if_fail (next_label != NULL);

  g_free (self->next_label);
  self->next_label = g_strdup (next_label);
  kiosk_accessible_set_button_label (self->plate_next_button, _(self->next_label));
}

const char *
kiosk_plate_step_get_text (KioskPlateStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PLATE_STEP (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->plate_entry));
}

void
kiosk_plate_step_set_text (KioskPlateStep *self,
                           const char     *text)
{
  g_return_if_fail (KIOSK_IS_PLATE_STEP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), text);
}

void
kiosk_plate_step_clear (KioskPlateStep *self)
{
  g_return_if_fail (KIOSK_IS_PLATE_STEP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), "");
  kiosk_step_set_error (KIOSK_STEP (self), KIOSK_ERROR_TEXT_NONE);
}

void
kiosk_plate_step_focus (KioskPlateStep *self)
{
  g_return_if_fail (KIOSK_IS_PLATE_STEP (self));

  kiosk_step_focus_entry (self->plate_entry);
}

GtkWidget *
kiosk_plate_step_get_entry (KioskPlateStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PLATE_STEP (self), NULL);

  return GTK_WIDGET (self->plate_entry);
}
