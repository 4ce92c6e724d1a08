/* sl-embedder.h: aligned face crops and their embeddings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-face.h"
#include "vision/sl-image.h"
#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

typedef struct _SlEmbedder SlEmbedder;

/* Loads the embedder after checking the model file's SHA-256. Safe to use
 * from several threads at once. `align_template` is 5 x,y points. */
SlEmbedder        *sl_embedder_new        (const SlModelInfo  *info,
                                           const char         *model_dir,
                                           const double       *align_template,
                                           GError            **error);
const SlModelInfo *sl_embedder_get_model  (SlEmbedder         *self);
guint              sl_embedder_get_dim    (SlEmbedder         *self);
/* Writes sl_embedder_get_dim() floats, L2-normalised, to `out`. */
gboolean           sl_embedder_embed      (SlEmbedder         *self,
                                           const SlImage      *image,
                                           const SlFace       *face,
                                           float              *out,
                                           GError            **error);
/* The aligned crop the embedder sees (input-width x input-height, BGR). */
SlImage           *sl_embedder_align      (SlEmbedder         *self,
                                           const SlImage      *image,
                                           const SlFace       *face,
                                           GError            **error);
void               sl_embedder_free       (SlEmbedder         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEmbedder, sl_embedder_free)

G_END_DECLS
