/* fuzz-labels.c: the fairness label reader (src/core/sl-fairness-labels.c)
 * on any bytes: labels or an error naming the file, never a crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/sl-fairness-labels.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  SlLabels *labels;

  fuzz_init ();
  labels = sl_labels_parse ((const char *) data, size, "labels.csv", &error);
  if ((labels == NULL) == (error == NULL))
    abort ();
  if (error != NULL && strstr (error->message, "labels.csv") == NULL)
    abort ();
  sl_labels_free (labels);
  return 0;
}
