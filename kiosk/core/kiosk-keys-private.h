/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the token code shares with the key code and nobody else needs: libsodium's setup,
 * strict unpadded base64url, and signature checks. */
#pragma once

#include <glib.h>

#include "kiosk-keys.h"

G_BEGIN_DECLS

/* Every libsodium user calls this first; cheap after the first call. */
void      kiosk_crypto_init      (void);

char     *kiosk_base64url_encode (const guint8 *data,
                                  gsize         len);
/* Strict: no padding, no characters outside A-Z a-z 0-9 - _, zero leftover bits, nothing
 * after the data. FALSE when `text` is not exactly such an encoding of at most `out_max`
 * bytes. */
gboolean  kiosk_base64url_decode (const char   *text,
                                  gsize         text_len,
                                  guint8       *out,
                                  gsize         out_max,
                                  gsize        *out_len);

gboolean  kiosk_key_verify       (const guint8  public_key[KIOSK_KEY_PUBLIC_BYTES],
                                  const guint8 *message,
                                  gsize         message_len,
                                  const guint8  signature[KIOSK_KEY_SIGNATURE_BYTES]);

G_END_DECLS
