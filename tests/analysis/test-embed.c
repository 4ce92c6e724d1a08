/* test-embed.c: same-person pairs score above different-person pairs, with
 * both embedders (the code is tied to no one model).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <string.h>

#include "core/sl-vector.h"
#include "bench/sl-lfw-bench.h"
#include "vision/sl-vision-error.h"
#include "sl-test-vision.h"

#define N_EACH 40

/* helpers */

/* Scores the first N_EACH same and different pairs of the development
 * training list; returns the fraction of same pairs scoring above every
 * different pair's median and fills the means. */
static void
score_pairs (const char *embedder_id,
             double     *mean_same,
             double     *mean_diff,
             double     *separated)
{
  g_autofree char *pairs_path = sl_test_shared_path ("datasets", "lfw-view1", "pairsDevTrain.txt", NULL);
  g_autofree char *images = sl_test_shared_path ("datasets", "lfw-view1", "images", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLfwPairs) pairs = sl_lfw_pairs_load (pairs_path, &error);
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (embedder_id);
  guint dim = sl_embedder_get_dim (sl_face_analyser_get_embedder (analyser));
  g_autofree float *ea = g_new (float, dim);
  g_autofree float *eb = g_new (float, dim);
  double same[N_EACH], diff[N_EACH], sorted[N_EACH], median;
  guint n_same = 0, n_diff = 0, above = 0;

  ck_assert_msg (pairs != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < pairs->pairs->len && (n_same < N_EACH || n_diff < N_EACH); i++)
    {
      SlLfwPair *p = g_ptr_array_index (pairs->pairs, i);
      g_autofree char *a = sl_lfw_image_path (images, p->name_a, p->num_a);
      g_autofree char *b = sl_lfw_image_path (images, p->name_b, p->num_b);
      SlFace fa, fb;
      double sim;

      if ((p->same && n_same >= N_EACH) || (!p->same && n_diff >= N_EACH))
        continue;
      if (!sl_face_analyser_embed_file (analyser, a, SL_FACE_PICK_CENTRAL, &fa, ea, NULL, NULL, &error) ||
          !sl_face_analyser_embed_file (analyser, b, SL_FACE_PICK_CENTRAL, &fb, eb, NULL, NULL, &error))
        {
          ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NO_FACE),
                         "%s", error->message);
          g_clear_error (&error);
          continue;
        }
      sim = sl_vector_dot (ea, eb, dim);
      ck_assert (sim >= -1.0001 && sim <= 1.0001);
      if (p->same)
        same[n_same++] = sim;
      else
        diff[n_diff++] = sim;
    }
  ck_assert_uint_eq (n_same, N_EACH);
  ck_assert_uint_eq (n_diff, N_EACH);

  *mean_same = *mean_diff = 0;
  for (guint i = 0; i < N_EACH; i++)
    {
      *mean_same += same[i] / N_EACH;
      *mean_diff += diff[i] / N_EACH;
    }
  memcpy (sorted, diff, sizeof diff);
  for (guint i = 0; i < N_EACH; i++)
    for (guint j = i + 1; j < N_EACH; j++)
      if (sorted[j] < sorted[i])
        {
          double t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t;
        }
  median = sorted[N_EACH - 1];   /* the highest different-person score */
  for (guint i = 0; i < N_EACH; i++)
    above += same[i] > median;
  *separated = (double) above / N_EACH;
}

/* tests */

START_TEST (test_same_above_different_default)
{
  double ms, md, sep;

  score_pairs (NULL, &ms, &md, &sep);
  g_debug ("fr-feature: same %.3f different %.3f separated %.2f", ms, md, sep);
  ck_assert_msg (ms > md + 0.3, "mean same %.3f, mean different %.3f", ms, md);
  ck_assert_msg (sep >= 0.9, "only %.0f%% of same pairs above every different pair", sep * 100);
}
END_TEST

START_TEST (test_same_above_different_mobilefacenet)
{
  double ms, md, sep;

  score_pairs ("mobilefacenet", &ms, &md, &sep);
  g_debug ("mobilefacenet: same %.3f different %.3f separated %.2f", ms, md, sep);
  ck_assert_msg (ms > md + 0.3, "mean same %.3f, mean different %.3f", ms, md);
  ck_assert_msg (sep >= 0.85, "only %.0f%% of same pairs above every different pair", sep * 100);
}
END_TEST

START_TEST (test_embedding_dimensions)
{
  g_autoptr(SlFaceAnalyser) fr = sl_test_analyser (NULL);
  g_autoptr(SlFaceAnalyser) mf = sl_test_analyser ("mobilefacenet");
  g_autofree char *img = sl_test_shared_path ("datasets", "lfw-view1", "images", "AJ_Cook", "AJ_Cook_0001.jpg", NULL);
  g_autoptr(GError) error = NULL;
  float a[512], b[128];
  SlFace face;

  ck_assert_uint_eq (sl_embedder_get_dim (sl_face_analyser_get_embedder (fr)), 512);
  ck_assert_uint_eq (sl_embedder_get_dim (sl_face_analyser_get_embedder (mf)), 128);
  ck_assert (sl_face_analyser_embed_file (fr, img, SL_FACE_PICK_CENTRAL, &face, a, NULL, NULL, &error));
  ck_assert (sl_face_analyser_embed_file (mf, img, SL_FACE_PICK_CENTRAL, &face, b, NULL, NULL, &error));
  ck_assert_double_eq_tol (sl_vector_dot (a, a, 512), 1.0, 1e-4);
  ck_assert_double_eq_tol (sl_vector_dot (b, b, 128), 1.0, 1e-4);
}
END_TEST

START_TEST (test_compare_no_face)
{
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autofree char *dogs = sl_test_shared_path ("datasets", "faces-detection", "dogs.jpg", NULL);
  g_autofree char *face = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autoptr(GError) error = NULL;
  SlFace fa, fb;
  double sim;

  ck_assert (!sl_face_analyser_compare_files (analyser, face, dogs, &sim, &fa, &fb, &error));
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NO_FACE));
  ck_assert_ptr_nonnull (strstr (error->message, "dogs.jpg"));
}
END_TEST

START_TEST (test_bench_helpers)
{
  /* Threshold and TAR@FAR on a hand-made list where the answer is known. */
  double scores[] = { 0.9, 0.8, 0.7, 0.35, 0.1, 0.2, 0.3, 0.4 };
  gboolean same[] = { TRUE, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE };
  double acc;
  double t = sl_best_threshold (scores, same, 8, &acc);

  ck_assert_double_eq_tol (acc, 7.0 / 8, 1e-9);
  ck_assert (t > 0.3 && t <= 0.7);
  /* FAR 0: above the best impostor (0.4): three of four genuine pairs. */
  ck_assert_double_eq_tol (sl_tar_at_far (scores, same, 8, 0.001), 0.75, 1e-9);
  /* FAR 0.25 lets one impostor through: threshold 0.3, all four genuine. */
  ck_assert_double_eq_tol (sl_tar_at_far (scores, same, 8, 0.25), 1.0, 1e-9);
}
END_TEST

static Suite *
embed_suite (void)
{
  Suite *s = suite_create ("embed");
  TCase *tc = tcase_create ("embedders");

  tcase_set_timeout (tc, 180);
  tcase_add_test (tc, test_same_above_different_default);
  tcase_add_test (tc, test_same_above_different_mobilefacenet);
  tcase_add_test (tc, test_embedding_dimensions);
  tcase_add_test (tc, test_compare_no_face);
  tcase_add_test (tc, test_bench_helpers);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (embed_suite ());
}
