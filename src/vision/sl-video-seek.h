/* sl-video-seek.h: random access to the frames of footage, for a viewer:
 * the frame shown at any time, reached by seeking to the keyframe before it
 * and decoding forward from there, never from the start.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-image.h"
#include "vision/sl-video.h"

G_BEGIN_DECLS

/* Not thread-safe: one seeker, one thread at a time. Times are ms from the
 * first frame, as sl_video_reader_next gives them; frame indices count from
 * 0 at the first frame. */
typedef struct _SlVideoSeeker SlVideoSeeker;

/* Opens the file and decodes its first frame. Fails, naming the file, when
 * it is not video the decoder understands, or its frames are over
 * max_pixels (0: SL_VIDEO_DEFAULT_MAX_PIXELS). Decoding has no time limit
 * here (footage reaches a viewer after import decoded its end and the
 * analysis all of it, within SlVideoLimits); a packet the decoder refuses
 * as damaged is skipped, as players do. */
SlVideoSeeker     *sl_video_seeker_new                (const char     *path,
                                                       guint64         max_pixels,
                                                       GError        **error);
const SlVideoInfo *sl_video_seeker_get_info           (SlVideoSeeker  *self);
/* The frame shown at time_ms: the last frame at or before it (the last
 * frame of all past the end), 8-bit BGR and upright, with its time and
 * index. Close ahead of the frame last returned it decodes forward; else
 * it seeks to the keyframe before time_ms and decodes from there. */
SlImage           *sl_video_seeker_frame_at           (SlVideoSeeker  *self,
                                                       gint64          time_ms,
                                                       gint64         *frame_ms,
                                                       gint64         *frame_index,
                                                       GError        **error);
/* The frame after the one last returned, for playback; NULL without an
 * error at the end. */
SlImage           *sl_video_seeker_next               (SlVideoSeeker  *self,
                                                       gint64         *frame_ms,
                                                       gint64         *frame_index,
                                                       GError        **error);
/* Frames the decoder has produced since the seeker was opened, and seeks
 * made: what a jump costs, counted rather than timed. */
gint64             sl_video_seeker_get_frames_decoded (SlVideoSeeker  *self);
gint64             sl_video_seeker_get_seeks          (SlVideoSeeker  *self);
void               sl_video_seeker_free               (SlVideoSeeker  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlVideoSeeker, sl_video_seeker_free)

G_END_DECLS
