/* sl-engine-compare.c: two loose photos compared, signed in and audited.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-audit.h"
#include "engine/sl-engine-compare.h"
#include "engine/sl-engine-private.h"
#include "vision/sl-model-manifest.h"

/* helpers */

/* The file's name, size and SHA-256 in the audit details, so that the row
 * says which photos were matched even after they are moved or renamed. */
static gboolean
describe_file (JsonObject  *details,
               const char  *member,
               const char  *path,
               GError     **error)
{
  g_autoptr(JsonObject) file = json_object_new ();
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *sha256 = NULL;
  GStatBuf st;

  json_object_set_string_member (file, "name", name);
  json_object_set_object_member (details, member, json_object_ref (file));
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                   _("Cannot read the photo '%s': %s"), name, g_strerror (saved));
      return FALSE;
    }
  if (!(sha256 = sl_sha256_file (path, error)))
    return FALSE;
  json_object_set_int_member (file, "size", (gint64) st.st_size);
  json_object_set_string_member (file, "sha256", sha256);
  return TRUE;
}

static gboolean
compare_with (SlEngine         *self,
              SlStore          *store,
              SlSession        *session,
              SlAuditEntry     *entry,
              const char       *path_a,
              const char       *path_b,
              const char       *embedder_id,
              SlCompareResult  *r,
              GError          **error)
{
  JsonObject *details = entry->details;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(GError) cal_error = NULL;
  g_autofree char *head_hash = NULL;
  const SlModelInfo *model;

  if (!describe_file (details, "a", path_a, error) || !describe_file (details, "b", path_b, error))
    return FALSE;
  if (!(analyser = sl_engine_get_analyser (self, embedder_id, error)))
    return FALSE;
  model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  json_object_set_string_member (details, "model", model->id);
  json_object_set_string_member (details, "model_sha256", model->sha256);
  if (!sl_face_analyser_compare_files (analyser, path_a, path_b, &r->similarity, &r->face_a, &r->face_b,
                                       error))
    return FALSE;

  r->model_id = g_strdup (model->id);
  r->model_sha256 = g_strdup (model->sha256);
  calibration = sl_engine_get_calibration (self, model->id, model->sha256, &cal_error);
  r->calibrated = calibration != NULL;
  if (calibration != NULL)
    {
      r->false_match_rate = sl_calibration_false_match_rate (calibration, r->similarity,
                                                             &r->beyond_measured_range);
      r->true_match_rate = sl_calibration_true_match_rate (calibration, r->similarity);
      r->meaning = sl_calibration_describe (calibration, r->similarity);
    }
  else
    {
      r->calibration_error = g_strdup (cal_error->message);
    }

  json_object_set_double_member (details, "similarity", r->similarity);
  if (r->calibrated)
    {
      json_object_set_double_member (details, "false_match_rate", r->false_match_rate);
      json_object_set_boolean_member (details, "beyond_measured_range", r->beyond_measured_range);
    }
  else
    {
      json_object_set_null_member (details, "false_match_rate");
    }

  if (!sl_store_begin (store, error))
    return FALSE;
  if (!sl_engine_audit (self, store, session, entry, SL_AUDIT_SUCCESS, error) ||
      !sl_audit_get_head (store, &r->audit_seq, &head_hash, error))
    {
      sl_store_rollback (store);
      return FALSE;
    }
  return sl_engine_commit (store, error);
}

/* public API */

void
sl_compare_result_free (SlCompareResult *result)
{
  if (result == NULL)
    return;
  g_free (result->model_id);
  g_free (result->model_sha256);
  g_free (result->meaning);
  g_free (result->calibration_error);
  g_free (result);
}

SlCompareResult *
sl_engine_compare_files (SlEngine    *self,
                         SlSession   *session,
                         const char  *path_a,
                         const char  *path_b,
                         const char  *embedder_id,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlCompareResult) result = g_new0 (SlCompareResult, 1);
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "compare", "files", NULL, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (path_a != NULL && path_b != NULL, NULL);

  store = sl_engine_get_store (self);
  name_a = g_path_get_basename (path_a);
  name_b = g_path_get_basename (path_b);
  {
    g_autoptr(JsonObject) a = json_object_new ();
    g_autoptr(JsonObject) b = json_object_new ();
    json_object_set_string_member (a, "name", name_a);
    json_object_set_string_member (b, "name", name_b);
    json_object_set_object_member (details, "a", g_steal_pointer (&a));
    json_object_set_object_member (details, "b", g_steal_pointer (&b));
  }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_COMPARE, &entry, error))
    return NULL;
  if (!compare_with (self, store, session, &entry, path_a, path_b, embedder_id, result, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&result);
}
