/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `kiosk --screenshots DIR` under Xvfb, as a reviewer runs it: every page in both languages,
 * portrait and landscape, each picture exactly the screen's size, the two languages differing,
 * and the kiosk's own database untouched (the tour files its feedback in a demo database). */
#define G_LOG_DOMAIN "test-screenshots"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-screenshots.h"
#include "kiosk-screenshots-paper.h"
#include "kiosk-ui-test-util.h"

static gboolean
read_png_size (const char *path,
               guint      *width,
               guint      *height)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  const guchar *bytes;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < 24)
    return FALSE;
  bytes = (const guchar *) data;
  if (memcmp (bytes, "\211PNG\r\n\032\n", 8) != 0 || memcmp (bytes + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = (guint) bytes[16] << 24 | (guint) bytes[17] << 16 | (guint) bytes[18] << 8 | bytes[19];
  *height = (guint) bytes[20] << 24 | (guint) bytes[21] << 16 | (guint) bytes[22] << 8 | bytes[23];
  return TRUE;
}

/* The words of an Arabic session: identifiers (plates, references) are spelt one character
 * at a time, so two Latin letters in a row are an English word spoken by mistake. */
static gboolean
has_latin_word (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = g_ascii_isalpha (*p) ? run + 1 : 0;
      if (run == 2)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_arabic_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC &&
        g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Every page has spoken words (speech/<page>-<lang>.txt, written by the tour) in its
 * session's language: Arabic ones with no English word, English ones with English. */
static void
check_spoken_texts (const char         *shots,
                    const char * const *pages)
{
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_autofree char *ar_path = g_strdup_printf ("%s/speech/%s-ar.txt", shots, pages[i]);
      g_autofree char *en_path = g_strdup_printf ("%s/speech/%s-en.txt", shots, pages[i]);
      g_autofree char *ar = NULL;
      g_autofree char *en = NULL;

      g_assert_true (g_file_get_contents (ar_path, &ar, NULL, NULL));
      g_assert_true (g_file_get_contents (en_path, &en, NULL, NULL));
      g_test_message ("%s: %s | %s", pages[i], ar, en);
      g_assert_true (has_arabic_letter (ar));
      g_assert_false (has_latin_word (ar));
      g_assert_true (has_latin_word (en));
    }
}

static void
run_tour (guint width,
          guint height)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *shots = g_build_filename (dir, "shots", NULL);
  g_autofree char *config = g_build_filename (dir, "kiosk.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *size = g_strdup_printf ("%ux%u", width, height);
  g_autofree char *out = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  const char * const *pages = kiosk_screenshots_get_pages ();
  const char *argv[] = {
    g_getenv ("KIOSK_APP"), "--config", config, "--screenshots", shots, "--size", size, NULL,
  };
  int status = -1;
  guint n_pages = 0;

  g_assert_nonnull (argv[0]);
  /* The configured database does not even exist: the tour must not need it, nor create it. */
  config_text = g_strdup_printf ("[kiosk]\ncode=TEST01\nlanguage=ar\ndatabase=%s\n", db);
  g_file_set_contents (config, config_text, -1, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  for (guint i = 0; pages[i] != NULL; i++, n_pages++)
    {
      g_autofree char *ar = g_strdup_printf ("%s/%s-ar.png", shots, pages[i]);
      g_autofree char *en = g_strdup_printf ("%s/%s-en.png", shots, pages[i]);
      g_autofree char *ar_data = NULL;
      g_autofree char *en_data = NULL;
      gsize ar_length, en_length;
      guint w = 0, h = 0;

      g_assert_true (read_png_size (ar, &w, &h));
      g_assert_cmpuint (w, ==, width);
      g_assert_cmpuint (h, ==, height);
      g_assert_true (read_png_size (en, &w, &h));
      g_assert_cmpuint (w, ==, width);
      g_assert_cmpuint (h, ==, height);
      /* Each language draws its own screen (the bilingual attract and not-ready pages
       * included: their header or highlight differs). */
      g_assert_true (g_file_get_contents (ar, &ar_data, &ar_length, NULL));
      g_assert_true (g_file_get_contents (en, &en_data, &en_length, NULL));
      if (!g_str_has_prefix (pages[i], "attract") && !g_str_equal (pages[i], "not-ready"))
        g_assert_true (ar_length != en_length || memcmp (ar_data, en_data, ar_length) != 0);
      g_assert_nonnull (strstr (out, ar));
    }
  g_assert_cmpuint (n_pages, >=, 17);
  check_spoken_texts (shots, pages);
  listed = kiosk_test_list_dir (shots);
  /* The pages, the folder of paper (kiosk-screenshots-paper.h) and the spoken texts. */
  g_assert_cmpuint (listed->len, ==, 2 * n_pages + 2);
  for (const char * const *file = kiosk_screenshots_paper_get_files (); *file != NULL; file++)
    {
      g_autofree char *path = g_build_filename (shots, "paper", *file, NULL);
      guint w = 0, h = 0;

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      if (g_str_has_prefix (*file, "slip-"))
        {
          /* The raster as sent: the print head's 576 dots. */
          g_assert_true (read_png_size (path, &w, &h));
          g_assert_cmpuint (w, ==, 576);
        }
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  kiosk_test_remove_dir (dir);
}

static void
test_portrait_tour_renders_every_page (void)
{
  run_tour (1080, 1920);
}

static void
test_landscape_tour_renders_every_page (void)
{
  run_tour (1920, 1080);
}

static void
test_bad_size_is_refused (void)
{
  const char *argv[] = { g_getenv ("KIOSK_APP"), "--size", "1080by1920", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "--size"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/ui/screenshots/portrait-tour-renders-every-page",
                   test_portrait_tour_renders_every_page);
  g_test_add_func ("/kiosk/ui/screenshots/landscape-tour-renders-every-page",
                   test_landscape_tour_renders_every_page);
  g_test_add_func ("/kiosk/ui/screenshots/bad-size-is-refused", test_bad_size_is_refused);

  return g_test_run ();
}
