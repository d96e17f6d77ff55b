/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batch bodies out, BatchResults and Error bodies in, each checked against the contract. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include "kiosk-sync-protocol.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-photos.h"
#include "kiosk-validate.h"

#define MAX_REFERENCE_CHARS 64
#define MAX_REASON_CHARS 500


static const char *const known_codes[] = {
  "unknown_kind", "invalid_payload", "uuid_mismatch", "uuid_conflict", "reference_mismatch",
  "payment_mismatch", "attachment_missing", "payment_missing", NULL
};

gboolean
kiosk_sync_record_check (const KioskOutboxRecord *record,
                         GError                 **error)
{
  const char *p;

  if (!kiosk_uuid_is_valid (record->record_uuid))
    goto bad;
  if (!g_strv_contains ((const char * const *) kiosk_outbox_known_kinds (), record->kind))
    goto bad;
  /* The outbox only holds valid JSON (a CHECK says so); the contract wants an object. */
  for (p = record->payload; p != NULL && g_ascii_isspace (*p); p++)
    ;
  if (p == NULL || *p != '{')
    goto bad;
  if (g_strv_length (record->attachments) > 10)
    goto bad;
  for (guint i = 0; record->attachments[i] != NULL; i++)
    if (!kiosk_sha256_is_valid (record->attachments[i]))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
               "outbox record %" G_GINT64_FORMAT " cannot be sent as stored (its uuid, kind,"
               " payload or photo list is damaged)", record->id);
  return FALSE;
}

GBytes *
kiosk_sync_batch_body (const char  *kiosk_id,
                       const char  *batch_id,
                       GPtrArray   *records,
                       GError     **error)
{
  GString *json;

  g_return_val_if_fail (kiosk_id != NULL && batch_id != NULL && records != NULL, NULL);

  /* Every string written here is checked to be plain ASCII without quotes or backslashes
   * (UUIDs, kinds, hashes, the kiosk code), so it needs no escaping; the payloads go in as
   * the JSON text they are. Building the text directly avoids parsing and re-serialising
   * every payload. */
  if (!kiosk_uuid_is_valid (batch_id) || strspn (kiosk_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
      != strlen (kiosk_id))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "bad kiosk code or batch id");
      return NULL;
    }

  json = g_string_sized_new (1024);
  g_string_append_printf (json, "{\"kiosk_id\":\"%s\",\"batch_id\":\"%s\",\"records\":[",
                          kiosk_id, batch_id);
  for (guint i = 0; i < records->len; i++)
    {
      const KioskOutboxRecord *record = g_ptr_array_index (records, i);

      if (!kiosk_sync_record_check (record, error))
        {
          g_string_free (json, TRUE);
          return NULL;
        }
      g_string_append_printf (json, "%s{\"uuid\":\"%s\",\"kind\":\"%s\",\"created_at\":%"
                              G_GINT64_FORMAT ",\"payload\":%s,\"attachments\":[",
                              i ? "," : "", record->record_uuid, record->kind,
                              record->created_at, record->payload);
      for (guint j = 0; record->attachments[j] != NULL; j++)
        g_string_append_printf (json, "%s\"%s\"", j ? "," : "", record->attachments[j]);
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");
  return g_string_free_to_bytes (json);
}

GBytes *
kiosk_sync_gzip (GBytes  *data,
                 GError **error)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_size, in_pos = 0;
  const guint8 *in = g_bytes_get_data (data, &in_size);
  guint8 buffer[64 * 1024];

  /* Level 6: JSON compresses ~5x at it; the higher levels cost CPU for a few percent. */
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor), in + in_pos, in_size - in_pos,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END, &read,
                                    &written, error);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      in_pos += read;
      g_byte_array_append (out, buffer, (guint) written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
kiosk_sync_result_clear (KioskSyncResult *result)
{
  g_clear_pointer (&result->record_uuid, g_free);
  g_clear_pointer (&result->server_reference, g_free);
  g_clear_pointer (&result->reason, g_free);
  g_clear_pointer (&result->refund_case, g_free);
}

gboolean
kiosk_sync_json_is_clean (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (data == NULL)
    return size == 0;
  return memchr (data, '\0', size) == NULL && g_utf8_validate_len (data, size, NULL) &&
         g_strstr_len (data, (gssize) size, "\\u0000") == NULL;
}

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  if (body == NULL || !kiosk_sync_json_is_clean (body))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "the answer is not clean UTF-8 JSON text");
      return NULL;
    }
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data ? data : "", (gssize) size, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL, "the answer is not JSON: %s",
                   local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL, "the answer is empty");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* A string member, or NULL when absent; FALSE when present but not a string. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     const char **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

G_GNUC_PRINTF (3, 4)
static gboolean
refuse (GError    **error,
        guint       index,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
               "batch answer refused: result %u %s", index, message);
  return FALSE;
}

static gboolean
parse_one (JsonNode                *node,
           const KioskOutboxRecord *record,
           guint                    index,
           KioskSyncResult         *result,
           GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *uuid, *status, *reference, *code, *reason, *refund;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (error, index, "is not an object");
  object = json_node_get_object (node);

  if (!get_optional_string (object, "uuid", &uuid) ||
      !get_optional_string (object, "status", &status) ||
      !get_optional_string (object, "server_reference", &reference) ||
      !get_optional_string (object, "code", &code) ||
      !get_optional_string (object, "reason", &reason) ||
      !get_optional_string (object, "refund_case", &refund))
    return refuse (error, index, "has a field of the wrong type");

  if (g_strcmp0 (uuid, record->record_uuid) != 0)
    return refuse (error, index, "is not for the record sent in its place");
  if (code != NULL && !g_strv_contains (known_codes, code))
    return refuse (error, index, "has an unknown code");

  result->record_uuid = g_strdup (uuid);

  if (g_strcmp0 (status, "accepted") == 0 || g_strcmp0 (status, "duplicate") == 0)
    {
      result->kind = KIOSK_OUTBOX_RESULT_ACCEPTED;
      result->duplicate = g_str_equal (status, "duplicate");
      if (reference == NULL ||
          (result->server_reference = kiosk_validate_text (reference, MAX_REFERENCE_CHARS, TRUE,
                                                           &local_error)) == NULL ||
          strpbrk (result->server_reference, "\n\t") != NULL)
        return refuse (error, index, "is accepted without a usable server_reference");
      if (refund != NULL &&
          (result->refund_case = kiosk_validate_text (refund, MAX_REFERENCE_CHARS, TRUE,
                                                      &local_error)) == NULL)
        return refuse (error, index, "has an unusable refund_case");
      return TRUE;
    }

  if (g_strcmp0 (status, "rejected") == 0 || g_strcmp0 (status, "retry") == 0)
    {
      g_autofree char *clean = NULL;

      result->kind = g_str_equal (status, "rejected") ? KIOSK_OUTBOX_RESULT_REJECTED
                                                      : KIOSK_OUTBOX_RESULT_RETRY;
      result->attachment_missing = g_strcmp0 (code, "attachment_missing") == 0;
      if (reason != NULL)
        {
          clean = kiosk_validate_text (reason, MAX_REASON_CHARS, FALSE, &local_error);
          if (clean == NULL)
            return refuse (error, index, "has an unusable reason");
        }
      result->reason = g_strdup_printf ("%s%s%s", code ? code : status,
                                        clean && *clean ? ": " : "", clean ? clean : "");
      return TRUE;
    }

  return refuse (error, index, "has an unknown status");
}

static void
clear_result_cb (gpointer data)
{
  kiosk_sync_result_clear (data);
}

GArray *
kiosk_sync_parse_results (GBytes     *body,
                          const char *batch_id,
                          GPtrArray  *records,
                          GError    **error)
{
  g_autoptr(JsonNode) root = parse_json (body, error);
  g_autoptr(GArray) results = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  const char *answered_batch;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "batch answer refused: not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_optional_string (object, "batch_id", &answered_batch) ||
      g_strcmp0 (answered_batch, batch_id) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "batch answer refused: it is not the answer to batch %s", batch_id);
      return NULL;
    }

  node = json_object_get_member (object, "results");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "batch answer refused: results is missing or not an array");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) != records->len)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "batch answer refused: %u results for %u records",
                   json_array_get_length (array), records->len);
      return NULL;
    }

  results = g_array_sized_new (FALSE, TRUE, sizeof (KioskSyncResult), records->len);
  g_array_set_clear_func (results, clear_result_cb);
  g_array_set_size (results, records->len);
  for (guint i = 0; i < records->len; i++)
    if (!parse_one (json_array_get_element (array, i), g_ptr_array_index (records, i), i,
                    &g_array_index (results, KioskSyncResult, i), error))
      return NULL;

  return g_steal_pointer (&results);
}

/* The code and message of an Error body ({"error": {"code", "message"}}), borrowed from
 * `*out_root`; FALSE when the body is not one. */
static gboolean
read_error_body (GBytes      *body,
                 JsonNode   **out_root,
                 const char **out_code,
                 const char **out_message)
{
  g_autoptr(GError) ignored = NULL;
  JsonNode *node;

  *out_root = NULL;
  *out_code = *out_message = NULL;
  if (body == NULL || g_bytes_get_size (body) == 0 || g_bytes_get_size (body) >= 64 * 1024)
    return FALSE;
  *out_root = parse_json (body, &ignored);
  if (*out_root == NULL || !JSON_NODE_HOLDS_OBJECT (*out_root))
    return FALSE;
  node = json_object_get_member (json_node_get_object (*out_root), "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  if (!get_optional_string (json_node_get_object (node), "code", out_code) ||
      !get_optional_string (json_node_get_object (node), "message", out_message))
    {
      *out_code = *out_message = NULL;
      return FALSE;
    }
  return *out_code != NULL;
}

gboolean
kiosk_sync_is_record_refusal (long    status,
                              GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *code, *message;

  if (status != 400 && status != 413 && status != 415 && status != 422)
    return FALSE;
  return read_error_body (body, &root, &code, &message);
}

gboolean
kiosk_sync_body_is_html (GBytes *body)
{
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  gsize i = 0;

  while (i < size && g_ascii_isspace (data[i]))
    i++;
  return i < size && data[i] == '<';
}

char *
kiosk_sync_describe_error (long    status,
                           GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *code = NULL, *message = NULL;

  read_error_body (body, &root, &code, &message);
  if (code != NULL || message != NULL)
    {
      g_autofree char *clean_code = kiosk_validate_text (code ? code : "", 40, FALSE, NULL);
      g_autofree char *clean_message = kiosk_validate_text (message ? message : "",
                                                            MAX_REASON_CHARS, FALSE, NULL);

      if (clean_code != NULL && clean_message != NULL)
        return g_strdup_printf ("HTTP %ld %s%s%s", status, clean_code,
                                *clean_message ? ": " : "", clean_message);
    }
  return g_strdup_printf ("HTTP %ld", status);
}
