/* test-cli-bench-desks.c: `sightline-cli bench desks --desks 2 --seconds 5`
 * starts its own throwaway PostgreSQL cluster, runs two desk processes on
 * it and one desk on a SQLite file, and prints sane JSON: actions done by
 * each desk, rates that add up, search latencies in order, no failure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "sl-test-store.h"

/* helpers */

static void
check_run (JsonObject *run,
           const char *backend,
           gint64      desks)
{
  JsonArray *per_desk = json_object_get_array_member (run, "per_desk");
  double rate = json_object_get_double_member (run, "actions_per_s");
  double p50 = json_object_get_double_member (run, "search_p50_ms");
  double p95 = json_object_get_double_member (run, "search_p95_ms");
  double sum = 0;

  ck_assert_str_eq (json_object_get_string_member (run, "backend"), backend);
  ck_assert_int_eq (json_object_get_int_member (run, "desks"), desks);
  ck_assert_int_eq (json_object_get_int_member (run, "failed"), 0);
  ck_assert_int_gt (json_object_get_int_member (run, "actions"), 0);
  ck_assert_int_gt (json_object_get_int_member (run, "searches"), 0);
  ck_assert_double_ge (json_object_get_double_member (run, "wall_s"), 5.0);
  ck_assert_double_lt (json_object_get_double_member (run, "wall_s"), 120.0);
  ck_assert_double_gt (rate, 0);
  ck_assert_double_eq_tol (json_object_get_double_member (run, "actions_per_s_per_desk"), rate / desks, 1e-6);
  ck_assert_double_gt (p50, 0);
  ck_assert_double_le (p50, p95);
  ck_assert_int_eq (json_array_get_length (per_desk), desks);
  for (guint i = 0; i < json_array_get_length (per_desk); i++)
    {
      JsonObject *d = json_array_get_object_element (per_desk, i);

      ck_assert_int_eq (json_object_get_int_member (d, "desk"), i + 1);
      ck_assert_int_gt (json_object_get_int_member (d, "actions"), 0);
      ck_assert_int_gt (json_object_get_int_member (d, "rounds"), 0);
      ck_assert_int_eq (json_object_get_int_member (d, "failed"), 0);
      sum += json_object_get_int_member (d, "actions");
    }
  ck_assert_int_eq ((gint64) sum, json_object_get_int_member (run, "actions"));
}

/* tests */

START_TEST (test_bench_desks)
{
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  sl_test_cli (&run, NULL, NULL, "bench", "desks", "--desks", "2", "--seconds", "5", NULL);
  ck_assert_msg (run.status == 0, "bench desks: %s\n%s", run.out, run.err);
  node = sl_test_parse_json (run.out);
  o = json_node_get_object (node);
  ck_assert_int_eq (json_object_get_int_member (o, "desks"), 2);
  ck_assert_double_eq_tol (json_object_get_double_member (o, "seconds"), 5.0, 1e-9);
  check_run (json_object_get_object_member (o, "postgresql"), "postgresql", 2);
  check_run (json_object_get_object_member (o, "sqlite"), "sqlite", 1);

  /* Usage errors. */
  sl_test_cli (&run, NULL, NULL, "bench", "desks", "--desks", "0", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_cli (&run, "/tmp/no-such.db", NULL, "bench", "desks", NULL);
  ck_assert_int_eq (run.status, 2);
}
END_TEST

static Suite *
bench_desks_suite (void)
{
  Suite *s = suite_create ("cli-bench-desks");
  TCase *tc = tcase_create ("bench-desks");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_bench_desks);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (bench_desks_suite ());
}
