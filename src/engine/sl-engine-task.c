/* sl-engine-task.c: the one way a use case runs in a worker thread. Every
 * use case is written once as a function of a database connection; the
 * synchronous call gives it the engine's own connection (the thread that
 * opened the engine), the _async call runs it here, in a GTask thread with
 * a connection of its own, since an SQLite connection belongs to one thread
 * at a time. The result comes back in the caller's thread-default main
 * context, in the engine's error domain.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine-task"

#include "config.h"

#include "engine/sl-engine-private.h"

typedef struct
{
  SlEngineWorkFunc work;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
} EngineTask;

/* helpers */

static void
engine_task_free (gpointer user_data)
{
  EngineTask *t = user_data;

  if (t->data_free != NULL)
    g_clear_pointer (&t->data, t->data_free);
  g_free (t);
}

/* callbacks */

static void
engine_task_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SlEngine *engine = source_object;
  EngineTask *t = task_data;
  g_autoptr(SlStore) store = NULL;
  GError *error = NULL;
  gpointer result = NULL;

  /* Work asked for and no longer wanted by the time the thread runs (rows
   * of a view scrolled past) costs no connection. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if ((store = sl_engine_connect (engine, &error)) != NULL)
    result = t->work (engine, store, t->data, cancellable, &error);
  if (result == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED, "The work failed without a reason");
      sl_engine_error_normalize (&error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, t->result_free);
}

/* private API */

GTask *
sl_engine_task_new (SlEngine            *self,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  return task;
}

void
sl_engine_task_run (GTask            *task,
                    SlEngineWorkFunc  work,
                    gpointer          data,
                    GDestroyNotify    data_free,
                    GDestroyNotify    result_free)
{
  EngineTask *t;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (work != NULL);

  t = g_new0 (EngineTask, 1);
  t->work = work;
  t->data = data;
  t->data_free = data_free;
  t->result_free = result_free;
  g_task_set_task_data (task, t, engine_task_free);
  g_task_run_in_thread (task, engine_task_thread);
}

gpointer
sl_engine_task_get_data (GAsyncResult *result)
{
  EngineTask *t;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  t = g_task_get_task_data (G_TASK (result));
  return t != NULL ? t->data : NULL;
}

gpointer
sl_engine_task_finish (SlEngine      *self,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
