/* sl-audit-private.h: what the audit log's core files share: the columns a
 * row is read with and a cursor over any statement that selects them.
 * Nothing outside src/core includes this.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-audit.h"
#include "core/sl-store-private.h"

G_BEGIN_DECLS

#define SL_AUDIT_COLUMNS \
  "seq, time, actor_id, actor, action, object_type, object_id, case_number, outcome, " \
  "details, prev_hash, hash"

/* Takes stmt (its own, not a cached one), which selects SL_AUDIT_COLUMNS. */
SlAuditCursor *sl_audit_cursor_new_for_stmt (SlStore      *store,
                                             SlStmt *stmt);
/* The row the statement stands on, its strings borrowed from it. */
void           sl_audit_record_from_stmt    (SlStmt  *stmt,
                                             SlAuditRecord *record);

G_END_DECLS
