/* sl-audit-row.h: one row of the audit log as the review's list shows it,
 * made on demand for the rows on screen only.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_AUDIT_ROW (sl_audit_row_get_type ())

G_DECLARE_FINAL_TYPE (SlAuditRow, sl_audit_row, SL, AUDIT_ROW, GObject)

/* page holds SlAuditRecords; the row keeps a reference to it and shows
 * record `index`. page NULL: the row is not loaded yet. */
SlAuditRow          *sl_audit_row_new        (gint64      seq,
                                              GPtrArray  *page,
                                              guint       index);
gint64               sl_audit_row_get_seq    (SlAuditRow *self);
/* NULL while the row's page is being fetched. */
const SlAuditRecord *sl_audit_row_get_record (SlAuditRow *self);
/* The search a "search" row recorded; 0 for any other row. */
gint64               sl_audit_row_get_search_id (SlAuditRow *self);

G_END_DECLS
