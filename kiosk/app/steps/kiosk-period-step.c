/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The period step: a choice list of periods and fees. */
#define G_LOG_DOMAIN "kiosk-period-step"

#include "config.h"

#include "kiosk-period-step.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kiosk-choice-list.h"
#include "kiosk-i18n.h"

struct _KioskPeriodStep
{
  KioskStep        parent_instance;

  GListStore      *periods;      /* KioskChoiceItem: code "period_<months>", value the fee */
  KioskChoiceList *period_list;
};

G_DEFINE_FINAL_TYPE (KioskPeriodStep, kiosk_period_step, KIOSK_TYPE_STEP)

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
item_months (KioskChoiceItem *item)
{
  return (int) g_ascii_strtoll (kiosk_choice_item_get_code (item) + strlen ("period_"), NULL, 10);
}

/* The amounts and digits follow the language: the step writes its rows' texts itself. */
static void
kiosk_period_step_retranslate (KioskStep *step)
{
  KioskPeriodStep *self = KIOSK_PERIOD_STEP (step);

  KIOSK_STEP_CLASS (kiosk_period_step_parent_class)->retranslate (step);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->periods)); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->periods), i);
      g_autofree char *name = kiosk_period_step_name (item_months (item));
      g_autofree char *fee = kiosk_i18n_format_money (kiosk_choice_item_get_value (item));
      g_autofree char *title = g_strdup_printf ("%s — %s", name, fee);

      kiosk_choice_item_set_title (item, title);
    }
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *code = g_variant_get_string (parameter, NULL);

  g_return_if_fail (g_str_has_prefix (code, "period_"));

  g_signal_emit (widget, signals[CHOSEN], 0,
                 (int) g_ascii_strtoll (code + strlen ("period_"), NULL, 10));
}

static void
kiosk_period_step_finalize (GObject *object)
{
  KioskPeriodStep *self = KIOSK_PERIOD_STEP (object);

  g_clear_object (&self->periods);

  G_OBJECT_CLASS (kiosk_period_step_parent_class)->finalize (object);
}

static void
kiosk_period_step_class_init (KioskPeriodStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskStepClass *step_class = KIOSK_STEP_CLASS (klass);

  object_class->finalize = kiosk_period_step_finalize;
  step_class->retranslate = kiosk_period_step_retranslate;

  /* The months of the period the visitor tapped. */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-period-step.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPeriodStep, period_list);

  gtk_widget_class_install_action (widget_class, "period.choose", "s", choose_action);
}

static void
kiosk_period_step_init (KioskPeriodStep *self)
{
  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->periods = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  kiosk_choice_list_set_model (self->period_list, G_LIST_MODEL (self->periods));
}

void
kiosk_period_step_clear (KioskPeriodStep *self)
{
  g_return_if_fail (KIOSK_IS_PERIOD_STEP (self));

  g_list_store_remove_all (self->periods);
}

void
kiosk_period_step_add (KioskPeriodStep *self,
                       int              months,
                       KioskBaisa       fee)
{
  g_autofree char *code = NULL;
  g_autoptr(KioskChoiceItem) item = NULL;

  g_return_if_fail (KIOSK_IS_PERIOD_STEP (self));

  code = g_strdup_printf ("period_%d", months);
  item = kiosk_choice_item_new (code, NULL, NULL, NULL);
  kiosk_choice_item_set_value (item, fee);
  g_list_store_append (self->periods, item);
  kiosk_period_step_retranslate (KIOSK_STEP (self));
}

guint
kiosk_period_step_get_n_periods (KioskPeriodStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PERIOD_STEP (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->periods));
}

char *
kiosk_period_step_name (int months)
{
  g_autofree char *n = kiosk_i18n_format_int (months);

  /* Translators: a parking permit period: "1 month", "3 months". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s month", "%s months", months), n);
}
