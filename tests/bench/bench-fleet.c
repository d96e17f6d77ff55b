/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a fleet of kiosks draining at once into two kiosk-central processes on one real
 * PostgreSQL cluster (fsync on), against the floor of the same rows COPY-ed straight into
 * PostgreSQL in the same run.
 *
 *   bench-fleet [KIOSKS [RECORDS]]     (default 50 kiosks of about 200 records each;
 *                                       $BENCH_FLEET_KIOSKS, $BENCH_FLEET_RECORDS too)
 *
 * Each kiosk is a real kiosk database made by the traffic simulator (reports, a fifth of them
 * with a photo of $BENCH_FLEET_PHOTO_BYTES, default 60000; payments; feedback) and a real
 * `kiosk-sync once` process (the configuration's default timeouts), again until it has pushed
 * everything and pulled the feed; kiosk i talks to server i % 2. At most $BENCH_FLEET_CONCURRENCY (default 100) agents run at once:
 * 2 cores, and the server's limit of 64 connections from one address (every simulated kiosk
 * is 127.0.0.1). Then every record is checked on the server by UUID, `kiosk-admin check` runs
 * on every kiosk, and every kiosk's feed cursor is checked. Prints records/s, the batch
 * latencies the agents logged, the servers' peak RSS, PostgreSQL's peak connections and the
 * ratio to COPY. */
#define G_LOG_DOMAIN "bench-fleet"

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-test-util.h"
#include "sync-test-fleet.h"
#include "sync-test-pg.h"
#include "sync-test-util.h"

#define DEFAULT_KIOSKS 50
#define DEFAULT_RECORDS 200
#define DEFAULT_PHOTO_BYTES 60000
#define DEFAULT_CONCURRENCY 100
#define POOL_SIZE "8"
#define DRAIN_TIMEOUT_S 3000
#define COPY_CHUNK (1024 * 1024)
/* The agents' own timeouts (the configuration's defaults), not the tests' short ones: a
 * loaded server answering a batch in more than 2 s must not be taken for a dead one and
 * sent the batch again. Retries wait at most 5 s (default 600), so the run ends. */
#define AGENT_EXTRA "connect-timeout=15\nstall-timeout=30\nrequest-timeout=300\n" \
                    "retry-max-delay=5\n"

static guint
setting (int          argc,
         char       **argv,
         int          position,
         const char  *variable,
         guint        fallback)
{
  const char *text = position > 0 && argc > position ? argv[position] : g_getenv (variable);
  guint64 value;

  if (text == NULL)
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 100000000, &value, NULL))
    g_error ("%s: \"%s\" is not a positive number", variable, text);
  return (guint) value;
}

typedef struct
{
  const char  *url;           /* the central database */
  SyncServer **servers;
  gint64       connections;   /* peak */
  gint64       rss_kib[2];    /* peak of the samples */
} Sampler;

static void
sample_tick (guint    done,
             gpointer user_data)
{
  Sampler *sampler = user_data;
  g_autoptr(GPtrArray) count = sync_pg_column (sampler->url,
                                               "SELECT count (*) FROM pg_stat_activity"
                                               " WHERE datname = current_database ()"
                                               " AND pid <> pg_backend_pid ()", NULL);

  sampler->connections = MAX (sampler->connections,
                              g_ascii_strtoll (g_ptr_array_index (count, 0), NULL, 10));
  for (guint i = 0; i < 2; i++)
    sampler->rss_kib[i] = MAX (sampler->rss_kib[i],
                               kiosk_test_process_kib (sampler->servers[i]->process, "VmRSS:"));
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Every `POST /v1/batches` time the agents logged (kiosk-sync-http.c, at debug level). */
static GArray *
batch_latencies (SyncFleet *fleet,
                 guint     *failed)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRegex) line = g_regex_new ("POST /v1/batches: HTTP ([0-9]+) in ([0-9.]+) ms",
                                        0, 0, NULL);

  *failed = 0;
  for (guint i = 0; i < fleet->kiosks->len; i++)
    {
      SyncFleetKiosk *kiosk = g_ptr_array_index (fleet->kiosks, i);
      g_autofree char *text = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_true (g_file_get_contents (kiosk->log, &text, NULL, NULL));
      for (g_regex_match (line, text, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        {
          g_autofree char *status = g_match_info_fetch (match, 1);
          g_autofree char *ms = g_match_info_fetch (match, 2);
          double value = g_ascii_strtod (ms, NULL);

          if (!g_str_equal (status, "200"))
            (*failed)++;
          else
            g_array_append_val (times, value);
        }
    }
  g_array_sort (times, compare_doubles);
  return times;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  g_assert_cmpuint (sorted->len, >, 0);
  index = (guint) (p / 100.0 * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, index);
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

/* The floor: the server's `records` rows, exported first, then loaded by one COPY into a
 * table of the same shape (constraints, unique indexes) and committed. Its seconds. */
static double
copy_floor (const char *url,
            gint64     *rows)
{
  PGconn *conn = PQconnectdb (url);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  PGresult *result;
  char *buffer = NULL;
  int length;
  gint64 start;
  double seconds;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "COPY records TO STDOUT");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COPY_OUT);
  PQclear (result);
  while ((length = PQgetCopyData (conn, &buffer, 0)) > 0)
    {
      g_byte_array_append (data, (const guint8 *) buffer, (guint) length);
      PQfreemem (buffer);
    }
  g_assert_cmpint (length, ==, -1);
  result = PQgetResult (conn);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  exec_ok (conn, "CREATE TABLE copy_floor (LIKE records INCLUDING ALL)");

  start = g_get_monotonic_time ();
  exec_ok (conn, "BEGIN");
  result = PQexec (conn, "COPY copy_floor FROM STDIN");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COPY_IN);
  PQclear (result);
  for (guint offset = 0; offset < data->len; offset += COPY_CHUNK)
    g_assert_cmpint (PQputCopyData (conn, (const char *) data->data + offset,
                                    (int) MIN (COPY_CHUNK, data->len - offset)), ==, 1);
  g_assert_cmpint (PQputCopyEnd (conn, NULL), ==, 1);
  result = PQgetResult (conn);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("COPY: %s", PQresultErrorMessage (result));
  *rows = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  PQclear (result);
  exec_ok (conn, "COMMIT");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  exec_ok (conn, "DROP TABLE copy_floor");
  PQfinish (conn);
  return seconds;
}

int
main (int    argc,
      char **argv)
{
  guint n_kiosks, records, photo_bytes, concurrency;
  g_autofree char *dir = NULL;
  g_autofree char *server_db = NULL;
  g_autoptr(SyncFleet) fleet = NULL;
  g_autoptr(GArray) latencies = NULL;
  const char *load[] = { "load", "--demo", NULL };
  const char *serve_extra[] = { "--pool-size", POOL_SIZE, NULL };
  const char *urls[3] = { NULL };
  SyncServer *servers[2];
  Sampler sampler = { 0 };
  gint64 hwm_kib[2], copy_rows = 0, prepare_start;
  guint64 accepted;
  guint failed_batches;
  double seconds, copy_seconds, rate, copy_rate;

  g_test_init (&argc, &argv, NULL);
  n_kiosks = setting (argc, argv, 1, "BENCH_FLEET_KIOSKS", DEFAULT_KIOSKS);
  records = setting (argc, argv, 2, "BENCH_FLEET_RECORDS", DEFAULT_RECORDS);
  photo_bytes = setting (argc, argv, -1, "BENCH_FLEET_PHOTO_BYTES", DEFAULT_PHOTO_BYTES);
  concurrency = setting (argc, argv, -1, "BENCH_FLEET_CONCURRENCY", DEFAULT_CONCURRENCY);
  if (!sync_pg_enabled ())
    g_error ("bench-fleet measures PostgreSQL: run it with KIOSK_TEST_CENTRAL=postgresql"
             " (meson test --benchmark bench-fleet does)");

  dir = kiosk_test_make_dir ();
  server_db = g_build_filename (dir, "central.db", NULL);
  g_free (sync_central_run (server_db, load));
  prepare_start = g_get_monotonic_time ();
  fleet = sync_fleet_new (dir, server_db, n_kiosks, records, photo_bytes);
  g_print ("fleet: %u kiosks, %" G_GUINT64_FORMAT " records queued (%" G_GUINT64_FORMAT
           " photos of ~%u KB), made in %.0f s\n", n_kiosks, fleet->records, fleet->photos,
           photo_bytes / 1000, (g_get_monotonic_time () - prepare_start) / 1e6);

  for (guint i = 0; i < 2; i++)
    servers[i] = sync_server_start (server_db, 0, serve_extra);
  urls[0] = servers[0]->url;
  urls[1] = servers[1]->url;
  sync_fleet_configure (fleet, urls, AGENT_EXTRA);
  sampler.url = sync_pg_lookup (server_db);
  sampler.servers = servers;

  seconds = sync_fleet_drain (fleet, concurrency, DRAIN_TIMEOUT_S, sample_tick, &sampler);
  for (guint i = 0; i < 2; i++)
    hwm_kib[i] = kiosk_test_process_kib (servers[i]->process, "VmHWM:");
  accepted = sync_fleet_assert_exactly_once (fleet);
  latencies = batch_latencies (fleet, &failed_batches);
  for (guint i = 0; i < 2; i++)
    sync_server_free (servers[i]);
  copy_seconds = copy_floor (sampler.url, &copy_rows);
  g_assert_cmpint (copy_rows, ==, (gint64) fleet->records);

  rate = fleet->records / seconds;
  copy_rate = copy_rows / copy_seconds;
  g_print ("setup: 2 kiosk-central (--pool-size " POOL_SIZE ") on one PostgreSQL 15 cluster"
           " (fsync on), kiosk i on server i %% 2, at most %u agents at once\n", concurrency);
  g_print ("drain: %.1f s, %.0f records/s (first agent started to last agent done: photos and"
           " feed pulls included); %u agent runs for %u kiosks\n", seconds, rate,
           sync_fleet_runs (fleet), n_kiosks);
  g_print ("batches: %u answered 200 (%u other answers); latency per POST /v1/batches from the"
           " agents' logs (curl's total time): p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
           latencies->len, failed_batches, percentile (latencies, 50),
           percentile (latencies, 99), percentile (latencies, 100));
  g_print ("server RSS peak (VmHWM): %.1f MiB and %.1f MiB\n", hwm_kib[0] / 1024.0,
           hwm_kib[1] / 1024.0);
  g_print ("PostgreSQL connections peak (pg_stat_activity on this database, sampled every"
           " 100 ms): %" G_GINT64_FORMAT "\n", sampler.connections);
  g_print ("COPY floor: %" G_GINT64_FORMAT " rows in %.2f s = %.0f records/s; the fleet drains"
           " at %.1f%% of it\n", copy_rows, copy_seconds, copy_rate, 100.0 * rate / copy_rate);
  g_print ("check: %" G_GUINT64_FORMAT " records each once on the server (%" G_GUINT64_FORMAT
           " accepted, %" G_GUINT64_FORMAT " rejected), kiosk-admin check passed on %u kiosks,"
           " all pulled the feed\n", fleet->records, accepted, fleet->records - accepted,
           n_kiosks);

  kiosk_test_remove_dir (dir);
  return 0;
}
