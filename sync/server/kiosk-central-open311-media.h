/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open311's media_url for a report's photo. Photos are citizens' (faces, plates, homes), so no
 * URL is ever public: a client that reads requests with its api_key gets, per report with a
 * photo, a link to /open311/v2/media/{sha256}.jpg signed for it and valid for an hour; anyone
 * else reads media_url null. The signature is an HMAC-SHA256 keyed by the SHA-256 of the
 * client's API key (what the server keeps of it), so giving a client a new key, or removing
 * it, withdraws every link it was given. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CENTRAL_MEDIA_URL_SECONDS 3600
#define KIOSK_CENTRAL_MEDIA_PREFIX      "/open311/v2/media/"

/* "{base_url}/open311/v2/media/{photo}.jpg?client=…&expires=…&signature=…", valid until
 * now + KIOSK_CENTRAL_MEDIA_URL_SECONDS. */
char     *kiosk_central_open311_media_url   (const char  *base_url,
                                             const char  *client,
                                             const char  *key_sha256,
                                             const char  *photo_sha256,
                                             gint64       now);

/* Whether `signature` is the one for this photo, client and `expires` (decimal text), and
 * `expires` is neither past nor further away than one URL's life. FALSE with a
 * KIOSK_ERROR_REQUEST_FORBIDDEN sentence otherwise. */
gboolean  kiosk_central_open311_media_check (const char  *client,
                                             const char  *key_sha256,
                                             const char  *photo_sha256,
                                             const char  *expires,
                                             const char  *signature,
                                             gint64       now,
                                             GError     **error);

G_END_DECLS
