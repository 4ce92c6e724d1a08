/* sl-admin-view.h: the Administration view: users, policy, galleries and models.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_ADMIN_VIEW (sl_admin_view_get_type ())

G_DECLARE_FINAL_TYPE (SlAdminView, sl_admin_view, SL, ADMIN_VIEW, AdwBin)

GtkWidget *sl_admin_view_new (SlAppContext *context);

G_END_DECLS
