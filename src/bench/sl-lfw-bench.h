/* sl-lfw-bench.h: measured accuracy and speed on labelled pairs (LFW format).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"
#include "analysis/sl-lfw-pairs.h"

G_BEGIN_DECLS

typedef struct
{
  guint    pairs;               /* pairs scored for the accuracy */
  guint    images;              /* distinct images processed */
  guint    folds;
  double   accuracy;
  double   threshold;           /* chosen on the training pairs (mean over folds) */
  double   tar_at_far_1e2;
  double   tar_at_far_1e3;
  guint    no_face;             /* images in which no face was found */
  double   detect_ms_median;
  double   embed_ms_median;
  double   faces_per_second;
  double   wall_s;
  guint    threads;
} SlLfwBenchResult;

typedef void (*SlBenchProgressFunc) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* Accuracy on `pairs_path`: 10-fold when the list has folds, else with the
 * threshold chosen on `train_path` (or on the pairs themselves when NULL).
 * Images are processed by `n_threads` workers (0: one per core). */
gboolean    sl_bench_lfw      (SlFaceAnalyser      *analyser,
                               const char          *pairs_path,
                               const char          *train_path,
                               const char          *images_dir,
                               guint                n_threads,
                               SlBenchProgressFunc  progress,
                               gpointer             user_data,
                               GCancellable        *cancellable,
                               SlLfwBenchResult    *result,
                               GError             **error);

/* Helpers the bench uses, public so tests can check them. */
double      sl_best_threshold (const double        *scores,
                               const gboolean      *same,
                               guint                n,
                               double              *accuracy);
double      sl_tar_at_far     (const double        *scores,
                               const gboolean      *same,
                               guint                n,
                               double               far);

G_END_DECLS
