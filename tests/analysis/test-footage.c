/* test-footage.c: footage analysed into tracks, checked against the script
 * the test wrote the footage from: known people (real LFW photos) entering
 * and leaving at known times, moving and changing size, two at once, a hard
 * cut, blurred stretches. Also partial results, files that are not video, a
 * clip without faces, portrait phone clips, progress, cancelling and the
 * async API.
 *
 * The suite runs without forking, so the main clip is written and analysed
 * once for the tests that check it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "core/sl-vector.h"
#include "analysis/sl-footage.h"
#include "sl-test-footage.h"
#include "sl-test-lfw.h"
#include "sl-test-remux.h"
#include "sl-test-vision.h"
#include "vision/sl-vision-error.h"

#define N_PEOPLE 5
#define SAMPLE_MS 200

static const char *people[N_PEOPLE] = {
  "Ricardo_Lagos", "Jennifer_Lopez", "Hans_Blix", "Angelina_Jolie", "Tiger_Woods",
};

typedef struct
{
  int    photos[16];       /* the person's photo numbers, sorted */
  guint  n_photos;
  float *gallery;          /* embedding of the second photo: the mini gallery */
  float *others;           /* normalised mean of the third and later photos */
} Person;

/* One appearance within one scene: what a track should cover. */
typedef struct
{
  guint  appearance;
  guint  scene;
  guint  person;
  gint64 start_ms;         /* first frame in view */
  gint64 end_ms;           /* last frame in view */
  guint  n_tracks;
  gint64 track_start_ms;
  gint64 track_end_ms;
} Segment;

typedef struct
{
  SlFaceAnalyser  *analyser;
  guint            dim;
  Person           people[N_PEOPLE];
  SlTestScript        *script;
  SlFootageResult *result;
  GArray          *segments;    /* Segment */
  GArray          *track_segment; /* guint per result track */
  GString         *report;      /* the tracks, for failure messages */
} Clip;

static char *tmp_dir;
static Clip *clip;
static SlFaceAnalyser *shared_analyser;

/* helpers */

static char *
images_dir (void)
{
  return g_strdup (sl_test_lfw_dir ());
}

static int
first_photo (const char *person)
{
  g_autofree char *images = images_dir ();
  int photo = sl_test_person_photo (images, person, 0);

  ck_assert_msg (photo > 0, "no photo of %s in %s", person, images);
  return photo;
}

static SlFaceAnalyser *
analyser (void)
{
  if (shared_analyser == NULL)
    shared_analyser = sl_test_analyser (NULL);
  return shared_analyser;
}

static int
cmp_int (gconstpointer a,
         gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static void
load_person (Clip       *c,
             guint       index,
             const char *images)
{
  Person *p = &c->people[index];
  g_autofree char *dir_path = g_build_filename (images, people[index], NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autofree float *e = g_new (float, c->dim);
  const char *name;
  guint n_others = 0;

  ck_assert_msg (dir != NULL, "no photos of %s", people[index]);
  while ((name = g_dir_read_name (dir)) != NULL && p->n_photos < G_N_ELEMENTS (p->photos))
    p->photos[p->n_photos++] = atoi (name + strlen (people[index]) + 1);
  qsort (p->photos, p->n_photos, sizeof (int), cmp_int);
  ck_assert_msg (p->n_photos >= 3, "%s has %u photos", people[index], p->n_photos);

  p->gallery = g_new (float, c->dim);
  p->others = g_new0 (float, c->dim);
  for (guint k = 1; k < p->n_photos; k++)
    {
      g_autofree char *file = g_strdup_printf ("%s_%04d.jpg", people[index], p->photos[k]);
      g_autofree char *path = g_build_filename (dir_path, file, NULL);
      g_autoptr(GError) error = NULL;
      SlFace face;

      if (!sl_face_analyser_embed_file (c->analyser, path, SL_FACE_PICK_CENTRAL, &face,
                                        k == 1 ? p->gallery : e, NULL, NULL, &error))
        {
          ck_assert_msg (k > 1, "%s: %s", path, error->message);
          continue;
        }
      if (k > 1)
        {
          for (guint d = 0; d < c->dim; d++)
            p->others[d] += e[d];
          n_others++;
        }
    }
  ck_assert_uint_gt (n_others, 0);
  sl_vector_normalize (p->others, c->dim);
}

static guint
person_index (const char *name)
{
  for (guint i = 0; i < N_PEOPLE; i++)
    if (g_str_equal (people[i], name))
      return i;
  g_assert_not_reached ();
}

/* The segments whose person's face is where the face is at its time, as
 * bits: where two people overlap, either. */
static guint
segments_at (Clip                *c,
             const SlFootageFace *f)
{
  double t = f->time_ms / 1000.0;
  double cx = f->face.box[0] + f->face.box[2] / 2, cy = f->face.box[1] + f->face.box[3] / 2;
  guint scene = sl_test_script_scene_at (c->script, t);
  guint found = 0;

  for (guint i = 0; i < c->segments->len; i++)
    {
      Segment *s = &g_array_index (c->segments, Segment, i);
      const SlTestAppearance *a = &g_array_index (c->script->appearances, SlTestAppearance, s->appearance);
      float box[4];

      if (s->scene == scene && sl_test_appearance_box (c->script, a, t, box) &&
          cx >= box[0] && cx <= box[0] + box[2] && cy >= box[1] && cy <= box[1] + box[3])
        found |= 1u << i;
    }
  return found;
}

/* The one segment every face of the track can belong to; -1 for none. */
static int
segment_of_track (Clip           *c,
                  SlFootageTrack *t)
{
  guint common = ~0u;

  for (guint k = 0; k < t->faces->len; k++)
    common &= segments_at (c, &g_array_index (t->faces, SlFootageFace, k));
  for (guint i = 0; i < c->segments->len; i++)
    if (common == 1u << i)
      return (int) i;
  return -1;
}

static void
build_segments (Clip *c)
{
  double frame_s = 1.0 / c->script->fps;
  guint n_scenes = c->script->cuts->len + 1;

  c->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  for (guint i = 0; i < c->script->appearances->len; i++)
    {
      const SlTestAppearance *a = &g_array_index (c->script->appearances, SlTestAppearance, i);
      for (guint scene = 0; scene < n_scenes; scene++)
        {
          double from = scene == 0 ? 0 : g_array_index (c->script->cuts, double, scene - 1);
          double to = scene + 1 < n_scenes ? g_array_index (c->script->cuts, double, scene) : c->script->seconds;
          double t0 = MAX (a->t_in, from), t1 = MIN (a->t_out, to - frame_s / 2);
          Segment s = { i, scene, person_index (a->person) };

          if (t0 >= t1)
            continue;
          /* The frames in view: the first at or after t0, the last at or before t1. */
          s.start_ms = (gint64) llround (ceil (t0 * c->script->fps - 1e-9) * frame_s * 1000);
          s.end_ms = (gint64) llround (floor (t1 * c->script->fps + 1e-9) * frame_s * 1000);
          s.track_start_ms = G_MAXINT64;
          s.track_end_ms = -1;
          g_array_append_val (c->segments, s);
        }
    }
}

/* The scripted clip: five people, two at once, a cut at 12 s with one person
 * in view across it, two people crossing (one hides the other for a moment),
 * blurred stretches, faces from about 50 to 150 px. */
static SlTestScript *
main_script (Clip *c)
{
  SlTestScript *s = sl_test_script_new (640, 360, 25, 21, 3);
  const int *ph[N_PEOPLE];

  for (guint i = 0; i < N_PEOPLE; i++)
    ph[i] = c->people[i].photos;
  sl_test_script_add (s, people[0], ph[0][0], 1.0, 7.0, 0.20, 0.30, 0.75, 0.30, 0.22, 0.30);
  sl_test_script_add (s, people[1], ph[1][0], 3.0, 10.0, 0.80, 0.72, 0.30, 0.66, 0.18, 0.34);
  sl_test_script_add (s, people[2], ph[2][0], 8.0, 11.0, 0.30, 0.32, 0.36, 0.34, 0.25, 0.25);
  sl_test_script_add (s, people[3], ph[3][0], 10.5, 14.5, 0.72, 0.30, 0.60, 0.36, 0.25, 0.25);
  sl_test_script_add (s, people[4], ph[4][0], 13.0, 20.0, 0.20, 0.45, 0.80, 0.45, 0.15, 0.40);
  sl_test_script_add (s, people[0], ph[0][0], 15.0, 19.0, 0.80, 0.42, 0.20, 0.48, 0.20, 0.20);
  sl_test_script_add_cut (s, 12.0);
  sl_test_script_add_blur (s, 4.6, 5.4, 3.0);
  sl_test_script_add_blur (s, 18.2, 18.6, 2.5);
  return s;
}

static void
describe_track (GString        *out,
                SlFootageTrack *t,
                int             segment)
{
  g_string_append_printf (out, "\n  track %u: %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " ms, %u faces, end %s, segment %d",
                          t->id, t->first_ms, t->last_ms, t->faces->len,
                          sl_footage_track_end_to_string (t->end), segment);
}

static Clip *
get_clip (void)
{
  g_autofree char *images = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  Clip *c;

  if (clip != NULL)
    return clip;

  images = images_dir ();
  c = g_new0 (Clip, 1);
  c->analyser = analyser ();
  c->dim = sl_embedder_get_dim (sl_face_analyser_get_embedder (c->analyser));
  for (guint i = 0; i < N_PEOPLE; i++)
    load_person (c, i, images);
  c->script = main_script (c);
  build_segments (c);

  path = g_build_filename (tmp_dir, "scripted.avi", NULL);
  ck_assert_msg (sl_test_script_write (c->script, images, path, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  c->result = sl_footage_analyse (c->analyser, path, NULL, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (c->result != NULL, "%s", error ? error->message : "");
  if (g_getenv ("SL_TEST_KEEP") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_get_tmp_dir (), "sl-scripted.avi", NULL);
      g_autofree char *data = NULL;
      gsize len;
      if (g_file_get_contents (path, &data, &len, NULL))
        g_file_set_contents (kept, data, (gssize) len, NULL);
    }

  c->track_segment = g_array_new (FALSE, FALSE, sizeof (int));
  c->report = g_string_new ("tracks:");
  for (guint i = 0; i < c->result->tracks->len; i++)
    {
      SlFootageTrack *t = g_ptr_array_index (c->result->tracks, i);
      int seg = segment_of_track (c, t);

      g_array_append_val (c->track_segment, seg);
      describe_track (c->report, t, seg);
      if (seg >= 0)
        {
          Segment *s = &g_array_index (c->segments, Segment, seg);
          s->n_tracks++;
          s->track_start_ms = MIN (s->track_start_ms, t->first_ms);
          s->track_end_ms = MAX (s->track_end_ms, t->last_ms);
        }
    }
  for (guint i = 0; i < c->segments->len; i++)
    {
      Segment *s = &g_array_index (c->segments, Segment, i);
      g_string_append_printf (c->report, "\n  segment %u: %s, scene %u, %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " ms",
                              i, people[s->person], s->scene, s->start_ms, s->end_ms);
    }
  if (g_getenv ("SL_TEST_VERBOSE") != NULL)
    g_printerr ("%s\n", c->report->str);
  clip = c;
  return clip;
}

static guint
nearest_person (Clip        *c,
                const float *embedding,
                gboolean     gallery,
                double      *best_sim)
{
  guint best = 0;

  *best_sim = -2;
  for (guint i = 0; i < N_PEOPLE; i++)
    {
      double sim = sl_vector_dot (embedding, gallery ? c->people[i].gallery : c->people[i].others, c->dim);
      if (sim > *best_sim)
        {
          *best_sim = sim;
          best = i;
        }
    }
  return best;
}

static char *
write_clip (SlTestScript *script,
            const char   *name,
            SlVideoCodec  codec)
{
  g_autofree char *images = images_dir ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  ck_assert_msg (sl_test_script_write (script, images, path, codec, NULL, NULL, &error),
                 "%s: %s", name, error ? error->message : "");
  return path;
}

/* A short clip of one person, for the tests that need any footage. */
static char *
one_person_clip (const char *name,
                 guint       width,
                 guint       height,
                 double      seconds)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (width, height, 25, seconds, 11);

  sl_test_script_add (script, "Hans_Blix", first_photo ("Hans_Blix"), 0.4, seconds - 0.4, 0.35, 0.45, 0.6, 0.5, 0.3, 0.35);
  return write_clip (script, name, SL_VIDEO_CODEC_MJPEG);
}

/* tests: the scripted clip */

START_TEST (test_every_appearance_one_track)
{
  Clip *c = get_clip ();

  ck_assert_msg (!c->result->partial, "%s", c->result->stop_error ? c->result->stop_error->message : "");
  ck_assert_int_eq (c->result->samples, 105);
  ck_assert_int_eq (c->result->frames_decoded, 525);
  for (guint i = 0; i < c->segments->len; i++)
    {
      Segment *s = &g_array_index (c->segments, Segment, i);
      ck_assert_msg (s->n_tracks >= 1 && s->n_tracks <= 2,
                     "segment %u (%s at %" G_GINT64_FORMAT " ms) has %u tracks\n%s",
                     i, people[s->person], s->start_ms, s->n_tracks, c->report->str);
    }
  for (guint i = 0; i < c->track_segment->len; i++)
    ck_assert_msg (g_array_index (c->track_segment, int, i) >= 0,
                   "track %u is no one's\n%s", i, c->report->str);
}
END_TEST

START_TEST (test_track_times)
{
  Clip *c = get_clip ();

  /* Each appearance is seen from the first sample it is in view to the
   * last: within one sample interval of the truth at both ends. */
  for (guint i = 0; i < c->segments->len; i++)
    {
      Segment *s = &g_array_index (c->segments, Segment, i);
      ck_assert_msg (s->track_start_ms >= s->start_ms && s->track_start_ms <= s->start_ms + SAMPLE_MS,
                     "segment %u (%s) starts at %" G_GINT64_FORMAT " ms, seen from %" G_GINT64_FORMAT "\n%s",
                     i, people[s->person], s->start_ms, s->track_start_ms, c->report->str);
      ck_assert_msg (s->track_end_ms <= s->end_ms && s->track_end_ms >= s->end_ms - SAMPLE_MS,
                     "segment %u (%s) ends at %" G_GINT64_FORMAT " ms, seen until %" G_GINT64_FORMAT "\n%s",
                     i, people[s->person], s->end_ms, s->track_end_ms, c->report->str);
    }
}
END_TEST

START_TEST (test_no_track_mixes_people)
{
  Clip *c = get_clip ();

  for (guint i = 0; i < c->result->tracks->len; i++)
    {
      SlFootageTrack *t = g_ptr_array_index (c->result->tracks, i);
      int seg = g_array_index (c->track_segment, int, i);
      guint person = g_array_index (c->segments, Segment, MAX (seg, 0)).person;

      /* Every sighting lies on the same person's face in the script... */
      ck_assert_msg (seg >= 0, "track %u is not one person's\n%s", t->id, c->report->str);
      for (guint k = 0; k < t->faces->len; k++)
        {
          SlFootageFace *f = &g_array_index (t->faces, SlFootageFace, k);
          ck_assert_msg (segments_at (c, f) & (1u << seg),
                         "track %u: the face at %" G_GINT64_FORMAT " ms is not segment %d's\n%s",
                         t->id, f->time_ms, seg, c->report->str);
        }
      /* ...and every kept view looks most like that person's other photos. */
      for (guint k = 0; k < t->best->len; k++)
        {
          SlFootageView *v = g_ptr_array_index (t->best, k);
          double sim;
          guint who = nearest_person (c, v->embedding, FALSE, &sim);
          ck_assert_msg (who == person, "track %u view at %" G_GINT64_FORMAT " ms looks like %s (%.2f), not %s",
                         t->id, v->sighting.time_ms, people[who], sim, people[person]);
        }
    }
}
END_TEST

START_TEST (test_search_from_best_face)
{
  Clip *c = get_clip ();

  for (guint i = 0; i < c->result->tracks->len; i++)
    {
      SlFootageTrack *t = g_ptr_array_index (c->result->tracks, i);
      guint person = g_array_index (c->segments, Segment, g_array_index (c->track_segment, int, i)).person;
      SlFootageView *best = g_ptr_array_index (t->best, 0);
      double sim;
      guint who;

      who = nearest_person (c, best->embedding, TRUE, &sim);
      ck_assert_msg (who == person, "track %u: best face ranks %s first (%.2f), not %s",
                     t->id, people[who], sim, people[person]);
      who = nearest_person (c, t->template_embedding, TRUE, &sim);
      ck_assert_msg (who == person, "track %u: template ranks %s first (%.2f), not %s",
                     t->id, people[who], sim, people[person]);
    }
}
END_TEST

START_TEST (test_cut_ends_tracks)
{
  Clip *c = get_clip ();
  guint cut_ends = 0;

  ck_assert_uint_eq (c->result->cuts, 1);
  for (guint i = 0; i < c->result->tracks->len; i++)
    {
      SlFootageTrack *t = g_ptr_array_index (c->result->tracks, i);
      /* Nothing spans the cut at 12 s. */
      ck_assert_msg (t->last_ms < 12000 || t->first_ms >= 12000, "track %u spans the cut\n%s",
                     t->id, c->report->str);
      cut_ends += t->end == SL_FOOTAGE_END_CUT;
    }
  /* The person in view across it, at least. */
  ck_assert_uint_ge (cut_ends, 1);
}
END_TEST

START_TEST (test_best_views)
{
  Clip *c = get_clip ();
  guint64 faces = 0;

  ck_assert_uint_eq (c->result->n_tracks, c->result->tracks->len);
  for (guint i = 0; i < c->result->tracks->len; i++)
    {
      SlFootageTrack *t = g_ptr_array_index (c->result->tracks, i);

      faces += t->faces->len;
      ck_assert_uint_eq (t->dim, c->dim);
      ck_assert_uint_ge (t->best->len, 1);
      ck_assert_uint_le (t->best->len, 3);
      ck_assert_int_eq (t->first_ms, g_array_index (t->faces, SlFootageFace, 0).time_ms);
      ck_assert_int_eq (t->last_ms, g_array_index (t->faces, SlFootageFace, t->faces->len - 1).time_ms);
      ck_assert_int_eq (t->first_frame * 40, t->first_ms);
      for (guint k = 1; k < t->faces->len; k++)
        ck_assert_int_gt (g_array_index (t->faces, SlFootageFace, k).time_ms,
                          g_array_index (t->faces, SlFootageFace, k - 1).time_ms);
      ck_assert_double_eq_tol (sl_vector_dot (t->template_embedding, t->template_embedding, t->dim), 1, 1e-4);
      for (guint k = 0; k < t->best->len; k++)
        {
          SlFootageView *v = g_ptr_array_index (t->best, k);
          g_autoptr(GError) error = NULL;
          g_autoptr(SlImage) crop = sl_image_load_bytes (v->crop_jpeg, "crop", 0, &error);

          ck_assert_msg (crop != NULL, "%s", error ? error->message : "");
          ck_assert_uint_le (MAX (sl_image_get_width (crop), sl_image_get_height (crop)), 160);
          ck_assert_double_eq_tol (sl_vector_dot (v->embedding, v->embedding, c->dim), 1, 1e-4);
          if (k > 0)
            ck_assert_double_le (v->rank, ((SlFootageView *) g_ptr_array_index (t->best, k - 1))->rank);
        }
    }
  ck_assert_uint_eq (faces, c->result->faces);
}
END_TEST

/* tests: other footage */

START_TEST (test_partial_on_truncated_file)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, 25, 6, 4);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFootageResult) result = NULL;
  SlFootageTrack *t;
  gsize len;

  sl_test_script_add (script, "Hans_Blix", first_photo ("Hans_Blix"), 0.6, 5.4, 0.3, 0.5, 0.7, 0.5, 0.45, 0.45);
  path = write_clip (script, "truncated.avi", SL_VIDEO_CODEC_MJPEG);
  base = g_path_get_basename (path);
  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  ck_assert (g_file_set_contents (path, data, (gssize) (len / 2), NULL));

  result = sl_footage_analyse (analyser (), path, NULL, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (result->partial);
  ck_assert (g_error_matches (result->stop_error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED));
  ck_assert_msg (strstr (result->stop_error->message, base) != NULL, "%s", result->stop_error->message);
  ck_assert_int_ge (result->stopped_ms, 2400);
  ck_assert_int_le (result->stopped_ms, 3400);
  /* What was read before the damage is analysed. */
  ck_assert_uint_eq (result->tracks->len, 1);
  t = g_ptr_array_index (result->tracks, 0);
  ck_assert_int_le (t->first_ms, 800);
  ck_assert_int_ge (t->last_ms, result->stopped_ms - SAMPLE_MS);
  ck_assert_int_eq (t->end, SL_FOOTAGE_END_FOOTAGE);
}
END_TEST

START_TEST (test_partial_on_damaged_file)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, 25, 6, 4);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFootageResult) result = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  gsize len;

  sl_test_script_add (script, "Hans_Blix", first_photo ("Hans_Blix"), 0.6, 5.4, 0.3, 0.5, 0.7, 0.5, 0.45, 0.45);
  path = write_clip (script, "damaged.avi", SL_VIDEO_CODEC_MJPEG);
  /* A twentieth of the file, halfway in, overwritten with noise. */
  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = len / 2; i < len / 2 + len / 20; i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  ck_assert (g_file_set_contents (path, data, (gssize) len, NULL));

  result = sl_footage_analyse (analyser (), path, NULL, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (result->partial);
  ck_assert_msg (g_error_matches (result->stop_error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED) ||
                 g_error_matches (result->stop_error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE),
                 "%s", result->stop_error->message);
  ck_assert_msg (strstr (result->stop_error->message, "damaged.avi") != NULL &&
                 strstr (result->stop_error->message, " 0:0") != NULL, "%s", result->stop_error->message);
  /* The person was seen before the damage. */
  ck_assert_uint_ge (result->tracks->len, 1);
  ck_assert_int_le (((SlFootageTrack *) g_ptr_array_index (result->tracks, 0))->first_ms, 800);
}
END_TEST

START_TEST (test_not_footage)
{
  g_autofree char *empty = g_build_filename (tmp_dir, "empty.mp4", NULL);
  g_autofree char *text = g_build_filename (tmp_dir, "statement.mp4", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (g_file_set_contents (empty, "", 0, NULL));
  ck_assert (g_file_set_contents (text, "Witness statement, page 1.\n", -1, NULL));
  ck_assert (sl_footage_analyse (analyser (), empty, NULL, NULL, NULL, NULL, NULL, &error) == NULL);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY));
  ck_assert (strstr (error->message, "empty.mp4") != NULL);
  g_clear_error (&error);
  ck_assert (sl_footage_analyse (analyser (), text, NULL, NULL, NULL, NULL, NULL, &error) == NULL);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO));
  ck_assert (strstr (error->message, "statement.mp4") != NULL);
}
END_TEST

START_TEST (test_no_faces)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 6, 8);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFootageResult) result = NULL;

  sl_test_script_add_cut (script, 3.0);
  sl_test_script_add_blur (script, 1.0, 1.6, 3.0);
  path = write_clip (script, "empty-room.avi", SL_VIDEO_CODEC_MJPEG);
  result = sl_footage_analyse (analyser (), path, NULL, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (!result->partial);
  ck_assert_int_eq (result->samples, 30);
  ck_assert_uint_eq (result->tracks->len, 0);
  ck_assert_uint_eq (result->n_tracks, 0);
  ck_assert_uint_eq (result->cuts, 1);
}
END_TEST

static void
check_phone_clip (const SlTestScript *script,
                  const char         *path)
{
  const SlTestAppearance *a = &g_array_index (script->appearances, SlTestAppearance, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFootageResult) result = NULL;
  SlFootageTrack *t;

  result = sl_footage_analyse (analyser (), path, NULL, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  /* Upright, as the phone showed it. */
  ck_assert_uint_eq (result->info.width, 720);
  ck_assert_uint_eq (result->info.height, 1280);
  ck_assert_msg (result->tracks->len == 1, "%s: %u tracks", path, result->tracks->len);
  t = g_ptr_array_index (result->tracks, 0);
  ck_assert_int_le (t->first_ms, 600);
  ck_assert_int_ge (t->last_ms, 2000);
  ck_assert_uint_ge (t->faces->len, 9);
  /* Each sighting where the script put the face, in the picture as shown,
   * and the right way up: eyes above the nose, the nose above the mouth. */
  for (guint i = 0; i < t->faces->len; i++)
    {
      const SlFootageFace *f = &g_array_index (t->faces, SlFootageFace, i);
      const float *box = f->face.box, *lm = f->face.landmarks;
      float truth[4];

      ck_assert (sl_test_appearance_box (script, a, f->time_ms / 1000.0, truth));
      ck_assert_msg (fabsf (box[0] + box[2] / 2 - (truth[0] + truth[2] / 2)) < truth[2] / 3 &&
                     fabsf (box[1] + box[3] / 2 - (truth[1] + truth[3] / 2)) < truth[3] / 3,
                     "%s at %" G_GINT64_FORMAT " ms: a face at (%.0f, %.0f %.0fx%.0f), the script's at (%.0f, %.0f %.0fx%.0f)",
                     path, f->time_ms, box[0], box[1], box[2], box[3], truth[0], truth[1], truth[2], truth[3]);
      ck_assert_msg (MAX (lm[1], lm[3]) < lm[5] && lm[5] < MIN (lm[7], lm[9]),
                     "%s at %" G_GINT64_FORMAT " ms: the face is not upright (eyes at y %.0f, %.0f, nose %.0f, mouth %.0f, %.0f)",
                     path, f->time_ms, lm[1], lm[3], lm[5], lm[7], lm[9]);
    }
}

/* A phone's clip held upright: the sensor's landscape frames (the picture
 * turned `degrees` anticlockwise), and a display matrix that has players
 * turn them back, written as FFmpeg's MP4 muxer writes it. */
static void
check_tagged_phone_clip (int degrees)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (720, 1280, 25, 2.8, 9);
  g_autofree char *name = g_strdup_printf ("phone-%d.mp4", degrees);
  g_autofree char *plain = g_strdup_printf ("%s/plain-%d.mp4", tmp_dir, degrees);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *images = images_dir ();
  g_autoptr(GError) error = NULL;
  SlVideoInfo info;

  sl_test_script_add (script, "Hans_Blix", first_photo ("Hans_Blix"), 0.4, 2.4, 0.5, 0.35, 0.45, 0.45, 0.3, 0.45);
  script->quarter_turns = degrees / 90;
  if (!sl_test_script_write (script, images, plain, SL_VIDEO_CODEC_H264, NULL, NULL, &error))
    {
      ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED), "%s", error->message);
      g_clear_error (&error);
      ck_assert (sl_test_script_write (script, images, plain, SL_VIDEO_CODEC_MPEG4, NULL, NULL, &error));
    }
  ck_assert (sl_video_probe (plain, &info, &error));
  ck_assert_uint_eq (info.width, 1280);
  sl_video_info_clear (&info);
  ck_assert_msg (sl_test_remux_rotated (plain, path, degrees, SL_TEST_ROTATION_DISPLAY_MATRIX, &error), "%s",
                 error ? error->message : "");
  check_phone_clip (script, path);
}

START_TEST (test_portrait_clip)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (720, 1280, 25, 2.8, 9);
  g_autofree char *path = NULL;

  sl_test_script_add (script, "Hans_Blix", first_photo ("Hans_Blix"), 0.4, 2.4, 0.5, 0.35, 0.45, 0.45, 0.3, 0.45);
  path = write_clip (script, "portrait.avi", SL_VIDEO_CODEC_MJPEG);
  check_phone_clip (script, path);
}
END_TEST

START_TEST (test_rotated_phone_clip)
{
  /* Phones store the sensor's landscape frames and a rotation tag; the
   * usual one, "rotation of -90.00 degrees" to ffprobe, has players turn
   * the frames a quarter clockwise. */
  check_tagged_phone_clip (90);
}
END_TEST

START_TEST (test_rotated_phone_clip_other_way)
{
  check_tagged_phone_clip (270);
}
END_TEST

START_TEST (test_every_frame)
{
  g_autofree char *path = one_person_clip ("every-frame.avi", 320, 240, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFootageResult) result = NULL;
  SlFootageOptions options;
  SlFootageTrack *t;

  sl_footage_options_init (&options);
  options.sample_fps = 0;
  result = sl_footage_analyse (analyser (), path, &options, NULL, NULL, NULL, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (result->samples, 50);
  ck_assert_int_eq (result->frames_decoded, 50);
  ck_assert_double_eq (result->sample_fps, 0);
  ck_assert_uint_eq (result->tracks->len, 1);
  t = g_ptr_array_index (result->tracks, 0);
  /* In view from frame 10 to frame 40. */
  ck_assert_int_eq (t->first_frame, 10);
  ck_assert_int_eq (t->last_frame, 40);
  ck_assert_uint_eq (t->faces->len, 31);
}
END_TEST

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  double        last_fraction;
  gboolean      in_order;
  gboolean      in_main_thread;
  GThread      *main_thread;
  guint         tracks;
  gboolean      tracks_in_worker;
  GMainLoop    *loop;
  SlFootageResult *result;
  GError       *error;
} Watch;

static void
on_progress_cancel (const SlFootageProgress *progress,
                    gpointer                 user_data)
{
  Watch *w = user_data;

  w->calls++;
  if (progress->fraction > 0.2)
    g_cancellable_cancel (w->cancellable);
}

START_TEST (test_cancel)
{
  g_autofree char *path = one_person_clip ("cancel.avi", 320, 240, 8);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Watch w = { cancellable };
  SlFootageResult *result;

  result = sl_footage_analyse (analyser (), path, NULL, NULL, on_progress_cancel, &w, cancellable, &error);
  ck_assert (result == NULL);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_uint_ge (w.calls, 1);
}
END_TEST

static void
on_progress_watch (const SlFootageProgress *progress,
                   gpointer                 user_data)
{
  Watch *w = user_data;

  w->calls++;
  w->in_main_thread &= g_thread_self () == w->main_thread;
  w->in_order &= progress->fraction >= w->last_fraction && progress->fraction <= 1;
  w->last_fraction = progress->fraction;
}

static gboolean
on_track (SlFootageTrack  *track,
          gpointer         user_data,
          GError         **error)
{
  Watch *w = user_data;

  w->tracks++;
  w->tracks_in_worker &= g_thread_self () != w->main_thread;
  sl_footage_track_free (track);
  return TRUE;
}

static void
on_analysed (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Watch *w = user_data;

  w->result = sl_footage_analyse_finish (SL_FACE_ANALYSER (source), res, &w->error);
  g_main_loop_quit (w->loop);
}

START_TEST (test_async_streams_tracks)
{
  g_autofree char *path = one_person_clip ("async.avi", 320, 240, 4);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SlFootageResult) result = NULL;
  Watch w = { 0 };

  w.in_order = w.in_main_thread = w.tracks_in_worker = TRUE;
  w.main_thread = g_thread_self ();
  w.loop = loop;
  sl_footage_analyse_async (analyser (), path, NULL, on_track, on_progress_watch, &w, NULL, NULL,
                            on_analysed, &w);
  g_main_loop_run (loop);
  result = w.result;
  ck_assert_msg (result != NULL, "%s", w.error ? w.error->message : "");
  /* The track went to the track func, in the worker, not into the result. */
  ck_assert_uint_eq (w.tracks, 1);
  ck_assert (w.tracks_in_worker);
  ck_assert_uint_eq (result->n_tracks, 1);
  ck_assert_uint_eq (result->tracks->len, 0);
  ck_assert_uint_ge (w.calls, 1);
  ck_assert (w.in_main_thread);
  ck_assert (w.in_order);
}
END_TEST

static Suite *
footage_suite (void)
{
  Suite *s = suite_create ("footage");
  TCase *scripted = tcase_create ("scripted clip");
  TCase *other = tcase_create ("other footage");

  tcase_set_timeout (scripted, 180);
  tcase_add_test (scripted, test_every_appearance_one_track);
  tcase_add_test (scripted, test_track_times);
  tcase_add_test (scripted, test_no_track_mixes_people);
  tcase_add_test (scripted, test_search_from_best_face);
  tcase_add_test (scripted, test_cut_ends_tracks);
  tcase_add_test (scripted, test_best_views);
  suite_add_tcase (s, scripted);

  tcase_set_timeout (other, 180);
  tcase_add_test (other, test_partial_on_truncated_file);
  tcase_add_test (other, test_partial_on_damaged_file);
  tcase_add_test (other, test_not_footage);
  tcase_add_test (other, test_no_faces);
  tcase_add_test (other, test_portrait_clip);
  tcase_add_test (other, test_rotated_phone_clip);
  tcase_add_test (other, test_rotated_phone_clip_other_way);
  tcase_add_test (other, test_every_frame);
  tcase_add_test (other, test_cancel);
  tcase_add_test (other, test_async_streams_tracks);
  suite_add_tcase (s, other);
  return s;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  SRunner *runner;
  int failed;

  tmp_dir = g_dir_make_tmp ("sl-test-footage-XXXXXX", &error);
  g_assert_no_error (error);
  runner = srunner_create (footage_suite ());
  /* One process: the scripted clip is written and analysed once. */
  srunner_set_fork_status (runner, CK_NOFORK);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  g_clear_object (&shared_analyser);
  sl_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return failed == 0 ? 0 : 1;
}
