/* sl-engine-members.c: case membership (need to know): the check every use
 * case of a case goes through, and adding and removing members.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-user.h"
#include "engine/sl-engine-private.h"

/* helpers */

static gboolean
change_with (SlEngine    *self,
             SlStore     *store,
             SlSession   *session,
             const char  *case_number,
             const char  *username,
             gboolean     add,
             GError     **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *shown_user = sl_store_text_shown (username, 64);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlUser) user = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { add ? "case.member.add" : "case.member.remove", "case", NULL, shown_case, details };
  gboolean member;

  json_object_set_string_member (details, "user", shown_user);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_MEMBERS, &entry, error) ||
      !sl_store_begin (store, error))
    return FALSE;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (!sl_session_may (session, SL_PERMISSION_CASE_ALL) &&
      g_strcmp0 (c->opened_by, sl_session_get_username (session)) != 0)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: only the opener of the case '%s' (%s) or a supervisor changes its members"),
                   c->number, c->opened_by);
      goto fail;
    }
  if (!(user = sl_user_lookup (store, username, &local_error)))
    goto fail;
  json_object_set_string_member (details, "role", sl_role_to_string (user->role));
  if (!sl_case_member_is (store, c->id, user->id, &member, &local_error))
    goto fail;
  if (add && member)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_EXISTS,
                   _("'%s' is already a member of the case '%s'"), user->username, c->number);
      goto fail;
    }
  if (!add && !member)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                   _("'%s' is not a member of the case '%s'"), user->username, c->number);
      goto fail;
    }
  if (!add && g_strcmp0 (c->opened_by, user->username) == 0)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: %s opened the case '%s' and stays its member"), user->username, c->number);
      goto fail;
    }
  if (!sl_case_member_record (store, c->id, user->id, add, sl_session_get_user_id (session), &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

static GPtrArray *
read_with (SlEngine    *self,
           SlSession   *session,
           const char  *case_number,
           GPtrArray *(*query) (SlStore *, gint64, GError **),
           GError     **error)
{
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autoptr(SlCase) c = NULL;
  SlAuditEntry entry = { "case.members", "case", NULL, shown_case, NULL };

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error) ||
      !(c = sl_engine_case_lookup (store, session, case_number, error)))
    return NULL;
  return query (store, c->id, error);
}

/* private API */

gboolean
sl_engine_case_access (SlStore       *store,
                       SlSession     *session,
                       gint64         case_id,
                       const char    *case_number,
                       GError       **error)
{
  gboolean member;

  if (sl_session_may (session, SL_PERMISSION_CASE_ALL))
    return TRUE;
  if (!sl_case_member_is (store, case_id, sl_session_get_user_id (session), &member, error))
    return FALSE;
  if (!member)
    g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                 _("Refused: you are not a member of the case '%s'; its opener or a supervisor can add you"),
                 case_number);
  return member;
}

SlCase *
sl_engine_case_lookup (SlStore     *store,
                       SlSession   *session,
                       const char  *case_number,
                       GError     **error)
{
  g_autoptr(SlCase) c = sl_case_lookup (store, case_number, error);

  if (c == NULL || !sl_engine_case_access (store, session, c->id, c->number, error))
    return NULL;
  return g_steal_pointer (&c);
}

gint64
sl_engine_case_filter (SlSession *session)
{
  return sl_session_may (session, SL_PERMISSION_CASE_ALL) ? 0 : sl_session_get_user_id (session);
}

/* public API */

GPtrArray *
sl_engine_case_members (SlEngine    *self,
                        SlSession   *session,
                        const char  *case_number,
                        GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return read_with (self, session, case_number, sl_case_member_list, error);
}

GPtrArray *
sl_engine_case_member_history (SlEngine    *self,
                               SlSession   *session,
                               const char  *case_number,
                               GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return read_with (self, session, case_number, sl_case_member_history, error);
}

gboolean
sl_engine_case_member_add (SlEngine    *self,
                           SlSession   *session,
                           const char  *case_number,
                           const char  *username,
                           GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (case_number != NULL && username != NULL, FALSE);
  return change_with (self, sl_engine_get_store (self), session, case_number, username, TRUE, error);
}

gboolean
sl_engine_case_member_remove (SlEngine    *self,
                              SlSession   *session,
                              const char  *case_number,
                              const char  *username,
                              GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (case_number != NULL && username != NULL, FALSE);
  return change_with (self, sl_engine_get_store (self), session, case_number, username, FALSE, error);
}
