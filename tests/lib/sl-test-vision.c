/* sl-test-vision.c: the real models in a face analyser (see sl-test-vision.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "sl-test-vision.h"

/* public API */

SlFaceAnalyser *
sl_test_analyser (const char *embedder_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (&error);
  g_autofree char *model_dir = sl_model_dir_default ();
  SlFaceAnalyser *analyser;

  ck_assert_msg (manifest != NULL, "manifest: %s", error ? error->message : "");
  analyser = sl_face_analyser_new (manifest, model_dir, embedder_id, &error);
  ck_assert_msg (analyser != NULL, "models in %s: %s", model_dir, error ? error->message : "");
  return analyser;
}
