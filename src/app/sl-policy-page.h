/* sl-policy-page.h: the policy editor: threshold (with what it means for
 * every gallery), top-k, offenses, purposes, facts length, second review,
 * retention and enrolment quality; changes waiting for a co-sign.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_POLICY_PAGE (sl_policy_page_get_type ())

G_DECLARE_FINAL_TYPE (SlPolicyPage, sl_policy_page, SL, POLICY_PAGE, AdwBin)

GtkWidget *sl_policy_page_new       (SlAppContext *context);
/* Reads the policy again; unapplied edits are dropped. */
void       sl_policy_page_reload    (SlPolicyPage *self);
/* How many policy values differ from the ones in force. */
guint      sl_policy_page_n_changes (SlPolicyPage *self);
/* How many weakening changes wait for a co-sign, as listed. */
guint      sl_policy_page_n_pending (SlPolicyPage *self);

G_END_DECLS
