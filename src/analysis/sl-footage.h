/* sl-footage.h: footage analysed into face tracks. Frames are sampled,
 * their faces detected and embedded on every core, and linked from sample
 * to sample into one track per appearance of a person, with its times and
 * its best views.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"
#include "vision/sl-video.h"

G_BEGIN_DECLS

#define SL_FOOTAGE_DEFAULT_SAMPLE_FPS 5.0

typedef struct
{
  double sample_fps;       /* samples a second; 0: every frame */
  guint  n_threads;        /* detection workers; 0: one per core */
  int    min_face_px;      /* smallest face looked for, in frame pixels; a
                            * larger value detects on a smaller frame */
  guint  best_faces;       /* best views kept per track, with crop and embedding */
  guint  crop_size;        /* longer side of a kept crop, in pixels */
  guint  max_gap_ms;       /* a track waits this long for its face to return */
  double link_similarity;  /* least cosine to link a face to a track near it */
  double jump_similarity;  /* least cosine to link a face found away from
                            * where the track was heading */
  double cut_threshold;    /* scene change (0..1) between samples that is a
                            * hard cut; every track ends there */
  guint  min_track_faces;  /* tracks with fewer sightings are dropped as
                            * fragments (half a face behind someone, a false
                            * detection); applies when sampling at 2/s or more */
} SlFootageOptions;

/* The defaults: 5 samples a second, faces from 32 px, 3 best views. */
void sl_footage_options_init (SlFootageOptions *options);

typedef enum
{
  SL_FOOTAGE_END_LEFT,     /* the face was not seen again */
  SL_FOOTAGE_END_CUT,      /* a hard cut to another scene */
  SL_FOOTAGE_END_FOOTAGE,  /* the footage ended, or decoding stopped */
} SlFootageTrackEnd;

/* One sighting of a face: where and when. */
typedef struct
{
  gint64 time_ms;          /* from the start of the footage */
  gint64 frame;            /* index among all frames */
  SlFace face;             /* box and landmarks in frame pixels; quality */
} SlFootageFace;

/* One of a track's best views, with what a search needs. */
typedef struct
{
  SlFootageFace  sighting;
  float         *embedding;  /* dim floats, L2-normalised */
  GBytes        *crop_jpeg;  /* the face with a margin, JPEG */
  double         rank;       /* higher is better (quality band, size,
                              * sharpness, pose) */
} SlFootageView;

void sl_footage_view_free (SlFootageView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFootageView, sl_footage_view_free)

typedef struct
{
  guint              id;          /* 1, 2, ... in the order tracks end */
  gint64             first_ms;
  gint64             last_ms;
  gint64             first_frame;
  gint64             last_frame;
  SlFootageTrackEnd  end;
  GArray            *faces;       /* SlFootageFace: every sighting, in time order */
  GPtrArray         *best;        /* SlFootageView, best first */
  guint              dim;
  float             *template_embedding; /* the normalised mean of the best
                                          * views' embeddings */
} SlFootageTrack;

void sl_footage_track_free (SlFootageTrack *track);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFootageTrack, sl_footage_track_free)

const char *sl_footage_track_end_to_string (SlFootageTrackEnd end);

typedef struct
{
  SlVideoInfo  info;
  double       sample_fps;      /* as used; 0: every frame */
  gint64       frames_decoded;
  guint64      samples;
  guint64      faces;           /* sightings in kept tracks */
  guint        n_tracks;        /* kept tracks, here or handed to a track func */
  guint        cuts;            /* hard cuts found */
  GPtrArray   *tracks;          /* SlFootageTrack by first time; empty when a
                                 * track func took them */
  gboolean     partial;         /* decoding stopped before the end */
  GError      *stop_error;      /* why, naming the file and the place */
  gint64       stopped_ms;      /* the last time decoded when partial */
  double       wall_s;
  guint        threads;
} SlFootageResult;

void sl_footage_result_free (SlFootageResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFootageResult, sl_footage_result_free)

typedef struct
{
  double  fraction;      /* 0..1 of the footage analysed */
  double  eta_s;         /* estimated seconds left; -1 while unknown */
  gint64  position_ms;   /* analysed up to here */
  guint64 samples;
  guint   tracks;        /* tracks finished so far */
} SlFootageProgress;

typedef void     (*SlFootageProgressFunc) (const SlFootageProgress  *progress,
                                           gpointer                  user_data);
/* Receives each finished track (transfer full), in the analysing thread, as
 * soon as it ends: a store writes it there, so that memory does not grow with
 * the length of the footage. FALSE with `error` set stops the analysis. */
typedef gboolean (*SlFootageTrackFunc)    (SlFootageTrack           *track,
                                           gpointer                  user_data,
                                           GError                  **error);

/* Analyses `path` in the calling thread, with `options` (NULL: defaults).
 * Without a track func the tracks are kept in the result. Progress is called
 * from the calling thread. When decoding stops early the result is returned,
 * marked partial, with the reason; when nothing could be read, NULL and
 * `error`. */
SlFootageResult *sl_footage_analyse        (SlFaceAnalyser          *analyser,
                                            const char              *path,
                                            const SlFootageOptions  *options,
                                            SlFootageTrackFunc       track_func,
                                            SlFootageProgressFunc    progress_func,
                                            gpointer                 user_data,
                                            GCancellable            *cancellable,
                                            GError                 **error);
/* The same in a worker thread. `track_func` runs in that thread;
 * `progress_func` in the thread-default main context of this call. */
void             sl_footage_analyse_async  (SlFaceAnalyser          *analyser,
                                            const char              *path,
                                            const SlFootageOptions  *options,
                                            SlFootageTrackFunc       track_func,
                                            SlFootageProgressFunc    progress_func,
                                            gpointer                 user_data,
                                            GDestroyNotify           user_data_destroy,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 callback_data);
SlFootageResult *sl_footage_analyse_finish (SlFaceAnalyser          *analyser,
                                            GAsyncResult            *result,
                                            GError                 **error);

G_END_DECLS
