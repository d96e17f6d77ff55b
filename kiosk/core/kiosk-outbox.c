/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox: enqueue inside a service's transaction; claim, acknowledge, reject, retry and
 * reclaim for the sync agent. Every state change is one short transaction so the kiosk's
 * writes never wait long behind the agent. */
#define G_LOG_DOMAIN "kiosk-outbox"

#include "config.h"

#include "kiosk-outbox.h"

#include <json-glib/json-glib.h>

#include "kiosk-attendants.h"
#include "kiosk-ids.h"
#include "kiosk-outbox-private.h"
#include "kiosk-store-private.h"

/* Each kind of record and the domain table that holds it; the consistency check walks this.
 * Table names are constants here, never input, so building SQL with them is safe. */
static const struct
{
  const char *kind;
  const char *table;
  const char *filter;  /* which rows of the table are the kiosk's own */
} record_tables[] = {
  { KIOSK_KIND_REPORT, "reports", "origin = 'local'" },
  { KIOSK_KIND_FEEDBACK, "feedback", "1" },
  { KIOSK_KIND_PAYMENT, "payments", "1" },
  { KIOSK_KIND_LICENCE_RENEWAL, "licence_renewals", "1" },
  { KIOSK_KIND_LEASE_FORM_REQUEST, "lease_form_requests", "1" },
  { KIOSK_KIND_PARKING_PERMIT_REQUEST, "parking_permit_requests", "1" },
  { KIOSK_KIND_VEHICLE_PERMIT_RENEWAL, "vehicle_permit_renewals", "1" },
  { KIOSK_KIND_REPORT_ADDITION, "report_additions", "1" },
  { KIOSK_KIND_COUNTER_PAYMENT, "counter_confirmations", "1" },
  { KIOSK_KIND_Z_REPORT, "z_reports", "1" },
  { KIOSK_KIND_AUDIT_ENTRY, "audit_log", "uuid IS NOT NULL" },
};

const char * const *
kiosk_outbox_known_kinds (void)
{
  static const char *kinds[G_N_ELEMENTS (record_tables) + 1];
  static gsize filled = 0;

  /* Filled once from the table, so the list and the consistency check cannot disagree. */
  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (record_tables); i++)
        kinds[i] = record_tables[i].kind;
      g_once_init_leave (&filled, 1);
    }
  return kinds;
}

gboolean
kiosk_outbox_enqueue (KioskStore         *store,
                      const char         *record_uuid,
                      const char         *kind,
                      KioskOutboxPriority priority,
                      const char         *payload_json,
                      const char * const *attachments,
                      GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *attachments_json = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (kiosk_uuid_is_valid (record_uuid), FALSE);
  g_return_val_if_fail (kind != NULL && payload_json != NULL, FALSE);

  json_builder_begin_array (builder);
  for (guint i = 0; attachments != NULL && attachments[i] != NULL; i++)
    json_builder_add_string_value (builder, attachments[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  attachments_json = json_to_string (root, FALSE);

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO outbox (record_uuid, kind, priority, payload,"
                              " payload_bytes, attachments, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, record_uuid);
  kiosk_bind_text (stmt, 2, kind);
  sqlite3_bind_int (stmt, 3, priority);
  kiosk_bind_text (stmt, 4, payload_json);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) strlen (payload_json));
  kiosk_bind_text (stmt, 6, attachments_json);
  sqlite3_bind_int64 (stmt, 7, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  /* Structured fields, so an operator can follow one record through the journal
   * (journalctl KIOSK_RECORD_UUID=...). This runs inside the caller's transaction; if it
   * rolls back, the caller's error is logged after this line. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "MESSAGE", "outbox: writing %s %s", kind, record_uuid,
                    "KIOSK_RECORD_UUID", record_uuid,
                    "KIOSK_RECORD_KIND", kind);
  return TRUE;
}

static void
record_free (KioskOutboxRecord *record)
{
  g_free (record->record_uuid);
  g_free (record->kind);
  g_free (record->payload);
  g_strfreev (record->attachments);
  g_free (record);
}

void
kiosk_outbox_batch_free (KioskOutboxBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->claim_id);
  g_clear_pointer (&batch->records, g_ptr_array_unref);
  g_free (batch);
}

static GStrv
parse_attachments (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *hash = json_array_get_string_element (array, i);
          if (hash != NULL)
            g_strv_builder_add (builder, hash);
        }
    }
  return g_strv_builder_end (builder);
}

KioskOutboxBatch *
kiosk_outbox_claim (KioskStore *store,
                    guint       max_records,
                    gsize       max_bytes,
                    GError    **error)
{
  g_autoptr(KioskOutboxBatch) batch = g_new0 (KioskOutboxBatch, 1);
  sqlite3_stmt *select, *update;
  gint64 now = kiosk_store_now (store);
  int rc;

  g_return_val_if_fail (max_records > 0, NULL);

  batch->claim_id = kiosk_uuid_new ();
  batch->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);

  if (!kiosk_store_begin (store, error))
    return NULL;

  select = kiosk_store_prepare (store,
                                "SELECT id, record_uuid, kind, payload, payload_bytes,"
                                " attachments, attempts, created_at FROM outbox"
                                " WHERE state = 'queued' AND next_attempt_at <= ?1"
                                " ORDER BY priority, id LIMIT ?2",
                                error);
  if (select == NULL)
    goto fail;
  sqlite3_bind_int64 (select, 1, now);
  sqlite3_bind_int (select, 2, (int) max_records);

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gsize bytes = (gsize) sqlite3_column_int64 (select, 4);
      KioskOutboxRecord *record;

      if (batch->records->len > 0 && batch->payload_bytes + bytes > max_bytes)
        break;

      record = g_new0 (KioskOutboxRecord, 1);
      record->id = sqlite3_column_int64 (select, 0);
      record->record_uuid = kiosk_column_dup_text (select, 1);
      record->kind = kiosk_column_dup_text (select, 2);
      record->payload = kiosk_column_dup_text (select, 3);
      record->attachments = parse_attachments ((const char *) sqlite3_column_text (select, 5));
      record->attempts = sqlite3_column_int (select, 6) + 1;
      record->created_at = sqlite3_column_int64 (select, 7);
      batch->payload_bytes += bytes;
      g_ptr_array_add (batch->records, record);
    }
  sqlite3_reset (select);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "claim outbox records", error);
      goto fail;
    }

  update = kiosk_store_prepare (store,
                                "UPDATE outbox SET state = 'in_flight', claim_id = ?2,"
                                " claimed_at = ?3, attempts = attempts + 1 WHERE id = ?1",
                                error);
  if (update == NULL)
    goto fail;
  for (guint i = 0; i < batch->records->len; i++)
    {
      KioskOutboxRecord *record = g_ptr_array_index (batch->records, i);

      sqlite3_bind_int64 (update, 1, record->id);
      kiosk_bind_text (update, 2, batch->claim_id);
      sqlite3_bind_int64 (update, 3, now);
      if (!kiosk_store_step_done (store, update, error))
        goto fail;
    }

  if (!kiosk_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&batch);

fail:
  kiosk_store_rollback (store);
  return NULL;
}

static gboolean
apply_one (KioskStore              *store,
           const KioskOutboxResult *result,
           gint64                   now,
           GError                 **error)
{
  sqlite3_stmt *stmt;

  switch (result->kind)
    {
    case KIOSK_OUTBOX_RESULT_ACCEPTED:
      /* Acked is final: a late duplicate answer changes nothing. */
      stmt = kiosk_store_prepare (store,
                                  "UPDATE outbox SET state = 'acked', server_reference = ?2,"
                                  " done_at = ?3, last_error = NULL, claim_id = NULL"
                                  " WHERE record_uuid = ?1 AND state != 'acked'",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 2, result->server_reference);
      sqlite3_bind_int64 (stmt, 3, now);
      break;

    case KIOSK_OUTBOX_RESULT_REJECTED:
      stmt = kiosk_store_prepare (store,
                                  "UPDATE outbox SET state = 'rejected', last_error = ?2,"
                                  " done_at = ?3, claim_id = NULL"
                                  " WHERE record_uuid = ?1 AND state IN ('queued', 'in_flight')",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 2, result->reason ? result->reason : "rejected by the server");
      sqlite3_bind_int64 (stmt, 3, now);
      break;

    case KIOSK_OUTBOX_RESULT_RETRY:
      stmt = kiosk_store_prepare (store,
                                  "UPDATE outbox SET state = 'queued', last_error = ?2,"
                                  " next_attempt_at = ?3, claim_id = NULL"
                                  " WHERE record_uuid = ?1 AND state IN ('queued', 'in_flight')",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 2, result->reason);
      sqlite3_bind_int64 (stmt, 3, result->next_attempt_at);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  kiosk_bind_text (stmt, 1, result->record_uuid);
  return kiosk_store_step_done (store, stmt, error);
}

gboolean
kiosk_outbox_apply_results (KioskStore              *store,
                            const KioskOutboxResult *results,
                            guint                    n_results,
                            GError                 **error)
{
  gint64 now = kiosk_store_now (store);

  if (!kiosk_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_results; i++)
    if (!apply_one (store, &results[i], now, error))
      {
        kiosk_store_rollback (store);
        return FALSE;
      }

  return kiosk_store_commit (store, error);
}

gboolean
kiosk_outbox_release (KioskStore *store,
                      const char *claim_id,
                      gint64      next_attempt_at,
                      const char *reason,
                      GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE outbox SET state = 'queued', claim_id = NULL,"
                              " next_attempt_at = ?2, last_error = ?3"
                              " WHERE claim_id = ?1 AND state = 'in_flight'",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, claim_id);
  sqlite3_bind_int64 (stmt, 2, next_attempt_at);
  kiosk_bind_text (stmt, 3, reason);
  return kiosk_store_step_done (store, stmt, error);
}

gint64
kiosk_outbox_reclaim (KioskStore *store,
                      gint64      older_than,
                      GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE outbox SET state = 'queued', claim_id = NULL,"
                              " last_error = 'reclaimed after an interrupted sync'"
                              " WHERE state = 'in_flight' AND claimed_at <= ?1",
                              error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store) - older_than);
  if (!kiosk_store_step_done (store, stmt, error))
    return -1;
  return sqlite3_changes64 (kiosk_store_get_db (store));
}

/* One parked record back in the queue, with its audit line. */
static gboolean
requeue_one (KioskStore *store,
             const char *uuid,
             const char *reason,
             const char *actor,
             GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE outbox SET state = 'queued', attempts = 0,"
                              " next_attempt_at = 0, done_at = NULL,"
                              " last_error = 'requeued after being parked: ' || ?2"
                              " WHERE record_uuid = ?1 AND state = 'rejected'",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);
  kiosk_bind_text (stmt, 2, reason ? reason : "");
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (kiosk_store_get_db (store)) != 1)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "%s is not a parked record", uuid);
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "parked_reason");
  json_builder_add_string_value (builder, reason ? reason : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);
  return kiosk_attendants_audit (store, actor, "outbox_requeued", uuid, detail, error);
}

gint64
kiosk_outbox_requeue (KioskStore         *store,
                      const char * const *uuids,
                      const char         *actor,
                      GError            **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (actor != NULL, -1);

  if (!kiosk_store_begin (store, error))
    return -1;
  /* Under the write lock: the agent cannot park or send anything in between. */
  stmt = kiosk_store_prepare (store,
                              "SELECT record_uuid, last_error FROM outbox WHERE state = 'rejected'"
                              " ORDER BY id",
                              error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);

      if (uuids != NULL && !g_strv_contains (uuids, uuid))
        continue;
      g_ptr_array_add (wanted, g_strdup (uuid));
      g_ptr_array_add (reasons, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "list parked records", error);
      goto fail;
    }
  for (guint i = 0; uuids != NULL && uuids[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (wanted, uuids[i], g_str_equal, NULL))
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                     "%s is not a parked record of this kiosk", uuids[i]);
        goto fail;
      }

  for (guint i = 0; i < wanted->len; i++)
    if (!requeue_one (store, g_ptr_array_index (wanted, i), g_ptr_array_index (reasons, i),
                      actor, error))
      goto fail;
  if (!kiosk_store_commit (store, error))
    return -1;
  return wanted->len;

fail:
  kiosk_store_rollback (store);
  return -1;
}

gboolean
kiosk_outbox_get_stats (KioskStore       *store,
                        KioskOutboxStats *stats,
                        GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT"
                              " count (*) FILTER (WHERE state = 'queued'),"
                              " count (*) FILTER (WHERE state = 'in_flight'),"
                              " count (*) FILTER (WHERE state = 'acked'),"
                              " count (*) FILTER (WHERE state = 'rejected'),"
                              " count (*) FILTER (WHERE state = 'queued' AND next_attempt_at <= ?1),"
                              " coalesce (sum (payload_bytes) FILTER (WHERE state IN"
                              "   ('queued', 'in_flight')), 0),"
                              " coalesce (min (created_at) FILTER (WHERE state IN"
                              "   ('queued', 'in_flight')), 0)"
                              " FROM outbox",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stats->queued = sqlite3_column_int64 (stmt, 0);
      stats->in_flight = sqlite3_column_int64 (stmt, 1);
      stats->acked = sqlite3_column_int64 (stmt, 2);
      stats->rejected = sqlite3_column_int64 (stmt, 3);
      stats->ready = sqlite3_column_int64 (stmt, 4);
      stats->queued_bytes = sqlite3_column_int64 (stmt, 5);
      stats->oldest_queued_at = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "outbox statistics", error);
  return TRUE;
}

static gboolean
collect (KioskStore *store,
         const char *sql,
         const char *what,
         const char *kind,
         GPtrArray  *problems,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (kiosk_store_get_db (store), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (problems, g_strdup_printf ("%s %s %s", kind,
                                                    sqlite3_column_text (stmt, 0), what));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "outbox consistency check", error);
  return TRUE;
}

gboolean
kiosk_outbox_check (KioskStore *store,
                    GPtrArray **problems,
                    GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (record_tables); i++)
    {
      g_autofree char *missing_outbox = NULL;
      g_autofree char *missing_domain = NULL;

      missing_outbox = g_strdup_printf ("SELECT uuid FROM %s t WHERE %s AND NOT EXISTS"
                                        " (SELECT 1 FROM outbox o WHERE o.record_uuid = t.uuid"
                                        " AND o.kind = ?1)",
                                        record_tables[i].table, record_tables[i].filter);
      missing_domain = g_strdup_printf ("SELECT record_uuid FROM outbox o WHERE kind = ?1 AND"
                                        " NOT EXISTS (SELECT 1 FROM %s t WHERE t.uuid ="
                                        " o.record_uuid AND %s)",
                                        record_tables[i].table, record_tables[i].filter);
      if (!collect (store, missing_outbox, "has no outbox row", record_tables[i].kind,
                    found, error) ||
          !collect (store, missing_domain, "is in the outbox but has no domain row",
                    record_tables[i].kind, found, error))
        return FALSE;

      g_string_append_printf (known, "%s'%s'", i ? ", " : "", record_tables[i].kind);
    }

  {
    g_autofree char *unknown = g_strdup_printf ("SELECT record_uuid || ' (' || kind || ')'"
                                                " FROM outbox WHERE kind NOT IN (%s)"
                                                " AND ?1 IS NOT NULL", known->str);
    if (!collect (store, unknown, "has an unknown kind", "outbox record", found, error))
      return FALSE;
  }

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return TRUE;
}
