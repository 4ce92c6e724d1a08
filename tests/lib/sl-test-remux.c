/* sl-test-remux.c: footage remuxed with a rotation tag, through libavformat
 * (no ffmpeg tool is needed, or installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <gio/gio.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <math.h>

#include "sl-test-remux.h"

/* helpers */

static gboolean
failed (GError     **error,
        int          code,
        const char  *doing,
        const char  *path)
{
  char text[AV_ERROR_MAX_STRING_SIZE] = { 0 };

  av_strerror (code, text, sizeof text);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot remux '%s': %s failed (%s)", path, doing, text);
  return FALSE;
}

static gboolean
tag_stream (AVStream           *st,
            int                 degrees,
            SlTestRotationTag   how)
{
  int32_t *matrix;

  if (how == SL_TEST_ROTATION_TAG)
    return av_dict_set_int (&st->metadata, "rotate", degrees, 0) >= 0;
  matrix = (int32_t *) av_stream_new_side_data (st, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof (int32_t));
  if (matrix == NULL)
    return FALSE;
  /* av_display_rotation_set takes the clockwise turn; ffplay turns by the
   * opposite of what av_display_rotation_get reads (fftools' get_rotation),
   * which is the anticlockwise turn: check that they agree. */
  av_display_rotation_set (matrix, degrees);
  g_assert_cmpint ((((int) -lround (av_display_rotation_get (matrix)) % 360) + 360) % 360, ==, degrees);
  return TRUE;
}

/* public API */

gboolean
sl_test_remux_rotated (const char         *src,
                       const char         *dest,
                       int                 degrees,
                       SlTestRotationTag   how,
                       GError            **error)
{
  AVFormatContext *in = NULL, *out = NULL;
  AVPacket *packet = av_packet_alloc ();
  AVStream *st = NULL;
  gboolean ok = FALSE;
  int video, r;

  g_return_val_if_fail (degrees % 90 == 0 && degrees >= 0 && degrees < 360, FALSE);

  if ((r = avformat_open_input (&in, src, NULL, NULL)) < 0 || (r = avformat_find_stream_info (in, NULL)) < 0)
    {
      failed (error, r, "opening", src);
      goto out;
    }
  if ((video = av_find_best_stream (in, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0)) < 0)
    {
      failed (error, video, "finding its video", src);
      goto out;
    }
  if ((r = avformat_alloc_output_context2 (&out, NULL, NULL, dest)) < 0)
    {
      failed (error, r, "choosing a container", dest);
      goto out;
    }
  if ((st = avformat_new_stream (out, NULL)) == NULL ||
      avcodec_parameters_copy (st->codecpar, in->streams[video]->codecpar) < 0 ||
      !tag_stream (st, degrees, how))
    {
      failed (error, AVERROR (ENOMEM), "making its stream", dest);
      goto out;
    }
  /* the new container picks its own tag for the codec */
  st->codecpar->codec_tag = 0;
  st->time_base = in->streams[video]->time_base;
  if ((r = avio_open (&out->pb, dest, AVIO_FLAG_WRITE)) < 0 || (r = avformat_write_header (out, NULL)) < 0)
    {
      failed (error, r, "writing its header", dest);
      goto out;
    }
  while (av_read_frame (in, packet) >= 0)
    {
      if (packet->stream_index != video)
        {
          av_packet_unref (packet);
          continue;
        }
      packet->stream_index = 0;
      av_packet_rescale_ts (packet, in->streams[video]->time_base, st->time_base);
      packet->pos = -1;
      if ((r = av_interleaved_write_frame (out, packet)) < 0)
        {
          failed (error, r, "writing a frame", dest);
          goto out;
        }
    }
  if ((r = av_write_trailer (out)) < 0)
    {
      failed (error, r, "finishing", dest);
      goto out;
    }
  ok = TRUE;

out:
  av_packet_free (&packet);
  avformat_close_input (&in);
  if (out != NULL)
    {
      if (out->pb != NULL)
        avio_closep (&out->pb);
      avformat_free_context (out);
    }
  return ok;
}
