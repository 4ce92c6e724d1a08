/* fuzz-video.c: the footage reader (sl_video_reader_new and _next) on any
 * bytes written to a file: frames, or an error naming the file; never a
 * crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vision/sl-video.h"
#include "vision/sl-vision-error.h"
#include "fuzz-common.h"

/* Enough to run the decoder past the first frame and into the end checks. */
#define FUZZ_MAX_FRAMES 12

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoReader) reader = NULL;

  fuzz_init ();
  sl_vision_set_threads (1);
  path = fuzz_write_file (data, size, ".vid");
  reader = sl_video_reader_new (path, 0, &error);
  if ((reader == NULL) == (error == NULL))
    abort ();
  /* The file's own name is what the reader reports. */
  if (error != NULL && strstr (error->message, "sl-fuzz-") == NULL)
    abort ();
  for (int i = 0; reader != NULL && i < FUZZ_MAX_FRAMES; i++)
    {
      g_autoptr(SlImage) frame = sl_video_reader_next (reader, NULL, NULL, &error);

      if (frame == NULL)
        {
          if (error != NULL && strstr (error->message, "sl-fuzz-") == NULL)
            abort ();
          break;
        }
    }
  return 0;
}
