/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helpers for the receipt printer: a decoder of the ESC/POS stream the kiosk writes
 * (GS v 0 raster bands back into a picture, one per cut), the QR codes on such a picture,
 * and a fake network printer on 127.0.0.1 that answers DLE EOT as its script says. */
#pragma once

#include <glib.h>

#include "kiosk-escpos.h"

G_BEGIN_DECLS

/* Bytes of the command at the head of `data`: 0 when more bytes are needed, -1 when it is
 * not a command the kiosk sends. */
gssize        kiosk_escpos_test_command_length (const guint8 *data,
                                                gsize         length);

/* The pages of a stream (KioskBitmap *, one per GS V cut, rows of every band in order), or
 * NULL with a message in `error` for bytes no printer would accept: an unknown command, a
 * band not 576 dots wide, a band cut short, raster after the last cut. */
GPtrArray    *kiosk_escpos_test_decode         (const guint8 *data,
                                                gsize         length,
                                                GError      **error);

/* Every QR payload on the page, read by the project's decoder. */
GPtrArray    *kiosk_escpos_test_scan           (const KioskBitmap *page);

typedef enum
{
  KIOSK_ESCPOS_FAKE_READY,
  KIOSK_ESCPOS_FAKE_PAPER_NEAR_END,
  KIOSK_ESCPOS_FAKE_PAPER_OUT,
  KIOSK_ESCPOS_FAKE_COVER_OPEN,
  KIOSK_ESCPOS_FAKE_ERROR,       /* the cutter jammed */
  KIOSK_ESCPOS_FAKE_SILENT,      /* takes bytes, never answers a status request */
} KioskEscposFakeScript;

typedef struct _KioskEscposFake KioskEscposFake;

KioskEscposFake *kiosk_escpos_fake_start      (KioskEscposFakeScript  script);
guint16          kiosk_escpos_fake_get_port   (KioskEscposFake       *fake);
void             kiosk_escpos_fake_set_script (KioskEscposFake       *fake,
                                               KioskEscposFakeScript  script);
/* What each connection sent besides status requests (GBytes *), in order; connections that
 * only asked for status are not listed. */
GPtrArray       *kiosk_escpos_fake_dup_jobs   (KioskEscposFake       *fake);
/* Waits (10 s at most) until `n` connections have been served to their end. */
void             kiosk_escpos_fake_wait_connections (KioskEscposFake *fake,
                                                     guint            n);
guint            kiosk_escpos_fake_get_status_requests (KioskEscposFake *fake);
void             kiosk_escpos_fake_stop       (KioskEscposFake       *fake);

G_END_DECLS
