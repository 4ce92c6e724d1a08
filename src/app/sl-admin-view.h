/* sl-admin-view.h: the Administration view: users, policy, galleries and models.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_ADMIN_VIEW (sl_admin_view_get_type ())

G_DECLARE_FINAL_TYPE (SlAdminView, sl_admin_view, SL, ADMIN_VIEW, AdwBin)

GtkWidget *sl_admin_view_new       (SlAppContext *context);
/* "users", "policy", "galleries" or "models"; FALSE when this role has no
 * such page. */
gboolean   sl_admin_view_show_page (SlAdminView  *self,
                                    const char   *name);
GtkWidget *sl_admin_view_get_page  (SlAdminView  *self,
                                    const char   *name);

G_END_DECLS
