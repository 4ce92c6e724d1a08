/* test-persons.c: the people of a case (issue 16), through the engine and
 * the real sightline-cli, on real SQLite files, the real models and real
 * LFW photos: three photos each of four people among twenty other
 * people's photos, and a clip written from two of the four. The grouping
 * puts each of the four in one person with no foreign face; merge, split,
 * name and separate are recorded append-only and audited, and survive a
 * regrouping after new evidence; a newer decision undoes an older one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "core/sl-search-record.h"
#include "sl-test-footage.h"
#include "sl-test-search.h"

#define CASE     "ROBBERY-16"
#define N_FOUR   4
#define N_OTHERS 20

typedef struct
{
  SlTestDb  *db;
  GPtrArray *four;           /* LFW names with five or more photos */
  gint64     stills[N_FOUR][3];
  gint64     track[2];       /* the clip's tracks of the first two */
  gint64     track_face[2];  /* their best views */
  gint64     others[N_OTHERS];
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_ptr_array_unref (f->four);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_new (void)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) all = sl_test_lfw_identities (1, 60);
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 6, 5);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clip = NULL;
  guint n = 0;

  f->db = sl_test_db_new (FALSE);
  f->four = sl_test_lfw_identities (5, N_FOUR);
  c = sl_engine_case_open (f->db->engine, f->db->investigator, CASE, "Robbery series", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  for (guint p = 0; p < N_FOUR; p++)
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *path = sl_test_lfw_image (g_ptr_array_index (f->four, p), i);
        f->stills[p][i] = sl_test_db_probe_face (f->db, CASE, path);
      }
  for (guint i = 0; i < all->len && n < N_OTHERS; i++)
    {
      const char *name = g_ptr_array_index (all, i);
      g_autofree char *path = NULL;

      if (g_ptr_array_find_with_equal_func (f->four, name, g_str_equal, NULL))
        continue;
      path = sl_test_lfw_image (name, 0);
      f->others[n++] = sl_test_db_probe_face (f->db, CASE, path);
    }
  ck_assert_uint_eq (n, N_OTHERS);

  /* The clip shows the first two of the four, from a fourth photo each. */
  clip = g_build_filename (f->db->dir, "clip16.avi", NULL);
  for (guint p = 0; p < 2; p++)
    {
      const char *name = g_ptr_array_index (f->four, p);
      int nth = sl_test_person_photo (sl_test_lfw_dir (), name, 3);

      if (p == 0)
        sl_test_script_add (script, name, nth, 0.4, 2.8, 0.25, 0.45, 0.30, 0.45, 0.30, 0.34);
      else
        sl_test_script_add (script, name, nth, 3.2, 5.6, 0.70, 0.45, 0.65, 0.50, 0.28, 0.32);
    }
  ck_assert_msg (sl_test_script_write (script, sl_test_lfw_dir (), clip, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  e = sl_engine_evidence_import (f->db->engine, f->db->investigator, CASE, clip, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");
  a = sl_engine_analyse_full (f->db->engine, f->db->investigator, CASE, e->id, NULL, NULL, NULL, &error);
  ck_assert_msg (a != NULL && a->tracks != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (a->tracks->len, 2);
  for (guint t = 0; t < 2; t++)
    {
      SlTrack *track = g_ptr_array_index (a->tracks, t);

      f->track[t] = track->id;
      f->track_face[t] = track->best_face_id;
    }
  return f;
}

static SlPersons *
group (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SlPersons *r = sl_engine_case_persons (f->db->engine, f->db->investigator, CASE, NULL, &error);

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

static SlPerson *
person_of (SlPersons *r,
           gint64     face)
{
  SlPerson *p = sl_persons_find (r, face);

  ck_assert_msg (p != NULL, "face %" PRId64 " is in no person", face);
  return p;
}

static gboolean
holds_track (SlPerson *p,
             gint64    track)
{
  for (guint k = 0; k < p->sightings->len; k++)
    if (g_array_index (p->sightings, SlPersonSighting, k).track_id == track)
      return TRUE;
  return FALSE;
}

/* Person p holds exactly these faces (and, when track > 0, that track). */
static void
assert_exactly (SlPerson     *p,
                const gint64 *faces,
                guint         n,
                gint64        track)
{
  ck_assert_msg (p->sightings->len == n + (track > 0 ? 1 : 0), "person %u has %u sightings, not %u", p->number,
                 p->sightings->len, n + (track > 0 ? 1 : 0));
  for (guint k = 0; k < p->sightings->len; k++)
    {
      const SlPersonSighting *s = &g_array_index (p->sightings, SlPersonSighting, k);
      gboolean ok = s->track_id > 0 ? s->track_id == track : FALSE;

      for (guint i = 0; i < n && !ok; i++)
        ok = s->track_id == 0 && s->face_id == faces[i];
      ck_assert_msg (ok, "person %u holds a foreign sighting: face %" PRId64 " track %" PRId64, p->number,
                     s->face_id, s->track_id);
    }
}

static void
assert_ok (gboolean  ok,
           GError   *error)
{
  ck_assert_msg (ok, "%s", error ? error->message : "");
}

/* tests */

START_TEST (test_persons_grouping)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(SlPersons) r = group (f);

  ck_assert_str_eq (r->model_id, "fr-feature");
  /* Some photos show a second face in the background: at least these. */
  ck_assert_int_ge (r->grouped, N_FOUR * 3 + N_OTHERS + 2);
  ck_assert_int_eq (r->skipped_other_model, 0);
  ck_assert (r->threshold >= 0.3 && r->threshold < 1);
  for (guint p = 0; p < N_FOUR; p++)
    {
      SlPerson *person = person_of (r, f->stills[p][0]);

      assert_exactly (person, f->stills[p], 3, p < 2 ? f->track[p] : 0);
      ck_assert_uint_eq (person->n_evidence, p < 2 ? 4 : 3);
      ck_assert_ptr_null (person->name);
      /* The best view is one of its own sightings. */
      ck_assert (sl_persons_find (r, person->best.face_id) == person);
    }
  /* Every other face is a person of its own; most sightings first. */
  for (guint i = 0; i < N_OTHERS; i++)
    ck_assert_uint_eq (person_of (r, f->others[i])->sightings->len, 1);
  ck_assert_uint_eq (r->persons->len, N_FOUR + (r->grouped - N_FOUR * 3 - 2));
  ck_assert_uint_eq (((SlPerson *) g_ptr_array_index (r->persons, 0))->sightings->len, 4);
  ck_assert_uint_eq (((SlPerson *) g_ptr_array_index (r->persons, N_FOUR))->sightings->len, 1);
  /* A face of a track names the track. */
  ck_assert (person_of (r, f->track_face[1]) == person_of (r, f->stills[1][2]));

  /* Each grouping is audited, with what it used. */
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'case.persons' "
                                   "AND outcome = 'success' AND json_extract (details, '$.persons') = %u",
                                   r->persons->len), 1);

  /* The command line lists the same persons. */
  {
    g_auto(SlTestRun) run = { 0 };
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;
    JsonArray *persons;

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "case", "persons",
                 "--case", CASE, NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    node = sl_test_parse_json (run.out);
    o = json_node_get_object (node);
    persons = json_object_get_array_member (o, "persons");
    ck_assert_uint_eq (json_array_get_length (persons), r->persons->len);
    ck_assert_int_eq (json_object_get_int_member (json_array_get_object_element (persons, 0), "sightings"), 4);
    ck_assert_double_eq_tol (json_object_get_double_member (o, "threshold"), r->threshold, 1e-9);
  }
  /* The administrator may not search, so may not group either: refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlPersons) none = sl_engine_case_persons (f->db->engine, f->db->admin, CASE, NULL, &error);

    ck_assert_ptr_null (none);
    ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  }
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_persons_decisions)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  SlTestDb *db = f->db;
  gint64 c0 = f->stills[2][0], d0 = f->stills[3][0], a0 = f->stills[0][0];
  gint64 more_a = 0;

  /* Merge the third and fourth person (wrongly, but it is the
   * investigator's call), name them, and split the first one's track out. */
  assert_ok (sl_engine_persons_merge (db->engine, db->investigator, CASE, c0, d0, &error), error);
  assert_ok (sl_engine_persons_name (db->engine, db->investigator, CASE, d0, "Twins", &error), error);
  assert_ok (sl_engine_persons_split (db->engine, db->investigator, CASE, &f->track_face[0], 1, &error), error);
  /* "Not the same person" between the second person and another one. */
  assert_ok (sl_engine_persons_separate (db->engine, db->investigator, CASE, f->stills[1][0], f->others[0],
                                         &error), error);

  /* New evidence: a fifth photo of the first person; then regroup. */
  {
    g_autofree char *path = sl_test_lfw_image (g_ptr_array_index (f->four, 0), 4);
    g_autoptr(SlPersons) r = NULL;
    SlPerson *cd, *a, *track;

    more_a = sl_test_db_probe_face (db, CASE, path);
    r = group (f);
    ck_assert_uint_eq (r->n_decisions, 4);
    cd = person_of (r, c0);
    ck_assert (cd == person_of (r, d0));
    ck_assert_uint_eq (cd->sightings->len, 6);
    ck_assert_str_eq (cd->name, "Twins");
    a = person_of (r, a0);
    ck_assert_msg (a == person_of (r, more_a), "the new photo did not join its person");
    ck_assert (!holds_track (a, f->track[0]));
    track = person_of (r, f->track_face[0]);
    ck_assert_uint_eq (track->sightings->len, 1);
    ck_assert_ptr_null (track->name);
    ck_assert (person_of (r, f->stills[1][0]) != person_of (r, f->others[0]));
    ck_assert (holds_track (person_of (r, f->stills[1][0]), f->track[1]));
  }

  /* A newer decision undoes an older one: the track merged back, the
   * twins split apart, the name cleared. */
  assert_ok (sl_engine_persons_merge (db->engine, db->investigator, CASE, f->track_face[0], a0, &error), error);
  assert_ok (sl_engine_persons_split (db->engine, db->investigator, CASE, f->stills[3], 3, &error), error);
  assert_ok (sl_engine_persons_name (db->engine, db->investigator, CASE, c0, "", &error), error);
  {
    g_autoptr(SlPersons) r = group (f);
    SlPerson *a = person_of (r, a0);

    ck_assert (holds_track (a, f->track[0]));
    ck_assert (a == person_of (r, more_a));
    ck_assert_uint_eq (a->sightings->len, 5);
    assert_exactly (person_of (r, c0), f->stills[2], 3, 0);
    assert_exactly (person_of (r, d0), f->stills[3], 3, 0);
    ck_assert_ptr_null (person_of (r, c0)->name);
  }

  /* Refusals: one person cannot be merged with itself, nor a split take
   * every face; a face of no case's person; nothing recorded for them. */
  ck_assert (!sl_engine_persons_merge (db->engine, db->investigator, CASE, a0, f->stills[0][1], &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert (!sl_engine_persons_split (db->engine, db->investigator, CASE, f->stills[2], 3, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  /* A name is one line with a letter or digit. */
  ck_assert (!sl_engine_persons_name (db->engine, db->investigator, CASE, a0, "A\nB", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM person_decisions"), 7);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action LIKE 'case.persons.%%' "
                                   "AND outcome = 'success'"), 7);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'case.persons.merge' "
                                   "AND outcome = 'failed'"), 1);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM audit WHERE action = 'case.persons.name' "
                                   "AND outcome = 'failed'"), 1);

  /* The record is append-only. */
  sl_test_sql_refused (db, "UPDATE person_decisions SET name = 'X'");
  sl_test_sql_refused (db, "DELETE FROM person_decision_items");

  /* The command line: a decision, its usage errors (2), a refusal (3). */
  {
    g_auto(SlTestRun) run = { 0 };
    g_autofree char *face = g_strdup_printf ("%" PRId64, a0);
    g_autofree char *other = g_strdup_printf ("%" PRId64, f->others[1]);

    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "persons", "name",
                 "--case", CASE, "--face", face, "--name", "Person A", NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    sl_test_run_clear (&run);
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "persons", "merge",
                 "--case", CASE, "--face", face, NULL);
    ck_assert_int_eq (run.status, 2);
    sl_test_run_clear (&run);
    sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "case", "persons", "separate",
                 "--case", CASE, "--face", face, "--face", other, NULL);
    ck_assert_int_eq (run.status, 3);
    sl_test_run_clear (&run);
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "persons",
                 "--case", CASE, NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    ck_assert_msg (strstr (run.out, "\"Person A\"") != NULL, "%s", run.out);
  }
  /* The case report has the persons: names, sightings, appearances. */
  {
    g_autofree char *pdf = g_build_filename (db->dir, "persons.pdf", NULL);
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autofree char *appears = NULL;
    g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
    int status;

    ck_assert_msg (sl_engine_report_write (db->engine, db->investigator, CASE, pdf, NULL, &error), "%s",
                   error ? error->message : "");
    ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                             NULL));
    text = g_regex_replace_literal (spaces, out, -1, 0, " ", 0, NULL);
    ck_assert_msg (strstr (text, "Persons of this case") != NULL, "%s", text);
    ck_assert_msg (strstr (text, "1. Person A") != NULL, "no named person: %s", text);
    ck_assert_msg (strstr (text, "5 in 5 pieces of evidence") != NULL, "%s", text);
    appears = g_strdup_printf ("track %" PRId64 " at ", f->track[0]);
    ck_assert_msg (strstr (text, appears) != NULL, "the report does not say '%s'", appears);
  }

  /* A closed case keeps its persons as they are. */
  assert_ok (sl_engine_case_close (db->engine, db->investigator, CASE, &error), error);
  ck_assert (!sl_engine_persons_name (db->engine, db->investigator, CASE, a0, "Other", &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  sl_test_assert_intact (db);
}
END_TEST

/* A person of the case as the probe of a gallery search (issue 16): by
 * its template (the normalised mean of its three stills and its track),
 * the person's own gallery photo, one the case does not hold, ranks
 * first; the search is recorded with the faces and the track the
 * template was made of, read back and disclosed as a person-template
 * search with them, and audited with them. By its best view, the record names the best view
 * alone. The same through the real sightline-cli. */
START_TEST (test_persons_template_search)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) all = sl_test_lfw_identities (1, 60);
  g_autoptr(SlPersons) persons = group (f);
  g_autofree char *root = g_build_filename (f->db->dir, "gallery16", NULL);
  g_autoptr(SlEnrolSummary) enrolled = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlSearchResult) best = NULL;
  g_autoptr(SlSearchRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0, };
  SlPerson *p = person_of (persons, f->stills[0][0]);
  SlSearchRequest req;
  guint n_others = 0;

  /* The gallery: a fifth photo of each of the four, and one photo each of
   * twelve other people (the case's strangers are the first twenty of
   * the list; probe images are never enrolled). */
  for (guint i = 0; i < N_FOUR + all->len; i++)
    {
      gboolean four = i < N_FOUR;
      const char *name = g_ptr_array_index (four ? f->four : all, four ? i : i - N_FOUR);
      g_autofree char *dir = g_build_filename (root, name, NULL);
      g_autofree char *to = g_build_filename (dir, "photo.jpg", NULL);
      g_autofree char *from = NULL;

      if (!four && (i - N_FOUR < 40 || n_others++ >= 12 ||
                    g_ptr_array_find_with_equal_func (f->four, name, g_str_equal, NULL)))
        continue;
      from = sl_test_lfw_image (name, four ? 4 : 0);
      ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
      ck_assert_int_eq (symlink (from, to), 0);
    }
  enrolled = sl_test_enrol_dir (f->db, "county", root);
  ck_assert_uint_ge (enrolled->counts[SL_ENROL_ENROLLED], N_FOUR + 10);
  ck_assert_uint_eq (p->sightings->len, 4);
  ck_assert (holds_track (p, f->track[0]));

  /* Named by any of its faces: here its second still. */
  sl_test_request_init (&req, CASE, f->stills[0][1], "county");
  req.person = TRUE;
  req.track_probe = SL_TRACK_PROBE_TEMPLATE;
  req.top_k = 5;
  req.show_below_threshold = TRUE;
  r = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (r->probe, "person-template");
  ck_assert_int_eq (r->face_id, p->best.face_id);
  ck_assert_ptr_nonnull (r->members);
  ck_assert_uint_eq (r->members->len, 4);
  {
    SlSearchCandidate *first = g_ptr_array_index (r->candidates, 0);
    SlSearchCandidate *second = g_ptr_array_index (r->candidates, 1);

    g_print ("# person template: %s at %.3f, next %s at %.3f\n", first->external_id, first->similarity,
             second->external_id, second->similarity);
    ck_assert_str_eq (first->external_id, g_ptr_array_index (f->four, 0));
    ck_assert (first->above_threshold);
    ck_assert (!second->above_threshold);
  }
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM searches WHERE id = %" PRId64 " AND probe = 'face' "
                                   "AND face_id = %" PRId64, r->search_id, p->best.face_id), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM search_person_members WHERE search_id = %" PRId64,
                                   r->search_id), 4);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM search_person_members WHERE search_id = %" PRId64
                                   " AND track_id = %" PRId64, r->search_id, f->track[0]), 1);
  for (guint i = 0; i < 3; i++)
    ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM search_person_members WHERE search_id = %" PRId64
                                     " AND face_id = %" PRId64, r->search_id, f->stills[0][i]), 1);
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = "
                                   "'success' AND object_id = '%" PRId64 "' AND json_extract (details, '$.probe') = "
                                   "'person-template' AND json_array_length (details, '$.person_members') = 4 AND "
                                   "json_extract (details, '$.person_face_id') = %" PRId64, r->search_id,
                                   f->stills[0][1]), 1);
  sl_test_sql_refused (f->db, "DELETE FROM search_person_members");
  sl_test_sql_refused (f->db, "UPDATE search_person_members SET face_id = face_id + 1");
  {
    g_autoptr(SlStore) store = sl_store_open (f->db->db, NULL);

    record = sl_search_record_lookup (store, r->search_id, &error);
    ck_assert_msg (record != NULL, "%s", error ? error->message : "");
  }
  ck_assert_str_eq (record->probe, "person-template");
  ck_assert_uint_eq (record->members->len, 4);
  /* The disclosure package says so too, with the faces. */
  {
    g_autofree char *dir = g_build_filename (f->db->dir, "disclosure-16", NULL);
    g_autofree char *path = g_build_filename (dir, "disclosure.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonArray *searches;
    gboolean seen = FALSE;

    ck_assert_msg (sl_engine_disclosure_write (f->db->engine, f->db->investigator, CASE, dir, NULL, NULL, &error),
                   "%s", error ? error->message : "");
    ck_assert (g_file_get_contents (path, &text, NULL, NULL));
    node = json_from_string (text, &error);
    ck_assert_msg (node != NULL, "%s", error ? error->message : "");
    searches = json_object_get_array_member (json_node_get_object (node), "searches");
    for (guint i = 0; i < json_array_get_length (searches); i++)
      {
        JsonObject *o = json_array_get_object_element (searches, i);
        JsonObject *probe = json_object_get_object_member (o, "probe");

        if (json_object_get_int_member (o, "search_id") != r->search_id)
          continue;
        seen = TRUE;
        ck_assert_str_eq (json_object_get_string_member (probe, "kind"), "person-template");
        ck_assert_int_eq (json_object_get_int_member (probe, "face_id"), p->best.face_id);
        ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (probe, "members")), 4);
      }
    ck_assert (seen);
  }

  /* Its best view: a search from that face, no members. */
  req.track_probe = SL_TRACK_PROBE_BEST;
  best = sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error);
  ck_assert_msg (best != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (best->probe, "person-best");
  ck_assert_int_eq (best->face_id, p->best.face_id);
  ck_assert_ptr_null (best->members);
  ck_assert_str_eq (((SlSearchCandidate *) g_ptr_array_index (best->candidates, 0))->external_id,
                    g_ptr_array_index (f->four, 0));
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM search_person_members WHERE search_id = %" PRId64,
                                   best->search_id), 0);

  /* Not with a within-case search: refused, audited. */
  req.within_case = TRUE;
  ck_assert (sl_engine_search (f->db->engine, f->db->investigator, &req, NULL, &error) == NULL);
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED), "%s", error->message);
  g_clear_error (&error);

  {
    g_autofree char *face = g_strdup_printf ("%" PRId64, f->track_face[0]);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "search", "--case",
                 CASE, "--person", face, "--gallery", "county", "--offense", "ROBBERY", "--legal-basis",
                 "Warrant 2024/117 of the district court", "--purpose", "suspect", "--facts", SL_TEST_FACTS, NULL);
    ck_assert_msg (run.status == 0, "%s", run.err);
    node = json_from_string (run.out, &error);
    ck_assert_msg (node != NULL, "%s", error ? error->message : "");
    o = json_node_get_object (node);
    ck_assert_str_eq (json_object_get_string_member (o, "probe"), "person-template");
    ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "members")), 4);
    ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (
                        json_object_get_array_member (o, "candidates"), 0), "subject"),
                      g_ptr_array_index (f->four, 0));
  }
  sl_test_assert_intact (f->db);
}
END_TEST

static Suite *
persons_suite (void)
{
  Suite *s = suite_create ("persons");
  TCase *tc = tcase_create ("persons");

  tcase_set_timeout (tc, 280);
  tcase_add_test (tc, test_persons_grouping);
  tcase_add_test (tc, test_persons_decisions);
  tcase_add_test (tc, test_persons_template_search);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (persons_suite ());
}
