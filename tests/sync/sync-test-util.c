/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Processes and looks for the end-to-end sync tests: kiosk-central and kiosk-sync for real, on
 * loopback, with the kiosk's and the server's SQLite files read directly (read-only). */
#define G_LOG_DOMAIN "sync-test-util"

#include "config.h"

#include "sync-test-util.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>

#include "sync-test-pg.h"

#include "kiosk-simulate.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("$%s is not set: run the tests with meson test", variable);
  return path;
}

/* A test that fails part-way must not leave servers and agents running behind it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* `log`, when not NULL, gets the child's stdout and stderr, appended. */
static GSubprocess *
spawn_logged (GPtrArray       *argv,
              GSubprocessFlags flags,
              const char      *log)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, NULL);
  /* kiosk-central on PostgreSQL in the -pg variants; everything else as it is. */
  if (g_strcmp0 (argv->pdata[0], g_getenv ("KIOSK_CENTRAL")) == 0)
    args = sync_pg_central_argv ((const char * const *) argv->pdata);
  else
    args = g_strdupv ((char **) argv->pdata);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (log != NULL)
    {
      int fd = g_open (log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

      g_assert_cmpint (fd, >=, 0);
      g_subprocess_launcher_take_stdout_fd (launcher, fd);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
spawn (GPtrArray       *argv,
       GSubprocessFlags flags)
{
  return spawn_logged (argv, flags, NULL);
}

typedef struct
{
  GMainLoop *loop;
  char      *line;
  gboolean   timed_out;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &error);
  g_main_loop_quit (read->loop);
}

static gboolean
line_timeout_cb (gpointer user_data)
{
  LineRead *read = user_data;

  read->timed_out = TRUE;
  g_main_loop_quit (read->loop);
  return G_SOURCE_REMOVE;
}

char *
sync_read_line (GSubprocess *process,
                guint        timeout_s)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (process);
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (timeout_s);
  LineRead read = { NULL, NULL, FALSE };

  /* One buffered reader per pipe, kept on the process, so no bytes are lost between calls. */
  data = g_object_get_data (G_OBJECT (process), "sync-test-reader");
  if (data == NULL)
    {
      data = g_data_input_stream_new (out);
      g_object_set_data_full (G_OBJECT (process), "sync-test-reader", g_object_ref (data),
                              g_object_unref);
    }
  else
    g_object_ref (data);

  g_main_context_push_thread_default (context);
  read.loop = g_main_loop_new (context, FALSE);
  g_source_set_callback (timeout, line_timeout_cb, &read, NULL);
  g_source_attach (timeout, context);
  g_data_input_stream_read_line_async (data, G_PRIORITY_DEFAULT, cancellable, line_read_cb,
                                       &read);
  g_main_loop_run (read.loop);
  if (read.timed_out)
    {
      g_cancellable_cancel (cancellable);
      while (g_main_context_iteration (context, FALSE))
        ;
      g_main_context_pop_thread_default (context);
      g_main_loop_unref (read.loop);
      g_error ("no line from a child process within %u s", timeout_s);
    }
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (read.loop);
  return read.line;
}

static void
server_spawn (SyncServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autofree char *line = NULL;
  const char *url;

  g_ptr_array_add (argv, (char *) program ("KIOSK_CENTRAL"));
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, listen);
  for (guint i = 0; server->extra != NULL && server->extra[i] != NULL; i++)
    g_ptr_array_add (argv, server->extra[i]);
  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  line = sync_read_line (server->process, 20);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("kiosk-central did not start: %s", line ? line : "(no output)");
  url = line + strlen ("listening on ");
  g_free (server->url);
  server->url = g_strdup (url);
  server->port = (guint16) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
}

SyncServer *
sync_server_start (const char         *db,
                   guint16             port,
                   const char * const *extra)
{
  SyncServer *server = g_new0 (SyncServer, 1);

  server->db = g_strdup (db);
  server->port = port;
  server->extra = g_strdupv ((char **) extra);
  server_spawn (server);
  return server;
}

static void
server_end (SyncServer *server,
            int         signo)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, signo);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

void
sync_server_kill (SyncServer *server)
{
  server_end (server, SIGKILL);
}

void
sync_server_stop (SyncServer *server)
{
  server_end (server, SIGTERM);
}

void
sync_server_restart (SyncServer *server)
{
  g_assert_null (server->process);
  server_spawn (server);
}

void
sync_server_free (SyncServer *server)
{
  if (server == NULL)
    return;
  sync_server_stop (server);
  g_free (server->db);
  g_free (server->url);
  g_strfreev (server->extra);
  g_free (server);
}

char *
sync_central_run (const char         *db,
                  const char * const *args)
{
  return sync_central_run_with_input (db, args, NULL);
}

/* Runs `kiosk-central ARGS[0] --db DB ARGS[1…]` to its end: its exit status, stdout, stderr. */
static int
central_run (const char         *db,
             const char * const *args,
             const char         *input,
             char              **out,
             char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) program ("KIOSK_CENTRAL"));
  g_ptr_array_add (argv, (char *) args[0]);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                   (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

char *
sync_central_run_with_input (const char         *db,
                             const char * const *args,
                             const char         *input)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (central_run (db, args, input, &out, &err) != 0)
    g_error ("kiosk-central %s failed: %s", args[0], err);
  return g_steal_pointer (&out);
}

char *
sync_central_refused (const char         *db,
                      const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (central_run (db, args, NULL, &out, &err), ==, 2);
  return g_steal_pointer (&err);
}

void
sync_server_add_kiosk (const char *db,
                       const char *code,
                       const char *token_file)
{
  const char *args[] = { "add-kiosk", "--kiosk", code, NULL };
  g_autofree char *token = sync_central_run (db, args);
  g_autoptr(GError) error = NULL;

  g_strstrip (token);
  g_assert_cmpuint (strlen (token), >=, 16);
  /* Owner only: the agent refuses a token file others can read. */
  g_assert_true (g_file_set_contents_full (token_file, token, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
}

static sqlite3 *
open_read_only (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static GPtrArray *
column (const char *path,
        const char *sql,
        const char *arg)
{
  GPtrArray *values;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sync_pg_lookup (path) != NULL)
    return sync_pg_column (sync_pg_lookup (path), sql, arg);
  values = g_ptr_array_new_with_free_func (g_free);
  db = open_read_only (path);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s: %s", path, sql, sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    g_error ("%s: %s: %s", path, sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return values;
}

void
sync_server_exec (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sync_pg_lookup (path) != NULL)
    {
      sync_pg_exec (sync_pg_lookup (path), sql);
      return;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s: %s", path, sql, message);
  sqlite3_close (db);
}

GPtrArray *
sync_server_uuids (const char *db,
                   const char *status)
{
  return column (db, "SELECT uuid FROM records WHERE status = ?1 ORDER BY uuid", status);
}

GPtrArray *
sync_db_column (const char *path,
                const char *sql)
{
  return column (path, sql, NULL);
}

gboolean
sync_server_has_record (const char *db,
                        const char *uuid)
{
  g_autoptr(GPtrArray) found = column (db, "SELECT uuid FROM records WHERE uuid = ?1", uuid);

  return found->len == 1;
}

gint64
sync_server_count (const char *db,
                   const char *sql)
{
  return sync_server_count_with (db, sql, NULL);
}

gint64
sync_server_count_with (const char *db,
                        const char *sql,
                        const char *arg)
{
  g_autoptr(GPtrArray) values = column (db, sql, arg);

  g_assert_cmpuint (values->len, ==, 1);
  return g_ascii_strtoll (g_ptr_array_index (values, 0), NULL, 10);
}

void
sync_kiosk_create (const char *path,
                   const char *code,
                   guint       reports,
                   guint       photos,
                   guint       payments,
                   guint       feedback,
                   gsize       photo_bytes,
                   guint32     seed)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  KioskSimulation simulation = { reports, photos, payments, feedback, seed, photo_bytes };
  KioskSimulationResult result;

  store = kiosk_test_store_new (dir, TRUE);
  /* kiosk_test_store_new names the file kiosk.db and the kiosk TST01. */
  g_assert_cmpstr (kiosk_store_get_path (store), ==, path);
  g_assert_true (kiosk_store_set_identity (store, code, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_simulate_run (store, &simulation, &result, NULL, NULL, &error));
  g_assert_no_error (error);
}

GPtrArray *
sync_kiosk_uuids (const char *path,
                  const char *state)
{
  if (state == NULL)
    return column (path, "SELECT record_uuid FROM outbox WHERE ?1 IS NULL ORDER BY record_uuid",
                   NULL);
  return column (path, "SELECT record_uuid FROM outbox WHERE state = ?1 ORDER BY record_uuid",
                 state);
}

gint64
sync_kiosk_count (const char *path,
                  const char *sql)
{
  return sync_server_count (path, sql);
}

char *
sync_agent_config (const char *dir,
                   const char *db,
                   const char *url,
                   const char *token_file,
                   const char *extra)
{
  g_autofree char *path = g_build_filename (dir, "agent.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  text = g_strdup_printf ("[kiosk]\ndatabase=%s\n"
                          "[sync]\nserver-url=%s\ntoken-file=%s\n"
                          "connect-timeout=2\nstall-timeout=2\nrequest-timeout=20\n"
                          "retries=4\nretry-max-delay=1\ninterval=10\n%s",
                          db, url, token_file, extra ? extra : "");
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

GSubprocess *
sync_agent_spawn_logged (const char *config,
                         const char *command,
                         const char *log)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) program ("KIOSK_SYNC"));
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, (char *) config);
  g_ptr_array_add (argv, (char *) command);
  return spawn_logged (argv, G_SUBPROCESS_FLAGS_STDERR_MERGE, log);
}

int
sync_kiosk_admin (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) program ("KIOSK_ADMIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static GSubprocess *
agent_spawn (const char         *config,
             const char         *command,
             const char * const *args,
             GSubprocessFlags    flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) program ("KIOSK_SYNC"));
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, (char *) config);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) command);
  return spawn (argv, flags);
}

GSubprocess *
sync_agent_spawn (const char         *config,
                  const char         *command,
                  const char * const *args)
{
  return agent_spawn (config, command, args, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
}

int
sync_agent_once (const char  *config,
                 JsonObject **report)
{
  return sync_agent_once_logged (config, report, NULL);
}

int
sync_agent_once_logged (const char  *config,
                        JsonObject **report,
                        char       **log)
{
  const char *args[] = { "--json", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  process = agent_spawn (config, "once", args,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                         (log != NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0));
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, log, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);

  if (report != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *report = NULL;
      if (out != NULL && json_parser_load_from_data (parser, out, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        *report = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      else
        g_error ("kiosk-sync once printed no JSON report: %s", out ? out : "(nothing)");
    }
  return status;
}

GHashTable *
sync_read_files (const char *dir)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) names = kiosk_test_list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_hash_table_insert (files, g_strdup (name), g_bytes_new_take (contents, length));
    }
  return files;
}

static size_t
answer_body_cb (char   *data,
                size_t  size,
                size_t  nmemb,
                void   *user_data)
{
  SyncHttpAnswer *answer = user_data;

  g_string_append_len (answer->body, data, (gssize) (size * nmemb));
  return size * nmemb;
}

static size_t
answer_header_cb (char   *data,
                  size_t  size,
                  size_t  nmemb,
                  void   *user_data)
{
  SyncHttpAnswer *answer = user_data;
  gsize n = size * nmemb;

  if (n > 12 && g_ascii_strncasecmp (data, "Retry-After:", 12) == 0)
    {
      g_free (answer->retry_after);
      answer->retry_after = g_strstrip (g_strndup (data + 12, n - 12));
    }
  return n;
}

void
sync_http_request (const char     *url,
                   const char     *token,
                   const char     *body,
                   SyncHttpAnswer *answer)
{
  g_autofree char *auth = token ? g_strdup_printf ("Authorization: Bearer %s", token) : NULL;
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();

  sync_http_answer_clear (answer);
  answer->body = g_string_new (NULL);
  if (auth != NULL)
    headers = curl_slist_append (headers, auth);
  if (body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, answer_body_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, answer_header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, answer);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  if (body != NULL)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &answer->status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
}

void
sync_http_answer_clear (SyncHttpAnswer *answer)
{
  if (answer->body != NULL)
    g_string_free (answer->body, TRUE);
  g_free (answer->retry_after);
  *answer = (SyncHttpAnswer) { 0 };
}
