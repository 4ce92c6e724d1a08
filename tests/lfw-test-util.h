/* lfw-test-util.h: the LFW development photos the search and GUI suites
 * share, read in place from SIGHTLINE_SHARED_DIR (never copied: galleries
 * are folders of symbolic links), and analysed as evidence.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

/* The LFW development images: SIGHTLINE_SHARED_DIR/datasets/lfw-view1/images. */
const char *lfw_test_dir         (void);
/* The first n identity names (sorted) with at least min_images images. */
GPtrArray  *lfw_test_identities  (guint        min_images,
                                  guint        n);
/* The path of image `index` (0-based, sorted) of an identity. */
char       *lfw_test_image       (const char  *identity,
                                  guint        index);
/* ROOT/<identity>/<image> as symbolic links to the first `images` images of
 * each identity (all when 0). Returns ROOT. */
char       *lfw_test_gallery_dir (const char  *root,
                                  GPtrArray   *identities,
                                  guint        images);

/* Imports path into the (open) case as who and analyses it: the id of the
 * face the photo is of (the largest). */
gint64      lfw_test_probe_face  (SlEngine    *engine,
                                  SlSession   *who,
                                  const char  *case_number,
                                  const char  *path);

G_END_DECLS
