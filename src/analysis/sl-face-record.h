/* sl-face-record.h: a detected face as the store keeps it: landmarks and
 * quality as JSON text, the aligned crop as a JPEG, and which face of a
 * photo is its subject.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-detector.h"
#include "vision/sl-embedder.h"
#include "vision/sl-face.h"
#include "vision/sl-image.h"

G_BEGIN_DECLS

/* [[x,y], ... 5 points] */
char   *sl_face_landmarks_to_json (const SlFace        *face);
/* {"band":...,"reasons":[...],"size_px":...,"sharpness":...,...} */
char   *sl_face_quality_to_json   (const SlFaceQuality *quality);
/* "blurry, small_face" (empty when none). */
char   *sl_face_quality_reasons   (const SlFaceQuality *quality);
/* The face as the embedder sees it (aligned), as a JPEG. */
GBytes *sl_face_crop_jpeg         (SlEmbedder          *embedder,
                                   const SlImage       *image,
                                   const SlFace        *face,
                                   GError             **error);

/* The face a reference photo is of: the largest over the centre, else the
 * largest; *index is -1 when there is none. `rivals` receives how many
 * other faces are at least 0.8 of its size (by the shorter side of the
 * box): with any, which face the photo is of is not certain. With a
 * detector, `faces` are detections not yet confirmed by its cascade check
 * (sl_detector_verify), and only the faces the answer depends on are
 * checked, in order: the same answer as confirming every face first, at a
 * fraction of the cost. FALSE only when a check fails to run. */
gboolean sl_face_pick_subject     (SlDetector          *detector,
                                   const SlImage       *image,
                                   GArray              *faces,
                                   int                 *index,
                                   guint               *rivals,
                                   GError             **error);

G_END_DECLS
