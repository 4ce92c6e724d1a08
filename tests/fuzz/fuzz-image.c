/* fuzz-image.c: the still decoders' two entry points, from memory
 * (sl_image_load_bytes) and from a file (sl_image_load_named), on any
 * bytes: an image within the limit, or an error naming the file; never a
 * crash, an OpenCV message or an allocation past the limit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vision/sl-image.h"
#include "vision/sl-vision-error.h"
#include "fuzz-common.h"

/* Small, so that each input costs little; OpenCV's own limit (set by
 * build-aux/fuzz.sh as the programs set it) still stands behind it. */
#define FUZZ_MAX_PIXELS (4 * 1000 * 1000)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (SlImage *image,
       GError  *error)
{
  if ((image == NULL) == (error == NULL))
    abort ();
  if (error != NULL && (strstr (error->message, "fuzz.img") == NULL ||
                        strstr (error->message, "OpenCV") != NULL))
    abort ();
  if (image != NULL &&
      (guint64) sl_image_get_width (image) * sl_image_get_height (image) > FUZZ_MAX_PIXELS)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(SlImage) from_file = NULL;

  fuzz_init ();
  sl_vision_set_threads (1);
  image = sl_image_load_bytes (bytes, "fuzz.img", FUZZ_MAX_PIXELS, &error);
  check (image, error);
  from_file = sl_image_load_named (fuzz_write_file (data, size, ".img"), "fuzz.img",
                                   FUZZ_MAX_PIXELS, &file_error);
  check (from_file, file_error);
  return 0;
}
