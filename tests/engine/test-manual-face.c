/* test-manual-face.c: faces drawn by hand where the detector missed one,
 * through the engine on a real SQLite file, real models and real LFW
 * photos: the face is embedded, stored marked manual and searchable; its
 * audit row gives the box; boxes outside the image, too small, on
 * evidence not yet analysed and from a role that may not analyse are
 * refused, and the refusals are audited. Also the faces listing a viewer
 * reads, and frames of footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "engine/sightline-engine.h"
#include "sl-test-search.h"
#include "vision/sl-image.h"

#define N_IDENTITIES 8
#define CASE "2026-MF-1"

typedef struct
{
  SlTestDb       *db;
  GPtrArray  *ids;
  char       *probe_path;     /* a photo of ids[0] not in the gallery */
  SlEvidence *evidence;
  SlProbeFace *detected;      /* the face the analysis found in it */
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_probe_face_free (f->detected);
  sl_evidence_free (f->evidence);
  g_free (f->probe_path);
  g_ptr_array_unref (f->ids);
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static SlEvidence *
import (SlTestDb   *db,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  SlEvidence *e = sl_engine_evidence_import (db->engine, db->investigator, CASE, path, NULL, NULL, NULL,
                                             &error);

  ck_assert_msg (e != NULL, "import %s: %s", path, error ? error->message : "");
  return e;
}

/* A gallery of the first two photos of eight people; the case with the
 * third photo of the first person, imported and analysed. */
static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlAnalysis) a = NULL;

  f->db = sl_test_db_new (FALSE);
  f->ids = sl_test_lfw_identities (3, N_IDENTITIES);
  root = g_build_filename (f->db->dir, "gallery", NULL);
  dir = sl_test_lfw_gallery_dir (root, f->ids, 2);
  s = sl_test_enrol_dir (f->db, "county", dir);
  ck_assert_uint_ge (s->counts[SL_ENROL_ENROLLED], N_IDENTITIES);

  c = sl_engine_case_open (f->db->engine, f->db->investigator, CASE, "Manual faces", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  f->probe_path = sl_test_lfw_image (g_ptr_array_index (f->ids, 0), 2);
  f->evidence = import (f->db, f->probe_path);
  a = sl_engine_analyse (f->db->engine, f->db->investigator, CASE, f->evidence->id, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (a->faces->len, 1);
  for (guint i = 0; i < a->faces->len; i++)
    {
      SlProbeFace *face = g_ptr_array_index (a->faces, i);

      if (f->detected == NULL || face->box[2] * face->box[3] > f->detected->box[2] * f->detected->box[3])
        {
          sl_probe_face_free (f->detected);
          f->detected = sl_engine_probe_face_get (f->db->engine, f->db->investigator, face->id, FALSE, NULL);
        }
    }
  ck_assert (f->detected != NULL);
  return f;
}

static gint64
audit_rows (SlTestDb   *db,
            const char *action,
            const char *outcome)
{
  return sl_test_count (db, "SELECT count(*) FROM audit WHERE action = '%s' AND outcome = '%s'", action, outcome);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

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

START_TEST (test_manual_face_searchable)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) manual = NULL;
  g_autoptr(SlProbeFace) full = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlEvidenceFaces) listed = NULL;
  g_autoptr(SlStore) store = NULL;
  SlSearchRequest req;
  SlSearchCandidate *top;
  /* A person draws a squarer box than the detector's, a little off. */
  float box[4] = {
    f->detected->box[0] - 4, f->detected->box[1] + f->detected->box[3] * 0.1f,
    f->detected->box[2] + 8, f->detected->box[3] * 0.85f,
  };

  {
    gint64 start = g_get_monotonic_time ();

    manual = sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, f->evidence->id, box, NULL,
                                        &error);
    fprintf (stderr, "# manual face (detector's second look, embedding, store): %.1f ms\n",
             (g_get_monotonic_time () - start) / 1000.0);
  }
  ck_assert_msg (manual != NULL, "%s", error ? error->message : "");
  ck_assert (sl_probe_face_is_manual (manual));
  ck_assert (!sl_probe_face_is_manual (f->detected));
  ck_assert_int_eq (manual->evidence_id, f->evidence->id);
  ck_assert (manual->embedding == NULL);
  ck_assert_float_eq_tol (manual->box[0], box[0], 0.01);
  ck_assert_float_eq_tol (manual->box[3], box[3], 0.01);
  ck_assert_msg (strstr (manual->quality_json, "\"landmarks_from\":\"detector\"") != NULL, "%s",
                 manual->quality_json);

  /* Stored with its embedding and crop. */
  store = sl_store_open (f->db->db, &error);
  full = sl_probe_face_lookup (store, manual->id, TRUE, &error);
  ck_assert_msg (full != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (full->dim, 512);
  ck_assert (full->crop != NULL && g_bytes_get_size (full->crop) > 1000);

  /* Audited with the box, once. */
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "success"), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'face.manual' "
                                     "AND json_extract (details, '$.face_id') = %" G_GINT64_FORMAT
                                     " AND json_array_length (details, '$.box') = 4 "
                                     "AND case_number = '" CASE "'", manual->id), 1);

  /* Searchable: the person's gallery photos come first. */
  sl_test_request_init (&req, CASE, manual->id, "county");
  r = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (r->candidates->len, 1);
  top = g_ptr_array_index (r->candidates, 0);
  ck_assert_str_eq (top->external_id, g_ptr_array_index (f->ids, 0));
  ck_assert_int_eq (r->face_id, manual->id);

  /* The viewer's listing has both, the drawn one marked. */
  listed = sl_engine_faces_list (f->db->engine, f->db->investigator, CASE, f->evidence->id, &error);
  ck_assert_msg (listed != NULL, "%s", error ? error->message : "");
  ck_assert (listed->analysed);
  ck_assert (listed->tracks == NULL);
  ck_assert_uint_eq (listed->faces->len, 2);
  ck_assert (sl_probe_face_is_manual (g_ptr_array_index (listed->faces, 1)));
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_still_without_faces)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dogs = g_build_filename (g_getenv ("SIGHTLINE_SHARED_DIR"), "datasets",
                                            "faces-detection", "dogs.jpg", NULL);
  g_autoptr(SlEvidence) evidence = import (f->db, dogs);
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlEvidenceFaces) listed = NULL;
  int n_faces, n_tracks;
  gboolean partial;

  /* Not analysed yet: nothing to say. */
  ck_assert (sl_engine_evidence_findings (f->db->engine, f->db->investigator, evidence,
                                          &n_faces, &n_tracks, &partial, &error));
  ck_assert_int_eq (n_faces, -1);

  /* Analysed, no face: the case page and the viewer both say "no face". */
  a = sl_engine_analyse (f->db->engine, f->db->investigator, CASE, evidence->id, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (a->faces->len, 0);
  ck_assert (sl_engine_evidence_findings (f->db->engine, f->db->investigator, evidence,
                                          &n_faces, &n_tracks, &partial, &error));
  ck_assert_int_eq (n_faces, 0);
  ck_assert_int_eq (n_tracks, -1);
  listed = sl_engine_faces_list (f->db->engine, f->db->investigator, CASE, evidence->id, &error);
  ck_assert_msg (listed != NULL, "%s", error ? error->message : "");
  ck_assert (listed->analysed);
  ck_assert_uint_eq (listed->faces->len, 0);
}
END_TEST

START_TEST (test_manual_face_template_landmarks)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) manual = NULL;
  /* A corner of the photo, where there is no face for the detector. */
  const float box[4] = { 2, 2, 44, 52 };

  manual = sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, f->evidence->id, box, NULL,
                                      &error);
  ck_assert_msg (manual != NULL, "%s", error ? error->message : "");
  ck_assert_msg (strstr (manual->quality_json, "\"landmarks_from\":\"template\"") != NULL, "%s",
                 manual->quality_json);
  ck_assert_msg (strstr (manual->quality_json, "low_confidence") != NULL, "%s", manual->quality_json);
  ck_assert (g_strcmp0 (manual->quality_band, "good") != 0);
  ck_assert_double_eq (manual->detector_score, 0);
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "success"), 1);
}
END_TEST

START_TEST (test_manual_face_refusals)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) fresh = NULL;
  g_autofree char *other = sl_test_lfw_image (g_ptr_array_index (f->ids, 1), 2);
  const float outside[4] = { 400, 400, 60, 60 };
  const float tiny[4] = { 100, 100, 5, 6 };
  const float fine[4] = { 80, 60, 90, 110 };
  gint64 faces_before = sl_test_count (f->db, "SELECT count(*) FROM faces");

  /* Outside the 250x250 photo. */
  ck_assert (!sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, f->evidence->id, outside,
                                         NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID), "%s", error->message);
  ck_assert_msg (strstr (error->message, "outside the image") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert (!sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, f->evidence->id, tiny,
                                         NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID), "%s", error->message);
  ck_assert_msg (strstr (error->message, "too small") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "failed"), 2);

  /* An administrator may not analyse evidence. */
  ck_assert (!sl_engine_face_add_manual (f->db->engine, f->db->admin, CASE, f->evidence->id, fine, NULL,
                                         &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  g_clear_error (&error);
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "refused"), 1);

  /* Not before the detector had its look. */
  fresh = import (f->db, other);
  ck_assert (!sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, fresh->id, fine, NULL,
                                         &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID), "%s", error->message);
  ck_assert_msg (strstr (error->message, "Analyse") != NULL, "%s", error->message);
  g_clear_error (&error);

  /* No such evidence in the case. */
  ck_assert (!sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, 9999, fine, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM faces"), faces_before);
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "success"), 0);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_manual_face_async)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) manual = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  Wait w = { loop, NULL };
  const float *b = f->detected->box;
  float box[4] = { b[0], b[1], b[2], b[3] };

  g_main_context_push_thread_default (context);
  sl_engine_face_add_manual_async (f->db->engine, f->db->investigator, CASE, f->evidence->id, box, NULL,
                                   on_done, &w);
  g_main_loop_run (loop);
  manual = sl_engine_face_add_manual_finish (f->db->engine, w.result, &error);
  g_clear_object (&w.result);
  g_main_context_pop_thread_default (context);
  ck_assert_msg (manual != NULL, "%s", error ? error->message : "");
  ck_assert (sl_probe_face_is_manual (manual));
  ck_assert_int_eq (audit_rows (f->db, "face.manual", "success"), 1);
}
END_TEST

START_TEST (test_picture_of_still)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPicture) picture = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SlImage) decoded = NULL;
  Wait w = { loop, NULL };

  g_main_context_push_thread_default (context);
  sl_engine_picture_async (f->db->engine, f->db->investigator, f->evidence, -1, 100, NULL, on_done, &w);
  g_main_loop_run (loop);
  picture = sl_engine_picture_finish (f->db->engine, w.result, &error);
  g_clear_object (&w.result);
  g_main_context_pop_thread_default (context);
  ck_assert_msg (picture != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (picture->full_width, 250);
  ck_assert_uint_eq (picture->full_height, 250);
  ck_assert_uint_eq (picture->width, 100);
  decoded = sl_image_load_bytes (picture->jpeg, "picture", SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (decoded != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_height (decoded), 100);
}
END_TEST

/* Frames forward, back and past the end of a real clip: each shows the
 * solid colour written at that time. */
START_TEST (test_footage_frames)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autofree char *path = g_build_filename (db->dir, "clip.avi", NULL);
  g_autoptr(SlVideoWriter) writer = NULL;
  const gint64 times[] = { 1500, 200, 2900, 2950, 100, 60000 };
  const guint8 expect[] = { 1, 0, 2, 2, 0, 2 };

  writer = sl_video_writer_new (path, SL_VIDEO_CODEC_MJPEG, 10, 160, 120, &error);
  ck_assert_msg (writer != NULL, "%s", error ? error->message : "");
  for (int i = 0; i < 30; i++)
    {
      /* red, then green, then blue, a second each */
      g_autoptr(SlImage) frame = sl_image_new_filled (160, 120, i < 10 ? 220 : 20, i >= 10 && i < 20 ? 220 : 20,
                                                      i >= 20 ? 220 : 20);

      ck_assert (sl_video_writer_add_frame (writer, frame, &error));
    }
  ck_assert (sl_video_writer_close (writer, &error));

  c = sl_engine_case_open (db->engine, db->investigator, CASE, "Frames", &error);
  ck_assert (c != NULL);
  e = import (db, path);
  ck_assert_int_eq (e->kind, SL_EVIDENCE_FOOTAGE);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) jpeg = sl_engine_footage_frame (db->engine, db->investigator, e, times[i], 80, NULL, &error);
      g_autoptr(SlImage) image = NULL;
      const guint8 *px;
      gsize stride;

      fprintf (stderr, "# frame at %" G_GINT64_FORMAT " ms: %.1f ms\n", times[i],
               (g_get_monotonic_time () - start) / 1000.0);
      ck_assert_msg (jpeg != NULL, "%s", error ? error->message : "");
      image = sl_image_load_bytes (jpeg, "frame", SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
      ck_assert (image != NULL);
      ck_assert_uint_eq (sl_image_get_width (image), 80);
      px = sl_image_get_pixels (image, &stride) + 30 * stride + 40 * 3;
      /* BGR: the bright channel names the colour */
      ck_assert_msg (px[2 - expect[i]] > 150, "frame at %" G_GINT64_FORMAT " ms: %d %d %d", times[i],
                     px[2], px[1], px[0]);
    }
}
END_TEST

static gboolean
within_has (Fixture *f,
            gint64   probe,
            gint64   face)
{
  g_autoptr(SlWithinResult) r = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchRequest req;

  sl_test_request_init (&req, CASE, probe, NULL);
  req.within_case = TRUE;
  req.show_below_threshold = TRUE;
  r = sl_engine_search_within (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < r->candidates->len; i++)
    if (((SlWithinCandidate *) g_ptr_array_index (r->candidates, i))->face_id == face)
      return TRUE;
  return FALSE;
}

/* pdftotext's words joined by single spaces, whatever the line breaks. */
static char *
pdf_words (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error), "%s", error ? error->message : "");
  ck_assert (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
    return g_string_free (g_steal_pointer (&joined), FALSE);
  }
}

static void
retract_refused (Fixture    *f,
                 SlSession  *who,
                 gint64      face,
                 const char *reason,
                 const char *expect)
{
  g_autoptr(GError) error = NULL;

  ck_assert (!sl_engine_face_retract (f->db->engine, who, CASE, face, reason, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, expect) != NULL, "%s", error->message);
}

/* A box drawn by mistake is retracted, never erased: offered for no new
 * search, while the search made with it keeps its record and probe. */
START_TEST (test_manual_face_retracted)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) manual = NULL;
  g_autoptr(SlProbeFace) kept = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlSearchResult) again = NULL;
  g_autoptr(SlSearchRecord) record = NULL;
  g_autoptr(SlEvidenceFaces) listed = NULL;
  SlSearchRequest req;
  float box[4] = { f->detected->box[0], f->detected->box[1], f->detected->box[2], f->detected->box[3] };

  manual = sl_engine_face_add_manual (f->db->engine, f->db->investigator, CASE, f->evidence->id, box, NULL, &error);
  ck_assert_msg (manual != NULL, "%s", error ? error->message : "");
  sl_test_request_init (&req, CASE, manual->id, "county");
  r = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert (within_has (f, f->detected->id, manual->id));

  /* Only a drawn face, by someone who may analyse, for a reason. */
  retract_refused (f, f->db->investigator, f->detected->id, "Drawn over the wrong person", "detector");
  retract_refused (f, f->db->admin, manual->id, "Drawn over the wrong person", "may not");
  retract_refused (f, f->db->investigator, manual->id, NULL, "reason");
  retract_refused (f, f->db->investigator, manual->id, "oops", "at least 3 words");
  ck_assert (!sl_engine_face_retract (f->db->engine, f->db->investigator, "NO-SUCH", manual->id,
                                      "Drawn over the wrong person", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  g_clear_error (&error);

  ck_assert_msg (sl_engine_face_retract (f->db->engine, f->db->investigator, CASE, manual->id,
                                         "Drawn over the wrong person in the crowd", &error),
                 "%s", error ? error->message : "");
  retract_refused (f, f->db->supervisor, manual->id, "Drawn over the wrong person", "already retracted");

  /* No longer offered: not listed, not searched with, not a candidate. */
  listed = sl_engine_faces_list (f->db->engine, f->db->investigator, CASE, f->evidence->id, &error);
  ck_assert_msg (listed != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (listed->faces->len, 1);
  ck_assert_int_eq (((SlProbeFace *) g_ptr_array_index (listed->faces, 0))->id, f->detected->id);
  again = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert (again == NULL);
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  ck_assert_msg (strstr (error->message, "retracted") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (!within_has (f, f->detected->id, manual->id));

  /* The search made with it keeps its record and its probe crop. */
  record = sl_engine_search_record_get (f->db->engine, f->db->investigator, r->search_id, &error);
  ck_assert_msg (record != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (record->face_id, manual->id);
  kept = sl_engine_probe_face_get (f->db->engine, f->db->investigator, manual->id, TRUE, &error);
  ck_assert_msg (kept != NULL, "%s", error ? error->message : "");
  ck_assert (kept->crop != NULL);
  ck_assert_str_eq (kept->retraction_reason, "Drawn over the wrong person in the crowd");
  ck_assert_str_eq (kept->retracted_by, "ivan");
  /* So does the case report, which says the face was retracted since. */
  {
    g_autofree char *pdf = g_build_filename (f->db->dir, "report.pdf", NULL);
    g_autofree char *text = NULL;
    SlReportSummary summary = { 0, };

    ck_assert_msg (sl_engine_report_write_full (f->db->engine, f->db->investigator, CASE, pdf, &summary, NULL,
                                                &error), "%s", error ? error->message : "");
    sl_report_summary_clear (&summary);
    text = pdf_words (pdf);
    ck_assert_msg (strstr (text, "drawn by hand and retracted since") != NULL, "%s", text);
    ck_assert_msg (strstr (text, "Drawn over the wrong person in the crowd") != NULL, "%s", text);
  }

  /* Audited with the reason and what keeps its record; refusals too. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'face.retract' "
                                   "AND outcome = 'success' AND object_id = '%" G_GINT64_FORMAT "' "
                                   "AND json_extract (details, '$.searches_kept') = 1 "
                                   "AND json_extract (details, '$.reason') LIKE 'Drawn over%%'", manual->id), 1);
  ck_assert_int_eq (audit_rows (f->db, "face.retract", "refused"), 5);
  sl_test_sql_refused (f->db, "UPDATE face_retractions SET reason = 'x'");
  sl_test_sql_refused (f->db, "DELETE FROM face_retractions");
  sl_test_assert_intact (f->db);
}
END_TEST

static Suite *
manual_face_suite (void)
{
  Suite *s = suite_create ("manual-face");
  TCase *tc = tcase_create ("manual-face");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_manual_face_searchable);
  tcase_add_test (tc, test_manual_face_template_landmarks);
  tcase_add_test (tc, test_manual_face_refusals);
  tcase_add_test (tc, test_manual_face_async);
  tcase_add_test (tc, test_picture_of_still);
  tcase_add_test (tc, test_footage_frames);
  tcase_add_test (tc, test_still_without_faces);
  tcase_add_test (tc, test_manual_face_retracted);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (manual_face_suite ());
}
