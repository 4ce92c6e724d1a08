/* sl-binomial.c: Clopper-Pearson intervals from the regularised incomplete
 * beta function (continued fraction, modified Lentz; inverted by
 * bisection, which cannot fail to converge and keeps its relative precision
 * for rates as small as one in a billion).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-binomial"

#include "config.h"

#include <float.h>
#include <math.h>

#include "core/sl-binomial.h"

#define CF_MAX_ITERATIONS 100000
#define CF_EPSILON        1e-15
#define CF_TINY           1e-300

/* helpers */

/* The continued fraction of I_x(a, b) (Numerical Recipes, eq. 6.4.5); it
 * converges fast where x < (a + 1) / (a + b + 2), in O(sqrt (max (a, b)))
 * terms. */
static double
beta_continued_fraction (double a,
                         double b,
                         double x)
{
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap, h;

  if (fabs (d) < CF_TINY)
    d = CF_TINY;
  d = 1.0 / d;
  h = d;
  for (int m = 1; m <= CF_MAX_ITERATIONS; m++)
    {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      double del;

      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      del = d * c;
      h *= del;
      if (fabs (del - 1.0) < CF_EPSILON)
        break;
    }
  return h;
}

/* public API */

double
sl_binomial_inc_beta (double a,
                      double b,
                      double x)
{
  double log_front;

  g_return_val_if_fail (a > 0 && b > 0, NAN);

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  log_front = lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x);
  if (x < (a + 1.0) / (a + b + 2.0))
    return exp (log_front) * beta_continued_fraction (a, b, x) / a;
  return 1.0 - exp (log_front) * beta_continued_fraction (b, a, 1.0 - x) / b;
}

double
sl_binomial_inc_beta_inv (double a,
                          double b,
                          double p)
{
  double lo = 0.0, hi = 1.0;

  g_return_val_if_fail (a > 0 && b > 0, NAN);

  if (p <= 0.0)
    return 0.0;
  if (p >= 1.0)
    return 1.0;
  /* I_x is increasing in x. Halving in the geometric mean while the bracket
   * spans orders of magnitude keeps tiny quantiles precise. */
  lo = 1e-300;
  if (sl_binomial_inc_beta (a, b, lo) >= p)
    return 0.0;
  for (int i = 0; i < 2000 && hi - lo > 4 * DBL_EPSILON * hi; i++)
    {
      double mid = hi / lo > 4.0 ? sqrt (lo * hi) : 0.5 * (lo + hi);

      if (sl_binomial_inc_beta (a, b, mid) < p)
        lo = mid;
      else
        hi = mid;
    }
  return 0.5 * (lo + hi);
}

gboolean
sl_binomial_interval (guint64  successes,
                      guint64  trials,
                      double   confidence,
                      double  *lo,
                      double  *hi)
{
  double alpha, x = (double) successes, n = (double) trials;

  g_return_val_if_fail (lo != NULL && hi != NULL, FALSE);
  g_return_val_if_fail (confidence > 0.0 && confidence < 1.0, FALSE);
  g_return_val_if_fail (successes <= trials, FALSE);

  *lo = 0.0;
  *hi = 1.0;
  if (trials == 0)
    return FALSE;
  alpha = 1.0 - confidence;
  if (successes > 0)
    *lo = sl_binomial_inc_beta_inv (x, n - x + 1.0, alpha / 2.0);
  if (successes < trials)
    *hi = sl_binomial_inc_beta_inv (x + 1.0, n - x, 1.0 - alpha / 2.0);
  return TRUE;
}
