/* sl-policy-offenses.h: editing the offense list: labels changed, offenses
 * added or withdrawn, kept as pending changes until the policy is applied.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_POLICY_OFFENSES (sl_policy_offenses_get_type ())

G_DECLARE_FINAL_TYPE (SlPolicyOffenses, sl_policy_offenses, SL, POLICY_OFFENSES, AdwBin)

GtkWidget *sl_policy_offenses_new         (void);
/* The offenses in force (SlOffense); pending changes are dropped. */
void       sl_policy_offenses_set         (SlPolicyOffenses *self,
                                           GPtrArray        *offenses);
/* Pending changes as policy keys and values, in code order: "offense.CODE"
 * -> label, or "" to withdraw. */
GPtrArray *sl_policy_offenses_get_changes (SlPolicyOffenses *self,
                                           GPtrArray       **values);

G_END_DECLS
