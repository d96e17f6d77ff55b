/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR decoder: one grayscale picture in, the payloads of the QR codes in it out. Two
 * engines read the picture: ZBar and zxing-cpp (kiosk-qr-zxing.h); when a plain look finds
 * nothing, image passes (inversion, local threshold, sharpening, smoothing) give them another
 * chance. Camera frames and image files both come through here, synchronously: the scanner
 * runs it in its worker thread. */
#pragma once

#include <glib.h>

#include "kiosk-gray-image.h"

G_BEGIN_DECLS

/* The passes, each an engine on a view of the picture. They are tried in the order of the
 * table in kiosk-qr-decoder.c and decoding stops at the first that finds a code, so a typical
 * picture costs one or two cheap passes.
 *
 * How the default set and its order were chosen (tests/bench/bench-scan.c): every pass alone
 * on every picture of the CHOOSING sets only (`bench-scan --matrix`: the generated corpus,
 * series 0, and the real photos whose file name's FNV-1a hash is even), then passes added
 * greedily by the codes they add, ordered cheapest-first. The HELD-BACK sets (the photos with
 * an odd hash, and generated series 1: the same kinds with new seeds) were not looked at
 * while choosing; `bench-scan --ablation` then leaves each pass out on every set, and a pass
 * stays only where it reads codes on a set it was not chosen on (see the README's table). The
 * others were measured and add nothing; they stay for such measurements. */
typedef enum
{
  KIOSK_QR_PASS_THRESHOLD_HALF = 1 << 0, /* half size, local threshold (not default) */
  KIOSK_QR_PASS_THRESHOLD      = 1 << 1, /* full size, local threshold, every 2nd line */
  KIOSK_QR_PASS_HALF           = 1 << 2, /* half size, 2×2 averaged (not in the default set) */
  KIOSK_QR_PASS_INVERT         = 1 << 3, /* light modules on a dark ground */
  KIOSK_QR_PASS_FULL           = 1 << 4, /* as it is (not in the default set) */
  KIOSK_QR_PASS_SHARPEN        = 1 << 5, /* out-of-focus edges steepened */
  KIOSK_QR_PASS_STRETCH        = 1 << 6, /* levels stretched (not in the default set) */
  KIOSK_QR_PASS_SMOOTH         = 1 << 7, /* heavy noise or JPEG blocks smoothed */
  KIOSK_QR_PASS_QUARTER        = 1 << 8, /* quarter size (not in the default set) */
  KIOSK_QR_PASS_UPSCALE        = 1 << 9, /* 2× for small pictures (not in the default set) */
  KIOSK_QR_PASS_REGIONS        = 1 << 10, /* full size, thresholded, only where transitions are
                                           * dense as in a code: full detail at a fraction of
                                           * the cost, so it goes early */
  /* zxing-cpp, the second engine (kiosk-qr-zxing.h): */
  KIOSK_QR_PASS_ZXING          = 1 << 11, /* tryHarder, tryRotate, tryDownscale: ZXingReader's */
  KIOSK_QR_PASS_ZXING_FAST     = 1 << 12, /* the quick look, downscaled copies (not default) */
  KIOSK_QR_PASS_ZXING_GLOBAL   = 1 << 13, /* one global threshold instead of local means */
  KIOSK_QR_PASS_ZXING_THRESHOLD = 1 << 14, /* our local threshold, then zxing-cpp */
  KIOSK_QR_PASS_ZXING_SMOOTH   = 1 << 15, /* 3×3 smoothed, then zxing-cpp */
  KIOSK_QR_PASS_ZXING_SHARPEN  = 1 << 16, /* half size sharpened, then zxing-cpp */
  KIOSK_QR_PASS_ZXING_INVERT   = 1 << 17, /* inverted (zxing-cpp 1.4 cannot), then zxing-cpp */
  KIOSK_QR_PASS_ZXING_UPSCALE  = 1 << 18, /* small pictures doubled (not default) */
  KIOSK_QR_PASS_ZXING_PLAIN    = 1 << 19, /* the quick look alone (not default) */
  KIOSK_QR_PASS_ZXING_HALF     = 1 << 20, /* half size, the quick look */
  KIOSK_QR_PASS_ZXING_HALF_HARD = 1 << 21, /* half size, tryHarder (not default) */
} KioskQrPass;

#define KIOSK_QR_PASS_ALL ((1u << 22) - 1)
#define KIOSK_QR_PASS_DEFAULT (KIOSK_QR_PASS_ZXING_GLOBAL | KIOSK_QR_PASS_REGIONS |             \
                               KIOSK_QR_PASS_ZXING_SHARPEN | KIOSK_QR_PASS_ZXING_THRESHOLD |   \
                               KIOSK_QR_PASS_ZXING_INVERT | KIOSK_QR_PASS_THRESHOLD |          \
                               KIOSK_QR_PASS_SMOOTH)

/* The ZBar passes and the zxing-cpp ones, for measurements and tests of one engine alone. */
#define KIOSK_QR_PASS_ZBAR_ALL ((1u << 11) - 1)
#define KIOSK_QR_PASS_ZXING_ALL (KIOSK_QR_PASS_ALL & ~KIOSK_QR_PASS_ZBAR_ALL)

/* The camera's video mode (kiosk_qr_decoder_set_video): every frame gets the two cheapest
 * passes that read most codes, and one of the turns in table order, so that a 1280×720 frame
 * with no code stays within the scanner's budget (15 ms at the 90th percentile on the 2-core
 * kiosk) and every turn still sees the scene within three frames. The other default passes
 * (ZBar at full size and smoothed: 10-30 ms each) are for files only. */
#define KIOSK_QR_PASS_VIDEO_EVERY (KIOSK_QR_PASS_ZXING_GLOBAL | KIOSK_QR_PASS_REGIONS)
#define KIOSK_QR_PASS_VIDEO_TURNS (KIOSK_QR_PASS_ZXING_SHARPEN | KIOSK_QR_PASS_ZXING_THRESHOLD | \
                                   KIOSK_QR_PASS_ZXING_INVERT)

/* Pictures whose longer side is above this are scaled down first: a QR code on a kiosk is
 * never that finely printed, and ZBar's time grows with the pixels. */
#define KIOSK_QR_MAX_SIDE 2048

typedef struct _KioskQrDecoder KioskQrDecoder;

/* A decoder keeps its scratch buffers between pictures; it is not shared between threads
 * (make one per thread). */
KioskQrDecoder *kiosk_qr_decoder_new           (void);
void            kiosk_qr_decoder_free          (KioskQrDecoder *decoder);

void            kiosk_qr_decoder_set_passes    (KioskQrDecoder *decoder,
                                                guint           passes);
guint           kiosk_qr_decoder_get_passes    (KioskQrDecoder *decoder);

/* For a stream of frames of one scene (the camera): each frame gets the video passes above
 * (KIOSK_QR_PASS_VIDEO_EVERY, then one of KIOSK_QR_PASS_VIDEO_TURNS in turn), as far as they
 * are in the decoder's passes. Off by default (files get every pass). */
void            kiosk_qr_decoder_set_video     (KioskQrDecoder *decoder,
                                                gboolean        video);

/* The payloads found (UTF-8 strings, each once, in the engine's order), an empty array when
 * there is none. A code that declares its character sets (ECI) is read by them; other bytes
 * are read as UTF-8 when they are valid UTF-8, else as Shift JIS, else as ISO 8859-1 (the
 * standard's default). Payloads holding a NUL are dropped, since nothing downstream could
 * show or check them safely. `pass_used`, when not NULL, is set to the pass that found them
 * (0 when none did). */
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
