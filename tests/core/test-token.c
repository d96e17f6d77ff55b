/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-token: every kind round-trips, the grammar is the documented one, and every
 * forged, altered, truncated, oversized, unknown-key, wrong-kind or expired payload is refused
 * with its own error code while the store stays exactly as it was. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-token.h"

#include <sqlite3.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-keys.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"
#include "kiosk-token-private.h"

/* Fixture: a store with its own key, the municipality's server key and kiosk MCT02's key
 * trusted, and a snapshot of every table that the teardown compares against. ------------ */

typedef struct
{
  KioskTestFixture  base;
  KioskSigningKey  *server;
  KioskSigningKey  *other_kiosk;
  char             *uuid;
  char             *snapshot;
} Fixture;

static KioskSigningKey *
key_from_byte (guint8 byte)
{
  g_autoptr(GError) error = NULL;
  guint8 seed[KIOSK_KEY_SEED_BYTES];
  KioskSigningKey *key;

  for (guint i = 0; i < sizeof seed; i++)
    seed[i] = (guint8) (byte + i * 7);
  key = kiosk_signing_key_new_from_seed (seed, sizeof seed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* The store as it is now is what the test must leave behind. */
static void
take_snapshot (Fixture *f)
{
  g_free (f->snapshot);
  f->snapshot = kiosk_test_snapshot_tables (f->base.store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_test_fixture_set_up (&f->base, data);
  f->server = key_from_byte (0x11);
  f->other_kiosk = key_from_byte (0x22);
  g_assert_true (kiosk_keys_trust (f->base.store, KIOSK_KEY_OWNER_SERVER,
                                   kiosk_signing_key_get_public_key (f->server), 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_keys_trust (f->base.store, "kiosk:MCT02",
                                   kiosk_signing_key_get_public_key (f->other_kiosk), 0, 0,
                                   &error));
  g_assert_no_error (error);
  f->uuid = kiosk_uuid_new ();
  take_snapshot (f);
}

static void
fixture_set_up_seeded (Fixture       *f,
                       gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (&f->base, data);
  f->server = key_from_byte (0x11);
  f->other_kiosk = key_from_byte (0x22);
  f->uuid = kiosk_uuid_new ();
  take_snapshot (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *now = kiosk_test_snapshot_tables (f->base.store);

  /* Reading, checking and signing tokens never writes. */
  g_assert_cmpstr (now, ==, f->snapshot);

  g_clear_pointer (&f->snapshot, g_free);
  g_clear_pointer (&f->uuid, g_free);
  g_clear_pointer (&f->server, kiosk_signing_key_free);
  g_clear_pointer (&f->other_kiosk, kiosk_signing_key_free);
  kiosk_test_fixture_tear_down (&f->base, data);
}

/* Helpers -------------------------------------------------------------------------------- */

static const char * const two_fines[] = { "PF2025-000042", "PF2025-000147", NULL };

static KioskTokenFields
sample_fields (Fixture        *f,
               KioskTokenKind  kind)
{
  switch (kind)
    {
    case KIOSK_TOKEN_FINE_NOTICE:
      return (KioskTokenFields) { .fine_numbers = two_fines, .plate = "9415 H", .amount = 10000,
                                  .time = 1735811407 };
    case KIOSK_TOKEN_LICENCE_NOTICE:
      return (KioskTokenFields) { .number = "17656559", .subject = "shop",
                                  .expiry_date = "2027-05-31", .amount = 120000 };
    case KIOSK_TOKEN_PERMIT_NOTICE:
      return (KioskTokenFields) { .number = "VP-2025-00759", .subject = "parking",
                                  .expiry_date = "2026-10-31", .amount = 30000 };
    case KIOSK_TOKEN_RECEIPT:
      return (KioskTokenFields) { .reference = "TST01-261130-0001", .uuid = f->uuid,
                                  .service = "vehicle_licence", .amount = 25000,
                                  .time = f->base.now };
    case KIOSK_TOKEN_COUNTER_VOUCHER:
      return (KioskTokenFields) { .reference = "TST01-261130-0002", .uuid = f->uuid,
                                  .amount = 15000, .expires_at = f->base.now + 86400 };
    case KIOSK_TOKEN_REPORT_TRACKING:
      return (KioskTokenFields) { .reference = "TST01-261130-0003", .uuid = f->uuid };
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_notice (KioskTokenKind kind)
{
  return kind == KIOSK_TOKEN_FINE_NOTICE || kind == KIOSK_TOKEN_LICENCE_NOTICE ||
         kind == KIOSK_TOKEN_PERMIT_NOTICE;
}

/* Notices as the server signs them; the rest as this kiosk does. */
static char *
sign_sample (Fixture        *f,
             KioskTokenKind  kind)
{
  g_autoptr(GError) error = NULL;
  KioskTokenFields fields = sample_fields (f, kind);
  char *text;

  if (is_notice (kind))
    text = kiosk_token_sign_with_key (f->server, kind, &fields, &error);
  else
    text = kiosk_token_sign (f->base.store, kind, &fields, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static KioskToken *
verify_ok (Fixture        *f,
           const char     *text,
           KioskTokenKind  accept)
{
  g_autoptr(GError) error = NULL;
  KioskToken *token = NULL;

  g_assert_true (kiosk_token_verify (f->base.store, text, -1, accept, &token, &error));
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

/* Refused with `code`, no token handed out, a message a person can read, no row written. */
static void
assert_refused_len (Fixture        *f,
                    const char     *text,
                    gssize          length,
                    KioskTokenKind  accept,
                    KioskError      code)
{
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = kiosk_store_get_db (f->base.store);
  sqlite3_int64 changes = sqlite3_total_changes64 (db);

  g_assert_false (kiosk_token_verify (f->base.store, text, length, accept, &token, &error));
  g_assert_error (error, KIOSK_ERROR, (int) code);
  g_assert_null (token);
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_cmpint (sqlite3_total_changes64 (db), ==, changes);
}

static void
assert_refused (Fixture        *f,
                const char     *text,
                KioskTokenKind  accept,
                KioskError      code)
{
  assert_refused_len (f, text, -1, accept, code);
}

static void
assert_fields_equal (const KioskTokenFields *a,
                     const KioskTokenFields *b)
{
  g_assert_cmpstrv ((const char * const *) a->fine_numbers, (const char * const *) b->fine_numbers);
  g_assert_cmpstr (a->plate, ==, b->plate);
  g_assert_cmpstr (a->number, ==, b->number);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpstr (a->expiry_date, ==, b->expiry_date);
  g_assert_cmpstr (a->reference, ==, b->reference);
  g_assert_cmpstr (a->uuid, ==, b->uuid);
  g_assert_cmpstr (a->service, ==, b->service);
  g_assert_cmpint (a->amount, ==, b->amount);
  g_assert_cmpint (a->time, ==, b->time);
  g_assert_cmpint (a->expires_at, ==, b->expires_at);
}

/* Changes rows behind the library's back, as bad reference data would; `value` is bound. */
static void
update_signing_key (Fixture    *f,
                    const char *sql,
                    const char *value)
{
  sqlite3 *db = kiosk_store_get_db (f->base.store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  take_snapshot (f);
}

/* Unpadded base64url, written here from RFC 4648 rather than taken from the library. */
static char *
b64url (const guint8 *data,
        gsize         len)
{
  char *text = g_base64_encode (data, len);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return text;
}

/* Round trips ---------------------------------------------------------------------------- */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  KioskTokenKind kind = GPOINTER_TO_UINT (data);
  KioskTokenFields fields = sample_fields (f, kind);
  g_autofree char *text = sign_sample (f, kind);
  g_autofree char *prefix = g_strdup_printf ("MK1.%s.", kiosk_token_kind_to_code (kind));
  g_autoptr(KioskToken) token = NULL;

  g_test_message ("%s (%zu characters)", text, strlen (text));
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_cmpuint (strlen (text), <=, KIOSK_TOKEN_MAX_LENGTH);

  token = verify_ok (f, text, kind);
  g_assert_cmpint (kiosk_token_get_kind (token), ==, kind);
  g_assert_cmpstr (kiosk_token_get_text (token), ==, text);
  assert_fields_equal (kiosk_token_get_fields (token), &fields);

  if (is_notice (kind))
    {
      g_assert_cmpstr (kiosk_token_get_signer (token), ==, "server");
      g_assert_false (kiosk_token_is_own (token));
      g_assert_cmpstr (kiosk_token_get_key_id (token), ==, kiosk_signing_key_get_id (f->server));
      g_assert_null (kiosk_token_get_kiosk_code (token));
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskSigningKey) own = kiosk_keys_load_own (f->base.store, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (kiosk_token_get_signer (token), ==, "kiosk:TST01");
      g_assert_true (kiosk_token_is_own (token));
      g_assert_cmpstr (kiosk_token_get_key_id (token), ==, kiosk_signing_key_get_id (own));
      g_assert_cmpstr (kiosk_token_get_kiosk_code (token), ==, "TST01");
    }

  /* Signing is deterministic (Ed25519): the same fields give the same text. */
  {
    g_autofree char *again = sign_sample (f, kind);
    g_assert_cmpstr (again, ==, text);
  }
}

static void
test_round_trip_other_kiosk (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskToken) token = NULL;
  g_autofree char *text = NULL;
  KioskTokenFields fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);

  /* A receipt another kiosk printed, scanned here: its key came with the reference data. */
  fields.reference = "MCT02-261129-0042";
  text = kiosk_token_sign_with_key (f->other_kiosk, KIOSK_TOKEN_RECEIPT, &fields, &error);
  g_assert_no_error (error);

  token = verify_ok (f, text, KIOSK_TOKEN_RECEIPT);
  g_assert_cmpstr (kiosk_token_get_signer (token), ==, "kiosk:MCT02");
  g_assert_false (kiosk_token_is_own (token));
  g_assert_cmpstr (kiosk_token_get_kiosk_code (token), ==, "MCT02");
  assert_fields_equal (kiosk_token_get_fields (token), &fields);
}

/* The grammar ----------------------------------------------------------------------------- */

static void
put_tag (GByteArray *b,
         char        tag)
{
  g_byte_array_append (b, (const guint8 *) &tag, 1);
}

static void
put_uint (GByteArray *b,
          guint64     value)
{
  while (value >= 0x80)
    {
      guint8 byte = (guint8) (value & 0x7f) | 0x80;
      g_byte_array_append (b, &byte, 1);
      value >>= 7;
    }
  g_byte_array_append (b, (const guint8 *) &(guint8) { (guint8) value }, 1);
}

static void
put_bytes (GByteArray *b,
           const char *data,
           gsize       len)
{
  guint8 n = (guint8) len;

  g_byte_array_append (b, &n, 1);
  g_byte_array_append (b, (const guint8 *) data, (guint) len);
}

static void
put_text (GByteArray *b,
          const char *text)
{
  put_bytes (b, text, strlen (text));
}

static void
put_uuid (GByteArray *b,
          const char *uuid)
{
  for (const char *p = uuid; *p != '\0'; p++)
    {
      guint8 byte;

      if (*p == '-')
        continue;
      byte = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
      g_byte_array_append (b, &byte, 1);
      p++;
    }
}

/* A token assembled by hand from the grammar in README.md: "MK1", kind, base64url fields,
 * key id = base64url (SHA-256 (public key)[0..8]), signature over everything before it. */
static char *
assemble (const KioskSigningKey *key,
          const char            *kind_code,
          GByteArray            *fields)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *fields_text = b64url (fields->data, fields->len);
  g_autofree char *key_id = NULL;
  g_autofree char *signed_text = NULL;
  g_autofree char *signature_text = NULL;
  guint8 signature[KIOSK_KEY_SIGNATURE_BYTES];

  g_checksum_update (sha, kiosk_signing_key_get_public_key (key), KIOSK_KEY_PUBLIC_BYTES);
  g_checksum_get_digest (sha, digest, &digest_len);
  key_id = b64url (digest, 8);
  g_assert_cmpstr (key_id, ==, kiosk_signing_key_get_id (key));

  signed_text = g_strdup_printf ("MK1.%s.%s.%s", kind_code, fields_text, key_id);
  kiosk_signing_key_sign (key, (const guint8 *) signed_text, strlen (signed_text), signature);
  signature_text = b64url (signature, sizeof signature);
  return g_strdup_printf ("%s.%s", signed_text, signature_text);
}

static void
test_grammar_as_documented (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) own = kiosk_keys_load_own (f->base.store, &error);
  g_autoptr(GByteArray) rc = g_byte_array_new ();
  g_autoptr(GByteArray) fn = g_byte_array_new ();
  g_autoptr(GByteArray) ln = g_byte_array_new ();
  g_autofree char *rc_text = NULL;
  g_autofree char *fn_text = NULL;
  g_autofree char *ln_text = NULL;
  g_autoptr(KioskToken) rc_token = NULL;
  g_autoptr(KioskToken) fn_token = NULL;
  g_autoptr(KioskToken) ln_token = NULL;
  const KioskTokenFields *fields;

  g_assert_no_error (error);

  put_tag (rc, 'a'), put_uint (rc, 25000);
  put_tag (rc, 'r'), put_text (rc, "TST01-261130-0007");
  put_tag (rc, 's'), put_text (rc, "fines");
  put_tag (rc, 't'), put_uint (rc, 1796018400);
  put_tag (rc, 'u'), put_uuid (rc, f->uuid);
  rc_text = assemble (own, "RC", rc);
  rc_token = verify_ok (f, rc_text, KIOSK_TOKEN_RECEIPT);
  fields = kiosk_token_get_fields (rc_token);
  g_assert_cmpint (fields->amount, ==, 25000);
  g_assert_cmpstr (fields->reference, ==, "TST01-261130-0007");
  g_assert_cmpstr (fields->service, ==, "fines");
  g_assert_cmpint (fields->time, ==, 1796018400);
  g_assert_cmpstr (fields->uuid, ==, f->uuid);

  put_tag (fn, 'a'), put_uint (fn, 0);
  put_tag (fn, 'i'), put_uint (fn, 1735811407);
  put_tag (fn, 'n'), put_uint (fn, 3), put_text (fn, "PF2025-000042"), put_text (fn, "A"),
    put_text (fn, "9");
  put_tag (fn, 'p'), put_text (fn, "84914 YW");
  fn_text = assemble (f->server, "FN", fn);
  fn_token = verify_ok (f, fn_text, KIOSK_TOKEN_FINE_NOTICE);
  fields = kiosk_token_get_fields (fn_token);
  g_assert_cmpint (fields->amount, ==, 0);
  g_assert_cmpint (fields->time, ==, 1735811407);
  g_assert_cmpstrv ((const char * const *) fields->fine_numbers,
                    ((const char * const[]) { "PF2025-000042", "A", "9", NULL }));
  g_assert_cmpstr (fields->plate, ==, "84914 YW");

  put_tag (ln, 'e'), put_uint (ln, 20270531);
  put_tag (ln, 'f'), put_uint (ln, 120000);
  put_tag (ln, 'n'), put_text (ln, "17656559");
  put_tag (ln, 'y'), put_text (ln, "vehicle");
  ln_text = assemble (f->server, "LN", ln);
  ln_token = verify_ok (f, ln_text, KIOSK_TOKEN_LICENCE_NOTICE);
  fields = kiosk_token_get_fields (ln_token);
  g_assert_cmpstr (fields->expiry_date, ==, "2027-05-31");
  g_assert_cmpint (fields->amount, ==, 120000);
  g_assert_cmpstr (fields->number, ==, "17656559");
  g_assert_cmpstr (fields->subject, ==, "vehicle");
}

static void
test_largest_fits_qr (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const longest_fines[] = {
    "PF2025-00000001A", "PF2025-00000002B", "PF2025-00000003C", NULL,
  };
  const char *reference = "ABCDEFGHIJKL-261130-123456789";
  KioskTokenFields largest[] = {
    { .fine_numbers = longest_fines, .plate = "12345 AB", .amount = KIOSK_MONEY_MAX,
      .time = KIOSK_TOKEN_MAX_TIME },
    { .number = "1234567890", .subject = "vehicle", .expiry_date = "2999-12-31",
      .amount = KIOSK_MONEY_MAX },
    { .number = "VP-2025-00000759", .subject = "parking", .expiry_date = "2999-12-31",
      .amount = KIOSK_MONEY_MAX },
    { .reference = reference, .uuid = f->uuid, .service = "abcdefghijklmnop",
      .amount = KIOSK_MONEY_MAX, .time = KIOSK_TOKEN_MAX_TIME },
    { .reference = reference, .uuid = f->uuid, .amount = KIOSK_MONEY_MAX,
      .expires_at = KIOSK_TOKEN_MAX_TIME },
    { .reference = reference, .uuid = f->uuid },
  };

  for (guint i = 0; i < G_N_ELEMENTS (largest); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskToken) token = NULL;
      KioskTokenKind kind = 1u << i;
      g_autofree char *text = kiosk_token_sign_with_key (f->server, kind, &largest[i], &error);

      g_assert_no_error (error);
      g_test_message ("largest %s: %zu characters", kiosk_token_kind_to_code (kind),
                      strlen (text));
      g_assert_cmpuint (strlen (text), <=, KIOSK_TOKEN_MAX_LENGTH);
      token = kiosk_token_parse (text, -1, &error);
      g_assert_no_error (error);
      assert_fields_equal (kiosk_token_get_fields (token), &largest[i]);
    }
}

/* Refusals ------------------------------------------------------------------------------- */

static void
test_forged_by_unknown_key (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KioskSigningKey) stranger = kiosk_signing_key_generate ();
  g_autoptr(GError) error = NULL;
  KioskTokenFields fields = sample_fields (f, KIOSK_TOKEN_FINE_NOTICE);
  KioskTokenFields receipt = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  g_autofree char *notice = kiosk_token_sign_with_key (stranger, KIOSK_TOKEN_FINE_NOTICE,
                                                       &fields, &error);
  g_autofree char *forged_receipt = kiosk_token_sign_with_key (stranger, KIOSK_TOKEN_RECEIPT,
                                                               &receipt, &error);

  g_assert_no_error (error);
  assert_refused (f, notice, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_UNKNOWN_KEY);
  assert_refused (f, forged_receipt, KIOSK_TOKEN_RECEIPT, KIOSK_ERROR_TOKEN_UNKNOWN_KEY);
}

static void
test_forged_under_known_key_id (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(KioskSigningKey) stranger = kiosk_signing_key_generate ();
  g_autofree char *genuine = sign_sample (f, KIOSK_TOKEN_FINE_NOTICE);
  g_autofree char *signed_part = NULL;
  g_autofree char *signature_text = NULL;
  g_autofree char *forged = NULL;
  guint8 signature[KIOSK_KEY_SIGNATURE_BYTES];

  /* Same fields, the server's key id, but a signature made with another key. */
  signed_part = g_strndup (genuine, (gsize) (strrchr (genuine, '.') - genuine));
  kiosk_signing_key_sign (stranger, (const guint8 *) signed_part, strlen (signed_part),
                          signature);
  signature_text = b64url (signature, sizeof signature);
  forged = g_strdup_printf ("%s.%s", signed_part, signature_text);
  g_assert_cmpuint (strlen (forged), ==, strlen (genuine));

  assert_refused (f, forged, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_BAD_SIGNATURE);
}

static void
test_every_byte_altered (Fixture       *f,
                         gconstpointer  data)
{
  KioskTokenKind kinds[] = { KIOSK_TOKEN_FINE_NOTICE, KIOSK_TOKEN_RECEIPT };
  guint counts[KIOSK_ERROR_TOKEN_KEY_NOT_VALID + 1] = { 0 };
  sqlite3 *db = kiosk_store_get_db (f->base.store);
  sqlite3_int64 changes = sqlite3_total_changes64 (db);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *text = sign_sample (f, kinds[k]);
      gsize len = strlen (text);
      gsize last_dot = (gsize) (strrchr (text, '.') - text);

      for (gsize i = 0; i < len; i++)
        for (guint bit = 0; bit < 8; bit++)
          {
            g_autofree char *altered = g_strdup (text);
            g_autoptr(GError) error = NULL;
            g_autoptr(GError) parse_error = NULL;
            g_autoptr(KioskToken) token = NULL;
            g_autoptr(KioskToken) parsed = NULL;

            altered[i] ^= (char) (1u << bit);
            g_assert_false (kiosk_token_verify (f->base.store, altered, (gssize) len,
                                                KIOSK_TOKEN_ANY, &token, &error));
            g_assert_null (token);
            g_assert_nonnull (error);
            g_assert_true (error->domain == KIOSK_ERROR);
            g_assert_true (error->code == KIOSK_ERROR_TOKEN_MALFORMED ||
                           error->code == KIOSK_ERROR_TOKEN_VERSION ||
                           error->code == KIOSK_ERROR_TOKEN_UNKNOWN_KEY ||
                           error->code == KIOSK_ERROR_TOKEN_BAD_SIGNATURE);
            counts[error->code]++;

            /* What still reads as a token fails on its key or its signature, never later:
             * a change in the signature itself is always a bad signature. */
            parsed = kiosk_token_parse (altered, (gssize) len, &parse_error);
            if (parsed != NULL)
              g_assert_true (error->code == KIOSK_ERROR_TOKEN_UNKNOWN_KEY ||
                             error->code == KIOSK_ERROR_TOKEN_BAD_SIGNATURE);
            if (parsed != NULL && i > last_dot)
              g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_BAD_SIGNATURE);
          }
    }

  g_test_message ("malformed %u, version %u, unknown key %u, bad signature %u",
                  counts[KIOSK_ERROR_TOKEN_MALFORMED], counts[KIOSK_ERROR_TOKEN_VERSION],
                  counts[KIOSK_ERROR_TOKEN_UNKNOWN_KEY],
                  counts[KIOSK_ERROR_TOKEN_BAD_SIGNATURE]);
  /* Each stage was reached, so the signature check is not just hidden behind the parser. */
  g_assert_cmpuint (counts[KIOSK_ERROR_TOKEN_MALFORMED], >, 0);
  g_assert_cmpuint (counts[KIOSK_ERROR_TOKEN_VERSION], >, 0);
  g_assert_cmpuint (counts[KIOSK_ERROR_TOKEN_UNKNOWN_KEY], >, 0);
  g_assert_cmpuint (counts[KIOSK_ERROR_TOKEN_BAD_SIGNATURE], >, 100);
  g_assert_cmpint (sqlite3_total_changes64 (db), ==, changes);
}

static void
test_every_prefix_truncated (Fixture       *f,
                             gconstpointer  data)
{
  for (guint k = 0; k < 6; k++)
    {
      g_autofree char *text = sign_sample (f, 1u << k);
      gsize len = strlen (text);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autofree char *prefix = g_strndup (text, cut);

          assert_refused (f, prefix, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
          /* The same with an explicit length over the whole buffer. */
          assert_refused_len (f, text, (gssize) cut, KIOSK_TOKEN_ANY,
                              KIOSK_ERROR_TOKEN_MALFORMED);
        }
    }
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_RECEIPT);
  g_autoptr(GString) padded = g_string_new (text);
  g_autofree char *garbage = g_strnfill (KIOSK_TOKEN_MAX_LENGTH + 1, 'A');
  g_autofree char *huge = g_strnfill (1 << 20, '.');

  while (padded->len <= KIOSK_TOKEN_MAX_LENGTH)
    g_string_append_c (padded, 'A');
  assert_refused (f, padded->str, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_TOO_LONG);
  /* The length is checked before anything else looks at the text. */
  assert_refused (f, garbage, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_TOO_LONG);
  assert_refused (f, huge, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_TOO_LONG);
  assert_refused_len (f, huge, 1 << 20, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_TOO_LONG);

  /* At exactly the limit the length is fine, and the content decides. */
  g_string_truncate (padded, KIOSK_TOKEN_MAX_LENGTH);
  assert_refused (f, padded->str, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
}

static void
test_unknown_key_id (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_PERMIT_NOTICE);
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);
  guint8 random_id[8];

  g_assert_cmpuint (g_strv_length (parts), ==, 5);
  for (guint i = 0; i < sizeof random_id; i++)
    random_id[i] = (guint8) g_test_rand_int_range (0, 256);
  g_free (parts[3]);
  parts[3] = b64url (random_id, sizeof random_id);
  {
    g_autofree char *unknown = g_strjoinv (".", parts);
    assert_refused (f, unknown, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_UNKNOWN_KEY);
  }

  /* A signing_keys row whose public key does not have the id it is filed under is no key. */
  {
    g_autofree char *unknown = g_strjoinv (".", parts);

    update_signing_key (f, "UPDATE signing_keys SET key_id = ?1 WHERE owner = 'kiosk:MCT02'",
                        parts[3]);
    assert_refused (f, unknown, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_UNKNOWN_KEY);
  }
}

static void
test_wrong_kind (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *receipt = sign_sample (f, KIOSK_TOKEN_RECEIPT);
  g_autofree char *fine = sign_sample (f, KIOSK_TOKEN_FINE_NOTICE);
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;

  /* The fines screen scanning a receipt, the receipt screen scanning a fine notice. */
  assert_refused (f, receipt, KIOSK_TOKEN_FINE_NOTICE, KIOSK_ERROR_TOKEN_WRONG_KIND);
  assert_refused (f, fine, KIOSK_TOKEN_RECEIPT | KIOSK_TOKEN_COUNTER_VOUCHER,
                  KIOSK_ERROR_TOKEN_WRONG_KIND);
  g_assert_false (kiosk_token_verify (f->base.store, fine, -1, KIOSK_TOKEN_RECEIPT, NULL,
                                      &error));
  g_assert_nonnull (strstr (error->message, "fine notice"));
  g_assert_nonnull (strstr (error->message, "receipt"));

  /* A screen may take several kinds. */
  token = verify_ok (f, fine, KIOSK_TOKEN_RECEIPT | KIOSK_TOKEN_FINE_NOTICE);
  g_assert_cmpint (kiosk_token_get_kind (token), ==, KIOSK_TOKEN_FINE_NOTICE);
}

static void
test_bad_base64 (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_RECEIPT);
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);
  struct
  {
    guint       part;
    const char *how;  /* "=" pad, "+" or "/" swap in, "~" last char with stray bits, "-1" drop */
  } cases[] = {
    { 2, "=" }, { 3, "=" }, { 4, "=" },
    { 2, "+" }, { 3, "/" }, { 4, "+" },
    { 2, " " }, { 4, "\n" },
    { 3, "~" }, { 4, "~" },
    { 2, "-1" }, { 3, "-1" }, { 4, "-1" },
    { 2, "" },
  };

  g_assert_cmpuint (g_strv_length (parts), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) changed = g_strdupv (parts);
      char *part = changed[cases[i].part];
      gsize len = strlen (part);
      g_autofree char *bad = NULL;

      if (g_str_equal (cases[i].how, "=") || g_str_equal (cases[i].how, " ") ||
          g_str_equal (cases[i].how, "\n"))
        {
          changed[cases[i].part] = g_strconcat (part, cases[i].how, NULL);
          g_free (part);
        }
      else if (g_str_equal (cases[i].how, "+") || g_str_equal (cases[i].how, "/"))
        part[len / 2] = cases[i].how[0];
      else if (g_str_equal (cases[i].how, "~"))
        {
          /* The last character of an 8- or 64-byte value carries unused low bits; setting
           * one spells the same bytes a second way, which must not be accepted. */
          const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
          guint value = (guint) (strchr (alphabet, part[len - 1]) - alphabet);
          part[len - 1] = alphabet[value | 1];
        }
      else if (g_str_equal (cases[i].how, "-1"))
        part[len - 1] = '\0';
      else
        part[0] = '\0';

      bad = g_strjoinv (".", changed);
      g_test_message ("part %u, %s: %s", cases[i].part, cases[i].how, bad);
      g_assert_cmpstr (bad, !=, text);
      assert_refused (f, bad, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
    }
}

static void
test_trailing_garbage (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_LICENCE_NOTICE);
  const char *tails[] = { ".", "A", "\n", " ", "\r\n", ".MK1", "\xc2\xa0" };
  g_autofree char *with_nul = g_strconcat (text, "#garbage", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autofree char *bad = g_strconcat (text, tails[i], NULL);
      assert_refused (f, bad, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
    }

  /* Bytes from a scanner come with a length: a NUL inside them is not an end. */
  with_nul[strlen (text)] = '\0';
  assert_refused_len (f, with_nul, (gssize) strlen (text) + 8, KIOSK_TOKEN_ANY,
                      KIOSK_ERROR_TOKEN_MALFORMED);
  {
    g_autoptr(KioskToken) token = verify_ok (f, with_nul, KIOSK_TOKEN_ANY);
    g_assert_cmpstr (kiosk_token_get_text (token), ==, text);
  }
}

static void
test_other_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_RECEIPT);
  const char *rest = text + 3;  /* after "MK1" */
  struct
  {
    const char *prefix;
    KioskError  code;
  } cases[] = {
    { "MK2", KIOSK_ERROR_TOKEN_VERSION },
    { "MK0", KIOSK_ERROR_TOKEN_VERSION },
    { "MK10", KIOSK_ERROR_TOKEN_VERSION },
    { "MK999", KIOSK_ERROR_TOKEN_VERSION },
    { "MK01", KIOSK_ERROR_TOKEN_MALFORMED },
    { "MK1000000", KIOSK_ERROR_TOKEN_MALFORMED },
    { "MK", KIOSK_ERROR_TOKEN_MALFORMED },
    { "mk1", KIOSK_ERROR_TOKEN_MALFORMED },
    { "MKX", KIOSK_ERROR_TOKEN_MALFORMED },
    { "MK1X", KIOSK_ERROR_TOKEN_MALFORMED },
    { "XK1", KIOSK_ERROR_TOKEN_MALFORMED },
  };

  g_assert_true (g_str_has_prefix (text, "MK1."));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *other = g_strconcat (cases[i].prefix, rest, NULL);
      assert_refused (f, other, KIOSK_TOKEN_ANY, cases[i].code);
    }
  /* A later version may look different throughout: the version alone decides. */
  assert_refused (f, "MK2.anything at all", KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_VERSION);
}

/* Field bytes that break one rule each, correctly signed, so only the field check can refuse
 * them. NONE is the control: the same builder's valid bytes verify. */
typedef enum
{
  NONE,
  DUPLICATE_FIELD,
  UNKNOWN_FIELD,
  OUT_OF_ORDER,
  MISSING_FIELD,
  NOT_SHORTEST_NUMBER,
  NUMBER_OVERFLOW,
  AMOUNT_TOO_LARGE,
  TIME_ZERO,
  EMPTY_TEXT,
  TEXT_CUT_SHORT,
  TEXT_NOT_ASCII,
  TEXT_WITH_NUL,
  BAD_REFERENCE,
  BAD_SERVICE,
  UUID_CUT_SHORT,
  TRAILING_BYTE,
  N_RECEIPT_CASES,
} ReceiptCase;

static void
build_receipt (GByteArray  *b,
               ReceiptCase  c,
               const char  *uuid)
{
  if (c == OUT_OF_ORDER)
    put_tag (b, 'r'), put_text (b, "TST01-261130-0001");
  put_tag (b, 'a');
  if (c == NOT_SHORTEST_NUMBER)
    g_byte_array_append (b, (const guint8 *) "\xa8\xc3\x81\x00", 4);
  else if (c == NUMBER_OVERFLOW)
    g_byte_array_append (b, (const guint8 *) "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10);
  else
    put_uint (b, c == AMOUNT_TOO_LARGE ? (guint64) KIOSK_MONEY_MAX + 1 : 25000);
  if (c == DUPLICATE_FIELD)
    put_tag (b, 'a'), put_uint (b, 25000);
  if (c != OUT_OF_ORDER)
    {
      put_tag (b, 'r');
      put_text (b, c == BAD_REFERENCE ? "TST01-2611300-0001" : "TST01-261130-0001");
    }
  if (c != MISSING_FIELD)
    {
      put_tag (b, 's');
      if (c == EMPTY_TEXT)
        put_text (b, "");
      else if (c == TEXT_NOT_ASCII)
        put_text (b, "fin\xc3\xa9s");
      else if (c == TEXT_WITH_NUL)
        put_bytes (b, "fines\0x", 7);
      else if (c == BAD_SERVICE)
        put_text (b, "Fines");
      else if (c == TEXT_CUT_SHORT)  /* says 40 bytes; fewer than that are left in all */
        g_byte_array_append (b, (const guint8 *) "\x28" "fines", 6);
      else
        put_text (b, "fines");
    }
  put_tag (b, 't'), put_uint (b, c == TIME_ZERO ? 0 : 1796018400);
  put_tag (b, 'u'), put_uuid (b, uuid);
  if (c == UUID_CUT_SHORT)
    g_byte_array_set_size (b, b->len - 1);
  if (c == UNKNOWN_FIELD)
    put_tag (b, 'z'), put_text (b, "extra");
  if (c == TRAILING_BYTE)
    g_byte_array_append (b, (const guint8 *) "\x00", 1);
}

typedef enum
{
  FINE_NONE,
  NO_FINES,
  FOUR_FINES,
  SAME_FINE_TWICE,
  BAD_FINE_NUMBER,
  PLATE_NOT_CANONICAL,
  N_FINE_CASES,
} FineCase;

static void
build_fine (GByteArray *b,
            FineCase    c)
{
  const char *fines[] = { "PF2025-000042", c == SAME_FINE_TWICE ? "PF2025-000042" : "B7",
                          c == BAD_FINE_NUMBER ? "pf-1" : "C-8", "D9" };
  guint count = c == NO_FINES ? 0 : c == FOUR_FINES ? 4 : 3;

  put_tag (b, 'a'), put_uint (b, 15000);
  put_tag (b, 'i'), put_uint (b, 1735811407);
  put_tag (b, 'n'), put_uint (b, count);
  for (guint i = 0; i < count; i++)
    put_text (b, fines[i]);
  put_tag (b, 'p'), put_text (b, c == PLATE_NOT_CANONICAL ? "9415H" : "9415 H");
}

static void
test_bad_fields_signed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) own = kiosk_keys_load_own (f->base.store, &error);
  const char *licences[][4] = {
    /* expiry YYYYMMDD, fee, number, kind */
    { "20270531", "120000", "17656559", "shop" },    /* the control */
    { "20270230", "120000", "17656559", "shop" },
    { "19991231", "120000", "17656559", "shop" },
    { "20270531", "120000", "12345", "shop" },
    { "20270531", "120000", "17656559", "truck" },
    { "20270531", "120000", "1765-6559", "shop" },
  };

  g_assert_no_error (error);

  for (ReceiptCase c = NONE; c < N_RECEIPT_CASES; c++)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      g_autofree char *text = NULL;

      build_receipt (b, c, f->uuid);
      text = assemble (own, "RC", b);
      g_test_message ("receipt case %d: %s", c, text);
      if (c == NONE)
        {
          g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_RECEIPT);
          g_autofree char *raw = kiosk_token_sign_raw (own, "RC", b->data, b->len);

          g_assert_cmpstr (kiosk_token_get_fields (token)->service, ==, "fines");
          /* The library's own assembly of the same bytes is the same text. */
          g_assert_cmpstr (raw, ==, text);
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
          /* The message names what is wrong, for the log and the attendant. */
          g_assert_false (kiosk_token_verify (f->base.store, text, -1, KIOSK_TOKEN_ANY, NULL,
                                              &local_error));
          g_test_message ("  %s", local_error->message);
          if (c == DUPLICATE_FIELD)
            g_assert_nonnull (strstr (local_error->message, "'a' twice"));
          else if (c == OUT_OF_ORDER)  /* 'r' first: the amount is missing from its place */
            g_assert_nonnull (strstr (local_error->message, "has no amount"));
          else if (c == TRAILING_BYTE)
            g_assert_nonnull (strstr (local_error->message, "out of order"));
          else if (c == UNKNOWN_FIELD)
            g_assert_nonnull (strstr (local_error->message, "no field 'z'"));
          else if (c == MISSING_FIELD)
            g_assert_nonnull (strstr (local_error->message, "has no service"));
          else if (c == TEXT_CUT_SHORT)
            g_assert_nonnull (strstr (local_error->message, "service is cut short"));
          else if (c == NOT_SHORTEST_NUMBER)
            g_assert_nonnull (strstr (local_error->message, "shortest form"));
        }
    }

  for (FineCase c = FINE_NONE; c < N_FINE_CASES; c++)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      g_autofree char *text = NULL;

      build_fine (b, c);
      text = assemble (f->server, "FN", b);
      g_test_message ("fine case %d: %s", c, text);
      if (c == FINE_NONE)
        {
          g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_FINE_NOTICE);
          g_assert_cmpuint (g_strv_length ((GStrv) kiosk_token_get_fields (token)->fine_numbers),
                            ==, 3);
        }
      else
        assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
    }

  for (guint c = 0; c < G_N_ELEMENTS (licences); c++)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      g_autofree char *text = NULL;

      put_tag (b, 'e'), put_uint (b, g_ascii_strtoull (licences[c][0], NULL, 10));
      put_tag (b, 'f'), put_uint (b, g_ascii_strtoull (licences[c][1], NULL, 10));
      put_tag (b, 'n'), put_text (b, licences[c][2]);
      put_tag (b, 'y'), put_text (b, licences[c][3]);
      text = assemble (f->server, "LN", b);
      g_test_message ("licence case %u: %s", c, text);
      if (c == 0)
        {
          g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_LICENCE_NOTICE);
          g_assert_cmpstr (kiosk_token_get_fields (token)->expiry_date, ==, "2027-05-31");
        }
      else
        assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
    }

  /* Fields of one kind under another kind's code. */
  {
    g_autoptr(GByteArray) b = g_byte_array_new ();
    g_autofree char *text = NULL;

    build_fine (b, FINE_NONE);
    text = assemble (f->server, "LN", b);
    assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
    g_clear_pointer (&text, g_free);
    text = assemble (f->server, "XX", b);
    assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_MALFORMED);
  }
}

static void
test_expired_voucher (Fixture       *f,
                      gconstpointer  data)
{
  KioskTokenFields fields = sample_fields (f, KIOSK_TOKEN_COUNTER_VOUCHER);
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_COUNTER_VOUCHER);
  gint64 issued = f->base.now;

  {
    g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_COUNTER_VOUCHER);
    g_assert_cmpint (kiosk_token_get_fields (token)->expires_at, ==, fields.expires_at);
  }

  f->base.now = fields.expires_at - 1;
  {
    g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_COUNTER_VOUCHER);
  }

  f->base.now = fields.expires_at;
  assert_refused (f, text, KIOSK_TOKEN_COUNTER_VOUCHER, KIOSK_ERROR_TOKEN_EXPIRED);
  f->base.now = fields.expires_at + 30 * 86400;
  assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_EXPIRED);

  /* Other kinds have no expiry of their own: a fine notice stays readable. */
  {
    g_autofree char *notice = sign_sample (f, KIOSK_TOKEN_FINE_NOTICE);
    g_autoptr(KioskToken) token = verify_ok (f, notice, KIOSK_TOKEN_FINE_NOTICE);
  }
  f->base.now = issued;
}

static void
test_key_outside_window (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const guint8 *public_key = kiosk_signing_key_get_public_key (f->server);
  g_autofree char *text = sign_sample (f, KIOSK_TOKEN_FINE_NOTICE);
  gint64 now = f->base.now;

  /* Not valid yet. */
  g_assert_true (kiosk_keys_trust (f->base.store, "server", public_key, now + 3600, 0, &error));
  g_assert_no_error (error);
  take_snapshot (f);
  assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);
  f->base.now = now + 3600;
  {
    g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_ANY);
  }
  f->base.now = now;

  /* No longer valid; the end is exclusive. */
  g_assert_true (kiosk_keys_trust (f->base.store, "server", public_key, 0, now, &error));
  g_assert_no_error (error);
  take_snapshot (f);
  assert_refused (f, text, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);
  f->base.now = now - 1;
  {
    g_autoptr(KioskToken) token = verify_ok (f, text, KIOSK_TOKEN_ANY);
  }
  f->base.now = now;
}

static void
test_key_not_for_kind (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSigningKey) own = kiosk_keys_load_own (f->base.store, &error);
  KioskTokenFields fine = sample_fields (f, KIOSK_TOKEN_FINE_NOTICE);
  KioskTokenFields receipt = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  g_autofree char *own_fine = NULL;
  g_autofree char *other_kiosk_fine = NULL;
  g_autofree char *server_receipt = NULL;
  g_autofree char *impersonated = NULL;
  g_autoptr(KioskSigningKey) odd = key_from_byte (0x33);
  g_autofree char *odd_receipt = NULL;

  g_assert_no_error (error);

  /* A kiosk's key cannot issue fines, not even this kiosk's own key. */
  own_fine = kiosk_token_sign_with_key (own, KIOSK_TOKEN_FINE_NOTICE, &fine, &error);
  g_assert_no_error (error);
  assert_refused (f, own_fine, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);
  other_kiosk_fine = kiosk_token_sign_with_key (f->other_kiosk, KIOSK_TOKEN_FINE_NOTICE, &fine,
                                                &error);
  g_assert_no_error (error);
  assert_refused (f, other_kiosk_fine, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);

  /* The server does not write kiosk receipts. */
  receipt.reference = "MCT02-261129-0001";
  server_receipt = kiosk_token_sign_with_key (f->server, KIOSK_TOKEN_RECEIPT, &receipt, &error);
  g_assert_no_error (error);
  assert_refused (f, server_receipt, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);

  /* Kiosk MCT02 cannot sign receipts in the name of kiosk MCT03. */
  receipt.reference = "MCT03-261129-0001";
  impersonated = kiosk_token_sign_with_key (f->other_kiosk, KIOSK_TOKEN_RECEIPT, &receipt,
                                            &error);
  g_assert_no_error (error);
  assert_refused (f, impersonated, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);

  /* A key whose owner the reference data spells in a way nobody signs as. */
  odd_receipt = kiosk_token_sign_with_key (odd, KIOSK_TOKEN_RECEIPT, &receipt, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_keys_trust (f->base.store, "kiosk:MCT03",
                                   kiosk_signing_key_get_public_key (odd), 0, 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KioskToken) token = verify_ok (f, odd_receipt, KIOSK_TOKEN_RECEIPT);
  }
  update_signing_key (f, "UPDATE signing_keys SET owner = 'Kiosk MCT03' WHERE key_id = ?1",
                      kiosk_signing_key_get_id (odd));
  assert_refused (f, odd_receipt, KIOSK_TOKEN_ANY, KIOSK_ERROR_TOKEN_KEY_NOT_VALID);
}

/* Signing -------------------------------------------------------------------------------- */

static void
assert_sign_refused (Fixture                *f,
                     const KioskSigningKey  *key,
                     KioskTokenKind          kind,
                     const KioskTokenFields *fields,
                     KioskError              code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = key ? kiosk_token_sign_with_key (key, kind, fields, &error)
                              : kiosk_token_sign (f->base.store, kind, fields, &error);

  g_assert_null (text);
  g_assert_error (error, KIOSK_ERROR, (int) code);
  g_test_message ("refused: %s", error->message);
}

static void
test_sign_refuses_bad_fields (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const four[] = { "A1", "A2", "A3", "A4", NULL };
  static const char * const twice[] = { "A1", "A1", NULL };
  static const char * const none[] = { NULL };
  static const char * const lower[] = { "a1", NULL };
  KioskTokenFields fields;

  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  fields.uuid = "not-a-uuid";
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  fields.amount = -1;
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_AMOUNT);
  fields.amount = KIOSK_MONEY_MAX + 1;
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_AMOUNT);
  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  fields.service = "Vehicle licence";
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.service = "a_service_name_too_long";
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  fields.reference = NULL;
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_EMPTY);
  fields.reference = "TST01-26113-0001";
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  fields.time = 0;
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.time = KIOSK_TOKEN_MAX_TIME + 1;
  assert_sign_refused (f, NULL, KIOSK_TOKEN_RECEIPT, &fields, KIOSK_ERROR_INVALID_VALUE);

  fields = sample_fields (f, KIOSK_TOKEN_FINE_NOTICE);
  fields.plate = "9415h";
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_PLATE);
  fields.plate = "\xd9\xa9\xd9\xa4\xd9\xa1\xd9\xa5 H";  /* Arabic-Indic digits: not canonical */
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_PLATE);
  fields = sample_fields (f, KIOSK_TOKEN_FINE_NOTICE);
  fields.fine_numbers = four;
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.fine_numbers = twice;
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.fine_numbers = none;
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.fine_numbers = NULL;
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_INVALID_VALUE);
  fields.fine_numbers = lower;
  assert_sign_refused (f, f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_INVALID_VALUE);

  fields = sample_fields (f, KIOSK_TOKEN_LICENCE_NOTICE);
  fields.expiry_date = "2027-02-30";
  assert_sign_refused (f, f->server, KIOSK_TOKEN_LICENCE_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_VALUE);
  fields.expiry_date = "31/05/2027";
  assert_sign_refused (f, f->server, KIOSK_TOKEN_LICENCE_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_VALUE);
  fields = sample_fields (f, KIOSK_TOKEN_LICENCE_NOTICE);
  fields.number = "1765-6559";
  assert_sign_refused (f, f->server, KIOSK_TOKEN_LICENCE_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_LICENCE);
  fields = sample_fields (f, KIOSK_TOKEN_PERMIT_NOTICE);
  fields.subject = "shop";
  assert_sign_refused (f, f->server, KIOSK_TOKEN_PERMIT_NOTICE, &fields,
                       KIOSK_ERROR_INVALID_VALUE);

  /* Not one kind. */
  fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  assert_sign_refused (f, f->server, KIOSK_TOKEN_RECEIPT | KIOSK_TOKEN_REPORT_TRACKING, &fields,
                       KIOSK_ERROR_TOKEN_WRONG_KIND);
  assert_sign_refused (f, f->server, 0, &fields, KIOSK_ERROR_TOKEN_WRONG_KIND);
}

static void
test_kiosk_signs_own_kinds_only (Fixture       *f,
                                 gconstpointer  data)
{
  KioskTokenFields fields = sample_fields (f, KIOSK_TOKEN_FINE_NOTICE);

  assert_sign_refused (f, NULL, KIOSK_TOKEN_FINE_NOTICE, &fields, KIOSK_ERROR_TOKEN_WRONG_KIND);
  fields = sample_fields (f, KIOSK_TOKEN_LICENCE_NOTICE);
  assert_sign_refused (f, NULL, KIOSK_TOKEN_LICENCE_NOTICE, &fields,
                       KIOSK_ERROR_TOKEN_WRONG_KIND);

  /* Other kiosks would refuse a reference of kiosk MCT02 under this kiosk's key. */
  fields = sample_fields (f, KIOSK_TOKEN_REPORT_TRACKING);
  fields.reference = "MCT02-261130-0001";
  assert_sign_refused (f, NULL, KIOSK_TOKEN_REPORT_TRACKING, &fields,
                       KIOSK_ERROR_INVALID_VALUE);
}

static void
test_sign_without_key (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "keyless.db", NULL);
  g_autoptr(KioskStore) keyless = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  KioskTokenFields fields = sample_fields (f, KIOSK_TOKEN_RECEIPT);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (kiosk_store_set_identity (keyless, "TST01", &error));
  g_assert_no_error (error);

  text = kiosk_token_sign (keyless, KIOSK_TOKEN_RECEIPT, &fields, &error);
  g_assert_null (text);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "kiosk-admin init"));
}

/* Receipts written by the services ---------------------------------------------------------- */

static void
test_services_receipt_verifies (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) feedback = { NULL, NULL };
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  g_autoptr(GPtrArray) fines = NULL;
  const char *fine_numbers[3] = { NULL, NULL, NULL };
  const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1B2C3", "4242" };
  KioskBaisa total = 0;
  g_autofree char *plate = NULL;

  g_assert_true (kiosk_services_submit_feedback (f->base.store, KIOSK_FEEDBACK_SUGGESTION,
                                                 "More shade at the bus stop", NULL, &feedback,
                                                 &error));
  g_assert_no_error (error);

  fines = kiosk_services_list_unpaid_fines (f->base.store, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fines->len, ==, 1);
  plate = g_strdup (((KioskFine *) g_ptr_array_index (fines, 0))->plate);
  g_clear_pointer (&fines, g_ptr_array_unref);
  fines = kiosk_services_list_unpaid_fines (f->base.store, plate, 2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fines->len; i++)
    {
      KioskFine *fine = g_ptr_array_index (fines, i);
      fine_numbers[i] = fine->number;
      total += fine->amount;
    }
  g_assert_true (kiosk_services_pay_fines (f->base.store, plate, fine_numbers, &card, &payment,
                                           &error));
  g_assert_no_error (error);
  take_snapshot (f);

  struct
  {
    KioskRecordRef *ref;
    const char     *service;
    KioskBaisa      amount;
  } expected[] = {
    { &feedback, "feedback", 0 },
    { &payment, "fines", total },
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GPtrArray) payloads = kiosk_test_query_column (f->base.store,
                                                               "SELECT qr_payload FROM receipts"
                                                               " WHERE record_uuid = ?1",
                                                               expected[i].ref->uuid, NULL);
      g_autoptr(KioskToken) token = NULL;
      const KioskTokenFields *fields;

      g_assert_cmpuint (payloads->len, ==, 1);
      g_assert_nonnull (g_ptr_array_index (payloads, 0));
      token = verify_ok (f, g_ptr_array_index (payloads, 0), KIOSK_TOKEN_RECEIPT);
      fields = kiosk_token_get_fields (token);
      g_assert_cmpstr (fields->reference, ==, expected[i].ref->reference);
      g_assert_cmpstr (fields->uuid, ==, expected[i].ref->uuid);
      g_assert_cmpstr (fields->service, ==, expected[i].service);
      g_assert_cmpint (fields->amount, ==, expected[i].amount);
      g_assert_cmpint (fields->time, ==, f->base.now);
      g_assert_true (kiosk_token_is_own (token));
    }
  g_assert_cmpint (total, >, 0);
}

static void
test_older_database_receipt_without_qr (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "old.db", NULL);
  g_autoptr(KioskStore) store = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };

  /* A kiosk set up at schema version 2, before keys, then updated. */
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_NO_MIGRATE, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_migrate (store, 2, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_store_set_identity (store, "OLD01", &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, kiosk_store_close);
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_version (store), ==, kiosk_store_latest_version ());
  g_assert_cmpint (kiosk_test_count_rows (store, "kiosk_keys"), ==, 0);

  g_test_expect_message ("kiosk-token", G_LOG_LEVEL_WARNING,
                         "Receipt OLD01-*without a QR code*kiosk-admin init*");
  g_assert_true (kiosk_services_submit_feedback (store, KIOSK_FEEDBACK_INQUIRY,
                                                 "Opening hours on Friday?", NULL, &ref,
                                                 &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM receipts"
                                         " WHERE record_uuid = ?1 AND qr_payload IS NULL",
                                         ref.uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox"
                                         " WHERE record_uuid = ?1", ref.uuid, NULL), ==, 1);

  /* Once `kiosk-admin init` has made a key, receipts carry QR codes again. */
  g_assert_true (kiosk_keys_ensure_own (store, NULL, &error));
  g_assert_no_error (error);
  kiosk_record_ref_clear (&ref);
  g_assert_true (kiosk_services_submit_feedback (store, KIOSK_FEEDBACK_INQUIRY,
                                                 "And on Saturday?", NULL, &ref, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM receipts"
                                         " WHERE record_uuid = ?1 AND qr_payload LIKE 'MK1.RC.%'",
                                         ref.uuid, NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char     *name;
    KioskTokenKind  kind;
  } round_trips[] = {
    { "fine-notice", KIOSK_TOKEN_FINE_NOTICE },
    { "licence-notice", KIOSK_TOKEN_LICENCE_NOTICE },
    { "permit-notice", KIOSK_TOKEN_PERMIT_NOTICE },
    { "receipt", KIOSK_TOKEN_RECEIPT },
    { "counter-voucher", KIOSK_TOKEN_COUNTER_VOUCHER },
    { "report-tracking", KIOSK_TOKEN_REPORT_TRACKING },
  };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *path = g_strconcat ("/kiosk/token/round-trip/", round_trips[i].name, NULL);
      g_test_add (path, Fixture, GUINT_TO_POINTER (round_trips[i].kind), fixture_set_up,
                  test_round_trip, fixture_tear_down);
    }
  ADD ("/kiosk/token/round-trip/another-kiosks-receipt", test_round_trip_other_kiosk);
  ADD ("/kiosk/token/format/grammar-as-documented", test_grammar_as_documented);
  ADD ("/kiosk/token/format/largest-of-each-kind-fits", test_largest_fits_qr);
  ADD ("/kiosk/token/refuse/forged-by-an-unknown-key", test_forged_by_unknown_key);
  ADD ("/kiosk/token/refuse/forged-under-a-known-key-id", test_forged_under_known_key_id);
  ADD ("/kiosk/token/refuse/every-byte-altered", test_every_byte_altered);
  ADD ("/kiosk/token/refuse/every-prefix-truncated", test_every_prefix_truncated);
  ADD ("/kiosk/token/refuse/oversized", test_oversized);
  ADD ("/kiosk/token/refuse/unknown-key-id", test_unknown_key_id);
  ADD ("/kiosk/token/refuse/wrong-kind-for-the-screen", test_wrong_kind);
  ADD ("/kiosk/token/refuse/bad-base64", test_bad_base64);
  ADD ("/kiosk/token/refuse/trailing-garbage", test_trailing_garbage);
  ADD ("/kiosk/token/refuse/other-version", test_other_version);
  ADD ("/kiosk/token/refuse/bad-fields-under-a-good-signature", test_bad_fields_signed);
  ADD ("/kiosk/token/refuse/expired-voucher", test_expired_voucher);
  ADD ("/kiosk/token/refuse/key-outside-its-validity-window", test_key_outside_window);
  ADD ("/kiosk/token/refuse/key-not-allowed-for-the-kind", test_key_not_for_kind);
  ADD ("/kiosk/token/sign/refuses-bad-fields", test_sign_refuses_bad_fields);
  ADD ("/kiosk/token/sign/kiosk-signs-only-its-own-kinds", test_kiosk_signs_own_kinds_only);
  ADD ("/kiosk/token/sign/without-a-key-says-so", test_sign_without_key);
  g_test_add ("/kiosk/token/receipt/services-write-a-qr-that-verifies", Fixture, NULL,
              fixture_set_up_seeded, test_services_receipt_verifies, fixture_tear_down);
  ADD ("/kiosk/token/receipt/older-database-gets-receipts-without-qr",
       test_older_database_receipt_without_qr);

#undef ADD

  return g_test_run ();
}
