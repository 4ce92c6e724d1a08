/* test-cli.c: sightline-cli end to end: the real binary on real files, its
 * JSON and its exit codes as DESIGN.md states them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sl-test-store.h"

/* helpers */

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "not JSON: %s\n%s",
                 error ? error->message : "", text);
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* tests */

START_TEST (test_detect_json)
{
  g_autofree char *img = sl_test_shared_path ("datasets", "faces-detection", "2008_002506.jpg", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SlTestRun) run = { 0 };
  JsonObject *root, *image, *face, *quality;
  JsonArray *faces, *landmarks;

  sl_test_cli (&run, NULL, NULL, "detect", "--json", img, NULL);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse_object (run.out, parser);
  image = json_object_get_object_member (root, "image");
  ck_assert_int_eq (json_object_get_int_member (image, "width"), 500);
  ck_assert_int_eq (json_object_get_int_member (image, "height"), 375);
  faces = json_object_get_array_member (root, "faces");
  ck_assert_uint_eq (json_array_get_length (faces), 3);
  face = json_array_get_object_element (faces, 0);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (face, "box")), 4);
  landmarks = json_object_get_array_member (face, "landmarks");
  ck_assert_uint_eq (json_array_get_length (landmarks), 5);
  ck_assert_uint_eq (json_array_get_length (json_array_get_array_element (landmarks, 0)), 2);
  ck_assert (json_object_get_double_member (face, "score") > 0.5);
  quality = json_object_get_object_member (face, "quality");
  ck_assert_str_eq (json_object_get_string_member (quality, "band"), "good");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (quality, "reasons")), 0);
  ck_assert (json_object_get_int_member (quality, "size_px") > 50);
  ck_assert (json_object_has_member (quality, "sharpness"));
  ck_assert (json_object_has_member (quality, "brightness"));
  ck_assert (json_object_has_member (quality, "yaw"));
  ck_assert (json_object_has_member (quality, "roll"));
}
END_TEST

START_TEST (test_detect_bad_input_exit_4)
{
  g_autofree char *tmp = sl_test_make_tmp_dir ("sl-test-cli-XXXXXX");
  g_autofree char *text = g_build_filename (tmp, "note.jpg", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SlTestRun) run = { 0 };
  g_auto(SlTestRun) missing = { 0 };
  JsonObject *root;

  ck_assert (g_file_set_contents (text, "not a photo\n", -1, NULL));
  sl_test_cli (&run, NULL, NULL, "--json", "detect", text, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "note.jpg"));
  root = parse_object (run.out, parser);
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (root, "error"), "not an image"));

  sl_test_cli (&missing, NULL, NULL, "detect", "/nonexistent/photo.jpg", NULL);
  ck_assert_int_eq (missing.status, 4);
  ck_assert_ptr_nonnull (strstr (missing.err, "photo.jpg"));
  g_unlink (text);
  g_rmdir (tmp);
}
END_TEST

/* Run from the build tree with no hint, the command line finds the German
 * catalogue the build compiled (issue 15, item 10: `setup.sh run` speaks
 * the user's language without installing). */
START_TEST (test_german_from_build_tree)
{
  g_auto(SlTestRun) run = { 0 };
  char *envp[] = { (char *) "LC_ALL=C.UTF-8", (char *) "LANGUAGE=de", NULL };
  const char *args[] = { "--help", NULL };
  g_autofree char *both = NULL;

  sl_test_cli_env (&run, NULL, envp, FALSE, args);
  both = g_strconcat (run.out, run.err, NULL);
  ck_assert_msg (strstr (both, "Befehle:") != NULL, "no German in: %s", both);
  ck_assert_ptr_null (strstr (both, "Commands:"));
}
END_TEST

START_TEST (test_usage_exit_2)
{
  g_auto(SlTestRun) none = { 0 };
  g_auto(SlTestRun) unknown = { 0 };
  g_auto(SlTestRun) extra = { 0 };
  g_auto(SlTestRun) bench = { 0 };

  sl_test_cli (&none, NULL, NULL, NULL);
  ck_assert_int_eq (none.status, 2);
  sl_test_cli (&unknown, NULL, NULL, "frobnicate", NULL);
  ck_assert_int_eq (unknown.status, 2);
  ck_assert_ptr_nonnull (strstr (unknown.err, "frobnicate"));
  sl_test_cli (&extra, NULL, NULL, "detect", NULL);
  ck_assert_int_eq (extra.status, 2);
  sl_test_cli (&bench, NULL, NULL, "bench", "lfw", "--pairs", "x", NULL);
  ck_assert_int_eq (bench.status, 2);
}
END_TEST

START_TEST (test_compare_json)
{
  g_autofree char *a = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol", "Aaron_Peirsol_0001.jpg", NULL);
  g_autofree char *b = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol", "Aaron_Peirsol_0002.jpg", NULL);
  g_autofree char *c = sl_test_shared_path ("datasets", "lfw-view1", "images", "AJ_Cook", "AJ_Cook_0001.jpg", NULL);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_auto(SlTestRun) same = { 0 };
  g_auto(SlTestRun) diff = { 0 };
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  JsonObject *o_same, *o_diff;
  double s_same, s_diff;

  /* A match is made by a signed-in person (tests/cli/test-cli-compare.c
   * checks what it records). */
  sl_test_cli (&same, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "compare", "--json", a, b, NULL);
  sl_test_cli (&diff, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "compare", "--json", a, c, NULL);
  ck_assert_msg (same.status == 0, "%s", same.err);
  ck_assert_msg (diff.status == 0, "%s", diff.err);
  o_same = parse_object (same.out, p1);
  o_diff = parse_object (diff.out, p2);
  s_same = json_object_get_double_member (o_same, "similarity");
  s_diff = json_object_get_double_member (o_diff, "similarity");
  ck_assert_msg (s_same > s_diff + 0.2, "same %.3f, different %.3f", s_same, s_diff);
  /* The shipped calibration turns each score into a false-match rate. */
  ck_assert (json_object_get_boolean_member (o_same, "calibrated"));
  ck_assert (json_object_get_double_member (o_same, "false_match_rate") <
             json_object_get_double_member (o_diff, "false_match_rate"));
  ck_assert (json_object_get_double_member (o_diff, "false_match_rate") > 0.01);
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o_diff, "meaning"), "unrelated faces"));
  ck_assert (json_object_get_int_member (o_diff, "audit_seq") > json_object_get_int_member (o_same, "audit_seq"));
}
END_TEST

START_TEST (test_bench_lfw_small)
{
  /* A small View 1 list written here: 10 same, 10 different pairs. */
  g_autofree char *images = sl_test_shared_path ("datasets", "lfw-view1", "images", NULL);
  g_autofree char *full = sl_test_shared_path ("datasets", "lfw-view1", "pairsDevTest.txt", NULL);
  g_autofree char *tmp = sl_test_make_tmp_dir ("sl-test-bench-XXXXXX");
  g_autofree char *list = g_build_filename (tmp, "pairs.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) small = g_string_new ("10\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SlTestRun) run = { 0 };
  JsonObject *root, *tar;

  ck_assert (g_file_get_contents (full, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; i <= 10; i++)
    g_string_append_printf (small, "%s\n", lines[i]);
  for (guint i = 501; i <= 510; i++)
    g_string_append_printf (small, "%s\n", lines[i]);
  ck_assert (g_file_set_contents (list, small->str, -1, NULL));

  sl_test_cli (&run, NULL, NULL, "bench", "lfw", "--pairs", list, "--images", images, NULL);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse_object (run.out, parser);
  ck_assert_int_eq (json_object_get_int_member (root, "pairs"), 20);
  ck_assert (json_object_get_double_member (root, "accuracy") >= 0.9);
  tar = json_object_get_object_member (root, "tar_at_far");
  ck_assert (json_object_has_member (tar, "0.01"));
  ck_assert (json_object_has_member (tar, "0.001"));
  ck_assert (json_object_has_member (root, "threshold"));
  ck_assert (json_object_has_member (root, "no_face"));
  ck_assert (json_object_get_double_member (root, "detect_ms_median") > 0);
  ck_assert (json_object_get_double_member (root, "embed_ms_median") > 0);
  ck_assert (json_object_get_double_member (root, "faces_per_second") > 0);
  g_unlink (list);
  g_rmdir (tmp);
}
END_TEST

START_TEST (test_bench_malformed_pairs)
{
  g_autofree char *images = sl_test_shared_path ("datasets", "lfw-view1", "images", NULL);
  g_autofree char *tmp = sl_test_make_tmp_dir ("sl-test-bench-XXXXXX");
  g_autofree char *list = g_build_filename (tmp, "broken.txt", NULL);
  g_auto(SlTestRun) run = { 0 };

  ck_assert (g_file_set_contents (list, "10\nAaron_Peirsol\t1\n", -1, NULL));
  sl_test_cli (&run, NULL, NULL, "bench", "lfw", "--pairs", list, "--images", images, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "broken.txt"));
  ck_assert_ptr_nonnull (strstr (run.err, "line 2"));
  g_unlink (list);
  g_rmdir (tmp);
}
END_TEST

START_TEST (test_models_calibrate_small)
{
  /* Calibration over every pair of the photos a small list names. */
  g_autofree char *images = sl_test_shared_path ("datasets", "lfw-view1", "images", NULL);
  g_autofree char *full = sl_test_shared_path ("datasets", "lfw-view1", "pairsDevTrain.txt", NULL);
  g_autofree char *tmp = sl_test_make_tmp_dir ("sl-test-cal-XXXXXX");
  g_autofree char *list = g_build_filename (tmp, "pairs.txt", NULL);
  g_autofree char *out = g_build_filename (tmp, "fr.calibration", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) small = g_string_new ("15\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SlTestRun) run = { 0 };
  JsonObject *root;
  JsonArray *points;

  ck_assert (g_file_get_contents (full, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; i <= 15; i++)
    g_string_append_printf (small, "%s\n", lines[i]);
  for (guint i = 1101; i <= 1115; i++)
    g_string_append_printf (small, "%s\n", lines[i]);
  ck_assert (g_file_set_contents (list, small->str, -1, NULL));

  sl_test_cli (&run, NULL, NULL, "--json", "models", "calibrate", "--pairs", list, "--images", images,
               "--out", out, NULL);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse_object (run.out, parser);
  ck_assert_str_eq (json_object_get_string_member (root, "model"), "fr-feature");
  ck_assert_int_ge (json_object_get_int_member (root, "mated_pairs"), 15);
  /* About 60 photos: well over a thousand non-mated pairs. */
  ck_assert_int_gt (json_object_get_int_member (root, "non_mated_pairs"), 1000);
  points = json_object_get_array_member (root, "operating_points");
  ck_assert_uint_eq (json_array_get_length (points), 5);
  /* So few pairs cannot resolve 1e-6: it must say so. */
  ck_assert (json_object_get_boolean_member (json_array_get_object_element (points, 4),
                                             "beyond_measured_range"));
  ck_assert (g_file_get_contents (out, &text, NULL, NULL));
  ck_assert_ptr_nonnull (strstr (text, "model-sha256=87aacdfe"));
  g_unlink (out);
  g_unlink (list);
  g_rmdir (tmp);
}
END_TEST

static Suite *
cli_suite (void)
{
  Suite *s = suite_create ("cli");
  TCase *tc = tcase_create ("vision");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_detect_json);
  tcase_add_test (tc, test_detect_bad_input_exit_4);
  tcase_add_test (tc, test_usage_exit_2);
  tcase_add_test (tc, test_german_from_build_tree);
  tcase_add_test (tc, test_compare_json);
  tcase_add_test (tc, test_bench_lfw_small);
  tcase_add_test (tc, test_bench_malformed_pairs);
  tcase_add_test (tc, test_models_calibrate_small);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (cli_suite ());
}
