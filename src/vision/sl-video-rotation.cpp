/* sl-video-rotation.cpp: a phone clip's rotation tag, read with libavformat
 * and applied to decoded frames. OpenCV 4.6's backend turns a quarter-turn
 * tag the wrong way (its CAP_PROP_ORIENTATION_META is the negative of the
 * angle; opencv/opencv issue 22088, fixed after 4.6), so its own turning is
 * switched off and both readers turn frames here, as ffplay does
 * (fftools/cmdutils.c get_rotation: theta = -av_display_rotation_get (),
 * 90 is "transpose=clock").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-video"

#include "config.h"

#include <cmath>
#include <cstdlib>
#include <opencv2/core.hpp>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/display.h>
}

#include "vision/sl-video-rotation.hpp"

/* helpers */

/* 0, 90, 180 or 270 for a turn within a degree of one; else 0. */
static int
quarter_of (double degrees)
{
  double turn;

  if (!std::isfinite (degrees))
    return 0;
  turn = std::fmod (std::round (degrees), 360.0);
  if (turn < 0)
    turn += 360;
  for (int q = 0; q <= 360; q += 90)
    if (std::fabs (turn - q) < 1.0)
      return q % 360;
  return 0;
}

static int
on_interrupt (void *data)
{
  const gint64 *deadline = (const gint64 *) data;

  return g_get_monotonic_time () > *deadline;
}

/* public API */

int
sl_video_rotation_of_stream (const AVStream *stream)
{
  const uint8_t *matrix;
  size_t size = 0;
  const AVDictionaryEntry *tag;

  g_return_val_if_fail (stream != nullptr, 0);

  matrix = av_stream_get_side_data (stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (matrix != nullptr && size >= 9 * sizeof (int32_t))
    /* anticlockwise in the matrix, clockwise for the player */
    return quarter_of (-av_display_rotation_get ((const int32_t *) matrix));
  /* What libavformat exported before the display matrix, and what
   * FFmpeg's players read then: degrees clockwise. */
  tag = av_dict_get (stream->metadata, "rotate", nullptr, 0);
  if (tag != nullptr && tag->value != nullptr)
    {
      char *end = nullptr;
      double degrees = g_ascii_strtod (tag->value, &end);

      if (end != tag->value)
        return quarter_of (degrees);
    }
  return 0;
}

int
sl_video_rotation_of_file (const char *path,
                           gint64      timeout_ms)
{
  AVFormatContext *fmt = avformat_alloc_context ();
  gint64 deadline = timeout_ms > 0 ? g_get_monotonic_time () + timeout_ms * 1000 : G_MAXINT64;
  int rotation = 0;

  g_return_val_if_fail (path != nullptr, 0);

  if (fmt == nullptr)
    return 0;
  fmt->interrupt_callback.callback = on_interrupt;
  fmt->interrupt_callback.opaque = &deadline;
  /* avformat_open_input frees the context when it fails */
  if (avformat_open_input (&fmt, path, nullptr, nullptr) < 0)
    return 0;
  if (avformat_find_stream_info (fmt, nullptr) >= 0)
    for (unsigned i = 0; i < fmt->nb_streams; i++)
      if (fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
        {
          rotation = sl_video_rotation_of_stream (fmt->streams[i]);
          break;
        }
  avformat_close_input (&fmt);
  return rotation;
}

void
sl_video_rotate_frame (cv::Mat &frame,
                       int      degrees)
{
  switch (degrees)
    {
    case 90:
      cv::rotate (frame, frame, cv::ROTATE_90_CLOCKWISE);
      break;
    case 180:
      cv::rotate (frame, frame, cv::ROTATE_180);
      break;
    case 270:
      cv::rotate (frame, frame, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      break;
    }
}
