/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskDeskAlertItem: one thing waiting for the attendant (kiosk-desk.h), as an item of the
 * desk's list model. */
#pragma once

#include <glib-object.h>

#include "kiosk-desk.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DESK_ALERT_ITEM (kiosk_desk_alert_item_get_type ())

G_DECLARE_FINAL_TYPE (KioskDeskAlertItem, kiosk_desk_alert_item, KIOSK, DESK_ALERT_ITEM, GObject)

/* Takes `alert`. */
KioskDeskAlertItem   *kiosk_desk_alert_item_new       (KioskDeskAlert     *alert);
const KioskDeskAlert *kiosk_desk_alert_item_get_alert (KioskDeskAlertItem *self);

G_END_DECLS
