/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR scanner: camera frames (GRAY8) in, payloads out. Decoding runs in a worker thread
 * with a one-frame mailbox (a new frame replaces one not yet decoded, so a slow decode never
 * queues frames up) at a bounded rate; payloads are announced on the main context that made
 * the scanner. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SCANNER (kiosk_scanner_get_type ())

G_DECLARE_FINAL_TYPE (KioskScanner, kiosk_scanner, KIOSK, SCANNER, GObject)

/* Enough for a phone held up to the camera; each decode of a 720p frame takes 5-150 ms. */
#define KIOSK_SCANNER_DEFAULT_RATE 10.0

KioskScanner *kiosk_scanner_new                 (void);

/* Offers a frame: `gray8` holds `height` rows of `stride` bytes, one byte a pixel (the last
 * row may be cut to `width`). Thread-safe and never blocks on decoding: the scanner holds one
 * frame at most — the newest while it waits for the rate limit, none while it decodes one
 * (frames offered meanwhile are dropped). FALSE (and the frame is not taken) when the sizes do
 * not describe the bytes. */
gboolean      kiosk_scanner_push_frame          (KioskScanner *self,
                                                 GBytes       *gray8,
                                                 guint         width,
                                                 guint         height,
                                                 gsize         stride);

/* Decodes per second at most (0.1-60). */
void          kiosk_scanner_set_max_rate        (KioskScanner *self,
                                                 double        per_second);
double        kiosk_scanner_get_max_rate        (KioskScanner *self);
/* A payload seen again within this many milliseconds is not announced again (default 3000;
 * 0 announces every decode). */
void          kiosk_scanner_set_repeat_interval (KioskScanner *self,
                                                 guint         msec);

/* Counters since the scanner was made (thread-safe). */
guint         kiosk_scanner_get_frames_offered  (KioskScanner *self);
guint         kiosk_scanner_get_frames_decoded  (KioskScanner *self);
guint         kiosk_scanner_get_frames_dropped  (KioskScanner *self);

G_END_DECLS
