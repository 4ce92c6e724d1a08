/* sl-audit-columns.h: the columns of the audit review's list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds seq, time, actor, action, case, object, outcome and hash columns,
 * each showing its field of the SlAuditRow items. */
void sl_audit_columns_add (GtkColumnView *view);

G_END_DECLS
