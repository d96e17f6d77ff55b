/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File a report: a category from grouped lists (a HIGH priority one shows the guidance to call
 * 1111, is still filed, and wakes the sync agent at once), one to three photos from the camera
 * (with retake) or from the visitor's phone through a QR code, the place (wilayat → area from
 * the reference data, proposed from a phone photo's position; then a landmark or street), a
 * description, an optional phone; before filing, "already reported?" lists open reports of the same
 * category and area from the last 30 days, and the visitor may add their photos and note to one
 * instead. Ends on the receipt page with the tracking number and its signed QR code. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REPORT_FLOW (kiosk_report_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskReportFlow, kiosk_report_flow, KIOSK, REPORT_FLOW, KioskFlow)

GtkWidget   *kiosk_report_flow_new            (KioskStore      *store);

/* After filing: the new report's (or addition's) UUID and reference; NULL before. */
const char  *kiosk_report_flow_get_uuid       (KioskReportFlow *self);
const char  *kiosk_report_flow_get_reference  (KioskReportFlow *self);
/* The photos taken so far (SHA-256 names), in order. */
const char * const *kiosk_report_flow_get_photos (KioskReportFlow *self);

G_END_DECLS
