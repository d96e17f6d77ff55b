/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A row of the desk's "needs attention" list. */
#define G_LOG_DOMAIN "kiosk-desk-alert-row"

#include "config.h"

#include "kiosk-desk-alert-row.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

struct _KioskDeskAlertRow
{
  GtkBox     parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *text_label;
  GtkButton *action_button;
};

G_DEFINE_FINAL_TYPE (KioskDeskAlertRow, kiosk_desk_alert_row, GTK_TYPE_BOX)

static void
kiosk_desk_alert_row_class_init (KioskDeskAlertRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-desk-alert-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDeskAlertRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDeskAlertRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDeskAlertRow, action_button);
}

static void
kiosk_desk_alert_row_init (KioskDeskAlertRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The printer's state as the attendant reads it. */
static const char *
printer_said (const char *state)
{
  if (g_strcmp0 (state, "paper-out") == 0)
    /* Translators: desk, why a receipt did not print. */
    return _("the printer is out of paper");
  if (g_strcmp0 (state, "cover-open") == 0)
    /* Translators: desk, why a receipt did not print. */
    return _("the printer's cover is open");
  if (g_strcmp0 (state, "offline") == 0)
    /* Translators: desk, why a receipt did not print. */
    return _("the printer did not answer");
  /* Translators: desk, why a receipt did not print (a jam, an error, or unknown). */
  return _("the printer reported an error");
}

GtkWidget *
kiosk_desk_alert_row_new (KioskDeskAlertItem *item)
{
  const KioskDeskAlert *alert = kiosk_desk_alert_item_get_alert (item);
  KioskDeskAlertRow *self = g_object_new (KIOSK_TYPE_DESK_ALERT_ROW, NULL);
  g_autofree char *when = kiosk_i18n_format_time (alert->at, TRUE);
  g_autofree char *money = alert->amount > 0 ? kiosk_i18n_format_money (alert->amount) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autofree char *reference = kiosk_i18n_ltr (alert->reference);
  g_autofree char *last4 = kiosk_i18n_ltr (alert->card_last4);
  g_autofree char *code = kiosk_i18n_ltr (alert->code);
  const char *button = NULL;

  switch (alert->kind)
    {
    case KIOSK_DESK_ALERT_NOT_PRINTED:
      /* Translators: desk, a receipt the printer did not print; %s its reference. */
      title = g_strdup_printf (_("Receipt %s not printed"), reference);
      /* Translators: desk: %1$s date and time, %2$s why ("the printer is out of paper"). */
      text = g_strdup_printf (_("%1$s: %2$s. Fix the printer, then reprint it for the visitor if they come back."),
                              when, printer_said (alert->code));
      /* Translators: desk button: print the receipt again (marked "copy"). */
      button = _("Reprint");
      target = g_strdup_printf ("print:%s", alert->id);
      break;
    case KIOSK_DESK_ALERT_REVERSAL_FAILED:
      /* Translators: desk, a card payment the terminal approved that was neither recorded
       * nor given back; %s the amount. */
      title = g_strdup_printf (_("Card charged %s, service not recorded"), money ? money : "");
      /* Translators: desk: %1$s date and time, %2$s the card's last 4 digits, %3$s the
       * approval code. */
      text = g_strdup_printf (_("%1$s, card ending %2$s, approval %3$s. The refund was not made: refund the visitor at the counter or through the bank, then mark it handled."),
                              when, last4, code);
      /* Translators: desk button: the failed refund was dealt with by hand. */
      button = _("Mark handled");
      target = g_strdup_printf ("reversal:%s", alert->id);
      break;
    case KIOSK_DESK_ALERT_PAYMENT_REJECTED:
    default:
      /* Translators: desk, a payment the municipality's server refused; %s its reference. */
      title = g_strdup_printf (_("Payment %s refused by the municipality"), reference);
      /* Translators: desk: %1$s date and time, %2$s the server's reason (in English, as
       * the server gives it). */
      text = g_strdup_printf (_("%1$s. Reason: %2$s. Nothing was settled: call the municipality's payments office with this reference; do not take the money again."),
                              when, alert->reason ? alert->reason : "");
      break;
    }
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->text_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), button != NULL);
  if (button != NULL)
    {
      kiosk_accessible_set_button_label (self->action_button, button);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->action_button), "s", target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), "desk.alert");
    }
  gtk_widget_set_name (GTK_WIDGET (self), alert->id);
  return GTK_WIDGET (self);
}
