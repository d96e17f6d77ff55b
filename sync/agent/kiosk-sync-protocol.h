/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wire format of the sync API (sync/api/openapi.yaml) on the kiosk's side: building a
 * batch body from outbox records, and checking the server's answers against what was sent. */
#pragma once

#include <glib.h>

#include "kiosk-outbox.h"

G_BEGIN_DECLS

/* The body of POST /v1/batches: `records` are KioskOutboxRecord*, sent in that order. Each
 * payload is embedded as stored (the outbox holds valid JSON). Fails with
 * KIOSK_ERROR_INVALID_VALUE naming the record when a row cannot be sent as it is (an unknown
 * kind, a payload that is not an object, a bad hash): such a row can never be delivered. */
GBytes   *kiosk_sync_batch_body   (const char  *kiosk_id,
                                   const char  *batch_id,
                                   GPtrArray   *records,
                                   GError     **error);

/* Checks one record the way kiosk_sync_batch_body would, without building anything. */
gboolean  kiosk_sync_record_check (const KioskOutboxRecord *record,
                                   GError                 **error);

GBytes   *kiosk_sync_gzip         (GBytes      *data,
                                   GError     **error);

typedef struct
{
  char                  *record_uuid;
  KioskOutboxResultKind  kind;
  char                  *server_reference;    /* ACCEPTED */
  char                  *reason;              /* REJECTED, RETRY: "code: text" */
  gboolean               attachment_missing;  /* RETRY because of a missing photo */
  gboolean               duplicate;           /* ACCEPTED before */
  char                  *refund_case;         /* a payment for a fine already paid elsewhere */
} KioskSyncResult;

void kiosk_sync_result_clear (KioskSyncResult *result);

/* Parses BatchResults: a JSON object whose batch_id is ours and whose results are exactly one
 * per record sent, in order, with matching UUIDs and the fields each status needs. Any
 * deviation is KIOSK_ERROR_SYNC_PROTOCOL and nothing is returned: the caller must not apply a
 * partial answer. Returns a GArray of KioskSyncResult (cleared on free). */
GArray   *kiosk_sync_parse_results (GBytes     *body,
                                    const char *batch_id,
                                    GPtrArray  *records,
                                    GError    **error);

/* Whether a non-2xx answer is the contract's verdict on what was sent (400, 413, 415, 422
 * with an Error body): only such an answer may park a record. Anything else — a 404 or 405
 * on the route, a redirect, another 4xx, a body that is not an Error object (a proxy's or a
 * captive portal's page) — says nothing about the records: the run stops, nothing is parked. */
gboolean  kiosk_sync_is_record_refusal (long     status,
                                        GBytes  *body);

/* Whether a body is an HTML page (a captive portal or a proxy answering for the server). */
gboolean  kiosk_sync_body_is_html   (GBytes     *body);

/* "code: message" from an Error body, cleaned for a log or an attendant's screen; the HTTP
 * status alone when the body is not an Error object. */
char     *kiosk_sync_describe_error (long        status,
                                     GBytes     *body);

/* JSON text refused outright: not UTF-8, a NUL byte, or an escaped NUL (JSON-GLib would cut
 * the string there without telling). */
gboolean  kiosk_sync_json_is_clean  (GBytes     *body);

G_END_DECLS
