/* sl-engine-analyse.c: finding the faces of a still in a case and storing
 * them as probe faces, or the face tracks of footage with their best views
 * as probe faces, with the audit row, in one transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search.h"
#include "analysis/sl-face-record.h"

typedef struct
{
  SlSession *session;
  char      *case_number;
  gint64     evidence_id;
  char      *embedder_id;
} AnalyseTask;

/* What the footage analysis hands over while it runs. */
typedef struct
{
  GPtrArray              *tracks;     /* SlFootageTrack, sightings dropped */
  GHashTable             *sightings;  /* SlFootageTrack -> sightings (guint) */
  const SlAnalyseOptions *options;
} FootageCollect;

/* helpers */

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


/* Runs in the analysing thread. Only the best views are kept: the
 * sightings are counted, so memory grows with the tracks, not the frames. */
static gboolean
collect_track (SlFootageTrack  *track,
               gpointer         user_data,
               GError         **error)
{
  FootageCollect *collect = user_data;
  guint n = track->faces != NULL ? track->faces->len : 0;

  g_clear_pointer (&track->faces, g_array_unref);
  g_hash_table_insert (collect->sightings, track, GUINT_TO_POINTER (n));
  g_ptr_array_add (collect->tracks, track);
  return TRUE;
}

static void
forward_progress (const SlFootageProgress *progress,
                  gpointer                 user_data)
{
  FootageCollect *collect = user_data;

  if (collect->options != NULL && collect->options->progress != NULL)
    collect->options->progress (progress, collect->options->progress_data);
}

static void
add_footage_json (JsonObject        *details,
                  SlFootageAnalysis *a,
                  GPtrArray         *tracks)
{
  JsonArray *array = json_array_new ();

  json_object_set_int_member (details, "analysis_id", a->id);
  json_object_set_double_member (details, "sample_fps", a->sample_fps);
  json_object_set_boolean_member (details, "partial", a->partial);
  if (a->partial)
    {
      json_object_set_string_member (details, "stop_error", a->stop_error);
      json_object_set_int_member (details, "stopped_ms", a->stopped_ms);
    }
  json_object_set_int_member (details, "frames_decoded", a->frames_decoded);
  json_object_set_int_member (details, "samples", a->samples);
  for (guint i = 0; i < tracks->len; i++)
    {
      SlTrack *t = g_ptr_array_index (tracks, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "track_id", t->id);
      json_object_set_int_member (o, "first_ms", t->first_ms);
      json_object_set_int_member (o, "last_ms", t->last_ms);
      json_object_set_int_member (o, "best_face_id", t->best_face_id);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (details, "tracks", array);
}

static int
cmp_track_first (gconstpointer a,
                 gconstpointer b)
{
  const SlFootageTrack *x = *(SlFootageTrack * const *) a;
  const SlFootageTrack *y = *(SlFootageTrack * const *) b;

  return (x->first_ms > y->first_ms) - (x->first_ms < y->first_ms);
}

/* The words of the tracks table's end_reason. */
static const char *
end_reason (SlFootageTrackEnd end)
{
  switch (end)
    {
    case SL_FOOTAGE_END_LEFT:    return "left";
    case SL_FOOTAGE_END_CUT:     return "cut";
    case SL_FOOTAGE_END_FOOTAGE: return "footage";
    default:                     return NULL;
    }
}

/* Inside the caller's transaction: one track, its best views as probe
 * faces, and its best face named. */
static gint64
store_track (SlStore            *store,
             gint64              user_id,
             gint64              evidence_id,
             gint64              analysis_id,
             const SlModelInfo  *model,
             SlFootageTrack     *ft,
             guint               n_sightings,
             GError            **error)
{
  SlTrack t = {
    .evidence_id = evidence_id,
    .analysis_id = analysis_id,
    .first_ms = ft->first_ms,
    .last_ms = ft->last_ms,
    .first_frame = ft->first_frame,
    .last_frame = ft->last_frame,
    .end_reason = (char *) end_reason (ft->end),
    .n_sightings = n_sightings,
    .template_embedding = ft->template_embedding,
    .dim = ft->dim,
    .model_id = (char *) model->id,
    .model_sha256 = (char *) model->sha256,
  };
  gint64 best_face_id = 0;

  if ((t.id = sl_track_insert (store, &t, user_id, error)) == 0)
    return 0;
  for (guint i = 0; i < ft->best->len; i++)
    {
      SlFootageView *view = g_ptr_array_index (ft->best, i);
      const SlFace *face = &view->sighting.face;
      g_autofree char *landmarks = sl_face_landmarks_to_json (face);
      g_autofree char *quality = sl_face_quality_to_json (&face->quality);
      SlProbeFace f = {
        .evidence_id = evidence_id,
        .track_id = t.id,
        .frame_ms = view->sighting.time_ms,
        .frame_index = view->sighting.frame,
        .landmarks_json = landmarks,
        .detector_score = face->score,
        .quality_band = (char *) sl_quality_band_to_string (face->quality.band),
        .quality_json = quality,
        .embedding = view->embedding,
        .dim = ft->dim,
        .model_id = (char *) model->id,
        .model_sha256 = (char *) model->sha256,
        .crop = view->crop_jpeg,
      };
      gint64 id;

      memcpy (f.box, face->box, sizeof f.box);
      if ((id = sl_probe_face_insert (store, &f, user_id, error)) == 0)
        return 0;
      if (i == 0)
        best_face_id = id;
    }
  if (best_face_id > 0 && !sl_track_set_best_face (store, t.id, best_face_id, error))
    return 0;
  return t.id;
}

/* The footage half of analyse_with: the caller has checked the case, the
 * evidence and the role, and audits a failure. */
static gboolean
analyse_footage (SlEngine                *self,
                 SlStore                 *store,
                 SlSession               *session,
                 SlEvidence              *evidence,
                 SlFaceAnalyser          *analyser,
                 const SlAnalyseOptions  *options,
                 SlAuditEntry            *entry,
                 SlAnalysis              *analysis,
                 GCancellable            *cancellable,
                 GError                 **error)
{
  const SlModelInfo *model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  g_autoptr(SlFootageResult) result = NULL;
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_footage_track_free);
  g_autoptr(GHashTable) sightings = g_hash_table_new (NULL, NULL);
  g_autoptr(SlFootageAnalysis) record = g_new0 (SlFootageAnalysis, 1);
  g_autofree char *path = NULL;
  FootageCollect collect = { tracks, sightings, options };
  SlFootageOptions fo;
  gint64 user_id = sl_session_get_user_id (session);

  sl_footage_options_init (&fo);
  if (options != NULL && options->sample_fps >= 0)
    fo.sample_fps = options->sample_fps;
  json_object_set_double_member (entry->details, "sample_fps", fo.sample_fps);
  analysis->faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_probe_face_free);

  {
    GError *lookup_error = NULL;

    analysis->footage = sl_footage_analysis_lookup (store, evidence->id, model->sha256, fo.sample_fps,
                                                    &lookup_error);
    if (lookup_error != NULL)
      {
        g_propagate_error (error, lookup_error);
        return FALSE;
      }
  }
  if (analysis->footage != NULL)
    {
      /* Analysed before with this model at this rate: the tracks are those. */
      analysis->already = TRUE;
      json_object_set_boolean_member (entry->details, "already_analysed", TRUE);
      if (!(analysis->tracks = sl_track_list (store, analysis->footage->id, error)))
        return FALSE;
      add_footage_json (entry->details, analysis->footage, analysis->tracks);
      return sl_store_begin (store, error) &&
             sl_engine_audit (self, store, session, entry, SL_AUDIT_SUCCESS, error) &&
             sl_engine_commit (store, error);
    }

  path = sl_engine_evidence_path (self, evidence);
  if (!sl_evidence_store_check (sl_engine_get_evidence (self), evidence->stored_path, error) ||
      !(result = sl_footage_analyse (analyser, path, &fo, collect_track, forward_progress, &collect,
                                     cancellable, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sl_engine_error_name_evidence (error, path, evidence->original_name, _("Cannot analyse"));
      return FALSE;
    }
  g_ptr_array_sort (tracks, cmp_track_first);

  record->evidence_id = evidence->id;
  record->model_id = g_strdup (model->id);
  record->model_sha256 = g_strdup (model->sha256);
  record->sample_fps = fo.sample_fps;
  record->partial = result->partial;
  /* The decoder names the stored file; a person knows the original. */
  sl_engine_error_name_evidence (&result->stop_error, path, evidence->original_name, NULL);
  if (result->partial)
    record->stop_error = g_strdup_printf (_("Evidence %" PRId64 " ('%s'): %s"), evidence->id,
                                          evidence->original_name,
                                          result->stop_error != NULL ? result->stop_error->message
                                                                     : _("decoding stopped early"));
  record->stopped_ms = result->partial ? MAX (result->stopped_ms, 0) : -1;
  record->frames_decoded = result->frames_decoded;
  record->samples = (gint64) result->samples;
  record->n_tracks = tracks->len;

  if (!sl_store_begin (store, error))
    return FALSE;
  if ((record->id = sl_footage_analysis_insert (store, record, user_id, error)) == 0)
    goto rollback;
  for (guint i = 0; i < tracks->len; i++)
    {
      SlFootageTrack *ft = g_ptr_array_index (tracks, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sightings, ft));

      if (store_track (store, user_id, evidence->id, record->id, model, ft, n, error) == 0)
        goto rollback;
    }
  if (!(analysis->tracks = sl_track_list (store, record->id, error)))
    goto rollback;
  add_footage_json (entry->details, record, analysis->tracks);
  if (!sl_engine_audit (self, store, session, entry, SL_AUDIT_SUCCESS, error) ||
      !sl_engine_commit (store, error))
    return FALSE;
  analysis->footage = g_steal_pointer (&record);
  return TRUE;

rollback:
  sl_store_rollback (store);
  return FALSE;
}

/* The policy's footage-analysis-justification: whom the analysis looks
 * for and the facts, checked as a search checks its facts; the audit row
 * keeps both. */
static gboolean
check_footage_justification (SlStore                 *store,
                             const SlAnalyseOptions  *options,
                             JsonObject              *details,
                             GError                 **error)
{
  g_autoptr(SlPolicy) policy = sl_policy_load (store, error);
  g_autoptr(GError) text_error = NULL;
  g_autofree char *person = NULL;
  g_autofree char *facts = NULL;
  glong facts_len;

  if (policy == NULL)
    return FALSE;
  if (!policy->footage_justification)
    return TRUE;
  person = g_strstrip (g_strdup (options != NULL && options->person_sought != NULL ? options->person_sought : ""));
  facts = g_strstrip (g_strdup (options != NULL && options->facts != NULL ? options->facts : ""));
  if (*person != '\0')
    {
      g_autofree char *shown = sl_store_text_shown (person, 500);
      json_object_set_string_member (details, "person_sought", shown);
    }
  if (*facts != '\0')
    {
      g_autofree char *shown = sl_store_text_shown (facts, 10000);
      json_object_set_string_member (details, "facts", shown);
    }
  if (*person == '\0' || *facts == '\0')
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the policy asks, before footage is analysed, for the person sought and the "
                     "articulable facts; missing: %s"),
                   *person == '\0' && *facts == '\0' ? _("person sought, articulable facts")
                   : *person == '\0'                   ? _("person sought")
                                                       : _("articulable facts"));
      return FALSE;
    }
  if (!sl_text_check_chars (_("person sought"), person, 500, SL_TEXT_ONE_LINE, &text_error) ||
      !sl_text_check_chars (_("articulable facts"), facts, 10000, SL_TEXT_MULTI_LINE, &text_error) ||
      !sl_text_check_facts (facts, &text_error))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), text_error->message);
      return FALSE;
    }
  facts_len = g_utf8_strlen (facts, -1);
  if (facts_len < (glong) policy->min_facts_length)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the articulable facts are %ld characters long; the policy asks for at least %u"),
                   facts_len, policy->min_facts_length);
      return FALSE;
    }
  return TRUE;
}

static SlAnalysis *
analyse_with (SlEngine      *self,
              SlStore       *store,
              SlSession     *session,
              const char    *case_number,
              gint64         evidence_id,
              const char    *embedder_id,
              const SlAnalyseOptions *options,
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
  g_autoptr(GArray) found = NULL;
  g_autoptr(SlAnalysis) analysis = g_new0 (SlAnalysis, 1);
  g_autofree char *path = NULL;
  const SlModelInfo *model;
  SlEmbedder *embedder;
  GError *local_error = NULL;
  SlAuditEntry entry = { "evidence.analyze", "evidence", id_text, shown_case, details };

  json_object_set_int_member (details, "evidence_id", evidence_id);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_ANALYSE, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (!sl_engine_check_analysable (c, &local_error) ||
      !(evidence = sl_engine_find_evidence (store, c, evidence_id, &local_error)))
    goto fail;
  if (!(analyser = sl_engine_get_analyser (self, embedder_id, &local_error)))
    goto fail;
  embedder = sl_face_analyser_get_embedder (analyser);
  model = sl_embedder_get_model (embedder);
  json_object_set_string_member (details, "model", model->id);
  json_object_set_string_member (details, "model_sha256", model->sha256);
  analysis->evidence_id = evidence->id;
  analysis->evidence_name = g_strdup (evidence->original_name);
  analysis->case_number = g_strdup (c->number);
  analysis->model_id = g_strdup (model->id);

  if (evidence->kind == SL_EVIDENCE_FOOTAGE)
    {
      if (!check_footage_justification (store, options, details, &local_error) ||
          !analyse_footage (self, store, session, evidence, analyser, options, &entry, analysis, cancellable,
                            &local_error))
        goto fail;
      return g_steal_pointer (&analysis);
    }

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
      !(found = sl_detector_detect (sl_face_analyser_get_detector (analyser), image, &local_error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      sl_engine_error_name_evidence (&local_error, path, evidence->original_name, _("Cannot analyse"));
      goto fail;
    }

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
analyse_task_free (gpointer user_data)
{
  AnalyseTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->case_number);
  g_free (data->embedder_id);
  g_free (data);
}

static gpointer
analyse_work (SlEngine      *engine,
              SlStore       *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  AnalyseTask *data = task_data;

  return analyse_with (engine, store, data->session, data->case_number, data->evidence_id, data->embedder_id,
                       NULL, cancellable, error);
}

/* public API */

void
sl_analysis_free (SlAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_free (analysis->case_number);
  g_free (analysis->evidence_name);
  g_free (analysis->model_id);
  g_clear_pointer (&analysis->faces, g_ptr_array_unref);
  g_clear_pointer (&analysis->footage, sl_footage_analysis_free);
  g_clear_pointer (&analysis->tracks, g_ptr_array_unref);
  g_free (analysis);
}

SlAnalysis *
sl_engine_analyse (SlEngine      *self,
                   SlSession     *session,
                   const char    *case_number,
                   gint64         evidence_id,
                   const char    *embedder_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return analyse_with (self, sl_engine_get_store (self), session, case_number, evidence_id, embedder_id,
                       NULL, cancellable, error);
}

SlAnalysis *
sl_engine_analyse_full (SlEngine                *self,
                        SlSession               *session,
                        const char              *case_number,
                        gint64                   evidence_id,
                        const char              *embedder_id,
                        const SlAnalyseOptions  *options,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return analyse_with (self, sl_engine_get_store (self), session, case_number, evidence_id, embedder_id,
                       options, cancellable, error);
}

void
sl_engine_analyse_async (SlEngine            *self,
                         SlSession           *session,
                         const char          *case_number,
                         gint64               evidence_id,
                         const char          *embedder_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyseTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);

  data = g_new0 (AnalyseTask, 1);
  data->session = g_object_ref (session);
  data->case_number = g_strdup (case_number);
  data->evidence_id = evidence_id;
  data->embedder_id = g_strdup (embedder_id);
  task = sl_engine_task_new (self, sl_engine_analyse_async, cancellable, callback, user_data);
  sl_engine_task_run (task, analyse_work, data, analyse_task_free, (GDestroyNotify) sl_analysis_free);
}

SlAnalysis *
sl_engine_analyse_finish (SlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_analyse_async, error);
}

/* private API */

SlEvidence *
sl_engine_find_evidence (SlStore  *store,
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
               _("The case '%s' has no evidence %" PRId64), c->number, evidence_id);
  return NULL;
}

gboolean
sl_engine_check_analysable (SlCase  *c,
                            GError **error)
{
  if (!c->closed)
    return TRUE;
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
               _("Refused: the case '%s' is closed; its evidence is not analysed any more"), c->number);
  return FALSE;
}
