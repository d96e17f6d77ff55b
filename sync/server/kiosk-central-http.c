/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP for the central server. microhttpd calls the access handler once with the headers,
 * once per piece of body, and once more at the end; everything that can be refused from the
 * headers (route, token, rate limit, type, declared size, "already have it") is refused on the
 * first call, before a byte of body is read. Every answer that is not a success carries the
 * contract's Error body. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-http.h"

#include <gio/gio.h>
#include <malloc.h>
#include <microhttpd.h>
#include <string.h>
#include <sys/resource.h>

#include "kiosk-central-attachments.h"
#include "kiosk-central-batch.h"
#include "kiosk-central-changes.h"
#include "kiosk-central-console.h"
#include "kiosk-central-db.h"
#include "kiosk-central-json.h"
#include "kiosk-central-kiosk-status.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-central-open311.h"
#include "kiosk-central-ratelimit.h"
#include "kiosk-central-web.h"
#include "kiosk-error.h"

#define DEFAULT_POOL_SIZE 4
/* A request waits this long for a database connection before it is told to come back. */
#define POOL_WAIT_USEC (10 * G_USEC_PER_SEC)
/* A probe waits less than its load balancer's timeout: a pool busy that long is unhealthy. */
#define HEALTH_POOL_WAIT_USEC (2 * G_USEC_PER_SEC)
/* Headers and URL must fit in this (microhttpd answers 431/414 itself beyond it). */
#define CONNECTION_MEMORY_LIMIT (64 * 1024)
/* Connections are multiplexed with epoll over a few threads, so a client that holds one
 * open (sending a header line every few seconds, reading an answer slowly) costs a socket
 * and a little memory, not a thread: with a thread per connection, 128 such clients used to
 * take every slot and the health probe with them. One address may hold at most
 * PER_IP_CONNECTION_LIMIT (a whole fleet behind one NAT needs a handful), the server
 * CONNECTION_LIMIT in all. */
#define THREAD_POOL_SIZE 8
#define CONNECTION_LIMIT 1000
#define PER_IP_CONNECTION_LIMIT 64
/* Idle time before a connection is closed; a request whose headers or body stop coming is
 * closed after this much silence. */
#define CONNECTION_TIMEOUT_SECONDS 30
/* A body over its limit is read and thrown away (so the client sees the 413) up to this
 * much more; beyond it the connection is dropped. */
#define DISCARD_LIMIT (16 * 1024 * 1024)
#define MAX_TOKEN_LENGTH 256
/* A request body from this size on is followed by malloc_trim (see completed_cb). */
#define BIG_BODY (512 * 1024)
#define ATTACHMENTS_PREFIX "/v1/attachments/"

struct _KioskCentralServer
{
  struct MHD_Daemon *daemon;
  GAsyncQueue       *pool;          /* idle KioskCentralDb* */
  guint              pool_size;
  char              *attachments_dir;
  char              *url;
  char              *tls_cert;      /* PEM text; microhttpd reads it until stop */
  char              *tls_key;
  KioskCentralRateLimit *rate_limit; /* kiosk routes only */
};

typedef enum
{
  ROUTE_HEALTH,
  ROUTE_BATCHES,
  ROUTE_CHANGES,
  ROUTE_ATTACHMENT,
  ROUTE_WEB,
} Route;

/* The parts served to people and other systems rather than kiosks: their own sessions or
 * keys, form bodies, and the headers a browser needs (see reply_from_web). */
typedef KioskCentralWebResponse *(*WebHandler) (const KioskCentralWebRequest *request);

typedef struct
{
  const char *prefix;
  WebHandler  handler;
  gsize       max_body;
} WebRoute;

static const WebRoute web_routes[] = {
  { KIOSK_CENTRAL_CONSOLE_PREFIX, kiosk_central_console_handle, KIOSK_CENTRAL_CONSOLE_MAX_BODY },
  { KIOSK_CENTRAL_OPEN311_PREFIX, kiosk_central_open311_handle, KIOSK_CENTRAL_OPEN311_MAX_BODY },
};

/* One request's state across the handler's calls. */
typedef struct
{
  Route               route;
  char               *kiosk_code;
  gboolean            gzip;
  GByteArray         *body;          /* ROUTE_BATCHES, ROUTE_WEB (a POST's form) */
  const WebRoute     *web;           /* ROUTE_WEB */
  KioskCentralUpload *upload;        /* ROUTE_ATTACHMENT, PUT */
  char               *sha256;
  gboolean            too_large;
  gboolean            big;           /* the body took megabytes: give memory back after */
  gsize               discarded;
  GError             *upload_error;
  struct _Reply      *reply;         /* decided from the headers, sent after the body */
} Request;

static void reply_free (struct _Reply *reply);

static void
request_free (Request *request)
{
  g_free (request->kiosk_code);
  if (request->body != NULL)
    g_byte_array_unref (request->body);
  g_clear_pointer (&request->upload, kiosk_central_upload_free);
  g_free (request->sha256);
  g_clear_error (&request->upload_error);
  g_clear_pointer (&request->reply, reply_free);
  g_free (request);
}

/* Replies ---------------------------------------------------------------------------------- */

/* An answer decided but not yet queued: on the first call it may have to wait until the body
 * the client is already sending has been read (see access_cb). */
typedef struct _Reply
{
  unsigned int  status;
  char         *body;    /* JSON; NULL for none */
  gsize         length;  /* of a body that is not JSON text (a picture), else 0 */
  const char   *type;    /* of that body; NULL: application/json */
  const char   *header;  /* static strings */
  const char   *value;
  GPtrArray    *headers; /* more: name, value … (owned), or NULL */
  char         *owned_value; /* `value` when it is not a static string */
} Reply;

static void
reply_free (struct _Reply *reply)
{
  g_free (reply->body);
  g_free (reply->owned_value);
  g_clear_pointer (&reply->headers, g_ptr_array_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static Reply *
reply_new (unsigned int  status,
           char         *body,
           const char   *header,
           const char   *value)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = body;
  reply->header = header;
  reply->value = value;
  return reply;
}

static Reply *
reply_json (unsigned int  status,
            char         *body)
{
  return reply_new (status, body, NULL, NULL);
}

static Reply *
reply_empty (unsigned int status)
{
  return reply_new (status, NULL, NULL, NULL);
}

static Reply *
reply_error (unsigned int  status,
             const char   *code,
             const char   *message)
{
  const char *header = NULL, *value = NULL;

  switch (status)
    {
    case MHD_HTTP_UNAUTHORIZED:
      header = MHD_HTTP_HEADER_WWW_AUTHENTICATE;
      value = "Bearer";
      break;
    case MHD_HTTP_SERVICE_UNAVAILABLE:
      header = MHD_HTTP_HEADER_RETRY_AFTER;
      value = "1";
      break;
    default:
      break;
    }
  return reply_new (status, kiosk_central_json_error_body (code, message), header, value);
}

static Reply *
reply_not_allowed (const char *allow)
{
  return reply_new (MHD_HTTP_METHOD_NOT_ALLOWED,
                    kiosk_central_json_error_body ("bad_request", "method not allowed here"),
                    MHD_HTTP_HEADER_ALLOW, allow);
}

static Reply *
reply_busy (void)
{
  return reply_error (MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                      "the server is busy; retry later");
}

/* The kiosk is over its rate limit: Retry-After says when its next request will be served. */
static Reply *
reply_rate_limited (guint retry_after_s)
{
  Reply *reply = reply_json (MHD_HTTP_TOO_MANY_REQUESTS,
                             kiosk_central_json_error_body ("rate_limited",
                                                            "this kiosk sends requests faster"
                                                            " than the server's limit; retry"
                                                            " after Retry-After seconds"));

  reply->header = MHD_HTTP_HEADER_RETRY_AFTER;
  reply->owned_value = g_strdup_printf ("%u", retry_after_s);
  reply->value = reply->owned_value;
  return reply;
}

/* A failure of the server's own (database, disk) or a refusal from a module, as HTTP. */
static Reply *
reply_gerror (const GError *error)
{
  if (error->domain == KIOSK_ERROR)
    switch (error->code)
      {
      case KIOSK_ERROR_INVALID_VALUE:
        return reply_error (MHD_HTTP_BAD_REQUEST, "bad_request", error->message);
      case KIOSK_ERROR_REQUEST_FORBIDDEN:
        return reply_error (MHD_HTTP_FORBIDDEN, "forbidden", error->message);
      case KIOSK_ERROR_REQUEST_TOO_LARGE:
        return reply_error (MHD_HTTP_CONTENT_TOO_LARGE, "too_large", error->message);
      case KIOSK_ERROR_STORE_BUSY:
      case KIOSK_ERROR_STORE_IO:
        g_message ("unavailable: %s", error->message);
        return reply_error (MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                            "the server is busy or its disk failed; retry later");
      default:
        break;
      }
  /* Logged, not shown: the kiosk only needs to know it may retry. */
  g_message ("server error: %s", error->message);
  return reply_error (MHD_HTTP_INTERNAL_SERVER_ERROR, "server_error",
                      "the server failed; nothing was stored; retry");
}

static enum MHD_Result
queue_reply (struct MHD_Connection *connection,
             Reply                 *reply)
{
  g_autoptr(Reply) owned = reply;
  gboolean has_body = owned->body != NULL;
  struct MHD_Response *response;
  enum MHD_Result result;

  if (has_body)
    response = MHD_create_response_from_buffer_with_free_callback (owned->type != NULL
                                                                   ? owned->length
                                                                   : strlen (owned->body),
                                                                   owned->body, g_free);
  else
    response = MHD_create_response_from_buffer (0, (void *) "", MHD_RESPMEM_PERSISTENT);
  if (response == NULL)
    return MHD_NO;
  /* The response owns the body now. */
  owned->body = NULL;
  if (has_body)
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE,
                             owned->type ? owned->type : "application/json");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (owned->header != NULL)
    MHD_add_response_header (response, owned->header, owned->value);
  for (guint i = 0; owned->headers != NULL && i + 1 < owned->headers->len; i += 2)
    MHD_add_response_header (response, owned->headers->pdata[i], owned->headers->pdata[i + 1]);
  result = MHD_queue_response (connection, owned->status, response);
  MHD_destroy_response (response);
  return result;
}

/* Database pool ---------------------------------------------------------------------------- */

static KioskCentralDb *
pool_acquire (KioskCentralServer *server)
{
  return g_async_queue_timeout_pop (server->pool, POOL_WAIT_USEC);
}

static void
pool_release (KioskCentralServer *server,
              KioskCentralDb     *db)
{
  /* A connection must never go back with a transaction open. */
  kiosk_central_db_rollback (db);
  g_async_queue_push (server->pool, db);
}

/* For the load balancer: 200 only when this process can reach its database and the schema is
 * the one it writes; otherwise 503 and the reason, so traffic goes to another server. */
static Reply *
serve_health (KioskCentralServer *server)
{
  g_autoptr(GError) error = NULL;
  KioskCentralDb *db = g_async_queue_timeout_pop (server->pool, HEALTH_POOL_WAIT_USEC);
  KioskCentralDbKind kind;
  gboolean healthy;
  int version;

  if (db == NULL)
    return reply_error (MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                        "every database connection of this server is busy");
  healthy = kiosk_central_db_check_health (db, &error);
  kind = kiosk_central_db_get_kind (db);
  version = kiosk_central_db_latest_version (kind);
  pool_release (server, db);
  if (!healthy)
    {
      g_message ("health: %s", error->message);
      return reply_error (MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", error->message);
    }
  return reply_json (MHD_HTTP_OK,
                     g_strdup_printf ("{\"status\":\"ok\",\"database\":\"%s\","
                                      "\"schema_version\":%d}",
                                      kind == KIOSK_CENTRAL_DB_POSTGRESQL ? "postgresql"
                                                                          : "sqlite",
                                      version));
}

/* Headers -------------------------------------------------------------------------------- */

static const char *
header (struct MHD_Connection *connection,
        const char            *name)
{
  return MHD_lookup_connection_value (connection, MHD_HEADER_KIND, name);
}

/* The media type without parameters ("application/json; charset=utf-8"). */
static gboolean
content_type_is (struct MHD_Connection *connection,
                 const char            *expected)
{
  const char *value = header (connection, MHD_HTTP_HEADER_CONTENT_TYPE);
  gsize len;

  if (value == NULL)
    return FALSE;
  len = strcspn (value, ";");
  while (len > 0 && g_ascii_isspace (value[len - 1]))
    len--;
  return len == strlen (expected) && g_ascii_strncasecmp (value, expected, len) == 0;
}

/* Declared body size; FALSE when there is none (chunked) or it is not a number. */
static gboolean
content_length (struct MHD_Connection *connection,
                guint64               *out)
{
  const char *value = header (connection, MHD_HTTP_HEADER_CONTENT_LENGTH);

  return value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, out, NULL);
}

/* Whether a refusal decided from the headers can go out at once. A client that asked for
 * 100 Continue waits for it and sends nothing after a final answer. Any other client is
 * already sending its body: answering and closing under it would reset the connection,
 * and the client could lose the answer; so a body of reasonable size is read (and dropped)
 * first. */
static gboolean
can_refuse_now (struct MHD_Connection *connection,
                const char            *method)
{
  const char *expect = header (connection, MHD_HTTP_HEADER_EXPECT);
  guint64 declared = 0;

  if (g_str_equal (method, MHD_HTTP_METHOD_GET) || g_str_equal (method, MHD_HTTP_METHOD_HEAD))
    return TRUE;
  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0)
    return TRUE;
  if (content_length (connection, &declared))
    return declared == 0 || declared > DISCARD_LIMIT;
  /* No length: chunked if there is a body at all. */
  return header (connection, MHD_HTTP_HEADER_TRANSFER_ENCODING) == NULL;
}

static const char *
bearer_token (struct MHD_Connection *connection)
{
  const char *value = header (connection, MHD_HTTP_HEADER_AUTHORIZATION);
  const char *token;
  gsize len;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  token = value + 7;
  while (*token == ' ')
    token++;
  len = strlen (token);
  if (len == 0 || len > MAX_TOKEN_LENGTH)
    return NULL;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isgraph (*p))
      return NULL;
  return token;
}

/* NULL and the kiosk's code in the request when the token is good; otherwise the refusal:
 * 401 for no or an unknown token, 403 for a disabled kiosk. */
static Reply *
authenticate (KioskCentralServer    *server,
              struct MHD_Connection *connection,
              Request               *request)
{
  g_autoptr(GError) error = NULL;
  KioskCentralAuth auth;
  KioskCentralDb *db;
  gboolean ok;

  db = pool_acquire (server);
  if (db == NULL)
    return reply_busy ();
  ok = kiosk_central_kiosks_authenticate (db, bearer_token (connection), &auth,
                                          &request->kiosk_code, &error);
  pool_release (server, db);

  if (!ok)
    return reply_gerror (error);
  if (auth == KIOSK_CENTRAL_AUTH_UNKNOWN)
    return reply_error (MHD_HTTP_UNAUTHORIZED, "unauthorized",
                        "an Authorization: Bearer token this server issued is required");
  if (auth == KIOSK_CENTRAL_AUTH_DISABLED)
    return reply_error (MHD_HTTP_FORBIDDEN, "forbidden", "this kiosk is disabled on the server");
  return NULL;
}

/* NULL when the authenticated kiosk is within its rate limit; otherwise the 429. */
static Reply *
limit_rate (KioskCentralServer *server,
            Request            *request)
{
  guint retry_after_s = 0;

  if (kiosk_central_rate_limit_take (server->rate_limit, request->kiosk_code,
                                     g_get_monotonic_time (), &retry_after_s))
    return NULL;
  return reply_rate_limited (retry_after_s);
}

/* Routes ---------------------------------------------------------------------------------- */

static Reply *
serve_changes (KioskCentralServer    *server,
               struct MHD_Connection *connection,
               Request               *request)
{
  g_autoptr(GError) error = NULL;
  const char *since = MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "since");
  const char *limit_text = MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND,
                                                        "limit");
  guint64 limit = KIOSK_CENTRAL_CHANGES_DEFAULT_LIMIT;
  g_autoptr(KioskCentralKioskStatus) status = NULL;
  KioskCentralDb *db;
  char *page = NULL;

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, KIOSK_CENTRAL_CHANGES_MAX_LIMIT, &limit,
                                   NULL))
    return reply_error (MHD_HTTP_BAD_REQUEST, "bad_request",
                        "limit must be an integer from 1 to 5000");
  /* The agent's report of itself, when it sent one: checked before anything is done. */
  if (!kiosk_central_kiosk_status_parse (header (connection,
                                                 KIOSK_CENTRAL_AGENT_VERSION_HEADER),
                                         header (connection, KIOSK_CENTRAL_QUEUE_DEPTH_HEADER),
                                         header (connection, KIOSK_CENTRAL_PARKED_HEADER),
                                         &status, &error))
    return reply_gerror (error);

  db = pool_acquire (server);
  if (db == NULL)
    return reply_busy ();
  if (status == NULL ||
      kiosk_central_kiosk_status_store (db, request->kiosk_code, status, &error))
    page = kiosk_central_changes_page (db, request->kiosk_code, since, (guint) limit, &error);
  pool_release (server, db);

  if (page == NULL)
    return reply_gerror (error);
  return reply_json (MHD_HTTP_OK, page);
}

/* NULL when looked up; the refusal when the database could not say. */
/* Whether the requesting kiosk uploaded it: another kiosk's photo is answered as absent. */
static Reply *
lookup_attachment (KioskCentralServer *server,
                   Request            *request,
                   gboolean           *out_has)
{
  g_autoptr(GError) error = NULL;
  KioskCentralDb *db = pool_acquire (server);
  gboolean ok;

  if (db == NULL)
    return reply_busy ();
  ok = kiosk_central_attachments_has (db, request->sha256, request->kiosk_code, out_has,
                                      &error);
  pool_release (server, db);
  return ok ? NULL : reply_gerror (error);
}

static gboolean
is_star (const char *value)
{
  while (*value == ' ')
    value++;
  if (*value++ != '*')
    return FALSE;
  while (*value == ' ')
    value++;
  return *value == '\0';
}

static Reply *
serve_head (KioskCentralServer *server,
            Request            *request)
{
  gboolean has = FALSE;
  Reply *reply = lookup_attachment (server, request, &has);

  if (reply != NULL)
    return reply;
  if (has)
    return reply_empty (MHD_HTTP_OK);
  return reply_error (MHD_HTTP_NOT_FOUND, "not_found", "the server does not have this attachment");
}

/* GET: only a picture the feed hands out (an announcement's) is served; a report's photos
 * stay with the municipality, whichever kiosk asks. */
static Reply *
serve_get (KioskCentralServer *server,
           Request            *request)
{
  g_autoptr(GError) error = NULL;
  KioskCentralDb *db = pool_acquire (server);
  Reply *reply;
  char *contents = NULL;
  gsize length = 0;
  gboolean published = FALSE;
  gboolean ok;

  if (db == NULL)
    return reply_busy ();
  ok = kiosk_central_attachments_is_published (db, request->sha256, &published, &error);
  pool_release (server, db);
  if (!ok)
    return reply_gerror (error);
  if (!published)
    return reply_error (MHD_HTTP_NOT_FOUND, "not_found",
                        "no announcement of the feed has this picture");

  if (!kiosk_central_attachments_read (server->attachments_dir, request->sha256, &contents,
                                       &length, &error))
    return reply_gerror (error);
  reply = reply_json (MHD_HTTP_OK, contents);
  reply->length = length;
  reply->type = "image/jpeg";
  return reply;
}

/* PUT, from the headers: a refusal, or NULL with the temporary file open to take the body
 * (returning without a response is what makes microhttpd send 100 Continue). */
static Reply *
begin_upload (KioskCentralServer    *server,
              struct MHD_Connection *connection,
              Request               *request)
{
  g_autoptr(GError) error = NULL;
  const char *encoding = header (connection, MHD_HTTP_HEADER_CONTENT_ENCODING);
  const char *if_none_match = header (connection, MHD_HTTP_HEADER_IF_NONE_MATCH);
  guint64 declared;

  if (!content_type_is (connection, "image/jpeg"))
    return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "an attachment is sent as Content-Type: image/jpeg");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "an attachment is sent without Content-Encoding");
  if (content_length (connection, &declared) && declared > KIOSK_CENTRAL_ATTACHMENT_MAX_BYTES)
    return reply_error (MHD_HTTP_CONTENT_TOO_LARGE, "too_large", "an attachment is at most 4 MiB");

  /* "Only if you do not have it": with Expect: 100-continue, a photo the server already has
   * costs one round trip and no bytes. */
  if (if_none_match != NULL && is_star (if_none_match))
    {
      gboolean has = FALSE;
      Reply *reply = lookup_attachment (server, request, &has);

      if (reply != NULL)
        return reply;
      if (has)
        return reply_json (MHD_HTTP_PRECONDITION_FAILED,
                           kiosk_central_json_error_body ("already_stored",
                                                          "the server already has this "
                                                          "attachment"));
    }

  request->upload = kiosk_central_upload_new (server->attachments_dir, request->sha256, &error);
  if (request->upload == NULL)
    return reply_gerror (error);
  return NULL;
}

static Reply *
begin_batch (struct MHD_Connection *connection,
             Request               *request)
{
  const char *encoding = header (connection, MHD_HTTP_HEADER_CONTENT_ENCODING);
  guint64 declared;

  if (!content_type_is (connection, "application/json"))
    return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "a batch is sent as Content-Type: application/json");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      if (g_ascii_strcasecmp (encoding, "gzip") != 0)
        return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                            "Content-Encoding may only be gzip or identity");
      request->gzip = TRUE;
    }
  if (content_length (connection, &declared) && declared > KIOSK_CENTRAL_BATCH_MAX_BYTES)
    return reply_error (MHD_HTTP_CONTENT_TOO_LARGE, "too_large", "a batch is at most 8 MiB");

  /* Sized once from the declared length (bounded above), rather than doubled as it grows:
   * doubling leaves freed blocks of every size behind in the allocator. */
  request->body = g_byte_array_sized_new (content_length (connection, &declared)
                                          ? (guint) declared : 64 * 1024);
  return NULL;
}

/* Web routes ----------------------------------------------------------------------------- */

static enum MHD_Result
collect_value_cb (void               *cls,
                  enum MHD_ValueKind  kind,
                  const char         *key,
                  const char         *value)
{
  if (key != NULL)
    g_hash_table_insert (cls, g_strdup (key), g_strdup (value ? value : ""));
  return MHD_YES;
}

static GHashTable *
collect_values (struct MHD_Connection *connection,
                enum MHD_ValueKind     kind)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  MHD_get_connection_values (connection, kind, collect_value_cb, table);
  return table;
}

/* A page's answer as HTTP, with the headers every page and document of a browser-facing part
 * carries: no script at all, nothing framed, no guessing of types, nothing cached. */
static Reply *
reply_from_web (KioskCentralWebResponse *response)
{
  Reply *reply = reply_empty (response->status);
  gsize length = 0;

  if (response->body != NULL)
    {
      reply->body = g_bytes_unref_to_data (g_steal_pointer (&response->body), &length);
      reply->length = length;
      reply->type = response->type;
      /* An empty body still goes out as one (a 0-byte page), with its type. */
      if (reply->body == NULL)
        reply->body = g_malloc0 (1);
    }
  reply->headers = g_steal_pointer (&response->headers);
  g_ptr_array_add (reply->headers, g_strdup ("Content-Security-Policy"));
  g_ptr_array_add (reply->headers, g_strdup ("default-src 'none'; style-src 'self'; img-src"
                                             " 'self'; form-action 'self'; frame-ancestors"
                                             " 'none'; base-uri 'none'"));
  g_ptr_array_add (reply->headers, g_strdup ("X-Content-Type-Options"));
  g_ptr_array_add (reply->headers, g_strdup ("nosniff"));
  g_ptr_array_add (reply->headers, g_strdup ("X-Frame-Options"));
  g_ptr_array_add (reply->headers, g_strdup ("DENY"));
  g_ptr_array_add (reply->headers, g_strdup ("Referrer-Policy"));
  g_ptr_array_add (reply->headers, g_strdup ("no-referrer"));
  kiosk_central_web_response_free (response);
  return reply;
}

/* The server as the client addressed it, for absolute links a document gives out (Open311's
 * media_url): the Host header when it is a plain host[:port], else the listening URL. */
static char *
base_url_of (KioskCentralServer    *server,
             struct MHD_Connection *connection)
{
  const char *host = header (connection, MHD_HTTP_HEADER_HOST);

  if (host == NULL || *host == '\0' || strlen (host) > 255 ||
      strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
      != strlen (host))
    return g_strdup (server->url);
  return g_strconcat (server->tls_cert != NULL ? "https://" : "http://", host, NULL);
}

static Reply *
serve_web (KioskCentralServer    *server,
           struct MHD_Connection *connection,
           const char            *url,
           const char            *method,
           Request               *request)
{
  g_autoptr(GHashTable) query = collect_values (connection, MHD_GET_ARGUMENT_KIND);
  g_autoptr(GHashTable) cookies = collect_values (connection, MHD_COOKIE_KIND);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *base_url = base_url_of (server, connection);
  KioskCentralWebRequest web = { 0 };
  KioskCentralWebResponse *response;

  if (request->body != NULL && request->body->len > 0)
    {
      form = g_uri_parse_params ((const char *) request->body->data, request->body->len, "&",
                                 G_URI_PARAMS_WWW_FORM, NULL);
      if (form == NULL)
        return reply_error (MHD_HTTP_BAD_REQUEST, "bad_request",
                            "the form is not application/x-www-form-urlencoded");
    }
  else
    form = g_hash_table_new (g_str_hash, g_str_equal);

  web.method = method;
  web.path = url;
  web.query = query;
  web.form = form;
  web.cookies = cookies;
  web.attachments_dir = server->attachments_dir;
  web.base_url = base_url;
  web.db = pool_acquire (server);
  if (web.db == NULL)
    return reply_busy ();
  response = request->web->handler (&web);
  pool_release (server, web.db);
  return reply_from_web (response);
}

/* GET and HEAD are answered from the headers; a POST's form is read first (bounded). */
static Reply *
begin_web (KioskCentralServer    *server,
           struct MHD_Connection *connection,
           const char            *url,
           const char            *method,
           Request               *request)
{
  guint64 declared;

  if (g_str_equal (method, MHD_HTTP_METHOD_GET) || g_str_equal (method, MHD_HTTP_METHOD_HEAD))
    return serve_web (server, connection, url, method, request);
  if (!g_str_equal (method, MHD_HTTP_METHOD_POST))
    return reply_not_allowed ("GET, HEAD, POST");
  if (!content_type_is (connection, "application/x-www-form-urlencoded"))
    return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "a form is sent as application/x-www-form-urlencoded");
  if (content_length (connection, &declared) && declared > request->web->max_body)
    return reply_error (MHD_HTTP_CONTENT_TOO_LARGE, "too_large", "the form is too large");
  request->body = g_byte_array_new ();
  return NULL;
}

/* The first call: headers only. The answer, or NULL to read the body first. */
static Reply *
begin_request (KioskCentralServer    *server,
               struct MHD_Connection *connection,
               const char            *url,
               const char            *method,
               Request               *request)
{
  gboolean is_get = g_str_equal (method, MHD_HTTP_METHOD_GET);
  gboolean is_head = g_str_equal (method, MHD_HTTP_METHOD_HEAD);
  gboolean is_put = g_str_equal (method, MHD_HTTP_METHOD_PUT);
  Reply *reply;

  for (gsize i = 0; i < G_N_ELEMENTS (web_routes); i++)
    {
      const char *prefix = web_routes[i].prefix;

      if (g_str_has_prefix (url, prefix) &&
          (url[strlen (prefix)] == '\0' || url[strlen (prefix)] == '/'))
        {
          request->route = ROUTE_WEB;
          request->web = &web_routes[i];
          return begin_web (server, connection, url, method, request);
        }
    }

  if (g_str_equal (url, "/v1/health"))
    {
      if (!is_get && !is_head)
        return reply_not_allowed ("GET, HEAD");
      return serve_health (server);
    }
  else if (g_str_equal (url, "/v1/batches"))
    {
      if (!g_str_equal (method, MHD_HTTP_METHOD_POST))
        return reply_not_allowed ("POST");
      request->route = ROUTE_BATCHES;
    }
  else if (g_str_equal (url, "/v1/changes"))
    {
      if (!is_get)
        return reply_not_allowed ("GET");
      request->route = ROUTE_CHANGES;
    }
  else if (g_str_has_prefix (url, ATTACHMENTS_PREFIX) &&
           kiosk_central_sha256_is_valid (url + strlen (ATTACHMENTS_PREFIX)))
    {
      if (!is_get && !is_head && !is_put)
        return reply_not_allowed ("GET, HEAD, PUT");
      request->route = ROUTE_ATTACHMENT;
      request->sha256 = g_strdup (url + strlen (ATTACHMENTS_PREFIX));
    }
  else
    return reply_error (MHD_HTTP_NOT_FOUND, "not_found", "no such resource");

  reply = authenticate (server, connection, request);
  if (reply == NULL)
    reply = limit_rate (server, request);
  if (reply != NULL)
    return reply;

  switch (request->route)
    {
    case ROUTE_CHANGES:
      return serve_changes (server, connection, request);
    case ROUTE_BATCHES:
      return begin_batch (connection, request);
    case ROUTE_ATTACHMENT:
      if (is_get)
        return serve_get (server, request);
      return is_head ? serve_head (server, request) : begin_upload (server, connection, request);
    case ROUTE_HEALTH:
    default:
      g_assert_not_reached ();
    }
}

/* Body ------------------------------------------------------------------------------------ */

/* FALSE when the client has sent so much more than allowed that the connection is dropped. */
static gboolean
take_body (Request    *request,
           const char *data,
           gsize       size)
{
  if (request->reply != NULL || request->too_large || request->upload_error != NULL)
    {
      request->discarded += size;
      return request->discarded <= DISCARD_LIMIT;
    }

  if (request->route == ROUTE_WEB)
    {
      if (request->body->len + size > request->web->max_body)
        {
          request->too_large = TRUE;
          g_clear_pointer (&request->body, g_byte_array_unref);
          return TRUE;
        }
      g_byte_array_append (request->body, (const guint8 *) data, (guint) size);
      return TRUE;
    }

  if (request->route == ROUTE_BATCHES)
    {
      if (request->body->len + size > KIOSK_CENTRAL_BATCH_MAX_BYTES)
        {
          request->too_large = TRUE;
          g_clear_pointer (&request->body, g_byte_array_unref);
          return TRUE;
        }
      g_byte_array_append (request->body, (const guint8 *) data, (guint) size);
      request->big |= request->body->len >= BIG_BODY;
      return TRUE;
    }

  if (request->upload == NULL)
    return TRUE;
  if (kiosk_central_upload_get_size (request->upload) + size > KIOSK_CENTRAL_ATTACHMENT_MAX_BYTES)
    {
      request->too_large = TRUE;
      g_clear_pointer (&request->upload, kiosk_central_upload_free);
      return TRUE;
    }
  if (!kiosk_central_upload_write (request->upload, data, size, &request->upload_error))
    g_clear_pointer (&request->upload, kiosk_central_upload_free);
  return TRUE;
}

/* gzip, bounded: a few kilobytes of zeros must not become gigabytes in memory. */
static GBytes *
gunzip (const guint8 *data,
        gsize         length,
        gsize         max_output,
        GError      **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  gsize in_done = 0;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (decompressor), data + in_done,
                                    length - in_done, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written,
                                    &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                       "the body is not valid gzip: %s", local_error->message);
          return NULL;
        }
      in_done += bytes_read;
      if (out->len + bytes_written > max_output)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_TOO_LARGE,
                       "a batch is at most 8 MiB once decompressed");
          return NULL;
        }
      g_byte_array_append (out, buffer, (guint) bytes_written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  if (in_done != length)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "the body has bytes after its gzip data");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static Reply *
finish_batch (KioskCentralServer *server,
              Request            *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  KioskCentralDb *db;
  const char *text;
  gsize length;
  char *answer;

  if (request->gzip)
    {
      plain = gunzip (request->body->data, request->body->len, KIOSK_CENTRAL_BATCH_MAX_BYTES,
                      &error);
      if (plain == NULL)
        return reply_gerror (error);
    }
  else
    plain = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  g_clear_pointer (&request->body, g_byte_array_unref);
  text = g_bytes_get_data (plain, &length);
  request->big |= length >= BIG_BODY;

  db = pool_acquire (server);
  if (db == NULL)
    return reply_busy ();
  answer = kiosk_central_batch_process (db, request->kiosk_code, text ? text : "", length,
                                        &error);
  pool_release (server, db);

  if (answer == NULL)
    return reply_gerror (error);
  return reply_json (MHD_HTTP_OK, answer);
}

static Reply *
finish_upload (KioskCentralServer *server,
               Request            *request)
{
  g_autoptr(GError) error = NULL;
  KioskCentralUploadResult result;
  KioskCentralDb *db;
  gboolean ok;

  if (request->upload_error != NULL)
    return reply_gerror (request->upload_error);

  db = pool_acquire (server);
  if (db == NULL)
    return reply_busy ();
  ok = kiosk_central_upload_finish (request->upload, db, request->kiosk_code, &result,
                                    &error);
  pool_release (server, db);
  g_clear_pointer (&request->upload, kiosk_central_upload_free);

  if (!ok)
    return reply_gerror (error);
  switch (result)
    {
    case KIOSK_CENTRAL_UPLOAD_STORED:
      return reply_empty (MHD_HTTP_CREATED);
    case KIOSK_CENTRAL_UPLOAD_ALREADY_STORED:
      return reply_empty (MHD_HTTP_OK);
    case KIOSK_CENTRAL_UPLOAD_NOT_JPEG:
      return reply_error (MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                          "the body is not a JPEG image");
    case KIOSK_CENTRAL_UPLOAD_HASH_MISMATCH:
    default:
      return reply_error (MHD_HTTP_UNPROCESSABLE_CONTENT, "hash_mismatch",
                          "the body's SHA-256 is not the one in the path; nothing was stored");
    }
}

static enum MHD_Result
access_cb (void                  *cls,
           struct MHD_Connection *connection,
           const char            *url,
           const char            *method,
           const char            *version,
           const char            *upload_data,
           size_t                *upload_data_size,
           void                 **con_cls)
{
  KioskCentralServer *server = cls;
  Request *request = *con_cls;
  Reply *reply;

  if (request == NULL)
    {
      request = g_new0 (Request, 1);
      *con_cls = request;
      reply = begin_request (server, connection, url, method, request);
      if (reply == NULL)
        return MHD_YES;
      if (can_refuse_now (connection, method))
        return queue_reply (connection, reply);
      /* Read the body the client is sending, then refuse. */
      request->reply = reply;
      return MHD_YES;
    }

  if (*upload_data_size > 0)
    {
      gsize size = *upload_data_size;

      *upload_data_size = 0;
      return take_body (request, upload_data, size) ? MHD_YES : MHD_NO;
    }

  if (request->reply != NULL)
    reply = g_steal_pointer (&request->reply);
  else if (request->too_large)
    reply = reply_error (MHD_HTTP_CONTENT_TOO_LARGE, "too_large",
                         request->route == ROUTE_BATCHES ? "a batch is at most 8 MiB"
                         : request->route == ROUTE_WEB ? "the form is too large"
                                                       : "an attachment is at most 4 MiB");
  else if (request->route == ROUTE_WEB)
    reply = serve_web (server, connection, url, method, request);
  else if (request->route == ROUTE_BATCHES)
    reply = finish_batch (server, request);
  else
    reply = finish_upload (server, request);
  return queue_reply (connection, reply);
}

static void
completed_cb (void                            *cls,
              struct MHD_Connection           *connection,
              void                           **con_cls,
              enum MHD_RequestTerminationCode  toe)
{
  Request *request = *con_cls;
  gboolean large = request != NULL && (request->big || request->discarded > 0);

  g_clear_pointer ((Request **) con_cls, request_free);
  /* A batch of megabytes leaves its parsed tree's memory free but held in the thread's
   * arena; given back now, the server's size follows its load instead of its worst moment. */
  if (large)
    malloc_trim (0);
}

G_GNUC_PRINTF (2, 0)
static void
log_cb (void       *cls,
        const char *format,
        va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_strchomp (message);
  g_message ("microhttpd: %s", message);
}

/* Start and stop ----------------------------------------------------------------------- */

static gboolean
parse_listen (const char              *listen,
              struct sockaddr_storage *out,
              gsize                   *out_len,
              gboolean                *out_ipv6,
              GError                 **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  const char *colon = listen ? strrchr (listen, ':') : NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  host = g_strndup (listen, (gsize) (colon - listen));
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host) - 2);
      host[strlen (host) - 2] = '\0';
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    goto bad;

  socket_address = g_inet_socket_address_new (address, (guint16) port);
  *out_len = (gsize) g_socket_address_get_native_size (socket_address);
  if (!g_socket_address_to_native (socket_address, out, sizeof *out, error))
    return FALSE;
  *out_ipv6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
  return TRUE;

bad:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
               "--listen %s: expected ADDRESS:PORT with a numeric address, e.g. 127.0.0.1:8765",
               listen ? listen : "(missing)");
  return FALSE;
}

/* Every connection is a file descriptor: the soft limit is raised as far as the hard one
 * allows (systemd's default soft limit is 1024). */
static void
raise_file_limit (rlim_t wanted)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted)
    return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : MIN (wanted, limit.rlim_max);
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_message ("cannot raise the open file limit to %lu", (unsigned long) wanted);
}

void
kiosk_central_server_stop (KioskCentralServer *server)
{
  KioskCentralDb *db;

  if (server == NULL)
    return;
  if (server->daemon != NULL)
    {
      MHD_quiesce_daemon (server->daemon);
      MHD_stop_daemon (server->daemon);
    }
  if (server->pool != NULL)
    {
      while ((db = g_async_queue_try_pop (server->pool)) != NULL)
        kiosk_central_db_close (db);
      g_async_queue_unref (server->pool);
    }
  g_clear_pointer (&server->rate_limit, kiosk_central_rate_limit_free);
  g_free (server->attachments_dir);
  g_free (server->url);
  g_free (server->tls_cert);
  if (server->tls_key != NULL)
    memset (server->tls_key, 0, strlen (server->tls_key));
  g_free (server->tls_key);
  g_free (server);
}

KioskCentralServer *
kiosk_central_server_start (const KioskCentralServerOptions *options,
                            GError                         **error)
{
  g_autoptr(KioskCentralServer) server = g_new0 (KioskCentralServer, 1);
  struct MHD_OptionItem items[10];
  struct sockaddr_storage address;
  const union MHD_DaemonInfo *info;
  unsigned int flags;
  gboolean ipv6 = FALSE, tls;
  gsize address_len = 0;
  guint n = 0;
  g_autofree char *host = NULL;

  if (!parse_listen (options->listen, &address, &address_len, &ipv6, error))
    return NULL;
  tls = options->tls_cert_path != NULL || options->tls_key_path != NULL;
  if (tls && (options->tls_cert_path == NULL || options->tls_key_path == NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "TLS needs both --tls-cert and --tls-key");
      return NULL;
    }
  if (tls && MHD_is_feature_supported (MHD_FEATURE_TLS) != MHD_YES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "this libmicrohttpd was built without TLS");
      return NULL;
    }
  if (tls && (!g_file_get_contents (options->tls_cert_path, &server->tls_cert, NULL, error) ||
              !g_file_get_contents (options->tls_key_path, &server->tls_key, NULL, error)))
    return NULL;

  server->rate_limit = kiosk_central_rate_limit_new (options->rate_limit, options->rate_burst);
  server->attachments_dir = g_strdup (options->attachments_dir);
  if (!kiosk_central_attachments_prepare_dir (server->attachments_dir, error))
    return NULL;

  /* One connection per concurrent database user; the first one creates or migrates. */
  server->pool_size = options->pool_size ? options->pool_size : DEFAULT_POOL_SIZE;
  server->pool = g_async_queue_new ();
  for (guint i = 0; i < server->pool_size; i++)
    {
      KioskCentralDb *db = kiosk_central_db_open (options->db_path, error);

      if (db == NULL)
        return NULL;
      g_async_queue_push (server->pool, db);
    }

  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_SOCK_ADDR, 0, &address };
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, NULL };
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                         PER_IP_CONNECTION_LIMIT, NULL };
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_THREAD_POOL_SIZE, THREAD_POOL_SIZE, NULL };
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_CONNECTION_TIMEOUT,
                                         CONNECTION_TIMEOUT_SECONDS, NULL };
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                         CONNECTION_MEMORY_LIMIT, NULL };
  if (tls)
    {
      items[n++] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_KEY, 0, server->tls_key };
      items[n++] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_CERT, 0, server->tls_cert };
    }
  items[n++] = (struct MHD_OptionItem) { MHD_OPTION_END, 0, NULL };
  g_assert (n <= G_N_ELEMENTS (items));

  flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  raise_file_limit (CONNECTION_LIMIT + 64);
  /* Buffers of a megabyte and more are mapped and unmapped whole: glibc would otherwise
   * raise this threshold after the first big free and keep later bodies in its heaps. */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
  if (ipv6)
    flags |= MHD_USE_IPv6;
  if (tls)
    flags |= MHD_USE_TLS;

  /* The logger first, or microhttpd prints its complaints about the options itself. */
  server->daemon = MHD_start_daemon (flags, 0, NULL, NULL, access_cb, server,
                                     MHD_OPTION_EXTERNAL_LOGGER, log_cb, server,
                                     MHD_OPTION_NOTIFY_COMPLETED, completed_cb, server,
                                     MHD_OPTION_ARRAY, items,
                                     MHD_OPTION_END);
  if (server->daemon == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "cannot listen on %s (address in use, or a bad certificate or key)",
                   options->listen);
      return NULL;
    }

  info = MHD_get_daemon_info (server->daemon, MHD_DAEMON_INFO_BIND_PORT);
  host = g_strndup (options->listen, (gsize) (strrchr (options->listen, ':') - options->listen));
  server->url = g_strdup_printf ("%s://%s:%u", tls ? "https" : "http", host,
                                 info ? info->port : 0);
  return g_steal_pointer (&server);
}

const char *
kiosk_central_server_get_url (KioskCentralServer *server)
{
  return server->url;
}
