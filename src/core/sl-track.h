/* sl-track.h: footage analyses and the face tracks they found: one track
 * per appearance of a person, its times, its best view and the template a
 * search from the track compares.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* One analysis of footage with one model at one sampling rate. */
typedef struct
{
  gint64    id;
  gint64    evidence_id;
  char     *model_id;
  char     *model_sha256;
  double    sample_fps;       /* 0: every frame */
  gboolean  partial;          /* decoding stopped before the end */
  char     *stop_error;       /* why, when partial */
  gint64    stopped_ms;       /* the last time decoded, when partial; else -1 */
  gint64    frames_decoded;
  gint64    samples;
  guint     n_tracks;
  char     *analyzed_by;
  char     *analyzed_at;
} SlFootageAnalysis;

void               sl_footage_analysis_free   (SlFootageAnalysis        *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFootageAnalysis, sl_footage_analysis_free)

/* Inside the caller's transaction; id and analyst fields are ignored. */
gint64             sl_footage_analysis_insert (SlStore                  *store,
                                               const SlFootageAnalysis  *analysis,
                                               gint64                    user_id,
                                               GError                  **error);
/* NULL without an error when there is none. */
SlFootageAnalysis *sl_footage_analysis_lookup (SlStore                  *store,
                                               gint64                    evidence_id,
                                               const char               *model_sha256,
                                               double                    sample_fps,
                                               GError                  **error);

typedef struct
{
  gint64   id;
  gint64   evidence_id;
  gint64   case_id;
  char    *case_number;
  gint64   analysis_id;
  gint64   first_ms;
  gint64   last_ms;
  gint64   first_frame;
  gint64   last_frame;
  char    *end_reason;        /* left, cut, footage */
  guint    n_sightings;
  gint64   best_face_id;      /* 0 until the faces are stored */
  float   *template_embedding;/* dim floats, L2-normalised; NULL when not asked for */
  guint    dim;
  char    *model_id;
  char    *model_sha256;
  char    *purged_at;         /* when the template was purged under the
                               * retention policy; NULL while kept */
} SlTrack;

void         sl_track_free          (SlTrack        *track);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrack, sl_track_free)

/* Inside the caller's transaction; id, case and best face are ignored.
 * The id of the new row. */
gint64       sl_track_insert        (SlStore        *store,
                                     const SlTrack  *track,
                                     gint64          user_id,
                                     GError        **error);
/* Names the track's best view, once its faces are stored. */
gboolean     sl_track_set_best_face (SlStore        *store,
                                     gint64          track_id,
                                     gint64          face_id,
                                     GError        **error);
/* NOT_FOUND when there is no such track; with its template. */
SlTrack     *sl_track_lookup        (SlStore        *store,
                                     gint64          id,
                                     GError        **error);
/* The tracks of an analysis by first time, without templates. SlTrack. */
GPtrArray   *sl_track_list          (SlStore        *store,
                                     gint64          analysis_id,
                                     GError        **error);

G_END_DECLS
