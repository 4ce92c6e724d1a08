/* sl-debug.c: the app's one debugging and timing hook (SIGHTLINE_DEBUG).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-debug"

#include "config.h"

#include "app/sl-debug.h"

static const GDebugKey debug_keys[] = {
  { "startup", SL_DEBUG_STARTUP },
  { "latency", SL_DEBUG_LATENCY },
  { "timing",  SL_DEBUG_TIMING },
};

static guint  latency_id;
static gint64 latency_last_us;
static gint64 latency_worst_us;

/* helpers */

static guint
debug_flags (void)
{
  static gsize once;
  static guint flags;

  if (g_once_init_enter (&once))
    {
      flags = g_parse_debug_string (g_getenv ("SIGHTLINE_DEBUG"), debug_keys, G_N_ELEMENTS (debug_keys));
      g_once_init_leave (&once, 1);
    }
  return flags;
}

/* callbacks */

static gboolean
latency_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (latency_last_us > 0)
    {
      gint64 gap = now - latency_last_us;

      if (gap > 100 * 1000)
        g_message ("Main-loop gap of %" G_GINT64_FORMAT " ms", gap / 1000);
      latency_worst_us = MAX (latency_worst_us, gap);
    }
  latency_last_us = now;
  return G_SOURCE_CONTINUE;
}

/* public API */

gboolean
sl_debug_enabled (SlDebugFlags flag)
{
  return (debug_flags () & flag) != 0;
}

void
sl_debug_timing (const char *what,
                 gint64      started_us,
                 guint       n_items)
{
  if (sl_debug_enabled (SL_DEBUG_TIMING))
    g_message ("%s in %.3f s (%u items)", what, (g_get_monotonic_time () - started_us) / 1e6, n_items);
}

void
sl_debug_latency_start (void)
{
  if (!sl_debug_enabled (SL_DEBUG_LATENCY) || latency_id != 0)
    return;
  latency_last_us = 0;
  latency_worst_us = 0;
  latency_id = g_timeout_add (10, latency_tick, NULL);
}

void
sl_debug_latency_stop (void)
{
  if (latency_id == 0)
    return;
  g_clear_handle_id (&latency_id, g_source_remove);
  g_message ("Worst main-loop gap: %" G_GINT64_FORMAT " ms", latency_worst_us / 1000);
}
