/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Token buckets, one per kiosk: each holds up to `burst` tokens, refilled at `rate` a second;
 * a request takes one or is refused with the time until the next one. Buckets are created on
 * a kiosk's first request, so their number is bounded by the kiosks the server registered
 * (only authenticated codes get here). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-ratelimit.h"

typedef struct
{
  double   tokens;
  gint64   refilled_usec;
  gboolean limited;        /* refusing now: logged once per episode, not per request */
} Bucket;

struct _KioskCentralRateLimit
{
  GMutex      lock;
  GHashTable *buckets;     /* kiosk code → Bucket */
  double      rate;
  double      burst;
};

KioskCentralRateLimit *
kiosk_central_rate_limit_new (guint rate,
                              guint burst)
{
  KioskCentralRateLimit *limit = g_new0 (KioskCentralRateLimit, 1);

  g_mutex_init (&limit->lock);
  limit->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  limit->rate = rate;
  limit->burst = MAX (burst, 1);
  return limit;
}

void
kiosk_central_rate_limit_free (KioskCentralRateLimit *limit)
{
  if (limit == NULL)
    return;
  g_hash_table_unref (limit->buckets);
  g_mutex_clear (&limit->lock);
  g_free (limit);
}

gboolean
kiosk_central_rate_limit_take (KioskCentralRateLimit *limit,
                               const char            *kiosk_code,
                               gint64                 now_usec,
                               guint                 *out_retry_after_s)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Bucket *bucket;
  double elapsed_s, wait_s;

  *out_retry_after_s = 0;
  if (limit->rate <= 0)
    return TRUE;

  locker = g_mutex_locker_new (&limit->lock);
  bucket = g_hash_table_lookup (limit->buckets, kiosk_code);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = limit->burst;
      bucket->refilled_usec = now_usec;
      g_hash_table_insert (limit->buckets, g_strdup (kiosk_code), bucket);
    }

  elapsed_s = (double) MAX (now_usec - bucket->refilled_usec, 0) / G_USEC_PER_SEC;
  bucket->tokens = MIN (limit->burst, bucket->tokens + elapsed_s * limit->rate);
  bucket->refilled_usec = MAX (now_usec, bucket->refilled_usec);

  if (bucket->tokens >= 1)
    {
      bucket->tokens -= 1;
      bucket->limited = FALSE;
      return TRUE;
    }

  /* Whole seconds, rounded up: a client that waits exactly this long is served. */
  wait_s = (1 - bucket->tokens) / limit->rate;
  *out_retry_after_s = MAX (1, (guint) wait_s + ((double) (guint) wait_s < wait_s));
  if (!bucket->limited)
    g_message ("kiosk %s is over its rate limit (%.0f requests a second, %.0f at once):"
               " answering 429 until it slows down", kiosk_code, limit->rate, limit->burst);
  bucket->limited = TRUE;
  return FALSE;
}
