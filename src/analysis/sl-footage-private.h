/* sl-footage-private.h: what the footage analysis files share: one analysed
 * sample, and the tracker that links samples into tracks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "analysis/sl-footage.h"

G_BEGIN_DECLS

/* What a worker made of one sampled frame; the frame itself is gone. */
typedef struct
{
  guint64           seq;
  gint64            time_ms;
  gint64            frame;
  SlSceneSignature  scene;
  GPtrArray        *views;   /* SlFootageView: each face found, embedded and cropped */
  GError           *error;
} SlFootageSample;

void    sl_footage_sample_free (SlFootageSample *sample);

/* Intersection over union of two x, y, w, h boxes. */
double  sl_footage_box_iou     (const float     *a,
                                const float     *b);

/* How good a view of a face is, for choosing a track's best ones. */
double  sl_footage_view_rank   (const SlFace    *face);

/* Receives each finished track (transfer full). */
typedef gboolean (*SlFootageEmitFunc) (SlFootageTrack  *track,
                                       gpointer         user_data,
                                       GError         **error);

typedef struct _SlFootageTracker SlFootageTracker;

/* Samples must be added in time order. `sample_interval_ms` is the time
 * between samples (the frame interval when every frame is a sample). */
SlFootageTracker *sl_footage_tracker_new        (const SlFootageOptions *options,
                                                 guint                   dim,
                                                 double                  sample_interval_ms,
                                                 SlFootageEmitFunc       emit,
                                                 gpointer                user_data);
/* Takes the views it keeps out of `sample`. Fails when the emit func does. */
gboolean          sl_footage_tracker_add        (SlFootageTracker       *self,
                                                 SlFootageSample        *sample,
                                                 GError                **error);
/* Ends every open track (the footage ended). */
gboolean          sl_footage_tracker_finish     (SlFootageTracker       *self,
                                                 GError                **error);
guint             sl_footage_tracker_get_cuts   (SlFootageTracker       *self);
guint             sl_footage_tracker_get_n_open (SlFootageTracker       *self);
void              sl_footage_tracker_free       (SlFootageTracker       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFootageTracker, sl_footage_tracker_free)

G_END_DECLS
