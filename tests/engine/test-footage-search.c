/* test-footage-search.c: footage through the engine into the store and the
 * justified search: a clip written from real LFW photos with known people at
 * known times is imported, analysed into tracks (stored with their best
 * views, audited), and searched from each track against a gallery of other
 * photos of those people; a truncated clip is stored as a partial analysis.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sl-test-footage.h"
#include "sl-test-search.h"

#define CASE       "FOOT-1"
#define N_PEOPLE   3
#define N_GALLERY  6
#define SAMPLE_MS  200   /* the default 5 samples a second */

typedef struct
{
  const char *person;
  double      t_in, t_out;
} Truth;

/* helpers */

/* ROOT/<identity>/ with photos 1 and 2 of each: never the one in the clip. */
static char *
gallery_dir (const char *root,
             GPtrArray  *ids)
{
  g_assert (g_mkdir_with_parents (root, 0700) == 0);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *sub = g_build_filename (root, id, NULL);

      g_assert (g_mkdir_with_parents (sub, 0700) == 0);
      for (guint k = 1; k <= 2; k++)
        {
          g_autofree char *target = sl_test_lfw_image (id, k);
          g_autofree char *base = g_path_get_basename (target);
          g_autofree char *link = g_build_filename (sub, base, NULL);

          ck_assert_int_eq (symlink (target, link), 0);
        }
    }
  return g_strdup (root);
}

static char *
write_clip (SlTestDb     *db,
            SlTestScript *script,
            const char   *name)
{
  g_autofree char *path = g_build_filename (db->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_msg (sl_test_script_write (script, sl_test_lfw_dir (), path, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  return g_steal_pointer (&path);
}

static gint64
import (SlTestDb   *db,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) e = NULL;

  e = sl_engine_evidence_import (db->engine, db->investigator, CASE, path, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "import: %s", error ? error->message : "");
  ck_assert_int_eq (e->kind, SL_EVIDENCE_FOOTAGE);
  return e->id;
}

static void
count_progress (const SlFootageProgress *progress,
                gpointer                 user_data)
{
  (*(guint *) user_data)++;
}

/* tests */

START_TEST (test_analyse_and_search_from_tracks)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (4, N_GALLERY);
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 10, 5);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlAnalysis) again = NULL;
  g_autoptr(SlEnrolSummary) enrolled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint progress_calls = 0;
  SlAnalyseOptions options = { -1, count_progress, &progress_calls };
  Truth truth[N_PEOPLE];
  guint n_faces = 0;
  gint64 evidence_id;

  ck_assert_uint_eq (ids->len, N_GALLERY);
  /* Two at once for a while, entering and leaving, moving and growing. */
  truth[0] = (Truth) { g_ptr_array_index (ids, 0), 0.6, 3.6 };
  truth[1] = (Truth) { g_ptr_array_index (ids, 1), 2.2, 8.4 };
  truth[2] = (Truth) { g_ptr_array_index (ids, 2), 4.6, 7.8 };
  sl_test_script_add (script, truth[0].person, sl_test_person_photo (sl_test_lfw_dir (), truth[0].person, 0),
                 truth[0].t_in, truth[0].t_out, 0.22, 0.40, 0.30, 0.45, 0.30, 0.36);
  sl_test_script_add (script, truth[1].person, sl_test_person_photo (sl_test_lfw_dir (), truth[1].person, 0),
                 truth[1].t_in, truth[1].t_out, 0.75, 0.45, 0.62, 0.50, 0.26, 0.34);
  sl_test_script_add (script, truth[2].person, sl_test_person_photo (sl_test_lfw_dir (), truth[2].person, 0),
                 truth[2].t_in, truth[2].t_out, 0.25, 0.50, 0.35, 0.42, 0.32, 0.30);

  c = sl_engine_case_open (db->engine, db->investigator, CASE, "Shop robbery", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  path = write_clip (db, script, "shop.avi");
  evidence_id = import (db, path);
  /* Whole footage decodes to its end: not damaged. */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM evidence WHERE damage IS NULL"), 1);

  a = sl_engine_analyse_full (db->engine, db->investigator, CASE, evidence_id, NULL, &options, NULL, &error);
  ck_assert_msg (a != NULL, "analyse: %s", error ? error->message : "");
  ck_assert (a->footage != NULL);
  ck_assert (!a->already);
  ck_assert (!a->footage->partial);
  ck_assert_uint_gt (progress_calls, 0);
  ck_assert_uint_eq (a->tracks->len, N_PEOPLE);
  ck_assert_uint_eq (a->footage->n_tracks, N_PEOPLE);

  /* By first time the tracks are person 0, 1, 2; each within one sample
   * interval of the truth. */
  for (guint i = 0; i < N_PEOPLE; i++)
    {
      SlTrack *t = g_ptr_array_index (a->tracks, i);

      ck_assert_msg (llabs (t->first_ms - (gint64) (truth[i].t_in * 1000)) <= SAMPLE_MS,
                     "track %u starts at %" G_GINT64_FORMAT " ms, not %.0f", i, t->first_ms, truth[i].t_in * 1000);
      ck_assert_msg (llabs (t->last_ms - (gint64) (truth[i].t_out * 1000)) <= SAMPLE_MS,
                     "track %u ends at %" G_GINT64_FORMAT " ms, not %.0f", i, t->last_ms, truth[i].t_out * 1000);
      ck_assert_int_gt (t->best_face_id, 0);
      ck_assert_uint_gt (t->n_sightings, 5);
    }

  /* The store holds the analysis, the tracks, their best views as probe
   * faces with times, and one audit row for it all. */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM footage_analyses WHERE evidence_id = %" G_GINT64_FORMAT
                                  " AND status = 'complete' AND n_tracks = %d", evidence_id, N_PEOPLE), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks WHERE evidence_id = %" G_GINT64_FORMAT
                                  " AND template IS NOT NULL AND best_face_id IS NOT NULL", evidence_id), N_PEOPLE);
  n_faces = (guint) sl_test_count (db, "SELECT count(*) FROM faces WHERE track_id IS NOT NULL AND frame_ms IS NOT NULL "
                                  "AND frame_index IS NOT NULL AND crop IS NOT NULL");
  ck_assert_uint_ge (n_faces, N_PEOPLE);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM faces f JOIN tracks t ON t.id = f.track_id "
                                  "WHERE f.frame_ms < t.first_ms OR f.frame_ms > t.last_ms"), 0);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'evidence.analyze' AND "
                                  "outcome = 'success' AND json_array_length (details, '$.tracks') = %d",
                              N_PEOPLE), 1);

  /* Again: what is stored, nothing new. */
  again = sl_engine_analyse_full (db->engine, db->investigator, CASE, evidence_id, NULL, NULL, NULL, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  ck_assert (again->already);
  ck_assert_uint_eq (again->tracks->len, N_PEOPLE);
  for (guint i = 0; i < N_PEOPLE; i++)
    ck_assert_int_eq (((SlTrack *) g_ptr_array_index (again->tracks, i))->id,
                      ((SlTrack *) g_ptr_array_index (a->tracks, i))->id);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks"), N_PEOPLE);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM faces"), n_faces);

  /* A gallery with other photos of them, and of three others. */
  root = g_build_filename (db->dir, "gallery", NULL);
  dir = gallery_dir (root, ids);
  enrolled = sl_test_enrol_dir (db, "county", dir);
  ck_assert_uint_ge (enrolled->counts[SL_ENROL_ENROLLED], N_GALLERY);

  for (guint i = 0; i < N_PEOPLE; i++)
    for (int p = 0; p < 2; p++)
      {
        SlTrack *t = g_ptr_array_index (a->tracks, i);
        SlTrackProbe probe = p == 0 ? SL_TRACK_PROBE_TEMPLATE : SL_TRACK_PROBE_BEST;
        g_autoptr(SlSearchResult) r = NULL;
        SlSearchRequest req;
        SlSearchCandidate *first;

        sl_test_request_init (&req, CASE, 0, "county");
        req.track_id = t->id;
        req.track_probe = probe;
        req.show_below_threshold = TRUE;
        r = sl_engine_search (db->engine, db->investigator, &req, NULL, &error);
        ck_assert_msg (r != NULL, "search: %s", error ? error->message : "");
        ck_assert_int_eq (r->track_id, t->id);
        ck_assert_int_eq (r->face_id, t->best_face_id);
        ck_assert_uint_gt (r->candidates->len, 0);
        first = g_ptr_array_index (r->candidates, 0);
        ck_assert_msg (g_str_equal (first->external_id, truth[i].person),
                       "track %u (%s, %s) ranks %s first", i, truth[i].person, sl_track_probe_to_string (probe),
                       first->external_id);
        ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM searches WHERE id = %" G_GINT64_FORMAT
                                        " AND track_id = %" G_GINT64_FORMAT " AND face_id = %" G_GINT64_FORMAT
                                        " AND probe = '%s'", r->search_id, t->id, t->best_face_id,
                                    p == 0 ? "track-template" : "track-best"), 1);
        ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'search' AND object_id = "
                                        "'%" G_GINT64_FORMAT "' AND json_extract (details, '$.track_id') = %"
                                        G_GINT64_FORMAT " AND json_extract (details, '$.probe') = '%s'",
                                    r->search_id, t->id, p == 0 ? "track-template" : "track-best"), 1);
      }

  /* The command line: --track with --probe. */
  {
    SlTrack *t = g_ptr_array_index (a->tracks, 1);
    g_autofree char *track = g_strdup_printf ("%" G_GINT64_FORMAT, t->id);
    g_auto(SlTestRun) run = { 0 };
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;
    JsonArray *candidates;

    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case", CASE, "--track", track,
            "--probe", "best", "--gallery", "county", "--offense", "ROBBERY", "--legal-basis", "Warrant 2024/117",
            "--purpose", "suspect", "--facts", SL_TEST_FACTS, "--show-below-threshold", NULL);
    ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
    node = sl_test_parse_json (run.out);
    o = json_node_get_object (node);
    ck_assert_int_eq (json_object_get_int_member (o, "track_id"), t->id);
    ck_assert_str_eq (json_object_get_string_member (o, "probe"), "track-best");
    ck_assert_int_eq (json_object_get_int_member (o, "face_id"), t->best_face_id);
    candidates = json_object_get_array_member (o, "candidates");
    ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (candidates, 0), "subject"),
                      truth[1].person);
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "search", "--case", CASE, "--face", "1",
            "--probe", "best", NULL);
    ck_assert_int_eq (run.status, 2);
  }

  /* One probe only. */
  {
    g_autoptr(SlSearchResult) r = NULL;
    g_autoptr(GError) refused = NULL;
    SlSearchRequest req;

    sl_test_request_init (&req, CASE, ((SlTrack *) g_ptr_array_index (a->tracks, 0))->best_face_id, "county");
    req.track_id = ((SlTrack *) g_ptr_array_index (a->tracks, 0))->id;
    r = sl_engine_search (db->engine, db->investigator, &req, NULL, &refused);
    ck_assert (r == NULL);
    ck_assert (g_error_matches (refused, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  }
  sl_test_assert_intact (db);
}
END_TEST

START_TEST (test_truncated_footage_is_partial)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, 25, 6, 4);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize len;
  gint64 evidence_id;

  sl_test_script_add (script, "Hans_Blix", sl_test_person_photo (sl_test_lfw_dir (), "Hans_Blix", 0),
                 0.6, 5.4, 0.3, 0.5, 0.7, 0.5, 0.45, 0.45);
  path = write_clip (db, script, "cut-short.avi");
  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  ck_assert (g_file_set_contents (path, data, (gssize) (len / 2), NULL));

  c = sl_engine_case_open (db->engine, db->investigator, CASE, "Shop robbery", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  evidence_id = import (db, path);
  /* Kept as given, and marked damaged at import, naming the file (issue 15). */
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM evidence WHERE damage LIKE "
                                   "'%%cut-short.avi%%cut short%%'"), 1);
  a = sl_engine_analyse_full (db->engine, db->investigator, CASE, evidence_id, NULL, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "analyse: %s", error ? error->message : "");
  ck_assert (a->footage->partial);
  ck_assert_msg (a->footage->stop_error != NULL && strstr (a->footage->stop_error, "cut-short") != NULL, "%s", a->footage->stop_error);
  ck_assert_int_ge (a->footage->stopped_ms, 2000);
  ck_assert_int_le (a->footage->stopped_ms, 3600);
  ck_assert_uint_eq (a->tracks->len, 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM footage_analyses WHERE status = 'partial' AND "
                                  "stop_error IS NOT NULL AND stopped_ms = %" G_GINT64_FORMAT,
                              a->footage->stopped_ms), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM tracks WHERE end_reason = 'footage'"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'evidence.analyze' AND "
                                  "outcome = 'success' AND json_extract (details, '$.partial') = 1"), 1);

  /* The command line, at another rate: a new analysis, partial too, with
   * its progress on stderr; then the same again is what was stored. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, evidence_id);
    const char *args[] = { "--user", "ivan", "--json", "analyse", "--case", CASE, "--fps", "2", id, NULL };
    char *envp[] = { (char *) "SIGHTLINE_PASSWORD=" SL_TEST_INVESTIGATOR_PASSWORD, (char *) "SIGHTLINE_PROGRESS=1", NULL };

    for (int round = 0; round < 2; round++)
      {
        g_auto(SlTestRun) run = { 0 };
        g_autoptr(JsonNode) node = NULL;
        JsonObject *o;

        sl_test_cli_env (&run, db->db, envp, FALSE, args);
        ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
        node = sl_test_parse_json (run.out);
        o = json_node_get_object (node);
        ck_assert (json_object_get_boolean_member (o, "partial"));
        ck_assert (json_object_get_boolean_member (o, "already_analysed") == (round == 1));
        ck_assert_double_eq (json_object_get_double_member (o, "sample_fps"), 2);
        ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "tracks")), 1);
        if (round == 0)
          ck_assert_msg (strstr (run.err, "Analysing footage") != NULL, "%s", run.err);
      }
    ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM footage_analyses WHERE status = 'partial'"), 2);
  }
  sl_test_assert_intact (db);
}
END_TEST

static Suite *
footage_search_suite (void)
{
  Suite *s = suite_create ("footage-search");
  TCase *tc = tcase_create ("footage-search");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_analyse_and_search_from_tracks);
  tcase_add_test (tc, test_truncated_footage_is_partial);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (footage_search_suite ());
}
