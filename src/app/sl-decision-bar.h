/* sl-decision-bar.h: a person's decision on a candidate (possible lead,
 * excluded, inconclusive) with the rationale the engine requires.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "app/sl-candidate-item.h"

G_BEGIN_DECLS

#define SL_TYPE_DECISION_BAR (sl_decision_bar_get_type ())

G_DECLARE_FINAL_TYPE (SlDecisionBar, sl_decision_bar, SL, DECISION_BAR, AdwBin)

GtkWidget *sl_decision_bar_new           (SlAppContext    *context);
/* NULL: nothing to decide on. "decided" is emitted with the candidate once
 * the engine recorded a decision on it, or a correction of one. Once this
 * person decided on it, the bar offers "Correct Decision…" instead. */
void       sl_decision_bar_set_candidate (SlDecisionBar   *self,
                                          SlCandidateItem *candidate);
/* The title over the buttons ("Your Decision", "Your Second Review"). */
void       sl_decision_bar_set_title     (SlDecisionBar   *self,
                                          const char      *title);
/* Records decision ("possible-lead", "excluded", "inconclusive") with the
 * rationale typed; what the decide action does. */
gboolean   sl_decision_bar_decide        (SlDecisionBar   *self,
                                          const char      *decision);

/* Corrects this person's own decision on the candidate: it now stands as
 * decision, for reason (the engine's rules); what the "Correct Decision…"
 * dialog does. The original decision stays on record. */
gboolean   sl_decision_bar_correct       (SlDecisionBar   *self,
                                          const char      *decision,
                                          const char      *reason);

G_END_DECLS
