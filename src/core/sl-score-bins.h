/* sl-score-bins.h: similarity scores counted in bins over [-1, 1], as the
 * calibration tables and the per-group measurements keep them: which bin a
 * score falls in, the counts at or above each bin, and the "bin:count"
 * text the model files store.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many bins of width step cover [-1, 1]. */
guint     sl_score_bins_n        (double          step);
/* The lower edge of bin i. */
double    sl_score_bins_lower    (double          step,
                                  guint           i);
/* The bin whose lower edge is at or below the score: a count read from it
 * over-counts by at most one bin, so a rate is never understated. */
guint     sl_score_bins_index    (double          step,
                                  guint           n_bins,
                                  double          score);
/* ge[i] = counts at or above bin i; returns the total. */
guint64   sl_score_bins_cumulate (const guint64  *counts,
                                  guint64        *ge,
                                  guint           n_bins);
/* "bin:count" pairs joined by ';', only the bins that hold any. */
char     *sl_score_bins_format   (const guint64  *counts,
                                  guint           n_bins);
/* Fills counts from that text; FALSE when it is malformed. */
gboolean  sl_score_bins_parse    (const char     *text,
                                  guint64        *counts,
                                  guint           n_bins);

G_END_DECLS
