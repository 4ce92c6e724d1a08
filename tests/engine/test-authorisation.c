/* test-authorisation.c: the authorisation of a case's searches through the
 * engine and the real sightline-cli, on real SQLite files, the real models
 * and real LFW photos: before-search refuses until a supervisor records
 * the grant; within-48h runs searches on a clock (injected, never slept
 * on) and refuses them once the deadline passed; a refusal seals every
 * search of the case (gallery and within the case): their candidates,
 * decisions and probe data are gone from the database files, the search
 * rows and the audit stay, and the chain verifies; decisions on sealed
 * candidates are refused; the policy's minimum offense category.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <sqlite3.h>

#include "sl-test-search.h"

#define CASE "AUTH-1"

#define assert_refused(e) \
  ck_assert_msg (g_error_matches ((e), SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "not refused: %s", \
                 (e) != NULL ? (e)->message : "no error")

typedef struct
{
  SlTestDb *db;
  gint64    probe;      /* a photo of a person enrolled in "county" */
  gint64    mate;       /* another photo of them, in the case too */
} Fixture;

/* The injected clock: the test moves it, nobody sleeps. */
static GDateTime *test_now;

/* helpers */

static GDateTime *
fake_clock (gpointer data)
{
  return g_date_time_ref (test_now);
}

static void
set_now (GDateTime *now)
{
  g_clear_pointer (&test_now, g_date_time_unref);
  test_now = g_date_time_ref (now);
  sl_store_set_clock (fake_clock, NULL);
}

static void
fixture_free (Fixture *f)
{
  sl_store_set_clock (NULL, NULL);
  g_clear_pointer (&test_now, g_date_time_unref);
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_new (const char *mode)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 4);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *mate = NULL;

  f->db = sl_test_db_new (FALSE);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  probe = sl_test_lfw_image (g_ptr_array_index (ids, 0), 1);
  mate = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  f->probe = sl_test_db_probe_face (f->db, CASE, probe);
  f->mate = sl_test_db_probe_face (f->db, CASE, mate);
  ck_assert_msg (sl_engine_policy_set (f->db->engine, f->db->admin, "authorisation", mode, &error), "%s",
                 error ? error->message : "");
  return f;
}

static SlSearchResult *
gallery_search (Fixture  *f,
                GError  **error)
{
  SlSearchRequest req;

  sl_test_request_init (&req, CASE, f->probe, "county");
  req.show_below_threshold = TRUE;
  req.top_k = 3;
  return sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, error);
}

static SlWithinResult *
within_search (Fixture  *f,
               GError  **error)
{
  SlSearchRequest req;

  sl_test_request_init (&req, CASE, f->probe, NULL);
  req.within_case = TRUE;
  req.show_below_threshold = TRUE;
  return sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, error);
}

static gint64
request (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuthorisation) a =
    sl_engine_authorisation_request (f->db->engine, f->db->investigator, CASE, "District court Mitte",
                                     "AZ 31 Gs 117/26", &error);

  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (a->state, SL_AUTHORISATION_PENDING);
  return a->id;
}

static SlCaseAuthorisationState
state_of (Fixture *f,
          gint64  *seconds_left)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuthorisationStatus) s =
    sl_engine_authorisation_status (f->db->engine, f->db->investigator, CASE, &error);

  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  if (seconds_left != NULL)
    *seconds_left = s->seconds_left;
  return s->state;
}

/* A blob of the database, read over a connection of the test's own. */
static GBytes *
read_blob (const char *db,
           const char *sql)
{
  g_autoptr(GPtrArray) rows = sl_test_sql_rows (db, sql);
  gsize size = 0;
  const void *data = rows->len > 0 ? sl_test_row_blob (g_ptr_array_index (rows, 0), 0, &size) : NULL;

  return data != NULL && size > 0 ? g_bytes_new (data, size) : NULL;
}

/* Whether any 64-byte piece of needle is in the file (absent files hold
 * nothing): a long blob can be split over pages. */
#define PIECE 64

static gboolean
file_holds (const char *path,
            GBytes     *needle)
{
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0, n = 0, from = 0;
  const guint8 *p = g_bytes_get_data (needle, &n);
  const guint8 *data;
  const guint8 *scan;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  /* Read by another process: open() and close() here would drop the
   * POSIX locks the engine's connection holds on the file. */
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "cat", path, NULL);
  ck_assert_msg (cat != NULL, "%s", error ? error->message : "");
  ck_assert_msg (g_subprocess_communicate (cat, NULL, NULL, &contents, NULL, &error), "%s",
                 error ? error->message : "");
  data = g_bytes_get_data (contents, &len);
  /* A JPEG's header and tables are the same in every crop: only what
   * follows its start-of-scan marker is this face's. */
  if (n > 2 && p[0] == 0xff && p[1] == 0xd8 && (scan = memmem (p, n, "\xff\xda", 2)) != NULL)
    from = (gsize) (scan - p) + 16;
  for (gsize at = from; at + PIECE <= n; at += PIECE)
    if (memmem (data, len, p + at, PIECE) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
files_hold (const char *db,
            GBytes     *needle)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  return file_holds (db, needle) || file_holds (wal, needle);
}

/* The report's words, separated by single spaces (poppler's pdftotext). */
static char *
report_words (Fixture    *f,
              const char *name)
{
  g_autofree char *pdf = g_build_filename (f->db->dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status;

  ck_assert_msg (sl_engine_report_write (f->db->engine, f->db->investigator, CASE, pdf, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error), "%s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pdftotext: %s", err);
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* tests */

START_TEST (test_before_search)
{
  g_autoptr(Fixture) f = fixture_new ("before-search");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlWithinResult) w = NULL;
  g_autoptr(SlAuthorisation) a = NULL;
  g_auto(SlTestRun) run = { 0 };
  gint64 id;

  /* No request: both kinds of search refused, and audited. */
  ck_assert (gallery_search (f, &error) == NULL);
  assert_refused (error);
  ck_assert_msg (strstr (error->message, "authorisation") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (within_search (f, &error) == NULL);
  assert_refused (error);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = 'refused' "
                                   "AND case_number = '" CASE "' AND details LIKE '%%authorisation%%'"), 2);
  ck_assert_int_eq (state_of (f, NULL), SL_CASE_AUTHORISATION_AWAITING);

  /* Requested from the command line: still refused until granted, and
   * the command line says so with exit code 3. */
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "authorisation", "request",
               "--case", CASE, "--authority", "District court Mitte", "--reference", "AZ 31 Gs 117/26", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  id = sl_test_count (f->db, "SELECT id FROM authorisations WHERE state = 'pending'");
  ck_assert_int_gt (id, 0);
  sl_test_run_clear (&run);
  {
    g_autofree char *face = g_strdup_printf ("%" PRId64, f->probe);

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", CASE,
                 "--face", face, "--gallery", "county", "--offense", "ROBBERY", "--legal-basis",
                 "Warrant 2024/117 of the district court", "--purpose", "suspect", "--facts", SL_TEST_FACTS, NULL);
    ck_assert_int_eq (run.status, 3);
    ck_assert_msg (strstr (run.err, "not granted yet") != NULL, "%s", run.err);
  }
  /* A second request while one is pending is refused. */
  ck_assert (sl_engine_authorisation_request (f->db->engine, f->db->investigator, CASE, "Court", "X 1", &error) ==
             NULL);
  assert_refused (error);
  g_clear_error (&error);

  /* Only a supervisor records the authority's decision, and says what it was. */
  ck_assert (sl_engine_authorisation_decide (f->db->engine, f->db->investigator, id, TRUE, "Granted", NULL, &error) ==
             NULL);
  assert_refused (error);
  g_clear_error (&error);
  ck_assert (sl_engine_authorisation_decide (f->db->engine, f->db->supervisor, id, TRUE, " ", NULL, &error) == NULL);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  a = sl_engine_authorisation_decide (f->db->engine, f->db->supervisor, id, TRUE,
                                      "Order of 12 May: face search in the gallery county allowed", NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (a->state, SL_AUTHORISATION_GRANTED);
  ck_assert_str_eq (a->decided_by, "sue");
  ck_assert_int_eq (state_of (f, NULL), SL_CASE_AUTHORISATION_GRANTED);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'authorisation.grant' AND "
                                   "outcome = 'success' AND json_extract (details, '$.reference') = "
                                   "'AZ 31 Gs 117/26'"), 1);
  /* Decided once. */
  ck_assert (sl_engine_authorisation_decide (f->db->engine, f->db->supervisor, id, FALSE, "Refused", NULL, &error) ==
             NULL);
  assert_refused (error);
  g_clear_error (&error);
  sl_test_sql_refused (f->db, "UPDATE authorisations SET state = 'refused'");
  sl_test_sql_refused (f->db, "DELETE FROM authorisations");

  r = gallery_search (f, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  w = within_search (f, &error);
  ck_assert_msg (w != NULL, "%s", error ? error->message : "");
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_within_clock)
{
  g_autoptr(Fixture) f = fixture_new ("within-48h");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t0 = g_date_time_new (utc, 2026, 5, 12, 9, 0, 0);
  g_autoptr(GDateTime) t47 = g_date_time_add_hours (t0, 47);
  g_autoptr(GDateTime) t48 = g_date_time_add_seconds (t0, 48 * 3600 + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuthorisation) a = NULL;
  gint64 left = 0, id;

  set_now (t0);
  /* Before any search the clock has not started. */
  ck_assert_int_eq (state_of (f, &left), SL_CASE_AUTHORISATION_AWAITING);
  ck_assert_int_eq (left, 0);
  {
    g_autoptr(SlSearchResult) r = gallery_search (f, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  }
  ck_assert_int_eq (state_of (f, &left), SL_CASE_AUTHORISATION_AWAITING);
  ck_assert_int_eq (left, 48 * 3600);

  set_now (t47);
  {
    g_autoptr(SlWithinResult) w = within_search (f, &error);
    ck_assert_msg (w != NULL, "%s", error ? error->message : "");
  }
  ck_assert_int_eq (state_of (f, &left), SL_CASE_AUTHORISATION_AWAITING);
  ck_assert_int_eq (left, 3600);
  id = request (f);

  /* Past the deadline without a grant: no further search of either kind,
   * however late the request came. */
  set_now (t48);
  ck_assert_int_eq (state_of (f, &left), SL_CASE_AUTHORISATION_OVERDUE);
  ck_assert_int_eq (left, 0);
  ck_assert (gallery_search (f, &error) == NULL);
  assert_refused (error);
  ck_assert_msg (strstr (error->message, "48 hours") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (within_search (f, &error) == NULL);
  assert_refused (error);
  g_clear_error (&error);

  /* The hours are the policy's. */
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "authorisation-hours", "72", &error));
  ck_assert_int_eq (state_of (f, &left), SL_CASE_AUTHORISATION_AWAITING);
  ck_assert_int_eq (left, 24 * 3600 - 1);
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "authorisation-hours", "48", &error));

  /* A late grant lets the case be searched again. */
  a = sl_engine_authorisation_decide (f->db->engine, f->db->supervisor, id, TRUE, "Granted on 14 May", NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  {
    g_autoptr(SlSearchResult) r = gallery_search (f, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  }
}
END_TEST

START_TEST (test_refusal_seals)
{
  g_autoptr(Fixture) f = fixture_new ("within-48h");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlWithinResult) w = NULL;
  g_autoptr(SlAuthorisation) a = NULL;
  g_autoptr(GBytes) embedding = NULL;
  g_autoptr(GBytes) crop = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *sql = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *other;
  guint cli_candidates;
  SlDecideResult d = { 0 };
  SlSealCounts counts;
  gint64 k, id;

  r = gallery_search (f, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (r->candidates->len, 1);
  w = within_search (f, &error);
  ck_assert_msg (w != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (w->candidates->len, 1);
  /* The command line says the search awaits its authorisation, and the
   * time left. */
  {
    g_autofree char *face = g_strdup_printf ("%" PRId64, f->mate);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case",
                 CASE, "--face", face, "--within-case", "--offense", "ROBBERY", "--legal-basis",
                 "Warrant 2024/117 of the district court", "--purpose", "suspect", "--facts", SL_TEST_FACTS, NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    node = sl_test_parse_json (run.out);
    o = json_node_get_object (node);
    ck_assert_msg (g_regex_match_simple ("^Awaiting authorisation: (47 h [0-9]+|48 h 0) min left$",
                                         json_object_get_string_member (o, "authorisation"), 0, 0),
                   "%s", run.out);
    cli_candidates = json_array_get_length (json_object_get_array_member (o, "candidates"));
    sl_test_run_clear (&run);
  }
  k = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  /* Not by whoever ran the search (separation of duties). */
  ck_assert_msg (sl_engine_decide (f->db->engine, f->db->supervisor, k, "possible-lead",
                                   "Ears, nose and hairline agree with the probe", &d, &error), "%s",
                 error ? error->message : "");

  sql = g_strdup_printf ("SELECT embedding FROM faces WHERE id = %" PRId64, f->probe);
  embedding = read_blob (f->db->db, sql);
  ck_assert (embedding != NULL);
  g_free (sql);
  sql = g_strdup_printf ("SELECT crop FROM faces WHERE id = %" PRId64, f->probe);
  crop = read_blob (f->db->db, sql);
  /* The file's bytes (on a server, its own files are the server's to
   * keep: the rows below show the erasure there). */
  if (sl_test_db_owner (f->db->db) == NULL)
    {
      ck_assert (files_hold (f->db->db, embedding));
      ck_assert (crop == NULL || files_hold (f->db->db, crop));
    }

  /* Another person's face among the candidates (the probe's own name is
   * in the evidence's file name). */
  ck_assert_uint_ge (r->candidates->len, 2);
  other = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 1))->external_id;
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "profile-name", "Berlin, StPO 98a", &error));
  before = report_words (f, "before.pdf");
  /* The title page: labels in one column, values in the other. */
  ck_assert (strstr (before, "Policy profile") != NULL);
  ck_assert (strstr (before, "Berlin, StPO 98a") != NULL);
  ck_assert_msg (strstr (before, other) != NULL, "the report does not name candidate %s", other);
  ck_assert_msg (strstr (before, "Awaiting authorisation") != NULL, "%s", before);

  id = request (f);
  a = sl_engine_authorisation_decide (f->db->engine, f->db->supervisor, id, FALSE,
                                      "The court refused the order on 13 May: no urgency shown", &counts, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (a->state, SL_AUTHORISATION_REFUSED);
  ck_assert_uint_eq (counts.searches, 3);
  ck_assert_uint_eq (counts.candidates, r->candidates->len + w->candidates->len + cli_candidates);
  ck_assert_uint_eq (counts.decisions, 1);
  ck_assert_uint_ge (counts.faces, 1);

  /* Gone from the files: the probe's embedding and crop (a database file;
   * a server's storage is its own). */
  if (sl_test_db_owner (f->db->db) == NULL)
    {
      ck_assert_msg (!files_hold (f->db->db, embedding), "the sealed probe's embedding is still in the files");
      if (crop != NULL)
        ck_assert_msg (!files_hold (f->db->db, crop), "the sealed probe's crop is still in the files");
    }

  /* Gone from the tables; the search rows stay, sealed; the audit keeps
   * what happened and verifies. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM candidates"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_candidates"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM case_searches"), 2);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM sealed_searches WHERE authorisation_id = %" PRId64,
                                   id), 3);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM faces WHERE id = %" PRId64 " AND purged_at IS NOT NULL "
                                   "AND length (embedding) = 0 AND crop IS NULL", f->probe), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'authorisation.refuse' AND "
                                   "outcome = 'success' AND json_extract (details, '$.sealed_searches') = 3"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND "
                                   "outcome = 'success'"), 3);
  sl_test_assert_intact (f->db);
  ck_assert_int_eq (state_of (f, NULL), SL_CASE_AUTHORISATION_REFUSED);

  /* Nor do the audit's rows, and so its exports, name them: the search and
   * decision rows refer to candidates by id, the candidate rows held who
   * they were (only the gallery's own enrolment rows name its subjects). */
  {
    g_autofree char *like = g_strdup_printf ("SELECT count(*) FROM audit WHERE action NOT LIKE 'gallery.%%' "
                                             "AND details LIKE '%%%s%%'", other);

    ck_assert_int_eq (sl_test_count (f->db, "%s", like), 0);
  }

  /* The accountability report counts the refusal and what it sealed. */
  {
    g_autofree char *pdf = g_build_filename (f->db->dir, "accountability.pdf", NULL);
    g_autofree char *csv_dir = g_build_filename (f->db->dir, "accountability", NULL);
    g_autofree char *csv_path = g_build_filename (csv_dir, "authorisations.csv", NULL);
    g_autofree char *csv = NULL;

    ck_assert_msg (sl_engine_accountability_write (f->db->engine, f->db->supervisor, "2000-01-01", "2100-01-01", pdf,
                                                   csv_dir, NULL, &error), "%s", error ? error->message : "");
    ck_assert (g_file_get_contents (csv_path, &csv, NULL, NULL));
    ck_assert_msg (strstr (csv, "\nrefused,1\r\n") != NULL && strstr (csv, "\nrequested,1\r\n") != NULL &&
                   strstr (csv, "\nsearches sealed by a refusal,3\r\n") != NULL, "%s", csv);
  }

  /* The report keeps both searches, sealed, and none of their candidates. */
  after = report_words (f, "after.pdf");
  ck_assert_msg (strstr (after, other) == NULL, "the report still names the sealed candidate %s", other);
  ck_assert_msg (strstr (after, "Refused by District court Mitte (AZ 31 Gs 117/26)") != NULL, "%s", after);
  {
    const char *p = after;
    guint n = 0;

    while ((p = strstr (p, "Sealed: authorisation refused")) != NULL)
      n++, p++;
    ck_assert_uint_eq (n, 3);
  }

  /* The seal is once and for all. */
  sl_test_sql_refused (f->db, "DELETE FROM sealed_searches");
  sl_test_sql_refused (f->db, "UPDATE sealed_searches SET kind = 'case'");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO candidates (search_id, rank, subject_id, gallery_face_id, similarity, "
                         "false_match_rate, fmr_beyond_range, expected_false, above_threshold) "
                         "SELECT %" PRId64 ", 1, id, 1, 0.9, 0.1, 0, 0.1, 1 FROM subjects LIMIT 1", r->search_id);
  sl_test_sql_refused (f->db, sql);

  /* No decision on a sealed candidate, in the engine or at the command line. */
  ck_assert (!sl_engine_decide (f->db->engine, f->db->supervisor, k, "excluded", "Different ear shape and chin",
                                &d, &error));
  assert_refused (error);
  ck_assert_msg (strstr (error->message, "sealed") != NULL, "%s", error->message);
  g_clear_error (&error);
  candidate = g_strdup_printf ("%" PRId64, k);
  sl_test_cli (&run, f->db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "decide", "--candidate", candidate,
               "--decision", "excluded", "--rationale", "Different ear shape and chin", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 0);

  /* After the refusal no further search runs in the case. */
  ck_assert (gallery_search (f, &error) == NULL);
  assert_refused (error);
  g_clear_error (&error);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_unsealed_stays)
{
  g_autoptr(Fixture) f = fixture_new ("none");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchResult) r = gallery_search (f, &error);

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (state_of (f, NULL), SL_CASE_AUTHORISATION_NOT_NEEDED);
  /* Without a seal, candidates and decisions stay undeletable. */
  sl_test_sql_refused (f->db, "DELETE FROM candidates");
  sl_test_sql_refused (f->db, "UPDATE faces SET embedding = x'', crop = NULL WHERE 1");

  /* The minimum offense category: ROBBERY is 3, BURGLARY 2. */
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "min-offense-category", "3", &error));
  {
    SlSearchRequest req;
    g_autoptr(SlSearchResult) burglary = NULL;
    g_autoptr(SlSearchResult) robbery = NULL;

    sl_test_request_init (&req, CASE, f->probe, "county");
    req.offense = "BURGLARY";
    burglary = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
    ck_assert (burglary == NULL);
    assert_refused (error);
    ck_assert_msg (strstr (error->message, "category 2") != NULL, "%s", error->message);
    g_clear_error (&error);
    ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "offense-category.BURGLARY", "3", &error));
    burglary = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
    ck_assert_msg (burglary != NULL, "%s", error ? error->message : "");
    req.offense = "ROBBERY";
    robbery = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
    ck_assert_msg (robbery != NULL, "%s", error ? error->message : "");
  }
  ck_assert (!sl_engine_policy_set (f->db->engine, f->db->admin, "min-offense-category", "6", &error));
  g_clear_error (&error);
  ck_assert (!sl_engine_policy_set (f->db->engine, f->db->admin, "authorisation", "after-search", &error));
  g_clear_error (&error);
  ck_assert (!sl_engine_policy_set (f->db->engine, f->db->admin, "profile-name", "  ", &error));
}
END_TEST

START_TEST (test_footage_justification)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = sl_engine_case_open (db->engine, db->investigator, CASE, "Shop robbery", &error);
  g_autofree char *clip = g_build_filename (db->dir, "shop.avi", NULL);
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *id = NULL;
  SlAnalyseOptions options = { -1, NULL, NULL, NULL, NULL };

  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  sl_test_write_avi (clip, 160, 120, 10, 5);
  e = sl_engine_evidence_import (db->engine, db->investigator, CASE, clip, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (e->kind, SL_EVIDENCE_FOOTAGE);
  id = g_strdup_printf ("%" PRId64, e->id);

  /* On: no footage analysed without the person sought and the facts,
   * refused and audited, in the engine and at the command line. */
  ck_assert (sl_engine_policy_set (db->engine, db->admin, "footage-analysis-justification", "on", &error));
  ck_assert (sl_engine_analyse_full (db->engine, db->investigator, CASE, e->id, NULL, &options, NULL, &error) == NULL);
  assert_refused (error);
  ck_assert_msg (strstr (error->message, "person sought") != NULL, "%s", error->message);
  g_clear_error (&error);
  options.person_sought = "The man in the grey hooded jacket";
  options.facts = "Too short";
  ck_assert (sl_engine_analyse_full (db->engine, db->investigator, CASE, e->id, NULL, &options, NULL, &error) == NULL);
  assert_refused (error);
  g_clear_error (&error);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "analyze", "--case", CASE, id, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM footage_analyses"), 0);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'evidence.analyze' AND "
                                   "outcome = 'refused'"), 3);

  /* With both it runs, and the audit row keeps them. */
  options.facts = SL_TEST_FACTS;
  a = sl_engine_analyse_full (db->engine, db->investigator, CASE, e->id, NULL, &options, NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'evidence.analyze' AND "
                                   "outcome = 'success' AND json_extract (details, '$.person_sought') = "
                                   "'The man in the grey hooded jacket' AND json_extract (details, '$.facts') = "
                                   "'" SL_TEST_FACTS "'"), 1);

  /* Off (the default): footage is analysed without them. */
  ck_assert (sl_engine_policy_set (db->engine, db->admin, "footage-analysis-justification", "off", &error));
  sl_test_run_clear (&run);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "analyze", "--case", CASE, id, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_assert_intact (db);
}
END_TEST

static Suite *
authorisation_suite (void)
{
  Suite *s = suite_create ("authorisation");
  TCase *tc = tcase_create ("authorisation");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_before_search);
  tcase_add_test (tc, test_within_clock);
  tcase_add_test (tc, test_refusal_seals);
  tcase_add_test (tc, test_unsealed_stays);
  tcase_add_test (tc, test_footage_justification);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (authorisation_suite ());
}
