/* sl-person.c: the person_decisions and person_decision_items tables, and
 * the view quality of a case's faces.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-person"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-person.h"
#include "core/sl-store-private.h"

/* helpers */

static gboolean
read_items (SlStore           *store,
            SlPersonDecision  *d,
            GError           **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT face_id, coalesce (track_id, 0), side FROM person_decision_items "
                      "WHERE decision_id = ?1 ORDER BY side, face_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, d->id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      const char *side = sl_stmt_column_text (stmt, 2);
      SlPersonDecisionItem item = {
        .face_id = sl_stmt_column_int64 (stmt, 0),
        .track_id = sl_stmt_column_int64 (stmt, 1),
        .side = side != NULL ? (char) side[0] : 'a',
      };

      g_array_append_val (d->items, item);
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the decisions on the persons of the case"));
  return TRUE;
}

/* public API */

void
sl_person_decision_free (SlPersonDecision *d)
{
  if (d == NULL)
    return;
  g_free (d->kind);
  g_free (d->name);
  g_free (d->made_by);
  g_free (d->made_at);
  g_clear_pointer (&d->items, g_array_unref);
  g_free (d);
}

gint64
sl_person_decision_insert (SlStore     *store,
                           gint64       case_id,
                           const char  *kind,
                           const char  *name,
                           gint64       made_by,
                           const char  *made_at,
                           GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO person_decisions (case_id, kind, name, made_by, made_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_bind_text (stmt, 2, kind);
  if (name != NULL)
    sl_bind_text (stmt, 3, name);
  else
    sl_stmt_bind_null (stmt, 3);
  sl_stmt_bind_int64 (stmt, 4, made_by);
  sl_bind_text (stmt, 5, made_at);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the decision on the persons of the case")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gboolean
sl_person_decision_item_insert (SlStore                     *store,
                                gint64                       decision_id,
                                const SlPersonDecisionItem  *item,
                                GError                     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO person_decision_items (decision_id, side, face_id, track_id) "
                      "VALUES (?1, ?2, ?3, ?4)", error);
  char side[2] = { item->side, 0 };

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, decision_id);
  sl_bind_text (stmt, 2, side);
  sl_stmt_bind_int64 (stmt, 3, item->face_id);
  if (item->track_id > 0)
    sl_stmt_bind_int64 (stmt, 4, item->track_id);
  else
    sl_stmt_bind_null (stmt, 4);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot record the decision on the persons of the case"));
}

GPtrArray *
sl_person_decision_list (SlStore  *store,
                         gint64    case_id,
                         GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT d.id, d.kind, d.name, u.username, d.made_at FROM person_decisions d "
                      "LEFT JOIN users u ON u.id = d.made_by WHERE d.case_id = ?1 ORDER BY d.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_person_decision_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlPersonDecision *d = g_new0 (SlPersonDecision, 1);

      d->id = sl_stmt_column_int64 (stmt, 0);
      d->kind = sl_column_text (stmt, 1);
      d->name = sl_column_text (stmt, 2);
      d->made_by = sl_column_text (stmt, 3);
      d->made_at = sl_column_text (stmt, 4);
      d->items = g_array_new (FALSE, FALSE, sizeof (SlPersonDecisionItem));
      g_ptr_array_add (list, d);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the decisions on the persons of the case"));
      return NULL;
    }
  /* After the decision statement is done: one statement at a time. */
  for (guint i = 0; i < list->len; i++)
    if (!read_items (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

GHashTable *
sl_person_view_scores (SlStore  *store,
                       gint64    case_id,
                       GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT f.id, CASE f.quality_band WHEN 'good' THEN 2 WHEN 'usable' THEN 1 ELSE 0 END "
                      "  + f.detector_score / 2.0 "
                      "FROM faces f JOIN evidence e ON e.id = f.evidence_id WHERE e.case_id = ?1", error);
  g_autoptr(GHashTable) scores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      double *score = g_new (double, 1);

      *id = sl_stmt_column_int64 (stmt, 0);
      *score = sl_stmt_column_double (stmt, 1);
      g_hash_table_insert (scores, id, score);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the faces of the case"));
      return NULL;
    }
  return g_steal_pointer (&scores);
}
