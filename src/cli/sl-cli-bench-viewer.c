/* sl-cli-bench-viewer.c: `bench viewer VIDEO [--seeks N] [--play S]
 * [--seed N]`: seek latency and playback speed of the footage viewer, as
 * JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "bench/sl-viewer-bench.h"
#include "engine/sightline-engine.h"

/* public API */

int
sl_cli_bench_viewer (SlCliGlobals  *globals,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SlViewerBenchResult r;
  int seeks = 200, seed = 1;
  double play = 60;
  GOptionEntry entries[] = {
    { "seeks", 0, 0, G_OPTION_ARG_INT, &seeks, N_("Jumps to random times (default 200)"), N_("N") },
    { "play", 0, 0, G_OPTION_ARG_DOUBLE, &play, N_("Seconds of footage played (default 60)"), N_("S") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the random times (default 1)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "viewer VIDEO",
                     _("Seek latency (to random times) and playback speed of the footage viewer's decoder."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("bench viewer needs one VIDEO"));
  if (seeks < 1 || play <= 0)
    return sl_cli_usage_error (_("--seeks and --play must be positive"));

  if (!sl_viewer_bench (argv[1], (guint) seeks, play, (guint) seed, sl_cli_interrupt_cancellable (), &r, &error))
    return sl_cli_fail (globals, error);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "width", r.width);
  sl_cli_json_int (b, "height", r.height);
  sl_cli_json_double (b, "fps", r.fps);
  sl_cli_json_double (b, "duration_s", r.duration_s);
  sl_cli_json_string (b, "codec", r.codec);
  sl_cli_json_double (b, "open_ms", r.open_ms);
  sl_cli_json_int (b, "seeks", r.seeks);
  sl_cli_json_double (b, "seek_p50_ms", r.seek_p50_ms);
  sl_cli_json_double (b, "seek_p95_ms", r.seek_p95_ms);
  sl_cli_json_double (b, "seek_max_ms", r.seek_max_ms);
  sl_cli_json_double (b, "frames_per_seek_mean", r.frames_per_seek_mean);
  sl_cli_json_int (b, "frames_per_seek_max", r.frames_per_seek_max);
  sl_cli_json_int (b, "playback_frames", r.playback_frames);
  sl_cli_json_double (b, "playback_s", r.playback_s);
  sl_cli_json_double (b, "playback_fps", r.playback_fps);
  sl_cli_json_double (b, "playback_realtime", r.playback_realtime);
  json_builder_end_object (b);
  sl_cli_print_json (b);
  sl_viewer_bench_result_clear (&r);
  return SL_EXIT_OK;
}
