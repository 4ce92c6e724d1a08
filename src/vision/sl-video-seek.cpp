/* sl-video-seek.cpp: random access to the frames of footage through FFmpeg's
 * own libraries (the ones OpenCV's backend decodes with). OpenCV's
 * VideoCapture can seek too, but it decodes forward from the keyframe
 * inside itself, where nothing can count or bound it; here the keyframe
 * seek and every frame decoded after it are ours, and counted. Frames are
 * converted as OpenCV converts them (swscale to BGR) and turned by the
 * stream's rotation tag as the analysis' reader turns them (both through
 * sl-video-rotation.cpp, as FFmpeg's own player does), so a frame reached
 * by a seek is the frame the analysis saw, and its boxes fall on it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-video"

#include "config.h"

#include <cmath>
#include <glib/gi18n-lib.h>
#include <memory>
#include <opencv2/core.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include "vision/sl-video-rotation.hpp"
#include "vision/sl-video-seek.h"
#include "vision/sl-vision-private.hpp"

/* Up to this far ahead of the frame last returned, decoding forward costs
 * less than a seek (which lands on the keyframe before the time asked, and
 * a keyframe comes every one to ten seconds), whatever the index says. */
#define FORWARD_MAX_MS 2000
/* A seek that lands after the time asked (an index that is off, or none) is
 * tried again this much earlier, then twice as much, and so on. */
#define SEEK_BACK_MS   1000

struct _SlVideoSeeker
{
  AVFormatContext *fmt = nullptr;
  AVCodecContext  *dec = nullptr;
  AVPacket        *packet = nullptr;
  AVFrame         *shown = nullptr;   /* the frame last returned or passed */
  AVFrame         *ahead = nullptr;   /* decoded after it, not returned yet */
  SwsContext      *sws = nullptr;
  int              stream = -1;
  double           time_base = 0;     /* seconds per tick of pts */
  gint64           origin_pts = 0;    /* the first frame's */
  gint64           tick_per_frame = 1;
  gint64           last_pts = AV_NOPTS_VALUE;
  gint64           skip_before = AV_NOPTS_VALUE; /* pts before which no frame is shown */
  int              rotation = 0;      /* the turn given to frames, clockwise degrees */
  bool             have_shown = false;
  bool             have_ahead = false;
  bool             flushing = false;  /* the demuxer is done; the decoder drains */
  bool             drained = false;   /* and has given its last frame */
  gint64           frames_decoded = 0;
  gint64           seeks = 0;
  SlVideoInfo      info = {};
  char            *display = nullptr;

  ~_SlVideoSeeker ()
  {
    sws_freeContext (sws);
    av_frame_free (&shown);
    av_frame_free (&ahead);
    av_packet_free (&packet);
    avcodec_free_context (&dec);
    avformat_close_input (&fmt);
    sl_video_info_clear (&info);
    g_free (display);
  }
};

/* helpers */

static gboolean
av_failed (GError     **error,
           int          code,
           const char  *display,
           const char  *doing)
{
  char text[AV_ERROR_MAX_STRING_SIZE] = { 0 };

  av_strerror (code, text, sizeof text);
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
               "Cannot read video '%s': %s failed (%s)", display, doing, text);
  return FALSE;
}

static gint64
ms_of (SlVideoSeeker *self,
       const AVFrame *frame)
{
  return std::llround ((double) (frame->pts - self->origin_pts) * self->time_base * 1000);
}

/* A time (ms from the first frame) in ticks of pts, rounded down: a seek
 * must not land past the frame shown at that time. */
static gint64
to_pts (SlVideoSeeker *self,
        gint64         ms)
{
  return av_rescale_q_rnd (ms, AVRational { 1, 1000 }, self->fmt->streams[self->stream]->time_base,
                           AV_ROUND_DOWN);
}

/* Whether a seek is worth it on the way forward from `at` to time_ms: only
 * when the keyframe before time_ms comes after `at`, as far as the
 * container's index says. An index that does not reach that far yet (some
 * demuxers index as they read) says nothing: then the demuxer seeks. */
static bool
seek_pays (SlVideoSeeker *self,
           const AVFrame *at,
           gint64         time_ms)
{
  AVStream *st = self->fmt->streams[self->stream];
  gint64 ts = self->origin_pts + to_pts (self, time_ms);
  int n = avformat_index_get_entries_count (st);
  const AVIndexEntry *key;

  if (time_ms - ms_of (self, at) <= FORWARD_MAX_MS)
    return false;
  if (n == 0 || avformat_index_get_entry (st, n - 1)->timestamp < ts)
    return true;
  key = avformat_index_get_entry_from_timestamp (st, ts, AVSEEK_FLAG_BACKWARD);
  return key == nullptr || key->timestamp > at->pts;
}

static gint64
index_of (SlVideoSeeker *self,
          const AVFrame *frame)
{
  double s = (double) (frame->pts - self->origin_pts) * self->time_base;

  return self->info.fps > 0 ? std::llround (s * self->info.fps) : -1;
}

/* The decoder's next frame into `into`: 1, 0 at the end, -1 on an error. A
 * packet the decoder refuses as damaged is skipped, as players do. */
static int
decode_one (SlVideoSeeker  *self,
            AVFrame        *into,
            GError        **error)
{
  if (self->drained)
    return 0;
  for (;;)
    {
      int r = avcodec_receive_frame (self->dec, into);

      if (r == 0)
        {
          gint64 pts = into->best_effort_timestamp;

          /* a frame without a time follows the one before */
          if (pts == AV_NOPTS_VALUE)
            pts = self->last_pts != AV_NOPTS_VALUE ? self->last_pts + self->tick_per_frame : 0;
          into->pts = self->last_pts = pts;
          self->frames_decoded++;
          return 1;
        }
      if (r == AVERROR_EOF)
        {
          self->drained = true;
          return 0;
        }
      if (r != AVERROR (EAGAIN))
        {
          av_failed (error, r, self->display, "decoding");
          return -1;
        }
      if (self->flushing)
        {
          self->drained = true;
          return 0;
        }
      for (;;)
        {
          r = av_read_frame (self->fmt, self->packet);
          if (r < 0)
            {
              /* the end, or data the demuxer cannot read on from: drain */
              avcodec_send_packet (self->dec, nullptr);
              self->flushing = true;
              break;
            }
          if (self->packet->stream_index != self->stream)
            {
              av_packet_unref (self->packet);
              continue;
            }
          /* On the way from a keyframe to the frame asked, a frame no other
           * frame refers to need not be decoded at all (B-frames, most of
           * H.264's): half the work of a seek. */
          self->dec->skip_frame = self->skip_before != AV_NOPTS_VALUE && self->packet->pts != AV_NOPTS_VALUE &&
                                  self->packet->pts < self->skip_before
                                ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
          r = avcodec_send_packet (self->dec, self->packet);
          av_packet_unref (self->packet);
          if (r == 0 || r == AVERROR (EAGAIN))
            break;
          if (r != AVERROR_INVALIDDATA)
            {
              av_failed (error, r, self->display, "decoding");
              return -1;
            }
        }
    }
}

/* Makes sure a frame is ahead: 1, 0 at the end, -1 on an error. */
static int
pull (SlVideoSeeker  *self,
      GError        **error)
{
  int r;

  if (self->have_ahead)
    return 1;
  if ((r = decode_one (self, self->ahead, error)) == 1)
    self->have_ahead = true;
  return r;
}

static void
take_ahead (SlVideoSeeker *self)
{
  av_frame_unref (self->shown);
  av_frame_move_ref (self->shown, self->ahead);
  self->have_shown = true;
  self->have_ahead = false;
}

/* Seeks to the keyframe at or before time_ms and decodes its frame. */
static gboolean
seek_to (SlVideoSeeker  *self,
         gint64          time_ms,
         GError        **error)
{
  gint64 back = 0;

  for (;;)
    {
      gint64 target = MAX (time_ms - back, (gint64) 0);
      gint64 ts = self->origin_pts + to_pts (self, target);
      int r = av_seek_frame (self->fmt, self->stream, ts, AVSEEK_FLAG_BACKWARD);

      if (r < 0)
        return av_failed (error, r, self->display, "seeking");
      avcodec_flush_buffers (self->dec);
      self->seeks++;
      self->flushing = self->drained = false;
      self->have_shown = self->have_ahead = false;
      self->last_pts = AV_NOPTS_VALUE;
      if ((r = pull (self, error)) < 0)
        return FALSE;
      g_debug ("'%s': seek to %" G_GINT64_FORMAT " ms landed at %" G_GINT64_FORMAT " ms", self->display,
               target, r == 1 ? ms_of (self, self->ahead) : -1);
      if (target == 0 || (r == 1 && ms_of (self, self->ahead) <= time_ms))
        return TRUE;
      back = back > 0 ? back * 2 : SEEK_BACK_MS;
    }
}

static SlImage *
convert (SlVideoSeeker  *self,
         const AVFrame  *frame,
         GError        **error)
{
  SlImage *image;
  cv::Mat mat;
  uint8_t *planes[4] = { nullptr, nullptr, nullptr, nullptr };
  int strides[4] = { 0, 0, 0, 0 };

  /* as OpenCV's backend converts, so the pixels are the analysis' */
  self->sws = sws_getCachedContext (self->sws, frame->width, frame->height, (AVPixelFormat) frame->format,
                                    frame->width, frame->height, AV_PIX_FMT_BGR24, SWS_BICUBIC,
                                    nullptr, nullptr, nullptr);
  if (self->sws == nullptr || frame->width <= 0 || frame->height <= 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                   "Cannot read video '%s': its frames (%dx%d, %s) do not convert to colour pictures",
                   self->display, frame->width, frame->height,
                   av_get_pix_fmt_name ((AVPixelFormat) frame->format) != nullptr
                   ? av_get_pix_fmt_name ((AVPixelFormat) frame->format) : "unknown pixels");
      return NULL;
    }
  mat.create (frame->height, frame->width, CV_8UC3);
  planes[0] = mat.data;
  strides[0] = (int) mat.step;
  sws_scale (self->sws, frame->data, frame->linesize, 0, frame->height, planes, strides);
  sl_video_rotate_frame (mat, self->rotation);
  image = new SlImage ();
  image->mat = mat;
  image->format = SL_IMAGE_FORMAT_UNKNOWN;
  return image;
}

static SlImage *
return_shown (SlVideoSeeker  *self,
              gint64         *frame_ms,
              gint64         *frame_index,
              GError        **error)
{
  if (frame_ms != NULL)
    *frame_ms = ms_of (self, self->shown);
  if (frame_index != NULL)
    *frame_index = index_of (self, self->shown);
  return convert (self, self->shown, error);
}

static gboolean
open_stream (SlVideoSeeker  *self,
             const char     *path,
             guint64         max_pixels,
             GError        **error)
{
  const AVCodec *codec = nullptr;
  AVStream *st;
  AVRational rate;

  if (avformat_open_input (&self->fmt, path, nullptr, nullptr) < 0 ||
      avformat_find_stream_info (self->fmt, nullptr) < 0 ||
      (self->stream = av_find_best_stream (self->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0)) < 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO,
                   "Cannot read video '%s': not a video the decoder understands", self->display);
      return FALSE;
    }
  st = self->fmt->streams[self->stream];
  if ((guint64) st->codecpar->width * (guint64) st->codecpar->height > max_pixels)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
                   _("Cannot read video '%s': its frames are %dx%d, %.1f megapixels, over the limit of %.1f; "
                     "refused as too costly to decode"),
                   self->display, st->codecpar->width, st->codecpar->height,
                   (double) st->codecpar->width * st->codecpar->height / 1e6, (double) max_pixels / 1e6);
      return FALSE;
    }
  if (!(self->dec = avcodec_alloc_context3 (codec)))
    throw std::bad_alloc ();
  /* a thread a core: a seek into a long keyframe interval decodes many */
  self->dec->thread_count = 0;
  if (avcodec_parameters_to_context (self->dec, st->codecpar) < 0 ||
      avcodec_open2 (self->dec, codec, nullptr) < 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO,
                   "Cannot read video '%s': no decoder for its %s video", self->display,
                   avcodec_get_name (st->codecpar->codec_id));
      return FALSE;
    }
  self->time_base = av_q2d (st->time_base);
  rate = av_guess_frame_rate (self->fmt, st, nullptr);
  self->info.fps = rate.num > 0 && rate.den > 0 ? av_q2d (rate) : 0;
  if (!std::isfinite (self->info.fps) || self->info.fps > 1000)
    self->info.fps = 0;
  self->tick_per_frame = self->info.fps > 0 ? MAX ((gint64) std::llround (1 / self->info.fps / self->time_base), (gint64) 1) : 1;
  self->rotation = sl_video_rotation_of_stream (st);
  self->info.width = (guint) (self->rotation % 180 == 0 ? st->codecpar->width : st->codecpar->height);
  self->info.height = (guint) (self->rotation % 180 == 0 ? st->codecpar->height : st->codecpar->width);
  if (st->nb_frames > 0)
    self->info.frame_count = st->nb_frames;
  else if (st->duration != AV_NOPTS_VALUE && self->info.fps > 0)
    self->info.frame_count = std::llround (st->duration * self->time_base * self->info.fps);
  else
    self->info.frame_count = -1;
  self->info.duration_s = self->info.fps > 0 && self->info.frame_count > 0
                        ? self->info.frame_count / self->info.fps : 0;
  self->info.codec = g_strdup (avcodec_get_name (st->codecpar->codec_id));
  return TRUE;
}

/* public API */

SlVideoSeeker *
sl_video_seeker_new (const char  *path,
                     guint64      max_pixels,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return sl_vision_guard<SlVideoSeeker *> (error, "Cannot read video", NULL, [&] () -> SlVideoSeeker * {
    std::unique_ptr<SlVideoSeeker> self (new SlVideoSeeker ());
    int r;

    self->display = g_filename_display_name (path);
    if (!open_stream (self.get (), path, max_pixels > 0 ? max_pixels : SL_VIDEO_DEFAULT_MAX_PIXELS, error))
      return NULL;
    if (!(self->packet = av_packet_alloc ()) || !(self->shown = av_frame_alloc ()) ||
        !(self->ahead = av_frame_alloc ()))
      throw std::bad_alloc ();
    if ((r = pull (self.get (), error)) < 0)
      return NULL;
    if (r == 0)
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                     "Cannot read video '%s': not a single frame decodes", self->display);
        return NULL;
      }
    self->origin_pts = self->ahead->pts;
    return self.release ();
  });
}

const SlVideoInfo *
sl_video_seeker_get_info (SlVideoSeeker *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->info;
}

SlImage *
sl_video_seeker_frame_at (SlVideoSeeker  *self,
                          gint64          time_ms,
                          gint64         *frame_ms,
                          gint64         *frame_index,
                          GError        **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  time_ms = MAX (time_ms, (gint64) 0);
  return sl_vision_guard<SlImage *> (error, "Cannot read video", NULL, [&] () -> SlImage * {
    const AVFrame *at = self->have_shown ? self->shown : self->have_ahead ? self->ahead : nullptr;
    gint64 at_ms = at != nullptr ? ms_of (self, at) : -1;

    /* two frames' margin: the frame shown at time_ms, and the one after,
     * always decode, whatever their pts say */
    self->skip_before = self->origin_pts + to_pts (self, time_ms) - 2 * self->tick_per_frame;
    if (at == nullptr || time_ms < at_ms || seek_pays (self, at, time_ms))
      if (!seek_to (self, time_ms, error))
        {
          self->skip_before = AV_NOPTS_VALUE;
          return NULL;
        }
    for (;;)
      {
        int r = pull (self, error);

        if (r < 0)
          {
            self->skip_before = AV_NOPTS_VALUE;
            return NULL;
          }
        /* past the end: the last frame */
        if (r == 0)
          break;
        if (ms_of (self, self->ahead) > time_ms)
          {
            /* a stream starting late: its first frame */
            if (!self->have_shown)
              take_ahead (self);
            break;
          }
        take_ahead (self);
      }
    self->skip_before = AV_NOPTS_VALUE;
    if (!self->have_shown)
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                     "Cannot read video '%s': no frame decodes near %" G_GINT64_FORMAT " ms",
                     self->display, time_ms);
        return NULL;
      }
    return return_shown (self, frame_ms, frame_index, error);
  });
}

SlImage *
sl_video_seeker_next (SlVideoSeeker  *self,
                      gint64         *frame_ms,
                      gint64         *frame_index,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sl_vision_guard<SlImage *> (error, "Cannot read video", NULL, [&] () -> SlImage * {
    if (pull (self, error) <= 0)
      return NULL;
    take_ahead (self);
    return return_shown (self, frame_ms, frame_index, error);
  });
}

gint64
sl_video_seeker_get_frames_decoded (SlVideoSeeker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->frames_decoded;
}

gint64
sl_video_seeker_get_seeks (SlVideoSeeker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->seeks;
}

void
sl_video_seeker_free (SlVideoSeeker *self)
{
  delete self;
}
