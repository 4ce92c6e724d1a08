/* sl-retention.c: finding and purging the probe data of closed cases past
 * the retention period. The schema (migration 4) lets a face change only
 * this way, once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-retention.h"
#include "core/sl-store-private.h"

#define CASE_FACES "SELECT f.id FROM faces f JOIN evidence e ON e.id = f.evidence_id WHERE e.case_id = ?1"
#define CASE_TRACKS "SELECT t.id FROM tracks t JOIN evidence e ON e.id = t.evidence_id WHERE e.case_id = ?1"

/* helpers */

static gboolean
count_one (SlStore     *store,
           const char  *sql,
           gint64       case_id,
           guint       *out,
           GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  if ((rc = sl_stmt_step (stmt)) != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot count the probe data of a case"));
  *out = (guint) sl_stmt_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
exec_case (SlStore     *store,
           const char  *sql,
           gint64       case_id,
           const char  *now,
           guint       *changed,
           GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_bind_text (stmt, 2, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot purge the probe data of a case")))
    return FALSE;
  *changed = (guint) sl_store_changes (store);
  return TRUE;
}

/* public API */

void
sl_retention_case_free (SlRetentionCase *c)
{
  if (c == NULL)
    return;
  g_free (c->number);
  g_free (c->closed_at);
  g_free (c);
}

GPtrArray *
sl_retention_due_cases (SlStore     *store,
                        const char  *cutoff,
                        GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT c.id, c.number, c.closed_at FROM cases c "
                      "WHERE c.status = 'closed' AND c.closed_at < ?1 AND ("
                      "  EXISTS (SELECT 1 FROM faces f JOIN evidence e ON e.id = f.evidence_id "
                      "    WHERE e.case_id = c.id AND f.purged_at IS NULL) OR "
                      "  EXISTS (SELECT 1 FROM tracks t JOIN evidence e ON e.id = t.evidence_id "
                      "    WHERE e.case_id = c.id AND t.purged_at IS NULL AND t.template IS NOT NULL)) "
                      "ORDER BY c.closed_at, c.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_retention_case_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, cutoff);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlRetentionCase *c = g_new0 (SlRetentionCase, 1);

      c->id = sl_stmt_column_int64 (stmt, 0);
      c->number = sl_column_text (stmt, 1);
      c->closed_at = sl_column_text (stmt, 2);
      g_ptr_array_add (list, c);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the closed cases"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
sl_retention_count (SlStore            *store,
                    gint64              case_id,
                    SlRetentionCounts  *counts,
                    GError            **error)
{
  return count_one (store, "SELECT count(*) FROM faces WHERE purged_at IS NULL AND id IN (" CASE_FACES ")",
                    case_id, &counts->faces, error) &&
         count_one (store, "SELECT count(*) FROM faces WHERE purged_at IS NULL AND crop IS NOT NULL "
                           "AND id IN (" CASE_FACES ")", case_id, &counts->crops, error) &&
         count_one (store, "SELECT count(*) FROM tracks WHERE purged_at IS NULL AND template IS NOT NULL "
                           "AND id IN (" CASE_TRACKS ")", case_id, &counts->tracks, error);
}

gboolean
sl_retention_purge_case (SlStore            *store,
                         gint64              case_id,
                         const char         *now,
                         SlRetentionCounts  *counts,
                         GError            **error)
{
  guint faces, tracks;

  g_return_val_if_fail (sl_store_in_transaction (store), FALSE);

  if (!sl_retention_count (store, case_id, counts, error) ||
      !exec_case (store, "UPDATE faces SET embedding = substr (embedding, 1, 0), crop = NULL, purged_at = ?2 "
                         "WHERE purged_at IS NULL AND id IN (" CASE_FACES ")", case_id, now, &faces, error) ||
      !exec_case (store, "UPDATE tracks SET template = NULL, purged_at = ?2 "
                         "WHERE purged_at IS NULL AND template IS NOT NULL AND id IN (" CASE_TRACKS ")",
                  case_id, now, &tracks, error))
    return FALSE;
  g_warn_if_fail (faces == counts->faces && tracks == counts->tracks);
  return TRUE;
}
