/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Applying the central server's changes feed (GET /v1/changes) to the local store: one page
 * per transaction together with its cursor, every field checked before anything is written. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* The cursor is kept in sync_cursors under this dataset name. */
#define KIOSK_PULL_CURSOR_DATASET "feed"

/* A page larger than this is refused whole (the contract allows at most 5000). */
#define KIOSK_PULL_MAX_CHANGES 10000

/* Characters of the long texts (an announcement's body, a guide entry's summary, who may
 * apply, documents); names and other free text take at most 500 (most names 200). */
#define KIOSK_PULL_MAX_LONG_TEXT 4000

typedef struct
{
  gboolean reset;       /* the page cleared the datasets it listed first */
  gboolean has_more;    /* ask again with the new cursor */
  guint    applied;     /* changes written */
  guint    skipped;     /* report statuses for reports this kiosk does not hold */
  guint    kept_paid;   /* fines the feed called unpaid that stay paid here (see below) */
} KioskPullPage;

/* The cursor to send as `since`, or NULL to start the feed from the beginning. */
char     *kiosk_pull_dup_cursor  (KioskStore    *store);

/* Checks a ChangesPage (JSON text as received) and applies it in ONE transaction with its
 * next_cursor, so a crash leaves either the whole page and its cursor or neither; a page
 * applied twice changes nothing more.
 *
 * Rules:
 * - `reset` deletes the rows of every listed dataset first (children before parents);
 *   `report_status` clears nothing: the statuses belong to the kiosk's own reports and come
 *   again with the feed.
 * - Upserts write only the columns of the kiosk's own table of that name; each value is
 *   checked (types, ranges, money as non-negative integer baisa, plates, licence and CR
 *   numbers in canonical form, free text through kiosk_validate_text). Unknown fields are
 *   ignored (the contract lets the server add some); a missing required one refuses the page.
 * - Foreign keys between reference tables are checked when the page commits, so a page may
 *   carry a parent after its child; a page that leaves a dangling reference is refused.
 * - A fine this kiosk took money for stays paid here while that payment is not voided, even
 *   if the feed says unpaid: the payment may still wait in the outbox (the server has not
 *   seen it), and the money was taken here, so offering the fine again would charge twice.
 *   `cancelled` from the feed is applied (a refund is the attendant's matter).
 * - `report_status` moves a report this kiosk sent to the status with the newest time and
 *   adds it to its history; statuses for unknown reports are skipped, not errors.
 * - `payment_rejections` (this kiosk's payments the server refused, with its reason) go into
 *   the table of that name, for the attendant's desk.
 *
 * A page that breaks any rule changes nothing; the error (KIOSK_ERROR_SYNC_PROTOCOL) names
 * the change and the field. `out` may be NULL. */
gboolean  kiosk_pull_apply_page  (KioskStore    *store,
                                  const char    *json,
                                  gssize         length,
                                  KioskPullPage *out,
                                  GError       **error);

G_END_DECLS
