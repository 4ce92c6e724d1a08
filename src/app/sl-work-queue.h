/* sl-work-queue.h: the base of the case page's queues (imports, analyses):
 * jobs run one at a time in a worker, the progress of the current one
 * (busy, fraction, label) and a way to cancel.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_WORK_QUEUE (sl_work_queue_get_type ())

G_DECLARE_DERIVABLE_TYPE (SlWorkQueue, sl_work_queue, SL, WORK_QUEUE, GObject)

struct _SlWorkQueueClass
{
  GObjectClass parent_class;

  void (*job_free) (gpointer      job);
  /* Starts job (now the current one) in a worker; the worker's callback
   * takes it back with sl_work_queue_steal_current() and hands it to
   * sl_work_queue_finish(). */
  void (*start)    (SlWorkQueue  *self,
                    gpointer      job,
                    SlSession    *session,
                    GCancellable *cancellable);
};

gboolean      sl_work_queue_get_busy      (SlWorkQueue *self);
/* 0..1 of the current job; -1 while unknown. */
double        sl_work_queue_get_fraction  (SlWorkQueue *self);
const char   *sl_work_queue_get_label     (SlWorkQueue *self);
/* Stops the job under way and drops those waiting. */
void          sl_work_queue_cancel        (SlWorkQueue *self);

/* For subclasses. */

/* NULL once disposed. */
SlAppContext *sl_work_queue_get_context   (SlWorkQueue *self);
GCancellable *sl_work_queue_get_cancellable (SlWorkQueue *self);
gpointer      sl_work_queue_get_current   (SlWorkQueue *self);
/* The jobs waiting, first first (owned by the queue). */
GList        *sl_work_queue_peek_waiting  (SlWorkQueue *self);
guint         sl_work_queue_get_n_waiting (SlWorkQueue *self);
/* Jobs finished since the queue was last idle. */
guint         sl_work_queue_get_n_done    (SlWorkQueue *self);
/* Queues job (owned by the queue); TRUE when the queue was idle and
 * started it. */
gboolean      sl_work_queue_push          (SlWorkQueue *self,
                                           gpointer     job);
void          sl_work_queue_set_fraction  (SlWorkQueue *self,
                                           double       fraction);
void          sl_work_queue_set_label     (SlWorkQueue *self,
                                           const char  *label);
/* Takes the current job out when its worker has finished. */
gpointer      sl_work_queue_steal_current (SlWorkQueue *self);
/* Frees a finished job and, unless the queue was disposed meanwhile,
 * starts the next one. */
void          sl_work_queue_finish        (SlWorkQueue *self,
                                           gpointer     job);

G_END_DECLS
