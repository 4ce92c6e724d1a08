/* sl-search.h: the records of justified searches, the candidates they
 * showed, and the decisions people took on each candidate (first decision,
 * then an independent second review).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* What a search row records, as written; strings are borrowed. Reading
 * a search back is sl-search-record.h. */
typedef struct
{
  gint64       case_id;
  gint64       face_id;             /* the probe face; a track's best view */
  gint64       track_id;            /* 0: not searched from a track */
  const char  *probe;               /* face, track-best, track-template; NULL:
                                     * face (a person's template is 'face',
                                     * with its members beside it) */
  gint64       gallery_id;
  const char  *gallery_name;
  gint64       gallery_size;        /* faces searched */
  gint64       gallery_subjects;
  gint64       gallery_generation;
  const char  *model_id;
  const char  *model_sha256;
  const char  *calibration;         /* which table gave the rates */
  const char  *fairness;            /* the per-group measurement in force
                                     * (sl_fairness_describe); NULL: none */
  double       threshold;
  guint        top_k;
  gboolean     below_threshold_shown;
  guint        above_threshold;
  const char  *offense_code;
  const char  *offense_label;
  const char  *legal_basis;
  const char  *purpose;
  const char  *facts;
  gint64       run_by;
  const char  *started_at;
  const char  *ended_at;
} SlSearchRow;

gint64      sl_search_insert           (SlStore              *store,
                                        const SlSearchRow    *record,
                                        GError              **error);
/* The justification of user_id's latest search in the case: legal basis,
 * offense code and purpose, newly allocated; all NULL (and TRUE) when
 * there is none. */
gboolean    sl_search_last_justification (SlStore            *store,
                                        gint64                case_id,
                                        gint64                user_id,
                                        char                **legal_basis,
                                        char                **offense_code,
                                        char                **purpose,
                                        GError              **error);
/* One face or track of the person whose template a search was run with
 * (migration 17). */
typedef struct
{
  gint64 face_id;                   /* a still's face; a track's best view */
  gint64 track_id;                  /* 0: a still's face */
} SlSearchMember;

/* Inside the caller's transaction. */
gboolean    sl_search_member_insert    (SlStore              *store,
                                        gint64                search_id,
                                        const SlSearchMember *member,
                                        GError              **error);
/* SlSearchMember by face id; empty for a search from a face or track. */
GArray     *sl_search_member_list      (SlStore              *store,
                                        gint64                search_id,
                                        GError              **error);
gint64      sl_candidate_insert        (SlStore              *store,
                                        gint64                search_id,
                                        guint                 rank,
                                        gint64                subject_id,
                                        gint64                gallery_face_id,
                                        double                similarity,
                                        double                false_match_rate,
                                        gboolean              beyond_range,
                                        double                expected_false,
                                        gboolean              above_threshold,
                                        GError              **error);

typedef enum
{
  SL_DECISION_POSSIBLE_LEAD,
  SL_DECISION_EXCLUDED,
  SL_DECISION_INCONCLUSIVE,
} SlDecisionKind;

const char *sl_decision_kind_to_string   (SlDecisionKind  kind);
gboolean    sl_decision_kind_from_string (const char     *text,
                                          SlDecisionKind *kind);
/* The decision as a person reads it: "possible lead", "excluded",
 * "inconclusive" (translated). */
const char *sl_decision_kind_describe    (SlDecisionKind  kind);

typedef enum
{
  SL_RATE_WORDS_DEFAULT    = 0,
  SL_RATE_WORDS_SHARE      = 1 << 0,  /* "12%" for rates of one in ten or more */
  SL_RATE_WORDS_NAME_RANGE = 1 << 1,  /* "… (beyond the measured range)" */
} SlRateWordsFlags;

/* A measured false-match rate as a person reads it (translated): "1 in
 * 250,000", "below 1 in 5,800,000" when beyond the measured range, "not
 * measured" when there is no rate. */
char       *sl_rate_in_words             (double           rate,
                                          gboolean         beyond_range,
                                          SlRateWordsFlags flags);

/* A later correction of a decision by the person who took it. */
typedef struct
{
  gint64          id;
  SlDecisionKind  decision;          /* the decision as corrected */
  char           *reason;
  char           *corrected_by;      /* user name */
  char           *corrected_at;
} SlDecisionCorrection;

void        sl_decision_correction_free (SlDecisionCorrection *correction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDecisionCorrection, sl_decision_correction_free)

typedef struct
{
  gint64          id;
  gint64          candidate_id;
  gint64          reviewer_id;
  char           *reviewer;          /* user name */
  gboolean        second;            /* the second, independent review */
  SlDecisionKind  decision;          /* the one that counts: the newest
                                      * correction's, else the original */
  SlDecisionKind  original;          /* as first taken */
  char           *rationale;         /* the original decision's */
  char           *decided_at;
  GPtrArray      *corrections;       /* SlDecisionCorrection, oldest first;
                                      * empty when never corrected */
} SlDecision;

void        sl_decision_free           (SlDecision      *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDecision, sl_decision_free)

/* Where a candidate stands. */
typedef enum
{
  SL_REVIEW_UNDECIDED,
  SL_REVIEW_AWAITING_SECOND,     /* one decision, the second review to come */
  SL_REVIEW_CONFIRMED_LEAD,      /* two people: possible lead */
  SL_REVIEW_AGREED_EXCLUDED,
  SL_REVIEW_AGREED_INCONCLUSIVE,
  SL_REVIEW_DISAGREEMENT,        /* flagged for a supervisor */
} SlReviewStatus;

const char *sl_review_status_to_string (SlReviewStatus  status);

/* A candidate with what a person deciding on it needs to know. */
typedef struct
{
  gint64          id;
  gint64          search_id;
  guint           rank;
  gint64          subject_id;
  char           *subject_external_id;
  char           *subject_name;
  gint64          gallery_face_id;
  double          similarity;
  double          false_match_rate;
  gboolean        beyond_range;
  double          expected_false;
  gboolean        above_threshold;
  gint64          case_id;
  char           *case_number;
  gboolean        case_closed;
  char           *gallery_name;
  gint64          face_id;
  char           *searched_by;
  gint64          searched_by_id;
  char           *searched_at;
  /* Filled by the queries that say so; NULL otherwise. */
  SlDecision     *first;
  SlDecision     *second;
  SlReviewStatus  status;
} SlCandidate;

void        sl_candidate_free          (SlCandidate    *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCandidate, sl_candidate_free)

/* NOT_FOUND when there is none. The decisions are filled in. */
SlCandidate *sl_candidate_lookup       (SlStore        *store,
                                        gint64          id,
                                        GError        **error);
/* Inside the caller's transaction. The schema refuses a second decision
 * without a first by another person, and a second decision by the same
 * person. */
gint64      sl_decision_insert         (SlStore        *store,
                                        gint64          candidate_id,
                                        gint64          reviewer_id,
                                        gboolean        second,
                                        SlDecisionKind  decision,
                                        const char     *rationale,
                                        GError        **error);
/* Inside the caller's transaction: the decision decision_id now stands as
 * `decision`, for `reason`, corrected by its own reviewer (the schema
 * refuses anyone else). */
gint64      sl_decision_correction_insert (SlStore      *store,
                                        gint64          decision_id,
                                        gint64          corrected_by,
                                        SlDecisionKind  decision,
                                        const char     *reason,
                                        GError        **error);
SlReviewStatus sl_review_status        (const SlDecision *first,
                                        const SlDecision *second);

/* Candidates of open cases with a first decision by someone else than
 * user_id and no second one yet, of searches user_id did not run (the
 * searcher reviews none of their own candidates), oldest first. The decisions are NOT
 * filled in: the second review is blind. */
GPtrArray  *sl_candidate_review_queue  (SlStore        *store,
                                        gint64          user_id,
                                        GError        **error);
/* Candidates whose two decisions differ (case_id 0: every case), with both
 * decisions. Here and everywhere, a decision is the one that counts after
 * its corrections. */
GPtrArray  *sl_candidate_disagreements (SlStore        *store,
                                        gint64          case_id,
                                        GError        **error);
/* The candidates a search showed, by rank, with their decisions. */
GPtrArray  *sl_candidate_list_for_search (SlStore      *store,
                                          gint64        search_id,
                                          GError      **error);
/* Candidates two people confirmed as possible leads (case_id 0: every
 * case), with both decisions. */
GPtrArray  *sl_candidate_confirmed     (SlStore        *store,
                                        gint64          case_id,
                                        GError        **error);

G_END_DECLS
