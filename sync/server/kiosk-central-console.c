/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The staff console's pages (see the header). Every page is built with kiosk_central_html_add,
 * every word comes from kiosk-central-console-text, every statement from the console store.
 * What a form changes is checked here: the session, its CSRF token, the status transition
 * and the notes. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-console.h"
#include "kiosk-central-console-private.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-central-attachments.h"
#include "kiosk-central-console-auth.h"
#include "kiosk-central-console-content.h"
#include "kiosk-central-console-store.h"
#include "kiosk-central-console-text.h"
#include "kiosk-central-html.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-validate.h"

#define SESSION_COOKIE "kc_session"
#define LOGIN_COOKIE   "kc_login"
#define LANG_COOKIE    "kc_lang"
#define PAGE_SIZE      25
#define MAX_NOTE_CHARS 500
#define HTML           "text/html; charset=utf-8"
#define STYLESHEET     "/om/gov/muscat/kiosk/central/console/console.css"

static void
context_clear (ConsoleContext *context)
{
  g_clear_pointer (&context->staff, kiosk_central_staff_free);
  g_free (context->csrf);
  g_free (context->token);
}

const char *
console_tr (ConsoleContext *context,
            ConsoleText     text)
{
  return kiosk_central_console_text (text, context->lang);
}

const char *
console_word (ConsoleContext *context,
              const char     *value)
{
  return kiosk_central_console_word (value, context->lang);
}

/* Responses -------------------------------------------------------------------------------- */

KioskCentralWebResponse *
console_redirect (const char *location)
{
  KioskCentralWebResponse *response = kiosk_central_web_response_new (303, NULL, NULL);

  kiosk_central_web_response_add_header (response, "Location", location);
  return response;
}

static void
set_cookie (KioskCentralWebResponse *response,
            const char              *name,
            const char              *value,
            gint64                   max_age)
{
  g_autofree char *cookie = g_strdup_printf ("%s=%s; Path=/console/; Max-Age=%" G_GINT64_FORMAT
                                             "; HttpOnly; Secure; SameSite=Strict",
                                             name, value, max_age);

  kiosk_central_web_response_add_header (response, "Set-Cookie", cookie);
}

void
console_page_begin (ConsoleContext *context,
                    GString        *out,
                    const char     *title)
{
  gboolean ar = context->lang == CONSOLE_LANG_AR;
  g_autofree char *back = g_uri_escape_string (context->request->path, "/", FALSE);
  g_autofree char *switch_url = g_strdup_printf ("/console/language?to=%s&back=%s",
                                                 ar ? "en" : "ar", back);

  kiosk_central_html_add (out,
                          "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head>"
                          "<meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width,"
                          " initial-scale=1\">"
                          "<title>{} — {}</title>"
                          "<link rel=\"stylesheet\" href=\"/console/static/console.css\">"
                          "</head><body><header class=\"bar\">"
                          "<a class=\"brand\" href=\"/console/\">{}</a><nav>",
                          ar ? "ar" : "en", ar ? "rtl" : "ltr", title,
                          console_tr (context, T_CONSOLE_TITLE),
                          console_tr (context, T_CONSOLE_TITLE));
  if (context->staff != NULL)
    kiosk_central_html_add (out, "<a href=\"/console/\">{}</a>"
                            "<a href=\"/console/refunds\">{}</a>"
                            "<a href=\"/console/kiosks\">{}</a>",
                            console_tr (context, T_REPORTS), console_tr (context, T_REFUNDS),
                            console_tr (context, T_KIOSKS));
  if (context->staff != NULL && g_strcmp0 (context->staff->role, "supervisor") == 0)
    kiosk_central_html_add (out, "<a href=\"/console/announcements\">{}</a>"
                            "<a href=\"/console/guide\">{}</a>",
                            console_tr (context, T_ANNOUNCEMENTS), console_tr (context, T_GUIDE));
  kiosk_central_html_add (out, "<a class=\"lang\" href=\"{}\" lang=\"{}\">{}</a>", switch_url,
                          ar ? "en" : "ar", console_tr (context, T_OTHER_LANGUAGE));
  if (context->staff != NULL)
    kiosk_central_html_add (out,
                            "<span class=\"who\">{} · {}</span>"
                            "<form method=\"post\" action=\"/console/logout\">"
                            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                            "<button type=\"submit\" class=\"quiet\">{}</button></form>",
                            context->staff->display_name,
                            console_word (context, context->staff->role),
                            context->csrf, console_tr (context, T_SIGN_OUT));
  kiosk_central_html_add (out, "</nav></header><main>");
}

KioskCentralWebResponse *
console_page_end (GString *out,
                  guint    status)
{
  g_string_append (out, "</main></body></html>\n");
  return kiosk_central_web_response_text (status, HTML, out);
}

/* A page with only a heading and a sentence (not found, refused). */
KioskCentralWebResponse *
console_message_page (ConsoleContext *context,
                      guint           status,
                      ConsoleText     text)
{
  GString *out = g_string_new (NULL);

  console_page_begin (context, out, console_tr (context, text));
  kiosk_central_html_add (out, "<p class=\"notice\">{}</p>", console_tr (context, text));
  return console_page_end (out, status);
}

KioskCentralWebResponse *
console_server_error (ConsoleContext *context,
                      GError         *error)
{
  g_message ("console: %s", error->message);
  if (error->domain == KIOSK_ERROR && (error->code == KIOSK_ERROR_STORE_BUSY ||
                                       error->code == KIOSK_ERROR_STORE_IO))
    return kiosk_central_web_response_text (503, "text/plain; charset=utf-8",
                                            g_string_new ("busy; retry\n"));
  return kiosk_central_web_response_text (500, "text/plain; charset=utf-8",
                                          g_string_new ("server error\n"));
}

/* Times and ages --------------------------------------------------------------------------- */

/* Muscat is UTC+4 all year (no daylight saving). */
char *
console_format_time (gint64 at)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static char *
format_age (ConsoleContext *context,
            gint64          since)
{
  gint64 seconds = MAX (kiosk_central_now () - since, 0);

  if (seconds < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT " %s", seconds / 60,
                            console_tr (context, T_MINUTES));
  if (seconds < 86400 * 2)
    return g_strdup_printf ("%" G_GINT64_FORMAT " %s", seconds / 3600,
                            console_tr (context, T_HOURS));
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s", seconds / 86400, console_tr (context, T_DAYS));
}

static const char *
name_of (ConsoleContext *context,
         GPtrArray      *names,
         const char     *code)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      KioskCentralName *name = names->pdata[i];

      if (g_strcmp0 (name->code, code) == 0)
        return context->lang == CONSOLE_LANG_AR ? name->name_ar : name->name_en;
    }
  return code;
}

/* Sign-in ---------------------------------------------------------------------------------- */

static KioskCentralWebResponse *
login_page (ConsoleContext *context,
            guint           status,
            ConsoleText     problem,
            const char     *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = kiosk_central_token_new (&error);
  KioskCentralWebResponse *response;
  GString *out;

  if (nonce == NULL)
    return console_server_error (context, error);
  out = g_string_new (NULL);
  console_page_begin (context, out, console_tr (context, T_SIGN_IN));
  kiosk_central_html_add (out, "<section class=\"card login\"><h1>{}</h1>",
                          console_tr (context, T_SIGN_IN));
  if (problem != N_CONSOLE_TEXTS)
    kiosk_central_html_add (out, "<p class=\"error\" role=\"alert\">{}</p>",
                            console_tr (context, problem));
  kiosk_central_html_add (out,
                          "<form method=\"post\" action=\"/console/login\">"
                          "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                          "<label>{}<input name=\"username\" autocomplete=\"username\""
                          " dir=\"ltr\" required maxlength=\"32\" value=\"{}\"></label>"
                          "<label>{}<input name=\"password\" type=\"password\""
                          " autocomplete=\"current-password\" dir=\"ltr\" required"
                          " maxlength=\"256\"></label>"
                          "<button type=\"submit\">{}</button></form></section>",
                          nonce, console_tr (context, T_USERNAME), username ? username : "",
                          console_tr (context, T_PASSWORD), console_tr (context, T_SIGN_IN));
  response = console_page_end (out, status);
  /* The form's CSRF token is also a cookie: a post from another site cannot know it. */
  set_cookie (response, LOGIN_COOKIE, nonce, 3600);
  return response;
}

static KioskCentralWebResponse *
login_post (ConsoleContext *context)
{
  const KioskCentralWebRequest *request = context->request;
  const char *username = kiosk_central_web_get (request->form, "username");
  const char *password = kiosk_central_web_get (request->form, "password");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  KioskCentralWebResponse *response;
  KioskCentralLogin result;

  if (!kiosk_central_console_csrf_ok (kiosk_central_web_get (request->cookies, LOGIN_COOKIE),
                                      kiosk_central_web_get (request->form, "csrf")))
    return login_page (context, 403, T_FORM_EXPIRED, NULL);
  if (!kiosk_central_console_login (request->db, username, password, &result, &token, &error))
    return console_server_error (context, error);
  if (result == KIOSK_CENTRAL_LOGIN_LOCKED)
    return login_page (context, 403, T_LOCKED_OUT, username);
  if (result == KIOSK_CENTRAL_LOGIN_WRONG)
    return login_page (context, 401, T_WRONG_PASSWORD, username);

  response = console_redirect ("/console/");
  set_cookie (response, SESSION_COOKIE, token, KIOSK_CENTRAL_SESSION_SECONDS);
  set_cookie (response, LOGIN_COOKIE, "", 0);
  return response;
}

static KioskCentralWebResponse *
logout_post (ConsoleContext *context)
{
  g_autoptr(GError) error = NULL;
  KioskCentralWebResponse *response;

  if (!kiosk_central_console_logout (context->request->db, context->token,
                                     context->staff->username, &error))
    return console_server_error (context, error);
  response = console_redirect ("/console/login");
  set_cookie (response, SESSION_COOKIE, "", 0);
  return response;
}

/* The language is a preference, not a change: a link, kept in a cookie, for signed-in or
 * not. `back` must be a console path, never another site. */
static KioskCentralWebResponse *
language_get (ConsoleContext *context)
{
  const char *to = kiosk_central_web_get (context->request->query, "to");
  const char *back = kiosk_central_web_get (context->request->query, "back");
  KioskCentralWebResponse *response;

  if (back == NULL || !g_str_has_prefix (back, "/console/") || strstr (back, "//") != NULL ||
      strpbrk (back, "\\:?#\r\n") != NULL)
    back = "/console/";
  response = console_redirect (back);
  set_cookie (response, LANG_COOKIE, g_strcmp0 (to, "en") == 0 ? "en" : "ar", 365 * 86400);
  return response;
}

/* The report list -------------------------------------------------------------------------- */

const char *
console_query (ConsoleContext *context,
               const char     *name)
{
  const char *value = kiosk_central_web_get (context->request->query, name);

  return value && strlen (value) <= 64 ? value : "";
}

void
console_add_select (ConsoleContext *context,
                    GString        *out,
                    ConsoleText     label,
                    const char     *name,
                    const char     *current,
                    GPtrArray      *codes,      /* char* values, or NULL with `names` */
                    GPtrArray      *names)      /* KioskCentralName*, or NULL */
{
  guint n = names ? names->len : codes->len;

  kiosk_central_html_add (out, "<label>{}<select name=\"{}\"><option value=\"\">{}</option>",
                          console_tr (context, label), name, console_tr (context, T_ANY));
  for (guint i = 0; i < n; i++)
    {
      const char *code = names ? ((KioskCentralName *) names->pdata[i])->code : codes->pdata[i];
      const char *shown = names ? name_of (context, names, code) : console_word (context, code);

      kiosk_central_html_add (out, "<option value=\"{}\"{}>{}</option>", code,
                              g_strcmp0 (code, current) == 0 ? " selected" : "", shown);
    }
  g_string_append (out, "</select></label>");
}

static GPtrArray *
strv_array (const char * const *values)
{
  GPtrArray *array = g_ptr_array_new ();

  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (array, (gpointer) values[i]);
  return array;
}

static const char * const statuses[] = { "received", "assigned", "in_progress", "resolved",
                                         "closed", "rejected", NULL };
static const char * const priorities[] = { "HIGH", "MEDIUM", "LOW", NULL };
static const char * const ages[] = { "1", "7", "30", "90", NULL };

/* The list's link with the filters kept and `page` changed. */
static char *
list_url (ConsoleContext *context,
          guint           page)
{
  static const char * const names[] = { "status", "category", "priority", "wilayat", "area",
                                        "kiosk", "age", NULL };
  GString *url = g_string_new ("/console/?");

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = console_query (context, names[i]);

      if (*value != '\0')
        {
          g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
          g_string_append_printf (url, "%s=%s&", names[i], escaped);
        }
    }
  g_string_append_printf (url, "page=%u", page);
  return g_string_free (url, FALSE);
}

static KioskCentralWebResponse *
list_get (ConsoleContext *context)
{
  KioskCentralDb *db = context->request->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) wilayats = NULL;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) status_list = strv_array (statuses);
  g_autoptr(GPtrArray) priority_list = strv_array (priorities);
  KioskCentralReportFilter filter = { 0 };
  guint64 page = 1, age_days = 0;
  guint total = 0, pages;
  GString *out;

  g_ascii_string_to_unsigned (console_query (context, "page"), 10, 1, 100000, &page, NULL);
  if (g_ascii_string_to_unsigned (console_query (context, "age"), 10, 1, 3650, &age_days, NULL))
    filter.created_after = kiosk_central_now () - (gint64) age_days * 86400;
  filter.status = console_query (context, "status");
  filter.category_code = console_query (context, "category");
  filter.priority = console_query (context, "priority");
  filter.wilayat_code = console_query (context, "wilayat");
  filter.area_code = console_query (context, "area");
  filter.source = console_query (context, "kiosk");
  filter.limit = PAGE_SIZE;
  filter.offset = (guint) (page - 1) * PAGE_SIZE;

  if (!kiosk_central_store_reports_catch_up (db, &error) ||
      (categories = kiosk_central_store_names (db, "report_categories", &error)) == NULL ||
      (wilayats = kiosk_central_store_names (db, "wilayats", &error)) == NULL ||
      (areas = kiosk_central_store_names (db, "areas", &error)) == NULL ||
      (kiosks = kiosk_central_store_kiosk_codes (db, &error)) == NULL ||
      (reports = kiosk_central_store_reports_list (db, &filter, &total, &error)) == NULL)
    return console_server_error (context, error);

  out = g_string_new (NULL);
  console_page_begin (context, out, console_tr (context, T_REPORTS));
  kiosk_central_html_add (out, "<h1>{}</h1><form class=\"filters\" method=\"get\""
                          " action=\"/console/\">", console_tr (context, T_REPORTS));
  console_add_select (context, out, T_STATUS, "status", filter.status, status_list, NULL);
  console_add_select (context, out, T_CATEGORY, "category", filter.category_code, NULL, categories);
  console_add_select (context, out, T_PRIORITY, "priority", filter.priority, priority_list, NULL);
  console_add_select (context, out, T_WILAYAT, "wilayat", filter.wilayat_code, NULL, wilayats);
  console_add_select (context, out, T_AREA, "area", filter.area_code, NULL, areas);
  console_add_select (context, out, T_KIOSK, "kiosk", filter.source, kiosks, NULL);
  kiosk_central_html_add (out, "<label>{}<select name=\"age\"><option value=\"\">{}</option>",
                          console_tr (context, T_AGE), console_tr (context, T_ANY));
  for (guint i = 0; ages[i] != NULL; i++)
    kiosk_central_html_add (out, "<option value=\"{}\"{}>{}</option>", ages[i],
                            g_strcmp0 (ages[i],
                                       console_query (context, "age")) == 0 ? " selected" : "",
                            console_tr (context, (ConsoleText) (T_AGE_DAY + i)));
  kiosk_central_html_add (out, "</select></label><div class=\"actions\">"
                          "<button type=\"submit\">{}</button>"
                          "<a class=\"button quiet\" href=\"/console/\">{}</a></div></form>",
                          console_tr (context, T_FILTER), console_tr (context, T_CLEAR));

  if (reports->len == 0)
    kiosk_central_html_add (out, "<p class=\"notice\">{}</p>", console_tr (context, T_NO_REPORTS));
  else
    {
      kiosk_central_html_add (out, "<table class=\"reports\"><thead><tr><th>{}</th><th>{}</th>"
                              "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                              "</tr></thead><tbody>",
                              console_tr (context, T_PRIORITY), console_tr (context, T_REFERENCE),
                              console_tr (context, T_CATEGORY), console_tr (context, T_AREA),
                              console_tr (context, T_KIOSK), console_tr (context, T_STATUS),
                              console_tr (context, T_AGE));
      for (guint i = 0; i < reports->len; i++)
        {
          KioskCentralReport *report = reports->pdata[i];
          g_autofree char *age = format_age (context, report->created_at);
          g_autofree char *lower = g_ascii_strdown (report->priority, -1);
          g_autofree char *where = g_strdup_printf ("%s%s%s",
                                                    name_of (context, wilayats,
                                                             report->wilayat_code),
                                                    *report->area_code ? " / " : "",
                                                    name_of (context, areas,
                                                             report->area_code));

          kiosk_central_html_add (out,
                                  "<tr class=\"priority-{}\"><td><span class=\"badge {}\">{}"
                                  "</span></td><td><a dir=\"ltr\" href=\"/console/reports/{}\">"
                                  "{}</a></td><td>{}</td><td>{}</td><td dir=\"ltr\">{}</td>"
                                  "<td><span class=\"status {}\">{}</span></td>"
                                  "<td class=\"age\">{}</td></tr>",
                                  lower, lower, console_word (context, report->priority),
                                  report->uuid,
                                  report->reference,
                                  name_of (context, categories, report->category_code), where,
                                  report->source, report->status,
                                  console_word (context, report->status), age);
        }
      g_string_append (out, "</tbody></table>");
    }

  pages = MAX (1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
  {
    g_autofree char *previous = list_url (context, (guint) page - 1);
    g_autofree char *next = list_url (context, (guint) page + 1);
    g_autofree char *position = g_strdup_printf ("%u / %u", (guint) page, pages);
    g_autofree char *count = g_strdup_printf ("%u", total);

    kiosk_central_html_add (out, "<nav class=\"pages\">");
    if (page > 1)
      kiosk_central_html_add (out, "<a rel=\"prev\" href=\"{}\">{}</a>", previous,
                              console_tr (context, T_PREVIOUS));
    kiosk_central_html_add (out, "<span>{} <bdi dir=\"ltr\">{}</bdi> · {} {}</span>",
                            console_tr (context, T_PAGE_OF), position,
                            console_tr (context, T_TOTAL), count);
    if (page < pages)
      kiosk_central_html_add (out, "<a rel=\"next\" href=\"{}\">{}</a>", next,
                              console_tr (context, T_NEXT));
    g_string_append (out, "</nav>");
  }
  return console_page_end (out, 200);
}

/* A report's page ------------------------------------------------------------------------ */

/* The statuses a report may move to from `current`. Closed ones reopen only by a
 * supervisor. */
static GPtrArray *
next_statuses (const char *current,
               const char *role)
{
  GPtrArray *next = g_ptr_array_new ();

  if (g_str_equal (current, "received") || g_str_equal (current, "assigned"))
    g_ptr_array_add (next, "in_progress");
  if (!g_str_equal (current, "resolved") && !g_str_equal (current, "rejected") &&
      !g_str_equal (current, "closed"))
    {
      g_ptr_array_add (next, "resolved");
      g_ptr_array_add (next, "rejected");
    }
  else if (g_strcmp0 (role, "supervisor") == 0)
    g_ptr_array_add (next, "in_progress");
  return next;
}

static void
add_photos (GString   *out,
            GPtrArray *photos)
{
  g_string_append (out, "<div class=\"photos\">");
  for (guint i = 0; i < photos->len; i++)
    kiosk_central_html_add (out, "<a href=\"/console/photos/{}\"><img alt=\"\" loading=\"lazy\""
                            " src=\"/console/photos/{}\"></a>", photos->pdata[i],
                            photos->pdata[i]);
  g_string_append (out, "</div>");
}

static void
add_row (GString    *out,
         const char *label,
         const char *value,
         gboolean    ltr)
{
  kiosk_central_html_add (out,
                          ltr ? "<dt>{}</dt><dd dir=\"ltr\">{}</dd>" : "<dt>{}</dt><dd>{}</dd>",
                          label, value);
}

static KioskCentralWebResponse *
report_page (ConsoleContext *context,
             const char     *uuid,
             guint           status_code,
             ConsoleText     problem)
{
  KioskCentralDb *db = context->request->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskCentralReport) report = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) additions = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) wilayats = NULL;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autofree char *filed = NULL;
  g_autofree char *where = NULL;
  g_autofree char *priority = NULL;
  GString *out;

  if (!kiosk_central_store_reports_catch_up (db, &error))
    return console_server_error (context, error);
  report = kiosk_central_store_report_get (db, uuid, NULL, &error);
  if (report == NULL)
    return error ? console_server_error (context, error) : console_message_page (context, 404,
                                                                                 T_NOT_FOUND);
  if ((photos = kiosk_central_store_record_photos (db, uuid, &error)) == NULL ||
      (additions = kiosk_central_store_report_additions (db, uuid, &error)) == NULL ||
      (history = kiosk_central_store_report_history (db, uuid, &error)) == NULL ||
      (categories = kiosk_central_store_names (db, "report_categories", &error)) == NULL ||
      (wilayats = kiosk_central_store_names (db, "wilayats", &error)) == NULL ||
      (areas = kiosk_central_store_names (db, "areas", &error)) == NULL)
    return console_server_error (context, error);

  priority = g_ascii_strdown (report->priority, -1);
  out = g_string_new (NULL);
  console_page_begin (context, out, report->reference);
  kiosk_central_html_add (out,
                          "<p class=\"crumbs\"><a href=\"/console/\">{}</a></p>"
                          "<h1><bdi dir=\"ltr\">{}</bdi> <span class=\"badge {}\">{}</span>"
                          " <span class=\"status {}\">{}</span></h1>",
                          console_tr (context, T_REPORTS), report->reference,
                          priority,
                          console_word (context, report->priority), report->status,
                          console_word (context, report->status));
  if (problem != N_CONSOLE_TEXTS)
    kiosk_central_html_add (out, "<p class=\"error\" role=\"alert\">{}</p>",
                            console_tr (context, problem));

  filed = console_format_time (report->created_at);
  where = g_strdup_printf ("%s / %s", name_of (context, wilayats, report->wilayat_code),
                           name_of (context, areas, report->area_code));
  kiosk_central_html_add (out, "<div class=\"columns\"><section class=\"card\"><h2>{}</h2><dl>",
                          console_tr (context, T_DETAILS));
  add_row (out, console_tr (context, T_CATEGORY), name_of (context, categories,
                                                           report->category_code),
           FALSE);
  add_row (out, console_tr (context, T_AREA), where, FALSE);
  add_row (out, console_tr (context, T_LANDMARK), report->landmark, FALSE);
  add_row (out, console_tr (context, T_DESCRIPTION), report->description, FALSE);
  add_row (out, console_tr (context, T_SOURCE), report->source, TRUE);
  add_row (out, console_tr (context, T_FILED), filed, TRUE);
  if (report->has_position)
    {
      g_autofree char *position = g_strdup_printf ("%.6f, %.6f", report->latitude_e6 / 1e6,
                                                   report->longitude_e6 / 1e6);
      add_row (out, console_tr (context, T_POSITION), position, TRUE);
    }
  g_string_append (out, "</dl></section>");

  kiosk_central_html_add (out, "<section class=\"card\"><h2>{}</h2>",
                          console_tr (context, T_PHOTOS));
  if (photos->len == 0)
    kiosk_central_html_add (out, "<p>{}</p>", console_tr (context, T_NO_PHOTOS));
  else
    add_photos (out, photos);
  g_string_append (out, "</section></div>");

  kiosk_central_html_add (out, "<section class=\"card\"><h2>{}</h2>",
                          console_tr (context, T_ADDITIONS));
  if (additions->len == 0)
    kiosk_central_html_add (out, "<p>{}</p>", console_tr (context, T_NO_ADDITIONS));
  for (guint i = 0; i < additions->len; i++)
    {
      KioskCentralAddition *addition = additions->pdata[i];
      g_autoptr(GPtrArray) addition_photos = NULL;
      g_autofree char *at = console_format_time (addition->created_at);

      addition_photos = kiosk_central_store_record_photos (db, addition->uuid, &error);
      if (addition_photos == NULL)
        {
          g_string_free (out, TRUE);
          return console_server_error (context, error);
        }
      kiosk_central_html_add (out, "<article class=\"addition\"><p class=\"when\" dir=\"ltr\">"
                              "{}</p><p>{}</p>", at, addition->note);
      add_photos (out, addition_photos);
      g_string_append (out, "</article>");
    }
  g_string_append (out, "</section>");

  kiosk_central_html_add (out, "<section class=\"card\"><h2>{}</h2><ol class=\"history\">",
                          console_tr (context, T_HISTORY));
  for (guint i = 0; i < history->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (history->pdata[i], NULL);
      JsonObject *event = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                : NULL;
      g_autofree char *at = NULL;

      if (event == NULL)
        continue;
      at = console_format_time (json_object_get_int_member_with_default (event, "at", 0));
      kiosk_central_html_add (out, "<li><span class=\"status {}\">{}</span>"
                              " <span class=\"when\" dir=\"ltr\">{}</span>",
                              json_object_get_string_member_with_default (event, "status", ""),
                              console_word (context, json_object_get_string_member_with_default (
                                      event, "status", "")), at);
      kiosk_central_html_add (out, "<p lang=\"ar\" dir=\"rtl\">{}</p><p lang=\"en\""
                              " dir=\"ltr\">{}</p></li>",
                              json_object_get_string_member_with_default (event, "note_ar", ""),
                              json_object_get_string_member_with_default (event, "note_en", ""));
    }
  g_string_append (out, "</ol></section>");

  next = next_statuses (report->status, context->staff->role);
  if (next->len > 0)
    {
      kiosk_central_html_add (out,
                              "<section class=\"card\"><h2>{}</h2>"
                              "<form class=\"status-form\" method=\"post\""
                              " action=\"/console/reports/{}/status\">"
                              "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                              "<input type=\"hidden\" name=\"from\" value=\"{}\">"
                              "<label>{}<select name=\"status\">",
                              console_tr (context, T_CHANGE_STATUS), report->uuid, context->csrf,
                              report->status, console_tr (context, T_NEW_STATUS));
      for (guint i = 0; i < next->len; i++)
        kiosk_central_html_add (out, "<option value=\"{}\">{}</option>", next->pdata[i],
                                console_word (context, next->pdata[i]));
      kiosk_central_html_add (out,
                              "</select></label>"
                              "<label>{}<textarea name=\"note_ar\" lang=\"ar\" dir=\"rtl\""
                              " maxlength=\"500\" rows=\"3\"></textarea></label>"
                              "<label>{}<textarea name=\"note_en\" lang=\"en\" dir=\"ltr\""
                              " maxlength=\"500\" rows=\"3\"></textarea></label>"
                              "<button type=\"submit\">{}</button></form></section>",
                              console_tr (context, T_NOTE_AR), console_tr (context, T_NOTE_EN),
                              console_tr (context, T_SAVE));
    }
  return console_page_end (out, status_code);
}

/* A note as typed into a textarea (CR LF line ends), checked like any text from outside. */
static char *
clean_note (const char *text,
            GError    **error)
{
  return console_clean_text (text, MAX_NOTE_CHARS, error);
}

char *
console_clean_text (const char *text,
                    gsize       max_chars,
                    GError    **error)
{
  g_autofree char *unix_ends = NULL;
  GString *lines;

  if (text == NULL)
    return g_strdup ("");
  lines = g_string_new (text);
  g_string_replace (lines, "\r\n", "\n", 0);
  unix_ends = g_string_free (lines, FALSE);
  return kiosk_validate_text (unix_ends, max_chars, FALSE, error);
}

static KioskCentralWebResponse *
status_post (ConsoleContext *context,
             const char     *uuid)
{
  const KioskCentralWebRequest *request = context->request;
  const char *status = kiosk_central_web_get (request->form, "status");
  const char *from = kiosk_central_web_get (request->form, "from");
  g_autoptr(KioskCentralReport) report = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note_ar = NULL;
  g_autofree char *note_en = NULL;
  g_autofree char *location = NULL;
  gboolean allowed = FALSE;

  report = kiosk_central_store_report_get (request->db, uuid, NULL, &error);
  if (report == NULL)
    return error ? console_server_error (context, error) : console_message_page (context, 404,
                                                                                 T_NOT_FOUND);
  /* The page the person saw must still be true, or they decide on something else. */
  if (g_strcmp0 (from, report->status) != 0)
    return report_page (context, uuid, 409, T_STATUS_CONFLICT);
  next = next_statuses (report->status, context->staff->role);
  for (guint i = 0; i < next->len; i++)
    allowed |= g_strcmp0 (next->pdata[i], status) == 0;
  if (!allowed)
    return report_page (context, uuid, 400, T_NO_CHANGE_ALLOWED);

  note_ar = clean_note (kiosk_central_web_get (request->form, "note_ar"), NULL);
  note_en = clean_note (kiosk_central_web_get (request->form, "note_en"), NULL);
  if (note_ar == NULL || note_en == NULL)
    return report_page (context, uuid, 400, T_BAD_NOTE);
  if ((g_str_equal (status, "resolved") || g_str_equal (status, "rejected")) &&
      *note_ar == '\0' && *note_en == '\0')
    return report_page (context, uuid, 400, T_NOTE_NEEDED);

  if (!kiosk_central_store_report_set_status (request->db, uuid, report->status, status,
                                              note_ar, note_en, context->staff->username,
                                              &error))
    {
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT))
        return report_page (context, uuid, 409, T_STATUS_CONFLICT);
      return console_server_error (context, error);
    }
  location = g_strdup_printf ("/console/reports/%s", uuid);
  return console_redirect (location);
}

static KioskCentralWebResponse *
photo_get (ConsoleContext *context,
           const char     *sha256)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  gboolean is_report_photo = FALSE;

  if (!kiosk_central_store_photo_is_report_photo (context->request->db, sha256,
                                                  &is_report_photo, &error))
    return console_server_error (context, error);
  if (!is_report_photo)
    return console_message_page (context, 404, T_NOT_FOUND);
  if (!kiosk_central_attachments_read (context->request->attachments_dir, sha256, &contents,
                                       &length, &error))
    return console_server_error (context, error);
  return kiosk_central_web_response_new (200, "image/jpeg",
                                         g_bytes_new_take (contents, length));
}

/* Money and queue health ------------------------------------------------------------------- */

static char *
format_omr (gint64 baisa)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, baisa / 1000,
                          baisa % 1000);
}

static KioskCentralWebResponse *
refunds_page (ConsoleContext *context,
              guint           status_code,
              ConsoleText     problem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refunds = kiosk_central_store_refunds (context->request->db, &error);
  gboolean supervisor = g_strcmp0 (context->staff->role, "supervisor") == 0;
  GString *out;

  if (refunds == NULL)
    return console_server_error (context, error);
  out = g_string_new (NULL);
  console_page_begin (context, out, console_tr (context, T_REFUNDS));
  kiosk_central_html_add (out, "<h1>{}</h1>", console_tr (context, T_REFUNDS));
  if (problem != N_CONSOLE_TEXTS)
    kiosk_central_html_add (out, "<p class=\"error\" role=\"alert\">{}</p>",
                            console_tr (context, problem));
  if (refunds->len == 0)
    {
      kiosk_central_html_add (out, "<p class=\"notice\">{}</p>",
                              console_tr (context, T_NO_REFUNDS));
      return console_page_end (out, status_code);
    }
  kiosk_central_html_add (out, "<table class=\"reports refunds\"><thead><tr><th>{}</th>"
                          "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
                          "</thead><tbody>",
                          console_tr (context, T_REFUND_CASE), console_tr (context, T_FINE_NUMBER),
                          console_tr (context, T_AMOUNT), console_tr (context, T_KIOSK),
                          console_tr (context, T_OPENED), console_tr (context, T_STATUS));
  for (guint i = 0; i < refunds->len; i++)
    {
      KioskCentralRefund *refund = refunds->pdata[i];
      g_autofree char *amount = format_omr (refund->amount_baisa);
      g_autofree char *opened = console_format_time (refund->opened_at);

      kiosk_central_html_add (out, "<tr><td dir=\"ltr\">{}</td><td dir=\"ltr\">{}</td>"
                              "<td><bdi dir=\"ltr\">{}</bdi> {}</td><td dir=\"ltr\">{}</td>"
                              "<td dir=\"ltr\">{}</td><td>",
                              refund->case_reference, refund->fine_number, amount,
                              console_tr (context, T_OMR), refund->kiosk_code, opened);
      if (refund->resolved_at > 0)
        {
          g_autofree char *settled = console_format_time (refund->resolved_at);

          kiosk_central_html_add (out, "<span class=\"status resolved\">{}</span>"
                                  " <span class=\"when\">{} · {}</span><p>{}</p>",
                                  console_tr (context, T_REFUND_SETTLED), settled,
                                  refund->resolved_by, refund->note);
        }
      else if (supervisor)
        kiosk_central_html_add (out, "<form class=\"inline\" method=\"post\""
                                " action=\"/console/refunds/{}/resolve\">"
                                "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                                "<input name=\"note\" maxlength=\"500\" aria-label=\"{}\""
                                " placeholder=\"{}\">"
                                "<button type=\"submit\">{}</button></form>",
                                refund->case_reference, context->csrf, console_tr (context, T_NOTE),
                                console_tr (context, T_NOTE),
                                console_tr (context, T_RESOLVE_REFUND));
      g_string_append (out, "</td></tr>");
    }
  g_string_append (out, "</tbody></table>");
  return console_page_end (out, status_code);
}

static KioskCentralWebResponse *
refund_resolve_post (ConsoleContext *context,
                     const char     *case_reference)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  if (g_strcmp0 (context->staff->role, "supervisor") != 0)
    return refunds_page (context, 403, T_SUPERVISORS_ONLY);
  note = clean_note (kiosk_central_web_get (context->request->form, "note"), NULL);
  if (note == NULL)
    return refunds_page (context, 400, T_BAD_NOTE);
  if (!kiosk_central_store_refund_resolve (context->request->db, case_reference, note,
                                           context->staff->username, &error))
    {
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND))
        return console_message_page (context, 404, T_NOT_FOUND);
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT))
        return refunds_page (context, 409, T_STATUS_CONFLICT);
      return console_server_error (context, error);
    }
  return console_redirect ("/console/refunds");
}

/* Every kiosk with what the server knows of it and what its agent last reported of itself
 * (on its changes requests: last sync, queue depth, parked records, version), and the records
 * the server refused (of one kiosk with ?kiosk=). */
static KioskCentralWebResponse *
kiosks_get (ConsoleContext *context)
{
  const char *only = console_query (context, "kiosk");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = kiosk_central_store_kiosk_health (context->request->db, &error);
  g_autoptr(GPtrArray) rejected = NULL;
  GString *out;

  if (kiosks == NULL ||
      (rejected = kiosk_central_store_rejected (context->request->db, only, 100,
                                                &error)) == NULL)
    return console_server_error (context, error);
  out = g_string_new (NULL);
  console_page_begin (context, out, console_tr (context, T_KIOSKS));
  kiosk_central_html_add (out, "<h1>{}</h1><table class=\"reports fleet\"><thead><tr>"
                          "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                          "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                          console_tr (context, T_KIOSKS), console_tr (context, T_KIOSK),
                          console_tr (context, T_STATUS), console_tr (context, T_LAST_SYNC),
                          console_tr (context, T_QUEUE_DEPTH), console_tr (context, T_PARKED),
                          console_tr (context, T_AGENT_VERSION),
                          console_tr (context, T_LAST_RECORD), console_tr (context, T_ACCEPTED),
                          console_tr (context, T_REJECTED_RECORDS));
  for (guint i = 0; i < kiosks->len; i++)
    {
      KioskCentralKioskHealth *kiosk = kiosks->pdata[i];
      gboolean reported = kiosk->reported_at > 0;
      g_autofree char *last = kiosk->last_received_at
                              ? console_format_time (kiosk->last_received_at)
                              : g_strdup (console_tr (context, T_NEVER));
      g_autofree char *synced = reported ? console_format_time (kiosk->reported_at)
                                         : g_strdup (console_tr (context, T_NOT_REPORTED));
      g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->queue_depth);
      g_autofree char *parked = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->parked);
      g_autofree char *accepted = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->accepted);
      g_autofree char *refused = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->rejected);
      g_autofree char *escaped = g_uri_escape_string (kiosk->code, NULL, FALSE);
      g_autofree char *link = g_strconcat ("/console/kiosks?kiosk=", escaped, NULL);

      kiosk_central_html_add (out, "<tr><td dir=\"ltr\"><a href=\"{}\">{}</a></td>"
                              "<td><span class=\"status {}\">{}</span></td>"
                              "<td dir=\"ltr\" class=\"last-sync\">{}</td>"
                              "<td class=\"queue-depth\">{}</td><td class=\"parked{}\">{}</td>"
                              "<td dir=\"ltr\" class=\"agent-version\">{}</td>"
                              "<td dir=\"ltr\">{}</td><td>{}</td><td>{}</td></tr>",
                              link, kiosk->code, kiosk->enabled ? "resolved" : "rejected",
                              console_tr (context, kiosk->enabled ? T_ENABLED : T_DISABLED), synced,
                              reported ? queued : "—",
                              reported && kiosk->parked > 0 ? " attention" : "",
                              reported ? parked : "—", reported ? kiosk->agent_version : "—",
                              last, accepted, refused);
    }
  kiosk_central_html_add (out, "</tbody></table><h2 class=\"section\">{} {}</h2>",
                          console_tr (context, T_REJECTED_RECORDS), only);
  if (rejected->len == 0)
    kiosk_central_html_add (out, "<p class=\"notice\">{}</p>", console_tr (context, T_NO_REJECTED));
  else
    {
      kiosk_central_html_add (out, "<table class=\"reports\"><thead><tr><th>{}</th>"
                              "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                              console_tr (context, T_KIOSK), console_tr (context, T_KIND),
                              console_tr (context, T_REASON), console_tr (context, T_FILED));
      for (guint i = 0; i < rejected->len; i++)
        {
          KioskCentralRejected *record = rejected->pdata[i];
          g_autofree char *at = console_format_time (record->received_at);

          kiosk_central_html_add (out, "<tr><td dir=\"ltr\">{}</td><td dir=\"ltr\">{}</td>"
                                  "<td dir=\"ltr\"><code>{}</code> {}</td>"
                                  "<td dir=\"ltr\">{}</td></tr>",
                                  record->kiosk_code, record->kind, record->code,
                                  record->reason, at);
        }
      g_string_append (out, "</tbody></table>");
    }
  return console_page_end (out, 200);
}

static KioskCentralWebResponse *
stylesheet_get (void)
{
  GBytes *css = g_resources_lookup_data (STYLESHEET, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (css != NULL);
  return kiosk_central_web_response_new (200, "text/css; charset=utf-8", css);
}

/* Routing ---------------------------------------------------------------------------------- */

/* `prefix` + SEGMENT + `suffix` → SEGMENT when it is 1-64 of A-Z a-z 0-9 - _, or NULL. */
static char *
path_segment (const char *path,
              const char *prefix,
              const char *suffix)
{
  gsize len = strlen (path), prefix_len = strlen (prefix), suffix_len = strlen (suffix);
  g_autofree char *segment = NULL;

  if (len <= prefix_len + suffix_len || len - prefix_len - suffix_len > 64 ||
      !g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, suffix))
    return NULL;
  segment = g_strndup (path + prefix_len, len - prefix_len - suffix_len);
  for (const char *p = segment; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  return g_steal_pointer (&segment);
}

/* "/console/reports/{uuid}" + `suffix` → the UUID, or NULL. */
static char *
report_uuid_in (const char *path,
                const char *suffix)
{
  g_autofree char *uuid = path_segment (path, "/console/reports/", suffix);

  return uuid && kiosk_uuid_is_valid (uuid) ? g_steal_pointer (&uuid) : NULL;
}

static KioskCentralWebResponse *
route (ConsoleContext *context)
{
  const KioskCentralWebRequest *request = context->request;
  const char *path = request->path;
  gboolean post = g_str_equal (request->method, "POST");
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  KioskCentralWebResponse *content;

  /* What answers without a session. */
  if (g_str_equal (path, "/console/static/console.css") && !post)
    return stylesheet_get ();
  if (g_str_equal (path, "/console/language") && !post)
    return language_get (context);
  if (g_str_equal (path, "/console/login"))
    return post ? login_post (context) : login_page (context, 200, N_CONSOLE_TEXTS, NULL);

  context->token = g_strdup (kiosk_central_web_get (request->cookies, SESSION_COOKIE));
  context->staff = kiosk_central_console_session (request->db, context->token, &context->csrf,
                                                  &error);
  if (error != NULL)
    return console_server_error (context, error);
  if (context->staff == NULL)
    {
      if (post)
        return kiosk_central_web_response_text (403, "text/plain; charset=utf-8",
                                                g_string_new ("sign in first\n"));
      if (g_str_has_prefix (path, "/console/photos/"))
        return kiosk_central_web_response_text (401, "text/plain; charset=utf-8",
                                                g_string_new ("sign in first\n"));
      return console_redirect ("/console/login");
    }
  /* Every change carries the session's CSRF token. */
  if (post && !kiosk_central_console_csrf_ok (context->csrf,
                                              kiosk_central_web_get (request->form, "csrf")))
    return console_message_page (context, 403, T_FORM_EXPIRED);

  if (g_str_equal (path, "/console/") || g_str_equal (path, "/console"))
    return post ? console_message_page (context, 405, T_NOT_FOUND) : list_get (context);
  if (g_str_equal (path, "/console/logout") && post)
    return logout_post (context);
  if (g_str_equal (path, "/console/refunds") && !post)
    return refunds_page (context, 200, N_CONSOLE_TEXTS);
  if (g_str_equal (path, "/console/kiosks") && !post)
    return kiosks_get (context);
  if (post && (uuid = path_segment (path, "/console/refunds/", "/resolve")) != NULL)
    return refund_resolve_post (context, uuid);
  if (g_str_has_prefix (path, "/console/photos/") && !post &&
      kiosk_central_sha256_is_valid (path + strlen ("/console/photos/")))
    return photo_get (context, path + strlen ("/console/photos/"));
  if (post && (uuid = report_uuid_in (path, "/status")) != NULL)
    return status_post (context, uuid);
  if (!post && (uuid = report_uuid_in (path, "")) != NULL)
    return report_page (context, uuid, 200, N_CONSOLE_TEXTS);
  content = kiosk_central_console_content_route (context, post);
  if (content != NULL)
    return content;
  return console_message_page (context, 404, T_NOT_FOUND);
}

KioskCentralWebResponse *
kiosk_central_console_handle (const KioskCentralWebRequest *request)
{
  ConsoleContext context = { .request = request };
  KioskCentralWebResponse *response;

  context.lang = g_strcmp0 (kiosk_central_web_get (request->cookies, LANG_COOKIE), "en") == 0
                   ? CONSOLE_LANG_EN : CONSOLE_LANG_AR;
  response = route (&context);
  context_clear (&context);
  return response;
}
