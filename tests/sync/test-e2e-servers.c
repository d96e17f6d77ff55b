/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two kiosk-central processes on one database, as behind a load balancer: the same records
 * sent to both at the same moment get one answer each, and the feed pages are the same
 * whichever process serves them. Meant for PostgreSQL (test `e2e-servers-pg`); on SQLite the
 * two processes share one file and must agree all the same. */
#define G_LOG_DOMAIN "test-e2e-servers"

#include "config.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <string.h>

#include "kiosk-ids.h"
#include "kiosk-test-util.h"
#include "sync-test-pg.h"
#include "sync-test-util.h"

#define N_BATCHES 12
#define RECORDS_PER_BATCH 5
#define KIOSK "SRV01"

typedef struct
{
  const char *url;
  const char *token;
  GPtrArray  *batches;   /* char*, the same for both senders */
  GPtrArray  *answers;   /* char*, one response body per batch */
  gint       *ready;
} Sender;

/* GET or POST (with `body`); the status must be `expected`. */
static char *
request (const char *url,
         const char *token,
         const char *body,
         long        expected)
{
  g_auto(SyncHttpAnswer) answer = { 0 };

  sync_http_request (url, token, body, &answer);
  g_assert_cmpint (answer.status, ==, expected);
  return g_string_free (g_steal_pointer (&answer.body), FALSE);
}

static gpointer
send_all_cb (gpointer user_data)
{
  Sender *sender = user_data;
  g_autofree char *url = g_strconcat (sender->url, "/v1/batches", NULL);

  /* Both threads start together, so the same batch reaches both servers at once. */
  g_atomic_int_inc (sender->ready);
  while (g_atomic_int_get (sender->ready) < 2)
    g_thread_yield ();
  for (guint i = 0; i < sender->batches->len; i++)
    g_ptr_array_add (sender->answers, request (url, sender->token,
                                               g_ptr_array_index (sender->batches, i), 200));
  return NULL;
}

/* uuid → "status|server_reference" of one response body. */
static void
collect_answers (const char *body,
                 GHashTable *answers)
{
  g_autoptr(JsonNode) root = json_from_string (body, NULL);
  JsonArray *results;

  g_assert_nonnull (root);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *status = json_object_get_string_member (result, "status");
      const char *reference = json_object_get_string_member_with_default (result,
                                                                          "server_reference",
                                                                          "");

      /* Whoever stored it says accepted, the other duplicate: the same answer. */
      if (g_str_equal (status, "duplicate"))
        status = "accepted";
      g_hash_table_insert (answers,
                           g_strdup (json_object_get_string_member (result, "uuid")),
                           g_strdup_printf ("%s|%s", status, reference));
    }
}

/* The demo's reference data and kiosk KIOSK; its token. */
static char *
central_with_kiosk (const char *server_db,
                    const char *token_file)
{
  const char *load[] = { "load", "--demo", NULL };
  char *token = NULL;

  g_free (sync_central_run (server_db, load));
  sync_server_add_kiosk (server_db, KIOSK, token_file);
  g_assert_true (g_file_get_contents (token_file, &token, NULL, NULL));
  return g_strstrip (token);
}

/* What a kiosk pulling the feed saw of one row: how often it came, and its last data. */
typedef struct
{
  const char *dataset;
  const char *key;
  guint       seen;
  JsonObject *last;   /* owned */
} RowSeen;

static void
row_seen_clear (RowSeen *row)
{
  g_clear_pointer (&row->last, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowSeen, row_seen_clear)

static void
note_row (JsonObject *page,
          RowSeen    *row)
{
  JsonArray *changes = json_object_get_array_member (page, "changes");

  for (guint i = 0; row != NULL && i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "dataset"), row->dataset) != 0 ||
          g_strcmp0 (json_object_get_string_member (change, "key"), row->key) != 0)
        continue;
      row->seen++;
      g_clear_pointer (&row->last, json_object_unref);
      row->last = json_object_ref (json_object_get_object_member (change, "data"));
    }
}

/* The feed from `since` (NULL: from the start) to its end, page by page, each page asked of
 * one server and then the other at the same cursor: both must answer the same bytes. Notes
 * `row` (may be NULL) and returns the last cursor. */
static char *
pull_from_both (SyncServer **servers,
                const char  *token,
                const char  *since,
                RowSeen     *row)
{
  g_autofree char *cursor = g_strdup (since);

  for (guint page = 0; page < 1000; page++)
    {
      g_autofree char *path = cursor
        ? g_strdup_printf ("/v1/changes?limit=97&since=%s", cursor)
        : g_strdup ("/v1/changes?limit=97");
      g_autofree char *url_a = g_strconcat (servers[page % 2]->url, path, NULL);
      g_autofree char *url_b = g_strconcat (servers[(page + 1) % 2]->url, path, NULL);
      g_autofree char *body_a = request (url_a, token, NULL, 200);
      g_autofree char *body_b = request (url_b, token, NULL, 200);
      g_autoptr(JsonNode) root = json_from_string (body_a, NULL);
      JsonObject *object = json_node_get_object (root);

      g_assert_cmpstr (body_a, ==, body_b);
      note_row (object, row);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
      if (!json_object_get_boolean_member (object, "has_more"))
        return g_steal_pointer (&cursor);
    }
  g_assert_not_reached ();
}

static void
test_two_servers_answer_once (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) answers_a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
  g_autoptr(GHashTable) answers_b = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
  SyncServer *servers[2];
  Sender senders[2];
  GThread *threads[2];
  gint ready = 0;
  guint seq = 0;
  g_autofree char *cursor = NULL;

  token = central_with_kiosk (server_db, token_file);
  servers[0] = sync_server_start (server_db, 0, NULL);
  servers[1] = sync_server_start (server_db, 0, NULL);

  for (guint b = 0; b < N_BATCHES; b++)
    {
      g_autoptr(GString) records = g_string_new (NULL);
      g_autofree char *batch_id = kiosk_uuid_new ();

      for (guint r = 0; r < RECORDS_PER_BATCH; r++)
        {
          char *uuid = kiosk_uuid_new ();

          g_ptr_array_add (uuids, uuid);
          g_string_append_printf (records, "%s{\"uuid\":\"%s\",\"kind\":\"feedback\","
                                  "\"created_at\":1796018400,\"payload\":{\"uuid\":\"%s\","
                                  "\"reference\":\"" KIOSK "-261130-%04u\",\"rating\":4}}",
                                  r ? "," : "", uuid, uuid, ++seq);
        }
      g_ptr_array_add (batches, g_strdup_printf ("{\"kiosk_id\":\"" KIOSK "\",\"batch_id\":"
                                                 "\"%s\",\"records\":[%s]}", batch_id,
                                                 records->str));
    }

  for (guint i = 0; i < 2; i++)
    {
      senders[i] = (Sender) { servers[i]->url, token, batches,
                              g_ptr_array_new_with_free_func (g_free), &ready };
      threads[i] = g_thread_new ("sender", send_all_cb, &senders[i]);
    }
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_BATCHES; i++)
    {
      collect_answers (g_ptr_array_index (senders[0].answers, i), answers_a);
      collect_answers (g_ptr_array_index (senders[1].answers, i), answers_b);
    }
  g_assert_cmpuint (g_hash_table_size (answers_a), ==, uuids->len);
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM records"
                                                    " WHERE uuid = '%s'", uuid);

      g_assert_cmpstr (g_hash_table_lookup (answers_a, uuid), ==,
                       g_hash_table_lookup (answers_b, uuid));
      g_assert_cmpint (sync_server_count (server_db, count_sql), ==, 1);
    }

  cursor = pull_from_both (servers, token, NULL, NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_unref (senders[i].answers);
      sync_server_free (servers[i]);
    }
  kiosk_test_remove_dir (dir);
}

typedef struct
{
  const char *url;
  const char *token;
  const char *body;
  char       *answer;
} Post;

static gpointer
post_cb (gpointer user_data)
{
  Post *post = user_data;

  post->answer = request (post->url, post->token, post->body, 200);
  return NULL;
}

/* The outbox-feed pitfall: a transaction draws feed number N, another draws N+1 and commits
 * first; a kiosk reading between the two commits must not get a cursor past N. Here the
 * test's own transaction holds N (taken the way the server takes it) while the server
 * stores a report (its status goes into the feed); the feed read meanwhile, and after both
 * commit, must hold both changes. */
static void
test_late_commit_is_not_skipped (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *token = NULL;
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *batch_id = kiosk_uuid_new ();
  g_autofree char *body = NULL;
  g_autofree char *batches_url = NULL;
  g_autofree char *feed_url = NULL;
  g_autofree char *first = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *since_url = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(JsonNode) root = NULL;
  SyncServer *server;
  Post post = { 0 };
  GThread *thread;
  PGconn *conn;

  if (!sync_pg_enabled ())
    {
      g_test_skip ("the feed lock is PostgreSQL's (SQLite has one writer at a time)");
      return;
    }
  token = central_with_kiosk (server_db, token_file);
  server = sync_server_start (server_db, 0, NULL);

  conn = PQconnectdb (sync_pg_lookup (server_db));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "BEGIN"));
  PQclear (PQexec (conn, "SELECT pg_advisory_xact_lock (75839580292164)"));
  PQclear (PQexec (conn, "INSERT INTO changes (dataset, op, key, data, created_at) VALUES"
                         " ('wilayats', 'upsert', 'LATE', '{\"code\":\"LATE\"}', 0)"));

  body = g_strdup_printf ("{\"kiosk_id\":\"" KIOSK "\",\"batch_id\":\"%s\",\"records\":["
                          "{\"uuid\":\"%s\",\"kind\":\"report\",\"created_at\":1796018400,"
                          "\"payload\":{\"uuid\":\"%s\",\"reference\":\"" KIOSK
                          "-261130-0001\",\"category_code\":\"pothole\",\"priority\":"
                          "\"MEDIUM\",\"wilayat_code\":\"BSH\",\"area_code\":\"BSH-QURUM\","
                          "\"description\":\"x\",\"status\":\"received\"},"
                          "\"attachments\":[]}]}", batch_id, uuid, uuid);
  batches_url = g_strconcat (server->url, "/v1/batches", NULL);
  post = (Post) { batches_url, token, body, NULL };
  thread = g_thread_new ("post", post_cb, &post);
  /* Give the server time to reach the feed lock, then read the feed to its end. */
  g_usleep (G_USEC_PER_SEC);
  feed_url = g_strconcat (server->url, "/v1/changes?limit=1000", NULL);
  for (guint page = 0; ; page++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      g_free (first);
      first = request (cursor ? since_url : feed_url, token, NULL, 200);
      node = json_from_string (first, NULL);
      object = json_node_get_object (node);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
      g_free (since_url);
      since_url = g_strdup_printf ("%s/v1/changes?limit=1000&since=%s", server->url, cursor);
      if (!json_object_get_boolean_member (object, "has_more"))
        break;
      g_assert_cmpuint (page, <, 100);
    }
  g_assert_null (strstr (first, "\"LATE\""));

  PQclear (PQexec (conn, "COMMIT"));
  PQfinish (conn);
  g_thread_join (thread);
  g_assert_nonnull (strstr (post.answer, "\"accepted\""));

  rest = request (since_url, token, NULL, 200);
  root = json_from_string (rest, NULL);
  g_assert_nonnull (strstr (rest, "\"key\":\"LATE\""));
  g_assert_nonnull (strstr (rest, uuid));

  g_free (post.answer);
  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

/* One fine loaded with a new state five times (paid, then refunded as unpaid, and so on). */
static void
load_fine_state (const char *dir,
                 const char *server_db,
                 guint       state)
{
  g_autofree char *path = g_build_filename (dir, "fine.json", NULL);
  g_autofree char *json = NULL;
  const char *load[] = { "load", path, NULL };

  json = g_strdup_printf ("{\"fines\":[{\"number\":\"PF-CMP-000001\",\"plate\":\"4321 MH\","
                          "\"issued_at\":1796000000,\"place_ar\":\"موقف رقم 7\",\"place_en\":"
                          "\"Car park 7\",\"violation_ar\":\"الوقوف دون تذكرة\","
                          "\"violation_en\":\"Parking without a ticket\",\"amount_baisa\":%u,"
                          "\"status\":\"%s\",\"updated_at\":%u}]}", 1000 + state,
                          state % 2 ? "paid" : "unpaid", 1796000000 + state);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  g_free (sync_central_run (server_db, load));
}

static void
test_feed_serves_a_changed_row_once (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *token = central_with_kiosk (server_db, token_file);
  g_autofree char *before = NULL;
  g_autofree char *current = NULL;
  SyncServer *servers[2];
  const guint n_states = 5;

  load_fine_state (dir, server_db, 0);
  servers[0] = sync_server_start (server_db, 0, NULL);
  servers[1] = sync_server_start (server_db, 0, NULL);
  before = pull_from_both (servers, token, NULL, NULL);
  current = g_strdup (before);

  /* A kiosk that is current sees every change, each once. */
  for (guint state = 1; state <= n_states; state++)
    {
      g_auto(RowSeen) row = { "fines", "PF-CMP-000001", 0, NULL };
      char *next;

      load_fine_state (dir, server_db, state);
      next = pull_from_both (servers, token, current, &row);
      g_free (current);
      current = next;
      g_assert_cmpuint (row.seen, ==, 1);
      g_assert_cmpint (json_object_get_int_member (row.last, "amount_baisa"), ==, 1000 + state);
    }

  /* A kiosk that was behind, and one starting over, get it once, as it is now. */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(RowSeen) row = { "fines", "PF-CMP-000001", 0, NULL };
      g_autofree char *end = pull_from_both (servers, token, i == 0 ? before : NULL, &row);

      g_assert_cmpuint (row.seen, ==, 1);
      g_assert_cmpint (json_object_get_int_member (row.last, "amount_baisa"), ==,
                       1000 + n_states);
      g_assert_cmpstr (json_object_get_string_member (row.last, "status"), ==, "paid");
      g_assert_cmpstr (end, ==, current);
    }

  for (guint i = 0; i < 2; i++)
    sync_server_free (servers[i]);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  g_test_add_func ("/kiosk/sync/e2e/two-servers-answer-once-and-serve-one-feed",
                   test_two_servers_answer_once);
  g_test_add_func ("/kiosk/sync/e2e/feed-never-skips-a-late-commit",
                   test_late_commit_is_not_skipped);
  g_test_add_func ("/kiosk/sync/e2e/feed-serves-a-changed-row-once-at-its-latest-state",
                   test_feed_serves_a_changed_row_once);
  status = g_test_run ();
  curl_global_cleanup ();
  return status;
}
