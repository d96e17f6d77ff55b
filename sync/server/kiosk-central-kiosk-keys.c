/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kiosk keys go into the feed as a load of the `signing_keys` dataset would put them: the
 * same checks against the kiosk's schema, the same row format, one transaction. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-kiosk-keys.h"

#include <json-glib/json-glib.h>

#include "kiosk-central-kiosks.h"
#include "kiosk-central-load.h"
#include "kiosk-error.h"
#include "kiosk-keys.h"

#define SIGNING_KEYS "signing_keys"

/* The owner of every signing key the feed serves, by key id. */
static GHashTable *
read_owners (KioskCentralDb  *db,
             GError         **error)
{
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        g_free);
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  stmt = kiosk_central_db_prepare (db, "SELECT key, data FROM reference_rows"
                                       " WHERE dataset = ?1 ORDER BY key", error);
  if (stmt == NULL)
    return NULL;
  kiosk_central_stmt_bind_text (stmt, 1, SIGNING_KEYS);
  while ((rc = kiosk_central_stmt_step (stmt)) == KIOSK_CENTRAL_ROW)
    {
      g_autoptr(JsonNode) row = json_from_string (kiosk_central_stmt_column_text (stmt, 1), NULL);
      const char *owner = NULL;

      if (row != NULL && JSON_NODE_HOLDS_OBJECT (row))
        owner = json_object_get_string_member_with_default (json_node_get_object (row),
                                                            "owner", NULL);
      g_hash_table_insert (owners, g_strdup (kiosk_central_stmt_column_text (stmt, 0)),
                           g_strdup (owner ? owner : ""));
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_DONE)
    {
      kiosk_central_db_fail (db, rc, "read the signing keys", error);
      return NULL;
    }
  return g_steal_pointer (&owners);
}

static gboolean
kiosk_is_enabled (KioskCentralDb  *db,
                  const char      *code,
                  GError         **error)
{
  KioskCentralStmt *stmt;
  KioskCentralStep rc;
  gboolean enabled = FALSE;

  stmt = kiosk_central_db_prepare (db, "SELECT enabled FROM kiosks WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, code);
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    enabled = kiosk_central_stmt_column_int64 (stmt, 0) == 1;
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "read the kiosk", error);
  if (!enabled)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                 "no enabled kiosk %s: register it (add-kiosk --kiosk %s) or enable it first",
                 code, code);
  return enabled;
}

/* Adds a `_delete` row to `rows` for each key of `owner` but `keep`. */
static void
add_withdrawals (JsonArray  *rows,
                 GHashTable *owners,
                 const char *owner,
                 const char *keep)
{
  GHashTableIter iter;
  gpointer key_id, key_owner;

  g_hash_table_iter_init (&iter, owners);
  while (g_hash_table_iter_next (&iter, &key_id, &key_owner))
    if (g_str_equal (key_owner, owner) && g_strcmp0 (key_id, keep) != 0)
      {
        JsonObject *row = json_object_new ();

        json_object_set_string_member (row, "key_id", key_id);
        json_object_set_boolean_member (row, "_delete", TRUE);
        json_array_add_object_element (rows, row);
      }
}

static gboolean
load_rows (KioskCentralDb  *db,
           JsonArray       *rows,
           GError         **error)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GString) summary = g_string_new (NULL);

  if (json_array_get_length (rows) == 0)
    return TRUE;
  json_object_set_array_member (input, SIGNING_KEYS, json_array_ref (rows));
  return kiosk_central_load_rows (db, input, NULL, summary, error);
}

gboolean
kiosk_central_kiosk_keys_register (KioskCentralDb  *db,
                                   const char      *code,
                                   const char      *public_key,
                                   GError         **error)
{
  g_autoptr(GHashTable) owners = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autofree char *owner = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *base64 = NULL;
  guint8 bytes[KIOSK_KEY_PUBLIC_BYTES];
  const char *holder;
  JsonObject *row;

  if (code == NULL || !kiosk_central_kiosk_code_is_valid (code))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a kiosk code is 2 to 12 capital letters and digits");
      return FALSE;
    }
  if (public_key == NULL || !kiosk_key_public_from_text (public_key, bytes, error))
    {
      if (public_key == NULL)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "give the kiosk's public key, as `kiosk-admin keys` prints it");
      return FALSE;
    }
  if (!kiosk_is_enabled (db, code, error) || (owners = read_owners (db, error)) == NULL)
    return FALSE;

  owner = g_strconcat (KIOSK_KEY_OWNER_KIOSK_PREFIX, code, NULL);
  key_id = kiosk_key_id_for_public_key (bytes);
  holder = g_hash_table_lookup (owners, key_id);
  if (holder != NULL && !g_str_equal (holder, owner))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "key %s is already %s's: each kiosk signs with its own key", key_id,
                   *holder ? holder : "another owner");
      return FALSE;
    }

  add_withdrawals (rows, owners, owner, key_id);
  /* Valid from the start: it verifies what the kiosk signed before it was registered. */
  base64 = g_base64_encode (bytes, sizeof bytes);
  row = json_object_new ();
  json_object_set_string_member (row, "key_id", key_id);
  json_object_set_string_member (row, "owner", owner);
  json_object_set_string_member (row, "algorithm", "ed25519");
  json_object_set_string_member (row, "public_key", base64);
  json_object_set_int_member (row, "valid_from", 0);
  json_object_set_null_member (row, "valid_until");
  json_array_add_object_element (rows, row);
  return load_rows (db, rows, error);
}

gboolean
kiosk_central_kiosk_keys_withdraw (KioskCentralDb  *db,
                                   const char      *code,
                                   GError         **error)
{
  g_autoptr(GHashTable) owners = read_owners (db, error);
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autofree char *owner = g_strconcat (KIOSK_KEY_OWNER_KIOSK_PREFIX, code, NULL);

  if (owners == NULL)
    return FALSE;
  add_withdrawals (rows, owners, owner, NULL);
  return load_rows (db, rows, error);
}
