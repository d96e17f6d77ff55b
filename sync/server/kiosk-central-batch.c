/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batches of records from kiosks. The whole batch is one write transaction: every record's
 * answer (accepted with its server reference, or rejected with its reason) is committed with
 * the record itself, and only then is the batch answered, so a kiosk that resends after a
 * lost answer, a crash or a SIGKILL gets exactly the first answers again. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-batch.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-central-attachments.h"
#include "kiosk-central-changes.h"
#include "kiosk-central-datasets.h"
#include "kiosk-central-json.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-validate.h"

#define MAX_ATTACHMENTS 10
#define MAX_MEMBER_NAME 64
#define MAX_FINE_NUMBER 64
#define MAX_PLATE 32
/* As in the kiosk's feed reader: ten million rials, and the end of year 9999. */
#define MAX_BAISA G_GINT64_CONSTANT (10000000000000)
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

/* The kinds a kiosk sends, and the letters of their server references. */
static const struct
{
  const char *kind;
  const char *prefix;
} kinds[] = {
  { KIOSK_KIND_REPORT, "RPT" },
  { KIOSK_KIND_FEEDBACK, "FBK" },
  { KIOSK_KIND_PAYMENT, "PAY" },
  { KIOSK_KIND_LICENCE_RENEWAL, "LIC" },
  { KIOSK_KIND_LEASE_FORM_REQUEST, "LSE" },
  { KIOSK_KIND_PARKING_PERMIT_REQUEST, "PRK" },
  { KIOSK_KIND_VEHICLE_PERMIT_RENEWAL, "VPR" },
  { KIOSK_KIND_REPORT_ADDITION, "ADD" },
  { KIOSK_KIND_COUNTER_PAYMENT, "CSH" },
  /* End-of-day reports: stored as sent; their numbers show a lost one. */
  { KIOSK_KIND_Z_REPORT, "ZRP" },
  /* What attendants did at a kiosk's desk and what the kiosk could not do: stored as sent. */
  { KIOSK_KIND_AUDIT_ENTRY, "AUD" },
};

/* The byte length of `text` cut to at most `max` bytes without splitting a character (text
 * stores must hold valid UTF-8). */
static gsize
utf8_cut (const char *text,
          gsize       max)
{
  gsize length = strlen (text);

  if (length <= max)
    return length;
  length = max;
  while (length > 0 && ((guchar) text[length] & 0xC0) == 0x80)
    length--;
  return length;
}

static const char *
kind_prefix (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return kinds[i].prefix;
  return NULL;
}

/* What one record gets back. */
typedef struct
{
  const char *status;            /* accepted, duplicate, rejected, retry */
  char       *server_reference;
  char       *code;
  char       *reason;
  char       *refund_case;
  gboolean    unwritable;        /* the payload holds a number json-glib cannot write back */
  gboolean    lost_race;         /* a concurrent transaction stored the same UUID first */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->server_reference, g_free);
  g_clear_pointer (&answer->code, g_free);
  g_clear_pointer (&answer->reason, g_free);
  g_clear_pointer (&answer->refund_case, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* A record that passed the checks, ready to store. */
typedef struct
{
  char       *uuid;        /* lowercase: the dedupe key */
  const char *kind;
  gint64      created_at;
  JsonObject *payload;
  GPtrArray  *attachments; /* char* sha256 */
} Record;

static void
record_clear (Record *record)
{
  g_clear_pointer (&record->uuid, g_free);
  g_clear_pointer (&record->attachments, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

G_GNUC_PRINTF (3, 4)
static gboolean
refuse (Answer     *answer,
        const char *code,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  answer->status = "rejected";
  answer->code = g_strdup (code);
  answer->reason = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static gboolean
is_member_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MAX_MEMBER_NAME)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* Whether a member holds money or a time, by the kiosk's column naming: those are integers
 * in range whatever the record's kind. */
static gboolean
is_money_member (const char *name)
{
  return g_str_has_suffix (name, "_baisa");
}

static gboolean
is_time_member (const char *name)
{
  return g_str_has_suffix (name, "_at") || g_str_equal (name, "at");
}

/* A number the payload may hold: any integer, and floats that can be written back as JSON;
 * money and times (by member name) are integers in their range. */
static gboolean
check_number (JsonNode   *node,
              const char *name,
              const char *path,
              Answer     *answer)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING &&
      g_str_equal (json_node_get_string (node), KIOSK_CENTRAL_JSON_BIG_INTEGER))
    {
      answer->unwritable = TRUE;
      return refuse (answer, "invalid_payload", "%s: a number beyond the 64-bit integer range",
                     path);
    }
  if (type == G_TYPE_DOUBLE && !kiosk_central_json_double_is_writable (json_node_get_double (node)))
    {
      answer->unwritable = TRUE;
      return refuse (answer, "invalid_payload", "%s: a number out of range (too large, too"
                     " small or not finite)", path);
    }
  if (name == NULL || (!is_money_member (name) && !is_time_member (name)))
    return TRUE;
  if (type != G_TYPE_INT64 && !JSON_NODE_HOLDS_NULL (node))
    return refuse (answer, "invalid_payload", "%s must be an integer", path);
  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);
      gint64 max = is_money_member (name) ? MAX_BAISA : MAX_TIME;

      if (value < 0 || value > max)
        return refuse (answer, "invalid_payload", "%s must be from 0 to %" G_GINT64_FORMAT,
                       path, max);
    }
  return TRUE;
}

/* Every string of the payload: control characters refuse the record; bidi controls are
 * removed (they can make text read differently to the staff who see it than it is stored).
 * Member names are column names, nothing else. Numbers are checked by check_number. */
static gboolean
clean_node (JsonNode   *node,
            const char *name,
            const char *path,
            Answer     *answer)
{
  if (JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
    {
      if (!check_number (node, name, path, answer))
        return FALSE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_strdup_printf ("%s.%s", path, (const char *) l->data);

          if (!is_member_name (l->data))
            return refuse (answer, "invalid_payload", "%s: a field name must be 1 to %d of a-z,"
                           " 0-9 and _", path, MAX_MEMBER_NAME);
          if (!clean_node (json_object_get_member (object, l->data), l->data, child, answer))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          if (!clean_node (json_array_get_element (array, i), NULL, child, answer))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      g_autoptr(GError) text_error = NULL;
      g_autofree char *checked = kiosk_validate_text (text, G_MAXSIZE, FALSE, &text_error);
      g_autofree char *stripped = NULL;

      if (checked == NULL && g_error_matches (text_error, KIOSK_ERROR, KIOSK_ERROR_INVALID_TEXT))
        return refuse (answer, "invalid_payload", "%s: %s", path, text_error->message);
      stripped = kiosk_text_strip_bidi (text);
      if (strcmp (stripped, text) != 0)
        json_node_set_string (node, stripped);
    }
  return TRUE;
}

static gboolean
check_fines (JsonObject *payload,
             Answer     *answer)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (payload, "fines");
  const char *purpose = kiosk_central_json_get_string (payload, "purpose");
  JsonArray *fines;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (g_strcmp0 (purpose, "fines") == 0)
        return refuse (answer, "invalid_payload", "payload.fines: a payment of fines must list"
                       " them");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return refuse (answer, "invalid_payload", "payload.fines must be an array");
  fines = json_node_get_array (node);
  if (g_strcmp0 (purpose, "fines") == 0 && json_array_get_length (fines) == 0)
    return refuse (answer, "invalid_payload", "payload.fines: a payment of fines must list them");

  for (guint i = 0; i < json_array_get_length (fines); i++)
    {
      JsonNode *element = json_array_get_element (fines, i);
      JsonObject *fine;
      const char *number, *plate;
      gint64 amount;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return refuse (answer, "invalid_payload", "payload.fines[%u] must be an object", i);
      fine = json_node_get_object (element);
      number = kiosk_central_json_get_string (fine, "fine_number");
      plate = kiosk_central_json_get_string (fine, "plate");
      if (number == NULL || *number == '\0' || strlen (number) > MAX_FINE_NUMBER ||
          strchr (number, '|') != NULL)
        return refuse (answer, "invalid_payload", "payload.fines[%u].fine_number must be a fine"
                       " number", i);
      if (plate == NULL || *plate == '\0' || strlen (plate) > MAX_PLATE)
        return refuse (answer, "invalid_payload", "payload.fines[%u].plate must be a plate", i);
      if (!kiosk_central_json_get_int (fine, "amount_baisa", &amount) || amount <= 0)
        return refuse (answer, "invalid_payload", "payload.fines[%u].amount_baisa must be a"
                       " positive integer", i);
      if (!g_hash_table_add (seen, (gpointer) number))
        return refuse (answer, "invalid_payload", "payload.fines[%u]: fine %s is listed twice",
                       i, number);
    }
  return TRUE;
}

/* A report's optional position (payload.latitude_e6 / longitude_e6, microdegrees): both
 * integers in range, or both absent or null. Out parameters are set when present. */
static gboolean
check_position (JsonObject *payload,
                gboolean   *out_has,
                gint64     *out_latitude,
                gint64     *out_longitude,
                Answer     *answer)
{
  JsonNode *lat = json_object_get_member (payload, "latitude_e6");
  JsonNode *lon = json_object_get_member (payload, "longitude_e6");
  gboolean has_lat = lat != NULL && !JSON_NODE_HOLDS_NULL (lat);
  gboolean has_lon = lon != NULL && !JSON_NODE_HOLDS_NULL (lon);

  *out_has = FALSE;
  if (!has_lat && !has_lon)
    return TRUE;
  if (!kiosk_central_json_get_int (payload, "latitude_e6", out_latitude) ||
      !kiosk_central_json_get_int (payload, "longitude_e6", out_longitude) ||
      *out_latitude < -90000000 || *out_latitude > 90000000 ||
      *out_longitude < -180000000 || *out_longitude > 180000000)
    return refuse (answer, "invalid_payload", "payload.latitude_e6 and longitude_e6 must both"
                   " be integer microdegrees in range, or both absent");
  *out_has = TRUE;
  return TRUE;
}

/* The per-record checks of the contract. Fills `record` or `answer` (rejected). */
static gboolean
check_audit_entry (JsonObject *payload,
                   Answer     *answer)
{
  const char *actor = kiosk_central_json_get_string (payload, "actor");
  const char *action = kiosk_central_json_get_string (payload, "action");
  gint64 at;

  if (actor == NULL || *actor == '\0' || strlen (actor) > 64 ||
      action == NULL || *action == '\0' || strlen (action) > 64 ||
      !kiosk_central_json_get_int (payload, "at", &at) || at < 0 || at > MAX_TIME)
    return refuse (answer, "invalid_payload", "an audit entry needs actor, action (1-64"
                   " characters) and at (Unix seconds)");
  return TRUE;
}

static gboolean
check_record (JsonObject *object,
              const char *kiosk_code,
              Record     *record,
              Answer     *answer)
{
  const char *kind = kiosk_central_json_get_string (object, "kind");
  JsonNode *payload_node = json_object_get_member (object, "payload");
  JsonNode *attachments = json_object_get_member (object, "attachments");
  const char *payload_uuid, *reference;
  gint64 amount;

  record->kind = kind;
  if (kind == NULL || kind_prefix (kind) == NULL)
    return refuse (answer, "unknown_kind", "kind %s%s%s is not one this server knows",
                   kind ? "\"" : "", kind ? kind : "(missing)", kind ? "\"" : "");
  if (!kiosk_central_json_get_int (object, "created_at", &record->created_at) ||
      record->created_at < 0 || record->created_at > MAX_TIME)
    return refuse (answer, "invalid_payload", "created_at must be an integer (Unix seconds)");

  if (payload_node == NULL || !JSON_NODE_HOLDS_OBJECT (payload_node))
    return refuse (answer, "invalid_payload", "payload must be an object");
  record->payload = json_node_get_object (payload_node);
  if (!clean_node (payload_node, NULL, "payload", answer))
    return FALSE;

  payload_uuid = kiosk_central_json_get_string (record->payload, "uuid");
  if (payload_uuid == NULL)
    return refuse (answer, "invalid_payload", "payload.uuid is missing");
  if (g_ascii_strcasecmp (payload_uuid, record->uuid) != 0)
    return refuse (answer, "uuid_mismatch", "payload.uuid is not the record's uuid");
  reference = kiosk_central_json_get_string (record->payload, "reference");
  /* An audit entry is no citizen's record and has no human reference; it names who did
   * what, and when. */
  if (g_str_equal (kind, KIOSK_KIND_AUDIT_ENTRY) && !check_audit_entry (record->payload, answer))
    return FALSE;
  if (reference != NULL || !g_str_equal (kind, KIOSK_KIND_AUDIT_ENTRY))
    {
      if (reference == NULL || !kiosk_reference_is_valid (reference))
        return refuse (answer, "invalid_payload", "payload.reference must be a kiosk reference"
                       " (KIOSKCODE-YYMMDD-NNNN)");
      /* A reference is what staff and citizens quote: one kiosk must not make records that
       * look like another's. */
      if (!g_str_has_prefix (reference, kiosk_code) || reference[strlen (kiosk_code)] != '-')
        return refuse (answer, "reference_mismatch", "payload.reference %s does not start with"
                       " this kiosk's code %s", reference, kiosk_code);
    }

  record->attachments = g_ptr_array_new_with_free_func (g_free);
  if (attachments != NULL && !JSON_NODE_HOLDS_NULL (attachments))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (attachments))
        return refuse (answer, "invalid_payload", "attachments must be an array of SHA-256");
      array = json_node_get_array (attachments);
      if (json_array_get_length (array) > MAX_ATTACHMENTS)
        return refuse (answer, "invalid_payload", "more than %d attachments", MAX_ATTACHMENTS);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *sha = NULL;

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            sha = json_node_get_string (element);
          if (!kiosk_central_sha256_is_valid (sha))
            return refuse (answer, "invalid_payload", "attachments[%u] is not a lowercase"
                           " SHA-256", i);
          g_ptr_array_add (record->attachments, g_strdup (sha));
        }
    }

  if (g_str_equal (kind, KIOSK_KIND_PAYMENT))
    {
      if (!kiosk_central_json_get_int (record->payload, "amount_baisa", &amount) || amount <= 0)
        return refuse (answer, "invalid_payload", "payload.amount_baisa must be a positive"
                       " integer");
      if (!check_fines (record->payload, answer))
        return FALSE;
    }
  if (g_str_equal (kind, KIOSK_KIND_REPORT))
    {
      gboolean has;
      gint64 latitude, longitude;

      if (!check_position (record->payload, &has, &latitude, &longitude, answer))
        return FALSE;
    }
  return TRUE;
}

/* The first answer, if this UUID was ever answered, and the kiosk that sent it: only that
 * kiosk gets the answer (see process_record). */
static gboolean
find_answer (KioskCentralDb *db,
             const char     *uuid,
             Answer         *answer,
             char          **out_sender,
             GError        **error)
{
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT status, server_reference, code, reason, refund_case,"
                                   " kiosk_code FROM records WHERE uuid = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, uuid);
  rc = kiosk_central_stmt_step (stmt);
  *out_sender = NULL;
  if (rc == KIOSK_CENTRAL_ROW)
    {
      gboolean accepted = g_str_equal (kiosk_central_stmt_column_text (stmt, 0), "accepted");

      *out_sender = g_strdup (kiosk_central_stmt_column_text (stmt, 5));

      answer->status = accepted ? "duplicate" : "rejected";
      answer->server_reference = g_strdup (kiosk_central_stmt_column_text (stmt, 1));
      answer->code = g_strdup (kiosk_central_stmt_column_text (stmt, 2));
      answer->reason = g_strdup (kiosk_central_stmt_column_text (stmt, 3));
      answer->refund_case = g_strdup (kiosk_central_stmt_column_text (stmt, 4));
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "look up a record", error);
  return TRUE;
}

static gboolean
store_record (KioskCentralDb *db,
              const char     *kiosk_code,
              const char     *batch_id,
              const char     *uuid,
              JsonObject     *object,
              const Record   *record,
              Answer         *answer,
              gint64         *out_id,
              GError        **error)
{
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *payload_text = NULL;
  const char *kind = kiosk_central_json_get_string (object, "kind");
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  /* A payload refused for its numbers may not even write back as JSON (1e400 comes out as
   * "inf.0"): the refusal is kept without it, never turned into a failed batch. */
  if (record->payload != NULL && !answer->unwritable)
    {
      payload = json_node_init_object (json_node_alloc (), record->payload);
      payload_text = json_to_string (payload, FALSE);
    }

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO records (uuid, kiosk_code, batch_id, kind,"
                                   " status, code, reason, kiosk_reference, created_at,"
                                   " received_at, payload)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                                   " ON CONFLICT (uuid) DO NOTHING RETURNING id",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, uuid);
  kiosk_central_stmt_bind_text (stmt, 2, kiosk_code);
  kiosk_central_stmt_bind_text (stmt, 3, batch_id);
  /* A rejected record's kind may be anything the kiosk sent: kept only as text, cut. */
  kiosk_central_stmt_bind_text_len (stmt, 4, kind ? kind : "", kind ? utf8_cut (kind, 64) : 0);
  kiosk_central_stmt_bind_text (stmt, 5, answer->status);
  if (answer->code != NULL)
    kiosk_central_stmt_bind_text (stmt, 6, answer->code);
  if (answer->reason != NULL)
    kiosk_central_stmt_bind_text (stmt, 7, answer->reason);
  if (record->payload != NULL && kiosk_central_json_get_string (record->payload, "reference"))
    kiosk_central_stmt_bind_text (stmt, 8,
                                  kiosk_central_json_get_string (record->payload, "reference"));
  kiosk_central_stmt_bind_int64 (stmt, 9, record->created_at);
  kiosk_central_stmt_bind_int64 (stmt, 10, kiosk_central_now ());
  if (payload_text != NULL)
    kiosk_central_stmt_bind_text (stmt, 11, payload_text);

  /* No row: another server's transaction stored this UUID between our look-up and now (it
   * waited for that one to commit). Its answer is the answer: lost_race says so. */
  *out_id = 0;
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    *out_id = kiosk_central_stmt_column_int64 (stmt, 0);
  answer->lost_race = rc == KIOSK_CENTRAL_DONE;
  if (rc == KIOSK_CENTRAL_ERROR)
    kiosk_central_db_fail (db, rc, "store a record", error);
  kiosk_central_stmt_reset (stmt);
  return rc != KIOSK_CENTRAL_ERROR;
}

/* What a payment's status means for the fines it lists: only money the card terminal
 * approved, or the counter confirmed, pays a fine. */
typedef enum
{
  SETTLES_NOW,         /* approved by the card terminal */
  SETTLES_AT_COUNTER,  /* a voucher: its counter_payment record pays the fines */
  SETTLES_NOTHING,     /* declined or voided: no money was taken */
} Settlement;

static gboolean
payment_settlement (JsonObject *payload,
                    Settlement *out,
                    Answer     *answer)
{
  const char *status = kiosk_central_json_get_string (payload, "status");
  const char *method = kiosk_central_json_get_string (payload, "method");
  const char *wanted_method;

  if (g_strcmp0 (status, "approved_online") == 0 || g_strcmp0 (status, "approved_offline") == 0)
    {
      *out = SETTLES_NOW;
      wanted_method = "card";
    }
  else if (g_strcmp0 (status, "awaiting_counter") == 0)
    {
      *out = SETTLES_AT_COUNTER;
      wanted_method = "counter";
    }
  else if (g_strcmp0 (status, "declined") == 0 || g_strcmp0 (status, "voided") == 0)
    {
      *out = SETTLES_NOTHING;
      return TRUE;
    }
  else
    return refuse (answer, "payment_mismatch", "payload.status must be approved_online,"
                   " approved_offline, awaiting_counter, declined or voided");
  if (g_strcmp0 (method, wanted_method) != 0)
    return refuse (answer, "payment_mismatch", "payload.method must be %s for a payment %s",
                   wanted_method, status);
  return TRUE;
}

/* The fine as the server holds it now (NULL when it never published one by that number). */
static gboolean
current_fine (KioskCentralDb *db,
              const char     *number,
              JsonNode      **out_row,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = kiosk_central_reference_dup (db, "fines", number, &local_error);

  *out_row = NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (current != NULL)
    {
      *out_row = json_from_string (current, NULL);
      if (*out_row != NULL && !JSON_NODE_HOLDS_OBJECT (*out_row))
        g_clear_pointer (out_row, json_node_unref);
    }
  return TRUE;
}

/* A payment of fines against what the server knows at this moment: the amount is the
 * fines' total, and each fine the server published has that plate and that amount and is
 * not cancelled. A fine the server never published cannot be checked (nor changed): only
 * its share of the total is. FALSE with `answer` rejected, or with `error` set. */
static gboolean
check_fine_payment (KioskCentralDb *db,
                    JsonObject     *payload,
                    Answer         *answer,
                    GError        **error)
{
  JsonNode *node = json_object_get_member (payload, "fines");
  gint64 amount = 0, total = 0;
  JsonArray *fines;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  fines = json_node_get_array (node);
  /* A licence or permit payment pays no fine, whatever it lists. */
  if (g_strcmp0 (kiosk_central_json_get_string (payload, "purpose"), "fines") != 0)
    {
      if (json_array_get_length (fines) > 0)
        return refuse (answer, "payment_mismatch", "only a payment of fines (purpose fines)"
                       " may list fines");
      return TRUE;
    }
  kiosk_central_json_get_int (payload, "amount_baisa", &amount);

  for (guint i = 0; i < json_array_get_length (fines); i++)
    {
      JsonObject *fine = json_array_get_object_element (fines, i);
      const char *number = json_object_get_string_member (fine, "fine_number");
      const char *plate = json_object_get_string_member (fine, "plate");
      gint64 fine_amount = json_object_get_int_member (fine, "amount_baisa");
      g_autoptr(JsonNode) row = NULL;
      JsonObject *known;
      gint64 known_amount = 0;

      total += fine_amount;
      if (!current_fine (db, number, &row, error))
        return FALSE;
      if (row == NULL)
        continue;
      known = json_node_get_object (row);
      if (g_strcmp0 (kiosk_central_json_get_string (known, "plate"), plate) != 0)
        return refuse (answer, "payment_mismatch", "fine %s is not for plate %s", number,
                       plate);
      if (!kiosk_central_json_get_int (known, "amount_baisa", &known_amount) ||
          known_amount != fine_amount)
        return refuse (answer, "payment_mismatch", "fine %s is %" G_GINT64_FORMAT " baisa, not"
                       " %" G_GINT64_FORMAT, number, known_amount, fine_amount);
      if (g_strcmp0 (kiosk_central_json_get_string (known, "status"), "cancelled") == 0)
        return refuse (answer, "payment_mismatch", "fine %s was cancelled", number);
    }
  if (total != amount)
    return refuse (answer, "payment_mismatch", "the amount %" G_GINT64_FORMAT " baisa is not"
                   " the fines' total %" G_GINT64_FORMAT, amount, total);
  return TRUE;
}

/* A payment's own checks, before anything is stored. */
static gboolean
check_payment (KioskCentralDb *db,
               const Record   *record,
               Answer         *answer,
               GError        **error)
{
  Settlement settlement;

  if (!payment_settlement (record->payload, &settlement, answer))
    return FALSE;
  if (settlement == SETTLES_NOTHING)
    return TRUE;
  return check_fine_payment (db, record->payload, answer, error);
}

/* The payment a counter confirmation names, from this kiosk: its stored answer and payload.
 * `out_status` NULL when the server has not received it. */
static gboolean
confirmed_payment (KioskCentralDb *db,
                   const char     *payment_uuid,
                   const char     *kiosk_code,
                   char          **out_status,
                   JsonNode      **out_payload,
                   GError        **error)
{
  g_autofree char *uuid = g_ascii_strdown (payment_uuid, -1);
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  *out_status = NULL;
  *out_payload = NULL;
  stmt = kiosk_central_db_prepare (db,
                                   "SELECT status, payload FROM records WHERE uuid = ?1"
                                   " AND kiosk_code = ?2 AND kind = 'payment'",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, uuid);
  kiosk_central_stmt_bind_text (stmt, 2, kiosk_code);
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    {
      *out_status = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
      if (!kiosk_central_stmt_column_is_null (stmt, 1))
        *out_payload = json_from_string (kiosk_central_stmt_column_text (stmt, 1), NULL);
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "look up a payment", error);
  return TRUE;
}

/* A counter confirmation settles the voucher payment it names, from the same kiosk, for the
 * same amount. TRUE with `out_payment` (the voucher's payload) to settle; FALSE with `answer`
 * set (rejected, or retry while the payment itself has not arrived) or with `error`. */
static gboolean
check_counter_payment (KioskCentralDb *db,
                       const Record   *record,
                       const char     *kiosk_code,
                       JsonNode      **out_payment,
                       Answer         *answer,
                       GError        **error)
{
  const char *payment_uuid = kiosk_central_json_get_string (record->payload, "payment_uuid");
  g_autofree char *status = NULL;
  g_autoptr(JsonNode) payment = NULL;
  gint64 amount = 0, paid = 0;
  JsonObject *voucher;

  *out_payment = NULL;
  if (payment_uuid == NULL || !kiosk_uuid_is_valid (payment_uuid))
    return refuse (answer, "invalid_payload", "payload.payment_uuid must be a UUID");
  if (!kiosk_central_json_get_int (record->payload, "amount_baisa", &amount) || amount <= 0)
    return refuse (answer, "invalid_payload", "payload.amount_baisa must be a positive"
                   " integer");
  if (!confirmed_payment (db, payment_uuid, kiosk_code, &status, &payment, error))
    return FALSE;

  if (status == NULL)
    {
      /* Sent in order, the payment comes first; until it has, this waits. Not an answer. */
      answer->status = "retry";
      answer->code = g_strdup ("payment_missing");
      answer->reason = g_strdup_printf ("payment %s has not reached the server from this"
                                        " kiosk yet", payment_uuid);
      return FALSE;
    }
  if (!g_str_equal (status, "accepted") || payment == NULL || !JSON_NODE_HOLDS_OBJECT (payment))
    return refuse (answer, "payment_mismatch", "payment %s was refused; its confirmation"
                   " pays nothing", payment_uuid);
  voucher = json_node_get_object (payment);
  if (g_strcmp0 (kiosk_central_json_get_string (voucher, "status"), "awaiting_counter") != 0)
    return refuse (answer, "payment_mismatch", "payment %s is not a voucher awaiting the"
                   " counter", payment_uuid);
  if (!kiosk_central_json_get_int (voucher, "amount_baisa", &paid) || paid != amount)
    return refuse (answer, "payment_mismatch", "the counter took %" G_GINT64_FORMAT " baisa;"
                   " payment %s is for %" G_GINT64_FORMAT, amount, payment_uuid, paid);
  /* The fines may have changed since the voucher was printed: checked again now. */
  if (!check_fine_payment (db, voucher, answer, error))
    return FALSE;

  *out_payment = g_steal_pointer (&payment);
  return TRUE;
}

/* Pays each fine `payment` lists (the payment `payment_uuid`): the first payment of a fine
 * marks it paid (and every kiosk learns it from the feed); a later payment by another UUID
 * opens a refund case. */
static gboolean
settle_fines (KioskCentralDb *db,
              const char     *payment_uuid,
              JsonObject     *payment,
              const char     *server_reference,
              Answer         *answer,
              GError        **error)
{
  JsonNode *node = json_object_get_member (payment, "fines");
  JsonArray *fines;
  gint64 now = kiosk_central_now ();

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  fines = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (fines); i++)
    {
      JsonObject *fine = json_array_get_object_element (fines, i);
      const char *number = json_object_get_string_member (fine, "fine_number");
      gint64 amount = json_object_get_int_member (fine, "amount_baisa");
      g_autoptr(JsonNode) row = NULL;
      g_autofree char *first = NULL;
      KioskCentralStmt *stmt;
      KioskCentralStep rc;

      /* Insert first, look second: of two payments of one fine racing on two servers, the
       * unique fine number lets exactly one in; the other finds it and opens a refund case. */
      stmt = kiosk_central_db_prepare (db,
                                       "INSERT INTO fine_payments (fine_number, payment_uuid,"
                                       " plate, amount_baisa, paid_at)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)"
                                       " ON CONFLICT (fine_number) DO NOTHING",
                                       error);
      if (stmt == NULL)
        return FALSE;
      kiosk_central_stmt_bind_text (stmt, 1, number);
      kiosk_central_stmt_bind_text (stmt, 2, payment_uuid);
      kiosk_central_stmt_bind_text (stmt, 3, json_object_get_string_member (fine, "plate"));
      kiosk_central_stmt_bind_int64 (stmt, 4, amount);
      kiosk_central_stmt_bind_int64 (stmt, 5, now);
      if (!kiosk_central_db_step_done (db, stmt, error))
        return FALSE;

      if (kiosk_central_db_changes (db) == 0)
        {
          stmt = kiosk_central_db_prepare (db,
                                           "SELECT payment_uuid FROM fine_payments"
                                           " WHERE fine_number = ?1",
                                           error);
          if (stmt == NULL)
            return FALSE;
          kiosk_central_stmt_bind_text (stmt, 1, number);
          rc = kiosk_central_stmt_step (stmt);
          if (rc == KIOSK_CENTRAL_ROW)
            first = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
          else
            kiosk_central_db_fail (db, rc, "look up a fine payment", error);
          kiosk_central_stmt_reset (stmt);
          if (first == NULL)
            return FALSE;
        }

      /* A second confirmation of the same voucher pays nothing twice. */
      if (g_strcmp0 (first, payment_uuid) == 0)
        continue;
      if (first != NULL)
        {
          if (answer->refund_case == NULL)
            answer->refund_case = g_strdup_printf ("RFD-%s", server_reference + 4);
          stmt = kiosk_central_db_prepare (db,
                                           "INSERT INTO refund_cases (case_reference,"
                                           " payment_uuid, fine_number, first_payment_uuid,"
                                           " amount_baisa, opened_at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                           " ON CONFLICT DO NOTHING",
                                           error);
          if (stmt == NULL)
            return FALSE;
          kiosk_central_stmt_bind_text (stmt, 1, answer->refund_case);
          kiosk_central_stmt_bind_text (stmt, 2, payment_uuid);
          kiosk_central_stmt_bind_text (stmt, 3, number);
          kiosk_central_stmt_bind_text (stmt, 4, first);
          kiosk_central_stmt_bind_int64 (stmt, 5, amount);
          kiosk_central_stmt_bind_int64 (stmt, 6, now);
          if (!kiosk_central_db_step_done (db, stmt, error))
            return FALSE;
          g_message ("payment %s paid fine %s again (first paid by %s): refund case %s",
                     payment_uuid, number, first, answer->refund_case);
          continue;
        }

      /* Other kiosks learn it is paid, so nobody pays it again there. A fine the server
       * never published has no row to change. */
      if (!current_fine (db, number, &row, error))
        return FALSE;
      if (row != NULL)
        {
          g_autofree char *data = NULL;
          gboolean changed;

          json_object_set_string_member (json_node_get_object (row), "status", "paid");
          json_object_set_int_member (json_node_get_object (row), "updated_at", now);
          data = json_to_string (row, FALSE);
          if (!kiosk_central_reference_put (db, "fines", number, data, &changed, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* A refused payment or counter confirmation goes to its kiosk's feed (only), so the
 * attendant's desk can show why, after the next pull, whatever became of the outbox row. */
static gboolean
publish_payment_rejection (KioskCentralDb *db,
                           const Record   *record,
                           const char     *kind,
                           const char     *kiosk_code,
                           const Answer   *answer,
                           GError        **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  const char *reference = NULL;

  if (g_strcmp0 (kind, KIOSK_KIND_PAYMENT) != 0 && g_strcmp0 (kind, KIOSK_KIND_COUNTER_PAYMENT) != 0)
    return TRUE;
  if (record->payload != NULL)
    reference = kiosk_central_json_get_string (record->payload, "reference");
  /* Without a reference of this kiosk's the desk could not tell which payment it was. */
  if (reference == NULL || !kiosk_reference_is_valid (reference) ||
      !g_str_has_prefix (reference, kiosk_code))
    return TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record_uuid");
  json_builder_add_string_value (builder, record->uuid);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, answer->code);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, answer->reason);
  json_builder_set_member_name (builder, "rejected_at");
  json_builder_add_int_value (builder, kiosk_central_now ());
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = json_to_string (root, FALSE);

  g_message ("%s %s from kiosk %s refused: %s", kind, record->uuid, kiosk_code, answer->reason);
  return kiosk_central_db_add_change (db, KIOSK_CENTRAL_PAYMENT_REJECTIONS, "upsert",
                                      record->uuid, data, kiosk_code, error);
}

/* A report starts as `received`; its kiosk (only) learns the status from the feed. */
static gboolean
apply_report (KioskCentralDb *db,
              const Record   *record,
              const char     *kiosk_code,
              GError        **error)
{
  g_autofree char *data = NULL;
  gint64 now = kiosk_central_now ();
  gint64 latitude, longitude;
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO report_statuses (report_uuid, status, at,"
                                   " updated_at) VALUES (?1, 'received', ?2, ?2)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, record->uuid);
  kiosk_central_stmt_bind_int64 (stmt, 2, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  /* Where the photo was taken, for staff and Open311 (checked by check_record). */
  if (kiosk_central_json_get_int (record->payload, "latitude_e6", &latitude) &&
      kiosk_central_json_get_int (record->payload, "longitude_e6", &longitude))
    {
      stmt = kiosk_central_db_prepare (db,
                                       "INSERT INTO report_positions (report_uuid, latitude_e6,"
                                       " longitude_e6) VALUES (?1, ?2, ?3)",
                                       error);
      if (stmt == NULL)
        return FALSE;
      kiosk_central_stmt_bind_text (stmt, 1, record->uuid);
      kiosk_central_stmt_bind_int64 (stmt, 2, latitude);
      kiosk_central_stmt_bind_int64 (stmt, 3, longitude);
      if (!kiosk_central_db_step_done (db, stmt, error))
        return FALSE;
    }

  data = kiosk_central_report_status_json (record->uuid, "received", now, NULL, NULL);

  return kiosk_central_db_add_change (db, KIOSK_CENTRAL_REPORT_STATUS, "upsert", record->uuid,
                                      data, kiosk_code, error);
}

/* `confirmed`: the voucher payment a counter_payment record settles. */
static gboolean
accept_record (KioskCentralDb *db,
               const char     *kiosk_code,
               const char     *batch_id,
               JsonObject     *object,
               Record         *record,
               JsonNode       *confirmed,
               Answer         *answer,
               GError        **error)
{
  gint64 id = 0;
  KioskCentralStmt *stmt;

  answer->status = "accepted";
  if (!store_record (db, kiosk_code, batch_id, record->uuid, object, record, answer, &id,
                     error))
    return FALSE;
  if (answer->lost_race)
    return TRUE;
  answer->server_reference = g_strdup_printf ("MCT-%s-%08" G_GINT64_FORMAT,
                                              kind_prefix (record->kind), id);

  for (guint i = 0; i < record->attachments->len; i++)
    {
      stmt = kiosk_central_db_prepare (db,
                                       "INSERT INTO record_attachments (record_uuid, position,"
                                       " sha256) VALUES (?1, ?2, ?3)",
                                       error);
      if (stmt == NULL)
        return FALSE;
      kiosk_central_stmt_bind_text (stmt, 1, record->uuid);
      kiosk_central_stmt_bind_int64 (stmt, 2, (int) i);
      kiosk_central_stmt_bind_text (stmt, 3, g_ptr_array_index (record->attachments, i));
      if (!kiosk_central_db_step_done (db, stmt, error))
        return FALSE;
    }

  if (g_str_equal (record->kind, KIOSK_KIND_PAYMENT))
    {
      Settlement settlement = SETTLES_NOTHING;
      Answer ignored = { NULL, };

      payment_settlement (record->payload, &settlement, &ignored);
      answer_clear (&ignored);
      if (settlement == SETTLES_NOW &&
          !settle_fines (db, record->uuid, record->payload, answer->server_reference, answer,
                         error))
        return FALSE;
    }
  if (confirmed != NULL &&
      !settle_fines (db, kiosk_central_json_get_string (json_node_get_object (confirmed), "uuid"),
                     json_node_get_object (confirmed), answer->server_reference, answer, error))
    return FALSE;
  if (g_str_equal (record->kind, KIOSK_KIND_REPORT) &&
      !apply_report (db, record, kiosk_code, error))
    return FALSE;

  stmt = kiosk_central_db_prepare (db,
                                   "UPDATE records SET server_reference = ?2, refund_case = ?3"
                                   " WHERE id = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_int64 (stmt, 1, id);
  kiosk_central_stmt_bind_text (stmt, 2, answer->server_reference);
  if (answer->refund_case != NULL)
    kiosk_central_stmt_bind_text (stmt, 3, answer->refund_case);
  return kiosk_central_db_step_done (db, stmt, error);
}

/* Rejections are remembered like acceptances: the same record gets the same answer. */
static gboolean
store_rejection (KioskCentralDb *db,
                 const char     *kiosk_code,
                 const char     *batch_id,
                 JsonObject     *object,
                 const Record   *record,
                 Answer         *answer,
                 GError        **error)
{
  gint64 id;

  if (!store_record (db, kiosk_code, batch_id, record->uuid, object, record, answer, &id,
                     error))
    return FALSE;
  if (answer->lost_race)
    return TRUE;
  return publish_payment_rejection (db, record, kiosk_central_json_get_string (object, "kind"),
                                    kiosk_code, answer, error);
}

static gboolean
decide_record (KioskCentralDb *db,
               const char     *kiosk_code,
               const char     *batch_id,
               JsonObject     *object,
               Answer         *answer,
               GError        **error)
{
  g_auto(Record) record = { 0 };
  g_autofree char *sender = NULL;
  g_autoptr(JsonNode) confirmed = NULL;
  g_autoptr(GError) local_error = NULL;

  record.uuid = g_ascii_strdown (kiosk_central_json_get_string (object, "uuid"), -1);
  if (!find_answer (db, record.uuid, answer, &sender, error))
    return FALSE;
  /* A UUID is deduplicated for the kiosk that sent it first. The same UUID from another
   * kiosk (UUIDs are on screens and receipts) is refused and not stored: answering it
   * `duplicate` would make the real record's kiosk drop it, and would hand out another
   * kiosk's server reference. The refusal is not remembered; it is the same every time. */
  if (sender != NULL && !g_str_equal (sender, kiosk_code))
    {
      g_message ("record %s from kiosk %s refused: kiosk %s sent that UUID first", record.uuid,
                 kiosk_code, sender);
      answer_clear (answer);
      refuse (answer, "uuid_conflict", "another kiosk already sent a record with this UUID;"
              " this one was not stored");
      return TRUE;
    }
  if (sender != NULL)
    return TRUE;

  if (!check_record (object, kiosk_code, &record, answer))
    return store_rejection (db, kiosk_code, batch_id, object, &record, answer, error);

  for (guint i = 0; i < record.attachments->len; i++)
    {
      const char *sha = g_ptr_array_index (record.attachments, i);
      gboolean has = FALSE;

      if (!kiosk_central_attachments_has (db, sha, kiosk_code, &has, error))
        return FALSE;
      if (!has)
        {
          /* Not an answer: nothing is stored, so the record is accepted once uploaded. */
          answer->status = "retry";
          answer->code = g_strdup ("attachment_missing");
          answer->reason = g_strdup_printf ("attachment %s has not been uploaded", sha);
          return TRUE;
        }
    }

  if ((g_str_equal (record.kind, KIOSK_KIND_PAYMENT) &&
       !check_payment (db, &record, answer, &local_error)) ||
      (g_str_equal (record.kind, KIOSK_KIND_COUNTER_PAYMENT) &&
       !check_counter_payment (db, &record, kiosk_code, &confirmed, answer, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_str_equal (answer->status, "retry"))
        return TRUE;
      return store_rejection (db, kiosk_code, batch_id, object, &record, answer, error);
    }

  return accept_record (db, kiosk_code, batch_id, object, &record, confirmed, answer, error);
}

/* One record, inside the batch's transaction. Decided twice when a concurrent transaction
 * (another server process) stored the same UUID while this one was deciding: the second
 * time finds that answer, so both servers give the one answer. */
static gboolean
process_record (KioskCentralDb *db,
                const char     *kiosk_code,
                const char     *batch_id,
                JsonObject     *object,
                Answer         *answer,
                GError        **error)
{
  if (!decide_record (db, kiosk_code, batch_id, object, answer, error))
    return FALSE;
  if (!answer->lost_race)
    return TRUE;
  answer_clear (answer);
  *answer = (Answer) { 0 };
  return decide_record (db, kiosk_code, batch_id, object, answer, error);
}

static void
add_answer (JsonBuilder  *builder,
            const char   *uuid,
            const Answer *answer)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, answer->status);
  if (answer->server_reference != NULL)
    {
      json_builder_set_member_name (builder, "server_reference");
      json_builder_add_string_value (builder, answer->server_reference);
    }
  if (answer->code != NULL)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, answer->code);
    }
  if (answer->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, answer->reason);
    }
  if (answer->refund_case != NULL)
    {
      json_builder_set_member_name (builder, "refund_case");
      json_builder_add_string_value (builder, answer->refund_case);
    }
  json_builder_end_object (builder);
}

/* The batch's shape: what does not fit refuses the whole batch before anything is stored. */
static JsonArray *
check_batch (JsonNode   *root,
             const char *kiosk_code,
             GError    **error)
{
  JsonObject *batch;
  JsonNode *records;
  const char *kiosk_id, *batch_id;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto bad_shape;
  batch = json_node_get_object (root);
  kiosk_id = kiosk_central_json_get_string (batch, "kiosk_id");
  batch_id = kiosk_central_json_get_string (batch, "batch_id");
  records = json_object_get_member (batch, "records");
  if (kiosk_id == NULL || !kiosk_central_kiosk_code_is_valid (kiosk_id))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "kiosk_id must be a kiosk code (2 to 12 of A-Z and 0-9)");
      return NULL;
    }
  if (!g_str_equal (kiosk_id, kiosk_code))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_FORBIDDEN,
                   "kiosk_id %s is not the kiosk this token belongs to", kiosk_id);
      return NULL;
    }
  if (batch_id == NULL || !kiosk_uuid_is_valid (batch_id))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "batch_id must be a UUID");
      return NULL;
    }
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
    goto bad_shape;

  array = json_node_get_array (records);
  n = json_array_get_length (array);
  if (n == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "records is empty");
      return NULL;
    }
  if (n > KIOSK_CENTRAL_BATCH_MAX_RECORDS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_TOO_LARGE,
                   "%u records: a batch holds at most %d", n, KIOSK_CENTRAL_BATCH_MAX_RECORDS);
      return NULL;
    }

  /* Without a UUID there is nothing to remember an answer by: the batch is malformed. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *uuid;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                       "records[%u] must be an object", i);
          return NULL;
        }
      uuid = kiosk_central_json_get_string (json_node_get_object (element), "uuid");
      if (uuid == NULL || !kiosk_uuid_is_valid (uuid))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                       "records[%u].uuid must be a UUID", i);
          return NULL;
        }
    }
  return array;

bad_shape:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
               "a batch is {\"kiosk_id\", \"batch_id\", \"records\": [...]}");
  return NULL;
}

char *
kiosk_central_batch_process (KioskCentralDb *db,
                             const char     *kiosk_code,
                             const char     *body,
                             gsize           length,
                             GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer_root = NULL;
  const char *batch_id;
  JsonArray *records;
  guint accepted = 0, duplicates = 0, rejected = 0, retries = 0;

  root = kiosk_central_json_parse (body, length, KIOSK_CENTRAL_JSON_MAX_DEPTH,
                                   KIOSK_CENTRAL_BATCH_MAX_VALUES, error);
  if (root == NULL)
    return NULL;
  records = check_batch (root, kiosk_code, error);
  if (records == NULL)
    return NULL;
  batch_id = json_object_get_string_member (json_node_get_object (root), "batch_id");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);

  if (!kiosk_central_db_begin (db, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *object = json_array_get_object_element (records, i);
      g_auto(Answer) answer = { NULL, };

      if (!process_record (db, kiosk_code, batch_id, object, &answer, error))
        {
          kiosk_central_db_rollback (db);
          return NULL;
        }
      add_answer (builder, kiosk_central_json_get_string (object, "uuid"), &answer);

      if (g_str_equal (answer.status, "accepted"))
        accepted++;
      else if (g_str_equal (answer.status, "duplicate"))
        duplicates++;
      else if (g_str_equal (answer.status, "rejected"))
        rejected++;
      else
        retries++;
    }
  /* The answers exist only once this returns: a crash before it loses the batch, and the
   * kiosk, having no answer, sends it again. */
  if (!kiosk_central_db_commit (db, error))
    return NULL;

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  answer_root = json_builder_get_root (builder);

  g_info ("batch %s from %s: %u accepted, %u duplicate, %u rejected, %u retry", batch_id,
          kiosk_code, accepted, duplicates, rejected, retries);
  return json_to_string (answer_root, FALSE);
}
