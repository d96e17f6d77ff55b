/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A picture that arrived from outside the kiosk (a visitor's phone): recognised by its bytes,
 * its GPS position read, then decoded and encoded again so that nothing but pixels reaches
 * the store. Thread-safe: the upload server calls it from its own threads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A phone's full-resolution JPEG is 2-12 MB; more is not a photo worth the memory. */
#define KIOSK_UPLOAD_IMAGE_MAX_BYTES  (16 * 1024 * 1024)
/* A 50-megapixel camera's picture; a larger one is a decompression bomb. */
#define KIOSK_UPLOAD_IMAGE_MAX_PIXELS (52 * 1000 * 1000)

typedef enum
{
  KIOSK_UPLOAD_IMAGE_UNKNOWN,
  KIOSK_UPLOAD_IMAGE_JPEG,
  KIOSK_UPLOAD_IMAGE_PNG,
  KIOSK_UPLOAD_IMAGE_HEIC,  /* HEIF with an HEVC image, as iPhones take them */
} KioskUploadImageType;

/* Why a picture was refused, for the sentence the phone shows. */
typedef enum
{
  KIOSK_UPLOAD_IMAGE_OK,
  KIOSK_UPLOAD_IMAGE_NOT_IMAGE,    /* not JPEG, PNG or HEIC by its bytes */
  KIOSK_UPLOAD_IMAGE_UNSUPPORTED,  /* HEIC on a kiosk without a HEIF decoder */
  KIOSK_UPLOAD_IMAGE_TOO_LARGE,    /* over the byte or pixel limit */
  KIOSK_UPLOAD_IMAGE_UNREADABLE,   /* claims a format but does not decode */
} KioskUploadImageProblem;

typedef struct
{
  GBytes  *jpeg;          /* re-encoded: no metadata, at most KIOSK_PHOTO_MAX_SIDE a side */
  gboolean has_location;  /* the original carried an EXIF GPS position */
  double   latitude;      /* degrees, north positive (WGS 84, as GPS gives it) */
  double   longitude;     /* degrees, east positive */
} KioskUploadImage;

void                  kiosk_upload_image_free     (KioskUploadImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskUploadImage, kiosk_upload_image_free)

KioskUploadImageType  kiosk_upload_image_sniff    (const guint8 *data,
                                                   gsize         size);
/* Whether this kiosk's gdk-pixbuf has a HEIF loader (Debian's heif-gdk-pixbuf). */
gboolean              kiosk_upload_image_can_heic (void);

/* The EXIF GPS position of a JPEG, if it has a usable one. */
gboolean              kiosk_upload_image_read_gps (const guint8 *data,
                                                   gsize         size,
                                                   double       *latitude,
                                                   double       *longitude);

/* Checks and re-encodes `data`; NULL with `problem` set (and a KIOSK_ERROR_PHOTO for the log)
 * when it is refused. */
KioskUploadImage     *kiosk_upload_image_check    (GBytes                   *data,
                                                   KioskUploadImageProblem  *problem,
                                                   GError                  **error);

G_END_DECLS
