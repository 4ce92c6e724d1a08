/* sl-analysis-queue.h: analyses of the case page's evidence, one at a time
 * in a worker, with the progress of the current one (fraction, time left,
 * tracks so far) and a way to cancel (an SlWorkQueue: "busy", "fraction",
 * "label").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "app/sl-app-context.h"
#include "app/sl-evidence-item.h"
#include "app/sl-work-queue.h"

G_BEGIN_DECLS

#define SL_TYPE_ANALYSIS_QUEUE (sl_analysis_queue_get_type ())

G_DECLARE_FINAL_TYPE (SlAnalysisQueue, sl_analysis_queue, SL, ANALYSIS_QUEUE, SlWorkQueue)

SlAnalysisQueue *sl_analysis_queue_new          (SlAppContext    *context);
/* Queues the item unless it is queued or under analysis already; the item
 * shows its progress and, when done, its faces or tracks. The fraction is
 * -1 while unknown (a still). person_sought and facts (may be NULL) are
 * the footage justification the policy may ask for. */
void             sl_analysis_queue_add          (SlAnalysisQueue *self,
                                                 const char      *case_number,
                                                 SlEvidenceItem  *item,
                                                 const char      *person_sought,
                                                 const char      *facts);
/* Stops the analysis under way (it stores nothing) and drops those waiting. */
void             sl_analysis_queue_cancel       (SlAnalysisQueue *self);

G_END_DECLS
