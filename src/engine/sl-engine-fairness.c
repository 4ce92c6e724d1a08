/* sl-engine-fairness.c: finding a model's per-group measurement through the
 * engine's manifest and model directory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include "engine/sl-engine-fairness.h"
#include "engine/sl-engine-private.h"
#include "analysis/sl-fairness-measure.h"

/* public API */

SlFairness *
sl_engine_model_fairness (SlEngine    *self,
                          const char  *model_id,
                          GError     **error)
{
  g_autoptr(SlModelManifest) manifest = NULL;
  const SlModelInfo *info;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!(manifest = sl_engine_get_manifest (self, error)) ||
      !(info = sl_engine_lookup_embedder (self, manifest, model_id, error)))
    return NULL;
  return sl_fairness_find (info, sl_engine_get_model_dir (self), error);
}

SlFairness *
sl_engine_get_fairness (SlEngine    *self,
                        const char  *model_id,
                        const char  *model_sha256,
                        GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlModelManifest) manifest = NULL;
  const SlModelInfo *info;
  SlModelInfo pinned;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!(manifest = sl_engine_get_manifest (self, error)) ||
      !(info = sl_engine_lookup_embedder (self, manifest, model_id, error)))
    return NULL;
  /* Measured on the very file the gallery's faces were embedded with. */
  pinned = *info;
  pinned.sha256 = (char *) model_sha256;
  return sl_fairness_find (&pinned, sl_engine_get_model_dir (self), error);
}
