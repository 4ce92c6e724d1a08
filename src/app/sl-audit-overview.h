/* sl-audit-overview.h: the audit overview: searches per person per week,
 * refused attempts, confirmed leads and reviewers' disagreements.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_AUDIT_OVERVIEW (sl_audit_overview_get_type ())

G_DECLARE_FINAL_TYPE (SlAuditOverview, sl_audit_overview, SL, AUDIT_OVERVIEW, AdwBin)

GtkWidget *sl_audit_overview_new     (SlAppContext    *context);
/* Computes the overview again, in a worker, over rows from `from` and
 * before `to` (either NULL: unbounded; any form the engine parses). */
void       sl_audit_overview_refresh (SlAuditOverview *self,
                                      const char      *from,
                                      const char      *to);

G_END_DECLS
