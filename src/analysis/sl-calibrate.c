/* sl-calibrate.c: measures an embedder's mated and non-mated score
 * distributions on labelled photos.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-calibrate"

#include "config.h"

#include "core/sl-vector.h"
#include "analysis/sl-lfw-pairs.h"
#include "analysis/sl-calibrate.h"

/* public API */

SlCalibration *
sl_calibrate_pairs (SlFaceAnalyser  *analyser,
                    const char      *pairs_path,
                    const char      *images_dir,
                    guint            n_threads,
                    SlProgressFunc   progress,
                    gpointer         user_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(SlLfwPairs) pairs = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) identities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();   /* borrowed from pairs */
  g_autoptr(SlFaceBatch) batch = NULL;
  g_autoptr(GArray) mated = g_array_new (FALSE, FALSE, sizeof (float));
  g_autofree float *row = NULL;
  g_autofree char *base = g_path_get_basename (pairs_path);
  g_autofree char *dataset = NULL;
  const SlModelInfo *model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  SlCalibration *calibration;
  guint used = 0;

  if (!(pairs = sl_lfw_pairs_load (pairs_path, error)))
    return NULL;

  for (guint i = 0; i < pairs->pairs->len; i++)
    {
      SlLfwPair *p = g_ptr_array_index (pairs->pairs, i);
      for (int side = 0; side < 2; side++)
        {
          const char *name = side == 0 ? p->name_a : p->name_b;
          char *path = sl_lfw_image_path (images_dir, name, side == 0 ? p->num_a : p->num_b);
          if (g_hash_table_contains (seen, path))
            {
              g_free (path);
              continue;
            }
          g_hash_table_add (seen, path);
          g_ptr_array_add (paths, g_strdup (path));
          g_ptr_array_add (names, (gpointer) name);
          g_hash_table_add (identities, (gpointer) name);
        }
    }

  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, n_threads,
                                   progress, user_data, cancellable, error)))
    return NULL;

  dataset = g_strdup_printf ("every pair of the photos named in %s", base);
  calibration = sl_calibration_new (model->id, model->sha256, dataset, 0.001);

  /* Every pair of photos with a face: one row of scores at a time. */
  row = g_new (float, paths->len);
  for (guint i = 0; i < paths->len; i++)
    {
      const float *a = sl_face_batch_row (batch, i);
      guint n_row = 0;

      if (a == NULL)
        continue;
      used++;
      for (guint j = i + 1; j < paths->len; j++)
        {
          const float *b = sl_face_batch_row (batch, j);
          float s;
          if (b == NULL)
            continue;
          s = (float) sl_vector_dot (a, b, batch->dim);
          if (g_str_equal (g_ptr_array_index (names, i), g_ptr_array_index (names, j)))
            g_array_append_val (mated, s);
          else
            row[n_row++] = s;
        }
      sl_calibration_add_scores (calibration, row, n_row, FALSE);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sl_calibration_unref (calibration);
          return NULL;
        }
    }
  sl_calibration_add_scores (calibration, (const float *) mated->data, mated->len, TRUE);
  sl_calibration_set_counts (calibration, used, g_hash_table_size (identities));
  return calibration;
}

char *
sl_calibration_path (const char *model_dir,
                     const char *model_id)
{
  g_autofree char *file = g_strdup_printf ("%s.calibration", model_id);
  return g_build_filename (model_dir, file, NULL);
}

SlCalibration *
sl_calibration_find (const SlModelInfo  *info,
                     const char         *model_dir,
                     GError            **error)
{
  const char *dirs[] = { model_dir, SL_SOURCE_MODELS_DIR, SL_INSTALLED_MODELS_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;
      SlCalibration *calibration;

      if (dirs[i] == NULL)
        continue;
      path = sl_calibration_path (dirs[i], info->id);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!(calibration = sl_calibration_load (path, error)))
        return NULL;
      if (g_strcmp0 (sl_calibration_get_model_sha256 (calibration), info->sha256) != 0)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_MODEL,
                       "Calibration '%s' was measured on another file than model '%s' (%s); refusing it",
                       display, info->id, info->sha256);
          sl_calibration_unref (calibration);
          return NULL;
        }
      return calibration;
    }

  g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_MISSING,
               "Model '%s' has no calibration; run 'sightline-cli models calibrate'", info->id);
  return NULL;
}
