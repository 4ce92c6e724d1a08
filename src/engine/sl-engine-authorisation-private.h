/* sl-engine-authorisation-private.h: the authorisation rule a search obeys
 * (sl-engine-authorisation.c), for the search checks
 * (sl-engine-search-check.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-case.h"
#include "core/sl-policy.h"
#include "core/sl-store.h"
#include "engine/sl-engine-authorisation.h"

G_BEGIN_DECLS

SlAuthorisationStatus *sl_authorisation_status_with  (SlStore    *store,
                                                      SlPolicy   *policy,
                                                      gint64      case_id,
                                                      GError    **error);

/* Whether the case may be searched now; SL_ENGINE_ERROR_REFUSED saying why
 * when not (store errors as they are). */
gboolean               sl_authorisation_check_search (SlStore    *store,
                                                      SlPolicy   *policy,
                                                      const SlCase *c,
                                                      GError    **error);

G_END_DECLS
