/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, through a fault-injecting proxy: 500s, 503 and 429 with Retry-After, resets
 * mid-answer, stalls past the timeout, truncated and garbled answers, and one record the
 * server rejects. Everything else lands exactly once; the rejected record is parked with its
 * reason. Also the exit codes a scheduler sees: 3 offline, 4 refused token, 5 server failing. */
#define G_LOG_DOMAIN "test-e2e-faults"

#include "config.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kiosk-store-private.h"
#include "kiosk-test-util.h"
#include "sync-test-util.h"

typedef struct
{
  char        *dir;
  char        *kiosk_db;
  char        *token_file;
  SyncServer  *server;
  GSubprocess *proxy;
  char        *proxy_url;
} Fixture;

static void
fixture_set_up (Fixture *f)
{
  g_autofree char *server_db = NULL;
  const char *load[] = { "load", "--demo", NULL };

  f->dir = kiosk_test_make_dir ();
  f->kiosk_db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->token_file = g_build_filename (f->dir, "token", NULL);
  server_db = g_build_filename (f->dir, "central.db", NULL);

  sync_kiosk_create (f->kiosk_db, "FLT01", 300, 30, 40, 100, 8000, 31);
  g_free (sync_central_run (server_db, load));
  f->server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "FLT01", f->token_file);
}

static void
start_proxy (Fixture            *f,
             const char * const *rules)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *upstream = g_strdup_printf ("127.0.0.1:%u", f->server->port);
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("KIOSK_FAULT_PROXY"));
  g_ptr_array_add (argv, "--upstream");
  g_ptr_array_add (argv, upstream);
  for (guint i = 0; rules[i] != NULL; i++)
    {
      g_ptr_array_add (argv, "--rule");
      g_ptr_array_add (argv, (char *) rules[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (g_ptr_array_index (argv, 0));

  f->proxy = g_subprocess_newv ((const char * const *) argv->pdata,
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  line = sync_read_line (f->proxy, 10);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  f->proxy_url = g_strdup_printf ("http://127.0.0.1:%s", line + strlen ("listening on "));
}

static void
fixture_tear_down (Fixture *f)
{
  if (f->proxy != NULL)
    {
      g_subprocess_force_exit (f->proxy);
      g_subprocess_wait (f->proxy, NULL, NULL);
      g_clear_object (&f->proxy);
    }
  g_clear_pointer (&f->server, sync_server_free);
  kiosk_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->kiosk_db);
  g_free (f->token_file);
  g_free (f->proxy_url);
}

/* Makes one record the server will refuse: its payload names another UUID. */
static char *
poison_one_record (Fixture *f)
{
  g_autoptr(KioskStore) store = kiosk_store_open (f->kiosk_db, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autoptr(GPtrArray) victims = NULL;
  g_autoptr(GError) error = NULL;

  victims = kiosk_test_query_column (store, "SELECT record_uuid FROM outbox WHERE kind ="
                                            " 'feedback' ORDER BY id LIMIT 1 OFFSET 7", NULL);
  g_assert_cmpuint (victims->len, ==, 1);
  g_assert_true (kiosk_store_exec (store, "UPDATE outbox SET payload = json_set (payload,"
                                          " '$.uuid', '00000000-0000-4000-8000-000000000000')"
                                          " WHERE id = (SELECT id FROM outbox WHERE kind ="
                                          " 'feedback' ORDER BY id LIMIT 1 OFFSET 7)", &error));
  g_assert_no_error (error);
  return g_strdup (g_ptr_array_index (victims, 0));
}

static void
test_faults_lose_nothing_and_park_the_rejected (void)
{
  Fixture f = { 0 };
  const char *rules[] = {
    "batch:1:500", "batch:2:503:1", "batch:3:429:1", "batch:4:reset", "batch:5:stall:4",
    "batch:6:truncate", "batch:7:garbage", "photo:2:reset", "photo:4:503:1", "photo:6:500",
    "changes:1:truncate", "changes:2:garbage", "changes:3:reset", NULL
  };
  g_autofree char *config = NULL;
  g_autofree char *victim = NULL;
  g_autoptr(GPtrArray) kiosk_all = NULL;
  g_autoptr(GPtrArray) server_accepted = NULL;
  g_autoptr(GPtrArray) server_rejected = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GSubprocess) status = NULL;
  g_autofree char *status_json = NULL;
  int exit_code = -1;
  gint64 start = g_get_monotonic_time ();

  fixture_set_up (&f);
  victim = poison_one_record (&f);
  start_proxy (&f, rules);
  config = sync_agent_config (f.dir, f.kiosk_db, f.proxy_url, f.token_file,
                              "batch-max-records=40\nstall-timeout=1\nrequest-timeout=3\n"
                              "retries=6\n");

  for (int run = 0; run < 6 && exit_code != 0; run++)
    {
      g_autoptr(JsonObject) report = NULL;

      exit_code = sync_agent_once (config, &report);
      g_test_message ("run %d: exit %d, pushed %" G_GINT64_FORMAT ", requests %" G_GINT64_FORMAT
                      ", %s", run, exit_code, json_object_get_int_member (report, "pushed"),
                      json_object_get_int_member (report, "requests"),
                      json_object_get_string_member_with_default (report, "error", ""));
    }
  g_test_message ("drained through the faults in %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (exit_code, ==, 0);

  /* Everything but the poisoned record landed, once. */
  kiosk_all = sync_kiosk_uuids (f.kiosk_db, "acked");
  server_accepted = sync_server_uuids (f.server->db, "accepted");
  g_assert_cmpuint (kiosk_all->len, ==, server_accepted->len);
  for (guint i = 0; i < kiosk_all->len; i++)
    g_assert_cmpstr (g_ptr_array_index (kiosk_all, i), ==, g_ptr_array_index (server_accepted, i));
  g_assert_cmpint (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE state"
                                                 " IN ('queued', 'in_flight')"), ==, 0);
  g_assert_cmpint (sync_server_count (f.server->db, "SELECT count (*) FROM records"), ==,
                   kiosk_all->len + 1);

  /* The poisoned one is parked with the server's reason, and the server keeps its answer. */
  server_rejected = sync_server_uuids (f.server->db, "rejected");
  g_assert_cmpuint (server_rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (server_rejected, 0), ==, victim);
  {
    g_autoptr(GPtrArray) parked = sync_kiosk_uuids (f.kiosk_db, "rejected");
    g_assert_cmpuint (parked->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (parked, 0), ==, victim);
  }

  /* An operator sees it, with why. */
  status = sync_agent_spawn (config, "status", (const char *[]) { "--json", NULL });
  g_subprocess_communicate_utf8 (status, NULL, NULL, &status_json, NULL, NULL);
  g_assert_nonnull (strstr (status_json, victim));
  g_assert_nonnull (strstr (status_json, "uuid_mismatch"));
  g_assert_nonnull (strstr (status_json, "\"parked\" : 1"));

  fixture_tear_down (&f);
}

static void
test_server_failing_exits_5_and_keeps_records (void)
{
  Fixture f = { 0 };
  const char *rules[] = { "batch:1:503:0", "batch:2:503:0", "batch:3:500", NULL };
  g_autofree char *config = NULL;
  g_autoptr(JsonObject) report = NULL;
  gint64 queued;

  fixture_set_up (&f);
  start_proxy (&f, rules);
  config = sync_agent_config (f.dir, f.kiosk_db, f.proxy_url, f.token_file, "retries=2\n");
  queued = sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox");

  g_assert_cmpint (sync_agent_once (config, &report), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "server");
  /* The first batch's photos, then three tries of the batch and nothing else: no batch
   * acked, none lost. */
  g_assert_cmpint (json_object_get_int_member (report, "requests"), ==,
                   json_object_get_int_member (report, "photos_sent") + 3);
  g_assert_cmpint (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                                 " 'queued'"), ==, queued);
  g_assert_cmpint (sync_server_count (f.server->db, "SELECT count (*) FROM records"), ==, 0);

  /* The proxy passes everything now: the next run drains. */
  g_clear_pointer (&report, json_object_unref);
  g_assert_cmpint (sync_agent_once (config, &report), ==, 0);
  g_assert_cmpint (sync_server_count (f.server->db, "SELECT count (*) FROM records"), ==, queued);
  fixture_tear_down (&f);
}

static void
test_refused_token_exits_4_without_hammering (void)
{
  Fixture f = { 0 };
  g_autofree char *wrong_token = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_disabled = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *disable[] = { "add-kiosk", "--disable", "FLT01", NULL };

  fixture_set_up (&f);
  wrong_token = g_build_filename (f.dir, "wrong-token", NULL);
  g_assert_true (g_file_set_contents_full (wrong_token, "not-the-token-0123456789abcdef\n", -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  config = sync_agent_config (f.dir, f.kiosk_db, f.server->url, wrong_token, NULL);

  g_assert_cmpint (sync_agent_once (config, &report), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "auth");
  g_assert_cmpint (json_object_get_int_member (report, "requests"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "token"));
  g_assert_cmpint (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE state !="
                                                 " 'queued'"), ==, 0);

  /* The right token for a kiosk the municipality disabled: 403, same answer. */
  g_free (sync_central_run (f.server->db, disable));
  config_disabled = sync_agent_config (f.dir, f.kiosk_db, f.server->url, f.token_file, NULL);
  g_clear_pointer (&report, json_object_unref);
  g_assert_cmpint (sync_agent_once (config_disabled, &report), ==, 4);
  g_assert_cmpint (json_object_get_int_member (report, "requests"), ==, 1);
  fixture_tear_down (&f);
}

static void
test_token_readable_by_others_is_refused (void)
{
  Fixture f = { 0 };
  g_autofree char *config = NULL;

  fixture_set_up (&f);
  config = sync_agent_config (f.dir, f.kiosk_db, f.server->url, f.token_file, NULL);
  g_assert_cmpint (g_chmod (f.token_file, 0644), ==, 0);

  /* A configuration error: nothing is sent with a token every account could have copied. */
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 2);
  g_assert_cmpint (sync_server_count (f.server->db, "SELECT count (*) FROM records"), ==, 0);

  g_assert_cmpint (g_chmod (f.token_file, 0640), ==, 0);
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);
  fixture_tear_down (&f);
}


/* Not the sync API ------------------------------------------------------------------------- */

/* A fake server on 127.0.0.1 answering every request with one whole HTTP response: what a
 * wrong server-url, a proxy or a captive portal answers. */
typedef struct
{
  int          fd;
  guint16      port;
  const char  *answer;
  GThread     *thread;
  gint         requests;
} FakeServer;

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *fake = data;

  for (;;)
    {
      char buffer[65536];
      gsize have = 0;
      struct timeval timeout = { 5, 0 };
      int client = accept (fake->fd, NULL, NULL);

      if (client < 0)
        break;
      setsockopt (client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      /* The request's head; the body (if any) is not read: the answer comes before it. */
      while (have < sizeof buffer - 1)
        {
          ssize_t n = read (client, buffer + have, sizeof buffer - 1 - have);

          if (n <= 0)
            break;
          have += (gsize) n;
          buffer[have] = '\0';
          if (strstr (buffer, "\r\n\r\n") != NULL)
            break;
        }
      g_atomic_int_inc (&fake->requests);
      g_assert_cmpint (write (client, fake->answer, strlen (fake->answer)), ==,
                       (gssize) strlen (fake->answer));
      shutdown (client, SHUT_WR);
      close (client);
    }
  return NULL;
}

static FakeServer *
fake_server_start (const char *answer)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;

  fake->answer = answer;
  fake->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fake->fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fake->fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (fake->fd, 16), ==, 0);
  g_assert_cmpint (getsockname (fake->fd, (struct sockaddr *) &address, &length), ==, 0);
  fake->port = ntohs (address.sin_port);
  fake->thread = g_thread_new ("fake-server", fake_server_thread, fake);
  return fake;
}

static void
fake_server_stop (FakeServer *fake)
{
  shutdown (fake->fd, SHUT_RDWR);
  g_thread_join (fake->thread);
  close (fake->fd);
  g_free (fake);
}

static void
test_not_the_api_parks_nothing (void)
{
  static const char html[] = "<html><body>Sign in to the free Wi-Fi</body></html>";
  char *answers[] = {
    g_strdup_printf ("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain"
                     "\r\nContent-Length: 9\r\n\r\nnot found"),
    g_strdup_printf ("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nAllow: GET\r\n"
                     "Content-Length: 0\r\n\r\n"),
    g_strdup_printf ("HTTP/1.1 307 Temporary Redirect\r\nConnection: close\r\nLocation:"
                     " http://127.0.0.1:9/v1/batches\r\nContent-Length: 0\r\n\r\n"),
    g_strdup_printf ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n"
                     "Content-Length: %zu\r\n\r\n%s", strlen (html), html),
    g_strdup_printf ("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/html\r\n"
                     "Content-Length: %zu\r\n\r\n%s", strlen (html), html),
  };
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *typo_url = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  SyncServer *server;
  gint64 queued;

  sync_kiosk_create (kiosk_db, "TYP01", 0, 0, 10, 20, 8000, 7);
  queued = sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state = 'queued'");
  g_assert_cmpint (queued, ==, 30);
  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "TYP01", token);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      FakeServer *fake = fake_server_start (answers[i]);
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", fake->port);
      g_autofree char *fake_config = sync_agent_config (dir, kiosk_db, url, token, NULL);
      g_autoptr(JsonObject) report = NULL;
      int code = sync_agent_once (fake_config, &report);
      const char *error = json_object_get_string_member (report, "error");

      g_test_message ("%.*s → exit %d, %s", (int) strcspn (answers[i], "\r"), answers[i], code,
                      error);
      g_assert_cmpint (code, !=, 0);
      g_assert_nonnull (error);
      g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                                   " 'queued'"), ==, queued);
      fake_server_stop (fake);
      g_free (answers[i]);
    }

  /* The real server under a mistyped URL: its own 404 (an Error body, but not a verdict on
   * any record) parks nothing either. */
  typo_url = g_strconcat (server->url, "/typo", NULL);
  config = sync_agent_config (dir, kiosk_db, typo_url, token, NULL);
  {
    g_autoptr(JsonObject) report = NULL;

    g_assert_cmpint (sync_agent_once (config, &report), ==, 5);
    g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "server-url"));
    g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                                 " 'queued'"), ==, queued);
    g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==, 0);
  }

  /* Records an older agent parked for such an answer come back with kiosk-admin, audited. */
  {
    g_autoptr(KioskStore) store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_EXISTING, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (kiosk_store_exec (store, "UPDATE outbox SET state = 'rejected', last_error ="
                                            " 'the server refused the record: HTTP 404'"
                                            " WHERE id IN (SELECT id FROM outbox ORDER BY id"
                                            " LIMIT 3)", &error));
    g_assert_no_error (error);
    parked = kiosk_test_query_column (store, "SELECT record_uuid FROM outbox WHERE state ="
                                             " 'rejected' ORDER BY id", NULL);
  }
  g_assert_cmpuint (parked->len, ==, 3);
  {
    g_autofree char *upper = g_ascii_strup (g_ptr_array_index (parked, 0), -1);
    const char *one[] = { "outbox", "requeue", "--db", kiosk_db, upper, NULL };
    const char *unknown[] = { "outbox", "requeue", "--db", kiosk_db,
                              "00000000-0000-4000-8000-000000000000", NULL };
    const char *neither[] = { "outbox", "requeue", "--db", kiosk_db, NULL };
    const char *all[] = { "outbox", "requeue", "--db", kiosk_db, "--all", NULL };

    g_assert_cmpint (sync_kiosk_admin (one), ==, 0);
    g_assert_cmpint (sync_kiosk_admin (unknown), ==, 2);
    g_assert_cmpint (sync_kiosk_admin (neither), ==, 2);
    g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                                 " 'rejected'"), ==, 2);
    g_assert_cmpint (sync_kiosk_admin (all), ==, 0);
  }
  g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox WHERE state ="
                                               " 'rejected'"), ==, 0);
  g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM audit_log WHERE action ="
                                               " 'outbox_requeued' AND actor LIKE 'kiosk-admin:%'"
                                               " AND detail LIKE '%HTTP 404%'"), ==, 3);

  /* With the right URL, everything lands. */
  g_free (config);
  config = sync_agent_config (dir, kiosk_db, server->url, token, NULL);
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);
  /* The records, and the three requeues' audit entries with them. */
  g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"
                                                 " WHERE kind <> 'audit_entry'"), ==, queued);
  g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"
                                                 " WHERE kind = 'audit_entry' AND"
                                                 " json_extract (payload, '$.action')"
                                                 " = 'outbox_requeued'"), ==, 3);

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

static void
test_unreachable_server_exits_3 (void)
{
  Fixture f = { 0 };
  g_autofree char *config = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonObject) report = NULL;

  fixture_set_up (&f);
  url = g_strdup (f.server->url);
  sync_server_stop (f.server);
  config = sync_agent_config (f.dir, f.kiosk_db, url, f.token_file, "retries=1\n");

  g_assert_cmpint (sync_agent_once (config, &report), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (report, "outcome"), ==, "offline");
  g_assert_cmpint (sync_kiosk_count (f.kiosk_db, "SELECT count (*) FROM outbox WHERE state !="
                                                 " 'queued'"), ==, 0);
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/faults-lose-nothing-and-park-the-rejected",
                   test_faults_lose_nothing_and_park_the_rejected);
  g_test_add_func ("/kiosk/sync/e2e/server-failing-exits-5-and-keeps-records",
                   test_server_failing_exits_5_and_keeps_records);
  g_test_add_func ("/kiosk/sync/e2e/refused-token-exits-4-without-hammering",
                   test_refused_token_exits_4_without_hammering);
  g_test_add_func ("/kiosk/sync/e2e/unreachable-server-exits-3", test_unreachable_server_exits_3);
  g_test_add_func ("/kiosk/sync/e2e/answers-not-from-the-api-park-nothing",
                   test_not_the_api_parks_nothing);
  g_test_add_func ("/kiosk/sync/e2e/token-readable-by-others-is-refused",
                   test_token_readable_by_others_is_refused);

  return g_test_run ();
}
