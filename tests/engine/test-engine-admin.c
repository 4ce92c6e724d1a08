/* test-engine-admin.c: what the administration front end reads through the
 * engine, on a real database, real models and real LFW photos: the
 * threshold preview against the calibration table (and per gallery, the
 * expected false candidates), its refusal for an investigator (audited),
 * the model cards with measured accuracy and curve, the model file check,
 * and a gallery's subjects page by page.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/sl-calibrate.h"
#include "engine/sightline-engine.h"
#include "sl-test-search.h"

/* helpers */

static SlCalibration *
default_calibration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (&error);
  g_autofree char *dir = sl_model_dir_default ();
  SlCalibration *calibration;

  ck_assert_msg (manifest != NULL, "%s", error ? error->message : "");
  calibration = sl_calibration_find (sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER), dir, &error);
  ck_assert_msg (calibration != NULL, "%s", error ? error->message : "");
  return calibration;
}

static char *
enrol_three (SlTestDb *db)
{
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 3);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autoptr(SlEnrolSummary) summary = NULL;

  g_free (sl_test_lfw_gallery_dir (root, ids, 2));
  summary = sl_test_enrol_dir (db, "county", root);
  ck_assert_uint_gt (summary->counts[SL_ENROL_ENROLLED], 0);
  return g_steal_pointer (&root);
}

typedef struct
{
  int     state;
  GError *error;
} Verified;

static void
on_verified_any (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Verified *v = user_data;

  v->state = sl_engine_model_verify_finish (SL_ENGINE (source), result, &v->error);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  int *state = user_data;
  g_autoptr(GError) error = NULL;

  *state = sl_engine_model_verify_finish (SL_ENGINE (source), result, &error);
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
}

/* tests */

START_TEST (test_preview_matches_calibration)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlCalibration) calibration = default_calibration ();
  static const double thresholds[] = { 0.2, 0.3, 0.35, 0.4, 0.5, 0.95 };
  gboolean seen_beyond = FALSE, seen_measured = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      g_auto(SlThresholdPreview) p = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean beyond = FALSE;
      double fmr = sl_calibration_false_match_rate (calibration, thresholds[i], &beyond);

      ck_assert_msg (sl_engine_threshold_preview (db->engine, db->admin, thresholds[i], &p, &error),
                     "%s", error ? error->message : "");
      ck_assert (p.calibrated);
      ck_assert_str_eq (p.model_id, sl_calibration_get_model_id (calibration));
      ck_assert_double_eq (p.false_match_rate, fmr);
      ck_assert_int_eq (p.beyond_range, beyond);
      ck_assert_double_eq (p.true_match_rate, sl_calibration_true_match_rate (calibration, thresholds[i]));
      ck_assert_uint_eq (p.one_in, (guint64) floor (1.0 / fmr + 0.5));
      ck_assert_uint_eq (p.n_nonmated, sl_calibration_get_n_nonmated (calibration));
      ck_assert_str_eq (p.dataset, sl_calibration_get_dataset (calibration));
      ck_assert_uint_eq (p.galleries->len, 0);
      seen_beyond |= beyond;
      seen_measured |= !beyond;
    }
  /* Both sides of the measured range were asked about. */
  ck_assert (seen_beyond && seen_measured);

  /* Higher threshold, fewer false matches: never more. */
  {
    g_auto(SlThresholdPreview) low = { 0 };
    g_auto(SlThresholdPreview) high = { 0 };

    ck_assert (sl_engine_threshold_preview (db->engine, db->admin, 0.3, &low, NULL));
    ck_assert (sl_engine_threshold_preview (db->engine, db->admin, 0.45, &high, NULL));
    ck_assert (high.false_match_rate <= low.false_match_rate);
    ck_assert (high.true_match_rate <= low.true_match_rate);
  }

  /* Outside 0..1 is not a threshold. */
  {
    g_auto(SlThresholdPreview) p = { 0 };
    g_autoptr(GError) error = NULL;

    ck_assert (!sl_engine_threshold_preview (db->engine, db->admin, 1.5, &p, &error));
    ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  }
}
END_TEST

START_TEST (test_preview_per_gallery)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlCalibration) calibration = default_calibration ();
  g_auto(SlThresholdPreview) p = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) galleries = NULL;
  g_autofree char *root = enrol_three (db);
  SlGalleryPreview *g;
  SlGallery *county;

  ck_assert (sl_engine_threshold_preview (db->engine, db->admin, 0.3, &p, &error));
  galleries = sl_engine_gallery_list (db->engine, db->admin, &error);
  ck_assert_ptr_nonnull (galleries);
  ck_assert_uint_eq (p.galleries->len, 1);
  county = g_ptr_array_index (galleries, 0);
  g = g_ptr_array_index (p.galleries, 0);
  ck_assert_str_eq (g->gallery, "county");
  ck_assert (g->calibrated);
  ck_assert_int_eq (g->n_faces, county->n_faces);
  ck_assert_int_eq (g->n_subjects, county->n_subjects);
  ck_assert_int_eq (g->n_subjects, 3);
  ck_assert_double_eq (g->false_match_rate, sl_calibration_false_match_rate (calibration, 0.3, NULL));
  ck_assert_double_eq_tol (g->expected_false, g->false_match_rate * county->n_faces, 1e-12);

  /* Fast enough to follow a slider as it moves. */
  {
    gint64 t0 = g_get_monotonic_time ();
    double ms;

    for (guint i = 0; i < 50; i++)
      {
        g_auto(SlThresholdPreview) q = { 0 };

        ck_assert (sl_engine_threshold_preview (db->engine, db->admin, 0.2 + i * 0.01, &q, NULL));
      }
    ms = (g_get_monotonic_time () - t0) / 1000.0 / 50;
    fprintf (stderr, "# threshold preview: %.2f ms each (one gallery)\n", ms);
    ck_assert (ms < 100);
  }
}
END_TEST

START_TEST (test_preview_refused_for_investigator)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  gint64 before = sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.preview' AND outcome = 'refused'");
  g_auto(SlThresholdPreview) p = { 0 };
  g_autoptr(GError) error = NULL;

  ck_assert (!sl_engine_threshold_preview (db->engine, db->investigator, 0.3, &p, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_null (p.galleries);
  /* The refusal is in the audit log, with who asked. */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'policy.preview' "
                                  "AND outcome = 'refused' AND actor = 'ivan'"), before + 1);
  /* A supervisor may read the policy, not preview changing it. */
  g_clear_error (&error);
  ck_assert (!sl_engine_threshold_preview (db->engine, db->supervisor, 0.3, &p, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  /* Nor see the model cards or a gallery's subjects. */
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_model_details (db->engine, db->investigator, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_gallery_subjects (db->engine, db->investigator, "county", 0, 10, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
}
END_TEST

START_TEST (test_model_details)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (NULL);
  g_autoptr(GPtrArray) details = sl_engine_model_details (db->engine, db->admin, &error);
  g_autoptr(SlCalibration) calibration = default_calibration ();
  guint embedders = 0, detectors = 0;
  int state = -1;

  ck_assert_msg (details != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (details->len, sl_model_manifest_get_n_models (manifest));
  for (guint i = 0; i < details->len; i++)
    {
      SlModelDetails *d = g_ptr_array_index (details, i);
      const SlModelInfo *info = sl_model_manifest_get_model (manifest, i);

      ck_assert_str_eq (d->id, info->id);
      ck_assert_str_eq (d->sha256, info->sha256);
      ck_assert_str_eq (d->license, info->license);
      ck_assert_uint_eq (strlen (d->sha256), 64);
      if (d->role == SL_MODEL_ROLE_DETECTOR)
        {
          detectors++;
          ck_assert (!d->calibrated);
          ck_assert_ptr_null (d->curve);
          continue;
        }
      embedders++;
      if (!d->is_default)
        continue;
      /* The default embedder's card: its measured accuracy and curve. */
      ck_assert (d->calibrated);
      ck_assert_uint_eq (d->n_nonmated, sl_calibration_get_n_nonmated (calibration));
      ck_assert_uint_eq (d->n_mated, sl_calibration_get_n_mated (calibration));
      ck_assert_double_eq (d->score_at_1e3, sl_calibration_score_at_rate (calibration, 1e-3, NULL));
      ck_assert_double_eq (d->tmr_at_1e3, sl_calibration_true_match_rate (calibration, d->score_at_1e3));
      ck_assert (d->tmr_at_1e3 > 0.5 && d->tmr_at_1e3 <= 1.0);
      ck_assert (d->score_at_1e5 >= d->score_at_1e3);
      ck_assert_uint_eq (d->curve->len, 201);
      for (guint k = 1; k < d->curve->len; k++)
        {
          SlCurvePoint *a = &g_array_index (d->curve, SlCurvePoint, k - 1);
          SlCurvePoint *b = &g_array_index (d->curve, SlCurvePoint, k);

          ck_assert (b->threshold > a->threshold);
          ck_assert (b->false_match_rate <= a->false_match_rate || b->beyond_range);
          ck_assert (b->true_match_rate <= a->true_match_rate);
        }
    }
  ck_assert_uint_ge (detectors, 1);
  ck_assert_uint_ge (embedders, 1);

  /* The installed default embedder's file matches its recorded hash. */
  sl_engine_model_verify_async (db->engine, db->admin, sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER)->id,
                                NULL, on_verified, &state);
  while (state < 0)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_int_eq (state, SL_MODEL_FILE_VERIFIED);
}
END_TEST

START_TEST (test_model_verify_refuses_changed_file)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *dir = g_build_filename (db->dir, "models", NULL);
  g_autofree char *yunet = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (NULL);
  const SlModelInfo *detector = sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_DETECTOR);
  const SlModelInfo *embedder = sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER);
  Verified v = { -1, NULL };

  /* A model directory with a detector file that is not the recorded one,
   * and no embedder at all. */
  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  yunet = g_build_filename (dir, detector->file, NULL);
  ck_assert (g_file_set_contents (yunet, "not the model the manifest records", -1, NULL));
  sl_engine_set_model_dir (db->engine, dir);

  sl_engine_model_verify_async (db->engine, db->admin, detector->id, NULL, on_verified_any, &v);
  while (v.state < 0)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_int_eq (v.state, SL_MODEL_FILE_MISMATCH);
  ck_assert_ptr_nonnull (v.error);
  g_clear_error (&v.error);

  v.state = -1;
  sl_engine_model_verify_async (db->engine, db->admin, embedder->id, NULL, on_verified_any, &v);
  while (v.state < 0)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_int_eq (v.state, SL_MODEL_FILE_MISSING);
  /* The file is missing (the state says so); the error, in the engine's one domain, names it. */
  ck_assert (g_error_matches (v.error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT));
  g_clear_error (&v.error);

  /* An unknown model, and an investigator, are refused before any work. */
  v.state = -1;
  sl_engine_model_verify_async (db->engine, db->admin, "no-such-model", NULL, on_verified_any, &v);
  while (v.state < 0)
    g_main_context_iteration (NULL, TRUE);
  ck_assert (g_error_matches (v.error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&v.error);
  v.state = -1;
  sl_engine_model_verify_async (db->engine, db->investigator, detector->id, NULL, on_verified_any, &v);
  while (v.state < 0)
    g_main_context_iteration (NULL, TRUE);
  ck_assert (g_error_matches (v.error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&v.error);
}
END_TEST

START_TEST (test_gallery_subjects)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *root = enrol_three (db);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  all = sl_engine_gallery_subjects (db->engine, db->admin, "county", 0, 100, &total, &error);
  ck_assert_msg (all != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (total, 3);
  ck_assert_uint_eq (all->len, 3);
  for (guint i = 0; i < all->len; i++)
    {
      SlGallerySubject *s = g_ptr_array_index (all, i);

      ck_assert_uint_ge (s->n_faces, 1);
      ck_assert_int_gt (s->face_id, 0);
      if (i > 0)
        ck_assert (g_strcmp0 (((SlGallerySubject *) g_ptr_array_index (all, i - 1))->external_id, s->external_id) < 0);
    }
  /* The second page of one. */
  page = sl_engine_gallery_subjects (db->engine, db->admin, "county", 1, 1, &total, &error);
  ck_assert_uint_eq (page->len, 1);
  ck_assert_str_eq (((SlGallerySubject *) g_ptr_array_index (page, 0))->external_id,
                    ((SlGallerySubject *) g_ptr_array_index (all, 1))->external_id);

  ck_assert_ptr_null (sl_engine_gallery_subjects (db->engine, db->admin, "nowhere", 0, 10, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
}
END_TEST

static Suite *
engine_admin_suite (void)
{
  Suite *s = suite_create ("engine-admin");
  TCase *tc = tcase_create ("admin");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_preview_matches_calibration);
  tcase_add_test (tc, test_preview_per_gallery);
  tcase_add_test (tc, test_preview_refused_for_investigator);
  tcase_add_test (tc, test_model_details);
  tcase_add_test (tc, test_model_verify_refuses_changed_file);
  tcase_add_test (tc, test_gallery_subjects);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (engine_admin_suite ());
}
