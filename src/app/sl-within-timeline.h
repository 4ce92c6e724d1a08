/* sl-within-timeline.h: what a search within the case found, on a
 * timeline per evidence item: one row for each piece of evidence with a
 * candidate, a still's candidates as marks, footage as a time axis with a
 * mark at each candidate's time. A mark activated says which candidate.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_WITHIN_TIMELINE (sl_within_timeline_get_type ())

G_DECLARE_FINAL_TYPE (SlWithinTimeline, sl_within_timeline, SL, WITHIN_TIMELINE, GtkWidget)

GtkWidget *sl_within_timeline_new        (void);
/* One row per evidence item (SlEvidence of the case, in that order) that
 * holds a candidate (SlWithinCandidate, best first); both only read. A
 * mark's name is "mark-RANK"; activating it emits "candidate-activated"
 * with the candidate's index. */
void       sl_within_timeline_set_found  (SlWithinTimeline *self,
                                          GPtrArray        *candidates,
                                          GPtrArray        *evidence);
guint      sl_within_timeline_get_n_rows (SlWithinTimeline *self);

G_END_DECLS
