/* sl-probe.c: the faces table (probe faces found in evidence).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-probe"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-face-label.h"
#include "core/sl-probe.h"
#include "core/sl-store-private.h"

#define FACE_QUERY \
  "SELECT f.id, f.evidence_id, e.case_id, c.number, f.track_id, f.frame_ms, f.box_x, f.box_y, " \
  "  f.box_w, f.box_h, f.landmarks, f.detector_score, f.quality_band, f.quality, f.model_id, " \
  "  f.model_sha256, u.username, f.analyzed_at, " \
  "  CASE WHEN ?2 THEN f.embedding END, CASE WHEN ?2 THEN f.crop END, f.purged_at, e.original_name, " \
  "  x.retracted_at, xu.username, x.reason " \
  "FROM faces f JOIN evidence e ON e.id = f.evidence_id JOIN cases c ON c.id = e.case_id " \
  "  JOIN users u ON u.id = f.analyzed_by LEFT JOIN face_retractions x ON x.face_id = f.id " \
  "  LEFT JOIN users xu ON xu.id = x.retracted_by "

/* helpers */

static SlProbeFace *
face_from_row (SlStmt *stmt)
{
  SlProbeFace *f = g_new0 (SlProbeFace, 1);

  f->id = sl_stmt_column_int64 (stmt, 0);
  f->evidence_id = sl_stmt_column_int64 (stmt, 1);
  f->case_id = sl_stmt_column_int64 (stmt, 2);
  f->case_number = sl_column_text (stmt, 3);
  f->track_id = sl_stmt_column_int64 (stmt, 4);
  f->frame_ms = sl_stmt_column_type (stmt, 5) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 5);
  for (int i = 0; i < 4; i++)
    f->box[i] = (float) sl_stmt_column_double (stmt, 6 + i);
  f->landmarks_json = sl_column_text (stmt, 10);
  f->detector_score = sl_stmt_column_double (stmt, 11);
  f->quality_band = sl_column_text (stmt, 12);
  f->quality_json = sl_column_text (stmt, 13);
  f->model_id = sl_column_text (stmt, 14);
  f->model_sha256 = sl_column_text (stmt, 15);
  f->analyzed_by = sl_column_text (stmt, 16);
  f->analyzed_at = sl_column_text (stmt, 17);
  if (sl_stmt_column_type (stmt, 18) == SL_DB_BLOB)
    {
      gsize bytes = (gsize) sl_stmt_column_bytes (stmt, 18);

      f->dim = (guint) (bytes / sizeof (float));
      f->embedding = g_memdup2 (sl_stmt_column_blob (stmt, 18), (gsize) f->dim * sizeof (float));
    }
  if (sl_stmt_column_type (stmt, 19) == SL_DB_BLOB)
    f->crop = g_bytes_new (sl_stmt_column_blob (stmt, 19), (gsize) sl_stmt_column_bytes (stmt, 19));
  f->purged_at = sl_column_text (stmt, 20);
  f->evidence_name = sl_column_text (stmt, 21);
  f->retracted_at = sl_column_text (stmt, 22);
  f->retracted_by = sl_column_text (stmt, 23);
  f->retraction_reason = sl_column_text (stmt, 24);
  return f;
}

/* public API */

void
sl_probe_face_free (SlProbeFace *f)
{
  if (f == NULL)
    return;
  g_free (f->case_number);
  g_free (f->landmarks_json);
  g_free (f->quality_band);
  g_free (f->quality_json);
  g_free (f->embedding);
  g_free (f->model_id);
  g_free (f->model_sha256);
  g_clear_pointer (&f->crop, g_bytes_unref);
  g_free (f->analyzed_by);
  g_free (f->analyzed_at);
  g_free (f->purged_at);
  g_free (f->evidence_name);
  g_free (f->retracted_at);
  g_free (f->retracted_by);
  g_free (f->retraction_reason);
  g_free (f);
}

char *
sl_probe_face_label (const SlProbeFace *f)
{
  g_return_val_if_fail (f != NULL, NULL);

  return sl_face_label (f->id, f->track_id, f->frame_ms, f->evidence_name);
}

gint64
sl_probe_face_insert (SlStore           *store,
                      const SlProbeFace *f,
                      gint64             user_id,
                      GError           **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  g_return_val_if_fail (f->embedding != NULL && f->dim > 0, 0);

  stmt = sl_store_prepare (store,
                           "INSERT INTO faces (evidence_id, track_id, frame_ms, box_x, box_y, box_w, box_h, "
                           "  landmarks, detector_score, quality_band, quality, embedding, model_id, "
                           "  model_sha256, crop, analyzed_by, analyzed_at, frame_index) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                           "  ?18)",
                           error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, f->evidence_id);
  if (f->track_id > 0)
    sl_stmt_bind_int64 (stmt, 2, f->track_id);
  else
    sl_stmt_bind_null (stmt, 2);
  if (f->frame_ms >= 0)
    sl_stmt_bind_int64 (stmt, 3, f->frame_ms);
  else
    sl_stmt_bind_null (stmt, 3);
  for (int i = 0; i < 4; i++)
    sl_stmt_bind_double (stmt, 4 + i, f->box[i]);
  sl_bind_text (stmt, 8, f->landmarks_json);
  sl_stmt_bind_double (stmt, 9, f->detector_score);
  sl_bind_text (stmt, 10, f->quality_band);
  sl_bind_text (stmt, 11, f->quality_json);
  sl_stmt_bind_blob (stmt, 12, f->embedding, (gsize) f->dim * sizeof (float));
  sl_bind_text (stmt, 13, f->model_id);
  sl_bind_text (stmt, 14, f->model_sha256);
  if (f->crop != NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (f->crop, &len);
      sl_stmt_bind_blob (stmt, 15, data, len);
    }
  else
    sl_stmt_bind_null (stmt, 15);
  sl_stmt_bind_int64 (stmt, 16, user_id);
  sl_bind_text (stmt, 17, now);
  if (f->frame_ms >= 0 && f->frame_index >= 0)
    sl_stmt_bind_int64 (stmt, 18, f->frame_index);
  else
    sl_stmt_bind_null (stmt, 18);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot store the face")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlProbeFace *
sl_probe_face_lookup (SlStore   *store,
                      gint64     id,
                      gboolean   full,
                      GError   **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, FACE_QUERY "WHERE f.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int (stmt, 2, full ? 1 : 0);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return face_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the faces"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("There is no face %" PRId64),
                 id);
  return NULL;
}

GPtrArray *
sl_probe_face_list (SlStore     *store,
                    gint64       evidence_id,
                    const char  *model_sha256,
                    GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, FACE_QUERY "WHERE f.evidence_id = ?1 AND f.track_id IS NULL AND x.id IS NULL "
                                        "AND (f.model_sha256 = ?3 OR ?3 IS NULL) ORDER BY f.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_probe_face_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, evidence_id);
  sl_stmt_bind_int (stmt, 2, 0);
  sl_bind_text (stmt, 3, model_sha256);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, face_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the faces"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
sl_probe_face_retract (SlStore     *store,
                       gint64       face_id,
                       gint64       user_id,
                       const char  *reason,
                       GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  stmt = sl_store_prepare (store, "INSERT INTO face_retractions (face_id, reason, retracted_by, retracted_at) "
                                  "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, face_id);
  sl_bind_text (stmt, 2, reason);
  sl_stmt_bind_int64 (stmt, 3, user_id);
  sl_bind_text (stmt, 4, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the retraction of the face")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gint64
sl_probe_face_count_searches (SlStore  *store,
                              gint64    face_id,
                              GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT (SELECT count(*) FROM searches WHERE face_id = ?1) + "
                      "  (SELECT count(*) FROM case_searches WHERE face_id = ?1)", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sl_stmt_bind_int64 (stmt, 1, face_id);
  if ((rc = sl_stmt_step (stmt)) != SL_DB_ROW)
    {
      sl_store_fail (store, rc, error, _("Cannot read the searches made with the face"));
      return -1;
    }
  return sl_stmt_column_int64 (stmt, 0);
}
