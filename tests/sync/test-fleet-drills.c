/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Failure drills on PostgreSQL (suite sync-pg): a small fleet of real agents draining into two
 * kiosk-central processes on one cluster while PostgreSQL crashes (`pg_ctl stop -m
 * immediate`, then start) or one server is SIGKILLed; every record must arrive exactly once
 * all the same. And one server through a database restart: its pool reconnects and
 * /v1/health says so. */
#define G_LOG_DOMAIN "test-fleet-drills"

#include "config.h"

#include <curl/curl.h>

#include "kiosk-test-util.h"
#include "sync-test-fleet.h"
#include "sync-test-pg.h"
#include "sync-test-util.h"

#define N_KIOSKS 10
#define RECORDS_PER_KIOSK 40
#define PHOTO_BYTES 20000
/* Small batches, so the drain lasts long enough to be interrupted in its middle. */
#define AGENT_EXTRA "batch-max-records=5\n"
#define CONCURRENCY 10
#define DRAIN_TIMEOUT_S 150
/* The fault strikes once the server holds this share of the fleet's records. */
#define STRIKE_PERCENT 10
/* How long PostgreSQL stays down. */
#define OUTAGE_MS 2500

typedef struct
{
  char       *dir;
  char       *server_db;
  SyncServer *servers[2];
  SyncFleet  *fleet;
} Drill;

static void
drill_set_up (Drill *drill)
{
  const char *load[] = { "load", "--demo", NULL };

  drill->dir = kiosk_test_make_dir ();
  drill->server_db = g_build_filename (drill->dir, "central.db", NULL);
  g_free (sync_central_run (drill->server_db, load));
  drill->fleet = sync_fleet_new (drill->dir, drill->server_db, N_KIOSKS, RECORDS_PER_KIOSK,
                                 PHOTO_BYTES);
  for (guint i = 0; i < 2; i++)
    drill->servers[i] = sync_server_start (drill->server_db, 0, NULL);
}

static void
drill_tear_down (Drill *drill)
{
  for (guint i = 0; i < 2; i++)
    sync_server_free (drill->servers[i]);
  sync_fleet_free (drill->fleet);
  kiosk_test_remove_dir (drill->dir);
  g_free (drill->server_db);
  g_free (drill->dir);
}

/* Whether the fault should strike now: the server holds some of the records, not all. */
static gboolean
mid_drain (Drill *drill)
{
  gint64 held = sync_server_count (drill->server_db, "SELECT count (*) FROM records");

  if (held < (gint64) (drill->fleet->records * STRIKE_PERCENT / 100))
    return FALSE;
  if (held >= (gint64) drill->fleet->records)
    g_error ("the fleet drained before the fault could strike (%" G_GINT64_FORMAT
             " records held)", held);
  g_test_message ("the fault strikes with %" G_GINT64_FORMAT " of %" G_GUINT64_FORMAT
                  " records on the server", held, drill->fleet->records);
  return TRUE;
}

typedef struct
{
  Drill  *drill;
  gint64  crashed_at;   /* monotonic µs, 0 before */
  gboolean restarted;
} Crash;

static void
crash_tick (guint    done,
            gpointer user_data)
{
  Crash *crash = user_data;

  if (crash->crashed_at == 0 && mid_drain (crash->drill))
    {
      sync_pg_crash ();
      crash->crashed_at = g_get_monotonic_time ();
    }
  else if (crash->crashed_at != 0 && !crash->restarted &&
           g_get_monotonic_time () - crash->crashed_at > OUTAGE_MS * 1000)
    {
      sync_pg_restart ();
      crash->restarted = TRUE;
    }
}

static void
test_database_crash_mid_drain (void)
{
  Drill drill = { 0 };
  Crash crash = { &drill, 0, FALSE };
  const char *urls[3] = { NULL };

  if (!sync_pg_enabled ())
    {
      g_test_skip ("a PostgreSQL drill: run as fleet-drills-pg");
      return;
    }
  drill_set_up (&drill);
  /* Each kiosk with one of the two servers. */
  urls[0] = drill.servers[0]->url;
  urls[1] = drill.servers[1]->url;
  sync_fleet_configure (drill.fleet, urls, AGENT_EXTRA);

  sync_fleet_drain (drill.fleet, CONCURRENCY, DRAIN_TIMEOUT_S, crash_tick, &crash);
  g_assert_true (crash.restarted);
  g_test_message ("%u agent runs for %u kiosks", sync_fleet_runs (drill.fleet), N_KIOSKS);
  g_assert_cmpuint (sync_fleet_assert_exactly_once (drill.fleet), >, 0);
  drill_tear_down (&drill);
}

typedef struct
{
  Drill      *drill;
  gboolean    killed;
} Kill;

static void
kill_tick (guint    done,
           gpointer user_data)
{
  Kill *kill = user_data;

  if (!kill->killed && mid_drain (kill->drill))
    {
      sync_server_kill (kill->drill->servers[1]);
      kill->killed = TRUE;
    }
}

/* fault-proxy as a round-robin load balancer over both servers; its "listening on" URL. */
static GSubprocess *
balancer_start (SyncServer **servers,
                char       **url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_strdup_printf ("127.0.0.1:%u", servers[0]->port);
  g_autofree char *b = g_strdup_printf ("127.0.0.1:%u", servers[1]->port);
  g_autofree char *line = NULL;
  const char *proxy = g_getenv ("KIOSK_FAULT_PROXY");
  GSubprocess *process;

  g_assert_nonnull (proxy);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, proxy,
                              "--upstream", a, "--upstream", b, NULL);
  g_assert_no_error (error);
  line = sync_read_line (process, 10);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  *url = g_strdup_printf ("http://127.0.0.1:%s", line + strlen ("listening on "));
  return process;
}

static void
test_server_killed_mid_drain (void)
{
  Drill drill = { 0 };
  Kill kill = { &drill, FALSE };
  g_autoptr(GSubprocess) balancer = NULL;
  g_autofree char *url = NULL;
  const char *urls[2] = { NULL };

  if (!sync_pg_enabled ())
    {
      g_test_skip ("a PostgreSQL drill: run as fleet-drills-pg");
      return;
    }
  drill_set_up (&drill);
  balancer = balancer_start (drill.servers, &url);
  urls[0] = url;
  sync_fleet_configure (drill.fleet, urls, AGENT_EXTRA);

  sync_fleet_drain (drill.fleet, CONCURRENCY, DRAIN_TIMEOUT_S, kill_tick, &kill);
  g_assert_true (kill.killed);
  g_test_message ("%u agent runs for %u kiosks", sync_fleet_runs (drill.fleet), N_KIOSKS);
  g_assert_cmpuint (sync_fleet_assert_exactly_once (drill.fleet), >, 0);

  g_subprocess_force_exit (balancer);
  g_subprocess_wait (balancer, NULL, NULL);
  drill_tear_down (&drill);
}

/* The server must answer: a refused connection would mean it died with its database. */
static long
health_status (const char *server_url)
{
  g_autofree char *url = g_strconcat (server_url, "/v1/health", NULL);
  g_auto(SyncHttpAnswer) answer = { 0 };

  sync_http_request (url, NULL, NULL, &answer);
  return answer.status;
}

/* Polls /v1/health until it answers `expected`, for at most `timeout_s`. */
static void
await_health (const char *server_url,
              long        expected,
              guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  long status;

  while ((status = health_status (server_url)) != expected)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("/v1/health answered %ld, not %ld, for %u s", status, expected, timeout_s);
      g_usleep (200 * 1000);
    }
}

static void
test_server_reconnects_after_database_restart (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *kiosk_dir = NULL;
  g_autofree char *kiosk_db = NULL;
  g_autofree char *config = NULL;
  const char *load[] = { "load", "--demo", NULL };
  SyncServer *server;

  if (!sync_pg_enabled ())
    {
      g_test_skip ("a PostgreSQL drill: run as fleet-drills-pg");
      return;
    }
  dir = kiosk_test_make_dir ();
  server_db = g_build_filename (dir, "central.db", NULL);
  token_file = g_build_filename (dir, "token", NULL);
  kiosk_dir = g_build_filename (dir, "kiosk", NULL);
  kiosk_db = g_build_filename (kiosk_dir, "kiosk.db", NULL);
  g_assert_cmpint (g_mkdir_with_parents (kiosk_dir, 0700), ==, 0);
  g_free (sync_central_run (server_db, load));
  sync_server_add_kiosk (server_db, "RCN01", token_file);
  sync_kiosk_create (kiosk_db, "RCN01", 20, 4, 3, 10, PHOTO_BYTES, 17);
  server = sync_server_start (server_db, 0, NULL);
  await_health (server->url, 200, 10);

  sync_pg_crash ();
  await_health (server->url, 503, 20);
  sync_pg_restart ();
  await_health (server->url, 200, 30);

  /* Not only the probe: real work goes through the reconnected pool. */
  config = sync_agent_config (kiosk_dir, kiosk_db, server->url, token_file, NULL);
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);
  g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"
                                               " WHERE state <> 'acked'"), ==, 0);
  g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==,
                   sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"));

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
  g_test_add_func ("/kiosk/sync/fleet/database-crash-mid-drain", test_database_crash_mid_drain);
  g_test_add_func ("/kiosk/sync/fleet/server-killed-mid-drain", test_server_killed_mid_drain);
  g_test_add_func ("/kiosk/sync/fleet/server-reconnects-after-database-restart",
                   test_server_reconnects_after_database_restart);
  status = g_test_run ();
  curl_global_cleanup ();
  return status;
}
