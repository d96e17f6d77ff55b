/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync tests' own PostgreSQL: initdb and pg_ctl as the `postgres` user when the tests run
 * as root (CI does; initdb refuses root), a watchdog that stops the cluster when the test
 * process is gone (a failed assertion aborts without atexit), bounded waits everywhere. */
#define G_LOG_DOMAIN "sync-test-pg"

#include "config.h"

#include "sync-test-pg.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_BINDIR "/usr/lib/postgresql/15/bin"
#define PG_USER "kiosk"
#define START_TIMEOUT_S "60"

typedef struct
{
  char       *dir;        /* 0755, owned by the cluster's user */
  char       *bindir;
  guint16     port;
  GHashTable *databases;  /* central path → URL */
  GSubprocess *watchdog;
} Cluster;

static Cluster *cluster;
G_LOCK_DEFINE_STATIC (cluster);

gboolean
sync_pg_enabled (void)
{
  return g_strcmp0 (g_getenv ("KIOSK_TEST_CENTRAL"), "postgresql") == 0;
}

/* argv run as the cluster's owner: `postgres` when we are root. */
static GPtrArray *
as_owner (void)
{
  GPtrArray *argv = g_ptr_array_new ();

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, "runuser");
      g_ptr_array_add (argv, "-u");
      g_ptr_array_add (argv, "postgres");
      g_ptr_array_add (argv, "--");
    }
  return argv;
}

static void
run (GPtrArray *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", (const char *) argv->pdata[0], out);
}

static guint16
free_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint16 port;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  port = ntohs (address.sin_port);
  close (fd);
  return port;
}

/* A shell that waits for its stdin to close (this process ending, however it ends) and then
 * stops the cluster at once and removes its folder. */
static GSubprocess *
start_watchdog (Cluster *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  const char *as = geteuid () == 0 ? "runuser -u postgres -- " : "";
  GSubprocess *process;

  script = g_strdup_printf ("cat >/dev/null; %s'%s/pg_ctl' -D '%s/data' -m immediate -w -t 30"
                            " stop >/dev/null 2>&1; rm -rf '%s'", as, self->bindir, self->dir,
                            self->dir);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                              G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "sh", "-c", script, NULL);
  g_assert_no_error (error);
  return process;
}

/* `pg_ctl start` on `port`, waiting until it accepts connections; FALSE if it did not start
 * (the port taken meanwhile). */
static gboolean
cluster_pg_ctl_start (Cluster *self,
                      guint16  port)
{
  g_autoptr(GPtrArray) argv = as_owner ();
  g_autofree char *pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  g_autofree char *data = g_build_filename (self->dir, "data", NULL);
  g_autofree char *log = g_build_filename (self->dir, "log", NULL);
  g_autofree char *options = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  self->port = port;
  /* fsync off: the tests crash servers, never the machine; it saves seconds. A benchmark
   * sets $KIOSK_TEST_PG_FSYNC=on to measure what a real deployment pays. */
  options = g_strdup_printf ("-p %u -k %s -c listen_addresses=127.0.0.1 -c fsync=%s"
                             " -c max_connections=200", self->port, self->dir,
                             g_strcmp0 (g_getenv ("KIOSK_TEST_PG_FSYNC"), "on") == 0 ? "on"
                                                                                  : "off");
  g_ptr_array_add (argv, pg_ctl);
  g_ptr_array_add (argv, "-D");
  g_ptr_array_add (argv, data);
  g_ptr_array_add (argv, "-l");
  g_ptr_array_add (argv, log);
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, "-t");
  g_ptr_array_add (argv, START_TIMEOUT_S);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, options);
  g_ptr_array_add (argv, "start");
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

static Cluster *
cluster_start (void)
{
  Cluster *self = g_new0 (Cluster, 1);
  g_autoptr(GError) error = NULL;
  const char *bindir = g_getenv ("KIOSK_TEST_PG_BINDIR");

  self->bindir = g_strdup (bindir ? bindir : DEFAULT_BINDIR);
  self->databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* In /tmp, not $TMPDIR: the `postgres` user must reach the folder through its parents. */
  self->dir = g_strdup ("/tmp/kiosk-pg-XXXXXX");
  g_assert_nonnull (g_mkdtemp_full (self->dir, 0755));
  g_assert_cmpint (g_chmod (self->dir, 0755), ==, 0);
  if (geteuid () == 0)
    {
      struct passwd *postgres = getpwnam ("postgres");

      if (postgres == NULL)
        g_error ("no `postgres` user: install the postgresql package");
      g_assert_cmpint (chown (self->dir, postgres->pw_uid, postgres->pw_gid), ==, 0);
    }
  self->watchdog = start_watchdog (self);

  {
    g_autoptr(GPtrArray) argv = as_owner ();
    g_autofree char *initdb = g_build_filename (self->bindir, "initdb", NULL);
    g_autofree char *data = g_build_filename (self->dir, "data", NULL);

    g_ptr_array_add (argv, initdb);
    g_ptr_array_add (argv, "--no-sync");
    g_ptr_array_add (argv, "--auth=trust");
    g_ptr_array_add (argv, "--username=" PG_USER);
    g_ptr_array_add (argv, "--encoding=UTF8");
    g_ptr_array_add (argv, "--locale=C");
    g_ptr_array_add (argv, "-D");
    g_ptr_array_add (argv, data);
    run (argv);
  }

  /* A port another test took between free_port and the start: try another. */
  for (guint attempt = 0; !cluster_pg_ctl_start (self, free_port ()); attempt++)
    if (attempt == 2)
      {
        g_autofree char *log = g_build_filename (self->dir, "log", NULL);
        g_autofree char *text = NULL;

        g_file_get_contents (log, &text, NULL, NULL);
        g_error ("PostgreSQL did not start: %s", text ? text : "(no log)");
      }
  return self;
}

static char *
url_for (const char *dbname)
{
  return g_strdup_printf ("postgresql://" PG_USER "@127.0.0.1:%u/%s", cluster->port, dbname);
}

void
sync_pg_exec (const char *url,
              const char *sql)
{
  PGconn *conn = PQconnectdb (url);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", url, PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s: %s", url, sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

const char *
sync_pg_lookup (const char *path)
{
  const char *url = NULL;

  G_LOCK (cluster);
  if (cluster != NULL)
    url = g_hash_table_lookup (cluster->databases, path);
  G_UNLOCK (cluster);
  return url;
}

const char *
sync_pg_database (const char *path)
{
  g_autofree char *hash = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *create = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *url;
  const char *known = sync_pg_lookup (path);

  if (known != NULL)
    return known;

  G_LOCK (cluster);
  if (cluster == NULL)
    cluster = cluster_start ();
  G_UNLOCK (cluster);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  dbname = g_strdup_printf ("central_%.16s", hash);
  admin = url_for ("postgres");
  create = g_strdup_printf ("CREATE DATABASE %s", dbname);
  sync_pg_exec (admin, create);
  url = url_for (dbname);

  g_ptr_array_add (argv, (char *) g_getenv ("KIOSK_CENTRAL"));
  g_ptr_array_add (argv, "migrate");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, url);
  run (argv);

  G_LOCK (cluster);
  g_hash_table_insert (cluster->databases, g_strdup (path), url);
  G_UNLOCK (cluster);
  return url;
}

/* The tests' SQL is written once, for SQLite: `?N` → `$N` as kiosk-central does, and
 * `json_extract (col, '$.member')` → `(col::json ->> 'member')`, `json_valid (col)` → a cast. */
static char *
postgresql_dialect (const char *sql)
{
  g_autoptr(GRegex) placeholder = g_regex_new ("\\?([0-9])", 0, 0, NULL);
  g_autoptr(GRegex) member = g_regex_new ("json_extract \\(([a-z_.]+), '\\$\\.([a-z0-9_]+)'\\)",
                                          0, 0, NULL);
  g_autoptr(GRegex) nested_member =
    g_regex_new ("json_extract \\(([a-z_.]+), '\\$\\.([a-z0-9_]+)\\.([a-z0-9_]+)'\\)", 0, 0,
                 NULL);
  g_autoptr(GRegex) valid = g_regex_new ("json_valid \\(([a-z_.]+)\\)", 0, 0, NULL);
  g_autofree char *step = g_regex_replace (placeholder, sql, -1, 0, "$\\1", 0, NULL);
  g_autofree char *nested = g_regex_replace (nested_member, step, -1, 0,
                                             "(\\1::json -> '\\2' ->> '\\3')", 0, NULL);
  g_autofree char *members = g_regex_replace (member, nested, -1, 0, "(\\1::json ->> '\\2')",
                                              0, NULL);

  return g_regex_replace (valid, members, -1, 0, "(\\1::json IS NOT NULL)", 0, NULL);
}

GPtrArray *
sync_pg_column (const char *url,
                const char *sql,
                const char *arg)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = postgresql_dialect (sql);
  const char *params[1] = { arg };
  const Oid types[1] = { 25 /* text: `?1 IS NULL` says nothing of its type */ };
  PGconn *conn = PQconnectdb (url);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", url, PQerrorMessage (conn));
  result = PQexecParams (conn, text, strstr (sql, "?1") ? 1 : 0, types, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s: %s", url, sql, PQresultErrorMessage (result));
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (values, PQgetisnull (result, i, 0) ? NULL
                                                        : g_strdup (PQgetvalue (result, i, 0)));
  PQclear (result);
  PQfinish (conn);
  return values;
}

GStrv
sync_pg_central_argv (const char * const *argv)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  const char *db = NULL;
  gboolean has_attachments = FALSE, wants_attachments;

  g_assert_nonnull (argv[0]);
  if (!sync_pg_enabled ())
    return g_strdupv ((char **) argv);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--attachments"))
        has_attachments = TRUE;
      if (g_str_equal (argv[i], "--db") && argv[i + 1] != NULL)
        {
          db = argv[i + 1];
          g_strv_builder_add (out, argv[i]);
          g_strv_builder_add (out, g_str_has_prefix (db, "postgresql://")
                                   ? db : sync_pg_database (db));
          i++;
          continue;
        }
      g_strv_builder_add (out, argv[i]);
    }
  wants_attachments = argv[1] == NULL || argv[1][0] == '-' || g_str_equal (argv[1], "serve") ||
                      g_str_equal (argv[1], "attach");
  if (db != NULL && wants_attachments && !has_attachments)
    {
      g_autofree char *dir = g_strconcat (db, ".attachments", NULL);

      g_strv_builder_add (out, "--attachments");
      g_strv_builder_add (out, dir);
    }
  return g_strv_builder_end (out);
}

void
sync_pg_crash (void)
{
  g_autoptr(GPtrArray) argv = as_owner ();
  g_autofree char *pg_ctl = NULL;
  g_autofree char *data = NULL;

  G_LOCK (cluster);
  g_assert_nonnull (cluster);
  pg_ctl = g_build_filename (cluster->bindir, "pg_ctl", NULL);
  data = g_build_filename (cluster->dir, "data", NULL);
  G_UNLOCK (cluster);
  g_ptr_array_add (argv, pg_ctl);
  g_ptr_array_add (argv, "-D");
  g_ptr_array_add (argv, data);
  g_ptr_array_add (argv, "-m");
  g_ptr_array_add (argv, "immediate");
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, "-t");
  g_ptr_array_add (argv, START_TIMEOUT_S);
  g_ptr_array_add (argv, "stop");
  run (argv);
}

void
sync_pg_restart (void)
{
  G_LOCK (cluster);
  g_assert_nonnull (cluster);
  /* The same port: the servers keep their URLs. Crash recovery runs before it accepts. */
  if (!cluster_pg_ctl_start (cluster, cluster->port))
    g_error ("PostgreSQL did not start again on port %u", cluster->port);
  G_UNLOCK (cluster);
}
