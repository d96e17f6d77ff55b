/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A printed slip: a list of blocks (text, identifiers, fields, QR code, emblem, rules,
 * signature lines) in one language, laid out once with Pango/Cairo 576 dots wide (72 mm at
 * 203 dpi), HarfBuzz shaping the Arabic, and rendered from that one layout to the printer's
 * 1-bit raster (ESC/POS), to PNG (that raster exactly) and to PDF (vector, the same layout).
 * No GTK. What goes on each slip is in kiosk-slips.h. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kiosk-escpos.h"

G_BEGIN_DECLS

typedef struct _KioskSlip KioskSlip;

typedef enum
{
  KIOSK_SLIP_SMALL,
  KIOSK_SLIP_BODY,
  KIOSK_SLIP_BOLD,
  KIOSK_SLIP_HEADING,
  KIOSK_SLIP_TITLE,
  KIOSK_SLIP_REFERENCE,   /* a reference in large type */
} KioskSlipStyle;

/* Dots a QR module gets by default: a version-10 code (the longest token) with its quiet
 * zone is 65 modules, 390 dots (49 mm); a voucher's is larger for the attendant's scanner. */
#define KIOSK_SLIP_QR_MODULE_DOTS 6
#define KIOSK_SLIP_QR_MIN_MODULE_DOTS 4

/* `language` "ar" lays out right to left, "en" left to right. */
KioskSlip   *kiosk_slip_new            (const char     *language);
KioskSlip   *kiosk_slip_ref            (KioskSlip      *slip);
void         kiosk_slip_unref          (KioskSlip      *slip);
const char  *kiosk_slip_get_language   (KioskSlip      *slip);

/* Centred, wrapped, in the slip's direction. */
void         kiosk_slip_add_text       (KioskSlip      *slip,
                                        KioskSlipStyle  style,
                                        const char     *text);
/* A reference, plate or number: left to right in either language, never wrapped inside. */
void         kiosk_slip_add_identifier (KioskSlip      *slip,
                                        KioskSlipStyle  style,
                                        const char     *text);
/* A caption on the reading side, its value on the other; `value_ltr` for identifiers. */
void         kiosk_slip_add_field      (KioskSlip      *slip,
                                        const char     *label,
                                        const char     *value,
                                        gboolean        value_ltr);
/* The QR code of `text` (kiosk_qr_encode), centred, `module_dots` (>= 4) a module, with
 * its quiet zone of 4 modules; every module edge on a whole dot. FALSE with `error` when the
 * text cannot be encoded. */
gboolean     kiosk_slip_add_qr         (KioskSlip      *slip,
                                        const char     *text,
                                        int             module_dots,
                                        GError        **error);
void         kiosk_slip_add_emblem     (KioskSlip      *slip);
void         kiosk_slip_add_rule       (KioskSlip      *slip);
void         kiosk_slip_add_space      (KioskSlip      *slip,
                                        int             dots);
/* White text on a black band across the slip ("COPY"). */
void         kiosk_slip_add_banner     (KioskSlip      *slip,
                                        const char     *text);
/* A line to sign on, `caption` under it. */
void         kiosk_slip_add_signature  (KioskSlip      *slip,
                                        const char     *caption);

/* The receipt a slip prints (NULL for the Z report and the test page): once the slip came
 * out of the printer, kiosk_receipts_mark_printed () it so the next one says "copy". */
void         kiosk_slip_set_receipt_uuid (KioskSlip    *slip,
                                          const char   *uuid);
const char  *kiosk_slip_get_receipt_uuid (KioskSlip    *slip);

/* The slip as the printer prints it: gray (RGB24) picture, and its 1-bit raster (threshold
 * for text and QR, Floyd–Steinberg for the emblem). `out_unknown_glyphs` (optional): glyphs
 * no font had (.notdef), which must be 0. */
cairo_surface_t *kiosk_slip_render_image   (KioskSlip  *slip,
                                            guint      *out_unknown_glyphs,
                                            GError    **error);
KioskBitmap     *kiosk_slip_render_bitmap  (KioskSlip  *slip,
                                            guint      *out_unknown_glyphs,
                                            GError    **error);
/* The whole ESC/POS job: raster bands, feed, cut. */
GBytes          *kiosk_slip_render_escpos  (KioskSlip  *slip,
                                            GError    **error);
/* The 1-bit raster as sent, as a PNG file. */
gboolean         kiosk_slip_write_png      (KioskSlip  *slip,
                                            const char *path,
                                            GError    **error);
/* The same layout as a one-page PDF, 72 mm wide (vector text, the QR's modules as squares). */
gboolean         kiosk_slip_write_pdf      (KioskSlip  *slip,
                                            const char *path,
                                            GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSlip, kiosk_slip_unref)

G_END_DECLS
