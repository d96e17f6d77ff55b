/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A QR code (kiosk_qr_encode) as a texture for a GtkPicture: the receipt's reference code,
 * the phone upload link of the report's photo step. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* `text` as black modules of `module_px` pixels on white, quiet zone included. NULL with
 * `error` set when the text cannot be encoded. */
GdkTexture *kiosk_qr_texture_new (const char  *text,
                                  int          module_px,
                                  GError     **error);

G_END_DECLS
