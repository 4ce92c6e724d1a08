/* sl-import-queue.h: evidence imports of the case page, one at a time in a
 * worker, with the progress of the current one and a way to cancel (an
 * SlWorkQueue: "busy", "fraction", "label").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "app/sl-app-context.h"
#include "app/sl-work-queue.h"

G_BEGIN_DECLS

#define SL_TYPE_IMPORT_QUEUE (sl_import_queue_get_type ())

G_DECLARE_FINAL_TYPE (SlImportQueue, sl_import_queue, SL, IMPORT_QUEUE, SlWorkQueue)

SlImportQueue *sl_import_queue_new          (SlAppContext  *context);
/* source: a local path in the file system's encoding, or a URL. Errors are
 * toasts naming the file and the reason; an import done emits "imported"
 * with the SlEvidence and whether it was already in the case. The label
 * reads "Importing 'a.jpg' (2 of 5)…"; the fraction is -1 while the
 * file's size is unknown. */
void           sl_import_queue_add          (SlImportQueue *self,
                                             const char    *case_number,
                                             const char    *source);
/* Stops the import under way and drops those waiting. */
void           sl_import_queue_cancel       (SlImportQueue *self);

/* The name of a source as a person reads it: a local file's name, or the URL. */
char          *sl_import_source_display     (const char    *source);

G_END_DECLS
