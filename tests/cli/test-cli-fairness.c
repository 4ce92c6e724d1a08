/* test-cli-fairness.c: `sightline-cli models fairness` end to end on real
 * LFW photos with the real models: a group whose impostors are made to
 * score high (photos of one person labelled as different people) shows the
 * higher false-match rate; a small group reports "not enough pairs"; bad
 * label files are refused naming the line (exit 4); Ctrl+C stops with
 * nothing written; a measurement of another model file is refused.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "analysis/sl-fairness-measure.h"
#include "sl-test-lfw.h"
#include "sl-test-pg.h"

/* helpers */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cliv (Run         *run,
          const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) SL_TEST_CLI);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (WIFEXITED (wait_status), "sightline-cli did not exit normally (crash?): %s", run->err);
  run->status = WEXITSTATUS (wait_status);
}

/* The photo's path as the label file gives it: Name/Name_NNNN.jpg. */
static char *
relative_image (const char *identity,
                guint       index)
{
  g_autofree char *full = sl_test_lfw_image (identity, index);
  g_autofree char *base = g_path_get_basename (full);
  return g_build_filename (identity, base, NULL);
}

/* identity,image,group,site: "relabelled" holds 5 photos each of 4 people,
 * every photo labelled as a person of its own (so the same person's photos
 * count as impostors and score high); "honest" 5 photos each of 4 other
 * people, labelled truly. site: 3 photos "tiny", the rest "main". */
static char *
write_labels (const char *dir)
{
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (5, 8);
  g_autoptr(GString) csv = g_string_new ("identity,image,group,site\n");
  g_autofree char *path = g_build_filename (dir, "labels.csv", NULL);
  guint row = 0;

  for (guint p = 0; p < people->len; p++)
    for (guint i = 0; i < 5; i++, row++)
      {
        const char *name = g_ptr_array_index (people, p);
        g_autofree char *image = relative_image (name, i);
        g_autofree char *identity = p < 4 ? g_strdup_printf ("person-%u", row) : g_strdup (name);

        g_string_append_printf (csv, "%s,%s,%s,%s\n", identity, image, p < 4 ? "relabelled" : "honest",
                                row < 3 ? "tiny" : "main");
      }
  ck_assert (g_file_set_contents (path, csv->str, -1, NULL));
  return g_steal_pointer (&path);
}

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

static JsonObject *
group_of (JsonObject *root,
          const char *attribute,
          const char *group)
{
  JsonObject *attributes = json_object_get_object_member (root, "attributes");
  JsonObject *a = json_object_get_object_member (attributes, attribute);
  return json_object_get_object_member (json_object_get_object_member (a, "groups"), group);
}

/* tests */

START_TEST (test_relabelled_group_scores_higher)
{
  g_autofree char *tmp = g_dir_make_tmp ("sl-test-fairness-XXXXXX", NULL);
  g_autofree char *labels = write_labels (tmp);
  g_autofree char *out = g_build_filename (tmp, "fr-feature.fairness", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  const char *args[] = { "models", "fairness", "--json", "--labels", labels, "--images", sl_test_lfw_dir (),
                         "--threshold", "0.4", "--target-fmr", "0.05", "--out", out, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFairness) back = NULL;
  JsonObject *root, *relabelled, *honest, *tiny, *group;
  JsonArray *ci;

  run_cliv (&run, args);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse_object (run.out, parser);
  ck_assert_double_eq_tol (json_object_get_double_member (root, "threshold"), 0.4, 1e-9);
  ck_assert_str_eq (json_object_get_string_member (root, "model"), "fr-feature");

  relabelled = group_of (root, "group", "relabelled");
  honest = group_of (root, "group", "honest");
  ck_assert_int_eq (json_object_get_int_member (relabelled, "images"), 20);
  ck_assert_int_eq (json_object_get_int_member (relabelled, "identities"), 20);
  ck_assert_int_eq (json_object_get_int_member (relabelled, "mated_pairs"), 0);
  ck_assert_int_eq (json_object_get_int_member (relabelled, "non_mated_pairs"), 190);
  /* Within the group only: 4 people x 10 mated pairs, 150 impostors. */
  ck_assert_int_eq (json_object_get_int_member (honest, "identities"), 4);
  ck_assert_int_eq (json_object_get_int_member (honest, "mated_pairs"), 40);
  ck_assert_int_eq (json_object_get_int_member (honest, "non_mated_pairs"), 150);
  /* The same person's photos as "impostors" (40 of 190 pairs) match. */
  ck_assert_msg (json_object_get_double_member (relabelled, "fmr") >= 0.15,
                 "relabelled fmr %g", json_object_get_double_member (relabelled, "fmr"));
  ck_assert_msg (json_object_get_double_member (relabelled, "fmr") >
                 json_object_get_double_member (honest, "fmr") + 0.1, "%s", run.out);
  ci = json_object_get_array_member (relabelled, "fmr_ci");
  ck_assert (json_array_get_double_element (ci, 0) > json_array_get_double_element (
               json_object_get_array_member (honest, "fmr_ci"), 1) - 0.2);
  group = json_object_get_object_member (json_object_get_object_member (root, "attributes"), "group");
  ck_assert_str_eq (json_object_get_string_member (group, "worst_group"), "relabelled");
  /* An honest FMR of 0 leaves the ratio without an upper bound. */
  ck_assert (json_object_has_member (group, "fmr_ratio_ci"));

  /* 3 photos: 3 pairs cannot resolve 5 %: no rate, a flag, and the
   * interval that shows why. */
  tiny = group_of (root, "site", "tiny");
  ck_assert (json_object_get_boolean_member (tiny, "fmr_not_enough_pairs"));
  ck_assert (json_node_is_null (json_object_get_member (tiny, "fmr")));
  ck_assert (json_array_get_double_element (json_object_get_array_member (tiny, "fmr_ci"), 1) > 0.5);
  ck_assert (!json_object_get_boolean_member (group_of (root, "site", "main"), "fmr_not_enough_pairs"));

  /* The measurement file gives the same counts back, and is refused for
   * another model file. */
  back = sl_fairness_load (out, &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (sl_fairness_get_model_id (back), "fr-feature");
  {
    SlModelInfo other = { .id = (char *) "fr-feature",
                          .sha256 = (char *) "0000000000000000000000000000000000000000000000000000000000000000" };
    g_autoptr(SlFairness) refused = sl_fairness_find (&other, tmp, &error);

    ck_assert_ptr_null (refused);
    ck_assert (g_error_matches (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_MODEL));
    ck_assert_ptr_nonnull (strstr (error->message, "another file"));
    g_clear_error (&error);
  }
  {
    SlModelInfo same = { .id = (char *) "fr-feature", .sha256 = (char *) sl_fairness_get_model_sha256 (back) };
    g_autoptr(SlFairness) found = sl_fairness_find (&same, tmp, &error);
    ck_assert_msg (found != NULL, "%s", error ? error->message : "");
  }
  {
    SlModelInfo none = { .id = (char *) "no-such-model", .sha256 = (char *) "00" };
    g_autoptr(SlFairness) missing = sl_fairness_find (&none, tmp, &error);
    ck_assert_ptr_null (missing);
    ck_assert (g_error_matches (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_MISSING));
    ck_assert_ptr_nonnull (strstr (error->message, "no per-group measurement for this model"));
  }
}
END_TEST

/* Each bad label file: exit 4, the file and the line named, nothing
 * written. */
static void
assert_bad_labels (const char *tmp,
                   const char *text,
                   gssize      len,
                   const char *want)
{
  g_autofree char *labels = g_build_filename (tmp, "bad.csv", NULL);
  g_autofree char *out = g_build_filename (tmp, "never.fairness", NULL);
  g_auto(Run) run = { 0 };
  const char *args[] = { "models", "fairness", "--labels", labels, "--images", sl_test_lfw_dir (),
                         "--threshold", "0.4", "--out", out, NULL };

  ck_assert (g_file_set_contents (labels, text, len, NULL));
  run_cliv (&run, args);
  ck_assert_msg (run.status == 4, "exit %d for %s: %s", run.status, want, run.err);
  ck_assert_msg (strstr (run.err, "bad.csv") != NULL && strstr (run.err, want) != NULL,
                 "want '%s': %s", want, run.err);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));
}

START_TEST (test_bad_label_files)
{
  g_autofree char *tmp = g_dir_make_tmp ("sl-test-fairness-XXXXXX", NULL);
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (2, 1);
  g_autofree char *one = relative_image (g_ptr_array_index (people, 0), 0);
  g_autofree char *good_row = g_strdup_printf ("%s,female\n", one);
  g_autofree char *missing_image = g_strdup_printf ("photo,gender\n%s", good_row);
  g_autofree char *unknown = g_strdup_printf ("image,gender\n%sNobody/Nobody_0001.jpg,male\n", good_row);
  g_autofree char *duplicate = g_strdup_printf ("image,gender\n%s%s", good_row, good_row);
  g_autofree char *latin1 = g_strdup_printf ("image,gender\n%s%s,m\xE4nnlich\n", good_row, one);

  assert_bad_labels (tmp, "", 0, "line 1: the file is empty");
  assert_bad_labels (tmp, missing_image, -1, "line 1: no 'image' column");
  assert_bad_labels (tmp, unknown, -1, "line 3: no image 'Nobody/Nobody_0001.jpg'");
  assert_bad_labels (tmp, duplicate, -1, "line 3: ");
  assert_bad_labels (tmp, duplicate, -1, "listed again (first on line 2)");
  assert_bad_labels (tmp, latin1, -1, "line 3: not UTF-8");
}
END_TEST

START_TEST (test_usage)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) rate = { 0 };
  const char *no_labels[] = { "models", "fairness", "--images", sl_test_lfw_dir (), NULL };
  const char *bad_rate[] = { "models", "fairness", "--labels", "x.csv", "--images", sl_test_lfw_dir (),
                             "--target-fmr", "2", NULL };

  run_cliv (&run, no_labels);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "--labels"));
  run_cliv (&rate, bad_rate);
  ck_assert_int_eq (rate.status, 2);
  ck_assert_ptr_nonnull (strstr (rate.err, "--target-fmr"));
}
END_TEST

/* SIGINT while embedding: the command says so, exits 1 and writes nothing. */
START_TEST (test_interrupt)
{
  g_autofree char *tmp = g_dir_make_tmp ("sl-test-fairness-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (tmp, "stopped.fairness", NULL);
  g_autofree char *labels = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("image,gender\n");
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (1, 300);
  const char *argv[] = { SL_TEST_CLI, "models", "fairness", "--labels", NULL, "--images", sl_test_lfw_dir (),
                         "--threshold", "0.4", "--out", out, NULL };
  GPid pid;
  int err_fd = -1, wait_status = 0;
  char buf[4096];
  gssize n;

  for (guint i = 0; i < people->len; i++)
    {
      g_autofree char *image = relative_image (g_ptr_array_index (people, i), 0);
      g_string_append_printf (csv, "%s,%s\n", image, i % 2 ? "a" : "b");
    }
  labels = g_build_filename (tmp, "many.csv", NULL);
  ck_assert (g_file_set_contents (labels, csv->str, -1, NULL));
  argv[4] = labels;

  /* With progress forced on, the first progress line says the embedding
   * (and the signal handling) has started. */
  envp = g_environ_setenv (g_get_environ (), "SIGHTLINE_PROGRESS", "1", TRUE);
  ck_assert_msg (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, NULL, &err_fd, &error), "%s", error ? error->message : "");
  while (strstr (err->str, "Faces") == NULL && (n = read (err_fd, buf, sizeof buf)) > 0)
    g_string_append_len (err, buf, n);
  ck_assert_msg (strstr (err->str, "Faces") != NULL, "no progress: %s", err->str);
  ck_assert_int_eq (kill (pid, SIGINT), 0);
  while ((n = read (err_fd, buf, sizeof buf)) > 0)
    g_string_append_len (err, buf, n);
  close (err_fd);
  ck_assert_int_eq (waitpid (pid, &wait_status, 0), pid);
  g_spawn_close_pid (pid);

  ck_assert_msg (WIFEXITED (wait_status), "killed by the signal instead of stopping: %d", wait_status);
  ck_assert_int_eq (WEXITSTATUS (wait_status), 1);
  ck_assert_msg (strstr (err->str, "Interrupted") != NULL, "%s", err->str);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));
}
END_TEST

/* models list names the shipped measurement, its data set and its limits. */
START_TEST (test_models_list_shows_measurement)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  g_auto(Run) plain = { 0 };
  const char *args[] = { "models", "list", "--json", NULL };
  const char *plain_args[] = { "models", "list", NULL };
  g_autoptr(GError) error = NULL;
  JsonArray *models;
  guint n_measured = 0;

  run_cliv (&run, args);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  ck_assert (json_parser_load_from_data (parser, run.out, -1, &error));
  models = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *m = json_array_get_object_element (models, i);
      JsonObject *f, *gender;

      if (!g_str_equal (json_object_get_string_member (m, "role"), "embedder"))
        {
          ck_assert (!json_object_has_member (m, "fairness"));
          continue;
        }
      ck_assert_msg (!json_node_is_null (json_object_get_member (m, "fairness")), "%s: %s",
                     json_object_get_string_member (m, "id"),
                     json_object_get_string_member_with_default (m, "fairness_note", ""));
      f = json_object_get_object_member (m, "fairness");
      ck_assert_str_eq (json_object_get_string_member (f, "model_sha256"), json_object_get_string_member (m, "sha256"));
      ck_assert_ptr_nonnull (strstr (json_object_get_string_member (f, "dataset"), "LFW"));
      ck_assert_ptr_nonnull (strstr (json_object_get_string_member (f, "limits"), "perceived"));
      gender = json_object_get_object_member (json_object_get_object_member (f, "attributes"), "gender");
      ck_assert (json_object_get_double_member (gender, "fmr_ratio") > 0);
      n_measured++;
    }
  ck_assert_uint_eq (n_measured, 2);

  run_cliv (&plain, plain_args);
  ck_assert_int_eq (plain.status, 0);
  ck_assert_ptr_nonnull (strstr (plain.out, "per-group error rates measured"));
  ck_assert_ptr_nonnull (strstr (plain.out, "limits: "));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("cli-fairness");
  TCase *tc = tcase_create ("models-fairness");
  SRunner *runner;
  int failed;

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_relabelled_group_scores_higher);
  tcase_add_test (tc, test_bad_label_files);
  tcase_add_test (tc, test_usage);
  tcase_add_test (tc, test_interrupt);
  tcase_add_test (tc, test_models_list_shows_measurement);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  /* Started here, never in a forked test, so that this process stops it. */
  if (sl_test_backend_pg ())
    sl_test_pg_cluster ();
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
