/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The staff console and Open311 over real HTTP, end to end: a report filed at a kiosk through
 * the core API and sent by the real agent is listed, opened (with its photos) and resolved
 * with a note on the real kiosk-central; after the agent's next pull the kiosk's tracking
 * shows "resolved" with the note. Around it, the console's guards: no content without a session,
 * sessions in HttpOnly Secure SameSite=Strict cookies, a form without its CSRF token refused,
 * lock-out after repeated wrong passwords, an audit row per change, escaped HTML, the
 * security headers. Open311 GeoReport v2 against the spec's example requests: services,
 * a service definition, a request posted with an api_key and read back (JSON and XML) by id
 * and by token, the filters, status words mapped to open/closed, and the spec's errors. */
#define G_LOG_DOMAIN "test-e2e-console"

#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "console-fixture.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

typedef struct
{
  long       status;
  GString   *body;
  GPtrArray *headers;  /* "Name: value" lines */
} Answer;

static void
answer_free (Answer *answer)
{
  g_string_free (answer->body, TRUE);
  g_ptr_array_unref (answer->headers);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static size_t
body_cb (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * count));
  return size * count;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  g_autofree char *line = g_strndup (data, size * count);

  g_ptr_array_add (user_data, g_strdup (g_strstrip (line)));
  return size * count;
}

/* `form` is "name=value&…" already encoded, or NULL for a GET; `headers` "Name: value"
 * lines, NULL-terminated, or NULL. */
static Answer *
http_with_headers (ConsoleFixture     *fixture,
                   const char         *path,
                   const char         *cookie,
                   const char         *form,
                   const char * const *headers)
{
  g_autofree char *url = g_strconcat (fixture->server->url, path, NULL);
  Answer *answer = g_new0 (Answer, 1);
  CURL *curl = curl_easy_init ();
  struct curl_slist *list = NULL;
  CURLcode code;

  answer->body = g_string_new (NULL);
  answer->headers = g_ptr_array_new_with_free_func (g_free);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, body_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer->body);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, answer->headers);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  if (cookie != NULL)
    curl_easy_setopt (curl, CURLOPT_COOKIE, cookie);
  if (form != NULL)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, form);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    list = curl_slist_append (list, headers[i]);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
  code = curl_easy_perform (curl);
  g_assert_cmpint (code, ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &answer->status);
  curl_easy_cleanup (curl);
  curl_slist_free_all (list);
  g_test_message ("%s %s → %ld", form ? "POST" : "GET", path, answer->status);
  return answer;
}

static Answer *
http (ConsoleFixture *fixture,
      const char     *path,
      const char     *cookie,
      const char     *form)
{
  return http_with_headers (fixture, path, cookie, form, NULL);
}

static const char *
header_value (Answer     *answer,
              const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; i < answer->headers->len; i++)
    {
      const char *line = answer->headers->pdata[i];

      if (g_ascii_strncasecmp (line, name, len) == 0 && line[len] == ':')
        return line + len + 2;
    }
  return NULL;
}

/* The value a Set-Cookie of this answer gives `name` ("" when it clears it), or NULL. */
static char *
cookie_value (Answer     *answer,
              const char *name)
{
  g_autofree char *prefix = g_strconcat ("Set-Cookie: ", name, "=", NULL);

  for (guint i = 0; i < answer->headers->len; i++)
    {
      const char *line = answer->headers->pdata[i];

      if (g_ascii_strncasecmp (line, prefix, strlen (prefix)) == 0)
        {
          const char *value = line + strlen (prefix);

          /* Every console cookie is out of reach of scripts and other sites. */
          g_assert_nonnull (strstr (line, "; HttpOnly; Secure; SameSite=Strict"));
          return g_strndup (value, strcspn (value, ";"));
        }
    }
  return NULL;
}

/* The value of the first hidden "csrf" field of a page. */
static char *
csrf_of (Answer *answer)
{
  const char *marker = "name=\"csrf\" value=\"";
  const char *found = strstr (answer->body->str, marker);

  g_assert_nonnull (found);
  found += strlen (marker);
  return g_strndup (found, strcspn (found, "\""));
}

static char *
form_encode (const char * const *pairs)
{
  GString *form = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_autofree char *value = g_uri_escape_string (pairs[i + 1], NULL, FALSE);

      g_string_append_printf (form, "%s%s=%s", i ? "&" : "", pairs[i], value);
    }
  return g_string_free (form, FALSE);
}

/* Signs in and returns "kc_session=…" for the Cookie header, or NULL with `out_status`. */
static char *
sign_in (ConsoleFixture *fixture,
         const char     *user,
         const char     *password,
         long           *out_status)
{
  g_autoptr(Answer) page = http (fixture, "/console/login", NULL, NULL);
  g_autoptr(Answer) posted = NULL;
  g_autofree char *nonce = cookie_value (page, "kc_login");
  g_autofree char *csrf = csrf_of (page);
  g_autofree char *cookie = g_strconcat ("kc_login=", nonce, NULL);
  g_autofree char *form = NULL;
  g_autofree char *session = NULL;
  const char *pairs[] = { "csrf", csrf, "username", user, "password", password, NULL };

  g_assert_cmpint (page->status, ==, 200);
  g_assert_cmpstr (nonce, ==, csrf);
  form = form_encode (pairs);
  posted = http (fixture, "/console/login", cookie, form);
  if (out_status)
    *out_status = posted->status;
  session = cookie_value (posted, "kc_session");
  if (session == NULL)
    return NULL;
  g_assert_cmpint (posted->status, ==, 303);
  g_assert_cmpstr (header_value (posted, "Location"), ==, "/console/");
  return g_strconcat ("kc_session=", session, NULL);
}

static void
assert_guarded_page (Answer *answer)
{
  const char *csp = header_value (answer, "Content-Security-Policy");

  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_null (strstr (csp, "unsafe-inline"));
  g_assert_cmpstr (header_value (answer, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_null (strstr (answer->body->str, "<script"));
}

static void
test_without_a_session_nothing_is_shown (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *photo = g_strconcat ("/console/photos/", fixture->photos->pdata[0], NULL);
  g_autofree char *report = g_strconcat ("/console/reports/", fixture->report_uuid, NULL);
  g_autofree char *status = g_strconcat (report, "/status", NULL);
  g_autoptr(Answer) list = http (fixture, "/console/", NULL, NULL);
  g_autoptr(Answer) page = http (fixture, report, NULL, NULL);
  g_autoptr(Answer) picture = http (fixture, photo, NULL, NULL);
  g_autoptr(Answer) change = http (fixture, status, "kc_session=forged",
                                   "status=resolved&note_en=x&csrf=x&from=received");
  g_autoptr(Answer) big = NULL;
  g_autofree char *huge = g_strnfill (300 * 1024, 'a');
  g_autofree char *huge_form = g_strconcat ("username=", huge, NULL);

  g_assert_cmpint (list->status, ==, 303);
  g_assert_cmpstr (header_value (list, "Location"), ==, "/console/login");
  g_assert_cmpint (page->status, ==, 303);
  g_assert_cmpint (picture->status, ==, 401);
  g_assert_cmpuint (picture->body->len, <, 100);
  g_assert_cmpint (change->status, ==, 403);
  g_assert_null (strstr (page->body->str, fixture->reference));
  assert_guarded_page (list);
  assert_guarded_page (picture);

  /* A body over the console's limit is refused before anyone reads it. */
  big = http (fixture, "/console/login", NULL, huge_form);
  g_assert_cmpint (big->status, ==, 413);
}

static void
test_repeated_wrong_passwords_lock_the_account (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *session = NULL;
  long status = 0;

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *none = sign_in (fixture, CONSOLE_OFFICER, "not the password", &status);

      g_assert_null (none);
      g_assert_cmpint (status, ==, i < 5 ? 401 : 403);
    }
  /* Locked: even the right password opens nothing now. */
  session = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, &status);
  g_assert_null (session);
  g_assert_cmpint (status, ==, 403);
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM staff_audit"
                                      " WHERE action = 'login.failed' AND actor = 'badr'"),
                   ==, 5);
  /* Another account is not affected. */
  g_free (session);
  session = sign_in (fixture, CONSOLE_SUPERVISOR, CONSOLE_SUPERVISOR_PASSWORD, &status);
  g_assert_nonnull (session);
}

static void
test_a_report_is_resolved_and_the_kiosk_learns_it (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *session = sign_in (fixture, CONSOLE_SUPERVISOR, CONSOLE_SUPERVISOR_PASSWORD,
                                      NULL);
  g_autofree char *report_path = g_strconcat ("/console/reports/", fixture->report_uuid, NULL);
  g_autofree char *status_path = g_strconcat (report_path, "/status", NULL);
  g_autofree char *photo_path = g_strconcat ("/console/photos/", fixture->photos->pdata[1],
                                             NULL);
  g_autofree char *csrf = NULL;
  g_autofree char *form = NULL;
  g_autofree char *english = g_strconcat (session, "; kc_lang=en", NULL);
  g_autoptr(Answer) list = NULL;
  g_autoptr(Answer) other = NULL;
  g_autoptr(Answer) page = NULL;
  g_autoptr(Answer) photo = NULL;
  g_autoptr(Answer) no_csrf = NULL;
  g_autoptr(Answer) no_note = NULL;
  g_autoptr(Answer) started = NULL;
  g_autoptr(Answer) resolved = NULL;
  g_autoptr(Answer) after = NULL;
  g_autoptr(Answer) logout = NULL;
  g_autoptr(Answer) gone = NULL;
  g_autoptr(KioskReportStatus) before = NULL;
  g_autoptr(KioskReportStatus) tracked = NULL;
  KioskStatusEvent *last;
  const char *note_ar = "تم ردم الحفرة وإعادة السفلتة";
  const char *note_en = "The pothole was filled & resurfaced";

  g_assert_nonnull (session);
  before = console_fixture_track (fixture);
  g_assert_cmpstr (before->status, ==, "received");

  /* Listed under its filters, HIGH first; not under another category. */
  list = http (fixture, "/console/?category=pothole&wilayat=MSQ&kiosk=CON01&age=1", session,
               NULL);
  g_assert_cmpint (list->status, ==, 200);
  assert_guarded_page (list);
  g_assert_nonnull (strstr (list->body->str, fixture->reference));
  g_assert_nonnull (strstr (list->body->str, "dir=\"rtl\""));
  other = http (fixture, "/console/?category=graffiti", english, NULL);
  g_assert_null (strstr (other->body->str, fixture->reference));
  g_assert_nonnull (strstr (other->body->str, "No reports match."));

  /* The page: its text escaped, its photos linked, its position. */
  page = http (fixture, report_path, session, NULL);
  g_assert_cmpint (page->status, ==, 200);
  g_assert_nonnull (strstr (page->body->str, "&lt;b&gt;خطرة&lt;/b&gt; &amp; تتسع"));
  g_assert_null (strstr (page->body->str, "<b>خطرة"));
  g_assert_nonnull (strstr (page->body->str, photo_path));
  g_assert_nonnull (strstr (page->body->str, "23.580100, 58.606200"));
  photo = http (fixture, photo_path, session, NULL);
  g_assert_cmpint (photo->status, ==, 200);
  g_assert_cmpstr (header_value (photo, "Content-Type"), ==, "image/jpeg");
  g_assert_cmpuint (photo->body->len, >, 1000);

  /* A form without its CSRF token changes nothing. */
  no_csrf = http (fixture, status_path, session,
                  "status=in_progress&from=received&note_en=sneaky");
  g_assert_cmpint (no_csrf->status, ==, 403);
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM report_statuses"
                                      " WHERE status = 'received'"), ==, 1);

  csrf = csrf_of (page);
  {
    const char *pairs[] = { "csrf", csrf, "from", "received", "status", "in_progress",
                            "note_ar", "", "note_en", "", NULL };
    form = form_encode (pairs);
  }
  started = http (fixture, status_path, session, form);
  g_assert_cmpint (started->status, ==, 303);
  g_clear_pointer (&form, g_free);

  /* Resolving needs a note. */
  {
    const char *pairs[] = { "csrf", csrf, "from", "in_progress", "status", "resolved",
                            "note_ar", "", "note_en", "  ", NULL };
    form = form_encode (pairs);
  }
  no_note = http (fixture, status_path, session, form);
  g_assert_cmpint (no_note->status, ==, 400);
  g_clear_pointer (&form, g_free);
  {
    const char *pairs[] = { "csrf", csrf, "from", "in_progress", "status", "resolved",
                            "note_ar", note_ar, "note_en", note_en, NULL };
    form = form_encode (pairs);
  }
  resolved = http (fixture, status_path, session, form);
  g_assert_cmpint (resolved->status, ==, 303);
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM staff_audit"
                                      " WHERE action = 'report.status' AND actor = 'amina'"),
                   ==, 2);

  after = http (fixture, report_path, english, NULL);
  g_assert_nonnull (strstr (after->body->str, "The pothole was filled &amp; resurfaced"));
  g_assert_nonnull (strstr (after->body->str, "dir=\"ltr\""));

  /* The kiosk learns it with its next pull. */
  tracked = console_fixture_track (fixture);
  g_assert_cmpstr (tracked->status, ==, "resolved");
  g_assert_cmpuint (tracked->history->len, >=, 3);
  last = g_ptr_array_index (tracked->history, tracked->history->len - 1);
  g_assert_cmpstr (last->status, ==, "resolved");
  g_assert_cmpstr (last->note_ar, ==, note_ar);
  g_assert_cmpstr (last->note_en, ==, note_en);

  /* Signed out, the session opens nothing. */
  logout = http (fixture, "/console/logout", session, form);
  g_assert_cmpint (logout->status, ==, 303);
  gone = http (fixture, "/console/", session, NULL);
  g_assert_cmpint (gone->status, ==, 303);
}

static JsonNode *
parse_json (Answer *answer)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (answer->body->str, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The spec's error answer: an array of {code, description}, the code the HTTP status. */
static void
assert_error (Answer *answer,
              long    status)
{
  g_autoptr(JsonNode) node = parse_json (answer);
  JsonObject *error;

  g_assert_cmpint (answer->status, ==, status);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  error = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, status);
  g_assert_nonnull (json_object_get_string_member (error, "description"));
}

static JsonObject *
only_object (JsonNode *node)
{
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_array_get_object_element (array, 0);
}

static void
test_open311_services_and_requests (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  const char *client_args[] = { "add-open311-client", "--client", "fixmystreet", NULL };
  g_autofree char *key = sync_central_run (fixture->server_db, client_args);
  g_autofree char *session = NULL;
  g_autofree char *post = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Answer) services = http (fixture, "/open311/v2/services.json", NULL, NULL);
  g_autoptr(Answer) services_ar = http (fixture, "/open311/v2/services.xml?locale=ar", NULL,
                                        NULL);
  g_autoptr(Answer) definition = http (fixture, "/open311/v2/services/pothole.json", NULL,
                                       NULL);
  g_autoptr(Answer) no_service = http (fixture, "/open311/v2/services/no_such.json", NULL,
                                       NULL);
  g_autoptr(Answer) created = NULL;
  g_autoptr(Answer) token = NULL;
  g_autoptr(Answer) by_id = NULL;
  g_autoptr(Answer) by_id_xml = NULL;
  g_autoptr(Answer) both = NULL;
  g_autoptr(Answer) closed = NULL;
  g_autoptr(Answer) future = NULL;
  g_autoptr(Answer) refused = NULL;
  g_autoptr(JsonNode) services_node = parse_json (services);
  g_autoptr(JsonNode) definition_node = parse_json (definition);
  g_autoptr(JsonNode) created_node = NULL;
  g_autoptr(JsonNode) token_node = NULL;
  g_autoptr(JsonNode) by_id_node = NULL;
  g_autoptr(JsonNode) both_node = NULL;
  g_autoptr(JsonNode) closed_node = NULL;
  g_autoptr(JsonNode) future_node = NULL;
  JsonArray *list;
  JsonObject *object;
  const char *id, *token_text;
  gboolean found = FALSE;

  g_strstrip (key);

  /* GET services: every key of the spec's example, the categories in English by default. */
  list = json_node_get_array (services_node);
  g_assert_cmpuint (json_array_get_length (list), >, 5);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      object = json_array_get_object_element (list, i);
      for (const char * const *k = (const char * const[]) { "service_code", "service_name",
                                                             "description", "metadata", "type",
                                                             "keywords", "group", NULL };
           *k; k++)
        g_assert_true (json_object_has_member (object, *k));
      g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "realtime");
      if (g_str_equal (json_object_get_string_member (object, "service_code"), "pothole"))
        {
          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (object, "service_name"), ==,
                           "Pothole in the road");
        }
    }
  g_assert_true (found);
  g_assert_cmpint (services_ar->status, ==, 200);
  g_assert_cmpstr (header_value (services_ar, "Content-Type"), ==, "text/xml; charset=utf-8");
  g_assert_true (g_str_has_prefix (services_ar->body->str,
                                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                   "<services><service>"));
  g_assert_nonnull (strstr (services_ar->body->str,
                            "<service_code>pothole</service_code>"
                            "<service_name>حفرة في الطريق</service_name>"));
  object = json_node_get_object (definition_node);
  g_assert_cmpstr (json_object_get_string_member (object, "service_code"), ==, "pothole");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "attributes")),
                    ==, 0);
  assert_error (no_service, 404);

  /* POST: the spec's example fields, with this client's key. */
  {
    const char *pairs[] = { "api_key", key, "service_code", "pothole", "lat", "23.5801",
                            "long", "58.6062", "address_string", "Al Bustan roundabout",
                            "email", "smit333@sfgov.edu", "device_id", "tt222111",
                            "account_id", "123456", "first_name", "john", "last_name",
                            "smith", "phone", "111111111",
                            "description", "A large sinkhole <now> & growing",
                            "media_url", "http://example.org/a.jpg", NULL };
    post = form_encode (pairs);
  }
  created = http (fixture, "/open311/v2/requests.json", NULL, post);
  g_assert_cmpint (created->status, ==, 201);
  created_node = parse_json (created);
  object = only_object (created_node);
  id = json_object_get_string_member (object, "service_request_id");
  token_text = json_object_get_string_member (object, "token");
  g_assert_true (g_str_has_prefix (id, "311-"));
  g_assert_true (json_object_has_member (object, "service_notice"));
  g_assert_true (json_object_get_null_member (object, "account_id"));

  path = g_strdup_printf ("/open311/v2/tokens/%s.json", token_text);
  token = http (fixture, path, NULL, NULL);
  token_node = parse_json (token);
  g_assert_cmpstr (json_object_get_string_member (only_object (token_node),
                                                  "service_request_id"), ==, id);
  g_free (path);

  path = g_strdup_printf ("/open311/v2/requests/%s.json", id);
  by_id = http (fixture, path, NULL, NULL);
  by_id_node = parse_json (by_id);
  object = only_object (by_id_node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (object, "service_code"), ==, "pothole");
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==,
                   "A large sinkhole <now> & growing");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "lat"), 23.5801, 1e-6);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "requested_datetime"),
                                   "+04:00"));
  g_free (path);
  path = g_strdup_printf ("/open311/v2/requests/%s.xml", id);
  by_id_xml = http (fixture, path, NULL, NULL);
  g_assert_nonnull (strstr (by_id_xml->body->str,
                            "<description>A large sinkhole &lt;now&gt; &amp; growing"
                            "</description>"));
  g_assert_nonnull (strstr (by_id_xml->body->str, "<status>open</status>"));

  /* It entered the staff's queue, beside the kiosk's report. */
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM report_index"
                                      " WHERE source = 'open311:fixmystreet'"), ==, 1);

  /* The kiosk's report, resolved in the console, reads "closed" with its note. */
  session = sign_in (fixture, CONSOLE_SUPERVISOR, CONSOLE_SUPERVISOR_PASSWORD, NULL);
  {
    g_autofree char *report_path = g_strconcat ("/console/reports/", fixture->report_uuid,
                                                NULL);
    g_autofree char *status_path = g_strconcat (report_path, "/status", NULL);
    g_autoptr(Answer) page = http (fixture, report_path, session, NULL);
    g_autofree char *csrf = csrf_of (page);
    const char *pairs[] = { "csrf", csrf, "from", "received", "status", "rejected",
                            "note_en", "Duplicate request.", NULL };
    g_autofree char *form = form_encode (pairs);
    g_autoptr(Answer) changed = http (fixture, status_path, session, form);

    g_assert_cmpint (changed->status, ==, 303);
  }
  g_free (path);
  path = g_strdup_printf ("/open311/v2/requests.json?service_request_id=%s,%s",
                          fixture->reference, id);
  both = http (fixture, path, NULL, NULL);
  both_node = parse_json (both);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (both_node)), ==, 2);
  closed = http (fixture, "/open311/v2/requests.json?status=closed&service_code=pothole", NULL,
                 NULL);
  closed_node = parse_json (closed);
  object = only_object (closed_node);
  g_assert_cmpstr (json_object_get_string_member (object, "service_request_id"), ==,
                   fixture->reference);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (object, "status_notes"), ==,
                   "Duplicate request.");
  future = http (fixture, "/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z", NULL,
                 NULL);
  future_node = parse_json (future);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (future_node)), ==, 0);

  /* The spec's errors. */
  {
    g_autoptr(Answer) no_key = http (fixture, "/open311/v2/requests.json", NULL,
                                     "service_code=pothole&lat=23.5&long=58.5");
    g_autoptr(Answer) bad_key = http (fixture, "/open311/v2/requests.json", NULL,
                                      "api_key=not-ours&service_code=pothole&lat=23.5&long=58.5");
    g_autofree char *no_place_form = g_strdup_printf ("api_key=%s&service_code=pothole", key);
    g_autoptr(Answer) no_place = http (fixture, "/open311/v2/requests.json", NULL,
                                       no_place_form);
    g_autofree char *no_code_form = g_strdup_printf ("api_key=%s&lat=23.5&long=58.5", key);
    g_autoptr(Answer) no_code = http (fixture, "/open311/v2/requests.json", NULL, no_code_form);
    g_autoptr(Answer) bad_date = http (fixture, "/open311/v2/requests.json?start_date=yesterday",
                                       NULL, NULL);
    g_autoptr(Answer) missing = http (fixture, "/open311/v2/requests/311-FFFFFFFFFFFF.json",
                                      NULL, NULL);
    g_autoptr(Answer) missing_xml = http (fixture, "/open311/v2/requests/311-FFFFFFFFFFFF.xml",
                                          NULL, NULL);

    assert_error (no_key, 400);
    assert_error (bad_key, 403);
    assert_error (no_place, 400);
    assert_error (no_code, 400);
    assert_error (bad_date, 400);
    assert_error (missing, 404);
    g_assert_nonnull (strstr (missing_xml->body->str, "<errors><error><code>404</code>"));
  }
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM report_index"
                                      " WHERE source = 'open311:fixmystreet'"), ==, 1);
  refused = http (fixture, "/open311/v2/services.json", NULL, "a=b");
  assert_error (refused, 400);
}

/* The media URL of a request path: what follows the server's URL. */
static const char *
path_of (ConsoleFixture *fixture,
         const char     *url)
{
  g_assert_true (g_str_has_prefix (url, fixture->server->url));
  return url + strlen (fixture->server->url);
}

/* A media link signed as the server signs them (the test knows the client's key), for times
 * the server would never give out. */
static char *
forged_media_path (const char *key,
                   const char *photo,
                   gint64      expires)
{
  g_autofree char *key_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *message = g_strdup_printf ("open311-media\n%s\nfixmystreet\n%"
                                              G_GINT64_FORMAT, photo, expires);
  g_autofree char *signature = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                                          (const guchar *) key_sha256,
                                                          strlen (key_sha256), message, -1);

  return g_strdup_printf ("/open311/v2/media/%s.jpg?client=fixmystreet&expires=%"
                          G_GINT64_FORMAT "&signature=%s", photo, expires, signature);
}

/* Open311's media_url: null for anyone without a key (citizens' photos are never public);
 * for a client reading with its api_key, a link to the report's first photo signed for it,
 * valid an hour. A changed, expired, overlong or withdrawn link is refused. */
static void
test_open311_media_urls_are_signed_for_keyed_clients (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  const char *client_args[] = { "add-open311-client", "--client", "fixmystreet", NULL };
  g_autofree char *key = g_strstrip (sync_central_run (fixture->server_db, client_args));
  g_autofree char *anonymous_path = g_strdup_printf ("/open311/v2/requests/%s.json",
                                                     fixture->reference);
  g_autofree char *keyed_path = g_strdup_printf ("%s?api_key=%s", anonymous_path, key);
  g_autofree char *xml_path = g_strdup_printf ("/open311/v2/requests.xml?api_key=%s"
                                               "&service_request_id=%s", key,
                                               fixture->reference);
  g_autofree char *media = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *received_sha256 = NULL;
  g_autofree char *tampered = NULL;
  g_autoptr(Answer) anonymous = http (fixture, anonymous_path, NULL, NULL);
  g_autoptr(Answer) wrong_key = http (fixture, "/open311/v2/requests.json?api_key=nope", NULL,
                                      NULL);
  g_autoptr(Answer) keyed = http (fixture, keyed_path, NULL, NULL);
  g_autoptr(Answer) as_xml = http (fixture, xml_path, NULL, NULL);
  g_autoptr(Answer) photo = NULL;
  g_autoptr(JsonNode) anonymous_node = parse_json (anonymous);
  g_autoptr(JsonNode) keyed_node = parse_json (keyed);
  const char *photo_sha256 = fixture->photos->pdata[0];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (json_object_get_null_member (only_object (anonymous_node), "media_url"));
  assert_error (wrong_key, 403);
  media = g_strdup (json_object_get_string_member (only_object (keyed_node), "media_url"));
  prefix = g_strdup_printf ("%s/open311/v2/media/%s.jpg?client=fixmystreet&expires=",
                            fixture->server->url, photo_sha256);
  g_assert_true (g_str_has_prefix (media, prefix));
  g_assert_cmpint (as_xml->status, ==, 200);
  g_assert_nonnull (strstr (as_xml->body->str, "<media_url>"));
  g_assert_nonnull (strstr (as_xml->body->str, "client=fixmystreet&amp;expires="));

  /* The link itself needs nothing else: no key, no session. */
  photo = http (fixture, path_of (fixture, media), NULL, NULL);
  g_assert_cmpint (photo->status, ==, 200);
  g_assert_cmpstr (header_value (photo, "Content-Type"), ==, "image/jpeg");
  g_assert_cmpstr (header_value (photo, "Cache-Control"), ==, "no-store");
  received_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                 (const guchar *) photo->body->str,
                                                 photo->body->len);
  g_assert_cmpstr (received_sha256, ==, photo_sha256);

  /* Refused: another photo under this signature, a changed signature, a link past its
   * time or longer than an hour (both signed right), a made-up client. */
  {
    g_autofree char *other = g_strdup (path_of (fixture, media));
    g_autofree char *expired = forged_media_path (key, photo_sha256, now - 5);
    g_autofree char *too_long = forged_media_path (key, photo_sha256, now + 7200);
    g_autofree char *good = forged_media_path (key, photo_sha256, now + 600);
    g_autofree char *stranger = g_strdup (good);
    char *at = strstr (stranger, "client=fixmystreet");

    memcpy (strstr (other, photo_sha256), fixture->photos->pdata[1], 64);
    memcpy (at, "client=fixmystrees", strlen ("client=fixmystreet"));
    tampered = g_strdup (path_of (fixture, media));
    tampered[strlen (tampered) - 1] = tampered[strlen (tampered) - 1] == '0' ? '1' : '0';
    for (const char * const *refused = (const char * const[]) { other, tampered, expired,
                                                                too_long, stranger, NULL };
         *refused; refused++)
      {
        g_autoptr(Answer) answer = http (fixture, *refused, NULL, NULL);

        assert_error (answer, 403);
      }
    {
      g_autoptr(Answer) answer = http (fixture, good, NULL, NULL);

      g_assert_cmpint (answer->status, ==, 200);
    }
  }

  /* A new key for the client withdraws every link it was given. */
  g_free (sync_central_run (fixture->server_db, client_args));
  {
    g_autoptr(Answer) answer = http (fixture, path_of (fixture, media), NULL, NULL);

    assert_error (answer, 403);
  }
}

/* Two kiosks took money for the same fines (offline, before either knew): the server opens
 * refund cases; a supervisor settles one, an officer may not; the fleet page shows each
 * kiosk and what the server refused. */
static void
test_refunds_and_kiosks (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *supervisor = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *refund = NULL;
  g_autofree char *resolve_path = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *form = NULL;
  g_autoptr(Answer) refunds = NULL;
  g_autoptr(Answer) refused = NULL;
  g_autoptr(Answer) settled = NULL;
  g_autoptr(Answer) again = NULL;
  g_autoptr(Answer) after = NULL;
  g_autoptr(Answer) kiosks = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *code = g_strdup_printf ("PAY0%u", i + 1);
      g_autofree char *token_name = g_strdup_printf ("%s.token", code);
      g_autofree char *token = g_build_filename (fixture->dir, token_name, NULL);
      g_autofree char *dir = g_build_filename (fixture->dir, code, NULL);
      g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
      g_autofree char *config = NULL;
      g_autoptr(JsonObject) report = NULL;

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      /* The same seed: the same fines paid at both kiosks. */
      sync_kiosk_create (db, code, 0, 0, 3, 0, 0, 77);
      sync_server_add_kiosk (fixture->server_db, code, token);
      config = sync_agent_config (dir, db, fixture->server->url, token, NULL);
      sync_agent_once (config, &report);
    }
  cases = sync_db_column (fixture->server_db,
                          "SELECT DISTINCT case_reference FROM refund_cases ORDER BY 1");
  g_assert_cmpuint (cases->len, >, 0);
  refund = g_strdup (cases->pdata[0]);

  supervisor = sign_in (fixture, CONSOLE_SUPERVISOR, CONSOLE_SUPERVISOR_PASSWORD, NULL);
  officer = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, NULL);
  refunds = http (fixture, "/console/refunds", supervisor, NULL);
  g_assert_cmpint (refunds->status, ==, 200);
  g_assert_nonnull (strstr (refunds->body->str, refund));
  csrf = csrf_of (refunds);
  form = g_strdup_printf ("csrf=%s&note=Returned+to+the+card", csrf);
  resolve_path = g_strdup_printf ("/console/refunds/%s/resolve", refund);

  /* An officer's own session and token, but not a supervisor. */
  {
    g_autoptr(Answer) page = http (fixture, "/console/refunds", officer, NULL);
    g_autofree char *officer_csrf = NULL;
    g_autofree char *officer_form = NULL;

    g_assert_null (strstr (page->body->str, "/resolve"));
    officer_csrf = csrf_of (page);
    officer_form = g_strdup_printf ("csrf=%s&note=x", officer_csrf);
    refused = http (fixture, resolve_path, officer, officer_form);
    g_assert_cmpint (refused->status, ==, 403);
  }
  settled = http (fixture, resolve_path, supervisor, form);
  g_assert_cmpint (settled->status, ==, 303);
  again = http (fixture, resolve_path, supervisor, form);
  g_assert_cmpint (again->status, ==, 409);
  after = http (fixture, "/console/refunds", supervisor, NULL);
  g_assert_nonnull (strstr (after->body->str, "Returned to the card"));
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM staff_audit"
                                      " WHERE action = 'refund.resolve'"), ==, 1);

  kiosks = http (fixture, "/console/kiosks", officer, NULL);
  g_assert_cmpint (kiosks->status, ==, 200);
  g_assert_nonnull (strstr (kiosks->body->str, ">PAY01</a>"));
  g_assert_nonnull (strstr (kiosks->body->str, ">CON01</a>"));
}

/* A session past its expiry opens nothing, even with its cookie still held: the browser is
 * sent to the login page, a form is refused; a fresh sign-in works again. */
static void
test_an_expired_session_is_refused (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *session = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, NULL);
  g_autofree char *again = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *form = NULL;
  g_autoptr(Answer) before = NULL;
  g_autoptr(Answer) list = NULL;
  g_autoptr(Answer) photo = NULL;
  g_autoptr(Answer) logout = NULL;
  g_autoptr(Answer) fresh = NULL;
  g_autofree char *photo_path = g_strconcat ("/console/photos/", fixture->photos->pdata[0],
                                             NULL);

  g_assert_nonnull (session);
  before = http (fixture, "/console/", session, NULL);
  g_assert_cmpint (before->status, ==, 200);
  csrf = csrf_of (before);
  form = g_strdup_printf ("csrf=%s", csrf);

  /* Its eight hours are over (a second ago). */
  sync_server_exec (fixture->server_db,
                    "UPDATE staff_sessions SET expires_at = created_at - 1");
  list = http (fixture, "/console/", session, NULL);
  g_assert_cmpint (list->status, ==, 303);
  g_assert_cmpstr (header_value (list, "Location"), ==, "/console/login");
  g_assert_null (strstr (list->body->str, fixture->reference));
  photo = http (fixture, photo_path, session, NULL);
  g_assert_cmpint (photo->status, ==, 401);
  logout = http (fixture, "/console/logout", session, form);
  g_assert_cmpint (logout->status, ==, 403);

  again = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, NULL);
  g_assert_nonnull (again);
  fresh = http (fixture, "/console/", again, NULL);
  g_assert_cmpint (fresh->status, ==, 200);
  g_assert_nonnull (strstr (fresh->body->str, fixture->reference));
}

/* The fleet page shows each kiosk as its agent reports itself on its changes requests: a
 * kiosk with one record parked and one waiting (not due yet) says so after a run of the real
 * agent; a kiosk whose agent never reported says that; a report that breaks the contract's
 * rules is refused with 400 and changes nothing. */
static void
test_the_fleet_shows_what_each_agent_reports (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *dir = g_build_filename (fixture->dir, "FLT01", NULL);
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *token_file = g_build_filename (fixture->dir, "FLT01.token", NULL);
  g_autofree char *unused_token = g_build_filename (fixture->dir, "OLD01.token", NULL);
  g_autofree char *config = NULL;
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *session = NULL;
  g_autofree char *english = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  const char *row;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  sync_kiosk_create (db, "FLT01", 0, 0, 0, 4, 0, 21);
  {
    g_autoptr(KioskStore) store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);

    g_assert_no_error (error);
    /* One the server will refuse (its uuid is not the record's), one not due for a day. */
    g_assert_true (kiosk_store_exec (store, "UPDATE outbox SET payload = json_set (payload,"
                                            " '$.uuid', '00000000-0000-4000-8000-000000000000')"
                                            " WHERE id = (SELECT min (id) FROM outbox)", &error));
    g_assert_true (kiosk_store_exec (store, "UPDATE outbox SET next_attempt_at ="
                                            " strftime ('%s', 'now') + 86400"
                                            " WHERE id = (SELECT max (id) FROM outbox)", &error));
    g_assert_no_error (error);
  }
  sync_server_add_kiosk (fixture->server_db, "FLT01", token_file);
  sync_server_add_kiosk (fixture->server_db, "OLD01", unused_token);
  config = sync_agent_config (dir, db, fixture->server->url, token_file, NULL);
  g_assert_cmpint (sync_agent_once (config, &report), ==, 1);  /* partial: one still waits */

  session = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, NULL);
  english = g_strconcat (session, "; kc_lang=en", NULL);
  {
    g_autoptr(Answer) page = http (fixture, "/console/kiosks", english, NULL);

    g_assert_cmpint (page->status, ==, 200);
    assert_guarded_page (page);
    g_assert_nonnull (strstr (page->body->str, "<th>Queue depth</th>"));
    row = strstr (page->body->str, ">FLT01</a>");
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (row, "<td class=\"queue-depth\">1</td>"
                                   "<td class=\"parked attention\">1</td>"
                                   "<td dir=\"ltr\" class=\"agent-version\">"
                                   PACKAGE_VERSION "</td>"));
    row = strstr (page->body->str, ">OLD01</a>");
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (row, "Not reported</td><td class=\"queue-depth\">—</td>"));
  }
  {
    g_autoptr(Answer) page = http (fixture, "/console/kiosks", session, NULL);

    g_assert_nonnull (strstr (page->body->str, "<th>في الانتظار</th>"));
    g_assert_nonnull (strstr (page->body->str, "لم يُبلّغ"));
  }

  /* Straight to the API: bad reports are refused and leave the last good one in place. */
  g_assert_true (g_file_get_contents (token_file, &token, NULL, NULL));
  bearer = g_strconcat ("Authorization: Bearer ", g_strstrip (token), NULL);
  {
    const char *partial[] = { bearer, "Kiosk-Agent-Version: 9.9", NULL };
    const char *bad_version[] = { bearer, "Kiosk-Agent-Version: 9.9<script>",
                                  "Kiosk-Queue-Depth: 5", "Kiosk-Parked: 0", NULL };
    const char *negative[] = { bearer, "Kiosk-Agent-Version: 9.9", "Kiosk-Queue-Depth: -5",
                               "Kiosk-Parked: 0", NULL };
    const char *good[] = { bearer, "Kiosk-Agent-Version: 9.9.1~test",
                           "Kiosk-Queue-Depth: 12", "Kiosk-Parked: 0", NULL };
    const char * const *refused[] = { partial, bad_version, negative };
    const char *none[] = { bearer, NULL };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(Answer) answer = http_with_headers (fixture, "/v1/changes", NULL, NULL,
                                                      refused[i]);

        g_assert_cmpint (answer->status, ==, 400);
        g_assert_nonnull (strstr (answer->body->str, "\"bad_request\""));
      }
    g_assert_cmpint (sync_server_count (fixture->server_db,
                                        "SELECT count(*) FROM kiosk_status WHERE kiosk_code ="
                                        " 'FLT01' AND queue_depth = 1 AND parked = 1"), ==, 1);
    /* An agent that says nothing is served as before and changes nothing. */
    {
      g_autoptr(Answer) answer = http_with_headers (fixture, "/v1/changes", NULL, NULL, none);

      g_assert_cmpint (answer->status, ==, 200);
    }
    g_assert_cmpint (sync_server_count (fixture->server_db,
                                        "SELECT count(*) FROM kiosk_status WHERE kiosk_code ="
                                        " 'FLT01' AND queue_depth = 1"), ==, 1);
    {
      g_autoptr(Answer) answer = http_with_headers (fixture, "/v1/changes", NULL, NULL, good);

      g_assert_cmpint (answer->status, ==, 200);
    }
    g_assert_cmpint (sync_server_count (fixture->server_db,
                                        "SELECT count(*) FROM kiosk_status WHERE kiosk_code ="
                                        " 'FLT01' AND queue_depth = 12 AND parked = 0 AND"
                                        " agent_version = '9.9.1~test'"), ==, 1);
  }
  g_assert_cmpint (sync_server_count (fixture->server_db,
                                      "SELECT count(*) FROM kiosk_status"
                                      " WHERE kiosk_code = 'OLD01'"), ==, 0);
}

/* `seconds` from now in Muscat, as a datetime-local field holds it. */
static char *
muscat_input (gint64 seconds)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M");
}

/* Posts a content form (name, value pairs) with the page's CSRF token. */
static Answer *
post_form (ConsoleFixture     *fixture,
           const char         *path,
           const char         *cookie,
           const char         *csrf,
           const char * const *pairs)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *form = NULL;

  g_ptr_array_add (all, (gpointer) "csrf");
  g_ptr_array_add (all, (gpointer) csrf);
  for (guint i = 0; pairs[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) pairs[i]);
  g_ptr_array_add (all, NULL);
  form = form_encode ((const char * const *) all->pdata);
  return http (fixture, path, cookie, form);
}

/* A supervisor creates, edits and withdraws an announcement and adds a guide entry in the
 * console; each reaches the kiosk's store after the real agent's pull. Bad forms are refused
 * with the field named in the page's language and nothing saved; an officer is refused; each
 * change has its audit row. */
static void
test_announcements_and_guide_reach_the_kiosk (void)
{
  g_autoptr(ConsoleFixture) fixture = console_fixture_new ();
  g_autofree char *supervisor = sign_in (fixture, CONSOLE_SUPERVISOR,
                                         CONSOLE_SUPERVISOR_PASSWORD, NULL);
  g_autofree char *officer = sign_in (fixture, CONSOLE_OFFICER, CONSOLE_OFFICER_PASSWORD, NULL);
  g_autofree char *english = g_strconcat (supervisor, "; kc_lang=en", NULL);
  g_autofree char *published = muscat_input (-3600);
  g_autofree char *expires = muscat_input (2 * 86400);
  g_autofree char *too_early = muscat_input (-7200);
  g_autofree char *csrf = NULL;
  g_autofree char *id = NULL;
  g_autofree char *edit_path = NULL;
  g_autofree char *withdraw_path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(KioskReportStatus) tracked = NULL;

  /* Officers see neither the pages nor the links. */
  {
    g_autoptr(Answer) list = http (fixture, "/console/announcements", officer, NULL);
    g_autoptr(Answer) home = http (fixture, "/console/", officer, NULL);
    g_autofree char *officer_csrf = csrf_of (home);
    const char *pairs[] = { "title_ar", "x", NULL };
    g_autoptr(Answer) refused = post_form (fixture, "/console/guide/new", officer,
                                           officer_csrf, pairs);

    g_assert_cmpint (list->status, ==, 403);
    g_assert_null (strstr (home->body->str, "/console/announcements"));
    g_assert_cmpint (refused->status, ==, 403);
  }
  {
    g_autoptr(Answer) form = http (fixture, "/console/announcements/new", supervisor, NULL);

    g_assert_cmpint (form->status, ==, 200);
    assert_guarded_page (form);
    g_assert_nonnull (strstr (form->body->str, "type=\"datetime-local\""));
    csrf = csrf_of (form);
  }

  /* A missing title and an expiry before publishing: named, in Arabic, nothing saved. */
  {
    const char *pairs[] = { "category", "news", "title_ar", "", "title_en", "Qurum",
                            "body_ar", "نص", "body_en", "Text", "publish_at", published,
                            "expires_at", too_early, NULL };
    g_autoptr(Answer) bad = post_form (fixture, "/console/announcements/new", supervisor, csrf,
                                       pairs);
    const char *late_pairs[] = { "category", "news", "title_ar", "عنوان", "title_en", "Qurum",
                                 "body_ar", "نص", "body_en", "Text", "publish_at", published,
                                 "expires_at", too_early, NULL };
    g_autoptr(Answer) late = post_form (fixture, "/console/announcements/new", english, csrf,
                                        late_pairs);
    const char *no_csrf[] = { "category", "news", NULL };
    g_autoptr(Answer) forged = post_form (fixture, "/console/announcements/new", supervisor,
                                          "forged", no_csrf);

    g_assert_cmpint (bad->status, ==, 400);
    g_assert_nonnull (strstr (bad->body->str, "العنوان بالعربية</a> مطلوب."));
    g_assert_nonnull (strstr (bad->body->str, "value=\"Qurum\""));
    g_assert_cmpint (late->status, ==, 400);
    g_assert_nonnull (strstr (late->body->str,
                              "Expires at (optional)</a> must be after the publish date."));
    g_assert_cmpint (forged->status, ==, 403);
    g_assert_cmpint (sync_server_count (fixture->server_db, "SELECT count(*) FROM staff_audit"
                                        " WHERE action LIKE 'announcement.%'"), ==, 0);
  }

  {
    const char *pairs[] = { "category", "project", "title_ar", "افتتاح حديقة <القرم>",
                            "title_en", "Qurum park opens & more", "body_ar", "سطر\r\nثانٍ",
                            "body_en", "Line one", "publish_at", published,
                            "expires_at", expires, "priority", "7", NULL };
    g_autoptr(Answer) created = post_form (fixture, "/console/announcements/new", supervisor,
                                           csrf, pairs);
    g_autoptr(Answer) list = NULL;

    g_assert_cmpint (created->status, ==, 303);
    g_assert_cmpstr (header_value (created, "Location"), ==, "/console/announcements");
    list = http (fixture, "/console/announcements", supervisor, NULL);
    g_assert_nonnull (strstr (list->body->str, "افتتاح حديقة &lt;القرم&gt;"));
    g_assert_nonnull (strstr (list->body->str, "منشور"));
  }
  ids = sync_db_column (fixture->server_db, "SELECT key FROM reference_rows WHERE dataset ="
                        " 'announcements' AND data LIKE '%Qurum park opens%'");
  g_assert_cmpuint (ids->len, ==, 1);
  id = g_strdup (ids->pdata[0]);
  g_assert_cmpint (sync_server_count (fixture->server_db, "SELECT count(*) FROM staff_audit"
                                      " WHERE action = 'announcement.create'"
                                      " AND actor = 'amina'"), ==, 1);

  tracked = console_fixture_track (fixture);
  sql = g_strdup_printf ("SELECT count(*) FROM announcements WHERE id = '%s' AND category ="
                         " 'project' AND title_en = 'Qurum park opens & more' AND priority = 7"
                         " AND body_ar = 'سطر' || char (10) || 'ثانٍ'"
                         " AND expires_at > publish_at", id);
  g_assert_cmpint (sync_kiosk_count (fixture->kiosk_db, sql), ==, 1);

  /* Edited: the form shows what is stored; the kiosk gets the new title. */
  edit_path = g_strconcat ("/console/announcements/", id, NULL);
  {
    g_autoptr(Answer) form = http (fixture, edit_path, supervisor, NULL);
    const char *pairs[] = { "category", "project", "title_ar", "افتتاح حديقة القرم",
                            "title_en", "Qurum park reopens", "body_ar", "نص", "body_en",
                            "Text", "publish_at", published, "expires_at", expires, NULL };
    g_autoptr(Answer) saved = NULL;

    g_assert_nonnull (strstr (form->body->str, "value=\"Qurum park opens &amp; more\""));
    saved = post_form (fixture, edit_path, supervisor, csrf, pairs);
    g_assert_cmpint (saved->status, ==, 303);
  }
  g_clear_pointer (&tracked, kiosk_report_status_free);
  tracked = console_fixture_track (fixture);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM announcements WHERE id = '%s'"
                         " AND title_en = 'Qurum park reopens' AND priority = 0", id);
  g_assert_cmpint (sync_kiosk_count (fixture->kiosk_db, sql), ==, 1);

  /* Withdrawn: gone from the kiosk after its pull. */
  withdraw_path = g_strconcat (edit_path, "/withdraw", NULL);
  {
    const char *none[] = { NULL };
    g_autoptr(Answer) withdrawn = post_form (fixture, withdraw_path, supervisor, csrf, none);

    g_assert_cmpint (withdrawn->status, ==, 303);
  }
  g_clear_pointer (&tracked, kiosk_report_status_free);
  tracked = console_fixture_track (fixture);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM announcements WHERE id = '%s'", id);
  g_assert_cmpint (sync_kiosk_count (fixture->kiosk_db, sql), ==, 0);
  g_assert_cmpint (sync_server_count (fixture->server_db, "SELECT count(*) FROM staff_audit"
                                      " WHERE action IN ('announcement.update',"
                                      " 'announcement.withdraw')"), ==, 2);

  /* A guide entry, with a kiosk service, an office's wilayat and a fee. */
  categories = sync_db_column (fixture->server_db, "SELECT key FROM reference_rows WHERE"
                               " dataset = 'service_guide_categories' ORDER BY key LIMIT 1");
  g_assert_cmpuint (categories->len, ==, 1);
  {
    const char *bad_pairs[] = { "category", categories->pdata[0], "name_ar", "اسم",
                                "name_en", "Name", "summary_ar", "ملخص", "summary_en",
                                "Summary", "website_url", "http://mm.gov.om", NULL };
    g_autoptr(Answer) bad = post_form (fixture, "/console/guide/new", english, csrf,
                                       bad_pairs);
    const char *pairs[] = { "category", categories->pdata[0], "name_ar", "تصريح حفر",
                            "name_en", "Excavation permit", "summary_ar", "تصريح لأعمال الحفر",
                            "summary_en", "A permit to dig in a road.", "fee_baisa", "5000",
                            "kiosk_service", "report", "website_url",
                            "https://mm.gov.om/permits", "office_wilayat", "MSQ",
                            "keywords", "dig حفر", NULL };
    g_autoptr(Answer) created = post_form (fixture, "/console/guide/new", supervisor, csrf,
                                           pairs);

    g_autofree char *raw_code = g_strdup_printf ("<td>%s</td>",
                                                 (const char *) categories->pdata[0]);
    g_autoptr(Answer) list = NULL;

    g_assert_cmpint (bad->status, ==, 400);
    g_assert_nonnull (strstr (bad->body->str, "Website</a> must start with https://"));
    g_assert_cmpint (created->status, ==, 303);
    /* Listed with its category's name, not its code. */
    list = http (fixture, "/console/guide", english, NULL);
    g_assert_nonnull (strstr (list->body->str, ">Excavation permit</a>"));
    g_assert_null (strstr (list->body->str, raw_code));
  }
  g_clear_pointer (&tracked, kiosk_report_status_free);
  tracked = console_fixture_track (fixture);
  g_assert_cmpint (sync_kiosk_count (fixture->kiosk_db,
                                     "SELECT count(*) FROM service_guide WHERE name_en ="
                                     " 'Excavation permit' AND fee_baisa = 5000 AND"
                                     " kiosk_service = 'report' AND office_wilayat = 'MSQ'"
                                     " AND website_url = 'https://mm.gov.om/permits'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/kiosk/central/console/without-a-session-nothing-is-shown",
                   test_without_a_session_nothing_is_shown);
  g_test_add_func ("/kiosk/central/console/repeated-wrong-passwords-lock-the-account",
                   test_repeated_wrong_passwords_lock_the_account);
  g_test_add_func ("/kiosk/central/console/a-report-is-resolved-and-the-kiosk-learns-it",
                   test_a_report_is_resolved_and_the_kiosk_learns_it);

  g_test_add_func ("/kiosk/central/console/refunds-and-kiosks", test_refunds_and_kiosks);
  g_test_add_func ("/kiosk/central/console/announcements-and-guide-reach-the-kiosk",
                   test_announcements_and_guide_reach_the_kiosk);
  g_test_add_func ("/kiosk/central/console/an-expired-session-is-refused",
                   test_an_expired_session_is_refused);
  g_test_add_func ("/kiosk/central/console/the-fleet-shows-what-each-agent-reports",
                   test_the_fleet_shows_what_each_agent_reports);
  g_test_add_func ("/kiosk/central/open311/media-urls-are-signed-for-keyed-clients",
                   test_open311_media_urls_are_signed_for_keyed_clients);
  g_test_add_func ("/kiosk/central/open311/services-and-requests",
                   test_open311_services_and_requests);

  return g_test_run ();
}
