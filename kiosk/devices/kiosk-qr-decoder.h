/* The QR decoder: one grayscale picture in, the payloads of the QR codes in it out. ZBar does
 * the decoding; when a plain look finds nothing, cheap image passes (inversion, rescaling,
 * contrast stretch, local threshold) give it another chance. Camera frames and image files
 * both come through here, synchronously: the scanner runs it in its worker thread. */
#pragma once

#include <glib.h>

#include "kiosk-gray-image.h"

G_BEGIN_DECLS

/* The passes. They are tried in the order of the table in kiosk-qr-decoder.c (regions,
 * threshold-half, threshold, half, invert, full, sharpen, stretch, smooth, quarter, upscale)
 * and decoding stops at the first that finds a code, so a typical frame costs one cheap pass.
 * A pass is in the default set only because the scan benchmark showed it raises the decode
 * rate: tests/bench/bench-scan.c --ablation measures the default set with each pass left
 * out, on the generated corpus and on the real photos. The others were measured and found to
 * add nothing that the default set does not already read; they stay for such measurements. */
typedef enum
{
  KIOSK_QR_PASS_THRESHOLD_HALF = 1 << 0, /* half size, local threshold: glare, shadow, noise */
  KIOSK_QR_PASS_THRESHOLD      = 1 << 1, /* full size, local threshold, every 2nd line */
  KIOSK_QR_PASS_HALF           = 1 << 2, /* half size, 2×2 averaged (not in the default set) */
  KIOSK_QR_PASS_INVERT         = 1 << 3, /* light modules on a dark ground */
  KIOSK_QR_PASS_FULL           = 1 << 4, /* the picture as it is: modules of about 2 px */
  KIOSK_QR_PASS_SHARPEN        = 1 << 5, /* out-of-focus edges steepened */
  KIOSK_QR_PASS_STRETCH        = 1 << 6, /* levels stretched (not in the default set) */
  KIOSK_QR_PASS_SMOOTH         = 1 << 7, /* heavy noise or JPEG blocks smoothed */
  KIOSK_QR_PASS_QUARTER        = 1 << 8, /* large, badly blurred codes */
  KIOSK_QR_PASS_UPSCALE        = 1 << 9, /* 2× for small pictures (not in the default set) */
  KIOSK_QR_PASS_REGIONS        = 1 << 10, /* full size, thresholded, only where transitions are
                                           * dense as in a code: full detail at a fraction of
                                           * the cost, so it goes first */
} KioskQrPass;

#define KIOSK_QR_PASS_ALL ((1u << 11) - 1)
#define KIOSK_QR_PASS_DEFAULT (KIOSK_QR_PASS_REGIONS | KIOSK_QR_PASS_THRESHOLD_HALF |         \
                               KIOSK_QR_PASS_THRESHOLD | KIOSK_QR_PASS_INVERT |                \
                               KIOSK_QR_PASS_FULL | KIOSK_QR_PASS_SHARPEN | KIOSK_QR_PASS_SMOOTH |                  \
                               KIOSK_QR_PASS_QUARTER)

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

/* For a stream of frames of one scene (the camera): each frame gets the first two passes of
 * the order (the ones that read most codes, cheaply) and one of the others, in turn. A frame
 * with no code then costs a few tens of milliseconds instead of a hundred or more, and every
 * pass still sees the scene within a few frames. Off by default (files get every pass). */
void            kiosk_qr_decoder_set_video     (KioskQrDecoder *decoder,
                                                gboolean        video);

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
