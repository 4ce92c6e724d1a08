/* sl-engine-frames.c: pictures of evidence for a viewer. Footage has no
 * random access through the decoder, so the engine keeps the reader of the
 * last footage shown and reads forward from where it stands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-frames.h"
#include "engine/sl-engine-private.h"
#include "vision/sl-image.h"
#include "vision/sl-video.h"

#define FRAME_CACHE_KEY "sl-engine-frame-cache"
#define JPEG_QUALITY 92

/* The reader of the last footage shown, and the frames around its place. */
typedef struct
{
  GMutex         lock;
  char          *path;
  SlVideoReader *reader;
  SlImage       *shown;      /* the last frame at or before the time asked */
  gint64         shown_ms;
  SlImage       *ahead;      /* the first frame after it, read already */
  gint64         ahead_ms;
} FrameCache;

typedef struct
{
  char       *path;
  char       *name;
  gboolean    footage;
  gint64      time_ms;
  guint       max_side;
  FrameCache *cache;
} PictureTask;

/* helpers */

static void
frame_cache_reset (FrameCache *cache)
{
  g_clear_pointer (&cache->reader, sl_video_reader_free);
  g_clear_pointer (&cache->shown, sl_image_free);
  g_clear_pointer (&cache->ahead, sl_image_free);
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

/* A copy of the frame shown at time_ms. */
static SlImage *
frame_at (FrameCache    *cache,
          const char    *path,
          gint64         time_ms,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->lock);

  if (cache->reader == NULL || g_strcmp0 (cache->path, path) != 0 ||
      (cache->shown != NULL && time_ms < cache->shown_ms))
    {
      frame_cache_reset (cache);
      if (!(cache->reader = sl_video_reader_new (path, 0, error)))
        return NULL;
      cache->path = g_strdup (path);
    }

  for (;;)
    {
      if (cache->ahead != NULL)
        {
          if (cache->ahead_ms > time_ms)
            break;
          g_clear_pointer (&cache->shown, sl_image_free);
          cache->shown = g_steal_pointer (&cache->ahead);
          cache->shown_ms = cache->ahead_ms;
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      {
        GError *local_error = NULL;
        gint64 ms = 0;
        SlImage *frame = sl_video_reader_next (cache->reader, &ms, NULL, &local_error);

        if (frame == NULL)
          {
            /* Past the end, or damaged further on: the last sound frame. */
            if (cache->shown == NULL)
              {
                if (local_error == NULL)
                  g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                               _("The footage has no frame to show"));
                g_propagate_error (error, local_error);
                return NULL;
              }
            g_clear_error (&local_error);
            break;
          }
        cache->ahead = frame;
        cache->ahead_ms = ms;
      }
    }
  if (cache->shown == NULL)
    return sl_image_copy (cache->ahead);
  return sl_image_copy (cache->shown);
}

static SlPicture *
picture_from (SlImage  *image,
              guint     max_side,
              gint64    time_ms,
              GError  **error)
{
  g_autoptr(SlPicture) picture = g_new0 (SlPicture, 1);
  g_autoptr(SlImage) scaled = NULL;
  guint w = sl_image_get_width (image), h = sl_image_get_height (image);

  picture->full_width = w;
  picture->full_height = h;
  picture->time_ms = time_ms;
  if (max_side > 0 && MAX (w, h) > max_side)
    {
      double s = (double) max_side / MAX (w, h);

      w = MAX (1, (guint) (w * s + 0.5));
      h = MAX (1, (guint) (h * s + 0.5));
      image = scaled = sl_image_resize (image, w, h);
    }
  picture->width = w;
  picture->height = h;
  if (!(picture->jpeg = sl_image_encode (image, SL_IMAGE_FORMAT_JPEG, JPEG_QUALITY, error)))
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

  if (t->footage)
    image = frame_at (t->cache, t->path, t->time_ms, cancellable, &error);
  else
    image = sl_image_load (t->path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  if (image == NULL ||
      !(picture = picture_from (image, t->max_side, t->footage ? t->time_ms : -1, &error)))
    {
      sl_engine_error_name_evidence (&error, t->path, t->name, _("Cannot show"));
      g_task_return_error (task, error);
      return;
    }
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

/* public API */

void
sl_picture_free (SlPicture *picture)
{
  if (picture == NULL)
    return;
  g_clear_pointer (&picture->jpeg, g_bytes_unref);
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
  if (!(frame = frame_at (get_frame_cache (self), path, MAX (time_ms, 0), cancellable, error)) ||
      !(picture = picture_from (frame, max_side, time_ms, error)))
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
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  PictureTask *t;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (evidence != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_engine_picture_async);
  if (!may_view (self, session, evidence, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  t = g_new0 (PictureTask, 1);
  t->path = sl_engine_evidence_path (self, evidence);
  t->name = g_strdup (evidence->original_name);
  t->footage = evidence->kind == SL_EVIDENCE_FOOTAGE;
  t->time_ms = MAX (time_ms, 0);
  t->max_side = max_side;
  t->cache = t->footage ? get_frame_cache (self) : NULL;
  g_task_set_task_data (task, t, picture_task_free);
  g_task_run_in_thread (task, picture_thread);
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
