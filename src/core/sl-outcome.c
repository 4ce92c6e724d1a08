/* sl-outcome.c: the outcomes of confirmed leads: append-only records, each
 * superseding the one before it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-outcome"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-outcome.h"
#include "core/sl-store-private.h"

#define OUTCOME_QUERY \
  "SELECT o.id, o.candidate_id, o.outcome, o.note, o.supersedes, " \
  "  (SELECT n.id FROM outcomes n WHERE n.supersedes = o.id), o.recorded_by, u.username, o.recorded_at " \
  "FROM outcomes o JOIN users u ON u.id = o.recorded_by "

static const char *const kind_names[SL_N_OUTCOMES] = {
  [SL_OUTCOME_EXCLUDED_BY_INVESTIGATION] = "excluded-by-investigation",
  [SL_OUTCOME_CORROBORATED]              = "corroborated",
  [SL_OUTCOME_ARRESTED]                  = "arrested",
  [SL_OUTCOME_CHARGED]                   = "charged",
  [SL_OUTCOME_NO_ACTION]                 = "no-action",
  [SL_OUTCOME_UNKNOWN]                   = "unknown",
};

/* helpers */

static GPtrArray *
outcome_list (SlStore     *store,
              const char  *sql,
              gint64       param,
              GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_outcome_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, param);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlOutcome *o = g_new0 (SlOutcome, 1);

      o->id = sl_stmt_column_int64 (stmt, 0);
      o->candidate_id = sl_stmt_column_int64 (stmt, 1);
      if (!sl_outcome_kind_from_string (sl_stmt_column_text (stmt, 2), &o->outcome))
        o->outcome = SL_OUTCOME_UNKNOWN;
      o->note = sl_column_text (stmt, 3);
      o->supersedes = sl_stmt_column_int64 (stmt, 4);
      o->superseded_by = sl_stmt_column_int64 (stmt, 5);
      o->recorded_by = sl_stmt_column_int64 (stmt, 6);
      o->recorder = sl_column_text (stmt, 7);
      o->recorded_at = sl_column_text (stmt, 8);
      g_ptr_array_add (list, o);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the outcomes of leads"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* public API */

const char *
sl_outcome_kind_to_string (SlOutcomeKind kind)
{
  g_return_val_if_fail ((guint) kind < SL_N_OUTCOMES, "unknown");
  return kind_names[kind];
}

gboolean
sl_outcome_kind_from_string (const char    *text,
                             SlOutcomeKind *kind)
{
  for (guint i = 0; text != NULL && i < SL_N_OUTCOMES; i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (SlOutcomeKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_outcome_kind_describe (SlOutcomeKind kind)
{
  switch (kind)
    {
    case SL_OUTCOME_EXCLUDED_BY_INVESTIGATION:
      return _("excluded by the investigation");
    case SL_OUTCOME_CORROBORATED:
      return _("corroborated by other evidence");
    case SL_OUTCOME_ARRESTED:
      return _("arrested");
    case SL_OUTCOME_CHARGED:
      return _("charged");
    case SL_OUTCOME_NO_ACTION:
      return _("no action taken");
    case SL_OUTCOME_UNKNOWN:
      return _("not known");
    default:
      g_return_val_if_reached (_("not known"));
    }
}

const char *
sl_outcome_kind_list (void)
{
  return "excluded-by-investigation|corroborated|arrested|charged|no-action|unknown";
}

void
sl_outcome_free (SlOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->note);
  g_free (outcome->recorder);
  g_free (outcome->recorded_at);
  g_free (outcome);
}

gint64
sl_outcome_insert (SlStore        *store,
                   gint64          candidate_id,
                   SlOutcomeKind   outcome,
                   const char     *note,
                   gint64          recorded_by,
                   gint64         *supersedes,
                   GError        **error)
{
  g_autoptr(SlStmt) latest = NULL;
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();
  gint64 previous = 0;
  int rc;

  g_return_val_if_fail (sl_store_in_transaction (store), 0);

  if (!sl_store_check_text (_("note"), note, 4000, TRUE, error))
    return 0;
  latest = sl_store_prepare (store, "SELECT max (id) FROM outcomes WHERE candidate_id = ?1", error);
  if (latest == NULL)
    return 0;
  sl_stmt_bind_int64 (latest, 1, candidate_id);
  if ((rc = sl_stmt_step (latest)) != SL_DB_ROW)
    {
      sl_store_fail (store, rc, error, _("Cannot read the outcomes of leads"));
      return 0;
    }
  previous = sl_stmt_column_int64 (latest, 0);

  stmt = sl_store_prepare (store, "INSERT INTO outcomes (candidate_id, outcome, note, supersedes, recorded_by, "
                                  "  recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, candidate_id);
  sl_bind_text (stmt, 2, sl_outcome_kind_to_string (outcome));
  sl_bind_text (stmt, 3, note);
  if (previous != 0)
    sl_stmt_bind_int64 (stmt, 4, previous);
  sl_stmt_bind_int64 (stmt, 5, recorded_by);
  sl_bind_text (stmt, 6, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the outcome")))
    return 0;
  if (supersedes != NULL)
    *supersedes = previous;
  return sl_store_last_insert_id (store, error);
}

GPtrArray *
sl_outcome_list_for_candidate (SlStore  *store,
                               gint64    candidate_id,
                               GError  **error)
{
  return outcome_list (store, OUTCOME_QUERY "WHERE o.candidate_id = ?1 ORDER BY o.id", candidate_id, error);
}

GPtrArray *
sl_outcome_list_for_case (SlStore  *store,
                          gint64    case_id,
                          GError  **error)
{
  return outcome_list (store,
                       OUTCOME_QUERY
                       "JOIN candidates k ON k.id = o.candidate_id JOIN searches s ON s.id = k.search_id "
                       "WHERE (?1 = 0 OR s.case_id = ?1) ORDER BY o.candidate_id, o.id",
                       case_id, error);
}
