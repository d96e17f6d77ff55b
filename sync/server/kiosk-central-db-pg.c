/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's PostgreSQL backend (libpq): one connection per KioskCentralDb (the
 * server keeps a bounded pool of them), server-side prepared statements made from the
 * callers' `?N` SQL, a statement timeout, SQLSTATEs turned into KioskError codes, and its own
 * migrations (migrations-pg/) applied under an advisory lock by `kiosk-central migrate`. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-db-private.h"

#include <libpq-fe.h>
#include <string.h>

#include "kiosk-error.h"

/* A statement that runs longer is cancelled and its request answered 503 (retry later),
 * rather than holding a pooled connection and its locks while kiosks time out. */
#define STATEMENT_TIMEOUT "30s"

/* Held while migrating, so two `migrate` runs (or deployments) never run one migration
 * twice: "KCMIGR". */
#define MIGRATE_LOCK_KEY "75836773718282"

#define MAX_PARAMS 16

typedef struct
{
  KioskCentralDb  parent;
  PGconn         *conn;
  GHashTable     *statements;   /* SQL text → PgStmt* */
  guint           generation;   /* bumped when the connection is re-established */
  guint           next_name;
  gboolean        in_transaction;
  gint64          changes;
  char           *error_message;
  char            sqlstate[6];
} PgDb;

typedef struct
{
  KioskCentralStmt  parent;
  char             *sql;          /* with $N placeholders */
  char             *name;
  guint             generation;   /* prepared on the server for this generation */
  int               n_params;
  char             *values[MAX_PARAMS];
  int               lengths[MAX_PARAMS];
  PGresult         *result;
  int               row;
} PgStmt;

static void
pg_stmt_free (gpointer data)
{
  PgStmt *stmt = data;

  g_clear_pointer (&stmt->result, PQclear);
  for (int i = 0; i < MAX_PARAMS; i++)
    g_free (stmt->values[i]);
  g_free (stmt->sql);
  g_free (stmt->name);
  g_free (stmt);
}

/* Remembers the failure for kiosk_central_db_fail: SQLSTATE and message. */
static void
remember_error (PgDb           *self,
                const PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : NULL;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  g_free (self->error_message);
  self->error_message = g_strstrip (g_strdup (message));
  g_strlcpy (self->sqlstate, state ? state : "", sizeof self->sqlstate);
}

static void
quiet_notices (void       *arg,
               const char *message)
{
  /* NOTICEs ("relation already exists, skipping") are not the operator's business. */
}

static gboolean
configure_session (PgDb    *self,
                   GError **error)
{
  PGresult *result;
  gboolean ok;

  PQsetNoticeProcessor (self->conn, quiet_notices, NULL);
  result = PQexec (self->conn,
                   "SET statement_timeout = '" STATEMENT_TIMEOUT "';"
                   "SET client_min_messages = warning;"
                   "SET client_encoding = 'UTF8';"
                   "SET TIME ZONE 'UTC'");
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    {
      remember_error (self, result);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: %s",
                   self->parent.name, self->error_message);
    }
  PQclear (result);
  return ok;
}

/* A connection lost between transactions (a PostgreSQL restart, a failover) is made again;
 * within a transaction it is a failure: that transaction is gone. */
static gboolean
ensure_connection (PgDb *self)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (self->in_transaction)
    return FALSE;
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK || !configure_session (self, NULL))
    return FALSE;
  self->generation++;
  g_message ("%s: reconnected to PostgreSQL", self->parent.name);
  return TRUE;
}

/* `?12` → `$12`, leaving string literals and quoted names alone. */
static char *
rewrite_placeholders (const char *sql,
                      int        *out_n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 8);
  char quote = 0;
  int n = 0;

  for (const char *p = sql; *p; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '\'' || *p == '"')
        quote = *p;
      if (*p == '?' && g_ascii_isdigit (p[1]))
        {
          int index = (int) g_ascii_strtoll (p + 1, NULL, 10);

          n = MAX (n, index);
          g_string_append_c (out, '$');
          continue;
        }
      g_string_append_c (out, *p);
    }
  *out_n_params = n;
  return g_string_free (out, FALSE);
}

static KioskCentralStmt *
pg_prepare (KioskCentralDb *db,
            const char     *sql,
            GError        **error)
{
  PgDb *self = (PgDb *) db;
  PgStmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      stmt = g_new0 (PgStmt, 1);
      stmt->parent.db = db;
      stmt->sql = rewrite_placeholders (sql, &stmt->n_params);
      g_assert (stmt->n_params <= MAX_PARAMS);
      stmt->name = g_strdup_printf ("kc%u", self->next_name++);
      stmt->generation = G_MAXUINT;
      stmt->row = -1;
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
      return &stmt->parent;
    }
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  for (int i = 0; i < MAX_PARAMS; i++)
    g_clear_pointer (&stmt->values[i], g_free);
  return &stmt->parent;
}

static void
pg_bind_text (KioskCentralStmt *stmt,
              int               index,
              const char       *text,
              gsize             length)
{
  PgStmt *self = (PgStmt *) stmt;

  g_return_if_fail (index >= 1 && index <= MAX_PARAMS);
  g_clear_pointer (&self->values[index - 1], g_free);
  if (text != NULL)
    self->values[index - 1] = g_strndup (text, length);
  self->lengths[index - 1] = (int) length;
}

static void
pg_bind_int64 (KioskCentralStmt *stmt,
               int               index,
               gint64            value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  pg_bind_text (stmt, index, text, strlen (text));
}

static KioskCentralStep
pg_step (KioskCentralStmt *stmt)
{
  PgStmt *self = (PgStmt *) stmt;
  PgDb *db = (PgDb *) stmt->db;

  if (self->result == NULL)
    {
      ExecStatusType status;

      if (!ensure_connection (db))
        {
          remember_error (db, NULL);
          g_strlcpy (db->sqlstate, "08006", sizeof db->sqlstate);
          return KIOSK_CENTRAL_ERROR;
        }
      if (self->generation != db->generation)
        {
          PGresult *prepared = PQprepare (db->conn, self->name, self->sql, self->n_params,
                                          NULL);

          if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
            {
              remember_error (db, prepared);
              PQclear (prepared);
              return KIOSK_CENTRAL_ERROR;
            }
          PQclear (prepared);
          self->generation = db->generation;
        }
      self->result = PQexecPrepared (db->conn, self->name, self->n_params,
                                     (const char * const *) self->values, self->lengths, NULL,
                                     0);
      status = PQresultStatus (self->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          remember_error (db, self->result);
          g_clear_pointer (&self->result, PQclear);
          return KIOSK_CENTRAL_ERROR;
        }
      if (!g_str_has_prefix (PQcmdStatus (self->result), "SELECT"))
        db->changes = g_ascii_strtoll (PQcmdTuples (self->result), NULL, 10);
      self->row = -1;
    }
  if (self->row + 1 < PQntuples (self->result))
    {
      self->row++;
      return KIOSK_CENTRAL_ROW;
    }
  self->row = PQntuples (self->result);
  return KIOSK_CENTRAL_DONE;
}

static void
pg_reset (KioskCentralStmt *stmt)
{
  PgStmt *self = (PgStmt *) stmt;

  g_clear_pointer (&self->result, PQclear);
  self->row = -1;
}

static const char *
pg_column_text (KioskCentralStmt *stmt,
                int               column)
{
  PgStmt *self = (PgStmt *) stmt;

  if (self->result == NULL || self->row < 0 || self->row >= PQntuples (self->result) ||
      column >= PQnfields (self->result) || PQgetisnull (self->result, self->row, column))
    return NULL;
  return PQgetvalue (self->result, self->row, column);
}

static gint64
pg_column_int64 (KioskCentralStmt *stmt,
                 int               column)
{
  const char *text = pg_column_text (stmt, column);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
pg_column_is_null (KioskCentralStmt *stmt,
                   int               column)
{
  return pg_column_text (stmt, column) == NULL;
}

static gboolean
pg_fail (KioskCentralDb *db,
         const char     *what,
         GError        **error)
{
  PgDb *self = (PgDb *) db;
  const char *state = self->sqlstate;
  KioskError code = KIOSK_ERROR_STORE_SQL;

  /* Serialization failures, deadlocks, lock and statement timeouts, and a unique key a
   * concurrent transaction took first all go away when the request is made again: 503. */
  if (g_str_has_prefix (state, "40") || g_str_equal (state, "55P03") ||
      g_str_equal (state, "57014") || g_str_equal (state, "23505"))
    code = KIOSK_ERROR_STORE_BUSY;
  else if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "53") ||
           g_str_has_prefix (state, "57P") || *state == '\0')
    code = KIOSK_ERROR_STORE_IO;

  g_set_error (error, KIOSK_ERROR, code, "%s: %s (SQLSTATE %s)", what,
               self->error_message ? self->error_message : "failed",
               *state ? state : "none");
  return FALSE;
}

static gboolean
pg_exec (KioskCentralDb *db,
         const char     *sql,
         GError        **error)
{
  PgDb *self = (PgDb *) db;
  PGresult *result;
  ExecStatusType status;

  if (!ensure_connection (self))
    {
      remember_error (self, NULL);
      g_strlcpy (self->sqlstate, "08006", sizeof self->sqlstate);
      return pg_fail (db, "connect", error);
    }
  result = PQexec (self->conn, sql);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      remember_error (self, result);
      PQclear (result);
      return pg_fail (db, "execute", error);
    }
  PQclear (result);
  return TRUE;
}

static gboolean
pg_begin (KioskCentralDb *db,
          gboolean        write,
          GError        **error)
{
  PgDb *self = (PgDb *) db;

  /* Writers: READ COMMITTED, as every write that could race is an INSERT … ON CONFLICT or
   * takes the feed lock. Readers: one snapshot for max (seq) and the page. */
  if (!pg_exec (db, write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                          : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

static void
pg_rollback (KioskCentralDb *db)
{
  PgDb *self = (PgDb *) db;

  self->in_transaction = FALSE;
  if (PQstatus (self->conn) == CONNECTION_OK &&
      PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

static gboolean
pg_commit (KioskCentralDb *db,
           GError        **error)
{
  PgDb *self = (PgDb *) db;
  PGresult *result = PQexec (self->conn, "COMMIT");
  /* COMMIT of a failed transaction "succeeds" as a ROLLBACK: not a commit. */
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK &&
                g_str_equal (PQcmdStatus (result), "COMMIT");

  if (!ok)
    remember_error (self, result);
  PQclear (result);
  self->in_transaction = FALSE;
  if (!ok)
    {
      pg_rollback (db);
      return pg_fail (db, "commit", error);
    }
  return TRUE;
}

static gint64
pg_changes (KioskCentralDb *db)
{
  return ((PgDb *) db)->changes;
}

/* -1 with `error` set when it cannot be read; 0 for a database without our schema table. */
static int
pg_schema_version (KioskCentralDb *db,
                   GError        **error)
{
  KioskCentralStmt *stmt = pg_prepare (db,
                                       "SELECT CASE WHEN to_regclass ('kiosk_central_schema')"
                                       " IS NULL THEN 0 ELSE 1 END",
                                       error);
  KioskCentralStep step = pg_step (stmt);
  gint64 version;

  if (step != KIOSK_CENTRAL_ROW)
    {
      kiosk_central_db_fail (db, step, "read the schema version", error);
      pg_reset (stmt);
      return -1;
    }
  version = pg_column_int64 (stmt, 0);
  pg_reset (stmt);
  if (version == 0)
    return 0;
  version = kiosk_central_db_query_int (db, "SELECT version FROM kiosk_central_schema", error);
  return (int) version;
}

static void
pg_close (KioskCentralDb *db)
{
  PgDb *self = (PgDb *) db;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->error_message);
  g_free (self);
}

static const KioskCentralDbBackend pg_backend = {
  .prepare = pg_prepare,
  .bind_text = pg_bind_text,
  .bind_int64 = pg_bind_int64,
  .step = pg_step,
  .reset = pg_reset,
  .column_text = pg_column_text,
  .column_int64 = pg_column_int64,
  .column_is_null = pg_column_is_null,
  .exec = pg_exec,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .changes = pg_changes,
  .fail = pg_fail,
  .schema_version = pg_schema_version,
  .close = pg_close,
};

/* A database with tables but without ours is someone else's: never migrated into. */
static gboolean
check_is_central (KioskCentralDb *db,
                  int            *out_version,
                  GError        **error)
{
  int latest = kiosk_central_db_latest_version (KIOSK_CENTRAL_DB_POSTGRESQL);
  int version = pg_schema_version (db, error);
  gint64 tables;

  if (version < 0)
    return FALSE;
  if (version == 0)
    {
      tables = kiosk_central_db_query_int (db, "SELECT count (*) FROM pg_catalog.pg_tables"
                                               " WHERE schemaname = current_schema ()", error);
      if (tables < 0)
        return FALSE;
      if (tables > 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_CORRUPT,
                       "%s is not a kiosk-central database (it has tables but no"
                       " kiosk_central_schema)", db->name);
          return FALSE;
        }
    }
  if (!kiosk_central_db_refuse_newer (db, version, latest, error))
    return FALSE;
  *out_version = version;
  return TRUE;
}

/* All pending migrations in one transaction under the migration lock: PostgreSQL's DDL is
 * transactional, so a failed migration leaves the schema as it was. */
static gboolean
migrate (KioskCentralDb *db,
         GError        **error)
{
  g_autoptr(GPtrArray) names = kiosk_central_db_list_migrations (KIOSK_CENTRAL_PG_MIGRATIONS);
  g_autoptr(GError) local_error = NULL;
  int version;

  if (!pg_begin (db, TRUE, error))
    return FALSE;
  if (!pg_exec (db, "SELECT pg_advisory_xact_lock (" MIGRATE_LOCK_KEY ")", error) ||
      !check_is_central (db, &version, error))
    {
      pg_rollback (db);
      return FALSE;
    }
  for (guint i = (guint) version; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GBytes) sql = kiosk_central_db_read_migration (KIOSK_CENTRAL_PG_MIGRATIONS,
                                                               name, error);
      g_autofree char *set_version = g_strdup_printf ("UPDATE kiosk_central_schema"
                                                      " SET version = %u", i + 1);

      if (sql == NULL)
        {
          pg_rollback (db);
          return FALSE;
        }
      if (!pg_exec (db, g_bytes_get_data (sql, NULL), &local_error) ||
          !pg_exec (db, set_version, &local_error))
        {
          pg_rollback (db);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                       "%s: migration %s failed: %s", db->name, name, local_error->message);
          return FALSE;
        }
      g_info ("%s: migrated to central schema version %u", db->name, i + 1);
    }
  return pg_commit (db, error);
}

/* The connection string for messages: a URL's password (user:secret@) is left out. */
static char *
display_name (const char *conninfo)
{
  g_autoptr(GRegex) password = g_regex_new ("(://[^/@:]*):[^/@]*@", 0, 0, NULL);
  g_autoptr(GRegex) keyword = g_regex_new ("password\\s*=\\s*('[^']*'|\\S+)", 0, 0, NULL);
  g_autofree char *step = g_regex_replace (password, conninfo, -1, 0, "\\1:…@", 0, NULL);

  return g_regex_replace (keyword, step, -1, 0, "password=…", 0, NULL);
}

KioskCentralDb *
kiosk_central_db_pg_open (const char *conninfo,
                          gboolean    do_migrate,
                          GError    **error)
{
  g_autoptr(KioskCentralDb) db = NULL;
  PgDb *self = g_new0 (PgDb, 1);
  int version, latest = kiosk_central_db_latest_version (KIOSK_CENTRAL_DB_POSTGRESQL);

  db = &self->parent;
  db->backend = &pg_backend;
  db->kind = KIOSK_CENTRAL_DB_POSTGRESQL;
  db->name = display_name (conninfo);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pg_stmt_free);

  self->conn = PQconnectdb (conninfo);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "%s: cannot connect: %s",
                   db->name, message);
      return NULL;
    }
  if (!configure_session (self, error))
    return NULL;

  if (do_migrate && !migrate (db, error))
    return NULL;
  if (!check_is_central (db, &version, error))
    return NULL;
  if (version < latest)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_MIGRATION,
                   "%s has schema version %d; this kiosk-central needs %d: run "
                   "`kiosk-central migrate --db URL` first", db->name, version, latest);
      return NULL;
    }
  if (!kiosk_central_db_read_epoch (db, error))
    return NULL;
  return g_steal_pointer (&db);
}
