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
  gint64  frame_index;     /* footage: its index among all frames; -1 for a still */
  GBytes *pixels;          /* sl_engine_footage_frame_async: 8-bit BGR rows of */
  gsize   stride;          /* `stride` bytes, instead of the JPEG */
} SlPicture;

void       sl_picture_free                 (SlPicture      *picture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPicture, sl_picture_free)

/* The frame of footage shown at time_ms (the last frame at or before it),
 * as a JPEG of at most max_side pixels (0: full size). The engine keeps the
 * decoder of the last footage read where it stands, so stepping forward
 * decodes only the frames in between; a jump back, or far ahead, seeks to
 * the keyframe before the time and decodes from there. Needs
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
/* The frame of footage shown at time_ms, for playback and stepping: its
 * pixels as they are (no JPEG to encode and decode at 25 frames a second),
 * its time and its index, decoded in a worker thread as
 * sl_engine_footage_frame decodes. Finish with sl_engine_picture_finish. */
void       sl_engine_footage_frame_async   (SlEngine       *self,
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
