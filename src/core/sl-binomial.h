/* sl-binomial.h: exact (Clopper-Pearson) confidence intervals for a
 * measured proportion, such as a false-positive identification rate
 * counted over a few hundred searches.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The two-sided Clopper-Pearson interval of successes out of trials at
 * confidence (0.95 for 95 %). FALSE, and lo = 0, hi = 1, when trials is 0
 * or successes exceeds trials. */
gboolean sl_binomial_interval (guint64  successes,
                               guint64  trials,
                               double   confidence,
                               double  *lo,
                               double  *hi);

G_END_DECLS
