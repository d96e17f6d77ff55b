/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Camera frame → bounded JPEG → content-addressed photo file. */
#define G_LOG_DOMAIN "kiosk-photo-capture"

#include "config.h"

#include "kiosk-photo-capture.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "kiosk-error.h"
#include "kiosk-gray-image.h"
#include "kiosk-photos.h"

GBytes *
kiosk_photo_capture_encode (const guint8 *rgba,
                            guint         width,
                            guint         height,
                            gsize         stride,
                            GError      **error)
{
  g_autoptr(GdkPixbuf) frame = NULL;

  if (width == 0 || height == 0 || width > KIOSK_GRAY_IMAGE_MAX_SIDE ||
      height > KIOSK_GRAY_IMAGE_MAX_SIDE || stride < (gsize) width * 4 || stride > G_MAXINT)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "a %u×%u frame cannot be a photo",
                   width, height);
      return NULL;
    }

  /* JPEG has no alpha, and a camera frame is opaque: the RGB channels are copied out of the
   * frame (whose bytes belong to GStreamer) before scaling. */
  frame = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) width, (int) height);
  if (frame == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "out of memory for the photo");
      return NULL;
    }
  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = rgba + y * stride;
      guint8 *dst = gdk_pixbuf_get_pixels (frame) + (gsize) y * gdk_pixbuf_get_rowstride (frame);

      for (guint x = 0; x < width; x++, src += 4, dst += 3)
        memcpy (dst, src, 3);
    }

  return kiosk_photo_capture_encode_pixbuf (frame, error);
}

GBytes *
kiosk_photo_capture_encode_pixbuf (GdkPixbuf *picture,
                                   GError   **error)
{
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autofree char *quality = g_strdup_printf ("%d", KIOSK_PHOTO_JPEG_QUALITY);
  g_autofree char *buffer = NULL;
  gsize size = 0;
  guint width = (guint) gdk_pixbuf_get_width (picture);
  guint height = (guint) gdk_pixbuf_get_height (picture);
  guint long_side = MAX (width, height);

  g_return_val_if_fail (!gdk_pixbuf_get_has_alpha (picture), NULL);

  if (long_side > KIOSK_PHOTO_MAX_SIDE)
    {
      int w = (int) ((guint64) width * KIOSK_PHOTO_MAX_SIDE / long_side);
      int h = (int) ((guint64) height * KIOSK_PHOTO_MAX_SIDE / long_side);

      scaled = gdk_pixbuf_scale_simple (picture, MAX (w, 1), MAX (h, 1), GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (picture);

  if (scaled == NULL ||
      !gdk_pixbuf_save_to_buffer (scaled, &buffer, &size, "jpeg", error, "quality", quality, NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "cannot encode the photo");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

char *
kiosk_photo_capture_store (KioskStore   *store,
                           const guint8 *rgba,
                           guint         width,
                           guint         height,
                           gsize         stride,
                           GError      **error)
{
  g_autoptr(GBytes) jpeg = kiosk_photo_capture_encode (rgba, width, height, stride, error);

  if (jpeg == NULL)
    return NULL;
  return kiosk_photos_write (store, jpeg, error);
}
