/* test-duties.c: separation of duties through the engine on a real
 * database (issue 12, item 3): a policy change that weakens a safeguard is
 * pending until another administrator or a supervisor co-signs it, never
 * by whoever asked; a change that strengthens one applies at once. Cases
 * are need-to-know: an investigator works only the cases they opened or
 * were added to (by the opener or a supervisor), supervisors see all; the
 * `case members` command and its exit codes. All of it audited, and the
 * schema holds the rules too.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-test-search.h"

/* helpers */

static gint64
ask (SlTestDb   *db,
     const char *key,
     const char *value,
     const char *reason)
{
  g_autoptr(GError) error = NULL;
  SlPolicyChange change = { 0 };

  ck_assert_msg (sl_engine_policy_change (db->engine, db->admin, key, value, reason, &change, &error), "%s: %s",
                 key, error ? error->message : "");
  ck_assert_msg (change.pending, "%s to %s took effect without a co-sign", key, value);
  ck_assert_int_gt (change.request_id, 0);
  return change.request_id;
}

static void
applies_at_once (SlTestDb   *db,
                 const char *key,
                 const char *value)
{
  g_autoptr(GError) error = NULL;
  SlPolicyChange change = { 0 };

  ck_assert_msg (sl_engine_policy_change (db->engine, db->admin, key, value, NULL, &change, &error), "%s: %s",
                 key, error ? error->message : "");
  ck_assert_msg (!change.pending, "%s to %s waits for a co-sign", key, value);
}

static void
cosign_refused (SlTestDb   *db,
                SlSession  *who,
                gint64      id,
                const char *expect)
{
  g_autoptr(GError) error = NULL;

  ck_assert (!sl_engine_policy_cosign (db->engine, who, id, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, expect) != NULL, "%s", error->message);
}

static SlSession *
second_admin (SlTestDb *db)
{
  g_autoptr(GError) error = NULL;
  SlSession *ada;

  ck_assert (sl_engine_user_add (db->engine, db->admin, "ada", "Ada Admin", SL_ROLE_ADMIN, SL_TEST_ADMIN_PASSWORD,
                                 &error));
  ada = sl_engine_sign_in (db->engine, "ada", SL_TEST_ADMIN_PASSWORD, &error);
  ck_assert_msg (ada != NULL, "%s", error ? error->message : "");
  return ada;
}

/* tests */

START_TEST (test_weakening_waits_for_cosign)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlSession) ada = second_admin (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) before = sl_engine_policy_get (db->engine, db->admin, &error);
  g_autoptr(SlPolicy) now = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  char between[G_ASCII_DTOSTR_BUF_SIZE];
  char lower_floor[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 review, facts, keep, longer, floor_id, threshold;

  ck_assert (before->second_review);
  ck_assert_uint_eq (before->min_facts_length, 30);
  ck_assert_uint_eq (before->retention_days, 365);
  g_ascii_formatd (between, sizeof between, "%.3f", (before->threshold_floor + before->threshold) / 2);
  g_ascii_formatd (lower_floor, sizeof lower_floor, "%.3f", before->threshold_floor - 0.05);

  review = ask (db, "second-review", "off", NULL);
  facts = ask (db, "min-facts-length", "10", NULL);
  keep = ask (db, "retention-days", "0", NULL);
  longer = ask (db, "retention-days", "400", NULL);
  floor_id = ask (db, "threshold-floor", lower_floor, "Measured on our own gallery");
  threshold = ask (db, "threshold", between, "Small gallery, every candidate reviewed");

  /* Nothing of it is in effect; all of it is listed, with who and why. */
  now = sl_engine_policy_get (db->engine, db->investigator, &error);
  ck_assert (now->second_review);
  ck_assert_uint_eq (now->min_facts_length, 30);
  ck_assert_uint_eq (now->retention_days, 365);
  ck_assert_double_eq_tol (now->threshold, before->threshold, 1e-9);
  ck_assert_double_eq_tol (now->threshold_floor, before->threshold_floor, 1e-9);
  g_clear_pointer (&now, sl_policy_free);
  pending = sl_engine_policy_pending (db->engine, db->investigator, &error);
  ck_assert_msg (pending != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (pending->len, 6);
  {
    SlPolicyRequest *r = g_ptr_array_index (pending, 0);

    ck_assert_int_eq (r->id, review);
    ck_assert_str_eq (r->key, "second-review");
    ck_assert_str_eq (r->value, "false");
    ck_assert_str_eq (r->old_value, "true");
    ck_assert_str_eq (r->requested_by, "root");
    ck_assert_ptr_nonnull (r->requested_at);
    ck_assert_ptr_null (r->cosigned_by);
    ck_assert_str_eq (((SlPolicyRequest *) g_ptr_array_index (pending, 5))->reason,
                      "Small gallery, every candidate reviewed");
  }
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.request' AND "
                                       "outcome = 'success' AND actor = 'root' AND "
                                       "json_extract (details, '$.pending') = 1"), 6);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.set'"), 0);

  /* Not by whoever asked, nor by an investigator; refusals audited. */
  cosign_refused (db, db->admin, review, "you asked");
  cosign_refused (db, db->investigator, review, "may not");
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.cosign' AND "
                                       "outcome = 'refused'"), 2);
  ck_assert (!sl_engine_policy_cosign (db->engine, ada, 9999, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  /* Another administrator, or a supervisor, puts it in effect. */
  ck_assert_msg (sl_engine_policy_cosign (db->engine, ada, review, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_policy_cosign (db->engine, db->supervisor, facts, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (sl_engine_policy_cosign (db->engine, db->supervisor, longer, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (sl_engine_policy_cosign (db->engine, ada, floor_id, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_policy_cosign (db->engine, ada, threshold, &error), "%s", error ? error->message : "");
  cosign_refused (db, db->supervisor, review, "already co-signed by ada");
  now = sl_engine_policy_get (db->engine, db->investigator, &error);
  ck_assert (!now->second_review);
  ck_assert_uint_eq (now->min_facts_length, 10);
  ck_assert_uint_eq (now->retention_days, 400);
  ck_assert_double_eq_tol (now->threshold, g_ascii_strtod (between, NULL), 1e-9);
  ck_assert_double_eq_tol (now->threshold_floor, g_ascii_strtod (lower_floor, NULL), 1e-9);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = sl_engine_policy_pending (db->engine, db->admin, &error);
  ck_assert_uint_eq (pending->len, 1);
  ck_assert_int_eq (((SlPolicyRequest *) g_ptr_array_index (pending, 0))->id, keep);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.cosign' AND "
                                       "outcome = 'success' AND actor = 'sue' AND "
                                       "json_extract (details, '$.requested_by') = 'root' AND "
                                       "json_extract (details, '$.key') = 'min-facts-length' AND "
                                       "json_extract (details, '$.old') = '30' AND "
                                       "json_extract (details, '$.new') = '10'"), 1);

  /* The schema holds it too: no co-sign by who asked, nothing changed or
   * removed. */
  sl_test_sql_refused (db, "INSERT INTO policy_cosigns (request_id, cosigned_by, cosigned_at) "
                           "SELECT id, requested_by, 'now' FROM policy_requests WHERE key = 'retention-days' "
                           "AND value = '0'");
  sl_test_sql_refused (db, "UPDATE policy_requests SET value = '1'");
  sl_test_sql_refused (db, "DELETE FROM policy_requests");
  sl_test_sql_refused (db, "DELETE FROM policy_cosigns");
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_strengthening_applies_at_once)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) before = sl_engine_policy_get (db->engine, db->admin, &error);
  g_autoptr(SlPolicy) now = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  char higher[G_ASCII_DTOSTR_BUF_SIZE];
  char higher_floor[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (higher, sizeof higher, "%.3f", before->threshold + 0.05);
  g_ascii_formatd (higher_floor, sizeof higher_floor, "%.3f", before->threshold_floor + 0.01);
  applies_at_once (db, "min-facts-length", "60");
  applies_at_once (db, "within-case-min-facts-length", "40");
  applies_at_once (db, "retention-days", "30");
  applies_at_once (db, "threshold", higher);
  applies_at_once (db, "threshold-floor", higher_floor);
  applies_at_once (db, "second-review", "true");
  /* Not safeguards of this kind: applied as before. */
  applies_at_once (db, "max-top-k", "5");
  applies_at_once (db, "offense.ARSON", "Arson");
  /* Back down to where it was is still lower than now: a co-sign. */
  ask (db, "min-facts-length", "30", NULL);

  now = sl_engine_policy_get (db->engine, db->admin, &error);
  ck_assert_uint_eq (now->min_facts_length, 60);
  ck_assert_uint_eq (now->within_case_min_facts_length, 40);
  ck_assert_uint_eq (now->retention_days, 30);
  ck_assert_double_eq_tol (now->threshold, g_ascii_strtod (higher, NULL), 1e-9);
  ck_assert_double_eq_tol (now->threshold_floor, g_ascii_strtod (higher_floor, NULL), 1e-9);
  pending = sl_engine_policy_pending (db->engine, db->admin, &error);
  ck_assert_uint_eq (pending->len, 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.set' AND "
                                       "outcome = 'success'"), 8);
  sl_test_assert_intact (db);
}
END_TEST

/* The gap after issue 15 item 3: an administrator could raise the floor
 * above the threshold in force, leaving a policy that breaks its own rule.
 * Refused (audited, both values named) until the threshold goes up first;
 * a floor equal to the threshold is fine. A pending lower threshold is
 * checked against the floor in force when it is co-signed. */
START_TEST (test_floor_above_threshold)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) before = sl_engine_policy_get (db->engine, db->admin, &error);
  g_autoptr(SlPolicy) now = NULL;
  g_autofree char *floor_words = NULL;
  g_autofree char *threshold_words = NULL;
  char above[G_ASCII_DTOSTR_BUF_SIZE];
  char same[G_ASCII_DTOSTR_BUF_SIZE];
  char higher[G_ASCII_DTOSTR_BUF_SIZE];
  char between[G_ASCII_DTOSTR_BUF_SIZE];
  char floor_under[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 lower;

  ck_assert_msg (before != NULL, "%s", error ? error->message : "");
  ck_assert (before->threshold_floor < before->threshold);
  g_ascii_formatd (above, sizeof above, "%.3f", before->threshold + 0.02);
  g_ascii_formatd (same, sizeof same, "%.3f", before->threshold);
  g_ascii_formatd (higher, sizeof higher, "%.3f", before->threshold + 0.05);

  /* Above the threshold in force: refused, a reason changes nothing. */
  ck_assert (!sl_engine_policy_set_with_reason (db->engine, db->admin, "threshold-floor", above,
                                                "Stricter from today", &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s",
                 error ? error->message : "accepted");
  floor_words = g_strdup_printf ("%.3f", g_ascii_strtod (above, NULL));
  threshold_words = g_strdup_printf ("%.3f", before->threshold);
  ck_assert_msg (strstr (error->message, floor_words) != NULL && strstr (error->message, threshold_words) != NULL &&
                 strstr (error->message, "raise the threshold first") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.set' AND "
                                       "outcome = 'refused' AND json_extract (details, '$.key') = 'threshold-floor' "
                                       "AND json_extract (details, '$.new') = '%s' AND "
                                       "json_extract (details, '$.threshold') > 0", above), 1);
  now = sl_engine_policy_get (db->engine, db->admin, &error);
  ck_assert_double_eq_tol (now->threshold_floor, before->threshold_floor, 1e-9);
  g_clear_pointer (&now, sl_policy_free);

  /* Up to the threshold itself, and above it once the threshold is up. */
  applies_at_once (db, "threshold-floor", same);
  applies_at_once (db, "threshold", higher);
  applies_at_once (db, "threshold-floor", above);
  now = sl_engine_policy_get (db->engine, db->admin, &error);
  ck_assert_double_eq_tol (now->threshold, g_ascii_strtod (higher, NULL), 1e-9);
  ck_assert_double_eq_tol (now->threshold_floor, g_ascii_strtod (above, NULL), 1e-9);
  g_clear_pointer (&now, sl_policy_free);
  sl_test_assert_intact (db);

  /* Co-signed changes: a lower threshold asked for, then a floor raised
   * over it (still under the threshold in force): the co-sign is refused. */
  {
    g_autoptr(SlTestDb) db2 = sl_test_db_new (FALSE);

    g_ascii_formatd (between, sizeof between, "%.3f", (before->threshold_floor + before->threshold) / 2);
    g_ascii_formatd (floor_under, sizeof floor_under, "%.3f", (g_ascii_strtod (between, NULL) + before->threshold) / 2);
    lower = ask (db2, "threshold", between, "Small gallery, every candidate reviewed");
    applies_at_once (db2, "threshold-floor", floor_under);
    cosign_refused (db2, db2->supervisor, lower, "floor");
    now = sl_engine_policy_get (db2->engine, db2->admin, &error);
    ck_assert_double_eq_tol (now->threshold, before->threshold, 1e-9);
    ck_assert (now->threshold_floor <= now->threshold);
    sl_test_assert_intact (db2);
  }
}
END_TEST

static SlSession *
add_investigator (SlTestDb   *db,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  SlSession *who;

  ck_assert (sl_engine_user_add (db->engine, db->admin, name, name, SL_ROLE_INVESTIGATOR,
                                 SL_TEST_INVESTIGATOR_PASSWORD, &error));
  who = sl_engine_sign_in (db->engine, name, SL_TEST_INVESTIGATOR_PASSWORD, &error);
  ck_assert_msg (who != NULL, "%s", error ? error->message : "");
  return who;
}

static gboolean
lists_case (SlTestDb   *db,
            SlSession  *who,
            const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = sl_engine_case_list (db->engine, who, &error);

  ck_assert_msg (cases != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (((SlCase *) g_ptr_array_index (cases, i))->number, number))
      return TRUE;
  return FALSE;
}

static void
assert_not_member (GError *error)
{
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s",
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, "not a member of the case 'C-1'") != NULL, "%s", error->message);
}

START_TEST (test_need_to_know)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autoptr(SlEnrolSummary) enrolled = sl_test_enrol_lfw (db, ids, 1);
  g_autoptr(SlSession) ina = add_investigator (db, "ina");
  g_autoptr(SlSearchResult) sid_search = NULL;
  g_autoptr(SlSearchResult) mine = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  SlDecideResult decided = { 0 };
  SlSearchRequest req;
  gint64 face = sl_test_db_probe_face (db, "C-1", photo);
  gint64 candidate;

  /* ivan opened C-1; sid, a supervisor, searched it. */
  sid_search = sl_test_search_shown_by (db, sl_test_db_searcher (db), "C-1", face, 3, NULL);
  candidate = ((SlSearchCandidate *) g_ptr_array_index (sid_search->candidates, 0))->candidate_id;
  ck_assert (lists_case (db, db->investigator, "C-1"));
  ck_assert (lists_case (db, db->supervisor, "C-1"));
  ck_assert (lists_case (db, db->admin, "C-1"));

  /* ina is no member: she does not see it, search it, decide on it, or
   * close it; the refusals are audited. */
  ck_assert (!lists_case (db, ina, "C-1"));
  ck_assert_ptr_null (sl_engine_evidence_list (db->engine, ina, "C-1", &error));
  assert_not_member (error);
  g_clear_error (&error);
  sl_test_request_init (&req, "C-1", face, "county");
  ck_assert_ptr_null (sl_engine_search (db->engine, ina, &req, NULL, &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert (!sl_engine_decide (db->engine, ina, candidate, "excluded", "Ears differ", &decided, &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_search_record_get (db->engine, ina, sid_search->search_id, &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_probe_face_get (db->engine, ina, face, FALSE, &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert (!sl_engine_case_close (db->engine, ina, "C-1", &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE actor = 'ina' AND outcome = 'refused' "
                                       "AND action IN ('search', 'candidate.decide', 'case.close')"), 3);

  /* Neither she nor an administrator adds her; the opener does. */
  ck_assert (!sl_engine_case_member_add (db->engine, ina, "C-1", "ina", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert (!sl_engine_case_member_add (db->engine, db->admin, "C-1", "ina", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_msg (sl_engine_case_member_add (db->engine, db->investigator, "C-1", "ina", &error), "%s",
                 error ? error->message : "");
  ck_assert (!sl_engine_case_member_add (db->engine, db->investigator, "C-1", "ina", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_EXISTS));
  g_clear_error (&error);
  members = sl_engine_case_members (db->engine, ina, "C-1", &error);
  ck_assert_msg (members != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (members->len, 2);
  ck_assert_str_eq (((SlCaseMember *) g_ptr_array_index (members, 0))->username, "ivan");
  ck_assert_str_eq (((SlCaseMember *) g_ptr_array_index (members, 1))->username, "ina");
  ck_assert_str_eq (((SlCaseMember *) g_ptr_array_index (members, 1))->by, "ivan");

  /* A member works the case. */
  ck_assert (lists_case (db, ina, "C-1"));
  evidence = sl_engine_evidence_list (db->engine, ina, "C-1", &error);
  ck_assert_msg (evidence != NULL && evidence->len == 1, "%s", error ? error->message : "no evidence");
  ck_assert_msg (sl_engine_decide (db->engine, ina, candidate, "excluded", "Ears differ clearly", &decided,
                                   &error), "%s", error ? error->message : "");
  mine = sl_engine_search (db->engine, ina, &req, NULL, &error);
  ck_assert_msg (mine != NULL, "%s", error ? error->message : "");

  /* A supervisor, no member, removes her: she is out again. The opener
   * stays; removing a non-member is NOT_FOUND. */
  ck_assert_msg (sl_engine_case_member_remove (db->engine, db->supervisor, "C-1", "ina", &error), "%s",
                 error ? error->message : "");
  ck_assert (!lists_case (db, ina, "C-1"));
  ck_assert_ptr_null (sl_engine_evidence_list (db->engine, ina, "C-1", &error));
  assert_not_member (error);
  g_clear_error (&error);
  ck_assert (!sl_engine_case_member_remove (db->engine, db->supervisor, "C-1", "ivan", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert (!sl_engine_case_member_remove (db->engine, db->supervisor, "C-1", "ina", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  /* Nothing is erased: the history holds every event, the audit log each
   * change with who made it. */
  history = sl_engine_case_member_history (db->engine, db->supervisor, "C-1", &error);
  ck_assert_uint_eq (history->len, 3);
  ck_assert (!((SlCaseMember *) g_ptr_array_index (history, 2))->added);
  ck_assert_str_eq (((SlCaseMember *) g_ptr_array_index (history, 2))->by, "sue");
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'case.member.add' AND "
                                       "outcome = 'success' AND actor = 'ivan' AND case_number = 'C-1' AND "
                                       "json_extract (details, '$.user') = 'ina'"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'case.member.remove' AND "
                                       "outcome = 'success' AND actor = 'sue'"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'case.member.add' AND "
                                       "outcome = 'refused'"), 2);
  sl_test_sql_refused (db, "UPDATE case_members SET event = 'added'");
  sl_test_sql_refused (db, "DELETE FROM case_members");
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_members_cli)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlSession) ina = add_investigator (db, "ina");
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };

  c = sl_engine_case_open (db->engine, db->investigator, "C-7", "Shop robbery", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");

  /* Usage (2): no action, no --case, add without --member. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", "list", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", "add", "--case",
               "C-7", NULL);
  ck_assert_int_eq (run.status, 2);

  /* Refused (3): a non-member neither lists nor adds herself. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "case", "members", "list", "--case",
               "C-7", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "case", "members", "add", "--case",
               "C-7", "--member", "ina", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "not a member"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "case", "list", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_ptr_null (strstr (run.out, "C-7"));

  /* The opener adds her (0); no such case or user fails (1). */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", "add", "--case",
               "C-7", "--member", "ina", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", "add", "--case",
               "C-404", "--member", "ina", NULL);
  ck_assert_int_eq (run.status, 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "members", "add", "--case",
               "C-7", "--member", "nobody", NULL);
  ck_assert_int_eq (run.status, 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "--json", "case", "members", "list",
               "--case", "C-7", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "\"user\":\"ina\""));
  ck_assert_ptr_nonnull (strstr (run.out, "\"added_by\":\"ivan\""));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "case", "list", NULL);
  ck_assert_ptr_nonnull (strstr (run.out, "C-7"));

  /* A supervisor removes her (0); the opener stays (3). */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "case", "members", "remove", "--case",
               "C-7", "--member", "ina", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "case", "members", "remove", "--case",
               "C-7", "--member", "ivan", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ina", "case", "close", "C-7", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM case_members WHERE case_id = %" G_GINT64_FORMAT,
                                   c->id), 3);
}
END_TEST

static Suite *
duties_suite (void)
{
  Suite *s = suite_create ("duties");
  TCase *tc = tcase_create ("cosign");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_weakening_waits_for_cosign);
  tcase_add_test (tc, test_strengthening_applies_at_once);
  tcase_add_test (tc, test_floor_above_threshold);
  suite_add_tcase (s, tc);
  tc = tcase_create ("members");
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_need_to_know);
  tcase_add_test (tc, test_members_cli);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (duties_suite ());
}
