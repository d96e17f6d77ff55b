/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, kiosks' public signing keys through the feed: the operator registers kiosk A's
 * key on the central (`kiosk-central kiosk-key`, checked), kiosk B's real agent pulls it into
 * B's key store, and B then verifies a tracking slip A signed; once A is disabled, B's next
 * pull withdraws the key and the slip is no longer trusted. */
#define G_LOG_DOMAIN "test-e2e-keys"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-keys.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"
#include "sync-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *token_file;
  char *config;
} Kiosk;

static void
kiosk_make (Kiosk      *kiosk,
            const char *parent,
            const char *code,
            const char *server_db,
            const char *url)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  kiosk->dir = g_build_filename (parent, code, NULL);
  g_assert_cmpint (g_mkdir (kiosk->dir, 0700), ==, 0);
  kiosk->db = g_build_filename (kiosk->dir, "kiosk.db", NULL);
  kiosk->token_file = g_build_filename (kiosk->dir, "token", NULL);
  sync_kiosk_create (kiosk->db, code, 0, 0, 0, 0, 0, 5);
  store = kiosk_store_open (kiosk->db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_keys_ensure_own (store, &created, &error));
  g_assert_no_error (error);
  sync_server_add_kiosk (server_db, code, kiosk->token_file);
  kiosk->config = sync_agent_config (kiosk->dir, kiosk->db, url, kiosk->token_file, NULL);
}

static void
kiosk_clear (Kiosk *kiosk)
{
  g_free (kiosk->dir);
  g_free (kiosk->db);
  g_free (kiosk->token_file);
  g_free (kiosk->config);
}

/* The kiosk's public key as `kiosk-admin keys` prints it. */
static char *
public_key_text (const Kiosk *kiosk)
{
  g_autoptr(KioskStore) store = kiosk_store_open (kiosk->db, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autoptr(KioskSigningKey) key = kiosk_keys_load_own (store, NULL);

  g_assert_nonnull (key);
  return kiosk_key_public_to_text (kiosk_signing_key_get_public_key (key));
}

static char *
sign_tracking_slip (const Kiosk *kiosk,
                    const char  *reference)
{
  g_autoptr(KioskStore) store = kiosk_store_open (kiosk->db, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autoptr(GError) error = NULL;
  KioskTokenFields fields = { 0 };
  char *text;

  fields.reference = reference;
  fields.uuid = "9b2e7c1a-4f3d-4e8b-a1c2-3d4e5f6a7b8c";
  text = kiosk_token_sign (store, KIOSK_TOKEN_REPORT_TRACKING, &fields, &error);
  g_assert_no_error (error);
  return text;
}

/* Whether `kiosk` trusts the slip now; FALSE only for an unknown signer. */
static gboolean
verifies (const Kiosk *kiosk,
          const char  *slip,
          const char  *signer)
{
  g_autoptr(KioskStore) store = kiosk_store_open (kiosk->db, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiosk_token_verify (store, slip, -1, KIOSK_TOKEN_ANY, &token, &error))
    {
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_UNKNOWN_KEY);
      return FALSE;
    }
  g_assert_cmpstr (kiosk_token_get_signer (token), ==, signer);
  return TRUE;
}

static void
test_kiosk_keys_travel_through_the_feed (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *key_a = NULL;
  g_autofree char *slip = NULL;
  g_autofree char *out = NULL;
  Kiosk a = { 0 }, b = { 0 };
  SyncServer *server;

  server = sync_server_start (server_db, 0, NULL);
  kiosk_make (&a, dir, "KEA01", server_db, server->url);
  kiosk_make (&b, dir, "KEB01", server_db, server->url);
  key_a = public_key_text (&a);
  slip = sign_tracking_slip (&a, "KEA01-261130-0001");

  /* Nobody has told B about A's key yet. */
  g_assert_cmpint (sync_agent_once (b.config, NULL), ==, 0);
  g_assert_false (verifies (&b, slip, "kiosk:KEA01"));

  /* Refused, and nothing changes: not a key, an unknown kiosk, a key already A's. */
  {
    const char *not_a_key[] = { "kiosk-key", "--kiosk", "KEA01", "--public-key",
                                "not-a-key", NULL };
    const char *unknown[] = { "kiosk-key", "--kiosk", "NOPE01", "--public-key", key_a, NULL };
    const char *register_a[] = { "kiosk-key", "--kiosk", "KEA01", "--public-key", key_a, NULL };
    const char *steal[] = { "kiosk-key", "--kiosk", "KEB01", "--public-key", key_a, NULL };
    g_autofree char *err1 = sync_central_refused (server_db, not_a_key);
    g_autofree char *err2 = sync_central_refused (server_db, unknown);
    g_autofree char *err3 = NULL;

    g_assert_nonnull (strstr (err1, "43 characters"));
    g_assert_nonnull (strstr (err2, "no enabled kiosk NOPE01"));
    g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM changes WHERE"
                                                   " dataset = 'signing_keys'"), ==, 0);
    out = sync_central_run (server_db, register_a);
    err3 = sync_central_refused (server_db, steal);
    g_assert_nonnull (strstr (err3, "already kiosk:KEA01's"));
  }

  /* B's agent pulls A's key into B's key store: A's slip verifies at B now. */
  g_assert_cmpint (sync_agent_once (b.config, NULL), ==, 0);
  g_assert_true (verifies (&b, slip, "kiosk:KEA01"));
  g_assert_cmpint (sync_kiosk_count (b.db, "SELECT count (*) FROM signing_keys WHERE owner ="
                                           " 'kiosk:KEA01'"), ==, 1);

  /* A is disabled: its key is withdrawn through the feed, and B stops trusting the slip. */
  {
    const char *disable[] = { "add-kiosk", "--disable", "KEA01", NULL };

    g_free (sync_central_run (server_db, disable));
  }
  g_assert_cmpint (sync_agent_once (b.config, NULL), ==, 0);
  g_assert_false (verifies (&b, slip, "kiosk:KEA01"));
  g_assert_cmpint (sync_kiosk_count (b.db, "SELECT count (*) FROM signing_keys WHERE owner ="
                                           " 'kiosk:KEA01'"), ==, 0);

  sync_server_free (server);
  kiosk_clear (&a);
  kiosk_clear (&b);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/sync/e2e/kiosk-keys-travel-through-the-feed",
                   test_kiosk_keys_travel_through_the_feed);
  return g_test_run ();
}
