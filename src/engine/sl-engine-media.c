/* sl-engine-media.c: thumbnails of evidence, decoded through the vision
 * layer: a still scaled down, the first frame of footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine-media"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-probe.h"
#include "core/sl-track.h"
#include "engine/sl-engine-media.h"
#include "engine/sl-engine-private.h"
#include "analysis/sl-footage.h"
#include "vision/sl-image.h"
#include "vision/sl-video.h"

#define THUMBNAIL_QUALITY 85

/* What a thumbnail task needs of the evidence. */
typedef struct
{
  SlEngine       *engine;
  SlSession      *session;
  gint64          id;
  char           *case_number;
  SlEvidenceKind  kind;
  char           *stored_path;
  char           *original_name;
  guint           max_side;
} ThumbnailTask;

/* helpers */

static void
thumbnail_task_free (gpointer data)
{
  ThumbnailTask *task = data;

  g_clear_object (&task->engine);
  g_clear_object (&task->session);
  g_free (task->case_number);
  g_free (task->stored_path);
  g_free (task->original_name);
  g_free (task);
}

static gboolean
authorize (SlEngine   *self,
           SlSession  *session,
           gint64      evidence_id,
           const char *case_number,
           GError    **error)
{
  g_autoptr(SlStore) store = NULL;
  g_autofree char *object_id = NULL;
  SlAuditEntry entry = { "evidence.thumbnail", "evidence", NULL, case_number, NULL };

  if (sl_session_may (session, SL_PERMISSION_CASE_READ))
    return TRUE;

  /* Refusals are audited, from a connection of this thread's own. */
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, evidence_id);
  entry.object_id = object_id;
  if (!(store = sl_engine_connect (self, error)))
    return FALSE;
  return sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error);
}

static GBytes *
make_thumbnail_from (SlEngine        *self,
                     SlEvidenceKind   kind,
                     const char      *path,
                     guint            max_side,
                     GCancellable    *cancellable,
                     GError         **error);

/* What went wrong names the evidence by its original name. */
static GBytes *
make_thumbnail (SlEngine        *self,
                SlEvidenceKind   kind,
                const char      *stored_path,
                const char      *original_name,
                guint            max_side,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autofree char *path = sl_evidence_store_path (sl_engine_get_evidence (self), stored_path);
  GError *local_error = NULL;
  GBytes *bytes = make_thumbnail_from (self, kind, path, max_side, cancellable, &local_error);

  if (bytes == NULL)
    {
      sl_engine_error_name_evidence (&local_error, path, original_name, _("Cannot show"));
      g_propagate_error (error, local_error);
    }
  return bytes;
}

static GBytes *
make_thumbnail_from (SlEngine        *self,
                     SlEvidenceKind   kind,
                     const char      *path,
                     guint            max_side,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr(SlImage) image = NULL;
  g_autoptr(SlImage) small = NULL;
  guint width, height, longer;

  if (kind == SL_EVIDENCE_FOOTAGE)
    {
      g_autoptr(SlVideoReader) reader = NULL;
      gint64 time_ms, frame;

      /* Sampling every frame: the first one decoded is the first returned. */
      if (!(reader = sl_video_reader_new (path, 0, error)))
        return NULL;
      image = sl_video_reader_next (reader, &time_ms, &frame, error);
      if (image == NULL)
        {
          if (error != NULL && *error == NULL)
            {
              g_autofree char *display = g_filename_display_name (path);

              g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                           _("'%s' has no frame to show"), display);
            }
          return NULL;
        }
    }
  else if (!(image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, error)))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  width = sl_image_get_width (image);
  height = sl_image_get_height (image);
  longer = MAX (width, height);
  if (max_side > 0 && longer > max_side)
    {
      guint w = MAX (1, (guint) ((guint64) width * max_side / longer));
      guint h = MAX (1, (guint) ((guint64) height * max_side / longer));

      small = sl_image_resize (image, w, h);
    }
  return sl_image_encode (small != NULL ? small : image, SL_IMAGE_FORMAT_JPEG,
                          THUMBNAIL_QUALITY, error);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailTask *data = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (!authorize (data->engine, data->session, data->id, data->case_number, &error) ||
      !(bytes = make_thumbnail (data->engine, data->kind, data->stored_path, data->original_name,
                                data->max_side, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* public API */

GBytes *
sl_engine_evidence_thumbnail (SlEngine      *self,
                              SlSession     *session,
                              SlEvidence    *evidence,
                              guint          max_side,
                              GCancellable  *cancellable,
                              GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (evidence != NULL, NULL);

  if (!authorize (self, session, evidence->id, evidence->case_number, error))
    return NULL;
  return make_thumbnail (self, evidence->kind, evidence->stored_path, evidence->original_name, max_side,
                         cancellable, error);
}

void
sl_engine_evidence_thumbnail_async (SlEngine            *self,
                                    SlSession           *session,
                                    SlEvidence          *evidence,
                                    guint                max_side,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (evidence != NULL);

  data = g_new0 (ThumbnailTask, 1);
  data->engine = g_object_ref (self);
  data->session = g_object_ref (session);
  data->id = evidence->id;
  data->case_number = g_strdup (evidence->case_number);
  data->kind = evidence->kind;
  data->stored_path = g_strdup (evidence->stored_path);
  data->original_name = g_strdup (evidence->original_name);
  data->max_side = max_side;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_engine_evidence_thumbnail_async);
  g_task_set_task_data (task, data, thumbnail_task_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GBytes *
sl_engine_evidence_thumbnail_finish (SlEngine      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sl_engine_evidence_findings (SlEngine    *self,
                             SlSession   *session,
                             SlEvidence  *evidence,
                             int         *n_faces,
                             int         *n_tracks,
                             gboolean    *partial,
                             GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *object_id = NULL;
  SlAuditEntry entry = { "evidence.findings", "evidence", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (evidence != NULL, FALSE);

  *n_faces = -1;
  *n_tracks = -1;
  *partial = FALSE;
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, evidence->id);
  entry.object_id = object_id;
  entry.case_number = evidence->case_number;
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error) ||
      !sl_engine_case_access (store, session, evidence->case_id, evidence->case_number, error))
    return FALSE;

  if (evidence->kind == SL_EVIDENCE_STILL)
    {
      g_autoptr(GPtrArray) faces = sl_probe_face_list (store, evidence->id, NULL, error);

      GError *local_error = NULL;

      if (faces == NULL)
        return FALSE;
      /* The viewer's rule: no face stored, yet analysed, is "no face". */
      if (faces->len > 0 ||
          sl_engine_still_analysed (store, evidence->case_number, evidence->id, &local_error))
        *n_faces = (int) faces->len;
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  else
    {
      SlModelManifest *manifest;
      const SlModelInfo *model;
      g_autoptr(SlFootageAnalysis) analysis = NULL;
      GError *local_error = NULL;

      if (!(manifest = sl_engine_get_manifest (self, error)) ||
          !(model = sl_engine_lookup_embedder (self, manifest, NULL, error)))
        return FALSE;
      analysis = sl_footage_analysis_lookup (store, evidence->id, model->sha256, SL_FOOTAGE_DEFAULT_SAMPLE_FPS,
                                             &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (analysis != NULL)
        {
          *n_tracks = (int) analysis->n_tracks;
          *partial = analysis->partial;
        }
    }
  return TRUE;
}
