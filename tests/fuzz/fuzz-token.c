/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: scanned bytes through the token parser and verifier (clang only; CI runs
 * it for a bounded time, see .ci/test). The checks are in fuzz-token-target.c. */
#define G_LOG_DOMAIN "fuzz-token"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz-token-target.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_token_set_up ();
  /* libFuzzer leaves through exit (): take the scratch store with it. */
  atexit (fuzz_token_tear_down);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;

  fuzz_token_check (data, size, &error);
  return 0;
}
