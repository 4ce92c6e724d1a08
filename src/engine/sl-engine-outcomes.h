/* sl-engine-outcomes.h: what happened after a confirmed lead
 * (sl-engine-outcomes.c). A lead alone is never grounds for arrest: an
 * outcome records what the investigation found or did, later, on its own
 * evidence.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-outcome.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         outcome_id;
  gint64         candidate_id;
  gint64         supersedes;      /* the record this one replaces; 0: the first */
  SlOutcomeKind  outcome;
} SlOutcomeResult;

/* Records the outcome of a confirmed lead (a candidate both reviewers
 * called a possible lead): outcome is one of sl_outcome_kind_list (), note
 * says what happened and is required. A record is never changed: a later
 * one supersedes the one in force. Needs SL_PERMISSION_DECIDE; audited
 * ("lead.outcome"), and so is a refusal. result may be NULL. */
gboolean   sl_engine_outcome_record  (SlEngine         *self,
                                      SlSession        *session,
                                      gint64            candidate_id,
                                      const char       *outcome,
                                      const char       *note,
                                      SlOutcomeResult  *result,
                                      GError          **error);
/* The outcome history of a lead, oldest first (SlOutcome); empty when it
 * has none. Needs SL_PERMISSION_CASE_READ; a read, not audited. */
GPtrArray *sl_engine_outcome_history (SlEngine         *self,
                                      SlSession        *session,
                                      gint64            candidate_id,
                                      GError          **error);
/* Every outcome recorded in a case, by lead and oldest first. */
GPtrArray *sl_engine_outcomes_for_case (SlEngine       *self,
                                        SlSession      *session,
                                        const char     *case_number,
                                        GError        **error);

G_END_DECLS
