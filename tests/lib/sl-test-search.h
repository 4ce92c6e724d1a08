/* sl-test-search.h: what the gallery, search and review tests share: the
 * LFW photos (sl-test-lfw.h), and engine helpers for galleries, probes and
 * searches on an SlTestDb (sl-test-store.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sightline-engine.h"
#include "sl-test-lfw.h"
#include "sl-test-store.h"

#define SL_TEST_FACTS "The person on the shop camera took the till at 21:40 and left on foot."

/* An admin-created gallery "county" enrolled from dir; fails the test
 * otherwise. */
SlEnrolSummary *sl_test_enrol_dir       (SlTestDb   *db,
                                         const char *gallery,
                                         const char *dir);
/* The gallery "county" enrolled from DB_DIR/gallery: links to the first
 * `images` photos of each of ids (all when 0). */
SlEnrolSummary *sl_test_enrol_lfw       (SlTestDb  *db,
                                         GPtrArray *ids,
                                         guint      images);
/* Imports path into the case (opened when absent) and analyses it; the id
 * of the face the photo is of (the largest). */
gint64          sl_test_db_probe_face   (SlTestDb   *db,
                                         const char *case_number,
                                         const char *path);
/* A search request with a complete justification. */
void            sl_test_request_init    (SlSearchRequest *request,
                                         const char      *case_number,
                                         gint64           face_id,
                                         const char      *gallery);
/* The investigator's search of face in "county" with a complete
 * justification (facts instead of SL_TEST_FACTS when not NULL), its top_k
 * candidates shown whatever their scores; fails the test otherwise. */
SlSearchResult *sl_test_search_shown    (SlTestDb   *db,
                                         const char *case_number,
                                         gint64      face_id,
                                         guint       top_k,
                                         const char *facts);
/* The same search run by who instead. */
SlSearchResult *sl_test_search_shown_by (SlTestDb   *db,
                                         SlSession  *who,
                                         const char *case_number,
                                         gint64      face_id,
                                         guint       top_k,
                                         const char *facts);
gint64          sl_test_count           (SlTestDb   *db,
                                         const char *sql_format,
                                         ...) G_GNUC_PRINTF (2, 3);
void            sl_test_assert_intact   (SlTestDb        *db);

/* Writes n random unit vectors of dim 512 straight into the gallery's
 * tables (per_subject faces a subject), as a large enrolled gallery would
 * hold them (external ids and image hashes carry the seed, so that calls
 * with different seeds add to each other); returns the seconds it took. */
double          sl_test_write_synthetic (const char *db,
                                         gint64      gallery_id,
                                         guint       n,
                                         guint       per_subject,
                                         guint32     seed);
/* Raw SQL that the schema must refuse: fails the test when it runs. */
void            sl_test_sql_refused     (SlTestDb   *db,
                                         const char *sql);
