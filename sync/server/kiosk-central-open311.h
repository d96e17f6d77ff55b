/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open311 GeoReport v2 under /open311/v2/: the report categories as services, reports from
 * any channel as service requests (read by anyone, posted with a client's api_key into the
 * same queue staff work), in JSON and XML, with the spec's error arrays. */
#pragma once

#include "kiosk-central-db.h"
#include "kiosk-central-web.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_OPEN311_PREFIX   "/open311/v2"
#define KIOSK_CENTRAL_OPEN311_MAX_BODY (64 * 1024)

KioskCentralWebResponse *kiosk_central_open311_handle     (const KioskCentralWebRequest *request);

/* `kiosk-central add-open311-client`: registers `name` (2-32 of a-z 0-9 . _ -) or gives it a
 * new key, and returns the key (shown once; only its SHA-256 is stored). */
char                    *kiosk_central_open311_add_client (KioskCentralDb              *db,
                                                           const char                  *name,
                                                           GError                     **error);

G_END_DECLS
