/* sl-media-time.h: a position in footage written as a person reads it,
 * shared by the decoder's messages, the engine and the front ends.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1:02:03.4" or "2:03.4", to the nearest tenth of a second. */
char *sl_media_time_format (gint64 ms);

G_END_DECLS
