/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ed25519 keys through libsodium: the kiosk's own signing key in kiosk_keys, the keys it
 * trusts in signing_keys, and key ids. libsodium rather than OpenSSL's EVP because its
 * detached sign/verify calls take fixed-size buffers, never allocate, and reject
 * non-canonical signatures and small-order keys, so a token has exactly one valid form. */
#define G_LOG_DOMAIN "kiosk-keys"

#include "config.h"

#include "kiosk-keys.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "kiosk-keys-private.h"
#include "kiosk-store-private.h"

G_STATIC_ASSERT (KIOSK_KEY_PUBLIC_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (KIOSK_KEY_SEED_BYTES == crypto_sign_SEEDBYTES);
G_STATIC_ASSERT (KIOSK_KEY_SIGNATURE_BYTES == crypto_sign_BYTES);

/* The part of SHA-256 (public key) that names a key. */
#define KEY_ID_BYTES 8

struct _KioskSigningKey
{
  guint8 secret[crypto_sign_SECRETKEYBYTES];  /* libsodium's seed || public key */
  guint8 public_key[KIOSK_KEY_PUBLIC_BYTES];
  char   id[KIOSK_KEY_ID_LENGTH + 1];
};

void
kiosk_crypto_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Without it there is no safe random source: nothing may be signed. */
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialized, 1);
    }
}

char *
kiosk_base64url_encode (const guint8 *data,
                        gsize         len)
{
  gsize size = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *text = g_malloc (size);

  sodium_bin2base64 (text, size, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

gboolean
kiosk_base64url_decode (const char *text,
                        gsize       text_len,
                        guint8     *out,
                        gsize       out_max,
                        gsize      *out_len)
{
  kiosk_crypto_init ();

  /* libsodium 1.0.18 compares only the low 8 bits of a sign-extended char, so a byte with
   * the high bit set can pass for an alphabet character ("\xdf" for "_"): check the
   * alphabet here first. */
  for (gsize i = 0; i < text_len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;

  /* No ignored characters and no end pointer: padding, any character outside the URL-safe
   * alphabet, leftover bits that are not zero and anything left over all fail. */
  return sodium_base642bin (out, out_max, text, text_len, NULL, out_len, NULL,
                            sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

/* Signing keys in memory ---------------------------------------------------------------- */

static KioskSigningKey *
signing_key_from_seed (const guint8 *seed)
{
  KioskSigningKey *key = g_new0 (KioskSigningKey, 1);
  g_autofree char *id = NULL;

  kiosk_crypto_init ();
  crypto_sign_seed_keypair (key->public_key, key->secret, seed);
  id = kiosk_key_id_for_public_key (key->public_key);
  memcpy (key->id, id, sizeof key->id);
  return key;
}

KioskSigningKey *
kiosk_signing_key_generate (void)
{
  guint8 seed[KIOSK_KEY_SEED_BYTES];
  KioskSigningKey *key;

  kiosk_crypto_init ();
  randombytes_buf (seed, sizeof seed);
  key = signing_key_from_seed (seed);
  sodium_memzero (seed, sizeof seed);
  return key;
}

KioskSigningKey *
kiosk_signing_key_new_from_seed (const guint8 *seed,
                                 gsize         seed_len,
                                 GError      **error)
{
  g_return_val_if_fail (seed != NULL, NULL);

  if (seed_len != KIOSK_KEY_SEED_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "A signing key seed has %d bytes, not %" G_GSIZE_FORMAT,
                   KIOSK_KEY_SEED_BYTES, seed_len);
      return NULL;
    }
  return signing_key_from_seed (seed);
}

void
kiosk_signing_key_free (KioskSigningKey *key)
{
  if (key == NULL)
    return;
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

const char *
kiosk_signing_key_get_id (const KioskSigningKey *key)
{
  return key->id;
}

const guint8 *
kiosk_signing_key_get_public_key (const KioskSigningKey *key)
{
  return key->public_key;
}

void
kiosk_signing_key_sign (const KioskSigningKey *key,
                        const guint8          *message,
                        gsize                  message_len,
                        guint8                *signature)
{
  crypto_sign_detached (signature, NULL, message, message_len, key->secret);
}

gboolean
kiosk_key_verify (const guint8 public_key[KIOSK_KEY_PUBLIC_BYTES],
                  const guint8 *message,
                  gsize         message_len,
                  const guint8  signature[KIOSK_KEY_SIGNATURE_BYTES])
{
  kiosk_crypto_init ();
  return crypto_sign_verify_detached (signature, message, message_len, public_key) == 0;
}

/* Public keys as text ------------------------------------------------------------------- */

char *
kiosk_key_id_for_public_key (const guint8 public_key[KIOSK_KEY_PUBLIC_BYTES])
{
  guint8 hash[crypto_hash_sha256_BYTES];

  kiosk_crypto_init ();
  crypto_hash_sha256 (hash, public_key, KIOSK_KEY_PUBLIC_BYTES);
  return kiosk_base64url_encode (hash, KEY_ID_BYTES);
}

char *
kiosk_key_public_to_text (const guint8 public_key[KIOSK_KEY_PUBLIC_BYTES])
{
  return kiosk_base64url_encode (public_key, KIOSK_KEY_PUBLIC_BYTES);
}

gboolean
kiosk_key_public_from_text (const char *text,
                            guint8      public_key[KIOSK_KEY_PUBLIC_BYTES],
                            GError    **error)
{
  guint8 decoded[KIOSK_KEY_PUBLIC_BYTES];
  gsize len = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!kiosk_base64url_decode (text, strlen (text), decoded, sizeof decoded, &len) ||
      len != KIOSK_KEY_PUBLIC_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "A public key is %d bytes in unpadded base64url (43 characters)",
                   KIOSK_KEY_PUBLIC_BYTES);
      return FALSE;
    }
  if (!crypto_core_ed25519_is_valid_point (decoded))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "That is not a usable Ed25519 public key");
      return FALSE;
    }
  memcpy (public_key, decoded, KIOSK_KEY_PUBLIC_BYTES);
  return TRUE;
}

static gboolean
is_kiosk_code (const char *code)
{
  gsize len = strlen (code);

  if (len < 2 || len > 12)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

gboolean
kiosk_key_owner_is_valid (const char *owner)
{
  if (owner == NULL)
    return FALSE;
  if (g_str_equal (owner, KIOSK_KEY_OWNER_SERVER))
    return TRUE;
  return g_str_has_prefix (owner, KIOSK_KEY_OWNER_KIOSK_PREFIX) &&
         is_kiosk_code (owner + strlen (KIOSK_KEY_OWNER_KIOSK_PREFIX));
}

/* The kiosk's own key ------------------------------------------------------------------- */

/* The secret seed lives in the database: no other user of the machine may read the file or
 * the WAL and shared-memory files beside it (SQLite gives those the main file's mode). */
static gboolean
protect_database (KioskStore *store,
                  GError    **error)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (kiosk_store_get_path (store), suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        {
          int saved = errno;
          if (saved == ENOENT && i > 0)
            continue;
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO, "%s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      if ((st.st_mode & S_IRWXO) != 0 && g_chmod (path, st.st_mode & 07770) != 0)
        {
          int saved = errno;
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO,
                       "%s holds the kiosk's signing key but cannot be made private: %s",
                       path, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
insert_own (KioskStore            *store,
            const KioskSigningKey *key,
            GError               **error)
{
  sqlite3_stmt *stmt;

  /* Installing a key the kiosk already had brings it back instead of duplicating it. */
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO kiosk_keys (key_id, public_key, secret_seed,"
                              " created_at) VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (key_id) DO UPDATE SET retired_at = NULL"
                              " WHERE public_key = excluded.public_key"
                              " AND secret_seed = excluded.secret_seed",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, key->id);
  sqlite3_bind_blob (stmt, 2, key->public_key, KIOSK_KEY_PUBLIC_BYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, key->secret, KIOSK_KEY_SEED_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;
  sqlite3_clear_bindings (stmt);

  if (sqlite3_changes (kiosk_store_get_db (store)) != 1)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT,
                   "Another key with id %s is already stored", key->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_active (KioskStore *store,
              gint64     *out_count,
              GError    **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT count (*) FROM kiosk_keys"
                                            " WHERE retired_at IS NULL",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "read the kiosk's keys", error);
  return TRUE;
}

gboolean
kiosk_keys_ensure_own (KioskStore *store,
                       gboolean   *out_created,
                       GError    **error)
{
  g_autoptr(KioskSigningKey) key = NULL;
  gint64 active = 0;

  g_return_val_if_fail (store != NULL, FALSE);

  if (out_created != NULL)
    *out_created = FALSE;

  /* Private first: the secret is never in a file others can read, not even for a moment. */
  if (!protect_database (store, error) || !kiosk_store_begin (store, error))
    return FALSE;

  if (!count_active (store, &active, error))
    goto fail;
  if (active == 0)
    {
      key = kiosk_signing_key_generate ();
      if (!insert_own (store, key, error))
        goto fail;
    }
  if (!kiosk_store_commit (store, error))
    return FALSE;

  if (key != NULL)
    g_info ("%s: new signing key %s", kiosk_store_get_path (store), key->id);
  if (out_created != NULL)
    *out_created = key != NULL;
  /* The WAL file may have appeared with the write. */
  return protect_database (store, error);

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

gboolean
kiosk_keys_install_own (KioskStore            *store,
                        const KioskSigningKey *key,
                        GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && key != NULL, FALSE);

  if (!protect_database (store, error) || !kiosk_store_begin (store, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "UPDATE kiosk_keys SET retired_at = ?1"
                              " WHERE retired_at IS NULL AND key_id <> ?2",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store));
  kiosk_bind_text (stmt, 2, key->id);
  if (!kiosk_store_step_done (store, stmt, error) || !insert_own (store, key, error) ||
      !kiosk_store_commit (store, error))
    goto fail;
  return protect_database (store, error);

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

KioskSigningKey *
kiosk_keys_load_own (KioskStore *store,
                     GError    **error)
{
  g_autoptr(KioskSigningKey) key = NULL;
  g_autofree char *stored_id = NULL;
  guint8 public_key[KIOSK_KEY_PUBLIC_BYTES];
  guint8 seed[KIOSK_KEY_SEED_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = kiosk_store_prepare (store,
                              "SELECT key_id, public_key, secret_seed FROM kiosk_keys"
                              " WHERE retired_at IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      sqlite3_column_bytes (stmt, 1) == KIOSK_KEY_PUBLIC_BYTES &&
      sqlite3_column_bytes (stmt, 2) == KIOSK_KEY_SEED_BYTES)
    {
      stored_id = kiosk_column_dup_text (stmt, 0);
      memcpy (public_key, sqlite3_column_blob (stmt, 1), KIOSK_KEY_PUBLIC_BYTES);
      memcpy (seed, sqlite3_column_blob (stmt, 2), KIOSK_KEY_SEED_BYTES);
      key = signing_key_from_seed (seed);
      sodium_memzero (seed, sizeof seed);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                   "%s has no signing key: run `kiosk-admin init` to make one",
                   kiosk_store_get_path (store));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read the kiosk's signing key", error);
      return NULL;
    }
  if (key == NULL || g_strcmp0 (stored_id, key->id) != 0 ||
      sodium_memcmp (public_key, key->public_key, KIOSK_KEY_PUBLIC_BYTES) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                   "%s: the kiosk's signing key %s does not match its public half",
                   kiosk_store_get_path (store), stored_id ? stored_id : "(none)");
      return NULL;
    }
  return g_steal_pointer (&key);
}

/* Keys of others ------------------------------------------------------------------------ */

gboolean
kiosk_keys_trust (KioskStore   *store,
                  const char   *owner,
                  const guint8 *public_key,
                  gint64        valid_from,
                  gint64        valid_until,
                  GError      **error)
{
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && public_key != NULL, FALSE);

  kiosk_crypto_init ();
  if (!kiosk_key_owner_is_valid (owner))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "A key's owner is \"server\" or \"kiosk:\" and a kiosk code, not \"%s\"",
                   owner ? owner : "(none)");
      return FALSE;
    }
  if (!crypto_core_ed25519_is_valid_point (public_key))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "That is not a usable Ed25519 public key");
      return FALSE;
    }
  if (valid_from < 0 || valid_until < 0 || (valid_until != 0 && valid_until <= valid_from))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "A key's validity must start at or after 1970 and end after it starts");
      return FALSE;
    }

  id = kiosk_key_id_for_public_key (public_key);
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO signing_keys (key_id, owner, algorithm, public_key,"
                              " valid_from, valid_until) VALUES (?1, ?2, 'ed25519', ?3, ?4, ?5)"
                              " ON CONFLICT (key_id) DO UPDATE SET owner = excluded.owner,"
                              " public_key = excluded.public_key,"
                              " valid_from = excluded.valid_from,"
                              " valid_until = excluded.valid_until",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, id);
  kiosk_bind_text (stmt, 2, owner);
  sqlite3_bind_blob (stmt, 3, public_key, KIOSK_KEY_PUBLIC_BYTES, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, valid_from);
  if (valid_until != 0)
    sqlite3_bind_int64 (stmt, 5, valid_until);
  else
    sqlite3_bind_null (stmt, 5);
  return kiosk_store_step_done (store, stmt, error);
}

void
kiosk_public_key_clear (KioskPublicKey *key)
{
  g_clear_pointer (&key->owner, g_free);
  memset (key->public_key, 0, sizeof key->public_key);
  key->own = FALSE;
  key->valid_from = key->valid_until = 0;
}

/* A row is only believed when its public key has the id it is filed under. */
static gboolean
check_id (const char   *key_id,
          const void   *blob,
          int           blob_len,
          guint8        out[KIOSK_KEY_PUBLIC_BYTES])
{
  g_autofree char *id = NULL;

  if (blob == NULL || blob_len != KIOSK_KEY_PUBLIC_BYTES)
    return FALSE;
  id = kiosk_key_id_for_public_key (blob);
  if (!g_str_equal (id, key_id))
    return FALSE;
  memcpy (out, blob, KIOSK_KEY_PUBLIC_BYTES);
  return TRUE;
}

gboolean
kiosk_keys_lookup (KioskStore     *store,
                   const char     *key_id,
                   KioskPublicKey *out_key,
                   GError        **error)
{
  g_auto(KioskPublicKey) key = { { 0 } };
  sqlite3_stmt *stmt;
  gboolean found = FALSE, matches = FALSE;
  int rc;

  g_return_val_if_fail (store != NULL && key_id != NULL && out_key != NULL, FALSE);

  stmt = kiosk_store_prepare (store, "SELECT public_key FROM kiosk_keys WHERE key_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, key_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      matches = check_id (key_id, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                          key.public_key);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "look up a key", error);

  if (found && matches)
    {
      g_autofree char *code = kiosk_store_dup_kiosk_code (store, error);

      if (code == NULL)
        return FALSE;
      key.owner = g_strconcat (KIOSK_KEY_OWNER_KIOSK_PREFIX, code, NULL);
      key.own = TRUE;
    }
  else if (!found)
    {
      stmt = kiosk_store_prepare (store,
                                  "SELECT owner, public_key, valid_from, valid_until"
                                  " FROM signing_keys WHERE key_id = ?1 AND algorithm = 'ed25519'",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, key_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          found = TRUE;
          matches = check_id (key_id, sqlite3_column_blob (stmt, 1),
                              sqlite3_column_bytes (stmt, 1), key.public_key);
          key.owner = kiosk_column_dup_text (stmt, 0);
          key.valid_from = sqlite3_column_int64 (stmt, 2);
          key.valid_until = sqlite3_column_int64 (stmt, 3);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return kiosk_store_fail (store, rc, "look up a key", error);
    }

  if (!found)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_UNKNOWN_KEY,
                   "Signed with key %s, which this kiosk does not know", key_id);
      return FALSE;
    }
  if (!matches)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_UNKNOWN_KEY,
                   "The key stored as %s is not the key with that id: it is not used",
                   key_id);
      return FALSE;
    }

  *out_key = key;
  memset (&key, 0, sizeof key);
  return TRUE;
}
