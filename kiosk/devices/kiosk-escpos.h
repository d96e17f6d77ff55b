/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ESC/POS bytes the kiosk sends an 80 mm thermal printer (Epson TM-T88 class and the
 * compatible ones): a 1-bit picture as `GS v 0` raster in bands, a feed and a `GS V` cut;
 * and the real-time status request `DLE EOT n` with the meaning of its answers. No I/O. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 72 mm printable at 203 dpi, the width of an 80 mm printer's print head. */
#define KIOSK_ESCPOS_WIDTH_DOTS 576
/* Rows per GS v 0 command: small enough for every printer's receive buffer (a band is
 * 72 × 256 bytes = 18 KiB), large enough that the command overhead is nothing. */
#define KIOSK_ESCPOS_BAND_ROWS 256

/* A 1-bit picture: `stride` bytes a row, the leftmost dot in the high bit, 1 = black, as
 * GS v 0 takes it. */
typedef struct
{
  int     width;
  int     height;
  int     stride;
  guint8 *bits;
} KioskBitmap;

KioskBitmap *kiosk_bitmap_new       (int                width,
                                     int                height);
void         kiosk_bitmap_free      (KioskBitmap       *bitmap);
gboolean     kiosk_bitmap_get       (const KioskBitmap *bitmap,
                                     int                x,
                                     int                y);
void         kiosk_bitmap_set       (KioskBitmap       *bitmap,
                                     int                x,
                                     int                y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskBitmap, kiosk_bitmap_free)

/* A gray picture (0 black … 255 white, `stride` bytes a row) to 1 bit: a plain threshold,
 * except inside `dither` (x, y, width, height rectangles, `n_dither` of them), which gets
 * Floyd–Steinberg error diffusion: text and QR modules stay sharp-edged, a picture keeps its
 * shades. */
KioskBitmap *kiosk_bitmap_from_gray (const guint8          *gray,
                                     int                    width,
                                     int                    height,
                                     int                    stride,
                                     const int             *dither,
                                     guint                  n_dither);

/* The whole job: ESC @, the bitmap as GS v 0 bands, a feed that brings the last row past
 * the cutter, and GS V. */
GBytes      *kiosk_escpos_encode    (const KioskBitmap     *bitmap);

/* What the printer says about itself. */
typedef enum
{
  KIOSK_PRINTER_STATE_UNKNOWN,         /* not asked yet */
  KIOSK_PRINTER_STATE_READY,
  KIOSK_PRINTER_STATE_PAPER_NEAR_END,  /* prints; the roll needs changing soon */
  KIOSK_PRINTER_STATE_PAPER_OUT,
  KIOSK_PRINTER_STATE_COVER_OPEN,
  KIOSK_PRINTER_STATE_ERROR,           /* cutter jam, head overheated, unrecoverable error */
  KIOSK_PRINTER_STATE_OFFLINE,         /* no answer, unplugged, unreachable */
  KIOSK_PRINTER_STATE_NONE,            /* this kiosk has no printer */
} KioskPrinterState;

/* Can a job be sent in this state? */
gboolean     kiosk_printer_state_can_print (KioskPrinterState state);
/* "ready", "paper-near-end", … for logs, the audit trail and `kiosk-admin`. */
const char  *kiosk_printer_state_to_string (KioskPrinterState state);

/* DLE EOT 1 (printer), 2 (offline cause), 3 (error cause), 4 (paper roll sensor): each is
 * answered at once with one byte, even while the printer is offline. */
#define KIOSK_ESCPOS_STATUS_REQUEST "\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"
#define KIOSK_ESCPOS_STATUS_REQUEST_LENGTH 12
#define KIOSK_ESCPOS_STATUS_ANSWER_LENGTH 4

/* The state the four answers describe; fewer than four bytes, or a byte without the fixed
 * bits every status byte carries (bit 1 and bit 4 set, bits 0 and 7 clear), is OFFLINE: a
 * printer that does not answer as one is not one the kiosk can rely on. */
KioskPrinterState kiosk_escpos_parse_status (const guint8 *answer,
                                             gsize         length);

G_END_DECLS
