/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signed, expiring media URLs for Open311 (see the header). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-open311-media.h"

#include <string.h>

#include "kiosk-central-console-auth.h"
#include "kiosk-error.h"

/* What is signed: every part of the link that says what may be fetched, by whom, until when. */
static char *
signature_of (const char *client,
              const char *key_sha256,
              const char *photo_sha256,
              gint64      expires)
{
  g_autofree char *message = g_strdup_printf ("open311-media\n%s\n%s\n%" G_GINT64_FORMAT,
                                              photo_sha256, client, expires);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key_sha256,
                                    strlen (key_sha256), message, -1);
}

char *
kiosk_central_open311_media_url (const char *base_url,
                                 const char *client,
                                 const char *key_sha256,
                                 const char *photo_sha256,
                                 gint64      now)
{
  gint64 expires = now + KIOSK_CENTRAL_MEDIA_URL_SECONDS;
  g_autofree char *signature = signature_of (client, key_sha256, photo_sha256, expires);
  g_autofree char *escaped = g_uri_escape_string (client, NULL, FALSE);

  return g_strdup_printf ("%s" KIOSK_CENTRAL_MEDIA_PREFIX "%s.jpg?client=%s&expires=%"
                          G_GINT64_FORMAT "&signature=%s", base_url, photo_sha256, escaped,
                          expires, signature);
}

gboolean
kiosk_central_open311_media_check (const char  *client,
                                   const char  *key_sha256,
                                   const char  *photo_sha256,
                                   const char  *expires,
                                   const char  *signature,
                                   gint64       now,
                                   GError     **error)
{
  g_autofree char *expected = NULL;
  gint64 until = 0;

  if (expires == NULL || !g_ascii_string_to_signed (expires, 10, 0, G_MAXINT64, &until, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_FORBIDDEN,
                   "this media URL is not one this server gave out");
      return FALSE;
    }
  expected = signature_of (client, key_sha256, photo_sha256, until);
  if (!kiosk_central_console_csrf_ok (expected, signature))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_FORBIDDEN,
                   "this media URL is not one this server gave out");
      return FALSE;
    }
  if (until < now || until > now + KIOSK_CENTRAL_MEDIA_URL_SECONDS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_FORBIDDEN,
                   "this media URL has expired; read the request again for a new one");
      return FALSE;
    }
  return TRUE;
}
