/* sl-engine-cases.c: opening, closing and listing cases; reading and
 * changing the policy.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-text.h"
#include "engine/sl-engine-private.h"

/* public API */

SlCase *
sl_engine_case_open (SlEngine    *self,
                     SlSession   *session,
                     const char  *number,
                     const char  *title,
                     GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (number, 64);
  g_autofree char *id_text = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "case.open", "case", NULL, shown, details };
  g_autofree char *number_norm = sl_text_normalize (number);
  g_autofree char *title_norm = sl_text_normalize (title);
  gint64 id;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_OPEN, &entry, error))
    return NULL;
  /* One normal form (NFKC), so that look-alike spellings of a number are
   * one case and what is stored is what was checked. */
  if (number_norm != NULL)
    number = number_norm;
  if (title_norm != NULL)
    title = title_norm;
  /* Text that cannot be stored is refused before anything is written. */
  if (!sl_case_check_number (number, &local_error) || !sl_case_check_title (title, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }

  json_object_set_string_member (details, "title", title);
  if (!sl_store_begin (store, error))
    return NULL;
  if ((id = sl_case_insert (store, number, title, sl_session_get_user_id (session), &local_error)) == 0)
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return sl_case_lookup (store, number, error);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

gboolean
sl_engine_case_close (SlEngine    *self,
                      SlSession   *session,
                      const char  *number,
                      GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlCase) c = NULL;
  g_autofree char *shown = sl_store_text_shown (number, 64);
  g_autofree char *id_text = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "case.close", "case", NULL, shown, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_CLOSE, &entry, error) ||
      !sl_store_begin (store, error))
    return FALSE;
  if (!(c = sl_case_lookup (store, number, &local_error)))
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
  if (c->closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The case '%s' is already closed (by %s at %s)"), c->number, c->closed_by,
                   c->closed_at);
      goto fail;
    }
  if (!sl_case_close (store, c->id, sl_session_get_user_id (session), &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

GPtrArray *
sl_engine_case_list (SlEngine   *self,
                     SlSession  *session,
                     GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "case.list", "case", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  return sl_case_list (store, error);
}

SlPolicy *
sl_engine_policy_get (SlEngine   *self,
                      SlSession  *session,
                      GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "policy.show", "policy", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_READ, &entry, error))
    return NULL;
  return sl_policy_load (store, error);
}

gboolean
sl_engine_policy_set (SlEngine    *self,
                      SlSession   *session,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_key = sl_store_text_shown (key, 64);
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "policy.set", "policy", shown_key, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  json_object_set_string_member (details, "key", shown_key);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_SET, &entry, error) ||
      !sl_store_begin (store, error))
    return FALSE;
  if (!sl_policy_set (store, key, value, &old_value, &new_value, &local_error))
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID))
        sl_store_rollback (store);
      else
        sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (old_value != NULL)
    json_object_set_string_member (details, "old", old_value);
  else
    json_object_set_null_member (details, "old");
  if (new_value != NULL)
    json_object_set_string_member (details, "new", new_value);
  else
    json_object_set_null_member (details, "new");
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  return TRUE;
}
