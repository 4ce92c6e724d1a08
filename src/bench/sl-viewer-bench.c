/* sl-viewer-bench.c: `bench viewer`: seek latency and playback speed of the
 * footage viewer's seeking reader, counted in frames as well as timed, so a
 * jump that decodes from the start shows as such whatever the machine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-bench"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/sl-viewer-bench.h"
#include "vision/sl-video-seek.h"

/* helpers */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The q-th quantile of sorted values, nearest rank. */
static double
quantile (const GArray *sorted,
          double        q)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) ceil (q * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

/* public API */

void
sl_viewer_bench_result_clear (SlViewerBenchResult *result)
{
  g_clear_pointer (&result->codec, g_free);
}

gboolean
sl_viewer_bench (const char          *path,
                 guint                seeks,
                 double               play_s,
                 guint                seed,
                 GCancellable        *cancellable,
                 SlViewerBenchResult *result,
                 GError             **error)
{
  g_autoptr(SlVideoSeeker) seeker = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  const SlVideoInfo *info;
  gint64 start, duration_ms, decoded = 0;

  g_return_val_if_fail (path != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  start = g_get_monotonic_time ();
  if (!(seeker = sl_video_seeker_new (path, 0, error)))
    return FALSE;
  result->open_ms = (g_get_monotonic_time () - start) / 1000.0;
  info = sl_video_seeker_get_info (seeker);
  result->width = info->width;
  result->height = info->height;
  result->fps = info->fps;
  result->duration_s = info->duration_s;
  result->codec = g_strdup (info->codec);
  duration_ms = (gint64) (info->duration_s * 1000);
  if (duration_ms <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cannot measure '%s': its container states no length to jump within", path);
      return FALSE;
    }

  for (guint i = 0; i < seeks; i++)
    {
      gint64 at = (gint64) g_rand_double_range (rand, 0, (double) duration_ms);
      gint64 before = sl_video_seeker_get_frames_decoded (seeker), n;
      SlImage *frame;
      double ms;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      start = g_get_monotonic_time ();
      if (!(frame = sl_video_seeker_frame_at (seeker, at, NULL, NULL, error)))
        return FALSE;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      sl_image_free (frame);
      g_array_append_val (times, ms);
      n = sl_video_seeker_get_frames_decoded (seeker) - before;
      decoded += n;
      result->frames_per_seek_max = MAX (result->frames_per_seek_max, n);
    }
  g_array_sort (times, compare_doubles);
  result->seeks = seeks;
  result->seek_p50_ms = quantile (times, 0.5);
  result->seek_p95_ms = quantile (times, 0.95);
  result->seek_max_ms = quantile (times, 1.0);
  result->frames_per_seek_mean = seeks > 0 ? (double) decoded / seeks : 0;

  /* playback: a jump to a random time, then every frame from there */
  {
    gint64 at = (gint64) g_rand_double_range (rand, 0, MAX ((double) duration_ms - play_s * 1000, 1));
    gint64 until_ms = at + (gint64) (play_s * 1000), frame_ms = at;
    SlImage *frame;

    if (!(frame = sl_video_seeker_frame_at (seeker, at, NULL, NULL, error)))
      return FALSE;
    sl_image_free (frame);
    start = g_get_monotonic_time ();
    while (frame_ms < until_ms)
      {
        GError *local_error = NULL;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        if (!(frame = sl_video_seeker_next (seeker, &frame_ms, NULL, &local_error)))
          {
            if (local_error != NULL)
              {
                g_propagate_error (error, local_error);
                return FALSE;
              }
            break;
          }
        sl_image_free (frame);
        result->playback_frames++;
      }
    result->playback_s = (g_get_monotonic_time () - start) / 1e6;
    result->playback_fps = result->playback_s > 0 ? result->playback_frames / result->playback_s : 0;
    result->playback_realtime = info->fps > 0 ? result->playback_fps / info->fps : 0;
  }
  return TRUE;
}
