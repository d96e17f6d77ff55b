/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One sync agent for one kiosk database: holds the database's agent lock, pushes the outbox
 * to the central server and pulls the changes feed back, one run at a time. */
#pragma once

#include <glib.h>

#include "kiosk-config.h"
#include "kiosk-store.h"
#include "kiosk-sync-health.h"
#include "kiosk-sync-http.h"

G_BEGIN_DECLS

typedef struct _KioskSyncAgent KioskSyncAgent;

typedef struct
{
  KioskSyncOutcome outcome;
  gboolean         stopped;          /* a stop was asked for: the run ended early, cleanly */
  gint64           pushed;           /* records the server now holds (accepted or duplicate) */
  gint64           rejected;         /* records parked for the attendant */
  gint64           retrying;         /* records waiting for a retry */
  gint64           pulled;           /* changes applied from the feed */
  gint64           photos_sent;      /* photos uploaded */
  gint64           photos_skipped;   /* photos the server already had */
  gint64           pictures;         /* announcements' pictures fetched */
  gint64           retry_after;      /* seconds the server asked to wait, or -1 */
  char            *error;            /* for the operator; NULL when the run went well */
} KioskSyncReport;

void kiosk_sync_report_clear (KioskSyncReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskSyncReport, kiosk_sync_report_clear)

/* `config` is borrowed and must outlive the agent.
 * Takes the exclusive lock "<db>.sync-lock" (KIOSK_ERROR_SYNC_BUSY if another agent has it),
 * opens the store, reads the token, and puts back every record a killed agent left in
 * flight: only the lock holder can have claimed them. */
KioskSyncAgent *kiosk_sync_agent_new        (const KioskConfig *config,
                                             GError           **error);
void            kiosk_sync_agent_free       (KioskSyncAgent    *agent);

/* One run: push everything due (payments first), then pull the feed; recorded in sync_runs.
 * Returns the outcome, also in `report`. */
KioskSyncOutcome kiosk_sync_agent_run       (KioskSyncAgent    *agent,
                                             KioskSyncReport   *report);

/* Only the push half of a run, not recorded in sync_runs: for measuring the drain alone. */
KioskSyncOutcome kiosk_sync_agent_push      (KioskSyncAgent    *agent,
                                             KioskSyncReport   *report);

KioskStore     *kiosk_sync_agent_get_store  (KioskSyncAgent    *agent);
const KioskHttpStats *kiosk_sync_agent_get_http_stats (KioskSyncAgent *agent);

/* The `once` exit code for an outcome: 0 ok, 1 partial, 2 local or configuration error,
 * 3 network, 4 authentication, 5 server. */
int             kiosk_sync_exit_code        (const KioskSyncReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSyncAgent, kiosk_sync_agent_free)

G_END_DECLS
