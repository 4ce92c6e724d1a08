/* sl-viewer-bench.h: `bench viewer`: what the footage viewer costs on a
 * footage file: random jumps (seek latency, and the frames each decodes)
 * and sustained playback (frames decoded and converted a second).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint   width;
  guint   height;
  double  fps;
  double  duration_s;
  char   *codec;
  double  open_ms;               /* opening the file and decoding its first frame */
  guint   seeks;
  double  seek_p50_ms;           /* one jump to a random time: the frame there, upright BGR */
  double  seek_p95_ms;
  double  seek_max_ms;
  double  frames_per_seek_mean;  /* frames the decoder produced for one jump */
  gint64  frames_per_seek_max;
  gint64  playback_frames;       /* played from a random time, every frame */
  double  playback_s;
  double  playback_fps;
  double  playback_realtime;     /* playback_fps over the footage's rate */
} SlViewerBenchResult;

void     sl_viewer_bench_result_clear (SlViewerBenchResult *result);

/* Opens the footage with the viewer's seeking reader, jumps to `seeks`
 * random times (seeded) and then plays `play_s` seconds of footage from a
 * random time, as fast as it decodes. */
gboolean sl_viewer_bench              (const char          *path,
                                       guint                seeks,
                                       double               play_s,
                                       guint                seed,
                                       GCancellable        *cancellable,
                                       SlViewerBenchResult *result,
                                       GError             **error);

G_END_DECLS
