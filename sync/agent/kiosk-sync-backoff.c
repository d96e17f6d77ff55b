/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Capped exponential backoff with full jitter, and Retry-After parsing. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include "kiosk-sync-backoff.h"

#include <curl/curl.h>

/* A server asking for more than a day is misconfigured; the daemon's own cap applies. */
#define MAX_RETRY_AFTER_S (24 * 3600)

gint64
kiosk_backoff_delay_ms (guint  attempt,
                        gint64 base_ms,
                        gint64 cap_ms,
                        gint64 retry_after_s,
                        GRand *rand)
{
  gint64 ceiling = base_ms;
  gint64 delay;

  g_return_val_if_fail (base_ms > 0 && cap_ms > 0, 0);

  /* Doubling stops at the cap, so no shift can overflow. */
  for (guint i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, cap_ms);

  /* g_rand_double_range gives [0, ceiling): good enough for a wait, and never negative. */
  delay = (gint64) (rand ? g_rand_double_range (rand, 0, (double) ceiling + 1)
                         : g_random_double_range (0, (double) ceiling + 1));
  delay = MIN (delay, ceiling);

  if (retry_after_s >= 0)
    delay = MAX (delay, retry_after_s * 1000);
  return delay;
}

gint64
kiosk_backoff_parse_retry_after (const char *value,
                                 gint64      now)
{
  g_autofree char *text = NULL;
  time_t when;

  if (value == NULL)
    return -1;
  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return -1;

  if (g_ascii_isdigit (*text))
    {
      guint64 seconds = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &seconds, NULL))
        return strlen (text) > 9 && strspn (text, "0123456789") == strlen (text)
               ? MAX_RETRY_AFTER_S : -1;
      return (gint64) MIN (seconds, (guint64) MAX_RETRY_AFTER_S);
    }

  /* An HTTP date: libcurl already parses the three formats HTTP allows. */
  when = curl_getdate (text, NULL);
  if (when == (time_t) -1)
    return -1;
  return CLAMP ((gint64) when - now, 0, MAX_RETRY_AFTER_S);
}
