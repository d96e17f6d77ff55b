/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST /v1/batches: one answer per record, in order, committed before the answer is sent;
 * a record's UUID gets the same answer forever. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_BATCH_MAX_RECORDS 1000
/* JSON values in one batch: 1000 real records hold a few tens of thousands; each value costs
 * about 100 bytes once parsed, so 8 MiB of "1,1,1," would otherwise cost 400 MB. */
#define KIOSK_CENTRAL_BATCH_MAX_VALUES 250000

/* Checks and stores the batch `body` sent by `kiosk_code` (from its token) and returns the
 * BatchResults JSON text. Errors: KIOSK_ERROR_INVALID_VALUE (400), _REQUEST_FORBIDDEN (403,
 * kiosk_id is not the token's kiosk), _REQUEST_TOO_LARGE (413, too many records),
 * _STORE_BUSY (503); anything else is the server's fault (500). On error nothing of the
 * batch was stored. */
char *kiosk_central_batch_process (KioskCentralDb  *db,
                                   const char      *kiosk_code,
                                   const char      *body,
                                   gsize            length,
                                   GError         **error);

G_END_DECLS
