/* sl-audit-columns.c: the columns of the audit review's list: a label per
 * cell, bound to its row's field; a row still being fetched shows "…".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-audit-columns.h"
#include "app/sl-audit-row.h"
#include "app/sl-format.h"

typedef enum
{
  COLUMN_SEQ,
  COLUMN_TIME,
  COLUMN_ACTOR,
  COLUMN_ACTION,
  COLUMN_CASE,
  COLUMN_OBJECT,
  COLUMN_OUTCOME,
  COLUMN_HASH,
} Column;

static const struct
{
  const char *title;
  int         width;      /* fixed width in pixels; 0: expands */
} columns[] = {
  [COLUMN_SEQ]     = { N_("Seq"), 80 },
  [COLUMN_TIME]    = { N_("Time"), 170 },
  [COLUMN_ACTOR]   = { N_("User"), 110 },
  [COLUMN_ACTION]  = { N_("Action"), 150 },
  [COLUMN_CASE]    = { N_("Case"), 110 },
  [COLUMN_OBJECT]  = { N_("Object"), 0 },
  [COLUMN_OUTCOME] = { N_("Outcome"), 90 },
  [COLUMN_HASH]    = { N_("Hash"), 120 },
};

/* helpers */

static char *
cell_text (Column      column,
           SlAuditRow *row)
{
  const SlAuditRecord *r = sl_audit_row_get_record (row);

  if (column == COLUMN_SEQ)
    return g_strdup_printf ("%" G_GINT64_FORMAT, sl_audit_row_get_seq (row));
  if (r == NULL)
    return g_strdup ("…");
  switch (column)
    {
    case COLUMN_TIME:
      return sl_format_time_seconds (r->time);
    case COLUMN_ACTOR:
      return g_strdup (r->actor != NULL ? r->actor : "—");
    case COLUMN_ACTION:
      return g_strdup (r->action);
    case COLUMN_CASE:
      return g_strdup (r->case_number != NULL ? r->case_number : "");
    case COLUMN_OBJECT:
      if (r->object_type != NULL && r->object_id != NULL)
        return g_strdup_printf ("%s %s", r->object_type, r->object_id);
      return g_strdup (r->object_type != NULL ? r->object_type : "");
    case COLUMN_OUTCOME:
      return g_strdup (sl_format_audit_outcome (r->outcome));
    case COLUMN_HASH:
      return g_strndup (r->hash, 12);
    case COLUMN_SEQ:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* callbacks */

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SEQ ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_SEQ || column == COLUMN_HASH || column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_HASH)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (item);
  SlAuditRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (column, row);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* A column narrower than its text cuts it off: the whole is a hover
   * away (the hash's whole is longer than the twelve shown). */
  gtk_widget_set_tooltip_text (label, text);
  if (column == COLUMN_OUTCOME || column == COLUMN_HASH)
    {
      const SlAuditRecord *r = sl_audit_row_get_record (row);

      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      if (column == COLUMN_OUTCOME && r != NULL && g_strcmp0 (r->outcome, "refused") == 0)
        gtk_widget_add_css_class (label, "error");
      else if (column == COLUMN_OUTCOME && r != NULL && g_strcmp0 (r->outcome, "failed") == 0)
        gtk_widget_add_css_class (label, "warning");
      if (column == COLUMN_HASH && r != NULL)
        gtk_widget_set_tooltip_text (label, r->hash);
    }
}

/* public API */

void
sl_audit_columns_add (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (view, column);
    }
}
