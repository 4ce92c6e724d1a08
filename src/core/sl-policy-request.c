/* sl-policy-request.c: the policy_requests and policy_cosigns tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-policy"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-policy-request.h"
#include "core/sl-store-private.h"

#define REQUEST_QUERY \
  "SELECT r.id, r.key, r.value, r.old_value, r.reason, r.requested_by, u.username, r.requested_at, " \
  "  cu.username, c.cosigned_at " \
  "FROM policy_requests r JOIN users u ON u.id = r.requested_by " \
  "  LEFT JOIN policy_cosigns c ON c.request_id = r.id LEFT JOIN users cu ON cu.id = c.cosigned_by "

/* helpers */

static SlPolicyRequest *
request_from_row (SlStmt *stmt)
{
  SlPolicyRequest *r = g_new0 (SlPolicyRequest, 1);

  r->id = sl_stmt_column_int64 (stmt, 0);
  r->key = sl_column_text (stmt, 1);
  r->value = sl_column_text (stmt, 2);
  r->old_value = sl_column_text (stmt, 3);
  r->reason = sl_column_text (stmt, 4);
  r->requested_by_id = sl_stmt_column_int64 (stmt, 5);
  r->requested_by = sl_column_text (stmt, 6);
  r->requested_at = sl_column_text (stmt, 7);
  r->cosigned_by = sl_column_text (stmt, 8);
  r->cosigned_at = sl_column_text (stmt, 9);
  return r;
}

/* public API */

void
sl_policy_request_free (SlPolicyRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->key);
  g_free (request->value);
  g_free (request->old_value);
  g_free (request->reason);
  g_free (request->requested_by);
  g_free (request->requested_at);
  g_free (request->cosigned_by);
  g_free (request->cosigned_at);
  g_free (request);
}

gint64
sl_policy_request_insert (SlStore     *store,
                          const char  *key,
                          const char  *value,
                          const char  *old_value,
                          const char  *reason,
                          gint64       user_id,
                          GError     **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO policy_requests (key, value, old_value, reason, requested_by, requested_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return 0;
  sl_bind_text (stmt, 1, key);
  sl_bind_text (stmt, 2, value);
  sl_bind_text (stmt, 3, old_value);
  sl_bind_text (stmt, 4, reason);
  sl_stmt_bind_int64 (stmt, 5, user_id);
  sl_bind_text (stmt, 6, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the policy change for co-signing")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlPolicyRequest *
sl_policy_request_lookup (SlStore  *store,
                          gint64    id,
                          GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, REQUEST_QUERY "WHERE r.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return request_from_row (stmt);
  if (rc == SL_DB_DONE)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("There is no policy change %" PRId64 " waiting for a co-sign"), id);
  else
    sl_store_fail (store, rc, error, _("Cannot read the policy changes"));
  return NULL;
}

GPtrArray *
sl_policy_request_pending (SlStore  *store,
                           GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, REQUEST_QUERY "WHERE c.id IS NULL ORDER BY r.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_policy_request_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, request_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the policy changes"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
sl_policy_request_cosign (SlStore  *store,
                          gint64    id,
                          gint64    user_id,
                          GError  **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "INSERT INTO policy_cosigns (request_id, cosigned_by, cosigned_at) VALUES (?1, ?2, ?3)",
                      error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int64 (stmt, 2, user_id);
  sl_bind_text (stmt, 3, now);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot record the co-sign"));
}
