/* sl-vision-limits.h: the limits OpenCV's own image decoders enforce. OpenCV
 * reads them from the environment (OPENCV_IO_MAX_IMAGE_PIXELS, _WIDTH,
 * _HEIGHT) once, when libopencv_imgcodecs is loaded, before any code of ours
 * runs; so a process sets them by starting again with them in place.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a decoder may allocate for one still, whatever its header claimed to
 * our own probe: the default pixel limit, and no side longer than any format
 * we read can state. */
#define SL_DECODER_MAX_PIXELS ((guint64) 120 * 1000 * 1000)
#define SL_DECODER_MAX_SIDE   ((guint64) 65535)

/* TRUE when the environment this process started with holds our limits,
 * so that OpenCV's decoders enforce them. */
gboolean sl_vision_limits_in_effect (void);
/* Call first thing in main(): when the limits are not in effect, sets them
 * and executes the program again (/proc/self/exe, the same arguments).
 * Returns only when they are in effect, or, with a warning, when the
 * program cannot be started again (our own header checks still hold). */
void     sl_vision_limits_apply     (char **argv);

G_END_DECLS
