/* sl-engine-frames.h: pictures of evidence for a viewer: a still upright
 * and scaled for the screen, and the frame of footage shown at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-evidence.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* What a viewer draws: a JPEG at most max_side pixels on its longer side
 * (0: full size), and the size of the full upright picture its boxes are
 * measured in. */
typedef struct
{
  GBytes *jpeg;
  guint   width;           /* of the JPEG */
  guint   height;
  guint   full_width;      /* of the upright still or the footage frame */
  guint   full_height;
  gint64  time_ms;         /* footage: the time of the frame shown; -1 for a still */
} SlPicture;

void       sl_picture_free                 (SlPicture      *picture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPicture, sl_picture_free)

/* The frame of footage shown at time_ms (the last frame at or before it),
 * as a JPEG of at most max_side pixels (0: full size). The engine keeps the
 * decoder of the last footage read, so stepping forward decodes only the
 * frames in between; stepping back decodes from the start. Needs
 * SL_PERMISSION_CASE_READ (a refusal is audited on the engine's own
 * connection: call it from the thread that opened the engine, or use
 * sl_engine_picture_async). */
GBytes    *sl_engine_footage_frame         (SlEngine       *self,
                                            SlSession      *session,
                                            SlEvidence     *evidence,
                                            gint64          time_ms,
                                            guint           max_side,
                                            GCancellable   *cancellable,
                                            GError        **error);

/* The picture of a still (time_ms ignored) or a footage frame, decoded
 * upright (EXIF orientation applied, as the analysis does) in a worker
 * thread. The role is checked in the calling thread. */
void       sl_engine_picture_async         (SlEngine       *self,
                                            SlSession      *session,
                                            SlEvidence     *evidence,
                                            gint64          time_ms,
                                            guint           max_side,
                                            GCancellable   *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer        user_data);
SlPicture *sl_engine_picture_finish        (SlEngine       *self,
                                            GAsyncResult   *result,
                                            GError        **error);

G_END_DECLS
