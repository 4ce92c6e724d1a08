/* sl-compare-pane.h: the probe face and a candidate side by side: aligned
 * crops, zoom, the detected landmarks on or off, the original images.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "app/sl-candidate-item.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_PANE (sl_compare_pane_get_type ())

G_DECLARE_FINAL_TYPE (SlComparePane, sl_compare_pane, SL, COMPARE_PANE, AdwBin)

GtkWidget       *sl_compare_pane_new           (SlAppContext    *context);
/* NULL clears the pane. The probe face is read again only when it changes. */
void             sl_compare_pane_set_candidate (SlComparePane   *self,
                                                SlCandidateItem *candidate);
SlCandidateItem *sl_compare_pane_get_candidate (SlComparePane   *self);

G_END_DECLS
