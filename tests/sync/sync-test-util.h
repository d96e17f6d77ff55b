/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the end-to-end sync tests share: the real reference server (kiosk-central) and the real
 * agent (kiosk-sync) started as processes on 127.0.0.1, a kiosk database filled with
 * simulated traffic, and read-only looks at what the server holds. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char        *db;        /* the server's SQLite file */
  char        *url;       /* http(s)://127.0.0.1:PORT */
  guint16      port;
  GStrv        extra;     /* extra arguments to `serve` (TLS) */
  GSubprocess *process;
} SyncServer;

/* Starts `kiosk-central serve` on a free port (or `port`), waits for its "listening on"
 * line. The database is created on first use. */
SyncServer *sync_server_start     (const char         *db,
                                   guint16             port,
                                   const char * const *extra);
/* Kills (SIGKILL) or stops (SIGTERM) it and waits for it to go. */
void        sync_server_kill      (SyncServer         *server);
void        sync_server_stop      (SyncServer         *server);
/* Starts it again on the same database and port. */
void        sync_server_restart   (SyncServer         *server);
void        sync_server_free      (SyncServer         *server);

/* Runs a kiosk-central command on the server's database and returns its stdout; fails the
 * test if it fails. */
char       *sync_central_run      (const char         *db,
                                   const char * const *args);
/* The same with `input` on its stdin (a password). */
char       *sync_central_run_with_input (const char         *db,
                                         const char * const *args,
                                         const char         *input);
/* Runs a kiosk-central command that must be refused (exit 2); returns its stderr. */
char       *sync_central_refused  (const char         *db,
                                   const char * const *args);
/* Registers `code` and writes its token to `token_file`. */
void        sync_server_add_kiosk (const char         *db,
                                   const char         *code,
                                   const char         *token_file);

/* The record UUIDs the server holds with `status` ("accepted" or "rejected"), sorted, read
 * straight from its database (read-only). */
GPtrArray  *sync_server_uuids     (const char         *db,
                                   const char         *status);
/* The first column of every row `sql` returns from the SQLite file at `path` (read-only). */
GPtrArray  *sync_db_column        (const char         *path,
                                   const char         *sql);
gboolean    sync_server_has_record (const char        *db,
                                    const char        *uuid);
/* A count from the server's database (read-only). */
gint64      sync_server_count     (const char         *db,
                                   const char         *sql);
/* The same with `?1` bound to the text `arg`. */
gint64      sync_server_count_with (const char        *db,
                                    const char        *sql,
                                    const char        *arg);

/* Runs a statement on the server's database behind its back (a test's time travel); aborts
 * the test when it fails. */
void        sync_server_exec      (const char         *db,
                                   const char         *sql);

/* A kiosk database at `path` with identity `code`, the demo seed, and simulated traffic. */
void        sync_kiosk_create     (const char         *path,
                                   const char         *code,
                                   guint               reports,
                                   guint               photos,
                                   guint               payments,
                                   guint               feedback,
                                   gsize               photo_bytes,
                                   guint32             seed);
/* The record UUIDs of the kiosk's outbox in `state` (or every one with NULL), sorted. */
GPtrArray  *sync_kiosk_uuids      (const char         *path,
                                   const char         *state);
gint64      sync_kiosk_count      (const char         *path,
                                   const char         *sql);

/* A configuration file for the agent in `dir`: the database, the server, the token file, and
 * short timeouts so fault tests stay quick. `extra` is more "[group]\nkey=value" text. */
char       *sync_agent_config     (const char         *dir,
                                   const char         *db,
                                   const char         *url,
                                   const char         *token_file,
                                   const char         *extra);
/* Spawns `kiosk-sync --config CONFIG COMMAND [args]` with stdout piped. */
GSubprocess *sync_agent_spawn     (const char         *config,
                                   const char         *command,
                                   const char * const *args);
/* Spawns `kiosk-sync --config CONFIG COMMAND` with its stdout and stderr appended to `log`. */
GSubprocess *sync_agent_spawn_logged (const char *config,
                                      const char *command,
                                      const char *log);
/* Runs `kiosk-admin ARGS...` ($KIOSK_ADMIN) to the end; its exit status. */
int          sync_kiosk_admin (const char * const *args);
/* Runs `kiosk-sync once --json` to the end; returns its exit code and, when `report` is not
 * NULL, its JSON report. */
int          sync_agent_once      (const char         *config,
                                   JsonObject        **report);
/* The same, with what it logged on stderr in `log` (instead of the test's own stderr). */
int          sync_agent_once_logged (const char       *config,
                                     JsonObject      **report,
                                     char            **log);

/* Every file in `dir` by name, as bytes (the server's attachments or the kiosk's photos). */
GHashTable  *sync_read_files      (const char         *dir);

/* Reads one line from a child's stdout, failing the test after `timeout_s`. */
char        *sync_read_line       (GSubprocess        *process,
                                   guint               timeout_s);

/* One HTTP request to a test server on 127.0.0.1, whatever its status: a GET, or a POST of
 * JSON `body`; with the kiosk's bearer `token` (NULL: none). The connection must succeed. */
typedef struct
{
  long     status;
  GString *body;
  char    *retry_after;   /* the Retry-After header's value, or NULL */
} SyncHttpAnswer;

void sync_http_request      (const char     *url,
                             const char     *token,
                             const char     *body,
                             SyncHttpAnswer *answer);
void sync_http_answer_clear (SyncHttpAnswer *answer);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncHttpAnswer, sync_http_answer_clear)

G_END_DECLS
