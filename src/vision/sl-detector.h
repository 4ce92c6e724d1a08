/* sl-detector.h: face detection over an image pyramid and tiles.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-face.h"
#include "vision/sl-image.h"
#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

typedef struct _SlDetector SlDetector;

/* The most pixels detection searches at the finest level of its pyramid
 * (4096 x 4096): a larger image is searched from a copy scaled down to
 * this, so that no image costs more than about 200 tiles of the net, and
 * faces below about 10 pixels of that copy are not looked for. */
#define SL_DETECTOR_MAX_PIXELS (4096.0 * 4096.0)

typedef struct
{
  float score_threshold;  /* a detection below this is dropped */
  float nms_threshold;    /* IoU above which two detections are one face */
  int   min_face_px;      /* smallest face looked for, in image pixels */
  int   max_side;         /* 0: search the image at full size (the default,
                           * for stills). Else the finest level of the
                           * pyramid is at most this many pixels on its
                           * longer side, so faces below about
                           * 10 * longer side / max_side image pixels are not
                           * looked for: footage trades them for speed. */
  gboolean verify;        /* TRUE (the default): confirm each face with the
                           * cascades. Footage may confirm a face once and
                           * trust it while it stays (sl_detector_verify). */
} SlDetectorOptions;

/* Loads the detector after checking the model file's SHA-256. The detector is
 * safe to use from several threads at once: each call borrows its own net.
 * `align_template` (5 x,y points, 112x112) places the crop quality is measured on. */
SlDetector *sl_detector_new            (const SlModelInfo  *info,
                                        const char         *model_dir,
                                        const double       *align_template,
                                        GError            **error);
void        sl_detector_get_options    (SlDetector         *self,
                                        SlDetectorOptions  *options);
void        sl_detector_set_options    (SlDetector         *self,
                                        const SlDetectorOptions *options);
const SlModelInfo *sl_detector_get_model (SlDetector       *self);
/* Returns an array of SlFace, best score first, quality filled in. */
GArray     *sl_detector_detect         (SlDetector         *self,
                                        const SlImage      *image,
                                        GError            **error);
/* The same with options for this call only (from _get_options, changed),
 * so that footage and stills can share one detector. */
GArray     *sl_detector_detect_with_options (SlDetector    *self,
                                        const SlImage      *image,
                                        const SlDetectorOptions *options,
                                        GError            **error);
/* The cascade check `detect` runs on each face unless told not to: sets
 * `verified` to whether the face (from `detect` on this image) is confirmed.
 * FALSE only on failure. */
gboolean    sl_detector_verify         (SlDetector         *self,
                                        const SlImage      *image,
                                        const SlFace       *face,
                                        gboolean           *verified,
                                        GError            **error);
/* How many tiles of the net `detect` runs on an image of this size: the
 * work it does, whatever the image. */
guint       sl_detector_count_tiles    (guint               width,
                                        guint               height,
                                        const SlDetectorOptions *options);
void        sl_detector_free           (SlDetector         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDetector, sl_detector_free)

G_END_DECLS
