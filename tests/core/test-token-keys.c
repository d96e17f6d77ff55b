/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-keys and `kiosk-admin init`/`keys`: key ids, the kiosk's own key (made once,
 * kept private, rotated without orphaning old receipts, tampering detected) and the checks on
 * trusted keys. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-keys.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"

typedef KioskTestFixture Fixture;

/* Unpadded base64url from RFC 4648, independent of the library. */
static char *
b64url (const guint8 *data,
        gsize         len)
{
  char *text = g_base64_encode (data, len);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  *strchrnul (text, '=') = '\0';
  return text;
}

static KioskSigningKey *
key_from_byte (guint8 byte)
{
  g_autoptr(GError) error = NULL;
  guint8 seed[KIOSK_KEY_SEED_BYTES];
  KioskSigningKey *key;

  memset (seed, byte, sizeof seed);
  key = kiosk_signing_key_new_from_seed (seed, sizeof seed, &error);
  g_assert_no_error (error);
  return key;
}

/* A kiosk database as it was before `kiosk-admin init` learnt to make keys. */
static KioskStore *
keyless_store (Fixture    *f,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  KioskStore *store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (kiosk_store_set_identity (store, "TST02", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_count_rows (store, "kiosk_keys"), ==, 0);
  return store;
}

/* Key ids and texts ----------------------------------------------------------------------- */

static void
test_id_is_sha256_prefix (void)
{
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(KioskSigningKey) key = kiosk_signing_key_generate ();
      g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize len = sizeof digest;
      g_autofree char *expected = NULL;
      g_autofree char *computed = NULL;

      g_checksum_update (sha, kiosk_signing_key_get_public_key (key), KIOSK_KEY_PUBLIC_BYTES);
      g_checksum_get_digest (sha, digest, &len);
      expected = b64url (digest, 8);
      computed = kiosk_key_id_for_public_key (kiosk_signing_key_get_public_key (key));

      g_assert_cmpuint (strlen (expected), ==, KIOSK_KEY_ID_LENGTH);
      g_assert_cmpstr (kiosk_signing_key_get_id (key), ==, expected);
      g_assert_cmpstr (computed, ==, expected);
    }
}

static void
test_seed_gives_same_key (void)
{
  g_autoptr(KioskSigningKey) a = key_from_byte (7);
  g_autoptr(KioskSigningKey) b = key_from_byte (7);
  g_autoptr(KioskSigningKey) c = key_from_byte (8);
  g_autoptr(KioskSigningKey) short_seed = NULL;
  g_autoptr(GError) error = NULL;
  guint8 seed[KIOSK_KEY_SEED_BYTES] = { 0 };
  guint8 sig_a[KIOSK_KEY_SIGNATURE_BYTES], sig_b[KIOSK_KEY_SIGNATURE_BYTES];

  g_assert_cmpmem (kiosk_signing_key_get_public_key (a), KIOSK_KEY_PUBLIC_BYTES,
                   kiosk_signing_key_get_public_key (b), KIOSK_KEY_PUBLIC_BYTES);
  g_assert_cmpstr (kiosk_signing_key_get_id (a), ==, kiosk_signing_key_get_id (b));
  g_assert_cmpstr (kiosk_signing_key_get_id (a), !=, kiosk_signing_key_get_id (c));

  kiosk_signing_key_sign (a, (const guint8 *) "abc", 3, sig_a);
  kiosk_signing_key_sign (b, (const guint8 *) "abc", 3, sig_b);
  g_assert_cmpmem (sig_a, sizeof sig_a, sig_b, sizeof sig_b);

  short_seed = kiosk_signing_key_new_from_seed (seed, sizeof seed - 1, &error);
  g_assert_null (short_seed);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
}

static void
test_public_key_text (void)
{
  g_autoptr(KioskSigningKey) key = kiosk_signing_key_generate ();
  const guint8 *public_key = kiosk_signing_key_get_public_key (key);
  g_autofree char *text = kiosk_key_public_to_text (public_key);
  g_autofree char *padded = g_strconcat (text, "=", NULL);
  g_autofree char *short_text = g_strndup (text, 42);
  g_autofree char *plus = g_strdup (text);
  guint8 zero[KIOSK_KEY_PUBLIC_BYTES] = { 0 };
  g_autofree char *small_order = b64url (zero, sizeof zero);
  guint8 decoded[KIOSK_KEY_PUBLIC_BYTES];
  const char *bad[] = { padded, short_text, plus, small_order, "", "not a key" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (text), ==, 43);
  g_assert_true (kiosk_key_public_from_text (text, decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (decoded, sizeof decoded, public_key, KIOSK_KEY_PUBLIC_BYTES);

  plus[10] = '+';
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (kiosk_key_public_from_text (bad[i], decoded, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
    }
}

static void
test_owner_names (void)
{
  const char *good[] = { "server", "kiosk:MCT01", "kiosk:AB", "kiosk:ABCDEFGHIJ12" };
  const char *bad[] = { "Server", "kiosk:", "kiosk:A", "kiosk:mct01", "kiosk:ABCDEFGHIJ123",
                        "kiosk:MCT-1", "kiosk MCT01", "", "server ", "kiosk:MCT01\n" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (kiosk_key_owner_is_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (kiosk_key_owner_is_valid (bad[i]));
  g_assert_false (kiosk_key_owner_is_valid (NULL));
}

/* The kiosk's own key --------------------------------------------------------------------- */

static void
test_ensure_own_once (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KioskStore) store = keyless_store (f, "fresh.db");
  g_autoptr(KioskSigningKey) first = NULL;
  g_autoptr(KioskSigningKey) again = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  first = kiosk_keys_load_own (store, &error);
  g_assert_null (first);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (kiosk_keys_ensure_own (store, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
  first = kiosk_keys_load_own (store, &error);
  g_assert_no_error (error);

  g_assert_true (kiosk_keys_ensure_own (store, &created, &error));
  g_assert_no_error (error);
  g_assert_false (created);
  again = kiosk_keys_load_own (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_signing_key_get_id (again), ==, kiosk_signing_key_get_id (first));
  g_assert_cmpint (kiosk_test_count_rows (store, "kiosk_keys"), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM kiosk_keys WHERE"
                                         " key_id = ?1 AND retired_at IS NULL",
                                         kiosk_signing_key_get_id (first), NULL), ==, 1);
}

static void
test_database_made_private (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KioskStore) store = keyless_store (f, "private.db");
  g_autoptr(GError) error = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (kiosk_store_get_path (store), suffixes[i], NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_chmod (path, 0644), ==, 0);
    }

  g_assert_true (kiosk_keys_ensure_own (store, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (kiosk_store_get_path (store), suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        continue;
      g_test_message ("%s: %o", path, (unsigned) (st.st_mode & 0777));
      g_assert_cmpint (st.st_mode & S_IRWXO, ==, 0);
      /* The owner keeps its access; the kiosk's group (the sync agent) too. */
      g_assert_cmpint (st.st_mode & S_IRUSR, !=, 0);
      g_assert_cmpint (st.st_mode & S_IWUSR, !=, 0);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 2);
}

static char *
sign_receipt (KioskStore *store,
              const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = kiosk_uuid_new ();
  KioskTokenFields fields = { .reference = reference, .uuid = uuid, .service = "fines",
                              .amount = 5000, .time = kiosk_store_now (store) };
  char *text = kiosk_token_sign (store, KIOSK_TOKEN_RECEIPT, &fields, &error);

  g_assert_no_error (error);
  return text;
}

static void
assert_own_receipt (KioskStore *store,
                    const char *text,
                    const char *key_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskToken) token = NULL;

  g_assert_true (kiosk_token_verify (store, text, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_token_is_own (token));
  g_assert_cmpstr (kiosk_token_get_key_id (token), ==, key_id);
}

static void
test_install_rotates (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) original = kiosk_keys_load_own (f->store, &error);
  g_autoptr(KioskSigningKey) replacement = key_from_byte (42);
  g_autoptr(KioskSigningKey) now_active = NULL;
  g_autofree char *old_receipt = NULL;
  g_autofree char *new_receipt = NULL;
  const char *original_id = kiosk_signing_key_get_id (original);
  const char *replacement_id = kiosk_signing_key_get_id (replacement);

  g_assert_no_error (error);
  old_receipt = sign_receipt (f->store, "TST01-261130-0001");

  g_assert_true (kiosk_keys_install_own (f->store, replacement, &error));
  g_assert_no_error (error);
  now_active = kiosk_keys_load_own (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_signing_key_get_id (now_active), ==, replacement_id);
  new_receipt = sign_receipt (f->store, "TST01-261130-0002");

  /* The retired key signs nothing new but still vouches for what it signed. */
  assert_own_receipt (f->store, old_receipt, original_id);
  assert_own_receipt (f->store, new_receipt, replacement_id);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "kiosk_keys"), ==, 2);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM kiosk_keys"
                                         " WHERE retired_at IS NOT NULL AND key_id = ?1",
                                         original_id, NULL), ==, 1);

  /* Bringing the first key back reuses its row. */
  g_clear_pointer (&now_active, kiosk_signing_key_free);
  g_assert_true (kiosk_keys_install_own (f->store, original, &error));
  g_assert_no_error (error);
  now_active = kiosk_keys_load_own (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_signing_key_get_id (now_active), ==, original_id);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "kiosk_keys"), ==, 2);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM kiosk_keys"
                                         " WHERE retired_at IS NULL", NULL), ==, 1);
}

static void
test_tampered_own_key (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) other = key_from_byte (9);
  g_autoptr(KioskSigningKey) loaded = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  sqlite3 *db = kiosk_store_get_db (f->store);
  sqlite3_stmt *stmt = NULL;

  /* The public half no longer matches the secret seed beside it. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE kiosk_keys SET public_key = ?1", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, kiosk_signing_key_get_public_key (other), KIOSK_KEY_PUBLIC_BYTES,
                     SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  loaded = kiosk_keys_load_own (f->store, &error);
  g_assert_null (loaded);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT);
  g_clear_error (&error);

  /* The visitor's record is still written; only its QR code is missing. */
  g_test_expect_message ("kiosk-token", G_LOG_LEVEL_WARNING, "*without a QR code*");
  g_assert_true (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_COMPLAINT,
                                                 "The ramp is blocked", NULL, &ref, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM receipts WHERE"
                                         " record_uuid = ?1 AND qr_payload IS NULL",
                                         ref.uuid, NULL), ==, 1);
}

/* Trusted keys ----------------------------------------------------------------------------- */

static void
test_trust_validates (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KioskSigningKey) key = key_from_byte (5);
  const guint8 *public_key = kiosk_signing_key_get_public_key (key);
  guint8 small_order[KIOSK_KEY_PUBLIC_BYTES] = { 1 };  /* the neutral element */
  g_autoptr(GError) error = NULL;
  g_auto(KioskPublicKey) found = { { 0 } };
  struct
  {
    const char   *owner;
    const guint8 *key;
    gint64        from;
    gint64        until;
  } bad[] = {
    { "Server", public_key, 0, 0 },
    { "kiosk:mct01", public_key, 0, 0 },
    { NULL, public_key, 0, 0 },
    { "server", small_order, 0, 0 },
    { "server", public_key, 100, 100 },
    { "server", public_key, 100, 50 },
    { "server", public_key, -1, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (kiosk_keys_trust (f->store, bad[i].owner, bad[i].key, bad[i].from,
                                        bad[i].until, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
    }
  g_clear_error (&error);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "signing_keys"), ==, 0);

  g_assert_true (kiosk_keys_trust (f->store, "kiosk:MCT05", public_key, 10, 0, &error));
  g_assert_no_error (error);
  /* The same key again updates what is known about it. */
  g_assert_true (kiosk_keys_trust (f->store, "server", public_key, 20, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "signing_keys"), ==, 1);

  g_assert_true (kiosk_keys_lookup (f->store, kiosk_signing_key_get_id (key), &found, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (found.owner, ==, "server");
  g_assert_false (found.own);
  g_assert_cmpint (found.valid_from, ==, 20);
  g_assert_cmpint (found.valid_until, ==, 30);
  g_assert_cmpmem (found.public_key, KIOSK_KEY_PUBLIC_BYTES, public_key, KIOSK_KEY_PUBLIC_BYTES);
}

/* kiosk-admin ----------------------------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_GNUC_NULL_TERMINATED static Run
run_admin (Fixture *f,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (f->dir, "kiosk.conf", NULL);
  const char *admin = g_getenv ("KIOSK_ADMIN");
  Run run = { -1, NULL, NULL };
  va_list ap;

  g_assert_nonnull (admin);
  g_file_set_contents (config, "[kiosk]\ncode=CFG01\n", -1, &error);
  g_assert_no_error (error);

  g_ptr_array_add (args, (gpointer) admin);
  va_start (ap, f);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "KIOSK_CONFIG", config, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", run.out, run.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

/* The value after "name:" on its own line of `text`. */
static char *
field_of (const char *text,
          const char *name)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, ":", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static void
test_admin_init_and_keys (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "admin.db", NULL);
  g_autofree char *id = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *expected_line = NULL;
  g_autofree char *computed_id = NULL;
  guint8 public_key[KIOSK_KEY_PUBLIC_BYTES];
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  {
    g_auto(Run) run = run_admin (f, "init", "--db", db, "--kiosk-code", "MCT09", NULL);
    g_autoptr(GRegex) line = g_regex_new ("signing key ([A-Za-z0-9_-]{11}) \\(new\\)", 0, 0,
                                          NULL);
    g_autoptr(GMatchInfo) match = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_regex_match (line, run.out, 0, &match));
    id = g_match_info_fetch (match, 1);
  }
  {
    g_auto(Run) run = run_admin (f, "keys", "--db", db, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    owner = field_of (run.out, "owner");
    public_text = field_of (run.out, "public_key");
    g_autofree char *listed_id = field_of (run.out, "key_id");
    g_autofree char *algorithm = field_of (run.out, "algorithm");
    g_assert_cmpstr (listed_id, ==, id);
    g_assert_cmpstr (owner, ==, "kiosk:MCT09");
    g_assert_cmpstr (algorithm, ==, "ed25519");
  }

  /* The printed public key is the one with that id: what the server will hand out. */
  g_assert_true (kiosk_key_public_from_text (public_text, public_key, &error));
  g_assert_no_error (error);
  computed_id = kiosk_key_id_for_public_key (public_key);
  g_assert_cmpstr (computed_id, ==, id);

  /* Running init again keeps the key. */
  {
    g_auto(Run) run = run_admin (f, "init", "--db", db, "--kiosk-code", "MCT09", NULL);

    expected_line = g_strdup_printf ("signing key %s\n", id);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, expected_line));
  }

  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & S_IRWXO, ==, 0);
}

static void
test_admin_keys_refuses (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_db = g_build_filename (f->dir, "old.db", NULL);
  g_autoptr(KioskStore) old = kiosk_store_open (old_db, KIOSK_STORE_OPEN_NO_MIGRATE, &error);
  g_autoptr(KioskStore) keyless = keyless_store (f, "keyless.db");

  g_assert_no_error (error);
  g_assert_true (kiosk_store_migrate (old, 2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&old, kiosk_store_close);

  {
    g_auto(Run) run = run_admin (f, "keys", "--db", old_db, NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "schema version 2"));
    g_assert_nonnull (strstr (run.err, "kiosk-admin init"));
  }
  /* It only looked: the file is still at version 2. */
  old = kiosk_store_open (old_db, KIOSK_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_version (old), ==, 2);

  {
    g_auto(Run) run = run_admin (f, "keys", "--db", kiosk_store_get_path (keyless), NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "no signing key"));
  }
  {
    g_auto(Run) run = run_admin (f, "keys", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--db"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kiosk_test_fixture_set_up, func, kiosk_test_fixture_tear_down)

  g_test_add_func ("/kiosk/keys/id-is-a-sha256-prefix", test_id_is_sha256_prefix);
  g_test_add_func ("/kiosk/keys/seed-gives-the-same-key", test_seed_gives_same_key);
  g_test_add_func ("/kiosk/keys/public-key-text-is-strict", test_public_key_text);
  g_test_add_func ("/kiosk/keys/owner-names", test_owner_names);
  ADD ("/kiosk/keys/own/made-once", test_ensure_own_once);
  ADD ("/kiosk/keys/own/database-made-private", test_database_made_private);
  ADD ("/kiosk/keys/own/rotation-keeps-old-receipts-valid", test_install_rotates);
  ADD ("/kiosk/keys/own/tampered-key-is-refused", test_tampered_own_key);
  ADD ("/kiosk/keys/trusted/bad-keys-are-refused", test_trust_validates);
  ADD ("/kiosk/keys/admin/init-makes-a-key-keys-prints-it", test_admin_init_and_keys);
  ADD ("/kiosk/keys/admin/keys-refuses-old-and-keyless-files", test_admin_keys_refuses);

#undef ADD

  return g_test_run ();
}
