/* sl-results-window.h: the candidates one search showed, each a lead to
 * compare with the probe and decide on; one window per search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_RESULTS_WINDOW (sl_results_window_get_type ())

G_DECLARE_FINAL_TYPE (SlResultsWindow, sl_results_window, SL, RESULTS_WINDOW, AdwWindow)

GtkWindow  *sl_results_window_new            (SlAppContext         *context,
                                              const SlSearchResult *result);
gint64      sl_results_window_get_search_id  (SlResultsWindow      *self);
/* SlCandidateItem, best first. */
GListModel *sl_results_window_get_candidates (SlResultsWindow      *self);
/* Selects the candidate at position (its comparison and decision bar). */
void        sl_results_window_select         (SlResultsWindow      *self,
                                              guint                 position);

G_END_DECLS
