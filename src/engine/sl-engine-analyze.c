/* sl-engine-analyze.c: finding the faces of a still in a case and storing
 * them as probe faces, with the audit row, in one transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search.h"
#include "engine/sl-face-record.h"

typedef struct
{
  SlEngine  *engine;
  SlSession *session;
  char      *case_number;
  gint64     evidence_id;
  char      *embedder_id;
} AnalyzeTask;

/* helpers */

static SlEvidence *
find_evidence (SlStore  *store,
               SlCase   *c,
               gint64    evidence_id,
               GError  **error)
{
  g_autoptr(GPtrArray) list = sl_evidence_list (store, c->id, error);

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (((SlEvidence *) g_ptr_array_index (list, i))->id == evidence_id)
      return g_ptr_array_steal_index (list, i);
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
               _("The case '%s' has no evidence %" PRId64 " (see 'sightline-cli evidence list --case %s')"),
               c->number, evidence_id, c->number);
  return NULL;
}

static void
add_faces_json (JsonObject *details,
                GPtrArray  *faces)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (faces, i);
      JsonObject *o = json_object_new ();
      JsonArray *box = json_array_new ();

      for (int k = 0; k < 4; k++)
        json_array_add_double_element (box, f->box[k]);
      json_object_set_int_member (o, "face_id", f->id);
      json_object_set_array_member (o, "box", box);
      json_object_set_string_member (o, "quality", f->quality_band);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (details, "faces", array);
}

static SlAnalysis *
analyze_with (SlEngine      *self,
              SlStore       *store,
              SlSession     *session,
              const char    *case_number,
              gint64         evidence_id,
              const char    *embedder_id,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, evidence_id);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) evidence = NULL;
  g_autoptr(SlFaceAnalyzer) analyzer = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(SlAnalysis) analysis = g_new0 (SlAnalysis, 1);
  g_autofree char *path = NULL;
  const SlModelInfo *model;
  SlEmbedder *embedder;
  GError *local_error = NULL;
  SlAuditEntry entry = { "evidence.analyze", "evidence", id_text, shown_case, details };

  json_object_set_int_member (details, "evidence_id", evidence_id);
  if (!sl_engine_authorize (self, store, session, SL_ACTION_ANALYZE, &entry, error))
    return NULL;
  if (!(c = sl_case_lookup (store, case_number, &local_error)))
    goto fail;
  if (c->closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the case '%s' is closed; its evidence is not analysed any more"), c->number);
      goto fail;
    }
  if (!(evidence = find_evidence (store, c, evidence_id, &local_error)))
    goto fail;
  if (evidence->kind != SL_EVIDENCE_STILL)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("Evidence %" PRId64 " ('%s') is footage; this version analyses stills only"),
                   evidence->id, evidence->original_name);
      goto fail;
    }
  if (!(analyzer = sl_engine_get_analyzer (self, embedder_id, &local_error)))
    goto fail;
  embedder = sl_face_analyzer_get_embedder (analyzer);
  model = sl_embedder_get_model (embedder);
  json_object_set_string_member (details, "model", model->id);
  json_object_set_string_member (details, "model_sha256", model->sha256);
  analysis->evidence_id = evidence->id;
  analysis->case_number = g_strdup (c->number);
  analysis->model_id = g_strdup (model->id);

  if (!(analysis->faces = sl_probe_face_list (store, evidence->id, model->sha256, &local_error)))
    goto fail;
  if (analysis->faces->len > 0)
    {
      /* Analysed before with this very model: the faces are those. */
      analysis->already = TRUE;
      json_object_set_boolean_member (details, "already_analysed", TRUE);
      add_faces_json (details, analysis->faces);
      if (!sl_store_begin (store, &local_error) ||
          !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
          !sl_engine_commit (store, &local_error))
        goto fail;
      return g_steal_pointer (&analysis);
    }

  path = sl_engine_evidence_path (self, evidence);
  if (!sl_evidence_store_check (sl_engine_get_evidence (self), evidence->stored_path, &local_error) ||
      !(image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &local_error)) ||
      !(found = sl_detector_detect (sl_face_analyzer_get_detector (analyzer), image, &local_error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto fail;

  {
    g_autoptr(GPtrArray) faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_probe_face_free);
    guint dim = sl_embedder_get_dim (embedder);

    /* Embedded before the transaction: it stays short. */
    for (guint i = 0; i < found->len; i++)
      {
        const SlFace *face = &g_array_index (found, SlFace, i);
        SlProbeFace *f = g_new0 (SlProbeFace, 1);

        g_ptr_array_add (faces, f);
        f->evidence_id = evidence->id;
        f->frame_ms = -1;
        memcpy (f->box, face->box, sizeof f->box);
        f->landmarks_json = sl_face_landmarks_to_json (face);
        f->detector_score = face->score;
        f->quality_band = g_strdup (sl_quality_band_to_string (face->quality.band));
        f->quality_json = sl_face_quality_to_json (&face->quality);
        f->embedding = g_new (float, dim);
        f->dim = dim;
        f->model_id = g_strdup (model->id);
        f->model_sha256 = g_strdup (model->sha256);
        if (!sl_embedder_embed (embedder, image, face, f->embedding, &local_error) ||
            !(f->crop = sl_face_crop_jpeg (embedder, image, face, &local_error)))
          goto fail;
      }

    if (!sl_store_begin (store, &local_error))
      goto fail;
    for (guint i = 0; i < faces->len; i++)
      {
        SlProbeFace *f = g_ptr_array_index (faces, i);
        if ((f->id = sl_probe_face_insert (store, f, sl_session_get_user_id (session), &local_error)) == 0)
          goto fail;
      }
    add_faces_json (details, faces);
    if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
        !sl_engine_commit (store, &local_error))
      goto fail;
  }
  g_clear_pointer (&analysis->faces, g_ptr_array_unref);
  if (!(analysis->faces = sl_probe_face_list (store, evidence->id, model->sha256, error)))
    return NULL;
  return g_steal_pointer (&analysis);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static void
analyze_task_free (gpointer user_data)
{
  AnalyzeTask *data = user_data;

  g_clear_object (&data->engine);
  g_clear_object (&data->session);
  g_free (data->case_number);
  g_free (data->embedder_id);
  g_free (data);
}

static void
analyze_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyzeTask *data = task_data;
  g_autoptr(SlStore) store = NULL;
  GError *error = NULL;
  SlAnalysis *analysis;

  if (!(store = sl_engine_connect (data->engine, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  analysis = analyze_with (data->engine, store, data->session, data->case_number, data->evidence_id,
                           data->embedder_id, cancellable, &error);
  if (analysis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, analysis, (GDestroyNotify) sl_analysis_free);
}

/* public API */

void
sl_analysis_free (SlAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_free (analysis->case_number);
  g_free (analysis->model_id);
  g_clear_pointer (&analysis->faces, g_ptr_array_unref);
  g_free (analysis);
}

SlAnalysis *
sl_engine_analyze (SlEngine      *self,
                   SlSession     *session,
                   const char    *case_number,
                   gint64         evidence_id,
                   const char    *embedder_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return analyze_with (self, sl_engine_get_store (self), session, case_number, evidence_id, embedder_id,
                       cancellable, error);
}

void
sl_engine_analyze_async (SlEngine            *self,
                         SlSession           *session,
                         const char          *case_number,
                         gint64               evidence_id,
                         const char          *embedder_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyzeTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);

  data = g_new0 (AnalyzeTask, 1);
  data->engine = g_object_ref (self);
  data->session = g_object_ref (session);
  data->case_number = g_strdup (case_number);
  data->evidence_id = evidence_id;
  data->embedder_id = g_strdup (embedder_id);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_engine_analyze_async);
  g_task_set_task_data (task, data, analyze_task_free);
  g_task_run_in_thread (task, analyze_thread);
}

SlAnalysis *
sl_engine_analyze_finish (SlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
