/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic photographs of QR codes for the scanner's tests and benchmark: a code made by
 * libqrencode, laid on paper in a cluttered scene and degraded the way real camera pictures
 * are (blur, noise, rotation, perspective, glare, low contrast, small modules, inversion,
 * JPEG). Everything is deterministic: the same parameters give the same pixels. */
#pragma once

#include <glib.h>

#include "kiosk-gray-image.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 seed;           /* scene clutter, noise, glare position */
  double  module_px;      /* side of one module in pixels, before perspective */
  double  center_x;       /* where the code's centre lands, 0..1 of the frame */
  double  center_y;
  double  rotation_deg;
  double  perspective;    /* corner displacement, fraction of the code's side */
  double  blur_sigma;     /* Gaussian blur, pixels */
  double  noise_sigma;    /* Gaussian noise, gray levels */
  double  glare;          /* 0 none .. 1 a specular spot that washes the paper out */
  double  contrast;       /* gray levels between ink and paper, e.g. 200 crisp, 25 faint */
  gboolean inverted;      /* light modules on a dark ground */
  gboolean no_code;       /* the same scene and paper with the code left blank: a frame the
                           * camera sends while nobody holds a code up */
  int     jpeg_quality;   /* 0: kept lossless; 1-100: passed through a JPEG at that quality */
} KioskSynthParams;

/* Crisp defaults: a 5 px module, centred, upright, no degradation. */
void            kiosk_synth_params_init  (KioskSynthParams *params);

/* A `width`×`height` frame showing `payload` as a QR code (error correction level M). */
KioskGrayImage *kiosk_synth_qr           (const char             *payload,
                                          const KioskSynthParams *params,
                                          guint                   width,
                                          guint                   height,
                                          GError                **error);

/* The corpus: item `index` of `count`, spread over nine kinds of degradation at rising
 * severity. Sets `params`, and returns the payload and a file name stem ("017-blur-s0.42").
 * `series` 0 is the benchmark's corpus; another series draws the same kinds and severities
 * with other seeds (other payloads, positions, noise): pictures nobody tuned on. */
char           *kiosk_synth_corpus_item  (guint             series,
                                          guint             index,
                                          guint             count,
                                          KioskSynthParams *params,
                                          char            **stem);

/* PNG (jpeg_quality 0, fast compression) or JPEG bytes of the image, as RGB. */
GBytes         *kiosk_synth_encode       (const KioskGrayImage *image,
                                          int                   jpeg_quality,
                                          GError              **error);

G_END_DECLS
