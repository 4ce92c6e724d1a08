/* sl-session.h: who is signed in: the account and its role, as the engine
 * found them at sign-in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/sl-role.h"

G_BEGIN_DECLS

#define SL_TYPE_SESSION (sl_session_get_type ())
G_DECLARE_FINAL_TYPE (SlSession, sl_session, SL, SESSION, GObject)

gint64      sl_session_get_user_id      (SlSession *self);
const char *sl_session_get_username     (SlSession *self);
const char *sl_session_get_display_name (SlSession *self);
SlRole      sl_session_get_role         (SlSession *self);
/* Whether the signed-in role may do action: sl_role_may() for this user. */
gboolean    sl_session_may              (SlSession *self,
                                         SlPermission   action);

G_END_DECLS
