/* test-search.c: the justified search through the engine on real SQLite
 * files, real models and real LFW photos: probe faces, every refusal
 * (audited, nothing searched), exact ranking by subject against brute
 * force, calibrated rates, the explicit "no candidate" result, the record
 * of the search, and the search matrix kept while the gallery is unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "core/sl-matcher.h"
#include "analysis/sl-calibrate.h"
#include "sl-test-search.h"

#define N_IDENTITIES 12

typedef struct
{
  SlTestDb      *db;
  GPtrArray *ids;
  char      *dir;
} Fixture;

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_ptr_array_unref (f->ids);
  g_free (f->dir);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* A gallery "county" of the first two photos of twelve people. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *root = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;

  f->db = sl_test_db_new (FALSE);
  f->ids = sl_test_lfw_identities (3, N_IDENTITIES);
  root = g_build_filename (f->db->dir, "gallery", NULL);
  f->dir = sl_test_lfw_gallery_dir (root, f->ids, 2);
  s = sl_test_enrol_dir (f->db, "county", f->dir);
  ck_assert_uint_ge (s->counts[SL_ENROL_ENROLLED], N_IDENTITIES);
  return f;
}

static SlSearchResult *
search_ok (SlTestDb              *db,
           const SlSearchRequest *req)
{
  g_autoptr(GError) error = NULL;
  SlSearchResult *r = sl_engine_search (db->engine, db->investigator, req, NULL, &error);

  ck_assert_msg (r != NULL, "search: %s", error ? error->message : "");
  return r;
}

typedef struct
{
  gint64 subject;
  gint64 face;
  float  score;
} Best;

static int
compare_best (gconstpointer a,
              gconstpointer b)
{
  const Best *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->subject > y->subject) - (x->subject < y->subject);
}

/* Every subject's best face by brute force over the stored embeddings. */
static GArray *
brute_force (SlTestDb    *db,
             const float *probe)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Best));
  g_autoptr(GPtrArray) rows = sl_test_sql_rows (db->db, "SELECT id, subject_id, embedding FROM gallery_faces "
                                                        "ORDER BY id");
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      gint64 subject = sl_test_row_int (r, 1);
      float row[512];
      float score;
      Best *b = g_hash_table_lookup (best, &subject);
      gsize size;
      const void *data = sl_test_row_blob (r, 2, &size);

      ck_assert_uint_eq (size, sizeof row);
      memcpy (row, data, sizeof row);
      score = sl_matcher_exact_score (probe, row, 512);

      if (b == NULL)
        {
          b = g_new0 (Best, 1);
          b->subject = subject;
          b->score = -INFINITY;
          g_hash_table_insert (best, &b->subject, b);
        }
      if (score > b->score)
        {
          b->score = score;
          b->face = sl_test_row_int (r, 0);
        }
    }
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_val (out, *(Best *) value);
  g_array_sort (out, compare_best);
  return out;
}

/* callbacks */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

/* tests */

START_TEST (test_analyse)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 1);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autofree char *video = g_build_filename (db->dir, "clip.avi", NULL);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlEvidence) footage = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlAnalysis) again = NULL;
  g_autoptr(SlAnalysis) refused = NULL;
  g_autoptr(SlProbeFace) face = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  c = sl_engine_case_open (db->engine, db->investigator, "C-1", "Robbery", &error);
  e = sl_engine_evidence_import (db->engine, db->investigator, "C-1", photo, NULL, NULL, NULL, &error);
  ck_assert_ptr_nonnull (e);

  /* Administrators do not work cases. */
  refused = sl_engine_analyse (db->engine, db->admin, "C-1", e->id, NULL, NULL, &error);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);

  a = sl_engine_analyse (db->engine, db->investigator, "C-1", e->id, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert (!a->already);
  ck_assert_uint_ge (a->faces->len, 1);
  ck_assert_str_eq (a->model_id, "fr-feature");
  store = sl_store_open (db->db, &error);
  face = sl_probe_face_lookup (store, ((SlProbeFace *) g_ptr_array_index (a->faces, 0))->id, TRUE, &error);
  ck_assert_uint_eq (face->dim, 512);
  ck_assert_ptr_nonnull (face->crop);
  ck_assert_int_eq (face->frame_ms, -1);
  ck_assert_int_eq (face->track_id, 0);
  ck_assert_double_eq_tol (sqrt (sl_matcher_exact_score (face->embedding, face->embedding, 512)), 1.0, 1e-4);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'evidence.analyze' AND outcome = 'success' "
                                  "AND json_array_length (details, '$.faces') = %u", a->faces->len), 1);

  /* Again: the same faces, not new ones. */
  again = sl_engine_analyse (db->engine, db->investigator, "C-1", e->id, NULL, NULL, &error);
  ck_assert (again->already);
  ck_assert_uint_eq (again->faces->len, a->faces->len);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM faces"), a->faces->len);

  /* Footage is analysed into tracks (test-footage-search.c); evidence of
   * another case is not found. */
  sl_test_write_avi (video, 64, 48, 10, 5);
  footage = sl_engine_evidence_import (db->engine, db->investigator, "C-1", video, NULL, NULL, NULL, &error);
  ck_assert_msg (footage != NULL, "%s", error ? error->message : "");
  {
    g_autoptr(SlAnalysis) fa = sl_engine_analyse (db->engine, db->investigator, "C-1", footage->id, NULL, NULL,
                                                  &error);

    ck_assert_msg (fa != NULL, "%s", error ? error->message : "");
    ck_assert_ptr_nonnull (fa->footage);
    ck_assert_ptr_nonnull (fa->tracks);
    ck_assert_uint_eq (fa->faces->len, 0);
  }
  ck_assert_ptr_null (sl_engine_analyse (db->engine, db->investigator, "C-1", 999, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  /* Probe faces never change. */
  sl_test_sql_refused (db, "UPDATE faces SET box_x = 0");
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_search_ranks_mates_exactly)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (&error);
  g_autoptr(SlStore) store = sl_store_open (f->db->db, &error);
  gint64 n_faces = sl_test_count (f->db, "SELECT count(*) FROM gallery_faces");
  guint found = 0;

  calibration = sl_calibration_find (sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER),
                                     g_getenv ("SIGHTLINE_MODEL_DIR"), &error);
  ck_assert_msg (calibration != NULL, "%s", error ? error->message : "");

  for (guint i = 0; i < 4; i++)
    {
      const char *name = g_ptr_array_index (f->ids, i);
      g_autofree char *photo = sl_test_lfw_image (name, 2);
      gint64 face_id = sl_test_db_probe_face (f->db, "C-1", photo);
      g_autoptr(SlProbeFace) face = sl_probe_face_lookup (store, face_id, TRUE, &error);
      g_autoptr(SlSearchResult) r = NULL;
      g_autoptr(GArray) truth = brute_force (f->db, face->embedding);
      SlSearchRequest req;
      SlSearchCandidate *top;

      sl_test_request_init (&req, "C-1", face_id, "county");
      req.show_below_threshold = TRUE;
      req.top_k = 5;
      r = search_ok (f->db, &req);
      ck_assert_uint_eq (r->candidates->len, 5);
      ck_assert_int_eq (r->gallery_size, n_faces);
      ck_assert_int_eq (r->gallery_subjects, truth->len);

      /* Exactly the brute-force ranking of subjects by their best face. */
      for (guint k = 0; k < r->candidates->len; k++)
        {
          SlSearchCandidate *c = g_ptr_array_index (r->candidates, k);
          const Best *b = &g_array_index (truth, Best, k);
          gboolean beyond;
          double fmr = sl_calibration_false_match_rate (calibration, c->similarity, &beyond);

          ck_assert_int_eq (c->rank, k + 1);
          ck_assert_int_eq (c->subject_id, b->subject);
          ck_assert_int_eq (c->gallery_face_id, b->face);
          ck_assert_float_eq ((float) c->similarity, b->score);
          ck_assert_double_eq (c->false_match_rate, fmr);
          ck_assert_int_eq (c->beyond_range, beyond);
          ck_assert_double_eq_tol (c->expected_false, fmr * n_faces, 1e-12);
          ck_assert_int_eq (c->above_threshold, c->similarity >= (float) r->threshold);
          ck_assert_ptr_nonnull (c->describe);
        }
      top = g_ptr_array_index (r->candidates, 0);
      found += g_str_equal (top->external_id, name);
    }
  /* LFW mates rank first (accuracy ~99 % on pairs). */
  ck_assert_uint_ge (found, 3);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_search_record_and_audit)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (f->ids, 0), 2);
  gint64 face_id = sl_test_db_probe_face (f->db, "C-1", photo);
  g_autoptr(SlSearchResult) r = NULL;
  SlSearchRequest req;

  sl_test_request_init (&req, "C-1", face_id, "county");
  r = search_ok (f->db, &req);
  ck_assert_uint_eq (r->top_k, 50);         /* the default, within the policy's maximum */
  ck_assert_uint_eq (r->above_threshold, r->candidates->len);
  ck_assert_uint_ge (r->above_threshold, 1);

  /* Art. 12(3): start and end, the gallery and its size, the probe, who. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches s JOIN users u ON u.id = s.run_by "
                                     "WHERE s.id = %" G_GINT64_FORMAT " AND u.username = 'ivan' AND s.face_id = %"
                                     G_GINT64_FORMAT " AND s.gallery_size = (SELECT count(*) FROM gallery_faces) "
                                     "AND s.started_at <= s.ended_at AND s.offense_code = 'ROBBERY' "
                                     "AND s.purpose = 'suspect' AND s.facts = '" SL_TEST_FACTS "' "
                                     "AND s.legal_basis LIKE 'Warrant%%' AND s.model_id = 'fr-feature'",
                                     r->search_id, face_id), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM candidates WHERE search_id = %" G_GINT64_FORMAT,
                              r->search_id), r->candidates->len);
  /* Every candidate shown is in the search's audit row with its score. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT json_array_length (details, '$.candidates') FROM audit "
                                     "WHERE action = 'search' AND outcome = 'success' AND object_id = '%"
                                     G_GINT64_FORMAT "'", r->search_id), r->candidates->len);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit, json_each (audit.details, '$.candidates') j "
                                     "JOIN candidates c ON c.id = json_extract (j.value, '$.candidate_id') "
                                     "WHERE audit.action = 'search' AND "
                                     "json_extract (j.value, '$.similarity') = c.similarity"), r->candidates->len);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND case_number = 'C-1' "
                                     "AND json_extract (details, '$.started_at') IS NOT NULL "
                                     "AND json_extract (details, '$.gallery_size') > 0"), 1);
  /* Records of searches are not rewritten. */
  sl_test_sql_refused (f->db, "UPDATE searches SET facts = 'x'");
  sl_test_sql_refused (f->db, "UPDATE candidates SET similarity = 1");
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_search_nothing_above_threshold)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) others = sl_test_lfw_identities (3, N_IDENTITIES + 1);
  g_autofree char *stranger = sl_test_lfw_image (g_ptr_array_index (others, N_IDENTITIES), 0);
  gint64 face_id = sl_test_db_probe_face (f->db, "C-1", stranger);
  g_autoptr(SlSearchResult) hidden = NULL;
  g_autoptr(SlSearchResult) shown = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchRequest req;

  /* Someone who is not in the gallery, at a strict threshold. */
  ck_assert (sl_engine_policy_set (f->db->engine, f->db->admin, "threshold", "0.9", &error));
  sl_test_request_init (&req, "C-1", face_id, "county");
  hidden = search_ok (f->db, &req);
  ck_assert_uint_eq (hidden->above_threshold, 0);
  ck_assert_uint_eq (hidden->candidates->len, 0);
  ck_assert (!hidden->below_threshold_shown);

  /* On request, the list below the threshold, each marked so. */
  req.show_below_threshold = TRUE;
  req.top_k = 3;
  shown = search_ok (f->db, &req);
  ck_assert_uint_eq (shown->above_threshold, 0);
  ck_assert_uint_eq (shown->candidates->len, 3);
  for (guint i = 0; i < 3; i++)
    ck_assert (!((SlSearchCandidate *) g_ptr_array_index (shown->candidates, i))->above_threshold);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches WHERE below_threshold_shown = 1 "
                                     "AND above_threshold = 0"), 1);
}
END_TEST

START_TEST (test_search_refusals)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (f->ids, 0), 2);
  g_autofree char *other_photo = sl_test_lfw_image (g_ptr_array_index (f->ids, 1), 2);
  gint64 face_id = sl_test_db_probe_face (f->db, "C-1", photo);
  gint64 other_face = sl_test_db_probe_face (f->db, "C-2", other_photo);
  g_autoptr(GError) error = NULL;
  struct { const char *field; const char *value; const char *expect; } cases[] = {
    { "offense", NULL, "missing: offense" },
    { "offense", "", "missing: offense" },
    { "legal_basis", "   ", "missing: legal basis" },
    { "purpose", NULL, "missing: purpose" },
    { "facts", NULL, "missing: articulable facts" },
    { "offense", "JAYWALKING", "not in the policy's list" },
    { "purpose", "curiosity", "not one the policy allows" },
    { "facts", "He looked odd.", "at least 30" },
    { "gallery", NULL, "missing: gallery" },
  };
  SlSearchRequest req;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = NULL;

      sl_test_request_init (&req, "C-1", face_id, "county");
      if (g_str_equal (cases[i].field, "offense"))
        req.offense = cases[i].value;
      else if (g_str_equal (cases[i].field, "legal_basis"))
        req.legal_basis = cases[i].value;
      else if (g_str_equal (cases[i].field, "purpose"))
        req.purpose = cases[i].value;
      else if (g_str_equal (cases[i].field, "facts"))
        req.facts = cases[i].value;
      else
        req.gallery = cases[i].value;
      ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &e));
      ck_assert_msg (g_error_matches (e, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s: %s", cases[i].expect,
                     e ? e->message : "");
      ck_assert_msg (strstr (e->message, cases[i].expect) != NULL, "%s", e->message);
    }

  /* Above the policy's top-k, another case's face, the admin role. */
  sl_test_request_init (&req, "C-1", face_id, "county");
  req.top_k = 51;
  ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "maximum"));
  g_clear_error (&error);
  sl_test_request_init (&req, "C-1", other_face, "county");
  ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_nonnull (strstr (error->message, "case 'C-2'"));
  g_clear_error (&error);
  sl_test_request_init (&req, "C-1", face_id, "county");
  ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->admin, &req, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);

  /* A probe embedded with another model. */
  sl_test_sql (f->db->db, "UPDATE galleries SET model_sha256 = "
                     "'00000000000000000000000000000000000000000000000000000000000000ff'");
  ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_nonnull (strstr (error->message, "two models"));
  g_clear_error (&error);

  /* A closed case is not searched for. */
  ck_assert (sl_engine_case_close (f->db->engine, f->db->investigator, "C-1", &error));
  ck_assert_ptr_null (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_nonnull (strstr (error->message, "closed"));
  g_clear_error (&error);

  /* Nothing was searched; every refusal is on record with its reason and
   * the justification as given. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM candidates"), 0);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = 'refused' "
                                     "AND json_extract (details, '$.reason') IS NOT NULL"),
                    G_N_ELEMENTS (cases) + 5);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = 'refused' "
                                     "AND json_extract (details, '$.offense') = 'JAYWALKING'"), 1);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_matrix_kept_while_unchanged)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) more = sl_test_lfw_identities (3, N_IDENTITIES + 2);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (f->ids, 0), 2);
  g_autofree char *more_root = g_build_filename (f->db->dir, "more", NULL);
  gint64 face_id = sl_test_db_probe_face (f->db, "C-1", photo);
  g_autoptr(SlSearchResult) first = NULL;
  g_autoptr(SlSearchResult) second = NULL;
  g_autoptr(SlSearchResult) third = NULL;
  g_autoptr(SlSearchResult) async = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  SlSearchRequest req;

  sl_test_request_init (&req, "C-1", face_id, "county");
  req.show_below_threshold = TRUE;
  first = search_ok (f->db, &req);
  second = search_ok (f->db, &req);
  ck_assert (first->matrix_loaded);
  ck_assert (!second->matrix_loaded);

  /* A change to the gallery: the next search reads it again. */
  g_ptr_array_add (added, g_ptr_array_index (more, N_IDENTITIES));
  g_ptr_array_add (added, g_ptr_array_index (more, N_IDENTITIES + 1));
  dir = sl_test_lfw_gallery_dir (more_root, added, 1);
  s = sl_test_enrol_dir (f->db, "county", dir);
  third = search_ok (f->db, &req);
  ck_assert (third->matrix_loaded);
  ck_assert_int_eq (third->gallery_size, first->gallery_size + s->counts[SL_ENROL_ENROLLED]);

  /* The same search in a worker thread, with its own connection. */
  {
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
    Wait w = { loop, NULL };

    g_main_context_push_thread_default (context);
    sl_engine_search_async (f->db->engine, f->db->investigator, &req, NULL, on_done, &w);
    g_main_loop_run (loop);
    async = sl_engine_search_finish (f->db->engine, w.result, &error);
    g_clear_object (&w.result);
    g_main_context_pop_thread_default (context);
  }
  ck_assert_msg (async != NULL, "%s", error ? error->message : "");
  ck_assert (!async->matrix_loaded);
  ck_assert_uint_eq (async->candidates->len, third->candidates->len);
  for (guint i = 0; i < async->candidates->len; i++)
    ck_assert_double_eq (((SlSearchCandidate *) g_ptr_array_index (async->candidates, i))->similarity,
                         ((SlSearchCandidate *) g_ptr_array_index (third->candidates, i))->similarity);
  sl_test_assert_intact (f->db);
}
END_TEST

/* Issue 15 item 6: the next search in a case offers the previous one's
 * legal basis, offense and purpose; never the facts, never another
 * case's, never to a role that may not search. */
START_TEST (test_last_justification)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) others = sl_test_lfw_identities (3, N_IDENTITIES + 1);
  g_autofree char *stranger = sl_test_lfw_image (g_ptr_array_index (others, N_IDENTITIES), 0);
  gint64 face_id = sl_test_db_probe_face (f->db, "C-1", stranger);
  g_autoptr(SlSearchResult) first = NULL;
  g_autoptr(SlSearchResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlJustification) none = { 0 };
  g_auto(SlJustification) last = { 0 };
  g_auto(SlJustification) refused = { 0 };
  SlSearchRequest req;

  ck_assert_msg (sl_engine_search_last_justification (f->db->engine, f->db->investigator, "C-1", &none, &error),
                 "%s", error ? error->message : "");
  ck_assert_ptr_null (none.legal_basis);
  ck_assert_ptr_null (none.offense);
  ck_assert_ptr_null (none.purpose);

  sl_test_request_init (&req, "C-1", face_id, "county");
  first = search_ok (f->db, &req);
  req.legal_basis = "Order 12/2026 of the district court";
  req.purpose = "witness";
  second = search_ok (f->db, &req);
  ck_assert (sl_engine_search_last_justification (f->db->engine, f->db->investigator, "C-1", &last, &error));
  ck_assert_str_eq (last.legal_basis, "Order 12/2026 of the district court");
  ck_assert_str_eq (last.offense, "ROBBERY");
  ck_assert_str_eq (last.purpose, "witness");

  ck_assert (!sl_engine_search_last_justification (f->db->engine, f->db->investigator, "C-404", &refused, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);
  ck_assert (!sl_engine_search_last_justification (f->db->engine, f->db->admin, "C-1", &refused, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_null (refused.legal_basis);
}
END_TEST

static Suite *
search_suite (void)
{
  Suite *s = suite_create ("search");
  TCase *tc = tcase_create ("search");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_analyse);
  tcase_add_test (tc, test_search_ranks_mates_exactly);
  tcase_add_test (tc, test_search_record_and_audit);
  tcase_add_test (tc, test_search_nothing_above_threshold);
  tcase_add_test (tc, test_search_refusals);
  tcase_add_test (tc, test_matrix_kept_while_unchanged);
  tcase_add_test (tc, test_last_justification);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (search_suite ());
}
