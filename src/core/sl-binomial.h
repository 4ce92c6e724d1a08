/* sl-binomial.h: exact (Clopper-Pearson) confidence intervals for a
 * binomial rate, such as a false-match rate counted over pairs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The two-sided Clopper-Pearson interval of `successes` in `trials` at
 * `confidence` (e.g. 0.95): lo and hi are the (1 - confidence) / 2 and
 * (1 + confidence) / 2 quantiles of the beta distributions Beta(x, n - x + 1)
 * and Beta(x + 1, n - x); lo is 0 when successes is 0 and hi is 1 when
 * successes equals trials. Returns FALSE (and sets lo, hi to 0 and 1) when
 * trials is 0. */
gboolean sl_binomial_interval    (guint64  successes,
                                  guint64  trials,
                                  double   confidence,
                                  double  *lo,
                                  double  *hi);

/* The regularised incomplete beta function I_x(a, b), a, b > 0, x in
 * [0, 1]. */
double   sl_binomial_inc_beta    (double   a,
                                  double   b,
                                  double   x);
/* The x at which I_x(a, b) = p, p in [0, 1]. */
double   sl_binomial_inc_beta_inv (double  a,
                                  double   b,
                                  double   p);

G_END_DECLS
