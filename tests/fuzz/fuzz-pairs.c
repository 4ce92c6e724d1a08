/* fuzz-pairs.c: the LFW pair list reader (src/analysis/sl-lfw-pairs.c) on
 * any bytes: pairs or an error naming the list, never a crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "analysis/sl-lfw-pairs.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLfwPairs) pairs = NULL;

  fuzz_init ();
  pairs = sl_lfw_pairs_parse ((const char *) data, size, "pairs.txt", &error);
  if ((pairs == NULL) == (error == NULL))
    abort ();
  if (error != NULL && strstr (error->message, "pairs.txt") == NULL)
    abort ();
  return 0;
}
