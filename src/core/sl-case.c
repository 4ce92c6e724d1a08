/* sl-case.c: the cases table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case.h"
#include "core/sl-case-member.h"
#include "core/sl-store-private.h"
#include "core/sl-text.h"

#define CASE_QUERY \
  "SELECT c.id, c.number, c.title, c.status, o.username, c.opened_at, x.username, c.closed_at, " \
  "  (SELECT count(*) FROM evidence e WHERE e.case_id = c.id) " \
  "FROM cases c JOIN users o ON o.id = c.opened_by LEFT JOIN users x ON x.id = c.closed_by "

/* helpers */

static SlCase *
case_from_row (SlStmt *stmt)
{
  SlCase *c = g_new0 (SlCase, 1);

  c->id = sl_stmt_column_int64 (stmt, 0);
  c->number = sl_column_text (stmt, 1);
  c->title = sl_column_text (stmt, 2);
  c->closed = g_strcmp0 (sl_stmt_column_text (stmt, 3), "closed") == 0;
  c->opened_by = sl_column_text (stmt, 4);
  c->opened_at = sl_column_text (stmt, 5);
  c->closed_by = sl_column_text (stmt, 6);
  c->closed_at = sl_column_text (stmt, 7);
  c->n_evidence = sl_stmt_column_int64 (stmt, 8);
  return c;
}

/* public API */

void
sl_case_free (SlCase *c)
{
  if (c == NULL)
    return;
  g_free (c->number);
  g_free (c->title);
  g_free (c->opened_by);
  g_free (c->opened_at);
  g_free (c->closed_by);
  g_free (c->closed_at);
  g_free (c);
}

gboolean
sl_case_check_number (const char  *number,
                      GError     **error)
{
  if (!sl_text_check_label (_("case number"), number, 64, error))
    return FALSE;
  if (*number == '\0' || g_unichar_isspace (g_utf8_get_char (number)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (number + strlen (number)))))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A case number must not be empty nor start or end with a space"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_case_check_title (const char  *title,
                     GError     **error)
{
  if (title == NULL || *title == '\0')
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID, _("A case needs a title"));
      return FALSE;
    }
  return sl_text_check_label (_("case title"), title, SL_CASE_TITLE_MAX, error);
}

gint64
sl_case_insert (SlStore     *store,
                const char  *number,
                const char  *title,
                gint64       user_id,
                GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = sl_store_now ();
  gint64 id;

  if (!sl_case_check_number (number, error) || !sl_case_check_title (title, error))
    return 0;
  stmt = sl_store_prepare (store, "INSERT INTO cases (number, title, opened_by, opened_at) "
                                  "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return 0;
  sl_bind_text (stmt, 1, number);
  sl_bind_text (stmt, 2, title);
  sl_stmt_bind_int64 (stmt, 3, user_id);
  sl_bind_text (stmt, 4, now);
  if (!sl_store_exec_stmt (store, stmt, &local_error, _("Cannot open the case")))
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT) &&
          sl_store_last_error_unique (store))
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS,
                     _("There is already a case '%s'"), number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  /* Whoever opens a case is its first member. */
  if ((id = sl_store_last_insert_id (store, error)) == 0 ||
      !sl_case_member_record (store, id, user_id, TRUE, user_id, error))
    return 0;
  return id;
}

SlCase *
sl_case_lookup (SlStore     *store,
                const char  *number,
                GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, CASE_QUERY "WHERE c.number = ?1", error);
  /* Numbers are stored in normal form (sl_engine_case_open). */
  g_autofree char *norm = sl_text_normalize (number);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, norm != NULL ? norm : number);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return case_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the cases"));
  else
    {
      g_autofree char *shown = g_utf8_make_valid (number, -1);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no case '%s'"), shown);
    }
  return NULL;
}

GPtrArray *
sl_case_list (SlStore  *store,
              GError  **error)
{
  return sl_case_list_for_member (store, 0, error);
}

GPtrArray *
sl_case_list_for_member (SlStore  *store,
                         gint64    user_id,
                         GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, CASE_QUERY "WHERE ?1 = 0 OR (SELECT m.event FROM case_members m "
                                        "  WHERE m.case_id = c.id AND m.user_id = ?1 "
                                        "  ORDER BY m.id DESC LIMIT 1) = 'added' "
                                        "ORDER BY c.id DESC", error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_case_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, user_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (cases, case_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the cases"));
      return NULL;
    }
  return g_steal_pointer (&cases);
}

gboolean
sl_case_close (SlStore  *store,
               gint64    id,
               gint64    user_id,
               GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE cases SET status = 'closed', closed_by = ?2, closed_at = ?3 "
                             "WHERE id = ?1 AND status = 'open'", error);
  g_autofree char *now = sl_store_now ();

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int64 (stmt, 2, user_id);
  sl_bind_text (stmt, 3, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot close the case")))
    return FALSE;
  if (sl_store_changes (store) != 1)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS, _("The case is already closed"));
      return FALSE;
    }
  return TRUE;
}
