/* sl-ident-bench.h: `bench ident`: open-set 1:N identification on a
 * folder of labelled photos (Name/Name_NNNN.jpg, as LFW).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"
#include "analysis/sl-face-batch.h"

G_BEGIN_DECLS

typedef struct
{
  guint    identities;         /* folders read */
  guint    images;
  guint    gallery_size;       /* identities enrolled, one image each */
  guint    mated_probes;       /* the other images of enrolled identities */
  guint    nonmated_probes;    /* every image of the identities held out */
  guint    no_face;            /* images in which no face was found */
  double   rank1;              /* mated searches whose mate ranks first */
  double   rank5;
  double   fpir_target;        /* 0.01 */
  double   threshold;          /* the lowest score with FPIR <= fpir_target */
  double   fpir;               /* at that threshold */
  double   fnir;               /* mated searches whose mate is not first at or above it */
  double   faces_per_second;
  double   search_ms_median;
  double   wall_s;
  guint    threads;
} SlIdentBenchResult;

/* Identities with two or more images, alternately: enrolled (their first
 * image with a face; the rest are mated probes) or held out (every image a
 * non-mated probe), with the identities of one image held out too. A
 * search that finds no face counts as a miss. max_identities 0: all. */
gboolean sl_ident_bench (SlFaceAnalyser      *analyser,
                         const char          *images_dir,
                         guint                max_identities,
                         guint                n_threads,
                         SlProgressFunc       progress,
                         gpointer             user_data,
                         GCancellable        *cancellable,
                         SlIdentBenchResult  *result,
                         GError             **error);

G_END_DECLS
