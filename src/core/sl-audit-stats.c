/* sl-audit-stats.c: the overview a supervisor starts from: searches per
 * person per week, refused attempts, confirmed leads and reviewers who
 * disagreed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "core/sl-audit-private.h"
#include "core/sl-audit-query.h"
#include "core/sl-search.h"

/* helpers */

static void
week_count_free (SlAuditWeekCount *c)
{
  g_free (c->actor);
  g_free (c->week);
  g_free (c);
}

static void
action_count_free (SlAuditActionCount *c)
{
  g_free (c->actor);
  g_free (c->action);
  g_free (c);
}

/* "2026-11-22" -> "2026-W47" (ISO 8601: weeks start on Monday, and week 1
 * holds the year's first Thursday). */
static char *
iso_week (const char *day)
{
  int y, m, d;
  g_autoptr(GDateTime) t = NULL;

  if (day == NULL || sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 ||
      !(t = g_date_time_new_utc (y, m, d, 0, 0, 0)))
    return g_strdup ("?");
  return g_strdup_printf ("%04d-W%02d", g_date_time_get_week_numbering_year (t),
                          g_date_time_get_week_of_year (t));
}

static gint
compare_week_count (gconstpointer a,
                    gconstpointer b)
{
  const SlAuditWeekCount *x = *(SlAuditWeekCount *const *) a;
  const SlAuditWeekCount *y = *(SlAuditWeekCount *const *) b;
  int c = g_strcmp0 (x->week, y->week);

  return c != 0 ? c : g_strcmp0 (x->actor, y->actor);
}

static void
bind_range (SlStmt *stmt,
            const char   *from,
            const char   *to)
{
  sl_bind_text (stmt, 1, from != NULL && *from != '\0' ? from : NULL);
  sl_bind_text (stmt, 2, to != NULL && *to != '\0' ? to : NULL);
}

#define IN_RANGE "(time >= ?1 OR ?1 IS NULL) AND (time < ?2 OR ?2 IS NULL)"

static gboolean
count_searches (SlStore       *store,
                const char    *from,
                const char    *to,
                SlAuditStats  *stats,
                GError       **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT actor, substr (time, 1, 10), count(*) FROM audit "
                             "WHERE action = 'search' AND outcome = 'success' AND " IN_RANGE " "
                             "GROUP BY actor, substr (time, 1, 10)", error);
  g_autoptr(GHashTable) weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, from, to);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      const char *actor = sl_stmt_column_text (stmt, 0);
      g_autofree char *week = iso_week (sl_stmt_column_text (stmt, 1));
      g_autofree char *key = g_strdup_printf ("%s\n%s", week, actor != NULL ? actor : "");
      SlAuditWeekCount *c = g_hash_table_lookup (weeks, key);
      gint64 n = sl_stmt_column_int64 (stmt, 2);

      if (c == NULL)
        {
          c = g_new0 (SlAuditWeekCount, 1);
          c->actor = g_strdup (actor);
          c->week = g_steal_pointer (&week);
          g_ptr_array_add (stats->searches, c);
          g_hash_table_insert (weeks, g_steal_pointer (&key), c);
        }
      c->n += n;
      stats->n_searches += n;
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  g_ptr_array_sort (stats->searches, compare_week_count);
  return TRUE;
}

static gboolean
count_refusals (SlStore       *store,
                const char    *from,
                const char    *to,
                SlAuditStats  *stats,
                GError       **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT actor, action, count(*) FROM audit "
                             "WHERE outcome = 'refused' AND " IN_RANGE " "
                             "GROUP BY actor, action ORDER BY 3 DESC, actor, action", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, from, to);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlAuditActionCount *c = g_new0 (SlAuditActionCount, 1);

      c->actor = sl_column_text (stmt, 0);
      c->action = sl_column_text (stmt, 1);
      c->n = sl_stmt_column_int64 (stmt, 2);
      stats->n_refused += c->n;
      g_ptr_array_add (stats->refusals, c);
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  return TRUE;
}

static gboolean
count_failed (SlStore       *store,
              const char    *from,
              const char    *to,
              SlAuditStats  *stats,
              GError       **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT count(*) FROM audit WHERE outcome = 'failed' AND " IN_RANGE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, from, to);
  if ((rc = sl_stmt_step (stmt)) != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  stats->n_failed = sl_stmt_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
count_reviews (SlStore       *store,
               SlAuditStats  *stats,
               GError       **error)
{
  g_autoptr(GPtrArray) confirmed = sl_candidate_confirmed (store, 0, error);
  g_autoptr(GPtrArray) disagreements = NULL;

  if (confirmed == NULL || !(disagreements = sl_candidate_disagreements (store, 0, error)))
    return FALSE;
  stats->n_confirmed = confirmed->len;
  stats->n_disagreements = disagreements->len;
  return TRUE;
}

/* public API */

void
sl_audit_stats_free (SlAuditStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->searches, g_ptr_array_unref);
  g_clear_pointer (&stats->refusals, g_ptr_array_unref);
  g_free (stats);
}

SlAuditStats *
sl_audit_stats_compute (SlStore       *store,
                        const char    *time_from,
                        const char    *time_to,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SlAuditStats) stats = g_new0 (SlAuditStats, 1);
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (!sl_store_in_transaction (store), NULL);

  stats->searches = g_ptr_array_new_with_free_func ((GDestroyNotify) week_count_free);
  stats->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) action_count_free);

  /* One snapshot: the counts agree with each other. */
  if (!sl_store_begin_read (store, error))
    return NULL;
  ok = count_searches (store, time_from, time_to, stats, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       count_refusals (store, time_from, time_to, stats, error) &&
       count_failed (store, time_from, time_to, stats, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       count_reviews (store, stats, error);
  sl_store_rollback (store);
  return ok ? g_steal_pointer (&stats) : NULL;
}
