/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Track a report: by its tracking number on the number pad (the digits alone match every
 * kiosk's report with them), by scanning the QR code of its receipt or tracking slip, or by
 * the phone it was filed with (masked list). The status page shows the status and history as
 * known at the last sync, and says when that was. */
#pragma once

#include "kiosk-flow.h"
#include "kiosk-tracking.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TRACK_FLOW (kiosk_track_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskTrackFlow, kiosk_track_flow, KIOSK, TRACK_FLOW, KioskFlow)

GtkWidget  *kiosk_track_flow_new           (KioskStore     *store);

/* Shows the status of the report with this UUID or full tracking number (what the scan page
 * calls for a receipt or a tracking slip). FALSE, with the number step explaining, when the
 * kiosk does not know it. */
gboolean    kiosk_track_flow_show_report   (KioskTrackFlow *self,
                                            const char     *reference);

/* The tracking number on the status page, or NULL. */
const char *kiosk_track_flow_get_reference (KioskTrackFlow *self);

/* A report's status ("assigned", "in_progress", …) as a visitor reads it, in the current
 * language. */
const char *kiosk_track_flow_status_name   (const char     *status);
/* The status of `report` (or of one of its history's events) as a visitor reads it: while
 * the municipality has not acknowledged the report, it waits at this kiosk, whatever the
 * kiosk's own first status says. */
const char *kiosk_track_flow_report_status_name (const KioskReportStatus *report,
                                                 const char              *status);

G_END_DECLS
