/* sl-user.c: accounts: yescrypt password hashes and the users table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-user"

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-store-private.h"
#include "core/sl-text.h"
#include "core/sl-user.h"

#define USER_COLUMNS \
  "id, username, display_name, role, disabled, locked, failed_signins, created_at, " \
  "password_changed_at, password_hash, locked_at"

/* helpers */

static SlUser *
user_from_row (SlStmt *stmt)
{
  SlUser *user = g_new0 (SlUser, 1);
  const char *role = sl_stmt_column_text (stmt, 3);

  user->id = sl_stmt_column_int64 (stmt, 0);
  user->username = sl_column_text (stmt, 1);
  user->display_name = sl_column_text (stmt, 2);
  if (!sl_role_from_string (role, &user->role))
    user->role = SL_ROLE_INVESTIGATOR;   /* the CHECK constraint makes this unreachable */
  user->disabled = sl_stmt_column_int (stmt, 4) != 0;
  user->locked = sl_stmt_column_int (stmt, 5) != 0;
  user->failed_signins = (guint) sl_stmt_column_int (stmt, 6);
  user->created_at = sl_column_text (stmt, 7);
  user->password_changed_at = sl_column_text (stmt, 8);
  user->password_hash = sl_column_text (stmt, 9);
  user->locked_at = sl_column_text (stmt, 10);
  return user;
}

static char *
hash_with (const char *password,
           const char *setting)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *out = crypt_r (password, setting, data);
  char *result;

  if (out == NULL || out[0] == '*')
    result = NULL;
  else
    result = g_strdup (out);
  explicit_bzero (data, sizeof *data);
  return result;
}

/* public API */

void
sl_user_free (SlUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->created_at);
  g_free (user->password_changed_at);
  g_free (user->password_hash);
  g_free (user->locked_at);
  g_free (user);
}

char *
sl_password_hash (const char  *password,
                  GError     **error)
{
  char *setting = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  char *hash;

  if (setting == NULL)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED,
                   _("Cannot hash the password: yescrypt is not available (%s)"), g_strerror (saved));
      return NULL;
    }
  hash = hash_with (password, setting);
  free (setting);
  if (hash == NULL)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED, _("Cannot hash the password"));
  return hash;
}

gboolean
sl_password_verify (const char *password,
                    const char *hash)
{
  g_autofree char *computed = NULL;
  gsize len;
  guint8 diff = 0;

  if (hash == NULL || !g_str_has_prefix (hash, "$y$"))
    {
      /* Spend the same time as a real check. */
      char *setting = crypt_gensalt_ra ("$y$", 0, NULL, 0);
      g_free (hash_with (password, setting != NULL ? setting : "$y$j9T$"));
      free (setting);
      return FALSE;
    }
  computed = hash_with (password, hash);
  if (computed == NULL || (len = strlen (computed)) != strlen (hash))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    diff |= (guint8) (computed[i] ^ hash[i]);
  return diff == 0;
}

gboolean
sl_password_check (const char  *password,
                   GError     **error)
{
  if (!sl_store_check_text (_("password"), password, 1024, FALSE, error))
    return FALSE;
  if (g_utf8_strlen (password, -1) < SL_USER_MIN_PASSWORD_LENGTH)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("The password is too short: use at least %d characters"),
                   SL_USER_MIN_PASSWORD_LENGTH);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_user_check_name (const char  *username,
                    GError     **error)
{
  gsize len = username != NULL ? strlen (username) : 0;
  gboolean ok = len >= 1 && len <= 64 && username[0] != '.' && username[0] != '-';

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_isalnum (username[i]) || username[i] == '.' || username[i] == '_' || username[i] == '-';
  if (!ok)
    {
      g_autofree char *shown = username != NULL ? g_utf8_make_valid (username, -1) : g_strdup ("");
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a valid user name: use 1 to 64 letters, digits, '.', '_' or '-', "
                     "not starting with '.' or '-'"), shown);
      return FALSE;
    }
  return TRUE;
}

SlUser *
sl_user_lookup (SlStore     *store,
                const char  *username,
                GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT " USER_COLUMNS " FROM users WHERE username = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, username);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return user_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the users"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no user '%s'"), username);
  return NULL;
}

gint64
sl_user_insert (SlStore     *store,
                const char  *username,
                const char  *display_name,
                SlRole       role,
                const char  *password_hash,
                gint64       created_by,
                GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_norm = sl_text_normalize (display_name);

  if (display_norm != NULL)
    display_name = display_norm;
  if (!sl_user_check_name (username, error) ||
      !sl_text_check_label (_("display name"), display_name, 200, error))
    return 0;
  stmt = sl_store_prepare (store, "INSERT INTO users (username, display_name, role, password_hash, "
                                  "created_at, created_by, password_changed_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)", error);
  if (stmt == NULL)
    return 0;
  sl_bind_text (stmt, 1, username);
  sl_bind_text (stmt, 2, display_name);
  sl_bind_text (stmt, 3, sl_role_to_string (role));
  sl_bind_text (stmt, 4, password_hash);
  sl_bind_text (stmt, 5, now);
  if (created_by > 0)
    sl_stmt_bind_int64 (stmt, 6, created_by);
  if (!sl_store_exec_stmt (store, stmt, &local_error, _("Cannot add the user")))
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS,
                     _("There is already a user '%s'"), username);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return sl_store_last_insert_id (store, error);
}

GPtrArray *
sl_user_list (SlStore  *store,
              GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT " USER_COLUMNS " FROM users ORDER BY username", error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_user_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the users"));
      return NULL;
    }
  return g_steal_pointer (&users);
}

gboolean
sl_user_set_disabled (SlStore   *store,
                      gint64     id,
                      gboolean   disabled,
                      GError   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE users SET disabled = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int (stmt, 2, disabled ? 1 : 0);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot change the user"));
}

gboolean
sl_user_set_password_hash (SlStore     *store,
                           gint64       id,
                           const char  *hash,
                           GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE users SET password_hash = ?2, password_changed_at = ?3 "
                             "WHERE id = ?1", error);
  g_autofree char *now = sl_store_now ();

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_bind_text (stmt, 2, hash);
  sl_bind_text (stmt, 3, now);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot change the password"));
}

gboolean
sl_user_record_failure (SlStore   *store,
                        gint64     id,
                        guint     *failed_signins,
                        gboolean  *locked,
                        GError   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE users SET failed_signins = failed_signins + 1, "
                             "locked = CASE WHEN failed_signins + 1 >= ?2 THEN 1 ELSE locked END, "
                             "locked_at = CASE WHEN failed_signins + 1 >= ?2 AND locked = 0 THEN ?3 "
                             "ELSE locked_at END "
                             "WHERE id = ?1 RETURNING failed_signins, locked", error);
  g_autofree char *now = sl_store_now ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int (stmt, 2, SL_USER_MAX_FAILED_SIGNINS);
  sl_bind_text (stmt, 3, now);
  rc = sl_stmt_step (stmt);
  if (rc != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot record the failed sign-in"));
  *failed_signins = (guint) sl_stmt_column_int (stmt, 0);
  *locked = sl_stmt_column_int (stmt, 1) != 0;
  /* Let RETURNING finish so the statement is complete. */
  while (sl_stmt_step (stmt) == SL_DB_ROW)
    ;
  return TRUE;
}

gboolean
sl_user_reset_failures (SlStore  *store,
                        gint64    id,
                        GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE users SET failed_signins = 0 WHERE id = ?1 AND failed_signins != 0",
                      error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot change the user"));
}

gboolean
sl_user_unlock (SlStore  *store,
                gint64    id,
                GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE users SET locked = 0, locked_at = NULL, failed_signins = 0 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot unlock the user"));
}

gint64
sl_user_count (SlStore  *store,
               GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, "SELECT count(*) FROM users", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sl_stmt_step (stmt);
  if (rc != SL_DB_ROW)
    {
      sl_store_fail (store, rc, error, _("Cannot read the users"));
      return -1;
    }
  return sl_stmt_column_int64 (stmt, 0);
}
