/* sl-candidate-item.h: one candidate of a search as the lists show it: its
 * rank, subject, score and calibrated rate in words, where its review
 * stands, and its gallery thumbnail, read when first shown.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_CANDIDATE_ITEM (sl_candidate_item_get_type ())

G_DECLARE_FINAL_TYPE (SlCandidateItem, sl_candidate_item, SL, CANDIDATE_ITEM, GObject)

/* A candidate a search has just shown (probe_face_id: the face searched with). */
SlCandidateItem *sl_candidate_item_new_from_search    (const SlSearchCandidate *candidate,
                                                       gint64                   probe_face_id,
                                                       const char              *case_number);
/* A candidate read back by a review query. Its decisions are kept only when
 * the query gave them (never for the blind second review). */
SlCandidateItem *sl_candidate_item_new_from_candidate (const SlCandidate       *candidate);

gint64          sl_candidate_item_get_id              (SlCandidateItem *self);
guint           sl_candidate_item_get_rank            (SlCandidateItem *self);
gint64          sl_candidate_item_get_probe_face_id   (SlCandidateItem *self);
gint64          sl_candidate_item_get_gallery_face_id (SlCandidateItem *self);
const char     *sl_candidate_item_get_case_number     (SlCandidateItem *self);
gboolean        sl_candidate_item_get_above_threshold (SlCandidateItem *self);
SlReviewStatus  sl_candidate_item_get_status          (SlCandidateItem *self);
void            sl_candidate_item_set_status          (SlCandidateItem *self,
                                                       SlReviewStatus   status);

/* Texts for people. */
char           *sl_candidate_item_dup_subject_text    (SlCandidateItem *self);
char           *sl_candidate_item_dup_similarity_text (SlCandidateItem *self);
/* "1 in 250,000"; "below 1 in 5,800,000" beyond the measured range. */
char           *sl_candidate_item_dup_rate_text       (SlCandidateItem *self);
/* The engine's own sentence when it gave one ("1 in 40,000 unrelated faces
 * score this high"), else the rate text. */
char           *sl_candidate_item_dup_rate_sentence   (SlCandidateItem *self);
char           *sl_candidate_item_dup_expected_text   (SlCandidateItem *self);
const char     *sl_candidate_item_get_threshold_text  (SlCandidateItem *self);
const char     *sl_candidate_item_get_status_text     (SlCandidateItem *self);
/* Who searched, in which case and gallery, when: for review lists. */
char           *sl_candidate_item_dup_origin_text     (SlCandidateItem *self);
/* Both decisions, when the query gave them; NULL otherwise. */
char           *sl_candidate_item_dup_decisions_text  (SlCandidateItem *self);
/* Whether user_id took the first decision or the second review on it, as
 * far as the item knows (a search's fresh candidates know none). */
gboolean        sl_candidate_item_decided_by          (SlCandidateItem *self,
                                                       gint64           user_id);

/* The gallery face's thumbnail; NULL until loaded. Loading starts on the
 * first call with a context and finishes in an idle ("notify::thumbnail"). */
GdkPaintable   *sl_candidate_item_get_thumbnail       (SlCandidateItem *self,
                                                       SlAppContext    *context);

const char     *sl_review_status_describe             (SlReviewStatus   status);

G_END_DECLS
