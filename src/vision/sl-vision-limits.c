/* sl-vision-limits.c: puts OpenCV's decoder limits in place before OpenCV
 * reads them: a TIFF whose header fooled our probe must still not be
 * decoded at 20000x20000.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-vision"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vision/sl-vision-limits.h"

/* helpers */

typedef struct
{
  const char *name;
  guint64     value;
} Limit;

static const Limit limits[] = {
  { "OPENCV_IO_MAX_IMAGE_PIXELS", SL_DECODER_MAX_PIXELS },
  { "OPENCV_IO_MAX_IMAGE_WIDTH",  SL_DECODER_MAX_SIDE },
  { "OPENCV_IO_MAX_IMAGE_HEIGHT", SL_DECODER_MAX_SIDE },
};

static gboolean
limit_holds (const Limit *limit)
{
  const char *value = g_getenv (limit->name);
  guint64 n = 0;

  /* A stricter limit set by whoever started us is kept. */
  return value != NULL && g_ascii_string_to_unsigned (value, 10, 1, limit->value, &n, NULL);
}

/* public API */

gboolean
sl_vision_limits_in_effect (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    if (!limit_holds (&limits[i]))
      return FALSE;
  return TRUE;
}

void
sl_vision_limits_apply (char **argv)
{
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  if (sl_vision_limits_in_effect ())
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    if (!limit_holds (&limits[i]))
      {
        char value[32];

        g_snprintf (value, sizeof value, "%" G_GUINT64_FORMAT, limits[i].value);
        g_setenv (limits[i].name, value, TRUE);
      }
  /* The variables now hold, so the program started again returns above:
   * it never starts a third time. */
  execv ("/proc/self/exe", argv);
  g_warning ("Cannot start %s again with the image decoder limits in place: %s; "
             "only Sightline's own header checks limit image sizes",
             argv[0], g_strerror (errno));
}
