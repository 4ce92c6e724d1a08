/* sl-media-time.c: a position in footage written as a person reads it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-media-time"

#include "config.h"

#include "core/sl-media-time.h"

/* public API */

char *
sl_media_time_format (gint64 ms)
{
  gint64 tenths = (MAX (ms, 0) + 50) / 100;
  gint64 h = tenths / 36000, m = (tenths / 600) % 60;
  int s = (int) ((tenths / 10) % 60), t = (int) (tenths % 10);

  if (h > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%d", h, (int) m, s, t);
  return g_strdup_printf ("%d:%02d.%d", (int) m, s, t);
}
