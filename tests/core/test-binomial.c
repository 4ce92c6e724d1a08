/* test-binomial.c: the Clopper-Pearson interval against textbook values,
 * closed forms at the ends, and its defining tail probabilities computed
 * here by summing the binomial distribution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <math.h>

#include "core/sl-binomial.h"

/* helpers */

/* P(X <= k) for X ~ Binomial(n, p), summed term by term. */
static double
binomial_cdf (guint  k,
              guint  n,
              double p)
{
  double sum = 0;

  for (guint i = 0; i <= k; i++)
    sum += exp (lgamma (n + 1.0) - lgamma (i + 1.0) - lgamma (n - i + 1.0) + i * log (p) + (n - i) * log1p (-p));
  return sum;
}

/* tests */

START_TEST (test_textbook_values)
{
  double lo, hi;

  /* 1 of 10 at 95 %: (0.0025, 0.4450), as every statistics package gives. */
  ck_assert (sl_binomial_interval (1, 10, 0.95, &lo, &hi));
  ck_assert_double_eq_tol (lo, 0.002529, 1e-6);
  ck_assert_double_eq_tol (hi, 0.445016, 1e-6);

  /* None of 10: the upper end is 1 - 0.025^(1/10). */
  ck_assert (sl_binomial_interval (0, 10, 0.95, &lo, &hi));
  ck_assert_double_eq (lo, 0.0);
  ck_assert_double_eq_tol (hi, 1 - pow (0.025, 1 / 10.0), 1e-9);

  /* All of 200: the lower end is 0.025^(1/200). */
  ck_assert (sl_binomial_interval (200, 200, 0.95, &lo, &hi));
  ck_assert_double_eq_tol (lo, pow (0.025, 1 / 200.0), 1e-9);
  ck_assert_double_eq (hi, 1.0);
}
END_TEST

START_TEST (test_defining_tails)
{
  static const guint cases[][2] = { { 3, 120 }, { 28, 535 }, { 1, 2 }, { 47, 50 }, { 500, 1000 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint x = cases[c][0], n = cases[c][1];
      double lo, hi;

      ck_assert (sl_binomial_interval (x, n, 0.95, &lo, &hi));
      ck_assert (lo < (double) x / n && (double) x / n < hi);
      /* At lo, seeing x or more is 2.5 % likely; at hi, x or fewer. */
      ck_assert_double_eq_tol (1 - binomial_cdf (x - 1, n, lo), 0.025, 1e-7);
      ck_assert_double_eq_tol (binomial_cdf (x, n, hi), 0.025, 1e-7);
    }
}
END_TEST

START_TEST (test_no_trials)
{
  double lo = 0.5, hi = 0.5;

  ck_assert (!sl_binomial_interval (0, 0, 0.95, &lo, &hi));
  ck_assert_double_eq (lo, 0.0);
  ck_assert_double_eq (hi, 1.0);
  ck_assert (!sl_binomial_interval (5, 4, 0.95, &lo, &hi));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("binomial");
  TCase *tc = tcase_create ("clopper-pearson");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_textbook_values);
  tcase_add_test (tc, test_defining_tails);
  tcase_add_test (tc, test_no_trials);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
