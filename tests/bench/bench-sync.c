/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: the sync agent draining 10,000 records and 1,000 photos of about 300 KB into the
 * reference server on loopback, against a floor that sends the same bytes (the same gzipped
 * batches, the same photos) with libcurl over one keep-alive connection and does nothing else.
 *
 *   bench-sync [RECORDS_SCALE]   (1 = 10,000 records and 1,000 photos; 0.1 for a quick look)
 *
 * Prints wall time, records/s, MB/s, requests and bytes on the wire for both, and the ratio. */
#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>

#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-store.h"
#include "kiosk-sync-agent.h"
#include "kiosk-sync-protocol.h"
#include "kiosk-test-util.h"
#include "sync-test-util.h"

typedef struct
{
  double  seconds;
  guint64 requests;
  guint64 bytes_sent;
  guint64 bytes_received;
  guint64 records;
  guint64 photos;
} Figures;

static size_t
discard_cb (char *data, size_t size, size_t count, void *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * count));
  return size * count;
}

static void
floor_request (CURL        *curl,
               const char  *url,
               const char  *method,
               const char  *auth,
               const char  *content_type,
               gboolean     gzip,
               GBytes      *body,
               Figures     *figures)
{
  struct curl_slist *headers = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autofree char *type = g_strconcat ("Content-Type: ", content_type, NULL);
  long status = 0, header_out = 0, header_in = 0;
  curl_off_t body_out = 0, body_in = 0;
  CURLcode code;

  curl_easy_reset (curl);
  headers = curl_slist_append (headers, auth);
  headers = curl_slist_append (headers, type);
  headers = curl_slist_append (headers, "Expect:");
  if (gzip)
    headers = curl_slist_append (headers, "Content-Encoding: gzip");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  code = curl_easy_perform (curl);
  curl_slist_free_all (headers);
  if (code != CURLE_OK)
    g_error ("floor: %s %s: %s", method, url, curl_easy_strerror (code));
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 300)
    g_error ("floor: %s %s: HTTP %ld", method, url, status);
  curl_easy_getinfo (curl, CURLINFO_REQUEST_SIZE, &header_out);
  curl_easy_getinfo (curl, CURLINFO_SIZE_UPLOAD_T, &body_out);
  curl_easy_getinfo (curl, CURLINFO_HEADER_SIZE, &header_in);
  curl_easy_getinfo (curl, CURLINFO_SIZE_DOWNLOAD_T, &body_in);
  figures->requests++;
  figures->bytes_sent += (guint64) header_out + (guint64) body_out;
  figures->bytes_received += (guint64) header_in + (guint64) body_in;
}

/* The floor: the same batches (claimed the same way, from a copy of the kiosk), the same photo
 * bytes, one connection, no local bookkeeping. */
static void
run_floor (const char *kiosk_copy,
           const char *photo_dir,
           const char *url,
           const char *token,
           Figures    *figures)
{
  g_autoptr(KioskStore) store = kiosk_store_open (kiosk_copy, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *code = kiosk_store_dup_kiosk_code (store, NULL);
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) photo_bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) photo_names = g_ptr_array_new_with_free_func (g_free);
  gint64 start;
  CURL *curl;

  /* Everything prepared before the clock starts: the floor measures the wire and the server. */
  for (;;)
    {
      g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (store, 200, 1048576, NULL);
      g_autoptr(GBytes) json = NULL;

      g_assert_nonnull (batch);
      if (batch->records->len == 0)
        break;
      for (guint i = 0; i < batch->records->len; i++)
        {
          KioskOutboxRecord *record = g_ptr_array_index (batch->records, i);

          for (guint j = 0; record->attachments[j] != NULL; j++)
            if (g_hash_table_add (photos, g_strdup (record->attachments[j])))
              {
                g_autofree char *name = g_strconcat (record->attachments[j], ".jpg", NULL);
                g_autofree char *path = g_build_filename (photo_dir, name, NULL);
                char *contents;
                gsize length;

                g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
                g_ptr_array_add (photo_bodies, g_bytes_new_take (contents, length));
                g_ptr_array_add (photo_names, g_strdup (record->attachments[j]));
              }
          figures->records++;
        }
      json = kiosk_sync_batch_body (code, batch->claim_id, batch->records, NULL);
      g_ptr_array_add (batches, kiosk_sync_gzip (json, NULL));
    }
  figures->photos = photo_bodies->len;

  curl = curl_easy_init ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < photo_bodies->len; i++)
    {
      g_autofree char *target = g_strconcat (url, "/v1/attachments/",
                                             (char *) g_ptr_array_index (photo_names, i), NULL);
      floor_request (curl, target, "PUT", auth, "image/jpeg", FALSE,
                     g_ptr_array_index (photo_bodies, i), figures);
    }
  for (guint i = 0; i < batches->len; i++)
    {
      g_autofree char *target = g_strconcat (url, "/v1/batches", NULL);
      floor_request (curl, target, "POST", auth, "application/json", TRUE,
                     g_ptr_array_index (batches, i), figures);
    }
  figures->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  curl_easy_cleanup (curl);
}

static void
run_agent (const char *config_path,
           Figures    *figures)
{
  g_autoptr(KioskConfig) config = kiosk_config_load (config_path, NULL);
  g_autoptr(KioskSyncAgent) agent = NULL;
  g_auto(KioskSyncReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  const KioskHttpStats *stats;
  gint64 start;

  g_assert_nonnull (config);
  agent = kiosk_sync_agent_new (config, &error);
  g_assert_no_error (error);
  /* The drain is the push; the pull that a full run does after it (the feed a fresh server
   * has built, ~10,000 changes here) is timed apart, since the floor sends no pull. */
  start = g_get_monotonic_time ();
  kiosk_sync_agent_push (agent, &report);
  figures->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (report.outcome != KIOSK_SYNC_OUTCOME_OK)
    g_error ("agent: %s: %s", kiosk_sync_outcome_to_string (report.outcome), report.error);
  stats = kiosk_sync_agent_get_http_stats (agent);
  figures->requests = stats->requests;
  figures->bytes_sent = stats->bytes_sent;
  figures->bytes_received = stats->bytes_received;
  figures->records = (guint64) report.pushed;
  figures->photos = (guint64) report.photos_sent;

  {
    g_auto(KioskSyncReport) full = { 0 };
    gint64 pull_start = g_get_monotonic_time ();

    kiosk_sync_agent_run (agent, &full);
    if (full.outcome != KIOSK_SYNC_OUTCOME_OK)
      g_error ("agent: %s: %s", kiosk_sync_outcome_to_string (full.outcome), full.error);
    g_print ("then a full run (nothing left to push; pull %" G_GINT64_FORMAT " changes):"
             " %.2f s\n", full.pulled,
             (g_get_monotonic_time () - pull_start) / (double) G_USEC_PER_SEC);
  }
}

static void
print (const char    *name,
       const Figures *f)
{
  g_print ("%-6s %8.2f s  %8.0f records/s  %7.1f MB/s  %6" G_GUINT64_FORMAT " requests  %8.1f MB"
           " sent  %6.2f MB received  (%" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT
           " photos)\n", name, f->seconds, f->records / f->seconds,
           f->bytes_sent / 1e6 / f->seconds, f->requests, f->bytes_sent / 1e6,
           f->bytes_received / 1e6, f->records, f->photos);
}

int
main (int    argc,
      char **argv)
{
  double scale = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1.0;
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *floor_dir = g_build_filename (dir, "floor", NULL);
  g_autofree char *floor_db = g_build_filename (floor_dir, "kiosk.db", NULL);
  g_autofree char *photo_dir = g_strconcat (kiosk_db, ".photos", NULL);
  g_autofree char *server_a = g_build_filename (dir, "central-agent.db", NULL);
  g_autofree char *server_b = g_build_filename (dir, "central-floor.db", NULL);
  g_autofree char *token_a = g_build_filename (dir, "token-a", NULL);
  g_autofree char *token_b = g_build_filename (dir, "token-b", NULL);
  g_autofree char *token_b_text = NULL;
  g_autofree char *config = NULL;
  const char *load[] = { "load", "--demo", NULL };
  guint reports = (guint) (7000 * scale), photos = (guint) (1000 * scale);
  guint payments = (guint) (1000 * scale), feedback = (guint) (2000 * scale);
  Figures agent = { 0 }, floor = { 0 };
  SyncServer *server;

  g_test_init (&argc, &argv, NULL);
  g_print ("preparing %u reports with %u photos of ~300 KB, %u payments, %u feedback\n",
           reports, photos, payments, feedback);
  sync_kiosk_create (kiosk_db, "BEN01", reports, photos, payments, feedback, 0, 71);
  g_mkdir_with_parents (floor_dir, 0700);
  {
    g_autoptr(GFile) from = g_file_new_for_path (kiosk_db);
    g_autoptr(GFile) to = g_file_new_for_path (floor_db);
    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
  }

  /* The floor against its own fresh server. */
  g_free (sync_central_run (server_b, load));
  server = sync_server_start (server_b, 0, NULL);
  sync_server_add_kiosk (server_b, "BEN01", token_b);
  g_assert_true (g_file_get_contents (token_b, &token_b_text, NULL, NULL));
  g_strstrip (token_b_text);
  run_floor (floor_db, photo_dir, server->url, token_b_text, &floor);
  sync_server_free (server);

  /* The agent against another fresh server, same data. */
  g_free (sync_central_run (server_a, load));
  server = sync_server_start (server_a, 0, NULL);
  sync_server_add_kiosk (server_a, "BEN01", token_a);
  config = sync_agent_config (dir, kiosk_db, server->url, token_a, NULL);
  run_agent (config, &agent);
  g_assert_cmpint (sync_server_count (server_a, "SELECT count (*) FROM records"), ==,
                   agent.records);
  sync_server_free (server);

  print ("floor", &floor);
  print ("agent", &agent);
  g_print ("agent throughput: %.0f%% of the floor (goal: at least 70%%); requests: %"
           G_GUINT64_FORMAT " for %" G_GUINT64_FORMAT " records and %" G_GUINT64_FORMAT
           " new photos (goal: at most %" G_GUINT64_FORMAT ")\n",
           100.0 * floor.seconds / agent.seconds, agent.requests, agent.records, agent.photos,
           (agent.records + 99) / 100 + agent.photos);

  kiosk_test_remove_dir (dir);
  return 0;
}
