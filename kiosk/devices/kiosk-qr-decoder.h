/* The QR decoder: one grayscale picture in, the payloads of the QR codes in it out. ZBar does
 * the decoding; when a plain look finds nothing, cheap image passes (inversion, rescaling,
 * contrast stretch, local threshold) give it another chance. Camera frames and image files
 * both come through here, synchronously: the scanner runs it in its worker thread. */
#pragma once

#include <glib.h>

#include "kiosk-gray-image.h"

G_BEGIN_DECLS

/* The passes, in the order they are tried; decoding stops at the first that finds a code.
 * Each one is in the default set because the scan benchmark showed it raises the decode rate
 * (tests/bench/bench-scan.c measures every set with one pass left out). */
typedef enum
{
  KIOSK_QR_PASS_HALF      = 1 << 0, /* half size, 2×2 averaged: fast, and calms noise and blur */
  KIOSK_QR_PASS_FULL      = 1 << 1, /* the picture as it is */
  KIOSK_QR_PASS_INVERT    = 1 << 2, /* light modules on a dark ground */
  KIOSK_QR_PASS_STRETCH   = 1 << 3, /* faint print: levels stretched to the full range */
  KIOSK_QR_PASS_THRESHOLD = 1 << 4, /* glare and shadows: each pixel against its neighbourhood */
  KIOSK_QR_PASS_UPSCALE   = 1 << 5, /* modules of one or two pixels, in small pictures */
  KIOSK_QR_PASS_QUARTER   = 1 << 6, /* large, badly blurred codes */
  KIOSK_QR_PASS_SHARPEN   = 1 << 7, /* out-of-focus edges */
} KioskQrPass;

#define KIOSK_QR_PASS_DEFAULT (KIOSK_QR_PASS_HALF | KIOSK_QR_PASS_FULL | KIOSK_QR_PASS_INVERT | \
                               KIOSK_QR_PASS_STRETCH | KIOSK_QR_PASS_THRESHOLD |               \
                               KIOSK_QR_PASS_UPSCALE | KIOSK_QR_PASS_QUARTER |                 \
                               KIOSK_QR_PASS_SHARPEN)

/* Pictures whose longer side is above this are scaled down first: a QR code on a kiosk is
 * never that finely printed, and ZBar's time grows with the pixels. */
#define KIOSK_QR_MAX_SIDE 2048

typedef struct _KioskQrDecoder KioskQrDecoder;

/* A decoder keeps its ZBar scanner and scratch buffers between pictures; it is not shared
 * between threads (make one per thread). */
KioskQrDecoder *kiosk_qr_decoder_new           (void);
void            kiosk_qr_decoder_free          (KioskQrDecoder *decoder);

void            kiosk_qr_decoder_set_passes    (KioskQrDecoder *decoder,
                                                guint           passes);
guint           kiosk_qr_decoder_get_passes    (KioskQrDecoder *decoder);

/* The payloads found (UTF-8 strings, each once, in ZBar's order), an empty array when there
 * is none. The bytes are read as UTF-8 when they are valid UTF-8, else as Shift JIS, else as
 * ISO 8859-1 (the standard's default); payloads holding a NUL are dropped, since nothing
 * downstream could show or check them safely. `pass_used`, when not NULL, is set to the pass that found
 * them (0 when none did). */
GPtrArray      *kiosk_qr_decoder_decode_gray8  (KioskQrDecoder *decoder,
                                                const guint8   *pixels,
                                                guint           width,
                                                guint           height,
                                                gsize           stride,
                                                KioskQrPass    *pass_used);
GPtrArray      *kiosk_qr_decoder_decode_image  (KioskQrDecoder       *decoder,
                                                const KioskGrayImage *image,
                                                KioskQrPass          *pass_used);

/* The pass's short name ("half", "threshold", …), for benchmarks and logs. */
const char     *kiosk_qr_pass_to_string        (KioskQrPass pass);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskQrDecoder, kiosk_qr_decoder_free)

G_END_DECLS
