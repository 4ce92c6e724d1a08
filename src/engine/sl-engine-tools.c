/* sl-engine-tools.c: the command line's tools on loose files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include "engine/sl-engine-private.h"
#include "engine/sl-engine-tools.h"
#include "vision/sl-vision-limits.h"

/* public API */

void
sl_engine_apply_process_limits (char **argv)
{
  sl_vision_limits_apply (argv);
}

SlFaceAnalyser *
sl_engine_tools_analyser_new (const char  *model_dir,
                              const char  *embedder_id,
                              GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autofree char *dir = model_dir != NULL ? g_strdup (model_dir) : sl_model_dir_default ();

  if (!(manifest = sl_model_manifest_load_default (error)))
    return NULL;
  return sl_face_analyser_new (manifest, dir, embedder_id, error);
}
