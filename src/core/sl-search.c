/* sl-search.c: the searches, candidates and decisions tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "core/sl-calibration.h"
#include "core/sl-search.h"
#include "core/sl-store-private.h"

#define CANDIDATE_QUERY \
  "SELECT k.id, k.search_id, k.rank, k.subject_id, s.external_id, s.name, k.gallery_face_id, " \
  "  k.similarity, k.false_match_rate, k.fmr_beyond_range, k.expected_false, k.above_threshold, " \
  "  r.case_id, c.number, c.status, r.gallery_name, r.face_id, u.username, r.started_at, r.run_by " \
  "FROM candidates k JOIN searches r ON r.id = k.search_id JOIN subjects s ON s.id = k.subject_id " \
  "  JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.run_by "

/* effective_decisions: the decision that counts after its corrections. */
#define DECISION_QUERY \
  "SELECT d.id, d.candidate_id, d.reviewer_id, u.username, d.stage, d.decision, d.rationale, " \
  "  d.decided_at, d.original FROM effective_decisions d JOIN users u ON u.id = d.reviewer_id "

#define CORRECTION_QUERY \
  "SELECT x.id, x.decision, x.reason, u.username, x.corrected_at FROM decision_corrections x " \
  "  JOIN users u ON u.id = x.corrected_by WHERE x.decision_id = ?1 ORDER BY x.id"

static const char *const decision_names[] = {
  [SL_DECISION_POSSIBLE_LEAD] = "possible-lead",
  [SL_DECISION_EXCLUDED]      = "excluded",
  [SL_DECISION_INCONCLUSIVE]  = "inconclusive",
};

/* helpers */

static SlCandidate *
candidate_from_row (SlStmt *stmt)
{
  SlCandidate *k = g_new0 (SlCandidate, 1);

  k->id = sl_stmt_column_int64 (stmt, 0);
  k->search_id = sl_stmt_column_int64 (stmt, 1);
  k->rank = (guint) sl_stmt_column_int (stmt, 2);
  k->subject_id = sl_stmt_column_int64 (stmt, 3);
  k->subject_external_id = sl_column_text (stmt, 4);
  k->subject_name = sl_column_text (stmt, 5);
  k->gallery_face_id = sl_stmt_column_int64 (stmt, 6);
  k->similarity = sl_stmt_column_double (stmt, 7);
  k->false_match_rate = sl_stmt_column_double (stmt, 8);
  k->beyond_range = sl_stmt_column_int (stmt, 9) != 0;
  k->expected_false = sl_stmt_column_double (stmt, 10);
  k->above_threshold = sl_stmt_column_int (stmt, 11) != 0;
  k->case_id = sl_stmt_column_int64 (stmt, 12);
  k->case_number = sl_column_text (stmt, 13);
  k->case_closed = g_strcmp0 (sl_stmt_column_text (stmt, 14), "closed") == 0;
  k->gallery_name = sl_column_text (stmt, 15);
  k->face_id = sl_stmt_column_int64 (stmt, 16);
  k->searched_by = sl_column_text (stmt, 17);
  k->searched_at = sl_column_text (stmt, 18);
  k->searched_by_id = sl_stmt_column_int64 (stmt, 19);
  return k;
}

static SlDecision *
decision_from_row (SlStmt *stmt)
{
  SlDecision *d = g_new0 (SlDecision, 1);

  d->id = sl_stmt_column_int64 (stmt, 0);
  d->candidate_id = sl_stmt_column_int64 (stmt, 1);
  d->reviewer_id = sl_stmt_column_int64 (stmt, 2);
  d->reviewer = sl_column_text (stmt, 3);
  d->second = g_strcmp0 (sl_stmt_column_text (stmt, 4), "second") == 0;
  if (!sl_decision_kind_from_string (sl_stmt_column_text (stmt, 5), &d->decision))
    d->decision = SL_DECISION_INCONCLUSIVE;
  d->rationale = sl_column_text (stmt, 6);
  d->decided_at = sl_column_text (stmt, 7);
  if (!sl_decision_kind_from_string (sl_stmt_column_text (stmt, 8), &d->original))
    d->original = SL_DECISION_INCONCLUSIVE;
  d->corrections = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_decision_correction_free);
  return d;
}

static gboolean
fill_corrections (SlStore     *store,
                  SlDecision  *d,
                  GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, CORRECTION_QUERY, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, d->id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlDecisionCorrection *x = g_new0 (SlDecisionCorrection, 1);

      x->id = sl_stmt_column_int64 (stmt, 0);
      if (!sl_decision_kind_from_string (sl_stmt_column_text (stmt, 1), &x->decision))
        x->decision = SL_DECISION_INCONCLUSIVE;
      x->reason = sl_column_text (stmt, 2);
      x->corrected_by = sl_column_text (stmt, 3);
      x->corrected_at = sl_column_text (stmt, 4);
      g_ptr_array_add (d->corrections, x);
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the corrections of a decision"));
  return TRUE;
}

static gboolean
fill_decisions (SlStore      *store,
                SlCandidate  *k,
                GError      **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, DECISION_QUERY "WHERE d.candidate_id = ?1 ORDER BY d.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, k->id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlDecision *d = decision_from_row (stmt);

      if (d->second)
        {
          sl_decision_free (k->second);
          k->second = d;
        }
      else
        {
          sl_decision_free (k->first);
          k->first = d;
        }
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the decisions"));
  g_clear_pointer (&stmt, sl_stmt_release);
  if ((k->first != NULL && !fill_corrections (store, k->first, error)) ||
      (k->second != NULL && !fill_corrections (store, k->second, error)))
    return FALSE;
  k->status = sl_review_status (k->first, k->second);
  return TRUE;
}

static GPtrArray *
candidate_list (SlStore      *store,
                const char   *sql,
                gint64        param,
                gboolean      with_decisions,
                GError      **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_candidate_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, param);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, candidate_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the candidates"));
      return NULL;
    }
  /* The statement is released before the decisions' own is used. */
  g_clear_pointer (&stmt, sl_stmt_release);
  for (guint i = 0; with_decisions && i < list->len; i++)
    if (!fill_decisions (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

/* public API */

gboolean
sl_search_last_justification (SlStore  *store,
                              gint64    case_id,
                              gint64    user_id,
                              char    **legal_basis,
                              char    **offense_code,
                              char    **purpose,
                              GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT legal_basis, offense_code, purpose FROM searches "
                      "WHERE case_id = ?1 AND run_by = ?2 ORDER BY id DESC LIMIT 1",
                      error);
  int rc;

  *legal_basis = *offense_code = *purpose = NULL;
  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_stmt_bind_int64 (stmt, 2, user_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      *legal_basis = sl_column_text (stmt, 0);
      *offense_code = sl_column_text (stmt, 1);
      *purpose = sl_column_text (stmt, 2);
      return TRUE;
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the case's searches"));
      return FALSE;
    }
  return TRUE;
}

gint64
sl_search_insert (SlStore              *store,
                  const SlSearchRow    *r,
                  GError              **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO searches (case_id, face_id, gallery_id, gallery_name, gallery_size, "
                      "  gallery_subjects, gallery_generation, model_id, model_sha256, calibration, "
                      "  threshold, top_k, below_threshold_shown, above_threshold, offense_code, "
                      "  offense_label, legal_basis, purpose, facts, run_by, started_at, ended_at, track_id, probe, "
                      "  fairness) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                      "  ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)", error);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, r->case_id);
  sl_stmt_bind_int64 (stmt, 2, r->face_id);
  sl_stmt_bind_int64 (stmt, 3, r->gallery_id);
  sl_bind_text (stmt, 4, r->gallery_name);
  sl_stmt_bind_int64 (stmt, 5, r->gallery_size);
  sl_stmt_bind_int64 (stmt, 6, r->gallery_subjects);
  sl_stmt_bind_int64 (stmt, 7, r->gallery_generation);
  sl_bind_text (stmt, 8, r->model_id);
  sl_bind_text (stmt, 9, r->model_sha256);
  sl_bind_text (stmt, 10, r->calibration);
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
  if (r->track_id > 0)
    sl_stmt_bind_int64 (stmt, 23, r->track_id);
  else
    sl_stmt_bind_null (stmt, 23);
  sl_bind_text (stmt, 24, r->probe != NULL ? r->probe : "face");
  if (r->fairness != NULL)
    sl_bind_text (stmt, 25, r->fairness);
  else
    sl_stmt_bind_null (stmt, 25);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the search")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gboolean
sl_search_member_insert (SlStore              *store,
                         gint64                search_id,
                         const SlSearchMember *member,
                         GError              **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "INSERT INTO search_person_members (search_id, face_id, track_id) VALUES (?1, ?2, ?3)",
                      error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, search_id);
  sl_stmt_bind_int64 (stmt, 2, member->face_id);
  if (member->track_id > 0)
    sl_stmt_bind_int64 (stmt, 3, member->track_id);
  else
    sl_stmt_bind_null (stmt, 3);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot record the faces of the probe"));
}

GArray *
sl_search_member_list (SlStore  *store,
                       gint64    search_id,
                       GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT face_id, track_id FROM search_person_members WHERE search_id = ?1 "
                      "ORDER BY face_id", error);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SlSearchMember));
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, search_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlSearchMember m = { sl_stmt_column_int64 (stmt, 0), sl_stmt_column_int64 (stmt, 1) };

      g_array_append_val (members, m);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the faces of the probe"));
      return NULL;
    }
  return g_steal_pointer (&members);
}

gint64
sl_candidate_insert (SlStore   *store,
                     gint64     search_id,
                     guint      rank,
                     gint64     subject_id,
                     gint64     gallery_face_id,
                     double     similarity,
                     double     false_match_rate,
                     gboolean   beyond_range,
                     double     expected_false,
                     gboolean   above_threshold,
                     GError   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO candidates (search_id, rank, subject_id, gallery_face_id, similarity, "
                      "  false_match_rate, fmr_beyond_range, expected_false, above_threshold) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, search_id);
  sl_stmt_bind_int (stmt, 2, (int) rank);
  sl_stmt_bind_int64 (stmt, 3, subject_id);
  sl_stmt_bind_int64 (stmt, 4, gallery_face_id);
  sl_stmt_bind_double (stmt, 5, similarity);
  sl_stmt_bind_double (stmt, 6, false_match_rate);
  sl_stmt_bind_int (stmt, 7, beyond_range ? 1 : 0);
  sl_stmt_bind_double (stmt, 8, expected_false);
  sl_stmt_bind_int (stmt, 9, above_threshold ? 1 : 0);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the candidate")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

const char *
sl_decision_kind_to_string (SlDecisionKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (decision_names), "inconclusive");
  return decision_names[kind];
}

gboolean
sl_decision_kind_from_string (const char     *text,
                              SlDecisionKind *kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (decision_names); i++)
    if (g_str_equal (text, decision_names[i]))
      {
        *kind = (SlDecisionKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_decision_kind_describe (SlDecisionKind kind)
{
  switch (kind)
    {
    case SL_DECISION_POSSIBLE_LEAD:
      return _("possible lead");
    case SL_DECISION_EXCLUDED:
      return _("excluded");
    case SL_DECISION_INCONCLUSIVE:
    default:
      return _("inconclusive");
    }
}

char *
sl_rate_in_words (double           rate,
                  gboolean         beyond_range,
                  SlRateWordsFlags flags)
{
  g_autofree char *count = NULL;

  if (!(rate > 0))
    return g_strdup (_("not measured"));
  count = sl_format_count ((guint64) llround (1.0 / rate));
  if (beyond_range && (flags & SL_RATE_WORDS_NAME_RANGE) != 0)
    return g_strdup_printf (_("below 1 in %s (beyond the measured range)"), count);
  if (beyond_range)
    return g_strdup_printf (_("below 1 in %s"), count);
  /* "1 in 2" says little; a share reads better for common rates. */
  if (rate >= 0.1 && (flags & SL_RATE_WORDS_SHARE) != 0)
    return g_strdup_printf (_("%.0f%%"), rate * 100);
  return g_strdup_printf (_("1 in %s"), count);
}

void
sl_decision_correction_free (SlDecisionCorrection *x)
{
  if (x == NULL)
    return;
  g_free (x->reason);
  g_free (x->corrected_by);
  g_free (x->corrected_at);
  g_free (x);
}

void
sl_decision_free (SlDecision *d)
{
  if (d == NULL)
    return;
  g_clear_pointer (&d->corrections, g_ptr_array_unref);
  g_free (d->reviewer);
  g_free (d->rationale);
  g_free (d->decided_at);
  g_free (d);
}

const char *
sl_review_status_to_string (SlReviewStatus status)
{
  switch (status)
    {
    case SL_REVIEW_UNDECIDED:
      return "undecided";
    case SL_REVIEW_AWAITING_SECOND:
      return "awaiting-second-review";
    case SL_REVIEW_CONFIRMED_LEAD:
      return "confirmed-lead";
    case SL_REVIEW_AGREED_EXCLUDED:
      return "excluded";
    case SL_REVIEW_AGREED_INCONCLUSIVE:
      return "inconclusive";
    case SL_REVIEW_DISAGREEMENT:
      return "disagreement";
    default:
      g_return_val_if_reached ("undecided");
    }
}

void
sl_candidate_free (SlCandidate *k)
{
  if (k == NULL)
    return;
  g_free (k->subject_external_id);
  g_free (k->subject_name);
  g_free (k->case_number);
  g_free (k->gallery_name);
  g_free (k->searched_by);
  g_free (k->searched_at);
  sl_decision_free (k->first);
  sl_decision_free (k->second);
  g_free (k);
}

SlCandidate *
sl_candidate_lookup (SlStore  *store,
                     gint64    id,
                     GError  **error)
{
  g_autoptr(GPtrArray) list = candidate_list (store, CANDIDATE_QUERY "WHERE k.id = ?1", id, TRUE, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no candidate %" PRId64), id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

gint64
sl_decision_insert (SlStore         *store,
                    gint64           candidate_id,
                    gint64           reviewer_id,
                    gboolean         second,
                    SlDecisionKind   decision,
                    const char      *rationale,
                    GError         **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  if (!sl_store_check_text (_("rationale"), rationale, 4000, TRUE, error))
    return 0;
  stmt = sl_store_prepare (store, "INSERT INTO decisions (candidate_id, reviewer_id, stage, decision, "
                                  "  rationale, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, candidate_id);
  sl_stmt_bind_int64 (stmt, 2, reviewer_id);
  sl_bind_text (stmt, 3, second ? "second" : "first");
  sl_bind_text (stmt, 4, sl_decision_kind_to_string (decision));
  sl_bind_text (stmt, 5, rationale);
  sl_bind_text (stmt, 6, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the decision")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gint64
sl_decision_correction_insert (SlStore         *store,
                               gint64           decision_id,
                               gint64           corrected_by,
                               SlDecisionKind   decision,
                               const char      *reason,
                               GError         **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  if (!sl_store_check_text (_("reason"), reason, 4000, TRUE, error))
    return 0;
  stmt = sl_store_prepare (store, "INSERT INTO decision_corrections (decision_id, decision, reason, "
                                  "  corrected_by, corrected_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, decision_id);
  sl_bind_text (stmt, 2, sl_decision_kind_to_string (decision));
  sl_bind_text (stmt, 3, reason);
  sl_stmt_bind_int64 (stmt, 4, corrected_by);
  sl_bind_text (stmt, 5, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the correction")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlReviewStatus
sl_review_status (const SlDecision *first,
                  const SlDecision *second)
{
  if (first == NULL)
    return SL_REVIEW_UNDECIDED;
  if (second == NULL)
    return SL_REVIEW_AWAITING_SECOND;
  if (first->decision != second->decision)
    return SL_REVIEW_DISAGREEMENT;
  switch (first->decision)
    {
    case SL_DECISION_POSSIBLE_LEAD:
      return SL_REVIEW_CONFIRMED_LEAD;
    case SL_DECISION_EXCLUDED:
      return SL_REVIEW_AGREED_EXCLUDED;
    case SL_DECISION_INCONCLUSIVE:
    default:
      return SL_REVIEW_AGREED_INCONCLUSIVE;
    }
}

GPtrArray *
sl_candidate_review_queue (SlStore  *store,
                           gint64    user_id,
                           GError  **error)
{
  return candidate_list (store,
                         CANDIDATE_QUERY
                         "WHERE c.status = 'open' AND r.run_by <> ?1 "
                         "  AND EXISTS (SELECT 1 FROM decisions d WHERE d.candidate_id = k.id "
                         "    AND d.stage = 'first' AND d.reviewer_id <> ?1) "
                         "  AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.candidate_id = k.id "
                         "    AND (d.stage = 'second' OR d.reviewer_id = ?1)) "
                         "ORDER BY (SELECT d.id FROM decisions d WHERE d.candidate_id = k.id), k.id",
                         user_id, FALSE, error);
}

GPtrArray *
sl_candidate_disagreements (SlStore  *store,
                            gint64    case_id,
                            GError  **error)
{
  return candidate_list (store,
                         CANDIDATE_QUERY
                         "WHERE (?1 = 0 OR r.case_id = ?1) AND EXISTS (SELECT 1 FROM effective_decisions a "
                         "  JOIN effective_decisions b ON b.candidate_id = a.candidate_id AND b.stage = 'second' "
                         "  WHERE a.candidate_id = k.id AND a.stage = 'first' AND a.decision <> b.decision) "
                         "ORDER BY k.id",
                         case_id, TRUE, error);
}

GPtrArray *
sl_candidate_list_for_search (SlStore  *store,
                              gint64    search_id,
                              GError  **error)
{
  return candidate_list (store, CANDIDATE_QUERY "WHERE k.search_id = ?1 ORDER BY k.rank", search_id, TRUE,
                         error);
}

GPtrArray *
sl_candidate_confirmed (SlStore  *store,
                        gint64    case_id,
                        GError  **error)
{
  return candidate_list (store,
                         CANDIDATE_QUERY
                         "WHERE (?1 = 0 OR r.case_id = ?1) AND 2 = (SELECT count(*) FROM effective_decisions d "
                         "  WHERE d.candidate_id = k.id AND d.decision = 'possible-lead') "
                         "ORDER BY k.id",
                         case_id, TRUE, error);
}
