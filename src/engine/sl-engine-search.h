/* sl-engine-search.h: probe faces from evidence, the justified 1:N search
 * of a gallery with calibrated confidence, and the two-person review of
 * its candidates.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-probe.h"
#include "core/sl-search.h"
#include "core/sl-track.h"
#include "engine/sl-engine.h"
#include "engine/sl-footage.h"

G_BEGIN_DECLS

/* Analysis (sl-engine-analyze.c). */
typedef struct
{
  gint64      evidence_id;
  char       *case_number;
  char       *model_id;
  gboolean    already;       /* analysed before with this model: the faces found then */
  GPtrArray  *faces;         /* SlProbeFace of a still, without embeddings and crops */
  /* Footage only; NULL for a still. */
  SlFootageAnalysis *footage;
  GPtrArray  *tracks;        /* SlTrack by first time, without templates */
} SlAnalysis;

typedef struct
{
  double                 sample_fps;     /* footage: samples a second, 0 every
                                          * frame; negative: the default */
  SlFootageProgressFunc  progress;       /* footage: called in the calling thread */
  gpointer               progress_data;
} SlAnalyzeOptions;

void        sl_analysis_free        (SlAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAnalysis, sl_analysis_free)

/* Finds and stores the faces of a still of the case (box, landmarks,
 * quality, embedding with embedder_id, NULL: the default one; the aligned
 * crop). Needs SL_ACTION_ANALYZE and an open case; audited. Analysing the
 * same evidence with the same model again returns the faces stored then. */
SlAnalysis *sl_engine_analyze        (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      GCancellable   *cancellable,
                                      GError        **error);
/* The same, for a still or footage. Footage is analysed into tracks (see
 * sl-footage.h), each stored with its best views as probe faces and its
 * template, with the analysis row and the audit row in one transaction.
 * When decoding stops early, what was analysed is stored, marked partial
 * with the reason and the place. Analysing again with the same model and
 * sampling rate returns what was stored. */
SlAnalysis *sl_engine_analyze_full   (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      const SlAnalyzeOptions *options,
                                      GCancellable   *cancellable,
                                      GError        **error);
void        sl_engine_analyze_async  (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      GCancellable   *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer        user_data);
SlAnalysis *sl_engine_analyze_finish (SlEngine       *self,
                                      GAsyncResult   *result,
                                      GError        **error);

/* What stands for a footage track in a search from it. */
typedef enum
{
  SL_TRACK_PROBE_TEMPLATE,        /* the normalised mean of its best views */
  SL_TRACK_PROBE_BEST,            /* its best view */
} SlTrackProbe;

const char *sl_track_probe_to_string   (SlTrackProbe  probe);
gboolean    sl_track_probe_from_string (const char   *text,
                                        SlTrackProbe *probe);

/* Search (sl-engine-search.c). Strings are borrowed; NULL or empty for a
 * justification field means it is missing, and the search is refused.
 * The probe is a face, or a footage track (not both). */
typedef struct
{
  const char *case_number;
  gint64      face_id;
  const char *gallery;
  const char *offense;            /* a code of the policy's offense list */
  const char *legal_basis;        /* legal basis or authorisation reference */
  const char *purpose;            /* one of the policy's purposes */
  const char *facts;              /* articulable facts, at least the policy's minimum */
  guint       top_k;              /* 0: 50, or the policy's maximum when lower */
  gboolean    show_below_threshold;
  gint64      track_id;           /* instead of face_id */
  SlTrackProbe track_probe;
} SlSearchRequest;

typedef struct
{
  gint64    candidate_id;
  guint     rank;
  gint64    subject_id;
  char     *external_id;
  char     *name;                 /* may be NULL */
  gint64    gallery_face_id;
  double    similarity;
  double    false_match_rate;     /* measured share of unrelated faces scoring this high */
  gboolean  beyond_range;         /* none measured did: the rate is a bound */
  double    expected_false;       /* false_match_rate x faces searched */
  gboolean  above_threshold;
  char     *describe;             /* "1 in 40,000 unrelated faces score this high" */
} SlSearchCandidate;

typedef struct
{
  gint64      search_id;
  char       *case_number;
  gint64      face_id;            /* for a track, its best view */
  gint64      track_id;           /* 0: searched from a face */
  const char *probe;              /* face, track-best, track-template (static) */
  char       *gallery;
  gint64      gallery_size;       /* faces searched: every image of every subject */
  gint64      gallery_subjects;
  char       *model_id;
  double      threshold;
  guint       top_k;
  guint       above_threshold;    /* candidates at or above the threshold */
  gboolean    below_threshold_shown;
  char       *calibration;        /* what the rates were measured on */
  char       *fairness;           /* the model's per-group measurement in force
                                   * (sl_fairness_describe); NULL: none */
  char       *threshold_describe; /* the threshold's own false-match rate, for a person */
  char       *started_at;
  char       *ended_at;
  gboolean    matrix_loaded;      /* the gallery was read from the database for this search */
  double      load_ms;
  double      search_ms;
  GPtrArray  *candidates;         /* SlSearchCandidate shown, best first */
} SlSearchResult;

void            sl_search_result_free   (SlSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchResult, sl_search_result_free)

/* The justified search. Refused (SL_ENGINE_ERROR_REFUSED, audited as
 * refused, nothing searched) when the role may not search, a justification
 * field is missing, the offense is not in the policy's list, the purpose
 * is not one of the policy's, the facts are shorter than the policy's
 * minimum, top-k is above the policy's maximum, the case is closed, the
 * face is not of this case, or the face and the gallery were embedded
 * with different models. Otherwise the gallery's best face per subject is
 * ranked by exact similarity; the candidates at or above the policy
 * threshold are shown (all top-k when show_below_threshold), each with its
 * calibrated false-match rate, recorded with the search in one
 * transaction and audited with their scores in the search's audit row. */
SlSearchResult *sl_engine_search        (SlEngine               *self,
                                         SlSession              *session,
                                         const SlSearchRequest  *request,
                                         GCancellable           *cancellable,
                                         GError                **error);
void            sl_engine_search_async  (SlEngine               *self,
                                         SlSession              *session,
                                         const SlSearchRequest  *request,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
SlSearchResult *sl_engine_search_finish (SlEngine               *self,
                                         GAsyncResult           *result,
                                         GError                **error);

/* Review (sl-engine-review.c). */
typedef struct
{
  gint64          decision_id;
  gint64          candidate_id;
  gboolean        second;          /* this was the second, independent review */
  SlDecisionKind  decision;
  SlReviewStatus  status;          /* where the candidate stands now */
} SlDecideResult;

/* Records a decision ("possible-lead", "excluded", "inconclusive") with its
 * rationale. The first decision needs SL_ACTION_DECIDE; once there is one
 * by someone else, the next is the second review, which needs
 * SL_ACTION_REVIEW. The same person never decides twice on a candidate. A
 * candidate is a confirmed lead only when both say possible-lead; when they
 * differ it is flagged for a supervisor. Audited; refusals too. */
gboolean        sl_engine_decide        (SlEngine        *self,
                                         SlSession       *session,
                                         gint64           candidate_id,
                                         const char      *decision,
                                         const char      *rationale,
                                         SlDecideResult  *result,
                                         GError         **error);
/* Candidates waiting for this user's second review, blind: the first
 * decision is not given. Needs SL_ACTION_REVIEW; audited with the
 * candidates shown. SlCandidate. */
GPtrArray      *sl_engine_review_queue  (SlEngine        *self,
                                         SlSession       *session,
                                         GError         **error);
/* Candidates whose two decisions differ, with both (case_number NULL:
 * every case). Needs SL_ACTION_REVIEW. SlCandidate. */
GPtrArray      *sl_engine_review_disagreements (SlEngine   *self,
                                         SlSession       *session,
                                         const char      *case_number,
                                         GError         **error);
/* The confirmed leads of a case (NULL: every case), with both decisions.
 * Needs SL_ACTION_CASE_READ. SlCandidate. */
GPtrArray      *sl_engine_review_leads  (SlEngine        *self,
                                         SlSession       *session,
                                         const char      *case_number,
                                         GError         **error);

G_END_DECLS
