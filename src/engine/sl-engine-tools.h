/* sl-engine-tools.h: the command line's tools on loose files, outside any
 * database and any case: detecting the faces of a photo (matching two is a
 * use case, sl-engine-compare.h), measuring an embedder on labelled pairs,
 * benchmarking footage analysis, and the model manifest. They record nothing
 * and decide nothing; whatever touches a case or a gallery goes through the
 * use cases. The engine hands the front ends the face pipeline's own types
 * for them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-calibrate.h"
#include "analysis/sl-face-analyser.h"
#include "analysis/sl-face-record.h"
#include "analysis/sl-fairness-measure.h"
#include "analysis/sl-footage.h"
#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

/* The default detector and an embedder (NULL: the default one) from the
 * manifest, their files read from model_dir (NULL: the default model
 * directory) and checked against their SHA-256. */
SlFaceAnalyser *sl_engine_tools_analyser_new (const char  *model_dir,
                                              const char  *embedder_id,
                                              GError     **error);

G_END_DECLS
