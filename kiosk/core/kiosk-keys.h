/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ed25519 keys for signed QR payloads: the kiosk's own signing key (kept in the store), the
 * public keys of others it trusts (signing_keys, with a validity window), and key ids. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_KEY_PUBLIC_BYTES  32
#define KIOSK_KEY_SEED_BYTES    32
#define KIOSK_KEY_SIGNATURE_BYTES 64
/* A key id is the first 8 bytes of the SHA-256 of the public key, in unpadded base64url. */
#define KIOSK_KEY_ID_LENGTH     11

/* Who a trusted key belongs to, as signing_keys.owner spells it: the municipality's central
 * server signs notices; a kiosk ("kiosk:" + its code) signs its receipts, vouchers and
 * tracking slips. */
#define KIOSK_KEY_OWNER_SERVER        "server"
#define KIOSK_KEY_OWNER_KIOSK_PREFIX  "kiosk:"

/* A secret signing key in memory; its secret bytes are wiped when it is freed. */
typedef struct _KioskSigningKey KioskSigningKey;

KioskSigningKey *kiosk_signing_key_generate        (void);
KioskSigningKey *kiosk_signing_key_new_from_seed   (const guint8          *seed,
                                                    gsize                  seed_len,
                                                    GError               **error);
void             kiosk_signing_key_free            (KioskSigningKey       *key);
const char      *kiosk_signing_key_get_id          (const KioskSigningKey *key);
/* KIOSK_KEY_PUBLIC_BYTES bytes. */
const guint8    *kiosk_signing_key_get_public_key  (const KioskSigningKey *key);
/* Writes KIOSK_KEY_SIGNATURE_BYTES bytes to `signature`. */
void             kiosk_signing_key_sign            (const KioskSigningKey *key,
                                                    const guint8          *message,
                                                    gsize                  message_len,
                                                    guint8                *signature);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSigningKey, kiosk_signing_key_free)

/* The id of a public key, and the key as text (unpadded base64url, 43 characters). */
char     *kiosk_key_id_for_public_key (const guint8  public_key[KIOSK_KEY_PUBLIC_BYTES]);
char     *kiosk_key_public_to_text    (const guint8  public_key[KIOSK_KEY_PUBLIC_BYTES]);
gboolean  kiosk_key_public_from_text  (const char   *text,
                                       guint8        public_key[KIOSK_KEY_PUBLIC_BYTES],
                                       GError      **error);
/* TRUE for "server" and "kiosk:CODE" with a valid kiosk code. */
gboolean  kiosk_key_owner_is_valid    (const char   *owner);

/* The kiosk's own key ---------------------------------------------------------------- */

/* Creates the kiosk's signing key unless it has one (`kiosk-admin init`), and takes the
 * database file away from other users, since the key's secret half is in it.
 * `out_created` says whether a key was made now. */
gboolean          kiosk_keys_ensure_own      (KioskStore             *store,
                                              gboolean               *out_created,
                                              GError                **error);
/* Makes `key` the kiosk's signing key; the one before is retired (it still verifies what it
 * signed). For restoring a kiosk, and for tests that need a known key. */
gboolean          kiosk_keys_install_own     (KioskStore             *store,
                                              const KioskSigningKey  *key,
                                              GError                **error);
/* The signing key, or NULL with KIOSK_ERROR_NOT_FOUND when the kiosk has none yet. */
KioskSigningKey  *kiosk_keys_load_own        (KioskStore             *store,
                                              GError                **error);

/* Keys of others --------------------------------------------------------------------- */

/* Trusts `public_key` (KIOSK_KEY_PUBLIC_BYTES) as `owner`'s from `valid_from` until
 * `valid_until` (Unix seconds; 0 for no end), replacing what was known about the same key. */
gboolean          kiosk_keys_trust           (KioskStore             *store,
                                              const char             *owner,
                                              const guint8           *public_key,
                                              gint64                  valid_from,
                                              gint64                  valid_until,
                                              GError                **error);

/* A public key as verification sees it. */
typedef struct
{
  guint8   public_key[KIOSK_KEY_PUBLIC_BYTES];
  char    *owner;        /* "server" or "kiosk:CODE" */
  gboolean own;          /* one of this kiosk's keys: always valid, no window */
  gint64   valid_from;
  gint64   valid_until;  /* 0: no end */
} KioskPublicKey;

void              kiosk_public_key_clear     (KioskPublicKey         *key);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskPublicKey, kiosk_public_key_clear)

/* Finds `key_id` among the kiosk's own keys, then the trusted ones; only reads. FALSE with
 * KIOSK_ERROR_TOKEN_UNKNOWN_KEY when neither holds it (or the row's public key does not
 * have that id). */
gboolean          kiosk_keys_lookup          (KioskStore             *store,
                                              const char             *key_id,
                                              KioskPublicKey         *out_key,
                                              GError                **error);

G_END_DECLS
