/* test-review.c: decisions on candidates and the four-eyes rule, through
 * the engine on a real database: first decision, a blind second review by
 * another person, neither of them the one who ran the search, confirmed
 * leads, disagreements for a supervisor, and every refusal audited.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "sl-test-search.h"

typedef struct
{
  SlTestDb      *db;
  SlSession *sam;          /* a second supervisor */
  gint64     candidates[3];
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->sam);
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* Three candidates of one search in case C-1. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(GError) error = NULL;
  gint64 face;

  f->db = sl_test_db_new (FALSE);
  ck_assert (sl_engine_user_add (f->db->engine, f->db->admin, "sam", "Sam Supervisor", SL_ROLE_SUPERVISOR,
                                 SL_TEST_SUPERVISOR_PASSWORD, &error));
  f->sam = sl_engine_sign_in (f->db->engine, "sam", SL_TEST_SUPERVISOR_PASSWORD, &error);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  face = sl_test_db_probe_face (f->db, "C-1", photo);
  r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "C-1", face, 3, NULL);
  ck_assert_uint_eq (r->candidates->len, 3);
  for (guint i = 0; i < 3; i++)
    f->candidates[i] = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, i))->candidate_id;
  return f;
}

static SlDecideResult
decide_ok (Fixture    *f,
           SlSession  *who,
           gint64      candidate,
           const char *decision)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };

  ck_assert_msg (sl_engine_decide (f->db->engine, who, candidate, decision, "Compared ears, nose and hairline",
                                   &result, &error), "decide: %s", error ? error->message : "");
  return result;
}

static void
decide_refused (Fixture    *f,
                SlSession  *who,
                gint64      candidate,
                const char *decision,
                const char *rationale,
                const char *expect)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };

  ck_assert (!sl_engine_decide (f->db->engine, who, candidate, decision, rationale, &result, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, expect) != NULL, "%s", error->message);
}

/* tests */

START_TEST (test_confirmed_lead)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) own_queue = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searcher_queue = NULL;
  SlSession *sid = sl_test_db_searcher (f->db);
  SlDecideResult first, second;

  /* Whoever ran the search takes no decision on its candidates. */
  decide_refused (f, sid, f->candidates[0], "possible-lead", "My own search", "you ran search");

  first = decide_ok (f, f->db->investigator, f->candidates[0], "possible-lead");
  ck_assert (!first.second);
  ck_assert_int_eq (first.status, SL_REVIEW_AWAITING_SECOND);

  /* The same person never reviews their own decision; the searcher, a
   * supervisor, gives no second review of it either, nor queues it. */
  decide_refused (f, f->db->investigator, f->candidates[0], "possible-lead", "Sure", "another person");
  decide_refused (f, sid, f->candidates[0], "possible-lead", "Agree", "you ran search");
  searcher_queue = sl_engine_review_queue (f->db->engine, sid, &error);
  ck_assert_msg (searcher_queue != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (searcher_queue->len, 0);

  /* The supervisor's queue: the candidate, but not the first decision. */
  queue = sl_engine_review_queue (f->db->engine, f->db->supervisor, &error);
  ck_assert_uint_eq (queue->len, 1);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (queue, 0))->id, f->candidates[0]);
  ck_assert_ptr_null (((SlCandidate *) g_ptr_array_index (queue, 0))->first);
  ck_assert_ptr_null (((SlCandidate *) g_ptr_array_index (queue, 0))->second);
  /* Investigators do not give second reviews; nobody queues their own. */
  ck_assert_ptr_null (sl_engine_review_queue (f->db->engine, f->db->investigator, &error));
  g_clear_error (&error);

  second = decide_ok (f, f->db->supervisor, f->candidates[0], "possible-lead");
  ck_assert (second.second);
  ck_assert_int_eq (second.status, SL_REVIEW_CONFIRMED_LEAD);
  own_queue = sl_engine_review_queue (f->db->engine, f->db->supervisor, &error);
  ck_assert_uint_eq (own_queue->len, 0);

  /* Two decisions is all: nobody decides a third time. */
  decide_refused (f, f->sam, f->candidates[0], "excluded", "No", "two decisions");
  leads = sl_engine_review_leads (f->db->engine, f->db->investigator, "C-1", &error);
  ck_assert_uint_eq (leads->len, 1);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (leads, 0))->status, SL_REVIEW_CONFIRMED_LEAD);
  ck_assert_str_eq (((SlCandidate *) g_ptr_array_index (leads, 0))->first->reviewer, "ivan");
  ck_assert_str_eq (((SlCandidate *) g_ptr_array_index (leads, 0))->second->reviewer, "sue");

  /* Who verified the search's result is on record (Art. 12(3)(d)). */
  ck_assert_int_eq (sl_test_count (f->db,
                              "SELECT count(*) FROM decisions d JOIN candidates c ON c.id = d.candidate_id "
                              "JOIN users u ON u.id = d.reviewer_id WHERE c.id = %" G_GINT64_FORMAT
                              " AND d.decision = 'possible-lead'", f->candidates[0]), 2);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' "
                                     "AND outcome = 'success' AND json_extract (details, '$.rationale') IS NOT NULL"), 2);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' "
                                     "AND outcome = 'refused'"), 4);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' "
                                     "AND outcome = 'refused' AND actor = 'sid'"), 2);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_disagreement_flagged)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) flagged = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  SlDecideResult r;

  decide_ok (f, f->db->investigator, f->candidates[1], "excluded");
  r = decide_ok (f, f->db->supervisor, f->candidates[1], "possible-lead");
  ck_assert_int_eq (r.status, SL_REVIEW_DISAGREEMENT);
  decide_ok (f, f->db->supervisor, f->candidates[2], "inconclusive");
  r = decide_ok (f, f->sam, f->candidates[2], "inconclusive");
  ck_assert_int_eq (r.status, SL_REVIEW_AGREED_INCONCLUSIVE);

  flagged = sl_engine_review_disagreements (f->db->engine, f->sam, NULL, &error);
  ck_assert_uint_eq (flagged->len, 1);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (flagged, 0))->id, f->candidates[1]);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (flagged, 0))->first->decision, SL_DECISION_EXCLUDED);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (flagged, 0))->second->decision, SL_DECISION_POSSIBLE_LEAD);
  /* Investigators do not resolve disagreements. */
  ck_assert_ptr_null (sl_engine_review_disagreements (f->db->engine, f->db->investigator, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  none = sl_engine_review_leads (f->db->engine, f->db->investigator, "C-1", &error);
  ck_assert_uint_eq (none->len, 0);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_decision_rules)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  SlDecideResult r = { 0 };

  /* No rationale, no decision; a decision that is not one; no candidate. */
  decide_refused (f, f->db->investigator, f->candidates[0], "possible-lead", NULL, "rationale");
  decide_refused (f, f->db->investigator, f->candidates[0], "possible-lead", "  ", "rationale");
  ck_assert (!sl_engine_decide (f->db->engine, f->db->investigator, f->candidates[0], "match", "x", &r, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert (!sl_engine_decide (f->db->engine, f->db->investigator, 9999, "excluded", "x", &r, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);
  /* Administrators do not decide. */
  decide_refused (f, f->db->admin, f->candidates[0], "excluded", "Not my job", "may not");

  /* An investigator's first decision; a second investigator-level review
   * is not allowed, a supervisor's is. */
  decide_ok (f, f->db->investigator, f->candidates[0], "possible-lead");
  {
    g_autoptr(SlSession) ina = NULL;
    ck_assert (sl_engine_user_add (f->db->engine, f->db->admin, "ina", "Ina", SL_ROLE_INVESTIGATOR,
                                   SL_TEST_INVESTIGATOR_PASSWORD, &error));
    ina = sl_engine_sign_in (f->db->engine, "ina", SL_TEST_INVESTIGATOR_PASSWORD, &error);
    ck_assert (sl_engine_case_member_add (f->db->engine, f->db->investigator, "C-1", "ina", &error));
    decide_refused (f, ina, f->candidates[0], "possible-lead", "Agree", "second review");
  }

  /* The schema holds the rules too: no second without a first by another
   * person, no change, no deletion. */
  sl_test_sql_refused (f->db, "INSERT INTO decisions (candidate_id, reviewer_id, stage, decision, rationale, "
                         "decided_at) SELECT id, 2, 'second', 'excluded', 'x', 'now' FROM candidates "
                         "WHERE id <> (SELECT candidate_id FROM decisions) LIMIT 1");
  sl_test_sql_refused (f->db, "UPDATE decisions SET decision = 'excluded'");
  sl_test_sql_refused (f->db, "DELETE FROM decisions");

  /* A closed case takes no more decisions. */
  ck_assert (sl_engine_case_close (f->db->engine, f->db->investigator, "C-1", &error));
  decide_refused (f, f->db->supervisor, f->candidates[0], "possible-lead", "Agree", "closed");
  sl_test_assert_intact (f->db);
}
END_TEST

static SlDecideResult
correct_ok (Fixture    *f,
            SlSession  *who,
            gint64      candidate,
            const char *decision,
            const char *reason)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };

  ck_assert_msg (sl_engine_decision_correct (f->db->engine, who, candidate, decision, reason, &result, &error),
                 "correct: %s", error ? error->message : "");
  return result;
}

static void
correct_refused (Fixture    *f,
                 SlSession  *who,
                 gint64      candidate,
                 const char *decision,
                 const char *reason,
                 const char *expect)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };

  ck_assert (!sl_engine_decision_correct (f->db->engine, who, candidate, decision, reason, &result, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, expect) != NULL, "%s", error->message);
}

/* A mistaken decision is corrected by the person who took it: both are
 * kept, the correction counts for the status, the lists and the record. */
START_TEST (test_decision_corrected)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) flagged = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  SlCandidate *k = NULL;
  SlDecideResult r;
  gint64 c = f->candidates[0];

  decide_ok (f, f->db->investigator, c, "possible-lead");
  r = decide_ok (f, f->db->supervisor, c, "excluded");
  ck_assert_int_eq (r.status, SL_REVIEW_DISAGREEMENT);
  flagged = sl_engine_review_disagreements (f->db->engine, f->sam, "C-1", &error);
  ck_assert_uint_eq (flagged->len, 1);

  /* Nobody corrects someone else's decision: not another supervisor, not
   * the second reviewer, not an administrator. */
  correct_refused (f, f->sam, c, "excluded", "The ears do not match at all", "person who took it");
  correct_refused (f, f->db->admin, c, "excluded", "The ears do not match at all", "may not");
  /* A reason in words, and a change. */
  correct_refused (f, f->db->investigator, c, "excluded", NULL, "reason");
  correct_refused (f, f->db->investigator, c, "excluded", "oops", "at least 3 words");
  correct_refused (f, f->db->investigator, c, "excluded", "no no no no", "at least 3 words");
  correct_refused (f, f->db->investigator, c, "possible-lead", "I stand by it", "already stands");
  ck_assert (!sl_engine_decision_correct (f->db->engine, f->db->investigator, c, "match", "Not a decision at all",
                                          &r, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);

  r = correct_ok (f, f->db->investigator, c, "excluded", "Misread the ear shape; the lobes are attached");
  ck_assert (!r.second);
  ck_assert_int_eq (r.decision, SL_DECISION_EXCLUDED);
  ck_assert_int_eq (r.status, SL_REVIEW_AGREED_EXCLUDED);
  after = sl_engine_review_disagreements (f->db->engine, f->sam, "C-1", &error);
  ck_assert_uint_eq (after->len, 0);

  /* Both kept; the record shows the original and the correction. */
  records = sl_engine_search_records_for_case (f->db->engine, f->db->investigator, "C-1", &error);
  ck_assert_uint_eq (records->len, 1);
  for (guint i = 0; i < ((SlSearchRecord *) g_ptr_array_index (records, 0))->candidates->len; i++)
    if (((SlCandidate *) g_ptr_array_index (((SlSearchRecord *) g_ptr_array_index (records, 0))->candidates, i))->id == c)
      k = g_ptr_array_index (((SlSearchRecord *) g_ptr_array_index (records, 0))->candidates, i);
  ck_assert_ptr_nonnull (k);
  ck_assert_int_eq (k->first->original, SL_DECISION_POSSIBLE_LEAD);
  ck_assert_int_eq (k->first->decision, SL_DECISION_EXCLUDED);
  ck_assert_str_eq (k->first->rationale, "Compared ears, nose and hairline");
  ck_assert_uint_eq (k->first->corrections->len, 1);
  ck_assert_str_eq (((SlDecisionCorrection *) g_ptr_array_index (k->first->corrections, 0))->reason,
                    "Misread the ear shape; the lobes are attached");
  ck_assert_str_eq (((SlDecisionCorrection *) g_ptr_array_index (k->first->corrections, 0))->corrected_by, "ivan");
  ck_assert_uint_eq (k->second->corrections->len, 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions WHERE candidate_id = %" G_GINT64_FORMAT
                                   " AND stage = 'first' AND decision = 'possible-lead'", c), 1);

  /* The second reviewer corrects too, twice: the newest counts. */
  correct_ok (f, f->db->supervisor, c, "possible-lead", "Looked again at the scar over the eyebrow");
  correct_ok (f, f->db->investigator, c, "possible-lead", "The scar settles it after all, my mistake");
  leads = sl_engine_review_leads (f->db->engine, f->db->investigator, "C-1", &error);
  ck_assert_uint_eq (leads->len, 1);
  ck_assert_int_eq (((SlCandidate *) g_ptr_array_index (leads, 0))->status, SL_REVIEW_CONFIRMED_LEAD);
  ck_assert_uint_eq (((SlCandidate *) g_ptr_array_index (leads, 0))->first->corrections->len, 2);

  /* Audited with old and new decision and the reason; refusals too. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.correct' "
                                   "AND outcome = 'success' AND json_extract (details, '$.old_decision') = "
                                   "'possible-lead' AND json_extract (details, '$.decision') = 'excluded' "
                                   "AND json_extract (details, '$.reason') LIKE 'Misread%%'"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.correct' "
                                   "AND outcome = 'success'"), 3);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.correct' "
                                   "AND outcome = 'refused'"), 6);

  /* The schema holds it too: nobody else's correction, no change, no
   * deletion. */
  sl_test_sql_refused (f->db, "INSERT INTO decision_corrections (decision_id, decision, reason, corrected_by, "
                              "corrected_at) SELECT id, 'excluded', 'x', reviewer_id + 100, 'now' FROM decisions "
                              "LIMIT 1");
  sl_test_sql_refused (f->db, "UPDATE decision_corrections SET decision = 'excluded'");
  sl_test_sql_refused (f->db, "DELETE FROM decision_corrections");

  /* A closed case's decisions stay as they are. */
  ck_assert (sl_engine_case_close (f->db->engine, f->db->investigator, "C-1", &error));
  correct_refused (f, f->db->investigator, c, "inconclusive", "Not sure any more about it", "closed");
  sl_test_assert_intact (f->db);
}
END_TEST

static Suite *
review_suite (void)
{
  Suite *s = suite_create ("review");
  TCase *tc = tcase_create ("review");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_confirmed_lead);
  tcase_add_test (tc, test_disagreement_flagged);
  tcase_add_test (tc, test_decision_rules);
  tcase_add_test (tc, test_decision_corrected);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (review_suite ());
}
