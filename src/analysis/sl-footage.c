/* sl-footage.c: footage analysed into face tracks. The calling thread
 * decodes and links; a pool of workers detects, embeds and crops the faces
 * of each sampled frame. At most a few frames are ever in flight, so memory
 * does not grow with the length of the footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-footage"

#include "config.h"

#include <math.h>
#include <string.h>

#include "analysis/sl-footage-private.h"
#include "vision/sl-vision-error.h"

/* YuNet finds faces from about this size at the scale it runs on; a frame
 * is searched no larger than puts the smallest face sought there. */
#define DETECTOR_SMALLEST_FACE  16
#define CROP_MARGIN             0.4     /* of the face box, on each side */
#define CROP_JPEG_QUALITY       90
#define PROGRESS_INTERVAL_US    (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  SlFootageSample *sample;
  SlImage         *frame;
} Job;

/* A face the cascades confirmed, recently. */
typedef struct
{
  gint64 time_ms;
  float  box[4];
} Confirmed;

typedef struct
{
  SlDetector         *detector;
  SlEmbedder         *embedder;
  SlDetectorOptions   detect_options;
  guint               dim;
  guint               crop_size;
  GCancellable       *cancellable;

  GMutex              lock;
  GCond               cond;
  SlFootageSample   **slots;      /* done samples, at seq % n_slots */
  GArray             *confirmed;  /* Confirmed, of the last samples */
  double              confirm_window_ms;
  guint               n_slots;
  guint64             dispatched;
  guint64             consumed;
  /* Where the time goes, in microseconds, for the debug log. */
  gint64              detect_us;
  gint64              embed_us;
  gint64              decode_us;
  gint64              wait_us;

  /* Only the calling thread touches these. */
  SlFootageTracker   *tracker;
  SlFootageResult    *result;
  SlFootageTrackFunc  track_func;
  gpointer            track_data;
  SlFootageProgressFunc progress_func;
  gpointer            progress_data;
  gint64              start_us;
  gint64              last_progress_us;
  gint64              position_ms;  /* of the last sample linked */
  GError             *error;      /* the first failure; stops the analysis */
} Pipeline;

typedef struct
{
  char                  *path;
  SlFootageOptions       options;
  SlFootageTrackFunc     track_func;
  SlFootageProgressFunc  progress_func;
  gpointer               user_data;
  GDestroyNotify         user_data_destroy;
  GMainContext          *context;
  GMutex                 lock;
  SlFootageProgress      latest;
  gboolean               progress_pending;
} AsyncData;

/* helpers */

static GBytes *
make_crop (const SlImage  *frame,
           const SlFace   *face,
           guint           crop_size,
           GError        **error)
{
  double side = MAX (face->box[2], face->box[3]) * (1 + 2 * CROP_MARGIN);
  double cx = face->box[0] + face->box[2] / 2.0, cy = face->box[1] + face->box[3] / 2.0;
  g_autoptr(SlImage) crop = sl_image_crop (frame, (int) floor (cx - side / 2), (int) floor (cy - side / 2),
                                           (guint) ceil (side), (guint) ceil (side));
  guint w, h;

  if (crop == NULL)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "Face crop failed: the face lies outside the frame");
      return NULL;
    }
  w = sl_image_get_width (crop);
  h = sl_image_get_height (crop);
  if (MAX (w, h) > crop_size)
    {
      double s = (double) crop_size / MAX (w, h);
      SlImage *small = sl_image_resize (crop, MAX (1, (guint) lround (w * s)), MAX (1, (guint) lround (h * s)));
      g_clear_pointer (&crop, sl_image_free);
      crop = small;
    }
  return sl_image_encode (crop, SL_IMAGE_FORMAT_JPEG, CROP_JPEG_QUALITY, error);
}

/* The cascade check that confirms a detection is a face costs as much as
 * the detection; a face where one was confirmed a moment ago, in this sample
 * or a neighbour, is taken as confirmed. */
static gboolean
confirm_face (Pipeline       *p,
              const SlImage  *frame,
              gint64          time_ms,
              const SlFace   *face,
              gboolean       *confirmed,
              GError        **error)
{
  Confirmed entry = { time_ms, { face->box[0], face->box[1], face->box[2], face->box[3] } };

  *confirmed = FALSE;
  g_mutex_lock (&p->lock);
  for (guint i = p->confirmed->len; i > 0; i--)
    {
      Confirmed *c = &g_array_index (p->confirmed, Confirmed, i - 1);
      if (c->time_ms < time_ms - 2 * p->confirm_window_ms)
        g_array_remove_index_fast (p->confirmed, i - 1);
      else if (ABS (c->time_ms - time_ms) <= p->confirm_window_ms &&
               sl_footage_box_iou (c->box, face->box) >= 0.5)
        *confirmed = TRUE;
    }
  g_mutex_unlock (&p->lock);

  if (!*confirmed && !sl_detector_verify (p->detector, frame, face, confirmed, error))
    return FALSE;
  if (*confirmed)
    {
      g_mutex_lock (&p->lock);
      g_array_append_val (p->confirmed, entry);
      g_mutex_unlock (&p->lock);
    }
  return TRUE;
}

/* Detects, embeds and crops the faces of one frame (in a worker). */
static gboolean
analyse_frame (Pipeline         *p,
               const SlImage    *frame,
               SlFootageSample  *sample,
               gint64           *detect_us,
               gint64           *embed_us,
               GError          **error)
{
  g_autoptr(GArray) faces = NULL;
  gint64 t0 = g_get_monotonic_time (), t1;

  sl_scene_signature_compute (frame, &sample->scene);
  if (!(faces = sl_detector_detect_with_options (p->detector, frame, &p->detect_options, error)))
    return FALSE;
  t1 = g_get_monotonic_time ();
  *detect_us = t1 - t0;
  for (guint i = 0; i < faces->len; i++)
    {
      g_autoptr(SlFootageView) view = NULL;
      gboolean confirmed;

      if (!confirm_face (p, frame, sample->time_ms, &g_array_index (faces, SlFace, i), &confirmed, error))
        return FALSE;
      if (!confirmed)
        continue;
      view = g_new0 (SlFootageView, 1);
      view->sighting.time_ms = sample->time_ms;
      view->sighting.frame = sample->frame;
      view->sighting.face = g_array_index (faces, SlFace, i);
      view->embedding = g_new (float, p->dim);
      if (!sl_embedder_embed (p->embedder, frame, &view->sighting.face, view->embedding, error) ||
          !(view->crop_jpeg = make_crop (frame, &view->sighting.face, p->crop_size, error)))
        return FALSE;
      g_ptr_array_add (sample->views, g_steal_pointer (&view));
    }
  *embed_us = g_get_monotonic_time () - t1;
  return TRUE;
}

static void
sample_worker (gpointer data,
               gpointer user_data)
{
  Job *job = data;
  Pipeline *p = user_data;
  SlFootageSample *sample = job->sample;
  gint64 detect_us = 0, embed_us = 0;

  if (!g_cancellable_is_cancelled (p->cancellable))
    analyse_frame (p, job->frame, sample, &detect_us, &embed_us, &sample->error);
  g_clear_pointer (&job->frame, sl_image_free);
  g_free (job);

  g_mutex_lock (&p->lock);
  p->detect_us += detect_us;
  p->embed_us += embed_us;
  p->slots[sample->seq % p->n_slots] = sample;
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);
}

static gboolean
emit_track (SlFootageTrack  *track,
            gpointer         user_data,
            GError         **error)
{
  Pipeline *p = user_data;

  p->result->n_tracks++;
  p->result->faces += track->faces->len;
  if (p->track_func != NULL)
    return p->track_func (track, p->track_data, error);
  g_ptr_array_add (p->result->tracks, track);
  return TRUE;
}

static void
report_progress (Pipeline *p,
                 gint64    position_ms,
                 gboolean  done)
{
  const SlVideoInfo *info = &p->result->info;
  gint64 now = g_get_monotonic_time ();
  SlFootageProgress progress = { 0 };
  double elapsed_s;

  if (p->progress_func == NULL || (!done && now - p->last_progress_us < PROGRESS_INTERVAL_US))
    return;
  p->last_progress_us = now;
  elapsed_s = (now - p->start_us) / 1e6;
  progress.position_ms = position_ms;
  progress.samples = p->result->samples;
  progress.tracks = p->result->n_tracks;
  if (done)
    progress.fraction = 1;
  else if (info->duration_s > 0)
    progress.fraction = CLAMP (position_ms / (info->duration_s * 1000), 0, 1);
  progress.eta_s = progress.fraction >= 0.01 ? elapsed_s * (1 - progress.fraction) / progress.fraction : -1;
  if (done)
    progress.eta_s = 0;
  p->progress_func (&progress, p->progress_data);
}

/* Links finished samples in order until at most `limit` are in flight. */
static void
drain (Pipeline *p,
       guint64   limit)
{
  g_mutex_lock (&p->lock);
  for (;;)
    {
      SlFootageSample *sample;

      while ((sample = p->slots[p->consumed % p->n_slots]) != NULL &&
             sample->seq == p->consumed)
        {
          p->slots[p->consumed % p->n_slots] = NULL;
          p->consumed++;
          g_mutex_unlock (&p->lock);

          if (p->error == NULL && sample->error != NULL)
            p->error = g_steal_pointer (&sample->error);
          if (p->error == NULL && !g_cancellable_is_cancelled (p->cancellable))
            {
              p->result->samples++;
              p->position_ms = sample->time_ms;
              sl_footage_tracker_add (p->tracker, sample, &p->error);
              report_progress (p, sample->time_ms, FALSE);
            }
          sl_footage_sample_free (sample);

          g_mutex_lock (&p->lock);
        }
      if (p->dispatched - p->consumed <= limit)
        break;
      {
        gint64 t0 = g_get_monotonic_time ();
        g_cond_wait (&p->cond, &p->lock);
        p->wait_us += g_get_monotonic_time () - t0;
      }
    }
  g_mutex_unlock (&p->lock);
}

static int
cmp_track_first (gconstpointer a,
                 gconstpointer b)
{
  const SlFootageTrack *x = *(SlFootageTrack * const *) a;
  const SlFootageTrack *y = *(SlFootageTrack * const *) b;

  if (x->first_ms != y->first_ms)
    return x->first_ms < y->first_ms ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static SlFootageResult *
analyse (SlFaceAnalyser          *analyser,
         const char              *path,
         const SlFootageOptions  *options_in,
         SlFootageTrackFunc       track_func,
         gpointer                 track_data,
         SlFootageProgressFunc    progress_func,
         gpointer                 progress_data,
         GCancellable            *cancellable,
         GError                 **error)
{
  g_autoptr(SlVideoReader) reader = NULL;
  g_autoptr(SlFootageResult) result = NULL;
  g_autoptr(GError) read_error = NULL;
  SlFootageOptions options;
  Pipeline p = { 0 };
  const SlVideoInfo *info;
  GThreadPool *pool;
  guint n_threads, long_side;
  double sample_interval_ms;
  int cv_threads;

  if (options_in != NULL)
    options = *options_in;
  else
    sl_footage_options_init (&options);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(reader = sl_video_reader_new (path, options.sample_fps, error)))
    return NULL;
  info = sl_video_reader_get_info (reader);

  result = g_new0 (SlFootageResult, 1);
  result->info = *info;
  result->info.codec = g_strdup (info->codec);
  result->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_footage_track_free);
  result->sample_fps = info->fps > 0 && options.sample_fps >= info->fps ? 0 : options.sample_fps;
  n_threads = options.n_threads > 0 ? options.n_threads : (guint) MAX (1, g_get_num_processors ());
  result->threads = n_threads;
  sample_interval_ms = result->sample_fps > 0 ? 1000.0 / result->sample_fps
                     : info->fps > 0 ? 1000.0 / info->fps : 40;

  p.detector = sl_face_analyser_get_detector (analyser);
  p.embedder = sl_face_analyser_get_embedder (analyser);
  p.dim = sl_embedder_get_dim (p.embedder);
  p.crop_size = MAX (options.crop_size, 32);
  p.cancellable = cancellable;
  sl_detector_get_options (p.detector, &p.detect_options);
  long_side = MAX (info->width, info->height);
  if (options.min_face_px > 0)
    {
      guint side = (guint) ceil ((double) long_side * DETECTOR_SMALLEST_FACE / options.min_face_px);
      p.detect_options.max_side = side < long_side ? (int) side : 0;
      p.detect_options.min_face_px = MAX (p.detect_options.min_face_px, options.min_face_px * 3 / 4);
    }
  p.detect_options.verify = FALSE;
  p.confirmed = g_array_new (FALSE, FALSE, sizeof (Confirmed));
  p.confirm_window_ms = 2.5 * sample_interval_ms;
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  /* One frame a worker, one being linked and one decoded ahead. */
  p.n_slots = n_threads + 2;
  p.slots = g_new0 (SlFootageSample *, p.n_slots);
  p.result = result;
  p.track_func = track_func;
  p.track_data = track_data;
  p.progress_func = progress_func;
  p.progress_data = progress_data;
  p.tracker = sl_footage_tracker_new (&options, p.dim, sample_interval_ms, emit_track, &p);
  p.start_us = g_get_monotonic_time ();

  /* One worker per core already keeps every core busy. */
  cv_threads = sl_vision_get_threads ();
  if (n_threads > 1)
    sl_vision_set_threads (1);
  pool = g_thread_pool_new (sample_worker, &p, (int) n_threads, TRUE, NULL);

  for (;;)
    {
      Job *job;
      SlImage *frame;
      gint64 time_ms = 0, frame_index = 0;

      gint64 t0 = g_get_monotonic_time ();

      if (p.error != NULL || g_cancellable_is_cancelled (cancellable))
        break;
      frame = sl_video_reader_next (reader, &time_ms, &frame_index, &read_error);
      p.decode_us += g_get_monotonic_time () - t0;
      if (frame == NULL)
        break;
      drain (&p, p.n_slots - 1);
      job = g_new0 (Job, 1);
      job->frame = frame;
      job->sample = g_new0 (SlFootageSample, 1);
      job->sample->seq = p.dispatched;
      job->sample->time_ms = time_ms;
      job->sample->frame = frame_index;
      job->sample->views = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_footage_view_free);
      g_mutex_lock (&p.lock);
      p.dispatched++;
      g_mutex_unlock (&p.lock);
      g_thread_pool_push (pool, job, NULL);
    }
  drain (&p, 0);
  g_thread_pool_free (pool, FALSE, TRUE);
  sl_vision_set_threads (cv_threads);

  if (p.error == NULL && !g_cancellable_is_cancelled (cancellable))
    sl_footage_tracker_finish (p.tracker, &p.error);
  result->cuts = sl_footage_tracker_get_cuts (p.tracker);
  result->frames_decoded = sl_video_reader_get_frames_decoded (reader);
  result->wall_s = (g_get_monotonic_time () - p.start_us) / 1e6;
  g_debug ("%" G_GUINT64_FORMAT " samples in %.1f s: decoding %.1f s and waiting for workers %.1f s "
           "(calling thread); detecting %.1f s, embedding %.1f s (workers)",
           result->samples, result->wall_s, p.decode_us / 1e6, p.wait_us / 1e6,
           p.detect_us / 1e6, p.embed_us / 1e6);
  g_clear_pointer (&p.tracker, sl_footage_tracker_free);
  g_free (p.slots);
  g_array_unref (p.confirmed);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);

  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (read_error != NULL)
    {
      result->partial = TRUE;
      result->stopped_ms = sl_video_reader_get_position (reader);
      result->stop_error = g_steal_pointer (&read_error);
    }
  g_ptr_array_sort (result->tracks, cmp_track_first);
  report_progress (&p, p.position_ms, TRUE);
  return g_steal_pointer (&result);
}

static void
async_data_free (AsyncData *d)
{
  if (d->user_data_destroy != NULL)
    d->user_data_destroy (d->user_data);
  g_main_context_unref (d->context);
  g_mutex_clear (&d->lock);
  g_free (d->path);
  g_free (d);
}

static gboolean
progress_idle (gpointer data)
{
  GTask *task = data;
  AsyncData *d = g_task_get_task_data (task);
  SlFootageProgress progress;

  g_mutex_lock (&d->lock);
  progress = d->latest;
  d->progress_pending = FALSE;
  g_mutex_unlock (&d->lock);
  if (!g_task_get_completed (task))
    d->progress_func (&progress, d->user_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: keeps the latest progress and has the caller's context
 * show it, without queueing more than one report at a time. */
static void
async_progress (const SlFootageProgress *progress,
                gpointer                 user_data)
{
  GTask *task = user_data;
  AsyncData *d = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&d->lock);
  d->latest = *progress;
  schedule = !d->progress_pending;
  d->progress_pending = TRUE;
  g_mutex_unlock (&d->lock);
  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();
      g_source_set_callback (source, progress_idle, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[sightline] footage progress");
      g_source_attach (source, d->context);
    }
}

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncData *d = task_data;
  GError *error = NULL;
  SlFootageResult *result;

  result = analyse (SL_FACE_ANALYSER (source_object), d->path, &d->options,
                    d->track_func, d->user_data,
                    d->progress_func != NULL ? async_progress : NULL, task,
                    cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) sl_footage_result_free);
  else
    g_task_return_error (task, error);
}

/* public API */

void
sl_footage_options_init (SlFootageOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->sample_fps = SL_FOOTAGE_DEFAULT_SAMPLE_FPS;
  options->n_threads = 0;
  options->min_face_px = 32;
  options->best_faces = 3;
  options->crop_size = 160;
  options->max_gap_ms = 1000;
  options->link_similarity = 0.35;
  options->jump_similarity = 0.55;
  options->cut_threshold = 0.25;
  options->min_track_faces = 2;
}

void
sl_footage_view_free (SlFootageView *view)
{
  if (view == NULL)
    return;
  g_free (view->embedding);
  g_clear_pointer (&view->crop_jpeg, g_bytes_unref);
  g_free (view);
}

void
sl_footage_track_free (SlFootageTrack *track)
{
  if (track == NULL)
    return;
  g_clear_pointer (&track->faces, g_array_unref);
  g_clear_pointer (&track->best, g_ptr_array_unref);
  g_free (track->template_embedding);
  g_free (track);
}

const char *
sl_footage_track_end_to_string (SlFootageTrackEnd end)
{
  switch (end)
    {
    case SL_FOOTAGE_END_LEFT:    return "left";
    case SL_FOOTAGE_END_CUT:     return "cut";
    case SL_FOOTAGE_END_FOOTAGE: return "footage-end";
    default:                     return "unknown";
    }
}

void
sl_footage_result_free (SlFootageResult *result)
{
  if (result == NULL)
    return;
  sl_video_info_clear (&result->info);
  g_clear_pointer (&result->tracks, g_ptr_array_unref);
  g_clear_error (&result->stop_error);
  g_free (result);
}

SlFootageResult *
sl_footage_analyse (SlFaceAnalyser          *analyser,
                    const char              *path,
                    const SlFootageOptions  *options,
                    SlFootageTrackFunc       track_func,
                    SlFootageProgressFunc    progress_func,
                    gpointer                 user_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_return_val_if_fail (SL_IS_FACE_ANALYSER (analyser), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (options == NULL || options->sample_fps >= 0, NULL);

  return analyse (analyser, path, options, track_func, user_data, progress_func, user_data,
                  cancellable, error);
}

void
sl_footage_analyse_async (SlFaceAnalyser          *analyser,
                          const char              *path,
                          const SlFootageOptions  *options,
                          SlFootageTrackFunc       track_func,
                          SlFootageProgressFunc    progress_func,
                          gpointer                 user_data,
                          GDestroyNotify           user_data_destroy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 callback_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *d;

  g_return_if_fail (SL_IS_FACE_ANALYSER (analyser));
  g_return_if_fail (path != NULL);
  g_return_if_fail (options == NULL || options->sample_fps >= 0);

  d = g_new0 (AsyncData, 1);
  d->path = g_strdup (path);
  if (options != NULL)
    d->options = *options;
  else
    sl_footage_options_init (&d->options);
  d->track_func = track_func;
  d->progress_func = progress_func;
  d->user_data = user_data;
  d->user_data_destroy = user_data_destroy;
  d->context = g_main_context_ref_thread_default ();
  g_mutex_init (&d->lock);

  task = g_task_new (analyser, cancellable, callback, callback_data);
  g_task_set_source_tag (task, sl_footage_analyse_async);
  g_task_set_task_data (task, d, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, analyse_thread);
}

SlFootageResult *
sl_footage_analyse_finish (SlFaceAnalyser  *analyser,
                           GAsyncResult    *result,
                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, analyser), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_footage_analyse_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
