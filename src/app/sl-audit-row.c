/* sl-audit-row.c: one row of the audit log as the review's list shows it.
 * It borrows its record from a page of the model's cache, which it keeps
 * alive: no copy per row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-row"

#include "config.h"

#include "app/sl-audit-row.h"

struct _SlAuditRow
{
  GObject    parent_instance;
  gint64     seq;
  GPtrArray *page;
  guint      index;
};

G_DEFINE_FINAL_TYPE (SlAuditRow, sl_audit_row, G_TYPE_OBJECT)

/* overrides */

static void
sl_audit_row_finalize (GObject *object)
{
  SlAuditRow *self = SL_AUDIT_ROW (object);

  g_clear_pointer (&self->page, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_audit_row_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_audit_row_class_init (SlAuditRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_audit_row_finalize;
}

static void
sl_audit_row_init (SlAuditRow *self)
{
}

/* public API */

SlAuditRow *
sl_audit_row_new (gint64     seq,
                  GPtrArray *page,
                  guint      index)
{
  SlAuditRow *self = g_object_new (SL_TYPE_AUDIT_ROW, NULL);

  g_return_val_if_fail (page == NULL || index < page->len, self);

  self->seq = seq;
  self->page = page != NULL ? g_ptr_array_ref (page) : NULL;
  self->index = index;
  return self;
}

gint64
sl_audit_row_get_seq (SlAuditRow *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_ROW (self), 0);

  return self->seq;
}

const SlAuditRecord *
sl_audit_row_get_record (SlAuditRow *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_ROW (self), NULL);

  return self->page != NULL ? g_ptr_array_index (self->page, self->index) : NULL;
}

gint64
sl_audit_row_get_search_id (SlAuditRow *self)
{
  const SlAuditRecord *r = sl_audit_row_get_record (self);
  guint64 id;

  if (r == NULL || g_strcmp0 (r->action, "search") != 0 || g_strcmp0 (r->object_type, "search") != 0 ||
      r->object_id == NULL || !g_ascii_string_to_unsigned (r->object_id, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}
