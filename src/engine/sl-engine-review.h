/* sl-engine-review.h: decisions on candidates and the two-person review
 * (sl-engine-review.c), and their corrections (sl-engine-review-correct.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-search.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  gint64          decision_id;
  gint64          candidate_id;
  gboolean        second;          /* this was the second, independent review */
  SlDecisionKind  decision;
  SlReviewStatus  status;          /* where the candidate stands now */
} SlDecideResult;

/* Records a decision ("possible-lead", "excluded", "inconclusive") with its
 * rationale. The first decision needs SL_PERMISSION_DECIDE; once there is one
 * by someone else, the next is the second review, which needs
 * SL_PERMISSION_REVIEW. The same person never decides twice on a candidate. A
 * candidate is a confirmed lead only when both say possible-lead; when they
 * differ it is flagged for a supervisor. Audited; refusals too. */
gboolean        sl_engine_decide        (SlEngine        *self,
                                         SlSession       *session,
                                         gint64           candidate_id,
                                         const char      *decision,
                                         const char      *rationale,
                                         SlDecideResult  *result,
                                         GError         **error);
/* The explicit path for a candidate of a search within a case
 * (case_candidates, numbered apart from a gallery search's candidates, so
 * the same number may name both): such candidates take no decisions, so
 * this always fails, refused and audited when the candidate exists (the
 * case's persons record whether faces are one person), NOT_FOUND when it
 * does not. A gallery candidate of the same number is never read or
 * touched. */
gboolean        sl_engine_decide_within_case (SlEngine     *self,
                                         SlSession       *session,
                                         gint64           candidate_id,
                                         const char      *decision,
                                         GError         **error);
/* The fewest words of a correction's reason. */
#define SL_CORRECTION_REASON_MIN_WORDS 3

/* Corrects the decision this user took on the candidate (first decision or
 * second review): it now stands as `decision`, for `reason` (at least
 * SL_CORRECTION_REASON_MIN_WORDS words). The decision itself stays; the
 * newest correction counts wherever the candidate's status is read, and
 * the record shows both. Only the person who took a decision corrects it,
 * with the permission it needed; not on a closed case, and not to the
 * decision that already stands. Audited as "candidate.correct" with the
 * old and new decision and the reason; refusals too. result says where the
 * candidate now stands. */
gboolean        sl_engine_decision_correct (SlEngine     *self,
                                         SlSession       *session,
                                         gint64           candidate_id,
                                         const char      *decision,
                                         const char      *reason,
                                         SlDecideResult  *result,
                                         GError         **error);
/* Candidates waiting for this user's second review, blind: the first
 * decision is not given. Needs SL_PERMISSION_REVIEW; audited with the
 * candidates shown. SlCandidate. */
GPtrArray      *sl_engine_review_queue  (SlEngine        *self,
                                         SlSession       *session,
                                         GError         **error);
/* Candidates whose two decisions differ, with both (case_number NULL:
 * every case). Needs SL_PERMISSION_REVIEW. SlCandidate. */
GPtrArray      *sl_engine_review_disagreements (SlEngine   *self,
                                         SlSession       *session,
                                         const char      *case_number,
                                         GError         **error);
/* The confirmed leads of a case (NULL: every case), with both decisions.
 * Needs SL_PERMISSION_CASE_READ. SlCandidate. */
GPtrArray      *sl_engine_review_leads  (SlEngine        *self,
                                         SlSession       *session,
                                         const char      *case_number,
                                         GError         **error);

G_END_DECLS
