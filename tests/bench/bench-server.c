/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: the reference central server (kiosk-central) on 127.0.0.1 as kiosks use it.
 * Batch latency and throughput (new records and resends), photo uploads (new, and skipped
 * with If-None-Match), feed pages, a large reference load, and the server's memory after all
 * of it. Prints figures; not a pass/fail test. Usage: bench-server [BATCHES] */
#define G_LOG_DOMAIN "bench-server"

#include "config.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "kiosk-ids.h"
#include "kiosk-test-util.h"

static const char *central_path;
static char *url;
static char *token;

static void
die (const char *what)
{
  g_printerr ("bench-server: %s\n", what);
  exit (1);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
report (const char *name,
        GArray     *us,
        guint       items_per_sample,
        const char *unit)
{
  gint64 total = 0;

  g_array_sort (us, compare_gint64);
  for (guint i = 0; i < us->len; i++)
    total += g_array_index (us, gint64, i);
  printf ("%-28s n=%-4u p50=%8.2f ms  p95=%8.2f ms  %10.0f %s/s\n", name, us->len,
          g_array_index (us, gint64, us->len / 2) / 1000.0,
          g_array_index (us, gint64, MIN (us->len - 1, us->len * 95 / 100)) / 1000.0,
          total > 0 ? (double) items_per_sample * us->len * G_USEC_PER_SEC / total : 0.0, unit);
}

static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    die (argv[1]);
  return out;
}

static size_t
write_cb (char *data, size_t size, size_t nmemb, void *user_data)
{
  if (user_data != NULL)
    g_string_append_len (user_data, data, (gssize) (size * nmemb));
  return size * nmemb;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Upload;

static size_t
read_cb (char *buffer, size_t size, size_t nitems, void *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * nitems, upload->length - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;
  return n;
}

/* One request on a reused handle (keep-alive, as the agent does); returns the status and
 * adds the microseconds it took to `us`. */
static long
request (CURL       *curl,
         const char *method,
         const char *path,
         const char *type,
         const char * const *extra,
         const void *body,
         gsize       length,
         GString    *answer,
         GArray     *us)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *content_type = type ? g_strconcat ("Content-Type: ", type, NULL) : NULL;
  struct curl_slist *headers = NULL;
  Upload upload = { body, length, 0 };
  gint64 start;
  long status = 0;

  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, full);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  headers = curl_slist_append (headers, auth);
  if (content_type != NULL)
    headers = curl_slist_append (headers, content_type);
  /* No Expect unless asked for: curl would otherwise decide by size. */
  if (extra == NULL)
    headers = curl_slist_append (headers, "Expect:");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    headers = curl_slist_append (headers, extra[i]);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
      curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) length);
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
    }

  start = g_get_monotonic_time ();
  if (curl_easy_perform (curl) != CURLE_OK)
    die (path);
  if (us != NULL)
    {
      gint64 elapsed = g_get_monotonic_time () - start;
      g_array_append_val (us, elapsed);
    }
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  return status;
}

/* A batch of `n` realistic reports (Arabic description, as kiosks send them). */
static char *
make_batch (guint n)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *batch_id = kiosk_uuid_new ();
  static guint seq;

  g_string_printf (json, "{\"kiosk_id\":\"BEN01\",\"batch_id\":\"%s\",\"records\":[", batch_id);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = kiosk_uuid_new ();

      seq++;
      g_string_append_printf (json, "%s{\"uuid\":\"%s\",\"kind\":\"report\",\"created_at\":"
                              "1796018400,\"payload\":{\"uuid\":\"%s\",\"reference\":"
                              "\"BEN01-261130-%04u\",\"category_code\":\"pothole\","
                              "\"priority\":\"MEDIUM\",\"wilayat_code\":\"BSH\",\"area_code\":"
                              "\"BSH-QURUM\",\"landmark\":\"قرب الإشارة الضوئية\","
                              "\"description\":\"حفرة كبيرة في منتصف الطريق تسبب خطرا على"
                              " السيارات\",\"phone\":\"+96891234567\",\"status\":\"received\","
                              "\"created_at\":1796018400},\"attachments\":[]}",
                              i ? "," : "", uuid, uuid, seq % 10000);
    }
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static GBytes *
make_photo (guint seed,
            gsize length)
{
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (g_random_int () ^ seed);
  data[0] = 0xFF;
  data[1] = 0xD8;
  data[2] = 0xFF;
  return g_bytes_new_take (data, length);
}

static char *
fines_file (const char *dir,
            guint       n)
{
  g_autofree char *path = g_build_filename (dir, "fines.json", NULL);
  g_autoptr(GString) json = g_string_new ("{\"fines\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"number\":\"BF-%06u\",\"plate\":\"%u A\","
                            "\"issued_at\":1790000000,\"place_ar\":\"شارع السلطان قابوس\","
                            "\"place_en\":\"Sultan Qaboos Street\",\"violation_ar\":"
                            "\"وقوف في مكان ممنوع\",\"violation_en\":\"Parking where forbidden\","
                            "\"amount_baisa\":10000,\"status\":\"unpaid\",\"updated_at\":"
                            "1790000000}", i ? "," : "", i, 1000 + i % 90000);
  g_string_append (json, "]}");
  if (!g_file_set_contents (path, json->str, -1, NULL))
    die ("write the fines file");
  return g_steal_pointer (&path);
}

int
main (int    argc,
      char **argv)
{
  guint batches = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-server-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *fines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *cursor = NULL;
  CURL *curl;
  gint64 start;
  guint feed_rows = 0;

  central_path = g_getenv ("KIOSK_CENTRAL");
  if (central_path == NULL || dir == NULL || batches == 0)
    die ("KIOSK_CENTRAL must name kiosk-central");
  db = g_build_filename (dir, "central.db", NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  {
    const char *add[] = { central_path, "add-kiosk", "--db", db, "--kiosk", "BEN01", NULL };
    token = g_strstrip (run (add));
  }

  /* A reference load the size of a real city's fines. */
  fines = fines_file (dir, 20000);
  {
    const char *load[] = { central_path, "load", "--db", db, fines, NULL };
    g_autofree char *summary = NULL;

    start = g_get_monotonic_time ();
    summary = run (load);
    printf ("%-28s %u fines in %.2f s (checked against the kiosk schema and reader)\n",
            "load", 20000, (g_get_monotonic_time () - start) / 1e6);
  }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  {
    /* One kiosk as fast as the server goes: the server is measured, not its rate limit. */
    const char *serve[] = { central_path, "serve", "--db", db, "--listen", "127.0.0.1:0",
                            "--rate-limit", "0", NULL };
    server = g_subprocess_launcher_spawnv (launcher, serve, &error);
  }
  if (server == NULL)
    die ("start the server");
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    die ("the server did not start");
  url = g_strdup (line + strlen ("listening on "));
  printf ("server %s, database %s, idle RSS %ld kB\n", url, db,
          kiosk_test_process_kib (server, "VmRSS:"));

  curl = curl_easy_init ();

  /* Batches of 100 new records, then the same again (all duplicates). */
  for (guint i = 0; i < batches; i++)
    g_ptr_array_add (bodies, make_batch (100));
  for (guint i = 0; i < batches; i++)
    {
      const char *body = g_ptr_array_index (bodies, i);
      if (request (curl, "POST", "/v1/batches", "application/json", NULL, body, strlen (body),
                   NULL, us) != 200)
        die ("batch");
    }
  report ("batch of 100, new", us, 100, "records");
  g_array_set_size (us, 0);
  for (guint i = 0; i < batches; i++)
    {
      const char *body = g_ptr_array_index (bodies, i);
      if (request (curl, "POST", "/v1/batches", "application/json", NULL, body, strlen (body),
                   NULL, us) != 200)
        die ("resend");
    }
  report ("batch of 100, resent", us, 100, "records");
  g_array_set_size (us, 0);

  /* The largest batch the contract allows. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = make_batch (1000);
      if (request (curl, "POST", "/v1/batches", "application/json", NULL, body, strlen (body),
                   NULL, us) != 200)
        die ("big batch");
    }
  report ("batch of 1000, new", us, 1000, "records");
  g_array_set_size (us, 0);

  /* Photos of a kiosk's usual size, then each again with If-None-Match (no bytes sent). */
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (photos, make_photo (i, 300 * 1024));
  for (guint i = 0; i < photos->len; i++)
    {
      GBytes *photo = g_ptr_array_index (photos, i);
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
      g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);

      if (request (curl, "PUT", path, "image/jpeg", NULL, g_bytes_get_data (photo, NULL),
                   g_bytes_get_size (photo), NULL, us) != 201)
        die ("upload");
    }
  report ("photo 300 KB, new", us, 300, "KB");
  g_array_set_size (us, 0);
  for (guint i = 0; i < photos->len; i++)
    {
      GBytes *photo = g_ptr_array_index (photos, i);
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
      g_autofree char *path = g_strconcat ("/v1/attachments/", sha, NULL);

      const char *conditional[] = { "If-None-Match: *", "Expect: 100-continue", NULL };

      if (request (curl, "PUT", path, "image/jpeg", conditional, g_bytes_get_data (photo, NULL),
                   g_bytes_get_size (photo), NULL, us) != 412)
        die ("conditional upload");
    }
  report ("photo 300 KB, already there", us, 1, "requests");
  g_array_set_size (us, 0);

  /* The whole feed from the beginning, 1000 changes a page. */
  do
    {
      g_autoptr(GString) answer = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, TRUE) : NULL;
      g_autofree char *path = escaped ? g_strdup_printf ("/v1/changes?limit=1000&since=%s",
                                                         escaped)
                                      : g_strdup ("/v1/changes?limit=1000");
      JsonObject *page;

      if (request (curl, "GET", path, NULL, NULL, NULL, 0, answer, us) != 200 ||
          !json_parser_load_from_data (parser, answer->str, -1, NULL))
        die ("changes");
      page = json_node_get_object (json_parser_get_root (parser));
      feed_rows += json_array_get_length (json_object_get_array_member (page, "changes"));
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
      if (!json_object_get_boolean_member (page, "has_more"))
        break;
    }
  while (TRUE);
  report ("feed page of 1000", us, 1000, "changes");
  printf ("%-28s %u changes read\n", "feed", feed_rows);

  printf ("server RSS now %ld kB, peak %ld kB\n", kiosk_test_process_kib (server, "VmRSS:"),
          kiosk_test_process_kib (server, "VmHWM:"));

  fflush (stdout);
  curl_easy_cleanup (curl);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  curl_global_cleanup ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_printerr ("bench-server: could not remove %s\n", dir);
  }
  return 0;
}
