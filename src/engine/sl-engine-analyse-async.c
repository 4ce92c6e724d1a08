/* sl-engine-analyse-async.c: sl_engine_analyse_full() in a worker thread,
 * with footage progress relayed to the caller's main context.
 *
 * The analysis writes its tracks and its audit row through the engine's
 * connection, and a connection belongs to one thread at a time: the worker
 * runs the analysis on a second engine opened on the same database (and so
 * the same audit chain and evidence store), which the next analysis reuses
 * once this one is done.
 *
 * The analysis keeps every core busy. It runs in a thread of its own at a
 * lower scheduling priority (its detection workers inherit it), so that
 * whenever the main loop has something to do it gets a core at once: the
 * window stays responsive however long the footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine/sl-engine-analyse.h"
#include "engine/sl-engine-private.h"
#include "core/sl-progress-relay.h"

#define WORKER_ENGINE_KEY "sl-analyse-worker-engine"
#define PROGRESS_INTERVAL_MS 100
#define PROGRESS_SCALE 10000
/* Added to the nice value of the analysing thread and its workers. */
#define BACKGROUND_NICE 10

typedef struct
{
  SlEngine              *engine;
  SlEngine              *worker;        /* NULL until the worker opens one */
  SlSession             *session;
  char                  *case_number;
  gint64                 evidence_id;
  char                  *embedder_id;
  double                 sample_fps;
  char                  *person_sought; /* footage-analysis-justification */
  char                  *facts;
  SlFootageProgressFunc  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
  SlProgressRelay       *relay;

  /* The latest progress, written by the worker, read in the main context. */
  GMutex                 lock;
  SlFootageProgress      latest;
} AnalyseAsync;

/* helpers */

static void
analyse_async_free (gpointer user_data)
{
  AnalyseAsync *data = user_data;

  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_clear_pointer (&data->relay, sl_progress_relay_free);
  g_clear_object (&data->engine);
  g_clear_object (&data->worker);
  g_clear_object (&data->session);
  g_free (data->case_number);
  g_free (data->embedder_id);
  g_free (data->person_sought);
  g_free (data->facts);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static SlEngine *
open_worker_engine (SlEngine  *engine,
                    GError   **error)
{
  g_autoptr(SlEngine) worker = sl_engine_new (sl_engine_get_db_path (engine));

  sl_engine_set_model_dir (worker, sl_engine_get_model_dir (engine));
  if (!sl_engine_open (worker, error))
    return NULL;
  return g_steal_pointer (&worker);
}

/* callbacks */

/* In the worker. */
static void
on_worker_progress (const SlFootageProgress *progress,
                    gpointer                 user_data)
{
  AnalyseAsync *data = user_data;
  guint64 done = (guint64) (CLAMP (progress->fraction, 0.0, 1.0) * PROGRESS_SCALE);

  g_mutex_lock (&data->lock);
  data->latest = *progress;
  g_mutex_unlock (&data->lock);
  /* The relay throttles and carries only numbers: the main context reads
   * the whole of the latest progress when it is woken. */
  sl_progress_relay_post (data->relay, MIN (done, PROGRESS_SCALE - 1), PROGRESS_SCALE);
}

/* In the caller's main context. */
static void
on_relayed_progress (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  AnalyseAsync *data = user_data;
  SlFootageProgress latest;

  g_mutex_lock (&data->lock);
  latest = data->latest;
  g_mutex_unlock (&data->lock);
  data->progress (&latest, data->progress_data);
}

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyseAsync *data = task_data;
  SlAnalyseOptions options = { data->sample_fps, on_worker_progress, data, data->person_sought, data->facts };
  GError *error = NULL;
  SlAnalysis *analysis;

  if (data->worker == NULL && !(data->worker = open_worker_engine (data->engine, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  analysis = sl_engine_analyse_full (data->worker, data->session, data->case_number, data->evidence_id,
                                     data->embedder_id, &options, cancellable, &error);
  if (analysis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, analysis, (GDestroyNotify) sl_analysis_free);
}

/* The thread's own: a thread of the shared pool would keep the lower
 * priority for whatever it runs next. */
static gpointer
analysis_thread_main (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

#ifdef __linux__
  /* Per thread on Linux; threads started from here inherit it. */
  {
    id_t tid = (id_t) gettid ();
    int nice_now = getpriority (PRIO_PROCESS, tid);

    if (setpriority (PRIO_PROCESS, tid, MIN (nice_now + BACKGROUND_NICE, 19)) != 0)
      g_debug ("Cannot lower the analysis thread's priority: %s", g_strerror (errno));
  }
#endif
  analyse_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                  g_task_get_cancellable (task));
  return NULL;
}

/* public API */

void
sl_engine_analyse_full_async (SlEngine               *self,
                              SlSession              *session,
                              const char             *case_number,
                              gint64                  evidence_id,
                              const char             *embedder_id,
                              const SlAnalyseOptions *options,
                              SlFootageProgressFunc   progress,
                              gpointer                progress_data,
                              GDestroyNotify          progress_destroy,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyseAsync *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);

  data = g_new0 (AnalyseAsync, 1);
  g_mutex_init (&data->lock);
  data->engine = g_object_ref (self);
  /* A worker engine left by an earlier analysis, if it is free. */
  data->worker = g_object_steal_data (G_OBJECT (self), WORKER_ENGINE_KEY);
  data->session = g_object_ref (session);
  data->case_number = g_strdup (case_number);
  data->evidence_id = evidence_id;
  data->embedder_id = g_strdup (embedder_id);
  data->sample_fps = options != NULL ? options->sample_fps : -1;
  data->person_sought = g_strdup (options != NULL ? options->person_sought : NULL);
  data->facts = g_strdup (options != NULL ? options->facts : NULL);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->latest.eta_s = -1;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_engine_analyse_full_async);
  data->relay = sl_progress_relay_new (task, progress != NULL ? on_relayed_progress : NULL, data,
                                       PROGRESS_INTERVAL_MS);
  g_task_set_task_data (task, data, analyse_async_free);
  g_thread_unref (g_thread_new ("sl-analysis", analysis_thread_main, g_object_ref (task)));
}

SlAnalysis *
sl_engine_analyse_full_finish (SlEngine      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  AnalyseAsync *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, sl_engine_analyse_full_async), NULL);

  /* The worker is done with its engine: the next analysis may have it. */
  data = g_task_get_task_data (G_TASK (result));
  if (data->worker != NULL && g_object_get_data (G_OBJECT (self), WORKER_ENGINE_KEY) == NULL)
    g_object_set_data_full (G_OBJECT (self), WORKER_ENGINE_KEY, g_steal_pointer (&data->worker),
                            g_object_unref);
  return g_task_propagate_pointer (G_TASK (result), error);
}
