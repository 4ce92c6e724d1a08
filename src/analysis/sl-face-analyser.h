/* sl-face-analyser.h: the loaded detector and embedder, and the use cases
 * over them: find the faces in a file, embed a face, compare two photos.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vision/sl-detector.h"
#include "vision/sl-embedder.h"
#include "vision/sl-image.h"
#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

#define SL_TYPE_FACE_ANALYSER (sl_face_analyser_get_type ())
G_DECLARE_FINAL_TYPE (SlFaceAnalyser, sl_face_analyser, SL, FACE_ANALYSER, GObject)

/* Which face of a photo to use when one is needed. */
typedef enum
{
  SL_FACE_PICK_LARGEST,   /* the largest box */
  SL_FACE_PICK_CENTRAL,   /* the largest box over the centre, else the largest */
} SlFacePick;

/* The faces of one photo, for `detect`. */
typedef struct
{
  guint   width;
  guint   height;
  GArray *faces;          /* SlFace */
} SlDetection;

void            sl_detection_free                 (SlDetection      *detection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDetection, sl_detection_free)

/* Loads and verifies the models: the manifest's default detector, and the
 * embedder `embedder_id` (NULL for the manifest's default). */
SlFaceAnalyser *sl_face_analyser_new              (SlModelManifest  *manifest,
                                                   const char       *model_dir,
                                                   const char       *embedder_id,
                                                   GError          **error);
SlModelManifest *sl_face_analyser_get_manifest    (SlFaceAnalyser   *self);
SlDetector     *sl_face_analyser_get_detector     (SlFaceAnalyser   *self);
SlEmbedder     *sl_face_analyser_get_embedder     (SlFaceAnalyser   *self);
void            sl_face_analyser_set_max_pixels   (SlFaceAnalyser   *self,
                                                   guint64           max_pixels);

SlDetection    *sl_face_analyser_detect_file      (SlFaceAnalyser   *self,
                                                   const char       *path,
                                                   GError          **error);
void            sl_face_analyser_detect_file_async (SlFaceAnalyser  *self,
                                                   const char       *path,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
SlDetection    *sl_face_analyser_detect_file_finish (SlFaceAnalyser *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

/* Finds the picked face of a photo and embeds it. `embedding` receives
 * sl_embedder_get_dim() floats; the timings (ms) may be NULL. */
gboolean        sl_face_analyser_embed_file       (SlFaceAnalyser   *self,
                                                   const char       *path,
                                                   SlFacePick        pick,
                                                   SlFace           *face,
                                                   float            *embedding,
                                                   double           *detect_ms,
                                                   double           *embed_ms,
                                                   GError          **error);

/* Cosine similarity of the largest face of each photo. */
gboolean        sl_face_analyser_compare_files    (SlFaceAnalyser   *self,
                                                   const char       *path_a,
                                                   const char       *path_b,
                                                   double           *similarity,
                                                   SlFace           *face_a,
                                                   SlFace           *face_b,
                                                   GError          **error);

G_END_DECLS
