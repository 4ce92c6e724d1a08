/* sl-fairness-measure.c: per-group mated and within-group non-mated score
 * distributions of an embedder on labelled photos.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-fairness"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-vector.h"
#include "analysis/sl-fairness-measure.h"

#define FAIRNESS_STEP 0.001

/* helpers */

/* The photos of one group of one attribute: indices into the labels. */
typedef struct
{
  char   *value;
  GArray *members;   /* guint, rows with a face */
} GroupMembers;

static void
group_members_free (GroupMembers *g)
{
  g_free (g->value);
  g_array_unref (g->members);
  g_free (g);
}

static guint
count_identities (SlLabels *labels,
                  GArray   *members)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < members->len; k++)
    {
      SlLabelRow *row = g_ptr_array_index (labels->rows, g_array_index (members, guint, k));
      g_hash_table_add (ids, row->identity);
    }
  return g_hash_table_size (ids);
}

/* Every pair of one group's photos into the measurement. */
static gboolean
score_group (SlFairness    *fairness,
             guint          index,
             SlLabels      *labels,
             SlFaceBatch   *batch,
             GArray        *members,
             float         *row_mated,
             float         *row_nonmated,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint i = 0; i < members->len; i++)
    {
      guint a = g_array_index (members, guint, i);
      const char *id_a = ((SlLabelRow *) g_ptr_array_index (labels->rows, a))->identity;
      const float *va = sl_face_batch_row (batch, a);
      gsize n_m = 0, n_nm = 0;

      for (guint j = i + 1; j < members->len; j++)
        {
          guint b = g_array_index (members, guint, j);
          const char *id_b = ((SlLabelRow *) g_ptr_array_index (labels->rows, b))->identity;
          float s = (float) sl_vector_dot (va, sl_face_batch_row (batch, b), batch->dim);

          if (g_str_equal (id_a, id_b))
            row_mated[n_m++] = s;
          else
            row_nonmated[n_nm++] = s;
        }
      if (n_m > 0)
        sl_fairness_add_scores (fairness, index, row_mated, n_m, TRUE);
      if (n_nm > 0)
        sl_fairness_add_scores (fairness, index, row_nonmated, n_nm, FALSE);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* public API */

SlFairness *
sl_fairness_measure (SlFaceAnalyser  *analyser,
                     SlLabels        *labels,
                     const char      *images_dir,
                     const char      *dataset,
                     const char      *limits,
                     guint            n_threads,
                     SlProgressFunc   progress,
                     gpointer         user_data,
                     GCancellable    *cancellable,
                     GError         **error)
{
  const SlModelInfo *model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) identities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SlFaceBatch) batch = NULL;
  g_autoptr(SlFairness) fairness = NULL;
  g_autofree float *row_mated = NULL;
  g_autofree float *row_nonmated = NULL;
  guint used = 0;

  g_return_val_if_fail (labels != NULL && images_dir != NULL, NULL);

  for (guint i = 0; i < labels->rows->len; i++)
    {
      SlLabelRow *row = g_ptr_array_index (labels->rows, i);
      char *path = g_build_filename (images_dir, row->image, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *dir = g_filename_display_name (images_dir);
          g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_LABELS,
                       _("'%s', line %u: no image '%s' in '%s'"), labels->name, row->line, row->image, dir);
          g_free (path);
          return NULL;
        }
      g_ptr_array_add (paths, path);
    }

  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, n_threads,
                                   progress, user_data, cancellable, error)))
    return NULL;

  fairness = sl_fairness_new (model->id, model->sha256, dataset, limits, FAIRNESS_STEP);
  row_mated = g_new (float, labels->rows->len);
  row_nonmated = g_new (float, labels->rows->len);

  for (guint a = 0; labels->attributes[a] != NULL; a++)
    {
      g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_members_free);
      g_autoptr(GHashTable) by_value = g_hash_table_new (g_str_hash, g_str_equal);

      /* Groups in the order the file first names them. */
      for (guint i = 0; i < labels->rows->len; i++)
        {
          SlLabelRow *row = g_ptr_array_index (labels->rows, i);
          const char *value = row->values[a];
          GroupMembers *g;

          if (*value == '\0' || sl_face_batch_row (batch, i) == NULL)
            continue;
          if (!(g = g_hash_table_lookup (by_value, value)))
            {
              g = g_new0 (GroupMembers, 1);
              g->value = g_strdup (value);
              g->members = g_array_new (FALSE, FALSE, sizeof (guint));
              g_ptr_array_add (groups, g);
              g_hash_table_insert (by_value, g->value, g);
            }
          g_array_append_val (g->members, i);
        }

      for (guint k = 0; k < groups->len; k++)
        {
          GroupMembers *g = g_ptr_array_index (groups, k);
          guint index = sl_fairness_add_group (fairness, labels->attributes[a], g->value, g->members->len,
                                               count_identities (labels, g->members));

          if (!score_group (fairness, index, labels, batch, g->members, row_mated, row_nonmated,
                            cancellable, error))
            return NULL;
        }
    }

  for (guint i = 0; i < labels->rows->len; i++)
    if (sl_face_batch_row (batch, i) != NULL)
      {
        used++;
        g_hash_table_add (identities, ((SlLabelRow *) g_ptr_array_index (labels->rows, i))->identity);
      }
  sl_fairness_set_counts (fairness, used, g_hash_table_size (identities), batch->no_face);
  return g_steal_pointer (&fairness);
}

char *
sl_fairness_path (const char *model_dir,
                  const char *model_id)
{
  g_autofree char *file = g_strdup_printf ("%s.fairness", model_id);
  return g_build_filename (model_dir, file, NULL);
}

SlFairness *
sl_fairness_find (const SlModelInfo  *info,
                  const char         *model_dir,
                  GError            **error)
{
  const char *dirs[] = { model_dir, SL_SOURCE_MODELS_DIR, SL_INSTALLED_MODELS_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(SlFairness) fairness = NULL;

      if (dirs[i] == NULL)
        continue;
      path = sl_fairness_path (dirs[i], info->id);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!(fairness = sl_fairness_load (path, error)))
        return NULL;
      if (g_strcmp0 (sl_fairness_get_model_sha256 (fairness), info->sha256) != 0 ||
          g_strcmp0 (sl_fairness_get_model_id (fairness), info->id) != 0)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_MODEL,
                       _("Per-group measurement '%s' was measured on another file than model '%s' (%s); refusing it"),
                       display, info->id, info->sha256);
          return NULL;
        }
      return g_steal_pointer (&fairness);
    }

  g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_MISSING,
               _("no per-group measurement for this model ('%s')"), info->id);
  return NULL;
}
