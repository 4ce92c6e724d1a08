/* sl-video-rotation.hpp: the turn a phone's rotation tag asks for, read and
 * applied in one place for both footage readers (sl-video.cpp through
 * OpenCV, sl-video-seek.cpp through FFmpeg's libraries), the way FFmpeg's
 * own player shows the clip. Only the C++ files of src/vision include this.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <opencv2/core.hpp>

struct AVStream;

/* The clockwise turn (0, 90, 180 or 270 degrees) a player gives the stored
 * frames of `stream`: from its display matrix (an MP4's track matrix), as
 * ffplay reads it, else from an old "rotate" tag. 0 for any other angle:
 * such frames are left as stored. */
int  sl_video_rotation_of_stream (const AVStream *stream);

/* The same for the first video stream of the file, the one OpenCV's
 * backend decodes; 0 when the file does not open as video within
 * `timeout_ms` (0: no limit); the caller's own open says why. */
int  sl_video_rotation_of_file   (const char     *path,
                                  gint64          timeout_ms);

/* Turns a decoded frame `degrees` clockwise, in place. */
void sl_video_rotate_frame       (cv::Mat        &frame,
                                  int             degrees);
