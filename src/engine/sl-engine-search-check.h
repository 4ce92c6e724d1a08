/* sl-engine-search-check.h: whether a search request would be accepted,
 * asked before it runs: the front ends say why a search cannot run yet
 * with the very words the search would refuse it with.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine-search.h"

G_BEGIN_DECLS

/* Runs every rule sl_engine_search() checks before it computes anything
 * (role, justification against the policy, case, probe, gallery and
 * model), with the same errors, in the same order. Nothing is audited and
 * nothing is searched: the search checks again, and audits, when it runs. */
gboolean sl_engine_search_request_check (SlEngine               *self,
                                         SlSession              *session,
                                         const SlSearchRequest  *request,
                                         GError                **error);

G_END_DECLS
