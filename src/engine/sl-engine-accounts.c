/* sl-engine-accounts.c: managing accounts: add, disable, enable, unlock, change a
 * password, list. Each change is audited in its own transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-private.h"

typedef gboolean (*UserChange) (SlStore    *store,
                                SlUser     *target,
                                JsonObject *details,
                                GError    **error);

/* helpers */

/* The pattern of every account change: check the role, find the target,
 * make the change and write its row in one transaction; a change that
 * fails is rolled back and audited as failed. */
static gboolean
change_user (SlEngine    *self,
             SlSession   *session,
             SlPermission     action,
             const char  *audit_action,
             const char  *username,
             UserChange   change,
             GError     **error)
{
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlUser) target = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { audit_action, "user", username, NULL, details };

  if (!sl_engine_authorize (self, store, session, action, &entry, error))
    return FALSE;
  if (!sl_store_begin (store, error))
    return FALSE;
  if (!(target = sl_user_lookup (store, username, &local_error)) ||
      !change (store, target, details, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
disable_change (SlStore     *store,
                SlUser      *target,
                JsonObject  *details,
                GError     **error)
{
  if (target->disabled)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The account '%s' is already disabled"), target->username);
      return FALSE;
    }
  return sl_user_set_disabled (store, target->id, TRUE, error);
}

static gboolean
enable_change (SlStore     *store,
               SlUser      *target,
               JsonObject  *details,
               GError     **error)
{
  if (!target->disabled)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The account '%s' is not disabled"), target->username);
      return FALSE;
    }
  /* A lockout is its own state: enabling does not unlock. */
  json_object_set_boolean_member (details, "locked", target->locked);
  return sl_user_set_disabled (store, target->id, FALSE, error);
}

static gboolean
unlock_change (SlStore     *store,
               SlUser      *target,
               JsonObject  *details,
               GError     **error)
{
  json_object_set_boolean_member (details, "was_locked", target->locked);
  json_object_set_int_member (details, "failed_signins", target->failed_signins);
  return sl_user_unlock (store, target->id, error);
}

static SlPermission
password_action (SlSession  *session,
                 const char *username)
{
  return g_ascii_strcasecmp (username, sl_session_get_username (session)) == 0
         ? SL_PERMISSION_PASSWORD_CHANGE_OWN : SL_PERMISSION_USER_MANAGE;
}

/* public API */

gboolean
sl_engine_user_may_set_password (SlEngine    *self,
                                 SlSession   *session,
                                 const char  *username,
                                 GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlAuditEntry entry = { "user.passwd", "user", username, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return sl_engine_authorize (self, sl_engine_get_store (self), session,
                              password_action (session, username), &entry, error);
}

gboolean
sl_engine_user_add (SlEngine    *self,
                    SlSession   *session,
                    const char  *username,
                    const char  *display_name,
                    SlRole       role,
                    const char  *password,
                    GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *hash = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "user.add", "user", username, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (display_name == NULL)
    display_name = username;
  json_object_set_string_member (details, "role", sl_role_to_string (role));
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_USER_MANAGE, &entry, error))
    return FALSE;
  if (!sl_user_check_name (username, &local_error) ||
      !sl_password_check (password, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (!(hash = sl_password_hash (password, error)) || !sl_store_begin (store, error))
    return FALSE;
  json_object_set_string_member (details, "display_name", display_name);
  if (sl_user_insert (store, username, display_name, role, hash, sl_session_get_user_id (session),
                      &local_error) == 0 ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    {
      if (!g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID))
        sl_engine_audit_failure (self, store, session, &entry, local_error);
      else
        sl_store_rollback (store);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_engine_user_disable (SlEngine    *self,
                        SlSession   *session,
                        const char  *username,
                        GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  if (g_strcmp0 (username, sl_session_get_username (session)) == 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("You cannot disable your own account"));
      return FALSE;
    }
  return change_user (self, session, SL_PERMISSION_USER_MANAGE, "user.disable", username,
                      disable_change, error);
}

gboolean
sl_engine_user_enable (SlEngine    *self,
                       SlSession   *session,
                       const char  *username,
                       GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return change_user (self, session, SL_PERMISSION_USER_MANAGE, "user.enable", username,
                      enable_change, error);
}

gboolean
sl_engine_user_unlock (SlEngine    *self,
                       SlSession   *session,
                       const char  *username,
                       GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return change_user (self, session, SL_PERMISSION_USER_MANAGE, "user.unlock", username,
                      unlock_change, error);
}

gboolean
sl_engine_user_set_password (SlEngine    *self,
                             SlSession   *session,
                             const char  *username,
                             const char  *new_password,
                             GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlUser) target = NULL;
  g_autofree char *hash = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "user.passwd", "user", username, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (!sl_engine_authorize (self, store, session, password_action (session, username), &entry, error))
    return FALSE;
  if (!sl_password_check (new_password, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (!(hash = sl_password_hash (new_password, error)) || !sl_store_begin (store, error))
    return FALSE;
  if (!(target = sl_user_lookup (store, username, &local_error)) ||
      !sl_user_set_password_hash (store, target->id, hash, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_engine_user_list (SlEngine   *self,
                     SlSession  *session,
                     GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "user.list", "user", NULL, NULL, NULL };
  GPtrArray *users;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_USER_LIST, &entry, error) ||
      !(users = sl_user_list (store, error)))
    return NULL;
  for (guint i = 0; i < users->len; i++)
    g_clear_pointer (&((SlUser *) g_ptr_array_index (users, i))->password_hash, g_free);
  return users;
}
