/* sl-binomial.c: the Clopper-Pearson interval, from the quantiles of the
 * beta distribution: the regularised incomplete beta function by its
 * continued fraction, inverted by bisection (it is monotonic in x, and
 * 100 halvings reach double precision).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-binomial"

#include "config.h"

#include <math.h>

#include "core/sl-binomial.h"

#define CF_MAX_ITERATIONS 300
#define CF_EPSILON        1e-15
#define CF_TINY           1e-300

/* helpers */

/* The continued fraction of I_x(a, b) (Lentz's method), good for
 * x < (a + 1) / (a + b + 2). */
static double
beta_fraction (double a,
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

/* The regularised incomplete beta function I_x(a, b). */
static double
beta_cdf (double x,
          double a,
          double b)
{
  double front;

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  front = exp (lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x));
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_fraction (a, b, x) / a;
  return 1.0 - front * beta_fraction (b, a, 1.0 - x) / b;
}

/* The x at which I_x(a, b) = p. */
static double
beta_quantile (double p,
               double a,
               double b)
{
  double lo = 0.0, hi = 1.0;

  for (int i = 0; i < 100; i++)
    {
      double mid = (lo + hi) / 2.0;

      if (beta_cdf (mid, a, b) < p)
        lo = mid;
      else
        hi = mid;
    }
  return (lo + hi) / 2.0;
}

/* public API */

gboolean
sl_binomial_interval (guint64  successes,
                      guint64  trials,
                      double   confidence,
                      double  *lo,
                      double  *hi)
{
  double alpha, x, n;

  g_return_val_if_fail (lo != NULL && hi != NULL, FALSE);
  g_return_val_if_fail (confidence > 0.0 && confidence < 1.0, FALSE);

  *lo = 0.0;
  *hi = 1.0;
  if (trials == 0 || successes > trials)
    return FALSE;
  alpha = 1.0 - confidence;
  x = (double) successes;
  n = (double) trials;
  if (successes > 0)
    *lo = beta_quantile (alpha / 2.0, x, n - x + 1.0);
  if (successes < trials)
    *hi = beta_quantile (1.0 - alpha / 2.0, x + 1.0, n - x);
  return TRUE;
}
