/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendants' PINs, lock-out and audit trail. */
#define G_LOG_DOMAIN "kiosk-attendants"

#include "config.h"

#include "kiosk-attendants.h"

#include <sodium.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-json.h"
#include "kiosk-outbox.h"
#include "kiosk-outbox-private.h"
#include "kiosk-store-private.h"
#include "kiosk-validate.h"

#define HASH_BYTES 32
#define ID_MAX 32

static gboolean
check_id (const char  *id,
          GError     **error)
{
  gsize length = id ? strlen (id) : 0;

  if (length == 0 || length > ID_MAX)
    {
      g_set_error (error, KIOSK_ERROR, length == 0 ? KIOSK_ERROR_EMPTY : KIOSK_ERROR_TOO_LONG,
                   "an attendant id is 1 to %d characters", ID_MAX);
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '.' && id[i] != '_' && id[i] != '-')
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "an attendant id is letters, digits, '.', '_' and '-'");
        return FALSE;
      }
  return TRUE;
}

/* The PIN's digits in ASCII, or NULL. */
static char *
check_pin (const char  *pin,
           GError     **error)
{
  g_autofree char *latin = kiosk_digits_to_latin (pin ? pin : "");
  gsize length = strlen (latin);

  if (length < KIOSK_ATTENDANT_PIN_MIN || length > KIOSK_ATTENDANT_PIN_MAX)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "a PIN is %d to %d digits",
                   KIOSK_ATTENDANT_PIN_MIN, KIOSK_ATTENDANT_PIN_MAX);
      return NULL;
    }
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (latin[i]))
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "a PIN is digits only");
        return NULL;
      }
  return g_steal_pointer (&latin);
}

static gboolean
hash_pin (const char   *pin,
          const guint8 *salt,
          guint8       *out_hash,
          GError      **error)
{
  /* Interactive limits: a login takes a fraction of a second on the kiosk's 2 cores. The
   * lock-out, not the hash, is what makes guessing a 4-digit PIN at the kiosk hopeless. */
  if (crypto_pwhash (out_hash, HASH_BYTES, pin, strlen (pin), salt,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "out of memory hashing a PIN");
      return FALSE;
    }
  return TRUE;
}

/* The entry and its outbox row, inside the caller's transaction. */
static gboolean
write_audit (KioskStore  *store,
             const char  *actor,
             const char  *action,
             const char  *record_uuid,
             const char  *detail_json,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *payload = NULL;
  gint64 now = kiosk_store_now (store);
  sqlite3_stmt *stmt;

  if (detail_json == NULL)
    detail_json = "{}";
  if (!json_parser_load_from_data (parser, detail_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "audit detail of %s is not a JSON object", action);
      return FALSE;
    }

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO audit_log (at, actor, action, record_uuid, detail,"
                              " uuid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  kiosk_bind_text (stmt, 2, actor);
  kiosk_bind_text (stmt, 3, action);
  kiosk_bind_text (stmt, 4, record_uuid);
  kiosk_bind_text (stmt, 5, detail_json);
  kiosk_bind_text (stmt, 6, uuid);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  json_builder_begin_object (builder);
  kiosk_json_add_string (builder, "uuid", uuid);
  kiosk_json_add_int (builder, "at", now);
  kiosk_json_add_string (builder, "actor", actor);
  kiosk_json_add_string (builder, "action", action);
  kiosk_json_add_string (builder, "record_uuid", record_uuid);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  return kiosk_outbox_enqueue (store, uuid, KIOSK_KIND_AUDIT_ENTRY,
                               KIOSK_OUTBOX_PRIORITY_NORMAL, payload, NULL, error);
}

gboolean
kiosk_attendants_audit (KioskStore  *store,
                        const char  *actor,
                        const char  *action,
                        const char  *record_uuid,
                        const char  *detail_json,
                        GError     **error)
{
  /* Inside the caller's transaction when there is one (the entry goes with what it records),
   * else in its own. */
  gboolean own = sqlite3_get_autocommit (kiosk_store_get_db (store));

  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  if (own && !kiosk_store_begin (store, error))
    return FALSE;
  if (!write_audit (store, actor, action, record_uuid, detail_json, error))
    {
      if (own)
        kiosk_store_rollback (store);
      return FALSE;
    }
  return !own || kiosk_store_commit (store, error);
}

gboolean
kiosk_attendants_add (KioskStore  *store,
                      const char  *id,
                      const char  *name,
                      const char  *pin,
                      GError     **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *digits = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 hash[HASH_BYTES];
  sqlite3_stmt *stmt;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "libsodium did not start");
      return FALSE;
    }
  if (!check_id (id, error))
    return FALSE;
  clean_name = kiosk_validate_text (name, 100, TRUE, error);
  if (clean_name == NULL)
    return FALSE;
  digits = check_pin (pin, error);
  if (digits == NULL)
    return FALSE;

  randombytes_buf (salt, sizeof salt);
  if (!hash_pin (digits, salt, hash, error))
    return FALSE;
  sodium_memzero (digits, strlen (digits));

  if (!kiosk_store_begin (store, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO attendants (id, name, pin_salt, pin_hash, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)"
                              " ON CONFLICT (id) DO UPDATE SET name = ?2, pin_salt = ?3,"
                              " pin_hash = ?4, active = 1",
                              error);
  if (stmt == NULL)
    goto fail;
  kiosk_bind_text (stmt, 1, id);
  kiosk_bind_text (stmt, 2, clean_name);
  sqlite3_bind_blob (stmt, 3, salt, sizeof salt, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 4, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error) ||
      !kiosk_attendants_audit (store, id, "attendant_pin_set", NULL, NULL, error) ||
      !kiosk_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

/* Seconds left of a lock-out, 0 when not locked. */
static gboolean
lockout_left (KioskStore  *store,
              const char  *id,
              gint64      *out_left,
              GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT coalesce (max (at), 0) FROM audit_log"
                                            " WHERE actor = ?1 AND action = 'attendant_locked'",
                                            error);
  gint64 locked_at = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    locked_at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "read lock-out", error);
  *out_left = locked_at == 0 ? 0
              : MAX (0, locked_at + KIOSK_ATTENDANT_LOCKOUT_SECONDS - kiosk_store_now (store));
  return TRUE;
}

/* Wrong PINs since the last login or lock-out. */
static gboolean
failures_in_a_row (KioskStore  *store,
                   const char  *id,
                   gint64      *out_count,
                   GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT count (*) FROM audit_log"
                                            " WHERE actor = ?1"
                                            " AND action = 'attendant_login_failed'"
                                            " AND id > (SELECT coalesce (max (id), 0)"
                                            "  FROM audit_log WHERE actor = ?1 AND action IN"
                                            "  ('attendant_login', 'attendant_locked'))",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "count wrong PINs", error);
  return TRUE;
}

static gboolean
read_attendant (KioskStore  *store,
                const char  *id,
                guint8      *salt,
                guint8      *hash,
                char       **out_name,
                gboolean    *out_found,
                GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT name, pin_salt, pin_hash FROM attendants"
                                            " WHERE id = ?1 AND active = 1",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *out_found = FALSE;
  if (rc == SQLITE_ROW &&
      sqlite3_column_bytes (stmt, 1) == crypto_pwhash_SALTBYTES &&
      sqlite3_column_bytes (stmt, 2) == HASH_BYTES)
    {
      *out_name = kiosk_column_dup_text (stmt, 0);
      memcpy (salt, sqlite3_column_blob (stmt, 1), crypto_pwhash_SALTBYTES);
      memcpy (hash, sqlite3_column_blob (stmt, 2), HASH_BYTES);
      *out_found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "read attendant", error);
  return TRUE;
}

gboolean
kiosk_attendants_login (KioskStore  *store,
                        const char  *id,
                        const char  *pin,
                        char       **out_name,
                        GError     **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *name = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES] = { 0 };
  guint8 stored[HASH_BYTES] = { 0 };
  guint8 hash[HASH_BYTES];
  gboolean found = FALSE;
  gboolean match;
  gint64 left = 0, failures = 0;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "libsodium did not start");
      return FALSE;
    }
  if (!check_id (id, NULL))
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN, "wrong id or PIN");
      return FALSE;
    }
  if (!lockout_left (store, id, &left, error))
    return FALSE;
  if (left > 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LOCKED_OUT,
                   "attendant %s locked out for %" G_GINT64_FORMAT " more seconds", id, left);
      return FALSE;
    }
  if (!read_attendant (store, id, salt, stored, &name, &found, error))
    return FALSE;

  /* The hash runs for unknown ids too, so the time taken does not tell which ids exist. */
  digits = check_pin (pin, NULL);
  if (digits != NULL && !hash_pin (digits, salt, hash, error))
    return FALSE;
  match = digits != NULL && found && sodium_memcmp (hash, stored, HASH_BYTES) == 0;
  if (digits != NULL)
    sodium_memzero (digits, strlen (digits));

  if (!kiosk_store_begin (store, error))
    return FALSE;
  if (match)
    {
      if (!kiosk_attendants_audit (store, id, "attendant_login", NULL, NULL, error) ||
          !kiosk_store_commit (store, error))
        goto fail;
      if (out_name != NULL)
        *out_name = g_steal_pointer (&name);
      return TRUE;
    }

  if (!kiosk_attendants_audit (store, id, "attendant_login_failed", NULL, NULL, error) ||
      !failures_in_a_row (store, id, &failures, error))
    goto fail;
  if (failures >= KIOSK_ATTENDANT_MAX_FAILURES &&
      !kiosk_attendants_audit (store, id, "attendant_locked", NULL, NULL, error))
    goto fail;
  if (!kiosk_store_commit (store, error))
    goto fail;
  if (failures >= KIOSK_ATTENDANT_MAX_FAILURES)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LOCKED_OUT, "attendant %s locked out after"
                 " %d wrong PINs", id, KIOSK_ATTENDANT_MAX_FAILURES);
  else
    g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN, "wrong id or PIN");
  return FALSE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}
