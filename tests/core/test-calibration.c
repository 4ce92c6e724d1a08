/* test-calibration.c: score tables: rates from known scores, the measured
 * range, saving and loading, refusal of a malformed table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/sl-calibration.h"
#include "sl-test-util.h"

static SlCalibration *
make_table (void)
{
  SlCalibration *cal = sl_calibration_new ("test-model", "00ff", "hand-made", 0.001);
  g_autofree float *nonmated = g_new (float, 100000);
  float mated[100];

  /* 100,000 non-mated scores spread evenly over [-0.5, 0.5): 1 % of them
   * at or above 0.49; 100 mated scores over [0.3, 0.8). */
  for (guint i = 0; i < 100000; i++)
    nonmated[i] = -0.5f + (float) i / 100000.0f;
  for (guint i = 0; i < 100; i++)
    mated[i] = 0.3f + (float) i / 200.0f;
  sl_calibration_add_scores (cal, nonmated, 100000, FALSE);
  sl_calibration_add_scores (cal, mated, 100, TRUE);
  sl_calibration_set_counts (cal, 500, 50);
  return cal;
}

START_TEST (test_rates)
{
  g_autoptr(SlCalibration) cal = make_table ();
  gboolean beyond = TRUE;
  double fmr;

  ck_assert_uint_eq (sl_calibration_get_n_nonmated (cal), 100000);
  ck_assert_uint_eq (sl_calibration_get_n_mated (cal), 100);
  fmr = sl_calibration_false_match_rate (cal, 0.49, &beyond);
  ck_assert (!beyond);
  /* Never understated, and over-counting by at most one bin (100 scores). */
  ck_assert_msg (fmr >= 0.01 && fmr <= 0.0111, "fmr %g", fmr);
  fmr = sl_calibration_false_match_rate (cal, 0.0, &beyond);
  ck_assert_msg (fmr >= 0.5 && fmr <= 0.5011, "fmr %g", fmr);
  ck_assert_double_eq_tol (sl_calibration_true_match_rate (cal, 0.55), 0.5, 0.02);
  ck_assert_double_eq_tol (sl_calibration_true_match_rate (cal, 0.9), 0.0, 1e-9);
}
END_TEST

START_TEST (test_beyond_measured_range)
{
  g_autoptr(SlCalibration) cal = make_table ();
  gboolean beyond = FALSE;
  double fmr = sl_calibration_false_match_rate (cal, 0.7, &beyond);
  g_autofree char *text = sl_calibration_describe (cal, 0.7);
  g_autofree char *common = sl_calibration_describe (cal, 0.0);
  g_autofree char *rare = sl_calibration_describe (cal, 0.499);

  ck_assert (beyond);
  ck_assert_double_eq_tol (fmr, 1e-5, 1e-12);
  ck_assert_str_eq (text, "below 1 in 100,000, beyond the measured range");
  ck_assert_str_eq (common, "50% of unrelated faces score this high");
  ck_assert_msg (strstr (rare, "1 in ") == rare && strstr (rare, "unrelated faces score this high"), "%s", rare);
  ck_assert (sl_calibration_score_at_rate (cal, 1e-6, &beyond) > 0.499);
  ck_assert (beyond);
  ck_assert_double_eq_tol (sl_calibration_score_at_rate (cal, 0.01, &beyond), 0.49, 0.0015);
  ck_assert (!beyond);
}
END_TEST

START_TEST (test_save_load)
{
  g_autoptr(SlCalibration) cal = make_table ();
  g_autoptr(SlCalibration) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-cal-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "m.calibration", NULL);

  ck_assert (sl_calibration_save (cal, path, &error));
  back = sl_calibration_load (path, &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (sl_calibration_get_model_id (back), "test-model");
  ck_assert_str_eq (sl_calibration_get_model_sha256 (back), "00ff");
  ck_assert_uint_eq (sl_calibration_get_n_nonmated (back), 100000);
  for (double s = -0.6; s < 0.9; s += 0.013)
    ck_assert_double_eq (sl_calibration_false_match_rate (cal, s, NULL),
                         sl_calibration_false_match_rate (back, s, NULL));
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_malformed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-cal-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "bad.calibration", NULL);
  const char *texts[] = {
    "[Calibration]\nmodel=x\nstep=0.001\nmated=1:2\nnon-mated=oops\n",
    "[Calibration]\nmodel=x\nstep=0\nmated=1:2\nnon-mated=1:2\n",
    "[Calibration]\nmodel=x\nstep=0.001\nmated=\nnon-mated=\n",
    "[Calibration]\nmodel=x\nstep=0.001\nmated=999999:1\nnon-mated=1:1\n",
    "not a key file at all \x01\x02",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      SlCalibration *cal;
      ck_assert (g_file_set_contents (path, texts[i], -1, NULL));
      cal = sl_calibration_load (path, &error);
      ck_assert_msg (cal == NULL, "text %u was accepted", i);
      ck_assert_msg (strstr (error->message, "bad.calibration") != NULL, "%s", error->message);
      g_clear_error (&error);
    }
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_format_count)
{
  g_autofree char *a = sl_format_count (0);
  g_autofree char *b = sl_format_count (999);
  g_autofree char *c = sl_format_count (1000);
  g_autofree char *d = sl_format_count (5912874);

  ck_assert_str_eq (a, "0");
  ck_assert_str_eq (b, "999");
  ck_assert_str_eq (c, "1,000");
  ck_assert_str_eq (d, "5,912,874");
}
END_TEST

/* Under a German locale, where printf writes "97,5", a count is grouped
 * with points: "1 in 25,657" would read as twenty-five. The locale is
 * compiled for the test (localedef into a folder of its own, LOCPATH),
 * since a fresh machine has none but C. */
START_TEST (test_format_count_german)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-locale-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *count = NULL;
  g_autofree char *decimal = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = 0;

  ck_assert_ptr_nonnull (dir);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error), "localedef: %s", error != NULL ? error->message : "");
  ck_assert_msg (g_file_test (target, G_FILE_TEST_IS_DIR), "localedef made no locale (exit %d): %s", status, err);
  g_setenv ("LOCPATH", dir, TRUE);
  ck_assert_ptr_nonnull (setlocale (LC_NUMERIC, "de_DE.UTF-8"));
  decimal = g_strdup_printf ("%.1f", 97.5);
  count = sl_format_count (5912874);
  setlocale (LC_NUMERIC, "C");
  g_unsetenv ("LOCPATH");
  ck_assert_str_eq (decimal, "97,5");
  ck_assert_str_eq (count, "5.912.874");
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    ck_assert (g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("calibration");
  TCase *tc = tcase_create ("table");

  tcase_add_test (tc, test_rates);
  tcase_add_test (tc, test_beyond_measured_range);
  tcase_add_test (tc, test_save_load);
  tcase_add_test (tc, test_malformed);
  tcase_add_test (tc, test_format_count);
  tcase_add_test (tc, test_format_count_german);
  suite_add_tcase (s, tc);
  return sl_test_run_suite (s);
}
