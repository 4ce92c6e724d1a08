/* test-cli-compare.c: `sightline-cli compare` is a match like any other: it
 * needs a signed-in person and leaves one audit row naming both photos by
 * their SHA-256, the model and the result; a refusal is audited too.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sl-test-store.h"

/* helpers */

static char *
photo (const char *person,
       const char *file)
{
  return sl_test_shared_path ("datasets", "lfw-view1", "images", person, file, NULL);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static gint64
count_rows (const char *db,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);

  return sl_test_sql_int (db, sql);
}

static void
assert_audit_verifies (SlTestDb *db)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s%s", run.out, run.err);
}

/* tests */

START_TEST (test_compare_needs_user)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = photo ("Aaron_Peirsol", "Aaron_Peirsol_0001.jpg");
  g_autofree char *b = photo ("Aaron_Peirsol", "Aaron_Peirsol_0002.jpg");
  g_auto(SlTestRun) run = { 0 };
  gint64 before = count_rows (db->db, "1 = 1");

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--json", "compare", a, b, NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "--user"));
  ck_assert_ptr_null (strstr (run.out, "similarity"));
  ck_assert_int_eq (count_rows (db->db, "1 = 1"), before);
}
END_TEST

START_TEST (test_compare_audited)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = photo ("Aaron_Peirsol", "Aaron_Peirsol_0001.jpg");
  g_autofree char *b = photo ("AJ_Cook", "AJ_Cook_0001.jpg");
  g_autofree char *sha_a = file_sha256 (a);
  g_autofree char *sha_b = file_sha256 (b);
  g_autofree char *where = NULL;
  g_autofree char *seq_where = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonObject *o;
  gint64 before = count_rows (db->db, "1 = 1");
  gint64 seq;

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "compare", a, b, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  node = sl_test_parse_json (run.out);
  o = json_node_get_object (node);
  ck_assert (json_object_has_member (o, "similarity"));
  ck_assert (json_object_has_member (o, "a") && json_object_has_member (o, "b"));
  seq = json_object_get_int_member (o, "audit_seq");

  /* Exactly one new row, and it is the compare row the output names: the
   * sign-in of the command is the only other one. */
  ck_assert_int_eq (count_rows (db->db, "action = 'compare'"), 1);
  ck_assert_int_eq (count_rows (db->db, "1 = 1"), before + 2);
  where = g_strdup_printf ("action = 'compare' AND outcome = 'success' AND actor = 'ivan'"
                           " AND instr (details, '%s') > 0 AND instr (details, '%s') > 0"
                           " AND instr (details, 'Aaron_Peirsol_0001.jpg') > 0"
                           " AND instr (details, 'AJ_Cook_0001.jpg') > 0"
                           " AND instr (details, '\"model_sha256\"') > 0"
                           " AND instr (details, '\"false_match_rate\"') > 0"
                           " AND instr (details, '\"size\"') > 0",
                           sha_a, sha_b);
  ck_assert_int_eq (count_rows (db->db, where), 1);
  seq_where = g_strdup_printf ("action = 'compare' AND seq = %" G_GINT64_FORMAT, seq);
  ck_assert_int_eq (count_rows (db->db, seq_where), 1);

  assert_audit_verifies (db);
}
END_TEST

START_TEST (test_compare_roles)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = photo ("Aaron_Peirsol", "Aaron_Peirsol_0001.jpg");
  g_autofree char *b = photo ("Aaron_Peirsol", "Aaron_Peirsol_0002.jpg");
  g_auto(SlTestRun) sue = { 0 };
  g_auto(SlTestRun) root = { 0 };

  /* Supervisors and administrators may compare too; each is recorded. */
  sl_test_cli (&sue, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "compare", a, b, NULL);
  ck_assert_msg (sue.status == 0, "%s", sue.err);
  ck_assert_ptr_nonnull (strstr (sue.out, "audit log"));
  sl_test_cli (&root, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "compare", a, b, NULL);
  ck_assert_msg (root.status == 0, "%s", root.err);
  ck_assert_int_eq (count_rows (db->db, "action = 'compare' AND outcome = 'success' AND actor IN ('sue', 'root')"), 2);
}
END_TEST

START_TEST (test_compare_disabled_refused)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = photo ("Aaron_Peirsol", "Aaron_Peirsol_0001.jpg");
  g_autofree char *b = photo ("Aaron_Peirsol", "Aaron_Peirsol_0002.jpg");
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  gint64 refused_before;

  ck_assert_msg (sl_engine_user_disable (db->engine, db->admin, "ivan", &error), "%s",
                 error ? error->message : "");
  refused_before = count_rows (db->db, "outcome = 'refused'");
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "compare", a, b, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_null (strstr (run.out, "similarity"));
  ck_assert_int_eq (count_rows (db->db, "outcome = 'refused'"), refused_before + 1);
  ck_assert_int_eq (count_rows (db->db, "action = 'compare' AND outcome = 'success'"), 0);

  assert_audit_verifies (db);
}
END_TEST

START_TEST (test_compare_failure_audited)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = photo ("Aaron_Peirsol", "Aaron_Peirsol_0001.jpg");
  g_auto(SlTestRun) run = { 0 };

  /* A photo that cannot be read: exit 4, and the attempt is on record. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "compare", a,
               "/nonexistent/photo.jpg", NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "photo.jpg"));
  ck_assert_int_eq (count_rows (db->db, "action = 'compare' AND outcome = 'failed' AND actor = 'ivan'"), 1);
  assert_audit_verifies (db);
}
END_TEST

static Suite *
compare_suite (void)
{
  Suite *s = suite_create ("cli-compare");
  TCase *tc = tcase_create ("compare");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_compare_needs_user);
  tcase_add_test (tc, test_compare_audited);
  tcase_add_test (tc, test_compare_roles);
  tcase_add_test (tc, test_compare_disabled_refused);
  tcase_add_test (tc, test_compare_failure_audited);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (compare_suite ());
}
