/* test-records.c: searches read back through the engine on a real
 * database with real models and LFW photos: the record with its
 * justification and candidates, a case's searches oldest first, the probe
 * face with its crop, enrolled faces' thumbnails; the first decision kept
 * from a possible second reviewer; reads not audited.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "engine/sightline-engine.h"
#include "sl-test-search.h"

typedef struct
{
  SlTestDb      *db;
  char      *identity;     /* the person the probe photo is of */
  gint64     face;
  gint64     search;
  gint64     candidates[3];
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

static gint64
run_search (Fixture    *f,
            const char *facts)
{
  g_autoptr(SlSearchResult) r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "C-1", f->face, 3,
                                                           facts);

  ck_assert_uint_eq (r->candidates->len, 3);
  for (guint i = 0; i < 3; i++)
    f->candidates[i] = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, i))->candidate_id;
  return r->search_id;
}

/* One search of a six-person gallery, three candidates shown. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autofree char *photo = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;

  f->db = sl_test_db_new (FALSE);
  f->identity = g_strdup (g_ptr_array_index (ids, 0));
  photo = sl_test_lfw_image (f->identity, 2);
  s = sl_test_enrol_lfw (f->db, ids, 1);
  f->face = sl_test_db_probe_face (f->db, "C-1", photo);
  f->search = run_search (f, NULL);
  return f;
}

static gint64
audit_rows (Fixture *f)
{
  return sl_test_count (f->db, "SELECT count(*) FROM audit");
}

static void
decide (Fixture   *f,
        SlSession *who,
        gint64     candidate)
{
  g_autoptr(GError) error = NULL;
  SlDecideResult r;

  ck_assert_msg (sl_engine_decide (f->db->engine, who, candidate, "possible-lead", "Same ears and hairline", &r,
                                   &error), "%s", error ? error->message : "");
}

static const SlCandidate *
candidate_at (const SlSearchRecord *r,
              guint                 i)
{
  return g_ptr_array_index (r->candidates, i);
}

/* tests */

START_TEST (test_record_fields)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(SlSearchRecord) r = NULL;
  g_autoptr(SlSearchRecord) as_admin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = audit_rows (f);

  r = sl_engine_search_record_get (f->db->engine, f->db->investigator, f->search, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (r->id, f->search);
  ck_assert_str_eq (r->case_number, "C-1");
  ck_assert_str_eq (r->probe, "face");
  ck_assert_int_eq (r->face_id, f->face);
  ck_assert_int_eq (r->track_id, 0);
  ck_assert_int_gt (r->evidence_id, 0);
  ck_assert (g_str_has_suffix (r->evidence_name, ".jpg"));
  ck_assert_ptr_null (r->probe_purged_at);
  ck_assert_str_eq (r->gallery_name, "county");
  ck_assert_int_eq (r->gallery_subjects, 6);
  ck_assert_int_eq (r->gallery_size, 6);
  ck_assert_str_eq (r->model_id, "fr-feature");
  ck_assert_uint_eq (strlen (r->model_sha256), 64);
  ck_assert (r->calibration != NULL && *r->calibration != '\0');
  ck_assert_uint_eq (r->top_k, 3);
  ck_assert (r->below_threshold_shown);
  ck_assert_uint_le (r->above_threshold, 3);
  ck_assert_str_eq (r->offense_code, "ROBBERY");
  ck_assert_str_eq (r->offense_label, "Robbery");
  ck_assert_str_eq (r->legal_basis, "Warrant 2024/117 of the district court");
  ck_assert_str_eq (r->purpose, "suspect");
  ck_assert_str_eq (r->facts, SL_TEST_FACTS);
  ck_assert_str_eq (r->run_by, "sid");
  ck_assert (r->run_by_name != NULL);
  ck_assert (strcmp (r->started_at, r->ended_at) <= 0);

  /* The candidates by rank, the person of the photo first. */
  ck_assert_uint_eq (r->candidates->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      ck_assert_uint_eq (candidate_at (r, i)->rank, i + 1);
      ck_assert_int_eq (candidate_at (r, i)->id, f->candidates[i]);
      ck_assert_int_eq (candidate_at (r, i)->status, SL_REVIEW_UNDECIDED);
      ck_assert_ptr_null (candidate_at (r, i)->first);
    }
  ck_assert_str_eq (candidate_at (r, 0)->subject_external_id, f->identity);
  ck_assert (candidate_at (r, 0)->similarity > candidate_at (r, 1)->similarity);

  /* Administrators see cases too; no such search is NOT_FOUND. */
  as_admin = sl_engine_search_record_get (f->db->engine, f->db->admin, f->search, &error);
  ck_assert (as_admin != NULL);
  ck_assert_ptr_null (sl_engine_search_record_get (f->db->engine, f->db->investigator, 9999, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));

  /* Reads are not audited. */
  ck_assert_int_eq (audit_rows (f), before);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_records_for_case)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 second = run_search (f, "A second look after a witness described the same jacket and cap.");

  list = sl_engine_search_records_for_case (f->db->engine, f->db->supervisor, "C-1", &error);
  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (list->len, 2);
  ck_assert_int_eq (((SlSearchRecord *) g_ptr_array_index (list, 0))->id, f->search);
  ck_assert_int_eq (((SlSearchRecord *) g_ptr_array_index (list, 1))->id, second);
  ck_assert_str_eq (((SlSearchRecord *) g_ptr_array_index (list, 1))->facts,
                    "A second look after a witness described the same jacket and cap.");
  ck_assert_uint_eq (((SlSearchRecord *) g_ptr_array_index (list, 1))->candidates->len, 3);

  ck_assert_ptr_null (sl_engine_search_records_for_case (f->db->engine, f->db->investigator, "C-404", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (test_blind_second_review)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(SlSearchRecord) mine = NULL;
  g_autoptr(SlSearchRecord) blind = NULL;
  g_autoptr(SlSearchRecord) after = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;

  decide (f, f->db->investigator, f->candidates[0]);

  /* Whoever took the first decision sees it. */
  mine = sl_engine_search_record_get (f->db->engine, f->db->investigator, f->search, &error);
  ck_assert_int_eq (candidate_at (mine, 0)->status, SL_REVIEW_AWAITING_SECOND);
  ck_assert_str_eq (candidate_at (mine, 0)->first->reviewer, "ivan");
  ck_assert_uint_eq (sl_search_record_n_withheld (mine), 0);

  /* A supervisor who may give the second review does not. */
  blind = sl_engine_search_record_get (f->db->engine, f->db->supervisor, f->search, &error);
  ck_assert_int_eq (candidate_at (blind, 0)->status, SL_REVIEW_AWAITING_SECOND);
  ck_assert_ptr_null (candidate_at (blind, 0)->first);
  ck_assert_uint_eq (sl_search_record_n_withheld (blind), 1);
  queue = sl_engine_review_queue (f->db->engine, f->db->supervisor, &error);
  ck_assert_uint_eq (queue->len, 1);

  /* Once reviewed, both decisions are on the record for everyone. */
  decide (f, f->db->supervisor, f->candidates[0]);
  after = sl_engine_search_record_get (f->db->engine, f->db->supervisor, f->search, &error);
  ck_assert_int_eq (candidate_at (after, 0)->status, SL_REVIEW_CONFIRMED_LEAD);
  ck_assert_str_eq (candidate_at (after, 0)->first->reviewer, "ivan");
  ck_assert_str_eq (candidate_at (after, 0)->second->reviewer, "sue");
  ck_assert_str_eq (candidate_at (after, 0)->second->rationale, "Same ears and hairline");
  ck_assert_uint_eq (sl_search_record_n_withheld (after), 0);
}
END_TEST

START_TEST (test_probe_and_thumbnail)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(SlProbeFace) face = NULL;
  g_autoptr(SlProbeFace) bare = NULL;
  g_autoptr(SlSearchRecord) r = NULL;
  g_autoptr(GBytes) thumb = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *bytes;
  gsize len;
  gint64 before = audit_rows (f);

  face = sl_engine_probe_face_get (f->db->engine, f->db->investigator, f->face, TRUE, &error);
  ck_assert_msg (face != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (face->crop);
  bytes = g_bytes_get_data (face->crop, &len);
  ck_assert_uint_gt (len, 500);
  ck_assert (bytes[0] == 0xff && bytes[1] == 0xd8);
  ck_assert_ptr_null (face->embedding);
  ck_assert_ptr_null (face->purged_at);
  ck_assert_str_eq (face->case_number, "C-1");

  bare = sl_engine_probe_face_get (f->db->engine, f->db->investigator, f->face, FALSE, &error);
  ck_assert_ptr_null (bare->crop);
  ck_assert_ptr_null (sl_engine_probe_face_get (f->db->engine, f->db->investigator, 9999, TRUE, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  r = sl_engine_search_record_get (f->db->engine, f->db->investigator, f->search, &error);
  thumb = sl_engine_gallery_face_thumbnail (f->db->engine, f->db->investigator,
                                            candidate_at (r, 0)->gallery_face_id, &error);
  ck_assert_msg (thumb != NULL, "%s", error ? error->message : "");
  bytes = g_bytes_get_data (thumb, &len);
  ck_assert_uint_gt (len, 500);
  ck_assert (bytes[0] == 0xff && bytes[1] == 0xd8);
  ck_assert_ptr_null (sl_engine_gallery_face_thumbnail (f->db->engine, f->db->investigator, 9999, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  ck_assert_int_eq (audit_rows (f), before);
}
END_TEST

static Suite *
records_suite (void)
{
  Suite *s = suite_create ("records");
  TCase *tc = tcase_create ("records");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_record_fields);
  tcase_add_test (tc, test_records_for_case);
  tcase_add_test (tc, test_blind_second_review);
  tcase_add_test (tc, test_probe_and_thumbnail);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (records_suite ());
}
