/* test-fairness.c: per-group rates from known scores: the within-group
 * counts, the "not enough pairs" rule, the ratio and its interval, the
 * worst group's threshold, the measurement file, and the label file's
 * complaints, each naming its line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/sl-csv.h"
#include "core/sl-fairness.h"
#include "core/sl-fairness-labels.h"

/* helpers */

/* n non-mated scores of which `high` at 0.6 and the rest at 0.1; mated at
 * 0.7 but `misses` at 0.2. */
static void
add_group (SlFairness *f,
           const char *attribute,
           const char *group,
           guint       n,
           guint       high,
           guint       n_mated,
           guint       misses)
{
  g_autofree float *s = g_new (float, MAX (n, n_mated));
  guint index = sl_fairness_add_group (f, attribute, group, 40, 10);

  for (guint i = 0; i < n; i++)
    s[i] = i < high ? 0.6f : 0.1f;
  sl_fairness_add_scores (f, index, s, n, FALSE);
  for (guint i = 0; i < n_mated; i++)
    s[i] = i < misses ? 0.2f : 0.7f;
  sl_fairness_add_scores (f, index, s, n_mated, TRUE);
}

static SlFairness *
make_measurement (void)
{
  SlFairness *f = sl_fairness_new ("test-model", "00ff", "hand-made", "made up", 0.001);

  add_group (f, "gender", "female", 1000, 30, 500, 50);
  add_group (f, "gender", "male", 1000, 3, 500, 10);
  add_group (f, "age_band", "under-30", 100, 10, 20, 2);
  add_group (f, "age_band", "30-plus", 2000, 20, 600, 6);
  sl_fairness_set_counts (f, 80, 20, 1);
  sl_fairness_set_operating_point (f, 0.5, 0.01);
  return f;
}

static const SlGroupRates *
find_group (GPtrArray  *rates,
            const char *attribute,
            const char *group)
{
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);
          if (g_str_equal (ar->attribute, attribute) && g_str_equal (r->group, group))
            return r;
        }
    }
  ck_abort_msg ("no group %s/%s", attribute, group);
  return NULL;
}

/* tests */

START_TEST (test_min_pairs_rule)
{
  /* ln 0.025 / ln (1 - r), rounded up: with that many pairs and no error,
   * the 95 % upper bound is just at r. */
  ck_assert_uint_eq (sl_fairness_min_pairs (1e-5), 368887);
  ck_assert_uint_eq (sl_fairness_min_pairs (0.01), 368);
  ck_assert (1.0 - pow (0.025, 1.0 / 368887) <= 1e-5);
  ck_assert (1.0 - pow (0.025, 1.0 / 368886) > 1e-5);
}
END_TEST

START_TEST (test_group_rates)
{
  g_autoptr(SlFairness) f = make_measurement ();
  g_autoptr(GPtrArray) rates = sl_fairness_rates (f, 0.5, 0.01);
  const SlGroupRates *female = find_group (rates, "gender", "female");
  const SlGroupRates *male = find_group (rates, "gender", "male");
  const SlGroupRates *young = find_group (rates, "age_band", "under-30");
  SlAttributeRates *gender = g_ptr_array_index (rates, 0);
  SlAttributeRates *age = g_ptr_array_index (rates, 1);

  ck_assert_uint_eq (rates->len, 2);
  ck_assert_str_eq (gender->attribute, "gender");
  ck_assert_uint_eq (female->non_mated_pairs, 1000);
  ck_assert_uint_eq (female->false_matches, 30);
  ck_assert (female->fmr_enough);
  ck_assert_double_eq_tol (female->fmr, 0.03, 1e-12);
  ck_assert (female->fmr_lo < 0.03 && female->fmr_hi > 0.03);
  ck_assert_double_eq_tol (female->fnmr, 0.1, 1e-12);
  ck_assert_double_eq_tol (male->fmr, 0.003, 1e-12);

  /* Ratio of highest to lowest: 10, with an interval around it that the
   * 97.5 % bounds of both groups make wider than either 95 % interval. */
  ck_assert (gender->has_fmr_ratio);
  ck_assert_double_eq_tol (gender->fmr_ratio, 10.0, 1e-9);
  ck_assert (gender->fmr_ratio_lo > 1.0 && gender->fmr_ratio_lo < 10.0);
  ck_assert (gender->fmr_ratio_hi > 10.0 && isfinite (gender->fmr_ratio_hi));
  ck_assert (gender->fmr_ratio_lo <= female->fmr_lo / male->fmr_hi);
  ck_assert_double_eq_tol (gender->fnmr_ratio, 5.0, 1e-9);
  ck_assert_str_eq (g_array_index (gender->groups, SlGroupRates, gender->worst_group).group, "female");

  /* The worst group meets 1 % only above its 0.6 scores: past that bin. */
  ck_assert (gender->has_worst_group_threshold);
  ck_assert_double_eq_tol (gender->worst_group_threshold, 0.601, 1e-9);
  ck_assert (male->threshold_at_target <= 0.5);

  /* The plain per-group curve the plot draws agrees. */
  {
    const char *attribute = NULL;
    guint64 pairs = 0;

    ck_assert_uint_eq (sl_fairness_get_n_groups (f), 4);
    ck_assert_str_eq (sl_fairness_get_group (f, 0, &attribute), "female");
    ck_assert_str_eq (attribute, "gender");
    ck_assert_double_eq_tol (sl_fairness_group_fmr (f, 0, 0.5, &pairs), female->fmr, 1e-12);
    ck_assert_uint_eq (pairs, 1000);
  }

  /* 100 non-mated pairs cannot resolve 1 %: not enough pairs, no ratio. */
  ck_assert (!young->fmr_enough);
  ck_assert (!young->fnmr_enough);
  ck_assert (!age->has_fmr_ratio);
  ck_assert_str_eq (g_array_index (age->groups, SlGroupRates, age->worst_group).group, "30-plus");
}
END_TEST

START_TEST (test_rates_follow_threshold)
{
  g_autoptr(SlFairness) f = make_measurement ();
  g_autoptr(GPtrArray) low = sl_fairness_rates (f, 0.05, 0.01);
  g_autoptr(GPtrArray) high = sl_fairness_rates (f, 0.65, 0.01);

  ck_assert_double_eq_tol (find_group (low, "gender", "female")->fmr, 1.0, 1e-12);
  ck_assert_double_eq_tol (find_group (high, "gender", "female")->fmr, 0.0, 1e-12);
  ck_assert_double_eq_tol (find_group (high, "gender", "male")->fnmr, 0.02, 1e-12);
  /* Both groups at 0: no finite ratio. */
  ck_assert (((SlAttributeRates *) g_ptr_array_index (high, 0))->has_fmr_ratio);
  ck_assert (isnan (((SlAttributeRates *) g_ptr_array_index (high, 0))->fmr_ratio));
  ck_assert (isinf (((SlAttributeRates *) g_ptr_array_index (high, 0))->fmr_ratio_hi));
}
END_TEST

START_TEST (test_save_load)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-test-fairness-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "test-model.fairness", NULL);
  g_autoptr(SlFairness) f = make_measurement ();
  g_autoptr(SlFairness) back = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *described = NULL;
  gsize len;

  ck_assert_ptr_null (sl_fairness_get_file_sha256 (f));
  ck_assert_msg (sl_fairness_save (f, path, &error), "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  ck_assert_str_eq (sl_fairness_get_file_sha256 (f), hash);

  back = sl_fairness_load (path, &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (sl_fairness_get_file_sha256 (back), hash);
  ck_assert_str_eq (sl_fairness_get_model_sha256 (back), "00ff");
  ck_assert_str_eq (sl_fairness_get_limits (back), "made up");
  ck_assert_uint_eq (sl_fairness_get_no_face (back), 1);
  ck_assert_double_eq_tol (sl_fairness_get_threshold (back), 0.5, 1e-12);
  ck_assert_double_eq_tol (sl_fairness_get_target_fmr (back), 0.01, 1e-12);
  ck_assert_str_eq (sl_fairness_get_attributes (back)[0], "gender");
  ck_assert_str_eq (sl_fairness_get_attributes (back)[1], "age_band");
  ck_assert_ptr_null (sl_fairness_get_attributes (back)[2]);
  described = sl_fairness_describe (back);
  ck_assert_ptr_nonnull (strstr (described, hash));

  /* Rates recomputed from the stored histograms, without the scores. */
  a = sl_fairness_rates (f, 0.5, 0.01);
  b = sl_fairness_rates (back, 0.5, 0.01);
  ck_assert_uint_eq (find_group (a, "gender", "female")->false_matches,
                     find_group (b, "gender", "female")->false_matches);
  ck_assert_uint_eq (find_group (a, "age_band", "30-plus")->false_non_matches,
                     find_group (b, "age_band", "30-plus")->false_non_matches);

  /* Malformed counts are refused, naming the file. */
  {
    g_autofree char *bad = NULL;
    char *p = strstr (contents, "non-mated=");
    ck_assert_ptr_nonnull (p);
    memcpy (p + strlen ("non-mated="), "x", 1);
    ck_assert (g_file_set_contents (path, contents, (gssize) len, NULL));
    g_clear_pointer (&back, sl_fairness_unref);
    g_clear_error (&error);
    ck_assert_ptr_null (sl_fairness_load (path, &error));
    ck_assert (g_error_matches (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_INVALID));
    ck_assert_ptr_nonnull (strstr (error->message, "test-model.fairness"));
  }
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* Label files: each problem names its line. */
static void
assert_labels_refused (const char *text,
                       gssize      len,
                       const char *want_line,
                       const char *want_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLabels) labels = sl_labels_parse (text, len < 0 ? strlen (text) : (gsize) len, "labels.csv", &error);

  ck_assert_msg (labels == NULL, "accepted: %s", text);
  ck_assert_msg (error->domain == SL_FAIRNESS_ERROR || error->domain == SL_CSV_ERROR, "%s", error->message);
  ck_assert_msg (strstr (error->message, "labels.csv") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, want_line) != NULL, "want '%s': %s", want_line, error->message);
  ck_assert_msg (strstr (error->message, want_words) != NULL, "want '%s': %s", want_words, error->message);
}

START_TEST (test_labels_good)
{
  const char *text = "\xEF\xBB\xBFimage,gender,age_band\r\n"
                     "Ann/Ann_0001.jpg,female,30-plus\r\n"
                     "Bob/Bob_0001.jpg,male,\r\n";
  const char *with_id = "identity,image,gender\np1,a.jpg,female\np1,b.jpg,female\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLabels) labels = sl_labels_parse (text, strlen (text), "labels.csv", &error);
  g_autoptr(SlLabels) ids = NULL;
  SlLabelRow *row;

  ck_assert_msg (labels != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (g_strv_length (labels->attributes), 2);
  ck_assert_str_eq (labels->attributes[1], "age_band");
  ck_assert_uint_eq (labels->rows->len, 2);
  row = g_ptr_array_index (labels->rows, 1);
  ck_assert_str_eq (row->identity, "Bob");
  ck_assert_str_eq (row->values[0], "male");
  ck_assert_str_eq (row->values[1], "");
  ck_assert_uint_eq (row->line, 3);

  ids = sl_labels_parse (with_id, strlen (with_id), "ids.csv", &error);
  ck_assert_msg (ids != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (((SlLabelRow *) g_ptr_array_index (ids->rows, 1))->identity, "p1");
}
END_TEST

START_TEST (test_labels_bad)
{
  assert_labels_refused ("", 0, "line 1", "empty");
  assert_labels_refused ("\n\n", -1, "line 1", "empty");
  assert_labels_refused ("photo,gender\nA/A_1.jpg,female\n", -1, "line 1", "no 'image' column");
  assert_labels_refused ("image,identity\nA/A_1.jpg,a\n", -1, "line 1", "no attribute column");
  assert_labels_refused ("image,gender,gender\nA/A_1.jpg,f,f\n", -1, "line 1", "appears twice");
  assert_labels_refused ("image,gender\nA/A_1.jpg,female\nB/B_1.jpg,male\nA/A_1.jpg,female\n", -1,
                         "line 4", "listed again (first on line 2)");
  assert_labels_refused ("image,gender\nA/A_1.jpg,female\nB/B_1.jpg\n", -1, "line 3", "1 fields where the header has 2");
  assert_labels_refused ("image,gender\nA/A_1.jpg,female,extra\n", -1, "line 2", "3 fields");
  assert_labels_refused ("image,gender\nA/A_1.jpg,female\nB/B_1.jpg,m\xE4nnlich\n", -1, "line 3", "not UTF-8");
  assert_labels_refused ("image,gender\n/etc/passwd,female\n", -1, "line 2", "not a path inside");
  assert_labels_refused ("image,gender\nA/../../x.jpg,female\n", -1, "line 2", "not a path inside");
  assert_labels_refused ("image,gender\n,female\n", -1, "line 2", "image is empty");
  assert_labels_refused ("image,gender\nloose.jpg,female\n", -1, "line 2", "names no person");
  assert_labels_refused ("image,gender\n", -1, "line 2", "no photo is listed");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("fairness");
  TCase *rates = tcase_create ("rates");
  TCase *labels = tcase_create ("labels");
  SRunner *runner;
  int failed;

  tcase_add_test (rates, test_min_pairs_rule);
  tcase_add_test (rates, test_group_rates);
  tcase_add_test (rates, test_rates_follow_threshold);
  tcase_add_test (rates, test_save_load);
  tcase_add_test (labels, test_labels_good);
  tcase_add_test (labels, test_labels_bad);
  suite_add_tcase (s, rates);
  suite_add_tcase (s, labels);
  runner = srunner_create (s);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
