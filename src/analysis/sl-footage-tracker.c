/* sl-footage-tracker.c: links the faces of consecutive samples into tracks.
 * A face joins a track when its embedding is similar enough to the track's
 * (more so when it is not where the track was heading); a blurred face, whose
 * embedding says little, joins only the track whose predicted box it fills
 * one sample later. Best fits are linked first, and each face joins at most
 * one track and each track takes at most one face a sample, so two people
 * never share a track. A track ends when its face stays away longer than the
 * gap allowed, or at a hard cut.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-footage"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/sl-vector.h"
#include "analysis/sl-footage-private.h"

/* A face is "near" its track when its centre lies within this many face
 * widths of where the track was heading, plus this many a second of gap, and
 * its size changed by less than half (plus as much a second). */
#define NEAR_WIDTHS            0.8
#define NEAR_WIDTHS_PER_S      2.0
#define NEAR_GROWTH            1.5
/* A face whose embedding cannot vouch for it must overlap its track's
 * predicted box at least this much. */
#define CLOSE_IOU              0.4
#define CLOSE_GROWTH           1.3
/* Best views closer in time than this are near duplicates: keep the better. */
#define VIEW_SEPARATION_MS     500

typedef struct
{
  SlFootageTrack *track;
  float          *last;      /* embedding of the latest sighting */
  float          *sum;       /* of every sighting's embedding */
  float          *mean;      /* `sum`, normalised */
  float           box[4];    /* latest box */
  double          vx, vy;    /* centre velocity, px per ms */
  gint64          last_ms;
  gboolean        reliable;  /* `last` and `mean` come from reliable views */
} Active;

typedef struct
{
  guint  track;
  guint  view;
  double score;
} Pair;

struct _SlFootageTracker
{
  SlFootageOptions   options;
  guint              dim;
  double             max_gap_ms;
  double             close_ms;   /* a little over one sample interval */
  guint              min_faces;  /* shorter tracks are fragments */
  GPtrArray         *active;     /* Active */
  SlSceneSignature   prev_scene;
  gboolean           has_prev;
  guint              next_id;
  guint              cuts;
  SlFootageEmitFunc  emit;
  gpointer           emit_data;
};

/* helpers */

static void
active_free (Active *a)
{
  g_clear_pointer (&a->track, sl_footage_track_free);
  g_free (a->last);
  g_free (a->sum);
  g_free (a->mean);
  g_free (a);
}

static int
cmp_pair (gconstpointer a,
          gconstpointer b)
{
  double x = ((const Pair *) a)->score, y = ((const Pair *) b)->score;
  return (x < y) - (x > y);
}

/* Whether the view's embedding says who it is: a blurred or poor face's
 * does not (blurred faces of different people even look alike to it). */
static gboolean
is_reliable (const SlFootageView *view)
{
  const SlFaceQuality *q = &view->sighting.face.quality;
  return q->band != SL_QUALITY_POOR && !(q->reasons & SL_QUALITY_BLURRY);
}

/* Whether `view` may continue track `a`, and how well it fits. */
static gboolean
link_score (SlFootageTracker    *self,
            const Active        *a,
            const SlFootageView *view,
            double              *score)
{
  const float *b = view->sighting.face.box;
  double dt = (double) (view->sighting.time_ms - a->last_ms);
  double dt_s = dt / 1000.0;
  float predicted[4] = { (float) (a->box[0] + a->vx * dt), (float) (a->box[1] + a->vy * dt),
                         a->box[2], a->box[3] };
  double pcx = predicted[0] + predicted[2] / 2.0, pcy = predicted[1] + predicted[3] / 2.0;
  double bcx = b[0] + b[2] / 2.0, bcy = b[1] + b[3] / 2.0;
  double width = MAX (MAX (a->box[2], b[2]), 1.0f);
  double dist = hypot (bcx - pcx, bcy - pcy) / width;
  double growth = MAX (a->box[2], b[2]) / MAX (MIN (a->box[2], b[2]), 1.0f);
  double iou = sl_footage_box_iou (predicted, b);
  gboolean near = dist <= NEAR_WIDTHS + NEAR_WIDTHS_PER_S * dt_s && growth <= NEAR_GROWTH + dt_s;
  double sim_last = sl_vector_dot (a->last, view->embedding, self->dim);
  double sim_mean = sl_vector_dot (a->mean, view->embedding, self->dim);
  /* The latest sighting bridges a slow change (turning, growing); the mean
   * keeps a track from drifting onto someone else. */
  double sim = (sim_last + sim_mean) / 2;

  if (a->reliable && is_reliable (view))
    {
      if (sim < (near ? self->options.link_similarity : self->options.jump_similarity))
        return FALSE;
      *score = 1 + sim + 0.5 * iou - 0.05 * MIN (dist, 4.0);
      return TRUE;
    }
  /* Without a reliable embedding on both sides, only geometry can tell: the
   * face must sit where the track was heading, at about its size, one
   * sample later. */
  if (dt > self->close_ms || iou < CLOSE_IOU || growth > CLOSE_GROWTH)
    return FALSE;
  *score = iou - 0.05 * dist;
  return TRUE;
}

/* Keeps `view` among the track's best if it earns a place (transfer full). */
static void
offer_view (SlFootageTracker *self,
            SlFootageTrack   *track,
            SlFootageView    *view)
{
  guint at;

  view->rank = sl_footage_view_rank (&view->sighting.face);
  for (guint i = 0; i < track->best->len; i++)
    {
      SlFootageView *kept = g_ptr_array_index (track->best, i);
      if (ABS (kept->sighting.time_ms - view->sighting.time_ms) < VIEW_SEPARATION_MS &&
          kept->rank >= view->rank)
        {
          sl_footage_view_free (view);
          return;
        }
    }
  for (guint i = track->best->len; i > 0; i--)
    {
      SlFootageView *kept = g_ptr_array_index (track->best, i - 1);
      if (ABS (kept->sighting.time_ms - view->sighting.time_ms) < VIEW_SEPARATION_MS)
        g_ptr_array_remove_index (track->best, i - 1);
    }
  for (at = 0; at < track->best->len; at++)
    if (((SlFootageView *) g_ptr_array_index (track->best, at))->rank < view->rank)
      break;
  g_ptr_array_insert (track->best, (int) at, view);
  while (track->best->len > MAX (self->options.best_faces, 1))
    g_ptr_array_remove_index (track->best, track->best->len - 1);
}

/* The sighting joins the track (transfer full of `view`). */
static void
active_update (SlFootageTracker *self,
               Active           *a,
               SlFootageView    *view)
{
  const SlFootageFace *s = &view->sighting;
  SlFootageTrack *track = a->track;

  if (track->faces->len > 0)
    {
      double dt = (double) MAX (s->time_ms - a->last_ms, 1);
      double vx = ((s->face.box[0] + s->face.box[2] / 2) - (a->box[0] + a->box[2] / 2)) / dt;
      double vy = ((s->face.box[1] + s->face.box[3] / 2) - (a->box[1] + a->box[3] / 2)) / dt;
      gboolean first = track->faces->len == 1;

      a->vx = first ? vx : (a->vx + vx) / 2;
      a->vy = first ? vy : (a->vy + vy) / 2;
    }
  else
    {
      track->first_ms = s->time_ms;
      track->first_frame = s->frame;
    }
  g_array_append_val (track->faces, *s);
  track->last_ms = s->time_ms;
  track->last_frame = s->frame;
  memcpy (a->box, s->face.box, sizeof a->box);
  a->last_ms = s->time_ms;
  /* Who the track is comes from its reliable views; until it has one, from
   * what it has. */
  if (is_reliable (view) || !a->reliable)
    {
      if (is_reliable (view) && !a->reliable)
        memset (a->sum, 0, sizeof (float) * self->dim);
      a->reliable = is_reliable (view);
      memcpy (a->last, view->embedding, sizeof (float) * self->dim);
      for (guint k = 0; k < self->dim; k++)
        a->sum[k] += view->embedding[k];
      memcpy (a->mean, a->sum, sizeof (float) * self->dim);
      sl_vector_normalize (a->mean, self->dim);
    }
  offer_view (self, track, view);
}

static Active *
active_new (SlFootageTracker *self)
{
  Active *a = g_new0 (Active, 1);

  a->track = g_new0 (SlFootageTrack, 1);
  a->track->faces = g_array_new (FALSE, FALSE, sizeof (SlFootageFace));
  a->track->best = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_footage_view_free);
  a->track->dim = self->dim;
  a->last = g_new0 (float, self->dim);
  a->sum = g_new0 (float, self->dim);
  a->mean = g_new0 (float, self->dim);
  return a;
}

/* Ends the track at `index` and hands it on, unless it is too short. */
static gboolean
close_track (SlFootageTracker   *self,
             guint               index,
             SlFootageTrackEnd   end,
             GError            **error)
{
  Active *a = g_ptr_array_steal_index (self->active, index);
  g_autoptr(SlFootageTrack) track = g_steal_pointer (&a->track);

  active_free (a);
  if (track->faces->len < self->min_faces)
    return TRUE;

  track->end = end;
  track->id = ++self->next_id;
  track->template_embedding = g_new0 (float, self->dim);
  for (guint i = 0; i < track->best->len; i++)
    {
      SlFootageView *view = g_ptr_array_index (track->best, i);
      for (guint k = 0; k < self->dim; k++)
        track->template_embedding[k] += view->embedding[k];
    }
  sl_vector_normalize (track->template_embedding, self->dim);
  return self->emit (g_steal_pointer (&track), self->emit_data, error);
}

static gboolean
close_all (SlFootageTracker   *self,
           SlFootageTrackEnd   end,
           GError            **error)
{
  while (self->active->len > 0)
    if (!close_track (self, self->active->len - 1, end, error))
      return FALSE;
  return TRUE;
}

/* public API */

void
sl_footage_sample_free (SlFootageSample *sample)
{
  if (sample == NULL)
    return;
  g_clear_pointer (&sample->views, g_ptr_array_unref);
  g_clear_error (&sample->error);
  g_free (sample);
}

double
sl_footage_box_iou (const float *a,
                    const float *b)
{
  double x1 = MAX (a[0], b[0]), y1 = MAX (a[1], b[1]);
  double x2 = MIN (a[0] + a[2], b[0] + b[2]), y2 = MIN (a[1] + a[3], b[1] + b[3]);
  double inter = MAX (0.0, x2 - x1) * MAX (0.0, y2 - y1);
  double uni = (double) a[2] * a[3] + (double) b[2] * b[3] - inter;

  return uni > 0 ? inter / uni : 0;
}

double
sl_footage_view_rank (const SlFace *face)
{
  const SlFaceQuality *q = &face->quality;
  double band = q->band == SL_QUALITY_GOOD ? 2 : q->band == SL_QUALITY_USABLE ? 1 : 0;

  /* The band first; within it a larger, sharper, more frontal face. */
  return band * 10 +
         MIN (q->size_px, 112.0) / 112.0 * 4 +
         MIN (q->sharpness, 400.0) / 400.0 * 2 +
         (1 - MIN (fabs (q->yaw), 60.0) / 60.0) * 3 +
         q->score;
}

SlFootageTracker *
sl_footage_tracker_new (const SlFootageOptions *options,
                        guint                   dim,
                        double                  sample_interval_ms,
                        SlFootageEmitFunc       emit,
                        gpointer                user_data)
{
  SlFootageTracker *self = g_new0 (SlFootageTracker, 1);

  self->options = *options;
  self->dim = dim;
  /* A face may be missed in a sample or two (blur, a turn of the head)
   * without its track ending, however sparse the sampling. */
  self->max_gap_ms = MAX ((double) options->max_gap_ms, 2.5 * sample_interval_ms);
  self->close_ms = 1.5 * sample_interval_ms;
  /* A face seen in one sample only is most often a fragment: half a face
   * behind someone else, a false detection. When samples are sparse it may
   * be all there is of a person, and is kept. */
  self->min_faces = sample_interval_ms > 500 ? 1 : MAX (options->min_track_faces, 1);
  self->active = g_ptr_array_new_with_free_func ((GDestroyNotify) active_free);
  self->emit = emit;
  self->emit_data = user_data;
  return self;
}

gboolean
sl_footage_tracker_add (SlFootageTracker  *self,
                        SlFootageSample   *sample,
                        GError           **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree gboolean *track_taken = NULL;
  g_autofree gboolean *view_taken = NULL;
  guint n_tracks, n_views;

  if (self->has_prev &&
      sl_scene_signature_change (&self->prev_scene, &sample->scene) > self->options.cut_threshold)
    {
      self->cuts++;
      g_debug ("cut at %" G_GINT64_FORMAT " ms", sample->time_ms);
      if (!close_all (self, SL_FOOTAGE_END_CUT, error))
        return FALSE;
    }
  self->prev_scene = sample->scene;
  self->has_prev = TRUE;

  for (guint i = self->active->len; i > 0; i--)
    {
      Active *a = g_ptr_array_index (self->active, i - 1);
      if (sample->time_ms - a->last_ms > self->max_gap_ms &&
          !close_track (self, i - 1, SL_FOOTAGE_END_LEFT, error))
        return FALSE;
    }

  n_tracks = self->active->len;
  n_views = sample->views->len;
  for (guint t = 0; t < n_tracks; t++)
    for (guint v = 0; v < n_views; v++)
      {
        Pair pair = { t, v, 0 };
        if (link_score (self, g_ptr_array_index (self->active, t),
                        g_ptr_array_index (sample->views, v), &pair.score))
          g_array_append_val (pairs, pair);
      }
  /* Best fits first; a track or a face once taken is out. */
  g_array_sort (pairs, cmp_pair);
  track_taken = g_new0 (gboolean, n_tracks + 1);
  view_taken = g_new0 (gboolean, n_views + 1);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = &g_array_index (pairs, Pair, i);
      if (track_taken[p->track] || view_taken[p->view])
        continue;
      track_taken[p->track] = view_taken[p->view] = TRUE;
      active_update (self, g_ptr_array_index (self->active, p->track),
                     g_steal_pointer (&g_ptr_array_index (sample->views, p->view)));
    }
  for (guint v = 0; v < n_views; v++)
    if (!view_taken[v])
      {
        Active *a = active_new (self);
        active_update (self, a, g_steal_pointer (&g_ptr_array_index (sample->views, v)));
        g_ptr_array_add (self->active, a);
      }
  return TRUE;
}

gboolean
sl_footage_tracker_finish (SlFootageTracker  *self,
                           GError           **error)
{
  return close_all (self, SL_FOOTAGE_END_FOOTAGE, error);
}

guint
sl_footage_tracker_get_cuts (SlFootageTracker *self)
{
  return self->cuts;
}

guint
sl_footage_tracker_get_n_open (SlFootageTracker *self)
{
  return self->active->len;
}

void
sl_footage_tracker_free (SlFootageTracker *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->active, g_ptr_array_unref);
  g_free (self);
}
