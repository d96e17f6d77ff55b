/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The agent's HTTP client: one libcurl easy handle kept for the agent's life (so connections
 * are reused), with the timeouts, TLS checks and pins from the configuration applied to every
 * request, and counters for what went over the wire. */
#pragma once

#include <glib.h>

#include "kiosk-config.h"

G_BEGIN_DECLS

typedef struct _KioskHttp KioskHttp;

typedef struct
{
  const char   *method;            /* "GET", "POST", "PUT", "HEAD" */
  const char   *path;              /* "/v1/batches", with query; appended to the server URL */
  const char   *content_type;      /* with a body */
  const char   *content_encoding;  /* "gzip" or NULL */
  GBytes       *body;              /* NULL for none */
  gboolean      if_none_match;     /* PUT only when absent: send "If-None-Match: *" and wait
                                    * for 100-continue, so a 412 costs no body bytes */
  gsize         max_answer;        /* bytes of answer body beyond which the transfer is
                                    * dropped (KIOSK_ERROR_REQUEST_TOO_LARGE); 0: 64 MiB */
  const char * const *extra_headers;  /* "Name: value" lines, NULL-terminated; or NULL */
} KioskHttpRequest;

typedef struct
{
  long        status;        /* 0 when no answer came */
  GBytes     *body;
  gint64      retry_after;   /* seconds, or -1 */
} KioskHttpResponse;

void kiosk_http_response_clear (KioskHttpResponse *response);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskHttpResponse, kiosk_http_response_clear)

typedef struct
{
  guint64 requests;
  guint64 connections;      /* new connections opened (TCP, and TLS when https) */
  guint64 bytes_sent;       /* request lines, headers and bodies */
  guint64 bytes_received;   /* status lines, headers and bodies */
} KioskHttpStats;

/* `token` may be NULL (no Authorization header). Fails with KIOSK_ERROR_CONFIG when a TLS file
 * named in the configuration is missing. */
KioskHttp *kiosk_http_new        (const KioskConfig  *config,
                                  const char         *token,
                                  GError            **error);
void       kiosk_http_free       (KioskHttp          *http);

/* One request. FALSE with KIOSK_ERROR_SYNC_NETWORK (could not connect, timed out, reset),
 * KIOSK_ERROR_SYNC_TLS (certificate or pin refused), KIOSK_ERROR_SYNC_PROTOCOL (answer over
 * 64 MiB) or KIOSK_ERROR_REQUEST_TOO_LARGE (answer over the request's max_answer) when no
 * usable answer came; TRUE with `response->status` for any HTTP answer. A stop
 * request (kiosk-sync-stop.h) aborts the transfer as a network error. */
gboolean   kiosk_http_request    (KioskHttp               *http,
                                  const KioskHttpRequest  *request,
                                  KioskHttpResponse       *response,
                                  GError                 **error);

const KioskHttpStats *kiosk_http_get_stats (KioskHttp *http);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskHttp, kiosk_http_free)

G_END_DECLS
