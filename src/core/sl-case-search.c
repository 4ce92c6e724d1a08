/* sl-case-search.c: the case_searches and case_candidates tables, and the
 * faces and tracks of a case a search within it compares.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-search"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-case-search.h"
#include "core/sl-store-private.h"

/* A still's face stands for itself; a track stands as its template, named
 * by its best view, so that one appearance in footage is one candidate
 * and not one per frame. */
#define ITEM_QUERY \
  "SELECT f.evidence_id, f.id, 0, -1, f.embedding, f.model_sha256, e.original_name " \
  "FROM faces f JOIN evidence e ON e.id = f.evidence_id " \
  "WHERE e.case_id = ?1 AND f.track_id IS NULL AND f.purged_at IS NULL " \
  "  AND NOT EXISTS (SELECT 1 FROM face_retractions x WHERE x.face_id = f.id) " \
  "UNION ALL " \
  "SELECT t.evidence_id, t.best_face_id, t.id, coalesce (b.frame_ms, t.first_ms), t.template, " \
  "  t.model_sha256, e.original_name " \
  "FROM tracks t JOIN evidence e ON e.id = t.evidence_id LEFT JOIN faces b ON b.id = t.best_face_id " \
  "WHERE e.case_id = ?1 AND t.template IS NOT NULL AND t.best_face_id IS NOT NULL " \
  "  AND t.purged_at IS NULL " \
  "ORDER BY 1, 3, 2"

/* public API */

void
sl_case_item_free (SlCaseItem *item)
{
  if (item == NULL)
    return;
  g_free (item->embedding);
  g_free (item->model_sha256);
  g_free (item->evidence_name);
  g_free (item);
}

GPtrArray *
sl_case_item_list (SlStore  *store,
                   gint64    case_id,
                   GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, ITEM_QUERY, error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_case_item_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      int bytes = sl_stmt_column_bytes (stmt, 4);
      SlCaseItem *item;

      /* A purged face keeps an empty embedding: nothing to compare. */
      if (bytes <= 0 || bytes % (int) sizeof (float) != 0)
        continue;
      item = g_new0 (SlCaseItem, 1);
      item->evidence_id = sl_stmt_column_int64 (stmt, 0);
      item->face_id = sl_stmt_column_int64 (stmt, 1);
      item->track_id = sl_stmt_column_int64 (stmt, 2);
      item->time_ms = sl_stmt_column_type (stmt, 3) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 3);
      item->dim = (guint) bytes / sizeof (float);
      item->embedding = g_memdup2 (sl_stmt_column_blob (stmt, 4), (gsize) bytes);
      item->model_sha256 = sl_column_text (stmt, 5);
      item->evidence_name = sl_column_text (stmt, 6);
      g_ptr_array_add (items, item);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the faces and tracks of the case"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

gint64
sl_case_search_insert (SlStore                *store,
                       const SlCaseSearchRow  *r,
                       GError                **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO case_searches (case_id, face_id, track_id, probe, compared, "
                      "  skipped_other_model, model_id, model_sha256, calibration, fairness, threshold, top_k, "
                      "  below_threshold_shown, above_threshold, offense_code, offense_label, legal_basis, "
                      "  purpose, facts, run_by, started_at, ended_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                      "  ?18, ?19, ?20, ?21, ?22)", error);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, r->case_id);
  sl_stmt_bind_int64 (stmt, 2, r->face_id);
  if (r->track_id > 0)
    sl_stmt_bind_int64 (stmt, 3, r->track_id);
  else
    sl_stmt_bind_null (stmt, 3);
  sl_bind_text (stmt, 4, r->probe != NULL ? r->probe : "face");
  sl_stmt_bind_int64 (stmt, 5, r->compared);
  sl_stmt_bind_int64 (stmt, 6, r->skipped_other_model);
  sl_bind_text (stmt, 7, r->model_id);
  sl_bind_text (stmt, 8, r->model_sha256);
  sl_bind_text (stmt, 9, r->calibration);
  if (r->fairness != NULL)
    sl_bind_text (stmt, 10, r->fairness);
  else
    sl_stmt_bind_null (stmt, 10);
  sl_stmt_bind_double (stmt, 11, r->threshold);
  sl_stmt_bind_int (stmt, 12, (int) r->top_k);
  sl_stmt_bind_int (stmt, 13, r->below_threshold_shown ? 1 : 0);
  sl_stmt_bind_int (stmt, 14, (int) r->above_threshold);
  sl_bind_text (stmt, 15, r->offense_code);
  sl_bind_text (stmt, 16, r->offense_label);
  sl_bind_text (stmt, 17, r->legal_basis);
  sl_bind_text (stmt, 18, r->purpose);
  sl_bind_text (stmt, 19, r->facts);
  sl_stmt_bind_int64 (stmt, 20, r->run_by);
  sl_bind_text (stmt, 21, r->started_at);
  sl_bind_text (stmt, 22, r->ended_at);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the search")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gint64
sl_case_candidate_insert (SlStore                   *store,
                          gint64                     search_id,
                          const SlCaseCandidateRow  *k,
                          GError                   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO case_candidates (search_id, rank, evidence_id, face_id, track_id, time_ms, "
                      "  similarity, false_match_rate, fmr_beyond_range, expected_false, above_threshold) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, search_id);
  sl_stmt_bind_int (stmt, 2, (int) k->rank);
  sl_stmt_bind_int64 (stmt, 3, k->evidence_id);
  sl_stmt_bind_int64 (stmt, 4, k->face_id);
  if (k->track_id > 0)
    sl_stmt_bind_int64 (stmt, 5, k->track_id);
  else
    sl_stmt_bind_null (stmt, 5);
  if (k->time_ms >= 0)
    sl_stmt_bind_int64 (stmt, 6, k->time_ms);
  else
    sl_stmt_bind_null (stmt, 6);
  sl_stmt_bind_double (stmt, 7, k->similarity);
  sl_stmt_bind_double (stmt, 8, k->false_match_rate);
  sl_stmt_bind_int (stmt, 9, k->beyond_range ? 1 : 0);
  sl_stmt_bind_double (stmt, 10, k->expected_false);
  sl_stmt_bind_int (stmt, 11, k->above_threshold ? 1 : 0);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the candidate")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

void
sl_case_search_record_free (SlCaseSearchRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->probe);
  g_free (r->model_id);
  g_free (r->model_sha256);
  g_free (r->calibration);
  g_free (r->fairness);
  g_free (r->offense_code);
  g_free (r->offense_label);
  g_free (r->legal_basis);
  g_free (r->purpose);
  g_free (r->facts);
  g_free (r->run_by);
  g_free (r->run_by_name);
  g_free (r->started_at);
  g_free (r->ended_at);
  g_free (r->sealed_at);
  g_clear_pointer (&r->candidates, g_ptr_array_unref);
  g_free (r);
}

static gboolean
read_candidates (SlStore             *store,
                 SlCaseSearchRecord  *r,
                 GError             **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT rank, evidence_id, face_id, coalesce (track_id, 0), coalesce (time_ms, -1), "
                      "  similarity, false_match_rate, fmr_beyond_range, expected_false, above_threshold "
                      "FROM case_candidates WHERE search_id = ?1 ORDER BY rank", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, r->id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlCaseCandidateRow *k = g_new0 (SlCaseCandidateRow, 1);

      k->rank = (guint) sl_stmt_column_int (stmt, 0);
      k->evidence_id = sl_stmt_column_int64 (stmt, 1);
      k->face_id = sl_stmt_column_int64 (stmt, 2);
      k->track_id = sl_stmt_column_int64 (stmt, 3);
      k->time_ms = sl_stmt_column_int64 (stmt, 4);
      k->similarity = sl_stmt_column_double (stmt, 5);
      k->false_match_rate = sl_stmt_column_double (stmt, 6);
      k->beyond_range = sl_stmt_column_int (stmt, 7) != 0;
      k->expected_false = sl_stmt_column_double (stmt, 8);
      k->above_threshold = sl_stmt_column_int (stmt, 9) != 0;
      g_ptr_array_add (r->candidates, k);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the candidates of a search within the case"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_case_search_list (SlStore  *store,
                     gint64    case_id,
                     GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT s.id, s.case_id, s.face_id, coalesce (s.track_id, 0), f.evidence_id, "
                      "  coalesce (f.frame_ms, -1), s.probe, s.compared, s.skipped_other_model, s.model_id, "
                      "  s.model_sha256, s.calibration, s.fairness, s.threshold, s.top_k, "
                      "  s.below_threshold_shown, s.above_threshold, s.offense_code, s.offense_label, "
                      "  s.legal_basis, s.purpose, s.facts, u.username, u.display_name, s.started_at, "
                      "  s.ended_at, (SELECT x.sealed_at FROM sealed_searches x WHERE x.kind = 'case' "
                      "    AND x.search_id = s.id) "
                      "FROM case_searches s JOIN faces f ON f.id = s.face_id "
                      "  LEFT JOIN users u ON u.id = s.run_by "
                      "WHERE s.case_id = ?1 ORDER BY s.started_at, s.id", error);
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sl_case_search_record_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlCaseSearchRecord *r = g_new0 (SlCaseSearchRecord, 1);

      g_ptr_array_add (records, r);
      r->id = sl_stmt_column_int64 (stmt, 0);
      r->case_id = sl_stmt_column_int64 (stmt, 1);
      r->face_id = sl_stmt_column_int64 (stmt, 2);
      r->track_id = sl_stmt_column_int64 (stmt, 3);
      r->probe_evidence_id = sl_stmt_column_int64 (stmt, 4);
      r->probe_time_ms = sl_stmt_column_int64 (stmt, 5);
      r->probe = sl_column_text (stmt, 6);
      r->compared = sl_stmt_column_int64 (stmt, 7);
      r->skipped_other_model = sl_stmt_column_int64 (stmt, 8);
      r->model_id = sl_column_text (stmt, 9);
      r->model_sha256 = sl_column_text (stmt, 10);
      r->calibration = sl_column_text (stmt, 11);
      r->fairness = sl_column_text (stmt, 12);
      r->threshold = sl_stmt_column_double (stmt, 13);
      r->top_k = (guint) sl_stmt_column_int (stmt, 14);
      r->below_threshold_shown = sl_stmt_column_int (stmt, 15) != 0;
      r->above_threshold = (guint) sl_stmt_column_int (stmt, 16);
      r->offense_code = sl_column_text (stmt, 17);
      r->offense_label = sl_column_text (stmt, 18);
      r->legal_basis = sl_column_text (stmt, 19);
      r->purpose = sl_column_text (stmt, 20);
      r->facts = sl_column_text (stmt, 21);
      r->run_by = sl_column_text (stmt, 22);
      r->run_by_name = sl_column_text (stmt, 23);
      r->started_at = sl_column_text (stmt, 24);
      r->ended_at = sl_column_text (stmt, 25);
      r->sealed_at = sl_column_text (stmt, 26);
      r->candidates = g_ptr_array_new_with_free_func (g_free);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the searches within the case"));
      return NULL;
    }
  /* After the search statement is done: one statement at a time. */
  for (guint i = 0; i < records->len; i++)
    if (!read_candidates (store, g_ptr_array_index (records, i), error))
      return NULL;
  return g_steal_pointer (&records);
}

gboolean
sl_case_candidate_find (SlStore  *store,
                        gint64    candidate_id,
                        gint64   *search_id,
                        char    **case_number,
                        GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT k.search_id, c.number FROM case_candidates k "
                      "JOIN case_searches s ON s.id = k.search_id JOIN cases c ON c.id = s.case_id "
                      "WHERE k.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, candidate_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      *search_id = sl_stmt_column_int64 (stmt, 0);
      *case_number = sl_column_text (stmt, 1);
      return TRUE;
    }
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the candidates of a search within the case"));
  return FALSE;
}
