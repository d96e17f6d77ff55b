/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendant mode: staff sign in with their staff number and PIN (the on-screen PIN pad),
 * then at the attendant desk confirm cash taken for a counter voucher (scanned with the
 * camera, handed over from the scan page, or its reference typed), see the sync health and
 * the offline-payment warning, and leave. Only here is a counter voucher accepted.
 *
 * The way in is discreet: a long press on the emblem in the header opens it (the window
 * opens the flow registered as "attendant"). The scan page hands a scanned CV voucher over
 * with kiosk_attendant_flow_open_voucher (): the attendant signs in, and the desk shows that
 * voucher ready to confirm. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_ATTENDANT_SERVICE "attendant"

#define KIOSK_TYPE_ATTENDANT_FLOW (kiosk_attendant_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskAttendantFlow, kiosk_attendant_flow, KIOSK, ATTENDANT_FLOW, KioskFlow)

GtkWidget  *kiosk_attendant_flow_new          (KioskStore         *store);

/* Keeps `voucher_text` (a scanned CV token) for the desk after sign-in. */
void        kiosk_attendant_flow_set_voucher  (KioskAttendantFlow *self,
                                               const char         *voucher_text);

/* From any page of a KioskWindow: opens attendant mode with `voucher_text` waiting. FALSE
 * when `from` is not in a kiosk window. */
gboolean    kiosk_attendant_flow_open_voucher (GtkWidget          *from,
                                               const char         *voucher_text);

/* The signed-in attendant's id, or NULL. */
const char *kiosk_attendant_flow_get_attendant (KioskAttendantFlow *self);
/* The KioskError code on screen, or -1. */
int         kiosk_attendant_flow_get_error_code (KioskAttendantFlow *self);
/* The reference of the last confirmation written, or NULL. */
const char *kiosk_attendant_flow_get_confirmation (KioskAttendantFlow *self);

G_END_DECLS
