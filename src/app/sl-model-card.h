/* sl-model-card.h: one model of the manifest: where it comes from, its
 * licence and SHA-256, whether the installed file matches, its measured
 * accuracy and calibration curve.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_MODEL_CARD (sl_model_card_get_type ())

G_DECLARE_FINAL_TYPE (SlModelCard, sl_model_card, SL, MODEL_CARD, AdwBin)

/* Takes details over and starts checking the file's hash. */
GtkWidget        *sl_model_card_new           (SlAppContext     *context,
                                               SlModelDetails   *details,
                                               double            threshold);
const char       *sl_model_card_get_model_id  (SlModelCard      *self);
/* FALSE while the file is still being hashed. */
gboolean          sl_model_card_is_checked    (SlModelCard      *self);
SlModelFileState  sl_model_card_get_state     (SlModelCard      *self);
void              sl_model_card_set_threshold (SlModelCard      *self,
                                               double            threshold);

G_END_DECLS
