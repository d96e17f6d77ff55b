/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Site photos from camera frames: scaled to at most KIOSK_PHOTO_MAX_SIDE on the long side and
 * encoded as JPEG, then stored through kiosk_photos_write (metadata removed, named by
 * SHA-256, fsynced before anything names it). */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_PHOTO_MAX_SIDE     1600
#define KIOSK_PHOTO_JPEG_QUALITY 85

/* JPEG bytes of an RGBA (4 bytes a pixel) frame, scaled down to fit KIOSK_PHOTO_MAX_SIDE. */
GBytes *kiosk_photo_capture_encode (const guint8 *rgba,
                                    guint         width,
                                    guint         height,
                                    gsize         stride,
                                    GError      **error);
/* JPEG bytes of an opaque picture, scaled down to fit KIOSK_PHOTO_MAX_SIDE: every site photo,
 * from the camera or from a phone, is encoded here. */
GBytes *kiosk_photo_capture_encode_pixbuf (GdkPixbuf *picture,
                                           GError   **error);
/* Encodes and stores; returns the SHA-256 the photo is stored under. */
char   *kiosk_photo_capture_store  (KioskStore   *store,
                                    const guint8 *rgba,
                                    guint         width,
                                    guint         height,
                                    gsize         stride,
                                    GError      **error);

G_END_DECLS
