/* sl-progress-relay.c: a worker's progress, delivered in the caller's main
 * context.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-progress"

#include "config.h"

#include "core/sl-progress-relay.h"

struct _SlProgressRelay
{
  GTask        *task;          /* unowned: the relay lives in its task data */
  GMainContext *context;
  SlRelayFunc   func;
  gpointer      user_data;
  gint64        interval_us;
  gint64        last_us;
};

typedef struct
{
  SlProgressRelay *relay;
  GTask           *task;       /* keeps the task, and so the relay, alive */
  guint64          done;
  guint64          total;
} Event;

/* helpers */

static gboolean
dispatch (gpointer user_data)
{
  Event *ev = user_data;

  /* Never after the caller has been told the work is over. */
  if (!g_task_get_completed (ev->task))
    ev->relay->func (ev->done, ev->total, ev->relay->user_data);
  return G_SOURCE_REMOVE;
}

static void
event_free (gpointer user_data)
{
  Event *ev = user_data;

  g_object_unref (ev->task);
  g_free (ev);
}

/* public API */

SlProgressRelay *
sl_progress_relay_new (GTask       *task,
                       SlRelayFunc  func,
                       gpointer     user_data,
                       guint        interval_ms)
{
  SlProgressRelay *relay = g_new0 (SlProgressRelay, 1);

  relay->task = task;
  relay->context = g_main_context_ref_thread_default ();
  relay->func = func;
  relay->user_data = user_data;
  relay->interval_us = (gint64) interval_ms * 1000;
  return relay;
}

void
sl_progress_relay_post (SlProgressRelay *relay,
                        guint64          done,
                        guint64          total)
{
  gint64 now = g_get_monotonic_time ();
  Event *ev;

  if (relay->func == NULL || (done != total && now - relay->last_us < relay->interval_us))
    return;
  relay->last_us = now;
  ev = g_new0 (Event, 1);
  ev->relay = relay;
  ev->task = g_object_ref (relay->task);
  ev->done = done;
  ev->total = total;
  g_main_context_invoke_full (relay->context, G_PRIORITY_HIGH, dispatch, ev, event_free);
}

void
sl_progress_relay_free (SlProgressRelay *relay)
{
  if (relay == NULL)
    return;
  g_main_context_unref (relay->context);
  g_free (relay);
}
