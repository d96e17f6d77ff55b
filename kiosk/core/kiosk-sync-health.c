/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync agent's run log and the health summary built from it and the outbox. */
#define G_LOG_DOMAIN "kiosk-sync-health"

#include "config.h"

#include "kiosk-sync-health.h"

#include "kiosk-pull.h"
#include "kiosk-store-private.h"

/* Enough history for an operator to see a pattern; the table must not grow forever. */
#define KEEP_RUNS 2000

static const char *const outcome_names[] = {
  [KIOSK_SYNC_OUTCOME_OK] = "ok",
  [KIOSK_SYNC_OUTCOME_PARTIAL] = "partial",
  [KIOSK_SYNC_OUTCOME_OFFLINE] = "offline",
  [KIOSK_SYNC_OUTCOME_AUTH] = "auth",
  [KIOSK_SYNC_OUTCOME_SERVER] = "server",
  [KIOSK_SYNC_OUTCOME_ERROR] = "error",
};

const char *
kiosk_sync_outcome_to_string (KioskSyncOutcome outcome)
{
  g_return_val_if_fail (outcome <= KIOSK_SYNC_OUTCOME_ERROR, "error");
  return outcome_names[outcome];
}

gint64
kiosk_sync_run_begin (KioskStore *store,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 now = kiosk_store_now (store);

  if (!kiosk_store_begin (store, error))
    return 0;

  stmt = kiosk_store_prepare (store,
                              "UPDATE sync_runs SET finished_at = ?1, outcome = 'error',"
                              " error = 'interrupted: the agent stopped during the run'"
                              " WHERE finished_at IS NULL",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!kiosk_store_step_done (store, stmt, error))
    goto fail;

  stmt = kiosk_store_prepare (store,
                              "DELETE FROM sync_runs WHERE id <= (SELECT max (id) FROM sync_runs)"
                              " - ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, KEEP_RUNS);
  if (!kiosk_store_step_done (store, stmt, error))
    goto fail;

  stmt = kiosk_store_prepare (store, "INSERT INTO sync_runs (started_at) VALUES (?1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!kiosk_store_step_done (store, stmt, error))
    goto fail;

  {
    gint64 id = sqlite3_last_insert_rowid (kiosk_store_get_db (store));

    if (!kiosk_store_commit (store, error))
      return 0;
    return id;
  }

fail:
  kiosk_store_rollback (store);
  return 0;
}

gboolean
kiosk_sync_run_finish (KioskStore       *store,
                       gint64            run_id,
                       KioskSyncOutcome  outcome,
                       gint64            pushed,
                       gint64            rejected,
                       gint64            pulled,
                       const char       *error_message,
                       GError          **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE sync_runs SET finished_at = ?2, outcome = ?3, pushed = ?4,"
                              " rejected = ?5, pulled = ?6, error = ?7 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, kiosk_store_now (store));
  kiosk_bind_text (stmt, 3, kiosk_sync_outcome_to_string (outcome));
  sqlite3_bind_int64 (stmt, 4, pushed);
  sqlite3_bind_int64 (stmt, 5, rejected);
  sqlite3_bind_int64 (stmt, 6, pulled);
  kiosk_bind_text (stmt, 7, error_message);
  return kiosk_store_step_done (store, stmt, error);
}

gint64
kiosk_sync_next_retry_at (KioskStore *store)
{
  sqlite3_stmt *stmt;
  gint64 at = 0;

  stmt = kiosk_store_prepare (store,
                              "SELECT coalesce (min (next_attempt_at), 0) FROM outbox"
                              " WHERE state = 'queued' AND next_attempt_at > ?1",
                              NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, kiosk_store_now (store));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return at;
}

static void
parked_free (KioskParkedRecord *parked)
{
  g_free (parked->record_uuid);
  g_free (parked->kind);
  g_free (parked->reason);
  g_free (parked);
}

void
kiosk_sync_health_clear (KioskSyncHealth *health)
{
  g_clear_pointer (&health->last_outcome, g_free);
  g_clear_pointer (&health->last_error, g_free);
  g_clear_pointer (&health->parked, g_ptr_array_unref);
}

gboolean
kiosk_sync_health_get (KioskStore      *store,
                       guint            max_parked,
                       KioskSyncHealth *health,
                       GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (health, 0, sizeof *health);
  health->parked = g_ptr_array_new_with_free_func ((GDestroyNotify) parked_free);

  if (!kiosk_outbox_get_stats (store, &health->outbox, error))
    return FALSE;

  /* One read transaction, so the numbers describe a single moment. */
  if (!kiosk_store_exec (store, "BEGIN", error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "SELECT"
                              " (SELECT max (started_at) FROM sync_runs),"
                              " (SELECT outcome FROM sync_runs WHERE outcome IS NOT NULL"
                              "   ORDER BY id DESC LIMIT 1),"
                              " (SELECT max (finished_at) FROM sync_runs WHERE outcome = 'ok'),"
                              " (SELECT error FROM sync_runs WHERE outcome NOT IN ('ok')"
                              "   ORDER BY id DESC LIMIT 1),"
                              " (SELECT finished_at FROM sync_runs WHERE outcome NOT IN ('ok')"
                              "   ORDER BY id DESC LIMIT 1),"
                              " (SELECT updated_at FROM sync_cursors WHERE dataset = ?1)",
                              error);
  if (stmt == NULL)
    goto fail;
  kiosk_bind_text (stmt, 1, KIOSK_PULL_CURSOR_DATASET);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      health->last_run_at = sqlite3_column_int64 (stmt, 0);
      health->last_outcome = kiosk_column_dup_text (stmt, 1);
      health->last_success_at = sqlite3_column_int64 (stmt, 2);
      health->last_error = kiosk_column_dup_text (stmt, 3);
      health->last_error_at = sqlite3_column_int64 (stmt, 4);
      health->last_pull_at = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read sync runs", error);
      goto fail;
    }

  stmt = kiosk_store_prepare (store,
                              "SELECT record_uuid, kind, coalesce (last_error, ''),"
                              " coalesce (done_at, created_at) FROM outbox"
                              " WHERE state = 'rejected' ORDER BY done_at DESC, id DESC LIMIT ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, (int) MIN (max_parked, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskParkedRecord *parked = g_new0 (KioskParkedRecord, 1);

      parked->record_uuid = kiosk_column_dup_text (stmt, 0);
      parked->kind = kiosk_column_dup_text (stmt, 1);
      parked->reason = kiosk_column_dup_text (stmt, 2);
      parked->at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (health->parked, parked);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read parked records", error);
      goto fail;
    }

  return kiosk_store_exec (store, "COMMIT", error);

fail:
  kiosk_store_rollback (store);
  return FALSE;
}
