/* sl-engine-records.c: searches, probe faces and enrolled faces' thumbnails
 * read back for front ends. Reads are not audited; refusals are.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-evidence-store.h"
#include "core/sl-probe.h"
#include "core/sl-regular-file.h"
#include "core/sl-search-record.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-records-private.h"

/* helpers */

/* Reading a search back is for those who see cases or read the audit log
 * (which holds every search anyway). */
static gboolean
may_read (SlEngine    *self,
          SlStore     *store,
          SlSession   *session,
          const char  *audit_action,
          const char  *object_type,
          gint64       object_id,
          const char  *case_number,
          GError     **error)
{
  g_autofree char *id_text = NULL;
  g_autofree char *shown_case = NULL;
  SlAuditEntry entry = { audit_action, object_type, NULL, NULL, NULL };

  if (sl_session_may (session, SL_PERMISSION_CASE_READ) || sl_session_may (session, SL_PERMISSION_AUDIT_READ))
    return TRUE;
  if (object_id > 0)
    entry.object_id = id_text = g_strdup_printf ("%" PRId64, object_id);
  if (case_number != NULL)
    entry.case_number = shown_case = sl_store_text_shown (case_number, 64);
  return sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error);
}

/* public API */

void
sl_engine_records_withhold (SlSearchRecord *record,
                            SlSession      *session)
{
  gint64 me = sl_session_get_user_id (session);

  if (!sl_session_may (session, SL_PERMISSION_REVIEW) || record->candidates == NULL)
    return;
  for (guint i = 0; i < record->candidates->len; i++)
    {
      SlCandidate *k = g_ptr_array_index (record->candidates, i);

      if (k->first != NULL && k->second == NULL && k->first->reviewer_id != me)
        {
          g_clear_pointer (&k->first, sl_decision_free);
          k->status = SL_REVIEW_AWAITING_SECOND;
        }
    }
}

guint
sl_search_record_n_withheld (const SlSearchRecord *record)
{
  guint n = 0;

  g_return_val_if_fail (record != NULL, 0);

  for (guint i = 0; record->candidates != NULL && i < record->candidates->len; i++)
    {
      SlCandidate *k = g_ptr_array_index (record->candidates, i);

      if (k->first == NULL && k->status == SL_REVIEW_AWAITING_SECOND)
        n++;
    }
  return n;
}

SlSearchRecord *
sl_engine_search_record_get (SlEngine   *self,
                             SlSession  *session,
                             gint64      search_id,
                             GError    **error)
{
  SlStore *store;
  GError *local_error = NULL;
  SlSearchRecord *record;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  store = sl_engine_get_store (self);
  if (!may_read (self, store, session, "search.read", "search", search_id, NULL, error))
    return NULL;
  if (!(record = sl_search_record_lookup (store, search_id, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  if (!sl_engine_case_access (store, session, record->case_id, record->case_number, &local_error))
    {
      sl_search_record_free (record);
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  sl_engine_records_withhold (record, session);
  return record;
}

GPtrArray *
sl_engine_search_records_for_case (SlEngine    *self,
                                   SlSession   *session,
                                   const char  *case_number,
                                   GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  g_autoptr(SlCase) c = NULL;
  GError *local_error = NULL;
  GPtrArray *list;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  store = sl_engine_get_store (self);
  if (!may_read (self, store, session, "search.read", "case", 0, case_number, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)) ||
      !(list = sl_search_record_list (store, c->id, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    sl_engine_records_withhold (g_ptr_array_index (list, i), session);
  return list;
}

SlProbeFace *
sl_engine_probe_face_get (SlEngine   *self,
                          SlSession  *session,
                          gint64      face_id,
                          gboolean    with_crop,
                          GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  GError *local_error = NULL;
  SlProbeFace *face;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  store = sl_engine_get_store (self);
  if (!may_read (self, store, session, "face.read", "face", face_id, NULL, error))
    return NULL;
  if (!(face = sl_probe_face_lookup (store, face_id, with_crop, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  if (!sl_engine_case_access (store, session, face->case_id, face->case_number, &local_error))
    {
      sl_probe_face_free (face);
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  /* A front end shows faces; it never needs what a search compares. */
  g_clear_pointer (&face->embedding, g_free);
  return face;
}

GBytes *
sl_engine_gallery_face_thumbnail (SlEngine   *self,
                                  SlSession  *session,
                                  gint64      gallery_face_id,
                                  GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  GError *local_error = NULL;
  GBytes *jpeg;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  store = sl_engine_get_store (self);
  if (!may_read (self, store, session, "gallery-face.read", "gallery_face", gallery_face_id, NULL, error))
    return NULL;
  if (!(jpeg = sl_gallery_face_thumbnail (store, gallery_face_id, &local_error)))
    sl_engine_propagate (error, local_error);
  return jpeg;
}

char *
sl_engine_gallery_face_source (SlEngine   *self,
                               SlSession  *session,
                               gint64      gallery_face_id,
                               char      **enrolled_name,
                               float       box[4],
                               char      **landmarks_json,
                               GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  GError *local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *display = NULL;
  g_autofree char *found = NULL;
  int stored = -1;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (landmarks_json != NULL, NULL);
  g_return_val_if_fail (enrolled_name != NULL, NULL);

  store = sl_engine_get_store (self);
  if (!may_read (self, store, session, "gallery-face.read", "gallery_face", gallery_face_id, NULL, error))
    return NULL;
  if (!sl_gallery_face_source (store, gallery_face_id, &path, &sha256, &stored, box, landmarks_json, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  display = g_filename_display_name (path);
  if (stored == 1)
    {
      SlEvidenceStore *gallery = sl_engine_get_gallery_store (self);
      g_autofree char *relative = sl_evidence_store_relative (sha256);

      /* The copy kept at enrolment, only if it is still what was enrolled. */
      if (!sl_evidence_store_check (gallery, relative, &local_error))
        {
          /* The store's own words say "evidence store"; this is the other. */
          const char *why = g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND)
                            ? _("it is missing from the gallery store") : local_error->message;

          g_clear_pointer (landmarks_json, g_free);
          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE,
                       _("The kept copy of the enrolled photo '%s' (enrolled face %" PRId64 ") cannot be shown: %s"),
                       display, gallery_face_id, why);
          g_error_free (local_error);
          return NULL;
        }
      *enrolled_name = g_steal_pointer (&display);
      return sl_evidence_store_path (gallery, relative);
    }

  /* No copy was kept (the photo was unreadable when the gallery store was
   * made): the photo where it was enrolled from, only if it is unchanged. */
  if (!(found = sl_regular_file_sha256 (path, display, &local_error)) || !g_str_equal (found, sha256))
    {
      g_clear_pointer (landmarks_json, g_free);
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                   _("The enrolled photo '%s' (enrolled face %" PRId64 ") has no kept copy, and %s"), display,
                   gallery_face_id,
                   found == NULL ? local_error->message
                                 : _("the file at its path is no longer the photo that was enrolled"));
      g_clear_error (&local_error);
      return NULL;
    }
  *enrolled_name = g_steal_pointer (&display);
  return g_steal_pointer (&path);
}
