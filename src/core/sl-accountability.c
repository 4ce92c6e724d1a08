/* sl-accountability.c: the accountability report's counts, one grouped
 * query per section, every value bound.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-accountability"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-accountability.h"
#include "core/sl-store-private.h"

#define IN_PERIOD "s.started_at >= ?1 AND s.started_at < ?2"

/* A candidate's subject's recorded sex, race and birth decade. */
#define SEX "coalesce (json_extract (j.metadata, '$.sex'), json_extract (j.metadata, '$.gender'))"
#define RACE "coalesce (json_extract (j.metadata, '$.race'), json_extract (j.metadata, '$.ethnicity'))"
#define BIRTH "substr (coalesce (json_extract (j.metadata, '$.birth_date'), json_extract (j.metadata, " \
  "'$.birthdate'), json_extract (j.metadata, '$.dob')), 1, 3) || '0s'"
#define HOURS "coalesce ((SELECT CAST (value AS REAL) FROM policy WHERE key = 'authorisation-hours'), 48)"
#define LEAD "2 = (SELECT count(*) FROM decisions d WHERE d.candidate_id = k.id AND d.decision = 'possible-lead')"

typedef struct
{
  const char *id;
  const char *title;
  const char *key_title;
  gboolean    listing;
  const char *sql;       /* ?1 from, ?2 to; selects key, count */
} SectionQuery;

static const SectionQuery queries[] = {
  { "searches-by-offence", N_("Searches by offence"), N_("Offence"), FALSE,
    "SELECT s.offense_code || ' — ' || s.offense_label, count(*) FROM searches s WHERE " IN_PERIOD
    " GROUP BY 1 ORDER BY 2 DESC, 1" },
  { "searches-by-purpose", N_("Searches by purpose"), N_("Purpose"), FALSE,
    "SELECT s.purpose, count(*) FROM searches s WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 2 DESC, 1" },
  { "searches-by-user", N_("Searches by user"), N_("User"), FALSE,
    "SELECT u.username, count(*) FROM searches s JOIN users u ON u.id = s.run_by WHERE " IN_PERIOD
    " GROUP BY 1 ORDER BY 2 DESC, 1" },
  { "searches-by-week", N_("Searches by week"), N_("Week"), FALSE,
    "SELECT strftime ('%Y-W%W', substr (s.started_at, 1, 10)), count(*) FROM searches s WHERE " IN_PERIOD
    " GROUP BY 1 ORDER BY 1" },
  { "searches-by-result", N_("Searches by what they found"), N_("Result"), FALSE,
    "SELECT CASE WHEN s.above_threshold = 0 THEN 'no candidate above the threshold' "
    "  ELSE 'candidates above the threshold' END, count(*) FROM searches s WHERE " IN_PERIOD
    " GROUP BY 1 ORDER BY 1" },
  { "searches-by-outcome", N_("Searches by the outcome in force of their leads"), N_("Outcome"), FALSE,
    "SELECT coalesce ((SELECT o.outcome FROM candidates k JOIN outcomes o ON o.candidate_id = k.id "
    "  WHERE k.search_id = s.id AND NOT EXISTS (SELECT 1 FROM outcomes n WHERE n.supersedes = o.id) "
    "  ORDER BY o.id DESC LIMIT 1), CASE WHEN EXISTS (SELECT 1 FROM candidates k WHERE k.search_id = s.id "
    "  AND " LEAD ") THEN 'lead, no outcome recorded' ELSE 'no lead' END), count(*) "
    "FROM searches s WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 2 DESC, 1" },
  { "refusals", N_("Refusals by what was refused"), N_("Action"), FALSE,
    "SELECT a.action, count(*) FROM audit a WHERE a.outcome = 'refused' AND a.time >= ?1 AND a.time < ?2 "
    "GROUP BY 1 ORDER BY 2 DESC, 1" },
  /* Late: granted more than the policy's hours after the case's first
   * search (the within-48h clock), or still pending past them. */
  { "authorisations", N_("Authorisations"), N_("What"), FALSE,
    "SELECT 'requested', count(*) FROM authorisations a WHERE a.requested_at >= ?1 AND a.requested_at < ?2"
    " UNION ALL SELECT 'granted', count(*) FROM authorisations a WHERE a.state = 'granted' "
    "  AND a.decided_at >= ?1 AND a.decided_at < ?2"
    " UNION ALL SELECT 'refused', count(*) FROM authorisations a WHERE a.state = 'refused' "
    "  AND a.decided_at >= ?1 AND a.decided_at < ?2"
    " UNION ALL SELECT 'granted late', count(*) FROM authorisations a WHERE a.state = 'granted' "
    "  AND a.decided_at >= ?1 AND a.decided_at < ?2 AND julianday (a.decided_at) > "
    "  julianday ((SELECT min (s.started_at) FROM searches s WHERE s.case_id = a.case_id)) + " HOURS " / 24.0"
    " UNION ALL SELECT 'pending at the end of the period', count(*) FROM authorisations a "
    "  WHERE a.requested_at < ?2 AND (a.decided_at IS NULL OR a.decided_at >= ?2)"
    " UNION ALL SELECT 'searches sealed by a refusal', count(*) FROM sealed_searches x "
    "  WHERE x.sealed_at >= ?1 AND x.sealed_at < ?2" },
  { "review", N_("Leads, disagreements and outcomes"), N_("What"), FALSE,
    "SELECT 'candidates shown', count(*) FROM candidates k JOIN searches s ON s.id = k.search_id WHERE " IN_PERIOD
    " UNION ALL SELECT 'confirmed leads', count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "  WHERE " IN_PERIOD " AND " LEAD
    " UNION ALL SELECT 'disagreements', count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "  WHERE " IN_PERIOD " AND 2 = (SELECT count(*) FROM decisions d WHERE d.candidate_id = k.id) "
    "  AND 1 < (SELECT count(DISTINCT d.decision) FROM decisions d WHERE d.candidate_id = k.id)"
    " UNION ALL SELECT 'outcome in force: ' || o.outcome, count(*) FROM outcomes o "
    "  JOIN candidates k ON k.id = o.candidate_id JOIN searches s ON s.id = k.search_id WHERE " IN_PERIOD
    "  AND NOT EXISTS (SELECT 1 FROM outcomes n WHERE n.supersedes = o.id) GROUP BY o.outcome" },
  { "models", N_("Models, thresholds and measurements in force"), N_("Model, SHA-256, threshold, calibration, "
    "per-group measurement"), FALSE,
    "SELECT s.model_id || ' ' || s.model_sha256 || ' threshold ' || printf ('%.4f', s.threshold) || ' ' || "
    "  s.calibration || ' ' || coalesce (s.fairness, 'no per-group measurement'), count(*) FROM searches s "
    "WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 1" },
  { "policy-changes", N_("Policy changes in the period"), N_("Change"), TRUE,
    "SELECT a.time || ' ' || coalesce (a.actor, '-') || ' ' || coalesce (a.object_id, '') || ': ' || "
    "  coalesce (json_extract (a.details, '$.old'), '') || ' → ' || coalesce (json_extract (a.details, '$.new'), ''), "
    "  1 FROM audit a WHERE a.action = 'policy.set' AND a.outcome = 'success' AND a.time >= ?1 AND a.time < ?2 "
    "ORDER BY a.seq" },
  { "candidates-by-sex", N_("Candidates returned, by recorded sex"), N_("Sex"), FALSE,
    "SELECT coalesce (" SEX ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 1" },
  { "candidates-by-race", N_("Candidates returned, by recorded race"), N_("Race"), FALSE,
    "SELECT coalesce (" RACE ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 1" },
  { "candidates-by-birth-decade", N_("Candidates returned, by decade of birth"), N_("Born in"), FALSE,
    "SELECT coalesce (" BIRTH ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " GROUP BY 1 ORDER BY 1" },
  { "leads-by-sex", N_("Confirmed leads, by recorded sex"), N_("Sex"), FALSE,
    "SELECT coalesce (" SEX ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " AND " LEAD " GROUP BY 1 ORDER BY 1" },
  { "leads-by-race", N_("Confirmed leads, by recorded race"), N_("Race"), FALSE,
    "SELECT coalesce (" RACE ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " AND " LEAD " GROUP BY 1 ORDER BY 1" },
  { "leads-by-birth-decade", N_("Confirmed leads, by decade of birth"), N_("Born in"), FALSE,
    "SELECT coalesce (" BIRTH ", 'not recorded'), count(*) FROM candidates k JOIN searches s ON s.id = k.search_id "
    "JOIN subjects j ON j.id = k.subject_id WHERE " IN_PERIOD " AND " LEAD " GROUP BY 1 ORDER BY 1" },
};

/* helpers */

static void
count_row_free (SlCountRow *row)
{
  g_free (row->key);
  g_free (row);
}

static void
section_free (SlCountSection *section)
{
  g_clear_pointer (&section->rows, g_ptr_array_unref);
  g_free (section);
}

/* public API */

void
sl_accountability_free (SlAccountability *report)
{
  if (report == NULL)
    return;
  g_free (report->from);
  g_free (report->to);
  g_clear_pointer (&report->sections, g_ptr_array_unref);
  g_free (report);
}

SlAccountability *
sl_accountability_collect (SlStore     *store,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  g_autoptr(SlAccountability) report = g_new0 (SlAccountability, 1);

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(SlStmt) stmt = sl_store_prepare (store, queries[i].sql, error);
      SlCountSection *section;
      int rc;

      if (stmt == NULL)
        return NULL;
      section = g_new0 (SlCountSection, 1);
      section->id = queries[i].id;
      section->title = _(queries[i].title);
      section->key_title = _(queries[i].key_title);
      section->listing = queries[i].listing;
      section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) count_row_free);
      g_ptr_array_add (report->sections, section);
      sl_bind_text (stmt, 1, from);
      sl_bind_text (stmt, 2, to);
      while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
        {
          SlCountRow *row = g_new0 (SlCountRow, 1);

          row->key = sl_column_text (stmt, 0);
          if (row->key == NULL)
            row->key = g_strdup ("—");
          row->count = sl_stmt_column_int64 (stmt, 1);
          if (i == 0)
            report->searches += row->count;
          g_ptr_array_add (section->rows, row);
        }
      if (rc != SL_DB_DONE)
        {
          sl_store_fail (store, rc, error, _("Cannot count for the accountability report"));
          return NULL;
        }
    }
  return g_steal_pointer (&report);
}
