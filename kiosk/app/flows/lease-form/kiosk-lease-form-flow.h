/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lease-contract renewal form request: tenant (name, civil number, mobile), landlord and
 * building, wilayat → area, print now or collect at the counter, review, then the request
 * is queued and its receipt shows the reference. No payment. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_LEASE_FORM_FLOW (kiosk_lease_form_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskLeaseFormFlow, kiosk_lease_form_flow, KIOSK, LEASE_FORM_FLOW,
                      KioskFlow)

/* After submitting: the request's reference and UUID; NULL before. */
const char *kiosk_lease_form_flow_get_reference (KioskLeaseFormFlow *self);
const char *kiosk_lease_form_flow_get_uuid      (KioskLeaseFormFlow *self);

G_END_DECLS
