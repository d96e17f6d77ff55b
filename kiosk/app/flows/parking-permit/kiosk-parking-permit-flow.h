/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Requesting a vehicle parking permit: the plate on the on-screen keyboard, the paid-parking
 * zone, the period with its fee from the fee table, a review, then payment and the receipt. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PARKING_PERMIT_FLOW (kiosk_parking_permit_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskParkingPermitFlow, kiosk_parking_permit_flow, KIOSK,
                      PARKING_PERMIT_FLOW, KioskFlow)

/* After paying: the request's reference and UUID; NULL before. */
const char *kiosk_parking_permit_flow_get_reference (KioskParkingPermitFlow *self);
const char *kiosk_parking_permit_flow_get_uuid      (KioskParkingPermitFlow *self);

G_END_DECLS
