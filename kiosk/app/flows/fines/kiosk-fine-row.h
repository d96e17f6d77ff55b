/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskFineRow: the check button a KioskFineItem is shown as; its tick is the item's
 * `selected`, both ways. Named by the fine's number. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-fine-item.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FINE_ROW (kiosk_fine_row_get_type ())

G_DECLARE_FINAL_TYPE (KioskFineRow, kiosk_fine_row, KIOSK, FINE_ROW, GtkCheckButton)

/* Its texts are in the language on screen when it is made. */
GtkWidget *kiosk_fine_row_new (KioskFineItem *item);

G_END_DECLS
