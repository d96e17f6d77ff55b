/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's and Open311's statements (see the header). Payloads are read in C, never in
 * SQL, so nothing here depends on a database's JSON functions. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-console-store.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

#include "kiosk-central-changes.h"
#include "kiosk-central-datasets.h"
#include "kiosk-central-json.h"
#include "kiosk-error.h"

/* Records indexed per call: a backlog of thousands is caught up over a few page views. */
#define CATCH_UP_BATCH 500

static char *
column_dup (KioskCentralStmt *stmt,
            int               column)
{
  const char *text = kiosk_central_stmt_column_text (stmt, column);

  return g_strdup (text ? text : "");
}

/* Text columns here are NOT NULL: an absent value is stored as "". */
static void
bind_text (KioskCentralStmt *stmt,
           int               index,
           const char       *text)
{
  kiosk_central_stmt_bind_text (stmt, index, text ? text : "");
}

/* Binds `count` strings to ?first, ?first+1, ... */
static void
bind_texts (KioskCentralStmt *stmt,
            int               first,
            int               count,
            ...)
{
  va_list args;

  va_start (args, count);
  for (int i = 0; i < count; i++)
    bind_text (stmt, first + i, va_arg (args, const char *));
  va_end (args);
}

/* Steps a statement expected to return at most one row: TRUE with `*out_row` telling
 * whether it did. The caller reads the row, then resets. */
static gboolean
step_row (KioskCentralDb   *db,
          KioskCentralStmt *stmt,
          const char       *what,
          gboolean         *out_row,
          GError          **error)
{
  KioskCentralStep step = kiosk_central_stmt_step (stmt);

  *out_row = step == KIOSK_CENTRAL_ROW;
  if (step == KIOSK_CENTRAL_ROW || step == KIOSK_CENTRAL_DONE)
    return TRUE;
  kiosk_central_stmt_reset (stmt);
  return kiosk_central_db_fail (db, step, what, error);
}

/* How a member of a result struct is read from its column. */
typedef enum
{
  COLUMN_TEXT,      /* char *, "" for NULL */
  COLUMN_INT64,     /* gint64, 0 for NULL */
  COLUMN_UINT,      /* guint */
  COLUMN_BOOLEAN,   /* gboolean: the integer is not 0 */
  COLUMN_NOT_NULL,  /* gboolean: the column has a value */
} ColumnKind;

typedef struct
{
  int         column;
  ColumnKind  kind;
  gsize       offset;
} ColumnField;

/* A result struct as a table of its members: each struct is read from a row and freed by the
 * same two functions below, not by code written out once per struct. */
typedef struct
{
  gsize              size;
  const ColumnField *fields;
  guint              n_fields;
} RowShape;

#define FIELD(type, member, column, kind) { column, kind, G_STRUCT_OFFSET (type, member) }
#define ROW_SHAPE(type, fields) { sizeof (type), fields, G_N_ELEMENTS (fields) }

static gpointer
row_read (KioskCentralStmt *stmt,
          const RowShape   *shape)
{
  guint8 *item = g_malloc0 (shape->size);

  for (guint i = 0; i < shape->n_fields; i++)
    {
      const ColumnField *field = &shape->fields[i];
      gpointer member = item + field->offset;
      gint64 number;

      switch (field->kind)
        {
        case COLUMN_TEXT:
          *(char **) member = column_dup (stmt, field->column);
          break;
        case COLUMN_INT64:
          *(gint64 *) member = kiosk_central_stmt_column_int64 (stmt, field->column);
          break;
        case COLUMN_UINT:
          number = kiosk_central_stmt_column_int64 (stmt, field->column);
          *(guint *) member = (guint) CLAMP (number, 0, G_MAXUINT);
          break;
        case COLUMN_BOOLEAN:
          *(gboolean *) member = kiosk_central_stmt_column_int64 (stmt, field->column) != 0;
          break;
        case COLUMN_NOT_NULL:
          *(gboolean *) member = !kiosk_central_stmt_column_is_null (stmt, field->column);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return item;
}

static void
row_free (gpointer        item,
          const RowShape *shape)
{
  if (item == NULL)
    return;
  for (guint i = 0; i < shape->n_fields; i++)
    if (shape->fields[i].kind == COLUMN_TEXT)
      g_free (*(char **) ((guint8 *) item + shape->fields[i].offset));
  g_free (item);
}

/* Every row of a bound statement, each read as `shape` says, or (`shape` NULL) each row's
 * first column as a string; NULL on failure. */
static GPtrArray *
read_rows (KioskCentralDb   *db,
           KioskCentralStmt *stmt,
           const RowShape   *shape,
           GDestroyNotify    free_item,
           const char       *what,
           GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_item);
  KioskCentralStep step;

  while ((step = kiosk_central_stmt_step (stmt)) == KIOSK_CENTRAL_ROW)
    g_ptr_array_add (list, shape ? row_read (stmt, shape) : column_dup (stmt, 0));
  kiosk_central_stmt_reset (stmt);
  if (step != KIOSK_CENTRAL_DONE)
    {
      kiosk_central_db_fail (db, step, what, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The one row a bound statement returns, read as `shape` says, or NULL (no error) when none. */
static gpointer
read_row (KioskCentralDb   *db,
          KioskCentralStmt *stmt,
          const RowShape   *shape,
          const char       *what,
          GError          **error)
{
  gpointer item = NULL;
  gboolean row;

  if (!step_row (db, stmt, what, &row, error))
    return NULL;
  if (row)
    item = row_read (stmt, shape);
  kiosk_central_stmt_reset (stmt);
  return item;
}

/* A write transaction that is rolled back when it goes out of scope uncommitted, on every
 * failure path (the CLI has no connection pool to do it). After a commit no transaction is
 * open and both backends' rollback does nothing. */
typedef KioskCentralDb Transaction;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transaction, kiosk_central_db_rollback)

static Transaction *
transaction_begin (KioskCentralDb *db,
                   GError        **error)
{
  return kiosk_central_db_begin (db, error) ? db : NULL;
}

/* Staff ------------------------------------------------------------------------------------ */

static const ColumnField staff_fields[] = {
  FIELD (KioskCentralStaff, username, 0, COLUMN_TEXT),
  FIELD (KioskCentralStaff, display_name, 1, COLUMN_TEXT),
  FIELD (KioskCentralStaff, role, 2, COLUMN_TEXT),
  FIELD (KioskCentralStaff, password_hash, 3, COLUMN_TEXT),
  FIELD (KioskCentralStaff, failed_logins, 4, COLUMN_UINT),
  FIELD (KioskCentralStaff, locked_until, 5, COLUMN_INT64),
};
static const RowShape staff_shape = ROW_SHAPE (KioskCentralStaff, staff_fields);

void
kiosk_central_staff_free (KioskCentralStaff *staff)
{
  /* The hash is wiped before its memory goes back: it must not linger in freed heap. */
  if (staff != NULL && staff->password_hash != NULL)
    memset (staff->password_hash, 0, strlen (staff->password_hash));
  row_free (staff, &staff_shape);
}

gboolean
kiosk_central_store_audit (KioskCentralDb *db,
                           const char     *actor,
                           const char     *action,
                           const char     *subject,
                           const char     *detail,
                           GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db,
                                                 "INSERT INTO staff_audit (at, actor, action,"
                                                 " subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_int64 (stmt, 1, kiosk_central_now ());
  bind_texts (stmt, 2, 4, actor, action, subject, detail);
  return kiosk_central_db_step_done (db, stmt, error);
}

gboolean
kiosk_central_store_staff_put (KioskCentralDb *db,
                               const char     *username,
                               const char     *display_name,
                               const char     *role,
                               const char     *password_hash,
                               const char     *actor,
                               GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  KioskCentralStmt *stmt;
  gint64 now = kiosk_central_now ();

  if (transaction == NULL)
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO staff (username, display_name, role,"
                                   " password_hash, failed_logins, locked_until, created_at,"
                                   " updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?5)"
                                   " ON CONFLICT (username) DO UPDATE SET"
                                   " display_name = excluded.display_name,"
                                   " role = excluded.role,"
                                   " password_hash = excluded.password_hash,"
                                   " failed_logins = 0, locked_until = 0,"
                                   " updated_at = excluded.updated_at",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, 1, 4, username, display_name, role, password_hash);
  kiosk_central_stmt_bind_int64 (stmt, 5, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  /* Every session of the account ends: a new password locks out whoever knew the old one. */
  stmt = kiosk_central_db_prepare (db, "DELETE FROM staff_sessions WHERE username = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  return kiosk_central_db_step_done (db, stmt, error) &&
         kiosk_central_store_audit (db, actor, "staff.put", username, role, error) &&
         kiosk_central_db_commit (db, error);
}


KioskCentralStaff *
kiosk_central_store_staff_get (KioskCentralDb *db,
                               const char     *username,
                               GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT username, display_name, role, password_hash,"
                                   " failed_logins, locked_until FROM staff WHERE username = ?1",
                                   error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, username);
  return read_row (db, stmt, &staff_shape, "look up the staff account", error);
}

gboolean
kiosk_central_store_staff_failed (KioskCentralDb *db,
                                  const char     *username,
                                  guint           max_failures,
                                  gint64          lock_until,
                                  GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  KioskCentralStmt *stmt;

  if (transaction == NULL)
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "UPDATE staff SET"
                                   " locked_until = CASE WHEN failed_logins + 1 >= ?2"
                                   "   THEN ?3 ELSE locked_until END,"
                                   " failed_logins = CASE WHEN failed_logins + 1 >= ?2"
                                   "   THEN 0 ELSE failed_logins + 1 END"
                                   " WHERE username = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  kiosk_central_stmt_bind_int64 (stmt, 2, max_failures);
  kiosk_central_stmt_bind_int64 (stmt, 3, lock_until);
  return kiosk_central_db_step_done (db, stmt, error) &&
         kiosk_central_store_audit (db, username, "login.failed", username, "", error) &&
         kiosk_central_db_commit (db, error);
}

gboolean
kiosk_central_store_session_add (KioskCentralDb *db,
                                 const char     *token_sha256,
                                 const char     *username,
                                 const char     *csrf_token,
                                 gint64          expires_at,
                                 GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  KioskCentralStmt *stmt;
  gint64 now = kiosk_central_now ();

  if (transaction == NULL)
    return FALSE;
  /* Expired sessions go whenever someone signs in: the table stays the size of a shift. */
  stmt = kiosk_central_db_prepare (db, "DELETE FROM staff_sessions WHERE expires_at <= ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_int64 (stmt, 1, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  stmt = kiosk_central_db_prepare (db, "UPDATE staff SET failed_logins = 0 WHERE username = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO staff_sessions (token_sha256, username,"
                                   " csrf_token, created_at, expires_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, 1, 3, token_sha256, username, csrf_token);
  kiosk_central_stmt_bind_int64 (stmt, 4, now);
  kiosk_central_stmt_bind_int64 (stmt, 5, expires_at);
  return kiosk_central_db_step_done (db, stmt, error) &&
         kiosk_central_store_audit (db, username, "login", username, "", error) &&
         kiosk_central_db_commit (db, error);
}

KioskCentralStaff *
kiosk_central_store_session_get (KioskCentralDb *db,
                                 const char     *token_sha256,
                                 char          **out_csrf_token,
                                 GError        **error)
{
  KioskCentralStmt *stmt;
  KioskCentralStaff *staff = NULL;
  gboolean row;

  *out_csrf_token = NULL;
  stmt = kiosk_central_db_prepare (db,
                                   "SELECT s.username, s.display_name, s.role, '',"
                                   " s.failed_logins, s.locked_until, ss.csrf_token"
                                   " FROM staff_sessions AS ss"
                                   " JOIN staff AS s ON s.username = ss.username"
                                   " WHERE ss.token_sha256 = ?1 AND ss.expires_at > ?2",
                                   error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_sha256);
  kiosk_central_stmt_bind_int64 (stmt, 2, kiosk_central_now ());
  if (!step_row (db, stmt, "look up the session", &row, error))
    return NULL;
  if (row)
    {
      staff = row_read (stmt, &staff_shape);
      *out_csrf_token = column_dup (stmt, 6);
    }
  kiosk_central_stmt_reset (stmt);
  return staff;
}

gboolean
kiosk_central_store_session_remove (KioskCentralDb *db,
                                    const char     *token_sha256,
                                    GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db,
                                                 "DELETE FROM staff_sessions"
                                                 " WHERE token_sha256 = ?1",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_sha256);
  return kiosk_central_db_step_done (db, stmt, error);
}

/* Reports ---------------------------------------------------------------------------------- */

static const ColumnField report_fields[] = {
  FIELD (KioskCentralReport, uuid, 0, COLUMN_TEXT),
  FIELD (KioskCentralReport, reference, 1, COLUMN_TEXT),
  FIELD (KioskCentralReport, source, 2, COLUMN_TEXT),
  FIELD (KioskCentralReport, category_code, 3, COLUMN_TEXT),
  FIELD (KioskCentralReport, priority, 4, COLUMN_TEXT),
  FIELD (KioskCentralReport, wilayat_code, 5, COLUMN_TEXT),
  FIELD (KioskCentralReport, area_code, 6, COLUMN_TEXT),
  FIELD (KioskCentralReport, landmark, 7, COLUMN_TEXT),
  FIELD (KioskCentralReport, description, 8, COLUMN_TEXT),
  FIELD (KioskCentralReport, status, 9, COLUMN_TEXT),
  FIELD (KioskCentralReport, note_ar, 10, COLUMN_TEXT),
  FIELD (KioskCentralReport, note_en, 11, COLUMN_TEXT),
  FIELD (KioskCentralReport, created_at, 12, COLUMN_INT64),
  FIELD (KioskCentralReport, status_at, 13, COLUMN_INT64),
  FIELD (KioskCentralReport, has_position, 14, COLUMN_NOT_NULL),
  FIELD (KioskCentralReport, latitude_e6, 14, COLUMN_INT64),
  FIELD (KioskCentralReport, longitude_e6, 15, COLUMN_INT64),
};
static const RowShape report_shape = ROW_SHAPE (KioskCentralReport, report_fields);

void
kiosk_central_report_free (KioskCentralReport *report)
{
  row_free (report, &report_shape);
}

static const ColumnField addition_fields[] = {
  FIELD (KioskCentralAddition, uuid, 0, COLUMN_TEXT),
  FIELD (KioskCentralAddition, note, 1, COLUMN_TEXT),
  FIELD (KioskCentralAddition, created_at, 2, COLUMN_INT64),
};
static const RowShape addition_shape = ROW_SHAPE (KioskCentralAddition, addition_fields);

void
kiosk_central_addition_free (KioskCentralAddition *addition)
{
  row_free (addition, &addition_shape);
}

static const char *
payload_string (JsonObject *payload,
                const char *member)
{
  const char *value = payload ? kiosk_central_json_get_string (payload, member) : NULL;

  return value ? value : "";
}

/* One record, as the batch accepted it, into its index table. */
static gboolean
index_record (KioskCentralDb *db,
              KioskCentralStmt *row,
              gboolean        addition,
              GError        **error)
{
  const char *uuid = kiosk_central_stmt_column_text (row, 0);
  const char *source = kiosk_central_stmt_column_text (row, 1);
  const char *kiosk_reference = kiosk_central_stmt_column_text (row, 2);
  gint64 created_at = kiosk_central_stmt_column_int64 (row, 3);
  const char *text = kiosk_central_stmt_column_text (row, 4);
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;
  JsonObject *payload = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                              : NULL;
  const char *reference = payload_string (payload, "reference");
  KioskCentralStmt *stmt;

  if (*reference == '\0')
    reference = kiosk_reference ? kiosk_reference : uuid;
  if (addition)
    stmt = kiosk_central_db_prepare (db,
                                     "INSERT INTO report_addition_index (addition_uuid,"
                                     " report_uuid, note, created_at) VALUES (?1, ?2, ?3, ?4)"
                                     " ON CONFLICT (addition_uuid) DO NOTHING",
                                     error);
  else
    stmt = kiosk_central_db_prepare (db,
                                     "INSERT INTO report_index (report_uuid, reference, source,"
                                     " category_code, priority, wilayat_code, area_code,"
                                     " landmark, description, created_at)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                     " ON CONFLICT (report_uuid) DO NOTHING",
                                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, uuid);
  if (addition)
    {
      bind_text (stmt, 2, payload_string (payload, "report_uuid"));
      bind_text (stmt, 3, payload_string (payload, "note"));
      kiosk_central_stmt_bind_int64 (stmt, 4, created_at);
    }
  else
    {
      bind_texts (stmt, 2, 8, reference, source, payload_string (payload, "category_code"),
                  payload_string (payload, "priority"), payload_string (payload, "wilayat_code"),
                  payload_string (payload, "area_code"), payload_string (payload, "landmark"),
                  payload_string (payload, "description"));
      kiosk_central_stmt_bind_int64 (stmt, 10, created_at);
    }
  return kiosk_central_db_step_done (db, stmt, error);
}

/* Indexes up to CATCH_UP_BATCH records of one kind. */
static gboolean
catch_up_kind (KioskCentralDb *db,
               gboolean        addition,
               GError        **error)
{
  KioskCentralStmt *stmt;
  KioskCentralStep step;

  if (addition)
    stmt = kiosk_central_db_prepare (db,
                                     "SELECT r.uuid, r.kiosk_code, r.kiosk_reference,"
                                     " coalesce (r.created_at, r.received_at), r.payload"
                                     " FROM records AS r LEFT JOIN report_addition_index AS i"
                                     " ON i.addition_uuid = r.uuid"
                                     " WHERE r.kind = 'report_addition'"
                                     " AND r.status = 'accepted' AND i.addition_uuid IS NULL"
                                     " ORDER BY r.id LIMIT ?1",
                                     error);
  else
    stmt = kiosk_central_db_prepare (db,
                                     "SELECT r.uuid, r.kiosk_code, r.kiosk_reference,"
                                     " coalesce (r.created_at, r.received_at), r.payload"
                                     " FROM records AS r LEFT JOIN report_index AS i"
                                     " ON i.report_uuid = r.uuid"
                                     " WHERE r.kind = 'report' AND r.status = 'accepted'"
                                     " AND i.report_uuid IS NULL"
                                     " ORDER BY r.id LIMIT ?1",
                                     error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_int64 (stmt, 1, CATCH_UP_BATCH);
  /* The cached insert statements are distinct from this one, so it can stay open. */
  while ((step = kiosk_central_stmt_step (stmt)) == KIOSK_CENTRAL_ROW)
    if (!index_record (db, stmt, addition, error))
      {
        kiosk_central_stmt_reset (stmt);
        return FALSE;
      }
  kiosk_central_stmt_reset (stmt);
  if (step != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, step, "read the records to index", error);
  return TRUE;
}

gboolean
kiosk_central_store_reports_catch_up (KioskCentralDb *db,
                                      GError        **error)
{
  g_autoptr(Transaction) transaction = NULL;
  gint64 missing;

  missing = kiosk_central_db_query_int (db,
                                        "SELECT count(*) FROM records AS r"
                                        " WHERE r.kind IN ('report', 'report_addition')"
                                        " AND r.status = 'accepted'"
                                        " AND NOT EXISTS (SELECT 1 FROM report_index AS i"
                                        "   WHERE i.report_uuid = r.uuid)"
                                        " AND NOT EXISTS (SELECT 1 FROM report_addition_index"
                                        "   AS a WHERE a.addition_uuid = r.uuid)",
                                        error);
  if (missing < 0)
    return FALSE;
  if (missing == 0)
    return TRUE;
  transaction = transaction_begin (db, error);
  return transaction != NULL &&
         catch_up_kind (db, FALSE, error) &&
         catch_up_kind (db, TRUE, error) &&
         kiosk_central_db_commit (db, error);
}

#define REPORT_COLUMNS \
  "i.report_uuid, i.reference, i.source, i.category_code, i.priority, i.wilayat_code," \
  " i.area_code, i.landmark, i.description, coalesce (s.status, 'received')," \
  " coalesce (s.note_ar, ''), coalesce (s.note_en, ''), i.created_at," \
  " coalesce (s.at, i.created_at), p.latitude_e6, p.longitude_e6"
#define REPORT_FROM \
  " FROM report_index AS i" \
  " LEFT JOIN report_statuses AS s ON s.report_uuid = i.report_uuid" \
  " LEFT JOIN report_positions AS p ON p.report_uuid = i.report_uuid"


/* The filter's WHERE clause: every condition is always there, switched off by an empty
 * parameter, so the statement text is one constant (cached, no SQL assembled from input).
 * The casts give PostgreSQL the times' type, which `?8 = 0` alone would infer as integer. */
#define REPORT_WHERE \
  " WHERE (?1 = '' OR coalesce (s.status, 'received') = ?1)" \
  " AND (?2 = '' OR i.category_code = ?2)" \
  " AND (?3 = '' OR i.priority = ?3)" \
  " AND (?4 = '' OR i.wilayat_code = ?4)" \
  " AND (?5 = '' OR i.area_code = ?5)" \
  " AND (?6 = '' OR i.source = ?6)" \
  " AND (?7 = '' OR i.reference = ?7)" \
  " AND (CAST (?8 AS BIGINT) = 0 OR i.created_at >= ?8)" \
  " AND (CAST (?9 AS BIGINT) = 0 OR i.created_at < ?9)"

static void
bind_filter (KioskCentralStmt               *stmt,
             const KioskCentralReportFilter *filter)
{
  bind_texts (stmt, 1, 7, filter->status, filter->category_code, filter->priority,
              filter->wilayat_code, filter->area_code, filter->source, filter->reference);
  kiosk_central_stmt_bind_int64 (stmt, 8, filter->created_after);
  kiosk_central_stmt_bind_int64 (stmt, 9, filter->created_before);
}

GPtrArray *
kiosk_central_store_reports_list (KioskCentralDb                 *db,
                                  const KioskCentralReportFilter *filter,
                                  guint                          *out_total,
                                  GError                        **error)
{
  KioskCentralStmt *stmt;
  gboolean row;

  stmt = kiosk_central_db_prepare (db, "SELECT count(*)" REPORT_FROM REPORT_WHERE, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  if (!step_row (db, stmt, "count the reports", &row, error))
    return NULL;
  *out_total = row ? (guint) kiosk_central_stmt_column_int64 (stmt, 0) : 0;
  kiosk_central_stmt_reset (stmt);

  if (filter->newest_first)
    stmt = kiosk_central_db_prepare (db,
                                     "SELECT " REPORT_COLUMNS REPORT_FROM REPORT_WHERE
                                     " ORDER BY i.created_at DESC, i.report_uuid"
                                     " LIMIT ?10 OFFSET ?11",
                                     error);
  else
    stmt = kiosk_central_db_prepare (db,
                                     "SELECT " REPORT_COLUMNS REPORT_FROM REPORT_WHERE
                                     " ORDER BY CASE i.priority WHEN 'HIGH' THEN 0"
                                     " WHEN 'MEDIUM' THEN 1 ELSE 2 END, i.created_at,"
                                     " i.report_uuid LIMIT ?10 OFFSET ?11",
                                     error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  kiosk_central_stmt_bind_int64 (stmt, 10, filter->limit);
  kiosk_central_stmt_bind_int64 (stmt, 11, filter->offset);
  return read_rows (db, stmt, &report_shape,
                    (GDestroyNotify) kiosk_central_report_free, "list the reports", error);
}

KioskCentralReport *
kiosk_central_store_report_get (KioskCentralDb *db,
                                const char     *uuid,
                                const char     *reference,
                                GError        **error)
{
  KioskCentralStmt *stmt;

  g_return_val_if_fail ((uuid == NULL) != (reference == NULL), NULL);
  if (uuid != NULL)
    stmt = kiosk_central_db_prepare (db, "SELECT " REPORT_COLUMNS REPORT_FROM
                                     " WHERE i.report_uuid = ?1", error);
  else
    stmt = kiosk_central_db_prepare (db, "SELECT " REPORT_COLUMNS REPORT_FROM
                                     " WHERE i.reference = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, uuid ? uuid : reference);
  return read_row (db, stmt, &report_shape, "read the report", error);
}

/* Every first column of a one-parameter statement's rows, as strings. */
static GPtrArray *
strings (KioskCentralDb *db,
         const char     *sql,
         const char     *parameter,
         const char     *what,
         GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (parameter != NULL)
    bind_text (stmt, 1, parameter);
  return read_rows (db, stmt, NULL, g_free, what, error);
}

GPtrArray *
kiosk_central_store_record_photos (KioskCentralDb *db,
                                   const char     *record_uuid,
                                   GError        **error)
{
  return strings (db, "SELECT sha256 FROM record_attachments WHERE record_uuid = ?1"
                  " ORDER BY position", record_uuid, "list the photos", error);
}

GPtrArray *
kiosk_central_store_report_history (KioskCentralDb *db,
                                    const char     *report_uuid,
                                    GError        **error)
{
  return strings (db, "SELECT data FROM changes WHERE dataset = 'report_status'"
                  " AND key = ?1 AND op = 'upsert' ORDER BY seq", report_uuid,
                  "read the report's history", error);
}

GPtrArray *
kiosk_central_store_kiosk_codes (KioskCentralDb *db,
                                 GError        **error)
{
  return strings (db, "SELECT code FROM kiosks ORDER BY code", NULL, "list the kiosks", error);
}


GPtrArray *
kiosk_central_store_report_additions (KioskCentralDb *db,
                                      const char     *report_uuid,
                                      GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT addition_uuid, note, created_at"
                                   " FROM report_addition_index WHERE report_uuid = ?1"
                                   " ORDER BY created_at, addition_uuid",
                                   error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, report_uuid);
  return read_rows (db, stmt, &addition_shape,
                    (GDestroyNotify) kiosk_central_addition_free, "list the additions", error);
}

gboolean
kiosk_central_store_photo_is_report_photo (KioskCentralDb *db,
                                           const char     *sha256,
                                           gboolean       *out_is,
                                           GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT 1 FROM record_attachments AS ra"
                                   " JOIN records AS r ON r.uuid = ra.record_uuid"
                                   " WHERE ra.sha256 = ?1"
                                   " AND r.kind IN ('report', 'report_addition')"
                                   " AND r.status = 'accepted' LIMIT 1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  if (!step_row (db, stmt, "look up the photo", out_is, error))
    return FALSE;
  kiosk_central_stmt_reset (stmt);
  return TRUE;
}

gboolean
kiosk_central_store_report_set_status (KioskCentralDb *db,
                                       const char     *uuid,
                                       const char     *expected,
                                       const char     *status,
                                       const char     *note_ar,
                                       const char     *note_en,
                                       const char     *actor,
                                       GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  g_autoptr(GPtrArray) kiosk_codes = NULL;
  g_autofree char *data = NULL;
  g_autofree char *detail = NULL;
  KioskCentralStmt *stmt;
  gint64 now = kiosk_central_now ();

  if (transaction == NULL)
    return FALSE;
  /* The check and the change are one statement: on PostgreSQL, where two servers may change
   * the same report at once, the second UPDATE waits for the first and then finds the status
   * no longer `expected`. */
  stmt = kiosk_central_db_prepare (db,
                                   "UPDATE report_statuses SET status = ?2, at = ?3,"
                                   " note_ar = ?4, note_en = ?5, updated_at = ?3"
                                   " WHERE report_uuid = ?1 AND status = ?6",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, 1, 2, uuid, status);
  kiosk_central_stmt_bind_int64 (stmt, 3, now);
  bind_texts (stmt, 4, 3, note_ar, note_en, expected);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  if (kiosk_central_db_changes (db) == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT,
                   "the report's status changed meanwhile; nothing was changed");
      return FALSE;
    }
  kiosk_codes = strings (db, "SELECT kiosk_code FROM records WHERE uuid = ?1", uuid,
                         "read the report's kiosk", error);
  if (kiosk_codes == NULL)
    return FALSE;

  data = kiosk_central_report_status_json (uuid, status, now, note_ar, note_en);
  detail = g_strdup_printf ("%s -> %s", expected, status);
  /* Only the kiosk that filed it learns the status; a report from Open311 has no kiosk. */
  return kiosk_central_db_add_change (db, KIOSK_CENTRAL_REPORT_STATUS, "upsert", uuid, data,
                                      kiosk_codes->len > 0 ? kiosk_codes->pdata[0] : NULL,
                                      error) &&
         kiosk_central_store_audit (db, actor, "report.status", uuid, detail, error) &&
         kiosk_central_db_commit (db, error);
}

/* Reference names ---------------------------------------------------------------------- */

void
kiosk_central_name_free (KioskCentralName *name)
{
  g_free (name->code);
  g_free (name->name_ar);
  g_free (name->name_en);
  g_free (name->parent);
  g_free (name->priority);
  g_free (name);
}

static gint
compare_sort_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      orders)
{
  KioskCentralName *x = *(KioskCentralName **) a, *y = *(KioskCentralName **) b;
  gint64 ox = GPOINTER_TO_SIZE (g_hash_table_lookup (orders, x->code));
  gint64 oy = GPOINTER_TO_SIZE (g_hash_table_lookup (orders, y->code));

  if (ox != oy)
    return ox < oy ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

GPtrArray *
kiosk_central_store_reference_data (KioskCentralDb *db,
                                    const char     *dataset,
                                    GError        **error)
{
  return strings (db, "SELECT data FROM reference_rows WHERE dataset = ?1", dataset,
                  "read the reference data", error);
}

GPtrArray *
kiosk_central_store_names (KioskCentralDb *db,
                           const char     *dataset,
                           GError        **error)
{
  g_autoptr(GPtrArray) rows = kiosk_central_store_reference_data (db, dataset, error);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) orders = NULL;

  if (rows == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_central_name_free);
  orders = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (rows->pdata[i], NULL);
      JsonObject *object;
      KioskCentralName *name;
      const char *parent;
      gint64 order = 0, active = 1;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (kiosk_central_json_get_int (object, "active", &active) && active == 0)
        continue;
      name = g_new0 (KioskCentralName, 1);
      name->code = g_strdup (payload_string (object, "code"));
      name->name_ar = g_strdup (payload_string (object, "name_ar"));
      name->name_en = g_strdup (payload_string (object, "name_en"));
      parent = kiosk_central_json_get_string (object, "wilayat_code");
      if (parent == NULL)
        parent = kiosk_central_json_get_string (object, "group_code");
      name->parent = g_strdup (parent);
      name->priority = g_strdup (kiosk_central_json_get_string (object, "priority"));
      kiosk_central_json_get_int (object, "sort_order", &order);
      g_hash_table_insert (orders, name->code, GSIZE_TO_POINTER ((gsize) CLAMP (order, 0,
                                                                                G_MAXINT)));
      g_ptr_array_add (names, name);
    }
  g_ptr_array_sort_with_data (names, compare_sort_order, orders);
  return g_steal_pointer (&names);
}

/* Money and queue health ------------------------------------------------------------------- */

static const ColumnField refund_fields[] = {
  FIELD (KioskCentralRefund, case_reference, 0, COLUMN_TEXT),
  FIELD (KioskCentralRefund, fine_number, 1, COLUMN_TEXT),
  FIELD (KioskCentralRefund, amount_baisa, 2, COLUMN_INT64),
  FIELD (KioskCentralRefund, kiosk_code, 3, COLUMN_TEXT),
  FIELD (KioskCentralRefund, opened_at, 4, COLUMN_INT64),
  FIELD (KioskCentralRefund, resolved_at, 5, COLUMN_INT64),
  FIELD (KioskCentralRefund, resolved_by, 6, COLUMN_TEXT),
  FIELD (KioskCentralRefund, note, 7, COLUMN_TEXT),
};
static const RowShape refund_shape = ROW_SHAPE (KioskCentralRefund, refund_fields);

void
kiosk_central_refund_free (KioskCentralRefund *refund)
{
  row_free (refund, &refund_shape);
}


GPtrArray *
kiosk_central_store_refunds (KioskCentralDb *db,
                             GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT c.case_reference, c.fine_number, c.amount_baisa,"
                                   " r.kiosk_code, c.opened_at, coalesce (z.resolved_at, 0),"
                                   " coalesce (z.resolved_by, ''), coalesce (z.note, '')"
                                   " FROM refund_cases AS c"
                                   " JOIN records AS r ON r.uuid = c.payment_uuid"
                                   " LEFT JOIN refund_resolutions AS z"
                                   " ON z.case_reference = c.case_reference"
                                   " ORDER BY CASE WHEN z.case_reference IS NULL THEN 0 ELSE 1"
                                   " END, c.opened_at, c.id LIMIT 500",
                                   error);
  if (stmt == NULL)
    return NULL;
  return read_rows (db, stmt, &refund_shape,
                    (GDestroyNotify) kiosk_central_refund_free, "list the refund cases", error);
}

gboolean
kiosk_central_store_refund_resolve (KioskCentralDb *db,
                                    const char     *case_reference,
                                    const char     *note,
                                    const char     *actor,
                                    GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  KioskCentralStmt *stmt;
  gboolean row;

  if (transaction == NULL)
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "SELECT 1 FROM refund_cases WHERE case_reference = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, case_reference);
  if (!step_row (db, stmt, "look up the refund case", &row, error))
    return FALSE;
  kiosk_central_stmt_reset (stmt);
  if (!row)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no refund case %s",
                   case_reference);
      return FALSE;
    }
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO refund_resolutions (case_reference, resolved_at,"
                                   " resolved_by, note) VALUES (?1, ?2, ?3, ?4)"
                                   " ON CONFLICT (case_reference) DO NOTHING",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, case_reference);
  kiosk_central_stmt_bind_int64 (stmt, 2, kiosk_central_now ());
  bind_text (stmt, 3, actor);
  bind_text (stmt, 4, note);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  if (kiosk_central_db_changes (db) == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT, "refund case %s is already settled",
                   case_reference);
      return FALSE;
    }
  return kiosk_central_store_audit (db, actor, "refund.resolve", case_reference, note, error) &&
         kiosk_central_db_commit (db, error);
}

static const ColumnField kiosk_health_fields[] = {
  FIELD (KioskCentralKioskHealth, code, 0, COLUMN_TEXT),
  FIELD (KioskCentralKioskHealth, enabled, 1, COLUMN_BOOLEAN),
  FIELD (KioskCentralKioskHealth, last_received_at, 2, COLUMN_INT64),
  FIELD (KioskCentralKioskHealth, accepted, 3, COLUMN_INT64),
  FIELD (KioskCentralKioskHealth, rejected, 4, COLUMN_INT64),
  FIELD (KioskCentralKioskHealth, reported_at, 5, COLUMN_INT64),
  FIELD (KioskCentralKioskHealth, agent_version, 6, COLUMN_TEXT),
  FIELD (KioskCentralKioskHealth, queue_depth, 7, COLUMN_INT64),
  FIELD (KioskCentralKioskHealth, parked, 8, COLUMN_INT64),
};
static const RowShape kiosk_health_shape = ROW_SHAPE (KioskCentralKioskHealth, kiosk_health_fields);

void
kiosk_central_kiosk_health_free (KioskCentralKioskHealth *kiosk)
{
  row_free (kiosk, &kiosk_health_shape);
}


GPtrArray *
kiosk_central_store_kiosk_health (KioskCentralDb *db,
                                  GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT k.code, k.enabled,"
                                   " (SELECT max (received_at) FROM records AS r"
                                   "  WHERE r.kiosk_code = k.code),"
                                   " (SELECT count(*) FROM records AS r"
                                   "  WHERE r.kiosk_code = k.code AND r.status = 'accepted'),"
                                   " (SELECT count(*) FROM records AS r"
                                   "  WHERE r.kiosk_code = k.code AND r.status = 'rejected'),"
                                   " s.reported_at, s.agent_version, s.queue_depth, s.parked"
                                   " FROM kiosks AS k"
                                   " LEFT JOIN kiosk_status AS s ON s.kiosk_code = k.code"
                                   " ORDER BY k.code",
                                   error);
  if (stmt == NULL)
    return NULL;
  return read_rows (db, stmt, &kiosk_health_shape,
                    (GDestroyNotify) kiosk_central_kiosk_health_free, "list the kiosks", error);
}

static const ColumnField rejected_fields[] = {
  FIELD (KioskCentralRejected, uuid, 0, COLUMN_TEXT),
  FIELD (KioskCentralRejected, kiosk_code, 1, COLUMN_TEXT),
  FIELD (KioskCentralRejected, kind, 2, COLUMN_TEXT),
  FIELD (KioskCentralRejected, code, 3, COLUMN_TEXT),
  FIELD (KioskCentralRejected, reason, 4, COLUMN_TEXT),
  FIELD (KioskCentralRejected, received_at, 5, COLUMN_INT64),
};
static const RowShape rejected_shape = ROW_SHAPE (KioskCentralRejected, rejected_fields);

void
kiosk_central_rejected_free (KioskCentralRejected *record)
{
  row_free (record, &rejected_shape);
}


GPtrArray *
kiosk_central_store_rejected (KioskCentralDb *db,
                              const char     *kiosk_code,
                              guint           limit,
                              GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT uuid, kiosk_code, kind, coalesce (code, ''),"
                                   " coalesce (reason, ''), received_at FROM records"
                                   " WHERE status = 'rejected' AND (?1 = '' OR kiosk_code = ?1)"
                                   " ORDER BY received_at DESC, id DESC LIMIT ?2",
                                   error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, kiosk_code);
  kiosk_central_stmt_bind_int64 (stmt, 2, limit);
  return read_rows (db, stmt, &rejected_shape,
                    (GDestroyNotify) kiosk_central_rejected_free,
                    "list the rejected records", error);
}

/* Open311 ---------------------------------------------------------------------------------- */

gboolean
kiosk_central_store_open311_client_put (KioskCentralDb *db,
                                        const char     *name,
                                        const char     *api_key_sha256,
                                        GError        **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  KioskCentralStmt *stmt;

  if (transaction == NULL)
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO open311_clients (name, api_key_sha256,"
                                   " created_at) VALUES (?1, ?2, ?3)"
                                   " ON CONFLICT (name) DO UPDATE SET"
                                   " api_key_sha256 = excluded.api_key_sha256",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, api_key_sha256);
  kiosk_central_stmt_bind_int64 (stmt, 3, kiosk_central_now ());
  return kiosk_central_db_step_done (db, stmt, error) &&
         kiosk_central_store_audit (db, "cli", "open311.client", name, "", error) &&
         kiosk_central_db_commit (db, error);
}

char *
kiosk_central_store_open311_client_find (KioskCentralDb *db,
                                         const char     *api_key_sha256,
                                         GError        **error)
{
  g_autoptr(GPtrArray) found = strings (db, "SELECT name FROM open311_clients"
                                        " WHERE api_key_sha256 = ?1", api_key_sha256,
                                        "look up the API key", error);

  if (found == NULL || found->len == 0)
    return NULL;
  return g_strdup (found->pdata[0]);
}

char *
kiosk_central_store_open311_client_key (KioskCentralDb *db,
                                        const char     *name,
                                        GError        **error)
{
  g_autoptr(GPtrArray) found = strings (db, "SELECT api_key_sha256 FROM open311_clients"
                                        " WHERE name = ?1", name, "look up the client", error);

  if (found == NULL || found->len == 0)
    return NULL;
  return g_strdup (found->pdata[0]);
}

gboolean
kiosk_central_store_open311_add_report (KioskCentralDb              *db,
                                        const KioskCentralNewReport *report,
                                        GError                     **error)
{
  g_autoptr(Transaction) transaction = transaction_begin (db, error);
  g_autofree char *source = g_strconcat ("open311:", report->client, NULL);
  g_autofree char *status = NULL;
  KioskCentralStmt *stmt;
  gint64 now = kiosk_central_now ();

  if (transaction == NULL)
    return FALSE;
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO records (uuid, kiosk_code, batch_id, kind,"
                                   " status, kiosk_reference, created_at, received_at, payload)"
                                   " VALUES (?1, ?2, 'open311', 'report', 'accepted', ?3, ?4,"
                                   " ?4, ?5)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, 1, 3, report->uuid, source, report->reference);
  kiosk_central_stmt_bind_int64 (stmt, 4, now);
  bind_text (stmt, 5, report->payload);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO report_statuses (report_uuid, status, at,"
                                   " updated_at) VALUES (?1, 'received', ?2, ?2)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, report->uuid);
  kiosk_central_stmt_bind_int64 (stmt, 2, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  if (report->has_position)
    {
      stmt = kiosk_central_db_prepare (db,
                                       "INSERT INTO report_positions (report_uuid, latitude_e6,"
                                       " longitude_e6) VALUES (?1, ?2, ?3)",
                                       error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, report->uuid);
      kiosk_central_stmt_bind_int64 (stmt, 2, report->latitude_e6);
      kiosk_central_stmt_bind_int64 (stmt, 3, report->longitude_e6);
      if (!kiosk_central_db_step_done (db, stmt, error))
        return FALSE;
    }

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO report_index (report_uuid, reference, source,"
                                   " category_code, priority, landmark, description, created_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, 1, 7, report->uuid, report->reference, source, report->category_code,
              report->priority, report->address, report->description);
  kiosk_central_stmt_bind_int64 (stmt, 8, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  /* The status history starts like a kiosk's report's: `received`, in the feed. */
  status = kiosk_central_report_status_json (report->uuid, "received", now, "", "");
  return kiosk_central_db_add_change (db, KIOSK_CENTRAL_REPORT_STATUS, "upsert", report->uuid,
                                      status, source, error) &&
         kiosk_central_store_audit (db, source, "open311.request", report->uuid,
                                    report->reference, error) &&
         kiosk_central_db_commit (db, error);
}
