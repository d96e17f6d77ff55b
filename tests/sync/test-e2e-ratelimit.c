/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, the server's per-kiosk rate limit: a kiosk over it is answered 429 with
 * Retry-After and the contract's Error body while another kiosk and the health probe are
 * still served; the real agent against a tiny limit drains everything exactly once, logging
 * its waits; a Retry-After the agent cannot use, or one longer than it waits, loses nothing. */
#define G_LOG_DOMAIN "test-e2e-ratelimit"

#include "config.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-test-util.h"
#include "sync-test-util.h"

static char *
read_token (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strdup (g_strstrip (contents));
}

static void
test_over_limit_is_429_while_others_are_served (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token_a_file = g_build_filename (dir, "token-a", NULL);
  g_autofree char *token_b_file = g_build_filename (dir, "token-b", NULL);
  g_autofree char *token_a = NULL;
  g_autofree char *token_b = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *health = NULL;
  const char *limit[] = { "--rate-limit", "1", "--rate-burst", "3", NULL };
  SyncServer *server;
  guint served = 0, sent = 0;
  guint64 retry_after = 0;
  g_auto(SyncHttpAnswer) limited = { 0 };

  server = sync_server_start (server_db, 0, limit);
  sync_server_add_kiosk (server_db, "RLA01", token_a_file);
  sync_server_add_kiosk (server_db, "RLB01", token_b_file);
  token_a = read_token (token_a_file);
  token_b = read_token (token_b_file);
  changes = g_strconcat (server->url, "/v1/changes?limit=1", NULL);
  health = g_strconcat (server->url, "/v1/health", NULL);

  /* The burst is served; the limit is one a second after it, so the next few are refused. */
  while (sent < 10)
    {
      g_auto(SyncHttpAnswer) answer = { 0 };

      sync_http_request (changes, token_a, NULL, &answer);
      sent++;
      if (answer.status != 200)
        {
          g_assert_cmpint (answer.status, ==, 429);
          limited = answer;
          memset (&answer, 0, sizeof answer);
          break;
        }
      served++;
    }
  g_assert_cmpuint (served, >=, 3);
  g_assert_cmpint (limited.status, ==, 429);
  g_assert_nonnull (limited.retry_after);
  g_assert_true (g_ascii_string_to_unsigned (limited.retry_after, 10, 1, 60, &retry_after,
                                             NULL));
  g_assert_nonnull (strstr (limited.body->str, "\"code\":\"rate_limited\""));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, limited.body->str, -1, NULL));
    g_assert_nonnull (json_object_get_object_member (json_node_get_object (
                        json_parser_get_root (parser)), "error"));
  }

  /* Another kiosk (within its own burst), and the load balancer's probe (as often as it
   * likes), are served all the same. */
  for (guint i = 0; i < 6; i++)
    {
      g_auto(SyncHttpAnswer) probe = { 0 };

      if (i < 3)
        {
          g_auto(SyncHttpAnswer) other = { 0 };

          sync_http_request (changes, token_b, NULL, &other);
          g_assert_cmpint (other.status, ==, 200);
        }
      sync_http_request (health, NULL, NULL, &probe);
      g_assert_cmpint (probe.status, ==, 200);
    }

  /* After Retry-After seconds the limited kiosk is served again. */
  g_usleep (retry_after * G_USEC_PER_SEC);
  {
    g_auto(SyncHttpAnswer) again = { 0 };

    sync_http_request (changes, token_a, NULL, &again);
    g_assert_cmpint (again.status, ==, 200);
  }

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

/* The kiosk's acked UUIDs are exactly the server's accepted ones, nothing queued or parked. */
static void
assert_drained_exactly_once (const char *kiosk_db,
                             const char *server_db)
{
  g_autoptr(GPtrArray) kiosk_all = sync_kiosk_uuids (kiosk_db, NULL);
  g_autoptr(GPtrArray) acked = sync_kiosk_uuids (kiosk_db, "acked");
  g_autoptr(GPtrArray) accepted = sync_server_uuids (server_db, "accepted");

  g_assert_cmpuint (acked->len, ==, kiosk_all->len);
  g_assert_cmpuint (accepted->len, ==, kiosk_all->len);
  for (guint i = 0; i < acked->len; i++)
    g_assert_cmpstr (g_ptr_array_index (acked, i), ==, g_ptr_array_index (accepted, i));
  g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==,
                   kiosk_all->len);
}

static void
test_agent_drains_under_a_tiny_limit (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *config = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonObject) report = NULL;
  /* One a second: even a slow machine (ASan) sends faster than that. */
  const char *limit[] = { "--rate-limit", "1", "--rate-burst", "2", NULL };
  gint64 start = g_get_monotonic_time ();
  SyncServer *server;
  int exit_code;

  sync_kiosk_create (kiosk_db, "RLT01", 8, 3, 3, 5, 4000, 17);
  server = sync_server_start (server_db, 0, limit);
  sync_server_add_kiosk (server_db, "RLT01", token_file);
  /* Batches of 4: a dozen requests, six times the server's burst. */
  config = sync_agent_config (dir, kiosk_db, server->url, token_file, "batch-max-records=4\n");

  exit_code = sync_agent_once_logged (config, &report, &log);
  g_test_message ("drained in %.1f s, %" G_GINT64_FORMAT " requests: %s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  json_object_get_int_member (report, "requests"), log);
  g_assert_cmpint (exit_code, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "ok");
  g_assert_nonnull (strstr (log, "(HTTP 429): waiting 1 s as its Retry-After asks"));
  assert_drained_exactly_once (kiosk_db, server_db);

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

static void
test_bad_retry_after_loses_nothing (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *upstream = NULL;
  g_autofree char *proxy_url = NULL;
  g_autofree char *line = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GSubprocess) proxy = NULL;
  g_autoptr(GError) error = NULL;
  SyncServer *server;

  sync_kiosk_create (kiosk_db, "RLF01", 12, 3, 3, 6, 4000, 23);
  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "RLF01", token_file);
  upstream = g_strdup_printf ("127.0.0.1:%u", server->port);
  /* Unreadable, negative, then a wait longer than the agent's bound. */
  proxy = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            g_getenv ("KIOSK_FAULT_PROXY"), "--upstream", upstream,
                            "--rule", "batch:1:429:soon", "--rule", "photo:1:429:-5",
                            "--rule", "changes:1:429:99999", NULL);
  g_assert_no_error (error);
  line = sync_read_line (proxy, 10);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  proxy_url = g_strdup_printf ("http://127.0.0.1:%s", line + strlen ("listening on "));
  config = sync_agent_config (dir, kiosk_db, proxy_url, token_file, "batch-max-records=10\n");

  {
    g_autoptr(JsonObject) report = NULL;
    g_autofree char *log = NULL;

    /* Pushed everything after waiting its own backoff; stopped at the pull: partial. */
    g_assert_cmpint (sync_agent_once_logged (config, &report, &log), ==, 1);
    g_test_message ("first run: %s", log);
    g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "partial");
    g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 0);
    g_assert_nonnull (strstr (log, "without a usable Retry-After"));
    g_assert_nonnull (strstr (log, "longer wait than the agent's 300 s"));
    g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                                 " 'rejected'"), ==, 0);
  }
  {
    g_autoptr(JsonObject) report = NULL;

    /* The next run pulls, and nothing was lost or doubled. */
    g_assert_cmpint (sync_agent_once (config, &report), ==, 0);
    assert_drained_exactly_once (kiosk_db, server_db);
  }

  g_subprocess_force_exit (proxy);
  g_subprocess_wait (proxy, NULL, NULL);
  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  g_test_add_func ("/kiosk/sync/e2e/ratelimit/over-limit-is-429-while-others-are-served",
                   test_over_limit_is_429_while_others_are_served);
  g_test_add_func ("/kiosk/sync/e2e/ratelimit/agent-drains-under-a-tiny-limit",
                   test_agent_drains_under_a_tiny_limit);
  g_test_add_func ("/kiosk/sync/e2e/ratelimit/bad-retry-after-loses-nothing",
                   test_bad_retry_after_loses_nothing);
  status = g_test_run ();
  curl_global_cleanup ();
  return status;
}
