/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A child process for the crash and concurrency tests: it writes, reads or plays the sync
 * agent against one database, and reports what it saw on stdout as key=value lines. */
#define G_LOG_DOMAIN "store-worker"

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-services.h"
#include "kiosk-simulate.h"
#include "kiosk-store.h"

/* Busy errors reaching this caller are what the concurrency test forbids; other errors are
 * bugs and end the worker. */
static guint busy_errors;

static gboolean
check (gboolean ok,
       GError  *error)
{
  if (ok)
    return TRUE;
  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_STORE_BUSY))
    {
      busy_errors++;
      return FALSE;
    }
  g_printerr ("store-worker: %s\n", error ? error->message : "failed");
  exit (3);
}

/* One visitor action; every third one is a report with a small photo. */
static gboolean
write_one (KioskStore *store,
           guint       i,
           GBytes     *photo)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  gboolean ok;

  if (i % 3 == 0)
    {
      g_autofree char *hash = kiosk_photos_write (store, photo, &error);
      const char *hashes[] = { hash, NULL };
      KioskReportInput input = {
        "pothole", "MTR", "MTR-RUWI", "قرب الدوار", "حفرة في الطريق", NULL, hashes,
      };

      if (!check (hash != NULL, error))
        return FALSE;
      ok = kiosk_services_file_report (store, &input, &ref, NULL, &error);
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("اقتراح رقم %u", i);
      ok = kiosk_services_submit_feedback (store, i % 2 ? KIOSK_FEEDBACK_SUGGESTION
                                                        : KIOSK_FEEDBACK_INQUIRY,
                                           text, i % 5 ? NULL : "92123456", &ref, &error);
    }
  return check (ok, error);
}

static gint64
count_records (KioskStore *store)
{
  KioskOutboxStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  check (kiosk_outbox_get_stats (store, &stats, &error), error);
  return stats.queued + stats.in_flight + stats.acked + stats.rejected;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* `write DB N`: write until the store holds N records, in whatever runs it takes. */
static int
run_write (KioskStore *store,
           gint64      target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = kiosk_simulate_make_jpeg (g_random_int (), 8 * 1024, &error);
  gint64 have = count_records (store);

  check (photo != NULL, error);
  while (have < target)
    if (write_one (store, (guint) have, photo))
      {
        have++;
        printf ("committed=%" G_GINT64_FORMAT "\n", have);
        fflush (stdout);
      }
  return 0;
}

/* `writer DB SECONDS`: the kiosk, writing as fast as it can; reports p50/p99 latency. */
static int
run_writer (KioskStore *store,
            double      seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = kiosk_simulate_make_jpeg (1, 8 * 1024, &error);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint i = 0;

  check (photo != NULL, error);
  while (g_get_monotonic_time () < end)
    {
      gint64 start = g_get_monotonic_time ();
      if (write_one (store, i++, photo))
        {
          gint64 took = g_get_monotonic_time () - start;
          g_array_append_val (latencies, took);
        }
    }
  g_array_sort (latencies, compare_gint64);
  printf ("writes=%u\nbusy=%u\n", latencies->len, busy_errors);
  if (latencies->len > 0)
    printf ("p50_us=%" G_GINT64_FORMAT "\np99_us=%" G_GINT64_FORMAT "\n",
            g_array_index (latencies, gint64, latencies->len / 2),
            g_array_index (latencies, gint64, latencies->len * 99 / 100));
  return 0;
}

/* `reader DB SECONDS`: the screens, reading what they show. */
static int
run_reader (KioskStore *store,
            double      seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint reads = 0;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) services = kiosk_catalog_list_services (store, &error);
      KioskOutboxStats stats;

      if (check (services != NULL, error) &&
          check (kiosk_outbox_get_stats (store, &stats, &error), error))
        {
          g_autoptr(GPtrArray) fines = kiosk_services_list_unpaid_fines (store, "2336 MH", 0,
                                                                         &error);
          if (check (fines != NULL, error))
            reads++;
        }
    }
  printf ("reads=%u\nbusy=%u\n", reads, busy_errors);
  return 0;
}

/* `agent DB SECONDS`: the sync agent, claiming batches and acknowledging them. */
static int
run_agent (KioskStore *store,
           double      seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint acked = 0;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (store, 50, 256 * 1024, &error);
      g_autoptr(GArray) results = NULL;

      if (!check (batch != NULL, error))
        continue;
      results = g_array_new (FALSE, TRUE, sizeof (KioskOutboxResult));
      for (guint i = 0; i < batch->records->len; i++)
        {
          KioskOutboxRecord *record = g_ptr_array_index (batch->records, i);
          KioskOutboxResult result = { record->record_uuid, KIOSK_OUTBOX_RESULT_ACCEPTED,
                                       "SRV", NULL, 0 };
          g_array_append_val (results, result);
        }
      /* A network round trip would be here. */
      g_usleep (2000);
      if (check (kiosk_outbox_apply_results (store, (KioskOutboxResult *) results->data,
                                             results->len, &error), error))
        acked += results->len;
    }
  printf ("acked=%u\nbusy=%u\n", acked, busy_errors);
  return 0;
}

/* Parking permits paid by card, every third at the counter (not taken yet): N of them,
 * a line after each commit, for the Z report's crash test. */
static int
run_pay (KioskStore *store,
         gint64      count)
{
  static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
  static const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };

  for (gint64 i = 0; i < count; i++)
    {
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      g_autoptr(GError) error = NULL;

      check (kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                    i % 3 == 2 ? &counter : &card, &ref,
                                                    &error),
             error);
      printf ("paid %s\n", ref.reference);
      fflush (stdout);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 4)
    {
      g_printerr ("usage: store-worker write|writer|reader|agent|pay DB N|SECONDS\n");
      return 2;
    }

  store = kiosk_store_open (argv[2], KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL)
    {
      g_printerr ("store-worker: %s\n", error->message);
      return 2;
    }

  if (g_str_equal (argv[1], "write"))
    return run_write (store, g_ascii_strtoll (argv[3], NULL, 10));
  if (g_str_equal (argv[1], "writer"))
    return run_writer (store, g_ascii_strtod (argv[3], NULL));
  if (g_str_equal (argv[1], "reader"))
    return run_reader (store, g_ascii_strtod (argv[3], NULL));
  if (g_str_equal (argv[1], "pay"))
    return run_pay (store, g_ascii_strtoll (argv[3], NULL, 10));
  if (g_str_equal (argv[1], "agent"))
    return run_agent (store, g_ascii_strtod (argv[3], NULL));

  g_printerr ("store-worker: unknown mode %s\n", argv[1]);
  return 2;
}
