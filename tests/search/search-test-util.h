/* search-test-util.h: what the gallery and search tests share: the LFW
 * photos (lfw-test-util.h), and engine helpers for galleries, probes and
 * searches.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sightline-engine.h"
#include "lfw-test-util.h"
#include "store-test-util.h"

#define SR_FACTS "The person on the shop camera took the till at 21:40 and left on foot."

/* An admin-created gallery "county" enrolled from dir; fails the test
 * otherwise. */
SlEnrolSummary *sr_enrol_dir   (StDb        *db,
                                const char  *gallery,
                                const char  *dir);
/* The gallery "county" enrolled from DB_DIR/gallery: links to the first
 * `images` photos of each of ids (all when 0). */
SlEnrolSummary *sr_enrol_lfw   (StDb        *db,
                                GPtrArray   *ids,
                                guint        images);
/* Imports path into the case (opened when absent) and analyses it; the id
 * of the face the photo is of (the largest). */
gint64      sr_probe_face      (StDb        *db,
                                const char  *case_number,
                                const char  *path);
/* A search request with a complete justification. */
void        sr_request_init    (SlSearchRequest *request,
                                const char  *case_number,
                                gint64       face_id,
                                const char  *gallery);
/* The investigator's search of face in "county" with a complete
 * justification (facts instead of SR_FACTS when not NULL), its top_k
 * candidates shown whatever their scores; fails the test otherwise. */
SlSearchResult *sr_search_shown (StDb       *db,
                                 const char *case_number,
                                 gint64      face_id,
                                 guint       top_k,
                                 const char *facts);
gint64      sr_count           (StDb        *db,
                                const char  *sql_format,
                                ...) G_GNUC_PRINTF (2, 3);
void        sr_assert_intact   (StDb        *db);

/* Writes n random unit vectors of dim 512 straight into the gallery's
 * tables (per_subject faces a subject), as a large enrolled gallery would
 * hold them; returns the seconds it took. */
double      sr_write_synthetic (const char  *db,
                                gint64       gallery_id,
                                guint        n,
                                guint        per_subject,
                                guint32      seed);
/* Raw SQL that the schema must refuse: fails the test when it runs. */
void        sr_sql_refused     (StDb        *db,
                                const char  *sql);
