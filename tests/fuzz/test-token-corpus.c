/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays the token fuzz target's seed corpus in every build (gcc too, and under ASan in CI):
 * each seed gives the outcome its name says, the corpus is what its generator writes, and
 * random mutations of the seeds keep the target's invariants. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-token-target.h"
#include "kiosk-error.h"

static const struct
{
  const char *prefix;
  int         code;  /* -1: verifies */
} outcomes[] = {
  { "ok-", -1 },
  { "malformed-", KIOSK_ERROR_TOKEN_MALFORMED },
  { "too-long", KIOSK_ERROR_TOKEN_TOO_LONG },
  { "version-", KIOSK_ERROR_TOKEN_VERSION },
  { "unknown-key-", KIOSK_ERROR_TOKEN_UNKNOWN_KEY },
  { "bad-signature-", KIOSK_ERROR_TOKEN_BAD_SIGNATURE },
  { "expired-", KIOSK_ERROR_TOKEN_EXPIRED },
  { "key-not-valid-", KIOSK_ERROR_TOKEN_KEY_NOT_VALID },
};

static char *
corpus_dir (void)
{
  const char *source = g_getenv ("KIOSK_SOURCE_DIR");

  return g_build_filename (source ? source : KIOSK_SOURCE_DIR, "tests", "fuzz", "corpus",
                           "token", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static GBytes *
read_file (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
test_seeds_give_named_outcome (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GPtrArray) names = list (dir);
  guint seen[G_N_ELEMENTS (outcomes)] = { 0 };

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GBytes) data = read_file (dir, name);
      g_autoptr(GError) error = NULL;
      gboolean ok = fuzz_token_check (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                      &error);
      guint o;

      for (o = 0; o < G_N_ELEMENTS (outcomes); o++)
        if (g_str_has_prefix (name, outcomes[o].prefix))
          break;
      g_assert_cmpuint (o, <, G_N_ELEMENTS (outcomes));
      g_test_message ("%s: %s", name, ok ? "verifies" : error->message);
      if (outcomes[o].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, KIOSK_ERROR, outcomes[o].code);
        }
      seen[o]++;
    }

  /* Every kind verifies, and every way of refusing has a seed to start from. */
  g_assert_cmpuint (seen[0], >=, 6);
  for (guint o = 1; o < G_N_ELEMENTS (outcomes); o++)
    g_assert_cmpuint (seen[o], >=, 1);
}

static void
test_corpus_matches_generator (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *committed = corpus_dir ();
  g_autofree char *fresh = g_dir_make_tmp ("kiosk-corpus-XXXXXX", &error);
  g_autoptr(GPtrArray) committed_names = NULL;
  g_autoptr(GPtrArray) fresh_names = NULL;

  g_assert_no_error (error);
  g_assert_true (fuzz_token_write_seeds (fresh, &error));
  g_assert_no_error (error);

  committed_names = list (committed);
  fresh_names = list (fresh);
  g_assert_cmpuint (committed_names->len, ==, fresh_names->len);
  for (guint i = 0; i < fresh_names->len; i++)
    {
      const char *name = g_ptr_array_index (fresh_names, i);
      g_autoptr(GBytes) a = read_file (committed, name);
      g_autoptr(GBytes) b = read_file (fresh, name);
      g_autofree char *path = g_build_filename (fresh, name, NULL);

      g_assert_cmpstr (g_ptr_array_index (committed_names, i), ==, name);
      if (!g_bytes_equal (a, b))
        g_test_fail_printf ("%s differs from what make-token-corpus writes now: regenerate "
                            "tests/fuzz/corpus/token", name);
      g_remove (path);
    }
  g_rmdir (fresh);
}

static void
test_mutations_keep_invariants (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GPtrArray) names = list (dir);
  guint verified = 0, refused = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GBytes) seed = read_file (dir, g_ptr_array_index (names, i));
      gsize size = g_bytes_get_size (seed);

      for (guint round = 0; round < 1000; round++)
        {
          g_autoptr(GByteArray) input = g_byte_array_new ();
          g_autoptr(GError) error = NULL;
          guint edits = (guint) g_test_rand_int_range (1, 4);

          g_byte_array_append (input, g_bytes_get_data (seed, NULL), (guint) size);
          for (guint e = 0; e < edits; e++)
            {
              guint at = input->len ? (guint) g_test_rand_int_range (0, (gint32) input->len) : 0;
              guint8 byte = (guint8) g_test_rand_int_range (0, 256);

              switch (g_test_rand_int_range (0, 4))
                {
                case 0:  /* flip a bit */
                  if (input->len)
                    input->data[at] ^= (guint8) (1u << g_test_rand_int_range (0, 8));
                  break;
                case 1:  /* insert a byte */
                  g_byte_array_set_size (input, input->len + 1);
                  memmove (input->data + at + 1, input->data + at, input->len - 1 - at);
                  input->data[at] = byte;
                  break;
                case 2:  /* delete a byte */
                  if (input->len)
                    g_byte_array_remove_index (input, at);
                  break;
                default:  /* cut the end off */
                  g_byte_array_set_size (input, at);
                  break;
                }
            }
          if (fuzz_token_check (input->data, input->len, &error))
            verified++;
          else
            refused++;
        }
    }
  g_test_message ("%u mutations verified, %u refused", verified, refused);
  g_assert_cmpuint (refused, >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fuzz_token_set_up ();

  g_test_add_func ("/kiosk/token/corpus/seeds-give-their-named-outcome",
                   test_seeds_give_named_outcome);
  g_test_add_func ("/kiosk/token/corpus/matches-its-generator", test_corpus_matches_generator);
  g_test_add_func ("/kiosk/token/corpus/mutations-keep-the-invariants",
                   test_mutations_keep_invariants);

  status = g_test_run ();
  fuzz_token_tear_down ();
  return status;
}
