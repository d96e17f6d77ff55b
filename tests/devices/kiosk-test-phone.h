/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the phone upload tests share: pictures a phone would send (a JPEG with or without an
 * EXIF GPS position, as a phone camera writes it, and a PNG), and the kiosk's language. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A width×height JPEG of a gradient that `seed` shifts (so two photos differ), with an EXIF
 * block holding the GPS position when `with_gps`. */
GBytes *kiosk_test_photo_jpeg (guint    width,
                               guint    height,
                               guint    seed,
                               gboolean with_gps,
                               double   latitude,
                               double   longitude);
/* A PNG with transparency. */
GBytes *kiosk_test_photo_png  (guint    width,
                               guint    height);

/* `text` drawn as the kiosk draws a QR code (6 px a module, quiet zone) and read back with
 * the kiosk's own decoder: what a phone's camera would get. NULL when nothing was read;
 * `version` is the code's version (its size). */
char   *kiosk_test_qr_round_trip (const char *text,
                                  int        *version);

/* Makes gettext answer in `language` ("ar" or "en") from the catalogues this build compiled,
 * as the kiosk application does for a visitor. */
void    kiosk_test_use_language (const char *language);

G_END_DECLS
