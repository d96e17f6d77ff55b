/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which home-screen services the kiosk can do by itself: a service code → the KioskFlow
 * that does it. A service without one is offered "at the counter". Each new flow adds one
 * line to kiosk-flows.c. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* The flow's type, or G_TYPE_INVALID when the service is not built yet. */
GType      kiosk_flows_lookup (const char *service_code);

/* TRUE for a service that only a camera can do (reading a QR code): a kiosk without one
 * does not offer it. */
gboolean   kiosk_flows_needs_camera (const char *service_code);

/* A new flow page for `service_code` working on `store`, or NULL. */
KioskFlow *kiosk_flows_create (const char *service_code,
                               KioskStore *store);

G_END_DECLS
