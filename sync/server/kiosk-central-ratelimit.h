/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Per-kiosk rate limiting for the kiosk routes: a token bucket per authenticated kiosk code,
 * held in this process only (N servers behind a balancer let a kiosk through up to N times
 * as often). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Requests a second a kiosk may keep up, and how many more it may send at once before that. */
#define KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_RATE  100
#define KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_BURST 1000
#define KIOSK_CENTRAL_RATE_LIMIT_MAX_RATE      100000
#define KIOSK_CENTRAL_RATE_LIMIT_MAX_BURST     1000000

typedef struct _KioskCentralRateLimit KioskCentralRateLimit;

/* `rate` requests a second on average, `burst` at once; a rate of 0 lets everything through. */
KioskCentralRateLimit *kiosk_central_rate_limit_new  (guint                  rate,
                                                      guint                  burst);
void                   kiosk_central_rate_limit_free (KioskCentralRateLimit *limit);

/* Counts one request of `kiosk_code` at `now_usec` (monotonic). TRUE: serve it. FALSE: the
 * kiosk is over its limit; `out_retry_after_s` is the whole seconds (at least 1) until its
 * next request would be served. Safe from any thread. */
gboolean               kiosk_central_rate_limit_take (KioskCentralRateLimit *limit,
                                                      const char            *kiosk_code,
                                                      gint64                 now_usec,
                                                      guint                 *out_retry_after_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralRateLimit, kiosk_central_rate_limit_free)

G_END_DECLS
