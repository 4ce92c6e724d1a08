/* sl-engine-faces-retract.c: retracting a face drawn by hand. A box drawn
 * by mistake is never erased: a retraction with its reason takes it out of
 * what is offered for a search (as a probe and as a candidate within the
 * case), while the searches already made with it keep their record, probe
 * crop and all.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case.h"
#include "engine/sl-engine-faces.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-review.h"

/* public API */

gboolean
sl_engine_face_retract (SlEngine     *self,
                        SlSession    *session,
                        const char   *case_number,
                        gint64        face_id,
                        const char   *reason,
                        GError      **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, face_id);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlProbeFace) face = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "face.retract", "face", id_text, NULL, details };
  gint64 searches = 0;
  gint64 retraction_id;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);

  entry.case_number = shown_case = sl_store_text_shown (case_number, 64);
  if (reason != NULL)
    {
      g_autofree char *shown = sl_store_text_shown (reason, 4000);
      json_object_set_string_member (details, "reason", shown);
    }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_ANALYSE, &entry, error))
    return FALSE;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (!(face = sl_probe_face_lookup (store, face_id, FALSE, &local_error)))
    goto fail;
  if (face->case_id != c->id)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                   _("The case '%s' has no face %" PRId64), c->number, face_id);
      goto fail;
    }
  json_object_set_int_member (details, "evidence_id", face->evidence_id);
  {
    JsonArray *box = json_array_new ();

    for (int k = 0; k < 4; k++)
      json_array_add_double_element (box, face->box[k]);
    json_object_set_array_member (details, "box", box);
  }
  if (!sl_probe_face_is_manual (face))
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: face %" PRId64 " was found by the detector; only a face drawn by hand is "
                     "retracted"), face_id);
      goto fail;
    }
  if (face->retracted_at != NULL)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: face %" PRId64 " was already retracted by %s"), face_id, face->retracted_by);
      goto fail;
    }
  if (!sl_engine_check_analysable (c, &local_error) ||
      !sl_engine_check_reason (reason, _("the reason for the retraction"), &local_error))
    goto fail;
  if ((searches = sl_probe_face_count_searches (store, face_id, &local_error)) < 0)
    goto fail;
  json_object_set_int_member (details, "searches_kept", searches);

  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((retraction_id = sl_probe_face_retract (store, face_id, sl_session_get_user_id (session), reason,
                                              &local_error)) == 0)
    {
      sl_store_rollback (store);
      goto fail;
    }
  json_object_set_int_member (details, "retraction_id", retraction_id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_store_rollback (store);
      goto fail;
    }
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}
