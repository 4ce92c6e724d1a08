/* sl-video.h: footage files: what they hold, their frames read at a sampling
 * rate, scene cuts between samples, and writing video from images; all
 * through OpenCV's FFmpeg backend.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-image.h"

G_BEGIN_DECLS

typedef struct
{
  guint   width;
  guint   height;
  double  fps;
  gint64  frame_count;   /* as the container states it; -1 when unknown */
  double  duration_s;    /* frame_count / fps; 0 when unknown */
  char   *codec;         /* FourCC, e.g. "h264", "MJPG" */
} SlVideoInfo;

/* Opens the file as video and reads its facts; refuses a file that is not
 * video the decoder understands, or whose frames are over the default pixel
 * limit (SL_VISION_ERROR_TOO_LARGE), naming it. */
gboolean sl_video_probe      (const char   *path,
                              SlVideoInfo  *info,
                              GError      **error);
void     sl_video_info_clear (SlVideoInfo  *info);
/* Whether the footage decodes to its end: seeks to a frame near the end its
 * container states and decodes it. FALSE with SL_VISION_ERROR_TRUNCATED,
 * naming `name` and where the data ends, when it does not. A file whose
 * container states no length passes. */
gboolean sl_video_check_end  (const char        *path,
                              const SlVideoInfo *info,
                              const char        *name,
                              GError           **error);


/* What reading one footage file may cost. A frame larger than max_pixels
 * is refused when the file is opened, before any frame is decoded; reading
 * stops with SL_VISION_ERROR_TOO_LARGE when one frame takes longer than
 * frame_ms to decode, or all of them longer than budget_ms plus
 * budget_per_s for every second of footage reached. 0: no such limit. */
typedef struct
{
  guint64 max_pixels;
  gint64  frame_ms;
  gint64  budget_ms;
  gint64  budget_per_s;
} SlVideoLimits;

/* 8K UHD (7680x4320, 33 MP) is the largest footage read; decoding may take
 * 10 s for one frame, and a minute plus 4 s for each second of footage. */
#define SL_VIDEO_DEFAULT_MAX_PIXELS ((guint64) 36 * 1000 * 1000)
#define SL_VIDEO_DEFAULT_LIMITS { SL_VIDEO_DEFAULT_MAX_PIXELS, 10000, 60000, 4000 }

/* Reads the frames of a footage file that a sampling rate needs. Every frame
 * is decoded (inter-frame codecs need them all) but only sampled frames are
 * converted to images. Not thread-safe: one reader, one thread. */
typedef struct _SlVideoReader SlVideoReader;

/* `sample_fps` samples a second (0: every frame). Fails, naming the file,
 * when it is empty, not video, or not a single frame decodes. */
SlVideoReader     *sl_video_reader_new            (const char     *path,
                                                   double          sample_fps,
                                                   GError        **error);
/* The same within `limits` (NULL: SL_VIDEO_DEFAULT_LIMITS). */
SlVideoReader     *sl_video_reader_new_limited    (const char     *path,
                                                   double          sample_fps,
                                                   const SlVideoLimits *limits,
                                                   GError        **error);
const SlVideoInfo *sl_video_reader_get_info       (SlVideoReader  *self);
/* The next sampled frame (8-bit BGR, upright), its time from the start of
 * the footage in ms, and its index among all frames. NULL at the end: with
 * `error` unset when the footage ended as its container says, set when
 * decoding stopped early (SL_VISION_ERROR_TRUNCATED or _DECODE; the message
 * names the file and the time and frame where it stopped). Frames returned
 * before such an error are sound. */
SlImage           *sl_video_reader_next           (SlVideoReader  *self,
                                                   gint64         *time_ms,
                                                   gint64         *frame_index,
                                                   GError        **error);
/* Frames decoded so far, sampled or not. */
gint64             sl_video_reader_get_frames_decoded (SlVideoReader *self);
/* The time (ms) of the last frame decoded; -1 before the first. */
gint64             sl_video_reader_get_position   (SlVideoReader  *self);
void               sl_video_reader_free           (SlVideoReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlVideoReader, sl_video_reader_free)

/* A small summary of a frame's look (its colours, and the layout of its
 * grey levels on a coarse grid), to find hard cuts between consecutive
 * samples. */
#define SL_SCENE_HIST_BINS 16
#define SL_SCENE_GRID_COLS 16
#define SL_SCENE_GRID_ROWS 9

typedef struct
{
  float hist[3][SL_SCENE_HIST_BINS];                  /* B, G, R; each sums to 1 */
  float grid[SL_SCENE_GRID_COLS * SL_SCENE_GRID_ROWS]; /* mean grey per cell */
} SlSceneSignature;

void     sl_scene_signature_compute (const SlImage          *frame,
                                     SlSceneSignature       *signature);
/* How much the scene changed, 0 (same) to 1: the largest colour histogram
 * distance, discounted by how well the layout still correlates, so that a
 * light change or a person walking in scores low and a cut to another
 * camera high. */
double   sl_scene_signature_change  (const SlSceneSignature *a,
                                     const SlSceneSignature *b);

/* Writes video from images, for exports and for tests that need real
 * footage. The container follows the file name's extension (.avi, .mp4,
 * .mkv, .mov). */
typedef enum
{
  SL_VIDEO_CODEC_MJPEG,   /* Motion JPEG: every frame a JPEG */
  SL_VIDEO_CODEC_MPEG4,   /* MPEG-4 Part 2 ("mp4v") */
  SL_VIDEO_CODEC_H264,    /* H.264, when FFmpeg has an encoder for it */
} SlVideoCodec;

typedef struct _SlVideoWriter SlVideoWriter;

/* Fails with G_IO_ERROR_NOT_SUPPORTED when FFmpeg cannot encode `codec`
 * into that container. */
SlVideoWriter *sl_video_writer_new       (const char     *path,
                                          SlVideoCodec    codec,
                                          double          fps,
                                          guint           width,
                                          guint           height,
                                          GError        **error);
/* Appends one frame; it must have the writer's size. */
gboolean       sl_video_writer_add_frame (SlVideoWriter  *self,
                                          const SlImage  *frame,
                                          GError        **error);
gint64         sl_video_writer_get_frames (SlVideoWriter *self);
/* Finishes the file (index, trailer). Frees nothing; call _free after. */
gboolean       sl_video_writer_close     (SlVideoWriter  *self,
                                          GError        **error);
/* Closes the file if still open, without reporting errors. */
void           sl_video_writer_free      (SlVideoWriter  *self);
const char    *sl_video_codec_to_string  (SlVideoCodec    codec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlVideoWriter, sl_video_writer_free)

G_END_DECLS
