/* sl-engine-within.c: the justified search within a case. The request
 * passes the same checks as a gallery search (sl-engine-search-check.c),
 * a refusal is audited, and a search that runs is recorded with the
 * candidates it showed and its audit row in one transaction; what it
 * searches is the case's own faces and tracks instead of a gallery.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case-search.h"
#include "core/sl-face-label.h"
#include "engine/sl-engine-fairness.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search-check-private.h"
#include "engine/sl-engine-within.h"

/* helpers */

static const char *
probe_name (const SlSearchRequest *r)
{
  if (r->track_id == 0)
    return "face";
  return r->track_probe == SL_TRACK_PROBE_BEST ? "track-best" : "track-template";
}

static void
request_details (JsonObject            *d,
                 const SlSearchRequest *r)
{
  const struct { const char *key; const char *value; gsize max; } texts[] = {
    { "case", r->case_number, 64 },
    { "offense", r->offense, SL_SEARCH_OFFENSE_MAX },
    { "legal_basis", r->legal_basis, SL_SEARCH_LEGAL_BASIS_MAX },
    { "purpose", r->purpose, 64 },
    { "facts", r->facts, SL_SEARCH_FACTS_MAX },
  };

  json_object_set_string_member (d, "scope", "case");
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
candidate_free (SlWithinCandidate *k)
{
  g_free (k->describe);
  g_free (k->label);
  g_free (k);
}

/* Exact cosine, in double: the case's faces are few, and a score near the
 * threshold must not move with rounding. */
static double
cosine (const float *a,
        const float *b,
        guint        dim)
{
  double dot = 0, na = 0, nb = 0;

  for (guint i = 0; i < dim; i++)
    {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
  if (na == 0 || nb == 0)
    return 0;
  return dot / (sqrt (na) * sqrt (nb));
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const SlWithinCandidate *x = *(SlWithinCandidate **) a;
  const SlWithinCandidate *y = *(SlWithinCandidate **) b;

  if (x->similarity != y->similarity)
    return x->similarity > y->similarity ? -1 : 1;
  return (x->face_id > y->face_id) - (x->face_id < y->face_id);
}

static char *
fairness_label (SlEngine    *self,
                SlProbeFace *face,
                JsonObject  *details)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(SlFairness) fairness = sl_engine_get_fairness (self, face->model_id, face->model_sha256, &why);

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

/* Scores every face and track of the case but the probe's own, best
 * first, all of them (the caller keeps what it shows). */
static GPtrArray *
rank_case (SlStore         *store,
           SlSearchChecks  *checks,
           SlWithinResult  *result,
           SlCalibration   *calibration,
           GCancellable    *cancellable,
           GError         **error)
{
  SlProbeFace *face = checks->face;
  gint64 own_track = checks->track != NULL ? checks->track->id : face->track_id;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);

  if (!(items = sl_case_item_list (store, checks->c->id, error)))
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      SlCaseItem *item = g_ptr_array_index (items, i);
      SlWithinCandidate *k;

      if (item->face_id == face->id || (own_track > 0 && item->track_id == own_track))
        continue;
      if (g_strcmp0 (item->model_sha256, face->model_sha256) != 0 || item->dim != face->dim)
        {
          result->skipped_other_model++;
          continue;
        }
      if ((i & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      k = g_new0 (SlWithinCandidate, 1);
      k->evidence_id = item->evidence_id;
      k->face_id = item->face_id;
      k->track_id = item->track_id;
      k->time_ms = item->time_ms;
      k->label = sl_face_label (k->face_id, k->track_id, k->time_ms, item->evidence_name);
      k->similarity = cosine (face->embedding, item->embedding, face->dim);
      k->false_match_rate = sl_calibration_false_match_rate (calibration, k->similarity, &k->beyond_range);
      g_ptr_array_add (ranked, k);
    }
  result->compared = ranked->len;
  g_ptr_array_sort (ranked, compare_candidates);
  return g_steal_pointer (&ranked);
}

static gboolean
record (SlEngine        *self,
        SlStore         *store,
        SlSession       *session,
        SlSearchChecks  *checks,
        SlWithinResult  *result,
        SlAuditEntry    *entry,
        char           **search_id_text,
        GError         **error)
{
  JsonObject *details = entry->details;
  SlCaseSearchRow row = {
    .case_id = checks->c->id,
    .face_id = checks->face->id,
    .track_id = result->track_id,
    .probe = result->probe,
    .compared = result->compared,
    .skipped_other_model = result->skipped_other_model,
    .model_id = checks->face->model_id,
    .model_sha256 = checks->face->model_sha256,
    .calibration = result->calibration,
    .fairness = result->fairness,
    .threshold = result->threshold,
    .top_k = result->top_k,
    .below_threshold_shown = result->below_threshold_shown,
    .above_threshold = result->above_threshold,
    .offense_code = checks->offense_text,
    .offense_label = checks->offense != NULL ? checks->offense->label : checks->offense_text,
    .legal_basis = checks->legal_basis,
    .purpose = checks->purpose,
    .facts = checks->facts,
    .run_by = sl_session_get_user_id (session),
    .started_at = result->started_at,
    .ended_at = result->ended_at,
  };
  g_autoptr(JsonArray) shown = json_array_new ();

  if ((result->search_id = sl_case_search_insert (store, &row, error)) == 0)
    return FALSE;
  entry->object_id = *search_id_text = g_strdup_printf ("%" PRId64, result->search_id);
  for (guint i = 0; i < result->candidates->len; i++)
    {
      SlWithinCandidate *k = g_ptr_array_index (result->candidates, i);
      SlCaseCandidateRow c = {
        .rank = k->rank, .evidence_id = k->evidence_id, .face_id = k->face_id, .track_id = k->track_id,
        .time_ms = k->time_ms, .similarity = k->similarity, .false_match_rate = k->false_match_rate,
        .beyond_range = k->beyond_range, .expected_false = k->expected_false,
        .above_threshold = k->above_threshold,
      };
      JsonObject *o;

      if ((k->candidate_id = sl_case_candidate_insert (store, result->search_id, &c, error)) == 0)
        return FALSE;
      o = json_object_new ();
      json_object_set_int_member (o, "candidate_id", k->candidate_id);
      json_object_set_int_member (o, "rank", k->rank);
      json_object_set_int_member (o, "evidence_id", k->evidence_id);
      json_object_set_int_member (o, "face_id", k->face_id);
      if (k->track_id > 0)
        json_object_set_int_member (o, "track_id", k->track_id);
      if (k->time_ms >= 0)
        json_object_set_int_member (o, "time_ms", k->time_ms);
      json_object_set_double_member (o, "similarity", k->similarity);
      json_object_set_double_member (o, "false_match_rate", k->false_match_rate);
      json_object_set_boolean_member (o, "beyond_measured_range", k->beyond_range);
      json_object_set_double_member (o, "expected_false_in_case", k->expected_false);
      json_object_set_boolean_member (o, "above_threshold", k->above_threshold);
      json_array_add_object_element (shown, o);
    }
  json_object_set_int_member (details, "search_id", result->search_id);
  json_object_set_string_member (details, "offense_label", row.offense_label);
  json_object_set_int_member (details, "compared", result->compared);
  json_object_set_int_member (details, "skipped_other_model", result->skipped_other_model);
  json_object_set_string_member (details, "model", row.model_id);
  json_object_set_string_member (details, "model_sha256", row.model_sha256);
  json_object_set_string_member (details, "calibration", result->calibration);
  if (result->fairness != NULL)
    json_object_set_string_member (details, "fairness", result->fairness);
  else
    json_object_set_null_member (details, "fairness");
  json_object_set_double_member (details, "threshold", result->threshold);
  json_object_set_int_member (details, "top_k", result->top_k);
  json_object_set_int_member (details, "above_threshold", result->above_threshold);
  json_object_set_string_member (details, "started_at", result->started_at);
  json_object_set_string_member (details, "ended_at", result->ended_at);
  json_object_set_array_member (details, "candidates", g_steal_pointer (&shown));
  return TRUE;
}

static SlWithinResult *
within_with (SlEngine               *self,
             SlStore                *store,
             SlSession              *session,
             const SlSearchRequest  *request,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (request->case_number, 64);
  g_autofree char *search_id_text = NULL;
  g_auto(SlSearchChecks) checks = { 0 };
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(SlWithinResult) result = g_new0 (SlWithinResult, 1);
  SlSearchRequest req = *request;
  GError *local_error = NULL;
  SlAuditEntry entry = { "search", "case-search", NULL, shown_case, details };
  gint64 t0;

  req.within_case = TRUE;
  req.gallery = NULL;
  request_details (details, &req);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_SEARCH, &entry, error))
    return NULL;
  if (!sl_engine_search_check_with (store, &req, details, &checks, &local_error) ||
      !sl_engine_case_access (store, session, checks.c->id, checks.c->number, &local_error))
    goto fail;
  if (!(calibration = sl_engine_get_calibration (self, checks.face->model_id, checks.face->model_sha256,
                                                 &local_error)))
    goto fail;

  result->started_at = sl_store_now ();
  result->case_number = g_strdup (checks.c->number);
  result->face_id = checks.face->id;
  result->probe_label = sl_probe_face_label (checks.face);
  result->track_id = checks.track != NULL ? checks.track->id : 0;
  result->probe = probe_name (&req);
  result->model_id = g_strdup (checks.face->model_id);
  result->threshold = checks.policy->threshold;
  result->top_k = checks.top_k;
  result->below_threshold_shown = req.show_below_threshold;
  result->calibration = calibration_label (calibration);
  result->fairness = fairness_label (self, checks.face, details);
  result->threshold_describe = sl_calibration_describe (calibration, result->threshold);

  t0 = g_get_monotonic_time ();
  if (!(ranked = rank_case (store, &checks, result, calibration, cancellable, &local_error)))
    goto fail;
  result->search_ms = (g_get_monotonic_time () - t0) / 1000.0;
  result->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  while (ranked->len > 0 && result->candidates->len < result->top_k)
    {
      SlWithinCandidate *k = g_ptr_array_index (ranked, 0);

      /* The threshold as the gallery search compares it: in float. */
      k->above_threshold = k->similarity >= (double) (float) result->threshold;
      if (!k->above_threshold && !req.show_below_threshold)
        break;
      k->rank = result->candidates->len + 1;
      k->expected_false = k->false_match_rate * (double) result->compared;
      k->describe = sl_calibration_describe (calibration, k->similarity);
      if (k->above_threshold)
        result->above_threshold++;
      g_ptr_array_add (result->candidates, g_ptr_array_steal_index (ranked, 0));
    }

  if (!sl_store_begin (store, &local_error))
    goto fail;
  result->ended_at = sl_store_now ();
  if (!record (self, store, session, &checks, result, &entry, &search_id_text, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_store_rollback (store);
      goto fail;
    }
  return g_steal_pointer (&result);

fail:
  entry.object_id = NULL;
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static gpointer
within_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  SlSearchTask *data = task_data;

  return within_with (engine, store, data->session, &data->request, cancellable, error);
}

/* public API */

void
sl_within_result_free (SlWithinResult *r)
{
  if (r == NULL)
    return;
  g_free (r->case_number);
  g_free (r->model_id);
  g_free (r->probe_label);
  g_free (r->calibration);
  g_free (r->fairness);
  g_free (r->threshold_describe);
  g_free (r->started_at);
  g_free (r->ended_at);
  g_clear_pointer (&r->candidates, g_ptr_array_unref);
  g_free (r);
}

SlWithinResult *
sl_engine_search_within (SlEngine               *self,
                         SlSession              *session,
                         const SlSearchRequest  *request,
                         GCancellable           *cancellable,
                         GError                **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return within_with (self, sl_engine_get_store (self), session, request, cancellable, error);
}

void
sl_engine_search_within_async (SlEngine               *self,
                               SlSession              *session,
                               const SlSearchRequest  *request,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  SlSearchTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (request != NULL);

  /* A search within the case names no gallery. */
  data = sl_search_task_new (session, request);
  g_clear_pointer ((char **) &data->request.gallery, g_free);
  task = sl_engine_task_new (self, sl_engine_search_within_async, cancellable, callback, user_data);
  sl_engine_task_run (task, within_work, data, sl_search_task_free,
                      (GDestroyNotify) sl_within_result_free);
}

SlWithinResult *
sl_engine_search_within_finish (SlEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_search_within_async, error);
}
