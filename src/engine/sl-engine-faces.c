/* sl-engine-faces.c: the faces of one piece of evidence as a viewer shows
 * them, and faces drawn by hand where the detector missed one: landmarks
 * from a second look of the detector or from the template, embedded and
 * stored as a manual probe face with its audit row in one transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-audit-query.h"
#include "engine/sl-engine-faces.h"
#include "engine/sl-engine-private.h"
#include "analysis/sl-face-record.h"
#include "analysis/sl-footage.h"

/* A track stores at most this many best views. */
#define MAX_TRACK_VIEWS 16

/* Where the five landmarks of a frontal face sit in the detector's box, as
 * fractions of its width and height: the mean over the faces the default
 * detector finds in 150 of the LFW development images (right eye, left eye, nose
 * tip, right and left mouth corner), frontal and good ones only. */
static const float box_landmarks[10] = {
  0.274f, 0.399f,  0.740f, 0.393f,  0.514f, 0.598f,  0.307f, 0.737f,  0.711f, 0.733f,
};

/* The quality rules of src/vision/sl-quality.cpp, for a face whose
 * landmarks were placed rather than found (so pose is not measured). */
#define SMALL_FACE_PX      40.0
#define TINY_FACE_PX       24.0
#define BLURRY_SHARPNESS   60.0
#define VERY_BLURRY        20.0
#define DARK_LEVEL         55.0
#define VERY_DARK_LEVEL    30.0
#define BRIGHT_LEVEL       210.0
#define VERY_BRIGHT_LEVEL  235.0

typedef struct
{
  SlSession *session;
  char      *case_number;
  gint64     evidence_id;
  float      box[4];
} FacesTask;

/* helpers */

static void
faces_task_free (gpointer data)
{
  FacesTask *t = data;

  g_clear_object (&t->session);
  g_free (t->case_number);
  g_free (t);
}

static const SlModelInfo *
default_embedder (SlEngine          *self,
                  SlModelManifest  **manifest,
                  GError           **error)
{
  if (!(*manifest = sl_engine_get_manifest (self, error)))
    return NULL;
  return sl_engine_lookup_embedder (self, *manifest, NULL, error);
}

/* Faces of a track are stored one after the other with the track's best
 * view first (sl-engine-analyse.c, store_track), so they follow its id. */
static GPtrArray *
track_views (SlStore   *store,
             SlTrack   *track,
             gboolean   with_crop,
             GError   **error)
{
  g_autoptr(GPtrArray) faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_probe_face_free);

  if (track->best_face_id <= 0)
    return g_steal_pointer (&faces);
  for (gint64 id = track->best_face_id; id < track->best_face_id + MAX_TRACK_VIEWS; id++)
    {
      GError *local_error = NULL;
      SlProbeFace *f = sl_probe_face_lookup (store, id, with_crop, &local_error);

      if (f == NULL)
        {
          if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
            {
              g_error_free (local_error);
              break;
            }
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_clear_pointer (&f->embedding, g_free);
      f->dim = 0;
      if (f->track_id != track->id)
        {
          sl_probe_face_free (f);
          break;
        }
      g_ptr_array_add (faces, f);
    }
  return g_steal_pointer (&faces);
}

static SlEvidenceFaces *
list_with (SlEngine    *self,
           SlStore     *store,
           SlSession   *session,
           const char  *case_number,
           gint64       evidence_id,
           GError     **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, evidence_id);
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autoptr(SlEvidenceFaces) result = g_new0 (SlEvidenceFaces, 1);
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(SlCase) c = NULL;
  const SlModelInfo *model;
  GError *local_error = NULL;
  SlAuditEntry entry = { "evidence.faces", "evidence", id_text, shown_case, NULL };

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)) ||
      !(result->evidence = sl_engine_find_evidence (store, c, evidence_id, &local_error)) ||
      !(model = default_embedder (self, &manifest, &local_error)))
    goto fail;

  if (result->evidence->kind == SL_EVIDENCE_STILL)
    {
      if (!(result->faces = sl_probe_face_list (store, evidence_id, model->sha256, &local_error)))
        goto fail;
      result->analysed = result->faces->len > 0 ||
                         sl_engine_still_analysed (store, c->number, evidence_id, &local_error);
      if (local_error != NULL)
        goto fail;
      return g_steal_pointer (&result);
    }

  {
    g_autoptr(SlFootageAnalysis) analysis =
      sl_footage_analysis_lookup (store, evidence_id, model->sha256, SL_FOOTAGE_DEFAULT_SAMPLE_FPS,
                                  &local_error);

    if (local_error != NULL)
      goto fail;
    result->faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_probe_face_free);
    if (analysis == NULL)
      {
        result->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_track_free);
        return g_steal_pointer (&result);
      }
    result->analysed = TRUE;
    if (!(result->tracks = sl_track_list (store, analysis->id, &local_error)))
      goto fail;
    for (guint i = 0; i < result->tracks->len; i++)
      {
        g_autoptr(GPtrArray) views = track_views (store, g_ptr_array_index (result->tracks, i), FALSE,
                                                  &local_error);

        if (views == NULL)
          goto fail;
        while (views->len > 0)
          g_ptr_array_add (result->faces, g_ptr_array_steal_index (views, 0));
      }
  }
  return g_steal_pointer (&result);

fail:
  sl_engine_propagate (error, local_error);
  return NULL;
}

static gpointer
list_work (SlEngine      *engine,
           SlStore       *store,
           gpointer       task_data,
           GCancellable  *cancellable,
           GError       **error)
{
  FacesTask *t = task_data;

  return list_with (engine, store, t->session, t->case_number, t->evidence_id, error);
}

/* Sharpness and brightness measured as the detector measures them, on the
 * middle of the aligned crop, where there is face in every pose. */
static void
measure_placed (SlFace        *face,
                const SlImage *aligned)
{
  SlFaceQuality *q = &face->quality;
  guint w = sl_image_get_width (aligned), h = sl_image_get_height (aligned);
  guint x0 = w / 6, y0 = h / 6, cw = w * 2 / 3, ch = h * 2 / 3;
  gsize stride;
  const guint8 *px = sl_image_get_pixels (aligned, &stride);
  g_autofree double *grey = g_new (double, (gsize) cw * ch);
  double sum = 0, lsum = 0, lsq = 0;
  guint n = 0, severe = 0;

  for (guint y = 0; y < ch; y++)
    for (guint x = 0; x < cw; x++)
      {
        const guint8 *p = px + (gsize) (y0 + y) * stride + (gsize) (x0 + x) * 3;
        double g = 0.114 * p[0] + 0.587 * p[1] + 0.299 * p[2];

        grey[(gsize) y * cw + x] = g;
        sum += g;
      }
  for (guint y = 1; y + 1 < ch; y++)
    for (guint x = 1; x + 1 < cw; x++)
      {
        const double *g = grey + (gsize) y * cw + x;
        double lap = g[-1] + g[1] + g[-(gssize) cw] + g[cw] - 4 * g[0];

        lsum += lap;
        lsq += lap * lap;
        n++;
      }
  q->brightness = sum / ((double) cw * ch);
  q->sharpness = n > 0 ? lsq / n - (lsum / n) * (lsum / n) : 0;
  q->yaw = q->roll = 0;
  q->size_px = MIN (face->box[2], face->box[3]);
  q->score = face->score;
  /* Nothing vouches for a face only a person saw. */
  q->reasons = SL_QUALITY_LOW_CONFIDENCE;
  if (q->size_px < SMALL_FACE_PX)
    {
      q->reasons |= SL_QUALITY_SMALL_FACE;
      severe += q->size_px < TINY_FACE_PX;
    }
  if (q->sharpness < BLURRY_SHARPNESS)
    {
      q->reasons |= SL_QUALITY_BLURRY;
      severe += q->sharpness < VERY_BLURRY;
    }
  if (q->brightness < DARK_LEVEL)
    {
      q->reasons |= SL_QUALITY_TOO_DARK;
      severe += q->brightness < VERY_DARK_LEVEL;
    }
  if (q->brightness > BRIGHT_LEVEL)
    {
      q->reasons |= SL_QUALITY_TOO_BRIGHT;
      severe += q->brightness > VERY_BRIGHT_LEVEL;
    }
  q->band = severe > 0 || __builtin_popcount (q->reasons) >= 3 ? SL_QUALITY_POOR
          : SL_QUALITY_USABLE;
}

static double
overlap (const float *a,
         const float *b)
{
  double x0 = MAX (a[0], b[0]), y0 = MAX (a[1], b[1]);
  double x1 = MIN (a[0] + a[2], b[0] + b[2]), y1 = MIN (a[1] + a[3], b[1] + b[3]);
  double inter = MAX (0, x1 - x0) * MAX (0, y1 - y0);
  double uni = (double) a[2] * a[3] + (double) b[2] * b[3] - inter;

  return uni > 0 ? inter / uni : 0;
}

/* The detector's second look, around the drawn box with half its size
 * again on each side, at a lower score than it reports on its own. */
static gboolean
look_again (SlDetector     *detector,
            const SlImage  *image,
            const float    *box,
            SlFace         *found,
            GError        **error)
{
  g_autoptr(SlImage) region = NULL;
  g_autoptr(GArray) faces = NULL;
  SlDetectorOptions options;
  int x = (int) floorf (MAX (0, box[0] - box[2] / 2));
  int y = (int) floorf (MAX (0, box[1] - box[3] / 2));
  int x1 = (int) ceilf (MIN (sl_image_get_width (image), box[0] + box[2] * 1.5f));
  int y1 = (int) ceilf (MIN (sl_image_get_height (image), box[1] + box[3] * 1.5f));
  double best = 0.3;
  gboolean any = FALSE;

  if (!(region = sl_image_crop (image, x, y, (guint) (x1 - x), (guint) (y1 - y))))
    return FALSE;
  sl_detector_get_options (detector, &options);
  options.score_threshold = MIN (options.score_threshold, 0.5f);
  options.min_face_px = MAX (8, (int) (MIN (box[2], box[3]) / 2));
  options.verify = FALSE;
  if (!(faces = sl_detector_detect_with_options (detector, region, &options, error)))
    return FALSE;
  for (guint i = 0; i < faces->len; i++)
    {
      SlFace f = g_array_index (faces, SlFace, i);
      double iou;

      f.box[0] += x;
      f.box[1] += y;
      for (int k = 0; k < 5; k++)
        {
          f.landmarks[2 * k] += x;
          f.landmarks[2 * k + 1] += y;
        }
      if ((iou = overlap (f.box, box)) > best)
        {
          best = iou;
          *found = f;
          any = TRUE;
        }
    }
  return any;
}

static char *
manual_quality_json (const SlFaceQuality *quality,
                     gboolean             detected)
{
  g_autofree char *text = sl_face_quality_to_json (quality);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *o;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_steal_pointer (&text);
  o = json_node_get_object (node);
  json_object_set_boolean_member (o, "manual", TRUE);
  json_object_set_string_member (o, "landmarks_from", detected ? "detector" : "template");
  return json_to_string (node, FALSE);
}

static gboolean
check_box (const float    *box,
           const SlImage  *image,
           float          *clipped,
           GError        **error)
{
  float w = sl_image_get_width (image), h = sl_image_get_height (image);
  float x0, y0, x1, y1;

  for (int k = 0; k < 4; k++)
    if (!isfinite (box[k]))
      {
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, _("The face box is not a rectangle"));
        return FALSE;
      }
  x0 = MAX (0, box[0]);
  y0 = MAX (0, box[1]);
  x1 = MIN (w, box[0] + box[2]);
  y1 = MIN (h, box[1] + box[3]);
  if (box[2] <= 0 || box[3] <= 0 || x1 <= x0 || y1 <= y0 ||
      (x1 - x0) * (y1 - y0) < 0.5f * box[2] * box[3])
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("The face box lies outside the image (%.0f×%.0f pixels)"), w, h);
      return FALSE;
    }
  if (x1 - x0 < SL_MANUAL_FACE_MIN_PX || y1 - y0 < SL_MANUAL_FACE_MIN_PX)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("The face box is too small: a face needs at least %d×%d pixels"),
                   SL_MANUAL_FACE_MIN_PX, SL_MANUAL_FACE_MIN_PX);
      return FALSE;
    }
  clipped[0] = x0;
  clipped[1] = y0;
  clipped[2] = x1 - x0;
  clipped[3] = y1 - y0;
  return TRUE;
}

static JsonArray *
box_json (const float *box)
{
  JsonArray *a = json_array_new ();

  for (int k = 0; k < 4; k++)
    json_array_add_double_element (a, round (box[k] * 10) / 10);
  return a;
}

static SlProbeFace *
add_manual_with (SlEngine      *self,
                 SlStore       *store,
                 SlSession     *session,
                 const char    *case_number,
                 gint64         evidence_id,
                 const float   *drawn,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, evidence_id);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) evidence = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(SlImage) aligned = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *path = NULL;
  SlProbeFace f = { 0 };
  SlFace face = { 0 };
  g_autofree float *embedding = NULL;
  g_autofree char *landmarks = NULL;
  g_autofree char *quality = NULL;
  g_autoptr(GBytes) crop = NULL;
  const SlModelInfo *model;
  SlEmbedder *embedder;
  gboolean detected;
  gint64 face_id;
  GError *local_error = NULL;
  SlAuditEntry entry = { "face.manual", "evidence", id_text, shown_case, details };

  json_object_set_int_member (details, "evidence_id", evidence_id);
  json_object_set_array_member (details, "box", box_json (drawn));
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_ANALYSE, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (!sl_engine_check_analysable (c, &local_error) ||
      !(evidence = sl_engine_find_evidence (store, c, evidence_id, &local_error)))
    goto fail;
  if (evidence->kind != SL_EVIDENCE_STILL)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("Faces are drawn by hand on stills; the faces of footage are its tracks"));
      goto fail;
    }
  if (!(analyser = sl_engine_get_analyser (self, NULL, &local_error)))
    goto fail;
  embedder = sl_face_analyser_get_embedder (analyser);
  model = sl_embedder_get_model (embedder);
  /* A face drawn before the detector ran would pass for its findings. */
  if (!(existing = sl_probe_face_list (store, evidence_id, model->sha256, &local_error)))
    goto fail;
  if (existing->len == 0 && !sl_engine_still_analysed (store, c->number, evidence_id, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                     _("Analyse '%s' before drawing a face the detector missed"), evidence->original_name);
      goto fail;
    }

  path = sl_engine_evidence_path (self, evidence);
  if (!sl_evidence_store_check (sl_engine_get_evidence (self), evidence->stored_path, &local_error) ||
      !(image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &local_error)) ||
      !check_box (drawn, image, face.box, &local_error))
    {
      sl_engine_error_name_evidence (&local_error, path, evidence->original_name, _("Cannot add a face to"));
      goto fail;
    }

  {
    SlFace seen;

    detected = look_again (sl_face_analyser_get_detector (analyser), image, face.box, &seen, &local_error);
    if (local_error != NULL)
      goto fail;
    if (detected)
      {
        float box[4];

        /* The person's box stays the face's box; the detector gives the rest. */
        memcpy (box, face.box, sizeof box);
        face = seen;
        memcpy (face.box, box, sizeof box);
      }
    else
      for (int k = 0; k < 5; k++)
        {
          face.landmarks[2 * k] = face.box[0] + box_landmarks[2 * k] * face.box[2];
          face.landmarks[2 * k + 1] = face.box[1] + box_landmarks[2 * k + 1] * face.box[3];
        }
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto fail;
  embedding = g_new (float, sl_embedder_get_dim (embedder));
  if (!(aligned = sl_embedder_align (embedder, image, &face, &local_error)))
    goto fail;
  if (!detected)
    measure_placed (&face, aligned);
  if (!sl_embedder_embed (embedder, image, &face, embedding, &local_error) ||
      !(crop = sl_face_crop_jpeg (embedder, image, &face, &local_error)))
    goto fail;

  landmarks = sl_face_landmarks_to_json (&face);
  quality = manual_quality_json (&face.quality, detected);
  f.evidence_id = evidence->id;
  f.frame_ms = -1;
  f.frame_index = -1;
  memcpy (f.box, face.box, sizeof f.box);
  f.landmarks_json = landmarks;
  f.detector_score = face.score;
  f.quality_band = (char *) sl_quality_band_to_string (face.quality.band);
  f.quality_json = quality;
  f.embedding = embedding;
  f.dim = sl_embedder_get_dim (embedder);
  f.model_id = (char *) model->id;
  f.model_sha256 = (char *) model->sha256;
  f.crop = crop;

  json_object_set_string_member (details, "model", model->id);
  json_object_set_string_member (details, "landmarks_from", detected ? "detector" : "template");
  json_object_set_string_member (details, "quality", f.quality_band);
  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((face_id = sl_probe_face_insert (store, &f, sl_session_get_user_id (session), &local_error)) == 0)
    {
      sl_store_rollback (store);
      goto fail;
    }
  json_object_set_int_member (details, "face_id", face_id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_store_rollback (store);
      goto fail;
    }
  {
    SlProbeFace *stored = sl_probe_face_lookup (store, face_id, FALSE, error);

    if (stored != NULL)
      g_clear_pointer (&stored->embedding, g_free);
    return stored;
  }

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static gpointer
manual_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  FacesTask *t = task_data;

  return add_manual_with (engine, store, t->session, t->case_number, t->evidence_id, t->box, cancellable, error);
}

static FacesTask *
faces_task_new (SlSession  *session,
                const char *case_number,
                gint64      evidence_id)
{
  FacesTask *t = g_new0 (FacesTask, 1);

  t->session = g_object_ref (session);
  t->case_number = g_strdup (case_number);
  t->evidence_id = evidence_id;
  return t;
}

/* public API */

void
sl_evidence_faces_free (SlEvidenceFaces *faces)
{
  if (faces == NULL)
    return;
  g_clear_pointer (&faces->evidence, sl_evidence_free);
  g_clear_pointer (&faces->faces, g_ptr_array_unref);
  g_clear_pointer (&faces->tracks, g_ptr_array_unref);
  g_free (faces);
}

gboolean
sl_probe_face_is_manual (const SlProbeFace *face)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (face != NULL, FALSE);

  if (face->quality_json == NULL || strstr (face->quality_json, "\"manual\"") == NULL)
    return FALSE;
  node = json_from_string (face->quality_json, NULL);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
         json_object_get_boolean_member_with_default (json_node_get_object (node), "manual", FALSE);
}

SlEvidenceFaces *
sl_engine_faces_list (SlEngine    *self,
                      SlSession   *session,
                      const char  *case_number,
                      gint64       evidence_id,
                      GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return list_with (self, sl_engine_get_store (self), session, case_number, evidence_id, error);
}

void
sl_engine_faces_list_async (SlEngine            *self,
                            SlSession           *session,
                            const char          *case_number,
                            gint64               evidence_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);

  task = sl_engine_task_new (self, sl_engine_faces_list_async, cancellable, callback, user_data);
  sl_engine_task_run (task, list_work, faces_task_new (session, case_number, evidence_id), faces_task_free,
                      (GDestroyNotify) sl_evidence_faces_free);
}

SlEvidenceFaces *
sl_engine_faces_list_finish (SlEngine      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_faces_list_async, error);
}

GPtrArray *
sl_engine_track_faces (SlEngine   *self,
                       SlSession  *session,
                       gint64      track_id,
                       gboolean    with_crop,
                       GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, track_id);
  g_autoptr(SlTrack) track = NULL;
  SlStore *store;
  GError *local_error = NULL;
  GPtrArray *faces;
  SlAuditEntry entry = { "track.read", "track", id_text, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  store = sl_engine_get_store (self);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  if (!(track = sl_track_lookup (store, track_id, &local_error)) ||
      !(faces = track_views (store, track, with_crop, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  return faces;
}

SlProbeFace *
sl_engine_face_add_manual (SlEngine      *self,
                           SlSession     *session,
                           const char    *case_number,
                           gint64         evidence_id,
                           const float    box[4],
                           GCancellable  *cancellable,
                           GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);
  g_return_val_if_fail (box != NULL, NULL);

  return add_manual_with (self, sl_engine_get_store (self), session, case_number, evidence_id, box,
                          cancellable, error);
}

void
sl_engine_face_add_manual_async (SlEngine            *self,
                                 SlSession           *session,
                                 const char          *case_number,
                                 gint64               evidence_id,
                                 const float          box[4],
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FacesTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);
  g_return_if_fail (box != NULL);

  data = faces_task_new (session, case_number, evidence_id);
  memcpy (data->box, box, 4 * sizeof (float));
  task = sl_engine_task_new (self, sl_engine_face_add_manual_async, cancellable, callback, user_data);
  sl_engine_task_run (task, manual_work, data, faces_task_free, (GDestroyNotify) sl_probe_face_free);
}

SlProbeFace *
sl_engine_face_add_manual_finish (SlEngine      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_face_add_manual_async, error);
}

/* private API */

gboolean
sl_engine_still_analysed (SlStore     *store,
                          const char  *case_number,
                          gint64       evidence_id,
                          GError     **error)
{
  g_autoptr(SlAuditFilter) filter = sl_audit_filter_new ();
  g_autoptr(SlAuditCursor) cursor = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, evidence_id);
  const SlAuditRecord *row;
  GError *local_error = NULL;

  filter->action = g_strdup ("evidence.analyze");
  filter->case_number = g_strdup (case_number);
  filter->outcome = g_strdup ("success");
  if (!(cursor = sl_audit_cursor_new_filtered (store, filter, error)))
    return FALSE;
  while ((row = sl_audit_cursor_next (cursor, &local_error)) != NULL)
    if (g_strcmp0 (row->object_id, id_text) == 0)
      return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return FALSE;
}
