/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR decoder's second engine: zxing-cpp, whose only API is C++, behind plain C functions
 * so that the decoder (kiosk-qr-decoder.c) stays C. Internal to the devices library. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How hard zxing-cpp looks (its DecodeHints). */
typedef enum
{
  KIOSK_QR_ZXING_TRY_HARDER    = 1 << 0, /* every row, every candidate finder pattern */
  KIOSK_QR_ZXING_TRY_ROTATE    = 1 << 1, /* also the picture turned by 90° */
  KIOSK_QR_ZXING_TRY_DOWNSCALE = 1 << 2, /* also 1/2 … copies of a large picture */
  KIOSK_QR_ZXING_GLOBAL        = 1 << 3, /* one histogram threshold instead of local means */
} KioskQrZxingFlags;

/* Called once per code found, with its raw byte content (what ZBar gives in binary mode) and
 * zxing-cpp's UTF-8 reading of it (following the code's ECI declarations and modes, else
 * zxing-cpp's guess at the character set). */
typedef void (*KioskQrZxingFunc) (const char *bytes,
                                  gsize       length,
                                  const char *text,
                                  gpointer    user_data);

/* Reads the QR codes in a grayscale picture; returns how many were found. Never throws:
 * anything zxing-cpp raises (an allocation failing) counts as nothing found. */
guint kiosk_qr_zxing_read (const guint8      *pixels,
                           guint              width,
                           guint              height,
                           gsize              stride,
                           KioskQrZxingFlags  flags,
                           KioskQrZxingFunc   func,
                           gpointer           user_data);

G_END_DECLS
