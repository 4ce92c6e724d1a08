/* sl-engine-fairness.h: the per-group measurement of a model, as the
 * front ends and the search record get it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-fairness.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* The measurement of an embedder (NULL: the default one) as the manifest
 * names it today; SL_FAIRNESS_ERROR_MISSING when it has none, _MODEL when
 * the file found was measured on another model file. Its groups' rates at
 * any threshold, and the worst group's, come from sl_fairness_rates(). The
 * group labels describe test photos: never show one on a person, a face or
 * a candidate. */
SlFairness *sl_engine_model_fairness (SlEngine    *self,
                                      const char  *model_id,
                                      GError     **error);
/* The measurement taken on the embedder file with this SHA-256 (the one a
 * gallery was enrolled with). */
SlFairness *sl_engine_get_fairness   (SlEngine    *self,
                                      const char  *model_id,
                                      const char  *model_sha256,
                                      GError     **error);

G_END_DECLS
