/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uploaded picture → sniffed type, GPS position, and a fresh JPEG of its pixels only. */
#define G_LOG_DOMAIN "kiosk-upload-image"

#include "config.h"

#include "kiosk-upload-image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libexif/exif-data.h>
#include <math.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-photo-capture.h"

/* The loader is fed in pieces, so a picture whose header announces too many pixels (one
 * announced_size () could not read, such as HEIC) is given up after its first piece. */
#define FEED_CHUNK (64 * 1024)

void
kiosk_upload_image_free (KioskUploadImage *image)
{
  if (image == NULL)
    return;
  g_clear_pointer (&image->jpeg, g_bytes_unref);
  g_free (image);
}

KioskUploadImageType
kiosk_upload_image_sniff (const guint8 *data,
                          gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* ISO BMFF brands of HEIF files holding HEVC images ("mif1" is the generic HEIF brand that
   * iPhones and Android phones also write first). */
  static const char *const heic_brands[] = { "heic", "heix", "heim", "heis", "hevc", "hevx",
                                             "mif1", "msf1" };

  if (size >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return KIOSK_UPLOAD_IMAGE_JPEG;
  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return KIOSK_UPLOAD_IMAGE_PNG;
  if (size >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (heic_brands); i++)
      if (memcmp (data + 8, heic_brands[i], 4) == 0)
        return KIOSK_UPLOAD_IMAGE_HEIC;
  return KIOSK_UPLOAD_IMAGE_UNKNOWN;
}

gboolean
kiosk_upload_image_can_heic (void)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  /* Debian's loader calls itself "heif/avif"; it is found by what it reads instead. */
  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_auto(GStrv) types = gdk_pixbuf_format_get_mime_types (l->data);

      if (types != NULL && g_strv_contains ((const char * const *) types, "image/heic"))
        return TRUE;
    }
  return FALSE;
}

/* GPS -------------------------------------------------------------------------------------- */

/* Degrees, minutes and seconds as three EXIF rationals; FALSE when they are not that. */
static gboolean
read_dms (ExifContent *gps,
          ExifTag      tag,
          ExifByteOrder order,
          double      *out)
{
  ExifEntry *entry = exif_content_get_entry (gps, tag);
  double parts[3];

  if (entry == NULL || entry->format != EXIF_FORMAT_RATIONAL || entry->components != 3 ||
      entry->size < 3 * 8)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      ExifRational r = exif_get_rational (entry->data + 8 * i, order);

      if (r.denominator == 0)
        return FALSE;
      parts[i] = (double) r.numerator / r.denominator;
    }
  if (parts[1] >= 60 || parts[2] >= 60.001)
    return FALSE;
  *out = parts[0] + parts[1] / 60 + parts[2] / 3600;
  return TRUE;
}

/* The one-letter reference (N/S, E/W) of a coordinate. */
static char
read_ref (ExifContent *gps,
          ExifTag      tag)
{
  ExifEntry *entry = exif_content_get_entry (gps, tag);

  if (entry == NULL || entry->format != EXIF_FORMAT_ASCII || entry->size < 1)
    return '\0';
  return (char) entry->data[0];
}

gboolean
kiosk_upload_image_read_gps (const guint8 *data,
                             gsize         size,
                             double       *latitude,
                             double       *longitude)
{
  ExifData *exif;
  ExifContent *gps;
  ExifByteOrder order;
  double lat, lon;
  char lat_ref, lon_ref;
  gboolean ok = FALSE;

  if (size > G_MAXUINT)
    return FALSE;
  /* libexif finds the APP1 Exif segment of a JPEG itself, within the bounds it is given. */
  exif = exif_data_new_from_data (data, (unsigned int) size);
  if (exif == NULL)
    return FALSE;
  order = exif_data_get_byte_order (exif);
  gps = exif->ifd[EXIF_IFD_GPS];

  if (gps != NULL && read_dms (gps, (ExifTag) EXIF_TAG_GPS_LATITUDE, order, &lat) &&
      read_dms (gps, (ExifTag) EXIF_TAG_GPS_LONGITUDE, order, &lon))
    {
      lat_ref = read_ref (gps, (ExifTag) EXIF_TAG_GPS_LATITUDE_REF);
      lon_ref = read_ref (gps, (ExifTag) EXIF_TAG_GPS_LONGITUDE_REF);
      if ((lat_ref == 'N' || lat_ref == 'S') && (lon_ref == 'E' || lon_ref == 'W') &&
          lat <= 90 && lon <= 180 &&
          /* 0,0 is what some phones write without a fix. */
          !(lat == 0 && lon == 0))
        {
          *latitude = lat_ref == 'S' ? -lat : lat;
          *longitude = lon_ref == 'W' ? -lon : lon;
          ok = TRUE;
        }
    }
  exif_data_unref (exif);
  return ok;
}

/* Decoding --------------------------------------------------------------------------------- */

/* The dimensions a JPEG or PNG header announces, read before any decoder sees the file:
 * gdk-pixbuf's PNG loader allocates the full size first and scales after, so a header that
 * promises billions of pixels must be refused here. FALSE when the header cannot be found
 * (the decoder then refuses the file anyway). */
static gboolean
announced_size (const guint8         *data,
                gsize                 size,
                KioskUploadImageType  type,
                guint64              *width,
                guint64              *height)
{
  gsize pos = 2;

  if (type == KIOSK_UPLOAD_IMAGE_PNG)
    {
      /* Signature, then IHDR first: length, "IHDR", width, height (big-endian). */
      if (size < 24 || memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = ((guint64) data[16] << 24) | (data[17] << 16) | (data[18] << 8) | data[19];
      *height = ((guint64) data[20] << 24) | (data[21] << 16) | (data[22] << 8) | data[23];
      return TRUE;
    }
  if (type != KIOSK_UPLOAD_IMAGE_JPEG)
    return FALSE;

  /* Segments up to the first Start Of Frame (C0-CF but C4 DHT, C8 JPG, CC DAC). */
  while (pos + 4 <= size && data[pos] == 0xFF)
    {
      guint8 marker = data[pos + 1];
      gsize length = ((gsize) data[pos + 2] << 8) | data[pos + 3];

      if (marker == 0xFF)
        {
          pos++;
          continue;
        }
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
          marker != 0xCC)
        {
          if (pos + 9 > size || length < 7)
            return FALSE;
          *height = ((guint64) data[pos + 5] << 8) | data[pos + 6];
          *width = ((guint64) data[pos + 7] << 8) | data[pos + 8];
          return TRUE;
        }
      if (marker == 0xDA || length < 2)
        return FALSE;
      pos += 2 + length;
    }
  return FALSE;
}

typedef struct
{
  gboolean too_large;
} SizeCheck;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;
  int long_side = MAX (width, height);

  if (width <= 0 || height <= 0 ||
      (guint64) width * (guint64) height > KIOSK_UPLOAD_IMAGE_MAX_PIXELS)
    {
      check->too_large = TRUE;
      /* Whatever the loader still does, it does it to one pixel. */
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  /* Scaled while decoding (libjpeg decodes at 1/2, 1/4, 1/8 directly): a 48-megapixel photo
   * never needs its full size in memory. */
  if (long_side > KIOSK_PHOTO_MAX_SIDE)
    gdk_pixbuf_loader_set_size (loader,
                                MAX (1, (int) ((gint64) width * KIOSK_PHOTO_MAX_SIDE / long_side)),
                                MAX (1, (int) ((gint64) height * KIOSK_PHOTO_MAX_SIDE / long_side)));
}

static GdkPixbuf *
decode (GBytes                   *data,
        const char               *mime_type,
        KioskUploadImageProblem  *problem,
        GError                  **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeCheck check = { FALSE };
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  GdkPixbuf *pixbuf;

  /* The loader is chosen by the sniffed type: gdk-pixbuf never guesses, so an SVG, XPM or
   * anything else it could read is never handed to its loader. */
  loader = gdk_pixbuf_loader_new_with_mime_type (mime_type, &local_error);
  if (loader == NULL)
    {
      *problem = KIOSK_UPLOAD_IMAGE_UNSUPPORTED;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "no %s decoder: %s", mime_type,
                   local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);

  for (gsize pos = 0; pos < size && !check.too_large; pos += FEED_CHUNK)
    if (!gdk_pixbuf_loader_write (loader, bytes + pos, MIN (FEED_CHUNK, size - pos),
                                  &local_error))
      break;
  /* Closed in every case, or the loader complains when it is finalised. */
  if (local_error == NULL)
    gdk_pixbuf_loader_close (loader, check.too_large ? NULL : &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (check.too_large)
    {
      *problem = KIOSK_UPLOAD_IMAGE_TOO_LARGE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture has too many pixels");
      return NULL;
    }
  pixbuf = local_error == NULL ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      *problem = KIOSK_UPLOAD_IMAGE_UNREADABLE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture does not decode: %s",
                   local_error ? local_error->message : "no image");
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/* The picture upright (phones store it as the sensor saw it, with an EXIF orientation that
 * the re-encoding drops) and opaque (a PNG's transparency on white). */
static GdkPixbuf *
upright_and_opaque (GdkPixbuf *decoded)
{
  g_autoptr(GdkPixbuf) upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  GdkPixbuf *opaque;
  int width, height;

  if (upright == NULL)
    return NULL;
  if (!gdk_pixbuf_get_has_alpha (upright))
    return g_steal_pointer (&upright);

  width = gdk_pixbuf_get_width (upright);
  height = gdk_pixbuf_get_height (upright);
  opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (opaque == NULL)
    return NULL;
  gdk_pixbuf_fill (opaque, 0xffffffff);
  gdk_pixbuf_composite (upright, opaque, 0, 0, width, height, 0, 0, 1, 1,
                        GDK_INTERP_NEAREST, 255);
  return opaque;
}

KioskUploadImage *
kiosk_upload_image_check (GBytes                   *data,
                          KioskUploadImageProblem  *problem,
                          GError                  **error)
{
  static const char *const mime_types[] = {
    [KIOSK_UPLOAD_IMAGE_JPEG] = "image/jpeg",
    [KIOSK_UPLOAD_IMAGE_PNG] = "image/png",
    [KIOSK_UPLOAD_IMAGE_HEIC] = "image/heic",
  };
  g_autoptr(KioskUploadImage) image = g_new0 (KioskUploadImage, 1);
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  KioskUploadImageType type;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  guint64 width, height;

  *problem = KIOSK_UPLOAD_IMAGE_OK;
  if (size > KIOSK_UPLOAD_IMAGE_MAX_BYTES)
    {
      *problem = KIOSK_UPLOAD_IMAGE_TOO_LARGE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture of %zu bytes is over the"
                   " limit", size);
      return NULL;
    }

  type = kiosk_upload_image_sniff (bytes, size);
  if (type == KIOSK_UPLOAD_IMAGE_UNKNOWN)
    {
      *problem = KIOSK_UPLOAD_IMAGE_NOT_IMAGE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a JPEG, PNG or HEIC picture");
      return NULL;
    }
  if (type == KIOSK_UPLOAD_IMAGE_HEIC && !kiosk_upload_image_can_heic ())
    {
      *problem = KIOSK_UPLOAD_IMAGE_UNSUPPORTED;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "HEIC picture and no HEIF decoder");
      return NULL;
    }

  if (announced_size (bytes, size, type, &width, &height) &&
      (width == 0 || height == 0 || width * height > KIOSK_UPLOAD_IMAGE_MAX_PIXELS))
    {
      *problem = KIOSK_UPLOAD_IMAGE_TOO_LARGE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture of %" G_GUINT64_FORMAT "×%"
                   G_GUINT64_FORMAT " pixels is over the limit", width, height);
      return NULL;
    }

  /* Read before the pixels are taken out: the new JPEG carries nothing of the old file. */
  if (type == KIOSK_UPLOAD_IMAGE_JPEG)
    image->has_location = kiosk_upload_image_read_gps (bytes, size, &image->latitude,
                                                       &image->longitude);

  decoded = decode (data, mime_types[type], problem, error);
  if (decoded == NULL)
    return NULL;
  picture = upright_and_opaque (decoded);
  if (picture == NULL)
    {
      *problem = KIOSK_UPLOAD_IMAGE_UNREADABLE;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "out of memory for the picture");
      return NULL;
    }

  image->jpeg = kiosk_photo_capture_encode_pixbuf (picture, error);
  if (image->jpeg == NULL)
    *problem = KIOSK_UPLOAD_IMAGE_UNREADABLE;
  return image->jpeg != NULL ? g_steal_pointer (&image) : NULL;
}
