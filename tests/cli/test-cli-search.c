/* test-cli-search.c: galleries, analysis, the justified search and the
 * review through the real sightline-cli: exit codes, the --json shapes
 * the issue states, refusals, the blind second review, an enrolment
 * interrupted with Ctrl+C and resumed, and `bench ident`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-test-search.h"

/* helpers */

static JsonObject *
run_json (SlTestRun  *run,
          JsonNode  **keep)
{
  ck_assert_msg (run->status == 0, "exit %d: %s", run->status, run->err);
  *keep = sl_test_parse_json (run->out);
  ck_assert (JSON_NODE_HOLDS_OBJECT (*keep));
  return json_node_get_object (*keep);
}

/* The object has exactly these members. */
static void
assert_members (JsonObject        *o,
                const char *const *names)
{
  g_autoptr(GList) members = json_object_get_members (o);

  ck_assert_uint_eq (g_list_length (members), g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    ck_assert_msg (json_object_has_member (o, names[i]), "no member '%s'", names[i]);
}

static void
assert_number (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  ck_assert_msg (n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
                 (json_node_get_value_type (n) == G_TYPE_INT64 || json_node_get_value_type (n) == G_TYPE_DOUBLE),
                 "'%s' is not a number", name);
}

static gint64
first_face (SlTestDb   *db,
            const char *case_number,
            const char *photo)
{
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(JsonNode) ev = NULL;
  JsonObject *o;
  JsonArray *faces;
  g_autofree char *id = NULL;

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "evidence", "import", "--case", case_number,
          photo, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ev = sl_test_parse_json (run.out);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (ev), "id"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "analyse", "--case", case_number, id, NULL);
  o = run_json (&run, &keep);
  faces = json_object_get_array_member (o, "faces");
  ck_assert_uint_ge (json_array_get_length (faces), 1);
  ck_assert (json_object_has_member (json_array_get_object_element (faces, 0), "quality"));
  return json_object_get_int_member (json_array_get_object_element (faces, 0), "face_id");
}

/* tests */

START_TEST (test_cli_gallery_search_review)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 8);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autofree char *face = NULL;
  g_autofree char *candidate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_auto(SlTestRun) run = { 0 };
  const char *const search_members[] = { "search_id", "probe_label", "gallery_size", "threshold",
                                         "above_threshold", "candidates", NULL };
  const char *const candidate_members[] = { "candidate_id", "rank", "subject", "similarity", "false_match_rate",
                                            "expected_false_in_gallery", NULL };
  JsonObject *o;
  JsonArray *candidates;

  /* A new database's threshold comes from the calibration at 1e-5. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'store.init' AND "
                                        "json_extract (details, '$.threshold_basis') = 'calibration' AND "
                                        "json_extract (details, '$.threshold_false_match_rate') = 1e-05"), 1);

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "gallery", "create", "county", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "gallery", "create", "county", NULL);
  o = run_json (&run, &keep);
  ck_assert_str_eq (json_object_get_string_member (o, "model"), "fr-feature");
  g_clear_pointer (&keep, json_node_unref);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "gallery", "enroll", "county", "--dir", dir,
          NULL);
  o = run_json (&run, &keep);
  ck_assert_int_eq (json_object_get_int_member (o, "images"), 16);
  ck_assert_int_ge (json_object_get_int_member (o, "enrolled"), 12);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "items")), 16);
  ck_assert (!json_object_get_boolean_member (o, "interrupted"));
  g_clear_pointer (&keep, json_node_unref);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "gallery", "enroll", "county", NULL);
  ck_assert_int_eq (run.status, 2);

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-1", "--title", "Shop robbery", NULL);
  ck_assert_int_eq (run.status, 0);
  face = g_strdup_printf ("%" G_GINT64_FORMAT, first_face (db, "C-1", photo));

  /* The search, in the JSON the issue states. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case", "C-1", "--face", face,
          "--gallery", "county", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117", "--purpose",
          "suspect", "--facts", SL_TEST_FACTS, "--top-k", "5", "--show-below-threshold", NULL);
  o = run_json (&run, &keep);
  assert_members (o, search_members);
  {
    /* the probe's one label, as the app and the report name it (issue 15) */
    g_autofree char *base = g_path_get_basename (photo);
    g_autofree char *label = g_strdup_printf ("Face %s · %s", face, base);

    ck_assert_str_eq (json_object_get_string_member (o, "probe_label"), label);
  }
  assert_number (o, "threshold");
  ck_assert_int_eq (json_object_get_int_member (o, "gallery_size"),
                    sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"));
  candidates = json_object_get_array_member (o, "candidates");
  ck_assert_uint_eq (json_array_get_length (candidates), 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *c = json_array_get_object_element (candidates, i);

      assert_members (c, candidate_members);
      ck_assert_int_eq (json_object_get_int_member (c, "rank"), i + 1);
      assert_number (c, "similarity");
      assert_number (c, "false_match_rate");
      assert_number (c, "expected_false_in_gallery");
    }
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (candidates, 0), "subject"),
                    g_ptr_array_index (ids, 0));
  candidate = g_strdup_printf ("%" G_GINT64_FORMAT,
                               json_object_get_int_member (json_array_get_object_element (candidates, 0),
                                                           "candidate_id"));
  g_clear_pointer (&keep, json_node_unref);

  /* No justification, no search: exit 3, with the reason. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case", "C-1", "--face", face,
          "--gallery", "county", "--offense", "ROBBERY", "--purpose", "suspect", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "legal basis"));
  ck_assert_ptr_nonnull (strstr (run.err, "articulable facts"));
  ck_assert_ptr_nonnull (strstr (run.out, "\"exit_code\":3"));

  /* Nothing above a strict threshold: said explicitly, the rest on request. */
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold", "0.95", NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", "C-1", "--face", face,
          "--gallery", "county", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117", "--purpose",
          "suspect", "--facts", SL_TEST_FACTS, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "No candidate reaches the threshold"));
  ck_assert_ptr_nonnull (strstr (run.out, "--show-below-threshold"));

  /* Whoever ran the search decides on none of its candidates: exit 3. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "decide", "--candidate", candidate, "--decision",
          "excluded", "--rationale", "Ear lobes differ clearly", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "you ran search"));

  /* The first decision by someone else; the second reviewer sees neither
   * it nor its reason. */
  ck_assert_msg (sl_engine_user_add (db->engine, db->admin, "sam", "Sam Supervisor", SL_ROLE_SUPERVISOR,
                                     SL_TEST_SUPERVISOR_PASSWORD, &error), "%s", error ? error->message : "");
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sam", "decide", "--candidate", candidate, "--decision",
          "excluded", "--rationale", "Ear lobes differ clearly", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "second, independent review"));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "review", "queue", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, candidate));
  ck_assert_ptr_null (strstr (run.out, "excluded"));
  ck_assert_ptr_null (strstr (run.out, "Ear lobes"));
  ck_assert_ptr_null (strstr (run.out, "sam"));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "decide", "--candidate", candidate, "--decision",
          "possible-lead", "--rationale", "Same scar over the left eyebrow", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_null (strstr (run.out, "Ear lobes"));
  ck_assert_ptr_null (strstr (run.out, "sam"));
  ck_assert_ptr_nonnull (strstr (run.out, "flagged for a supervisor"));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "review", "disagreements", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "Ear lobes"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "decide", "--candidate", candidate, "--decision",
          "possible-lead", "--rationale", "Changed my mind", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "decide", "--candidate", candidate, "--decision",
          "maybe", "--rationale", "x", NULL);
  ck_assert_int_eq (run.status, 2);

  /* A mistake is corrected by its author, never by someone else: the
   * correction counts, the original stays on record. */
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "decide", "--correct", "--candidate", candidate,
               "--decision", "possible-lead", "--rationale", "Someone else's decision here", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sam", "decide", "--correct", "--candidate",
               candidate, "--decision", "possible-lead", "--rationale", "Mistake", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sam", "decide", "--correct", "--candidate",
               candidate, "--decision", "possible-lead", "--rationale", "Missed the scar over the eyebrow", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "confirmed-lead"));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "review", "disagreements", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "No disagreements"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "review", "leads", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "Ear lobes differ clearly"));
  ck_assert_ptr_nonnull (strstr (run.out, "Missed the scar over the eyebrow"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'candidate.correct' "
                                             "AND outcome = 'refused'"), 2);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s", run.out);
}
END_TEST

START_TEST (test_cli_enroll_interrupted)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 80);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SIGHTLINE_PASSWORD", SL_TEST_ADMIN_PASSWORD, TRUE);
  const char *argv[] = { SL_TEST_CLI, "--db", db->db, "--user", "root", "gallery", "enroll", "county", "--dir",
                         dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_auto(SlTestRun) run = { 0 };
  GPid pid;
  int out_fd, status;
  gint64 kept;

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "gallery", "create", "county", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                       NULL, &out_fd, NULL, &error));
  /* Once some faces are in, Ctrl+C. */
  for (int i = 0; i < 600 && sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces") == 0; i++)
    g_usleep (50000);
  kill (pid, SIGINT);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  g_spawn_close_pid (pid);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &out, NULL, NULL);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 1, "status %d: %s", status, out);
  ck_assert_ptr_nonnull (strstr (out, "Interrupted"));
  kept = sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces");
  ck_assert_int_gt (kept, 0);
  ck_assert_int_lt (kept, 160);

  /* The same command again finishes the job. */
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "gallery", "enroll", "county", "--dir", dir,
          NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonObject *o = run_json (&run, &keep);
    JsonObject *outcomes = json_object_get_object_member (o, "outcomes");

    ck_assert_int_eq (json_object_get_int_member (outcomes, "already-enrolled"), kept);
    ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"),
                      kept + json_object_get_int_member (o, "enrolled"));
  }
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s", run.out);
}
END_TEST

START_TEST (test_cli_bench_ident)
{
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *o;

  sl_test_cli (&run, NULL, NULL, "bench", "ident", "--images", sl_test_lfw_dir (), "--identities", "120", NULL);
  o = run_json (&run, &keep);
  ck_assert_int_gt (json_object_get_int_member (o, "gallery_size"), 10);
  ck_assert_int_gt (json_object_get_int_member (o, "mated_probes"), 10);
  ck_assert_int_gt (json_object_get_int_member (o, "nonmated_probes"), 50);
  ck_assert_double_ge (json_object_get_double_member (o, "rank1"), 0.8);
  ck_assert_double_le (json_object_get_double_member (o, "rank1"), 1.0);
  ck_assert_double_ge (json_object_get_double_member (o, "fnir_at_fpir_0.01"), 0.0);
  ck_assert_double_le (json_object_get_double_member (o, "fnir_at_fpir_0.01"), 0.5);
  ck_assert_double_le (json_object_get_double_member (o, "fpir"), 0.01);
}
END_TEST

static Suite *
cli_search_suite (void)
{
  Suite *s = suite_create ("cli-search");
  TCase *tc = tcase_create ("cli-search");

  tcase_set_timeout (tc, 180);
  tcase_add_test (tc, test_cli_gallery_search_review);
  tcase_add_test (tc, test_cli_enroll_interrupted);
  tcase_add_test (tc, test_cli_bench_ident);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (cli_search_suite ());
}
