/* test-retention.c: the retention purge on a real database with real
 * models and LFW photos: a case closed longer ago than retention-days
 * loses its probe data and keeps its records; an open case and a recently
 * closed one keep everything; the audit chain stays intact; a second purge
 * does nothing; investigators are refused, on record. Time is moved with
 * the engine's "as of" rather than by editing the database.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "core/sl-store.h"
#include "engine/sightline-engine.h"
#include "sl-test-footage.h"
#include "sl-test-search.h"

typedef struct
{
  SlTestDb   *db;
  gint64  old_face;
  gint64  old_search;
  char   *as_of;       /* a time when OLD is past retention and RECENT is not */
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_free (f->as_of);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static char *
closed_at (Fixture    *f,
           const char *number)
{
  g_autoptr(GPtrArray) cases = sl_engine_case_list (f->db->engine, f->db->investigator, NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      SlCase *c = g_ptr_array_index (cases, i);
      if (g_str_equal (c->number, number))
        return g_strdup (c->closed_at);
    }
  ck_abort_msg ("no case %s", number);
  return NULL;
}

/* Cases OLD (searched, decided, closed first), RECENT (closed later) and
 * OPEN; retention 30 days; as_of 30 days after a moment between the two
 * closings. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 4);
  g_autofree char *old_closed = NULL;
  g_autofree char *recent_closed = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t1 = NULL, t2 = NULL, cutoff = NULL, as_of = NULL;
  SlDecideResult d;

  f->db = sl_test_db_new (FALSE);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const cases[] = { "OLD", "RECENT", "OPEN" };
      g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, i), 2);
      gint64 face = sl_test_db_probe_face (f->db, cases[i], photo);

      if (i == 0)
        f->old_face = face;
    }
  r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "OLD", f->old_face, 2, NULL);
  f->old_search = r->search_id;
  ck_assert (sl_engine_decide (f->db->engine, f->db->investigator,
                               ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id,
                               "possible-lead", "Same ears and hairline", &d, &error));

  ck_assert (sl_engine_case_close (f->db->engine, f->db->investigator, "OLD", &error));
  g_usleep (50000);
  ck_assert (sl_engine_case_close (f->db->engine, f->db->investigator, "RECENT", &error));
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "retention-days", "30", &error));

  old_closed = closed_at (f, "OLD");
  recent_closed = closed_at (f, "RECENT");
  t1 = g_date_time_new_from_iso8601 (old_closed, utc);
  t2 = g_date_time_new_from_iso8601 (recent_closed, utc);
  cutoff = g_date_time_add (t1, g_date_time_difference (t2, t1) / 2);
  as_of = g_date_time_add_days (cutoff, 30);
  f->as_of = sl_store_format_time (as_of);
  return f;
}

static gint64
intact_faces (Fixture    *f,
              const char *case_number)
{
  return sl_test_count (f->db, "SELECT count(*) FROM faces f JOIN evidence e ON e.id = f.evidence_id JOIN cases c "
                          "ON c.id = e.case_id WHERE c.number = '%s' AND f.purged_at IS NULL "
                          "AND length (f.embedding) > 0 AND f.crop IS NOT NULL", case_number);
}

/* tests */

START_TEST (test_purge)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchRecord) record = NULL;
  g_autoptr(SlProbeFace) face = NULL;
  SlRetentionSummary dry = { 0, }, done = { 0, }, again = { 0, };
  gint64 old_faces = intact_faces (f, "OLD"), rows;

  ck_assert_int_ge (old_faces, 1);
  ck_assert_int_ge (intact_faces (f, "RECENT"), 1);
  ck_assert_int_ge (intact_faces (f, "OPEN"), 1);

  /* Investigators do not carry out the policy; the refusal is on record. */
  ck_assert (!sl_engine_retention_purge (f->db->engine, f->db->investigator, FALSE, &done, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND outcome = "
                                     "'refused' AND actor = 'ivan'"), 1);

  /* Today nothing is due: the cases were closed moments ago. */
  ck_assert (sl_engine_retention_purge (f->db->engine, f->db->admin, FALSE, &done, &error));
  ck_assert_uint_eq (done.cases, 0);
  ck_assert_uint_eq (done.retention_days, 30);
  sl_retention_summary_clear (&done);

  /* A dry run as of later says what it would do and does nothing. */
  ck_assert_msg (sl_engine_retention_purge_at (f->db->engine, f->db->admin, f->as_of, TRUE, &dry, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_eq (dry.cases, 1);
  ck_assert_str_eq (dry.case_numbers[0], "OLD");
  ck_assert_int_eq (dry.faces, old_faces);
  ck_assert_int_eq (intact_faces (f, "OLD"), old_faces);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                     "json_extract (details, '$.dry_run') = 1"), 1);

  ck_assert (sl_engine_retention_purge_at (f->db->engine, f->db->admin, f->as_of, FALSE, &done, &error));
  ck_assert_uint_eq (done.cases, 1);
  ck_assert_str_eq (done.case_numbers[0], "OLD");
  ck_assert_int_eq (done.faces, old_faces);
  ck_assert_int_eq (done.crops, old_faces);
  ck_assert_str_eq (done.cutoff, dry.cutoff);

  /* OLD's probe data is gone, its rows stay; the others keep everything. */
  ck_assert_int_eq (intact_faces (f, "OLD"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM faces WHERE purged_at IS NOT NULL AND "
                                     "length (embedding) = 0 AND crop IS NULL"), old_faces);
  ck_assert_int_ge (intact_faces (f, "RECENT"), 1);
  ck_assert_int_ge (intact_faces (f, "OPEN"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND outcome = "
                                     "'success' AND case_number = 'OLD' AND json_extract (details, '$.faces') = "
                                     "%" G_GINT64_FORMAT, old_faces), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM decisions"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM candidates"), 2);
  sl_test_assert_intact (f->db);

  /* The search is still on record, and says its probe was purged. */
  record = sl_engine_search_record_get (f->db->engine, f->db->investigator, f->old_search, &error);
  ck_assert_msg (record != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (record->probe_purged_at);
  ck_assert_str_eq (record->facts, SL_TEST_FACTS);
  ck_assert_uint_eq (record->candidates->len, 2);
  face = sl_engine_probe_face_get (f->db->engine, f->db->investigator, f->old_face, TRUE, &error);
  ck_assert_ptr_null (face->crop);
  ck_assert_str_eq (face->purged_at, record->probe_purged_at);

  /* Again: nothing more to do, nothing written. */
  rows = sl_test_count (f->db, "SELECT count(*) FROM audit");
  ck_assert (sl_engine_retention_purge_at (f->db->engine, f->db->admin, f->as_of, FALSE, &again, &error));
  ck_assert_uint_eq (again.cases, 0);
  ck_assert_uint_eq (again.faces, 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit"), rows);

  /* The schema lets a face change only by being purged, once. */
  sl_test_sql_refused (f->db, "UPDATE faces SET crop = x'ffd8' WHERE purged_at IS NOT NULL");
  sl_test_sql_refused (f->db, "UPDATE faces SET purged_at = NULL");
  sl_test_sql_refused (f->db, "UPDATE faces SET box_x = 1 WHERE purged_at IS NULL");
  sl_test_sql_refused (f->db, "UPDATE faces SET embedding = x'', crop = NULL, purged_at = 'now', box_x = 1 "
                         "WHERE purged_at IS NULL");
  sl_test_sql_refused (f->db, "DELETE FROM audit WHERE action = 'retention.purge'");

  sl_retention_summary_clear (&dry);
  sl_retention_summary_clear (&done);
  sl_retention_summary_clear (&again);
}
END_TEST

START_TEST (test_report_after_purge)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *pdf = g_build_filename (f->db->dir, "old.pdf", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  SlRetentionSummary done = { 0, };
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  int status;

  ck_assert (sl_engine_retention_purge_at (f->db->engine, f->db->admin, f->as_of, FALSE, &done, &error));
  ck_assert_msg (sl_engine_report_write (f->db->engine, f->db->investigator, "OLD", pdf, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, NULL));
  ck_assert_msg (strstr (out, "purged under the retention policy") != NULL, "%s", out);
  sl_retention_summary_clear (&done);
}
END_TEST

START_TEST (test_kept_forever_and_cli)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SlTestRun) run = { 0, };
  SlRetentionSummary done = { 0, };
  JsonObject *o;

  /* 0 keeps probe data forever, however long ago a case was closed. */
  sl_test_policy_apply (f->db->engine, f->db->admin, f->db->supervisor, "retention-days", "0", NULL);
  ck_assert (sl_engine_retention_purge_at (f->db->engine, f->db->admin, "2100-01-01", FALSE, &done, &error));
  ck_assert_uint_eq (done.cases, 0);
  ck_assert_ptr_null (done.cutoff);
  ck_assert_int_ge (intact_faces (f, "OLD"), 1);
  sl_retention_summary_clear (&done);

  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "retention", "purge", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_run_clear (&run);
  sl_test_cli (&run, f->db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "retention", "NOW", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_run_clear (&run);
  sl_test_cli (&run, f->db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "retention", "purge", "--dry-run", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  node = sl_test_parse_json (run.out);
  o = json_node_get_object (node);
  ck_assert (json_object_get_boolean_member (o, "dry_run"));
  ck_assert_int_eq (json_object_get_int_member (o, "retention_days"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "cases"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "faces"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND outcome = "
                                     "'refused'"), 1);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_tracks_purged)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 1);
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 4, 7);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clip = g_build_filename (db->dir, "door.avi", NULL);
  const char *person = g_ptr_array_index (ids, 0);
  SlRetentionSummary done = { 0, };

  sl_test_script_add (script, person, sl_test_person_photo (sl_test_lfw_dir (), person, 0), 0.4, 3.6, 0.35, 0.5, 0.6, 0.5,
                 0.34, 0.38);
  ck_assert_msg (sl_test_script_write (script, sl_test_lfw_dir (), clip, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error), "%s",
                 error ? error->message : "");
  c = sl_engine_case_open (db->engine, db->investigator, "FOOT-OLD", "Doorway", &error);
  e = sl_engine_evidence_import (db->engine, db->investigator, "FOOT-OLD", clip, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");
  a = sl_engine_analyse_full (db->engine, db->investigator, "FOOT-OLD", e->id, NULL, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (a->tracks->len, 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks WHERE template IS NOT NULL"), a->tracks->len);

  ck_assert (sl_engine_case_close (db->engine, db->investigator, "FOOT-OLD", &error));
  ck_assert (sl_engine_policy_set (db->engine, db->admin, "retention-days", "1", &error));
  ck_assert (sl_engine_retention_purge_at (db->engine, db->admin, "2100-01-01", FALSE, &done, &error));
  ck_assert_uint_eq (done.cases, 1);
  ck_assert_uint_eq (done.tracks, a->tracks->len);
  ck_assert_uint_ge (done.faces, a->tracks->len);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks WHERE template IS NOT NULL"), 0);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks WHERE purged_at IS NOT NULL"), a->tracks->len);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM faces WHERE purged_at IS NULL"), 0);
  sl_test_sql_refused (db, "UPDATE tracks SET template = x'00000000'");
  sl_test_sql_refused (db, "UPDATE tracks SET purged_at = NULL");
  sl_test_assert_intact (db);
  sl_retention_summary_clear (&done);
}
END_TEST

static Suite *
retention_suite (void)
{
  Suite *s = suite_create ("retention");
  TCase *tc = tcase_create ("retention");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_purge);
  tcase_add_test (tc, test_report_after_purge);
  tcase_add_test (tc, test_kept_forever_and_cli);
  tcase_add_test (tc, test_tracks_purged);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (retention_suite ());
}
