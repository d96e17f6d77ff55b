/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-qr-corpus [--series N] [--no-code] OUTDIR [COUNT]: writes the scanner's benchmark
 * corpus, COUNT (default 243) degraded 1280×720 pictures of QR codes, each NAME.png or
 * NAME.jpg with its payload in NAME.txt (the layout of the real photo set). The same series
 * and COUNT always give the same files; series 0 is the corpus the passes were chosen on, a
 * later one the same kinds with new seeds. --no-code leaves the codes blank (empty NAME.txt):
 * the frames a camera sends while nobody holds a code up. */
#define G_LOG_DOMAIN "make-qr-corpus"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiosk-qr-synth.h"

typedef struct
{
  const char *dir;
  guint       series;
  gboolean    no_code;
  guint       count;
  gint        failures;
} Job;

static void
make_item_cb (gpointer data,
              gpointer user_data)
{
  Job *job = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  KioskSynthParams params;
  g_autofree char *stem = NULL;
  g_autofree char *payload = kiosk_synth_corpus_item (job->series, index, job->count, &params,
                                                       &stem);
  int quality = params.jpeg_quality;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *text_path = NULL;

  /* The JPEG degradation is the file itself, compressed once as a camera would. */
  params.jpeg_quality = 0;
  params.no_code = job->no_code;
  image = kiosk_synth_qr (payload, &params, 1280, 720, &error);
  if (image != NULL)
    bytes = kiosk_synth_encode (image, quality, &error);
  image_path = g_strdup_printf ("%s/%s.%s", job->dir, stem, quality > 0 ? "jpg" : "png");
  text_path = g_strdup_printf ("%s/%s.txt", job->dir, stem);
  if (bytes == NULL ||
      !g_file_set_contents (image_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &error) ||
      !g_file_set_contents (text_path, job->no_code ? "" : payload, -1, &error))
    {
      g_printerr ("make-qr-corpus: %s: %s\n", stem, error->message);
      g_atomic_int_inc (&job->failures);
    }
}

int
main (int   argc,
      char *argv[])
{
  Job job = { 0 };
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;

  int first = 1;

  for (; first < argc && g_str_has_prefix (argv[first], "--"); first++)
    {
      if (g_str_equal (argv[first], "--no-code"))
        job.no_code = TRUE;
      else if (g_str_equal (argv[first], "--series") && first + 1 < argc)
        job.series = (guint) g_ascii_strtoull (argv[++first], NULL, 10);
      else
        break;
    }
  if (argc - first < 1 || argc - first > 2)
    {
      g_printerr ("usage: make-qr-corpus [--series N] [--no-code] OUTDIR [COUNT]\n");
      return 2;
    }
  job.dir = argv[first];
  job.count = argc - first == 2 ? (guint) g_ascii_strtoull (argv[first + 1], NULL, 10) : 243;
  if (job.count == 0 || job.count > 10000)
    {
      g_printerr ("make-qr-corpus: COUNT must be 1-10000\n");
      return 2;
    }
  if (g_mkdir_with_parents (job.dir, 0755) != 0)
    {
      g_printerr ("make-qr-corpus: cannot create %s\n", job.dir);
      return 2;
    }

  pool = g_thread_pool_new (make_item_cb, &job, (int) g_get_num_processors (), TRUE, &error);
  if (pool == NULL)
    {
      g_printerr ("make-qr-corpus: %s\n", error->message);
      return 2;
    }
  for (guint i = 0; i < job.count; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  return job.failures == 0 ? 0 : 1;
}
