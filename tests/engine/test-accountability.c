/* test-accountability.c: the accountability report through the real
 * sightline-cli on a real database: the CSV totals equal counts taken
 * straight from the tables, the PDF shows small counts as "fewer than 5"
 * while the CSV keeps them exact, and only supervisors and administrators
 * may write it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "sl-test-search.h"

/* helpers */

static char *
pdf_words (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error), "%s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pdftotext: %s", err);
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* The sum of the count column of DIR/NAME.csv, and its rows. */
static gint64
csv_total (const char *dir,
           const char *name,
           guint      *n_rows)
{
  g_autofree char *file = g_strdup_printf ("%s.csv", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 total = 0;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "no %s", path);
  lines = g_strsplit (text, "\r\n", -1);
  ck_assert_str_eq (lines[0], "key,count");
  *n_rows = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *comma = strrchr (lines[i], ',');

      if (*lines[i] == '\0')
        continue;
      ck_assert_ptr_nonnull (comma);
      total += g_ascii_strtoll (comma + 1, NULL, 10);
      (*n_rows)++;
    }
  return total;
}

/* tests */

START_TEST (test_accountability_counts)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autofree char *pdf = g_build_filename (db->dir, "accountability.pdf", NULL);
  g_autofree char *csv = g_build_filename (db->dir, "counts", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  SlDecideResult d;
  gint64 face, lead = 0;
  guint n;

  s = sl_test_enrol_lfw (db, ids, 1);
  face = sl_test_db_probe_face (db, "C-1", photo);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SlSearchResult) r = sl_test_search_shown_by (db, sl_test_db_searcher (db), "C-1", face, 2, NULL);

      if (i == 0)
        lead = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
    }
  ck_assert (sl_engine_decide (db->engine, db->investigator, lead, "possible-lead", "Same ears and hairline", &d,
                               &error));
  ck_assert (sl_engine_decide (db->engine, db->supervisor, lead, "possible-lead", "Independently the same", &d,
                               &error));
  ck_assert (sl_engine_outcome_record (db->engine, db->investigator, lead, "no-action", "Complaint withdrawn",
                                       NULL, &error));
  /* A refusal: an administrator may not search. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "accountability",
               "--from", "2000-01-01", "--to", "2100-01-01", "--out", pdf, NULL);
  ck_assert_int_eq (run.status, 3);

  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "report", "accountability",
               "--from", "2000-01-01", "--to", "2100-01-01", "--out", pdf, "--csv", csv, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);

  /* The CSV totals are the tables' counts. */
  ck_assert_int_eq (csv_total (csv, "searches-by-offence", &n), sl_test_count (db, "SELECT count(*) FROM searches"));
  ck_assert_int_eq (csv_total (csv, "searches-by-purpose", &n), 3);
  ck_assert_int_eq (csv_total (csv, "searches-by-user", &n), 3);
  ck_assert_uint_eq (n, 1);
  ck_assert_int_eq (csv_total (csv, "searches-by-week", &n), 3);
  ck_assert_int_eq (csv_total (csv, "searches-by-outcome", &n), 3);
  ck_assert_int_eq (csv_total (csv, "refusals", &n),
                    sl_test_count (db, "SELECT count(*) FROM audit WHERE outcome = 'refused'"));
  ck_assert_int_ge (csv_total (csv, "refusals", &n), 1);
  ck_assert_int_eq (csv_total (csv, "candidates-by-sex", &n), sl_test_count (db, "SELECT count(*) FROM candidates"));
  ck_assert_int_eq (csv_total (csv, "leads-by-sex", &n), 1);
  ck_assert_int_eq (csv_total (csv, "models", &n), 3);

  /* The PDF: small counts are "fewer than 5"; the CSV keeps the 3. */
  text = pdf_words (pdf);
  ck_assert_msg (strstr (text, "Accountability report") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "ROBBERY — Robbery") != NULL, "%s", text);
  /* The one searcher, sid, counted "fewer than 5" (pdftotext may put the
   * column heading between the two). */
  ck_assert_msg (g_regex_match_simple ("sid (Count )?fewer than 5", text, 0, 0), "%s", text);
  ck_assert_msg (strstr (text, "Count 6") != NULL, "%s", text);    /* 6 candidates: shown exactly */
  ck_assert_msg (strstr (text, "never grounds for arrest") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "Authorisations") != NULL, "%s", text);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'report.accountability' "
                                       "AND outcome = 'success'"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'report.accountability' "
                                       "AND outcome = 'refused'"), 1);
  /* A period that ends before it starts is a usage error. */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "report", "accountability",
               "--from", "2030-01-01", "--to", "2020-01-01", "--out", pdf, NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_assert_intact (db);
}
END_TEST

static Suite *
accountability_suite (void)
{
  Suite *s = suite_create ("accountability");
  TCase *tc = tcase_create ("accountability");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_accountability_counts);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (accountability_suite ());
}
