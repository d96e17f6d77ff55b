/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parking fines flow: the plate typed on the on-screen keyboard (or handed over by the
 * scan page with the fines of a notice), the plate's unpaid fines with a check box each,
 * "select all" and a running total in OMR, then the payment step (card or counter) and the
 * receipt page; the fines are marked paid in the payment's own transaction. */
#pragma once

#include "kiosk-flow.h"
#include "kiosk-money.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FINES_FLOW (kiosk_fines_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskFinesFlow, kiosk_fines_flow, KIOSK, FINES_FLOW, KioskFlow)

GtkWidget   *kiosk_fines_flow_new          (KioskStore         *store);

/* Opens the list of `plate`'s unpaid fines with exactly `numbers` ticked (all of them when
 * NULL), as if the visitor had typed the plate: what the scan page calls for a fine notice.
 * Numbers that are not unpaid fines of that plate are ignored. FALSE (and the plate step
 * showing why) when the plate is not valid or has no unpaid fine. */
gboolean     kiosk_fines_flow_select       (KioskFinesFlow     *self,
                                            const char         *plate,
                                            const char * const *numbers);

/* The canonical plate being shown, or NULL before a look-up. */
const char  *kiosk_fines_flow_get_plate    (KioskFinesFlow     *self);
/* The ticked fine numbers, oldest first (free with g_strfreev), and their total. */
char       **kiosk_fines_flow_dup_selected (KioskFinesFlow     *self);
KioskBaisa   kiosk_fines_flow_get_total    (KioskFinesFlow     *self);
/* After paying: the payment's reference and UUID; NULL before. */
const char  *kiosk_fines_flow_get_reference    (KioskFinesFlow *self);
const char  *kiosk_fines_flow_get_payment_uuid (KioskFinesFlow *self);

G_END_DECLS
