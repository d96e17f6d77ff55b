/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync agent's run: claim outbox batches, upload the photos they name, send them, apply
 * the per-record answers; then pull the changes feed page by page. Transient failures are
 * retried with capped exponential backoff and full jitter; a whole batch that cannot be
 * delivered is released, never marked. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include "kiosk-sync-agent.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk-announcements.h"
#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-pull.h"
#include "kiosk-sync-backoff.h"
#include "kiosk-sync-protocol.h"
#include "kiosk-sync-stop.h"

/* The first retry waits up to a second; each further one doubles, up to retry-max-delay. */
#define BACKOFF_BASE_MS 1000
/* The contract's default page size. */
#define PULL_PAGE_LIMIT 1000
/* Remembering every photo uploaded is cheap, but a daemon runs for months. */
#define MAX_REMEMBERED_UPLOADS 100000
#define MAX_TOKEN_CHARS 1024
/* A 429 is waited out when the server asks for at most this long; a longer wait ends the run
 * (partial) and the records wait for it instead. */
#define MAX_RATE_LIMIT_WAIT_S 300
/* 429s one request may meet in a row before the run ends: the server's budget for this kiosk
 * is being spent elsewhere (another agent with this token?). */
#define MAX_RATE_LIMIT_WAITS 20

struct _KioskSyncAgent
{
  const KioskConfig *config;  /* the caller's; outlives the agent */
  KioskStore  *store;
  KioskHttp   *http;
  char        *kiosk_code;
  int          lock_fd;
  GHashTable  *uploaded;   /* SHA-256 hex of photos the server is known to have */
  GHashTable  *refused;    /* pictures that cannot be kept here: not asked for again */
};

void
kiosk_sync_report_clear (KioskSyncReport *report)
{
  g_clear_pointer (&report->error, g_free);
}

static void
report_fail (KioskSyncReport  *report,
             KioskSyncOutcome  outcome,
             const char       *message)
{
  report->outcome = outcome;
  g_free (report->error);
  report->error = g_strdup (message);
}

/* The token file holds one opaque token; anything that could smuggle a header is refused. */
static char *
read_token (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  char *token;

  GStatBuf st;

  if (path == NULL || *path == '\0')
    return NULL;

  /* Whoever can read the token can act as this kiosk: a copy readable by every account on
   * the machine is refused rather than used (owner and group only, 0600 or 0640). */
  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IROTH | S_IWOTH)) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "[sync] token-file: %s can be read by other users (mode %04o): make it"
                   " 0600 (chmod o-rw %s)", path, (unsigned) (st.st_mode & 07777), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "[sync] token-file: %s",
                   local_error->message);
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL)
    contents[0] = '\0';
  token = g_strstrip (contents);
  if (*token == '\0' || strlen (token) > MAX_TOKEN_CHARS ||
      strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=")
        != strlen (token))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "[sync] token-file: %s does not hold a bearer token (one line of letters,"
                   " digits and -._~+/=)", path);
      return NULL;
    }
  return g_strdup (token);
}

static int
take_lock (const char  *db_path,
           GError     **error)
{
  g_autofree char *path = g_strconcat (db_path, ".sync-lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: %s", path,
                   g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_BUSY,
                     "another sync agent is working on %s (it holds %s)", db_path, path);
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: %s", path,
                     g_strerror (saved));
      return -1;
    }
  return fd;
}

KioskSyncAgent *
kiosk_sync_agent_new (const KioskConfig *config,
                      GError           **error)
{
  g_autoptr(KioskSyncAgent) agent = g_new0 (KioskSyncAgent, 1);
  g_autofree char *token = NULL;
  gint64 reclaimed;

  agent->lock_fd = -1;
  agent->uploaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  agent->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  agent->config = config;

  token = read_token (config->token_file, error);
  if (token == NULL && config->token_file != NULL && *config->token_file != '\0')
    return NULL;

  agent->lock_fd = take_lock (config->database, error);
  if (agent->lock_fd < 0)
    return NULL;

  agent->store = kiosk_store_open (config->database, KIOSK_STORE_OPEN_EXISTING, error);
  if (agent->store == NULL)
    return NULL;
  agent->kiosk_code = kiosk_store_dup_kiosk_code (agent->store, error);
  if (agent->kiosk_code == NULL)
    return NULL;

  agent->http = kiosk_http_new (agent->config, token, error);
  if (agent->http == NULL)
    return NULL;
  if (token != NULL)
    memset (token, 0, strlen (token));

  /* We hold the lock: whatever is in flight was claimed by an agent that is gone. */
  reclaimed = kiosk_outbox_reclaim (agent->store, 0, error);
  if (reclaimed < 0)
    return NULL;
  if (reclaimed > 0)
    g_message ("%s: %" G_GINT64_FORMAT " records left in flight by an interrupted run are"
               " queued again", config->database, reclaimed);

  return g_steal_pointer (&agent);
}

void
kiosk_sync_agent_free (KioskSyncAgent *agent)
{
  if (agent == NULL)
    return;
  g_clear_pointer (&agent->http, kiosk_http_free);
  g_clear_pointer (&agent->store, kiosk_store_close);
  g_clear_pointer (&agent->uploaded, g_hash_table_unref);
  g_clear_pointer (&agent->refused, g_hash_table_unref);
  g_free (agent->kiosk_code);
  if (agent->lock_fd >= 0)
    close (agent->lock_fd);
  g_free (agent);
}

KioskStore *
kiosk_sync_agent_get_store (KioskSyncAgent *agent)
{
  return agent->store;
}

const KioskHttpStats *
kiosk_sync_agent_get_http_stats (KioskSyncAgent *agent)
{
  return kiosk_http_get_stats (agent->http);
}

/* Requests with retries ------------------------------------------------------------------ */

typedef enum
{
  CALL_OK,        /* a 2xx (or an expected 412) that the accept function took */
  CALL_REFUSED,   /* the contract's refusal of what was sent (kiosk_sync_is_record_refusal) */
  CALL_ANSWER,    /* an answer that is not the sync API's (404, a redirect, HTML): stop, park
                   * nothing, not retried — a wrong server-url or a proxy will not change */
  CALL_AUTH,      /* 401 or 403 */
  CALL_FAILED,    /* transient failures until the retries ran out, or TLS refused */
  CALL_STOPPED,   /* a stop was asked for */
  CALL_LOCAL,     /* the accept function failed on the local side (the store) */
} CallResult;

/* Takes a successful answer: FALSE with a KIOSK_ERROR_SYNC_PROTOCOL error retries the request,
 * with any other error ends it as CALL_LOCAL. */
typedef gboolean (*AcceptFunc) (KioskHttpResponse *response,
                                gpointer           user_data,
                                GError           **error);

static gboolean
is_transient_status (long status)
{
  return status == 408 || (status >= 500 && status <= 599);
}

typedef enum
{
  RATE_WAITED,
  RATE_GIVE_UP,   /* the run ends, partial (see report) */
  RATE_STOPPED,
} RateWait;

/* 429: the server limits this kiosk's pace, nothing failed. The same request goes again after
 * the server's Retry-After (or a backoff when it gave none that can be read), without counting
 * as a retry; a wait longer than MAX_RATE_LIMIT_WAIT_S ends the run instead. */
static RateWait
wait_for_rate_limit (const KioskHttpRequest  *request,
                     const KioskHttpResponse *response,
                     guint                    waits,
                     KioskSyncReport         *report)
{
  gint64 wait_s = response->retry_after;
  gint64 wait_ms;

  if (wait_s > MAX_RATE_LIMIT_WAIT_S || waits >= MAX_RATE_LIMIT_WAITS)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf ("%s %s: the server limits this kiosk's requests (HTTP 429)%s;"
                                 " this run stops here, nothing was parked and the records"
                                 " wait for the next run", request->method, request->path,
                                 wait_s > MAX_RATE_LIMIT_WAIT_S
                                 ? " and asks for a longer wait than the agent's 300 s"
                                 : " again and again");
      g_message ("%s", message);
      report_fail (report, KIOSK_SYNC_OUTCOME_PARTIAL, message);
      report->retry_after = MAX (wait_s, 1);
      return RATE_GIVE_UP;
    }
  if (wait_s < 0)
    {
      wait_ms = MAX (1000, kiosk_backoff_delay_ms (waits, BACKOFF_BASE_MS,
                                                   MAX_RATE_LIMIT_WAIT_S * 1000, -1, NULL));
      g_message ("%s %s: the server limits this kiosk's requests (HTTP 429) without a usable"
                 " Retry-After: waiting %.1f s, then continuing", request->method, request->path,
                 wait_ms / 1000.0);
    }
  else
    {
      /* At least a second: "0" must not turn into a tight loop. */
      wait_ms = MAX (wait_s, 1) * 1000;
      g_message ("%s %s: the server limits this kiosk's requests (HTTP 429): waiting %"
                 G_GINT64_FORMAT " s as its Retry-After asks, then continuing", request->method,
                 request->path, wait_ms / 1000);
    }
  return kiosk_sync_stop_wait (wait_ms, -1) == KIOSK_SYNC_WAIT_STOP ? RATE_STOPPED
                                                                   : RATE_WAITED;
}

/* An answer that says nothing about the records: the run stops with a sentence the operator
 * can act on; the caller releases what it claimed. */
static CallResult
not_the_api (const KioskHttpRequest  *request,
             const KioskHttpResponse *response,
             const char              *what,
             KioskSyncReport         *report)
{
  g_autofree char *detail = kiosk_sync_describe_error (response->status, response->body);
  g_autofree char *message = g_strdup_printf ("%s %s was answered %s, %s: check [sync]"
                                              " server-url and any proxy in between; stopped,"
                                              " nothing was parked", request->method,
                                              request->path, detail, what);

  report_fail (report, KIOSK_SYNC_OUTCOME_SERVER, message);
  return CALL_ANSWER;
}

static CallResult
call (KioskSyncAgent         *agent,
      const KioskHttpRequest *request,
      AcceptFunc              accept,
      gpointer                user_data,
      KioskHttpResponse      *response,
      KioskSyncReport        *report)
{
  KioskSyncOutcome failure = KIOSK_SYNC_OUTCOME_OFFLINE;
  g_autofree char *last_error = NULL;
  gint64 retry_after = -1;
  gint64 cap_ms = (gint64) agent->config->retry_max_delay * 1000;
  guint rate_limited = 0;
  guint attempt = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      kiosk_http_response_clear (response);
      if (kiosk_sync_stop_requested ())
        return CALL_STOPPED;

      retry_after = -1;
      if (!kiosk_http_request (agent->http, request, response, &error))
        {
          if (kiosk_sync_stop_requested ())
            return CALL_STOPPED;
          g_free (last_error);
          last_error = g_strdup (error->message);
          failure = KIOSK_SYNC_OUTCOME_OFFLINE;
          /* A certificate or pin that does not match will not match on the next try. */
          if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_TLS))
            break;
          /* Nor will an answer over the request's own limit fit next time. */
          if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_TOO_LARGE))
            {
              g_message ("%s", error->message);
              return CALL_REFUSED;
            }
          if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL))
            failure = KIOSK_SYNC_OUTCOME_SERVER;
        }
      else if (((response->status >= 200 && response->status < 300) ||
                (response->status == 412 && request->if_none_match)) &&
               kiosk_sync_body_is_html (response->body))
        return not_the_api (request, response, "an HTML page (a captive portal or a proxy?)",
                            report);
      else if ((response->status >= 200 && response->status < 300) ||
               (response->status == 412 && request->if_none_match))
        {
          if (accept == NULL || accept (response, user_data, &error))
            return CALL_OK;
          if (!g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL))
            {
              report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
              return CALL_LOCAL;
            }
          g_free (last_error);
          last_error = g_strdup_printf ("%s %s: %s", request->method, request->path,
                                        error->message);
          failure = KIOSK_SYNC_OUTCOME_SERVER;
        }
      else if (response->status == 401 || response->status == 403)
        {
          g_autofree char *detail = kiosk_sync_describe_error (response->status, response->body);

          report_fail (report, KIOSK_SYNC_OUTCOME_AUTH, NULL);
          report->error = g_strdup_printf ("the server refused this kiosk (%s): check the"
                                           " token in [sync] token-file and that kiosk %s is"
                                           " enabled on the server; not retrying",
                                           detail, agent->kiosk_code);
          return CALL_AUTH;
        }
      else if (response->status == 429)
        {
          switch (wait_for_rate_limit (request, response, rate_limited++, report))
            {
            case RATE_WAITED:
              continue;
            case RATE_STOPPED:
              return CALL_STOPPED;
            case RATE_GIVE_UP:
            default:
              return CALL_FAILED;
            }
        }
      else if (is_transient_status (response->status))
        {
          g_free (last_error);
          last_error = kiosk_sync_describe_error (response->status, response->body);
          failure = KIOSK_SYNC_OUTCOME_SERVER;
          retry_after = response->retry_after;
        }
      else if (kiosk_sync_is_record_refusal (response->status, response->body))
        return CALL_REFUSED;
      else
        return not_the_api (request, response,
                            response->status >= 300 && response->status < 400
                            ? "a redirect (the agent does not follow them)"
                            : "not an answer of the sync API", report);

      if (attempt >= agent->config->retries)
        break;
      /* The server wants more quiet than this run will wait: give up now and let the records
       * wait (the caller releases them until then). */
      if (retry_after * 1000 > cap_ms)
        break;

      g_debug ("%s %s failed (%s); retry %u", request->method, request->path, last_error,
               attempt + 1);
      if (kiosk_sync_stop_wait (kiosk_backoff_delay_ms (attempt, BACKOFF_BASE_MS, cap_ms,
                                                        retry_after, NULL),
                                -1) == KIOSK_SYNC_WAIT_STOP)
        return CALL_STOPPED;
      attempt++;
    }

  report_fail (report, failure, last_error);
  report->retry_after = retry_after;
  return CALL_FAILED;
}

/* Push ------------------------------------------------------------------------------------ */

typedef enum
{
  PUSH_CONTINUE,
  PUSH_DONE,   /* the run's push is over: failed, stopped or local error (see report) */
} PushStep;

static gint64
retry_time (KioskSyncAgent *agent,
            int             attempts)
{
  gint64 now = kiosk_store_now (agent->store);
  gint64 ms = kiosk_backoff_delay_ms ((guint) MAX (attempts - 1, 0), BACKOFF_BASE_MS,
                                      (gint64) agent->config->retry_max_delay * 1000, -1, NULL);

  /* At least a second: a record answered "retry" must not come straight back in this run. */
  return now + MAX (1, (ms + 999) / 1000);
}

static PushStep
release (KioskSyncAgent   *agent,
         KioskOutboxBatch *batch,
         KioskSyncReport  *report)
{
  g_autoptr(GError) error = NULL;
  gint64 when = kiosk_store_now (agent->store);

  /* A Retry-After the run did not wait out is honoured by the records themselves. */
  if (report->retry_after > 0)
    when += report->retry_after;
  if (!kiosk_outbox_release (agent->store, batch->claim_id, when,
                             report->error ? report->error : "sync stopped", &error))
    report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
  return PUSH_DONE;
}

/* Records that can never be delivered as they are: parked here with the reason, like a
 * server rejection, so they stop blocking the queue and an attendant sees them. */
static gboolean
park (KioskSyncAgent  *agent,
      GPtrArray       *records,
      const char      *reason,
      KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autofree KioskOutboxResult *results = g_new0 (KioskOutboxResult, records->len);

  if (records->len == 0)
    return TRUE;
  for (guint i = 0; i < records->len; i++)
    {
      const KioskOutboxRecord *record = g_ptr_array_index (records, i);

      results[i].record_uuid = record->record_uuid;
      results[i].kind = KIOSK_OUTBOX_RESULT_REJECTED;
      results[i].reason = reason;
      g_message ("record %s (%s) parked: %s", record->record_uuid, record->kind, reason);
    }
  if (!kiosk_outbox_apply_results (agent->store, results, records->len, &error))
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
      return FALSE;
    }
  report->rejected += records->len;
  return TRUE;
}

/* Moves the records naming `sha256` from `sendable` to a new array. */
static GPtrArray *
take_records_naming (GPtrArray  *sendable,
                     const char *sha256)
{
  GPtrArray *taken = g_ptr_array_new ();

  for (guint i = 0; i < sendable->len;)
    {
      KioskOutboxRecord *record = g_ptr_array_index (sendable, i);

      if (g_strv_contains ((const char * const *) record->attachments, sha256))
        {
          g_ptr_array_add (taken, record);
          g_ptr_array_remove_index (sendable, i);
        }
      else
        i++;
    }
  return taken;
}

/* Uploads the photos `sendable` names that the server is not known to have. Records whose
 * photo cannot be read here, or which the server refuses, are parked and leave `sendable`. */
static gboolean
upload_photos (KioskSyncAgent   *agent,
               GPtrArray        *sendable,
               KioskOutboxBatch *batch,
               KioskSyncReport  *report)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sendable->len; i++)
    {
      const KioskOutboxRecord *record = g_ptr_array_index (sendable, i);

      for (guint j = 0; record->attachments[j] != NULL; j++)
        if (!g_hash_table_contains (agent->uploaded, record->attachments[j]) &&
            !g_ptr_array_find_with_equal_func (hashes, record->attachments[j], g_str_equal, NULL))
          g_ptr_array_add (hashes, g_strdup (record->attachments[j]));
    }

  for (guint i = 0; i < hashes->len; i++)
    {
      const char *sha256 = g_ptr_array_index (hashes, i);
      g_autofree char *path = g_strconcat ("/v1/attachments/", sha256, NULL);
      g_auto(KioskHttpResponse) response = { 0 };
      g_autoptr(GBytes) jpeg = NULL;
      g_autoptr(GError) error = NULL;
      KioskHttpRequest request = { "PUT", path, "image/jpeg", NULL, NULL, TRUE };

      jpeg = kiosk_photos_read (agent->store, sha256, &error);
      if (jpeg == NULL)
        {
          g_autoptr(GPtrArray) lost = take_records_naming (sendable, sha256);
          g_autofree char *reason = g_strdup_printf ("photo %.12s… is missing or damaged on"
                                                     " this kiosk: %s", sha256, error->message);
          if (!park (agent, lost, reason, report))
            return FALSE;
          continue;
        }

      request.body = jpeg;
      switch (call (agent, &request, NULL, NULL, &response, report))
        {
        case CALL_OK:
          if (response.status == 412)
            report->photos_skipped++;
          else
            report->photos_sent++;
          if (g_hash_table_size (agent->uploaded) >= MAX_REMEMBERED_UPLOADS)
            g_hash_table_remove_all (agent->uploaded);
          g_hash_table_add (agent->uploaded, g_strdup (sha256));
          break;

        case CALL_REFUSED:
          {
            g_autoptr(GPtrArray) refused = take_records_naming (sendable, sha256);
            g_autofree char *detail = kiosk_sync_describe_error (response.status, response.body);
            g_autofree char *reason = g_strdup_printf ("the server refused photo %.12s…: %s",
                                                       sha256, detail);
            if (!park (agent, refused, reason, report))
              return FALSE;
          }
          break;

        case CALL_STOPPED:
          report->stopped = TRUE;
          return FALSE;
        case CALL_AUTH:
        case CALL_FAILED:
        case CALL_LOCAL:
        default:
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  const char *batch_id;
  GPtrArray  *records;
  GArray     *results;
} BatchAnswer;

static gboolean
accept_batch_answer (KioskHttpResponse *response,
                     gpointer           user_data,
                     GError           **error)
{
  BatchAnswer *answer = user_data;

  answer->results = kiosk_sync_parse_results (response->body, answer->batch_id,
                                              answer->records, error);
  return answer->results != NULL;
}

static gboolean
apply_answer (KioskSyncAgent  *agent,
              GArray          *answer,
              GPtrArray       *records,
              KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autofree KioskOutboxResult *results = g_new0 (KioskOutboxResult, answer->len);

  for (guint i = 0; i < answer->len; i++)
    {
      const KioskSyncResult *result = &g_array_index (answer, KioskSyncResult, i);
      const KioskOutboxRecord *record = g_ptr_array_index (records, i);

      results[i].record_uuid = result->record_uuid;
      results[i].kind = result->kind;
      results[i].server_reference = result->server_reference;
      results[i].reason = result->reason;

      switch (result->kind)
        {
        case KIOSK_OUTBOX_RESULT_ACCEPTED:
          report->pushed++;
          if (result->refund_case != NULL)
            g_message ("payment %s paid a fine already paid elsewhere: refund case %s",
                       result->record_uuid, result->refund_case);
          break;
        case KIOSK_OUTBOX_RESULT_REJECTED:
          report->rejected++;
          g_message ("record %s (%s) rejected by the server and parked: %s",
                     result->record_uuid, record->kind, result->reason);
          break;
        case KIOSK_OUTBOX_RESULT_RETRY:
        default:
          report->retrying++;
          results[i].next_attempt_at = retry_time (agent, record->attempts);
          /* The server lost or never got a photo we thought it had: send it again. */
          if (result->attachment_missing)
            for (guint j = 0; record->attachments[j] != NULL; j++)
              g_hash_table_remove (agent->uploaded, record->attachments[j]);
          break;
        }
    }

  if (!kiosk_outbox_apply_results (agent->store, results, answer->len, &error))
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
      return FALSE;
    }
  return TRUE;
}

static PushStep
push_batch (KioskSyncAgent   *agent,
            KioskOutboxBatch *batch,
            guint            *max_records,
            KioskSyncReport  *report)
{
  g_autoptr(GPtrArray) sendable = g_ptr_array_new ();
  g_autoptr(GPtrArray) damaged = g_ptr_array_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KioskHttpResponse) response = { 0 };
  BatchAnswer answer = { batch->claim_id, NULL, NULL };
  KioskHttpRequest request = { "POST", "/v1/batches", "application/json", "gzip", NULL, FALSE };

  for (guint i = 0; i < batch->records->len; i++)
    {
      KioskOutboxRecord *record = g_ptr_array_index (batch->records, i);

      g_ptr_array_add (kiosk_sync_record_check (record, NULL) ? sendable : damaged, record);
    }
  if (!park (agent, damaged, "the outbox row is damaged (uuid, kind, payload or photo list)"
                             " and cannot be sent", report))
    return release (agent, batch, report);

  if (!upload_photos (agent, sendable, batch, report))
    return release (agent, batch, report);
  if (sendable->len == 0)
    return PUSH_CONTINUE;

  json = kiosk_sync_batch_body (agent->kiosk_code, batch->claim_id, sendable, &error);
  if (json != NULL)
    body = kiosk_sync_gzip (json, &error);
  if (body == NULL)
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
      return release (agent, batch, report);
    }

  request.body = body;
  answer.records = sendable;
  switch (call (agent, &request, accept_batch_answer, &answer, &response, report))
    {
    case CALL_OK:
      {
        g_autoptr(GArray) results = g_steal_pointer (&answer.results);

        if (!apply_answer (agent, results, sendable, report))
          return release (agent, batch, report);
        /* A batch went through whole: grow back towards the configured size. */
        *max_records = MIN (agent->config->batch_max_records, *max_records * 2);
        return PUSH_CONTINUE;
      }

    case CALL_REFUSED:
      {
        g_autofree char *detail = kiosk_sync_describe_error (response.status, response.body);

        /* The contract: a 4xx batch holds something malformed. Halve until the one record at
         * fault is alone, then park it; the rest go on. */
        if (sendable->len > 1)
          {
            g_autoptr(GError) release_error = NULL;

            g_message ("batch of %u refused (%s): sending smaller batches", sendable->len,
                       detail);
            *max_records = MAX (1, sendable->len / 2);
            if (!kiosk_outbox_release (agent->store, batch->claim_id,
                                       kiosk_store_now (agent->store), detail, &release_error))
              {
                report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, release_error->message);
                return PUSH_DONE;
              }
            return PUSH_CONTINUE;
          }
        {
          g_autofree char *reason = g_strdup_printf ("the server refused the record: %s",
                                                     detail);
          return park (agent, sendable, reason, report) ? PUSH_CONTINUE : PUSH_DONE;
        }
      }

    case CALL_STOPPED:
      report->stopped = TRUE;
      return release (agent, batch, report);

    case CALL_AUTH:
    case CALL_FAILED:
    case CALL_LOCAL:
    default:
      return release (agent, batch, report);
    }
}

static void
push (KioskSyncAgent  *agent,
      KioskSyncReport *report)
{
  guint max_records = agent->config->batch_max_records;
  KioskOutboxStats stats = { 0 };
  g_autoptr(GError) stats_error = NULL;

  /* A run pushes what was due when it started: a busy kiosk adding records as fast as they
   * go must not keep one run (and its pull) from ever finishing. */
  if (!kiosk_outbox_get_stats (agent->store, &stats, &stats_error))
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, stats_error->message);
      return;
    }

  while (!kiosk_sync_stop_requested ())
    {
      if (report->pushed + report->rejected + report->retrying >= stats.ready)
        return;

      g_autoptr(KioskOutboxBatch) batch = NULL;
      g_autoptr(GError) error = NULL;

      batch = kiosk_outbox_claim (agent->store, max_records, agent->config->batch_max_bytes,
                                  &error);
      if (batch == NULL)
        {
          report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
          return;
        }
      if (batch->records->len == 0)
        return;
      if (push_batch (agent, batch, &max_records, report) == PUSH_DONE)
        return;
    }
  report->stopped = TRUE;
}

/* Pull ------------------------------------------------------------------------------------ */

typedef struct
{
  KioskStore    *store;
  KioskPullPage  page;
} PageApply;

static gboolean
accept_page (KioskHttpResponse *response,
             gpointer           user_data,
             GError           **error)
{
  PageApply *apply = user_data;
  gsize size;
  const char *data = g_bytes_get_data (response->body, &size);

  return kiosk_pull_apply_page (apply->store, data ? data : "", (gssize) size, &apply->page,
                                error);
}

/* The agent's report of itself for the fleet page, sent with the first changes request of
 * a run (after the push, so the queue depth is what the push left): the contract's
 * Kiosk-Agent-Version, Kiosk-Queue-Depth and Kiosk-Parked headers. NULL when the store
 * cannot say; the pull goes on without them. */
static GStrv
agent_status_headers (KioskSyncAgent *agent)
{
  g_autoptr(GError) error = NULL;
  KioskOutboxStats stats;
  GStrv headers;

  if (!kiosk_outbox_get_stats (agent->store, &stats, &error))
    {
      g_message ("the queue's state is not reported: %s", error->message);
      return NULL;
    }
  headers = g_new0 (char *, 4);
  headers[0] = g_strdup ("Kiosk-Agent-Version: " PACKAGE_VERSION);
  headers[1] = g_strdup_printf ("Kiosk-Queue-Depth: %" G_GINT64_FORMAT,
                                stats.queued + stats.in_flight);
  headers[2] = g_strdup_printf ("Kiosk-Parked: %" G_GINT64_FORMAT, stats.rejected);
  return headers;
}

static void
pull (KioskSyncAgent  *agent,
      KioskSyncReport *report)
{
  g_auto(GStrv) status_headers = agent_status_headers (agent);

  for (guint page = 0;; page++)
    {
      g_autofree char *cursor = kiosk_pull_dup_cursor (agent->store);
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = NULL;
      g_autofree char *next = NULL;
      g_auto(KioskHttpResponse) response = { 0 };
      KioskHttpRequest request = { "GET", NULL, NULL, NULL, NULL, FALSE };
      PageApply apply = { agent->store, { 0 } };

      path = g_strdup_printf ("/v1/changes?limit=%d%s%s", PULL_PAGE_LIMIT,
                              escaped ? "&since=" : "", escaped ? escaped : "");
      request.path = path;
      if (page == 0)
        request.extra_headers = (const char * const *) status_headers;

      switch (call (agent, &request, accept_page, &apply, &response, report))
        {
        case CALL_OK:
          break;
        case CALL_REFUSED:
          {
            g_autofree char *detail = kiosk_sync_describe_error (response.status,
                                                                 response.body);
            g_autofree char *message = g_strdup_printf ("the server refused the changes"
                                                        " request: %s", detail);
            report_fail (report, KIOSK_SYNC_OUTCOME_SERVER, message);
          }
          return;
        case CALL_STOPPED:
          report->stopped = TRUE;
          return;
        case CALL_AUTH:
        case CALL_FAILED:
        case CALL_LOCAL:
        default:
          return;
        }

      report->pulled += apply.page.applied;
      if (!apply.page.has_more)
        return;

      /* has_more with a cursor that did not move would ask for the same page forever. */
      next = kiosk_pull_dup_cursor (agent->store);
      if (g_strcmp0 (next, cursor) == 0 && !apply.page.reset)
        {
          report_fail (report, KIOSK_SYNC_OUTCOME_SERVER,
                       "the changes feed does not advance (has_more with the same cursor)");
          return;
        }
      if (kiosk_sync_stop_requested ())
        {
          report->stopped = TRUE;
          return;
        }
    }
}

/* Announcements' pictures: after the pull, each one the feed names and the photo store
 * lacks is fetched (at most KIOSK_PICTURE_MAX_BYTES) and kept under the server's SHA-256.
 * One the server no longer serves, or that is too large or not what its name says, is left
 * out (the announcement shows without it) and not asked for again by this agent. */
static void
fetch_pictures (KioskSyncAgent  *agent,
                KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = kiosk_announcements_missing_pictures (agent->store,
                                                                kiosk_store_now (agent->store),
                                                                &error);

  if (missing == NULL)
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
      return;
    }
  for (guint i = 0; missing[i] != NULL; i++)
    {
      const char *sha256 = missing[i];
      g_autofree char *path = g_strconcat ("/v1/attachments/", sha256, NULL);
      g_auto(KioskHttpResponse) response = { 0 };
      g_autoptr(GError) local_error = NULL;
      KioskHttpRequest request = { "GET", path, NULL, NULL, NULL, FALSE,
                                   KIOSK_PICTURE_MAX_BYTES };

      if (g_hash_table_contains (agent->refused, sha256))
        continue;
      switch (call (agent, &request, NULL, NULL, &response, report))
        {
        case CALL_OK:
          if (kiosk_photos_store_picture (agent->store, sha256, response.body, &local_error))
            {
              report->pictures++;
              break;
            }
          if (!g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_PHOTO))
            {
              report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, local_error->message);
              return;
            }
          g_message ("announcement picture left out: %s", local_error->message);
          g_hash_table_add (agent->refused, g_strdup (sha256));
          break;
        case CALL_REFUSED:
          g_message ("announcement picture %.12s… left out (HTTP %ld)", sha256, response.status);
          g_hash_table_add (agent->refused, g_strdup (sha256));
          break;
        case CALL_STOPPED:
          report->stopped = TRUE;
          return;
        case CALL_AUTH:
        case CALL_FAILED:
        case CALL_LOCAL:
        default:
          return;
        }
    }
}

/* The run -------------------------------------------------------------------------------- */

static gint64
count_waiting (KioskSyncAgent *agent)
{
  KioskOutboxStats stats;

  if (!kiosk_outbox_get_stats (agent->store, &stats, NULL))
    return 1;
  /* Everything still queued: a retry or a released batch waiting for its time, and records
   * that became due during the run (the kiosk kept writing), which this run did not take. */
  return stats.queued;
}

KioskSyncOutcome
kiosk_sync_agent_run (KioskSyncAgent  *agent,
                      KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  gint64 run_id;

  memset (report, 0, sizeof *report);
  report->outcome = KIOSK_SYNC_OUTCOME_OK;
  report->retry_after = -1;

  run_id = kiosk_sync_run_begin (agent->store, &error);
  if (run_id == 0)
    {
      report_fail (report, KIOSK_SYNC_OUTCOME_ERROR, error->message);
      return report->outcome;
    }

  push (agent, report);
  if (report->outcome == KIOSK_SYNC_OUTCOME_OK && !report->stopped)
    pull (agent, report);
  if (report->outcome == KIOSK_SYNC_OUTCOME_OK && !report->stopped)
    fetch_pictures (agent, report);

  if (report->outcome == KIOSK_SYNC_OUTCOME_OK && (report->stopped || count_waiting (agent) > 0))
    report->outcome = KIOSK_SYNC_OUTCOME_PARTIAL;
  if (report->stopped && report->error == NULL)
    report->error = g_strdup ("stopped before the run was complete");

  if (!kiosk_sync_run_finish (agent->store, run_id, report->outcome, report->pushed,
                              report->rejected, report->pulled, report->error, &error))
    g_message ("could not record the sync run: %s", error->message);

  return report->outcome;
}

KioskSyncOutcome
kiosk_sync_agent_push (KioskSyncAgent  *agent,
                       KioskSyncReport *report)
{
  memset (report, 0, sizeof *report);
  report->outcome = KIOSK_SYNC_OUTCOME_OK;
  report->retry_after = -1;

  push (agent, report);
  if (report->outcome == KIOSK_SYNC_OUTCOME_OK && count_waiting (agent) > 0)
    report->outcome = KIOSK_SYNC_OUTCOME_PARTIAL;
  return report->outcome;
}

int
kiosk_sync_exit_code (const KioskSyncReport *report)
{
  /* A stop asked for by the operator or systemd is not a failure. */
  if (report->stopped && (report->outcome == KIOSK_SYNC_OUTCOME_OK ||
                          report->outcome == KIOSK_SYNC_OUTCOME_PARTIAL))
    return 0;

  switch (report->outcome)
    {
    case KIOSK_SYNC_OUTCOME_OK:
      return 0;
    case KIOSK_SYNC_OUTCOME_PARTIAL:
      return 1;
    case KIOSK_SYNC_OUTCOME_OFFLINE:
      return 3;
    case KIOSK_SYNC_OUTCOME_AUTH:
      return 4;
    case KIOSK_SYNC_OUTCOME_SERVER:
      return 5;
    case KIOSK_SYNC_OUTCOME_ERROR:
    default:
      return 2;
    }
}
