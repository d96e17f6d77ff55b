/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera: a GStreamer pipeline from the configured source ([devices] camera: v4l2src,
 * libcamerasrc, a file or test source, or "none") to two appsinks, one with full-size RGBA
 * frames for the preview and photos, one with GRAY8 frames for the QR scanner. Frames and
 * errors are announced on the main context that started the camera; nothing here blocks it.
 * GTK-free: the app turns a frame into a GdkMemoryTexture (kiosk-camera-view). */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "kiosk-scanner.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CAMERA_STATE_STOPPED,
  KIOSK_CAMERA_STATE_STARTING,  /* started, no frame yet */
  KIOSK_CAMERA_STATE_RUNNING,   /* frames are arriving */
  KIOSK_CAMERA_STATE_FAILED,    /* see kiosk_camera_get_error () */
} KioskCameraState;

GType kiosk_camera_state_get_type (void);
#define KIOSK_TYPE_CAMERA_STATE (kiosk_camera_state_get_type ())

#define KIOSK_TYPE_CAMERA (kiosk_camera_get_type ())

G_DECLARE_FINAL_TYPE (KioskCamera, kiosk_camera, KIOSK, CAMERA, GObject)

/* A camera that sends nothing for this long is reported as failed. */
#define KIOSK_CAMERA_DEFAULT_STALL_MS 5000

/* `source` is the [devices] camera value: "none", or a GStreamer source description such as
 * "v4l2src device=/dev/video0", "libcamerasrc", "videotestsrc is-live=true", "filesrc
 * location=F ! decodebin ! imagefreeze is-live=true" or "appsrc name=source is-live=true …"
 * (sources must be live: frames are taken as they come, never paced by the clock). A bare v4l2src is asked for MJPEG first,
 * then YUYV, then any raw format. */
KioskCamera      *kiosk_camera_new                (const char    *source);

/* Builds and starts the pipeline. KIOSK_ERROR_NO_CAMERA for "none", KIOSK_ERROR_CAMERA when the
 * description is wrong or the device cannot be opened (missing, busy). A failure later on
 * (unplugged, stalled) sets the state to FAILED and emits ::error. */
gboolean          kiosk_camera_start              (KioskCamera   *self,
                                                   GError       **error);
void              kiosk_camera_stop               (KioskCamera   *self);

KioskCameraState  kiosk_camera_get_state          (KioskCamera   *self);
const GError     *kiosk_camera_get_error          (KioskCamera   *self);
/* The running pipeline (NULL when stopped); tests use it to feed an appsrc. */
GstElement       *kiosk_camera_get_pipeline       (KioskCamera   *self);

/* GRAY8 frames go to `scanner` (NULL: none) from the streaming thread, without copying. */
void              kiosk_camera_set_scanner        (KioskCamera   *self,
                                                   KioskScanner  *scanner);
void              kiosk_camera_set_stall_timeout  (KioskCamera   *self,
                                                   guint          msec);

/* The newest full-size RGBA frame (a new reference), or NULL before the first one. */
GBytes           *kiosk_camera_get_latest_frame   (KioskCamera   *self,
                                                   guint         *width,
                                                   guint         *height,
                                                   gsize         *stride);
guint             kiosk_camera_get_frames_shown   (KioskCamera   *self);

/* Takes the newest frame as a site photo: at most 1600 px on the long side, JPEG without
 * metadata, stored by its SHA-256 and fsynced (kiosk_photos_write) in a worker thread.
 * KIOSK_ERROR_CAMERA when there is no frame to take. `store` must stay open until the callback
 * has run. */
void              kiosk_camera_capture_photo_async  (KioskCamera         *self,
                                                     KioskStore          *store,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The photo's SHA-256 (hex), or NULL. */
char             *kiosk_camera_capture_photo_finish (KioskCamera   *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);

G_END_DECLS
