/* sl-gallery-matrix.h: a gallery's embeddings loaded from the database into
 * the in-memory matcher, for exact 1:N search by subject.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct _SlGalleryMatrix SlGalleryMatrix;

/* One subject found: its best-scoring face and that face's exact score. */
typedef struct
{
  gint64 subject_id;
  gint64 face_id;
  float  score;
} SlGalleryHit;

/* Reads every enrolled face of the gallery in one read transaction. The
 * exact float32 rows a search re-ranks with are read back by face id
 * through a connection of the matrix's own, so the matrix does not keep a
 * float copy of the gallery. n_threads: how many threads share a search
 * (0: one per core). */
SlGalleryMatrix *sl_gallery_matrix_load        (SlStore          *store,
                                                gint64            gallery_id,
                                                guint             n_threads,
                                                GCancellable     *cancellable,
                                                GError          **error);
/* Reads the faces enrolled since the load (another desk's enrolment):
 * TRUE with *extended when the gallery only grew and the matrix now holds
 * it all; TRUE without *extended when something else changed and only a
 * new load is right (the matrix must not be used then). Searches running
 * meanwhile wait. */
gboolean         sl_gallery_matrix_extend      (SlGalleryMatrix  *self,
                                                SlStore          *store,
                                                GCancellable     *cancellable,
                                                gboolean         *extended,
                                                GError          **error);
SlGalleryMatrix *sl_gallery_matrix_ref         (SlGalleryMatrix  *self);
void             sl_gallery_matrix_unref       (SlGalleryMatrix  *self);

gint64           sl_gallery_matrix_get_gallery_id  (SlGalleryMatrix *self);
/* The gallery's generation when it was read: stale once it differs. */
gint64           sl_gallery_matrix_get_generation  (SlGalleryMatrix *self);
guint            sl_gallery_matrix_get_dim         (SlGalleryMatrix *self);
guint            sl_gallery_matrix_get_n_faces     (SlGalleryMatrix *self);
guint            sl_gallery_matrix_get_n_subjects  (SlGalleryMatrix *self);
const char      *sl_gallery_matrix_get_model_sha256 (SlGalleryMatrix *self);
/* Seconds the load took. */
double           sl_gallery_matrix_get_load_s      (SlGalleryMatrix *self);

/* The top_k subjects by their best face (at least `threshold`; -INFINITY
 * for any score), best first; an array of SlGalleryHit. Safe to call from
 * several threads at once. */
GArray          *sl_gallery_matrix_search      (SlGalleryMatrix  *self,
                                                const float      *probe,
                                                guint             top_k,
                                                float             threshold,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGalleryMatrix, sl_gallery_matrix_unref)

G_END_DECLS
