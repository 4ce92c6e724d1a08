/* sl-lfw-bench.c: verification accuracy, TAR at fixed FAR and throughput on
 * labelled pairs, with images processed on every core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-bench"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sl-vector.h"
#include "bench/sl-lfw-bench.h"
#include "analysis/sl-face-batch.h"
#include "vision/sl-vision-error.h"

/* helpers */

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  if (n == 0)
    return 0;
  qsort (values, n, sizeof (double), cmp_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static guint
image_index (GHashTable *index,
             GPtrArray  *paths,
             const char *images_dir,
             const char *name,
             int         num)
{
  g_autofree char *path = sl_lfw_image_path (images_dir, name, num);
  gpointer found;

  if (g_hash_table_lookup_extended (index, path, NULL, &found))
    return GPOINTER_TO_UINT (found);
  g_ptr_array_add (paths, g_strdup (path));
  g_hash_table_insert (index, g_steal_pointer (&path), GUINT_TO_POINTER (paths->len - 1));
  return paths->len - 1;
}

/* Scores every pair; a pair with a side where no face was found scores -1,
 * the lowest cosine, so it counts against a same-person pair. */
static void
score_pairs (SlLfwPairs  *pairs,
             SlFaceBatch *batch,
             GPtrArray   *paths,
             GHashTable  *index,
             const char  *images_dir,
             double      *scores,
             gboolean    *same)
{
  for (guint i = 0; i < pairs->pairs->len; i++)
    {
      SlLfwPair *p = g_ptr_array_index (pairs->pairs, i);
      const float *a = sl_face_batch_row (batch, image_index (index, paths, images_dir, p->name_a, p->num_a));
      const float *b = sl_face_batch_row (batch, image_index (index, paths, images_dir, p->name_b, p->num_b));

      same[i] = p->same;
      scores[i] = a != NULL && b != NULL ? sl_vector_dot (a, b, batch->dim) : -1.0;
    }
}

static double
accuracy_at (const double   *scores,
             const gboolean *same,
             guint           n,
             double          threshold)
{
  guint right = 0;

  for (guint i = 0; i < n; i++)
    right += (scores[i] >= threshold) == !!same[i];
  return n > 0 ? (double) right / n : 0;
}

/* public API */

double
sl_best_threshold (const double   *scores,
                   const gboolean *same,
                   guint           n,
                   double         *accuracy)
{
  g_autofree double *sorted = g_memdup2 (scores, sizeof (double) * n);
  double best_t = 0, best_acc = -1;

  qsort (sorted, n, sizeof (double), cmp_double);
  /* Candidates: midpoints between neighbouring scores, and both ends. */
  for (guint i = 0; i <= n; i++)
    {
      double t = i == 0 ? sorted[0] - 1e-6
               : i == n ? sorted[n - 1] + 1e-6
               : (sorted[i - 1] + sorted[i]) / 2;
      double acc = accuracy_at (scores, same, n, t);
      if (acc > best_acc)
        {
          best_acc = acc;
          best_t = t;
        }
    }
  if (accuracy != NULL)
    *accuracy = best_acc;
  return best_t;
}

double
sl_tar_at_far (const double   *scores,
               const gboolean *same,
               guint           n,
               double          far)
{
  g_autofree double *impostor = g_new (double, n);
  guint n_imp = 0, n_gen = 0, accepted = 0;
  guint allowed;
  double threshold;

  for (guint i = 0; i < n; i++)
    if (!same[i])
      impostor[n_imp++] = scores[i];
  if (n_imp == 0)
    return 0;
  qsort (impostor, n_imp, sizeof (double), cmp_double);
  /* The threshold lets through at most far * n_imp impostors. */
  allowed = (guint) floor (far * n_imp);
  threshold = impostor[n_imp - 1 - MIN (allowed, n_imp - 1)];
  if (allowed >= n_imp)
    threshold = impostor[0] - 1e-9;
  for (guint i = 0; i < n; i++)
    if (same[i])
      {
        n_gen++;
        accepted += scores[i] > threshold;
      }
  return n_gen > 0 ? (double) accepted / n_gen : 0;
}

gboolean
sl_bench_lfw (SlFaceAnalyser      *analyser,
              const char          *pairs_path,
              const char          *train_path,
              const char          *images_dir,
              guint                n_threads,
              SlBenchProgressFunc  progress,
              gpointer             user_data,
              GCancellable        *cancellable,
              SlLfwBenchResult    *result,
              GError             **error)
{
  g_autoptr(SlLfwPairs) test = NULL;
  g_autoptr(SlLfwPairs) train = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *scores = NULL;
  g_autofree gboolean *same = NULL;
  g_autofree double *train_scores = NULL;
  g_autofree gboolean *train_same = NULL;
  g_autoptr(SlFaceBatch) batch = NULL;
  g_autofree double *dms = NULL;
  g_autofree double *ems = NULL;
  guint n_images, n, n_ok = 0;

  memset (result, 0, sizeof *result);
  if (!g_file_test (images_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (images_dir);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "Image folder '%s' does not exist", display);
      return FALSE;
    }
  if (!(test = sl_lfw_pairs_load (pairs_path, error)))
    return FALSE;
  if (train_path != NULL && !(train = sl_lfw_pairs_load (train_path, error)))
    return FALSE;

  /* Every distinct image once, whichever list names it. */
  for (int pass = 0; pass < 2; pass++)
    {
      SlLfwPairs *list = pass == 0 ? test : train;
      if (list == NULL)
        continue;
      for (guint i = 0; i < list->pairs->len; i++)
        {
          SlLfwPair *p = g_ptr_array_index (list->pairs, i);
          image_index (index, paths, images_dir, p->name_a, p->num_a);
          image_index (index, paths, images_dir, p->name_b, p->num_b);
        }
    }
  n_images = paths->len;

  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, n_threads,
                                   progress, user_data, cancellable, error)))
    return FALSE;
  result->wall_s = batch->wall_s;

  n = test->pairs->len;
  dms = g_new (double, n_images);
  ems = g_new (double, n_images);
  scores = g_new (double, n);
  same = g_new (gboolean, n);
  score_pairs (test, batch, paths, index, images_dir, scores, same);

  if (test->n_folds > 1)
    {
      /* 10-fold: each fold's threshold comes from the other nine. */
      double acc_sum = 0, thr_sum = 0;
      g_autofree double *fs = g_new (double, n);
      g_autofree gboolean *fsame = g_new (gboolean, n);

      for (int fold = 0; fold < test->n_folds; fold++)
        {
          guint m = 0, k = 0;
          double thr;
          for (guint i = 0; i < n; i++)
            if (((SlLfwPair *) g_ptr_array_index (test->pairs, i))->fold != fold)
              {
                fs[m] = scores[i];
                fsame[m++] = same[i];
              }
          thr = sl_best_threshold (fs, fsame, m, NULL);
          for (guint i = 0; i < n; i++)
            if (((SlLfwPair *) g_ptr_array_index (test->pairs, i))->fold == fold)
              {
                fs[k] = scores[i];
                fsame[k++] = same[i];
              }
          acc_sum += accuracy_at (fs, fsame, k, thr);
          thr_sum += thr;
        }
      result->accuracy = acc_sum / test->n_folds;
      result->threshold = thr_sum / test->n_folds;
      result->folds = (guint) test->n_folds;
    }
  else
    {
      if (train != NULL)
        {
          guint tn = train->pairs->len;
          train_scores = g_new (double, tn);
          train_same = g_new (gboolean, tn);
          score_pairs (train, batch, paths, index, images_dir, train_scores, train_same);
          result->threshold = sl_best_threshold (train_scores, train_same, tn, NULL);
        }
      else
        result->threshold = sl_best_threshold (scores, same, n, NULL);
      result->accuracy = accuracy_at (scores, same, n, result->threshold);
      result->folds = 1;
    }

  result->pairs = n;
  result->images = n_images;
  result->tar_at_far_1e2 = sl_tar_at_far (scores, same, n, 1e-2);
  result->tar_at_far_1e3 = sl_tar_at_far (scores, same, n, 1e-3);
  result->no_face = batch->no_face;
  result->threads = batch->threads;
  for (guint i = 0; i < n_images; i++)
    if (batch->ok[i])
      {
        dms[n_ok] = batch->detect_ms[i];
        ems[n_ok++] = batch->embed_ms[i];
      }
  result->detect_ms_median = median (dms, n_ok);
  result->embed_ms_median = median (ems, n_ok);
  result->faces_per_second = result->wall_s > 0 ? n_ok / result->wall_s : 0;
  return TRUE;
}
