/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sync agent records about its runs (sync_runs) and what an operator or attendant
 * asks about it: queue depth, oldest age, last success, last error, parked records. */
#pragma once

#include <glib.h>

#include "kiosk-outbox.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SYNC_OUTCOME_OK,       /* everything due was pushed and the pull completed */
  KIOSK_SYNC_OUTCOME_PARTIAL,  /* some records wait for a retry */
  KIOSK_SYNC_OUTCOME_OFFLINE,  /* the server could not be reached */
  KIOSK_SYNC_OUTCOME_AUTH,     /* the server refused the kiosk's token */
  KIOSK_SYNC_OUTCOME_SERVER,   /* the server kept failing */
  KIOSK_SYNC_OUTCOME_ERROR,    /* anything else: a local failure, a broken answer */
} KioskSyncOutcome;

const char *kiosk_sync_outcome_to_string (KioskSyncOutcome outcome);

/* Starts a run; a run left unfinished by a killed agent is closed as interrupted first.
 * Returns the run's id, or 0 on error. */
gint64   kiosk_sync_run_begin   (KioskStore       *store,
                                 GError          **error);
gboolean kiosk_sync_run_finish  (KioskStore       *store,
                                 gint64            run_id,
                                 KioskSyncOutcome  outcome,
                                 gint64            pushed,
                                 gint64            rejected,
                                 gint64            pulled,
                                 const char       *error_message,
                                 GError          **error);

typedef struct
{
  char   *record_uuid;
  char   *kind;
  char   *reason;
  gint64  at;
} KioskParkedRecord;

typedef struct
{
  KioskOutboxStats  outbox;
  gint64            last_run_at;       /* 0: never ran */
  char             *last_outcome;      /* NULL: never finished a run */
  gint64            last_success_at;   /* 0: never succeeded */
  char             *last_error;        /* of the newest run that failed, or NULL */
  gint64            last_error_at;
  gint64            last_pull_at;      /* when the feed cursor last moved; 0: never */
  GPtrArray        *parked;            /* KioskParkedRecord*, newest first */
} KioskSyncHealth;

/* When the earliest queued record that is not yet due becomes due; 0 when none waits. */
gint64   kiosk_sync_next_retry_at (KioskStore     *store);

gboolean kiosk_sync_health_get   (KioskStore      *store,
                                  guint            max_parked,
                                  KioskSyncHealth *health,
                                  GError         **error);
void     kiosk_sync_health_clear (KioskSyncHealth *health);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskSyncHealth, kiosk_sync_health_clear)

G_END_DECLS
