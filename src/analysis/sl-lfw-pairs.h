/* sl-lfw-pairs.h: labelled pair lists in the LFW format, read by the
 * calibration and by the benchmarks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *name_a;
  int       num_a;
  char     *name_b;
  int       num_b;
  gboolean  same;
  int       fold;
} SlLfwPair;

typedef struct
{
  GPtrArray *pairs;    /* SlLfwPair */
  int        n_folds;  /* 1 for a View 1 list; 10 for View 2 */
} SlLfwPairs;

SlLfwPairs *sl_lfw_pairs_load  (const char  *path,
                                GError     **error);
/* The same for a list in memory; `name` is used in errors. */
SlLfwPairs *sl_lfw_pairs_parse (const char  *text,
                                gsize        len,
                                const char  *name,
                                GError     **error);
void        sl_lfw_pairs_free  (SlLfwPairs  *pairs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLfwPairs, sl_lfw_pairs_free)

/* The image of one side of a pair: DIR/Name/Name_NNNN.jpg */
char       *sl_lfw_image_path (const char  *images_dir,
                               const char  *name,
                               int          num);

G_END_DECLS
