/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The body of the token fuzz target, shared by the libFuzzer program (clang), the GTest that
 * replays its seed corpus (any compiler) and the program that writes that corpus. */
#pragma once

#include <glib.h>

#include "kiosk-keys.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* A store in a scratch folder with known keys and a pinned clock (2026-11-30 10:00 in
 * Muscat): this kiosk TST01's own key, the server's key, kiosk MCT02's key, and a server key
 * whose validity ended. The seeds are fixed, so signed seed files stay valid. */
void        fuzz_token_set_up          (void);
void        fuzz_token_tear_down       (void);
KioskStore *fuzz_token_get_store       (void);

typedef enum
{
  FUZZ_KEY_OWN,
  FUZZ_KEY_SERVER,
  FUZZ_KEY_OTHER_KIOSK,
  FUZZ_KEY_EXPIRED_SERVER,
  FUZZ_KEY_STRANGER,  /* known to nobody */
} FuzzKey;

/* The secret key behind one of those (for writing seeds). */
KioskSigningKey *fuzz_token_dup_key    (FuzzKey key);

/* Verifies `data` as a scanned payload and checks what must hold whatever the input:
 * success only with a token whose text is the input and encodes back to it; failure only
 * with a KIOSK_ERROR_TOKEN_… code and no token; the parser and the verifier agree; the
 * store unchanged. Aborts when any of that breaks. Returns the verification result. */
gboolean    fuzz_token_check           (const guint8 *data,
                                        gsize         size,
                                        GError      **error);

/* Writes the seed corpus into `dir`: one file per case, named by the outcome it must have
 * ("ok-…", "malformed-…", "too-long-…", "version-…", "unknown-key-…", "bad-signature-…",
 * "expired-…", "key-not-valid-…"). Needs fuzz_token_set_up () first. */
gboolean    fuzz_token_write_seeds     (const char   *dir,
                                        GError      **error);

G_END_DECLS
