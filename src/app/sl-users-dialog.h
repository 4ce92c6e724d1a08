/* sl-users-dialog.h: adding a user, or setting a user's new password.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_USERS_DIALOG (sl_users_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlUsersDialog, sl_users_dialog, SL, USERS_DIALOG, AdwWindow)

/* username NULL: a new user; else a new password for that user. */
GtkWidget *sl_users_dialog_new (SlAppContext *context,
                                const char   *username);

G_END_DECLS
