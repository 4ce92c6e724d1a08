/* sl-face-batch.c: many photos to embeddings at once, one worker per core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-batch"

#include "config.h"

#include "analysis/sl-face-batch.h"
#include "vision/sl-vision-error.h"

typedef struct
{
  SlFaceAnalyser *analyser;
  GPtrArray      *paths;
  SlFacePick      pick;
  SlFaceBatch    *batch;
  GCancellable   *cancellable;

  GMutex          lock;
  GCond           cond;
  guint           done;
  GError         *error;     /* the first hard failure */
} Job;

/* helpers */

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = user_data;
  SlFaceBatch *batch = job->batch;
  guint index = GPOINTER_TO_UINT (data) - 1;
  g_autoptr(GError) error = NULL;
  SlFace face;

  if (!g_cancellable_is_cancelled (job->cancellable))
    batch->ok[index] = sl_face_analyser_embed_file (job->analyser, g_ptr_array_index (job->paths, index),
                                                    job->pick, &face,
                                                    batch->embeddings + (gsize) index * batch->dim,
                                                    &batch->detect_ms[index], &batch->embed_ms[index],
                                                    &error);

  g_mutex_lock (&job->lock);
  if (error != NULL)
    {
      if (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NO_FACE))
        batch->no_face++;
      else if (job->error == NULL)
        job->error = g_steal_pointer (&error);
    }
  job->done++;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* public API */

SlFaceBatch *
sl_face_batch_run (SlFaceAnalyser  *analyser,
                   GPtrArray       *paths,
                   SlFacePick       pick,
                   guint            n_threads,
                   SlProgressFunc   progress,
                   gpointer         user_data,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autoptr(SlFaceBatch) batch = g_new0 (SlFaceBatch, 1);
  Job job = { 0 };
  GThreadPool *pool;
  gint64 start;
  int cv_threads;

  g_return_val_if_fail (SL_IS_FACE_ANALYSER (analyser), NULL);

  batch->n = paths->len;
  batch->dim = sl_embedder_get_dim (sl_face_analyser_get_embedder (analyser));
  batch->embeddings = g_new0 (float, (gsize) batch->n * batch->dim);
  batch->ok = g_new0 (gboolean, batch->n);
  batch->detect_ms = g_new0 (double, batch->n);
  batch->embed_ms = g_new0 (double, batch->n);
  batch->threads = n_threads > 0 ? n_threads : MAX (1, g_get_num_processors ());

  job.analyser = analyser;
  job.paths = paths;
  job.pick = pick;
  job.batch = batch;
  job.cancellable = cancellable;
  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);

  /* One worker per core already keeps every core busy. */
  cv_threads = sl_vision_get_threads ();
  if (batch->threads > 1)
    sl_vision_set_threads (1);
  start = g_get_monotonic_time ();
  pool = g_thread_pool_new (worker, &job, (int) batch->threads, TRUE, NULL);
  for (guint i = 0; i < batch->n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_mutex_lock (&job.lock);
  while (job.done < batch->n)
    {
      g_cond_wait_until (&job.cond, &job.lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
      if (progress != NULL)
        {
          guint done = job.done;
          g_mutex_unlock (&job.lock);
          progress (done, batch->n, user_data);
          g_mutex_lock (&job.lock);
        }
    }
  g_mutex_unlock (&job.lock);
  g_thread_pool_free (pool, FALSE, TRUE);
  sl_vision_set_threads (cv_threads);
  batch->wall_s = (g_get_monotonic_time () - start) / 1e6;
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_error (&job.error);
      return NULL;
    }
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }
  return g_steal_pointer (&batch);
}

const float *
sl_face_batch_row (SlFaceBatch *batch,
                   guint        index)
{
  g_return_val_if_fail (index < batch->n, NULL);
  return batch->ok[index] ? batch->embeddings + (gsize) index * batch->dim : NULL;
}

void
sl_face_batch_free (SlFaceBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->embeddings);
  g_free (batch->ok);
  g_free (batch->detect_ms);
  g_free (batch->embed_ms);
  g_free (batch);
}
