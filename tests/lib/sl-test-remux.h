/* sl-test-remux.h: a phone's rotation tag put on real footage the way
 * FFmpeg's muxers write it: the frames copied packet for packet into a new
 * file through libavformat, the stream tagged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_TEST_ROTATION_DISPLAY_MATRIX, /* the stream's display matrix (an MP4's track matrix) */
  SL_TEST_ROTATION_TAG,            /* the old "rotate" metadata tag only */
} SlTestRotationTag;

/* Copies the video stream of `src` into `dest` (the container follows its
 * extension), tagged so that FFmpeg's player turns the stored frames
 * `degrees` (0, 90, 180 or 270) clockwise to show them. */
gboolean sl_test_remux_rotated (const char         *src,
                                const char         *dest,
                                int                 degrees,
                                SlTestRotationTag   how,
                                GError            **error);

G_END_DECLS
