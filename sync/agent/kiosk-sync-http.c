/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libcurl behind the agent: every request gets the same safety settings (timeouts, no
 * signals, peer and host verification always on, pins, client certificate), one handle is
 * reused so its connection stays open, and answers are bounded in size. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include "kiosk-sync-http.h"

#include <curl/curl.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-sync-backoff.h"
#include "kiosk-sync-stop.h"

/* A changes page of 5000 rows is a few MB; anything near this is not an answer we want. */
#define MAX_ANSWER_BYTES (64 * 1024 * 1024)

struct _KioskHttp
{
  CURL           *curl;
  char           *base_url;
  char           *auth_header;
  char           *ca_file;
  char           *pinned_key;
  char           *client_cert;
  char           *client_key;
  long            connect_timeout;
  long            stall_timeout;
  long            request_timeout;
  KioskHttpStats  stats;

  /* The transfer in progress. */
  GByteArray     *received;
  gboolean        too_large;
  gsize           max_answer;
  gint64          retry_after;
  const guint8   *upload;
  gsize           upload_size;
  gsize           upload_pos;
  char            error_buffer[CURL_ERROR_SIZE];
};

void
kiosk_http_response_clear (KioskHttpResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  response->status = 0;
  response->retry_after = -1;
}

static gboolean
check_file (const char  *path,
            const char  *key,
            GError     **error)
{
  if (path == NULL || *path == '\0' || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
               "[sync] %s: %s is not a readable file", key, path);
  return FALSE;
}

static char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

KioskHttp *
kiosk_http_new (const KioskConfig  *config,
                const char         *token,
                GError            **error)
{
  static gsize curl_ready = 0;
  g_autoptr(KioskHttp) http = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (g_once_init_enter (&curl_ready))
    {
      if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        g_error ("libcurl failed to initialize");
      g_once_init_leave (&curl_ready, 1);
    }

  if (!check_file (config->ca_file, "ca-file", error) ||
      !check_file (config->client_cert, "client-cert", error) ||
      !check_file (config->client_key, "client-key", error))
    return NULL;

  http = g_new0 (KioskHttp, 1);
  http->curl = curl_easy_init ();
  if (http->curl == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "libcurl: cannot make a handle");
      return NULL;
    }

  http->base_url = g_strdup (config->server_url);
  while (g_str_has_suffix (http->base_url, "/"))
    http->base_url[strlen (http->base_url) - 1] = '\0';
  if (token != NULL)
    http->auth_header = g_strconcat ("Authorization: Bearer ", token, NULL);
  http->ca_file = nonempty (config->ca_file);
  http->pinned_key = nonempty (config->pinned_key);
  http->client_cert = nonempty (config->client_cert);
  http->client_key = nonempty (config->client_key);
  http->connect_timeout = config->connect_timeout;
  http->stall_timeout = config->stall_timeout;
  http->request_timeout = config->request_timeout;
  return g_steal_pointer (&http);
}

void
kiosk_http_free (KioskHttp *http)
{
  if (http == NULL)
    return;
  if (http->curl != NULL)
    curl_easy_cleanup (http->curl);
  g_free (http->base_url);
  if (http->auth_header != NULL)
    {
      /* The token should not linger in freed memory. */
      memset (http->auth_header, 0, strlen (http->auth_header));
      g_free (http->auth_header);
    }
  g_free (http->ca_file);
  g_free (http->pinned_key);
  g_free (http->client_cert);
  g_free (http->client_key);
  g_free (http);
}

const KioskHttpStats *
kiosk_http_get_stats (KioskHttp *http)
{
  return &http->stats;
}

static size_t
write_cb (char  *data,
          size_t size,
          size_t count,
          void  *user_data)
{
  KioskHttp *http = user_data;
  gsize n = size * count;

  if (http->received->len + n > http->max_answer)
    {
      http->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (http->received, (const guint8 *) data, (guint) n);
  return n;
}

static size_t
header_cb (char  *data,
           size_t size,
           size_t count,
           void  *user_data)
{
  KioskHttp *http = user_data;
  gsize n = size * count;
  static const char name[] = "retry-after:";

  /* A new status line (after "100 Continue") starts a new set of headers. */
  if (n >= 5 && strncmp (data, "HTTP/", 5) == 0)
    http->retry_after = -1;
  else if (n > strlen (name) && g_ascii_strncasecmp (data, name, strlen (name)) == 0)
    {
      g_autofree char *value = g_strndup (data + strlen (name), n - strlen (name));
      http->retry_after = kiosk_backoff_parse_retry_after (value,
                                                           g_get_real_time () / G_USEC_PER_SEC);
    }
  return n;
}

static size_t
read_cb (char  *buffer,
         size_t size,
         size_t count,
         void  *user_data)
{
  KioskHttp *http = user_data;
  gsize n = MIN (size * count, http->upload_size - http->upload_pos);

  memcpy (buffer, http->upload + http->upload_pos, n);
  http->upload_pos += n;
  return n;
}

static int
seek_cb (void      *user_data,
         curl_off_t offset,
         int        origin)
{
  KioskHttp *http = user_data;

  if (origin != SEEK_SET || offset < 0 || (gsize) offset > http->upload_size)
    return CURL_SEEKFUNC_CANTSEEK;
  http->upload_pos = (gsize) offset;
  return CURL_SEEKFUNC_OK;
}

static int
progress_cb (void      *user_data,
             curl_off_t dltotal,
             curl_off_t dlnow,
             curl_off_t ultotal,
             curl_off_t ulnow)
{
  return kiosk_sync_stop_requested () ? 1 : 0;
}

static gboolean
is_tls_failure (CURLcode code)
{
  switch (code)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Counts the bytes, and logs each request's time at debug level (G_MESSAGES_DEBUG=kiosk-sync):
 * what the fleet benchmark takes its batch latencies from. */
static void
count_transfer (KioskHttp              *http,
                const KioskHttpRequest *request)
{
  long header_out = 0, header_in = 0, connects = 0, status = 0;
  curl_off_t body_out = 0, body_in = 0, total_us = 0;

  curl_easy_getinfo (http->curl, CURLINFO_REQUEST_SIZE, &header_out);
  curl_easy_getinfo (http->curl, CURLINFO_SIZE_UPLOAD_T, &body_out);
  curl_easy_getinfo (http->curl, CURLINFO_HEADER_SIZE, &header_in);
  curl_easy_getinfo (http->curl, CURLINFO_SIZE_DOWNLOAD_T, &body_in);
  curl_easy_getinfo (http->curl, CURLINFO_NUM_CONNECTS, &connects);

  http->stats.requests++;
  http->stats.connections += (guint64) MAX (connects, 0);
  http->stats.bytes_sent += (guint64) MAX (header_out, 0) + (guint64) MAX (body_out, 0);
  http->stats.bytes_received += (guint64) MAX (header_in, 0) + (guint64) MAX (body_in, 0);
  curl_easy_getinfo (http->curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (http->curl, CURLINFO_TOTAL_TIME_T, &total_us);
  g_debug ("%s %s: HTTP %ld in %.1f ms", request->method, request->path, status,
           total_us / 1000.0);
}

gboolean
kiosk_http_request (KioskHttp               *http,
                    const KioskHttpRequest  *request,
                    KioskHttpResponse       *response,
                    GError                 **error)
{
  g_autofree char *url = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *content_encoding = NULL;
  struct curl_slist *headers = NULL;
  const guint8 *body = NULL;
  gsize body_size = 0;
  CURL *curl = http->curl;
  CURLcode code;

  g_return_val_if_fail (request != NULL && request->method != NULL && request->path != NULL,
                        FALSE);

  response->status = 0;
  response->body = NULL;
  response->retry_after = -1;

  if (request->body != NULL)
    body = g_bytes_get_data (request->body, &body_size);

  /* Reset keeps the open connection; every option is set again below, so nothing from an
   * earlier request (a body, a method) can leak into this one. */
  curl_easy_reset (curl);
  url = g_strconcat (http->base_url, request->path, NULL);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, http->connect_timeout);
  /* "Less than one byte a second for stall-timeout seconds" is a stalled transfer. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, http->stall_timeout);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, http->request_timeout);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (http->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, http->ca_file);
  if (http->pinned_key != NULL)
    curl_easy_setopt (curl, CURLOPT_PINNEDPUBLICKEY, http->pinned_key);
  if (http->client_cert != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_SSLCERT, http->client_cert);
      curl_easy_setopt (curl, CURLOPT_SSLKEY, http->client_key ? http->client_key
                                                                : http->client_cert);
    }
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "muscat-kiosk-sync/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, http->error_buffer);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, http);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, http);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);

  if (http->auth_header != NULL)
    headers = curl_slist_append (headers, http->auth_header);
  headers = curl_slist_append (headers, "Accept: application/json");
  if (request->content_type != NULL)
    {
      content_type = g_strconcat ("Content-Type: ", request->content_type, NULL);
      headers = curl_slist_append (headers, content_type);
    }
  if (request->content_encoding != NULL)
    {
      content_encoding = g_strconcat ("Content-Encoding: ", request->content_encoding, NULL);
      headers = curl_slist_append (headers, content_encoding);
    }

  for (guint i = 0; request->extra_headers != NULL && request->extra_headers[i] != NULL; i++)
    headers = curl_slist_append (headers, request->extra_headers[i]);

  if (g_str_equal (request->method, "GET"))
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  else if (g_str_equal (request->method, "HEAD"))
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (g_str_equal (request->method, "POST"))
    {
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body ? (const char *) body : "");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) body_size);
      /* A batch is small once gzipped: waiting for "100 Continue" would only add a round
       * trip. */
      headers = curl_slist_append (headers, "Expect:");
    }
  else if (g_str_equal (request->method, "PUT"))
    {
      http->upload = body;
      http->upload_size = body_size;
      http->upload_pos = 0;
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, http);
      curl_easy_setopt (curl, CURLOPT_SEEKFUNCTION, seek_cb);
      curl_easy_setopt (curl, CURLOPT_SEEKDATA, http);
      curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) body_size);
      if (request->if_none_match)
        {
          /* The server answers 412 before the body when it has the file already. */
          headers = curl_slist_append (headers, "If-None-Match: *");
          headers = curl_slist_append (headers, "Expect: 100-continue");
        }
      else
        headers = curl_slist_append (headers, "Expect:");
    }
  else
    g_return_val_if_reached (FALSE);

  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  http->received = g_byte_array_new ();
  http->too_large = FALSE;
  http->max_answer = request->max_answer > 0 ? MIN (request->max_answer, MAX_ANSWER_BYTES)
                                             : MAX_ANSWER_BYTES;
  http->retry_after = -1;
  http->error_buffer[0] = '\0';

  /* A Content-Length over the request's limit ends the transfer before the body: a picture
   * too large for this kiosk costs one request, not its bytes. */
  if (request->max_answer > 0)
    curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) http->max_answer);

  code = curl_easy_perform (curl);
  if (code == CURLE_FILESIZE_EXCEEDED)
    http->too_large = TRUE;
  count_transfer (http, request);
  curl_slist_free_all (headers);
  http->upload = NULL;

  if (code != CURLE_OK)
    {
      const char *detail = http->error_buffer[0] ? http->error_buffer : curl_easy_strerror (code);

      g_clear_pointer (&http->received, g_byte_array_unref);
      if (http->too_large && request->max_answer > 0)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_TOO_LARGE,
                     "%s %s: the answer is larger than %" G_GSIZE_FORMAT " bytes",
                     request->method, request->path, request->max_answer);
      else if (http->too_large)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                     "%s %s: the answer is larger than %d MiB", request->method, request->path,
                     MAX_ANSWER_BYTES / (1024 * 1024));
      else if (code == CURLE_ABORTED_BY_CALLBACK)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_NETWORK,
                     "%s %s: stopped", request->method, request->path);
      else if (is_tls_failure (code))
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_TLS,
                     "%s: TLS refused, this may not be the real server: %s", http->base_url,
                     detail);
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_NETWORK,
                     "%s %s%s: %s", request->method, http->base_url, request->path, detail);
      return FALSE;
    }

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response->status);
  response->retry_after = http->retry_after;
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&http->received));
  return TRUE;
}
