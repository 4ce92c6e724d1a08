/* sl-face-batch.h: many photos to embeddings at once, on every core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"

G_BEGIN_DECLS

typedef void (*SlProgressFunc) (guint    done,
                                guint    total,
                                gpointer user_data);

typedef struct
{
  guint     n;              /* photos */
  guint     dim;
  float    *embeddings;     /* n x dim; a row is valid where ok[i] */
  gboolean *ok;
  double   *detect_ms;
  double   *embed_ms;
  guint     no_face;        /* photos in which no face was found */
  guint     threads;
  double    wall_s;
} SlFaceBatch;

/* Embeds the picked face of each photo. A photo without a face is counted,
 * not an error; an unreadable photo fails the batch, naming it. Progress is
 * called from the calling thread. */
SlFaceBatch *sl_face_batch_run  (SlFaceAnalyser  *analyser,
                                 GPtrArray       *paths,
                                 SlFacePick       pick,
                                 guint            n_threads,
                                 SlProgressFunc   progress,
                                 gpointer         user_data,
                                 GCancellable    *cancellable,
                                 GError         **error);
void         sl_face_batch_free (SlFaceBatch     *batch);
const float *sl_face_batch_row  (SlFaceBatch     *batch,
                                 guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFaceBatch, sl_face_batch_free)

G_END_DECLS
