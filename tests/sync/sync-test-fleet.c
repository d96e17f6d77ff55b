/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated kiosk fleet: real kiosk databases made by the traffic simulator, real agents
 * run as a timer would run them (`kiosk-sync once`, again until it reports everything done),
 * a cap on how many run at once so a 2-core machine and the server's per-address connection
 * limit stay in bounds, and the exactly-once check record by record. */
#define G_LOG_DOMAIN "sync-test-fleet"

#include "config.h"

#include "sync-test-fleet.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-pull.h"
#include "sync-test-util.h"

/* A run that ends without finishing is started again after this long, as a timer would. */
#define RERUN_DELAY_MS 500
/* A kiosk that needs more runs than this has a real problem, not a transient one. */
#define MAX_RUNS 40
/* `kiosk-sync once` exit statuses that only mean "not finished yet" (kiosk-sync-main.c). */
#define EXIT_PARTIAL 1
#define EXIT_UNREACHABLE 3
#define EXIT_SERVER_FAILING 5

static void
kiosk_free (gpointer data)
{
  SyncFleetKiosk *kiosk = data;

  g_free (kiosk->code);
  g_free (kiosk->db);
  g_free (kiosk->token_file);
  g_free (kiosk->config);
  g_free (kiosk->log);
  g_ptr_array_unref (kiosk->uuids);
  g_free (kiosk);
}

SyncFleet *
sync_fleet_new (const char *dir,
                const char *server_db,
                guint       n_kiosks,
                guint       records,
                gsize       photo_bytes)
{
  SyncFleet *fleet = g_new0 (SyncFleet, 1);
  guint reports = records / 2, payments = MAX (records / 10, 1);
  guint feedback = records > reports + payments ? records - reports - payments : 0;
  guint photos = reports / 5;

  fleet->dir = g_strdup (dir);
  fleet->server_db = g_strdup (server_db);
  fleet->kiosks = g_ptr_array_new_with_free_func (kiosk_free);
  for (guint i = 0; i < n_kiosks; i++)
    {
      SyncFleetKiosk *kiosk = g_new0 (SyncFleetKiosk, 1);
      g_autofree char *kiosk_dir = NULL;

      kiosk->code = g_strdup_printf ("FLT%03u", i + 1);
      kiosk_dir = g_build_filename (dir, kiosk->code, NULL);
      g_assert_cmpint (g_mkdir_with_parents (kiosk_dir, 0700), ==, 0);
      kiosk->db = g_build_filename (kiosk_dir, "kiosk.db", NULL);
      kiosk->token_file = g_build_filename (kiosk_dir, "token", NULL);
      kiosk->log = g_build_filename (kiosk_dir, "agent.log", NULL);
      /* A different seed per kiosk: different reports, and payments of different fines. */
      sync_kiosk_create (kiosk->db, kiosk->code, reports, photos, payments, feedback,
                         photo_bytes, 1000 + i);
      kiosk->uuids = sync_kiosk_uuids (kiosk->db, NULL);
      fleet->records += kiosk->uuids->len;
      fleet->photos += (guint64) sync_kiosk_count (kiosk->db,
                                                   "SELECT count (*) FROM photos");
      sync_server_add_kiosk (server_db, kiosk->code, kiosk->token_file);
      g_ptr_array_add (fleet->kiosks, kiosk);
    }
  return fleet;
}

void
sync_fleet_free (SyncFleet *fleet)
{
  if (fleet == NULL)
    return;
  g_ptr_array_unref (fleet->kiosks);
  g_free (fleet->server_db);
  g_free (fleet->dir);
  g_free (fleet);
}

void
sync_fleet_configure (SyncFleet          *fleet,
                      const char * const *urls,
                      const char         *extra)
{
  guint n_urls = g_strv_length ((char **) urls);

  g_assert_cmpuint (n_urls, >, 0);
  for (guint i = 0; i < fleet->kiosks->len; i++)
    {
      SyncFleetKiosk *kiosk = g_ptr_array_index (fleet->kiosks, i);
      g_autofree char *kiosk_dir = g_path_get_dirname (kiosk->db);

      g_free (kiosk->config);
      kiosk->config = sync_agent_config (kiosk_dir, kiosk->db, urls[i % n_urls],
                                         kiosk->token_file, extra);
    }
}

typedef struct
{
  SyncFleet   *fleet;
  GQueue       waiting;      /* SyncFleetKiosk* ready to run */
  guint        running;
  guint        done;
  char        *failure;
} Drain;

typedef struct
{
  Drain          *drain;
  SyncFleetKiosk *kiosk;
} Run;

static gboolean
rerun_cb (gpointer user_data)
{
  Run *run = user_data;

  g_queue_push_tail (&run->drain->waiting, run->kiosk);
  return G_SOURCE_REMOVE;
}

static void
run_exited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (source);
  Run *run = user_data;
  Drain *drain = run->drain;
  g_autoptr(GError) error = NULL;
  int status;

  g_subprocess_wait_finish (process, result, &error);
  g_assert_no_error (error);
  drain->running--;
  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (status == 0)
    {
      drain->done++;
      g_free (run);
    }
  else if ((status == EXIT_PARTIAL || status == EXIT_UNREACHABLE ||
            status == EXIT_SERVER_FAILING) && run->kiosk->runs < MAX_RUNS)
    {
      GSource *timeout = g_timeout_source_new (RERUN_DELAY_MS);

      g_source_set_callback (timeout, rerun_cb, run, g_free);
      g_source_attach (timeout, g_main_context_get_thread_default ());
      g_source_unref (timeout);
    }
  else if (drain->failure == NULL)
    {
      drain->failure = g_strdup_printf ("%s: kiosk-sync once ended with %d after %u runs"
                                        " (its log: %s)", run->kiosk->code, status,
                                        run->kiosk->runs, run->kiosk->log);
      g_free (run);
    }
  else
    g_free (run);
  g_object_unref (process);
}

static void
start_run (Drain          *drain,
           SyncFleetKiosk *kiosk)
{
  GSubprocess *process = sync_agent_spawn_logged (kiosk->config, "once", kiosk->log);
  Run *run = g_new0 (Run, 1);

  run->drain = drain;
  run->kiosk = kiosk;
  kiosk->runs++;
  drain->running++;
  g_subprocess_wait_async (process, NULL, run_exited_cb, run);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

double
sync_fleet_drain (SyncFleet     *fleet,
                  guint          concurrency,
                  guint          timeout_s,
                  SyncFleetTick  tick,
                  gpointer       user_data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GSource *wake = g_timeout_source_new (100);
  Drain drain = { fleet, G_QUEUE_INIT, 0, 0, NULL };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) timeout_s * G_USEC_PER_SEC;
  gint64 next_tick = start;

  g_assert_cmpuint (concurrency, >, 0);
  g_main_context_push_thread_default (context);
  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);
  for (guint i = 0; i < fleet->kiosks->len; i++)
    g_queue_push_tail (&drain.waiting, g_ptr_array_index (fleet->kiosks, i));

  while (drain.done < fleet->kiosks->len && drain.failure == NULL)
    {
      while (drain.running < concurrency && !g_queue_is_empty (&drain.waiting))
        start_run (&drain, g_queue_pop_head (&drain.waiting));
      g_main_context_iteration (context, TRUE);
      if (tick != NULL && g_get_monotonic_time () >= next_tick)
        {
          tick (drain.done, user_data);
          next_tick = g_get_monotonic_time () + 100 * 1000;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("the fleet did not drain within %u s: %u of %u kiosks done, %u running",
                 timeout_s, drain.done, fleet->kiosks->len, drain.running);
    }
  if (drain.failure != NULL)
    g_error ("%s", drain.failure);

  g_source_destroy (wake);
  g_source_unref (wake);
  g_main_context_pop_thread_default (context);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

guint
sync_fleet_runs (SyncFleet *fleet)
{
  guint runs = 0;

  for (guint i = 0; i < fleet->kiosks->len; i++)
    runs += ((SyncFleetKiosk *) g_ptr_array_index (fleet->kiosks, i))->runs;
  return runs;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The kiosk pulled this database's feed (same epoch) at least up to its own records' changes
 * (their `received` statuses, committed with them before its last push was answered). */
static void
assert_pulled (SyncFleet      *fleet,
               SyncFleetKiosk *kiosk,
               const char     *epoch)
{
  g_autoptr(GPtrArray) cursors = sync_db_column (kiosk->db,
                                                 "SELECT cursor FROM sync_cursors"
                                                 " WHERE dataset = '"
                                                 KIOSK_PULL_CURSOR_DATASET "'");
  gint64 own = sync_server_count_with (fleet->server_db,
                                       "SELECT coalesce (max (seq), 0) FROM changes"
                                       " WHERE kiosk_code = ?1", kiosk->code);
  const char *cursor, *colon;

  g_assert_cmpuint (cursors->len, ==, 1);
  cursor = g_ptr_array_index (cursors, 0);
  colon = strrchr (cursor, ':');
  g_assert_nonnull (colon);
  if (strncmp (cursor, epoch, (gsize) (colon - cursor)) != 0 || epoch[colon - cursor] != '\0')
    g_error ("%s: its feed cursor %s is not from this server (epoch %s)", kiosk->code, cursor,
             epoch);
  if (g_ascii_strtoll (colon + 1, NULL, 10) < own)
    g_error ("%s: its feed cursor %s is behind its own changes (seq %" G_GINT64_FORMAT ")",
             kiosk->code, cursor, own);
}

guint64
sync_fleet_assert_exactly_once (SyncFleet *fleet)
{
  g_autoptr(GPtrArray) queued = g_ptr_array_new ();
  g_autoptr(GPtrArray) held = sync_db_column (fleet->server_db,
                                              "SELECT uuid FROM records");
  g_autoptr(GPtrArray) epochs = sync_db_column (fleet->server_db,
                                                "SELECT epoch FROM server_identity");
  g_autoptr(GHashTable) on_server = g_hash_table_new (g_str_hash, g_str_equal);
  guint lost = 0;

  g_assert_cmpuint (epochs->len, ==, 1);
  for (guint i = 0; i < held->len; i++)
    if (!g_hash_table_add (on_server, g_ptr_array_index (held, i)))
      g_error ("record %s is held twice by the server", (char *) g_ptr_array_index (held, i));

  for (guint k = 0; k < fleet->kiosks->len; k++)
    {
      SyncFleetKiosk *kiosk = g_ptr_array_index (fleet->kiosks, k);
      const char *check[] = { "check", "--db", kiosk->db, NULL };

      for (guint i = 0; i < kiosk->uuids->len; i++)
        {
          g_ptr_array_add (queued, g_ptr_array_index (kiosk->uuids, i));
          if (!g_hash_table_contains (on_server, g_ptr_array_index (kiosk->uuids, i)))
            lost++;
        }
      g_assert_cmpint (sync_kiosk_count (kiosk->db, "SELECT count (*) FROM outbox"
                                                    " WHERE state NOT IN ('acked', 'rejected')"),
                       ==, 0);
      if (sync_kiosk_admin (check) != 0)
        g_error ("%s: kiosk-admin check failed on %s", kiosk->code, kiosk->db);
      assert_pulled (fleet, kiosk, g_ptr_array_index (epochs, 0));
    }
  if (lost > 0 || held->len != queued->len)
    g_error ("%u of %u queued records are not on the server, which holds %u records",
             lost, queued->len, held->len);

  /* Each once, and nothing else: the same sorted lists. */
  g_ptr_array_sort (queued, compare_strings);
  g_ptr_array_sort (held, compare_strings);
  for (guint i = 0; i < queued->len; i++)
    g_assert_cmpstr (g_ptr_array_index (queued, i), ==, g_ptr_array_index (held, i));

  return (guint64) sync_server_count (fleet->server_db,
                                      "SELECT count (*) FROM records WHERE status = 'accepted'");
}
