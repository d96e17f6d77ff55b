/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The changes feed kiosks pull, and the current reference rows it describes. A cursor is
 * "<epoch>:<seq>": a position in this database's feed, meaningless to any other. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_CHANGES_DEFAULT_LIMIT 1000
#define KIOSK_CENTRAL_CHANGES_MAX_LIMIT     5000

/* Stores the row and appends its change, inside the caller's transaction, unless the server
 * already has exactly that row (`out_changed` FALSE then). `data` NULL deletes. */
gboolean  kiosk_central_reference_put     (KioskCentralDb  *db,
                                           const char      *dataset,
                                           const char      *key,
                                           const char      *data,
                                           gboolean        *out_changed,
                                           GError         **error);
/* The current row as JSON object text, or NULL when the server has none. */
char     *kiosk_central_reference_dup     (KioskCentralDb  *db,
                                           const char      *dataset,
                                           const char      *key,
                                           GError         **error);

/* A report_status row as the contract gives it, {uuid, status, at, note_ar, note_en}, as
 * JSON object text: whoever changes a report's status (a batch, `load`, the console) writes
 * the same row. NULL notes are empty. */
char     *kiosk_central_report_status_json (const char *uuid,
                                            const char *status,
                                            gint64      at,
                                            const char *note_ar,
                                            const char *note_en);

/* One page of the feed for `kiosk_code`, as the contract's ChangesPage JSON text. `since` NULL
 * starts over; a cursor from another epoch (or past the end, after a restore) resets; a
 * malformed one is KIOSK_ERROR_INVALID_VALUE. */
char     *kiosk_central_changes_page      (KioskCentralDb  *db,
                                           const char      *kiosk_code,
                                           const char      *since,
                                           guint            limit,
                                           GError         **error);

G_END_DECLS
