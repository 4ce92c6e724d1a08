/* test-hardening.c: issue 12's attacks on text and exports, through the
 * real sightline-cli and the engine: justifications of invisible
 * characters or padding refused with the same words by the CLI and by the
 * check the GUI asks; labels in one normal form; audit exports whose cells
 * a spreadsheet reads as data, never as formulas.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "core/sl-csv.h"
#include "core/sl-csv-write.h"
#include "engine/sightline-engine.h"
#include "sl-test-store.h"

#define ZWSP "\xe2\x80\x8b"
#define RLO  "\xe2\x80\xae"
#define GOOD_BASIS "Warrant 2024/117 of the district court"
#define GOOD_FACTS "The man on the shop camera took the till at 21:40 and left on foot towards the station."

/* helpers */

static char *
repeat (const char *piece,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, piece);
  return g_string_free (s, FALSE);
}

/* The CLI's search with this justification; its exit code and first
 * line of complaint. */
static int
cli_search (SlTestDb        *db,
            const char  *legal_basis,
            const char  *facts,
            char       **message)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", "C-1", "--face", "1",
          "--gallery", "county", "--offense", "ROBBERY", "--legal-basis", legal_basis, "--purpose", "suspect",
          "--facts", facts, NULL);
  *message = g_strdup (run.err);
  return run.status;
}

/* tests */

START_TEST (test_justification_says_something)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *zw2 = repeat (ZWSP, 2);
  g_autofree char *zw40 = repeat (ZWSP, 40);
  g_autofree char *a35 = repeat ("a", 35);
  g_autofree char *a_spaced = repeat ("a ", 20);
  g_autofree char *overridden = g_strconcat ("Warrant ", RLO, "711/4202 of the court", NULL);
  const struct { const char *what; const char *basis; const char *facts; const char *says; } attacks[] = {
    { "zero-width basis and facts", zw2, zw40, "U+200B" },
    { "35 x a", GOOD_BASIS, a35, "at least 8 words" },
    { "a a a", GOOD_BASIS, a_spaced, "20 words, 1 of them different" },
    { "one-word basis", "aaaaaaaaaa", GOOD_FACTS, "legal basis must name" },
    { "direction override", overridden, GOOD_FACTS, "U+202E" },
  };
  gint64 refused_before = sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'search' "
                                              "AND outcome = 'refused'");

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autofree char *cli = NULL;
      g_autoptr(GError) error = NULL;
      SlSearchRequest req = { "C-1", 1, "county", "ROBBERY", attacks[i].basis, "suspect", attacks[i].facts };
      int status = cli_search (db, attacks[i].basis, attacks[i].facts, &cli);

      ck_assert_msg (status == 3, "%s: exit %d: %s", attacks[i].what, status, cli);
      ck_assert_msg (strstr (cli, attacks[i].says) != NULL, "%s: %s", attacks[i].what, cli);
      /* The check the GUI's search dialog shows, in the same words. */
      ck_assert (!sl_engine_search_request_check (db->engine, db->investigator, &req, &error));
      ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
      ck_assert_msg (strstr (cli, error->message) != NULL, "CLI '%s' vs engine '%s'", cli, error->message);
    }
  /* Each refused search is audited as refused. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = 'refused'"),
                    refused_before + (gint64) G_N_ELEMENTS (attacks));

  /* A real justification passes the text rules: what stops it now is the
   * missing case, not the words. */
  {
    g_autofree char *cli = NULL;
    int status = cli_search (db, GOOD_BASIS, GOOD_FACTS, &cli);

    ck_assert_msg (status == 1 && strstr (cli, "There is no case 'C-1'") != NULL, "exit %d: %s", status, cli);
  }
}
END_TEST

START_TEST (test_labels_normal_and_visible)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *title = g_strconcat ("Robbery ", RLO, "gnp.exe", NULL);
  g_autofree char *number = g_strconcat ("C-", ZWSP, "2", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonArray *cases;

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-1", "--title", title, NULL);
  ck_assert_msg (run.status == 2 && strstr (run.err, "case title") && strstr (run.err, "U+202E"), "%d: %s",
                 run.status, run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", number, "--title", "Shop robbery", NULL);
  ck_assert_msg (run.status == 2 && strstr (run.err, "case number") && strstr (run.err, "U+200B"), "%d: %s",
                 run.status, run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-3", "--title", "-- ...", NULL);
  ck_assert_msg (run.status == 2 && strstr (run.err, "at least one letter or digit"), "%d: %s", run.status,
                 run.err);
  {
    g_autoptr(GError) error = NULL;

    ck_assert (!sl_engine_user_add (db->engine, db->admin, "eve", ZWSP ZWSP, SL_ROLE_INVESTIGATOR,
                                    "eve-password-123", &error));
    ck_assert_msg (strstr (error->message, "display name") && strstr (error->message, "U+200B"), "%s",
                   error->message);
  }

  /* Full-width "Ｃ-７" is stored as C-7, and C-7 is then the same case. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "\xef\xbc\xa3-\xef\xbc\x97", "--title",
          "Shop robbery", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-7", "--title", "Again", NULL);
  ck_assert_int_ne (run.status, 0);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "case", "list", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  list = sl_test_parse_json (run.out);
  cases = json_node_get_array (list);
  ck_assert_uint_eq (json_array_get_length (cases), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (cases, 0), "number"), "C-7");
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM cases"), 1);
}
END_TEST

START_TEST (test_csv_export_is_data)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *csv = g_build_filename (db->dir, "audit.csv", NULL);
  const char *formulas[] = { "=HYPERLINK(\"http://evil.example\",\"open\")", "+1+cmd", "-2+3", "@SUM(A1:A9)",
                             "=1+1" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  guint found[G_N_ELEMENTS (formulas)] = { 0 };
  guint cells = 0;

  /* Real actions put the values in the log: cases opened and closed
   * under these numbers. */
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autoptr(SlCase) c = sl_engine_case_open (db->engine, db->investigator, formulas[i], formulas[i], &error);

      ck_assert_msg (c != NULL, "%s: %s", formulas[i], error ? error->message : "");
      ck_assert_msg (sl_engine_case_close (db->engine, db->investigator, formulas[i], &error), "%s: %s",
                     formulas[i], error ? error->message : "");
    }
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "csv", "--out", csv, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);

  rows = sl_csv_parse_file (csv, &error);
  ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
  ck_assert_uint_gt (rows->len, 2 * G_N_ELEMENTS (formulas));
  for (guint r = 0; r < rows->len; r++)
    {
      SlCsvRow *row = g_ptr_array_index (rows, r);

      for (guint c = 0; row->fields[c] != NULL; c++, cells++)
        {
          const char *cell = row->fields[c];

          ck_assert_msg (!sl_csv_cell_is_formula (cell), "line %u, cell %u is a formula: %s", row->line, c + 1,
                         cell);
          for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
            if (cell[0] == '\'' && g_str_equal (cell + 1, formulas[i]))
              found[i]++;
            else
              ck_assert_msg (!g_str_equal (cell, formulas[i]), "line %u: '%s' exported as it is", row->line, cell);
        }
    }
  /* Every value came out, neutralised: in the case column of its open and
   * close rows at least. */
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    ck_assert_msg (found[i] >= 2, "'%s' found %u times", formulas[i], found[i]);
  ck_assert_uint_gt (cells, 0);
}
END_TEST

START_TEST (test_errors_name_the_evidence)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *photo = sl_test_shared_image ();
  g_autofree char *cut = g_build_filename (db->dir, "till-camera.jpg", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_auto(SlTestRun) run = { 0 };
  gsize len = 0;

  /* A JPEG cut short: its header passes the import, the analysis cannot
   * decode it, and says so of the file the investigator knows. */
  ck_assert (g_file_get_contents (photo, &bytes, &len, NULL));
  ck_assert_uint_gt (len, 3000);
  ck_assert (g_file_set_contents (cut, bytes, 3000, NULL));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-1", "--title", "Shop robbery", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "evidence", "import", "--case", "C-1", cut,
          NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  node = sl_test_parse_json (run.out);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (node), "id"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "analyse", "--case", "C-1", id, NULL);
  ck_assert_msg (run.status == 4, "exit %d: %s", run.status, run.err);
  ck_assert_msg (strstr (run.err, "'till-camera.jpg'") != NULL, "%s", run.err);
  ck_assert_msg (strstr (run.err, "/evidence/") == NULL && strstr (run.err, db->dir) == NULL,
                 "the store's path is named: %s", run.err);
}
END_TEST

static Suite *
hardening_suite (void)
{
  Suite *s = suite_create ("hardening");
  TCase *tc = tcase_create ("text");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_justification_says_something);
  tcase_add_test (tc, test_labels_normal_and_visible);
  tcase_add_test (tc, test_csv_export_is_data);
  tcase_add_test (tc, test_errors_name_the_evidence);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (hardening_suite ());
}
