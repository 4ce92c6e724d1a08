/* test-outcomes.c: outcomes of confirmed leads through the engine and the
 * command line on a real database: only a confirmed lead takes one, a note
 * is required, a later record supersedes the one in force and the history
 * stays, every record and refusal is audited, and the schema refuses
 * changes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "sl-test-search.h"

typedef struct
{
  SlTestDb *db;
  gint64    lead;          /* a confirmed lead */
  gint64    other;         /* a candidate with one decision */
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static void
decide (Fixture    *f,
        SlSession  *who,
        gint64      candidate,
        const char *decision)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };

  ck_assert_msg (sl_engine_decide (f->db->engine, who, candidate, decision, "Compared ears, nose and hairline",
                                   &result, &error), "decide: %s", error ? error->message : "");
}

/* Two candidates of one search in case C-1: the first a confirmed lead. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  gint64 face;

  f->db = sl_test_db_new (FALSE);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  face = sl_test_db_probe_face (f->db, "C-1", photo);
  r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "C-1", face, 2, NULL);
  ck_assert_uint_eq (r->candidates->len, 2);
  f->lead = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  f->other = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 1))->candidate_id;
  decide (f, f->db->investigator, f->lead, "possible-lead");
  decide (f, f->db->supervisor, f->lead, "possible-lead");
  decide (f, f->db->investigator, f->other, "possible-lead");
  return f;
}

static void
record_refused (Fixture    *f,
                SlSession  *who,
                gint64      candidate,
                const char *outcome,
                const char *note,
                const char *expect)
{
  g_autoptr(GError) error = NULL;

  ck_assert (!sl_engine_outcome_record (f->db->engine, who, candidate, outcome, note, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, expect) != NULL, "'%s' lacks '%s'", error->message, expect);
}

/* tests */

START_TEST (test_outcome_history)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) in_case = NULL;
  SlOutcomeResult first = { 0 }, second = { 0 };
  const SlOutcome *o;

  ck_assert_msg (sl_engine_outcome_record (f->db->engine, f->db->investigator, f->lead, "corroborated",
                                           "Bank card records place him at the shop at 21:38.", &first, &error),
                 "%s", error ? error->message : "");
  ck_assert_int_eq (first.supersedes, 0);
  ck_assert_int_eq (first.outcome, SL_OUTCOME_CORROBORATED);
  ck_assert (sl_engine_outcome_record (f->db->engine, f->db->supervisor, f->lead, "charged",
                                       "Charged on the bank records and a witness statement.", &second, &error));
  ck_assert_int_eq (second.supersedes, first.outcome_id);

  history = sl_engine_outcome_history (f->db->engine, f->db->investigator, f->lead, &error);
  ck_assert_uint_eq (history->len, 2);
  o = g_ptr_array_index (history, 0);
  ck_assert_int_eq (o->outcome, SL_OUTCOME_CORROBORATED);
  ck_assert_int_eq (o->superseded_by, second.outcome_id);
  ck_assert_str_eq (o->recorder, "ivan");
  o = g_ptr_array_index (history, 1);
  ck_assert_int_eq (o->outcome, SL_OUTCOME_CHARGED);
  ck_assert_int_eq (o->supersedes, first.outcome_id);
  ck_assert_int_eq (o->superseded_by, 0);
  ck_assert_str_eq (o->recorder, "sue");
  in_case = sl_engine_outcomes_for_case (f->db->engine, f->db->investigator, "C-1", &error);
  ck_assert_uint_eq (in_case->len, 2);

  /* Both audited with the case, the outcome and what it supersedes. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'lead.outcome' "
                                          "AND outcome = 'success' AND case_number = 'C-1'"), 2);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'lead.outcome' "
                                          "AND json_extract (details, '$.outcome') = 'charged' "
                                          "AND json_extract (details, '$.supersedes') = %" G_GINT64_FORMAT,
                                   first.outcome_id), 1);

  /* The schema keeps the history: no change, no deletion, no second line
   * beside the one in force. */
  sl_test_sql_refused (f->db, "UPDATE outcomes SET outcome = 'no-action'");
  sl_test_sql_refused (f->db, "DELETE FROM outcomes");
  sl_test_sql_refused (f->db, "INSERT INTO outcomes (candidate_id, outcome, note, supersedes, recorded_by, "
                              "recorded_at) SELECT candidate_id, 'no-action', 'x', id, 2, 'now' FROM outcomes "
                              "ORDER BY id LIMIT 1");
  sl_test_sql_refused (f->db, "INSERT INTO outcomes (candidate_id, outcome, note, recorded_by, recorded_at) "
                              "SELECT candidate_id, 'no-action', 'x', 2, 'now' FROM outcomes LIMIT 1");
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_outcome_rules)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;

  /* Only a confirmed lead; a note; a known outcome; a person who may decide. */
  record_refused (f, f->db->investigator, f->other, "arrested", "Arrested at home.", "not a confirmed lead");
  record_refused (f, f->db->investigator, f->lead, "arrested", "   ", "note");
  record_refused (f, f->db->investigator, f->lead, "arrested", NULL, "note");
  record_refused (f, f->db->admin, f->lead, "arrested", "Arrested at home.", "may not");
  ck_assert (!sl_engine_outcome_record (f->db->engine, f->db->investigator, f->lead, "identified", "x", NULL,
                                        &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert (!sl_engine_outcome_record (f->db->engine, f->db->investigator, 9999, "unknown", "x", NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM outcomes"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'lead.outcome' "
                                          "AND outcome = 'refused'"), 4);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_outcome_cli)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *lead = g_strdup_printf ("%" G_GINT64_FORMAT, f->lead);
  g_autofree char *other = g_strdup_printf ("%" G_GINT64_FORMAT, f->other);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list;

  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "outcome", "--lead", lead,
               "--outcome", "excluded-by-investigation", "--note", "He was abroad that week (passport records).",
               NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_msg (strstr (run.out, "never grounds for arrest") != NULL, "%s", run.out);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "outcome", "--lead", other,
               "--outcome", "arrested", "--note", "x", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "outcome", "--lead", lead,
               "--outcome", "arrested", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "outcome", "--lead",
               lead, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  node = sl_test_parse_json (run.out);
  list = json_object_get_array_member (json_node_get_object (node), "outcomes");
  ck_assert_uint_eq (json_array_get_length (list), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (list, 0), "outcome"),
                    "excluded-by-investigation");
}
END_TEST

static Suite *
outcomes_suite (void)
{
  Suite *s = suite_create ("outcomes");
  TCase *tc = tcase_create ("outcomes");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_outcome_history);
  tcase_add_test (tc, test_outcome_rules);
  tcase_add_test (tc, test_outcome_cli);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (outcomes_suite ());
}
