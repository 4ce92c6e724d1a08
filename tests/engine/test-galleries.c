/* test-galleries.c: galleries through the engine, on real SQLite files,
 * real models and real LFW photos: the schema migration from version 1,
 * creation and roles, enrolment from a folder and from a CSV list with an
 * outcome for every image, re-runs, interruption, the tie to the embedder,
 * and evidence never enrolled.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The shipped migration 1 builds a database as the previous release left it. */
#include "core/sl-store-private.h"
#include "sl-test-search.h"
#include "vision/sl-image.h"

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_at;
} CancelAt;

/* helpers */

static const SlEnrolOutcome *
outcome_for (SlEnrolSummary *s,
             const char     *path_suffix)
{
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      const SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);

      if (o != NULL && g_str_has_suffix (o->path, path_suffix))
        return o;
    }
  ck_abort_msg ("no outcome for %s", path_suffix);
  return NULL;
}

static void
write_blank_png (const char *path)
{
  g_autoptr(SlImage) blank = sl_image_new_filled (200, 200, 120, 140, 160);
  g_autoptr(GError) error = NULL;

  ck_assert_msg (sl_image_save (blank, path, SL_IMAGE_FORMAT_PNG, 0, &error), "%s", error ? error->message : "");
}

static void
link_to (const char *target,
         const char *root,
         const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert_int_eq (symlink (target, path), 0);
}

/* callbacks */

static void
on_progress_cancel (guint    done,
                    guint    total,
                    gpointer user_data)
{
  CancelAt *c = user_data;

  if (done >= c->cancel_at)
    g_cancellable_cancel (c->cancellable);
}

/* tests */

START_TEST (test_migration_from_v1)
{
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-search-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *header = g_strdup_printf ("PRAGMA application_id = %d;", (int) SL_STORE_APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlPolicy) policy = NULL;

  /* A database as the previous release wrote it, with a case in it. */
  ck_assert (g_file_set_contents (path, "", 0, NULL));
  sl_test_sql (path, header);
  sl_test_sql (path, "PRAGMA journal_mode = WAL");
  sl_test_sql (path, sl_store_migration (0));
  sl_test_sql (path, "PRAGMA user_version = 1;"
                "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at) "
                "  VALUES ('root', 'Root', 'admin', 'x', '2024-01-01', '2024-01-01');"
                "INSERT INTO cases (number, title, opened_by, opened_at) VALUES ('OLD-1', 'Kept', 1, '2024-01-01');");

  store = sl_store_open (path, &error);
  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (sl_store_get_schema_version (store), sl_store_schema_version ());
  ck_assert_int_eq (sl_test_sql_int (path, "PRAGMA user_version"), sl_store_schema_version ());
  ck_assert_int_eq (sl_test_sql_int (path, "SELECT count(*) FROM cases WHERE number = 'OLD-1'"), 1);
  ck_assert_int_eq (sl_test_sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                                      "('galleries', 'subjects', 'gallery_faces', 'faces', 'tracks', "
                                      "'searches', 'candidates', 'decisions')"), 8);
  /* Footage can be stored later without another schema change. */
  ck_assert_int_eq (sl_test_sql_int (path, "SELECT count(*) FROM pragma_table_info ('faces') "
                                      "WHERE name IN ('track_id', 'frame_ms', 'frame_index')"), 3);
  /* Retention (4) marks purged probe data. */
  ck_assert_int_eq (sl_test_sql_int (path, "SELECT count(*) FROM pragma_table_info ('faces') WHERE name = 'purged_at'"),
                    1);
  policy = sl_policy_load (store, &error);
  ck_assert_str_eq (policy->enrol_min_quality, "usable");
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_create_and_roles)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(SlGallery) again = NULL;
  g_autoptr(SlGallery) refused = NULL;
  g_autoptr(GPtrArray) list = NULL;

  refused = sl_engine_gallery_create (db->engine, db->investigator, "county", NULL, NULL, &error);
  ck_assert_ptr_null (refused);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.create' AND "
                                  "outcome = 'refused' AND actor = 'ivan'"), 1);

  g = sl_engine_gallery_create (db->engine, db->admin, "county", "Booking photos", NULL, &error);
  ck_assert_msg (g != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (g->model_id, "fr-feature");
  ck_assert_uint_eq (strlen (g->model_sha256), 64);
  ck_assert_uint_eq (g->dim, 512);
  ck_assert_int_eq (g->n_faces, 0);

  again = sl_engine_gallery_create (db->engine, db->admin, "county", NULL, NULL, &error);
  ck_assert_ptr_null (again);
  ck_assert_ptr_nonnull (strstr (error->message, "already a gallery 'county'"));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_gallery_create (db->engine, db->admin, " padded", NULL, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_engine_gallery_create (db->engine, db->admin, "other", NULL, "no-such-model", &error));
  ck_assert_ptr_nonnull (strstr (error->message, "no-such-model"));
  g_clear_error (&error);

  /* Investigators see the galleries they may search. */
  list = sl_engine_gallery_list (db->engine, db->investigator, &error);
  ck_assert_uint_eq (list->len, 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.create' AND "
                                  "outcome = 'success' AND json_extract (details, '$.model') = 'fr-feature'"), 1);
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_enrol_dir_outcomes_and_rerun)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 8);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autofree char *first = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *probe = sl_test_lfw_image (g_ptr_array_index (ids, 1), 2);
  g_autofree char *blank_dir = g_build_filename (root, "Blank_Person", NULL);
  g_autofree char *notes_dir = g_build_filename (root, "Broken_Person", NULL);
  g_autofree char *blank = g_build_filename (blank_dir, "blank.png", NULL);
  g_autofree char *notes = g_build_filename (notes_dir, "notes.jpg", NULL);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlEnrolSummary) rerun = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GError) error = NULL;
  guint lfw_enrolled;

  /* What goes wrong in real folders. */
  link_to (first, root, "stray.jpg");
  link_to (first, root, "Copy_Person/copy.jpg");
  link_to (probe, root, "Evidence_Person/evidence.jpg");
  ck_assert_int_eq (g_mkdir_with_parents (blank_dir, 0700), 0);
  ck_assert_int_eq (g_mkdir_with_parents (notes_dir, 0700), 0);
  write_blank_png (blank);
  ck_assert (g_file_set_contents (notes, "not a photo\n", -1, NULL));
  c = sl_engine_case_open (db->engine, db->investigator, "C-1", "Robbery", &error);
  e = sl_engine_evidence_import (db->engine, db->investigator, "C-1", probe, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");

  s = sl_test_enrol_dir (db, "county", dir);
  ck_assert_uint_eq (s->total, 16 + 5);
  ck_assert_uint_eq (s->processed, s->total);
  ck_assert (!s->interrupted);
  ck_assert_int_eq (outcome_for (s, "stray.jpg")->outcome, SL_ENROL_INVALID);
  ck_assert_int_eq (outcome_for (s, "copy.jpg")->outcome, SL_ENROL_DUPLICATE);
  ck_assert_int_eq (outcome_for (s, "evidence.jpg")->outcome, SL_ENROL_EVIDENCE);
  ck_assert_int_eq (outcome_for (s, "blank.png")->outcome, SL_ENROL_NO_FACE);
  ck_assert_int_eq (outcome_for (s, "notes.jpg")->outcome, SL_ENROL_UNREADABLE);
  ck_assert_ptr_nonnull (strstr (outcome_for (s, "notes.jpg")->detail, "notes.jpg"));
  /* The LFW photos: enrolled unless their face is in doubt. */
  lfw_enrolled = s->counts[SL_ENROL_ENROLLED];
  ck_assert_uint_eq (lfw_enrolled + s->counts[SL_ENROL_SEVERAL_FACES] + s->counts[SL_ENROL_LOW_QUALITY], 16);
  ck_assert_uint_ge (lfw_enrolled, 12);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces"), lfw_enrolled);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM subjects"), s->subjects_added);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(DISTINCT model_sha256) FROM gallery_faces"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces WHERE length (embedding) = 2048 "
                                  "AND thumbnail IS NOT NULL AND quality_band <> 'poor'"), lfw_enrolled);
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      const SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);
      ck_assert (o->outcome != SL_ENROL_ENROLLED || o->face_id > 0);
      ck_assert (o->outcome == SL_ENROL_ENROLLED || o->detail != NULL);
    }
  /* Audited: each batch with its faces, and the whole with every skip. */
  ck_assert_int_eq (sl_test_count (db, "SELECT coalesce (sum (json_array_length (details, '$.enrolled')), 0) "
                                  "FROM audit WHERE action = 'gallery.enroll.batch'"), lfw_enrolled);
  ck_assert_int_eq (sl_test_count (db, "SELECT json_array_length (details, '$.skipped') FROM audit "
                                  "WHERE action = 'gallery.enroll' AND outcome = 'success'"),
                    s->total - lfw_enrolled);

  /* Run again: nothing new, every photo already there. */
  rerun = sl_test_enrol_dir (db, "county", dir);
  ck_assert_uint_eq (rerun->counts[SL_ENROL_ENROLLED], 0);
  ck_assert_uint_eq (rerun->counts[SL_ENROL_ALREADY_ENROLLED], lfw_enrolled);
  ck_assert_int_eq (outcome_for (rerun, "copy.jpg")->outcome, SL_ENROL_DUPLICATE);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces"), lfw_enrolled);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' "
                                  "AND outcome = 'success'"), 2);
  /* Enrolled faces never change. */
  sl_test_sql_refused (db, "UPDATE gallery_faces SET subject_id = 1");
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_enrol_csv)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 3);
  g_autofree char *list_dir = g_build_filename (db->dir, "list", NULL);
  g_autofree char *csv = g_build_filename (list_dir, "bookings.csv", NULL);
  g_autofree char *a0 = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *a1 = sl_test_lfw_image (g_ptr_array_index (ids, 0), 1);
  g_autofree char *b0 = sl_test_lfw_image (g_ptr_array_index (ids, 1), 0);
  g_autofree char *text = NULL;
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  SlEnrolOptions opts = { 0 };

  link_to (a0, list_dir, "photos/a0.jpg");
  link_to (a1, list_dir, "photos/a1.jpg");
  text = g_strdup_printf ("external_id,name,image_path,dob,notes\n"
                          "BK-1,\"Doe, Jane\",photos/a0.jpg,1980-02-03,first booking\n"
                          "BK-1,\"Doe, Jane\",photos/a1.jpg,1980-02-03,second booking\n"
                          "BK-2,John Roe,%s,1975-12-01,\"said \"\"hello\"\"\"\n"
                          "BK-3,Short row\n"
                          ",No id,photos/a0.jpg\n"
                          "BK-4,Gone,photos/missing.jpg\n", b0);
  ck_assert (g_file_set_contents (csv, text, -1, NULL));

  g = sl_engine_gallery_create (db->engine, db->admin, "bookings", NULL, NULL, &error);
  ck_assert_ptr_nonnull (g);
  opts.csv = csv;
  s = sl_engine_gallery_enrol (db->engine, db->admin, "bookings", &opts, NULL, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (s->total, 6);
  ck_assert_int_eq (outcome_for (s, "a0.jpg")->line, 2);
  ck_assert_int_eq (outcome_for (s, "missing.jpg")->outcome, SL_ENROL_UNREADABLE);
  ck_assert_uint_eq (s->counts[SL_ENROL_INVALID], 2);
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      const SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);
      if (o->outcome == SL_ENROL_INVALID)
        ck_assert_msg (strstr (o->detail, "line 5") != NULL || strstr (o->detail, "line 6") != NULL, "%s", o->detail);
    }
  ck_assert_uint_eq (s->counts[SL_ENROL_ENROLLED] + s->counts[SL_ENROL_SEVERAL_FACES] +
                     s->counts[SL_ENROL_LOW_QUALITY], 3);
  /* Subjects keep their name and the extra columns as metadata. */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM subjects WHERE external_id = 'BK-1' AND name = 'Doe, Jane' "
                                  "AND json_extract (metadata, '$.dob') = '1980-02-03' "
                                  "AND json_extract (metadata, '$.notes') = 'first booking'"),
                    s->counts[SL_ENROL_ENROLLED] > 0 ? 1 : 0);
  ck_assert_int_le (sl_test_count (db, "SELECT count(*) FROM gallery_faces f JOIN subjects s ON s.id = f.subject_id "
                                  "WHERE s.external_id = 'BK-1'"), 2);

  /* A list that is not CSV is bad input, named with its line. */
  ck_assert (g_file_set_contents (csv, "BK-1,a\"b,photos/a0.jpg\n", -1, NULL));
  ck_assert_ptr_null (sl_engine_gallery_enrol (db->engine, db->admin, "bookings", &opts, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT));
  ck_assert_ptr_nonnull (strstr (error->message, "line 1"));
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' "
                                  "AND outcome = 'failed'"), 1);
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_enrol_interrupted_and_resumed)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 20);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlEnrolSummary) resumed = NULL;
  g_autoptr(GError) error = NULL;
  CancelAt cancel = { cancellable, 6 };
  SlEnrolOptions opts = { .dir = dir, .progress = on_progress_cancel, .progress_data = &cancel };
  guint kept;

  g = sl_engine_gallery_create (db->engine, db->admin, "county", NULL, NULL, &error);
  ck_assert_ptr_nonnull (g);
  s = sl_engine_gallery_enrol (db->engine, db->admin, "county", &opts, cancellable, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  ck_assert (s->interrupted);
  ck_assert_uint_lt (s->processed, s->total);
  kept = s->counts[SL_ENROL_ENROLLED];
  ck_assert_uint_ge (kept, 1);
  /* What was done is committed, and audited as an interrupted enrolment. */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces"), kept);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' AND outcome = 'failed' "
                                  "AND json_extract (details, '$.interrupted') = 1"), 1);

  opts.progress = NULL;
  resumed = sl_engine_gallery_enrol (db->engine, db->admin, "county", &opts, NULL, &error);
  ck_assert_msg (resumed != NULL, "%s", error ? error->message : "");
  ck_assert (!resumed->interrupted);
  ck_assert_uint_eq (resumed->counts[SL_ENROL_ALREADY_ENROLLED], kept);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces"),
                    kept + resumed->counts[SL_ENROL_ENROLLED]);
  ck_assert_uint_ge (kept + resumed->counts[SL_ENROL_ENROLLED], 34);
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_enrol_tied_to_model)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 2);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 1);
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(GError) error = NULL;
  SlEnrolOptions opts = { .dir = dir };

  g = sl_engine_gallery_create (db->engine, db->admin, "county", NULL, NULL, &error);
  ck_assert_ptr_nonnull (g);
  /* As if the gallery had been enrolled with another file of the model. */
  sl_test_sql (db->db, "UPDATE galleries SET model_sha256 = "
                  "'0000000000000000000000000000000000000000000000000000000000000001'");
  ck_assert_ptr_null (sl_engine_gallery_enrol (db->engine, db->admin, "county", &opts, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_ptr_nonnull (strstr (error->message, "never mixed"));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM gallery_faces"), 0);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' "
                                  "AND outcome = 'refused'"), 1);

  /* Only administrators enrol. */
  ck_assert_ptr_null (sl_engine_gallery_enrol (db->engine, db->investigator, "county", &opts, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  sl_test_assert_intact (db);
}
END_TEST

static Suite *
galleries_suite (void)
{
  Suite *s = suite_create ("galleries");
  TCase *tc = tcase_create ("galleries");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_migration_from_v1);
  tcase_add_test (tc, test_create_and_roles);
  tcase_add_test (tc, test_enrol_dir_outcomes_and_rerun);
  tcase_add_test (tc, test_enrol_csv);
  tcase_add_test (tc, test_enrol_interrupted_and_resumed);
  tcase_add_test (tc, test_enrol_tied_to_model);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (galleries_suite ());
}
