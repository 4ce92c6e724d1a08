/* sl-video.cpp: footage files, read and written through OpenCV's FFmpeg
 * backend; scene signatures for cut detection.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-video"

#include "config.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "vision/sl-video.h"
#include "core/sl-media-time.h"
#include "vision/sl-video-rotation.hpp"
#include "vision/sl-vision-private.hpp"

/* The container's frame count may be off by a frame or two (edit lists,
 * B-frame delay); a stream that ends more than this short of it was cut. */
#define EARLY_END_MIN_FRAMES 2
/* Layout correlation from which a scene change counts as a change of light. */
#define LAYOUT_SAME          0.5

struct _SlVideoReader
{
  cv::VideoCapture cap;
  char            *display;
  SlVideoInfo      info;
  double           sample_interval_ms;  /* 0: every frame */
  double           frame_interval_ms;   /* 0 when the rate is unknown */
  double           next_due_ms;
  double           first_ms;
  double           last_ms;             /* time of the last decoded frame */
  gint64           frame_index;         /* index of the last decoded frame */
  gint64           frames_decoded;
  double           gap_from_ms;         /* the longest jump in time seen */
  double           gap_to_ms;
  cv::Mat          pending;             /* the first frame, decoded at open */
  int              rotation;            /* clockwise turn given to frames */
  bool             finished;
  SlVideoLimits    limits;
  gint64           decode_us;           /* time spent decoding so far */

  ~_SlVideoReader ()
  {
    sl_video_info_clear (&info);
    g_free (display);
  }
};

struct _SlVideoWriter
{
  cv::VideoWriter writer;
  char           *display;
  char           *path;
  guint           width;
  guint           height;
  gint64          frames;
  bool            closed;

  ~_SlVideoWriter ()
  {
    g_free (display);
    g_free (path);
  }
};

/* helpers */

static char *
fourcc_string (double value)
{
  int code = (int) value;
  char s[5];

  for (int i = 0; i < 4; i++)
    {
      char c = (char) ((code >> (8 * i)) & 0xff);
      s[i] = g_ascii_isprint (c) ? c : '?';
    }
  s[4] = '\0';
  return g_strdup (g_strstrip (s));
}

/* Refuses what is not a readable, non-empty regular file. */
static gboolean
check_file (const char  *path,
            const char  *display,
            goffset     *size,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot read video '%s': %s", display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   "Cannot read video '%s': not a regular file", display);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY,
                   "Cannot read video '%s': the file is empty (0 bytes)", display);
      return FALSE;
    }
  *size = st.st_size;
  return TRUE;
}

static guint64
read_be (const guint8 *p,
         int           n)
{
  guint64 v = 0;
  for (int i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

/* An MP4 or MOV file whose index ('moov' box) never made it to disk: a
 * recording cut short, or a copy that stopped early. FFmpeg cannot open such
 * a file at all, so say why instead of "not a video". */
static bool
mp4_index_missing (const char *path,
                   goffset     size)
{
  FILE *fp = g_fopen (path, "rb");
  guint8 head[16];
  goffset off = 0;
  bool is_mp4 = false, has_moov = false;

  if (fp == NULL)
    return false;
  while (off + 8 <= size)
    {
      guint64 box_size;

      if (fseeko (fp, off, SEEK_SET) != 0 || fread (head, 1, 16, fp) < 8)
        break;
      if (off == 0)
        is_mp4 = memcmp (head + 4, "ftyp", 4) == 0;
      if (!is_mp4)
        break;
      if (memcmp (head + 4, "moov", 4) == 0)
        has_moov = true;
      box_size = read_be (head, 4);
      if (box_size == 1)
        box_size = read_be (head + 8, 8);
      else if (box_size == 0)
        box_size = (guint64) (size - off);
      if (box_size < 8)
        break;
      off += (goffset) box_size;
    }
  fclose (fp);
  return is_mp4 && !has_moov;
}

static void
fill_info (cv::VideoCapture &cap,
           const cv::Mat    &first,
           SlVideoInfo      *info)
{
  info->width = (guint) first.cols;
  info->height = (guint) first.rows;
  info->fps = cap.get (cv::CAP_PROP_FPS);
  if (!std::isfinite (info->fps) || info->fps <= 0 || info->fps > 1000)
    info->fps = 0;
  double count = cap.get (cv::CAP_PROP_FRAME_COUNT);
  info->frame_count = std::isfinite (count) && count > 0 ? (gint64) count : -1;
  info->duration_s = info->fps > 0 && info->frame_count > 0 ? info->frame_count / info->fps : 0;
  info->codec = fourcc_string (cap.get (cv::CAP_PROP_FOURCC));
}

static gboolean
too_costly (const char  *display,
            const char  *what,
            GError     **error)
{
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
               _("Cannot read video '%s': %s; refused as too costly to decode"), display, what);
  return FALSE;
}

/* Opens `path` and decodes its first frame into `first`, upright, within
 * `limits`; `rotation` is the turn given to it, for the frames after. */
static gboolean
open_capture (cv::VideoCapture    &cap,
              const char          *path,
              const char          *display,
              const SlVideoLimits *limits,
              cv::Mat             &first,
              int                 *rotation,
              GError             **error)
{
  goffset size = 0;
  std::vector<int> params;
  double w, h;

  if (!check_file (path, display, &size, error))
    return FALSE;
  /* FFmpeg's own interrupt, for a file that keeps the demuxer busy. */
  if (limits->frame_ms > 0)
    params = { cv::CAP_PROP_OPEN_TIMEOUT_MSEC, (int) MIN (limits->frame_ms * 3, G_MAXINT),
               cv::CAP_PROP_READ_TIMEOUT_MSEC, (int) MIN (limits->frame_ms, G_MAXINT) };
  /* The frame size is known from the stream's header before anything is
   * decoded. */
  if (cap.open (path, cv::CAP_FFMPEG, params) &&
      (w = cap.get (cv::CAP_PROP_FRAME_WIDTH), h = cap.get (cv::CAP_PROP_FRAME_HEIGHT),
       limits->max_pixels > 0 && w * h > (double) limits->max_pixels))
    {
      g_autofree char *what = g_strdup_printf (_("its frames are %.0fx%.0f, %.1f megapixels, over the limit of %.1f"),
                                               w, h, w * h / 1e6, (double) limits->max_pixels / 1e6);
      return too_costly (display, what, error);
    }
  /* A phone's rotation tag is applied here, not by the backend, which
   * turns quarter turns the wrong way in OpenCV 4.6 (sl-video-rotation.cpp). */
  if (cap.isOpened () && !cap.set (cv::CAP_PROP_ORIENTATION_AUTO, 0))
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "Cannot read video '%s': OpenCV's FFmpeg backend does not let its own turning of "
                   "rotated footage be switched off", display);
      return FALSE;
    }
  if (!cap.isOpened () || !cap.read (first) || first.empty ())
    {
      if (mp4_index_missing (path, size))
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
                     "Cannot read video '%s': its index ('moov') is missing, so no frame can be "
                     "found (the file was cut short, or its recording never finished)", display);
      else
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO,
                     "Cannot read video '%s': not a video the decoder understands", display);
      return FALSE;
    }
  /* The first frame, too, against what the header said. */
  if (limits->max_pixels > 0 && (guint64) first.cols * first.rows > limits->max_pixels)
    {
      g_autofree char *what = g_strdup_printf (_("its frames are %dx%d, %.1f megapixels, over the limit of %.1f"),
                                               first.cols, first.rows, (double) first.total () / 1e6,
                                               (double) limits->max_pixels / 1e6);
      return too_costly (display, what, error);
    }
  *rotation = sl_video_rotation_of_file (path, limits->frame_ms > 0 ? limits->frame_ms * 3 : 0);
  sl_video_rotate_frame (first, *rotation);
  return TRUE;
}

/* Adds the time since `since` to what decoding has cost, and stops the
 * reader when it is over a limit. */
static bool
within_time (SlVideoReader  *self,
             gint64          since,
             gint64          frame_number,
             GError        **error)
{
  gint64 took = g_get_monotonic_time () - since;
  const SlVideoLimits *l = &self->limits;
  double reached_s = std::max (0.0, (self->last_ms - self->first_ms) / 1000);
  g_autofree char *what = NULL;

  self->decode_us += took;
  if (l->frame_ms > 0 && took > l->frame_ms * 1000)
    what = g_strdup_printf (_("frame %lld took %.1f s to decode, over the limit of %.1f s"),
                            (long long) frame_number, took / 1e6, l->frame_ms / 1e3);
  else if (l->budget_ms > 0 &&
           self->decode_us > (l->budget_ms + (gint64) (l->budget_per_s * reached_s)) * 1000)
    what = g_strdup_printf (_("decoding took %.1f s by %.1f s of footage, over the limit of %.1f s"),
                            self->decode_us / 1e6, reached_s,
                            (l->budget_ms + l->budget_per_s * reached_s) / 1e3);
  if (what == NULL)
    return true;
  self->finished = true;
  too_costly (self->display, what, error);
  return false;
}

/* The time of the frame just decoded: the stream's own timestamp, or one
 * frame on from the last when the stream has none or it goes backwards. */
static double
frame_time (SlVideoReader *self)
{
  double t = self->cap.get (cv::CAP_PROP_POS_MSEC);

  if (self->frame_index == 0)
    return std::isfinite (t) && t >= 0 ? t : 0;
  if (std::isfinite (t) && t > self->last_ms)
    {
      /* Damaged data the demuxer skipped shows as a jump. */
      if (self->frame_interval_ms > 0 && t - self->last_ms > 1.5 * self->frame_interval_ms &&
          t - self->last_ms > self->gap_to_ms - self->gap_from_ms)
        {
          self->gap_from_ms = self->last_ms;
          self->gap_to_ms = t;
        }
      return t;
    }
  return self->last_ms + (self->frame_interval_ms > 0 ? self->frame_interval_ms : 1);
}

static bool
is_due (SlVideoReader *self,
        double         t)
{
  /* Half a frame of slack, so that timestamps rounded to the millisecond
   * keep a 25 fps stream sampled at 5 Hz on every fifth frame. */
  double slack = self->frame_interval_ms > 0 ? self->frame_interval_ms / 2 : 1;

  if (self->sample_interval_ms <= 0)
    return true;
  if (t + slack < self->next_due_ms)
    return false;
  /* After a gap, resume on the grid rather than catch up. */
  while (self->next_due_ms <= t + slack)
    self->next_due_ms += self->sample_interval_ms;
  return true;
}

static SlImage *
wrap_frame (cv::Mat mat)
{
  SlImage *image = new SlImage ();
  image->mat = mat;
  image->format = SL_IMAGE_FORMAT_UNKNOWN;
  return image;
}

/* Sets `error` when the stream ended short of what its container states:
 * cut off (it stopped before the stated end) or damaged (it reached the end
 * but frames are missing). A container whose frame count is only an
 * estimate, with no stretch missing, is taken at its stream's word. */
static void
check_early_end (SlVideoReader  *self,
                 GError        **error)
{
  const SlVideoInfo *info = &self->info;
  double reached_ms = self->last_ms - self->first_ms;
  double end_ms = info->duration_s * 1000 - (EARLY_END_MIN_FRAMES + 1) * self->frame_interval_ms;
  g_autofree char *at = NULL;
  g_autofree char *total = NULL;

  if (info->frame_count <= 0 || self->frames_decoded + EARLY_END_MIN_FRAMES >= info->frame_count)
    return;
  if (reached_ms >= end_ms && self->frame_interval_ms > 0)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (self->gap_to_ms <= self->gap_from_ms)
        return;
      from = sl_media_time_format ((gint64) (self->gap_from_ms - self->first_ms));
      to = sl_media_time_format ((gint64) (self->gap_to_ms - self->first_ms));
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                   "Video '%s' is damaged: %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT
                   " frames its container states could not be decoded, the longest stretch from %s to %s; "
                   "the rest was read",
                   self->display, info->frame_count - self->frames_decoded, info->frame_count, from, to);
      return;
    }
  at = sl_media_time_format ((gint64) reached_ms);
  total = sl_media_time_format ((gint64) (info->duration_s * 1000));
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
               "Cannot read video '%s' past %s (after %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT
               " frames, %s, its container states): the data ends or is damaged there; what came before was read",
               self->display, at, self->frames_decoded, info->frame_count, total);
}

static const char *
extension_of (const char *path)
{
  const char *dot = strrchr (path, '.');
  return dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL ? dot + 1 : "";
}

static int
codec_fourcc (SlVideoCodec  codec,
              const char   *path)
{
  const char *ext = extension_of (path);
  bool iso = g_ascii_strcasecmp (ext, "mp4") == 0 || g_ascii_strcasecmp (ext, "mov") == 0 ||
             g_ascii_strcasecmp (ext, "m4v") == 0;
  bool avi = g_ascii_strcasecmp (ext, "avi") == 0;

  /* The tag each container registers for the codec, so FFmpeg does not
   * fall back (and complain). */
  switch (codec)
    {
    case SL_VIDEO_CODEC_MJPEG:
      return cv::VideoWriter::fourcc ('M', 'J', 'P', 'G');
    case SL_VIDEO_CODEC_MPEG4:
      return avi ? cv::VideoWriter::fourcc ('F', 'M', 'P', '4')
                 : cv::VideoWriter::fourcc ('m', 'p', '4', 'v');
    case SL_VIDEO_CODEC_H264:
      return iso ? cv::VideoWriter::fourcc ('a', 'v', 'c', '1')
                 : cv::VideoWriter::fourcc ('H', '2', '6', '4');
    default:
      g_assert_not_reached ();
    }
}

/* public API */

gboolean
sl_video_probe (const char   *path,
                SlVideoInfo  *info,
                GError      **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_return_val_if_fail (path != NULL && info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  return sl_vision_guard<gboolean> (error, "Cannot read video", FALSE, [&] () -> gboolean {
    cv::VideoCapture cap;
    cv::Mat frame;
    int rotation = 0;

    SlVideoLimits limits = SL_VIDEO_DEFAULT_LIMITS;

    if (!open_capture (cap, path, display, &limits, frame, &rotation, error))
      return FALSE;
    fill_info (cap, frame, info);
    return TRUE;
  });
}

gboolean
sl_video_check_end (const char        *path,
                    const SlVideoInfo *info,
                    const char        *name,
                    GError           **error)
{
  g_return_val_if_fail (path != NULL && info != NULL && name != NULL, FALSE);

  if (info->frame_count < 2)
    return TRUE;
  return sl_vision_guard<gboolean> (error, "Cannot read video", FALSE, [&] () -> gboolean {
    cv::VideoCapture cap;
    cv::Mat frame;
    /* The last frame or two: a container's count can be one off. */
    gint64 late = MAX (info->frame_count - 2, (gint64) 1);
    double reached_ms;
    g_autofree char *at = NULL;
    g_autofree char *total = NULL;

    if (!cap.open (path, cv::CAP_FFMPEG) || !cap.read (frame) || frame.empty ())
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                     "Cannot read video '%s': its first frame does not decode", name);
        return FALSE;
      }
    reached_ms = cap.get (cv::CAP_PROP_POS_MSEC);
    if (cap.set (cv::CAP_PROP_POS_FRAMES, (double) late) && cap.read (frame) && !frame.empty ())
      return TRUE;
    /* Where the readable data ends: read on from the start. A seek can fail
     * on a sound file without an index, so only a short read condemns it. */
    cap.release ();
    if (!cap.open (path, cv::CAP_FFMPEG))
      return TRUE;
    gint64 n = 0;
    while (cap.grab ())
      {
        n++;
        reached_ms = cap.get (cv::CAP_PROP_POS_MSEC);
      }
    /* A container's count can be an estimate (duration times rate): up to a
     * second short is not damage. */
    if (n >= late - (gint64) MAX (info->fps, 2.0))
      return TRUE;
    at = sl_media_time_format ((gint64) MAX (reached_ms, 0.0));
    total = sl_media_time_format ((gint64) (info->duration_s * 1000));
    g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
                 "Video '%s' is cut short: its data ends at %s, after %" G_GINT64_FORMAT " of the %"
                 G_GINT64_FORMAT " frames (%s) its container states",
                 name, at, n, info->frame_count, total);
    return FALSE;
  });
}

void
sl_video_info_clear (SlVideoInfo *info)
{
  g_clear_pointer (&info->codec, g_free);
}

SlVideoReader *
sl_video_reader_new (const char  *path,
                     double       sample_fps,
                     GError     **error)
{
  return sl_video_reader_new_limited (path, sample_fps, NULL, error);
}

SlVideoReader *
sl_video_reader_new_limited (const char          *path,
                             double               sample_fps,
                             const SlVideoLimits *limits,
                             GError             **error)
{
  g_autofree char *display = g_filename_display_name (path);
  static const SlVideoLimits defaults = SL_VIDEO_DEFAULT_LIMITS;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sample_fps >= 0, NULL);

  return sl_vision_guard<SlVideoReader *> (error, "Cannot read video", NULL, [&] () -> SlVideoReader * {
    std::unique_ptr<SlVideoReader> self (new SlVideoReader ());
    gint64 start = g_get_monotonic_time ();

    self->limits = limits != NULL ? *limits : defaults;
    if (!open_capture (self->cap, path, display, &self->limits, self->pending, &self->rotation, error))
      return NULL;
    self->decode_us = g_get_monotonic_time () - start;
    fill_info (self->cap, self->pending, &self->info);
    self->display = g_steal_pointer (&display);
    self->frame_interval_ms = self->info.fps > 0 ? 1000.0 / self->info.fps : 0;
    self->sample_interval_ms = sample_fps > 0 ? 1000.0 / sample_fps : 0;
    /* No point sampling faster than the frames come. */
    if (self->sample_interval_ms <= self->frame_interval_ms)
      self->sample_interval_ms = 0;
    self->frame_index = 0;
    self->frames_decoded = 1;
    self->last_ms = frame_time (self.get ());
    self->first_ms = self->last_ms;
    self->next_due_ms = self->first_ms;
    return self.release ();
  });
}

const SlVideoInfo *
sl_video_reader_get_info (SlVideoReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->info;
}

gint64
sl_video_reader_get_frames_decoded (SlVideoReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->frames_decoded;
}

gint64
sl_video_reader_get_position (SlVideoReader *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return (gint64) (self->last_ms - self->first_ms);
}

SlImage *
sl_video_reader_next (SlVideoReader  *self,
                      gint64         *time_ms,
                      gint64         *frame_index,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->finished)
    return NULL;

  return sl_vision_guard<SlImage *> (error, "Cannot read video", NULL, [&] () -> SlImage * {
    cv::Mat mat;

    if (!self->pending.empty ())
      {
        /* The first frame is always a sample. */
        is_due (self, self->last_ms);
        std::swap (mat, self->pending);
      }
    else
      {
        for (;;)
          {
            gint64 start = g_get_monotonic_time ();
            bool grabbed = self->cap.grab ();

            /* The frame being grabbed is the one after the last, 1-based. */
            if (!within_time (self, start, self->frame_index + 2, error))
              return NULL;
            if (!grabbed)
              {
                self->finished = true;
                check_early_end (self, error);
                return NULL;
              }
            self->frame_index++;
            self->frames_decoded++;
            double t = frame_time (self);
            self->last_ms = t;
            if (!is_due (self, t))
              continue;
            start = g_get_monotonic_time ();
            bool retrieved = self->cap.retrieve (mat) && !mat.empty ();
            if (retrieved)
              sl_video_rotate_frame (mat, self->rotation);
            if (!within_time (self, start, self->frame_index + 1, error))
              return NULL;
            if (!retrieved)
              {
                g_autofree char *at = sl_media_time_format ((gint64) (t - self->first_ms));
                self->finished = true;
                g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                             "Cannot decode frame %" G_GINT64_FORMAT " (%s) of video '%s': the data is damaged there",
                             self->frame_index + 1, at, self->display);
                return NULL;
              }
            break;
          }
      }
    if (time_ms != NULL)
      *time_ms = (gint64) std::llround (self->last_ms - self->first_ms);
    if (frame_index != NULL)
      *frame_index = self->frame_index;
    return wrap_frame (mat);
  });
}

void
sl_video_reader_free (SlVideoReader *self)
{
  delete self;
}

void
sl_scene_signature_compute (const SlImage    *frame,
                            SlSceneSignature *signature)
{
  g_return_if_fail (frame != NULL && signature != NULL);

  memset (signature, 0, sizeof *signature);
  sl_vision_guard<bool> (NULL, "Scene signature", false, [&] () -> bool {
    const cv::Mat &mat = frame->mat;
    int tw = 160, th = std::max (1, (int) std::lround (160.0 * mat.rows / std::max (1, mat.cols)));
    cv::Mat thumb, grey, grid;

    cv::resize (mat, thumb, cv::Size (tw, th), 0, 0, cv::INTER_AREA);
    cv::cvtColor (thumb, grey, cv::COLOR_BGR2GRAY);
    for (int y = 0; y < thumb.rows; y++)
      {
        const guint8 *row = thumb.ptr<guint8> (y);
        for (int x = 0; x < thumb.cols * 3; x++)
          signature->hist[x % 3][row[x] * SL_SCENE_HIST_BINS / 256] += 1;
      }
    for (int c = 0; c < 3; c++)
      for (int i = 0; i < SL_SCENE_HIST_BINS; i++)
        signature->hist[c][i] /= (float) thumb.total ();
    cv::resize (grey, grid, cv::Size (SL_SCENE_GRID_COLS, SL_SCENE_GRID_ROWS), 0, 0, cv::INTER_AREA);
    for (int y = 0; y < SL_SCENE_GRID_ROWS; y++)
      for (int x = 0; x < SL_SCENE_GRID_COLS; x++)
        signature->grid[y * SL_SCENE_GRID_COLS + x] = grid.at<guint8> (y, x);
    return true;
  });
}

double
sl_scene_signature_change (const SlSceneSignature *a,
                           const SlSceneSignature *b)
{
  const int n = SL_SCENE_GRID_COLS * SL_SCENE_GRID_ROWS;
  double hist = 0, ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0, r = 0;

  /* A cut may keep the brightness and change the colour, or the reverse. */
  for (int c = 0; c < 3; c++)
    {
      double d = 0;
      for (int i = 0; i < SL_SCENE_HIST_BINS; i++)
        d += std::fabs (a->hist[c][i] - b->hist[c][i]);
      hist = std::max (hist, d / 2);
    }

  for (int i = 0; i < n; i++)
    {
      ma += a->grid[i];
      mb += b->grid[i];
    }
  ma /= n;
  mb /= n;
  for (int i = 0; i < n; i++)
    {
      double da = a->grid[i] - ma, db = b->grid[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
  /* A flat frame has no layout to compare: the histogram decides. */
  if (saa > n && sbb > n)
    r = sab / std::sqrt (saa * sbb);
  /* Only a layout that stays nearly the same (the same room in another
   * light) excuses new colours: two rooms with the wall above and the floor
   * below still correlate somewhat. */
  return hist * (1 - std::clamp ((r - LAYOUT_SAME) / (1 - LAYOUT_SAME), 0.0, 1.0));
}

const char *
sl_video_codec_to_string (SlVideoCodec codec)
{
  switch (codec)
    {
    case SL_VIDEO_CODEC_MJPEG: return "Motion JPEG";
    case SL_VIDEO_CODEC_MPEG4: return "MPEG-4 Part 2";
    case SL_VIDEO_CODEC_H264:  return "H.264";
    default:                   return "unknown";
    }
}

SlVideoWriter *
sl_video_writer_new (const char    *path,
                     SlVideoCodec   codec,
                     double         fps,
                     guint          width,
                     guint          height,
                     GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (fps > 0 && width > 0 && height > 0, NULL);

  return sl_vision_guard<SlVideoWriter *> (error, "Cannot write video", NULL, [&] () -> SlVideoWriter * {
    std::unique_ptr<SlVideoWriter> self (new SlVideoWriter ());

    if (!self->writer.open (path, cv::CAP_FFMPEG, codec_fourcc (codec, path), fps,
                            cv::Size ((int) width, (int) height), true))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     "Cannot write video '%s': FFmpeg cannot encode %s into a .%s file here",
                     display, sl_video_codec_to_string (codec), extension_of (path));
        return NULL;
      }
    self->display = g_steal_pointer (&display);
    self->path = g_strdup (path);
    self->width = width;
    self->height = height;
    return self.release ();
  });
}

gboolean
sl_video_writer_add_frame (SlVideoWriter  *self,
                           const SlImage  *frame,
                           GError        **error)
{
  g_return_val_if_fail (self != NULL && frame != NULL, FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  if ((guint) frame->mat.cols != self->width || (guint) frame->mat.rows != self->height)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "Cannot write video '%s': a %dx%d frame into a %ux%u video",
                   self->display, frame->mat.cols, frame->mat.rows, self->width, self->height);
      return FALSE;
    }
  return sl_vision_guard<gboolean> (error, "Cannot write video", FALSE, [&] () -> gboolean {
    self->writer.write (frame->mat);
    self->frames++;
    return TRUE;
  });
}

gint64
sl_video_writer_get_frames (SlVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->frames;
}

gboolean
sl_video_writer_close (SlVideoWriter  *self,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->closed)
    return TRUE;
  self->closed = true;
  return sl_vision_guard<gboolean> (error, "Cannot write video", FALSE, [&] () -> gboolean {
    GStatBuf st;

    self->writer.release ();
    /* OpenCV's writer reports no I/O errors: check what reached the disk. */
    if (g_stat (self->path, &st) != 0 || (self->frames > 0 && st.st_size == 0))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "Cannot write video '%s': the file was not written", self->display);
        return FALSE;
      }
    return TRUE;
  });
}

void
sl_video_writer_free (SlVideoWriter *self)
{
  if (self == NULL)
    return;
  sl_vision_guard<bool> (NULL, "Cannot write video", false, [&] () -> bool {
    if (!self->closed)
      self->writer.release ();
    return true;
  });
  delete self;
}
