/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test pictures with real EXIF blocks, written by libexif as a camera would; the language. */
#include "config.h"

#include "kiosk-test-phone.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <libexif/exif-data.h>
#include <math.h>
#include <string.h>

#include "kiosk-qr-decoder.h"
#include "kiosk-qr-image.h"

static GdkPixbuf *
gradient (guint    width,
          guint    height,
          guint    seed,
          gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, (int) width, (int) height);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (guint y = 0; y < height; y++)
    {
      guint8 *row = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf);

      for (guint x = 0; x < width; x++)
        {
          guint8 *p = row + x * channels;

          p[0] = (guint8) (x * 255 / width + seed * 40);
          p[1] = (guint8) (y * 255 / height);
          p[2] = (guint8) (seed * 77);
          if (alpha)
            p[3] = (guint8) (x < width / 2 ? 0 : 255);
        }
    }
  return pixbuf;
}

static void
add_rational_entry (ExifContent  *ifd,
                    ExifMem      *mem,
                    ExifTag       tag,
                    double        degrees)
{
  ExifEntry *entry = exif_entry_new_mem (mem);
  double whole = floor (degrees);
  double minutes = floor ((degrees - whole) * 60);
  double seconds = ((degrees - whole) * 60 - minutes) * 60;
  ExifRational parts[3] = {
    { (ExifLong) whole, 1 },
    { (ExifLong) minutes, 1 },
    { (ExifLong) llround (seconds * 10000), 10000 },
  };

  entry->tag = tag;
  entry->format = EXIF_FORMAT_RATIONAL;
  entry->components = 3;
  entry->size = 3 * 8;
  entry->data = exif_mem_alloc (mem, entry->size);
  for (guint i = 0; i < 3; i++)
    exif_set_rational (entry->data + 8 * i, EXIF_BYTE_ORDER_INTEL, parts[i]);
  exif_content_add_entry (ifd, entry);
  exif_entry_unref (entry);
}

static void
add_ref_entry (ExifContent *ifd,
               ExifMem     *mem,
               ExifTag      tag,
               char         ref)
{
  ExifEntry *entry = exif_entry_new_mem (mem);

  entry->tag = tag;
  entry->format = EXIF_FORMAT_ASCII;
  entry->components = 2;
  entry->size = 2;
  entry->data = exif_mem_alloc (mem, 2);
  entry->data[0] = (unsigned char) ref;
  entry->data[1] = '\0';
  exif_content_add_entry (ifd, entry);
  exif_entry_unref (entry);
}

/* The APP1 "Exif" segment's contents for a GPS position. */
static GBytes *
gps_exif (double latitude,
          double longitude)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifData *exif = exif_data_new_mem (mem);
  ExifContent *gps = exif->ifd[EXIF_IFD_GPS];
  unsigned char *data = NULL;
  unsigned int size = 0;
  GBytes *bytes;

  exif_data_set_byte_order (exif, EXIF_BYTE_ORDER_INTEL);
  add_ref_entry (gps, mem, (ExifTag) EXIF_TAG_GPS_LATITUDE_REF, latitude >= 0 ? 'N' : 'S');
  add_rational_entry (gps, mem, (ExifTag) EXIF_TAG_GPS_LATITUDE, fabs (latitude));
  add_ref_entry (gps, mem, (ExifTag) EXIF_TAG_GPS_LONGITUDE_REF, longitude >= 0 ? 'E' : 'W');
  add_rational_entry (gps, mem, (ExifTag) EXIF_TAG_GPS_LONGITUDE, fabs (longitude));
  exif_data_save_data (exif, &data, &size);
  g_assert_nonnull (data);
  bytes = g_bytes_new (data, size);
  exif_mem_free (mem, data);
  exif_data_unref (exif);
  exif_mem_unref (mem);
  return bytes;
}

GBytes *
kiosk_test_photo_jpeg (guint    width,
                       guint    height,
                       guint    seed,
                       gboolean with_gps,
                       double   latitude,
                       double   longitude)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (width, height, seed, FALSE);
  g_autofree char *jpeg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exif = NULL;
  GByteArray *out;
  gsize size, app0_end, exif_size;

  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);
  if (!with_gps)
    return g_bytes_new_take (g_steal_pointer (&jpeg), size);

  /* SOI, then the JFIF APP0 segment, then the APP1 Exif segment as cameras write them. */
  g_assert_true ((guint8) jpeg[0] == 0xFF && (guint8) jpeg[1] == 0xD8 &&
                 (guint8) jpeg[2] == 0xFF && (guint8) jpeg[3] == 0xE0);
  app0_end = 4 + (((guint8) jpeg[4] << 8) | (guint8) jpeg[5]);
  exif = gps_exif (latitude, longitude);
  exif_size = g_bytes_get_size (exif);
  g_assert_cmpuint (exif_size + 2, <=, 0xFFFF);

  out = g_byte_array_sized_new (size + exif_size + 4);
  g_byte_array_append (out, (const guint8 *) jpeg, app0_end);
  g_byte_array_append (out, (const guint8[]) { 0xFF, 0xE1, (guint8) ((exif_size + 2) >> 8),
                                               (guint8) ((exif_size + 2) & 0xFF) }, 4);
  g_byte_array_append (out, g_bytes_get_data (exif, NULL), exif_size);
  g_byte_array_append (out, (const guint8 *) jpeg + app0_end, size - app0_end);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
kiosk_test_photo_png (guint width,
                      guint height)
{
  g_autoptr(GdkPixbuf) pixbuf = gradient (width, height, 1, TRUE);
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&png), size);
}

void
kiosk_test_use_language (const char *language)
{
  g_autofree char *dir = g_build_filename (KIOSK_BUILD_DIR, "locale", NULL);

  /* C.UTF-8 honours LANGUAGE (plain C ignores it); setting the text domain again makes
   * glibc read LANGUAGE anew. */
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", language, TRUE);
  textdomain (GETTEXT_PACKAGE);
}

char *
kiosk_test_qr_round_trip (const char *text,
                          int        *version)
{
  const int scale = 6;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskQrMatrix) matrix = kiosk_qr_encode (text, &error);
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autofree guint8 *pixels = NULL;
  int side;

  g_assert_no_error (error);
  *version = matrix->version;
  side = (matrix->width + 2 * KIOSK_QR_QUIET_ZONE) * scale;
  pixels = g_malloc ((gsize) side * side);
  memset (pixels, 0xFF, (gsize) side * side);
  for (int y = 0; y < matrix->width; y++)
    for (int x = 0; x < matrix->width; x++)
      if (kiosk_qr_matrix_is_dark (matrix, x, y))
        for (int dy = 0; dy < scale; dy++)
          memset (pixels + (gsize) ((y + KIOSK_QR_QUIET_ZONE) * scale + dy) * side +
                  (x + KIOSK_QR_QUIET_ZONE) * scale, 0, scale);

  found = kiosk_qr_decoder_decode_gray8 (decoder, pixels, side, side, side, NULL);
  return found->len == 1 ? g_strdup (g_ptr_array_index (found, 0)) : NULL;
}
