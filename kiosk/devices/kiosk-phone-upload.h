/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Site photos sent from the visitor's own phone: a small HTTP server (libmicrohttpd) on the
 * kiosk that serves one upload page behind a one-time link. The report flow's photo step
 * opens a session (the link goes into a QR code), is told of each photo as it lands, and ends
 * the session when the visitor leaves the step; nothing listens between sessions.
 *
 * A session's link holds 128 random bits, works for this session only, for at most
 * KIOSK_PHONE_UPLOAD_LIFETIME seconds (the store's clock) and for at most
 * KIOSK_PHONE_UPLOAD_MAX_PHOTOS photos at a time. Each upload is checked by content and
 * re-encoded (kiosk-upload-image.h) before kiosk_photos_write stores it. GTK-free. */
#pragma once

#include <glib-object.h>

#include "kiosk-config.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_PHONE_UPLOAD_MAX_PHOTOS   3
#define KIOSK_PHONE_UPLOAD_LIFETIME     600
/* Uploads a session may attempt, refused ones included: a phone cannot keep the kiosk busy
 * decoding. */
#define KIOSK_PHONE_UPLOAD_MAX_ATTEMPTS 10

/* One photo that arrived, as the photo step needs it. */
typedef struct
{
  char    *sha256;        /* stored by kiosk_photos_write: name it in the report */
  gboolean has_location;  /* the phone's photo carried a GPS position */
  double   latitude;
  double   longitude;
  char    *wilayat_code;  /* the place proposed from the position, or NULL */
  char    *area_code;
} KioskPhonePhoto;

#define KIOSK_TYPE_PHONE_PHOTO (kiosk_phone_photo_get_type ())
GType            kiosk_phone_photo_get_type (void) G_GNUC_CONST;
KioskPhonePhoto *kiosk_phone_photo_copy     (const KioskPhonePhoto *photo);
void             kiosk_phone_photo_free     (KioskPhonePhoto       *photo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhonePhoto, kiosk_phone_photo_free)

#define KIOSK_TYPE_PHONE_UPLOAD (kiosk_phone_upload_get_type ())
G_DECLARE_FINAL_TYPE (KioskPhoneUpload, kiosk_phone_upload, KIOSK, PHONE_UPLOAD, GObject)

/* Created once by the application, like the other devices, on the thread whose main context
 * receives the signals. Uses `config`'s [phone-upload] listen and base-url (copied); `store`
 * must outlive the object. Nothing listens until a session begins.
 *
 * Signals, on that main context:
 *   "photo-received" (KioskPhonePhoto *photo): a photo was stored, at most a second after it
 *     arrived; never for a session that has ended.
 *   "expired" (): the session ended by itself (its time ran out); the link is dead. */
KioskPhoneUpload *kiosk_phone_upload_new        (KioskStore        *store,
                                                 const KioskConfig *config);

/* Starts a session for the visitor (ending any previous one) and returns the link for the QR
 * code. `language` ("ar" or "en") is the page's; its sentences are taken from the catalogue
 * in force now, so call it while the kiosk speaks that language (as the photo step does).
 * KIOSK_ERROR_CONFIG when the listen address cannot be bound. */
char             *kiosk_phone_upload_begin      (KioskPhoneUpload  *self,
                                                 const char        *language,
                                                 GError           **error);
/* The visitor switched language while the link is open. */
void              kiosk_phone_upload_set_language (KioskPhoneUpload *self,
                                                   const char       *language);
/* The visitor removed a photo at the kiosk: its place is free for another from the phone.
 * FALSE when this session did not receive it. */
gboolean          kiosk_phone_upload_remove     (KioskPhoneUpload  *self,
                                                 const char        *sha256);
/* The session's photos may be at most `photos` at a time (KIOSK_PHONE_UPLOAD_MAX_PHOTOS at
 * most, and at first): the report's other photos, from the camera, take the rest. Photos
 * already received stay; the phone is told when no place is left. No-op without a session. */
void              kiosk_phone_upload_set_capacity (KioskPhoneUpload *self,
                                                   guint             photos);
/* Kills the link and stops listening. Safe when no session is open. */
void              kiosk_phone_upload_end        (KioskPhoneUpload  *self);

gboolean          kiosk_phone_upload_is_active  (KioskPhoneUpload  *self);
/* The port listened on while a session is open (useful with port 0), else 0. */
guint             kiosk_phone_upload_get_port   (KioskPhoneUpload  *self);

G_END_DECLS
