/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Applies a page of the central server's changes feed: validates every change against the
 * kiosk's own tables, then writes the page and its cursor in one transaction. */
#define G_LOG_DOMAIN "kiosk-pull"

#include "config.h"

#include "kiosk-pull.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-ids.h"
#include "kiosk-photos.h"
#include "kiosk-store-private.h"
#include "kiosk-validate.h"

/* Seconds since the epoch up to the end of year 9999: anything later is garbage. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)
/* 10 million OMR: far above any fee or fine, far below overflow. */
#define MAX_BAISA G_GINT64_CONSTANT (10000000000000)
#define MAX_KEY_CHARS 256
#define MAX_CURSOR_CHARS 128

typedef enum
{
  COL_TEXT,     /* free text, through kiosk_validate_text */
  COL_ID,       /* a code or number: 1-64 of A-Z a-z 0-9 _ . - */
  COL_INT,      /* integer in [min, max] */
  COL_BOOL,     /* true/false or 0/1, stored 0/1 */
  COL_ENUM,     /* one of `allowed` */
  COL_DATE,     /* YYYY-MM-DD, a real date */
  COL_PLATE,    /* kiosk_validate_plate, stored canonical */
  COL_LICENCE,  /* kiosk_validate_licence_number */
  COL_CR,       /* kiosk_validate_cr_number */
  COL_KEY32,    /* base64 of exactly 32 bytes, stored as a blob */
  COL_UUID,     /* kiosk_uuid_is_valid */
  COL_STATUS,   /* a report status word: 1-32 of a-z _ */
  COL_SHA256,   /* 64 lowercase hex digits: an attachment */
  COL_URL,      /* https:// and 1-300 printable ASCII characters without spaces */
} ColumnType;

typedef enum
{
  REQUIRED,     /* present and not null */
  DEFAULTED,    /* absent or null means `def` */
  NULLABLE,     /* absent or null means NULL */
} Presence;

typedef struct
{
  const char        *name;
  ColumnType         type;
  Presence           presence;
  gint64             min;       /* COL_INT */
  gint64             max;       /* COL_INT; characters for COL_TEXT */
  const char        *def;       /* DEFAULTED: the value as text ("0", "") */
  const char *const *allowed;   /* COL_ENUM */
} Column;

typedef struct
{
  const char   *name;     /* the dataset, and the kiosk's table of the same name */
  const Column *columns;  /* ends with a NULL name; the first n_key form the primary key */
  guint         n_key;
} Dataset;

static const char *const priorities[] = { "HIGH", "MEDIUM", "LOW", NULL };
static const char *const service_groups[] = { "reports", "licences", "payments", "scan", NULL };
static const char *const fee_services[] = { "shop_licence", "vehicle_licence", "parking_permit",
                                            "vehicle_permit", "lease_form", NULL };
static const char *const licence_kinds[] = { "shop", "vehicle", NULL };
static const char *const licence_states[] = { "active", "suspended", "cancelled", NULL };
static const char *const fine_states[] = { "unpaid", "paid", "cancelled", NULL };
static const char *const algorithms[] = { "ed25519", NULL };
static const char *const announcement_categories[] = { "news", "project", "new_service", NULL };

#define NAME(n)        { n, COL_TEXT, REQUIRED, 0, 200, NULL, NULL }
#define TEXT(n, len)   { n, COL_TEXT, REQUIRED, 0, len, NULL, NULL }
#define OPT_TEXT(n)    { n, COL_TEXT, DEFAULTED, 0, 500, "", NULL }
#define NULL_TEXT(n)   { n, COL_TEXT, NULLABLE, 0, 500, NULL, NULL }
#define ID(n)          { n, COL_ID, REQUIRED, 0, 0, NULL, NULL }
#define NULL_ID(n)     { n, COL_ID, NULLABLE, 0, 0, NULL, NULL }
#define SORT           { "sort_order", COL_INT, DEFAULTED, -1000000, 1000000, "0", NULL }
#define TIME(n)        { n, COL_INT, REQUIRED, 0, MAX_TIME, NULL, NULL }
#define MONEY(n, lo)   { n, COL_INT, REQUIRED, lo, MAX_BAISA, NULL, NULL }
#define OPT_MONEY(n)   { n, COL_INT, DEFAULTED, 0, MAX_BAISA, "0", NULL }
#define ENUM(n, set)   { n, COL_ENUM, REQUIRED, 0, 0, NULL, set }
#define FLAG(n)        { n, COL_BOOL, DEFAULTED, 0, 1, "1", NULL }
#define TYPED(n, t)    { n, t, REQUIRED, 0, 0, NULL, NULL }
#define LONG_TEXT(n)   { n, COL_TEXT, DEFAULTED, 0, KIOSK_PULL_MAX_LONG_TEXT, "", NULL }
#define END            { NULL, 0, 0, 0, 0, NULL, NULL }
/* A reference point in microdegrees (migration 0005), absent on rows from older servers. */
#define POSITION       { "latitude_e6", COL_INT, NULLABLE, -90000000, 90000000, NULL, NULL }, \
                       { "longitude_e6", COL_INT, NULLABLE, -180000000, 180000000, NULL, NULL }

static const Column wilayat_columns[] = {
  ID ("code"), NAME ("name_ar"), NAME ("name_en"), SORT, POSITION, END
};
static const Column area_columns[] = {
  ID ("code"), ID ("wilayat_code"), NAME ("name_ar"), NAME ("name_en"), SORT, POSITION, END
};
static const Column category_group_columns[] = {
  ID ("code"), NAME ("name_ar"), NAME ("name_en"), SORT, END
};
static const Column report_category_columns[] = {
  ID ("code"), ID ("group_code"), NAME ("name_ar"), NAME ("name_en"),
  ENUM ("priority", priorities), FLAG ("active"), SORT, END
};
static const Column service_catalog_columns[] = {
  ID ("code"), ENUM ("group_code", service_groups), NAME ("name_ar"), NAME ("name_en"),
  { "icon", COL_TEXT, DEFAULTED, 0, 100, "", NULL }, FLAG ("enabled"), SORT, END
};
static const Column parking_zone_columns[] = {
  ID ("code"), NULL_ID ("wilayat_code"), NAME ("name_ar"), NAME ("name_en"), END
};
static const Column fee_columns[] = {
  ENUM ("service", fee_services), ID ("variant"),
  { "period_months", COL_INT, REQUIRED, 0, 60, NULL, NULL },
  NAME ("name_ar"), NAME ("name_en"), MONEY ("amount_baisa", 0),
  OPT_MONEY ("late_penalty_baisa"), OPT_MONEY ("late_penalty_cap_baisa"), END
};
static const Column licence_columns[] = {
  TYPED ("number", COL_LICENCE), ENUM ("kind", licence_kinds), NAME ("holder_name_ar"),
  NAME ("holder_name_en"), { "cr_number", COL_CR, NULLABLE, 0, 0, NULL, NULL },
  { "plate", COL_PLATE, NULLABLE, 0, 0, NULL, NULL }, ID ("fee_variant"),
  OPT_TEXT ("activity_ar"), OPT_TEXT ("activity_en"), NULL_ID ("wilayat_code"),
  TYPED ("expires_on", COL_DATE), ENUM ("status", licence_states), NULL_TEXT ("block_reason"),
  TIME ("updated_at"), END
};
static const Column vehicle_permit_columns[] = {
  ID ("number"), TYPED ("plate", COL_PLATE), ID ("zone_code"), NAME ("holder_name_ar"),
  NAME ("holder_name_en"), TYPED ("expires_on", COL_DATE), ENUM ("status", licence_states),
  TIME ("updated_at"), END
};
static const Column fine_columns[] = {
  ID ("number"), TYPED ("plate", COL_PLATE), TIME ("issued_at"), NAME ("place_ar"),
  NAME ("place_en"), NAME ("violation_ar"), NAME ("violation_en"), MONEY ("amount_baisa", 1),
  ENUM ("status", fine_states), TIME ("updated_at"), END
};
static const Column signing_key_columns[] = {
  ID ("key_id"), TEXT ("owner", 100),
  { "algorithm", COL_ENUM, DEFAULTED, 0, 0, "ed25519", algorithms },
  TYPED ("public_key", COL_KEY32),
  { "valid_from", COL_INT, DEFAULTED, 0, MAX_TIME, "0", NULL },
  { "valid_until", COL_INT, NULLABLE, 0, MAX_TIME, NULL, NULL }, END
};
static const Column announcement_columns[] = {
  ID ("id"), ENUM ("category", announcement_categories), NAME ("title_ar"), NAME ("title_en"),
  TEXT ("body_ar", KIOSK_PULL_MAX_LONG_TEXT), TEXT ("body_en", KIOSK_PULL_MAX_LONG_TEXT),
  { "picture_sha256", COL_SHA256, NULLABLE, 0, 0, NULL, NULL }, TIME ("publish_at"),
  { "expires_at", COL_INT, NULLABLE, 0, MAX_TIME, NULL, NULL },
  { "priority", COL_INT, DEFAULTED, 0, 100, "0", NULL }, END
};
static const Column service_guide_category_columns[] = {
  ID ("code"), NAME ("name_ar"), NAME ("name_en"),
  { "icon", COL_TEXT, DEFAULTED, 0, 100, "", NULL }, SORT, END
};
static const Column service_guide_columns[] = {
  ID ("id"), ID ("category"), NAME ("name_ar"), NAME ("name_en"),
  TEXT ("summary_ar", KIOSK_PULL_MAX_LONG_TEXT), TEXT ("summary_en", KIOSK_PULL_MAX_LONG_TEXT),
  LONG_TEXT ("eligibility_ar"), LONG_TEXT ("eligibility_en"),
  LONG_TEXT ("documents_ar"), LONG_TEXT ("documents_en"), OPT_TEXT ("fee_ar"), OPT_TEXT ("fee_en"),
  { "fee_baisa", COL_INT, NULLABLE, 0, MAX_BAISA, NULL, NULL }, NULL_ID ("kiosk_service"),
  { "website_url", COL_URL, NULLABLE, 0, 0, NULL, NULL }, OPT_TEXT ("app_ar"), OPT_TEXT ("app_en"),
  OPT_TEXT ("office_ar"), OPT_TEXT ("office_en"), NULL_ID ("office_wilayat"),
  OPT_TEXT ("hours_ar"), OPT_TEXT ("hours_en"), OPT_TEXT ("keywords"), SORT, END
};
/* Not a table: the status of a report this kiosk sent (reports + report_status_history). */
static const Column report_status_columns[] = {
  TYPED ("uuid", COL_UUID), TYPED ("status", COL_STATUS), TIME ("at"),
  OPT_TEXT ("note_ar"), OPT_TEXT ("note_en"), END
};

#define REPORT_STATUS "report_status"

/* What the server refused of this kiosk's payments, and why (for the attendant's desk). */
static const char *const rejected_kinds[] = { "payment", "counter_payment", NULL };
static const Column payment_rejection_columns[] = {
  TYPED ("record_uuid", COL_UUID), ENUM ("kind", rejected_kinds), ID ("reference"), ID ("code"),
  TEXT ("reason", 500), TIME ("rejected_at"), END
};

/* In the order a reset deletes them: children before the parents they point at. */
static const Dataset datasets[] = {
  { "announcements", announcement_columns, 1 },
  { "service_guide", service_guide_columns, 1 },
  { "service_guide_categories", service_guide_category_columns, 1 },
  { "areas", area_columns, 1 },
  { "parking_zones", parking_zone_columns, 1 },
  { "wilayats", wilayat_columns, 1 },
  { "report_categories", report_category_columns, 1 },
  { "category_groups", category_group_columns, 1 },
  { "service_catalog", service_catalog_columns, 1 },
  { "fees", fee_columns, 3 },
  { "licences", licence_columns, 1 },
  { "vehicle_permits", vehicle_permit_columns, 1 },
  { "fines", fine_columns, 1 },
  { "signing_keys", signing_key_columns, 1 },
  { REPORT_STATUS, report_status_columns, 1 },
  { "payment_rejections", payment_rejection_columns, 1 },
};

static const Dataset *
find_dataset (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
    if (g_str_equal (datasets[i].name, name))
      return &datasets[i];
  return NULL;
}

static guint
count_columns (const Dataset *dataset)
{
  guint n = 0;

  while (dataset->columns[n].name != NULL)
    n++;
  return n;
}

/* A value checked and converted, ready to bind. */
typedef struct
{
  enum { VALUE_NULL, VALUE_TEXT, VALUE_INT, VALUE_BLOB } kind;
  char   *text;   /* VALUE_TEXT; also the key form of VALUE_INT */
  gint64  n;
  GBytes *blob;
} Value;

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->text, g_free);
  g_clear_pointer (&value->blob, g_bytes_unref);
  value->kind = VALUE_NULL;
}

/* Where an error happened, for messages: "change 12 (fines \"PF-1\")". */
typedef struct
{
  guint       index;
  const char *dataset;
  const char *key;
} Where;

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      const Where *where,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (where == NULL)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL, "changes page refused: %s",
                 message);
  else
    {
      /* The key came from the server: shown escaped and cut, never raw. */
      g_autofree char *key = where->key ? g_strescape (where->key, NULL) : NULL;

      if (key != NULL && strlen (key) > 80)
        strcpy (key + 77, "...");
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL,
                   "changes page refused: change %u (%s \"%s\"): %s", where->index,
                   where->dataset ? where->dataset : "?", key ? key : "", message);
    }
  return FALSE;
}

static gboolean
is_identifier (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isalnum (text[i]) || text[i] == '_' || text[i] == '.' || text[i] == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
is_status_word (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_islower (text[i]) || text[i] == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
is_https_url (const char *text)
{
  gsize len = strlen (text);

  if (!g_str_has_prefix (text, "https://") || len <= strlen ("https://") || len > 300)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_date (const char *text)
{
  guint y, m, d;
  char tail;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1900 && g_date_valid_dmy (d, m, y);
}

static GBytes *
decode_key32 (const char *text)
{
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  /* g_base64_decode skips characters outside the alphabet, so check the alphabet first. */
  if (strlen (text) != 44 || text[43] != '=')
    return NULL;
  for (gsize i = 0; i < 43; i++)
    if (!(g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/'))
      return NULL;
  raw = g_base64_decode (text, &len);
  if (len != 32)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&raw), len);
}

/* Text as the column stores it, from a string; NULL with `why` set when it does not fit. */
static char *
check_text (const Column *column,
            const char   *text,
            const char  **why)
{
  g_autoptr(GError) local_error = NULL;
  char *out = NULL;

  switch (column->type)
    {
    case COL_TEXT:
      out = kiosk_validate_text (text, (gsize) column->max, column->presence == REQUIRED,
                                 &local_error);
      if (out == NULL)
        *why = "is not acceptable text (empty, too long or with control characters)";
      return out;
    case COL_ID:
      if (!is_identifier (text))
        *why = "is not a code (1–64 of A–Z, a–z, 0–9, _ . -)";
      return *why ? NULL : g_strdup (text);
    case COL_ENUM:
      if (!g_strv_contains (column->allowed, text))
        *why = "is not one of the allowed values";
      return *why ? NULL : g_strdup (text);
    case COL_DATE:
      if (!is_date (text))
        *why = "is not a date (YYYY-MM-DD)";
      return *why ? NULL : g_strdup (text);
    case COL_PLATE:
      out = kiosk_validate_plate (text, &local_error);
      if (out == NULL)
        *why = "is not a vehicle plate";
      return out;
    case COL_LICENCE:
      out = kiosk_validate_licence_number (text, &local_error);
      if (out == NULL)
        *why = "is not a licence number";
      return out;
    case COL_CR:
      out = kiosk_validate_cr_number (text, &local_error);
      if (out == NULL)
        *why = "is not a commercial registration number";
      return out;
    case COL_UUID:
      if (!kiosk_uuid_is_valid (text))
        *why = "is not a UUID";
      return *why ? NULL : g_strdup (text);
    case COL_STATUS:
      if (!is_status_word (text))
        *why = "is not a status (1–32 of a–z and _)";
      return *why ? NULL : g_strdup (text);
    case COL_SHA256:
      if (!kiosk_sha256_is_valid (text))
        *why = "is not a SHA-256 (64 lowercase hex digits)";
      return *why ? NULL : g_strdup (text);
    case COL_URL:
      if (!is_https_url (text))
        *why = "is not an https:// address (at most 300 characters, no spaces)";
      return *why ? NULL : g_strdup (text);
    case COL_INT:
    case COL_BOOL:
    case COL_KEY32:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_int (const Column *column,
           gint64        n,
           Value        *value,
           const char  **why)
{
  if (n < column->min || n > column->max)
    {
      *why = "is out of range";
      return FALSE;
    }
  value->kind = VALUE_INT;
  value->n = n;
  value->text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  return TRUE;
}

/* One field of a change's data: type, range and form; absent fields take their default. */
static gboolean
check_value (const Column *column,
             JsonNode     *node,
             Value        *value,
             const char  **why)
{
  GType type;

  *why = NULL;
  value->kind = VALUE_NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      switch (column->presence)
        {
        case REQUIRED:
          *why = node ? "is null" : "is missing";
          return FALSE;
        case NULLABLE:
          return TRUE;
        case DEFAULTED:
        default:
          if (column->type == COL_INT || column->type == COL_BOOL)
            return check_int (column, g_ascii_strtoll (column->def, NULL, 10), value, why);
          value->kind = VALUE_TEXT;
          value->text = g_strdup (column->def);
          return TRUE;
        }
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      *why = "is not a single value";
      return FALSE;
    }
  type = json_node_get_value_type (node);

  switch (column->type)
    {
    case COL_INT:
      if (type != G_TYPE_INT64)
        {
          *why = "is not an integer";
          return FALSE;
        }
      return check_int (column, json_node_get_int (node), value, why);

    case COL_BOOL:
      if (type == G_TYPE_BOOLEAN)
        return check_int (column, json_node_get_boolean (node) ? 1 : 0, value, why);
      if (type == G_TYPE_INT64)
        return check_int (column, json_node_get_int (node), value, why);
      *why = "is not true or false";
      return FALSE;

    case COL_KEY32:
      if (type != G_TYPE_STRING || (value->blob = decode_key32 (json_node_get_string (node))) == NULL)
        {
          *why = "is not the base64 of a 32-byte key";
          return FALSE;
        }
      value->kind = VALUE_BLOB;
      return TRUE;

    default:
      if (type != G_TYPE_STRING)
        {
          *why = "is not a string";
          return FALSE;
        }
      value->text = check_text (column, json_node_get_string (node), why);
      if (value->text == NULL)
        return FALSE;
      value->kind = VALUE_TEXT;
      return TRUE;
    }
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Value  *value)
{
  switch (value->kind)
    {
    case VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_TRANSIENT);
      break;
    case VALUE_INT:
      sqlite3_bind_int64 (stmt, index, value->n);
      break;
    case VALUE_BLOB:
      {
        gsize size;
        gconstpointer data = g_bytes_get_data (value->blob, &size);
        sqlite3_bind_blob (stmt, index, data, (int) size, SQLITE_TRANSIENT);
      }
      break;
    case VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

/* The SQL of each dataset, built once from the tables above (names are constants, never
 * input). */
typedef struct
{
  char *upsert;
  char *delete;
} DatasetSql;

static const DatasetSql *
dataset_sql (const Dataset *dataset)
{
  static DatasetSql sql[G_N_ELEMENTS (datasets)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
        {
          const Dataset *d = &datasets[i];
          g_autoptr(GString) names = g_string_new (NULL);
          g_autoptr(GString) params = g_string_new (NULL);
          g_autoptr(GString) keys = g_string_new (NULL);
          g_autoptr(GString) updates = g_string_new (NULL);
          g_autoptr(GString) where = g_string_new (NULL);
          guint n = count_columns (d);

          if (g_str_equal (d->name, REPORT_STATUS))
            continue;

          for (guint c = 0; c < n; c++)
            {
              const char *name = d->columns[c].name;

              g_string_append_printf (names, "%s%s", c ? ", " : "", name);
              g_string_append_printf (params, "%s?%u", c ? ", " : "", c + 1);
              if (c < d->n_key)
                {
                  g_string_append_printf (keys, "%s%s", c ? ", " : "", name);
                  g_string_append_printf (where, "%s%s = ?%u", c ? " AND " : "", name, c + 1);
                }
              else
                g_string_append_printf (updates, "%s%s = excluded.%s",
                                        updates->len ? ", " : "", name, name);
            }
          sql[i].upsert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s)"
                                           " DO UPDATE SET %s", d->name, names->str,
                                           params->str, keys->str, updates->str);
          sql[i].delete = g_strdup_printf ("DELETE FROM %s WHERE %s", d->name, where->str);
        }
      g_once_init_leave (&initialized, 1);
    }

  return &sql[dataset - datasets];
}

static gboolean
run (KioskStore   *store,
     sqlite3_stmt *stmt,
     GError      **error)
{
  return kiosk_store_step_done (store, stmt, error);
}

/* The feed said unpaid; the money for it was taken here (see kiosk-pull.h). */
static gboolean
keep_locally_paid (KioskStore *store,
                   const char *number,
                   guint      *kept,
                   GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "UPDATE fines SET status = 'paid' WHERE number = ?1"
                              " AND status = 'unpaid' AND EXISTS (SELECT 1 FROM fine_payments fp"
                              " JOIN payments p ON p.uuid = fp.payment_uuid"
                              " WHERE fp.fine_number = ?1 AND fp.voided = 0"
                              " AND p.status IN ('approved_online', 'approved_offline',"
                              " 'paid_counter'))",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, number);
  if (!run (store, stmt, error))
    return FALSE;
  *kept += sqlite3_changes (kiosk_store_get_db (store));
  return TRUE;
}

static gboolean
apply_report_status (KioskStore  *store,
                     Value       *values,
                     gboolean    *applied,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  /* Statuses only ever move forward in time: a replayed older one changes nothing. */
  stmt = kiosk_store_prepare (store,
                              "UPDATE reports SET status = ?2, status_updated_at = ?3"
                              " WHERE uuid = ?1 AND (status_updated_at IS NULL"
                              " OR status_updated_at <= ?3)",
                              error);
  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < 3; i++)
    bind_value (stmt, i + 1, &values[i]);
  if (!run (store, stmt, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO report_status_history (report_uuid, status, at,"
                              " note_ar, note_en) SELECT ?1, ?2, ?3, ?4, ?5"
                              " WHERE EXISTS (SELECT 1 FROM reports WHERE uuid = ?1)"
                              " ON CONFLICT (report_uuid, at, status) DO UPDATE SET"
                              " note_ar = excluded.note_ar, note_en = excluded.note_en",
                              error);
  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < 5; i++)
    bind_value (stmt, i + 1, &values[i]);
  if (!run (store, stmt, error))
    return FALSE;
  *applied = sqlite3_changes (kiosk_store_get_db (store)) > 0;
  return TRUE;
}

/* Splits "a|b|c" into the key columns' values, checked like data fields. */
static gboolean
parse_key (const Dataset *dataset,
           const char    *key,
           Value         *values,
           const char   **why)
{
  g_auto(GStrv) parts = g_strsplit (key, "|", -1);

  if (g_strv_length (parts) != dataset->n_key)
    {
      *why = "key does not have the parts the dataset's primary key has";
      return FALSE;
    }
  for (guint c = 0; c < dataset->n_key; c++)
    {
      const Column *column = &dataset->columns[c];
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

      if (column->type == COL_INT)
        {
          char *end = NULL;
          gint64 n = g_ascii_strtoll (parts[c], &end, 10);

          if (*parts[c] == '\0' || *end != '\0')
            {
              *why = "key part is not an integer";
              return FALSE;
            }
          json_node_set_int (node, n);
        }
      else
        json_node_set_string (node, parts[c]);

      if (!check_value (column, node, &values[c], why))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_change (KioskStore    *store,
              JsonNode      *change_node,
              Where         *where,
              KioskPullPage *page,
              GError       **error)
{
  JsonObject *change;
  const Dataset *dataset;
  const char *op, *name, *why = NULL;
  JsonObject *data = NULL;
  Value values[32] = { { 0 } };
  guint n;
  gboolean ok = FALSE;
  sqlite3_stmt *stmt;

  if (!JSON_NODE_HOLDS_OBJECT (change_node))
    return fail (error, where, "not an object");
  change = json_node_get_object (change_node);

  name = json_object_get_string_member_with_default (change, "dataset", NULL);
  if (name == NULL || (dataset = find_dataset (name)) == NULL)
    return fail (error, where, "unknown or missing dataset");
  where->dataset = dataset->name;

  where->key = json_object_get_string_member_with_default (change, "key", NULL);
  if (where->key == NULL || *where->key == '\0' || strlen (where->key) > MAX_KEY_CHARS)
    return fail (error, where, "missing, empty or overlong key");

  op = json_object_get_string_member_with_default (change, "op", NULL);
  if (g_strcmp0 (op, "upsert") != 0 && g_strcmp0 (op, "delete") != 0)
    return fail (error, where, "op is not upsert or delete");

  n = count_columns (dataset);
  g_assert (n <= G_N_ELEMENTS (values));

  if (g_str_equal (op, "delete"))
    {
      /* A report's status has no row of its own to delete; the report is the kiosk's. */
      if (g_str_equal (dataset->name, REPORT_STATUS))
        {
          page->skipped++;
          return TRUE;
        }
      if (!parse_key (dataset, where->key, values, &why))
        goto invalid_key;
      stmt = kiosk_store_prepare (store, dataset_sql (dataset)->delete, error);
      if (stmt == NULL)
        goto out;
      for (guint c = 0; c < dataset->n_key; c++)
        bind_value (stmt, (int) c + 1, &values[c]);
      ok = run (store, stmt, error);
      page->applied += ok;
      goto out;
    }

  if (json_object_has_member (change, "data"))
    {
      JsonNode *data_node = json_object_get_member (change, "data");
      if (JSON_NODE_HOLDS_OBJECT (data_node))
        data = json_node_get_object (data_node);
    }
  if (data == NULL)
    return fail (error, where, "upsert without a data object");

  for (guint c = 0; c < n; c++)
    {
      const Column *column = &dataset->columns[c];

      if (!check_value (column, json_object_get_member (data, column->name), &values[c], &why))
        {
          fail (error, where, "field %s %s", column->name, why);
          goto out;
        }
    }

  /* The key must name the row the data describes, or a delete later would miss it. */
  {
    g_autoptr(GString) key = g_string_new (NULL);

    for (guint c = 0; c < dataset->n_key; c++)
      g_string_append_printf (key, "%s%s", c ? "|" : "", values[c].text);
    if (!g_str_equal (key->str, where->key))
      {
        fail (error, where, "key does not match the data's primary key");
        goto out;
      }
  }

  if (g_str_equal (dataset->name, REPORT_STATUS))
    {
      gboolean applied = FALSE;

      ok = apply_report_status (store, values, &applied, error);
      if (applied)
        page->applied++;
      else
        page->skipped++;
      goto out;
    }

  stmt = kiosk_store_prepare (store, dataset_sql (dataset)->upsert, error);
  if (stmt == NULL)
    goto out;
  for (guint c = 0; c < n; c++)
    bind_value (stmt, (int) c + 1, &values[c]);
  ok = run (store, stmt, error);
  if (ok && g_str_equal (dataset->name, "fines"))
    ok = keep_locally_paid (store, values[0].text, &page->kept_paid, error);
  page->applied += ok;
  goto out;

invalid_key:
  fail (error, where, "%s", why);
out:
  for (guint c = 0; c < G_N_ELEMENTS (values); c++)
    value_clear (&values[c]);
  return ok;
}

static gboolean
reset_datasets (KioskStore *store,
                JsonArray  *listed,
                GError    **error)
{
  /* In the table's order, children first, whatever order the server listed them in. */
  for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      gboolean wanted = FALSE;

      for (guint j = 0; listed != NULL && j < json_array_get_length (listed); j++)
        if (g_strcmp0 (json_array_get_string_element (listed, j), datasets[i].name) == 0)
          wanted = TRUE;

      if (wanted && !g_str_equal (datasets[i].name, REPORT_STATUS))
        {
          g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", datasets[i].name);

          if (!kiosk_store_exec (store, sql, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_datasets (JsonArray  *listed,
                GError    **error)
{
  for (guint j = 0; j < json_array_get_length (listed); j++)
    {
      JsonNode *node = json_array_get_element (listed, j);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          find_dataset (json_node_get_string (node)) == NULL)
        return fail (error, NULL, "datasets[%u] is not a known dataset", j);
    }
  return TRUE;
}

static gboolean
get_boolean (JsonObject  *root,
             const char  *name,
             gboolean    *out,
             gboolean     required,
             GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL && !required)
    {
      *out = FALSE;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, NULL, "%s is missing or not a boolean", name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
is_cursor (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > MAX_CURSOR_CHARS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (text[i]))
      return FALSE;
  return TRUE;
}

char *
kiosk_pull_dup_cursor (KioskStore *store)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store,
                                            "SELECT cursor FROM sync_cursors WHERE dataset = ?1",
                                            NULL);
  char *cursor = NULL;

  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, KIOSK_PULL_CURSOR_DATASET);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cursor = kiosk_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return cursor;
}

static gboolean
save_cursor (KioskStore *store,
             const char *cursor,
             GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO sync_cursors (dataset, cursor, updated_at)"
                              " VALUES (?1, ?2, ?3) ON CONFLICT (dataset) DO UPDATE SET"
                              " cursor = excluded.cursor, updated_at = excluded.updated_at",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, KIOSK_PULL_CURSOR_DATASET);
  kiosk_bind_text (stmt, 2, cursor);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  return run (store, stmt, error);
}

gboolean
kiosk_pull_apply_page (KioskStore    *store,
                       const char    *json,
                       gssize         length,
                       KioskPullPage *out,
                       GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  KioskPullPage page = { 0 };
  JsonObject *root;
  JsonNode *node;
  JsonArray *changes, *listed = NULL;
  const char *cursor;
  gsize size;

  g_return_val_if_fail (store != NULL && json != NULL, FALSE);

  size = length < 0 ? strlen (json) : (gsize) length;
  /* JSON-GLib would cut a string at an escaped NUL without telling: refuse those outright. */
  if (memchr (json, '\0', size) != NULL || g_strstr_len (json, size, "\\u0000") != NULL)
    return fail (error, NULL, "it contains a NUL character");

  if (!json_parser_load_from_data (parser, json, (gssize) size, &local_error))
    return fail (error, NULL, "not JSON: %s", local_error->message);

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, NULL, "not a JSON object");
  root = json_node_get_object (node);

  if (!get_boolean (root, "reset", &page.reset, TRUE, error) ||
      !get_boolean (root, "has_more", &page.has_more, TRUE, error))
    return FALSE;

  cursor = json_object_get_string_member_with_default (root, "next_cursor", NULL);
  if (cursor == NULL || !is_cursor (cursor))
    return fail (error, NULL, "next_cursor is missing or not 1–%d printable characters",
                 MAX_CURSOR_CHARS);

  node = json_object_get_member (root, "changes");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, NULL, "changes is missing or not an array");
  changes = json_node_get_array (node);
  if (json_array_get_length (changes) > KIOSK_PULL_MAX_CHANGES)
    return fail (error, NULL, "more than %d changes in one page", KIOSK_PULL_MAX_CHANGES);

  node = json_object_get_member (root, "datasets");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, NULL, "datasets is not an array");
      listed = json_node_get_array (node);
      if (!check_datasets (listed, error))
        return FALSE;
    }

  if (!kiosk_store_begin (store, error))
    return FALSE;

  /* A page may carry a child row before its parent; the references are checked at COMMIT. */
  if (!kiosk_store_exec (store, "PRAGMA defer_foreign_keys = ON", error))
    goto fail;

  if (page.reset && !reset_datasets (store, listed, error))
    goto fail;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      Where where = { i, NULL, NULL };

      if (!apply_change (store, json_array_get_element (changes, i), &where, &page, error))
        goto fail;
    }

  if (!save_cursor (store, cursor, error))
    goto fail;

  if (!kiosk_store_commit (store, &local_error))
    {
      if (g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT))
        return fail (error, NULL, "it would leave a row pointing at a missing one (%s)",
                     local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out != NULL)
    *out = page;
  return TRUE;

fail:
  kiosk_store_rollback (store);
  return FALSE;
}
