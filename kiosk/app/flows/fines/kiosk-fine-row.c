/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fine's row in the fines list. */
#define G_LOG_DOMAIN "kiosk-fine-row"

#include "config.h"

#include "kiosk-fine-row.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

struct _KioskFineRow
{
  GtkCheckButton  parent_instance;

  GtkLabel       *violation_label;
  GtkLabel       *where_label;
  GtkLabel       *number_label;
  GtkLabel       *amount_label;
};

G_DEFINE_FINAL_TYPE (KioskFineRow, kiosk_fine_row, GTK_TYPE_CHECK_BUTTON)

static void
kiosk_fine_row_class_init (KioskFineRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/fines/kiosk-fine-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFineRow, violation_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFineRow, where_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFineRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFineRow, amount_label);
}

static void
kiosk_fine_row_init (KioskFineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_fine_row_new (KioskFineItem *item)
{
  const KioskFine *fine = kiosk_fine_item_get_fine (item);
  KioskFineRow *self = g_object_new (KIOSK_TYPE_FINE_ROW, NULL);
  const char *violation = kiosk_i18n_pick (fine->violation_ar, fine->violation_en);
  const char *place = kiosk_i18n_pick (fine->place_ar, fine->place_en);
  g_autofree char *day = kiosk_i18n_format_time (fine->issued_at, FALSE);
  g_autofree char *money = kiosk_i18n_format_money (fine->amount);
  g_autofree char *where = fine->awaiting_counter
    /* Translators: a fine in the list that a visitor chose to pay at the counter, not paid
     * yet: %1$s the day, %2$s the place. */
    ? g_strdup_printf (_("%1$s · %2$s · Awaiting payment at the counter"), day, place)
    : g_strdup_printf ("%s · %s", day, place);
  g_autofree char *number = kiosk_i18n_ltr (fine->number);
  g_autofree char *accessible = g_strdup_printf ("%s, %s, %s, %s", violation, day, place, money);

  gtk_label_set_label (self->violation_label, violation);
  gtk_label_set_label (self->where_label, where);
  /* Fine numbers are printed in Latin on the notice: shown as printed. */
  gtk_label_set_label (self->number_label, number);
  gtk_label_set_label (self->amount_label, money);
  gtk_widget_set_name (GTK_WIDGET (self), fine->number);
  kiosk_accessible_set_label (GTK_WIDGET (self), accessible);
  gtk_widget_set_sensitive (GTK_WIDGET (self), !fine->awaiting_counter);
  g_object_bind_property (item, "selected", self, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return GTK_WIDGET (self);
}
