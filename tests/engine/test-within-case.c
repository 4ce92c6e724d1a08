/* test-within-case.c: the search within a case through the engine and the
 * real sightline-cli, on real SQLite files, the real models and real LFW
 * photos: a case holding three photos each of two people among other
 * people's photos; ranking, threshold, the record and its audit row,
 * refusals (audited, nothing searched), a face of another case, and the
 * policy's shorter facts for a within-case search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "sl-test-search.h"

#define N_OTHERS 6
#define CASE "BURGLARY-7"

#define assert_refused(e) \
  ck_assert_msg (g_error_matches ((e), SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "not refused: %s", \
                 (e) != NULL ? (e)->message : "no error")

typedef struct
{
  SlTestDb   *db;
  gint64  a[3];            /* three photos of one person */
  gint64  b[3];            /* three of another */
  gint64  others[N_OTHERS];/* one photo each of other people */
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 2 + N_OTHERS);

  f->db = sl_test_db_new (FALSE);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *pa = sl_test_lfw_image (g_ptr_array_index (ids, 0), i);
      g_autofree char *pb = sl_test_lfw_image (g_ptr_array_index (ids, 1), i);

      f->a[i] = sl_test_db_probe_face (f->db, CASE, pa);
      f->b[i] = sl_test_db_probe_face (f->db, CASE, pb);
    }
  for (guint i = 0; i < N_OTHERS; i++)
    {
      g_autofree char *p = sl_test_lfw_image (g_ptr_array_index (ids, 2 + i), 0);

      f->others[i] = sl_test_db_probe_face (f->db, CASE, p);
    }
  return f;
}

static gboolean
in (gint64        id,
    const gint64 *ids,
    guint         n)
{
  for (guint i = 0; i < n; i++)
    if (ids[i] == id)
      return TRUE;
  return FALSE;
}

static void
request_init (SlSearchRequest *req,
              const char      *case_number,
              gint64           face_id)
{
  sl_test_request_init (req, case_number, face_id, NULL);
  req->within_case = TRUE;
}

/* The person's two other photos first and above the threshold; nobody
 * else above it. */
static void
assert_ranks_mates (const SlWithinResult *r,
                    const gint64         *mates,
                    gint64                probe)
{
  ck_assert_uint_ge (r->candidates->len, 2);
  ck_assert_uint_eq (r->above_threshold, 2);
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlWithinCandidate *k = g_ptr_array_index (r->candidates, i);

      ck_assert_int_ne (k->face_id, probe);
      ck_assert_uint_eq (k->rank, i + 1);
      ck_assert_int_eq (k->track_id, 0);
      ck_assert_int_eq (k->time_ms, -1);
      ck_assert_int_gt (k->evidence_id, 0);
      if (i < 2)
        {
          ck_assert_msg (in (k->face_id, mates, 3), "rank %u is face %" PRId64 ", not a mate", k->rank, k->face_id);
          ck_assert (k->above_threshold);
          ck_assert_double_ge (k->similarity, r->threshold);
          ck_assert_double_gt (k->false_match_rate, 0);
          ck_assert_double_lt (k->false_match_rate, 1e-3);
        }
      else
        ck_assert_msg (!k->above_threshold, "face %" PRId64 " of another person is above the threshold (%.3f)",
                       k->face_id, k->similarity);
      if (i > 0)
        ck_assert_double_le (k->similarity,
                             ((SlWithinCandidate *) g_ptr_array_index (r->candidates, i - 1))->similarity);
    }
}

/* tests */

START_TEST (test_within_ranks_and_records)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlWithinResult) r = NULL;
  g_autoptr(SlWithinResult) below = NULL;
  SlSearchRequest req;
  gint64 t0;

  request_init (&req, CASE, f->a[0]);
  t0 = g_get_monotonic_time ();
  r = sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  g_print ("# within-case search of %" PRId64 " faces: %.2f ms in all, %.3f ms comparing\n", r->compared,
           (g_get_monotonic_time () - t0) / 1000.0, r->search_ms);
  ck_assert_int_eq (r->compared, 2 * 3 + N_OTHERS - 1);
  ck_assert_int_eq (r->skipped_other_model, 0);
  ck_assert_str_eq (r->probe, "face");
  assert_ranks_mates (r, f->a, f->a[0]);
  ck_assert_uint_eq (r->candidates->len, 2);   /* nothing below the threshold unless asked */

  /* Every other face of the case, ranked, on request; the other person's
   * photos are not found from this one. */
  req.show_below_threshold = TRUE;
  below = sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (below != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (below->candidates->len, 2 * 3 + N_OTHERS - 1);
  assert_ranks_mates (below, f->a, f->a[0]);
  ck_assert_double_eq (((SlWithinCandidate *) g_ptr_array_index (below->candidates, 0))->similarity,
                       ((SlWithinCandidate *) g_ptr_array_index (r->candidates, 0))->similarity);

  /* The record: scope, probe, justification, candidates, audit row. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_searches WHERE id = %" PRId64 " AND scope = 'case' "
                              "AND face_id = %" PRId64 " AND compared = %" PRId64 " AND above_threshold = 2 AND "
                              "offense_code = 'ROBBERY' AND purpose = 'suspect' AND facts = '%s' AND "
                              "length (model_sha256) = 64", r->search_id, f->a[0], r->compared, SL_TEST_FACTS), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_candidates WHERE search_id = %" PRId64
                              " AND above_threshold = 1 AND face_id IN (%" PRId64 ", %" PRId64 ")",
                              r->search_id, f->a[1], f->a[2]), 2);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_candidates WHERE search_id = %" PRId64,
                              below->search_id), 2 * 3 + N_OTHERS - 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND "
                              "object_type = 'case-search' AND outcome = 'success' AND object_id = '%" PRId64 "' "
                              "AND json_extract (details, '$.scope') = 'case' AND "
                              "json_array_length (json_extract (details, '$.candidates')) = 2",
                              r->search_id), 1);
  /* A within-case search is no gallery search. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches"), 0);
  sl_test_sql_refused (f->db, "UPDATE case_searches SET facts = 'changed'");
  sl_test_sql_refused (f->db, "DELETE FROM case_searches");
  sl_test_sql_refused (f->db, "UPDATE case_candidates SET similarity = 1");
  sl_test_sql_refused (f->db, "DELETE FROM case_candidates");

  /* The other person, from the command line, as JSON. */
  {
    g_auto(SlTestRun) run = { 0 };
    g_autofree char *face = g_strdup_printf ("%" PRId64, f->b[1]);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;
    JsonArray *candidates;

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case", CASE, "--face", face,
            "--within-case", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117 of the district court",
            "--purpose", "suspect", "--facts", SL_TEST_FACTS, NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    node = sl_test_parse_json (run.out);
    o = json_node_get_object (node);
    ck_assert_str_eq (json_object_get_string_member (o, "scope"), "case");
    ck_assert_int_eq (json_object_get_int_member (o, "above_threshold"), 2);
    candidates = json_object_get_array_member (o, "candidates");
    ck_assert_uint_eq (json_array_get_length (candidates), 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *k = json_array_get_object_element (candidates, i);

        ck_assert (in (json_object_get_int_member (k, "face"), f->b, 3));
        ck_assert_int_ne (json_object_get_int_member (k, "face"), f->b[1]);
        ck_assert_int_gt (json_object_get_int_member (k, "evidence"), 0);
        ck_assert (json_object_has_member (k, "track"));
        ck_assert (json_object_has_member (k, "time"));
        ck_assert (json_object_get_boolean_member (k, "above_threshold"));
      }

    /* --within-case and --gallery together are a usage error. */
    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", CASE, "--face", face,
            "--within-case", "--gallery", "county", "--offense", "ROBBERY", "--legal-basis",
            "Warrant 2024/117 of the district court", "--purpose", "suspect", "--facts", SL_TEST_FACTS, NULL);
    ck_assert_int_eq (run.status, 2);
  }
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_within_refusals)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 2);
  g_autofree char *p0 = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *p1 = sl_test_lfw_image (g_ptr_array_index (ids, 0), 1);
  g_autofree char *p2 = sl_test_lfw_image (g_ptr_array_index (ids, 1), 0);
  gint64 a0 = sl_test_db_probe_face (db, CASE, p0);
  gint64 a1 = sl_test_db_probe_face (db, CASE, p1);
  gint64 other = sl_test_db_probe_face (db, "OTHER-1", p2);
  /* 28 characters, 8 words: enough for a search within the case (the
   * policy's within-case-min-facts-length, 20), too short for a gallery
   * search (min-facts-length, 30). */
  const char *short_facts = "He ran to a red car and hid.";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlWithinResult) r = NULL;
  SlSearchRequest req;

  (void) a1;
  /* No legal basis: refused, audited, nothing searched. */
  request_init (&req, CASE, a0);
  req.legal_basis = NULL;
  ck_assert (sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error) == NULL);
  assert_refused (error);
  ck_assert_ptr_nonnull (strstr (error->message, "legal basis"));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'search' AND "
                              "object_type = 'case-search' AND outcome = 'refused'"), 1);

  /* A face of another case. */
  request_init (&req, CASE, other);
  ck_assert (sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error) == NULL);
  assert_refused (error);
  ck_assert_ptr_nonnull (strstr (error->message, "OTHER-1"));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE object_type = 'case-search' AND "
                              "outcome = 'refused'"), 2);

  /* An offense outside the policy's list. */
  request_init (&req, CASE, a0);
  req.offense = "JAYWALKING";
  ck_assert (sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error) == NULL);
  assert_refused (error);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM case_searches"), 0);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM case_candidates"), 0);

  /* The shorter facts the policy allows within the case... */
  request_init (&req, CASE, a0);
  req.facts = short_facts;
  r = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (r->compared, 1);
  /* ...but below its own minimum, refused. */
  req.facts = "He ran to a car.";
  ck_assert (sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error) == NULL);
  assert_refused (error);
  ck_assert_ptr_nonnull (strstr (error->message, "at least 20"));
  g_clear_error (&error);

  /* From the command line: refused is exit 3, audited. */
  {
    g_auto(SlTestRun) run = { 0 };
    g_autofree char *face = g_strdup_printf ("%" PRId64, a0);

    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", CASE, "--face", face,
            "--within-case", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117 of the district court",
            "--purpose", "suspect", NULL);
    ck_assert_int_eq (run.status, 3);
    ck_assert_ptr_nonnull (strstr (run.err, "articulable facts"));
    ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE object_type = 'case-search' AND "
                                "outcome = 'refused'"), 5);

    /* The policy key, shown and set like the others. */
    sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "within-case-min-facts-length",
            "40", NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    request_init (&req, CASE, a0);
    req.facts = short_facts;
    ck_assert (sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error) == NULL);
    assert_refused (error);
    g_clear_error (&error);
  }
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM case_searches"), 1);
  sl_test_assert_intact (db);
}
END_TEST

/* A within-case candidate's id given to decide: refused with a message
 * that says what it is, audited, no decision written; and through the
 * real sightline-cli, exit code 3 and the same words. */
START_TEST (test_within_candidate_not_decided)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlWithinResult) r = NULL;
  g_auto(SlTestRun) run = { 0, };
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  SlSearchRequest req;
  SlDecideResult d = { 0, };
  gint64 k;

  request_init (&req, CASE, f->a[0]);
  r = sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  k = ((SlWithinCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  expected = g_strdup_printf ("%" PRId64 " is a candidate of search %" PRId64 " within the case '" CASE "'", k,
                              r->search_id);

  ck_assert (!sl_engine_decide (f->db->engine, f->db->investigator, k, "possible-lead",
                                "Ears, nose and hairline agree with the probe", &d, &error));
  assert_refused (error);
  ck_assert_msg (strstr (error->message, expected) != NULL, "message: %s", error->message);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' AND "
                                   "outcome = 'refused' AND case_number = '" CASE "'"), 1);

  id = g_strdup_printf ("%" PRId64, k);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "decide", "--candidate", id,
               "--decision", "possible-lead", "--rationale", "Ears, nose and hairline agree with the probe", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_msg (strstr (run.err, expected) != NULL, "stderr: %s", run.err);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);
  sl_test_assert_intact (f->db);
}
END_TEST

/* The ids of case_candidates and candidates are numbered apart and
 * collide: a gallery candidate and a within-case candidate with the same
 * id. The within-case path (engine and `decide --within-case`) refuses and
 * audits, and never touches the gallery candidate; the gallery path still
 * decides the gallery candidate, and only it. */
START_TEST (test_within_candidate_id_collision)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 2 + N_OTHERS + 3);
  g_autoptr(GPtrArray) strangers = g_ptr_array_new ();
  g_autoptr(SlEnrolSummary) enrolled = NULL;
  g_autoptr(SlSearchResult) gallery = NULL;
  g_autoptr(SlWithinResult) r = NULL;
  g_auto(SlTestRun) run = { 0, };
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  SlSearchRequest req;
  SlDecideResult d = { 0, };
  gint64 k;

  /* A gallery of three people the case holds no photo of (probe images
   * are never enrolled), and a search of it by someone else, first. */
  for (guint i = 2 + N_OTHERS; i < ids->len; i++)
    g_ptr_array_add (strangers, g_ptr_array_index (ids, i));
  enrolled = sl_test_enrol_lfw (f->db, strangers, 1);
  ck_assert_uint_eq (enrolled->counts[SL_ENROL_ENROLLED], 3);
  gallery = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), CASE, f->a[0], 2, NULL);

  request_init (&req, CASE, f->a[0]);
  req.show_below_threshold = TRUE;
  r = sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  k = ((SlWithinCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  /* The collision itself: the same number in both tables. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM candidates WHERE id = %" PRId64, k), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_candidates WHERE id = %" PRId64, k), 1);
  expected = g_strdup_printf ("candidate %" PRId64 " of search %" PRId64 " within the case '" CASE "' takes no "
                              "decision", k, r->search_id);

  /* The within-case path: refused, audited, the gallery candidate untouched. */
  ck_assert (!sl_engine_decide_within_case (f->db->engine, f->db->investigator, k, "possible-lead", &error));
  assert_refused (error);
  ck_assert_msg (strstr (error->message, expected) != NULL, "message: %s", error->message);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' AND "
                                   "outcome = 'refused' AND object_type = 'case-candidate' AND "
                                   "json_extract (details, '$.within_case_search_id') = %" PRId64, r->search_id), 1);
  id = g_strdup_printf ("%" PRId64, k);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "decide", "--within-case",
               "--candidate", id, "--decision", "possible-lead", "--rationale",
               "Ears, nose and hairline agree with the probe", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_msg (strstr (run.err, expected) != NULL, "stderr: %s", run.err);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);
  /* A number no within-case search gave: not found, not the gallery's. */
  ck_assert (!sl_engine_decide_within_case (f->db->engine, f->db->investigator, k + 1000, "excluded", &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND), "%s", error->message);
  g_clear_error (&error);

  /* The gallery path takes the same number as the gallery candidate's. */
  ck_assert_msg (sl_engine_decide (f->db->engine, f->db->investigator, k, "excluded",
                                   "The chin and the ears differ from the probe", &d, &error),
                 "%s", error ? error->message : "");
  ck_assert_int_eq (d.candidate_id, k);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions WHERE candidate_id = %" PRId64, k), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' AND "
                                   "outcome = 'success' AND json_extract (details, '$.search_id') = %" PRId64,
                                   gallery->search_id), 1);
  sl_test_assert_intact (f->db);
}
END_TEST

static Suite *
within_suite (void)
{
  Suite *s = suite_create ("within-case");
  TCase *tc = tcase_create ("within-case");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_within_ranks_and_records);
  tcase_add_test (tc, test_within_refusals);
  tcase_add_test (tc, test_within_candidate_not_decided);
  tcase_add_test (tc, test_within_candidate_id_collision);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (within_suite ());
}
