/* sl-admin-item.h: a row of an administration list (a user, a gallery, an
 * enrolment outcome...) as a GObject for GListModel, and text columns for
 * a GtkColumnView that show a field of it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_ADMIN_ITEM (sl_admin_item_get_type ())

G_DECLARE_FINAL_TYPE (SlAdminItem, sl_admin_item, SL, ADMIN_ITEM, GObject)

/* Takes data, released with free_func. */
SlAdminItem *sl_admin_item_new      (gpointer        data,
                                     GDestroyNotify  free_func);
gpointer     sl_admin_item_get_data (SlAdminItem    *self);

/* The text a column shows for a row's data; a new string. */
typedef char *(*SlAdminTextFunc) (gpointer data);

/* Appends a column of labels filled by func; sorted by that text. */
GtkColumnViewColumn *sl_admin_add_text_column (GtkColumnView   *view,
                                               const char      *title,
                                               SlAdminTextFunc  func,
                                               gboolean         expand);
/* The store of items behind a column view built with sl_admin_wrap(). */
GListStore *sl_admin_wrap (GtkColumnView *view,
                           GtkFilter     *filter);

G_END_DECLS
