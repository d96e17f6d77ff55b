/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskDeskAlertRow: one row of the desk's "needs attention" list: what happened, when and
 * what to do, and the button that does it (reprint a receipt, mark a failed card reversal
 * handled) as the action "desk.alert" with the target "KIND:ID" (KIND "print" or
 * "reversal"). A payment the central refused has no button: its text says what to do. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-desk-alert-item.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DESK_ALERT_ROW (kiosk_desk_alert_row_get_type ())

G_DECLARE_FINAL_TYPE (KioskDeskAlertRow, kiosk_desk_alert_row, KIOSK, DESK_ALERT_ROW, GtkBox)

/* For gtk_list_box_bind_model (): texts in the current language. */
GtkWidget *kiosk_desk_alert_row_new (KioskDeskAlertItem *item);

G_END_DECLS
