/* sl-calibrate.h: measuring an embedder on labelled photos, and finding the
 * calibration that belongs to a model.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-calibration.h"
#include "analysis/sl-face-analyser.h"
#include "analysis/sl-face-batch.h"

G_BEGIN_DECLS

/* Embeds every photo a pair list names, then scores ALL pairs of them:
 * same name, mated; different names, non-mated (millions of pairs, so
 * false-match rates near 1e-6 are measured rather than guessed). */
SlCalibration *sl_calibrate_pairs          (SlFaceAnalyser  *analyser,
                                            const char      *pairs_path,
                                            const char      *images_dir,
                                            guint            n_threads,
                                            SlProgressFunc   progress,
                                            gpointer         user_data,
                                            GCancellable    *cancellable,
                                            GError         **error);

/* Where a model's calibration is written: MODEL_DIR/ID.calibration */
char          *sl_calibration_path         (const char      *model_dir,
                                            const char      *model_id);
/* The calibration of a model: from the model directory, else the one the
 * project ships. Refused when it was measured on another file. */
SlCalibration *sl_calibration_find         (const SlModelInfo *info,
                                            const char      *model_dir,
                                            GError         **error);

G_END_DECLS
