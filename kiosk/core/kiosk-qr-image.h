/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR code images for receipts and vouchers, through libqrencode. The core library has no
 * drawing code: it hands out the module matrix, and the printer or a page draws it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Light modules a reader needs around the code on every side (ISO/IEC 18004). */
#define KIOSK_QR_QUIET_ZONE 4
/* Longer text makes a code too dense to print on a receipt. */
#define KIOSK_QR_MAX_TEXT 1024

typedef struct
{
  int     version;  /* 1 to 40 */
  int     width;    /* modules per side, without the quiet zone */
  GBytes *modules;  /* width × width bytes, row by row from the top left: 1 dark, 0 light */
} KioskQrMatrix;

/* The smallest code holding `text` (1 to KIOSK_QR_MAX_TEXT bytes, case kept) at error
 * correction M. */
KioskQrMatrix *kiosk_qr_encode          (const char          *text,
                                         GError             **error);
void           kiosk_qr_matrix_free     (KioskQrMatrix       *matrix);
gboolean       kiosk_qr_matrix_is_dark  (const KioskQrMatrix *matrix,
                                         int                  x,
                                         int                  y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskQrMatrix, kiosk_qr_matrix_free)

G_END_DECLS
