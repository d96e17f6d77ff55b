/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-sync: the sync agent's command line — `once` for a timer, `daemon` to loop (woken at
 * once for HIGH priority reports), `status` for operators. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "kiosk-cli.h"
#include "kiosk-config.h"
#include "kiosk-error.h"
#include "kiosk-json.h"
#include "kiosk-sync-agent.h"
#include "kiosk-sync-backoff.h"
#include "kiosk-sync-health.h"
#include "kiosk-sync-stop.h"
#include "kiosk-wake.h"

#define EXIT_USAGE 2
/* After failures the daemon starts retrying after up to this long, doubling each time. */
#define DAEMON_BACKOFF_BASE_MS 2000
/* A partial run comes back for its retries soon, but never in a tight loop. */
#define DAEMON_MIN_DELAY_MS 1000

static const char description[] =
  "Exit status of `once` (what a scheduler needs to know):\n"
  "  0  everything due was pushed and the pull completed (also after a clean SIGTERM)\n"
  "  1  partial: some records wait for a retry, or the server limits this kiosk's requests\n"
  "     (429) for longer than the agent waits within a run (300 s)\n"
  "  2  usage, configuration or local error (bad flag or file, another agent holds the\n"
  "     database, the database failed)\n"
  "  3  the server could not be reached (network, timeout, TLS refused)\n"
  "  4  the server refused this kiosk (401/403): fix the token or the kiosk's account\n"
  "  5  the server kept failing (5xx, broken answers) after the retries\n";

/* Every command takes these: they choose the configuration and override parts of it. */
static const GOptionEntry common_entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
    "Configuration file (default: $KIOSK_CONFIG, /etc/muscat-kiosk/kiosk.conf, then the"
    " development default)", "FILE" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The kiosk database ([kiosk] database)", "PATH" },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL, "[sync] server-url", "URL" },
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, "[sync] token-file", "FILE" },
  { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    "Override one key, e.g. --set sync.interval=60 (repeatable)", "GROUP.KEY=VALUE" },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, "Print JSON (status; once prints its report)", NULL },
  G_OPTION_ENTRY_NULL,
};

static KioskConfig *
load_config (KioskCli  *cli,
             GError   **error)
{
  g_autoptr(KioskConfig) config = kiosk_config_load (kiosk_cli_get_string (cli, "config"),
                                                     error);
  const char * const *sets = kiosk_cli_get_strv (cli, "set");
  struct
  {
    const char *key;
    const char *value;
  } flags[] = {
    { "kiosk.database", kiosk_cli_get_string (cli, "db") },
    { "sync.server-url", kiosk_cli_get_string (cli, "server") },
    { "sync.token-file", kiosk_cli_get_string (cli, "token-file") },
  };

  if (config == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (flags[i].value != NULL)
      {
        g_autofree char *assignment = g_strdup_printf ("%s=%s", flags[i].key, flags[i].value);

        if (!kiosk_config_override (config, assignment, error))
          return NULL;
      }
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!kiosk_config_override (config, sets[i], error))
      return NULL;
  return g_steal_pointer (&config);
}

static void
print_report_json (const KioskSyncReport *report,
                   const KioskHttpStats  *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, kiosk_sync_outcome_to_string (report->outcome));
  json_builder_set_member_name (builder, "exit_code");
  json_builder_add_int_value (builder, kiosk_sync_exit_code (report));
  json_builder_set_member_name (builder, "stopped");
  json_builder_add_boolean_value (builder, report->stopped);
  json_builder_set_member_name (builder, "pushed");
  json_builder_add_int_value (builder, report->pushed);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, report->rejected);
  json_builder_set_member_name (builder, "retrying");
  json_builder_add_int_value (builder, report->retrying);
  json_builder_set_member_name (builder, "pulled");
  json_builder_add_int_value (builder, report->pulled);
  json_builder_set_member_name (builder, "photos_sent");
  json_builder_add_int_value (builder, report->photos_sent);
  json_builder_set_member_name (builder, "photos_skipped");
  json_builder_add_int_value (builder, report->photos_skipped);
  json_builder_set_member_name (builder, "pictures");
  json_builder_add_int_value (builder, report->pictures);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, (gint64) stats->requests);
  json_builder_set_member_name (builder, "connections");
  json_builder_add_int_value (builder, (gint64) stats->connections);
  json_builder_set_member_name (builder, "bytes_sent");
  json_builder_add_int_value (builder, (gint64) stats->bytes_sent);
  json_builder_set_member_name (builder, "bytes_received");
  json_builder_add_int_value (builder, (gint64) stats->bytes_received);
  json_builder_set_member_name (builder, "error");
  if (report->error != NULL)
    json_builder_add_string_value (builder, report->error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_print ("%s\n", text);
}

static void
log_report (const KioskSyncReport *report)
{
  g_message ("sync %s: pushed %" G_GINT64_FORMAT ", parked %" G_GINT64_FORMAT
             ", waiting %" G_GINT64_FORMAT ", pulled %" G_GINT64_FORMAT ", photos sent %"
             G_GINT64_FORMAT " (%" G_GINT64_FORMAT " already there), pictures fetched %"
             G_GINT64_FORMAT "%s%s",
             kiosk_sync_outcome_to_string (report->outcome), report->pushed, report->rejected,
             report->retrying, report->pulled, report->photos_sent, report->photos_skipped,
             report->pictures,
             report->error ? ": " : "", report->error ? report->error : "");
}

static int
run_once (const KioskConfig *config,
          gboolean           json)
{
  g_autoptr(KioskSyncAgent) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KioskSyncReport) report = { 0 };

  agent = kiosk_sync_agent_new (config, &error);
  if (agent == NULL)
    {
      g_printerr ("kiosk-sync: %s\n", error->message);
      return EXIT_USAGE;
    }

  kiosk_sync_agent_run (agent, &report);
  if (json)
    print_report_json (&report, kiosk_sync_agent_get_http_stats (agent));
  else
    log_report (&report);
  if (report.error != NULL && !report.stopped && report.outcome != KIOSK_SYNC_OUTCOME_OK)
    g_printerr ("kiosk-sync: %s\n", report.error);
  return kiosk_sync_exit_code (&report);
}

static gint64
daemon_delay_ms (KioskSyncAgent        *agent,
                 const KioskConfig     *config,
                 const KioskSyncReport *report,
                 guint                 *failures)
{
  gint64 interval_ms = (gint64) config->sync_interval * 1000;
  gint64 cap_ms = (gint64) config->retry_max_delay * 1000;

  switch (report->outcome)
    {
    case KIOSK_SYNC_OUTCOME_OK:
      *failures = 0;
      return interval_ms;

    case KIOSK_SYNC_OUTCOME_PARTIAL:
      {
        KioskStore *store = kiosk_sync_agent_get_store (agent);
        gint64 due = kiosk_sync_next_retry_at (store);
        gint64 wait_ms = due > 0 ? (due - kiosk_store_now (store)) * 1000 : interval_ms;

        *failures = 0;
        /* A rate limit the run did not wait out is waited out here, even past the interval. */
        return MAX (CLAMP (wait_ms, DAEMON_MIN_DELAY_MS, interval_ms),
                    report->retry_after * 1000);
      }

    case KIOSK_SYNC_OUTCOME_AUTH:
      /* Nothing changes until someone fixes the token: ask rarely. */
      (*failures)++;
      return MAX (cap_ms, interval_ms);

    case KIOSK_SYNC_OUTCOME_OFFLINE:
    case KIOSK_SYNC_OUTCOME_SERVER:
    case KIOSK_SYNC_OUTCOME_ERROR:
    default:
      (*failures)++;
      return MAX (DAEMON_MIN_DELAY_MS,
                  kiosk_backoff_delay_ms (*failures - 1, DAEMON_BACKOFF_BASE_MS, cap_ms,
                                          report->retry_after, NULL));
    }
}

static int
run_daemon (const KioskConfig *config)
{
  g_autoptr(KioskSyncAgent) agent = NULL;
  g_autoptr(GSocket) wake = NULL;
  g_autoptr(GError) error = NULL;
  guint failures = 0;

  agent = kiosk_sync_agent_new (config, &error);
  if (agent == NULL)
    {
      g_printerr ("kiosk-sync: %s\n", error->message);
      return EXIT_USAGE;
    }

  wake = kiosk_wake_listen (config->database, &error);
  if (wake == NULL)
    {
      g_message ("not listening for wake-ups (%s): running every %u s only", error->message,
                 config->sync_interval);
      g_clear_error (&error);
    }

  g_message ("syncing %s with %s every %u s", config->database, config->server_url,
             config->sync_interval);

  while (!kiosk_sync_stop_requested ())
    {
      g_auto(KioskSyncReport) report = { 0 };
      KioskSyncWait waited;
      gint64 delay_ms;

      if (wake != NULL)
        kiosk_wake_drain (wake);

      kiosk_sync_agent_run (agent, &report);
      log_report (&report);
      if (report.stopped)
        break;

      delay_ms = daemon_delay_ms (agent, config, &report, &failures);
      waited = kiosk_sync_stop_wait (delay_ms, wake ? g_socket_get_fd (wake) : -1);
      if (waited == KIOSK_SYNC_WAIT_STOP)
        break;
      if (waited == KIOSK_SYNC_WAIT_WAKE)
        g_message ("woken by the kiosk: syncing now");
    }

  if (wake != NULL)
    {
      g_autofree char *path = kiosk_wake_socket_path (config->database);

      g_socket_close (wake, NULL);
      if (path != NULL)
        g_unlink (path);
    }
  g_message ("stopped");
  return 0;
}

static char *
format_time (gint64 at)
{
  g_autoptr(GTimeZone) muscat = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (at <= 0)
    return g_strdup ("never");
  muscat = g_time_zone_new_offset (4 * 3600);
  utc = g_date_time_new_from_unix_utc (at);
  local = g_date_time_to_timezone (utc, muscat);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S (Muscat)");
}

static int
run_status (const KioskConfig *config,
            gboolean           json)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KioskSyncHealth) health = { 0 };
  gint64 now, oldest_age;

  store = kiosk_store_open (config->database, KIOSK_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL || !kiosk_sync_health_get (store, 50, &health, &error))
    {
      g_printerr ("kiosk-sync: %s\n", error->message);
      return EXIT_USAGE;
    }
  now = kiosk_store_now (store);
  oldest_age = health.outbox.oldest_queued_at > 0 ? now - health.outbox.oldest_queued_at : 0;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      kiosk_json_add_int (builder, "queue_depth", health.outbox.queued + health.outbox.in_flight);
      kiosk_json_add_int (builder, "due_now", health.outbox.ready);
      kiosk_json_add_int (builder, "in_flight", health.outbox.in_flight);
      kiosk_json_add_int (builder, "queued_bytes", health.outbox.queued_bytes);
      kiosk_json_add_int (builder, "oldest_age_seconds", oldest_age);
      kiosk_json_add_int (builder, "acknowledged", health.outbox.acked);
      kiosk_json_add_int (builder, "parked", health.outbox.rejected);
      kiosk_json_add_time (builder, "last_run_at", health.last_run_at);
      kiosk_json_add_string (builder, "last_outcome", health.last_outcome);
      kiosk_json_add_time (builder, "last_success_at", health.last_success_at);
      kiosk_json_add_string (builder, "last_error", health.last_error);
      kiosk_json_add_time (builder, "last_error_at", health.last_error_at);
      kiosk_json_add_time (builder, "last_pull_at", health.last_pull_at);
      json_builder_set_member_name (builder, "parked_records");
      json_builder_begin_array (builder);
      for (guint i = 0; i < health.parked->len; i++)
        {
          const KioskParkedRecord *parked = g_ptr_array_index (health.parked, i);

          json_builder_begin_object (builder);
          kiosk_json_add_string (builder, "uuid", parked->record_uuid);
          kiosk_json_add_string (builder, "kind", parked->kind);
          kiosk_json_add_string (builder, "reason", parked->reason);
          kiosk_json_add_time (builder, "at", parked->at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }

  {
    g_autofree char *last_run = format_time (health.last_run_at);
    g_autofree char *last_success = format_time (health.last_success_at);
    g_autofree char *last_error_at = format_time (health.last_error_at);
    g_autofree char *last_pull = format_time (health.last_pull_at);

    g_print ("%s\n", config->database);
    g_print ("  queue:         %" G_GINT64_FORMAT " records (%" G_GINT64_FORMAT " due now, %"
             G_GINT64_FORMAT " in flight), %" G_GINT64_FORMAT " bytes\n",
             health.outbox.queued + health.outbox.in_flight, health.outbox.ready,
             health.outbox.in_flight, health.outbox.queued_bytes);
    g_print ("  oldest:        %" G_GINT64_FORMAT " s\n", oldest_age);
    g_print ("  acknowledged:  %" G_GINT64_FORMAT "\n", health.outbox.acked);
    g_print ("  parked:        %" G_GINT64_FORMAT "\n", health.outbox.rejected);
    g_print ("  last run:      %s%s%s\n", last_run, health.last_outcome ? ", " : "",
             health.last_outcome ? health.last_outcome : "");
    g_print ("  last success:  %s\n", last_success);
    if (health.last_error != NULL)
      g_print ("  last error:    %s: %s\n", last_error_at, health.last_error);
    g_print ("  last pull:     %s\n", last_pull);
    for (guint i = 0; i < health.parked->len; i++)
      {
        const KioskParkedRecord *parked = g_ptr_array_index (health.parked, i);

        g_print ("  parked %s %s: %s\n", parked->record_uuid, parked->kind, parked->reason);
      }
  }
  return 0;
}

/* The configuration the options name and, for the commands that run the agent, a clean
 * stop on SIGTERM; NULL after saying why on stderr. */
static KioskConfig *
prepare (KioskCli *cli,
         gboolean  runs_agent)
{
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = load_config (cli, &error);
  if (config == NULL || (runs_agent && !kiosk_sync_stop_install (&error)))
    {
      g_printerr ("kiosk-sync: %s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&config);
}

static int
command_once (KioskCli *cli,
              int       argc,
              char    **argv)
{
  g_autoptr(KioskConfig) config = prepare (cli, TRUE);

  return config ? run_once (config, kiosk_cli_get_flag (cli, "json")) : EXIT_USAGE;
}

static int
command_daemon (KioskCli *cli,
                int       argc,
                char    **argv)
{
  g_autoptr(KioskConfig) config = prepare (cli, TRUE);

  return config ? run_daemon (config) : EXIT_USAGE;
}

static int
command_status (KioskCli *cli,
                int       argc,
                char    **argv)
{
  g_autoptr(KioskConfig) config = prepare (cli, FALSE);

  return config ? run_status (config, kiosk_cli_get_flag (cli, "json")) : EXIT_USAGE;
}

static const KioskCliCommand commands[] = {
  { "once", "Push everything due (payments first), then pull the changes feed; for a timer.",
    NULL, command_once },
  { "daemon", "Run every [sync] interval seconds, sooner when the kiosk files a HIGH priority"
    " report, backing off after failures; SIGTERM ends it cleanly.", NULL, command_daemon },
  { "status", "Queue depth, oldest record, last success, last error, parked records.", NULL,
    command_status },
  { NULL },
};

static const KioskCliProgram program = {
  .name = "kiosk-sync",
  .summary = "Carries the kiosk's outbox to the central server and pulls back reference data"
             " and report statuses.",
  .description = description,
  .common = common_entries,
  .commands = commands,
};

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return kiosk_cli_run (&program, argc, argv);
}
