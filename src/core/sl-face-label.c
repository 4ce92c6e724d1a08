/* sl-face-label.c: the one name of a probe face or a footage track. The
 * viewer, the search dialog, the results window, the originals, the command
 * line and the report all call these, so a face is never "Face 1" on one
 * screen and "Face 9 of evidence 3" on the next.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-label"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-face-label.h"
#include "core/sl-media-time.h"

/* helpers */

static char *
with_name (char       *label,
           const char *evidence_name)
{
  g_autofree char *owned = label;

  if (evidence_name == NULL || *evidence_name == '\0')
    return g_steal_pointer (&owned);
  /* Translators: a face's or track's label, then the evidence file's name */
  return g_strdup_printf (_("%s · %s"), owned, evidence_name);
}

/* public API */

char *
sl_face_label (gint64      face_id,
               gint64      track_id,
               gint64      time_ms,
               const char *evidence_name)
{
  g_autofree char *at = NULL;
  char *label;

  if (track_id <= 0)
    {
      /* Translators: a face of a still by its number, e.g. "Face 9" */
      label = g_strdup_printf (_("Face %" PRId64), face_id);
      return with_name (label, evidence_name);
    }
  /* Translators: a face of footage by its track's number, e.g. "Track 2" */
  label = with_name (g_strdup_printf (_("Track %" PRId64), track_id), evidence_name);
  if (time_ms < 0)
    return label;
  at = sl_media_time_format (time_ms);
  return with_name (label, at);
}

char *
sl_track_label (gint64      track_id,
                gint64      first_ms,
                gint64      last_ms,
                const char *evidence_name)
{
  g_autofree char *from = sl_media_time_format (first_ms);
  g_autofree char *to = sl_media_time_format (last_ms);
  /* Translators: the span of a footage track, e.g. "1:12.0–1:20.0" */
  g_autofree char *span = g_strdup_printf (_("%s–%s"), from, to);
  char *label = with_name (g_strdup_printf (_("Track %" PRId64), track_id), evidence_name);

  return with_name (label, span);
}
