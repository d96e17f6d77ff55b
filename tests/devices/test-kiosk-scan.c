/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-scan as a person runs it: the repository's corpus generator writes degraded pictures,
 * kiosk-scan prints their payloads; its exit status says found (0), none (1) or error (2). */
#define G_LOG_DOMAIN "test-kiosk-scan"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-qr-synth.h"
#include "kiosk-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static Run
run_tool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  g_ptr_array_add (argv, (char *) g_getenv ("KIOSK_SCAN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

static char *
make_corpus (guint count)
{
  char *dir = kiosk_test_make_dir ();
  g_autofree char *count_arg = g_strdup_printf ("%u", count);
  const char *argv[] = { g_getenv ("MAKE_QR_CORPUS"), dir, count_arg, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  return dir;
}

/* Every picture of the corpus at the lowest severity is read, payload for payload; over the
 * whole corpus (up to the worst severity) every line printed is a payload that is really there. */
static void
test_reads_corpus (void)
{
  guint count = 27;  /* three severities of each of the nine kinds */
  g_autofree char *dir = make_corpus (count);
  g_autoptr(GPtrArray) names = kiosk_test_list_dir (dir);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  guint easy = 0, found = 0;
  Run all;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *stem = NULL;
      g_autofree char *txt = NULL;
      char *payload = NULL;

      if (g_str_has_suffix (name, ".txt"))
        continue;
      g_assert_true (g_str_has_suffix (name, ".png") || g_str_has_suffix (name, ".jpg"));
      stem = g_strndup (path, strlen (path) - 4);
      txt = g_strconcat (stem, ".txt", NULL);
      g_assert_true (g_file_get_contents (txt, &payload, NULL, NULL));
      g_hash_table_add (expected, payload);
      g_ptr_array_add (images, g_strdup (path));

      /* "-s0.00": the first severity, still a realistic hand-held picture. */
      if (strstr (name, "-s0.00.") != NULL)
        {
          const char *args[] = { path, NULL };
          Run one = run_tool (args);
          g_autofree char *want = g_strconcat (payload, "\n", NULL);

          g_assert_cmpint (one.status, ==, 0);
          g_assert_cmpstr (one.out, ==, want);
          easy++;
          run_clear (&one);
        }
    }
  g_assert_cmpuint (images->len, ==, count);
  g_assert_cmpuint (easy, ==, 9);

  g_ptr_array_add (images, NULL);
  all = run_tool ((const char *const *) images->pdata);
  g_assert_cmpint (all.status, ==, 0);
  lines = g_strsplit (all.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        g_assert_true (g_hash_table_contains (expected, lines[i]));
        found++;
      }
  g_test_message ("kiosk-scan read %u of %u corpus pictures", found, count);
  g_assert_cmpuint (found, >=, count / 2);

  run_clear (&all);
  kiosk_test_remove_dir (dir);
}

static void
test_exit_codes (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *blank = g_build_filename (dir, "blank.png", NULL);
  g_autofree char *code = g_build_filename (dir, "code.jpg", NULL);
  g_autofree char *fake = g_build_filename (dir, "fake.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autoptr(KioskGrayImage) white = kiosk_gray_image_new (640, 480);
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  KioskSynthParams params;
  const char *payload = "https://www.mm.gov.om/e-services/track?ref=MCT01-261130-0042&lang=ar";

  memset (white->pixels, 255, (gsize) 640 * 480);
  bytes = kiosk_synth_encode (white, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (blank, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_clear_pointer (&bytes, g_bytes_unref);

  kiosk_synth_params_init (&params);
  image = kiosk_synth_qr (payload, &params, 1280, 720, &error);
  g_assert_no_error (error);
  bytes = kiosk_synth_encode (image, 85, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (code, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_assert_true (g_file_set_contents (fake, "<html>not a picture</html>", -1, &error));

  {
    const char *args[] = { blank, NULL };
    Run run = run_tool (args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    run_clear (&run);
  }
  {
    const char *args[] = { blank, code, NULL };
    Run run = run_tool (args);
    g_autofree char *want = g_strconcat (payload, "\n", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, want);
    run_clear (&run);
  }
  {
    /* A file that cannot be read is an error even when another one had a code; what was
     * found is still printed, and stderr names the file. */
    const char *args[] = { code, missing, NULL };
    Run run = run_tool (args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.out, payload));
    g_assert_nonnull (strstr (run.err, "missing.png"));
    run_clear (&run);
  }
  {
    const char *args[] = { fake, NULL };
    Run run = run_tool (args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "fake.png"));
    run_clear (&run);
  }
  {
    /* A PNG that claims 9000×9000 pixels is refused from its header, before any allocation;
     * a PNG cut short is refused when it is read. */
    static const guint8 huge[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0x23, 0x28, 0x00, 0x00, 0x23, 0x28, 0x08, 0x02, 0x00, 0x00, 0x00, 0xe2,
      0xb7, 0xe5, 0xed, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
      0x80, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x01, 0x7f, 0x80, 0x74, 0x5e,
    };
    g_autofree char *huge_path = g_build_filename (dir, "huge.png", NULL);
    g_autofree char *cut_path = g_build_filename (dir, "cut.png", NULL);
    g_autoptr(GBytes) png = kiosk_synth_encode (image, 0, &error);
    const char *args[] = { huge_path, cut_path, NULL };
    Run run;

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (huge_path, (const char *) huge, sizeof huge, &error));
    g_assert_true (g_file_set_contents (cut_path, g_bytes_get_data (png, NULL),
                                        (gssize) g_bytes_get_size (png) / 2, &error));
    run = run_tool (args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "huge.png: 9000×9000 pixels is over"));
    g_assert_nonnull (strstr (run.err, "cut.png"));
    g_assert_cmpstr (run.out, ==, "");
    run_clear (&run);
  }
  {
    const char *args[] = { NULL };
    Run run = run_tool (args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "usage"));
    run_clear (&run);
  }

  kiosk_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/devices/kiosk-scan/reads-the-generated-corpus", test_reads_corpus);
  g_test_add_func ("/kiosk/devices/kiosk-scan/exit-0-found-1-none-2-error", test_exit_codes);

  return g_test_run ();
}
