/* sl-engine-search.h: the justified 1:N search of a gallery with
 * calibrated confidence (sl-engine-search.c), and the check of a request
 * that runs before it (sl-engine-search-check.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-probe.h"
#include "core/sl-search.h"
#include "core/sl-track.h"
#include "engine/sl-engine.h"
#include "analysis/sl-footage.h"

G_BEGIN_DECLS

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
  SlTrackProbe track_probe;       /* for a track, or a person: its template
                                   * or its best view */
  gboolean    person;             /* face_id names a person of the case (any
                                   * face of it, as sl_engine_case_persons()
                                   * groups them): a gallery search with the
                                   * person's template or best view */
  gboolean    within_case;        /* the case's other faces and tracks, no
                                   * gallery (sl-engine-within.h); the
                                   * policy's within-case minimum of facts */
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
  const char *probe;              /* face, track-best, track-template,
                                   * person-template, person-best (static) */
  char       *probe_label;        /* "Face 9 · IMG_0042.jpg" (sl_face_label ()) */
  GArray     *members;            /* SlSearchMember: a person-template's
                                   * faces and tracks; NULL otherwise */
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

/* Runs every rule sl_engine_search() checks before it computes anything
 * (role, justification against the policy, case, probe, gallery and
 * model), with the same errors, in the same order. Nothing is audited and
 * nothing is searched: the search checks again, and audits, when it runs. */
gboolean sl_engine_search_request_check (SlEngine               *self,
                                         SlSession              *session,
                                         const SlSearchRequest  *request,
                                         GError                **error);

/* What the session's previous search in this case was justified with, so
 * that the next one need not retype it: legal basis, offense code and
 * purpose (the facts are always typed anew). All NULL when this person
 * has not searched in the case. Not audited: it reads the person's own
 * record. */
typedef struct
{
  char *legal_basis;
  char *offense;
  char *purpose;
} SlJustification;

void     sl_justification_clear          (SlJustification        *justification);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlJustification, sl_justification_clear)

gboolean sl_engine_search_last_justification (SlEngine           *self,
                                         SlSession              *session,
                                         const char             *case_number,
                                         SlJustification        *out,
                                         GError                **error);

G_END_DECLS
