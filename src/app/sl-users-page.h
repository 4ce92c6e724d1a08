/* sl-users-page.h: the accounts: who may sign in, with what role.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_USERS_PAGE (sl_users_page_get_type ())

G_DECLARE_FINAL_TYPE (SlUsersPage, sl_users_page, SL, USERS_PAGE, AdwBin)

GtkWidget *sl_users_page_new    (SlAppContext *context);
/* Reads the accounts again. */
void       sl_users_page_reload (SlUsersPage  *self);

G_END_DECLS
