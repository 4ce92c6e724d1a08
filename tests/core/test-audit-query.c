/* test-audit-query.c: the supervisor's audit review on a real database of
 * a few hundred real audited actions: each filter narrows to exactly the
 * rows SQL says it should, paging, the head, refusal for an investigator
 * (audited), export of the filtered rows, the overview, and the async
 * query and verification.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "bench/sl-audit-query-bench.h"
#include "engine/sightline-engine.h"
#include "sl-test-store.h"

#define IVY_PASSWORD "ivy-password-12345"

typedef struct
{
  SlTestDb      *db;
  SlSession *ivy;
} Fixture;

static Fixture *fx;

/* helpers */

/* ivan opens A-000..A-199 and closes A-000..A-009, ivy opens
 * B-000..B-049 "Robbery at Main St N", ivan is refused 10 policy changes
 * and 5 verifications, and fails to open A-001 twice. */
static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  fx = g_new0 (Fixture, 1);
  fx->db = sl_test_db_new (FALSE);
  ck_assert_msg (sl_engine_user_add (fx->db->engine, fx->db->admin, "ivy", "Ivy Investigator",
                                     SL_ROLE_INVESTIGATOR, IVY_PASSWORD, &error), "%s", error->message);
  fx->ivy = sl_engine_sign_in (fx->db->engine, "ivy", IVY_PASSWORD, &error);
  ck_assert_ptr_nonnull (fx->ivy);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *number = g_strdup_printf ("A-%03u", i);
      g_autoptr(SlCase) c = sl_engine_case_open (fx->db->engine, fx->db->investigator, number, "Case", &error);
      ck_assert_msg (c != NULL, "%s", error ? error->message : "");
      if (i % 4 == 0 && i / 4 < 50)
        {
          g_autofree char *b = g_strdup_printf ("B-%03u", i / 4);
          g_autofree char *title = g_strdup_printf ("Robbery at Main St %u", i / 4);
          g_autoptr(SlCase) cb = sl_engine_case_open (fx->db->engine, fx->ivy, b, title, &error);
          ck_assert_msg (cb != NULL, "%s", error ? error->message : "");
        }
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *number = g_strdup_printf ("A-%03u", i);
      ck_assert (sl_engine_case_close (fx->db->engine, fx->db->investigator, number, &error));
      ck_assert (!sl_engine_policy_set (fx->db->engine, fx->db->investigator, "threshold", "0.1", NULL));
    }
  for (guint i = 0; i < 5; i++)
    {
      SlAuditVerifyResult r = { 0 };
      ck_assert (!sl_engine_audit_verify (fx->db->engine, fx->db->investigator, 0, NULL, NULL, NULL, &r, NULL));
    }
  for (guint i = 0; i < 2; i++)
    ck_assert (sl_engine_case_open (fx->db->engine, fx->db->investigator, "A-001", "Again", NULL) == NULL);
}

static void
teardown (void)
{
  g_clear_object (&fx->ivy);
  sl_test_db_free (fx->db);
  g_clear_pointer (&fx, g_free);
}

static SlAuditMatches *
query (const SlAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  SlAuditMatches *m = sl_engine_audit_query (fx->db->engine, fx->db->supervisor, filter, NULL, &error);

  ck_assert_msg (m != NULL, "%s", error ? error->message : "");
  for (guint i = 1; i < m->seqs->len; i++)
    ck_assert (g_array_index (m->seqs, gint64, i - 1) < g_array_index (m->seqs, gint64, i));
  return m;
}

/* The filter matches exactly the rows the SQL condition selects. */
static void
assert_matches (const SlAuditFilter *filter,
                const char          *where,
                gint64               expected)
{
  g_autoptr(SlAuditMatches) m = query (filter);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);
  g_autofree char *sum_sql = g_strdup_printf ("SELECT coalesce (sum (seq), 0) FROM audit WHERE %s", where);
  gint64 sum = 0;

  for (guint i = 0; i < m->seqs->len; i++)
    sum += g_array_index (m->seqs, gint64, i);
  ck_assert_int_eq (m->seqs->len, sl_test_sql_int (fx->db->db, count_sql));
  ck_assert_int_eq (sum, sl_test_sql_int (fx->db->db, sum_sql));
  if (expected >= 0)
    ck_assert_int_eq (m->seqs->len, expected);
}

static gint64
rows_now (void)
{
  return sl_test_sql_int (fx->db->db, "SELECT count(*) FROM audit");
}

/* tests */

START_TEST (test_all_and_head)
{
  g_autoptr(SlAuditMatches) m = query (NULL);
  g_autofree char *hash_sql = NULL;
  gint64 n = rows_now ();

  ck_assert_int_ge (n, 280);
  ck_assert_int_eq (m->seqs->len, n);
  ck_assert_int_eq (g_array_index (m->seqs, gint64, 0), 1);
  ck_assert_int_eq (m->head_seq, n);
  hash_sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq = %" G_GINT64_FORMAT " AND hash = '%s'",
                              m->head_seq, m->head_hash);
  ck_assert_int_eq (sl_test_sql_int (fx->db->db, hash_sql), 1);
}
END_TEST

START_TEST (test_each_filter)
{
  SlAuditFilter f = { 0 };

  f.actor = "IVY";
  assert_matches (&f, "actor = 'ivy'", 51);   /* 50 cases and the sign-in */
  f.actor = "iv";
  assert_matches (&f, "0", 0);
  memset (&f, 0, sizeof f);

  f.case_number = "A-007";
  assert_matches (&f, "case_number = 'A-007'", 2);
  memset (&f, 0, sizeof f);

  f.action = "case";
  assert_matches (&f, "action LIKE 'case.%'", -1);
  f.action = "case.close";
  assert_matches (&f, "action = 'case.close'", 10);
  f.action = "cas";
  assert_matches (&f, "0", 0);
  memset (&f, 0, sizeof f);

  f.outcome = "refused";
  assert_matches (&f, "outcome = 'refused'", 15);
  f.outcome = "failed";
  assert_matches (&f, "outcome = 'failed'", 2);
  f.actor = "ivan";
  f.outcome = "refused";
  f.action = "policy";
  assert_matches (&f, "actor = 'ivan' AND outcome = 'refused' AND action = 'policy.set'", 10);
}
END_TEST

START_TEST (test_free_text)
{
  SlAuditFilter f = { 0 };

  /* Any letter case; in the case number, the details, the action. */
  f.text = "b-01";
  assert_matches (&f, "case_number LIKE 'B-01%'", 10);
  f.text = "ROBBERY AT MAIN ST 4";
  assert_matches (&f, "details LIKE '%Robbery at Main St 4%'", 11);
  f.text = "policy.set";
  assert_matches (&f, "action = 'policy.set'", 10);
  /* What the investigator was refused, by its reason. */
  f.text = "may not read the audit log";
  assert_matches (&f, "action = 'audit.verify'", 5);
  /* LIKE's wildcards are plain characters here. */
  f.text = "A_00";
  assert_matches (&f, "0", 0);
  f.text = "%";
  assert_matches (&f, "instr (coalesce (actor, '') || action || coalesce (object_id, '') || "
                      "coalesce (case_number, '') || details, '%') > 0", -1);
  /* Letter case beyond ASCII. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlCase) c = sl_engine_case_open (fx->db->engine, fx->ivy, "C-Ü1", "Überfall bei Müller", &error);

    ck_assert_msg (c != NULL, "%s", error ? error->message : "");
    f.text = "MÜLLER";
    assert_matches (&f, "details LIKE '%Müller%'", 1);
    f.text = "c-ü1";
    assert_matches (&f, "case_number = 'C-Ü1'", 1);
  }
  /* With the user: ivy's robberies only. */
  f.text = "robbery";
  f.actor = "ivy";
  assert_matches (&f, "actor = 'ivy' AND details LIKE '%robbery%'", 50);
}
END_TEST

START_TEST (test_time_range)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditMatches) none = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *where = NULL;
  SlAuditFilter f = { 0 };

  {
    /* Row 100's and row 150's times, as the store wrote them. */
    g_autoptr(GPtrArray) rows = NULL;
    gint64 pick[] = { 100, 150 };

    rows = sl_engine_audit_rows (fx->db->engine, fx->db->supervisor, pick, 2, &error);
    ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
    ck_assert_int_eq (rows->len, 2);
    from = g_strdup (((SlAuditRecord *) g_ptr_array_index (rows, 0))->time);
    to = g_strdup (((SlAuditRecord *) g_ptr_array_index (rows, 1))->time);
  }
  f.time_from = from;
  f.time_to = to;
  where = g_strdup_printf ("time >= '%s' AND time < '%s'", from, to);
  assert_matches (&f, where, -1);
  {
    g_autoptr(SlAuditMatches) m = query (&f);
    ck_assert_int_eq (g_array_index (m->seqs, gint64, 0), 100);
    ck_assert_int_le (g_array_index (m->seqs, gint64, m->seqs->len - 1), 149);
  }

  /* A date is a time too; the future holds nothing yet. */
  memset (&f, 0, sizeof f);
  f.time_from = "2099-01-01";
  assert_matches (&f, "0", 0);
  f.time_from = NULL;
  f.time_to = "2000-01-01";
  assert_matches (&f, "0", 0);

  f.time_to = "yesterday";
  none = sl_engine_audit_query (fx->db->engine, fx->db->supervisor, &f, NULL, &error);
  ck_assert_ptr_null (none);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  ck_assert_ptr_nonnull (strstr (error->message, "yesterday"));
}
END_TEST

START_TEST (test_paging)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditMatches) all = query (NULL);
  SlAuditFilter f = { 0 };
  g_autoptr(SlAuditMatches) ivan = NULL;
  g_autoptr(GPtrArray) page = NULL;

  /* Three chunks of the fetch's statement in one page. */
  page = sl_engine_audit_rows (fx->db->engine, fx->db->supervisor,
                               &g_array_index (all->seqs, gint64, 10), 150, &error);
  ck_assert_msg (page != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (page->len, 150);
  for (guint i = 0; i < page->len; i++)
    {
      SlAuditRecord *r = g_ptr_array_index (page, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq = %" G_GINT64_FORMAT
                                              " AND hash = '%s' AND action = '%s' AND time = '%s'",
                                              r->seq, r->hash, r->action, r->time);

      ck_assert_int_eq (r->seq, g_array_index (all->seqs, gint64, 10 + i));
      ck_assert_int_eq (sl_test_sql_int (fx->db->db, sql), 1);
    }
  g_clear_pointer (&page, g_ptr_array_unref);

  /* A sparse page: ivan's refusals only, far apart in the log. */
  f.actor = "ivan";
  f.outcome = "refused";
  ivan = query (&f);
  page = sl_engine_audit_rows (fx->db->engine, fx->db->supervisor, (gint64 *) ivan->seqs->data,
                               ivan->seqs->len, &error);
  ck_assert_int_eq (page->len, 15);
  for (guint i = 0; i < page->len; i++)
    {
      SlAuditRecord *r = g_ptr_array_index (page, i);
      ck_assert_str_eq (r->actor, "ivan");
      ck_assert_str_eq (r->outcome, "refused");
      ck_assert_ptr_nonnull (strstr (r->details, "reason"));
    }
  g_clear_pointer (&page, g_ptr_array_unref);

  /* A seq past the end is left out. */
  {
    gint64 past[] = { all->head_seq, all->head_seq + 1000 };
    page = sl_engine_audit_rows (fx->db->engine, fx->db->supervisor, past, 2, &error);
    ck_assert_int_eq (page->len, 1);
  }
}
END_TEST

START_TEST (test_investigator_refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gint64 seq = 1;
  gint64 before = sl_test_sql_int (fx->db->db, "SELECT count(*) FROM audit WHERE actor = 'ivan' AND "
                                          "action LIKE 'audit.%' AND outcome = 'refused'");

  ck_assert_ptr_null (sl_engine_audit_query (fx->db->engine, fx->db->investigator, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_audit_rows (fx->db->engine, fx->db->investigator, &seq, 1, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_audit_stats (fx->db->engine, fx->db->investigator, NULL, NULL, &error));
  g_clear_error (&error);
  ck_assert (!sl_engine_audit_export_filtered (fx->db->engine, fx->db->investigator, NULL, SL_AUDIT_FORMAT_CSV,
                                               out, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_int_eq (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), 0);

  /* Each refusal is in the log, by name. */
  ck_assert_int_eq (sl_test_sql_int (fx->db->db, "SELECT count(*) FROM audit WHERE actor = 'ivan' AND "
                                            "action LIKE 'audit.%' AND outcome = 'refused'"), before + 4);
  ck_assert_int_eq (sl_test_sql_int (fx->db->db, "SELECT count(*) FROM audit WHERE actor = 'ivan' AND "
                                            "action = 'audit.query' AND outcome = 'refused' AND "
                                            "details LIKE '%may not read the audit log%'"), 1);
}
END_TEST

START_TEST (test_export_filtered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) csv = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) json = g_memory_output_stream_new_resizable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  SlAuditFilter f = { 0 };
  gint64 n = 0;

  f.actor = "ivy";
  f.text = "robbery at main st 1";
  ck_assert_msg (sl_engine_audit_export_filtered (fx->db->engine, fx->db->supervisor, &f, SL_AUDIT_FORMAT_CSV,
                                                  csv, NULL, &n, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (n, 11);    /* 1, 10..19 */
  ck_assert (g_output_stream_close (csv, NULL, NULL));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (csv)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (csv)));
  lines = g_strsplit (text, "\r\n", -1);
  ck_assert_int_eq (g_strv_length (lines), 1 + 11 + 1);
  ck_assert_str_eq (lines[0], "seq,time,actor_id,actor,action,object_type,object_id,case_number,outcome,details,"
                              "prev_hash,hash,rule,mode,key_id");
  for (guint i = 1; i <= 11; i++)
    ck_assert_ptr_nonnull (strstr (lines[i], ",ivy,case.open,"));

  ck_assert (sl_engine_audit_export_filtered (fx->db->engine, fx->db->supervisor, &f, SL_AUDIT_FORMAT_JSON,
                                              json, NULL, &n, &error));
  ck_assert (g_output_stream_close (json, NULL, NULL));
  g_free (text);
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (json)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (json)));
  root = sl_test_parse_json (text);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (root)), 11);
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (
                      json_array_get_object_element (json_node_get_array (root), 0), "details"), "title"),
                    "Robbery at Main St 1");

  /* Audited with the filter it applied. */
  ck_assert_int_eq (sl_test_sql_int (fx->db->db, "SELECT count(*) FROM audit WHERE action = 'audit.export' AND "
                                            "actor = 'sue' AND outcome = 'success' AND "
                                            "json_extract (details, '$.filter.actor') = 'ivy' AND "
                                            "json_extract (details, '$.rows') = 11"), 2);
}
END_TEST

START_TEST (test_cli_export_filtered)
{
  g_auto(SlTestRun) run = { 0 };
  g_auto(SlTestRun) bad = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  sl_test_cli (&run, fx->db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "json",
          "--actor", "IVAN", "--outcome", "refused", "--action", "policy", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  root = sl_test_parse_json (run.out);
  rows = json_node_get_array (root);
  ck_assert_int_eq (json_array_get_length (rows), 10);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (rows, i), "action"),
                      "policy.set");

  sl_test_cli (&bad, fx->db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--outcome", "maybe", NULL);
  ck_assert_int_eq (bad.status, 2);
}
END_TEST

START_TEST (test_stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditStats) s = sl_engine_audit_stats (fx->db->engine, fx->db->supervisor, NULL, NULL, &error);
  g_autoptr(SlAuditStats) future = NULL;
  gboolean seen = FALSE;

  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (s->n_refused, 15);
  ck_assert_int_eq (s->n_failed, 2);
  ck_assert_int_eq (s->n_searches, 0);
  ck_assert_int_eq (s->n_confirmed, 0);
  ck_assert_int_eq (s->n_disagreements, 0);
  ck_assert_int_eq (s->refusals->len, 2);
  for (guint i = 0; i < s->refusals->len; i++)
    {
      SlAuditActionCount *c = g_ptr_array_index (s->refusals, i);
      ck_assert_str_eq (c->actor, "ivan");
      if (g_str_equal (c->action, "policy.set"))
        {
          ck_assert_int_eq (c->n, 10);
          seen = TRUE;
        }
    }
  ck_assert (seen);
  /* Most first. */
  ck_assert_str_eq (((SlAuditActionCount *) g_ptr_array_index (s->refusals, 0))->action, "policy.set");

  future = sl_engine_audit_stats (fx->db->engine, fx->db->supervisor, "2099-01-01", NULL, &error);
  ck_assert_int_eq (future->n_refused, 0);
}
END_TEST

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  (*(guint *) user_data)++;
}

START_TEST (test_async)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SlAuditMatches) m = NULL;
  g_autoptr(SlAuditStats) stats = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  SlAuditVerifyResult v = { 0 };
  SlAuditFilter f = { 0 };
  guint progress = 0;
  gint64 head;

  f.actor = "ivy";
  sl_engine_audit_query_async (fx->db->engine, fx->db->supervisor, &f, 5, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  m = sl_engine_audit_query_finish (fx->db->engine, result, &error);
  ck_assert_msg (m != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (m->seqs->len, 51);
  /* The newest five, read with the query. */
  ck_assert_int_eq (m->newest->len, 5);
  for (guint i = 0; i < 5; i++)
    ck_assert_int_eq (((SlAuditRecord *) g_ptr_array_index (m->newest, i))->seq,
                      g_array_index (m->seqs, gint64, 46 + i));
  g_clear_object (&result);

  sl_engine_audit_rows_async (fx->db->engine, fx->db->supervisor, (gint64 *) m->seqs->data, 20, NULL,
                              on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  rows = sl_engine_audit_rows_finish (fx->db->engine, result, &error);
  ck_assert_int_eq (rows->len, 20);
  g_clear_object (&result);

  sl_engine_audit_stats_async (fx->db->engine, fx->db->supervisor, NULL, NULL, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  stats = sl_engine_audit_stats_finish (fx->db->engine, result, &error);
  ck_assert_int_eq (stats->n_refused, 15);
  g_clear_object (&result);

  head = rows_now ();
  sl_engine_audit_verify_async (fx->db->engine, fx->db->supervisor, 0, NULL, on_progress, &progress, NULL,
                                on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (sl_engine_audit_verify_finish (fx->db->engine, result, &v, &error), "%s",
                 error ? error->message : "");
  ck_assert_int_eq (v.problem, SL_AUDIT_INTACT);
  ck_assert_int_eq (v.head_seq, head);
  ck_assert_int_ge (progress, 1);
  sl_audit_verify_result_clear (&v);
  g_clear_object (&result);

  /* A query cancelled before it ran says so. */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_cancellable_cancel (cancel);
    sl_engine_audit_query_async (fx->db->engine, fx->db->supervisor, NULL, 0, cancel, on_done, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    ck_assert_ptr_null (sl_engine_audit_query_finish (fx->db->engine, result, &error));
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  }
}
END_TEST

/* A longer log (the bench's own filler: a year of varied rows, sign-ins to
 * refusals) matches exactly what SQL says. */
START_TEST (test_large_log)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-audit-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "big.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) sup = NULL;
  const struct { SlAuditFilter f; const char *where; } cases[] = {
    { { 0 }, "1" },
    { { .actor = "INV07" }, "actor = 'inv07'" },
    { { .action = "search" }, "action = 'search' OR action LIKE 'search.%'" },
    { { .outcome = "refused", .actor = "inv03" }, "outcome = 'refused' AND actor = 'inv03'" },
    { { .text = "W-2026-012" }, "details LIKE '%w-2026-012%'" },
    { { .case_number = "2026-00042" }, "case_number = '2026-00042'" },
  };

  ck_assert_msg (sl_audit_query_bench_fill (db, 120000, NULL, NULL, &error), "%s", error ? error->message : "");
  ck_assert (sl_engine_open (engine, &error));
  sup = sl_engine_sign_in (engine, "bench-sup", SL_AUDIT_QUERY_BENCH_PASSWORD, &error);
  ck_assert_ptr_nonnull (sup);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SlAuditMatches) m = sl_engine_audit_query (engine, sup, &cases[i].f, NULL, &error);
      g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq <= %" G_GINT64_FORMAT
                                                " AND (%s)", m->head_seq, cases[i].where);
      g_autofree char *sum = g_strdup_printf ("SELECT coalesce (sum (seq), 0) FROM audit WHERE seq <= %"
                                              G_GINT64_FORMAT " AND (%s)", m->head_seq, cases[i].where);
      gint64 total = 0;

      ck_assert_int_ge (m->head_seq, 120000);
      for (guint k = 0; k < m->seqs->len; k++)
        {
          total += g_array_index (m->seqs, gint64, k);
          if (k > 0)
            ck_assert (g_array_index (m->seqs, gint64, k - 1) < g_array_index (m->seqs, gint64, k));
        }
      ck_assert_int_eq (m->seqs->len, sl_test_sql_int (db, count));
      ck_assert_int_eq (total, sl_test_sql_int (db, sum));
    }
  g_clear_object (&sup);
  g_clear_object (&engine);
  sl_test_rm_rf (dir);
}
END_TEST

static Suite *
audit_query_suite (void)
{
  Suite *s = suite_create ("audit-query");
  TCase *tc = tcase_create ("review");
  TCase *large = tcase_create ("large");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_all_and_head);
  tcase_add_test (tc, test_each_filter);
  tcase_add_test (tc, test_free_text);
  tcase_add_test (tc, test_time_range);
  tcase_add_test (tc, test_paging);
  tcase_add_test (tc, test_investigator_refused);
  tcase_add_test (tc, test_export_filtered);
  tcase_add_test (tc, test_cli_export_filtered);
  tcase_add_test (tc, test_stats);
  tcase_add_test (tc, test_async);
  suite_add_tcase (s, tc);

  tcase_set_timeout (large, 240);
  tcase_add_test (large, test_large_log);
  suite_add_tcase (s, large);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (audit_query_suite ());
}
