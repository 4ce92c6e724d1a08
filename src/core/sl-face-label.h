/* sl-face-label.h: the one name of a probe face or a footage track, the
 * same on every screen, in the command line and in the case report.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A face of a still: "Face 9 · IMG_0042.jpg". A face of footage is named by
 * its track and time: "Track 2 · clip.mp4 · 1:12.0". The numbers are the
 * database's, so a label is unique within a case (and beyond it). The name
 * is left out when `evidence_name` is NULL; `time_ms` is -1 for a still. */
char *sl_face_label  (gint64      face_id,
                      gint64      track_id,
                      gint64      time_ms,
                      const char *evidence_name);

/* A whole track: "Track 2 · clip.mp4 · 1:12.0–1:20.0". */
char *sl_track_label (gint64      track_id,
                      gint64      first_ms,
                      gint64      last_ms,
                      const char *evidence_name);

G_END_DECLS
