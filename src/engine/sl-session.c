/* sl-session.c: who is signed in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-session"

#include "config.h"

#include "engine/sl-engine-private.h"
#include "engine/sl-session.h"

struct _SlSession
{
  GObject  parent_instance;

  gint64   user_id;
  char    *username;
  char    *display_name;
  SlRole   role;
};

G_DEFINE_FINAL_TYPE (SlSession, sl_session, G_TYPE_OBJECT)

/* overrides */

static void
sl_session_finalize (GObject *object)
{
  SlSession *self = SL_SESSION (object);

  g_free (self->username);
  g_free (self->display_name);

  G_OBJECT_CLASS (sl_session_parent_class)->finalize (object);
}

static void
sl_session_class_init (SlSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_session_finalize;
}

static void
sl_session_init (SlSession *self)
{
}

/* private API (sl-engine-private.h) */

SlSession *
sl_session_new (gint64      user_id,
                const char *username,
                const char *display_name,
                SlRole      role)
{
  SlSession *self = g_object_new (SL_TYPE_SESSION, NULL);

  self->user_id = user_id;
  self->username = g_strdup (username);
  self->display_name = g_strdup (display_name);
  self->role = role;
  return self;
}

/* public API */

gint64
sl_session_get_user_id (SlSession *self)
{
  g_return_val_if_fail (SL_IS_SESSION (self), 0);
  return self->user_id;
}

const char *
sl_session_get_username (SlSession *self)
{
  g_return_val_if_fail (SL_IS_SESSION (self), NULL);
  return self->username;
}

const char *
sl_session_get_display_name (SlSession *self)
{
  g_return_val_if_fail (SL_IS_SESSION (self), NULL);
  return self->display_name;
}

SlRole
sl_session_get_role (SlSession *self)
{
  g_return_val_if_fail (SL_IS_SESSION (self), SL_ROLE_INVESTIGATOR);
  return self->role;
}

gboolean
sl_session_may (SlSession *self,
                SlPermission   action)
{
  g_return_val_if_fail (SL_IS_SESSION (self), FALSE);
  return sl_role_may (self->role, action);
}
