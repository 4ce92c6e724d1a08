/* sl-engine-search.c: the justified 1:N search. Every rule is checked
 * before anything is computed, and a refusal is audited; a search that
 * runs is recorded (with what EU AI Act Art. 12(3) asks: start and end,
 * the gallery and its size, the probe face, the person) together with the
 * candidates it showed and its audit row, in one transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-gallery.h"
#include "core/sl-track.h"
#include "engine/sl-engine-fairness.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search-check-private.h"
#include "engine/sl-engine-search.h"

/* helpers */

static const char *
probe_name (const SlSearchRequest *r)
{
  if (r->track_id == 0)
    return "face";
  return r->track_probe == SL_TRACK_PROBE_BEST ? "track-best" : "track-template";
}

/* The justification, as it was given, for the audit row: refused
 * requests are recorded too. */
static void
request_details (JsonObject            *d,
                 const SlSearchRequest *r)
{
  const struct { const char *key; const char *value; gsize max; } texts[] = {
    { "case", r->case_number, 64 },
    { "gallery", r->gallery, SL_GALLERY_NAME_MAX },
    { "offense", r->offense, SL_SEARCH_OFFENSE_MAX },
    { "legal_basis", r->legal_basis, SL_SEARCH_LEGAL_BASIS_MAX },
    { "purpose", r->purpose, 64 },
    { "facts", r->facts, SL_SEARCH_FACTS_MAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i].value != NULL)
      {
        g_autofree char *shown = sl_store_text_shown (texts[i].value, texts[i].max);
        json_object_set_string_member (d, texts[i].key, shown);
      }
    else
      json_object_set_null_member (d, texts[i].key);
  json_object_set_int_member (d, "face_id", r->face_id);
  if (r->track_id != 0)
    {
      json_object_set_int_member (d, "track_id", r->track_id);
      json_object_set_string_member (d, "probe", probe_name (r));
    }
  json_object_set_int_member (d, "top_k_requested", r->top_k);
  json_object_set_boolean_member (d, "below_threshold_requested", r->show_below_threshold);
}

static void
candidate_free (SlSearchCandidate *c)
{
  g_free (c->external_id);
  g_free (c->name);
  g_free (c->describe);
  g_free (c);
}

/* Which per-group measurement of the gallery's model file was in force;
 * NULL (and why, in the audit details) when there is none to use. A search
 * never fails for want of one. */
static char *
fairness_label (SlEngine   *self,
                SlGallery  *gallery,
                JsonObject *details)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(SlFairness) fairness = sl_engine_get_fairness (self, gallery->model_id, gallery->model_sha256, &why);

  if (fairness == NULL)
    {
      json_object_set_string_member (details, "fairness_note", why->message);
      return NULL;
    }
  return sl_fairness_describe (fairness);
}

static char *
calibration_label (SlCalibration *calibration)
{
  g_autofree char *pairs = sl_format_count (sl_calibration_get_n_nonmated (calibration));

  return g_strdup_printf ("%s: %s (%s non-mated pairs, measured %s)", sl_calibration_get_model_id (calibration),
                          sl_calibration_get_dataset (calibration), pairs,
                          sl_calibration_get_created (calibration));
}

static SlSearchResult *
search_with (SlEngine               *self,
             SlStore                *store,
             SlSession              *session,
             const SlSearchRequest  *req,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (req->case_number, 64);
  g_autofree char *search_id_text = NULL;
  g_auto(SlSearchChecks) checks = { 0 };
  SlPolicy *policy;
  SlCase *c;
  SlProbeFace *face;
  SlTrack *track;
  SlGallery *gallery;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(SlGalleryMatrix) matrix = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(SlSearchResult) result = g_new0 (SlSearchResult, 1);
  const SlOffense *offense;
  GError *local_error = NULL;
  SlAuditEntry entry = { "search", "search", NULL, shown_case, details };
  guint top_k = 0;
  float threshold;
  gint64 t0, t1;

  request_details (details, req);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_SEARCH, &entry, error))
    return NULL;

  /* Every rule before anything is computed (sl-engine-search-check.c). */
  if (!sl_engine_search_check_with (store, req, details, &checks, &local_error) ||
      !sl_engine_case_access (store, session, checks.c->id, checks.c->number, &local_error))
    goto fail;
  policy = checks.policy;
  c = checks.c;
  track = checks.track;
  face = checks.face;
  gallery = checks.gallery;
  offense = checks.offense;
  top_k = checks.top_k;
  if (req->person)
    {
      /* The person stands in for the face named (its best view, or its
       * template): grouped as the persons of the case are listed. */
      if (!sl_engine_search_person_probe (self, store, req, &checks, details, cancellable, &result->members,
                                          &local_error))
        goto fail;
      face = checks.face;
    }
  if (!(calibration = sl_engine_get_calibration (self, gallery->model_id, gallery->model_sha256, &local_error)))
    goto fail;

  /* The search itself. */
  result->started_at = sl_store_now ();
  t0 = g_get_monotonic_time ();
  if (!(matrix = sl_engine_get_matrix (self, store, gallery->id, gallery->generation, &result->matrix_loaded,
                                       cancellable, &local_error)))
    goto fail;
  t1 = g_get_monotonic_time ();
  threshold = (float) policy->threshold;
  if (!(hits = sl_gallery_matrix_search (matrix, face->embedding, top_k,
                                         req->show_below_threshold ? -INFINITY : threshold, &local_error)))
    goto fail;
  result->load_ms = (t1 - t0) / 1000.0;
  result->search_ms = (g_get_monotonic_time () - t1) / 1000.0;

  result->case_number = g_strdup (c->number);
  result->face_id = face->id;
  result->probe_label = sl_probe_face_label (face);
  result->track_id = track != NULL ? track->id : 0;
  result->probe = probe_name (req);
  if (req->person)
    result->probe = req->track_probe == SL_TRACK_PROBE_TEMPLATE ? "person-template" : "person-best";
  if (result->members != NULL && result->members->len == 0)
    g_clear_pointer (&result->members, g_array_unref);
  result->gallery = g_strdup (gallery->name);
  result->gallery_size = sl_gallery_matrix_get_n_faces (matrix);
  result->gallery_subjects = sl_gallery_matrix_get_n_subjects (matrix);
  result->model_id = g_strdup (gallery->model_id);
  result->threshold = policy->threshold;
  result->top_k = top_k;
  result->below_threshold_shown = req->show_below_threshold;
  result->calibration = calibration_label (calibration);
  result->fairness = fairness_label (self, gallery, details);
  result->threshold_describe = sl_calibration_describe (calibration, policy->threshold);
  result->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  for (guint i = 0; i < hits->len; i++)
    {
      const SlGalleryHit *hit = &g_array_index (hits, SlGalleryHit, i);
      SlSearchCandidate *k = g_new0 (SlSearchCandidate, 1);

      g_ptr_array_add (result->candidates, k);
      k->rank = i + 1;
      k->subject_id = hit->subject_id;
      k->gallery_face_id = hit->face_id;
      k->similarity = hit->score;
      k->false_match_rate = sl_calibration_false_match_rate (calibration, hit->score, &k->beyond_range);
      k->expected_false = k->false_match_rate * (double) result->gallery_size;
      k->above_threshold = hit->score >= threshold;
      k->describe = sl_calibration_describe (calibration, hit->score);
      if (k->above_threshold)
        result->above_threshold++;
      if (!sl_subject_lookup (store, hit->subject_id, &k->external_id, &k->name, &local_error))
        goto fail;
    }

  /* The record: the search, what it showed, and its audit row. */
  if (!sl_store_begin (store, &local_error))
    goto fail;
  result->ended_at = sl_store_now ();
  {
    SlSearchRow record = {
      .case_id = c->id,
      .face_id = face->id,
      .track_id = result->track_id,
      /* A person's best view or template is recorded as its best view's
       * face; a template's members beside it (migration 17). */
      .probe = req->person ? "face" : result->probe,
      .gallery_id = gallery->id,
      .gallery_name = gallery->name,
      .gallery_size = result->gallery_size,
      .gallery_subjects = result->gallery_subjects,
      .gallery_generation = sl_gallery_matrix_get_generation (matrix),
      .model_id = gallery->model_id,
      .model_sha256 = gallery->model_sha256,
      .calibration = result->calibration,
      .fairness = result->fairness,
      .threshold = policy->threshold,
      .top_k = top_k,
      .below_threshold_shown = req->show_below_threshold,
      .above_threshold = result->above_threshold,
      .offense_code = checks.offense_text,
      .offense_label = offense != NULL ? offense->label : checks.offense_text,
      .legal_basis = checks.legal_basis,
      .purpose = checks.purpose,
      .facts = checks.facts,
      .run_by = sl_session_get_user_id (session),
      .started_at = result->started_at,
      .ended_at = result->ended_at,
    };
    JsonArray *shown = json_array_new ();

    if ((result->search_id = sl_search_insert (store, &record, &local_error)) == 0)
      {
        json_array_unref (shown);
        goto fail;
      }
    entry.object_id = search_id_text = g_strdup_printf ("%" PRId64, result->search_id);
    for (guint i = 0; result->members != NULL && i < result->members->len; i++)
      if (!sl_search_member_insert (store, result->search_id, &g_array_index (result->members, SlSearchMember, i),
                                    &local_error))
        {
          json_array_unref (shown);
          goto fail;
        }
    for (guint i = 0; i < result->candidates->len; i++)
      {
        SlSearchCandidate *k = g_ptr_array_index (result->candidates, i);
        JsonObject *o;

        if ((k->candidate_id = sl_candidate_insert (store, result->search_id, k->rank, k->subject_id,
                                                    k->gallery_face_id, k->similarity, k->false_match_rate,
                                                    k->beyond_range, k->expected_false, k->above_threshold,
                                                    &local_error)) == 0)
          {
            json_array_unref (shown);
            goto fail;
          }
        o = json_object_new ();
        json_object_set_int_member (o, "candidate_id", k->candidate_id);
        json_object_set_int_member (o, "rank", k->rank);
        json_object_set_double_member (o, "similarity", k->similarity);
        json_object_set_double_member (o, "false_match_rate", k->false_match_rate);
        json_object_set_boolean_member (o, "beyond_measured_range", k->beyond_range);
        json_object_set_double_member (o, "expected_false_in_gallery", k->expected_false);
        json_object_set_boolean_member (o, "above_threshold", k->above_threshold);
        json_array_add_object_element (shown, o);
      }
    json_object_set_int_member (details, "search_id", result->search_id);
    json_object_set_string_member (details, "offense_label", record.offense_label);
    json_object_set_int_member (details, "gallery_size", result->gallery_size);
    json_object_set_int_member (details, "gallery_subjects", result->gallery_subjects);
    json_object_set_int_member (details, "gallery_generation", record.gallery_generation);
    json_object_set_string_member (details, "model", gallery->model_id);
    json_object_set_string_member (details, "model_sha256", gallery->model_sha256);
    json_object_set_string_member (details, "calibration", result->calibration);
    if (result->fairness != NULL)
      json_object_set_string_member (details, "fairness", result->fairness);
    else
      json_object_set_null_member (details, "fairness");
    json_object_set_double_member (details, "threshold", policy->threshold);
    json_object_set_int_member (details, "top_k", top_k);
    json_object_set_int_member (details, "above_threshold", result->above_threshold);
    json_object_set_string_member (details, "started_at", result->started_at);
    json_object_set_string_member (details, "ended_at", result->ended_at);
    json_object_set_array_member (details, "candidates", shown);
  }
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return g_steal_pointer (&result);

fail:
  entry.object_id = NULL;
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static gpointer
search_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  SlSearchTask *data = task_data;

  return search_with (engine, store, data->session, &data->request, cancellable, error);
}

/* public API */

const char *
sl_track_probe_to_string (SlTrackProbe probe)
{
  return probe == SL_TRACK_PROBE_BEST ? "best" : "template";
}

gboolean
sl_track_probe_from_string (const char   *text,
                            SlTrackProbe *probe)
{
  if (g_strcmp0 (text, "best") == 0)
    *probe = SL_TRACK_PROBE_BEST;
  else if (g_strcmp0 (text, "template") == 0)
    *probe = SL_TRACK_PROBE_TEMPLATE;
  else
    return FALSE;
  return TRUE;
}

void
sl_search_result_free (SlSearchResult *r)
{
  if (r == NULL)
    return;
  g_free (r->case_number);
  g_free (r->gallery);
  g_free (r->model_id);
  g_free (r->probe_label);
  g_free (r->calibration);
  g_free (r->fairness);
  g_free (r->threshold_describe);
  g_free (r->started_at);
  g_free (r->ended_at);
  g_clear_pointer (&r->candidates, g_ptr_array_unref);
  g_clear_pointer (&r->members, g_array_unref);
  g_free (r);
}

SlSearchResult *
sl_engine_search (SlEngine               *self,
                  SlSession              *session,
                  const SlSearchRequest  *request,
                  GCancellable           *cancellable,
                  GError                **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return search_with (self, sl_engine_get_store (self), session, request, cancellable, error);
}

void
sl_engine_search_async (SlEngine               *self,
                        SlSession              *session,
                        const SlSearchRequest  *request,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (request != NULL);

  task = sl_engine_task_new (self, sl_engine_search_async, cancellable, callback, user_data);
  sl_engine_task_run (task, search_work, sl_search_task_new (session, request), sl_search_task_free,
                      (GDestroyNotify) sl_search_result_free);
}

SlSearchResult *
sl_engine_search_finish (SlEngine      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_search_async, error);
}

/* private API */

SlSearchTask *
sl_search_task_new (SlSession             *session,
                    const SlSearchRequest *request)
{
  SlSearchTask *task = g_new0 (SlSearchTask, 1);

  task->session = g_object_ref (session);
  task->request = *request;
  task->request.case_number = g_strdup (request->case_number);
  task->request.gallery = g_strdup (request->gallery);
  task->request.offense = g_strdup (request->offense);
  task->request.legal_basis = g_strdup (request->legal_basis);
  task->request.purpose = g_strdup (request->purpose);
  task->request.facts = g_strdup (request->facts);
  return task;
}

void
sl_search_task_free (gpointer task)
{
  SlSearchTask *t = task;

  g_clear_object (&t->session);
  g_free ((char *) t->request.case_number);
  g_free ((char *) t->request.gallery);
  g_free ((char *) t->request.offense);
  g_free ((char *) t->request.legal_basis);
  g_free ((char *) t->request.purpose);
  g_free ((char *) t->request.facts);
  g_free (t);
}
