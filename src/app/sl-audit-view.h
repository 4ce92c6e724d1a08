/* sl-audit-view.h: the Audit view: the whole audit log for supervisors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_AUDIT_VIEW (sl_audit_view_get_type ())

G_DECLARE_FINAL_TYPE (SlAuditView, sl_audit_view, SL, AUDIT_VIEW, AdwBin)

GtkWidget *sl_audit_view_new (SlAppContext *context);

G_END_DECLS
