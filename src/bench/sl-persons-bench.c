/* sl-persons-bench.c: how well and how fast the case's faces group into
 * persons (sl-person-group.c), on real embeddings of labelled photos. The
 * embeddings are cached beside the run (CACHE and CACHE.labels) so that
 * the grouping can be measured again without embedding every photo.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "analysis/sl-calibrate.h"
#include "bench/sl-persons-bench.h"
#include "core/sl-files.h"
#include "core/sl-store-private.h"
#include "engine/sightline-engine.h"
#include "core/sl-person-group.h"
#include "core/sl-vector.h"
#include "vision/sl-model-manifest.h"

#define CASE_PASSWORD "bench-persons-password-1"
#define CASE_NUMBER   "BENCH-PERSONS-1"

static const double rates[SL_PERSONS_BENCH_RATES] = { 1e-4, 1e-5, 1e-6 };

/* The labelled faces: n rows of dim floats, and each row's identity. */
typedef struct
{
  guint      n;
  guint      dim;
  float     *rows;
  guint     *identity;
  guint      n_identities;
  guint      images;
  guint      no_face;
} Faces;

/* helpers */

static void
read_memory_mb (double *rss,
                double *hwm)
{
  g_autofree char *status = NULL;
  const char *line;

  *rss = *hwm = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((line = strstr (status, "VmRSS:")) != NULL)
    *rss = g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
  if ((line = strstr (status, "VmHWM:")) != NULL)
    *hwm = g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* Sets the peak resident size back to the current one (Linux). */
static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static gboolean
read_cache (const char *cache,
            const char *sha256,
            Faces      *faces)
{
  g_autofree char *labels_path = g_strconcat (cache, ".labels", NULL);
  g_autofree char *labels = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  gsize size = 0;
  guint n, dim;

  if (!g_file_get_contents (labels_path, &labels, NULL, NULL) ||
      !g_file_get_contents (cache, &data, &size, NULL))
    return FALSE;
  lines = g_strsplit (labels, "\n", -1);
  if (lines[0] == NULL ||
      sscanf (lines[0], "%*64s %u %u %u %u", &n, &dim, &faces->images, &faces->no_face) != 4 || strncmp (lines[0], sha256, 64) != 0 ||
      size != (gsize) n * dim * sizeof (float) || g_strv_length (lines) < n + 1)
    return FALSE;
  faces->n = n;
  faces->dim = dim;
  faces->rows = (float *) g_steal_pointer (&data);
  faces->identity = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    faces->identity[i] = (guint) g_ascii_strtoull (lines[i + 1], NULL, 10);
  faces->n_identities = 0;
  for (guint i = 0; i < n; i++)
    faces->n_identities = MAX (faces->n_identities, faces->identity[i] + 1);
  return TRUE;
}

static gboolean
write_cache (const char  *cache,
             const char  *sha256,
             Faces       *faces,
             GError     **error)
{
  g_autofree char *labels_path = g_strconcat (cache, ".labels", NULL);
  g_autoptr(GString) labels = g_string_new (NULL);

  g_string_append_printf (labels, "%s %u %u %u %u\n", sha256, faces->n, faces->dim, faces->images,
                          faces->no_face);
  for (guint i = 0; i < faces->n; i++)
    g_string_append_printf (labels, "%u\n", faces->identity[i]);
  return g_file_set_contents (cache, (const char *) faces->rows, (gssize) faces->n * faces->dim * sizeof (float),
                              error) &&
         g_file_set_contents (labels_path, labels->str, (gssize) labels->len, error);
}

static gboolean
embed (SlFaceAnalyser        *analyser,
       const char            *images_dir,
       guint                  n_threads,
       SlProgressFunc         progress,
       gpointer               user_data,
       GCancellable          *cancellable,
       SlPersonsBenchResult  *r,
       Faces                 *faces,
       GError               **error)
{
  g_autoptr(GPtrArray) dirs = sl_dir_list_sorted (images_dir, error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SlFaceBatch) batch = NULL;
  gint64 t0 = g_get_monotonic_time ();
  guint k = 0;

  if (dirs == NULL)
    return FALSE;
  for (guint d = 0; d < dirs->len; d++)
    {
      g_autofree char *sub = g_build_filename (images_dir, g_ptr_array_index (dirs, d), NULL);
      g_autoptr(GPtrArray) files = NULL;

      if (!g_file_test (sub, G_FILE_TEST_IS_DIR))
        continue;
      if (!(files = sl_dir_list_sorted (sub, error)))
        return FALSE;
      for (guint i = 0; i < files->len; i++)
        {
          g_ptr_array_add (paths, g_build_filename (sub, g_ptr_array_index (files, i), NULL));
          g_array_append_val (of, d);
        }
    }
  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, n_threads, progress, user_data,
                                   cancellable, error)))
    return FALSE;
  r->embed_s = (g_get_monotonic_time () - t0) / 1e6;
  faces->dim = batch->dim;
  faces->rows = g_new (float, (gsize) batch->n * batch->dim);
  faces->identity = g_new (guint, MAX (batch->n, 1));
  for (guint i = 0; i < batch->n; i++)
    if (sl_face_batch_row (batch, i) != NULL)
      {
        memcpy (faces->rows + (gsize) k * batch->dim, sl_face_batch_row (batch, i), batch->dim * sizeof (float));
        faces->identity[k++] = g_array_index (of, guint, i);
      }
  faces->n = k;
  faces->n_identities = dirs->len;
  faces->images = batch->n;
  faces->no_face = batch->no_face;
  return TRUE;
}

/* A case of n faces in a new database: one LFW photo imported and
 * analysed through the engine, its face row repeated with the other
 * embeddings (same model); then the within-case search from the analysed
 * face and the grouping, both through the engine. */
static gboolean
time_case (const char            *model_dir,
           const char            *photo,
           const float           *rows,
           guint                  n,
           guint                  dim,
           SlPersonsBenchResult  *r,
           GError               **error)
{
  g_autofree char *dir = g_dir_make_tmp ("sightline-persons-XXXXXX", error);
  g_autofree char *db = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) investigator = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlWithinResult) within = NULL;
  g_autoptr(SlPersons) persons = NULL;
  gint64 face_id, t0 = g_get_monotonic_time (), t1;
  gboolean ok = FALSE;

  if (dir == NULL)
    return FALSE;
  db = g_build_filename (dir, "bench.db", NULL);
  engine = sl_engine_new (db);
  if (model_dir != NULL)
    sl_engine_set_model_dir (engine, model_dir);
  if (!sl_engine_init_database (engine, "bench-admin", "Benchmark admin", CASE_PASSWORD, NULL, error) ||
      !(admin = sl_engine_sign_in (engine, "bench-admin", CASE_PASSWORD, error)) ||
      !sl_engine_user_add (engine, admin, "bench", "Bench Investigator", SL_ROLE_INVESTIGATOR, CASE_PASSWORD,
                           error) ||
      !(investigator = sl_engine_sign_in (engine, "bench", CASE_PASSWORD, error)) ||
      !(c = sl_engine_case_open (engine, investigator, CASE_NUMBER, "Benchmark", error)) ||
      !(e = sl_engine_evidence_import (engine, investigator, CASE_NUMBER, photo, NULL, NULL, NULL, error)) ||
      !(a = sl_engine_analyse (engine, investigator, CASE_NUMBER, e->id, NULL, NULL, error)))
    goto out;
  if (a->faces == NULL || a->faces->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No face in %s", photo);
      goto out;
    }
  face_id = ((SlProbeFace *) g_ptr_array_index (a->faces, 0))->id;
  if (!(store = sl_store_open (db, error)) || !sl_store_begin (store, error))
    goto out;
  {
    g_autoptr(SlStmt) stmt =
      sl_store_prepare (store,
                        "INSERT INTO faces (evidence_id, box_x, box_y, box_w, box_h, landmarks, detector_score, "
                        "  quality_band, quality, embedding, model_id, model_sha256, analyzed_by, analyzed_at) "
                        "SELECT evidence_id, box_x, box_y, box_w, box_h, landmarks, detector_score, quality_band, "
                        "  quality, ?2, model_id, model_sha256, analyzed_by, analyzed_at FROM faces WHERE id = ?1",
                        error);

    if (stmt == NULL)
      goto out;
    for (guint i = 1; i < n; i++)
      {
        sl_stmt_reset (stmt);
        sl_stmt_bind_int64 (stmt, 1, face_id);
        sl_stmt_bind_blob (stmt, 2, rows + (gsize) i * dim, (int) (dim * sizeof (float)));
        if (!sl_store_exec_stmt (store, stmt, error, "Cannot write a face"))
          goto out;
      }
  }
  if (!sl_store_exec (store, "COMMIT", error))
    goto out;
  g_clear_object (&store);
  r->case_setup_s = (g_get_monotonic_time () - t0) / 1e6;

  {
    SlSearchRequest req = {
      .case_number = CASE_NUMBER, .face_id = face_id, .offense = "ROBBERY",
      .legal_basis = "Warrant 2024/117 of the district court", .purpose = "suspect",
      .facts = "The person on the shop camera took the till at 21:40 and left on foot.",
      .within_case = TRUE,
    };

    t0 = g_get_monotonic_time ();
    if (!(within = sl_engine_search_within (engine, investigator, &req, NULL, error)))
      goto out;
    t1 = g_get_monotonic_time ();
    r->within_ms = (t1 - t0) / 1000.0;
    r->within_compare_ms = within->search_ms;
  }
  t0 = g_get_monotonic_time ();
  if (!(persons = sl_engine_case_persons (engine, investigator, CASE_NUMBER, NULL, error)))
    goto out;
  r->persons_ms = (g_get_monotonic_time () - t0) / 1000.0;
  r->persons_group_ms = persons->group_ms;
  r->case_persons = persons->persons->len;
  ok = TRUE;

out:
  g_clear_object (&store);
  g_clear_object (&engine);
  sl_remove_tree (dir);
  return ok;
}

static guint64
pairs (guint64 n)
{
  return n * (n - (n > 0 ? 1 : 0)) / 2;
}

/* Purity, completeness and pair precision and recall of the labels. */
static void
measure (const Faces       *faces,
         const guint       *label,
         guint              n_groups,
         SlPersonsQuality  *q)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree guint *group_best = g_new0 (guint, MAX (n_groups, 1));
  g_autofree guint *group_kinds = g_new0 (guint, MAX (n_groups, 1));
  g_autofree guint *group_size = g_new0 (guint, MAX (n_groups, 1));
  g_autofree guint *identity_best = g_new0 (guint, MAX (faces->n_identities, 1));
  g_autofree guint *identity_groups = g_new0 (guint, MAX (faces->n_identities, 1));
  g_autofree guint *identity_size = g_new0 (guint, MAX (faces->n_identities, 1));
  guint64 together = 0, together_same = 0, same = 0, in_best = 0, in_own = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < faces->n; i++)
    {
      gint64 cell = (gint64) label[i] * faces->n_identities + faces->identity[i];
      guint *count = g_hash_table_lookup (cells, &cell);

      if (count == NULL)
        {
          count = g_new0 (guint, 1);
          g_hash_table_insert (cells, g_memdup2 (&cell, sizeof cell), count);
        }
      (*count)++;
      group_size[label[i]]++;
      identity_size[faces->identity[i]]++;
    }
  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 cell = *(gint64 *) key;
      guint g = (guint) (cell / faces->n_identities), id = (guint) (cell % faces->n_identities);
      guint count = *(guint *) value;

      group_best[g] = MAX (group_best[g], count);
      group_kinds[g]++;
      identity_best[id] = MAX (identity_best[id], count);
      identity_groups[id]++;
      together_same += pairs (count);
    }
  q->groups = n_groups;
  q->mixed_groups = q->split_identities = 0;
  for (guint g = 0; g < n_groups; g++)
    {
      in_best += group_best[g];
      together += pairs (group_size[g]);
      q->mixed_groups += group_kinds[g] > 1;
    }
  for (guint id = 0; id < faces->n_identities; id++)
    {
      in_own += identity_best[id];
      same += pairs (identity_size[id]);
      q->split_identities += identity_groups[id] > 1;
    }
  q->purity = faces->n > 0 ? (double) in_best / faces->n : 0;
  q->completeness = faces->n > 0 ? (double) in_own / faces->n : 0;
  q->pair_precision = together > 0 ? (double) together_same / together : 1;
  q->pair_recall = same > 0 ? (double) together_same / same : 1;
}

/* public API */

void
sl_persons_bench_result_clear (SlPersonsBenchResult *r)
{
  g_clear_pointer (&r->model_id, g_free);
}

gboolean
sl_persons_bench (SlFaceAnalyser        *analyser,
                  const char            *model_dir,
                  const char            *images_dir,
                  const char            *cache,
                  guint                  timed_faces,
                  guint                  n_threads,
                  SlProgressFunc         progress,
                  gpointer               user_data,
                  GCancellable          *cancellable,
                  SlPersonsBenchResult  *r,
                  GError               **error)
{
  const SlModelInfo *model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  g_autofree char *dir = model_dir != NULL ? g_strdup (model_dir) : sl_model_dir_default ();
  g_autoptr(SlCalibration) calibration = sl_calibration_find (model, dir, error);
  g_autofree float *timed = NULL;
  g_autofree guint *timed_label = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  Faces faces = { 0 };
  double rss0, hwm0, rss1, hwm1;
  guint dim_of_timed;
  gint64 t0;

  memset (r, 0, sizeof *r);
  if (calibration == NULL)
    return FALSE;
  r->model_id = g_strdup (model->id);
  if (cache != NULL && read_cache (cache, model->sha256, &faces))
    r->cached = TRUE;
  else if (!embed (analyser, images_dir, n_threads, progress, user_data, cancellable, r, &faces, error) ||
           (cache != NULL && !write_cache (cache, model->sha256, &faces, error)))
    {
      g_free (faces.rows);
      g_free (faces.identity);
      return FALSE;
    }
  for (guint i = 0; i < faces.n; i++)
    sl_vector_normalize (faces.rows + (gsize) i * faces.dim, faces.dim);
  r->faces = faces.n;
  r->identities = faces.n_identities;
  r->images = faces.images;
  r->no_face = faces.no_face;

  for (guint k = 0; k < SL_PERSONS_BENCH_RATES; k++)
    {
      SlPersonsQuality *q = &r->quality[k];
      g_autofree guint *label = NULL;
      guint n_groups = 0;

      q->rate = rates[k];
      q->threshold = sl_calibration_score_at_rate (calibration, rates[k], &q->beyond);
      t0 = g_get_monotonic_time ();
      label = sl_person_group (faces.rows, faces.n, faces.dim, q->threshold, NULL, &n_groups);
      q->group_s = (g_get_monotonic_time () - t0) / 1e6;
      measure (&faces, label, n_groups, q);
    }

  /* The timed case: the labelled faces, then noisy copies of them. */
  r->timed_faces = timed_faces > 0 ? timed_faces : faces.n;
  timed = g_new (float, (gsize) r->timed_faces * faces.dim);
  for (guint i = 0; i < r->timed_faces && faces.n > 0; i++)
    {
      float *row = timed + (gsize) i * faces.dim;

      memcpy (row, faces.rows + (gsize) (i % faces.n) * faces.dim, faces.dim * sizeof (float));
      if (i >= faces.n)
        for (guint d = 0; d < faces.dim; d++)
          row[d] += (float) g_rand_double_range (rand, -0.02, 0.02);
      sl_vector_normalize (row, faces.dim);
    }
  dim_of_timed = faces.dim;
  reset_peak ();
  read_memory_mb (&rss0, &hwm0);
  t0 = g_get_monotonic_time ();
  timed_label = sl_person_group (timed, r->timed_faces, faces.dim, r->quality[1].threshold, NULL, &r->timed_groups);
  r->timed_group_s = (g_get_monotonic_time () - t0) / 1e6;
  read_memory_mb (&rss1, &hwm1);
  r->timed_peak_mb = MAX (hwm1 - rss0, 0);
  r->rss_mb = rss1;
  g_free (faces.rows);
  g_free (faces.identity);
  {
    g_autoptr(GPtrArray) dirs = sl_dir_list_sorted (images_dir, error);
    g_autoptr(GPtrArray) files = NULL;
    g_autofree char *sub = NULL;
    g_autofree char *photo = NULL;

    if (dirs == NULL || dirs->len == 0)
      return dirs != NULL;
    sub = g_build_filename (images_dir, g_ptr_array_index (dirs, 0), NULL);
    if (!(files = sl_dir_list_sorted (sub, error)) || files->len == 0)
      return files != NULL;
    photo = g_build_filename (sub, g_ptr_array_index (files, 0), NULL);
    return time_case (model_dir, photo, timed, r->timed_faces, dim_of_timed, r, error);
  }
}
