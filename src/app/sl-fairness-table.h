/* sl-fairness-table.h: an embedder's per-group error rates at a threshold,
 * as a table: each measured group's false-match and false non-match rates
 * with their intervals, the worst group, and the data set and its limits in
 * words. The groups describe test photos, never a person shown elsewhere.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_FAIRNESS_TABLE (sl_fairness_table_get_type ())

G_DECLARE_FINAL_TYPE (SlFairnessTable, sl_fairness_table, SL, FAIRNESS_TABLE, GtkWidget)

GtkWidget *sl_fairness_table_new             (void);
/* NULL with the reason when the model has no usable measurement. */
void       sl_fairness_table_set_measurement (SlFairnessTable *self,
                                              SlFairness      *fairness,
                                              const char      *problem);
void       sl_fairness_table_set_threshold   (SlFairnessTable *self,
                                              double           threshold,
                                              double           target_fmr);
/* Group rows shown (0 without a measurement). */
guint      sl_fairness_table_get_n_groups    (SlFairnessTable *self);
/* The worst group's false-match rate in words, as shown; NULL when none. */
const char *sl_fairness_table_get_worst_text (SlFairnessTable *self);

G_END_DECLS
