/* sl-engine-records.h: reading searches back, for front ends that show a
 * search again (the GUI's case view, a report): the record with its
 * justification and candidates, the probe face with its aligned crop, the
 * thumbnails of enrolled faces.
 *
 * These are reads: they are not audited (a refusal is, as every refusal).
 * The candidates were audited as shown when the search ran.
 *
 * Blind review: a record carries the decisions taken on its candidates. It
 * is not the way to show a candidate to its second reviewer: front ends use
 * sl_engine_review_queue() for that, which never gives the first decision.
 * As a safeguard, a record read by someone who may give the second review
 * on a candidate that waits for it (and who did not take its first
 * decision) has that first decision withheld: first is NULL while status
 * stays SL_REVIEW_AWAITING_SECOND; sl_search_record_n_withheld() counts
 * such candidates.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-probe.h"
#include "core/sl-search-record.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* SlSearchRecord (core/sl-search-record.h): the search, its justification,
 * who ran it and when, and its candidates (SlCandidate by rank, with first
 * and second SlDecision and the review status). */

/* Needs SL_PERMISSION_CASE_READ or SL_PERMISSION_AUDIT_READ. NOT_FOUND when there
 * is no such search. */
SlSearchRecord *sl_engine_search_record_get      (SlEngine     *self,
                                                  SlSession    *session,
                                                  gint64        search_id,
                                                  GError      **error);
/* The searches of a case, oldest first (SlSearchRecord). NOT_FOUND when
 * there is no such case. */
GPtrArray      *sl_engine_search_records_for_case (SlEngine    *self,
                                                   SlSession   *session,
                                                   const char  *case_number,
                                                   GError     **error);
/* How many candidates of the record had their first decision withheld from
 * this reader (see above). */
guint           sl_search_record_n_withheld      (const SlSearchRecord *record);

/* A probe face, with its aligned crop (JPEG) when with_crop and it was not
 * purged (face->purged_at says when it was). Never its embedding. Needs
 * SL_PERMISSION_CASE_READ. */
SlProbeFace    *sl_engine_probe_face_get         (SlEngine     *self,
                                                  SlSession    *session,
                                                  gint64        face_id,
                                                  gboolean      with_crop,
                                                  GError      **error);
/* The stored thumbnail (JPEG) of an enrolled face. Needs
 * SL_PERMISSION_CASE_READ. NOT_FOUND when there is none. */
GBytes         *sl_engine_gallery_face_thumbnail (SlEngine     *self,
                                                  SlSession    *session,
                                                  gint64        gallery_face_id,
                                                  GError      **error);
/* The photo an enrolled face was enrolled from, as a path in the file
 * system's encoding, its box and landmarks in it. Needs
 * SL_PERMISSION_CASE_READ. The path is the gallery store's read-only copy,
 * checked against its SHA-256 (a copy altered since is refused, naming the
 * photo); a face enrolled before the store existed whose photo was then
 * unreadable has none, and gets its original path only when the file
 * there is still the photo enrolled (NOT_FOUND otherwise). enrolled_name
 * is where the photo was enrolled from, for people. */
char           *sl_engine_gallery_face_source   (SlEngine     *self,
                                                  SlSession    *session,
                                                  gint64        gallery_face_id,
                                                  char        **enrolled_name,
                                                  float         box[4],
                                                  char        **landmarks_json,
                                                  GError      **error);

G_END_DECLS
