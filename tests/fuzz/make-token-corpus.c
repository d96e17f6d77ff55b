/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the token fuzz target's seed corpus: `make-token-corpus DIR`. The committed corpus
 * is tests/fuzz/corpus/token; the corpus test checks it still matches what this writes. */
#define G_LOG_DOMAIN "fuzz-token"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "fuzz-token-target.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (argc != 2)
    {
      g_printerr ("usage: make-token-corpus DIR\n");
      return 2;
    }
  if (g_mkdir_with_parents (argv[1], 0755) != 0)
    {
      g_printerr ("make-token-corpus: cannot create %s\n", argv[1]);
      return 2;
    }
  fuzz_token_set_up ();
  ok = fuzz_token_write_seeds (argv[1], &error);
  fuzz_token_tear_down ();
  if (!ok)
    {
      g_printerr ("make-token-corpus: %s\n", error->message);
      return 2;
    }
  return 0;
}
