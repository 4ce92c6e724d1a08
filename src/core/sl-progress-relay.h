/* sl-progress-relay.h: carries a worker thread's progress to the main
 * context of whoever started the task, throttled, and never after the task
 * has reported its result.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef void (*SlRelayFunc) (guint64  done,
                             guint64  total,
                             gpointer user_data);

typedef struct _SlProgressRelay SlProgressRelay;

/* Made in the thread that starts `task`: its thread-default main context
 * receives the calls. `task` is not owned; `func` may be NULL. */
SlProgressRelay *sl_progress_relay_new  (GTask           *task,
                                         SlRelayFunc      func,
                                         gpointer         user_data,
                                         guint            interval_ms);
/* From the worker: at most one call per interval, and always the last. */
void             sl_progress_relay_post (SlProgressRelay *relay,
                                         guint64          done,
                                         guint64          total);
void             sl_progress_relay_free (SlProgressRelay *relay);

G_END_DECLS
