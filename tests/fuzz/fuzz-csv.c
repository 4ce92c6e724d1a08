/* fuzz-csv.c: the CSV reader (src/core/sl-csv.c) on any bytes: it returns
 * rows or an error naming the input, and never crashes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/sl-csv.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  fuzz_init ();
  rows = sl_csv_parse ((const char *) data, size, "fuzz.csv", &error);
  if ((rows == NULL) == (error == NULL))
    abort ();
  if (error != NULL && strstr (error->message, "fuzz.csv") == NULL)
    abort ();
  return 0;
}
