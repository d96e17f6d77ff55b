/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference data into the central server. Rows are written first into an in-memory SQLite
 * database built from the kiosk's own migrations, so the kiosk schema's types, NOT NULLs,
 * CHECKs and foreign keys judge them; only when every row passes is anything written to the
 * server's database, in one transaction. (KioskStore cannot open ":memory:": it insists on
 * WAL and a photo folder; the migrations themselves are the same compiled-in files.) */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-load.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "kiosk-central-attachments.h"
#include "kiosk-central-changes.h"
#include "kiosk-central-console-store.h"
#include "kiosk-central-datasets.h"
#include "kiosk-central-json.h"
#include "kiosk-core-resources.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-pull.h"
#include "kiosk-store.h"
#include "kiosk-validate.h"

#define KIOSK_MIGRATIONS_PATH "/om/gov/muscat/kiosk/core/migrations"
#define KIOSK_DEMO_SEED_PATH  "/om/gov/muscat/kiosk/core/seed/demo.sql"

/* The longest text any kiosk column takes; each column's own bound is the kiosk's feed
 * reader's (kiosk-pull.c), which judges every load last (check_with_kiosk_reader), so the
 * server never hands out text a kiosk would refuse. */
#define MAX_TEXT_CHARS KIOSK_PULL_MAX_LONG_TEXT
#define MAX_NOTE_CHARS 500
#define MAX_STATUS_CHARS 32
#define MAX_TIME G_GINT64_CONSTANT (253402300799)
/* Changes per page fed to the kiosk's reader (it takes up to KIOSK_PULL_MAX_CHANGES). */
#define CHECK_PAGE_CHANGES 5000

/* A column of the kiosk's table, from PRAGMA table_info. */
typedef struct
{
  char     *name;
  char     *type;         /* INTEGER, TEXT or BLOB */
  gboolean  required;     /* part of the key, or NOT NULL without a default */
  gboolean  nullable;
  gboolean  is_key;
} Column;

static void
column_free (Column *column)
{
  g_free (column->name);
  g_free (column->type);
  g_free (column);
}

typedef struct
{
  const KioskCentralDataset *dataset;
  GPtrArray                 *columns;  /* Column*, in table order */
  GHashTable                *by_name;  /* name → Column* */
  guint                      rows;     /* in the input */
  guint                      changed;  /* changes it added to the feed */
} Table;

/* One validated input row; report statuses keep their values, table rows live in scratch. */
typedef struct
{
  guint     table;
  guint     index;        /* in its dataset's array, for messages */
  char     *key;
  gboolean  is_delete;
  gint64    rowid;        /* of the scratch row (table rows, upserts) */
  char     *kiosk_code;   /* report_status: the kiosk that sent the report */
  char     *data;         /* report_status: the change's data */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_free (entry->kiosk_code);
  g_free (entry->data);
  g_free (entry);
}

typedef struct
{
  sqlite3    *db;
  GHashTable *statements;  /* SQL → sqlite3_stmt* */
  Table       tables[32];
  guint       n_tables;
  GPtrArray  *entries;     /* Entry* */
} Scratch;

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
scratch_free (Scratch *scratch)
{
  if (scratch == NULL)
    return;
  for (guint i = 0; i < scratch->n_tables; i++)
    {
      g_clear_pointer (&scratch->tables[i].columns, g_ptr_array_unref);
      g_clear_pointer (&scratch->tables[i].by_name, g_hash_table_unref);
    }
  g_clear_pointer (&scratch->statements, g_hash_table_unref);
  g_clear_pointer (&scratch->entries, g_ptr_array_unref);
  if (scratch->db != NULL)
    sqlite3_close (scratch->db);
  g_free (scratch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scratch, scratch_free)

static gboolean
scratch_fail (Scratch    *scratch,
              const char *what,
              GError    **error)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "%s: %s", what,
               sqlite3_errmsg (scratch->db));
  return FALSE;
}

static gboolean
scratch_exec (Scratch    *scratch,
              const char *sql,
              const char *what,
              GError    **error)
{
  if (sqlite3_exec (scratch->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return scratch_fail (scratch, what, error);
  return TRUE;
}

static sqlite3_stmt *
scratch_prepare (Scratch    *scratch,
                 const char *sql,
                 GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (scratch->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v2 (scratch->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      scratch_fail (scratch, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (scratch->statements, g_strdup (sql), stmt);
  return stmt;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The kiosk's schema, migration by migration, exactly as a kiosk runs them. */
static gboolean
apply_kiosk_migrations (Scratch *scratch,
                        GError **error)
{
  g_auto(GStrv) names = NULL;
  guint n;

  (void) kiosk_core_get_resource ();
  names = g_resources_enumerate_children (KIOSK_MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                          error);
  if (names == NULL)
    return FALSE;
  n = g_strv_length (names);
  qsort (names, n, sizeof (char *), compare_names);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_path ("/", KIOSK_MIGRATIONS_PATH, names[i], NULL);
      g_autoptr(GBytes) sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                       error);

      if (sql == NULL || !scratch_exec (scratch, g_bytes_get_data (sql, NULL),
                                        "the kiosk's schema", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_columns (Scratch *scratch,
              Table   *table,
              GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (\"%s\")", table->dataset->name);
  sqlite3_stmt *stmt = NULL;
  int rc;

  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  table->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  if (sqlite3_prepare_v2 (scratch->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return scratch_fail (scratch, "read the kiosk's schema", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Column *column = g_new0 (Column, 1);
      gboolean notnull = sqlite3_column_int (stmt, 3) != 0;
      gboolean has_default = sqlite3_column_type (stmt, 4) != SQLITE_NULL;

      column->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      column->type = g_ascii_strup ((const char *) sqlite3_column_text (stmt, 2), -1);
      column->is_key = g_strv_contains (table->dataset->key_columns, column->name);
      /* SQLite lets a TEXT primary key be NULL; the kiosk's keys never are. */
      column->required = column->is_key || (notnull && !has_default);
      column->nullable = !notnull && !column->is_key;
      g_ptr_array_add (table->columns, column);
      g_hash_table_insert (table->by_name, column->name, column);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE || table->columns->len == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "the kiosk's schema has no table %s", table->dataset->name);
      return FALSE;
    }
  return TRUE;
}

static Scratch *
scratch_new (GError **error)
{
  g_autoptr(Scratch) scratch = g_new0 (Scratch, 1);

  scratch->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               finalize_statement);
  scratch->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  if (sqlite3_open_v2 (":memory:", &scratch->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "cannot open an in-memory database");
      return NULL;
    }
  if (!apply_kiosk_migrations (scratch, error))
    return NULL;

  /* Foreign keys are checked once at the end, so a file may list a child before its
   * parent and a delete may come before the row that replaces it. */
  if (!scratch_exec (scratch, "PRAGMA foreign_keys = OFF", "configure", error))
    return NULL;

  for (guint i = 0; i < kiosk_central_n_datasets; i++)
    {
      Table *table = &scratch->tables[scratch->n_tables];

      table->dataset = &kiosk_central_datasets[i];
      if (g_str_equal (table->dataset->name, KIOSK_CENTRAL_REPORT_STATUS))
        {
          scratch->n_tables++;
          continue;
        }
      if (!read_columns (scratch, table, error))
        return NULL;
      scratch->n_tables++;
    }
  return g_steal_pointer (&scratch);
}

static guint
table_index (Scratch    *scratch,
             const char *dataset)
{
  for (guint i = 0; i < scratch->n_tables; i++)
    if (g_str_equal (scratch->tables[i].dataset->name, dataset))
      return i;
  return G_MAXUINT;
}

G_GNUC_PRINTF (3, 4)
static gboolean
row_error (GError    **error,
           const char *where,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "%s: %s", where, message);
  return FALSE;
}

/* base64 with its alphabet checked first: g_base64_decode skips what it does not know. */
static GBytes *
decode_base64 (const char *text)
{
  gsize len = strlen (text), out_len = 0;
  guchar *raw;

  if (len == 0 || len % 4 != 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      if (c == '=' ? i < len - 2 : !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }
  raw = g_base64_decode (text, &out_len);
  return g_bytes_new_take (raw, out_len);
}

/* Binds one value of the row after checking its JSON type against the column's. */
static gboolean
bind_value (sqlite3_stmt *stmt,
            int           index,
            Column       *column,
            JsonNode     *node,
            char        **out_key_part,
            const char   *where,
            GError      **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!column->nullable)
        return row_error (error, where, "%s must not be null", column->name);
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return row_error (error, where, "%s must be a single value, not an object or array",
                      column->name);
  type = json_node_get_value_type (node);

  if (g_str_equal (column->type, "INTEGER"))
    {
      if (type != G_TYPE_INT64)
        return row_error (error, where, "%s must be an integer", column->name);
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      if (out_key_part)
        *out_key_part = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }

  if (type != G_TYPE_STRING)
    return row_error (error, where, "%s must be a string", column->name);

  if (g_str_equal (column->type, "BLOB"))
    {
      g_autoptr(GBytes) bytes = decode_base64 (json_node_get_string (node));
      gsize len;
      gconstpointer data;

      if (bytes == NULL)
        return row_error (error, where, "%s must be base64", column->name);
      data = g_bytes_get_data (bytes, &len);
      sqlite3_bind_blob (stmt, index, data, (int) len, SQLITE_TRANSIENT);
      return TRUE;
    }
  else
    {
      g_autoptr(GError) text_error = NULL;
      g_autofree char *text = kiosk_validate_text (json_node_get_string (node), MAX_TEXT_CHARS,
                                                   column->required, &text_error);

      if (text == NULL)
        return row_error (error, where, "%s: %s", column->name, text_error->message);
      /* '|' joins the parts of a composite key. */
      if (column->is_key && strchr (text, '|') != NULL)
        return row_error (error, where, "%s must not contain '|'", column->name);
      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      if (out_key_part)
        *out_key_part = g_steal_pointer (&text);
      return TRUE;
    }
}

/* Checks one row of a kiosk table and writes it (or deletes by its key) in the scratch copy.
 * The key is returned in `out_key`. */
static gboolean
apply_table_row (Scratch    *scratch,
                 Table      *table,
                 JsonObject *row,
                 const char *where,
                 Entry      *entry,
                 GError    **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) placeholders = g_string_new (NULL);
  g_autoptr(GPtrArray) bound = g_ptr_array_new ();   /* Column* in bind order */
  g_autoptr(GPtrArray) key_parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = json_object_get_members (row);
  JsonNode *delete_node = json_object_get_member (row, "_delete");
  const char * const *keys = table->dataset->key_columns;
  sqlite3_stmt *stmt;
  int rc;

  if (delete_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (delete_node) ||
          json_node_get_value_type (delete_node) != G_TYPE_BOOLEAN)
        return row_error (error, where, "_delete must be true or false");
      entry->is_delete = json_node_get_boolean (delete_node);
    }

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "_delete") && !g_hash_table_contains (table->by_name, l->data))
      return row_error (error, where, "%s is not a column of the kiosk's %s table",
                        (const char *) l->data, table->dataset->name);

  if (entry->is_delete)
    {
      g_string_printf (sql, "DELETE FROM \"%s\" WHERE ", table->dataset->name);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_string_append_printf (sql, "%s\"%s\" = ?%u", i ? " AND " : "", keys[i], i + 1);
          g_ptr_array_add (bound, g_hash_table_lookup (table->by_name, keys[i]));
        }
    }
  else
    {
      for (guint i = 0; i < table->columns->len; i++)
        {
          Column *column = g_ptr_array_index (table->columns, i);

          if (!json_object_has_member (row, column->name))
            {
              if (column->required)
                return row_error (error, where, "%s is missing", column->name);
              continue;
            }
          g_ptr_array_add (bound, column);
        }
      g_string_printf (sql, "INSERT OR REPLACE INTO \"%s\" (", table->dataset->name);
      for (guint i = 0; i < bound->len; i++)
        {
          Column *column = g_ptr_array_index (bound, i);

          g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", column->name);
          g_string_append_printf (placeholders, "%s?%u", i ? ", " : "", i + 1);
        }
      g_string_append_printf (sql, ") VALUES (%s)", placeholders->str);
    }

  stmt = scratch_prepare (scratch, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < bound->len; i++)
    {
      Column *column = g_ptr_array_index (bound, i);
      JsonNode *node = json_object_get_member (row, column->name);
      char *key_part = NULL;

      if (node == NULL)
        return row_error (error, where, "%s is missing", column->name);
      if (!bind_value (stmt, (int) i + 1, column, node, column->is_key ? &key_part : NULL,
                       where, error))
        return FALSE;
      if (key_part != NULL)
        g_ptr_array_add (key_parts, key_part);
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      /* The kiosk schema's own words: "CHECK constraint failed: status IN (...)". */
      return row_error (error, where, "%s", sqlite3_errmsg (scratch->db));
    }

  /* Key parts in key order (bound order follows the table, which may differ). */
  {
    g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

    for (guint k = 0; keys[k] != NULL; k++)
      for (guint i = 0, part = 0; i < bound->len; i++)
        {
          Column *column = g_ptr_array_index (bound, i);

          if (!column->is_key)
            continue;
          if (g_str_equal (column->name, keys[k]))
            g_ptr_array_add (ordered, g_ptr_array_index (key_parts, part));
          part++;
        }
    g_ptr_array_add (ordered, NULL);
    entry->key = g_strjoinv ("|", (char **) ordered->pdata);
  }
  if (!entry->is_delete)
    entry->rowid = sqlite3_last_insert_rowid (scratch->db);
  return TRUE;
}

static gboolean
is_status_word (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > MAX_STATUS_CHARS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (text[i]) && text[i] != '_')
      return FALSE;
  return TRUE;
}

/* {uuid, status, at, note_ar, note_en} for a report a kiosk sent. */
static gboolean
check_report_status (KioskCentralDb *db,
                     JsonObject     *row,
                     const char     *where,
                     Entry          *entry,
                     GError        **error)
{
  static const char * const allowed[] = { "uuid", "status", "at", "note_ar", "note_en", NULL };
  g_autoptr(GList) members = json_object_get_members (row);
  g_autofree char *note_ar = NULL;
  g_autofree char *note_en = NULL;
  char **notes[2] = { &note_ar, &note_en };
  const char *note_names[2] = { "note_ar", "note_en" };
  const char *uuid, *status;
  KioskCentralStmt *stmt;
  gint64 at;
  KioskCentralStep rc;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return row_error (error, where, "%s is not a field of a report status (uuid, status, at,"
                        " note_ar, note_en)", (const char *) l->data);

  uuid = kiosk_central_json_get_string (row, "uuid");
  if (uuid == NULL || !kiosk_uuid_is_valid (uuid))
    return row_error (error, where, "uuid must be a report's UUID");
  status = kiosk_central_json_get_string (row, "status");
  if (status == NULL || !is_status_word (status))
    return row_error (error, where, "status must be 1 to %d of a-z and _", MAX_STATUS_CHARS);
  if (!kiosk_central_json_get_int (row, "at", &at) || at < 0 || at > MAX_TIME)
    return row_error (error, where, "at must be a time (Unix seconds)");
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_object_get_member (row, note_names[i]);
      g_autoptr(GError) text_error = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          *notes[i] = g_strdup ("");
          continue;
        }
      if (kiosk_central_json_get_string (row, note_names[i]) == NULL)
        return row_error (error, where, "%s must be a string", note_names[i]);
      *notes[i] = kiosk_validate_text (json_node_get_string (node), MAX_NOTE_CHARS, FALSE,
                                       &text_error);
      if (*notes[i] == NULL)
        return row_error (error, where, "%s: %s", note_names[i], text_error->message);
    }

  stmt = kiosk_central_db_prepare (db,
                                   "SELECT kiosk_code FROM records WHERE uuid = ?1"
                                   " AND kind = 'report' AND status = 'accepted'",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, uuid);
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    entry->kiosk_code = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
  kiosk_central_stmt_reset (stmt);
  if (rc == KIOSK_CENTRAL_DONE)
    return row_error (error, where, "uuid: no report with this UUID was received");
  if (rc != KIOSK_CENTRAL_ROW)
    return kiosk_central_db_fail (db, rc, "look up the report", error);

  entry->key = g_strdup (uuid);
  entry->data = kiosk_central_report_status_json (uuid, status, at, note_ar, note_en);
  return TRUE;
}

/* The row as a kiosk will store it (defaults filled in), as JSON object text. */
static char *
scratch_row_json (Scratch *scratch,
                  Table   *table,
                  gint64   rowid,
                  GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE rowid = ?1",
                                          table->dataset->name);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt = scratch_prepare (scratch, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "%s: a loaded row went missing",
                   table->dataset->name);
      return NULL;
    }

  json_builder_begin_object (builder);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      json_builder_set_member_name (builder, sqlite3_column_name (stmt, i));
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_TEXT:
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
          break;
        case SQLITE_BLOB:
          {
            g_autofree char *b64 = g_base64_encode (sqlite3_column_blob (stmt, i),
                                                    (gsize) sqlite3_column_bytes (stmt, i));
            json_builder_add_string_value (builder, b64);
          }
          break;
        default:
          json_builder_add_null_value (builder);
          break;
        }
    }
  json_builder_end_object (builder);
  sqlite3_reset (stmt);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* What the server already has goes into the scratch copy first, so foreign keys are judged
 * against the whole reference data as it will be, not only the file. */
static gboolean
prefill_from_server (Scratch        *scratch,
                     KioskCentralDb *db,
                     GError        **error)
{
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db,
                                                 "SELECT dataset, key, data FROM reference_rows"
                                                 " ORDER BY dataset, key",
                                                 error);
  KioskCentralStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = kiosk_central_stmt_step (stmt)) == KIOSK_CENTRAL_ROW)
    {
      const char *dataset = kiosk_central_stmt_column_text (stmt, 0);
      const char *key = kiosk_central_stmt_column_text (stmt, 1);
      const char *data = kiosk_central_stmt_column_text (stmt, 2);
      guint t = table_index (scratch, dataset);
      g_autofree char *where = g_strdup_printf ("%s \"%s\" (on the server)", dataset, key);
      g_autoptr(JsonNode) node = NULL;
      Entry entry = { 0 };
      gboolean ok;

      if (t == G_MAXUINT || scratch->tables[t].columns == NULL)
        continue;
      node = json_from_string (data, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ok = apply_table_row (scratch, &scratch->tables[t], json_node_get_object (node), where,
                            &entry, error);
      g_free (entry.key);
      if (!ok)
        {
          kiosk_central_stmt_reset (stmt);
          return FALSE;
        }
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "read the reference data", error);
  return TRUE;
}

/* Names the entry a scratch row came from, or the row's key when it was already there. */
static char *
describe_scratch_row (Scratch    *scratch,
                      guint       t,
                      gint64      rowid)
{
  for (guint i = scratch->entries->len; i > 0; i--)
    {
      Entry *entry = g_ptr_array_index (scratch->entries, i - 1);

      if (entry->table == t && !entry->is_delete && entry->rowid == rowid)
        return g_strdup_printf ("%s[%u] (%s)", scratch->tables[t].dataset->name, entry->index,
                                entry->key);
    }
  {
    const char * const *keys = scratch->tables[t].dataset->key_columns;
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    g_autofree char *key = NULL;
    sqlite3_stmt *stmt = NULL;

    for (guint k = 0; keys[k] != NULL; k++)
      g_string_append_printf (sql, "%s\"%s\"", k ? " || '|' || " : "", keys[k]);
    g_string_append_printf (sql, " FROM \"%s\" WHERE rowid = ?1",
                            scratch->tables[t].dataset->name);
    if (sqlite3_prepare_v2 (scratch->db, sql->str, -1, &stmt, NULL) == SQLITE_OK)
      {
        sqlite3_bind_int64 (stmt, 1, rowid);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      }
    sqlite3_finalize (stmt);
    return g_strdup_printf ("%s \"%s\" (already on the server)",
                            scratch->tables[t].dataset->name, key ? key : "?");
  }
}

static gboolean
check_foreign_keys (Scratch *scratch,
                    GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (scratch->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return scratch_fail (scratch, "check foreign keys", error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      gint64 rowid = sqlite3_column_int64 (stmt, 1);
      g_autofree char *parent = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      int fkid = sqlite3_column_int (stmt, 3);
      g_autofree char *list_sql = g_strdup_printf ("PRAGMA foreign_key_list (\"%s\")", table);
      g_autofree char *from = NULL;
      g_autofree char *where = NULL;
      sqlite3_stmt *list = NULL;
      guint t = table_index (scratch, table);

      if (sqlite3_prepare_v2 (scratch->db, list_sql, -1, &list, NULL) == SQLITE_OK)
        while (sqlite3_step (list) == SQLITE_ROW)
          if (sqlite3_column_int (list, 0) == fkid)
            from = g_strdup ((const char *) sqlite3_column_text (list, 3));
      sqlite3_finalize (list);

      where = t == G_MAXUINT ? g_strdup (table) : describe_scratch_row (scratch, t, rowid);
      ok = row_error (error, where, "%s names a %s row that does not exist (or is deleted)",
                      from ? from : "a column", parent);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The last word goes to the kiosk itself. The reference data as it will be after this load
 * is fed, as a feed from the beginning, through the kiosk's own reader (kiosk-pull) into a
 * throwaway kiosk database: what passes there, every kiosk can apply, so a load can never
 * leave kiosks stuck on a page they refuse. */
static void
remove_scratch_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_scratch_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
apply_check_page (KioskStore *store,
                  GString    *changes,
                  gboolean    first,
                  guint       page,
                  GError    **error)
{
  g_autoptr(GString) json = g_string_new ("{\"reset\":");
  g_autoptr(GError) local_error = NULL;

  g_string_append (json, first ? "true,\"datasets\":[" : "false,");
  for (guint i = 0; first && i < kiosk_central_n_datasets; i++)
    g_string_append_printf (json, "%s\"%s\"", i ? "," : "", kiosk_central_datasets[i].name);
  if (first)
    g_string_append (json, "],");
  g_string_append_printf (json, "\"changes\":[%s],\"has_more\":false,"
                          "\"next_cursor\":\"check:%u\"}", changes->str, page);

  if (!kiosk_pull_apply_page (store, json->str, (gssize) json->len, NULL, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a kiosk would refuse this reference data (nothing was loaded): %s",
                   local_error->message);
      return FALSE;
    }
  g_string_truncate (changes, 0);
  return TRUE;
}

static gboolean
check_with_kiosk_reader (Scratch *scratch,
                         GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("kiosk-central-check-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  KioskStore *store;
  guint n = 0, page = 0;
  gboolean ok = TRUE;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "kiosk.db", NULL);
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    {
      remove_scratch_dir (dir);
      return FALSE;
    }

  for (guint t = 0; ok && t < scratch->n_tables; t++)
    {
      Table *table = &scratch->tables[t];
      const char * const *keys = table->dataset->key_columns;
      g_autoptr(GString) sql = g_string_new ("SELECT rowid, ");
      sqlite3_stmt *stmt = NULL;

      if (table->columns == NULL)
        continue;
      for (guint k = 0; keys[k] != NULL; k++)
        g_string_append_printf (sql, "%s\"%s\"", k ? " || '|' || " : "", keys[k]);
      g_string_append_printf (sql, " FROM \"%s\" ORDER BY rowid", table->dataset->name);
      if (sqlite3_prepare_v2 (scratch->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
        {
          ok = scratch_fail (scratch, "read back", error);
          break;
        }
      while (ok && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *data = scratch_row_json (scratch, table, sqlite3_column_int64 (stmt, 0),
                                                    error);
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (),
                                                           (const char *) sqlite3_column_text (stmt, 1));
          g_autofree char *key_json = json_to_string (key, FALSE);

          if (data == NULL)
            {
              ok = FALSE;
              break;
            }
          g_string_append_printf (changes, "%s{\"dataset\":\"%s\",\"op\":\"upsert\",\"key\":%s,"
                                  "\"data\":%s}", changes->len ? "," : "",
                                  table->dataset->name, key_json, data);
          if (++n % CHECK_PAGE_CHANGES == 0)
            {
              ok = apply_check_page (store, changes, page == 0, page, error);
              page++;
            }
        }
      sqlite3_finalize (stmt);
    }
  if (ok && (changes->len > 0 || page == 0))
    ok = apply_check_page (store, changes, page == 0, page, error);

  kiosk_store_close (store);
  remove_scratch_dir (dir);
  return ok;
}

/* An announcement's picture must be in the server's attachments already (`kiosk-central
 * attach`): kiosks fetch it from there, and a name with no bytes behind it would have every
 * kiosk ask for it on every run. */
static gboolean
check_picture (Scratch        *scratch,
               KioskCentralDb *db,
               Table          *table,
               Entry          *entry,
               const char     *where,
               GError        **error)
{
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;
  gboolean has = FALSE;

  if (entry->is_delete || !g_str_equal (table->dataset->name, KIOSK_CENTRAL_ANNOUNCEMENTS))
    return TRUE;
  stmt = scratch_prepare (scratch, "SELECT picture_sha256 FROM announcements WHERE rowid = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (sha256 == NULL)
    return TRUE;
  if (!kiosk_central_sha256_is_valid (sha256))
    return row_error (error, where, "picture_sha256 must be 64 lowercase hex digits");
  if (!kiosk_central_attachments_has (db, sha256, NULL, &has, error))
    return FALSE;
  if (!has)
    return row_error (error, where, "picture_sha256 names a picture the server does not have;"
                      " add the JPEG first with kiosk-central attach");
  return TRUE;
}

/* Validates the whole input: `input` maps dataset name → JsonArray of row objects. */
static gboolean
validate_input (Scratch        *scratch,
                KioskCentralDb *db,
                JsonObject     *input,
                GError        **error)
{
  g_autoptr(GList) names = json_object_get_members (input);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (input, l->data);

      if (kiosk_central_dataset_lookup (l->data) == NULL)
        return row_error (error, l->data, "not a dataset of the feed");
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return row_error (error, l->data, "must be an array of rows");
    }

  if (!prefill_from_server (scratch, db, error))
    return FALSE;

  /* Datasets in dependency order, whatever order the file has them in. */
  for (guint t = 0; t < scratch->n_tables; t++)
    {
      Table *table = &scratch->tables[t];
      JsonNode *node = json_object_get_member (input, table->dataset->name);
      JsonArray *rows;

      if (node == NULL)
        continue;
      rows = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *row = json_array_get_element (rows, i);
          g_autofree char *where = g_strdup_printf ("%s[%u]", table->dataset->name, i);
          Entry *entry = g_new0 (Entry, 1);
          gboolean ok;

          entry->table = t;
          entry->index = i;
          g_ptr_array_add (scratch->entries, entry);

          if (!JSON_NODE_HOLDS_OBJECT (row))
            return row_error (error, where, "must be an object");
          if (table->columns == NULL)
            ok = check_report_status (db, json_node_get_object (row), where, entry, error);
          else
            ok = apply_table_row (scratch, table, json_node_get_object (row), where, entry,
                                  error) &&
                 check_picture (scratch, db, table, entry, where, error);
          if (!ok)
            return FALSE;
          table->rows++;
        }
    }

  return check_foreign_keys (scratch, error) && check_with_kiosk_reader (scratch, error);
}

static gboolean
write_report_status (KioskCentralDb *db,
                     Entry          *entry,
                     gboolean       *out_changed,
                     GError        **error)
{
  g_autoptr(JsonNode) node = json_from_string (entry->data, NULL);
  JsonObject *data = json_node_get_object (node);
  KioskCentralStmt *stmt;

  /* Unchanged when the server already has exactly this status. */
  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO report_statuses (report_uuid, status, at,"
                                   " note_ar, note_en, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                   " ON CONFLICT (report_uuid) DO UPDATE SET"
                                   " status = excluded.status, at = excluded.at,"
                                   " note_ar = excluded.note_ar, note_en = excluded.note_en,"
                                   " updated_at = excluded.updated_at"
                                   " WHERE report_statuses.status <> excluded.status"
                                   " OR report_statuses.at <> excluded.at"
                                   " OR report_statuses.note_ar <> excluded.note_ar"
                                   " OR report_statuses.note_en <> excluded.note_en",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, entry->key);
  kiosk_central_stmt_bind_text (stmt, 2, json_object_get_string_member (data, "status"));
  kiosk_central_stmt_bind_int64 (stmt, 3, json_object_get_int_member (data, "at"));
  kiosk_central_stmt_bind_text (stmt, 4, json_object_get_string_member (data, "note_ar"));
  kiosk_central_stmt_bind_text (stmt, 5, json_object_get_string_member (data, "note_en"));
  kiosk_central_stmt_bind_int64 (stmt, 6, kiosk_central_now ());
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  *out_changed = kiosk_central_db_changes (db) > 0;
  if (!*out_changed)
    return TRUE;
  return kiosk_central_db_add_change (db, KIOSK_CENTRAL_REPORT_STATUS, "upsert", entry->key,
                                      entry->data, entry->kiosk_code, error);
}

/* Writes what passed into the server's database, in one transaction. Of several rows with
 * the same key only the last counts (it is what the scratch copy holds). */
static gboolean
write_entries (Scratch                     *scratch,
               KioskCentralDb              *db,
               const KioskCentralLoadAudit *audit,
               GError                     **error)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < scratch->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (scratch->entries, i);

      g_hash_table_insert (last, g_strdup_printf ("%u|%s", entry->table, entry->key),
                           GUINT_TO_POINTER (i));
    }

  if (!kiosk_central_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < scratch->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (scratch->entries, i);
      Table *table = &scratch->tables[entry->table];
      g_autofree char *id = g_strdup_printf ("%u|%s", entry->table, entry->key);
      g_autofree char *data = NULL;
      gboolean changed = FALSE;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, id)) != i)
        continue;

      if (table->columns == NULL)
        {
          if (!write_report_status (db, entry, &changed, error))
            goto fail;
        }
      else
        {
          if (!entry->is_delete &&
              (data = scratch_row_json (scratch, table, entry->rowid, error)) == NULL)
            goto fail;
          if (!kiosk_central_reference_put (db, table->dataset->name, entry->key, data,
                                            &changed, error))
            goto fail;
        }
      if (changed)
        table->changed++;
    }
  if (audit != NULL && !kiosk_central_store_audit (db, audit->actor, audit->action,
                                                   audit->subject, audit->detail, error))
    goto fail;
  return kiosk_central_db_commit (db, error);

fail:
  kiosk_central_db_rollback (db);
  return FALSE;
}

gboolean
kiosk_central_load_rows (KioskCentralDb              *db,
                         JsonObject                  *input,
                         const KioskCentralLoadAudit *audit,
                         GString                     *summary,
                         GError                     **error)
{
  g_autoptr(Scratch) scratch = scratch_new (error);
  guint changes = 0;

  if (scratch == NULL ||
      !validate_input (scratch, db, input, error) ||
      !write_entries (scratch, db, audit, error))
    return FALSE;

  for (guint t = 0; t < scratch->n_tables; t++)
    {
      Table *table = &scratch->tables[t];

      if (!json_object_has_member (input, table->dataset->name))
        continue;
      g_string_append_printf (summary, "%s: %u rows, %u changed\n", table->dataset->name,
                              table->rows, table->changed);
      changes += table->changed;
    }
  g_string_append_printf (summary, "%u changes added to the feed\n", changes);
  return TRUE;
}

gboolean
kiosk_central_load_file (KioskCentralDb *db,
                         const char     *path,
                         GString        *summary,
                         GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *text;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) > KIOSK_CENTRAL_LOAD_MAX_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: not a regular file of at most %d MiB", path,
                   KIOSK_CENTRAL_LOAD_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return FALSE;
  text = g_bytes_get_data (bytes, &length);
  if (length > KIOSK_CENTRAL_LOAD_MAX_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "%s: too large", path);
      return FALSE;
    }

  root = kiosk_central_json_parse (text ? text : "", length, 8, 0, &local_error);
  if (root == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: must be an object of datasets, { \"fines\": [ ... ], ... }", path);
      return FALSE;
    }
  return kiosk_central_load_rows (db, json_node_get_object (root), NULL, summary, error);
}

/* Each reference table of a scratch database as rows, shaped as a load file would give them. */
static JsonObject *
read_back_tables (Scratch *seeded,
                  GError **error)
{
  g_autoptr(JsonObject) input = json_object_new ();

  for (guint t = 0; t < seeded->n_tables; t++)
    {
      Table *table = &seeded->tables[t];
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      JsonArray *rows;
      int rc;

      if (table->columns == NULL)
        continue;
      sql = g_strdup_printf ("SELECT rowid FROM \"%s\" ORDER BY rowid", table->dataset->name);
      if (sqlite3_prepare_v2 (seeded->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          scratch_fail (seeded, "read the seed", error);
          return NULL;
        }
      rows = json_array_new ();
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *text = scratch_row_json (seeded, table, sqlite3_column_int64 (stmt, 0),
                                                    error);
          JsonNode *node = text ? json_from_string (text, NULL) : NULL;

          if (node == NULL)
            {
              sqlite3_finalize (stmt);
              json_array_unref (rows);
              return NULL;
            }
          json_array_add_element (rows, node);
        }
      sqlite3_finalize (stmt);
      if (json_array_get_length (rows) > 0)
        json_object_set_array_member (input, table->dataset->name, rows);
      else
        json_array_unref (rows);
    }
  return g_steal_pointer (&input);
}

gboolean
kiosk_central_load_demo (KioskCentralDb *db,
                         GString        *summary,
                         GError        **error)
{
  g_autoptr(Scratch) seeded = scratch_new (error);
  g_autoptr(GBytes) seed = NULL;
  g_autoptr(JsonObject) input = NULL;

  if (seeded == NULL)
    return FALSE;
  seed = g_resources_lookup_data (KIOSK_DEMO_SEED_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (seed == NULL || !scratch_exec (seeded, g_bytes_get_data (seed, NULL), "the demo seed",
                                     error))
    return FALSE;

  input = read_back_tables (seeded, error);
  return input != NULL && kiosk_central_load_rows (db, input, NULL, summary, error);
}
