/* sl-fairness-measure.h: measuring an embedder per group on a labelled
 * photo set, and finding the per-group measurement that belongs to a model.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-fairness.h"
#include "core/sl-fairness-labels.h"
#include "analysis/sl-face-analyser.h"
#include "analysis/sl-face-batch.h"

G_BEGIN_DECLS

/* Embeds every photo the labels name (each must exist in images_dir, else
 * an error naming its line), then, for each attribute and group, scores
 * every pair of the group's photos with a face: same identity, mated;
 * different identities, non-mated. Impostors come from the same group
 * only: mixing groups would flatter a group whose people resemble each
 * other. Cancelling stops between photos or between rows of pairs. */
SlFairness *sl_fairness_measure      (SlFaceAnalyser  *analyser,
                                      SlLabels        *labels,
                                      const char      *images_dir,
                                      const char      *dataset,
                                      const char      *limits,
                                      guint            n_threads,
                                      SlProgressFunc   progress,
                                      gpointer         user_data,
                                      GCancellable    *cancellable,
                                      GError         **error);

/* Where a model's measurement is written: MODEL_DIR/ID.fairness */
char       *sl_fairness_path         (const char        *model_dir,
                                      const char        *model_id);
/* The measurement of a model: from the model directory, else the one the
 * project ships. Refused (SL_FAIRNESS_ERROR_MODEL) when it was measured on
 * another file; SL_FAIRNESS_ERROR_MISSING when there is none. */
SlFairness *sl_fairness_find         (const SlModelInfo *info,
                                      const char        *model_dir,
                                      GError           **error);

G_END_DECLS
