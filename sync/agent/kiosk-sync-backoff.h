/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long the sync agent waits before trying again: capped exponential backoff with full
 * jitter (so a fleet of kiosks coming back online does not hit the server in step), never
 * shorter than what the server asked for with Retry-After. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A random wait in [0, min (cap_ms, base_ms * 2^attempt)] milliseconds, then raised to
 * `retry_after_s` seconds if the server asked for more (retry_after_s < 0: it did not).
 * `rand` may be NULL for GLib's global generator. */
gint64  kiosk_backoff_delay_ms          (guint       attempt,
                                         gint64      base_ms,
                                         gint64      cap_ms,
                                         gint64      retry_after_s,
                                         GRand      *rand);

/* Seconds to wait from a Retry-After header value: delta-seconds or an HTTP date (relative
 * to `now`, Unix seconds). -1 when absent or unreadable; never more than a day. */
gint64  kiosk_backoff_parse_retry_after (const char *value,
                                         gint64      now);

G_END_DECLS
