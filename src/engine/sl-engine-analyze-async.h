/* sl-engine-analyze-async.h: analysing a still or footage in a worker
 * thread, with the footage's progress delivered to the caller's main
 * context.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine-search.h"

G_BEGIN_DECLS

/* sl_engine_analyze_full() in a worker thread with a database connection
 * of its own. progress (footage only; may be NULL) is called in the
 * thread-default main context of this call, at most every 100 ms and never
 * after callback; progress_destroy frees progress_data when the task is
 * done. sample_fps as SlAnalyzeOptions' (negative: the default). A
 * cancelled analysis stores nothing and fails with G_IO_ERROR_CANCELLED. */
void        sl_engine_analyze_full_async  (SlEngine               *self,
                                           SlSession              *session,
                                           const char             *case_number,
                                           gint64                  evidence_id,
                                           const char             *embedder_id,
                                           double                  sample_fps,
                                           SlFootageProgressFunc   progress,
                                           gpointer                progress_data,
                                           GDestroyNotify          progress_destroy,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
SlAnalysis *sl_engine_analyze_full_finish (SlEngine               *self,
                                           GAsyncResult           *result,
                                           GError                **error);

G_END_DECLS
