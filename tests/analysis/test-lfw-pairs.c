/* test-lfw-pairs.c: the LFW pair list reader on lists written here: good
 * ones of both views, and the inputs fuzzing found or may find, each refused
 * with an error naming the list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <string.h>

#include "analysis/sl-lfw-pairs.h"
#include "sl-test-util.h"

/* helpers */

static void
assert_refused (const char *text,
                gsize       len,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLfwPairs) pairs = sl_lfw_pairs_parse (text, len, "pairs.txt", &error);

  ck_assert_ptr_null (pairs);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (strstr (error->message, "pairs.txt") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, words) != NULL, "want '%s': %s", words, error->message);
}

/* tests */

START_TEST (test_views)
{
  const char *view1 = "1\nAaron_Peirsol 1 2\nAJ_Cook 1 Marsha_Thomason 1\n";
  const char *view2 = "2\t1\nA 1 2\nB 1 C 3\nD 1 2\nE 1 F 1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLfwPairs) one = sl_lfw_pairs_parse (view1, strlen (view1), "pairs.txt", &error);
  g_autoptr(SlLfwPairs) two = sl_lfw_pairs_parse (view2, strlen (view2), "pairs.txt", &error);

  ck_assert_msg (one != NULL && two != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (one->n_folds, 1);
  ck_assert_uint_eq (one->pairs->len, 2);
  ck_assert (((SlLfwPair *) g_ptr_array_index (one->pairs, 0))->same);
  ck_assert_int_eq (two->n_folds, 2);
  ck_assert_int_eq (((SlLfwPair *) g_ptr_array_index (two->pairs, 3))->fold, 1);
}
END_TEST

START_TEST (test_empty_file)
{
  /* Found by fuzz-pairs: an empty list splits into no lines, and the
   * reader took the first of them (a GLib critical, then a crash). */
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-pairs-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "empty-pairs.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLfwPairs) pairs = NULL;

  ck_assert (g_file_set_contents (path, "", 0, NULL));
  pairs = sl_lfw_pairs_load (path, &error);
  ck_assert_ptr_null (pairs);
  ck_assert_msg (error != NULL && strstr (error->message, "empty-pairs.txt") != NULL, "%s",
                 error ? error->message : "");
  g_unlink (path);
  g_rmdir (dir);
  assert_refused ("", 0, "empty");
}
END_TEST

START_TEST (test_malformed)
{
  assert_refused ("1\nA 1 2\0B 1 2\n", 14, "not UTF-8 text");
  assert_refused ("x y z\nA 1 2\n", 12, "line 1");
  assert_refused ("1\nA 1\n", 6, "line 2");
  assert_refused ("1\nA/B 1 2\n", 10, "malformed");
  assert_refused ("1\n\n", 3, "no pairs");
}
END_TEST

static Suite *
pairs_suite (void)
{
  Suite *s = suite_create ("lfw-pairs");
  TCase *tc = tcase_create ("parse");

  tcase_add_test (tc, test_views);
  tcase_add_test (tc, test_empty_file);
  tcase_add_test (tc, test_malformed);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (pairs_suite ());
}
