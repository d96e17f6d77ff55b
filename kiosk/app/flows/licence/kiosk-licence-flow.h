/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewing a municipal licence: a shop's (by licence number or commercial registration) or
 * a vehicle's (by plate). The licence found (holder masked, activity, expiry, status), a
 * refusal with its reason where the reference data says so (suspended or cancelled: at the
 * counter; unpaid fines on the plate: a way to the fines), the period, the quote (fee, late
 * penalty, new expiry) and payment. Renewing a vehicle permit (by permit number or plate)
 * is the same walk: one class, the three services are its subclasses. */
#pragma once

#include "kiosk-flow.h"
#include "kiosk-lookup.h"

G_BEGIN_DECLS

/* What a subclass renews: its look-ups, texts and service follow from it. */
typedef enum
{
  KIOSK_LICENCE_KIND_SHOP,
  KIOSK_LICENCE_KIND_VEHICLE,
  KIOSK_LICENCE_KIND_PERMIT,   /* a vehicle permit */
} KioskLicenceKind;

#define KIOSK_TYPE_LICENCE_FLOW (kiosk_licence_flow_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskLicenceFlow, kiosk_licence_flow, KIOSK, LICENCE_FLOW, KioskFlow)

struct _KioskLicenceFlowClass
{
  KioskFlowClass parent_class;

  KioskLicenceKind kind;
};

#define KIOSK_TYPE_SHOP_LICENCE_FLOW (kiosk_shop_licence_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskShopLicenceFlow, kiosk_shop_licence_flow, KIOSK, SHOP_LICENCE_FLOW,
                      KioskLicenceFlow)

#define KIOSK_TYPE_VEHICLE_LICENCE_FLOW (kiosk_vehicle_licence_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskVehicleLicenceFlow, kiosk_vehicle_licence_flow, KIOSK,
                      VEHICLE_LICENCE_FLOW, KioskLicenceFlow)

#define KIOSK_TYPE_VEHICLE_PERMIT_FLOW (kiosk_vehicle_permit_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskVehiclePermitFlow, kiosk_vehicle_permit_flow, KIOSK,
                      VEHICLE_PERMIT_FLOW, KioskLicenceFlow)

/* The licence on the details step, or NULL. */
KioskLicenceKind    kiosk_licence_flow_get_kind    (KioskLicenceFlow *self);
const KioskLicence *kiosk_licence_flow_get_licence (KioskLicenceFlow *self);
/* The period chosen on the details step (months), or 0. */
int                 kiosk_licence_flow_get_period  (KioskLicenceFlow *self);
/* After paying: the renewal's reference and UUID; NULL before. */
const char         *kiosk_licence_flow_get_reference (KioskLicenceFlow *self);
const char         *kiosk_licence_flow_get_uuid      (KioskLicenceFlow *self);

G_END_DECLS
