/* fuzz-video-seek.c: the viewer's seeking reader (sl_video_seeker_new,
 * _frame_at and _next) on any bytes written to a file: frames, or an error
 * naming the file; never a crash. The input's last byte picks the times
 * jumped to, so jumps back, forward and past the end are all tried.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vision/sl-video-seek.h"
#include "vision/sl-vision-error.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (const GError *error)
{
  if (error != NULL && strstr (error->message, "sl-fuzz-") == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoSeeker) seeker = NULL;
  guint8 pick = size > 0 ? data[size - 1] : 0;
  const gint64 times[] = { 40 * (pick % 16), 2500, 20, 1000000, 0 };

  fuzz_init ();
  path = fuzz_write_file (data, size, ".vid");
  seeker = sl_video_seeker_new (path, 0, &error);
  if ((seeker == NULL) == (error == NULL))
    abort ();
  check_error (error);
  for (guint i = 0; seeker != NULL && i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(SlImage) frame = sl_video_seeker_frame_at (seeker, times[i], NULL, NULL, &error);
      g_autoptr(SlImage) next = NULL;

      if (frame == NULL)
        {
          check_error (error);
          break;
        }
      next = sl_video_seeker_next (seeker, NULL, NULL, &error);
      check_error (error);
      g_clear_error (&error);
    }
  return 0;
}
