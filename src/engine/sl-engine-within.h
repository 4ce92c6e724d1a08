/* sl-engine-within.h: the justified search within a case: one face or
 * footage track of a case ranked against the case's other faces and tracks
 * (sl-engine-within.c), with the calibrated rates and the threshold of a
 * gallery search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine-search.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    candidate_id;
  guint     rank;
  gint64    evidence_id;
  gint64    face_id;              /* a still's face; a track's best view */
  gint64    track_id;             /* 0: a still's face */
  gint64    time_ms;              /* footage: the best view's time; -1: a still */
  double    similarity;           /* exact cosine */
  double    false_match_rate;     /* measured share of unrelated faces scoring this high */
  gboolean  beyond_range;         /* none measured did: the rate is a bound */
  double    expected_false;       /* false_match_rate x faces and tracks compared */
  gboolean  above_threshold;
  char     *describe;             /* "1 in 40,000 unrelated faces score this high" */
  char     *label;                /* "Face 9 · IMG_0042.jpg" (sl_face_label ()) */
} SlWithinCandidate;

typedef struct
{
  gint64      search_id;
  char       *case_number;
  gint64      face_id;            /* for a track, its best view */
  gint64      track_id;           /* 0: searched from a face */
  const char *probe;              /* face, track-best, track-template (static) */
  char       *probe_label;        /* "Face 9 · IMG_0042.jpg" (sl_face_label ()) */
  gint64      compared;           /* the case's faces and tracks compared */
  gint64      skipped_other_model;/* left out: embedded by another model */
  char       *model_id;
  double      threshold;
  guint       top_k;
  guint       above_threshold;
  gboolean    below_threshold_shown;
  char       *calibration;
  char       *fairness;           /* NULL: no per-group measurement */
  char       *threshold_describe;
  char       *started_at;
  char       *ended_at;
  double      search_ms;          /* reading and comparing the case's faces */
  GPtrArray  *candidates;         /* SlWithinCandidate, best first */
} SlWithinResult;

void            sl_within_result_free          (SlWithinResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWithinResult, sl_within_result_free)

/* The search within the request's case (request->gallery is ignored and
 * request->within_case is implied). Refused, audited and nothing compared
 * under the same rules as sl_engine_search(), except that no gallery is
 * named and the facts need the policy's within-case-min-facts-length. The
 * probe's own face, and its whole track when it is in one, are left out;
 * faces and tracks embedded by another model file than the probe's are
 * never compared, only counted. Every other still face and footage track
 * of the case is scored by exact cosine similarity; those at or above the
 * policy threshold (all top-k when show_below_threshold) are recorded
 * with the search (scope 'case') and its audit row, in one transaction. */
SlWithinResult *sl_engine_search_within        (SlEngine               *self,
                                                SlSession              *session,
                                                const SlSearchRequest  *request,
                                                GCancellable           *cancellable,
                                                GError                **error);
void            sl_engine_search_within_async  (SlEngine               *self,
                                                SlSession              *session,
                                                const SlSearchRequest  *request,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
SlWithinResult *sl_engine_search_within_finish (SlEngine               *self,
                                                GAsyncResult           *result,
                                                GError                **error);

G_END_DECLS
