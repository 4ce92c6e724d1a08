/* sl-engine-admin.c: what an administrator sees before deciding: the
 * threshold preview from the calibrations, the model cards, model file
 * verification in a worker, and the subjects of a gallery.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-gallery.h"
/* The subject listing is one read query with no home in core yet. */
#include "analysis/sl-calibrate.h"
#include "engine/sl-engine-admin.h"
#include "engine/sl-engine-private.h"

/* Steps of the calibration curve a card carries. */
#define CURVE_STEP 0.005

/* helpers */

static gboolean
may_see_models (SlEngine    *self,
                SlSession   *session,
                const char  *audit_action,
                const char  *object_id,
                GError     **error)
{
  SlAuditEntry entry = { audit_action, "model", object_id, NULL, NULL };

  if (sl_session_may (session, SL_PERMISSION_POLICY_SET))
    return TRUE;
  return sl_engine_authorize (self, sl_engine_get_store (self), session, SL_PERMISSION_MODEL_MANAGE,
                              &entry, error);
}

static guint64
one_in (double rate)
{
  return rate > 0 ? (guint64) floor (1.0 / rate + 0.5) : 0;
}

static void
gallery_preview_free (SlGalleryPreview *p)
{
  g_free (p->gallery);
  g_free (p->model_id);
  g_free (p->problem);
  g_free (p);
}

static char *
source_text (const SlModelInfo *info)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (info->npm_package != NULL)
    g_string_append_printf (text, _("npm package %s"), info->npm_package);
  for (guint i = 0; info->urls != NULL && info->urls[i] != NULL; i++)
    if (*info->urls[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", info->urls[i]);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
details_fill_calibration (SlModelDetails   *card,
                       SlCalibration *calibration)
{
  card->calibrated = TRUE;
  card->dataset = g_strdup (sl_calibration_get_dataset (calibration));
  card->measured_at = g_strdup (sl_calibration_get_created (calibration));
  card->n_mated = sl_calibration_get_n_mated (calibration);
  card->n_nonmated = sl_calibration_get_n_nonmated (calibration);
  card->score_at_1e3 = sl_calibration_score_at_rate (calibration, 1e-3, &card->beyond_1e3);
  card->tmr_at_1e3 = sl_calibration_true_match_rate (calibration, card->score_at_1e3);
  card->score_at_1e5 = sl_calibration_score_at_rate (calibration, 1e-5, &card->beyond_1e5);
  card->tmr_at_1e5 = sl_calibration_true_match_rate (calibration, card->score_at_1e5);

  card->curve = g_array_new (FALSE, FALSE, sizeof (SlCurvePoint));
  for (guint i = 0; i * CURVE_STEP <= 1.0 + 1e-9; i++)
    {
      SlCurvePoint point = { .threshold = i * CURVE_STEP };

      point.false_match_rate = sl_calibration_false_match_rate (calibration, point.threshold,
                                                                &point.beyond_range);
      point.true_match_rate = sl_calibration_true_match_rate (calibration, point.threshold);
      g_array_append_val (card->curve, point);
    }
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlModelDetails *card = task_data;
  SlModelInfo info = { 0 };
  GError *error = NULL;

  if (!g_file_test (card->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = g_filename_display_name (card->path);

      g_task_return_new_error (task, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                               _("Model file '%s' (%s) is not installed"), shown, card->id);
      return;
    }
  info.id = card->id;
  info.name = card->name;
  info.role = card->role;
  info.file = card->file;
  info.sha256 = card->sha256;
  info.size = card->size;
  if (!sl_model_verify_file (&info, card->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, SL_MODEL_FILE_VERIFIED);
}

/* public API */

void
sl_threshold_preview_clear (SlThresholdPreview *preview)
{
  g_clear_pointer (&preview->model_id, g_free);
  g_clear_pointer (&preview->dataset, g_free);
  g_clear_pointer (&preview->measured_at, g_free);
  g_clear_pointer (&preview->problem, g_free);
  g_clear_pointer (&preview->galleries, g_ptr_array_unref);
}

gboolean
sl_engine_threshold_preview (SlEngine            *self,
                             SlSession           *session,
                             double               threshold,
                             SlThresholdPreview  *out,
                             GError             **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "policy.preview", "policy", "threshold", NULL, NULL };
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(GPtrArray) galleries = NULL;
  g_autoptr(GError) local_error = NULL;
  const SlModelInfo *info;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_SET, &entry, error))
    return FALSE;
  if (!(threshold >= 0.0 && threshold <= 1.0))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("A threshold is a number from 0 to 1, not %g"), threshold);
      return FALSE;
    }
  if (!(galleries = sl_gallery_list (store, error)))
    return FALSE;

  out->threshold = threshold;
  out->galleries = g_ptr_array_new_with_free_func ((GDestroyNotify) gallery_preview_free);
  if ((manifest = sl_engine_get_manifest (self, &local_error)) != NULL &&
      (info = sl_engine_lookup_embedder (self, manifest, NULL, &local_error)) != NULL &&
      (calibration = sl_engine_get_calibration (self, info->id, info->sha256, &local_error)) != NULL)
    {
      out->model_id = g_strdup (info->id);
      out->calibrated = TRUE;
      out->false_match_rate = sl_calibration_false_match_rate (calibration, threshold, &out->beyond_range);
      out->true_match_rate = sl_calibration_true_match_rate (calibration, threshold);
      out->one_in = one_in (out->false_match_rate);
      out->dataset = g_strdup (sl_calibration_get_dataset (calibration));
      out->measured_at = g_strdup (sl_calibration_get_created (calibration));
      out->n_nonmated = sl_calibration_get_n_nonmated (calibration);
      out->n_mated = sl_calibration_get_n_mated (calibration);
    }
  else
    out->problem = g_strdup (local_error->message);

  for (guint i = 0; i < galleries->len; i++)
    {
      SlGallery *gallery = g_ptr_array_index (galleries, i);
      SlGalleryPreview *p = g_new0 (SlGalleryPreview, 1);
      g_autoptr(SlCalibration) own = NULL;
      g_autoptr(GError) why = NULL;

      p->gallery = g_strdup (gallery->name);
      p->model_id = g_strdup (gallery->model_id);
      p->n_subjects = gallery->n_subjects;
      p->n_faces = gallery->n_faces;
      /* Each gallery is searched with the embedder it was enrolled with:
       * its rates come from that file's calibration. */
      if ((own = sl_engine_get_calibration (self, gallery->model_id, gallery->model_sha256, &why)) != NULL)
        {
          p->calibrated = TRUE;
          p->false_match_rate = sl_calibration_false_match_rate (own, threshold, &p->beyond_range);
          p->expected_false = p->false_match_rate * (double) gallery->n_faces;
        }
      else
        p->problem = g_strdup (why->message);
      g_ptr_array_add (out->galleries, p);
    }
  return TRUE;
}

void
sl_model_details_free (SlModelDetails *card)
{
  if (card == NULL)
    return;
  g_free (card->id);
  g_free (card->name);
  g_free (card->file);
  g_free (card->path);
  g_free (card->sha256);
  g_free (card->license);
  g_free (card->source);
  g_free (card->normalization);
  g_free (card->output);
  g_free (card->note);
  g_free (card->calibration_problem);
  g_free (card->dataset);
  g_free (card->measured_at);
  g_clear_pointer (&card->curve, g_array_unref);
  g_free (card);
}

GPtrArray *
sl_engine_model_details (SlEngine   *self,
                       SlSession  *session,
                       GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!may_see_models (self, session, "model.list", NULL, error) ||
      !(manifest = sl_engine_get_manifest (self, error)))
    return NULL;

  cards = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_model_details_free);
  for (guint i = 0; i < sl_model_manifest_get_n_models (manifest); i++)
    {
      const SlModelInfo *info = sl_model_manifest_get_model (manifest, i);
      SlModelDetails *card = g_new0 (SlModelDetails, 1);

      g_ptr_array_add (cards, card);
      card->id = g_strdup (info->id);
      card->name = g_strdup (info->name);
      card->role = info->role;
      card->is_default = sl_model_manifest_get_default (manifest, info->role) == info;
      card->file = g_strdup (info->file);
      card->path = g_build_filename (sl_engine_get_model_dir (self), info->file, NULL);
      card->sha256 = g_strdup (info->sha256);
      card->size = info->size;
      card->license = g_strdup (info->license);
      card->source = source_text (info);
      card->normalization = g_strdup (info->normalization);
      card->output = g_strdup (info->output);
      card->note = g_strdup (info->note);
      if (info->role == SL_MODEL_ROLE_EMBEDDER)
        {
          g_autoptr(GError) why = NULL;
          g_autoptr(SlCalibration) calibration =
            sl_engine_get_calibration (self, info->id, info->sha256, &why);

          if (calibration != NULL)
            details_fill_calibration (card, calibration);
          else
            card->calibration_problem = g_strdup (why->message);
        }
    }
  return g_steal_pointer (&cards);
}

void
sl_engine_model_verify_async (SlEngine            *self,
                              SlSession           *session,
                              const char          *model_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autofree char *shown = NULL;
  GError *error = NULL;
  const SlModelInfo *info;
  SlModelDetails *card;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (model_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_engine_model_verify_async);
  shown = sl_store_text_shown (model_id, 64);
  if (!may_see_models (self, session, "model.verify", shown, &error) ||
      !(manifest = sl_engine_get_manifest (self, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!(info = sl_model_manifest_lookup (manifest, model_id)))
    {
      g_task_return_new_error (task, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                               _("There is no model '%s' in the model manifest"), shown);
      return;
    }
  /* The worker gets its own copy of what it checks. */
  card = g_new0 (SlModelDetails, 1);
  card->id = g_strdup (info->id);
  card->name = g_strdup (info->name);
  card->role = info->role;
  card->file = g_strdup (info->file);
  card->path = g_build_filename (sl_engine_get_model_dir (self), info->file, NULL);
  card->sha256 = g_strdup (info->sha256);
  card->size = info->size;
  g_task_set_task_data (task, card, (GDestroyNotify) sl_model_details_free);
  g_task_run_in_thread (task, verify_thread);
}

SlModelFileState
sl_engine_model_verify_finish (SlEngine      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(GError) local_error = NULL;
  gssize state;

  g_return_val_if_fail (g_task_is_valid (result, self), SL_MODEL_FILE_MISSING);

  state = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      SlModelFileState failed = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                                ? SL_MODEL_FILE_MISSING : SL_MODEL_FILE_MISMATCH;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return failed;
    }
  return (SlModelFileState) state;
}

GPtrArray *
sl_engine_gallery_subjects (SlEngine    *self,
                            SlSession   *session,
                            const char  *gallery_name,
                            guint        offset,
                            guint        limit,
                            guint       *total,
                            GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *shown = NULL;
  SlAuditEntry entry = { "gallery.subjects", "gallery", NULL, NULL, NULL };
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (gallery_name != NULL, NULL);

  entry.object_id = shown = sl_store_text_shown (gallery_name, 64);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;
  if (!(gallery = sl_gallery_lookup (store, gallery_name, &local_error)))
    {
      sl_engine_propagate (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (total != NULL)
    *total = (guint) gallery->n_subjects;

  return sl_subject_list (store, gallery->id, offset, limit, error);
}
