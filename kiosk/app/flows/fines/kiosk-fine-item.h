/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskFineItem: one unpaid fine in the fines flow's list model, and whether the visitor
 * ticked it for payment. */
#pragma once

#include <glib-object.h>

#include "kiosk-services.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FINE_ITEM (kiosk_fine_item_get_type ())

G_DECLARE_FINAL_TYPE (KioskFineItem, kiosk_fine_item, KIOSK, FINE_ITEM, GObject)

/* Takes `fine`. */
KioskFineItem   *kiosk_fine_item_new          (KioskFine     *fine);
const KioskFine *kiosk_fine_item_get_fine     (KioskFineItem *self);
gboolean         kiosk_fine_item_get_selected (KioskFineItem *self);
void             kiosk_fine_item_set_selected (KioskFineItem *self,
                                               gboolean       selected);

G_END_DECLS
