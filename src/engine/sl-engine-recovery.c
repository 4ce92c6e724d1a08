/* sl-engine-recovery.c: the administrator's recovery code (made at init,
 * shown once, kept hashed, replaced on use) and the expiry of an
 * administrator's lockout.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "core/sl-policy.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-recovery.h"

#define RECOVERY_META "admin-recovery-hash"
#define RECOVERY_GROUPS 4
#define RECOVERY_GROUP_LEN 5

/* 32 letters and digits without 0/O and 1/I: read aloud or off paper
 * without doubt. 20 of them are 100 random bits. */
static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/* helpers */

static char *
code_new (GError **error)
{
  guint8 bytes[RECOVERY_GROUPS * RECOVERY_GROUP_LEN];
  GString *code = g_string_sized_new (32);
  gsize done = 0;

  while (done < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + done, sizeof bytes - done, 0);
      if (n < 0 && errno != EINTR)
        {
          int saved = errno;
          g_string_free (code, TRUE);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot make a recovery code: no random bytes (%s)"), g_strerror (saved));
          return NULL;
        }
      if (n > 0)
        done += (gsize) n;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    {
      if (i > 0 && i % RECOVERY_GROUP_LEN == 0)
        g_string_append_c (code, '-');
      /* 256 is a multiple of 32: no bias. */
      g_string_append_c (code, alphabet[bytes[i] % 32]);
    }
  explicit_bzero (bytes, sizeof bytes);
  return g_string_free (code, FALSE);
}

/* The code as it is hashed: upper case, without spaces and dashes. */
static char *
code_normalise (const char *code)
{
  GString *out = g_string_sized_new (24);

  for (const char *p = code != NULL ? code : ""; *p != '\0'; p++)
    if (*p != '-' && *p != ' ' && *p != '\t')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static gboolean
store_code_hash (SlStore     *store,
                 const char  *code,
                 GError     **error)
{
  g_autofree char *normal = code_normalise (code);
  g_autofree char *hash = sl_password_hash (normal, error);

  return hash != NULL && sl_store_set_meta (store, RECOVERY_META, hash, error);
}

/* public API */

char *
sl_engine_recovery_issue (SlStore  *store,
                          GError  **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autofree char *code = code_new (error);

  if (code == NULL || !store_code_hash (store, code, error))
    return NULL;
  return g_steal_pointer (&code);
}

gboolean
sl_engine_lockout_expired (SlStore       *store,
                           const SlUser  *user,
                           guint         *minutes,
                           GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GDateTime) locked_at = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = NULL;

  *minutes = 0;
  if (!user->locked || user->role != SL_ROLE_ADMIN || user->locked_at == NULL)
    return FALSE;
  if (!(policy = sl_policy_load (store, error)))
    return FALSE;
  *minutes = policy->admin_lockout_minutes;
  if (*minutes == 0 || !(locked_at = g_date_time_new_from_iso8601 (user->locked_at, NULL)))
    return FALSE;
  until = g_date_time_add_minutes (locked_at, (int) *minutes);
  now = sl_store_now_datetime ();
  return g_date_time_compare (now, until) >= 0;
}

char *
sl_engine_recover_admin (SlEngine    *self,
                         const char  *username,
                         const char  *code,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *normal = code_normalise (code);
  g_autofree char *shown = sl_store_text_shown (username != NULL ? username : "", 64);
  g_autofree char *new_code = NULL;
  SlAuditEntry entry = { "user.recover", "user", shown, NULL, details };
  const char *reason = NULL;
  gboolean code_ok;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  store = sl_engine_get_store (self);
  g_return_val_if_fail (store != NULL, NULL);

  if (username != NULL && sl_user_check_name (username, NULL))
    {
      user = sl_user_lookup (store, username, &local_error);
      if (user == NULL && !g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
    }
  stored = sl_store_get_meta (store, RECOVERY_META, &local_error);
  if (stored == NULL && !g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);
  /* Always one yescrypt run, as at sign-in. */
  code_ok = sl_password_verify (normal, stored);

  if (stored == NULL)
    reason = "no recovery code";
  else if (!code_ok)
    reason = "wrong recovery code";
  else if (user == NULL)
    reason = "unknown user";
  else if (user->role != SL_ROLE_ADMIN)
    reason = "not an administrator";

  if (!sl_store_begin (store, error))
    return NULL;
  if (reason != NULL)
    {
      json_object_set_string_member (details, "reason", reason);
      if (!sl_engine_audit (self, store, NULL, &entry, SL_AUDIT_FAILED, error) ||
          !sl_engine_commit (store, error))
        return NULL;
      if (stored == NULL)
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_RECOVERY,
                     _("This database has no recovery code; an administrator can issue one"));
      else
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_RECOVERY,
                     _("Cannot recover the account '%s': wrong recovery code, or not an administrator's "
                       "account (the attempt was recorded)"), shown);
      return NULL;
    }

  json_object_set_boolean_member (details, "was_locked", user->locked);
  json_object_set_int_member (details, "failed_signins", user->failed_signins);
  json_object_set_boolean_member (details, "new_code_issued", TRUE);
  if (!sl_user_unlock (store, user->id, &local_error) ||
      !(new_code = sl_engine_recovery_issue (store, &local_error)) ||
      !sl_engine_audit (self, store, NULL, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_engine_audit_failure (self, store, NULL, &entry, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&new_code);
}

char *
sl_engine_recovery_code_renew (SlEngine   *self,
                               SlSession  *session,
                               GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "user.recovery-code", "database", NULL, NULL, NULL };
  g_autofree char *code = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_USER_MANAGE, &entry, error) ||
      !sl_store_begin (store, error))
    return NULL;
  if (!(code = sl_engine_recovery_issue (store, &local_error)) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&code);
}
