/* sl-case-member.c: the case_members table, one row per event.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-case-member.h"
#include "core/sl-store-private.h"

#define MEMBER_QUERY \
  "SELECT m.user_id, u.username, u.display_name, m.event, b.username, m.at " \
  "FROM case_members m JOIN users u ON u.id = m.user_id JOIN users b ON b.id = m.by_id "
/* The latest event of each person in the case. */
#define LATEST \
  "m.id = (SELECT max (l.id) FROM case_members l WHERE l.case_id = m.case_id AND l.user_id = m.user_id)"

/* helpers */

static SlCaseMember *
member_from_row (SlStmt *stmt)
{
  SlCaseMember *m = g_new0 (SlCaseMember, 1);

  m->user_id = sl_stmt_column_int64 (stmt, 0);
  m->username = sl_column_text (stmt, 1);
  m->display_name = sl_column_text (stmt, 2);
  m->added = g_strcmp0 (sl_stmt_column_text (stmt, 3), "added") == 0;
  m->by = sl_column_text (stmt, 4);
  m->at = sl_column_text (stmt, 5);
  return m;
}

static GPtrArray *
member_query (SlStore     *store,
              const char  *sql,
              gint64       case_id,
              GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_case_member_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, member_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the members of the case"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* public API */

void
sl_case_member_free (SlCaseMember *member)
{
  if (member == NULL)
    return;
  g_free (member->username);
  g_free (member->display_name);
  g_free (member->by);
  g_free (member->at);
  g_free (member);
}

gboolean
sl_case_member_record (SlStore  *store,
                       gint64    case_id,
                       gint64    user_id,
                       gboolean  added,
                       gint64    by_id,
                       GError  **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "INSERT INTO case_members (case_id, user_id, event, by_id, at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_stmt_bind_int64 (stmt, 2, user_id);
  sl_bind_text (stmt, 3, added ? "added" : "removed");
  sl_stmt_bind_int64 (stmt, 4, by_id);
  sl_bind_text (stmt, 5, now);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot change the members of the case"));
}

gboolean
sl_case_member_is (SlStore   *store,
                   gint64     case_id,
                   gint64     user_id,
                   gboolean  *is_member,
                   GError   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT event FROM case_members WHERE case_id = ?1 AND user_id = ?2 "
                             "ORDER BY id DESC LIMIT 1", error);
  int rc;

  *is_member = FALSE;
  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_stmt_bind_int64 (stmt, 2, user_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    *is_member = g_strcmp0 (sl_stmt_column_text (stmt, 0), "added") == 0;
  else if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the members of the case"));
  return TRUE;
}

GPtrArray *
sl_case_member_list (SlStore  *store,
                     gint64    case_id,
                     GError  **error)
{
  return member_query (store, MEMBER_QUERY "WHERE m.case_id = ?1 AND m.event = 'added' AND " LATEST
                       " ORDER BY m.id", case_id, error);
}

GPtrArray *
sl_case_member_history (SlStore  *store,
                        gint64    case_id,
                        GError  **error)
{
  return member_query (store, MEMBER_QUERY "WHERE m.case_id = ?1 ORDER BY m.id", case_id, error);
}
