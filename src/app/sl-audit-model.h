/* sl-audit-model.h: the audit log as a GListModel of SlAuditRows, newest
 * first: the seqs a filter matches are held (8 bytes a row), the rows
 * themselves are fetched a page at a time as they come on screen, in a
 * worker, and only a bounded number of pages is kept.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_AUDIT_MODEL_PAGE 200

#define SL_TYPE_AUDIT_MODEL (sl_audit_model_get_type ())

G_DECLARE_FINAL_TYPE (SlAuditModel, sl_audit_model, SL, AUDIT_MODEL, GObject)

SlAuditModel        *sl_audit_model_new            (SlEngine            *engine,
                                                    SlSession           *session);
/* Runs the query in a worker (cancelling one still running); the model
 * changes when it is done. "loading" is TRUE meanwhile; a failure is
 * reported by the "failed" signal. */
void                 sl_audit_model_set_filter     (SlAuditModel        *self,
                                                    const SlAuditFilter *filter);
const SlAuditFilter *sl_audit_model_get_filter     (SlAuditModel        *self);
/* Runs the current filter again (the log grew). */
void                 sl_audit_model_reload         (SlAuditModel        *self);
gboolean             sl_audit_model_get_loading    (SlAuditModel        *self);
/* The chain's head as of the last query. */
gint64               sl_audit_model_get_head_seq   (SlAuditModel        *self);
const char          *sl_audit_model_get_head_hash  (SlAuditModel        *self);
/* Seconds from asking for the filter to its first page of rows. */
double               sl_audit_model_get_ready_seconds (SlAuditModel     *self);
/* Whether rows are being fetched for the view. */
gboolean             sl_audit_model_get_fetching   (SlAuditModel        *self);
/* The position of the row with this seq, or -1 when it does not match. */
int                  sl_audit_model_find_seq       (SlAuditModel        *self,
                                                    gint64               seq);

G_END_DECLS
