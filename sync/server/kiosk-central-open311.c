/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open311 GeoReport v2 (see the header). Each answer is built once as a list of elements of
 * named fields and written as JSON (json-glib) or XML (escaped by kiosk-central-html, the
 * server's one escaper), so both formats always say the same. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-open311.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-central-attachments.h"
#include "kiosk-central-console-auth.h"
#include "kiosk-central-console-store.h"
#include "kiosk-central-html.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-central-open311-media.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-validate.h"

#define MAX_REQUESTS        1000
#define DEFAULT_DAYS        90
#define MAX_DESCRIPTION     1000
#define MAX_ADDRESS         200
#define MAX_IDS             50

/* Answers ------------------------------------------------------------------------------------ */

typedef enum
{
  FIELD_STRING,
  FIELD_NUMBER,   /* text that is a JSON number */
  FIELD_BOOLEAN,  /* "true" / "false" */
  FIELD_NULL,
  FIELD_LIST,     /* an empty list (service definitions' attributes) */
} FieldKind;

typedef struct
{
  const char *name;   /* static */
  FieldKind   kind;
  char       *text;
} Field;

typedef struct
{
  const char *root;     /* "services", "service_requests", "errors" …; NULL: one object */
  const char *element;  /* "service", "request", "error", "service_definition" */
  GPtrArray  *items;    /* GArray of Field per element */
} Answer;

static void
field_clear (Field *field)
{
  g_free (field->text);
}

static Answer *
answer_new (const char *root,
            const char *element)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->root = root;
  answer->element = element;
  answer->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return answer;
}

static void
answer_free (Answer *answer)
{
  g_ptr_array_unref (answer->items);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static GArray *
answer_item (Answer *answer)
{
  GArray *item = g_array_new (FALSE, TRUE, sizeof (Field));

  g_array_set_clear_func (item, (GDestroyNotify) field_clear);
  g_ptr_array_add (answer->items, item);
  return item;
}

static void
add (GArray     *item,
     const char *name,
     FieldKind   kind,
     const char *text)
{
  Field field = { name, kind, g_strdup (text) };

  if (kind == FIELD_STRING && text == NULL)
    field.kind = FIELD_NULL;
  g_array_append_val (item, field);
}

static void
add_number (GArray     *item,
            const char *name,
            double      value,
            int         decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  add (item, name, FIELD_NUMBER, g_ascii_formatd (buffer, sizeof buffer,
                                                  decimals ? "%.6f" : "%.0f", value));
}

static void
write_json_item (JsonBuilder *builder,
                 GArray      *item)
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < item->len; i++)
    {
      Field *field = &g_array_index (item, Field, i);

      json_builder_set_member_name (builder, field->name);
      switch (field->kind)
        {
        case FIELD_STRING:
          json_builder_add_string_value (builder, field->text);
          break;
        case FIELD_NUMBER:
          if (strchr (field->text, '.') != NULL)
            json_builder_add_double_value (builder, g_ascii_strtod (field->text, NULL));
          else
            json_builder_add_int_value (builder, g_ascii_strtoll (field->text, NULL, 10));
          break;
        case FIELD_BOOLEAN:
          json_builder_add_boolean_value (builder, g_str_equal (field->text, "true"));
          break;
        case FIELD_LIST:
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
          break;
        case FIELD_NULL:
        default:
          json_builder_add_null_value (builder);
          break;
        }
    }
  json_builder_end_object (builder);
}

static GString *
answer_json (Answer *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (answer->root == NULL)
    write_json_item (builder, answer->items->pdata[0]);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < answer->items->len; i++)
        write_json_item (builder, answer->items->pdata[i]);
      json_builder_end_array (builder);
    }
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_string_new (text);
}

static void
write_xml_item (GString    *out,
                const char *element,
                GArray     *item)
{
  kiosk_central_html_add (out, "<{}>", element);
  for (guint i = 0; i < item->len; i++)
    {
      Field *field = &g_array_index (item, Field, i);

      if (field->kind == FIELD_NULL || field->kind == FIELD_LIST)
        kiosk_central_html_add (out, "<{}/>", field->name);
      else
        kiosk_central_html_add (out, "<{}>{}</{}>", field->name, field->text, field->name);
    }
  kiosk_central_html_add (out, "</{}>", element);
}

static GString *
answer_xml (Answer *answer)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  if (answer->root != NULL)
    kiosk_central_html_add (out, "<{}>", answer->root);
  for (guint i = 0; i < answer->items->len; i++)
    write_xml_item (out, answer->element, answer->items->pdata[i]);
  if (answer->root != NULL)
    kiosk_central_html_add (out, "</{}>", answer->root);
  g_string_append_c (out, '\n');
  return out;
}

static KioskCentralWebResponse *
respond (Answer   *answer,
         gboolean  xml,
         guint     status)
{
  if (xml)
    return kiosk_central_web_response_text (status, "text/xml; charset=utf-8",
                                            answer_xml (answer));
  return kiosk_central_web_response_text (status, "application/json; charset=utf-8",
                                          answer_json (answer));
}

/* The spec's error array: [{"code": 400, "description": "…"}]. */
static KioskCentralWebResponse *
respond_error (gboolean    xml,
               guint       status,
               const char *description)
{
  g_autoptr(Answer) answer = answer_new ("errors", "error");
  GArray *item = answer_item (answer);

  add_number (item, "code", status, 0);
  add (item, "description", FIELD_STRING, description);
  return respond (answer, xml, status);
}

static KioskCentralWebResponse *
respond_failure (gboolean  xml,
                 GError   *error)
{
  g_message ("open311: %s", error->message);
  if (error->domain == KIOSK_ERROR && (error->code == KIOSK_ERROR_STORE_BUSY ||
                                       error->code == KIOSK_ERROR_STORE_IO))
    return respond_error (xml, 503, "the server is busy; retry later");
  return respond_error (xml, 500, "the server failed; retry");
}

/* Request parsing ---------------------------------------------------------------------------- */

/* "/open311/v2/<name>.json" → "<name>" and whether it was .xml; NULL for another suffix. */
static char *
resource_of (const char *path,
             gboolean   *out_xml)
{
  const char *rest = path + strlen (KIOSK_CENTRAL_OPEN311_PREFIX "/");
  gsize len;

  if (!g_str_has_prefix (path, KIOSK_CENTRAL_OPEN311_PREFIX "/"))
    return NULL;
  len = strlen (rest);
  *out_xml = g_str_has_suffix (rest, ".xml");
  if (!*out_xml && !g_str_has_suffix (rest, ".json"))
    return NULL;
  return g_strndup (rest, len - (*out_xml ? 4 : 5));
}

/* A service code, request id or token as it may appear in a path: short, plain. */
static gboolean
is_plain_code (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
wants_arabic (const KioskCentralWebRequest *request)
{
  const char *locale = kiosk_central_web_get (request->query, "locale");

  if (locale == NULL)
    locale = kiosk_central_web_get (request->form, "locale");
  return locale != NULL && g_ascii_strncasecmp (locale, "ar", 2) == 0;
}

static char *
iso_time (gint64 at)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, muscat) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

/* A w3c date-time with its zone (the spec's format); FALSE if it is not one. */
static gboolean
parse_time (const char *text,
            gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time);
  return TRUE;
}

static const char *
open_or_closed (const char *status)
{
  if (g_str_equal (status, "resolved") || g_str_equal (status, "closed") ||
      g_str_equal (status, "rejected"))
    return "closed";
  return "open";
}

/* Services ----------------------------------------------------------------------------------- */

static KioskCentralName *
find_name (GPtrArray  *names,
           const char *code)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (((KioskCentralName *) names->pdata[i])->code, code) == 0)
      return names->pdata[i];
  return NULL;
}

static KioskCentralWebResponse *
services_get (const KioskCentralWebRequest *request,
              gboolean                      xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = kiosk_central_store_names (request->db, "report_categories",
                                                               &error);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(Answer) answer = answer_new ("services", "service");
  gboolean ar = wants_arabic (request);

  if (categories == NULL ||
      (groups = kiosk_central_store_names (request->db, "category_groups", &error)) == NULL)
    return respond_failure (xml, error);
  for (guint i = 0; i < categories->len; i++)
    {
      KioskCentralName *category = categories->pdata[i];
      KioskCentralName *group = category->parent ? find_name (groups, category->parent) : NULL;
      GArray *item = answer_item (answer);

      add (item, "service_code", FIELD_STRING, category->code);
      add (item, "service_name", FIELD_STRING, ar ? category->name_ar : category->name_en);
      add (item, "description", FIELD_STRING, ar ? category->name_ar : category->name_en);
      add (item, "metadata", FIELD_BOOLEAN, "false");
      add (item, "type", FIELD_STRING, "realtime");
      add (item, "keywords", FIELD_STRING, category->priority ? category->priority : "");
      add (item, "group", FIELD_STRING, group ? (ar ? group->name_ar : group->name_en) : "");
    }
  return respond (answer, xml, 200);
}

/* Our services have no extra attributes: the definition says so (metadata is false). */
static KioskCentralWebResponse *
service_definition_get (const KioskCentralWebRequest *request,
                        const char                   *code,
                        gboolean                      xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = kiosk_central_store_names (request->db, "report_categories",
                                                               &error);
  g_autoptr(Answer) answer = answer_new (NULL, "service_definition");
  GArray *item;

  if (categories == NULL)
    return respond_failure (xml, error);
  if (!is_plain_code (code) || find_name (categories, code) == NULL)
    return respond_error (xml, 404, "no service has this service_code");
  item = answer_item (answer);
  add (item, "service_code", FIELD_STRING, code);
  add (item, "attributes", FIELD_LIST, NULL);
  return respond (answer, xml, 200);
}

/* Requests ----------------------------------------------------------------------------------- */

/* What every answer about requests needs first: the index up to date and the categories'
 * names. NULL when ready, else the failure to answer. */
static KioskCentralWebResponse *
prepare_requests (const KioskCentralWebRequest  *request,
                  gboolean                       xml,
                  GPtrArray                    **out_categories)
{
  g_autoptr(GError) error = NULL;

  if (!kiosk_central_store_reports_catch_up (request->db, &error) ||
      (*out_categories = kiosk_central_store_names (request->db, "report_categories",
                                                    &error)) == NULL)
    return respond_failure (xml, error);
  return NULL;
}

/* Who may see photos in this answer: a client that gave its api_key (see
 * kiosk-central-open311-media.h); `client` NULL for anyone else. */
typedef struct
{
  const char *base_url;
  char       *client;
  char       *key_sha256;
} MediaAccess;

static void
media_access_clear (MediaAccess *media)
{
  g_free (media->client);
  g_free (media->key_sha256);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MediaAccess, media_access_clear)

/* Reading requests needs no key; with one, it must be a key this server issued. NULL when
 * `media` is filled in, else the refusal. */
static KioskCentralWebResponse *
media_access_from (const KioskCentralWebRequest *request,
                   gboolean                      xml,
                   MediaAccess                  *media)
{
  const char *key = kiosk_central_web_get (request->query, "api_key");
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  media->base_url = request->base_url;
  if (key == NULL)
    return NULL;
  if (*key == '\0' || strlen (key) > 128)
    return respond_error (xml, 403, "this api_key is not one this server issued");
  hash = kiosk_central_token_hash (key);
  media->client = kiosk_central_store_open311_client_find (request->db, hash, &error);
  if (error != NULL)
    return respond_failure (xml, error);
  if (media->client == NULL)
    return respond_error (xml, 403, "this api_key is not one this server issued");
  media->key_sha256 = g_steal_pointer (&hash);
  return NULL;
}

/* The report's first photo as a link for the client, or NULL (no client, no photo). */
static char *
media_url_of (const KioskCentralWebRequest *request,
              const MediaAccess            *media,
              KioskCentralReport           *report,
              GError                      **error)
{
  g_autoptr(GPtrArray) photos = NULL;

  if (media->client == NULL)
    return NULL;
  photos = kiosk_central_store_record_photos (request->db, report->uuid, error);
  if (photos == NULL || photos->len == 0)
    return NULL;
  return kiosk_central_open311_media_url (media->base_url, media->client, media->key_sha256,
                                          photos->pdata[0], kiosk_central_now ());
}

static void
add_request (Answer             *answer,
             KioskCentralReport *report,
             GPtrArray          *categories,
             gboolean            ar,
             const char         *media_url)
{
  KioskCentralName *category = find_name (categories, report->category_code);
  g_autofree char *requested = iso_time (report->created_at);
  g_autofree char *updated = iso_time (report->status_at);
  const char *notes = ar ? report->note_ar : report->note_en;
  GArray *item = answer_item (answer);

  if (*notes == '\0')
    notes = ar ? report->note_en : report->note_ar;
  add (item, "service_request_id", FIELD_STRING, report->reference);
  add (item, "status", FIELD_STRING, open_or_closed (report->status));
  add (item, "status_notes", FIELD_STRING, *notes ? notes : NULL);
  add (item, "service_name", FIELD_STRING,
       category ? (ar ? category->name_ar : category->name_en) : NULL);
  add (item, "service_code", FIELD_STRING, report->category_code);
  add (item, "description", FIELD_STRING, report->description);
  add (item, "agency_responsible", FIELD_STRING, ar ? "بلدية مسقط" : "Muscat Municipality");
  add (item, "service_notice", FIELD_NULL, NULL);
  add (item, "requested_datetime", FIELD_STRING, requested);
  add (item, "updated_datetime", FIELD_STRING, updated);
  add (item, "expected_datetime", FIELD_NULL, NULL);
  add (item, "address", FIELD_STRING, *report->landmark ? report->landmark : NULL);
  add (item, "address_id", FIELD_NULL, NULL);
  add (item, "zipcode", FIELD_NULL, NULL);
  if (report->has_position)
    {
      add_number (item, "lat", report->latitude_e6 / 1e6, 6);
      add_number (item, "long", report->longitude_e6 / 1e6, 6);
    }
  else
    {
      add (item, "lat", FIELD_NULL, NULL);
      add (item, "long", FIELD_NULL, NULL);
    }
  add (item, "media_url", FIELD_STRING, media_url);
}

/* add_request with the media URL the reader may have. FALSE with `error` when the photos
 * could not be read. */
static gboolean
add_request_for (const KioskCentralWebRequest *request,
                 const MediaAccess            *media,
                 Answer                       *answer,
                 KioskCentralReport           *report,
                 GPtrArray                    *categories,
                 GError                      **error)
{
  g_autofree char *media_url = media_url_of (request, media, report, error);

  if (error != NULL && *error != NULL)
    return FALSE;
  add_request (answer, report, categories, wants_arabic (request), media_url);
  return TRUE;
}

/* GET requests.json: by ids (then nothing else counts), or by service, status and dates
 * (by default the last 90 days), newest first, at most 1000. */
static KioskCentralWebResponse *
requests_get (const KioskCentralWebRequest *request,
              gboolean                      xml)
{
  const char *ids = kiosk_central_web_get (request->query, "service_request_id");
  const char *code = kiosk_central_web_get (request->query, "service_code");
  const char *status = kiosk_central_web_get (request->query, "status");
  const char *start = kiosk_central_web_get (request->query, "start_date");
  const char *end = kiosk_central_web_get (request->query, "end_date");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(Answer) answer = answer_new ("service_requests", "request");
  g_auto(MediaAccess) media = { 0 };
  KioskCentralReportFilter filter = { .newest_first = TRUE, .limit = MAX_REQUESTS };
  KioskCentralWebResponse *failure = media_access_from (request, xml, &media);

  if (failure == NULL)
    failure = prepare_requests (request, xml, &categories);
  if (failure != NULL)
    return failure;

  if (ids != NULL)
    {
      g_auto(GStrv) list = g_strsplit (ids, ",", MAX_IDS + 1);

      if (g_strv_length (list) > MAX_IDS)
        return respond_error (xml, 400, "at most 50 service_request_id values");
      for (guint i = 0; list[i] != NULL; i++)
        {
          g_autoptr(KioskCentralReport) report = NULL;
          g_strstrip (list[i]);
          if (!is_plain_code (list[i]))
            return respond_error (xml, 400, "service_request_id is a list of request ids");
          report = kiosk_central_store_report_get (request->db, NULL, list[i], &error);
          if (error != NULL ||
              (report != NULL &&
               !add_request_for (request, &media, answer, report, categories, &error)))
            return respond_failure (xml, error);
        }
      return respond (answer, xml, 200);
    }

  if (code != NULL && !is_plain_code (code))
    return respond_error (xml, 400, "service_code is not a service code");
  if (status != NULL && !g_str_equal (status, "open") && !g_str_equal (status, "closed") &&
      !g_str_equal (status, "open,closed") && !g_str_equal (status, "closed,open"))
    return respond_error (xml, 400, "status is open, closed, or both");
  if ((start != NULL && !parse_time (start, &filter.created_after)) ||
      (end != NULL && !parse_time (end, &filter.created_before)))
    return respond_error (xml, 400, "start_date and end_date are w3c date-times with a zone,"
                          " e.g. 2026-12-01T00:00:00+04:00");
  if (start == NULL)
    filter.created_after = (end ? filter.created_before : kiosk_central_now ())
                           - DEFAULT_DAYS * 86400;
  if (end != NULL)
    filter.created_before += 1;  /* end_date is inclusive */
  filter.category_code = code;

  {
    g_autoptr(GPtrArray) reports = NULL;
    guint total = 0;

    reports = kiosk_central_store_reports_list (request->db, &filter, &total, &error);
    if (reports == NULL)
      return respond_failure (xml, error);
    for (guint i = 0; i < reports->len; i++)
      {
        KioskCentralReport *report = reports->pdata[i];

        if ((status == NULL || strstr (status, open_or_closed (report->status)) != NULL) &&
            !add_request_for (request, &media, answer, report, categories, &error))
          return respond_failure (xml, error);
      }
  }
  return respond (answer, xml, 200);
}

static KioskCentralWebResponse *
request_get (const KioskCentralWebRequest *request,
             const char                   *id,
             gboolean                      xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(KioskCentralReport) report = NULL;
  g_autoptr(Answer) answer = answer_new ("service_requests", "request");
  g_auto(MediaAccess) media = { 0 };
  KioskCentralWebResponse *failure;

  if (!is_plain_code (id))
    return respond_error (xml, 404, "no service request has this id");
  failure = media_access_from (request, xml, &media);
  if (failure == NULL)
    failure = prepare_requests (request, xml, &categories);
  if (failure != NULL)
    return failure;
  report = kiosk_central_store_report_get (request->db, NULL, id, &error);
  if (report == NULL)
    return error ? respond_failure (xml, error)
                 : respond_error (xml, 404, "no service request has this id");
  if (!add_request_for (request, &media, answer, report, categories, &error))
    return respond_failure (xml, error);
  return respond (answer, xml, 200);
}

/* The token of a request posted here is its record's UUID; it resolves to the id at once. */
static KioskCentralWebResponse *
token_get (const KioskCentralWebRequest *request,
           const char                   *token,
           gboolean                      xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskCentralReport) report = NULL;
  g_autoptr(Answer) answer = answer_new ("service_requests", "request");
  GArray *item;

  if (!kiosk_uuid_is_valid (token))
    return respond_error (xml, 404, "no service request has this token");
  report = kiosk_central_store_report_get (request->db, token, NULL, &error);
  if (report == NULL || !g_str_has_prefix (report->source, "open311:"))
    return error ? respond_failure (xml, error)
                 : respond_error (xml, 404, "no service request has this token");
  item = answer_item (answer);
  add (item, "service_request_id", FIELD_STRING, report->reference);
  add (item, "token", FIELD_STRING, token);
  return respond (answer, xml, 200);
}

/* A coordinate in degrees within `limit`, as microdegrees. */
static gboolean
parse_degrees (const char *text,
               double      limit,
               gint64     *out)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0' || strlen (text) > 32)
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !(value >= -limit && value <= limit))
    return FALSE;
  *out = (gint64) (value * 1e6 + (value >= 0 ? 0.5 : -0.5));
  return TRUE;
}

static char *
request_payload (const KioskCentralNewReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, report->reference);
  json_builder_set_member_name (builder, "category_code");
  json_builder_add_string_value (builder, report->category_code);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_string_value (builder, report->priority);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, report->description);
  json_builder_set_member_name (builder, "landmark");
  json_builder_add_string_value (builder, report->address);
  if (report->has_position)
    {
      json_builder_set_member_name (builder, "latitude_e6");
      json_builder_add_int_value (builder, report->latitude_e6);
      json_builder_set_member_name (builder, "longitude_e6");
      json_builder_add_int_value (builder, report->longitude_e6);
    }
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, report->client);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* POST requests.json: a report from another channel, into the staff's queue. */
static KioskCentralWebResponse *
requests_post (const KioskCentralWebRequest *request,
               gboolean                      xml)
{
  GHashTable *form = request->form;
  const char *key = kiosk_central_web_get (form, "api_key");
  const char *code = kiosk_central_web_get (form, "service_code");
  const char *lat = kiosk_central_web_get (form, "lat");
  const char *lon = kiosk_central_web_get (form, "long");
  const char *address_text = kiosk_central_web_get (form, "address_string");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autofree char *client = NULL;
  g_autofree char *key_hash = NULL;
  g_autofree char *description = NULL;
  g_autofree char *address = NULL;
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *reference = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(Answer) answer = answer_new ("service_requests", "request");
  KioskCentralNewReport report = { 0 };
  KioskCentralName *category;
  GArray *item;

  if (key == NULL || *key == '\0' || strlen (key) > 128)
    return respond_error (xml, 400, "api_key is required to post a service request");
  key_hash = kiosk_central_token_hash (key);
  client = kiosk_central_store_open311_client_find (request->db, key_hash, &error);
  if (error != NULL)
    return respond_failure (xml, error);
  if (client == NULL)
    return respond_error (xml, 403, "this api_key is not one this server issued");

  if (code == NULL || *code == '\0')
    return respond_error (xml, 400, "service_code is required");
  categories = kiosk_central_store_names (request->db, "report_categories", &error);
  if (categories == NULL)
    return respond_failure (xml, error);
  category = is_plain_code (code) ? find_name (categories, code) : NULL;
  if (category == NULL)
    return respond_error (xml, 404, "no service has this service_code");

  report.has_position = lat != NULL || lon != NULL;
  if (report.has_position && (!parse_degrees (lat, 90, &report.latitude_e6) ||
                              !parse_degrees (lon, 180, &report.longitude_e6)))
    return respond_error (xml, 400, "lat and long are both decimal degrees (WGS 84)");
  address = kiosk_validate_text (address_text ? address_text : "", MAX_ADDRESS, FALSE, &error);
  if (address == NULL)
    return respond_error (xml, 400, "address_string: not valid text of at most 200 characters");
  if (!report.has_position && *address == '\0')
    return respond_error (xml, 400, "a location is required: lat and long, or address_string");
  description = kiosk_validate_text (kiosk_central_web_get (form, "description")
                                     ? kiosk_central_web_get (form, "description") : "",
                                     MAX_DESCRIPTION, FALSE, &error);
  if (description == NULL)
    return respond_error (xml, 400, "description: not valid text of at most 1000 characters");

  /* "311-" and the first 12 hex digits of the UUID: short enough to read out on the phone. */
  compact = g_ascii_strup (uuid, -1);
  g_strdelimit (compact, "-", '\0');
  reference = g_strdup_printf ("311-%.8s%.4s", compact, compact + 9);

  report.uuid = uuid;
  report.reference = reference;
  report.client = client;
  report.category_code = category->code;
  report.priority = category->priority ? category->priority : "MEDIUM";
  report.description = description;
  report.address = address;
  payload = request_payload (&report);
  report.payload = payload;
  if (!kiosk_central_store_open311_add_report (request->db, &report, &error))
    return respond_failure (xml, error);

  item = answer_item (answer);
  add (item, "service_request_id", FIELD_STRING, reference);
  add (item, "token", FIELD_STRING, uuid);
  add (item, "service_notice", FIELD_STRING,
       wants_arabic (request) ? "يصل البلاغ إلى موظفي بلدية مسقط مباشرة."
                              : "The report reaches Muscat Municipality's staff at once.");
  add (item, "account_id", FIELD_NULL, NULL);
  return respond (answer, xml, 201);
}

/* GET media/{sha256}.jpg with the signed query a keyed requests answer gave: the photo, if
 * it is still a report's, for as long as the link lasts. */
static KioskCentralWebResponse *
media_get (const KioskCentralWebRequest *request,
           const char                   *sha256)
{
  const char *client = kiosk_central_web_get (request->query, "client");
  g_autoptr(GError) error = NULL;
  g_autofree char *key_sha256 = NULL;
  gboolean is_report_photo = FALSE;
  char *contents = NULL;
  gsize length = 0;

  if (client == NULL || !kiosk_central_account_name_is_valid (client))
    return respond_error (FALSE, 403, "this media URL is not one this server gave out");
  key_sha256 = kiosk_central_store_open311_client_key (request->db, client, &error);
  if (error != NULL)
    return respond_failure (FALSE, error);
  if (key_sha256 == NULL)
    return respond_error (FALSE, 403, "this media URL is not one this server gave out");
  if (!kiosk_central_open311_media_check (client, key_sha256, sha256,
                                          kiosk_central_web_get (request->query, "expires"),
                                          kiosk_central_web_get (request->query, "signature"),
                                          kiosk_central_now (), &error))
    return respond_error (FALSE, 403, error->message);
  if (!kiosk_central_store_photo_is_report_photo (request->db, sha256, &is_report_photo,
                                                  &error))
    return respond_failure (FALSE, error);
  if (!is_report_photo)
    return respond_error (FALSE, 404, "no such media");
  if (!kiosk_central_attachments_read (request->attachments_dir, sha256, &contents, &length,
                                       &error))
    return respond_failure (FALSE, error);
  /* Like every answer of this server it goes out with Cache-Control: no-store. */
  return kiosk_central_web_response_new (200, "image/jpeg",
                                         g_bytes_new_take (contents, length));
}

/* Routing ------------------------------------------------------------------------------------ */

KioskCentralWebResponse *
kiosk_central_open311_handle (const KioskCentralWebRequest *request)
{
  gboolean post = g_str_equal (request->method, "POST");
  gboolean xml = FALSE;
  g_autofree char *resource = NULL;
  const char *path = request->path;

  if (g_str_has_prefix (path, KIOSK_CENTRAL_MEDIA_PREFIX) && g_str_has_suffix (path, ".jpg"))
    {
      g_autofree char *sha256 = g_strndup (path + strlen (KIOSK_CENTRAL_MEDIA_PREFIX),
                                           strlen (path) - strlen (KIOSK_CENTRAL_MEDIA_PREFIX)
                                           - strlen (".jpg"));

      if (post || !kiosk_central_sha256_is_valid (sha256))
        return respond_error (FALSE, 404, "no such media");
      return media_get (request, sha256);
    }
  resource = resource_of (path, &xml);

  if (resource == NULL)
    return respond_error (FALSE, 404, "no such resource; resources end in .json or .xml");
  if (g_str_equal (resource, "requests"))
    return post ? requests_post (request, xml) : requests_get (request, xml);
  if (post)
    return respond_error (xml, 400, "only requests.json takes a POST");
  if (g_str_equal (resource, "services"))
    return services_get (request, xml);
  if (g_str_has_prefix (resource, "services/"))
    return service_definition_get (request, resource + strlen ("services/"), xml);
  if (g_str_has_prefix (resource, "requests/"))
    return request_get (request, resource + strlen ("requests/"), xml);
  if (g_str_has_prefix (resource, "tokens/"))
    return token_get (request, resource + strlen ("tokens/"), xml);
  return respond_error (xml, 404, "no such resource");
}

char *
kiosk_central_open311_add_client (KioskCentralDb *db,
                                  const char     *name,
                                  GError        **error)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;

  if (!kiosk_central_account_name_is_valid (name))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a client name is 2 to 32 of a-z, 0-9, '.', '_' and '-'");
      return NULL;
    }
  key = kiosk_central_token_new (error);
  if (key == NULL)
    return NULL;
  hash = kiosk_central_token_hash (key);
  if (!kiosk_central_store_open311_client_put (db, name, hash, error))
    return NULL;
  return g_steal_pointer (&key);
}
