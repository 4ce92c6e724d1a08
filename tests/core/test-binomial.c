/* test-binomial.c: Clopper-Pearson intervals and the incomplete beta
 * function against published values.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <math.h>

#include "core/sl-binomial.h"

static void
assert_interval (guint64 x,
                 guint64 n,
                 double  want_lo,
                 double  want_hi,
                 double  rel_tol)
{
  double lo = -1, hi = -1;

  ck_assert (sl_binomial_interval (x, n, 0.95, &lo, &hi));
  ck_assert_msg (fabs (lo - want_lo) <= rel_tol * fmax (want_lo, 1e-300) || (want_lo == 0 && lo == 0),
                 "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ": lo %.10g, want %.10g", x, n, lo, want_lo);
  ck_assert_msg (fabs (hi - want_hi) <= rel_tol * want_hi,
                 "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ": hi %.10g, want %.10g", x, n, hi, want_hi);
}

/* Values of R's binom.test (exact Clopper-Pearson), and for x = 0 the
 * closed form 1 - 0.025^(1/n). */
START_TEST (test_known_values)
{
  assert_interval (0, 10, 0.0, 0.3084971, 1e-6);
  assert_interval (5, 10, 0.1870860, 0.8129140, 1e-6);
  assert_interval (10, 10, 0.6915029, 1.0, 1e-6);
  assert_interval (1, 100, 0.0002531460, 0.0544593854, 1e-6);
  assert_interval (50, 100, 0.3983211, 0.6016789, 1e-6);
  assert_interval (0, 1, 0.0, 0.975, 1e-9);
  /* Millions of pairs and rates near 1e-5, as per-group FMRs are. */
  assert_interval (0, 368887, 0.0, 1.0 - pow (0.025, 1.0 / 368887), 1e-6);
  /* Poisson limit: chi-square quantiles / 2n (6 and 8 degrees of freedom). */
  assert_interval (3, 870000, 1.237347 / 2 / 870000, 17.534546 / 2 / 870000, 1e-3);
}
END_TEST

START_TEST (test_symmetry_and_order)
{
  double lo_a, hi_a, lo_b, hi_b;

  /* x of n and n - x of n mirror each other. */
  ck_assert (sl_binomial_interval (3, 40, 0.95, &lo_a, &hi_a));
  ck_assert (sl_binomial_interval (37, 40, 0.95, &lo_b, &hi_b));
  ck_assert_double_eq_tol (lo_a, 1.0 - hi_b, 1e-12);
  ck_assert_double_eq_tol (hi_a, 1.0 - lo_b, 1e-12);
  ck_assert (lo_a < 3.0 / 40 && 3.0 / 40 < hi_a);

  /* A higher confidence gives a wider interval. */
  ck_assert (sl_binomial_interval (3, 40, 0.99, &lo_b, &hi_b));
  ck_assert (lo_b < lo_a && hi_b > hi_a);
}
END_TEST

START_TEST (test_no_trials)
{
  double lo = 0.5, hi = 0.5;

  ck_assert (!sl_binomial_interval (0, 0, 0.95, &lo, &hi));
  ck_assert_double_eq (lo, 0.0);
  ck_assert_double_eq (hi, 1.0);
}
END_TEST

START_TEST (test_inc_beta)
{
  /* I_x(1, 1) = x; I_x(a, 1) = x^a; I_0.5(a, a) = 0.5. */
  ck_assert_double_eq_tol (sl_binomial_inc_beta (1, 1, 0.3), 0.3, 1e-14);
  ck_assert_double_eq_tol (sl_binomial_inc_beta (3, 1, 0.5), 0.125, 1e-14);
  ck_assert_double_eq_tol (sl_binomial_inc_beta (7.5, 7.5, 0.5), 0.5, 1e-12);
  /* I_0.4(2, 3) = 0.5248 (the binomial sum). */
  ck_assert_double_eq_tol (sl_binomial_inc_beta (2, 3, 0.4), 0.5248, 1e-12);
  ck_assert_double_eq_tol (sl_binomial_inc_beta_inv (2, 3, 0.5248), 0.4, 1e-10);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("binomial");
  TCase *tc = tcase_create ("clopper-pearson");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_known_values);
  tcase_add_test (tc, test_symmetry_and_order);
  tcase_add_test (tc, test_no_trials);
  tcase_add_test (tc, test_inc_beta);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
