/* sl-engine-frames.c: pictures of evidence for a viewer. For footage the
 * engine keeps a seeking reader of the last footage shown, standing where
 * it last read: playback and steps decode forward from there, jumps seek to
 * the keyframe before the time asked.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-frames.h"
#include "engine/sl-engine-private.h"
#include "vision/sl-image.h"
#include "vision/sl-video-seek.h"

#define FRAME_CACHE_KEY "sl-engine-frame-cache"
#define JPEG_QUALITY 92

/* The seeking reader of the last footage shown: it stands where the last
 * frame was read, so playback and steps forward decode only the frames in
 * between, and a jump seeks to the keyframe before it. */
typedef struct
{
  GMutex         lock;
  char          *path;
  SlVideoSeeker *seeker;
} FrameCache;

typedef struct
{
  char       *path;
  char       *name;
  gboolean    footage;
  gboolean    raw;       /* pixels rather than a JPEG */
  gint64      time_ms;
  guint       max_side;
  FrameCache *cache;
} PictureTask;

/* helpers */

static void
frame_cache_reset (FrameCache *cache)
{
  g_clear_pointer (&cache->seeker, sl_video_seeker_free);
  g_clear_pointer (&cache->path, g_free);
}

static void
frame_cache_free (gpointer data)
{
  FrameCache *cache = data;

  frame_cache_reset (cache);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

static FrameCache *
get_frame_cache (SlEngine *self)
{
  static GMutex creating;
  FrameCache *cache;

  g_mutex_lock (&creating);
  if (!(cache = g_object_get_data (G_OBJECT (self), FRAME_CACHE_KEY)))
    {
      cache = g_new0 (FrameCache, 1);
      g_mutex_init (&cache->lock);
      g_object_set_data_full (G_OBJECT (self), FRAME_CACHE_KEY, cache, frame_cache_free);
    }
  g_mutex_unlock (&creating);
  return cache;
}

static void
picture_task_free (gpointer data)
{
  PictureTask *t = data;

  g_free (t->path);
  g_free (t->name);
  g_free (t);
}

/* The frame shown at time_ms, with its own time and index. */
static SlImage *
frame_at (FrameCache    *cache,
          const char    *path,
          gint64         time_ms,
          gint64        *frame_ms,
          gint64        *frame_index,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (cache->seeker == NULL || g_strcmp0 (cache->path, path) != 0)
    {
      frame_cache_reset (cache);
      if (!(cache->seeker = sl_video_seeker_new (path, 0, error)))
        return NULL;
      cache->path = g_strdup (path);
    }
  return sl_video_seeker_frame_at (cache->seeker, time_ms, frame_ms, frame_index, error);
}

/* The picture of `image`, at most max_side on its longer side: a JPEG, or
 * the pixels as they are when raw. */
static SlPicture *
picture_from (SlImage   *image,
              guint      max_side,
              gboolean   raw,
              GError   **error)
{
  g_autoptr(SlPicture) picture = g_new0 (SlPicture, 1);
  g_autoptr(SlImage) scaled = NULL;
  guint w = sl_image_get_width (image), h = sl_image_get_height (image);

  picture->full_width = w;
  picture->full_height = h;
  picture->time_ms = -1;
  picture->frame_index = -1;
  if (max_side > 0 && MAX (w, h) > max_side)
    {
      double s = (double) max_side / MAX (w, h);

      w = MAX (1, (guint) (w * s + 0.5));
      h = MAX (1, (guint) (h * s + 0.5));
      image = scaled = sl_image_resize (image, w, h);
    }
  picture->width = w;
  picture->height = h;
  if (raw)
    {
      gsize stride;
      const guint8 *pixels = sl_image_get_pixels (image, &stride);

      picture->stride = stride;
      picture->pixels = g_bytes_new (pixels, stride * h);
    }
  else if (!(picture->jpeg = sl_image_encode (image, SL_IMAGE_FORMAT_JPEG, JPEG_QUALITY, error)))
    return NULL;
  return g_steal_pointer (&picture);
}

static void
picture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PictureTask *t = task_data;
  g_autoptr(SlImage) image = NULL;
  GError *error = NULL;
  SlPicture *picture;
  gint64 frame_ms = -1, frame_index = -1;

  if (t->footage)
    image = frame_at (t->cache, t->path, t->time_ms, &frame_ms, &frame_index, cancellable, &error);
  else
    image = sl_image_load (t->path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  if (image == NULL || !(picture = picture_from (image, t->max_side, t->raw, &error)))
    {
      sl_engine_error_name_evidence (&error, t->path, t->name, _("Cannot show"));
      g_task_return_error (task, error);
      return;
    }
  picture->time_ms = frame_ms;
  picture->frame_index = frame_index;
  g_task_return_pointer (task, picture, (GDestroyNotify) sl_picture_free);
}

static gboolean
may_view (SlEngine    *self,
          SlSession   *session,
          SlEvidence  *evidence,
          GError     **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, evidence->id);

  return sl_session_may (session, SL_PERMISSION_CASE_READ) ||
         sl_engine_check (self, session, SL_PERMISSION_CASE_READ, "evidence.view", id_text, error);
}

static void
picture_async (SlEngine            *self,
               SlSession           *session,
               SlEvidence          *evidence,
               gint64               time_ms,
               guint                max_side,
               gboolean             raw,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  PictureTask *t;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  if (!may_view (self, session, evidence, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  t = g_new0 (PictureTask, 1);
  t->path = sl_engine_evidence_path (self, evidence);
  t->name = g_strdup (evidence->original_name);
  t->footage = evidence->kind == SL_EVIDENCE_FOOTAGE;
  t->raw = raw;
  t->time_ms = MAX (time_ms, 0);
  t->max_side = max_side;
  t->cache = t->footage ? get_frame_cache (self) : NULL;
  g_task_set_task_data (task, t, picture_task_free);
  g_task_run_in_thread (task, picture_thread);
}

/* public API */

void
sl_picture_free (SlPicture *picture)
{
  if (picture == NULL)
    return;
  g_clear_pointer (&picture->jpeg, g_bytes_unref);
  g_clear_pointer (&picture->pixels, g_bytes_unref);
  g_free (picture);
}

GBytes *
sl_engine_footage_frame (SlEngine      *self,
                         SlSession     *session,
                         SlEvidence    *evidence,
                         gint64         time_ms,
                         guint          max_side,
                         GCancellable  *cancellable,
                         GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autofree char *path = NULL;
  g_autoptr(SlImage) frame = NULL;
  g_autoptr(SlPicture) picture = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (evidence != NULL, NULL);

  if (!may_view (self, session, evidence, error))
    return NULL;
  if (evidence->kind != SL_EVIDENCE_FOOTAGE)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("'%s' is a still, not footage"), evidence->original_name);
      return NULL;
    }
  path = sl_engine_evidence_path (self, evidence);
  if (!(frame = frame_at (get_frame_cache (self), path, MAX (time_ms, 0), NULL, NULL, cancellable, error)) ||
      !(picture = picture_from (frame, max_side, FALSE, error)))
    {
      sl_engine_error_name_evidence (error, path, evidence->original_name, _("Cannot show"));
      return NULL;
    }
  return g_bytes_ref (picture->jpeg);
}

void
sl_engine_picture_async (SlEngine            *self,
                         SlSession           *session,
                         SlEvidence          *evidence,
                         gint64               time_ms,
                         guint                max_side,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (evidence != NULL);

  picture_async (self, session, evidence, time_ms, max_side, FALSE, cancellable, callback, user_data,
                 sl_engine_picture_async);
}

void
sl_engine_footage_frame_async (SlEngine            *self,
                               SlSession           *session,
                               SlEvidence          *evidence,
                               gint64               time_ms,
                               guint                max_side,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (evidence != NULL && evidence->kind == SL_EVIDENCE_FOOTAGE);

  picture_async (self, session, evidence, time_ms, max_side, TRUE, cancellable, callback, user_data,
                 sl_engine_footage_frame_async);
}

SlPicture *
sl_engine_picture_finish (SlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
