/* vision-test-util.h: what the vision tests share: where the shared data and
 * the real models are, and a loaded analyser.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <glib.h>

#include "analysis/sl-face-analyser.h"

/* ../shared beside the source tree, as the test environment names it. */
static inline char *
vt_shared_path (const char *first, ...)
{
  const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;
  const char *part;

  ck_assert_msg (shared != NULL, "SIGHTLINE_SHARED_DIR is not set (run through meson test)");
  g_ptr_array_add (parts, (gpointer) shared);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* The real models, installed by `sightline-cli models install` into the
 * model dir the test environment names; a missing model fails the test
 * with the reason, never skips it. */
static inline SlFaceAnalyser *
vt_analyser (const char *embedder_id)
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

static inline int
vt_run (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
