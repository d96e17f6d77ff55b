/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The button of one choice, bound to its item. */
#define G_LOG_DOMAIN "kiosk-choice-row"

#include "config.h"

#include "kiosk-choice-row.h"

#include "kiosk-accessible.h"

struct _KioskChoiceRow
{
  GtkButton        parent_instance;

  KioskChoiceItem *item;

  GtkImage        *icon;
  GtkLabel        *title_label;
  GtkLabel        *text_label;
  GtkLabel        *note_label;
};

G_DEFINE_FINAL_TYPE (KioskChoiceRow, kiosk_choice_row, GTK_TYPE_BUTTON)

static void
item_changed_cb (KioskChoiceRow *self)
{
  const char *title = kiosk_choice_item_get_title (self->item);
  const char *text = kiosk_choice_item_get_text (self->item);
  gboolean has_text = text != NULL && text[0] != '\0';
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_label_set_label (self->text_label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->text_label), has_text);
  /* A screen reader says both lines at once. */
  accessible = has_text ? g_strdup_printf ("%s. %s", title, text) : g_strdup (title);
  kiosk_accessible_set_label (GTK_WIDGET (self), accessible);
}

static void
kiosk_choice_row_dispose (GObject *object)
{
  KioskChoiceRow *self = KIOSK_CHOICE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_CHOICE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (kiosk_choice_row_parent_class)->dispose (object);
}

static void
kiosk_choice_row_class_init (KioskChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_choice_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskChoiceRow, icon);
  gtk_widget_class_bind_template_child (widget_class, KioskChoiceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskChoiceRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, KioskChoiceRow, note_label);
}

static void
kiosk_choice_row_init (KioskChoiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_choice_row_new (KioskChoiceItem *item,
                      const char      *action_name)
{
  KioskChoiceRow *self;
  const char *icon_name;

  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (item), NULL);

  self = g_object_new (KIOSK_TYPE_CHOICE_ROW, NULL);
  self->item = g_object_ref (item);
  icon_name = kiosk_choice_item_get_icon_name (item);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);
  /* Identifiers read left to right in both languages. */
  if (kiosk_choice_item_get_title_is_identifier (item))
    gtk_widget_set_direction (GTK_WIDGET (self->title_label), GTK_TEXT_DIR_LTR);
  gtk_label_set_label (self->note_label, kiosk_choice_item_get_note (item));
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), kiosk_choice_item_get_note (item) != NULL);
  gtk_widget_set_direction (GTK_WIDGET (self->note_label), GTK_TEXT_DIR_LTR);
  gtk_widget_set_name (GTK_WIDGET (self), kiosk_choice_item_get_code (item));
  if (action_name != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", kiosk_choice_item_get_code (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), action_name);
  /* The row lives no longer than the list that holds the item. */
  g_signal_connect_object (item, "notify::title", G_CALLBACK (item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::text", G_CALLBACK (item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  item_changed_cb (self);
  return GTK_WIDGET (self);
}

KioskChoiceItem *
kiosk_choice_row_get_item (KioskChoiceRow *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ROW (self), NULL);

  return self->item;
}
