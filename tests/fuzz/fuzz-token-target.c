/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The token fuzz target's body: see fuzz-token-target.h. */
#define G_LOG_DOMAIN "fuzz-token"

#include "config.h"

#include "fuzz-token-target.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-store-private.h"
#include "kiosk-token-private.h"
#include "kiosk-token.h"

/* 2026-11-30 10:00 in Muscat (UTC+4). */
#define FUZZ_NOW G_GINT64_CONSTANT (1796018400)

static char *scratch;
static KioskStore *store;

static gint64
pinned_now (gpointer user_data)
{
  return FUZZ_NOW;
}

KioskSigningKey *
fuzz_token_dup_key (FuzzKey key)
{
  guint8 seed[KIOSK_KEY_SEED_BYTES];

  for (guint i = 0; i < sizeof seed; i++)
    seed[i] = (guint8) (0x21 * (key + 1) + i);
  return kiosk_signing_key_new_from_seed (seed, sizeof seed, NULL);
}

static void
trust (FuzzKey     which,
       const char *owner,
       gint64      valid_until)
{
  g_autoptr(KioskSigningKey) key = fuzz_token_dup_key (which);
  g_autoptr(GError) error = NULL;

  if (!kiosk_keys_trust (store, owner, kiosk_signing_key_get_public_key (key), 0, valid_until,
                         &error))
    g_error ("fuzz set-up: %s", error->message);
}

void
fuzz_token_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) own = fuzz_token_dup_key (FUZZ_KEY_OWN);
  g_autofree char *path = NULL;

  g_assert (store == NULL);
  scratch = g_dir_make_tmp ("kiosk-fuzz-XXXXXX", &error);
  if (scratch == NULL)
    g_error ("fuzz set-up: %s", error->message);
  path = g_build_filename (scratch, "kiosk.db", NULL);
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !kiosk_store_set_identity (store, "TST01", &error) ||
      !kiosk_keys_install_own (store, own, &error))
    g_error ("fuzz set-up: %s", error->message);
  kiosk_store_set_clock (store, pinned_now, NULL);
  trust (FUZZ_KEY_SERVER, KIOSK_KEY_OWNER_SERVER, 0);
  trust (FUZZ_KEY_OTHER_KIOSK, "kiosk:MCT02", 0);
  trust (FUZZ_KEY_EXPIRED_SERVER, KIOSK_KEY_OWNER_SERVER, FUZZ_NOW - 86400);
}

void
fuzz_token_tear_down (void)
{
  const char *names[] = { "kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.db.photos" };

  if (store == NULL)
    return;
  g_clear_pointer (&store, kiosk_store_close);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (scratch, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (scratch);
  g_clear_pointer (&scratch, g_free);
}

KioskStore *
fuzz_token_get_store (void)
{
  return store;
}

static gboolean
is_token_error (const GError *error)
{
  return error != NULL && error->domain == KIOSK_ERROR &&
         error->code >= KIOSK_ERROR_TOKEN_MALFORMED &&
         error->code <= KIOSK_ERROR_TOKEN_KEY_NOT_VALID && error->message[0] != '\0';
}

gboolean
fuzz_token_check (const guint8 *data,
                  gsize         size,
                  GError      **error)
{
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(KioskToken) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  sqlite3 *db = kiosk_store_get_db (store);
  sqlite3_int64 changes = sqlite3_total_changes64 (db);
  const char *text = size > 0 ? (const char *) data : "";
  gboolean ok;

  ok = kiosk_token_verify (store, text, (gssize) size, KIOSK_TOKEN_ANY, &token, &local_error);
  parsed = kiosk_token_parse (text, (gssize) size, &parse_error);

  /* Verification only reads. */
  g_assert (sqlite3_total_changes64 (db) == changes);

  if (ok)
    {
      g_assert (token != NULL && local_error == NULL && parsed != NULL);
      g_assert (strlen (kiosk_token_get_text (token)) == size);
      g_assert (memcmp (kiosk_token_get_text (token), data, size) == 0);
      g_assert (kiosk_token_get_signer (token) != NULL);
    }
  else
    {
      g_assert (token == NULL);
      g_assert (is_token_error (local_error));
    }

  if (parsed != NULL)
    {
      /* One spelling per token: what was read encodes back to the same bytes. */
      g_autofree char *again = kiosk_token_reencode (parsed);

      g_assert (again != NULL);
      g_assert (strlen (again) == size && memcmp (again, data, size) == 0);
      /* What parses fails, if at all, on its key, signature, kind or expiry. */
      g_assert (ok || (local_error->code != KIOSK_ERROR_TOKEN_MALFORMED &&
                       local_error->code != KIOSK_ERROR_TOKEN_TOO_LONG &&
                       local_error->code != KIOSK_ERROR_TOKEN_VERSION));
    }
  else
    {
      /* The verifier refuses what the parser refuses, for the same reason. */
      g_assert (is_token_error (parse_error));
      g_assert (!ok && local_error->code == parse_error->code);
    }

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
