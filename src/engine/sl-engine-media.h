/* sl-engine-media.h: small pictures of evidence for front ends: a still
 * scaled down, the first frame of footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* A JPEG of the evidence whose longer side is at most max_side pixels: a
 * still scaled down, footage its first frame. Needs SL_PERMISSION_CASE_READ (a
 * refusal is audited); a read, not audited itself. Safe to call from a
 * worker thread: it touches no database connection unless it refuses. */
GBytes *sl_engine_evidence_thumbnail        (SlEngine      *self,
                                             SlSession     *session,
                                             SlEvidence    *evidence,
                                             guint          max_side,
                                             GCancellable  *cancellable,
                                             GError       **error);
/* The same in a worker thread; evidence is copied. */
void    sl_engine_evidence_thumbnail_async  (SlEngine            *self,
                                             SlSession           *session,
                                             SlEvidence          *evidence,
                                             guint                max_side,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes *sl_engine_evidence_thumbnail_finish (SlEngine      *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* What analysis found in the evidence, read back (not audited; a refusal
 * is): the faces of a still (any model; -1 when none is stored, as for a
 * still not analysed), the tracks of footage analysed with the default
 * embedder at the default rate (-1 when it was not). The other count is
 * -1. On the calling thread's connection: the main thread's. */
gboolean sl_engine_evidence_findings        (SlEngine      *self,
                                             SlSession     *session,
                                             SlEvidence    *evidence,
                                             int           *n_faces,
                                             int           *n_tracks,
                                             gboolean      *partial,
                                             GError       **error);

G_END_DECLS
