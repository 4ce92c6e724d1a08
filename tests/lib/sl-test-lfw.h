/* sl-test-lfw.h: the LFW development photos the engine, CLI and GUI suites
 * share, read in place from SIGHTLINE_SHARED_DIR (never copied: galleries
 * are folders of symbolic links), enrolled through the engine and analysed
 * as evidence.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "engine/sightline-engine.h"
#include "sl-test-util.h"

G_BEGIN_DECLS

/* The LFW development images: SIGHTLINE_SHARED_DIR/datasets/lfw-view1/images. */
const char *sl_test_lfw_dir         (void);
/* The first n identity names (sorted) with at least min_images images. */
GPtrArray  *sl_test_lfw_identities  (guint min_images,
                                     guint n);
/* The path of image `index` (0-based, sorted) of an identity. */
char       *sl_test_lfw_image       (const char *identity,
                                     guint       index);
/* ROOT/<identity>/<image> as symbolic links to the first `images` images of
 * each identity (all when 0). Returns ROOT. */
char       *sl_test_lfw_gallery_dir (const char *root,
                                     GPtrArray  *identities,
                                     guint       images);

/* The gallery enrolled by admin from dir (made first, with description, when
 * there is none of that name); fails the test otherwise. */
SlEnrolSummary *sl_test_enrol          (SlEngine   *engine,
                                        SlSession  *admin,
                                        const char *gallery,
                                        const char *description,
                                        const char *dir);

/* Imports path into the (open) case as who and analyses it: the id of the
 * face the photo is of (the largest). */
gint64      sl_test_probe_face      (SlEngine   *engine,
                                     SlSession  *who,
                                     const char *case_number,
                                     const char *path);

G_END_DECLS
