/* test-report.c: the case report on a real database with real models and
 * LFW photos: its text read back with poppler's pdftotext, every page
 * rendered with pdftoppm (kept as test artefacts), its audit row, the
 * refusal, a target that cannot be written, the worker-thread variant and
 * the real sightline-cli.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "engine/sightline-engine.h"
#include "sl-test-search.h"

#define FACTS_2 "A second witness saw the same person at the bus stop on Main Street at 21:55, in a red cap."

typedef struct
{
  SlTestDb      *db;
  char      *identity;
  gint64     searches[2];
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_free (f->identity);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* Two searches in C-1; the top candidate of the first a confirmed lead,
 * the second's awaiting review. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  gint64 face;

  f->db = sl_test_db_new (FALSE);
  f->identity = g_strdup (g_ptr_array_index (ids, 0));
  photo = sl_test_lfw_image (f->identity, 2);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  face = sl_test_db_probe_face (f->db, "C-1", photo);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SlSearchResult) r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "C-1", face, 4,
                                                             i == 1 ? FACTS_2 : NULL);
      SlDecideResult d;
      gint64 top;

      f->searches[i] = r->search_id;
      top = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
      ck_assert (sl_engine_decide (f->db->engine, f->db->investigator, top, "possible-lead",
                                   "Ears, nose and hairline agree with the probe", &d, &error));
      if (i == 0)
        {
          ck_assert (sl_engine_decide (f->db->engine, f->db->supervisor, top, "possible-lead",
                                       "Independently compared: the same features", &d, &error));
          ck_assert (sl_engine_outcome_record (f->db->engine, f->db->investigator, top, "corroborated",
                                               "Bank card records place him at the shop", NULL, &error));
          ck_assert (sl_engine_outcome_record (f->db->engine, f->db->investigator, top, "no-action",
                                               "The shop withdrew its complaint", NULL, &error));
        }
    }
  return f;
}

/* pdftotext's words, separated by single spaces whatever the line breaks. */
static char *
pdf_words (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error), "%s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pdftotext: %s", err);
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
    return g_string_free (g_steal_pointer (&joined), FALSE);
  }
}

/* pdftotext's text as laid out, line by line. */
static char *
pdf_lines (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-raw", pdf, "-", NULL };
  int status;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error), "%s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pdftotext: %s", err);
  return g_steal_pointer (&out);
}

static guint
occurrences (const char *text,
             const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  ck_assert_msg (strstr (text, needle) != NULL, "the report does not say '%s'", needle);
}

/* Renders every page as PNG into the artefact folder; how many it made. */
static guint
render_pages (const char *pdf,
              const char *name)
{
  const char *dir = g_getenv ("SIGHTLINE_TEST_OUTPUT_DIR");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *out_dir = g_build_filename (dir != NULL ? dir : cwd, "report-pages", NULL);
  g_autofree char *prefix = g_build_filename (out_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *argv[] = { "pdftoppm", "-png", "-r", "50", pdf, prefix, NULL };
  const char *entry;
  int status;
  guint n = 0;

  ck_assert_int_eq (g_mkdir_with_parents (out_dir, 0755), 0);
  /* The pages of an earlier run go first. */
  d = g_dir_open (out_dir, 0, &error);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, name) && g_str_has_suffix (entry, ".png"))
      {
        g_autofree char *path = g_build_filename (out_dir, entry, NULL);
        g_unlink (path);
      }
  g_clear_pointer (&d, g_dir_close);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error), "%s", error ? error->message : "");
  ck_assert (g_spawn_check_wait_status (status, NULL));
  d = g_dir_open (out_dir, 0, &error);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, name) && g_str_has_suffix (entry, ".png"))
      {
        g_autofree char *path = g_build_filename (out_dir, entry, NULL);
        GStatBuf st;

        ck_assert_int_eq (g_stat (path, &st), 0);
        ck_assert_int_gt (st.st_size, 1000);
        n++;
      }
  return n;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* tests */

START_TEST (test_report_content)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *pdf = g_build_filename (f->db->dir, "C-1 report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *first_page = NULL;
  g_autofree char *last_page = NULL;
  g_autoptr(GError) error = NULL;
  SlReportSummary summary = { 0, };
  SlDecideResult corrected = { 0, };

  /* A corrected decision shows with its correction. */
  ck_assert_msg (sl_engine_decision_correct (f->db->engine, f->db->investigator,
                                             sl_test_count (f->db, "SELECT max (candidate_id) FROM decisions"),
                                             "inconclusive", "The second photo is too blurred to tell", &corrected,
                                             &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_report_write_full (f->db->engine, f->db->investigator, "C-1", pdf, &summary, NULL,
                                              &error), "%s", error ? error->message : "");
  ck_assert_str_eq (summary.path, pdf);
  ck_assert_uint_eq (summary.searches, 2);
  ck_assert_uint_ge (summary.pages, 3);
  sha = sl_test_sha256_file (pdf);
  ck_assert_str_eq (summary.sha256, sha);

  text = pdf_words (pdf);
  assert_contains (text, "Case C-1");
  assert_contains (text, "Investigative leads, not identifications");
  assert_contains (text, "Candidates are investigative leads, not identifications.");
  assert_contains (text, SL_TEST_FACTS);
  assert_contains (text, FACTS_2);
  assert_contains (text, "Warrant 2024/117 of the district court");
  assert_contains (text, "ROBBERY — Robbery");
  assert_contains (text, f->identity);
  assert_contains (text, "confirmed lead");
  assert_contains (text, "awaiting second review");
  assert_contains (text, "Independently compared: the same features");
  assert_contains (text, "Ears, nose and hairline agree with the probe");
  assert_contains (text, "Corrected to inconclusive by ivan");
  assert_contains (text, "The second photo is too blurred to tell");
  assert_contains (text, "candidate.correct");
  assert_contains (text, "Confirmed leads");
  /* The outcome history: the superseded record stays beside the one in force. */
  assert_contains (text, "Outcomes of the leads");
  assert_contains (text, "never grounds for arrest");
  assert_contains (text, "corroborated by other evidence (superseded by");
  assert_contains (text, "Bank card records place him at the shop");
  assert_contains (text, "no action taken");
  assert_contains (text, "The shop withdrew its complaint");
  assert_contains (text, "Models used");
  assert_contains (text, "fr-feature");
  assert_contains (text, "Audit trail of the case");
  assert_contains (text, "candidate.decide");
  assert_contains (text, " 1 in ");
  first_page = g_strdup_printf ("Page 1 of %u", summary.pages);
  last_page = g_strdup_printf ("Page %u of %u", summary.pages, summary.pages);
  assert_contains (text, first_page);
  assert_contains (text, last_page);
  /* The statement is in every page's footer. */
  ck_assert_uint_ge (occurrences (text, "every lead needs independent corroboration"), summary.pages);
  /* Both searches' first decisions, the second's not yet reviewed. */
  ck_assert_uint_eq (occurrences (text, "Ears, nose and hairline agree with the probe"), 2);

  ck_assert_uint_eq (render_pages (pdf, "case-report"), summary.pages);

  /* Its audit row, with the file's hash, size and pages. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'report.write' AND outcome = "
                                     "'success' AND case_number = 'C-1' AND json_extract (details, '$.sha256') = "
                                     "'%s' AND json_extract (details, '$.pages') = %u AND "
                                     "json_extract (details, '$.bytes') = %" G_GUINT64_FORMAT, sha, summary.pages,
                              summary.bytes), 1);
  sl_report_summary_clear (&summary);
  sl_test_assert_intact (f->db);
}
END_TEST

/* A user name is never broken across lines, not even in the audit
 * trail's narrow Actor column, and no time shows as ISO 8601 with
 * microseconds. */
START_TEST (test_report_whole_names)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *pdf = g_build_filename (f->db->dir, "C-1 names.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) iso = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:", 0, 0, NULL);
  g_autoptr(SlSession) long_name = NULL;
  g_autoptr(GError) error = NULL;
  SlReportSummary summary = { 0, };
  SlDecideResult d = { 0, };

  ck_assert_msg (sl_engine_user_add (f->db->engine, f->db->admin, "m.schneider-hoffmann", "Marion Schneider-Hoffmann",
                                     SL_ROLE_SUPERVISOR, SL_TEST_SUPERVISOR_PASSWORD, &error),
                 "%s", error ? error->message : "");
  long_name = sl_engine_sign_in (f->db->engine, "m.schneider-hoffmann", SL_TEST_SUPERVISOR_PASSWORD, &error);
  ck_assert_msg (long_name != NULL, "%s", error ? error->message : "");
  /* The second search's top candidate awaits its second review. */
  ck_assert_msg (sl_engine_decide (f->db->engine, long_name,
                                   sl_test_count (f->db, "SELECT max (candidate_id) FROM decisions"), "possible-lead",
                                   "The same scar above the left eyebrow", &d, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_report_write_full (f->db->engine, f->db->investigator, "C-1", pdf, &summary, NULL,
                                              &error), "%s", error ? error->message : "");
  text = pdf_lines (pdf);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      ck_assert_msg (strstr (lines[i], "hoffmann") == NULL || strstr (lines[i], "m.schneider-hoffmann") != NULL,
                     "a user name is broken across lines: '%s' / '%s'", i > 0 ? lines[i - 1] : "", lines[i]);
      ck_assert_msg (!g_regex_match (iso, lines[i], 0, &match), "an ISO time in the report: '%s'", lines[i]);
    }
  /* The decision paragraph, the leads table and the audit trail. */
  ck_assert_uint_ge (occurrences (text, "m.schneider-hoffmann"), 3);
  render_pages (pdf, "case-report-names");
  sl_report_summary_clear (&summary);
}
END_TEST

START_TEST (test_report_refused)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *pdf = g_build_filename (f->db->dir, "refused.pdf", NULL);
  g_auto(SlTestRun) run = { 0, };
  g_autoptr(GError) error = NULL;

  /* Administrators do not work cases, and do not report on them. */
  ck_assert (!sl_engine_report_write (f->db->engine, f->db->admin, "C-1", pdf, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert (!g_file_test (pdf, G_FILE_TEST_EXISTS));
  sl_test_cli (&run, f->db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "report", "--case", "C-1", "--out", pdf, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert (!g_file_test (pdf, G_FILE_TEST_EXISTS));
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'report.write' AND outcome = "
                                     "'refused' AND actor = 'root'"), 2);
  sl_test_run_clear (&run);
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "--case", "C-1", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_report_unwritable)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *ro = g_build_filename (f->db->dir, "read-only", NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;

  ck_assert_int_eq (g_mkdir (ro, 0500), 0);
  /* root writes anywhere it may; /proc takes no new file even from root. */
  pdf = geteuid () == 0 ? g_strdup ("/proc/sightline-report.pdf") : g_build_filename (ro, "report.pdf", NULL);
  ck_assert (!sl_engine_report_write (f->db->engine, f->db->investigator, "C-1", pdf, NULL, &error));
  ck_assert_msg (strstr (error->message, pdf) != NULL, "%s", error->message);
  ck_assert (!g_file_test (pdf, G_FILE_TEST_EXISTS));
  d = g_dir_open (ro, 0, NULL);
  ck_assert_ptr_null (g_dir_read_name (d));
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'report.write' AND outcome = "
                                     "'failed'"), 1);
  {
    g_auto(SlTestRun) run = { 0, };

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "--case", "C-1", "--out", pdf, NULL);
    ck_assert_int_eq (run.status, 1);
    ck_assert_msg (strstr (run.err, pdf) != NULL, "%s", run.err);
    ck_assert (!g_file_test (pdf, G_FILE_TEST_EXISTS));
  }

  /* An unknown case is not found, and leaves no file either. */
  g_clear_error (&error);
  g_free (pdf);
  pdf = g_build_filename (f->db->dir, "none.pdf", NULL);
  ck_assert (!sl_engine_report_write (f->db->engine, f->db->investigator, "C-404", pdf, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  ck_assert (!g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_chmod (ro, 0700);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_report_async_and_cli)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *pdf = g_build_filename (f->db->dir, "async.pdf", NULL);
  g_autofree char *cli_pdf = g_build_filename (f->db->dir, "cli.pdf", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SlTestRun) run = { 0, };
  SlReportSummary summary = { 0, };
  JsonObject *o;

  sl_engine_report_write_async (f->db->engine, f->db->supervisor, "C-1", pdf, NULL, on_written, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (sl_engine_report_write_finish (f->db->engine, result, &summary, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_ge (summary.pages, 3);
  ck_assert (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  sl_report_summary_clear (&summary);
  /* The supervisor may still give the second search's second review: its
   * first decision is not in their report. */
  {
    g_autofree char *text = pdf_words (pdf);

    assert_contains (text, "The first decision on 1 candidate is withheld from this report");
    assert_contains (text, "First decision: withheld from this reader");
    ck_assert_uint_eq (occurrences (text, "Ears, nose and hairline agree with the probe"), 1);
  }

  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "report", "--case", "C-1", "--out", cli_pdf,
          NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  node = sl_test_parse_json (run.out);
  o = json_node_get_object (node);
  sha = sl_test_sha256_file (cli_pdf);
  ck_assert_str_eq (json_object_get_string_member (o, "path"), cli_pdf);
  ck_assert_str_eq (json_object_get_string_member (o, "sha256"), sha);
  ck_assert_int_eq (json_object_get_int_member (o, "searches"), 2);
  ck_assert_int_ge (json_object_get_int_member (o, "pages"), 3);
  ck_assert_int_eq (json_object_get_int_member (o, "bytes"), sl_test_sql_int (f->db->db, "SELECT json_extract (details, "
                                                                         "'$.bytes') FROM audit WHERE action = "
                                                                         "'report.write' ORDER BY seq DESC LIMIT 1"));
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'report.write' AND outcome = "
                                     "'success'"), 2);
  sl_test_assert_intact (f->db);
}
END_TEST

/* Issue 15: a damaged piece of evidence is said so in the report, with why. */
START_TEST (test_report_damaged_evidence)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = g_build_filename (sl_test_lfw_dir (), "Aaron_Peirsol", "Aaron_Peirsol_0001.jpg", NULL);
  g_autofree char *cut = g_build_filename (db->dir, "till-cut.jpg", NULL);
  g_autofree char *pdf = g_build_filename (db->dir, "damaged.pdf", NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  SlReportSummary summary = { 0, };
  gsize len;

  ck_assert (g_file_get_contents (photo, &data, &len, NULL));
  ck_assert (g_file_set_contents (cut, data, (gssize) (len / 2), NULL));
  c = sl_engine_case_open (db->engine, db->investigator, "C-CUT", "A cut photo", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  e = sl_engine_evidence_import (db->engine, db->investigator, "C-CUT", cut, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL && e->damage != NULL, "%s", error ? error->message : "not marked damaged");
  ck_assert_msg (sl_engine_report_write_full (db->engine, db->investigator, "C-CUT", pdf, &summary, NULL, &error),
                 "%s", error ? error->message : "");
  text = pdf_words (pdf);
  assert_contains (text, "Damaged");
  assert_contains (text, "the JPEG data ends early");
  sl_report_summary_clear (&summary);
}
END_TEST

START_TEST (test_report_empty_case)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (db->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;
  SlReportSummary summary = { 0, };

  c = sl_engine_case_open (db->engine, db->investigator, "C-EMPTY", "Nothing yet", &error);
  ck_assert (sl_engine_case_close (db->engine, db->supervisor, "C-EMPTY", &error));
  ck_assert_msg (sl_engine_report_write_full (db->engine, db->investigator, "C-EMPTY", pdf, &summary, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert_uint_eq (summary.searches, 0);
  ck_assert_uint_eq (summary.pages, 2);
  text = pdf_words (pdf);
  assert_contains (text, "No evidence was imported into this case.");
  assert_contains (text, "No search was run in this case.");
  assert_contains (text, "No candidate of this case is a confirmed lead.");
  assert_contains (text, "closed");
  assert_contains (text, "(sue)");
  assert_contains (text, "case.close");
  assert_contains (text, "Page 2 of 2");
  ck_assert_uint_eq (render_pages (pdf, "empty-case"), 2);
  sl_report_summary_clear (&summary);
}
END_TEST

/* Two searches within a case, one finding the probe person's two other
 * photos and one finding nobody: both in the report, the candidates with
 * their evidence, the other with its no-candidate line. */
START_TEST (test_report_within_case)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 3);
  g_autoptr(SlWithinResult) found = NULL;
  g_autoptr(SlWithinResult) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (db->dir, "within.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *names[3] = { NULL, };
  SlReportSummary summary = { 0, };
  SlSearchRequest req;
  gint64 mates[3];
  gint64 other;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), i);

      mates[i] = sl_test_db_probe_face (db, "W-1", photo);
      names[i] = g_path_get_basename (photo);
    }
  {
    g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 1), 0);

    other = sl_test_db_probe_face (db, "W-1", photo);
  }
  sl_test_request_init (&req, "W-1", mates[0], NULL);
  req.within_case = TRUE;
  found = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
  ck_assert_msg (found != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (found->candidates->len, 2);
  sl_test_request_init (&req, "W-1", other, NULL);
  req.within_case = TRUE;
  req.facts = FACTS_2;
  req.legal_basis = "Court order 2024/233";
  none = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
  ck_assert_msg (none != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (none->above_threshold, 0);

  ck_assert_msg (sl_engine_report_write_full (db->engine, db->investigator, "W-1", pdf, &summary, NULL, &error),
                 "%s", error ? error->message : "");
  text = pdf_words (pdf);
  assert_contains (text, "Searches within this case");
  {
    g_autofree char *first = g_strdup_printf ("Search within the case 1 (record %" G_GINT64_FORMAT ")",
                                              found->search_id);
    g_autofree char *second = g_strdup_printf ("Search within the case 2 (record %" G_GINT64_FORMAT ")",
                                               none->search_id);

    assert_contains (text, first);
    assert_contains (text, second);
  }
  assert_contains (text, SL_TEST_FACTS);
  assert_contains (text, FACTS_2);
  assert_contains (text, "Court order 2024/233");
  assert_contains (text, "ROBBERY — Robbery");
  assert_contains (text, "faces and tracks of the case");
  /* Each candidate with its evidence, face and rate in words. */
  for (guint i = 0; i < 2; i++)
    {
      const SlWithinCandidate *k = g_ptr_array_index (found->candidates, i);
      guint n = k->face_id == mates[1] ? 1 : 2;
      /* the face's one label, as every screen says it */
      g_autofree char *face = g_strdup_printf ("Face %" G_GINT64_FORMAT " · %s", k->face_id, names[n]);

      ck_assert (k->face_id == mates[1] || k->face_id == mates[2]);
      assert_contains (text, face);
    }
  assert_contains (text, " 1 in ");
  ck_assert_uint_eq (occurrences (text, "No face or track of the case reached the threshold."), 1);
  render_pages (pdf, "within-case");
  sl_report_summary_clear (&summary);
}
END_TEST

static Suite *
report_suite (void)
{
  Suite *s = suite_create ("report");
  TCase *tc = tcase_create ("report");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_report_content);
  tcase_add_test (tc, test_report_whole_names);
  tcase_add_test (tc, test_report_refused);
  tcase_add_test (tc, test_report_unwritable);
  tcase_add_test (tc, test_report_async_and_cli);
  tcase_add_test (tc, test_report_empty_case);
  tcase_add_test (tc, test_report_damaged_evidence);
  tcase_add_test (tc, test_report_within_case);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (report_suite ());
}
