/* test-within-footage.c: the search within a case across footage and
 * stills. A clip written from real LFW photos shows two people, and the
 * case also holds other photos of them and of a third person: from the
 * first person's track, their stills come first; from one of their
 * stills, their track comes first, with its time in the clip; the CLI
 * searches from a track with --track.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sl-test-footage.h"
#include "sl-test-search.h"

#define CASE "CCTV-3"

/* tests */

START_TEST (test_within_footage_and_stills)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (4, 3);
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 6, 5);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlWithinResult) from_track = NULL;
  g_autoptr(SlWithinResult) from_still = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clip = g_build_filename (db->dir, "clip3.avi", NULL);
  const char *p0 = g_ptr_array_index (ids, 0);
  const char *p1 = g_ptr_array_index (ids, 1);
  gint64 stills0[2], still2;
  SlTrack *track0, *track1;
  SlSearchRequest req;
  const SlWithinCandidate *k;

  c = sl_engine_case_open (db->engine, db->investigator, CASE, "Burglary series", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  sl_test_script_add (script, p0, sl_test_person_photo (sl_test_lfw_dir (), p0, 0), 0.4, 2.8,
                 0.25, 0.45, 0.30, 0.45, 0.30, 0.34);
  sl_test_script_add (script, p1, sl_test_person_photo (sl_test_lfw_dir (), p1, 0), 3.2, 5.6,
                 0.70, 0.45, 0.65, 0.50, 0.28, 0.32);
  ck_assert_msg (sl_test_script_write (script, sl_test_lfw_dir (), clip, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  e = sl_engine_evidence_import (db->engine, db->investigator, CASE, clip, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");
  a = sl_engine_analyse_full (db->engine, db->investigator, CASE, e->id, NULL, NULL, NULL, &error);
  ck_assert_msg (a != NULL && a->tracks != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (a->tracks->len, 2);
  track0 = g_ptr_array_index (a->tracks, 0);
  track1 = g_ptr_array_index (a->tracks, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *photo = sl_test_lfw_image (p0, i + 1);
      stills0[i] = sl_test_db_probe_face (db, CASE, photo);
    }
  {
    g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 2), 1);
    still2 = sl_test_db_probe_face (db, CASE, photo);
  }

  /* From the first person's track: their two stills, above the threshold;
   * neither the other track nor the third person's still. */
  sl_test_request_init (&req, CASE, 0, NULL);
  req.within_case = TRUE;
  req.track_id = track0->id;
  req.show_below_threshold = TRUE;
  from_track = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
  ck_assert_msg (from_track != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (from_track->track_id, track0->id);
  ck_assert_str_eq (from_track->probe, "track-template");
  ck_assert_int_eq (from_track->compared, 4);     /* the other track and three stills */
  ck_assert_uint_eq (from_track->above_threshold, 2);
  for (guint i = 0; i < from_track->candidates->len; i++)
    {
      k = g_ptr_array_index (from_track->candidates, i);
      ck_assert_int_ne (k->track_id, track0->id);
      ck_assert_msg ((i < 2) == (k->face_id == stills0[0] || k->face_id == stills0[1]),
                     "rank %u: face %" PRId64 " (%.3f)", k->rank, k->face_id, k->similarity);
      ck_assert ((i < 2) == k->above_threshold);
    }

  /* From one of their stills: their track is found, with its time. */
  sl_test_request_init (&req, CASE, stills0[0], NULL);
  req.within_case = TRUE;
  from_still = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
  ck_assert_msg (from_still != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (from_still->above_threshold, 2);
  for (guint i = 0; i < from_still->candidates->len; i++)
    {
      k = g_ptr_array_index (from_still->candidates, i);
      ck_assert (k->face_id == stills0[1] || k->track_id == track0->id);
      ck_assert_int_ne (k->track_id, track1->id);
      ck_assert_int_ne (k->face_id, still2);
      if (k->track_id == track0->id)
        {
          ck_assert_int_eq (k->face_id, track0->best_face_id);
          ck_assert_int_eq (k->evidence_id, e->id);
          ck_assert_int_ge (k->time_ms, track0->first_ms);
          ck_assert_int_le (k->time_ms, track0->last_ms);
        }
      else
        ck_assert_int_eq (k->time_ms, -1);
    }
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM case_candidates WHERE search_id = %" PRId64 " AND "
                                  "track_id = %" PRId64 " AND time_ms IS NOT NULL", from_still->search_id,
                              track0->id), 1);

  /* From another view of the first person in the clip: never their own
   * track, which is the same appearance. */
  {
    g_autoptr(SlWithinResult) r = NULL;
    gint64 view = sl_test_count (db, "SELECT min (id) FROM faces WHERE track_id = %" PRId64 " AND id != %" PRId64,
                            track0->id, track0->best_face_id);

    ck_assert_int_gt (view, 0);
    sl_test_request_init (&req, CASE, view, NULL);
    req.within_case = TRUE;
    req.show_below_threshold = TRUE;
    r = sl_engine_search_within (db->engine, db->investigator, &req, NULL, &error);
    ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    ck_assert_int_eq (r->compared, 4);
    for (guint i = 0; i < r->candidates->len; i++)
      ck_assert_int_ne (((SlWithinCandidate *) g_ptr_array_index (r->candidates, i))->track_id, track0->id);
  }

  /* The command line, from the second person's track: nothing of the case
   * is them. */
  {
    g_auto(SlTestRun) run = { 0 };
    g_autofree char *track = g_strdup_printf ("%" PRId64, track1->id);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case", CASE, "--track", track,
            "--within-case", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117 of the district court",
            "--purpose", "suspect", "--facts", SL_TEST_FACTS, "--show-below-threshold", NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    node = sl_test_parse_json (run.out);
    o = json_node_get_object (node);
    ck_assert_int_eq (json_object_get_int_member (o, "track_id"), track1->id);
    ck_assert_int_eq (json_object_get_int_member (o, "above_threshold"), 0);
    ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "candidates")), 4);
    {
      JsonObject *first = json_array_get_object_element (json_object_get_array_member (o, "candidates"), 0);
      ck_assert (json_object_has_member (first, "time"));
    }
  }
  /* The case report names the track the first search started from and
   * the track the second found, with its time in the clip. */
  {
    g_autofree char *pdf = g_build_filename (db->dir, "cctv.pdf", NULL);
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autofree char *probe = NULL;
    g_autofree char *found = NULL;
    g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
    int status;

    ck_assert_msg (sl_engine_report_write (db->engine, db->investigator, CASE, pdf, NULL, &error), "%s",
                   error ? error->message : "");
    ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                             NULL));
    text = g_regex_replace_literal (spaces, out, -1, 0, " ", 0, NULL);
    probe = g_strdup_printf ("Track %" PRId64 " · ", track0->id);
    ck_assert_msg (strstr (text, "Searches within this case") != NULL, "%s", text);
    ck_assert_msg (strstr (text, probe) != NULL, "the report does not say '%s'", probe);
    ck_assert_msg (strstr (text, "searched as the track's template") != NULL, "no template probe");
    for (guint i = 0; i < from_still->candidates->len; i++)
      {
        k = g_ptr_array_index (from_still->candidates, i);
        if (k->track_id == track0->id)
          {
            g_autofree char *at = sl_media_time_format (k->time_ms);
            g_autofree char *end = g_strdup_printf (" · %s", at);

            /* the track's one label: its number, the clip's name and the time */
            found = g_strdup (k->label);
            ck_assert_msg (g_str_has_prefix (found, probe) && strstr (found, " · clip3.avi · ") != NULL &&
                           g_str_has_suffix (found, end), "%s", found);
          }
      }
    ck_assert (found != NULL);
    ck_assert_msg (strstr (text, found) != NULL, "the report does not say '%s'", found);
  }
  sl_test_assert_intact (db);
}
END_TEST

static Suite *
within_footage_suite (void)
{
  Suite *s = suite_create ("within-footage");
  TCase *tc = tcase_create ("within-footage");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_within_footage_and_stills);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (within_footage_suite ());
}
