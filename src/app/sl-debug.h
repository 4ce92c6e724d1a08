/* sl-debug.h: the app's one debugging and timing hook. SIGHTLINE_DEBUG
 * names what to measure, comma-separated (as G_DEBUG does): "startup"
 * prints the time of the first drawn frame and quits (bench startup reads
 * it), "latency" watches the main loop for long gaps, "timing" logs how long
 * slow views took to become ready; "all" is everything.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_DEBUG_STARTUP = 1 << 0,
  SL_DEBUG_LATENCY = 1 << 1,
  SL_DEBUG_TIMING  = 1 << 2,
} SlDebugFlags;

gboolean sl_debug_enabled       (SlDebugFlags  flag);
/* With "timing": logs what took how long since started_us (monotonic). */
void     sl_debug_timing        (const char   *what,
                                 gint64        started_us,
                                 guint         n_items);
/* With "latency": a 10 ms tick on the default main context; each gap over
 * 100 ms is logged, and the worst one when the app quits. */
void     sl_debug_latency_start (void);
void     sl_debug_latency_stop  (void);

G_END_DECLS
