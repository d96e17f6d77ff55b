/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskScanView: the live camera preview with a guide frame where the QR code goes, feeding
 * the camera's frames to a QR scanner. Used by the scan page and by "track a report by its
 * receipt". Starting it opens the camera; hiding or disposing it closes it, so no page keeps
 * the camera busy. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-camera.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SCAN_VIEW (kiosk_scan_view_get_type ())

G_DECLARE_FINAL_TYPE (KioskScanView, kiosk_scan_view, KIOSK, SCAN_VIEW, GtkWidget)

GtkWidget   *kiosk_scan_view_new        (void);

/* Opens the camera `source` ([devices] camera) and scans what it sees; ::code-found carries
 * each payload read (the same one is not repeated within 3 s), ::failed a KIOSK_ERROR_NO_CAMERA
 * or KIOSK_ERROR_CAMERA error, now or when the camera stops later. */
void         kiosk_scan_view_start      (KioskScanView *self,
                                         const char    *source);
void         kiosk_scan_view_stop       (KioskScanView *self);
gboolean     kiosk_scan_view_is_running (KioskScanView *self);
KioskCamera *kiosk_scan_view_get_camera (KioskScanView *self);

G_END_DECLS
