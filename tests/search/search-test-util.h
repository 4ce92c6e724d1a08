/* search-test-util.h: what the gallery and search tests share: LFW
 * identities read from the shared dataset (never copied: folders of
 * symbolic links), and engine helpers for galleries, probes and searches.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sl-engine-galleries.h"
#include "engine/sl-engine-search.h"
#include "store-test-util.h"

#define SR_FACTS "The person on the shop camera took the till at 21:40 and left on foot."

/* The LFW development images: SIGHTLINE_SHARED_DIR/datasets/lfw-view1/images. */
const char *sr_lfw_dir         (void);
/* The first n identity names (sorted) with at least min_images images. */
GPtrArray  *sr_identities      (guint        min_images,
                                guint        n);
/* The path of image `index` (0-based, sorted) of an identity. */
char       *sr_lfw_image       (const char  *identity,
                                guint        index);
/* ROOT/<identity>/<image> as symbolic links to the first `images` images of
 * each identity (all when 0). Returns ROOT. */
char       *sr_gallery_dir     (const char  *root,
                                GPtrArray   *identities,
                                guint        images);

/* An admin-created gallery "county" enrolled from dir; fails the test
 * otherwise. */
SlEnrolSummary *sr_enrol_dir   (StDb        *db,
                                const char  *gallery,
                                const char  *dir);
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
