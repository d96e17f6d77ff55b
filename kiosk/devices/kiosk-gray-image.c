/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grayscale images for the QR decoder, from camera frames or from image files. */
#define G_LOG_DOMAIN "kiosk-gray-image"

#include "config.h"

#include "kiosk-gray-image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "kiosk-error.h"

KioskGrayImage *
kiosk_gray_image_new (guint width,
                      guint height)
{
  KioskGrayImage *image;

  g_return_val_if_fail (width > 0 && width <= KIOSK_GRAY_IMAGE_MAX_SIDE, NULL);
  g_return_val_if_fail (height > 0 && height <= KIOSK_GRAY_IMAGE_MAX_SIDE, NULL);

  image = g_new0 (KioskGrayImage, 1);
  image->width = width;
  image->height = height;
  image->stride = width;
  image->pixels = g_malloc0 ((gsize) width * height);
  return image;
}

KioskGrayImage *
kiosk_gray_image_copy (const KioskGrayImage *image)
{
  KioskGrayImage *copy = kiosk_gray_image_new (image->width, image->height);

  for (guint y = 0; y < image->height; y++)
    memcpy (copy->pixels + y * copy->stride, image->pixels + y * image->stride, image->width);
  return copy;
}

void
kiosk_gray_image_free (KioskGrayImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

KioskGrayImage *
kiosk_gray_image_new_from_rgb (const guint8 *pixels,
                               guint         width,
                               guint         height,
                               gsize         stride,
                               guint         bytes_per_pixel,
                               gboolean      has_alpha)
{
  KioskGrayImage *image = kiosk_gray_image_new (width, height);

  g_return_val_if_fail (bytes_per_pixel == 3 || bytes_per_pixel == 4, image);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = pixels + y * stride;
      guint8 *dst = image->pixels + y * image->stride;

      for (guint x = 0; x < width; x++, src += bytes_per_pixel)
        {
          guint luma = (77 * src[0] + 150 * src[1] + 29 * src[2] + 128) >> 8;

          /* A transparent pixel of a screenshot or sticker is paper, not ink. */
          if (has_alpha)
            luma = (luma * src[3] + 255 * (255 - src[3]) + 127) / 255;
          dst[x] = (guint8) MIN (luma, 255);
        }
    }
  return image;
}

KioskGrayImage *
kiosk_gray_image_load_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  int width = 0, height = 0;
  guint channels;

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL)
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "%s: no such file", path);
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "%s: not an image this kiosk can read", path);
      return NULL;
    }
  if (width <= 0 || height <= 0 ||
      width > KIOSK_GRAY_IMAGE_MAX_SIDE || height > KIOSK_GRAY_IMAGE_MAX_SIDE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: %d×%d pixels is over the %d pixel limit", path, width, height,
                   KIOSK_GRAY_IMAGE_MAX_SIDE);
      return NULL;
    }

  pixbuf = gdk_pixbuf_new_from_file (path, &local_error);
  if (pixbuf == NULL)
    {
      gboolean unreadable = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
                            g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      g_set_error (error, KIOSK_ERROR, unreadable ? KIOSK_ERROR_FAILED : KIOSK_ERROR_INVALID_VALUE,
                   "%s: %s", path, local_error->message);
      return NULL;
    }
  /* The header may lie about the size: check what was decoded too. */
  if (gdk_pixbuf_get_width (pixbuf) > KIOSK_GRAY_IMAGE_MAX_SIDE ||
      gdk_pixbuf_get_height (pixbuf) > KIOSK_GRAY_IMAGE_MAX_SIDE ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: unsupported image layout", path);
      return NULL;
    }

  channels = (guint) gdk_pixbuf_get_n_channels (pixbuf);
  if (channels != 3 && channels != 4)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: unsupported image layout", path);
      return NULL;
    }
  return kiosk_gray_image_new_from_rgb (gdk_pixbuf_read_pixels (pixbuf),
                                        (guint) gdk_pixbuf_get_width (pixbuf),
                                        (guint) gdk_pixbuf_get_height (pixbuf),
                                        (gsize) gdk_pixbuf_get_rowstride (pixbuf), channels,
                                        gdk_pixbuf_get_has_alpha (pixbuf));
}
