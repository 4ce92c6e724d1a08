/* sl-engine-accounts.h: accounts: adding, disabling, unlocking and listing users, and
 * passwords (sl-engine-accounts.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-user.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

gboolean      sl_engine_user_add           (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            const char     *display_name,
                                            SlRole          role,
                                            const char     *password,
                                            GError        **error);
gboolean      sl_engine_user_disable       (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            GError        **error);
/* Lets a disabled account sign in again; audited as "user.enable". */
gboolean      sl_engine_user_enable        (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            GError        **error);
gboolean      sl_engine_user_unlock        (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            GError        **error);
/* Anyone may change their own password; an administrator anyone's. */
gboolean      sl_engine_user_may_set_password (SlEngine    *self,
                                               SlSession   *session,
                                               const char  *username,
                                               GError     **error);
gboolean      sl_engine_user_set_password  (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            const char     *new_password,
                                            GError        **error);
/* SlUser (password hashes cleared). */
GPtrArray    *sl_engine_user_list          (SlEngine       *self,
                                            SlSession      *session,
                                            GError        **error);

G_END_DECLS
