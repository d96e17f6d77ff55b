/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's content pages (see the header): announcements and the services guide, each
 * described once as a table of fields that drives its list, its form, the form's checks and
 * the row it becomes. A saved row goes through kiosk_central_load_rows, the checks every
 * `kiosk-central load` passes (the kiosk's own schema and feed reader), into the changes
 * feed, with its audit row in the same transaction. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-console-content.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-central-changes.h"
#include "kiosk-central-html.h"
#include "kiosk-central-json.h"
#include "kiosk-central-load.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"

#define MAX_ID_CHARS 64
#define MAX_COUNT    G_GINT64_CONSTANT (1000000000)

typedef enum
{
  INPUT_LINE,
  INPUT_TEXT,    /* several lines */
  INPUT_NUMBER,
  INPUT_TIME,    /* Muscat time in the form, Unix seconds in the row */
  INPUT_CHOICE,
  INPUT_URL,     /* https:// only */
} InputKind;

/* Whether a field must be filled in, and what an empty optional one becomes in the row. */
typedef enum
{
  NEED_REQUIRED,
  NEED_OPTIONAL,   /* "" for text, `min` for a number */
  NEED_NULLABLE,   /* null */
} Need;

typedef struct
{
  const char         *name;       /* the form field and the row's member */
  ConsoleText         label;
  InputKind           kind;
  Need                need;
  gsize               max_chars;  /* LINE, TEXT */
  gint64              min, max;   /* NUMBER */
  const char * const *words;      /* CHOICE among fixed words (shown through console_word) */
  const char         *dataset;    /* CHOICE among a reference dataset's codes */
  const char         *dir;        /* "rtl", "ltr", or NULL */
} Field;

typedef struct
{
  const char  *path;       /* under /console/ */
  const char  *dataset;    /* of the feed */
  const char  *audit;      /* the audit action's first word */
  ConsoleText  title;
  ConsoleText  add;
  ConsoleText  none;
  const char  *name_ar;    /* the members a list shows as the entry's name */
  const char  *name_en;
  gboolean     scheduled;  /* has publish_at / expires_at */
  const Field *fields;
  guint        n_fields;
} Kind;

static const char * const announcement_categories[] = { "news", "project", "new_service",
                                                         NULL };

#define LINE(name, label, need, max, dir) \
  { name, label, INPUT_LINE, need, max, 0, 0, NULL, NULL, dir }
#define TEXT(name, label, need, dir) \
  { name, label, INPUT_TEXT, need, 4000, 0, 0, NULL, NULL, dir }
#define NUMBER(name, label, need, max) \
  { name, label, INPUT_NUMBER, need, 0, 0, max, NULL, NULL, NULL }
#define TIME(name, label, need) \
  { name, label, INPUT_TIME, need, 0, 0, 0, NULL, NULL, NULL }
#define CHOICE(name, label, need, words, dataset) \
  { name, label, INPUT_CHOICE, need, 0, 0, 0, words, dataset, NULL }

static const Field announcement_fields[] = {
  CHOICE ("category", T_CATEGORY, NEED_REQUIRED, announcement_categories, NULL),
  LINE ("title_ar", T_TITLE_AR, NEED_REQUIRED, 200, "rtl"),
  LINE ("title_en", T_TITLE_EN, NEED_REQUIRED, 200, "ltr"),
  TEXT ("body_ar", T_BODY_AR, NEED_REQUIRED, "rtl"),
  TEXT ("body_en", T_BODY_EN, NEED_REQUIRED, "ltr"),
  TIME ("publish_at", T_PUBLISH_AT, NEED_REQUIRED),
  TIME ("expires_at", T_EXPIRES_AT, NEED_NULLABLE),
  NUMBER ("priority", T_PRIORITY, NEED_OPTIONAL, 100),
};

static const Field guide_fields[] = {
  CHOICE ("category", T_CATEGORY, NEED_REQUIRED, NULL, "service_guide_categories"),
  LINE ("name_ar", T_NAME_AR, NEED_REQUIRED, 200, "rtl"),
  LINE ("name_en", T_NAME_EN, NEED_REQUIRED, 200, "ltr"),
  TEXT ("summary_ar", T_SUMMARY_AR, NEED_REQUIRED, "rtl"),
  TEXT ("summary_en", T_SUMMARY_EN, NEED_REQUIRED, "ltr"),
  TEXT ("eligibility_ar", T_ELIGIBILITY_AR, NEED_OPTIONAL, "rtl"),
  TEXT ("eligibility_en", T_ELIGIBILITY_EN, NEED_OPTIONAL, "ltr"),
  TEXT ("documents_ar", T_DOCUMENTS_AR, NEED_OPTIONAL, "rtl"),
  TEXT ("documents_en", T_DOCUMENTS_EN, NEED_OPTIONAL, "ltr"),
  LINE ("fee_ar", T_FEE_AR, NEED_OPTIONAL, 500, "rtl"),
  LINE ("fee_en", T_FEE_EN, NEED_OPTIONAL, 500, "ltr"),
  NUMBER ("fee_baisa", T_FEE_BAISA, NEED_NULLABLE, MAX_COUNT),
  CHOICE ("kiosk_service", T_KIOSK_SERVICE, NEED_NULLABLE, NULL, "service_catalog"),
  { "website_url", T_WEBSITE, INPUT_URL, NEED_NULLABLE, 300, 0, 0, NULL, NULL, "ltr" },
  LINE ("app_ar", T_APP_AR, NEED_OPTIONAL, 500, "rtl"),
  LINE ("app_en", T_APP_EN, NEED_OPTIONAL, 500, "ltr"),
  LINE ("office_ar", T_OFFICE_AR, NEED_OPTIONAL, 500, "rtl"),
  LINE ("office_en", T_OFFICE_EN, NEED_OPTIONAL, 500, "ltr"),
  CHOICE ("office_wilayat", T_OFFICE_WILAYAT, NEED_NULLABLE, NULL, "wilayats"),
  LINE ("hours_ar", T_HOURS_AR, NEED_OPTIONAL, 500, "rtl"),
  LINE ("hours_en", T_HOURS_EN, NEED_OPTIONAL, 500, "ltr"),
  LINE ("keywords", T_KEYWORDS, NEED_OPTIONAL, 500, NULL),
  NUMBER ("sort_order", T_SORT_ORDER, NEED_OPTIONAL, MAX_COUNT),
};

static const Kind kinds[] = {
  { "announcements", "announcements", "announcement", T_ANNOUNCEMENTS, T_NEW_ANNOUNCEMENT,
    T_NO_ANNOUNCEMENTS, "title_ar", "title_en", TRUE, announcement_fields,
    G_N_ELEMENTS (announcement_fields) },
  { "guide", "service_guide", "guide", T_GUIDE, T_NEW_GUIDE_ENTRY, T_NO_GUIDE_ENTRIES,
    "name_ar", "name_en", FALSE, guide_fields, G_N_ELEMENTS (guide_fields) },
};

/* Times ------------------------------------------------------------------------------------ */

static GTimeZone *
muscat (void)
{
  return g_time_zone_new_offset (4 * 3600);
}

/* Unix seconds → "YYYY-MM-DDTHH:MM" in Muscat, as a datetime-local input holds it. */
static char *
time_to_input (gint64 at)
{
  g_autoptr(GTimeZone) zone = muscat ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%dT%H:%M") : g_strdup ("");
}

/* "YYYY-MM-DDTHH:MM[:SS]" in Muscat → Unix seconds; FALSE for anything else. */
static gboolean
time_from_input (const char *text,
                 gint64     *out_at)
{
  g_autoptr(GTimeZone) zone = muscat ();
  g_autoptr(GDateTime) at = NULL;
  int year, month, day, hour, minute, second = 0, used = 0;
  gsize len = strlen (text);

  if ((len != 16 && len != 19) || strspn (text, "0123456789-T:") != len)
    return FALSE;
  if (len == 16 && (sscanf (text, "%4d-%2d-%2dT%2d:%2d%n", &year, &month, &day, &hour, &minute,
                            &used) != 5 || used != 16))
    return FALSE;
  if (len == 19 && (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour,
                            &minute, &second, &used) != 6 || used != 19))
    return FALSE;
  if (year < 2000 || year > 9999)
    return FALSE;
  at = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (at == NULL)
    return FALSE;
  *out_at = g_date_time_to_unix (at);
  return TRUE;
}

/* Form values ------------------------------------------------------------------------------ */

/* What the form shows for a field of a stored row ("" when absent or null). */
static char *
value_from_row (const Field *field,
                JsonObject  *row)
{
  JsonNode *node = row ? json_object_get_member (row, field->name) : NULL;
  gint64 number = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (field->kind == INPUT_TIME)
    return kiosk_central_json_get_int (row, field->name, &number) ? time_to_input (number)
                                                                    : g_strdup ("");
  if (field->kind == INPUT_NUMBER)
    return kiosk_central_json_get_int (row, field->name, &number)
           ? g_strdup_printf ("%" G_GINT64_FORMAT, number) : g_strdup ("");
  return g_strdup (kiosk_central_json_get_string (row, field->name));
}

/* A problem with one field, as the form lists it. */
typedef struct
{
  const Field *field;
  ConsoleText  problem;
} Problem;

static gboolean
is_choice (ConsoleContext *context,
           const Field    *field,
           const char     *value)
{
  g_autoptr(GPtrArray) names = NULL;

  if (field->words != NULL)
    return g_strv_contains (field->words, value);
  names = kiosk_central_store_names (context->request->db, field->dataset, NULL);
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_strcmp0 (((KioskCentralName *) names->pdata[i])->code, value) == 0)
      return TRUE;
  return FALSE;
}

/* Checks one field's posted text and puts it in `row` (absent optional values as "", or null
 * where the contract has null). FALSE with `problem` set. */
static gboolean
take_field (ConsoleContext *context,
            const Field    *field,
            const char     *posted,
            JsonObject     *row,
            ConsoleText    *problem)
{
  g_autofree char *text = NULL;
  gint64 number = 0;

  text = console_clean_text (posted, field->max_chars ? field->max_chars : 64, NULL);
  if (text == NULL)
    {
      *problem = T_BAD_TEXT;
      return FALSE;
    }
  g_strstrip (text);
  if (*text == '\0')
    {
      if (field->need == NEED_REQUIRED)
        {
          *problem = T_REQUIRED;
          return FALSE;
        }
      if (field->need == NEED_NULLABLE)
        json_object_set_null_member (row, field->name);
      else if (field->kind == INPUT_NUMBER)
        json_object_set_int_member (row, field->name, field->min);
      else
        json_object_set_string_member (row, field->name, "");
      return TRUE;
    }

  switch (field->kind)
    {
    case INPUT_LINE:
      if (strchr (text, '\n') != NULL)
        {
          *problem = T_BAD_TEXT;
          return FALSE;
        }
      json_object_set_string_member (row, field->name, text);
      return TRUE;
    case INPUT_TEXT:
      json_object_set_string_member (row, field->name, text);
      return TRUE;
    case INPUT_NUMBER:
      if (strspn (text, "0123456789") != strlen (text) ||
          !g_ascii_string_to_signed (text, 10, field->min, field->max, &number, NULL))
        {
          *problem = T_BAD_NUMBER;
          return FALSE;
        }
      json_object_set_int_member (row, field->name, number);
      return TRUE;
    case INPUT_TIME:
      if (!time_from_input (text, &number))
        {
          *problem = T_BAD_TIME;
          return FALSE;
        }
      json_object_set_int_member (row, field->name, number);
      return TRUE;
    case INPUT_CHOICE:
      if (!is_choice (context, field, text))
        {
          *problem = T_BAD_CHOICE;
          return FALSE;
        }
      json_object_set_string_member (row, field->name, text);
      return TRUE;
    case INPUT_URL:
      if (!g_str_has_prefix (text, "https://") || strlen (text) <= strlen ("https://") ||
          strpbrk (text, " \t\n\"<>") != NULL)
        {
          *problem = T_BAD_URL;
          return FALSE;
        }
      json_object_set_string_member (row, field->name, text);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Pages ------------------------------------------------------------------------------------ */

static const char *
row_name (ConsoleContext *context,
          const Kind     *kind,
          JsonObject     *row)
{
  const char *name = kiosk_central_json_get_string (row, context->lang == CONSOLE_LANG_AR
                                                         ? kind->name_ar : kind->name_en);

  return name ? name : "";
}

static gint
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Kind *kind = user_data;
  JsonObject *first = *(JsonObject * const *) a;
  JsonObject *second = *(JsonObject * const *) b;
  gint64 first_at = 0, second_at = 0;

  /* Announcements newest first; the guide by its English name. */
  if (kind->scheduled)
    {
      kiosk_central_json_get_int (first, "publish_at", &first_at);
      kiosk_central_json_get_int (second, "publish_at", &second_at);
      return first_at < second_at ? 1 : first_at > second_at ? -1 : 0;
    }
  return g_strcmp0 (kiosk_central_json_get_string (first, kind->name_en),
                    kiosk_central_json_get_string (second, kind->name_en));
}

/* Where an announcement is in its life, now: scheduled, published or expired. */
static ConsoleText
schedule_state (JsonObject *row)
{
  gint64 now = kiosk_central_now (), publish_at = 0, expires_at = 0;

  kiosk_central_json_get_int (row, "publish_at", &publish_at);
  if (publish_at > now)
    return T_SCHEDULED;
  if (kiosk_central_json_get_int (row, "expires_at", &expires_at) && expires_at <= now)
    return T_EXPIRED;
  return T_PUBLISHED;
}

/* A choice's code as the page shows it: a word, or a reference row's name (`names` from
 * field->dataset), or the code itself. */
static const char *
choice_label (ConsoleContext *context,
              const Field    *field,
              GPtrArray      *names,
              const char     *code)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      KioskCentralName *name = names->pdata[i];

      if (g_strcmp0 (name->code, code) == 0)
        return context->lang == CONSOLE_LANG_AR ? name->name_ar : name->name_en;
    }
  return field->words != NULL ? console_word (context, code) : code;
}

static KioskCentralWebResponse *
list_page (ConsoleContext *context,
           const Kind     *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = kiosk_central_store_reference_data (context->request->db,
                                                                   kind->dataset, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              json_object_unref);
  g_autoptr(GPtrArray) categories = NULL;
  GString *out;

  if (texts == NULL)
    return console_server_error (context, error);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (texts->pdata[i], NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (rows, json_object_ref (json_node_get_object (node)));
    }
  g_ptr_array_sort_with_data (rows, compare_rows, (gpointer) kind);
  /* The first field is the category. */
  if (kind->fields[0].dataset != NULL)
    categories = kiosk_central_store_names (context->request->db, kind->fields[0].dataset,
                                            NULL);

  out = g_string_new (NULL);
  console_page_begin (context, out, console_tr (context, kind->title));
  kiosk_central_html_add (out, "<div class=\"heading\"><h1>{}</h1>"
                          "<a class=\"button\" href=\"/console/{}/new\">{}</a></div>",
                          console_tr (context, kind->title), kind->path,
                          console_tr (context, kind->add));
  if (rows->len == 0)
    {
      kiosk_central_html_add (out, "<p class=\"notice\">{}</p>", console_tr (context, kind->none));
      return console_page_end (out, 200);
    }
  kiosk_central_html_add (out, "<table class=\"reports content\"><thead><tr><th>{}</th>"
                          "<th>{}</th>", console_tr (context, T_TITLE),
                          console_tr (context, T_CATEGORY));
  if (kind->scheduled)
    kiosk_central_html_add (out, "<th>{}</th><th>{}</th><th>{}</th>",
                            console_tr (context, T_PUBLISH_AT),
                            console_tr (context, T_EXPIRES_AT), console_tr (context, T_STATUS));
  kiosk_central_html_add (out, "<th></th></tr></thead><tbody>");
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      const char *key = kiosk_central_json_get_string (row, "id");
      const char *category = kiosk_central_json_get_string (row, "category");

      if (key == NULL)
        continue;
      kiosk_central_html_add (out, "<tr><td><a href=\"/console/{}/{}\">{}</a></td><td>{}</td>",
                              kind->path, key, row_name (context, kind, row),
                              choice_label (context, &kind->fields[0], categories, category));
      if (kind->scheduled)
        {
          gint64 publish_at = 0, expires_at = 0;
          g_autofree char *published = NULL;
          g_autofree char *expires = NULL;
          ConsoleText state = schedule_state (row);

          kiosk_central_json_get_int (row, "publish_at", &publish_at);
          published = console_format_time (publish_at);
          expires = kiosk_central_json_get_int (row, "expires_at", &expires_at)
                    ? console_format_time (expires_at) : g_strdup ("—");
          kiosk_central_html_add (out, "<td dir=\"ltr\">{}</td><td dir=\"ltr\">{}</td>"
                                  "<td><span class=\"status {}\">{}</span></td>",
                                  published, expires,
                                  state == T_PUBLISHED ? "resolved"
                                  : state == T_EXPIRED ? "closed" : "assigned",
                                  console_tr (context, state));
        }
      kiosk_central_html_add (out, "<td><form class=\"inline\" method=\"post\""
                              " action=\"/console/{}/{}/withdraw\">"
                              "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                              "<button type=\"submit\" class=\"quiet danger\">{}</button>"
                              "</form></td></tr>",
                              kind->path, key, context->csrf,
                              console_tr (context, T_WITHDRAW));
    }
  g_string_append (out, "</tbody></table>");
  return console_page_end (out, 200);
}

static void
add_choice (ConsoleContext *context,
            GString        *out,
            const Field    *field,
            const char     *current)
{
  g_autoptr(GPtrArray) names = NULL;

  kiosk_central_html_add (out, "<select name=\"{}\" id=\"{}\"><option value=\"\">{}</option>",
                          field->name, field->name, console_tr (context, T_NOT_SET));
  if (field->dataset != NULL)
    names = kiosk_central_store_names (context->request->db, field->dataset, NULL);
  for (guint i = 0; field->words != NULL && field->words[i] != NULL; i++)
    kiosk_central_html_add (out, "<option value=\"{}\"{}>{}</option>", field->words[i],
                            g_strcmp0 (field->words[i], current) == 0 ? " selected" : "",
                            console_word (context, field->words[i]));
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      KioskCentralName *name = names->pdata[i];

      kiosk_central_html_add (out, "<option value=\"{}\"{}>{}</option>", name->code,
                              g_strcmp0 (name->code, current) == 0 ? " selected" : "",
                              choice_label (context, field, names, name->code));
    }
  g_string_append (out, "</select>");
}

/* The form for a new entry (`key` NULL) or an existing one, with `values` (field name →
 * text as typed) and the `problems` of the last try, if any. */
static KioskCentralWebResponse *
form_page (ConsoleContext *context,
           const Kind     *kind,
           const char     *key,
           GHashTable     *values,
           GArray         *problems,
           const char     *failure,
           guint           status)
{
  const char *heading = key ? console_tr (context, T_EDIT) : console_tr (context, kind->add);
  g_autofree char *action = g_strdup_printf ("/console/%s/%s", kind->path, key ? key : "new");
  GString *out = g_string_new (NULL);

  console_page_begin (context, out, heading);
  kiosk_central_html_add (out, "<p class=\"crumbs\"><a href=\"/console/{}\">{}</a></p>"
                          "<h1>{}</h1>", kind->path, console_tr (context, kind->title),
                          heading);
  if ((problems != NULL && problems->len > 0) || failure != NULL)
    {
      kiosk_central_html_add (out, "<div class=\"error\" role=\"alert\"><p>{}</p><ul>",
                              console_tr (context, failure ? T_NOT_SAVED : T_FIX_ERRORS));
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        {
          Problem *problem = &g_array_index (problems, Problem, i);

          kiosk_central_html_add (out, "<li><a href=\"#{}\">{}</a> {}</li>",
                                  problem->field->name,
                                  console_tr (context, problem->field->label),
                                  console_tr (context, problem->problem));
        }
      if (failure != NULL)
        kiosk_central_html_add (out, "<li dir=\"ltr\">{}</li>", failure);
      g_string_append (out, "</ul></div>");
    }
  kiosk_central_html_add (out, "<form class=\"card content-form\" method=\"post\" action=\"{}\">"
                          "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
                          action, context->csrf);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const Field *field = &kind->fields[i];
      const char *value = g_hash_table_lookup (values, field->name);
      g_autofree char *max = g_strdup_printf ("%" G_GSIZE_FORMAT, field->max_chars);
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, field->min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, field->max);
      const char *dir = field->dir ? field->dir : "auto";
      const char *required = field->need == NEED_REQUIRED ? " required" : "";
      gboolean wrong = FALSE;

      for (guint p = 0; problems != NULL && p < problems->len; p++)
        wrong |= g_array_index (problems, Problem, p).field == field;
      kiosk_central_html_add (out, "<label class=\"{}{}\" for=\"{}\">{}",
                              field->kind == INPUT_TEXT ? "wide" : "",
                              wrong ? " wrong" : "", field->name,
                              console_tr (context, field->label));
      switch (field->kind)
        {
        case INPUT_LINE:
        case INPUT_URL:
          kiosk_central_html_add (out, "<input name=\"{}\" id=\"{}\" type=\"{}\" dir=\"{}\""
                                  " maxlength=\"{}\" value=\"{}\"{}>", field->name,
                                  field->name, field->kind == INPUT_URL ? "url" : "text", dir,
                                  max, value, required);
          break;
        case INPUT_TEXT:
          kiosk_central_html_add (out, "<textarea name=\"{}\" id=\"{}\" rows=\"4\" dir=\"{}\""
                                  " maxlength=\"{}\"{}>{}</textarea>", field->name,
                                  field->name, dir, max, required, value);
          break;
        case INPUT_NUMBER:
          kiosk_central_html_add (out, "<input name=\"{}\" id=\"{}\" type=\"number\""
                                  " dir=\"ltr\" min=\"{}\" max=\"{}\" value=\"{}\">",
                                  field->name, field->name, low, high, value);
          break;
        case INPUT_TIME:
          kiosk_central_html_add (out, "<input name=\"{}\" id=\"{}\" type=\"datetime-local\""
                                  " dir=\"ltr\" value=\"{}\"{}>", field->name, field->name,
                                  value, required);
          break;
        case INPUT_CHOICE:
          add_choice (context, out, field, value);
          break;
        default:
          g_assert_not_reached ();
        }
      g_string_append (out, "</label>");
    }
  kiosk_central_html_add (out, "<div class=\"actions\"><button type=\"submit\">{}</button>"
                          "<a class=\"button quiet\" href=\"/console/{}\">{}</a></div></form>",
                          console_tr (context, T_SAVE), kind->path,
                          console_tr (context, T_CANCEL));
  return console_page_end (out, status);
}

/* The stored row of `key`, or NULL (with `error` only when the database failed). */
static JsonObject *
stored_row (ConsoleContext *context,
            const Kind     *kind,
            const char     *key,
            GError        **error)
{
  g_autofree char *text = kiosk_central_reference_dup (context->request->db, kind->dataset,
                                                       key, error);
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static KioskCentralWebResponse *
edit_get (ConsoleContext *context,
          const Kind     *kind,
          const char     *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (key != NULL && (row = stored_row (context, kind, key, &error)) == NULL)
    return error ? console_server_error (context, error)
                 : console_message_page (context, 404, T_NOT_FOUND_CONTENT);
  for (guint i = 0; i < kind->n_fields; i++)
    g_hash_table_insert (values, (gpointer) kind->fields[i].name,
                         value_from_row (&kind->fields[i], row));
  if (row == NULL && kind->scheduled)
    g_hash_table_insert (values, (gpointer) "publish_at", time_to_input (kiosk_central_now ()));
  return form_page (context, kind, key, values, NULL, NULL, 200);
}

/* Writes `row` as `kiosk-central load` would, audited with the entry's English `name`. */
static gboolean
write_rows (ConsoleContext *context,
            const Kind     *kind,
            JsonObject     *row,
            const char     *verb,
            const char     *key,
            const char     *name,
            GError        **error)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *action = g_strconcat (kind->audit, ".", verb, NULL);
  JsonArray *rows = json_array_new ();
  KioskCentralLoadAudit audit = { context->staff->username, action, key, name ? name : "" };

  json_array_add_object_element (rows, json_object_ref (row));
  json_object_set_array_member (input, kind->dataset, rows);
  return kiosk_central_load_rows (context->request->db, input, &audit, summary, error);
}

static KioskCentralWebResponse *
list_redirect (const Kind *kind)
{
  g_autofree char *location = g_strconcat ("/console/", kind->path, NULL);

  return console_redirect (location);
}

static KioskCentralWebResponse *
save_post (ConsoleContext *context,
           const Kind     *kind,
           const char     *key)
{
  GHashTable *form = context->request->form;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  g_autofree char *new_key = NULL;
  gint64 publish_at = 0, expires_at = 0;

  if (key != NULL && (existing = stored_row (context, kind, key, &error)) == NULL)
    return error ? console_server_error (context, error)
                 : console_message_page (context, 404, T_NOT_FOUND_CONTENT);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const Field *field = &kind->fields[i];
      const char *posted = kiosk_central_web_get (form, field->name);
      Problem problem = { field, N_CONSOLE_TEXTS };

      g_hash_table_insert (values, (gpointer) field->name, g_strdup (posted ? posted : ""));
      if (!take_field (context, field, posted, row, &problem.problem))
        g_array_append_val (problems, problem);
    }
  if (kind->scheduled && problems->len == 0 &&
      kiosk_central_json_get_int (row, "publish_at", &publish_at) &&
      kiosk_central_json_get_int (row, "expires_at", &expires_at) && expires_at <= publish_at)
    {
      Problem problem = { NULL, T_EXPIRY_BEFORE_PUBLISH };

      for (guint i = 0; i < kind->n_fields; i++)
        if (g_str_equal (kind->fields[i].name, "expires_at"))
          problem.field = &kind->fields[i];
      g_array_append_val (problems, problem);
    }
  if (problems->len > 0)
    return form_page (context, kind, key, values, problems, NULL, 400);

  if (key == NULL)
    key = new_key = kiosk_uuid_new ();
  json_object_set_string_member (row, "id", key);
  /* A picture is attached outside the console (`kiosk-central attach`): an edit keeps it. */
  if (kind->scheduled)
    {
      const char *picture = existing
                            ? kiosk_central_json_get_string (existing, "picture_sha256") : NULL;

      if (picture != NULL)
        json_object_set_string_member (row, "picture_sha256", picture);
      else
        json_object_set_null_member (row, "picture_sha256");
    }
  if (!write_rows (context, kind, row, existing ? "update" : "create", key,
                   kiosk_central_json_get_string (row, kind->name_en), &error))
    {
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE))
        return form_page (context, kind, existing ? key : NULL, values, NULL, error->message,
                          400);
      return console_server_error (context, error);
    }
  return list_redirect (kind);
}

/* Withdrawn is deleted from the feed: kiosks drop it at their next pull. */
static KioskCentralWebResponse *
withdraw_post (ConsoleContext *context,
               const Kind     *kind,
               const char     *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) existing = stored_row (context, kind, key, &error);
  g_autoptr(JsonObject) row = json_object_new ();
  const char *name;

  if (existing == NULL)
    return error ? console_server_error (context, error)
                 : console_message_page (context, 404, T_NOT_FOUND_CONTENT);
  name = kiosk_central_json_get_string (existing, kind->name_en);
  json_object_set_string_member (row, "id", key);
  json_object_set_boolean_member (row, "_delete", TRUE);
  if (!write_rows (context, kind, row, "withdraw", key, name, &error))
    return console_server_error (context, error);
  return list_redirect (kind);
}

/* Routing ---------------------------------------------------------------------------------- */

/* "/console/{path}/{key}{suffix}" → the key when it is a contract id, or NULL. */
static char *
key_in (const char *rest,
        const char *suffix)
{
  gsize len = strlen (rest), suffix_len = strlen (suffix);
  g_autofree char *key = NULL;

  if (len <= suffix_len || len - suffix_len > MAX_ID_CHARS || !g_str_has_suffix (rest, suffix))
    return NULL;
  key = g_strndup (rest, len - suffix_len);
  if (strspn (key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
      != strlen (key) || g_str_equal (key, "new"))
    return NULL;
  return g_steal_pointer (&key);
}

KioskCentralWebResponse *
kiosk_central_console_content_route (ConsoleContext *context,
                                     gboolean        post)
{
  const char *path = context->request->path;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const Kind *kind = &kinds[i];
      g_autofree char *prefix = g_strconcat ("/console/", kind->path, NULL);
      const char *rest = path + strlen (prefix);
      g_autofree char *key = NULL;

      if (!g_str_has_prefix (path, prefix) || (*rest != '\0' && *rest != '/'))
        continue;
      if (g_strcmp0 (context->staff->role, "supervisor") != 0)
        return console_message_page (context, 403, T_SUPERVISORS_ONLY);
      if (*rest == '\0' || g_str_equal (rest, "/"))
        return post ? console_message_page (context, 405, T_NOT_FOUND) : list_page (context, kind);
      rest++;
      if (g_str_equal (rest, "new"))
        return post ? save_post (context, kind, NULL) : edit_get (context, kind, NULL);
      if (post && (key = key_in (rest, "/withdraw")) != NULL)
        return withdraw_post (context, kind, key);
      if ((key = key_in (rest, "")) != NULL)
        return post ? save_post (context, kind, key) : edit_get (context, kind, key);
      return console_message_page (context, 404, T_NOT_FOUND_CONTENT);
    }
  return NULL;
}
