/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the central server holds, in numbers: for operators (`kiosk-central stats --json`)
 * and for the end-to-end tests that check nothing was lost or duplicated. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

/* { "records": { "<kind>": accepted, ... }, "rejected", "record_uuids", "attachments",
 *   "attachment_bytes", "refund_cases", "changes", "kiosks" } as JSON text. */
char *kiosk_central_stats_json (KioskCentralDb  *db,
                                GError         **error);

G_END_DECLS
