/* sl-face-analyser.c: the loaded detector and embedder, and the use cases
 * over them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-analyser"

#include "config.h"

#include "core/sl-vector.h"
#include "analysis/sl-face-analyser.h"
#include "vision/sl-vision-error.h"

struct _SlFaceAnalyser
{
  GObject          parent_instance;

  SlModelManifest *manifest;
  SlDetector      *detector;
  SlEmbedder      *embedder;
  guint64          max_pixels;
};

G_DEFINE_FINAL_TYPE (SlFaceAnalyser, sl_face_analyser, G_TYPE_OBJECT)

/* helpers */

static int
pick_face (GArray     *faces,
           guint       width,
           guint       height,
           SlFacePick  pick)
{
  int best = -1;
  float best_area = -1;

  if (pick == SL_FACE_PICK_LARGEST)
    return sl_faces_largest (faces);

  for (guint i = 0; i < faces->len; i++)
    {
      const SlFace *f = &g_array_index (faces, SlFace, i);
      float cx = width / 2.0f, cy = height / 2.0f;
      float area = f->box[2] * f->box[3];

      if (cx >= f->box[0] && cx <= f->box[0] + f->box[2] &&
          cy >= f->box[1] && cy <= f->box[1] + f->box[3] && area > best_area)
        {
          best_area = area;
          best = (int) i;
        }
    }
  return best >= 0 ? best : sl_faces_largest (faces);
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlFaceAnalyser *self = source_object;
  GError *error = NULL;
  SlDetection *detection;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((detection = sl_face_analyser_detect_file (self, task_data, &error)))
    g_task_return_pointer (task, detection, (GDestroyNotify) sl_detection_free);
  else
    g_task_return_error (task, error);
}

/* overrides */

static void
sl_face_analyser_finalize (GObject *object)
{
  SlFaceAnalyser *self = SL_FACE_ANALYSER (object);

  g_clear_pointer (&self->detector, sl_detector_free);
  g_clear_pointer (&self->embedder, sl_embedder_free);
  g_clear_pointer (&self->manifest, sl_model_manifest_unref);

  G_OBJECT_CLASS (sl_face_analyser_parent_class)->finalize (object);
}

static void
sl_face_analyser_class_init (SlFaceAnalyserClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_face_analyser_finalize;
}

static void
sl_face_analyser_init (SlFaceAnalyser *self)
{
  self->max_pixels = SL_IMAGE_DEFAULT_MAX_PIXELS;
}

/* public API */

void
sl_detection_free (SlDetection *detection)
{
  if (detection == NULL)
    return;
  g_clear_pointer (&detection->faces, g_array_unref);
  g_free (detection);
}

SlFaceAnalyser *
sl_face_analyser_new (SlModelManifest  *manifest,
                      const char       *model_dir,
                      const char       *embedder_id,
                      GError          **error)
{
  g_autoptr(SlFaceAnalyser) self = NULL;
  const double *tmpl = sl_model_manifest_get_align_template (manifest);
  const SlModelInfo *det_info = sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_DETECTOR);
  const SlModelInfo *emb_info;

  if (embedder_id != NULL)
    {
      emb_info = sl_model_manifest_lookup (manifest, embedder_id);
      if (emb_info == NULL || emb_info->role != SL_MODEL_ROLE_EMBEDDER)
        {
          g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL,
                       "No embedder '%s' in the model manifest", embedder_id);
          return NULL;
        }
    }
  else
    emb_info = sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER);

  self = g_object_new (SL_TYPE_FACE_ANALYSER, NULL);
  self->manifest = sl_model_manifest_ref (manifest);
  if (!(self->detector = sl_detector_new (det_info, model_dir, tmpl, error)) ||
      !(self->embedder = sl_embedder_new (emb_info, model_dir, tmpl, error)))
    return NULL;

  return g_steal_pointer (&self);
}

SlModelManifest *
sl_face_analyser_get_manifest (SlFaceAnalyser *self)
{
  g_return_val_if_fail (SL_IS_FACE_ANALYSER (self), NULL);
  return self->manifest;
}

SlDetector *
sl_face_analyser_get_detector (SlFaceAnalyser *self)
{
  g_return_val_if_fail (SL_IS_FACE_ANALYSER (self), NULL);
  return self->detector;
}

SlEmbedder *
sl_face_analyser_get_embedder (SlFaceAnalyser *self)
{
  g_return_val_if_fail (SL_IS_FACE_ANALYSER (self), NULL);
  return self->embedder;
}

void
sl_face_analyser_set_max_pixels (SlFaceAnalyser *self,
                                 guint64         max_pixels)
{
  g_return_if_fail (SL_IS_FACE_ANALYSER (self));
  self->max_pixels = max_pixels;
}

SlDetection *
sl_face_analyser_detect_file (SlFaceAnalyser  *self,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(SlImage) image = NULL;
  g_autoptr(SlDetection) detection = g_new0 (SlDetection, 1);

  g_return_val_if_fail (SL_IS_FACE_ANALYSER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(image = sl_image_load (path, self->max_pixels, error)))
    return NULL;
  detection->width = sl_image_get_width (image);
  detection->height = sl_image_get_height (image);
  if (!(detection->faces = sl_detector_detect (self->detector, image, error)))
    return NULL;
  return g_steal_pointer (&detection);
}

void
sl_face_analyser_detect_file_async (SlFaceAnalyser      *self,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_FACE_ANALYSER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_face_analyser_detect_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, detect_thread);
}

SlDetection *
sl_face_analyser_detect_file_finish (SlFaceAnalyser  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sl_face_analyser_embed_file (SlFaceAnalyser  *self,
                             const char      *path,
                             SlFacePick       pick,
                             SlFace          *face,
                             float           *embedding,
                             double          *detect_ms,
                             double          *embed_ms,
                             GError         **error)
{
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GArray) faces = NULL;
  gint64 t0, t1;
  int index;

  g_return_val_if_fail (SL_IS_FACE_ANALYSER (self), FALSE);

  t0 = g_get_monotonic_time ();
  if (!(image = sl_image_load (path, self->max_pixels, error)) ||
      !(faces = sl_detector_detect (self->detector, image, error)))
    return FALSE;
  t1 = g_get_monotonic_time ();
  if (detect_ms != NULL)
    *detect_ms = (t1 - t0) / 1000.0;

  index = pick_face (faces, sl_image_get_width (image), sl_image_get_height (image), pick);
  if (index < 0)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_NO_FACE,
                   "No face found in '%s'", display);
      return FALSE;
    }
  *face = g_array_index (faces, SlFace, index);
  if (!sl_embedder_embed (self->embedder, image, face, embedding, error))
    return FALSE;
  if (embed_ms != NULL)
    *embed_ms = (g_get_monotonic_time () - t1) / 1000.0;
  return TRUE;
}

gboolean
sl_face_analyser_compare_files (SlFaceAnalyser  *self,
                                const char      *path_a,
                                const char      *path_b,
                                double          *similarity,
                                SlFace          *face_a,
                                SlFace          *face_b,
                                GError         **error)
{
  guint dim = sl_embedder_get_dim (self->embedder);
  g_autofree float *ea = g_new0 (float, dim);
  g_autofree float *eb = g_new0 (float, dim);

  if (!sl_face_analyser_embed_file (self, path_a, SL_FACE_PICK_LARGEST, face_a, ea, NULL, NULL, error) ||
      !sl_face_analyser_embed_file (self, path_b, SL_FACE_PICK_LARGEST, face_b, eb, NULL, NULL, error))
    return FALSE;
  *similarity = sl_vector_dot (ea, eb, dim);
  return TRUE;
}
