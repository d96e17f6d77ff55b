/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-central, the reference central server, as kiosks meet it: the real binary
 * started on a free port of 127.0.0.1, spoken to over real HTTP with libcurl, its database
 * looked at directly with SQLite, its CLI run as an operator runs it. */
#define G_LOG_DOMAIN "kiosk-central-test"

#include "config.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk-ids.h"
#include "kiosk-outbox.h"
#include "kiosk-z-report.h"
#include "kiosk-photos.h"
#include "kiosk-pull.h"
#include "kiosk-simulate.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "sync-test-pg.h"

static const char *central_path;

typedef struct
{
  char             *dir;
  char             *db;
  GSubprocess      *server;
  char             *url;
  char             *token;    /* kiosk TST01 */
  char             *token2;   /* kiosk TST02 */
} Fixture;

/* One run of a CLI command. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* One HTTP exchange. */
typedef struct
{
  long   status;
  char  *body;
  gsize  length;    /* of body (a picture holds NUL bytes) */
  gsize  sent;      /* body bytes curl actually read from us */
  int    curl_code;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/* The CLI ----------------------------------------------------------------------------------- */

static Run
run_central_argv (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  Run run = { -1, NULL, NULL };

  g_auto(GStrv) translated = NULL;

  g_ptr_array_add (args, (gpointer) central_path);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  /* The -pg variant: --db PATH stands for a PostgreSQL database. */
  translated = sync_pg_central_argv ((const char * const *) args->pdata);
  g_ptr_array_set_size (args, 0);
  for (guint i = 0; translated[i] != NULL; i++)
    g_ptr_array_add (args, translated[i]);
  g_ptr_array_add (args, NULL);
  shown = g_strjoinv (" ", (char **) args->pdata);
  g_test_message ("$ %s", shown);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  if (run.err != NULL && *run.err != '\0')
    g_test_message ("stderr: %s", run.err);
  /* A crash is never an answer. */
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

G_GNUC_NULL_TERMINATED static Run
run_central (const char *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return run_central_argv ((const char * const *) args->pdata);
}

static char *
add_kiosk (Fixture    *fixture,
           const char *code)
{
  g_auto(Run) run = run_central ("add-kiosk", "--db", fixture->db, "--kiosk", code, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_strstrip (run.out);
  g_assert_cmpuint (strlen (run.out), >=, 40);
  return g_steal_pointer (&run.out);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static gint64
stat_value (Fixture    *fixture,
            const char *name)
{
  g_auto(Run) run = run_central ("stats", "--db", fixture->db, "--json", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  if (strchr (name, '.') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (name, ".", 2);
      return json_object_get_int_member (json_object_get_object_member (json_node_get_object (root),
                                                                        parts[0]), parts[1]);
    }
  return json_object_get_int_member (json_node_get_object (root), name);
}

static char *
stats_text (Fixture *fixture)
{
  g_auto(Run) run = run_central ("stats", "--db", fixture->db, "--json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&run.out);
}

/* The server process ------------------------------------------------------------------------ */

/* A failed assertion aborts the test: its servers must not outlive it (they would hold the
 * test's stderr open, and meson would wait for them until the timeout). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts `kiosk-central serve` on port 0 and waits for its one line on stdout. */
static void
server_start_argv (Fixture            *fixture,
                   const char * const *extra)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) translated = NULL;

  g_assert_null (fixture->server);
  g_ptr_array_add (args, (gpointer) central_path);
  if (extra == NULL || extra[0] == NULL || extra[0][0] != '-')
    g_ptr_array_add (args, "serve");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  if (extra == NULL || !g_strv_contains (extra, "--db"))
    {
      g_ptr_array_add (args, "--db");
      g_ptr_array_add (args, fixture->db);
      g_ptr_array_add (args, "--listen");
      g_ptr_array_add (args, "127.0.0.1:0");
    }
  g_ptr_array_add (args, NULL);
  translated = sync_pg_central_argv ((const char * const *) args->pdata);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) translated,
                                                  &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
                 g_str_has_prefix (line, "listening on https://127.0.0.1:"));
  g_free (fixture->url);
  fixture->url = g_strdup (line + strlen ("listening on "));
  g_test_message ("server at %s", fixture->url);
}

static void
server_start (Fixture *fixture)
{
  server_start_argv (fixture, NULL);
}

/* SIGTERM: a clean exit, status 0 (under ASan, also no leaks). */
static void
server_stop (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (fixture->server));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->server), ==, 0);
  g_clear_object (&fixture->server);
}

static void
server_kill (Fixture *fixture)
{
  g_subprocess_force_exit (fixture->server);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (fixture->server));
  g_clear_object (&fixture->server);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = kiosk_test_make_dir ();
  fixture->db = g_build_filename (fixture->dir, "central.db", NULL);
  fixture->token = add_kiosk (fixture, "TST01");
  fixture->token2 = add_kiosk (fixture, "TST02");
  server_start (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    server_stop (fixture);
  kiosk_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->url);
  g_free (fixture->token);
  g_free (fixture->token2);
}

/* HTTP ------------------------------------------------------------------------------------ */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Upload;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * nitems, upload->length - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;
  return n;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * nmemb));
  return size * nmemb;
}

typedef struct
{
  const char         *base;      /* NULL: the fixture's server */
  const char         *token;
  const char * const *headers;   /* extra, NULL-terminated */
  const char         *ca_file;
  gboolean            chunked;
  const char         *source;    /* the local address to connect from; NULL: any */
} RequestOptions;

static Response
http_full (Fixture              *fixture,
           const char           *method,
           const char           *path,
           const void           *body,
           gsize                 length,
           const RequestOptions *options)
{
  g_autoptr(GString) received = g_string_new (NULL);
  g_autofree char *url = g_strconcat (options->base ? options->base : fixture->url, path, NULL);
  g_autofree char *auth = NULL;
  struct curl_slist *headers = NULL;
  Upload upload = { body, length, 0 };
  Response response = { 0 };
  gboolean expect = FALSE;
  CURL *curl = curl_easy_init ();

  g_assert_nonnull (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, received);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
      if (!options->chunked)
        curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) length);
      else
        headers = curl_slist_append (headers, "Transfer-Encoding: chunked");
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
    }
  else if (!g_str_equal (method, "GET"))
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);

  if (options->token != NULL)
    {
      auth = g_strconcat ("Authorization: Bearer ", options->token, NULL);
      headers = curl_slist_append (headers, auth);
    }
  /* No Expect unless the test asks for it (curl looks at the first Expect it is given). */
  for (guint i = 0; options->headers != NULL && options->headers[i] != NULL; i++)
    {
      headers = curl_slist_append (headers, options->headers[i]);
      expect |= g_str_has_prefix (options->headers[i], "Expect:");
    }
  if (!expect)
    headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (options->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, options->ca_file);
  if (options->source != NULL)
    {
      g_autofree char *interface = g_strconcat ("host!", options->source, NULL);

      curl_easy_setopt (curl, CURLOPT_INTERFACE, interface);
    }

  response.curl_code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response.status);
  response.length = received->len;
  response.body = g_string_free (g_steal_pointer (&received), FALSE);
  response.sent = upload.offset;
  /* A picture's bytes would break the TAP output: only text answers are shown. */
  if (g_utf8_validate (response.body, (gssize) response.length, NULL) &&
      memchr (response.body, '\n', response.length) == NULL)
    g_test_message ("%s %s → %ld (%s) %.300s", method, path, response.status,
                    curl_easy_strerror (response.curl_code), response.body);
  else
    g_test_message ("%s %s → %ld (%s) %" G_GSIZE_FORMAT " bytes", method, path,
                    response.status, curl_easy_strerror (response.curl_code), response.length);

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return response;
}

static Response
http (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *token,
      const char *content_type,
      const void *body,
      gsize       length)
{
  g_autofree char *type = content_type ? g_strconcat ("Content-Type: ", content_type, NULL)
                                       : NULL;
  const char *headers[] = { type, NULL };
  RequestOptions options = { NULL, token, headers, NULL, FALSE };
  Response response = http_full (fixture, method, path, body, length, &options);

  g_assert_cmpint (response.curl_code, ==, CURLE_OK);
  return response;
}

static Response
post_batch (Fixture    *fixture,
            const char *token,
            const char *body)
{
  return http (fixture, "POST", "/v1/batches", token, "application/json", body, strlen (body));
}

static Response
get_changes (Fixture    *fixture,
             const char *token,
             const char *since,
             guint       limit)
{
  g_autofree char *escaped = since ? g_uri_escape_string (since, NULL, TRUE) : NULL;
  g_autofree char *path = NULL;

  if (escaped != NULL)
    path = g_strdup_printf ("/v1/changes?since=%s&limit=%u", escaped, limit);
  else
    path = g_strdup_printf ("/v1/changes?limit=%u", limit);
  return http (fixture, "GET", path, token, NULL, NULL, 0);
}

/* A 4xx/5xx with the contract's Error body and this code. */
static void
assert_error (const Response *response,
              long            status,
              const char     *code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *error;

  g_assert_cmpint (response->status, ==, status);
  root = parse_json (response->body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  error = json_object_get_object_member (json_node_get_object (root), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
}

/* Records and batches ------------------------------------------------------------------------ */

static guint reference_seq;

static char *
next_reference (const char *kiosk)
{
  return g_strdup_printf ("%s-261130-%04u", kiosk, ++reference_seq);
}

/* A record of kiosk `kiosk` whose payload is {uuid, reference} plus `extra` members
 * (",\"k\":v" or ""). */
static char *
make_record_of (const char *kiosk,
                const char *uuid,
                const char *kind,
                const char *extra,
                const char *attachments)
{
  g_autofree char *reference = next_reference (kiosk);

  return g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"%s\",\"created_at\":1796018400,"
                          "\"payload\":{\"uuid\":\"%s\",\"reference\":\"%s\"%s},"
                          "\"attachments\":%s}",
                          uuid, kind, uuid, reference, extra ? extra : "",
                          attachments ? attachments : "[]");
}

static char *
make_record (const char *uuid,
             const char *kind,
             const char *extra,
             const char *attachments)
{
  return make_record_of ("TST01", uuid, kind, extra, attachments);
}

static char *
make_report_of (const char *kiosk,
                const char *uuid,
                const char *attachments)
{
  return make_record_of (kiosk, uuid, "report",
                      ",\"category_code\":\"pothole\",\"priority\":\"MEDIUM\","
                      "\"wilayat_code\":\"BSH\",\"area_code\":\"BSH-QURUM\","
                      "\"description\":\"حفرة كبيرة\",\"status\":\"received\"",
                      attachments);
}

static char *
make_report (const char *uuid,
             const char *attachments)
{
  return make_report_of ("TST01", uuid, attachments);
}

/* A batch of the NULL-terminated records (each taken). */
static char *
make_batch (const char *kiosk,
            GPtrArray  *records)
{
  g_autofree char *batch_id = kiosk_uuid_new ();
  g_autofree char *joined = NULL;

  g_ptr_array_add (records, NULL);
  joined = g_strjoinv (",", (char **) records->pdata);
  g_ptr_array_remove_index (records, records->len - 1);
  return g_strdup_printf ("{\"kiosk_id\":\"%s\",\"batch_id\":\"%s\",\"records\":[%s]}", kiosk,
                          batch_id, joined);
}

G_GNUC_NULL_TERMINATED static char *
batch_of (const char *kiosk,
          ...)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, kiosk);
  for (char *record = va_arg (ap, char *); record != NULL; record = va_arg (ap, char *))
    g_ptr_array_add (records, record);
  va_end (ap);
  return make_batch (kiosk, records);
}

/* The results of a 200 answer, checked to be one per record in order. */
static JsonNode *
results_of (const Response     *response,
            const char * const *uuids)
{
  JsonNode *root;
  JsonArray *results;

  g_assert_cmpint (response->status, ==, 200);
  root = parse_json (response->body);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, g_strv_length ((char **) uuids));
  for (guint i = 0; uuids[i] != NULL; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "uuid"), ==, uuids[i]);
  return root;
}

static JsonObject *
result_at (JsonNode *root,
           guint     i)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                      "results"), i);
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_string_member (object, name)
                                               : NULL;
}

static char *
sha256_of (const void *data,
           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

/* Enough of a JPEG for the server (it checks the start marker, not the image). */
static GBytes *
fake_jpeg (guint seed,
           gsize length)
{
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) ((i * 31 + seed * 7) & 0xff);
  data[0] = 0xFF;
  data[1] = 0xD8;
  data[2] = 0xFF;
  return g_bytes_new_take (data, length);
}

static Response
put_attachment (Fixture    *fixture,
                const char *sha,
                GBytes     *bytes)
{
  g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);
  gsize length;
  const void *data = g_bytes_get_data (bytes, &length);

  return http (fixture, "PUT", path, fixture->token, "image/jpeg", data, length);
}

/* The server's database, looked at from outside. */
static char *
db_text (Fixture    *fixture,
         const char *sql,
         const char *param)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sync_pg_lookup (fixture->db) != NULL)
    {
      g_autoptr(GPtrArray) rows = sync_pg_column (sync_pg_lookup (fixture->db), sql, param);

      return rows->len > 0 ? g_strdup (g_ptr_array_index (rows, 0)) : NULL;
    }
  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static gint64
db_count (Fixture    *fixture,
          const char *sql,
          const char *param)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sync_pg_lookup (fixture->db) != NULL)
    {
      g_autofree char *text = db_text (fixture, sql, param);

      return text ? g_ascii_strtoll (text, NULL, 10) : -1;
    }
  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(Response) ok = http (fixture, "GET", "/v1/health", NULL, NULL, NULL, 0);
  g_auto(Response) post = http (fixture, "POST", "/v1/health", NULL, "application/json", "{}", 2);
  g_auto(Response) unknown = http (fixture, "GET", "/v2/anything", fixture->token, NULL, NULL, 0);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (ok.status, ==, 200);
  root = parse_json (ok.body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==,
                   "ok");
  assert_error (&post, 405, "bad_request");
  assert_error (&unknown, 404, "not_found");
}

static void
test_auth_401 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST01", make_report (uuid, NULL), NULL);
  g_autofree char *sha = sha256_of ("x", 1);
  g_autofree char *head_path = g_strconcat ("/v1/attachments/", sha, NULL);
  const char *basic[] = { "Authorization: Basic VFNUMDE6c2VjcmV0", NULL };
  RequestOptions basic_options = { NULL, NULL, basic, NULL, FALSE };
  g_auto(Response) none = post_batch (fixture, NULL, batch);
  g_auto(Response) wrong = post_batch (fixture, "not-a-token-this-server-issued", batch);
  g_auto(Response) changes = get_changes (fixture, NULL, NULL, 10);
  g_auto(Response) head = http (fixture, "HEAD", head_path, "nope", NULL, NULL, 0);
  g_auto(Response) basic_auth = http_full (fixture, "GET", "/v1/changes", NULL, 0,
                                           &basic_options);

  assert_error (&none, 401, "unauthorized");
  assert_error (&wrong, 401, "unauthorized");
  assert_error (&changes, 401, "unauthorized");
  assert_error (&basic_auth, 401, "unauthorized");
  g_assert_cmpint (head.status, ==, 401);
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 0);
}

static void
test_auth_403 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *as_other = batch_of ("TST02", make_report (uuid, NULL), NULL);
  g_auto(Response) impersonating = post_batch (fixture, fixture->token, as_other);
  g_auto(Run) disable = run_central ("add-kiosk", "--db", fixture->db, "--disable", "TST02", NULL);
  g_auto(Response) disabled = get_changes (fixture, fixture->token2, NULL, 1);
  g_auto(Response) disabled_batch = post_batch (fixture, fixture->token2, as_other);
  g_auto(Response) still_ok = get_changes (fixture, fixture->token, NULL, 1);
  g_auto(Run) enable = run_central ("add-kiosk", "--db", fixture->db, "--enable", "TST02", NULL);
  g_auto(Response) enabled = get_changes (fixture, fixture->token2, NULL, 1);
  g_auto(Run) unknown = run_central ("add-kiosk", "--db", fixture->db, "--disable", "NOPE9",
                                     NULL);

  /* A token speaks for its own kiosk only. */
  assert_error (&impersonating, 403, "forbidden");
  g_assert_cmpint (disable.status, ==, 0);
  assert_error (&disabled, 403, "forbidden");
  assert_error (&disabled_batch, 403, "forbidden");
  g_assert_cmpint (still_ok.status, ==, 200);
  g_assert_cmpint (enable.status, ==, 0);
  g_assert_cmpint (enabled.status, ==, 200);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 0);
}

static void
test_batch_duplicate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *a = kiosk_uuid_new ();
  g_autofree char *b = kiosk_uuid_new ();
  g_autofree char *c = kiosk_uuid_new ();
  const char *uuids[] = { a, b, c, NULL };
  g_autofree char *batch = batch_of ("TST01", make_report (a, NULL),
                                     make_record (b, "feedback",
                                                  ",\"kind\":\"suggestion\",\"body\":\"شكرا\"",
                                                  NULL),
                                     make_record (c, "payment",
                                                  ",\"purpose\":\"shop_licence\","
                                                  "\"method\":\"card\",\"status\":"
                                                  "\"approved_online\",\"amount_baisa\":25000",
                                                  NULL),
                                     NULL);
  /* The same records from the other kiosk, in another batch: still the same UUIDs. */
  g_autofree char *other = NULL;
  g_auto(Response) first = post_batch (fixture, fixture->token, batch);
  g_auto(Response) again = post_batch (fixture, fixture->token, batch);
  g_autoptr(JsonNode) first_root = results_of (&first, uuids);
  g_autoptr(JsonNode) again_root = results_of (&again, uuids);
  g_autoptr(JsonNode) other_root = NULL;
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *accepted = result_at (first_root, i);
      JsonObject *duplicate = result_at (again_root, i);

      g_assert_cmpstr (member (accepted, "status"), ==, "accepted");
      g_assert_nonnull (member (accepted, "server_reference"));
      g_assert_true (g_hash_table_add (references, (gpointer) member (accepted,
                                                                      "server_reference")));
      g_assert_cmpstr (member (duplicate, "status"), ==, "duplicate");
      g_assert_cmpstr (member (duplicate, "server_reference"), ==,
                       member (accepted, "server_reference"));
      g_assert_null (member (accepted, "refund_case"));
    }
  g_assert_true (g_str_has_prefix (member (result_at (first_root, 0), "server_reference"),
                                   "MCT-RPT-"));
  g_assert_true (g_str_has_prefix (member (result_at (first_root, 2), "server_reference"),
                                   "MCT-PAY-"));

  other = g_strdup (batch);
  memcpy (strstr (other, "TST01"), "TST02", 5);
  {
    g_auto(Response) from_other = post_batch (fixture, fixture->token2, other);

    /* The same UUIDs from another kiosk are not its records: a conflict, without the
     * first kiosk's references (see distrust/uuid-of-another-kiosk-is-a-conflict). */
    other_root = results_of (&from_other, uuids);
    for (guint i = 0; i < 3; i++)
      {
        g_assert_cmpstr (member (result_at (other_root, i), "status"), ==, "rejected");
        g_assert_cmpstr (member (result_at (other_root, i), "code"), ==, "uuid_conflict");
        g_assert_null (member (result_at (other_root, i), "server_reference"));
      }
  }

  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 3);
  g_assert_cmpint (stat_value (fixture, "records.report"), ==, 1);
  g_assert_cmpint (stat_value (fixture, "records.feedback"), ==, 1);
  g_assert_cmpint (stat_value (fixture, "records.payment"), ==, 1);
}

typedef struct
{
  const char *kind;
  const char *extra;        /* payload members */
  const char *attachments;
  const char *payload;      /* replaces the whole payload when set */
  const char *code;
} BadRecord;

static void
test_batch_rejected (Fixture       *fixture,
                     gconstpointer  data)
{
  static const BadRecord bad[] = {
    { "parcel", "", NULL, NULL, "unknown_kind" },
    { "report", "", NULL, "[1, 2]", "invalid_payload" },
    { "report", "", NULL, "{\"uuid\":\"9b2f3c1e-1d2a-4f5b-8c7d-000000000000\","
                          "\"reference\":\"TST01-261130-0999\"}", "uuid_mismatch" },
    { "report", "", NULL, "{\"uuid\":\"@UUID@\"}", "invalid_payload" },
    { "report", "", "[\"not-a-hash\"]", NULL, "invalid_payload" },
    { "report", ",\"description\":\"a\\u0007bell\"", NULL, NULL, "invalid_payload" },
    { "report", ",\"Description\":\"capital\"", NULL, NULL, "invalid_payload" },
    { "report", ",\"latitude_e6\":23590000", NULL, NULL, "invalid_payload" },
    { "report", ",\"latitude_e6\":95000000,\"longitude_e6\":58415000", NULL, NULL,
      "invalid_payload" },
    { "report", ",\"latitude_e6\":\"23590000\",\"longitude_e6\":58415000", NULL, NULL,
      "invalid_payload" },
    { "payment", ",\"purpose\":\"fines\",\"amount_baisa\":5000", NULL, NULL, "invalid_payload" },
    { "payment", ",\"purpose\":\"fines\",\"amount_baisa\":5000,\"fines\":[{\"fine_number\":"
                 "\"F1\",\"plate\":\"1 A\",\"amount_baisa\":\"5000\"}]", NULL, NULL,
      "invalid_payload" },
  };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *good = kiosk_uuid_new ();
  g_autofree char *bidi = kiosk_uuid_new ();
  g_autofree char *batch = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(JsonNode) first_root = NULL;
  g_autoptr(JsonNode) again_root = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char *uuid = kiosk_uuid_new ();

      g_ptr_array_add (uuids, uuid);
      if (bad[i].payload != NULL)
        {
          g_autoptr(GString) payload = g_string_new (bad[i].payload);

          g_string_replace (payload, "@UUID@", uuid, 0);
          g_ptr_array_add (records,
                           g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"%s\",\"created_at\":1,"
                                            "\"payload\":%s}", uuid, bad[i].kind, payload->str));
        }
      else
        g_ptr_array_add (records, make_record (uuid, bad[i].kind, bad[i].extra,
                                               bad[i].attachments));
      /* One good record among them: a bad neighbour does not block it. */
      if (i == 3)
        {
          g_ptr_array_add (uuids, g_strdup (good));
          g_ptr_array_add (records, make_report (good, NULL));
        }
    }
  /* created_at must be a number. */
  g_ptr_array_add (uuids, kiosk_uuid_new ());
  g_ptr_array_add (records,
                   g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"feedback\",\"created_at\":\"now\","
                                    "\"payload\":{\"uuid\":\"%s\",\"reference\":"
                                    "\"TST01-261130-0998\"}}",
                                    (char *) g_ptr_array_index (uuids, uuids->len - 1),
                                    (char *) g_ptr_array_index (uuids, uuids->len - 1)));
  /* Bidi controls are not refused but removed before the text is stored. */
  g_ptr_array_add (uuids, g_strdup (bidi));
  g_ptr_array_add (records, make_record (bidi, "feedback",
                                         ",\"body\":\"abc\\u202Edef\\u2066\"", NULL));
  g_ptr_array_add (uuids, NULL);

  batch = make_batch ("TST01", records);
  {
    g_auto(Response) first = post_batch (fixture, fixture->token, batch);
    g_auto(Response) again = post_batch (fixture, fixture->token, batch);

    first_root = results_of (&first, (const char * const *) uuids->pdata);
    again_root = results_of (&again, (const char * const *) uuids->pdata);
  }

  for (guint i = 0, b = 0; i < uuids->len - 1; i++)
    {
      JsonObject *result = result_at (first_root, i);
      JsonObject *repeat = result_at (again_root, i);
      const char *uuid = g_ptr_array_index (uuids, i);

      if (g_str_equal (uuid, good) || g_str_equal (uuid, bidi))
        {
          g_assert_cmpstr (member (result, "status"), ==, "accepted");
          g_assert_cmpstr (member (repeat, "status"), ==, "duplicate");
          continue;
        }
      g_assert_cmpstr (member (result, "status"), ==, "rejected");
      g_assert_nonnull (member (result, "reason"));
      if (b < G_N_ELEMENTS (bad))
        g_assert_cmpstr (member (result, "code"), ==, bad[b].code);
      else
        g_assert_cmpstr (member (result, "code"), ==, "invalid_payload");
      b++;
      /* The same rejection, word for word. */
      g_assert_cmpstr (member (repeat, "status"), ==, "rejected");
      g_assert_cmpstr (member (repeat, "code"), ==, member (result, "code"));
      g_assert_cmpstr (member (repeat, "reason"), ==, member (result, "reason"));
      g_assert_null (member (repeat, "server_reference"));
    }

  stored = db_text (fixture, "SELECT json_extract (payload, '$.body') FROM records"
                             " WHERE uuid = ?1", bidi);
  g_assert_cmpstr (stored, ==, "abcdef");
  g_assert_cmpint (stat_value (fixture, "rejected"), ==, G_N_ELEMENTS (bad) + 1);
  g_assert_cmpint (stat_value (fixture, "records.report"), ==, 1);
  g_assert_cmpint (stat_value (fixture, "records.feedback"), ==, 1);
}

static void
test_batch_attachment_missing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GBytes) photo = fake_jpeg (1, 5000);
  g_autofree char *sha = sha256_of (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_autofree char *attachments = g_strdup_printf ("[\"%s\"]", sha);
  g_autofree char *uuid = kiosk_uuid_new ();
  const char *uuids[] = { uuid, NULL };
  g_autofree char *batch = batch_of ("TST01", make_report (uuid, attachments), NULL);
  g_autoptr(JsonNode) retry_root = NULL;
  g_autoptr(JsonNode) accepted_root = NULL;

  {
    g_auto(Response) retry = post_batch (fixture, fixture->token, batch);

    retry_root = results_of (&retry, uuids);
    g_assert_cmpstr (member (result_at (retry_root, 0), "status"), ==, "retry");
    g_assert_cmpstr (member (result_at (retry_root, 0), "code"), ==, "attachment_missing");
  }
  /* Not an answer: nothing remembered. */
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 0);

  {
    g_auto(Response) put = put_attachment (fixture, sha, photo);
    g_auto(Response) accepted = post_batch (fixture, fixture->token, batch);

    g_assert_cmpint (put.status, ==, 201);
    accepted_root = results_of (&accepted, uuids);
    g_assert_cmpstr (member (result_at (accepted_root, 0), "status"), ==, "accepted");
  }
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM record_attachments WHERE sha256 = ?1",
                             sha), ==, 1);
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 1);
}

static void
assert_no_attachment_files (Fixture *fixture)
{
  g_autofree char *dir = g_strconcat (fixture->db, ".attachments", NULL);
  g_autoptr(GPtrArray) names = kiosk_test_list_dir (dir);

  g_assert_cmpuint (names->len, ==, 0);
}

static void
test_attachment_wrong_hash (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) photo = fake_jpeg (2, 3000);
  g_autoptr(GBytes) other = fake_jpeg (3, 3000);
  g_autoptr(GBytes) not_jpeg = g_bytes_new_static ("GIF89a not a jpeg", 17);
  g_autoptr(GBytes) big = fake_jpeg (4, 4 * 1024 * 1024 + 1);
  g_autofree char *sha = sha256_of (g_bytes_get_data (other, NULL), g_bytes_get_size (other));
  g_autofree char *gif_sha = sha256_of ("GIF89a not a jpeg", 17);
  g_autofree char *big_sha = sha256_of (g_bytes_get_data (big, NULL), g_bytes_get_size (big));
  g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);
  g_autofree char *upper_sha = g_ascii_strup (sha, -1);
  g_autofree char *upper = g_strconcat ("/v1/attachments/", upper_sha, NULL);
  g_auto(Response) mismatch = put_attachment (fixture, sha, photo);
  g_auto(Response) head = http (fixture, "HEAD", path, fixture->token, NULL, NULL, 0);
  g_auto(Response) gif = put_attachment (fixture, gif_sha, not_jpeg);
  g_auto(Response) wrong_type = http (fixture, "PUT", path, fixture->token, "image/png",
                                      g_bytes_get_data (other, NULL), g_bytes_get_size (other));
  g_auto(Response) too_big = put_attachment (fixture, big_sha, big);
  g_auto(Response) bad_path = http (fixture, "PUT", "/v1/attachments/1234", fixture->token,
                                    "image/jpeg", "\xff\xd8\xff", 3);
  g_auto(Response) uppercase = http (fixture, "HEAD", upper, fixture->token, NULL, NULL, 0);

  assert_error (&mismatch, 422, "hash_mismatch");
  g_assert_cmpint (head.status, ==, 404);
  assert_error (&gif, 415, "unsupported_media_type");
  assert_error (&wrong_type, 415, "unsupported_media_type");
  assert_error (&too_big, 413, "too_large");
  assert_error (&bad_path, 404, "not_found");
  g_assert_cmpint (uppercase.status, ==, 404);

  /* Nothing kept: no row, no file, no temporary file. */
  g_assert_cmpint (stat_value (fixture, "attachments"), ==, 0);
  assert_no_attachment_files (fixture);
}

static void
test_attachment_head_put (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) photo = fake_jpeg (5, 200 * 1024);
  g_autofree char *sha = sha256_of (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);
  g_autofree char *file = g_strdup_printf ("%s.attachments/%s", fixture->db, sha);
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *conditional[] = { "Content-Type: image/jpeg", "If-None-Match: *",
                                "Expect: 100-continue", NULL };
  RequestOptions options = { NULL, fixture->token, conditional, NULL, FALSE };
  g_auto(Response) absent = http (fixture, "HEAD", path, fixture->token, NULL, NULL, 0);
  g_auto(Response) conditional_new = http_full (fixture, "PUT", path,
                                                g_bytes_get_data (photo, NULL),
                                                g_bytes_get_size (photo), &options);
  g_auto(Response) present = http (fixture, "HEAD", path, fixture->token, NULL, NULL, 0);
  g_auto(Response) again = put_attachment (fixture, sha, photo);
  g_auto(Response) conditional_old = http_full (fixture, "PUT", path,
                                                g_bytes_get_data (photo, NULL),
                                                g_bytes_get_size (photo), &options);

  g_assert_cmpint (absent.status, ==, 404);
  /* If-None-Match on a new attachment: 100 Continue, the body, 201. */
  g_assert_cmpint (conditional_new.status, ==, 201);
  g_assert_cmpuint (conditional_new.sent, ==, g_bytes_get_size (photo));
  g_assert_cmpint (present.status, ==, 200);
  g_assert_cmpint (again.status, ==, 200);
  /* And on one the server has: 412 before a byte of the body was sent. */
  g_assert_cmpint (conditional_old.status, ==, 412);
  g_assert_cmpuint (conditional_old.sent, ==, 0);

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_assert_cmpint (stat_value (fixture, "attachments"), ==, 1);
  g_assert_cmpint (stat_value (fixture, "attachment_bytes"), ==, (gint64) g_bytes_get_size (photo));
}

/* Announcements' pictures: attached from a file (metadata removed), named by a load, served
 * back to kiosks only while a current announcement names them; a report's photo never is. */
static void
test_attachment_get_only_announcement_pictures (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report_photo = fake_jpeg (9, 50 * 1024);
  g_autoptr(GBytes) picture = kiosk_simulate_make_jpeg (3, 60 * 1024, &error);
  g_autofree char *report_sha = sha256_of (g_bytes_get_data (report_photo, NULL),
                                           g_bytes_get_size (report_photo));
  g_autofree char *report_path = g_strconcat ("/v1/attachments/", report_sha, NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "picture.jpg", NULL);
  g_autofree char *news = g_build_filename (fixture->dir, "news.json", NULL);
  g_autofree char *withdraw = g_build_filename (fixture->dir, "withdraw.json", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.json", NULL);
  g_autofree char *picture_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *before = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (picture, NULL),
                                      (gssize) g_bytes_get_size (picture), &error));
  g_assert_no_error (error);

  /* A kiosk's report photo is on the server, and stays there. */
  {
    g_auto(Response) put = put_attachment (fixture, report_sha, report_photo);
    g_auto(Response) get = http (fixture, "GET", report_path, fixture->token, NULL, NULL, 0);

    g_assert_cmpint (put.status, ==, 201);
    assert_error (&get, 404, "not_found");
  }

  {
    g_auto(Run) attach = run_central ("attach", "--db", fixture->db, file, NULL);

    g_assert_cmpint (attach.status, ==, 0);
    sha = g_strstrip (g_strdup (attach.out));
    g_assert_cmpuint (strlen (sha), ==, 64);
  }
  picture_path = g_strconcat ("/v1/attachments/", sha, NULL);
  {
    /* Attached, but no announcement names it yet. */
    g_auto(Response) get = http (fixture, "GET", picture_path, fixture->token, NULL, NULL, 0);
    assert_error (&get, 404, "not_found");
  }

  /* A load naming a picture the server does not have is refused whole. */
  json = g_strdup_printf ("{\"announcements\":[{\"id\":\"n1\",\"category\":\"news\","
                          "\"title_ar\":\"خبر\",\"title_en\":\"News\",\"body_ar\":\"نص\","
                          "\"body_en\":\"Text\",\"publish_at\":1,\"picture_sha256\":\"%s\"}]}",
                          "abababababababababababababababababababababababababababababababab");
  g_assert_true (g_file_set_contents (missing, json, -1, &error));
  before = db_text (fixture, "SELECT count (*) || '/' || coalesce (max (seq), 0) FROM changes",
                    NULL);
  {
    g_auto(Run) load = run_central ("load", "--db", fixture->db, missing, NULL);
    g_autofree char *after = db_text (fixture, "SELECT count (*) || '/' || coalesce (max (seq), 0)"
                                      " FROM changes", NULL);

    g_assert_cmpint (load.status, ==, 2);
    g_assert_nonnull (strstr (load.err, "announcements[0]"));
    g_assert_nonnull (strstr (load.err, "picture_sha256"));
    g_assert_cmpstr (before, ==, after);
  }

  g_free (json);
  json = g_strdup_printf ("{\"announcements\":[{\"id\":\"n1\",\"category\":\"news\","
                          "\"title_ar\":\"خبر\",\"title_en\":\"News\",\"body_ar\":\"نص\","
                          "\"body_en\":\"Text\",\"publish_at\":1,\"picture_sha256\":\"%s\"}]}",
                          sha);
  g_assert_true (g_file_set_contents (news, json, -1, &error));
  {
    g_auto(Run) load = run_central ("load", "--db", fixture->db, news, NULL);
    g_auto(Response) get = http (fixture, "GET", picture_path, fixture->token, NULL, NULL, 0);
    g_auto(Response) anonymous = http (fixture, "GET", picture_path, NULL, NULL, NULL, 0);
    g_autofree char *stored = NULL;
    gsize length = 0;
    g_autofree char *stored_path = g_strdup_printf ("%s.attachments/%s", fixture->db, sha);

    g_assert_cmpint (load.status, ==, 0);
    g_assert_cmpint (get.status, ==, 200);
    g_assert_true (g_file_get_contents (stored_path, &stored, &length, NULL));
    g_assert_cmpmem (get.body, get.length, stored, length);
    g_assert_cmpint (anonymous.status, ==, 401);
  }

  /* Withdrawn: no longer served. */
  g_assert_true (g_file_set_contents (withdraw, "{\"announcements\":[{\"id\":\"n1\","
                                      "\"_delete\":true}]}", -1, &error));
  {
    g_auto(Run) load = run_central ("load", "--db", fixture->db, withdraw, NULL);
    g_auto(Response) get = http (fixture, "GET", picture_path, fixture->token, NULL, NULL, 0);

    g_assert_cmpint (load.status, ==, 0);
    assert_error (&get, 404, "not_found");
  }
}

static GBytes *
gzip_bytes (const void *data,
            gsize       length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_batch_gzip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  const char *uuids[] = { uuid, NULL };
  g_autofree char *batch = batch_of ("TST01", make_report (uuid, NULL), NULL);
  g_autoptr(GBytes) packed = gzip_bytes (batch, strlen (batch));
  const char *gzip_headers[] = { "Content-Type: application/json", "Content-Encoding: gzip",
                                 NULL };
  RequestOptions options = { NULL, fixture->token, gzip_headers, NULL, FALSE };
  g_auto(Response) response = http_full (fixture, "POST", "/v1/batches",
                                         g_bytes_get_data (packed, NULL),
                                         g_bytes_get_size (packed), &options);
  /* A gzip header and then garbage. */
  g_auto(Response) broken = http_full (fixture, "POST", "/v1/batches",
                                       "\x1f\x8b\x08\x00garbagegarbage", 18, &options);
  /* Plain JSON that claims to be gzip. */
  g_auto(Response) lying = http_full (fixture, "POST", "/v1/batches", batch, strlen (batch),
                                      &options);
  g_autoptr(JsonNode) root = results_of (&response, uuids);

  g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
  assert_error (&broken, 400, "bad_request");
  assert_error (&lying, 400, "bad_request");
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 1);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  gsize big = 9 * 1024 * 1024;
  g_autofree char *padding = g_malloc (big);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *many = NULL;
  const char *expect[] = { "Content-Type: application/json", "Expect: 100-continue", NULL };
  const char *gzip_headers[] = { "Content-Type: application/json", "Content-Encoding: gzip",
                                 NULL };
  const char *plain[] = { "Content-Type: application/json", NULL };
  RequestOptions declared = { NULL, fixture->token, expect, NULL, FALSE };
  RequestOptions chunked = { NULL, fixture->token, plain, NULL, TRUE };
  RequestOptions gzipped = { NULL, fixture->token, gzip_headers, NULL, FALSE };

  /* A JSON string of 9 MiB: valid JSON, only too big. */
  memset (padding, 'a', big);
  padding[0] = '"';
  padding[big - 1] = '"';
  bomb = gzip_bytes (padding, big);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 64 * 1024);

  for (guint i = 0; i < 1001; i++)
    {
      g_autofree char *uuid = kiosk_uuid_new ();
      g_ptr_array_add (records, make_report (uuid, NULL));
    }
  many = make_batch ("TST01", records);

  {
    /* Refused from the declared length, before the body is sent. */
    g_auto(Response) by_length = http_full (fixture, "POST", "/v1/batches", padding, big,
                                            &declared);
    /* No length declared: read (and dropped) until it is over the limit. */
    g_auto(Response) by_reading = http_full (fixture, "POST", "/v1/batches", padding, big,
                                             &chunked);
    /* Small on the wire, 9 MiB inside. */
    g_auto(Response) by_inflating = http_full (fixture, "POST", "/v1/batches",
                                               g_bytes_get_data (bomb, NULL),
                                               g_bytes_get_size (bomb), &gzipped);
    g_auto(Response) too_many = post_batch (fixture, fixture->token, many);
    g_auto(Response) health = http (fixture, "GET", "/v1/health", NULL, NULL, NULL, 0);

    assert_error (&by_length, 413, "too_large");
    g_assert_cmpuint (by_length.sent, ==, 0);
    assert_error (&by_reading, 413, "too_large");
    assert_error (&by_inflating, 413, "too_large");
    assert_error (&too_many, 413, "too_large");
    g_assert_cmpint (health.status, ==, 200);
  }
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 0);
}

/* Sends raw bytes on a fresh connection and returns what comes back until the server closes
 * (or 5 s pass). */
static char *
raw_exchange (Fixture    *fixture,
              const char *request,
              gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint port = 0;
  char buffer[4096];
  gssize n;

  g_assert_cmpint (sscanf (fixture->url, "http://127.0.0.1:%u", &port), ==, 1);
  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL,
                                                &error);
  g_assert_no_error (error);
  /* The server may answer and close before reading it all: a failed write is fine. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             length, NULL, NULL, NULL);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autofree char *report = make_report (uuid, NULL);
  g_autofree char *no_id = g_strdup_printf ("{\"kiosk_id\":\"TST01\",\"records\":[%s]}",
                                            report);
  g_autofree char *bad_uuid = g_strdup_printf ("{\"kiosk_id\":\"TST01\",\"batch_id\":\"%s\","
                                               "\"records\":[{\"uuid\":\"12\",\"kind\":\"report\","
                                               "\"created_at\":1,\"payload\":{}}]}", uuid);
  g_autofree char *empty = g_strdup_printf ("{\"kiosk_id\":\"TST01\",\"batch_id\":\"%s\","
                                            "\"records\":[]}", uuid);
  g_autofree char *good = batch_of ("TST01", make_report (uuid, NULL), NULL);
  g_autofree char *huge_header = NULL;
  g_autofree char *garbage = NULL;
  g_autofree char *oversized = NULL;
  const char *brotli[] = { "Content-Type: application/json", "Content-Encoding: br", NULL };
  RequestOptions brotli_options = { NULL, fixture->token, brotli, NULL, FALSE };

  {
    g_auto(Response) not_json = post_batch (fixture, fixture->token, "{\"kiosk_id\": ");
    g_auto(Response) not_utf8 = post_batch (fixture, fixture->token, "{\"kiosk_id\":\"\xff\"}");
    g_auto(Response) too_deep = post_batch (fixture, fixture->token, deep);
    g_auto(Response) array = post_batch (fixture, fixture->token, "[]");
    g_auto(Response) missing = post_batch (fixture, fixture->token, no_id);
    g_auto(Response) record_uuid = post_batch (fixture, fixture->token, bad_uuid);
    g_auto(Response) no_records = post_batch (fixture, fixture->token, empty);
    g_auto(Response) text = http (fixture, "POST", "/v1/batches", fixture->token, "text/plain",
                                  good, strlen (good));
    g_auto(Response) br = http_full (fixture, "POST", "/v1/batches", good, strlen (good),
                                     &brotli_options);
    g_auto(Response) limit = http (fixture, "GET", "/v1/changes?limit=0", fixture->token, NULL,
                                   NULL, 0);
    g_auto(Response) limit_text = http (fixture, "GET", "/v1/changes?limit=lots", fixture->token,
                                        NULL, NULL, 0);
    g_auto(Response) cursor = get_changes (fixture, fixture->token, "not a cursor", 10);
    g_auto(Response) get_batches = http (fixture, "GET", "/v1/batches", fixture->token, NULL,
                                         NULL, 0);

    assert_error (&not_json, 400, "bad_request");
    assert_error (&not_utf8, 400, "bad_request");
    assert_error (&too_deep, 400, "bad_request");
    assert_error (&array, 400, "bad_request");
    assert_error (&missing, 400, "bad_request");
    assert_error (&record_uuid, 400, "bad_request");
    assert_error (&no_records, 400, "bad_request");
    assert_error (&text, 415, "unsupported_media_type");
    assert_error (&br, 415, "unsupported_media_type");
    assert_error (&limit, 400, "bad_request");
    assert_error (&limit_text, 400, "bad_request");
    assert_error (&cursor, 400, "bad_request");
    assert_error (&get_batches, 405, "bad_request");
  }

  /* Below HTTP: microhttpd's own answers, still 4xx, and the server lives on. */
  garbage = raw_exchange (fixture, "\x01\x02garbage\r\n\r\n", 13);
  g_assert_true (g_str_has_prefix (garbage, "HTTP/1.1 4") || *garbage == '\0');
  huge_header = g_strdup_printf ("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n",
                                 deep);
  oversized = raw_exchange (fixture, huge_header, strlen (huge_header));
  g_assert_true (g_str_has_prefix (oversized, "HTTP/1.1 4"));

  {
    g_auto(Response) health = http (fixture, "GET", "/v1/health", NULL, NULL, NULL, 0);
    g_assert_cmpint (health.status, ==, 200);
  }
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 0);
}

/* A load file of `n` wilayats W000.. (sort order `sort`). */
static char *
wilayats_file (Fixture    *fixture,
               const char *name,
               guint       n,
               int         sort)
{
  g_autoptr(GString) json = g_string_new ("{\"wilayats\":[");
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"code\":\"W%03u\",\"name_ar\":\"ولاية %u\","
                            "\"name_en\":\"Wilayat %u\",\"sort_order\":%d}",
                            i ? "," : "", i, i, i, sort);
  g_string_append (json, "]}");
  g_file_set_contents (path, json->str, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
load_ok (Fixture    *fixture,
         const char *file)
{
  g_auto(Run) run = run_central ("load", "--db", fixture->db, file, NULL);

  g_assert_cmpint (run.status, ==, 0);
}

typedef struct
{
  JsonNode   *root;
  JsonObject *page;
  JsonArray  *changes;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->root, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static Page
fetch_page (Fixture    *fixture,
            const char *token,
            const char *since,
            guint       limit)
{
  g_auto(Response) response = get_changes (fixture, token, since, limit);
  Page page;

  g_assert_cmpint (response.status, ==, 200);
  page.root = parse_json (response.body);
  page.page = json_node_get_object (page.root);
  page.changes = json_object_get_array_member (page.page, "changes");
  g_assert_nonnull (page.changes);
  g_assert_nonnull (json_object_get_string_member (page.page, "next_cursor"));
  return page;
}

static void
test_changes_paging (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *file = wilayats_file (fixture, "w.json", 25, 0);
  g_autofree char *changed = wilayats_file (fixture, "w2.json", 1, 7);
  g_autofree char *cursor = NULL;
  guint pages = 0, seen = 0;
  gboolean more = TRUE;

  load_ok (fixture, file);
  while (more)
    {
      g_auto(Page) page = fetch_page (fixture, fixture->token, cursor, 10);

      g_assert_cmpint (json_object_get_boolean_member (page.page, "reset"), ==, cursor == NULL);
      for (guint i = 0; i < json_array_get_length (page.changes); i++)
        {
          JsonObject *change = json_array_get_object_element (page.changes, i);
          g_autofree char *key = g_strdup_printf ("W%03u", seen++);

          g_assert_cmpstr (json_object_get_string_member (change, "dataset"), ==, "wilayats");
          g_assert_cmpstr (json_object_get_string_member (change, "op"), ==, "upsert");
          g_assert_cmpstr (json_object_get_string_member (change, "key"), ==, key);
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (change,
                                                                                         "data"),
                                                          "code"), ==, key);
        }
      more = json_object_get_boolean_member (page.page, "has_more");
      g_assert_cmpuint (json_array_get_length (page.changes), ==, more ? 10 : 5);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page.page, "next_cursor"));
      pages++;
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen, ==, 25);

  /* At the end: nothing, and the cursor stays. */
  {
    g_auto(Page) end = fetch_page (fixture, fixture->token, cursor, 10);

    g_assert_cmpuint (json_array_get_length (end.changes), ==, 0);
    g_assert_false (json_object_get_boolean_member (end.page, "has_more"));
    g_assert_false (json_object_get_boolean_member (end.page, "reset"));
    g_assert_cmpstr (json_object_get_string_member (end.page, "next_cursor"), ==, cursor);
  }

  /* A changed row comes after the cursor; a load of identical rows adds nothing. */
  load_ok (fixture, changed);
  load_ok (fixture, changed);
  {
    g_auto(Page) next = fetch_page (fixture, fixture->token, cursor, 10);
    JsonObject *change;

    g_assert_cmpuint (json_array_get_length (next.changes), ==, 1);
    change = json_array_get_object_element (next.changes, 0);
    g_assert_cmpstr (json_object_get_string_member (change, "key"), ==, "W000");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (change, "data"),
                                                 "sort_order"), ==, 7);
  }
  g_assert_cmpint (stat_value (fixture, "changes"), ==, 26);
}

static void
test_changes_reset (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *file = wilayats_file (fixture, "w.json", 3, 0);
  g_autofree char *epoch = NULL;
  g_autofree char *past_end = NULL;
  g_autofree char *middle = NULL;

  load_ok (fixture, file);
  epoch = db_text (fixture, "SELECT epoch FROM server_identity", NULL);
  g_assert_nonnull (epoch);
  past_end = g_strdup_printf ("%s:99999", epoch);
  middle = g_strdup_printf ("%s:1", epoch);

  {
    g_auto(Page) fresh = fetch_page (fixture, fixture->token, NULL, 100);
    g_auto(Page) foreign = fetch_page (fixture, fixture->token, "0123456789abcdef:2", 100);
    g_auto(Page) restored = fetch_page (fixture, fixture->token, past_end, 100);
    g_auto(Page) resumed = fetch_page (fixture, fixture->token, middle, 100);
    JsonArray *datasets = json_object_get_array_member (fresh.page, "datasets");

    /* No cursor: from the beginning, with the datasets to clear. */
    g_assert_true (json_object_get_boolean_member (fresh.page, "reset"));
    g_assert_cmpuint (json_array_get_length (datasets), ==, 15);
    g_assert_cmpuint (json_array_get_length (fresh.changes), ==, 3);
    /* Another server's cursor, or one past this feed's end: the same fresh start. */
    g_assert_true (json_object_get_boolean_member (foreign.page, "reset"));
    g_assert_cmpuint (json_array_get_length (foreign.changes), ==, 3);
    g_assert_true (json_object_get_boolean_member (restored.page, "reset"));
    g_assert_cmpuint (json_array_get_length (restored.changes), ==, 3);
    /* This server's own cursor: only what came after it. */
    g_assert_false (json_object_get_boolean_member (resumed.page, "reset"));
    g_assert_false (json_object_has_member (resumed.page, "datasets"));
    g_assert_cmpuint (json_array_get_length (resumed.changes), ==, 2);
  }
}

typedef struct
{
  const char *json;
  const char *where;   /* must appear in the error */
  const char *field;
} BadLoad;

#define FINE(number, amount) \
  "{\"number\":\"" number "\",\"plate\":\"1234 AB\",\"issued_at\":1,\"place_ar\":\"م\"," \
  "\"place_en\":\"P\",\"violation_ar\":\"و\",\"violation_en\":\"V\",\"amount_baisa\":" \
  amount ",\"status\":\"unpaid\",\"updated_at\":1}"

static void
test_load_bad_file (Fixture       *fixture,
                    gconstpointer  data)
{
  static const BadLoad cases[] = {
    { "{\"fines\":[" FINE ("F1", "5000") "," FINE ("F2", "\"5000\"") "]}", "fines[1]",
      "amount_baisa" },
    { "{\"wilayats\":[{\"code\":\"X\",\"name_ar\":\"س\",\"name_en\":\"X\",\"colour\":1}]}",
      "wilayats[0]", "colour" },
    { "{\"wilayats\":[{\"code\":\"X\",\"name_en\":\"X\"}]}", "wilayats[0]", "name_ar" },
    { "{\"fines\":[" FINE ("F1", "5000") "," FINE ("F2", "0") "]}", "fines[1]",
      "amount_baisa" },
    { "{\"areas\":[{\"code\":\"A1\",\"wilayat_code\":\"NOPE\",\"name_ar\":\"ا\","
      "\"name_en\":\"A\"}]}", "areas[0]", "wilayat_code" },
    { "{\"wilayats\":[{\"code\":\"MSQ\",\"_delete\":true}]}", "wilayats", "wilayat_code" },
    { "{\"wilayats\":[{\"code\":\"X\",\"name_ar\":\"س\",\"name_en\":\"X\",\"_delete\":1}]}",
      "wilayats[0]", "_delete" },
    { "{\"parks\":[]}", "parks", "dataset" },
    { "{\"report_status\":[{\"uuid\":\"6f1c3a52-8d1e-4c1b-9a51-2f6b1c2d3e4f\","
      "\"status\":\"done\",\"at\":1}]}", "report_status[0]", "uuid" },
    { "{\"report_status\":[{\"uuid\":\"6f1c3a52-8d1e-4c1b-9a51-2f6b1c2d3e4f\","
      "\"status\":\"Done!\",\"at\":1}]}", "report_status[0]", "status" },
    { "{\"wilayats\":[{\"code\":\"X\",\"name_ar\":\"a\\u0000b\",\"name_en\":\"X\"}]}",
      "", "" },
    /* Fine by the kiosk schema's SQL, refused by the kiosk's feed reader. */
    { "{\"wilayats\":[{\"code\":\"M S\",\"name_ar\":\"س\",\"name_en\":\"X\"}]}",
      "wilayats", "code" },
    { "{\"wilayats\": [", "", "JSON" },
    { "[1, 2, 3]", "", "object" },
  };
  g_auto(Run) demo = run_central ("load", "--db", fixture->db, "--demo", NULL);
  g_autofree char *before = NULL;

  g_assert_cmpint (demo.status, ==, 0);
  before = stats_text (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, cases[i].json, -1, &error);
      g_assert_no_error (error);
      {
        g_auto(Run) run = run_central ("load", "--db", fixture->db, path, NULL);

        g_assert_cmpint (run.status, ==, 2);
        g_assert_nonnull (strstr (run.err, cases[i].where));
        g_assert_nonnull (strstr (run.err, cases[i].field));
      }
      /* Nothing changed: not a row, not a change. */
      after = stats_text (fixture);
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM reference_rows WHERE dataset = ?1",
                             "fines"), ==, 200);
}

/* Rows of a kiosk table seeded with the demo data, counted through the kiosk's own store. */
static gint64
kiosk_demo_rows (KioskStore *store,
                 const char *table)
{
  return kiosk_test_count_rows (store, table);
}

static void
test_load_demo (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const tables[] = { "wilayats", "areas", "category_groups",
                                         "report_categories", "service_catalog", "parking_zones",
                                         "fees", "licences", "vehicle_permits", "fines",
                                         "service_guide_categories", "service_guide",
                                         "announcements" };
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (kiosk_dir, TRUE);
  g_auto(Run) first = run_central ("load", "--db", fixture->db, "--demo", NULL);
  g_auto(Run) second = run_central ("load", "--db", fixture->db, "--demo", NULL);
  gint64 total = 0;

  g_assert_cmpint (first.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 n = kiosk_demo_rows (store, tables[i]);
      g_autofree char *line = g_strdup_printf ("%s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
                                               " changed\n", tables[i], n, n);

      g_assert_cmpint (n, >, 0);
      g_assert_nonnull (strstr (first.out, line));
      g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM reference_rows"
                                          " WHERE dataset = ?1", tables[i]), ==, n);
      total += n;
    }
  g_assert_cmpint (stat_value (fixture, "changes"), ==, total);
  /* The reference points travel with the rows, as the kiosk's table has them. */
  g_assert_cmpint (db_count (fixture, "SELECT json_extract (data, '$.latitude_e6')"
                             " FROM reference_rows WHERE dataset = 'areas' AND key = ?1",
                             "BSH-KHUWAIR"), ==,
                   kiosk_test_query_int (store, "SELECT latitude_e6 FROM areas WHERE code = ?1",
                                         "BSH-KHUWAIR", NULL));
  g_assert_cmpint (db_count (fixture, "SELECT json_extract (data, '$.longitude_e6')"
                             " FROM reference_rows WHERE dataset = 'wilayats' AND key = ?1",
                             "QRY"), ==,
                   kiosk_test_query_int (store, "SELECT longitude_e6 FROM wilayats"
                                         " WHERE code = ?1", "QRY", NULL));

  /* Loading the same data again adds nothing to the feed. */
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "\n0 changes added to the feed"));
  g_assert_cmpint (stat_value (fixture, "changes"), ==, total);

  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);
}

/* The report_status changes `token`'s kiosk sees for `uuid`, newest last. */
static GPtrArray *
statuses_for (Fixture    *fixture,
              const char *token,
              const char *uuid)
{
  g_auto(Page) page = fetch_page (fixture, token, NULL, 5000);
  GPtrArray *statuses = g_ptr_array_new_with_free_func (g_free);

  g_assert_false (json_object_get_boolean_member (page.page, "has_more"));
  for (guint i = 0; i < json_array_get_length (page.changes); i++)
    {
      JsonObject *change = json_array_get_object_element (page.changes, i);

      if (g_str_equal (json_object_get_string_member (change, "dataset"), "report_status") &&
          g_str_equal (json_object_get_string_member (change, "key"), uuid))
        g_ptr_array_add (statuses,
                         g_strdup (json_object_get_string_member (json_object_get_object_member (change, "data"),
                                                                  "status")));
    }
  return statuses;
}

static void
test_report_status (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST01", make_report (uuid, NULL), NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "status.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"report_status\":[{\"uuid\":\"%s\",\"status\":"
                                           "\"in_progress\",\"at\":1796022000,\"note_en\":"
                                           "\"Crew assigned\",\"note_ar\":\"تم تعيين فريق\"}]}",
                                           uuid);
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_auto(Response) response = post_batch (fixture, fixture->token, batch);
    g_assert_cmpint (response.status, ==, 200);
  }
  g_file_set_contents (file, json, -1, &error);
  g_assert_no_error (error);
  load_ok (fixture, file);

  mine = statuses_for (fixture, fixture->token, uuid);
  theirs = statuses_for (fixture, fixture->token2, uuid);
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (mine, 0), ==, "received");
  g_assert_cmpstr (g_ptr_array_index (mine, 1), ==, "in_progress");
  /* A report's status is its own kiosk's business. */
  g_assert_cmpuint (theirs->len, ==, 0);
}

/* A report whose photo carried its position keeps it on the server, apart from its payload;
 * one without (null, as a kiosk sends it) has none. */
static void
test_report_position (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *placed = kiosk_uuid_new ();
  g_autofree char *plain = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST01",
                                     make_record (placed, "report",
                                                  ",\"category_code\":\"pothole\","
                                                  "\"wilayat_code\":\"BSH\",\"area_code\":"
                                                  "\"BSH-KHUWAIR\",\"description\":\"حفرة\","
                                                  "\"latitude_e6\":23593500,"
                                                  "\"longitude_e6\":58418000", NULL),
                                     make_record (plain, "report",
                                                  ",\"category_code\":\"pothole\","
                                                  "\"description\":\"حفرة\","
                                                  "\"latitude_e6\":null,\"longitude_e6\":null",
                                                  NULL),
                                     NULL);
  g_auto(Response) response = post_batch (fixture, fixture->token, batch);

  g_assert_cmpint (response.status, ==, 200);
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE status = 'accepted'"
                             " AND uuid = ?1", placed), ==, 1);
  g_assert_cmpint (db_count (fixture, "SELECT latitude_e6 FROM report_positions"
                             " WHERE report_uuid = ?1", placed), ==, 23593500);
  g_assert_cmpint (db_count (fixture, "SELECT longitude_e6 FROM report_positions"
                             " WHERE report_uuid = ?1", placed), ==, 58418000);
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE status = 'accepted'"
                             " AND uuid = ?1", plain), ==, 1);
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM report_positions"
                             " WHERE report_uuid = ?1", plain), ==, 0);
}

/* An unpaid fine of the demo data: number, plate and amount. */
static void
pick_demo_fine (char  **number,
                char  **plate,
                gint64 *amount)
{
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (kiosk_dir, TRUE);
  g_autoptr(GPtrArray) numbers = kiosk_test_query_column (store, "SELECT number FROM fines"
                                                                 " WHERE status = 'unpaid'"
                                                                 " ORDER BY number", NULL);

  g_assert_cmpuint (numbers->len, >, 0);
  *number = g_strdup (g_ptr_array_index (numbers, 0));
  {
    g_autoptr(GPtrArray) plates = kiosk_test_query_column (store, "SELECT plate FROM fines"
                                                                  " WHERE number = ?1",
                                                           *number, NULL);
    *plate = g_strdup (g_ptr_array_index (plates, 0));
  }
  *amount = kiosk_test_query_int (store, "SELECT amount_baisa FROM fines WHERE number = ?1",
                                  *number, NULL);
  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);
}

/* A payment of one fine by kiosk `kiosk`: `total` paid, the fine listed at `amount`. */
static char *
fine_payment_full (const char *kiosk,
                   const char *uuid,
                   const char *method,
                   const char *status,
                   const char *number,
                   const char *plate,
                   gint64      amount,
                   gint64      total)
{
  g_autofree char *extra = g_strdup_printf (",\"purpose\":\"fines\",\"method\":\"%s\","
                                            "\"status\":\"%s\",\"amount_baisa\":%"
                                            G_GINT64_FORMAT ",\"fines\":[{\"fine_number\":\"%s\","
                                            "\"plate\":\"%s\",\"amount_baisa\":%" G_GINT64_FORMAT
                                            "}]", method, status, total, number, plate, amount);

  return make_record_of (kiosk, uuid, "payment", extra, NULL);
}

static char *
fine_payment (const char *kiosk,
              const char *uuid,
              const char *number,
              const char *plate,
              gint64      amount)
{
  return fine_payment_full (kiosk, uuid, "card", "approved_offline", number, plate, amount,
                            amount);
}

static void
test_double_payment (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *first_uuid = kiosk_uuid_new ();
  g_autofree char *second_uuid = kiosk_uuid_new ();
  const char *first_uuids[] = { first_uuid, NULL };
  const char *second_uuids[] = { second_uuid, NULL };
  g_autofree char *first_batch = NULL;
  g_autofree char *second_batch = NULL;
  g_autofree char *fine_status = NULL;
  g_autofree char *refund = NULL;
  g_autoptr(JsonNode) first_root = NULL;
  g_autoptr(JsonNode) second_root = NULL;
  g_autoptr(JsonNode) again_root = NULL;
  g_auto(Run) demo = run_central ("load", "--db", fixture->db, "--demo", NULL);
  gint64 amount = 0;
  gboolean paid_in_feed = FALSE;

  g_assert_cmpint (demo.status, ==, 0);
  pick_demo_fine (&number, &plate, &amount);
  first_batch = batch_of ("TST01", fine_payment ("TST01", first_uuid, number, plate, amount),
                          NULL);
  second_batch = batch_of ("TST02", fine_payment ("TST02", second_uuid, number, plate, amount),
                           NULL);

  {
    g_auto(Response) first = post_batch (fixture, fixture->token, first_batch);

    first_root = results_of (&first, first_uuids);
    g_assert_cmpstr (member (result_at (first_root, 0), "status"), ==, "accepted");
    g_assert_null (member (result_at (first_root, 0), "refund_case"));
  }

  /* Every kiosk learns the fine is paid. */
  {
    g_auto(Page) page = fetch_page (fixture, fixture->token2, NULL, 5000);
    guint n = json_array_get_length (page.changes);

    for (guint i = 0; i < n; i++)
      {
        JsonObject *change = json_array_get_object_element (page.changes, i);

        if (g_str_equal (json_object_get_string_member (change, "dataset"), "fines") &&
            g_str_equal (json_object_get_string_member (change, "key"), number))
          paid_in_feed = g_str_equal (json_object_get_string_member (json_object_get_object_member (change, "data"), "status"), "paid");
      }
    g_assert_true (paid_in_feed);
  }

  /* The other kiosk took money for it too (offline, before it knew): a refund case. */
  {
    g_auto(Response) second = post_batch (fixture, fixture->token2, second_batch);
    g_auto(Response) again = post_batch (fixture, fixture->token2, second_batch);

    second_root = results_of (&second, second_uuids);
    again_root = results_of (&again, second_uuids);
  }
  g_assert_cmpstr (member (result_at (second_root, 0), "status"), ==, "accepted");
  refund = g_strdup (member (result_at (second_root, 0), "refund_case"));
  g_assert_nonnull (refund);
  g_assert_cmpstr (member (result_at (again_root, 0), "status"), ==, "duplicate");
  g_assert_cmpstr (member (result_at (again_root, 0), "refund_case"), ==, refund);

  g_assert_cmpint (stat_value (fixture, "refund_cases"), ==, 1);
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM refund_cases WHERE payment_uuid = ?1"
                                      " AND first_payment_uuid IS NOT NULL", second_uuid), ==, 1);
  fine_status = db_text (fixture, "SELECT json_extract (data, '$.status') FROM reference_rows"
                                  " WHERE dataset = 'fines' AND key = ?1", number);
  g_assert_cmpstr (fine_status, ==, "paid");
}


/* Kiosks distrusted ------------------------------------------------------------------------ */

static void
test_uuid_of_another_kiosk (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *upper = g_ascii_strup (uuid, -1);
  g_autofree char *other = kiosk_uuid_new ();
  const char *uuids[] = { uuid, NULL };
  const char *upper_uuids[] = { upper, NULL };
  const char *other_uuids[] = { other, NULL };
  g_autofree char *fake = batch_of ("TST02", make_report_of ("TST02", uuid, NULL), NULL);
  g_autofree char *real = batch_of ("TST01", make_report (uuid, NULL), NULL);
  g_autofree char *real_upper = batch_of ("TST01", make_report (upper, NULL), NULL);
  g_autofree char *first = batch_of ("TST01", make_report (other, NULL), NULL);
  g_autofree char *squat = batch_of ("TST02", make_report_of ("TST02", other, NULL), NULL);
  g_autofree char *fake_reference = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *first_reference = NULL;

  /* Kiosk TST02 posts first with the UUID of a record TST01 still has queued. */
  {
    g_auto(Response) response = post_batch (fixture, fixture->token2, fake);
    g_autoptr(JsonNode) root = results_of (&response, uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
    fake_reference = g_strdup (member (result_at (root, 0), "server_reference"));
  }
  /* TST01's real record is refused as a conflict, not acknowledged as a duplicate (which
   * would make the kiosk drop it), and learns nothing of TST02's record; resending, or the
   * UUID in capitals, changes nothing. */
  {
    g_auto(Response) response = post_batch (fixture, fixture->token, real);
    g_auto(Response) again = post_batch (fixture, fixture->token, real);
    g_auto(Response) capitals = post_batch (fixture, fixture->token, real_upper);
    g_autoptr(JsonNode) root = results_of (&response, uuids);
    g_autoptr(JsonNode) again_root = results_of (&again, uuids);
    g_autoptr(JsonNode) capitals_root = results_of (&capitals, upper_uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "rejected");
    g_assert_cmpstr (member (result_at (root, 0), "code"), ==, "uuid_conflict");
    g_assert_null (member (result_at (root, 0), "server_reference"));
    g_assert_cmpstr (member (result_at (again_root, 0), "code"), ==, "uuid_conflict");
    g_assert_cmpstr (member (result_at (capitals_root, 0), "code"), ==, "uuid_conflict");
  }
  owner = db_text (fixture, "SELECT kiosk_code FROM records WHERE uuid = ?1", uuid);
  g_assert_cmpstr (owner, ==, "TST02");
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE uuid = ?1", uuid),
                   ==, 1);
  /* The first sender still gets its own answer. */
  {
    g_auto(Response) response = post_batch (fixture, fixture->token2, fake);
    g_autoptr(JsonNode) root = results_of (&response, uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "duplicate");
    g_assert_cmpstr (member (result_at (root, 0), "server_reference"), ==, fake_reference);
  }

  /* The other way round: another kiosk resending a UUID it saw on a receipt neither gets the
   * real record's server reference nor replaces it. */
  {
    g_auto(Response) response = post_batch (fixture, fixture->token, first);
    g_autoptr(JsonNode) root = results_of (&response, other_uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
    first_reference = g_strdup (member (result_at (root, 0), "server_reference"));
  }
  {
    g_auto(Response) response = post_batch (fixture, fixture->token2, squat);
    g_autoptr(JsonNode) root = results_of (&response, other_uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "rejected");
    g_assert_cmpstr (member (result_at (root, 0), "code"), ==, "uuid_conflict");
    g_assert_null (member (result_at (root, 0), "server_reference"));
    g_assert_null (strstr (response.body, first_reference));
  }
  g_clear_pointer (&owner, g_free);
  owner = db_text (fixture, "SELECT kiosk_code FROM records WHERE uuid = ?1", other);
  g_assert_cmpstr (owner, ==, "TST01");
}

static void
test_reference_of_another_kiosk (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *own = kiosk_uuid_new ();
  const char *uuids[] = { uuid, own, NULL };
  g_autofree char *batch = batch_of ("TST01", make_report_of ("TST02", uuid, NULL),
                                     make_report (own, NULL), NULL);
  g_auto(Response) response = post_batch (fixture, fixture->token, batch);
  g_autoptr(JsonNode) root = results_of (&response, uuids);

  g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "rejected");
  g_assert_cmpstr (member (result_at (root, 0), "code"), ==, "reference_mismatch");
  g_assert_cmpstr (member (result_at (root, 1), "status"), ==, "accepted");
}

static void
test_attachment_of_another_kiosk (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GBytes) photo = fake_jpeg (9, 64 * 1024);
  g_autofree char *sha = sha256_of (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);
  g_autofree char *attachments = g_strdup_printf ("[\"%s\"]", sha);
  g_autofree char *uuid = kiosk_uuid_new ();
  const char *uuids[] = { uuid, NULL };
  g_autofree char *batch = batch_of ("TST02", make_report_of ("TST02", uuid, attachments),
                                     NULL);
  const char *conditional[] = { "Content-Type: image/jpeg", "If-None-Match: *",
                                "Expect: 100-continue", NULL };
  RequestOptions options = { NULL, fixture->token2, conditional, NULL, FALSE };
  g_auto(Response) uploaded = put_attachment (fixture, sha, photo);

  g_assert_cmpint (uploaded.status, ==, 201);
  /* To kiosk TST02, TST01's photo does not exist: HEAD, a record naming it, a conditional
   * PUT all behave as if the server did not have it. */
  {
    g_auto(Response) head = http (fixture, "HEAD", path, fixture->token2, NULL, NULL, 0);
    g_auto(Response) named = post_batch (fixture, fixture->token2, batch);
    g_autoptr(JsonNode) root = results_of (&named, uuids);

    g_assert_cmpint (head.status, ==, 404);
    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "retry");
    g_assert_cmpstr (member (result_at (root, 0), "code"), ==, "attachment_missing");
    g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE uuid = ?1", uuid),
                     ==, 0);
  }
  {
    g_auto(Response) put = http_full (fixture, "PUT", path, g_bytes_get_data (photo, NULL),
                                      g_bytes_get_size (photo), &options);

    g_assert_cmpint (put.status, ==, 201);
    g_assert_cmpuint (put.sent, ==, g_bytes_get_size (photo));
  }
  /* Once it sent the bytes itself, it is its photo too; they are stored once. */
  {
    g_auto(Response) head = http (fixture, "HEAD", path, fixture->token2, NULL, NULL, 0);
    g_auto(Response) named = post_batch (fixture, fixture->token2, batch);
    g_autoptr(JsonNode) root = results_of (&named, uuids);

    g_assert_cmpint (head.status, ==, 200);
    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
  }
  g_assert_cmpint (stat_value (fixture, "attachments"), ==, 1);
}

static void
test_numbers_refuse_their_record (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char *extras[] = {
    NULL,
    ",\"n\":1e400",
    ",\"n\":1e17",
    ",\"n\":-1e-300",
    ",\"n\":99999999999999999999",
    ",\"nested\":{\"list\":[1,-123456789012345678901234567890]}",
    ",\"amount_baisa\":1.5",
    ",\"fee_baisa\":-5",
    ",\"updated_at\":\"yesterday\"",
  };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *batch = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      char *uuid = kiosk_uuid_new ();

      g_ptr_array_add (uuids, uuid);
      g_ptr_array_add (records, make_record (uuid, "feedback", extras[i], NULL));
    }
  g_ptr_array_add (uuids, NULL);
  batch = make_batch ("TST01", records);

  /* Twice: the second time every answer is the remembered one. */
  for (guint round = 0; round < 2; round++)
    {
      g_auto(Response) response = post_batch (fixture, fixture->token, batch);
      g_autoptr(JsonNode) root = results_of (&response, (const char * const *) uuids->pdata);

      g_assert_cmpstr (member (result_at (root, 0), "status"), ==,
                       round == 0 ? "accepted" : "duplicate");
      for (guint i = 1; i < G_N_ELEMENTS (extras); i++)
        {
          g_test_message ("%s: %s", extras[i], member (result_at (root, i), "reason"));
          g_assert_cmpstr (member (result_at (root, i), "status"), ==, "rejected");
          g_assert_cmpstr (member (result_at (root, i), "code"), ==, "invalid_payload");
        }
    }
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE status = ?1",
                             "rejected"), ==, G_N_ELEMENTS (extras) - 1);
  /* What is stored is JSON (or nothing), never json-glib's "inf.0". */
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM records WHERE payload IS NOT NULL"
                                      " AND NOT json_valid (payload) AND ?1 IS NULL", NULL),
                   ==, 0);
}


/* The answer to one record alone in a batch from `kiosk`. */
static JsonNode *
post_one (Fixture    *fixture,
          const char *kiosk,
          const char *token,
          const char *uuid,
          char       *record)
{
  g_autofree char *batch = batch_of (kiosk, record, NULL);
  g_auto(Response) response = post_batch (fixture, token, batch);
  const char *uuids[] = { uuid, NULL };

  return results_of (&response, uuids);
}

/* The payment_rejections changes of `token`'s feed, by key. */
static GHashTable *
payment_rejections (Fixture    *fixture,
                    const char *token,
                    char      **out_page)
{
  g_auto(Response) response = get_changes (fixture, token, NULL, 5000);
  g_autoptr(JsonNode) root = parse_json (response.body);
  JsonArray *changes = json_object_get_array_member (json_node_get_object (root), "changes");
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *row;

      if (!g_str_equal (json_object_get_string_member (change, "dataset"), "payment_rejections"))
        continue;
      row = json_object_get_object_member (change, "data");
      g_hash_table_insert (found, g_strdup (json_object_get_string_member (change, "key")),
                           g_strdup (json_object_get_string_member (row, "reason")));
    }
  if (out_page != NULL)
    *out_page = g_steal_pointer (&response.body);
  return found;
}

static void
test_payment_checks (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *fine_status = NULL;
  g_autofree char *page = NULL;
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GHashTable) own = NULL;
  g_autoptr(GHashTable) others = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) demo = run_central ("load", "--db", fixture->db, "--demo", NULL);
  g_autofree char *voucher = kiosk_uuid_new ();
  g_autofree char *confirmation = kiosk_uuid_new ();
  g_autofree char *voucher_reference = NULL;
  gint64 amount = 0;
  struct
  {
    const char *method, *status, *plate;
    gint64      listed, total;
  } bad[] = {
    { "card", "error", "X 1", 0, 1 },               /* the issue's: failed, 1 baisa, wrong plate */
    { "card", "approved_online", NULL, 0, -1 },      /* total one baisa short */
    { "card", "approved_offline", "ZZ 99999", 0, 0 }, /* another car's plate */
    { "card", "approved_offline", NULL, -1, -1 },    /* fine listed for less than it is */
    { "counter", "approved_online", NULL, 0, 0 },    /* approved by a card terminal, at the counter? */
  };

  g_assert_cmpint (demo.status, ==, 0);
  pick_demo_fine (&number, &plate, &amount);

  /* Each is refused, with a reason, and the fine stays unpaid. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char *uuid = kiosk_uuid_new ();
      g_autoptr(JsonNode) root = NULL;

      g_ptr_array_add (refused, uuid);
      root = post_one (fixture, "TST01", fixture->token, uuid,
                       fine_payment_full ("TST01", uuid, bad[i].method, bad[i].status,
                                          number, bad[i].plate ? bad[i].plate : plate,
                                          amount + bad[i].listed, bad[i].total == 1 ? 1
                                          : amount + bad[i].total));
      g_test_message ("%s: %s", uuid, member (result_at (root, 0), "reason"));
      g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "rejected");
      g_assert_cmpstr (member (result_at (root, 0), "code"), ==, "payment_mismatch");
      g_assert_null (member (result_at (root, 0), "server_reference"));
    }
  fine_status = db_text (fixture, "SELECT json_extract (data, '$.status') FROM reference_rows"
                                  " WHERE dataset = 'fines' AND key = ?1", number);
  g_assert_cmpstr (fine_status, ==, "unpaid");
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM fine_payments WHERE ?1 IS NULL",
                             NULL), ==, 0);

  /* The refusals reach that kiosk's feed, and no other kiosk's... */
  own = payment_rejections (fixture, fixture->token, &page);
  others = payment_rejections (fixture, fixture->token2, NULL);
  g_assert_cmpuint (g_hash_table_size (own), ==, refused->len);
  for (guint i = 0; i < refused->len; i++)
    g_assert_nonnull (g_hash_table_lookup (own, g_ptr_array_index (refused, i)));
  g_assert_cmpuint (g_hash_table_size (others), ==, 0);
  /* ... and the kiosk's own pull stores them for the attendant's desk. */
  store = kiosk_test_store_new (kiosk_dir, FALSE);
  g_assert_true (kiosk_pull_apply_page (store, page, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM payment_rejections"
                                                " WHERE code = 'payment_mismatch'"
                                                " AND reason != ''", NULL), ==, refused->len);
  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);

  /* A permit's payment pays no fine: accepted with none listed, refused when it lists one. */
  {
    g_autofree char *permit = kiosk_uuid_new ();
    g_autofree char *sneaky = kiosk_uuid_new ();
    g_autofree char *sneaky_extra = g_strdup_printf (",\"purpose\":\"parking_permit\","
                                                     "\"method\":\"card\",\"status\":"
                                                     "\"approved_online\",\"amount_baisa\":%"
                                                     G_GINT64_FORMAT ",\"fines\":[{"
                                                     "\"fine_number\":\"%s\",\"plate\":"
                                                     "\"%s\",\"amount_baisa\":%"
                                                     G_GINT64_FORMAT "}]", amount, number, plate,
                                                     amount);
    g_autoptr(JsonNode) permit_root = NULL;
    g_autoptr(JsonNode) sneaky_root = NULL;

    permit_root = post_one (fixture, "TST01", fixture->token, permit,
                            make_record (permit, "payment", ",\"purpose\":\"parking_permit\","
                                         "\"method\":\"card\",\"status\":\"approved_online\","
                                         "\"amount_baisa\":10000,\"fines\":[]", NULL));
    sneaky_root = post_one (fixture, "TST01", fixture->token, sneaky,
                            make_record (sneaky, "payment", sneaky_extra, NULL));
    g_assert_cmpstr (member (result_at (permit_root, 0), "status"), ==, "accepted");
    g_assert_cmpstr (member (result_at (sneaky_root, 0), "code"), ==, "payment_mismatch");
  }

  /* A voucher to pay at the counter pays nothing by itself... */
  {
    g_autoptr(JsonNode) root = post_one (fixture, "TST01", fixture->token, voucher,
                                         fine_payment_full ("TST01", voucher, "counter",
                                                            "awaiting_counter", number, plate,
                                                            amount, amount));

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
    g_clear_pointer (&fine_status, g_free);
    fine_status = db_text (fixture, "SELECT json_extract (data, '$.status') FROM"
                                    " reference_rows WHERE dataset = 'fines' AND key = ?1",
                           number);
    g_assert_cmpstr (fine_status, ==, "unpaid");
    voucher_reference = db_text (fixture, "SELECT kiosk_reference FROM records WHERE uuid = ?1",
                                 voucher);
  }
  /* ... a confirmation for another amount is refused; the counter's confirmation pays it. */
  {
    g_autofree char *short_uuid = kiosk_uuid_new ();
    g_autofree char *short_extra = g_strdup_printf (",\"payment_uuid\":\"%s\",\"payment_reference\":"
                                                    "\"%s\",\"amount_baisa\":%" G_GINT64_FORMAT
                                                    ",\"attendant_id\":\"A1\"", voucher,
                                                    voucher_reference, amount - 1);
    g_autofree char *extra = g_strdup_printf (",\"payment_uuid\":\"%s\",\"payment_reference\":"
                                              "\"%s\",\"amount_baisa\":%" G_GINT64_FORMAT
                                              ",\"attendant_id\":\"A1\"", voucher,
                                              voucher_reference, amount);
    g_autoptr(JsonNode) short_root = post_one (fixture, "TST01", fixture->token, short_uuid,
                                               make_record (short_uuid, "counter_payment",
                                                            short_extra, NULL));
    g_autoptr(JsonNode) root = post_one (fixture, "TST01", fixture->token, confirmation,
                                         make_record (confirmation, "counter_payment", extra,
                                                      NULL));

    g_assert_cmpstr (member (result_at (short_root, 0), "code"), ==, "payment_mismatch");
    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
  }
  g_clear_pointer (&fine_status, g_free);
  fine_status = db_text (fixture, "SELECT json_extract (data, '$.status') FROM reference_rows"
                                  " WHERE dataset = 'fines' AND key = ?1", number);
  g_assert_cmpstr (fine_status, ==, "paid");
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM fine_payments WHERE payment_uuid"
                                      " = ?1", voucher), ==, 1);
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) photo = fake_jpeg (9, 12345);
  g_autofree char *sha = sha256_of (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_autofree char *attachments = g_strdup_printf ("[\"%s\"]", sha);
  g_autofree char *a = kiosk_uuid_new ();
  g_autofree char *b = kiosk_uuid_new ();
  g_autofree char *c = kiosk_uuid_new ();
  g_autofree char *d = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST01", make_report (a, attachments), make_report (b, NULL),
                                     make_record (c, "feedback", "", NULL),
                                     make_record (d, "spaceship", "", NULL), NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *stats, *records;

  {
    g_auto(Response) put = put_attachment (fixture, sha, photo);
    g_auto(Response) response = post_batch (fixture, fixture->token, batch);

    g_assert_cmpint (put.status, ==, 201);
    g_assert_cmpint (response.status, ==, 200);
  }
  {
    g_auto(Run) run = run_central ("stats", "--db", fixture->db, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    root = parse_json (run.out);
  }
  stats = json_node_get_object (root);
  records = json_object_get_object_member (stats, "records");
  g_assert_cmpint (json_object_get_int_member (records, "report"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (records, "feedback"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (records, "payment"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (stats, "record_uuids"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (stats, "attachments"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (stats, "attachment_bytes"), ==, 12345);
  g_assert_cmpint (json_object_get_int_member (stats, "refund_cases"), ==, 0);
  /* Two reports: two report_status changes. */
  g_assert_cmpint (json_object_get_int_member (stats, "changes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (stats, "kiosks"), ==, 2);
}

typedef struct
{
  Fixture    *fixture;
  const char *body;
  long        status;
} Sender;

static gpointer
send_thread (gpointer user_data)
{
  Sender *sender = user_data;
  const char *headers[] = { "Content-Type: application/json", NULL };
  RequestOptions options = { NULL, sender->fixture->token, headers, NULL, FALSE };
  g_auto(Response) response = http_full (sender->fixture, "POST", "/v1/batches", sender->body,
                                         strlen (sender->body), &options);

  sender->status = response.status;
  return NULL;
}

static void
test_sigkill (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *a = kiosk_uuid_new ();
  g_autofree char *b = kiosk_uuid_new ();
  const char *a_uuids[] = { a, NULL };
  const char *b_uuids[] = { b, NULL };
  g_autofree char *batch_a = batch_of ("TST01", make_report (a, NULL), NULL);
  g_autofree char *batch_b = batch_of ("TST01", make_report (b, NULL), NULL);
  g_autofree char *reference = NULL;
  static const guint delays_ms[] = { 3, 8, 12, 16, 25 };

  /* Between batches. */
  {
    g_auto(Response) response = post_batch (fixture, fixture->token, batch_a);
    g_autoptr(JsonNode) root = results_of (&response, a_uuids);

    g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
    reference = g_strdup (member (result_at (root, 0), "server_reference"));
  }
  server_kill (fixture);
  server_start (fixture);
  {
    g_auto(Response) again = post_batch (fixture, fixture->token, batch_a);
    g_auto(Response) next = post_batch (fixture, fixture->token, batch_b);
    g_autoptr(JsonNode) again_root = results_of (&again, a_uuids);
    g_autoptr(JsonNode) next_root = results_of (&next, b_uuids);

    g_assert_cmpstr (member (result_at (again_root, 0), "status"), ==, "duplicate");
    g_assert_cmpstr (member (result_at (again_root, 0), "server_reference"), ==, reference);
    g_assert_cmpstr (member (result_at (next_root, 0), "status"), ==, "accepted");
  }

  /* In the middle of a batch of 1000 (a new one each round): after the restart it is all
   * there or not at all, and a resend completes it exactly once. */
  for (guint round = 0; round < G_N_ELEMENTS (delays_ms); round++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *big = NULL;
      gint64 before = 2 + 1000 * (gint64) round;
      Sender sender = { fixture, NULL, 0 };
      GThread *thread;
      gint64 stored;

      for (guint i = 0; i < 1000; i++)
        {
          char *uuid = kiosk_uuid_new ();

          g_ptr_array_add (uuids, uuid);
          g_ptr_array_add (records, make_report (uuid, NULL));
        }
      g_ptr_array_add (uuids, NULL);
      big = make_batch ("TST01", records);
      sender.body = big;

      thread = g_thread_new ("sender", send_thread, &sender);
      g_usleep (delays_ms[round] * 1000);
      server_kill (fixture);
      g_thread_join (thread);
      stored = db_count (fixture, "SELECT count (*) FROM records WHERE kind = 'report'", NULL);
      g_test_message ("killed after %u ms: answer %ld, %" G_GINT64_FORMAT " reports stored",
                      delays_ms[round], sender.status, stored);
      g_assert_true (stored == before || stored == before + 1000);

      server_start (fixture);
      {
        g_auto(Response) resend = post_batch (fixture, fixture->token, big);
        g_autoptr(JsonNode) root = results_of (&resend, (const char * const *) uuids->pdata);
        const char *expected = stored == before ? "accepted" : "duplicate";

        for (guint i = 0; i < 1000; i++)
          g_assert_cmpstr (member (result_at (root, i), "status"), ==, expected);
      }
      g_assert_cmpint (stat_value (fixture, "records.report"), ==, before + 1000);
    }
  g_assert_cmpint (stat_value (fixture, "record_uuids"), ==, 2 + 1000 * G_N_ELEMENTS (delays_ms));
}

static void
test_tls (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (fixture->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->dir, "key.pem", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
                            cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                            "subjectAltName=IP:127.0.0.1", NULL };
  const char *serve[] = { "--db", fixture->db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                          "--tls-key", key, NULL };
  RequestOptions verified = { NULL, NULL, NULL, cert, FALSE };
  RequestOptions unverified = { NULL, NULL, NULL, NULL, FALSE };
  int status = -1;

  g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  server_stop (fixture);
  /* The command-less form, as the README shows it. */
  server_start_argv (fixture, serve);
  g_assert_true (g_str_has_prefix (fixture->url, "https://127.0.0.1:"));
  {
    g_auto(Response) health = http_full (fixture, "GET", "/v1/health", NULL, 0, &verified);
    g_auto(Response) stranger = http_full (fixture, "GET", "/v1/health", NULL, 0, &unverified);

    g_assert_cmpint (health.curl_code, ==, CURLE_OK);
    g_assert_cmpint (health.status, ==, 200);
    /* Peer verification on: a certificate nobody vouches for is refused. */
    g_assert_cmpint (stranger.curl_code, !=, CURLE_OK);
  }
}

static gpointer
concurrent_thread (gpointer user_data)
{
  Sender *sender = user_data;

  send_thread (sender);
  return NULL;
}

static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  Sender senders[8];
  GThread *threads[8];
  char *bodies[8];

  for (guint t = 0; t < 8; t++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *uuid = kiosk_uuid_new ();
          g_ptr_array_add (records, make_report (uuid, NULL));
        }
      bodies[t] = make_batch ("TST01", records);
      senders[t] = (Sender) { fixture, bodies[t], 0 };
    }
  for (guint t = 0; t < 8; t++)
    threads[t] = g_thread_new ("sender", concurrent_thread, &senders[t]);
  for (guint t = 0; t < 8; t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpint (senders[t].status, ==, 200);
      g_free (bodies[t]);
    }
  g_assert_cmpint (stat_value (fixture, "records.report"), ==, 400);
  g_assert_cmpint (stat_value (fixture, "changes"), ==, 400);
}

/* What a real kiosk queues, sent as the agent would: photos first, then the batch. */
static void
test_real_kiosk_records (Fixture       *fixture,
                         gconstpointer  data)
{
  KioskSimulation simulation = { .reports = 6, .photos = 5, .payments = 4, .feedback = 3,
                                 .seed = 7, .photo_bytes = 8000 };
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (kiosk_dir, TRUE);
  g_autoptr(KioskOutboxBatch) claimed = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) demo = run_central ("load", "--db", fixture->db, "--demo", NULL);
  KioskSimulationResult result;
  guint photos = 0;

  g_assert_cmpint (demo.status, ==, 0);
  kiosk_simulate_run (store, &simulation, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  claimed = kiosk_outbox_claim (store, 1000, 8 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->records->len, ==, 13);

  for (guint i = 0; i < claimed->records->len; i++)
    {
      KioskOutboxRecord *record = g_ptr_array_index (claimed->records, i);
      g_autoptr(GString) attachments = g_string_new ("[");

      for (guint p = 0; record->attachments != NULL && record->attachments[p] != NULL; p++)
        {
          g_autoptr(GBytes) photo = kiosk_photos_read (store, record->attachments[p], &error);
          g_assert_no_error (error);
          {
            g_auto(Response) put = put_attachment (fixture, record->attachments[p], photo);
            g_assert_cmpint (put.status, ==, 201);
          }
          g_string_append_printf (attachments, "%s\"%s\"", p ? "," : "", record->attachments[p]);
          photos++;
        }
      g_string_append (attachments, "]");
      g_ptr_array_add (uuids, record->record_uuid);
      g_ptr_array_add (records,
                       g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"%s\",\"created_at\":%"
                                        G_GINT64_FORMAT ",\"payload\":%s,\"attachments\":%s}",
                                        record->record_uuid, record->kind, record->created_at,
                                        record->payload, attachments->str));
    }
  g_assert_cmpuint (photos, ==, 5);
  g_ptr_array_add (uuids, NULL);
  batch = make_batch ("TST01", records);

  {
    g_auto(Response) response = post_batch (fixture, fixture->token, batch);

    root = results_of (&response, (const char * const *) uuids->pdata);
  }
  for (guint i = 0; i + 1 < uuids->len; i++)
    g_assert_cmpstr (member (result_at (root, i), "status"), ==, "accepted");
  g_assert_cmpint (stat_value (fixture, "records.report"), ==, 6);
  g_assert_cmpint (stat_value (fixture, "records.payment"), ==, 4);
  g_assert_cmpint (stat_value (fixture, "records.feedback"), ==, 3);
  /* The fines those payments paid are now paid for every kiosk. */
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM fine_payments", NULL), >, 0);
  g_assert_cmpint (db_count (fixture, "SELECT count (*) FROM fine_payments f JOIN reference_rows r"
                                      " ON r.dataset = 'fines' AND r.key = f.fine_number"
                                      " WHERE json_extract (r.data, '$.status') = 'paid'", NULL),
                   ==, db_count (fixture, "SELECT count (*) FROM fine_payments", NULL));

  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);
}

static void
test_cli_refuses (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (kiosk_dir, "kiosk.db", NULL);
  g_autoptr(KioskStore) store = kiosk_test_store_new (kiosk_dir, FALSE);
  g_autofree char *before = kiosk_test_snapshot_tables (store);
  g_autofree char *after = NULL;
  g_auto(Run) stats = run_central ("stats", "--db", kiosk_db, "--json", NULL);
  g_auto(Run) bad_code = run_central ("add-kiosk", "--db", fixture->db, "--kiosk", "tst-1", NULL);
  g_auto(Run) no_db = run_central ("stats", "--json", NULL);
  g_auto(Run) nothing = run_central ("load", "--db", fixture->db, NULL);
  g_auto(Run) nonsense = run_central ("frobnicate", NULL);
  g_auto(Run) listen = run_central ("serve", "--db", fixture->db, "--listen", "localhost",
                                    NULL);

  if (sync_pg_enabled ())
    {
      g_test_skip ("about SQLite files; PostgreSQL refuses other schemas in migrate");
      kiosk_store_close (g_steal_pointer (&store));
      kiosk_test_remove_dir (kiosk_dir);
      return;
    }
  g_assert_cmpint (stats.status, ==, 2);
  g_assert_nonnull (strstr (stats.err, "not a kiosk-central database"));
  after = kiosk_test_snapshot_tables (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (bad_code.status, ==, 2);
  g_assert_cmpint (no_db.status, ==, 2);
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_cmpint (nonsense.status, ==, 2);
  g_assert_cmpint (listen.status, ==, 2);
  g_assert_nonnull (strstr (listen.err, "--listen"));

  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);
}


static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_files_are_private (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "private", "central.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *old = g_build_filename (fixture->dir, "old.db", NULL);
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST09", make_report_of ("TST09", uuid, NULL), NULL);
  g_autofree char *token = NULL;
  const char *extra[] = { "--db", db, "--listen", "127.0.0.1:0", NULL };
  mode_t saved;

  if (sync_pg_enabled ())
    {
      g_test_skip ("about the SQLite file's modes; PostgreSQL keeps no files of ours");
      return;
    }
  server_stop (fixture);
  /* The most careless umask there is: the server must not depend on it. */
  saved = umask (0);
  {
    g_auto(Run) add = run_central ("add-kiosk", "--db", db, "--kiosk", "TST09", NULL);

    g_assert_cmpint (add.status, ==, 0);
    token = g_strstrip (g_steal_pointer (&add.out));
  }
  server_start_argv (fixture, extra);
  {
    g_auto(Response) response = post_batch (fixture, token, batch);

    g_assert_cmpint (response.status, ==, 200);
  }
  g_test_message ("modes: db %04o, wal %04o, shm %04o", file_mode (db), file_mode (wal),
                  file_mode (shm));
  g_assert_cmpuint (file_mode (db) & 0077, ==, 0);
  g_assert_cmpuint (file_mode (wal) & 0077, ==, 0);
  g_assert_cmpuint (file_mode (shm) & 0077, ==, 0);

  /* A database an older version left readable is made private when next opened. */
  {
    g_auto(Run) create = run_central ("stats", "--db", old, "--json", NULL);

    g_assert_cmpint (create.status, ==, 0);
    g_assert_cmpint (g_chmod (old, 0644), ==, 0);
  }
  {
    g_auto(Run) again = run_central ("stats", "--db", old, "--json", NULL);

    g_assert_cmpint (again.status, ==, 0);
  }
  umask (saved);
  g_assert_cmpuint (file_mode (old), ==, 0600);
  server_stop (fixture);
}

static void
test_add_kiosk_keeps_disabled (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *token = add_kiosk (fixture, "TST05");
  g_auto(Run) disable = run_central ("add-kiosk", "--db", fixture->db, "--disable", "TST05",
                                     NULL);
  g_auto(Run) again = run_central ("add-kiosk", "--db", fixture->db, "--kiosk", "TST05", NULL);
  g_auto(Run) renew = { -1, NULL, NULL };

  g_assert_cmpint (disable.status, ==, 0);
  /* A new token is not a way back in: refused, and the kiosk stays disabled. */
  g_assert_cmpint (again.status, ==, 2);
  g_assert_nonnull (strstr (again.err, "--enable"));
  g_assert_cmpstr (again.out, ==, "");
  g_assert_cmpint (db_count (fixture, "SELECT enabled FROM kiosks WHERE code = ?1", "TST05"),
                   ==, 0);
  {
    g_auto(Response) refused = get_changes (fixture, token, NULL, 1);

    g_assert_cmpint (refused.status, ==, 403);
  }
  /* Said on purpose, it is enabled with a new token (the old one is retired). */
  renew = run_central ("add-kiosk", "--db", fixture->db, "--kiosk", "TST05", "--enable", "TST05",
                       NULL);
  g_assert_cmpint (renew.status, ==, 0);
  g_strstrip (renew.out);
  {
    g_auto(Response) old_token = get_changes (fixture, token, NULL, 1);
    g_auto(Response) new_token = get_changes (fixture, renew.out, NULL, 1);

    g_assert_cmpint (old_token.status, ==, 401);
    g_assert_cmpint (new_token.status, ==, 200);
  }
}


/* Abuse ------------------------------------------------------------------------------------- */

/* A TCP connection to the server from `source` (NULL: any address); -1 when refused. */
static int
connect_from (Fixture    *fixture,
              const char *source)
{
  struct sockaddr_in address = { 0 };
  const char *port = strrchr (fixture->url, ':') + 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_family = AF_INET;
  if (source != NULL)
    {
      g_assert_cmpint (inet_pton (AF_INET, source, &address.sin_addr), ==, 1);
      if (bind (fd, (struct sockaddr *) &address, sizeof address) != 0)
        {
          close (fd);
          return -1;
        }
    }
  address.sin_port = htons ((guint16) g_ascii_strtoull (port, NULL, 10));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Whether the server still holds `fd` open (no EOF or reset waiting on it). */
static gboolean
still_open (int fd)
{
  char byte;
  ssize_t n = recv (fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

/* The server's limit on a batch body (sync/server/README.md). */
#define KIOSK_CENTRAL_TEST_BATCH_MAX (8 * 1024 * 1024)

#define SLOW_SOCKETS 130
#define SLOW_SECONDS 15

/* ~130 connections each sending one header line every 2 s, for 15 s, from one address;
 * meanwhile health probes and an honest kiosk's batch, from another address, are answered. */
static void
test_slow_headers (Fixture       *fixture,
                   gconstpointer  data)
{
  int fds[SLOW_SOCKETS];
  const char *source = "127.0.0.2";
  RequestOptions probe_options = { NULL, NULL, NULL, NULL, FALSE, source };
  RequestOptions kiosk_options = { NULL, fixture->token, NULL, NULL, FALSE, source };
  const char *json_header[] = { "Content-Type: application/json", NULL };
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *batch = batch_of ("TST01", make_report (uuid, NULL), NULL);
  guint opened = 0, held = 0, probes = 0, answered = 0, batches_ok = 0;
  gint64 start, slowest = 0, next_line = 0;
  int check = connect_from (fixture, source);

  if (check < 0)
    {
      g_test_skip ("cannot connect from 127.0.0.2 here");
      return;
    }
  close (check);
  kiosk_options.headers = json_header;

  for (guint i = 0; i < SLOW_SOCKETS; i++)
    {
      static const char head[] = "POST /v1/batches HTTP/1.1\r\nHost: central\r\n";

      fds[i] = connect_from (fixture, NULL);
      if (fds[i] >= 0 && send (fds[i], head, strlen (head), MSG_NOSIGNAL) > 0)
        opened++;
    }

  start = g_get_monotonic_time ();
  for (guint round = 0; g_get_monotonic_time () - start < SLOW_SECONDS * G_USEC_PER_SEC; round++)
    {
      gint64 now = g_get_monotonic_time (), took;

      if (now >= next_line)
        {
          g_autofree char *line = g_strdup_printf ("X-Slow-%u: still coming\r\n", round);

          for (guint i = 0; i < SLOW_SOCKETS; i++)
            if (fds[i] >= 0)
              send (fds[i], line, strlen (line), MSG_NOSIGNAL | MSG_DONTWAIT);
          next_line = now + 2 * G_USEC_PER_SEC;
        }

      {
        Response health = http_full (fixture, "GET", "/v1/health", NULL, 0, &probe_options);

        took = g_get_monotonic_time () - now;
        slowest = MAX (slowest, took);
        probes++;
        answered += health.status == 200;
        response_clear (&health);
      }
      if (round % 5 == 0)
        {
          Response honest = http_full (fixture, "POST", "/v1/batches", batch, strlen (batch),
                                       &kiosk_options);

          batches_ok += honest.status == 200;
          response_clear (&honest);
        }
      g_usleep (G_USEC_PER_SEC / 2);
    }

  for (guint i = 0; i < SLOW_SOCKETS; i++)
    if (fds[i] >= 0)
      {
        held += still_open (fds[i]);
        close (fds[i]);
      }
  g_test_message ("slow headers: %u sockets opened, %u still held by the server after %d s;"
                  " %u of %u health probes answered (slowest %.0f ms); %u honest batches"
                  " answered", opened, held, SLOW_SECONDS, answered, probes, slowest / 1000.0,
                  batches_ok);
  g_assert_cmpuint (probes, >=, 10);
  g_assert_cmpuint (answered, ==, probes);
  g_assert_cmpuint (batches_ok, >=, 2);
  g_assert_cmpint (slowest, <, 5 * G_USEC_PER_SEC);
}

typedef struct
{
  Fixture    *fixture;
  GPtrArray  *bodies;   /* GBytes, sent round robin */
  guint       first;
  guint       count;
  guint       answered;
} Abuser;

static gpointer
abuse_thread (gpointer data)
{
  Abuser *abuser = data;
  const char *json[] = { "Content-Type: application/json", NULL };
  const char *gzip[] = { "Content-Type: application/json", "Content-Encoding: gzip", NULL };

  for (guint i = 0; i < abuser->count; i++)
    {
      guint k = (abuser->first + i) % abuser->bodies->len;
      GBytes *body = g_ptr_array_index (abuser->bodies, k);
      /* The gzip bomb is the first body (and its copies, the same GBytes). */
      gboolean zipped = body == g_ptr_array_index (abuser->bodies, 0);
      RequestOptions options = { NULL, abuser->fixture->token2, zipped ? gzip : json, NULL,
                                 FALSE, NULL };
      gsize length;
      const void *bytes = g_bytes_get_data (body, &length);
      Response response = http_full (abuser->fixture, "POST", "/v1/batches", bytes, length,
                                     &options);

      abuser->answered += response.status >= 400 && response.status < 500;
      response_clear (&response);
    }
  return NULL;
}

/* 700 abusive batches (a gzip bomb, a million tiny JSON values, megabytes of one string, just
 * over the size limit), four at a time: each refused, and the memory they took is given
 * back. */
static void
test_abuse_gives_memory_back (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GString) tiny = g_string_new ("{\"kiosk_id\":\"TST01\",\"batch_id\":\"x\",\"records\":[{\"uuid\":\"u\",\"x\":[");
  g_autoptr(GString) long_string = g_string_new ("{\"kiosk_id\":\"TST02\",\"batch_id\":\"");
  g_autoptr(GString) over = g_string_sized_new (KIOSK_CENTRAL_TEST_BATCH_MAX + 1);
  Abuser abusers[4];
  GThread *threads[4];
  guint answered = 0;
  gint64 before, after;

#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer keeps freed memory in quarantine: RSS says nothing about the server. */
  g_test_skip ("RSS is not the server's under AddressSanitizer");
  return;
#endif

  /* 9 MiB of zeros, gzipped to a few kilobytes. */
  {
    g_autofree guint8 *zeros = g_malloc0 (9 * 1024 * 1024);
    g_autoptr(GBytes) plain = g_bytes_new_take (g_steal_pointer (&zeros), 9 * 1024 * 1024);
    g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (plain);
    g_autoptr(GInputStream) zipped = g_converter_input_stream_new (in, G_CONVERTER (compressor));
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                            G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
    g_ptr_array_add (bodies, g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out)));
  }
  while (tiny->len < 1024 * 1024)
    g_string_append (tiny, "1,2,3,4,5,6,7,8,9,");
  g_string_append (tiny, "0]}]}");
  g_ptr_array_add (bodies, g_bytes_new (tiny->str, tiny->len));
  while (long_string->len < 1024 * 1024)
    g_string_append (long_string, "abcdefghijklmnopqrstuvwxyz0123456789");
  g_string_append (long_string, "\",\"records\":[]}");
  g_ptr_array_add (bodies, g_bytes_new (long_string->str, long_string->len));
  /* Just over the limit: read to the end (so the client sees its 413), then dropped. Sent
   * one time in four; the others again, so that the whole stays quick. */
  g_string_set_size (over, KIOSK_CENTRAL_TEST_BATCH_MAX + 1);
  memset (over->str, ' ', over->len);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (bodies, g_bytes_ref (g_ptr_array_index (bodies, i)));
  g_ptr_array_add (bodies, g_bytes_new (over->str, over->len));

  /* The baseline: the server after some honest work. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *uuid = kiosk_uuid_new ();
      g_autofree char *batch = batch_of ("TST01", make_report (uuid, NULL), NULL);
      g_auto(Response) response = post_batch (fixture, fixture->token, batch);

      g_assert_cmpint (response.status, ==, 200);
    }
  before = kiosk_test_process_kib (fixture->server, "VmRSS:");
  g_assert_cmpint (before, >, 0);

  for (guint t = 0; t < G_N_ELEMENTS (abusers); t++)
    {
      abusers[t] = (Abuser) { fixture, bodies, t, 175, 0 };
      threads[t] = g_thread_new ("abuser", abuse_thread, &abusers[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (abusers); t++)
    {
      g_thread_join (threads[t]);
      answered += abusers[t].answered;
    }
  g_usleep (G_USEC_PER_SEC);
  after = kiosk_test_process_kib (fixture->server, "VmRSS:");
  g_assert_cmpint (after, >, 0);

  g_test_message ("RSS of kiosk-central: %" G_GINT64_FORMAT " KiB before, %" G_GINT64_FORMAT
                  " KiB after 700 abusive batches (%u refused with 4xx)", before, after,
                  answered);
  g_assert_cmpuint (answered, ==, 700);
  /* Still serving, and no worse than a few buffers' worth above where it started. */
  {
    g_auto(Response) health = http (fixture, "GET", "/v1/health", NULL, NULL, NULL, 0);

    g_assert_cmpint (health.status, ==, 200);
  }
  g_assert_cmpint (after, <, before + 48 * 1024);
}

/* An attendant's end-of-day report, as the kiosk queues it, is stored like any record. */
static void
test_z_report_record (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *kiosk_dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (kiosk_dir, TRUE);
  g_autoptr(KioskZReport) report = NULL;
  g_autoptr(KioskOutboxBatch) claimed = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  KioskOutboxRecord *record;
  const char *uuids[2] = { NULL, NULL };

  report = kiosk_z_report_take (store, "salim", &error);
  g_assert_no_error (error);
  claimed = kiosk_outbox_claim (store, 10, 1024 * 1024, &error);
  g_assert_no_error (error);
  /* The Z and the audit entry of who took it. */
  g_assert_cmpuint (claimed->records->len, ==, 2);
  record = g_ptr_array_index (claimed->records, 0);
  if (!g_str_equal (record->kind, "z_report"))
    record = g_ptr_array_index (claimed->records, 1);
  g_assert_cmpstr (record->kind, ==, "z_report");
  uuids[0] = record->record_uuid;
  g_ptr_array_add (records, g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"%s\",\"created_at\":%"
                                             G_GINT64_FORMAT ",\"payload\":%s}",
                                             record->record_uuid, record->kind,
                                             record->created_at, record->payload));
  batch = make_batch ("TST01", records);
  {
    g_auto(Response) response = post_batch (fixture, fixture->token, batch);

    root = results_of (&response, uuids);
  }
  g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
  g_assert_true (g_str_has_prefix (member (result_at (root, 0), "server_reference"),
                                   "MCT-ZRP-"));
  g_assert_cmpint (stat_value (fixture, "records.z_report"), ==, 1);
  kiosk_store_close (g_steal_pointer (&store));
  kiosk_test_remove_dir (kiosk_dir);
}

/* An audit entry has no human reference; it must say who did what and when. A malformed one
 * is refused alone; one claiming another kiosk's reference is refused. */
static void
test_audit_entries (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *batch = NULL;
  const char *uuids[] = { "7b0e1c52-7d0f-4c1e-9d3a-2f1e0c9b8a01",
                          "7b0e1c52-7d0f-4c1e-9d3a-2f1e0c9b8a02",
                          "7b0e1c52-7d0f-4c1e-9d3a-2f1e0c9b8a03", NULL };

  g_ptr_array_add (records, g_strdup_printf (
    "{\"uuid\":\"%s\",\"kind\":\"audit_entry\",\"created_at\":1796018400,\"payload\":"
    "{\"uuid\":\"%s\",\"at\":1796018400,\"actor\":\"salim\",\"action\":"
    "\"counter_voucher_voided\",\"record_uuid\":null,\"detail\":{\"reason\":\"left\"}}}",
    uuids[0], uuids[0]));
  g_ptr_array_add (records, g_strdup_printf (
    "{\"uuid\":\"%s\",\"kind\":\"audit_entry\",\"created_at\":1796018400,\"payload\":"
    "{\"uuid\":\"%s\",\"at\":1796018400,\"action\":\"attendant_login\"}}",
    uuids[1], uuids[1]));
  g_ptr_array_add (records, g_strdup_printf (
    "{\"uuid\":\"%s\",\"kind\":\"audit_entry\",\"created_at\":1796018400,\"payload\":"
    "{\"uuid\":\"%s\",\"reference\":\"OTHER-261130-0001\",\"at\":1796018400,"
    "\"actor\":\"salim\",\"action\":\"attendant_login\"}}",
    uuids[2], uuids[2]));
  batch = make_batch ("TST01", records);
  {
    g_auto(Response) response = post_batch (fixture, fixture->token, batch);

    root = results_of (&response, uuids);
  }
  g_assert_cmpstr (member (result_at (root, 0), "status"), ==, "accepted");
  g_assert_true (g_str_has_prefix (member (result_at (root, 0), "server_reference"),
                                   "MCT-AUD-"));
  g_assert_cmpstr (member (result_at (root, 1), "status"), ==, "rejected");
  g_assert_cmpstr (member (result_at (root, 1), "code"), ==, "invalid_payload");
  g_assert_cmpstr (member (result_at (root, 2), "status"), ==, "rejected");
  g_assert_cmpstr (member (result_at (root, 2), "code"), ==, "reference_mismatch");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  central_path = g_getenv ("KIOSK_CENTRAL");
  g_assert_nonnull (central_path);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, func) \
  g_test_add ("/kiosk/sync/server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("health-needs-no-token", test_health);
  ADD ("auth/missing-or-unknown-token-is-401", test_auth_401);
  ADD ("auth/disabled-kiosk-or-other-kiosk-id-is-403", test_auth_403);
  ADD ("batch/resend-gets-duplicate-with-the-same-reference", test_batch_duplicate);
  ADD ("batch/rejected-record-keeps-its-rejection", test_batch_rejected);
  ADD ("batch/attachment-missing-is-retry-until-uploaded", test_batch_attachment_missing);
  ADD ("batch/gzip-body-is-accepted", test_batch_gzip);
  ADD ("batch/real-kiosk-records-are-accepted", test_real_kiosk_records);
  ADD ("batch/z-report-is-stored", test_z_report_record);
  ADD ("batch/audit-entries-need-who-what-when", test_audit_entries);
  ADD ("attachments/wrong-hash-is-422-and-stores-nothing", test_attachment_wrong_hash);
  ADD ("attachments/head-put-and-if-none-match", test_attachment_head_put);
  ADD ("attachments/get-serves-only-announcement-pictures",
       test_attachment_get_only_announcement_pictures);
  ADD ("limits/too-large-is-413", test_too_large);
  ADD ("limits/malformed-requests-get-4xx-error-bodies", test_malformed);
  ADD ("changes/pages-follow-the-cursor", test_changes_paging);
  ADD ("changes/no-or-foreign-cursor-resets", test_changes_reset);
  ADD ("changes/report-status-goes-to-its-kiosk-only", test_report_status);
  ADD ("batch/report-keeps-its-position", test_report_position);
  ADD ("load/bad-file-changes-nothing", test_load_bad_file);
  ADD ("load/demo-seed-is-loaded-once", test_load_demo);
  ADD ("payment/fine-paid-twice-across-kiosks-opens-refund-case", test_double_payment);
  ADD ("payment/only-matching-approved-payments-settle-fines", test_payment_checks);
  ADD ("stats/json-counts", test_stats);
  ADD ("distrust/uuid-of-another-kiosk-is-a-conflict", test_uuid_of_another_kiosk);
  ADD ("distrust/reference-of-another-kiosk-is-refused", test_reference_of_another_kiosk);
  ADD ("distrust/attachment-of-another-kiosk-is-absent", test_attachment_of_another_kiosk);
  ADD ("distrust/bad-numbers-refuse-their-record-only", test_numbers_refuse_their_record);
  ADD ("crash/sigkill-keeps-dedupe", test_sigkill);
  ADD ("concurrent-batches-all-land", test_concurrent);
  ADD ("tls/serves-https-with-its-certificate", test_tls);
  ADD ("cli/refuses-what-is-not-its-database", test_cli_refuses);
  ADD ("cli/add-kiosk-leaves-a-disabled-kiosk-disabled", test_add_kiosk_keeps_disabled);
  ADD ("files/database-and-wal-are-owner-only-under-umask-000", test_files_are_private);
  ADD ("abuse/slow-headers-leave-health-and-kiosks-answered", test_slow_headers);
  ADD ("abuse/memory-comes-back-after-700-abusive-batches", test_abuse_gives_memory_back);

  status = g_test_run ();
  curl_global_cleanup ();
  return status;
}
