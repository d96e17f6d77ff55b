/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPhoneLink: "send photos from my phone" on a photo step: the QR code of a one-time
 * upload link (kiosk-phone-upload.h) with how to use it, in the visitor's language and
 * under it in the other one; or, when the link cannot be opened, a sentence saying so. The
 * photos that arrive are the step's to show: connect to the upload's "photo-received". */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-phone-upload.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PHONE_LINK (kiosk_phone_link_get_type ())

G_DECLARE_FINAL_TYPE (KioskPhoneLink, kiosk_phone_link, KIOSK, PHONE_LINK, GtkWidget)

/* Opens a session on `upload` in the language on screen and shows its code. FALSE (the
 * sentence shown, `error` set) when it cannot listen; `upload` NULL is a kiosk without one. */
gboolean    kiosk_phone_link_open         (KioskPhoneLink   *self,
                                           KioskPhoneUpload *upload,
                                           GError          **error);
/* Kills the link (kiosk_phone_upload_end) and clears the code. Safe when not open. */
void        kiosk_phone_link_close        (KioskPhoneLink   *self);
gboolean    kiosk_phone_link_is_open      (KioskPhoneLink   *self);
/* The link the code holds, or NULL. */
const char *kiosk_phone_link_get_url      (KioskPhoneLink   *self);
/* Texts in the language now on screen; an open link's page follows it. */
void        kiosk_phone_link_retranslate  (KioskPhoneLink   *self);

G_END_DECLS
