/* sl-admin-item.c: a row of an administration list and the text columns
 * that show it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-admin-item"

#include "config.h"

#include "app/sl-admin-item.h"

struct _SlAdminItem
{
  GObject         parent_instance;
  gpointer        data;
  GDestroyNotify  free_func;
};

G_DEFINE_FINAL_TYPE (SlAdminItem, sl_admin_item, G_TYPE_OBJECT)

/* helpers */

static char *
item_text (SlAdminItem     *item,
           SlAdminTextFunc  func)
{
  return item != NULL ? func (item->data) : NULL;
}

/* callbacks */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            SlAdminTextFunc           func)
{
  SlAdminItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item_text (item, func);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (list_item), text);
}

static int
compare_text (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SlAdminTextFunc func = (SlAdminTextFunc) user_data;
  g_autofree char *ta = item_text ((SlAdminItem *) a, func);
  g_autofree char *tb = item_text ((SlAdminItem *) b, func);

  return g_utf8_collate (ta != NULL ? ta : "", tb != NULL ? tb : "");
}

/* overrides */

static void
sl_admin_item_finalize (GObject *object)
{
  SlAdminItem *self = SL_ADMIN_ITEM (object);

  if (self->free_func != NULL && self->data != NULL)
    self->free_func (self->data);

  G_OBJECT_CLASS (sl_admin_item_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_admin_item_class_init (SlAdminItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_admin_item_finalize;
}

static void
sl_admin_item_init (SlAdminItem *self)
{
}

/* public API */

SlAdminItem *
sl_admin_item_new (gpointer       data,
                   GDestroyNotify free_func)
{
  SlAdminItem *self = g_object_new (SL_TYPE_ADMIN_ITEM, NULL);

  self->data = data;
  self->free_func = free_func;
  return self;
}

gpointer
sl_admin_item_get_data (SlAdminItem *self)
{
  g_return_val_if_fail (SL_IS_ADMIN_ITEM (self), NULL);

  return self->data;
}

GtkColumnViewColumn *
sl_admin_add_text_column (GtkColumnView   *view,
                          const char      *title,
                          SlAdminTextFunc  func,
                          gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), (gpointer) func);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_text, (gpointer) func, NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (view, column);
  return column;
}

GListStore *
sl_admin_wrap (GtkColumnView *view,
               GtkFilter     *filter)
{
  GListStore *store = g_list_store_new (SL_TYPE_ADMIN_ITEM);
  GListModel *model = G_LIST_MODEL (g_object_ref (store));
  GtkSortListModel *sorted;
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (filter != NULL)
    model = G_LIST_MODEL (gtk_filter_list_model_new (model, g_object_ref (filter)));
  sorted = gtk_sort_list_model_new (model, g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  /* The view holds the chain; the caller holds the store. */
  return store;
}
