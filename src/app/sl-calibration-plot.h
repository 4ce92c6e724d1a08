/* sl-calibration-plot.h: an embedder's calibration curve: the false-match
 * rate (log axis) and the true-match rate against the threshold, with the
 * policy's threshold marked.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_CALIBRATION_PLOT (sl_calibration_plot_get_type ())

G_DECLARE_FINAL_TYPE (SlCalibrationPlot, sl_calibration_plot, SL, CALIBRATION_PLOT, GtkWidget)

GtkWidget *sl_calibration_plot_new           (void);
/* SlCurvePoint by threshold; copied. NULL clears the plot. */
void       sl_calibration_plot_set_curve     (SlCalibrationPlot *self,
                                              GArray            *curve);
guint      sl_calibration_plot_get_n_points  (SlCalibrationPlot *self);
/* The threshold to mark; negative for none. */
void       sl_calibration_plot_set_threshold (SlCalibrationPlot *self,
                                              double             threshold);
double     sl_calibration_plot_get_threshold (SlCalibrationPlot *self);
/* Each measured group's own false-match rate curve, drawn thin beside the
 * average one: the groups with pairs enough to resolve target_fmr. NULL
 * clears them. */
void       sl_calibration_plot_set_groups    (SlCalibrationPlot *self,
                                              SlFairness        *fairness,
                                              double             target_fmr);
guint      sl_calibration_plot_get_n_groups  (SlCalibrationPlot *self);
/* How wide the curves are drawn at the plot's present size, once the rate
 * labels left and the percentages right have their margins. */
double     sl_calibration_plot_get_frame_width (SlCalibrationPlot *self);

G_END_DECLS
