/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskChoiceRow: the button a KioskChoiceItem is shown as. Its widget name and action
 * target are the item's code; its labels follow the item. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-choice-item.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOICE_ROW (kiosk_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (KioskChoiceRow, kiosk_choice_row, KIOSK, CHOICE_ROW, GtkButton)

/* A row for `item` that activates `action_name` with the item's code ("s"). */
GtkWidget       *kiosk_choice_row_new      (KioskChoiceItem *item,
                                            const char      *action_name);
KioskChoiceItem *kiosk_choice_row_get_item (KioskChoiceRow  *self);

G_END_DECLS
