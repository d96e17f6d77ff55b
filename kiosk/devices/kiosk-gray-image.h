/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An 8-bit grayscale image: what the QR decoder reads, whether it came from a camera frame or
 * from a file (PNG, JPEG) through gdk-pixbuf. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Larger than any camera frame or photo the kiosk handles; a bigger file is refused before
 * its pixels are allocated. */
#define KIOSK_GRAY_IMAGE_MAX_SIDE 8192

typedef struct
{
  guint   width;
  guint   height;
  gsize   stride;
  guint8 *pixels;
} KioskGrayImage;

/* Pixels set to 0, stride == width. */
KioskGrayImage *kiosk_gray_image_new         (guint        width,
                                              guint        height);
KioskGrayImage *kiosk_gray_image_copy        (const KioskGrayImage *image);
void            kiosk_gray_image_free        (KioskGrayImage *image);

/* Any format gdk-pixbuf reads (PNG and JPEG are what the kiosk expects); colour becomes luma
 * (BT.601), transparency is laid over white as on paper. KIOSK_ERROR_INVALID_VALUE for a file
 * that is not an image or is too large, KIOSK_ERROR_FAILED when it cannot be read. */
KioskGrayImage *kiosk_gray_image_load_file   (const char  *path,
                                              GError     **error);
/* Luma of packed 8-bit RGB (3 bytes a pixel) or RGBA/RGBx (4 bytes a pixel). */
KioskGrayImage *kiosk_gray_image_new_from_rgb (const guint8 *pixels,
                                               guint         width,
                                               guint         height,
                                               gsize         stride,
                                               guint         bytes_per_pixel,
                                               gboolean      has_alpha);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskGrayImage, kiosk_gray_image_free)

G_END_DECLS
