/* test-compare.c: sl_engine_compare_files() in process: the result and the
 * one audit row it names, a failure recorded as failed, and the permission
 * every role holds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/sl-role.h"
#include "sl-test-store.h"

/* tests */

START_TEST (test_compare_result_and_row)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol",
                                            "Aaron_Peirsol_0001.jpg", NULL);
  g_autofree char *b = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol",
                                            "Aaron_Peirsol_0002.jpg", NULL);
  g_autoptr(SlCompareResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  r = sl_engine_compare_files (db->engine, db->investigator, a, b, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert (r->similarity > 0.3);
  ck_assert (r->calibrated);
  ck_assert_ptr_nonnull (r->model_sha256);
  ck_assert_int_eq (strlen (r->model_sha256), 64);
  ck_assert_int_eq (r->audit_seq, sl_test_sql_int (db->db, "SELECT max(seq) FROM audit"));
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq = %" G_GINT64_FORMAT
                         " AND action = 'compare' AND outcome = 'success' AND actor = 'ivan'"
                         " AND instr (details, '%s') > 0",
                         r->audit_seq, r->model_sha256);
  ck_assert_int_eq (sl_test_sql_int (db->db, sql), 1);
}
END_TEST

START_TEST (test_compare_failure_recorded)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *a = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol",
                                            "Aaron_Peirsol_0001.jpg", NULL);
  g_autofree char *text = g_build_filename (db->dir, "note.jpg", NULL);
  g_autoptr(SlCompareResult) r = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (g_file_set_contents (text, "not a photo\n", -1, NULL));
  r = sl_engine_compare_files (db->engine, db->supervisor, a, text, NULL, &error);
  ck_assert_ptr_null (r);
  ck_assert (error != NULL && error->domain == SL_ENGINE_ERROR);
  ck_assert_ptr_nonnull (strstr (error->message, "note.jpg"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'compare' AND "
                                             "outcome = 'failed' AND actor = 'sue' AND "
                                             "instr (details, 'note.jpg') > 0"), 1);
  g_unlink (text);
}
END_TEST

START_TEST (test_compare_permission)
{
  ck_assert (sl_role_may (SL_ROLE_INVESTIGATOR, SL_PERMISSION_COMPARE));
  ck_assert (sl_role_may (SL_ROLE_SUPERVISOR, SL_PERMISSION_COMPARE));
  ck_assert (sl_role_may (SL_ROLE_ADMIN, SL_PERMISSION_COMPARE));
}
END_TEST

static Suite *
compare_suite (void)
{
  Suite *s = suite_create ("compare");
  TCase *tc = tcase_create ("compare");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_compare_result_and_row);
  tcase_add_test (tc, test_compare_failure_recorded);
  tcase_add_test (tc, test_compare_permission);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (compare_suite ());
}
