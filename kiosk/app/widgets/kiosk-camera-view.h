/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera preview: a GtkPicture showing each frame the camera announces, as a
 * GdkMemoryTexture over the frame's own bytes (no copy). Showing a frame is a pointer swap on
 * the main thread; the camera never lets frames queue up, so the preview stays live. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-camera.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CAMERA_VIEW (kiosk_camera_view_get_type ())

G_DECLARE_FINAL_TYPE (KioskCameraView, kiosk_camera_view, KIOSK, CAMERA_VIEW, GtkWidget)

GtkWidget   *kiosk_camera_view_new              (void);

/* Shows `camera`'s frames (NULL: none); the view keeps a reference. */
void         kiosk_camera_view_set_camera       (KioskCameraView *self,
                                                 KioskCamera     *camera);
KioskCamera *kiosk_camera_view_get_camera       (KioskCameraView *self);

/* Frames handed to the picture so far. */
guint        kiosk_camera_view_get_frames_shown (KioskCameraView *self);
GtkPicture  *kiosk_camera_view_get_picture      (KioskCameraView *self);

G_END_DECLS
