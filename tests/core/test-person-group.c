/* test-person-group.c: the grouping of a case's faces into persons on
 * vectors whose similarities are known: average linkage does not chain
 * strangers through one middle face (single linkage would), the
 * investigator's statements join and keep apart whatever the scores, and
 * a newer statement wins over an older one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <math.h>

#include "core/sl-person-group.h"

#define THRESHOLD 0.5

/* helpers */

/* Unit vectors in the plane at these angles (degrees): a at 0, b at 53.13
 * (cos 0.6 with a), c at 106.26 (0.6 with b, -0.28 with a), d at 200. */
static float vectors[4 * 2];

static void
make_vectors (void)
{
  const double degrees[] = { 0, 53.1301, 106.2602, 200 };

  for (guint i = 0; i < G_N_ELEMENTS (degrees); i++)
    {
      vectors[2 * i] = (float) cos (degrees[i] * G_PI / 180);
      vectors[2 * i + 1] = (float) sin (degrees[i] * G_PI / 180);
    }
}

static SlPersonLink *
link_of (SlPersonLinkKind kind,
         guint            a,
         guint            b)
{
  SlPersonLink *link = sl_person_link_new (kind);

  g_array_append_val (link->a, a);
  g_array_append_val (link->b, b);
  return link;
}

/* The labels as a string of group letters, "AABC". */
static char *
group (GPtrArray *links)
{
  guint n_groups = 0;
  g_autofree guint *label = sl_person_group (vectors, 4, 2, THRESHOLD, links, &n_groups);
  char *out = g_new0 (char, 5);

  for (guint i = 0; i < 4; i++)
    out[i] = (char) ('A' + label[i]);
  return out;
}

/* tests */

START_TEST (test_no_chaining)
{
  g_autofree char *got = NULL;

  make_vectors ();
  /* a-b and b-c reach the threshold, a-c does not: b joins a (the first
   * pair of equals), and c stays out, on average 0.16 from {a, b}. */
  got = group (NULL);
  ck_assert_str_eq (got, "AABC");
}
END_TEST

START_TEST (test_statements)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_person_link_free);
  g_autofree char *same = NULL;
  g_autofree char *apart = NULL;
  g_autofree char *newer_apart = NULL;
  g_autofree char *newer_same = NULL;

  make_vectors ();
  /* "a and c are one person": b joins them (0.6 on average). */
  g_ptr_array_add (links, link_of (SL_PERSON_LINK_SAME, 0, 2));
  same = group (links);
  ck_assert_str_eq (same, "AAAB");

  /* "a and b are not": b goes with c instead. */
  g_ptr_array_set_size (links, 0);
  g_ptr_array_add (links, link_of (SL_PERSON_LINK_APART, 0, 1));
  apart = group (links);
  ck_assert_str_eq (apart, "ABBC");

  /* The newer statement wins, in either order. */
  g_ptr_array_set_size (links, 0);
  g_ptr_array_add (links, link_of (SL_PERSON_LINK_SAME, 0, 3));
  g_ptr_array_add (links, link_of (SL_PERSON_LINK_APART, 3, 0));
  newer_apart = group (links);
  ck_assert_str_eq (newer_apart, "AABC");
  g_ptr_array_add (links, link_of (SL_PERSON_LINK_SAME, 3, 0));
  newer_same = group (links);
  ck_assert_str_eq (newer_same, "ABBA");
}
END_TEST

START_TEST (test_empty)
{
  guint n_groups = 7;
  g_autofree guint *label = sl_person_group (NULL, 0, 2, THRESHOLD, NULL, &n_groups);

  ck_assert_uint_eq (n_groups, 0);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("person-group");
  TCase *tc = tcase_create ("person-group");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_no_chaining);
  tcase_add_test (tc, test_statements);
  tcase_add_test (tc, test_empty);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
