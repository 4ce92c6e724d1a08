/* sl-search-record.c: searches read back with everything a report or a
 * front end shows of them, and the thumbnails of enrolled faces.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-search-record.h"
#include "core/sl-store-private.h"

#define RECORD_QUERY \
  "SELECT r.id, r.case_id, c.number, " \
  "  CASE WHEN EXISTS (SELECT 1 FROM search_person_members m WHERE m.search_id = r.id) " \
  "    THEN 'person-template' ELSE r.probe END, r.face_id, r.track_id, f.evidence_id, e.original_name, " \
  "  f.purged_at, r.gallery_id, r.gallery_name, r.gallery_size, r.gallery_subjects, " \
  "  r.gallery_generation, r.model_id, r.model_sha256, r.calibration, r.threshold, r.top_k, " \
  "  r.below_threshold_shown, r.above_threshold, r.offense_code, r.offense_label, r.legal_basis, " \
  "  r.purpose, r.facts, r.run_by, u.username, u.display_name, r.started_at, r.ended_at, " \
  "  r.fairness, f.frame_ms, (SELECT x.sealed_at FROM sealed_searches x WHERE x.kind = 'gallery' " \
  "    AND x.search_id = r.id) " \
  "FROM searches r JOIN cases c ON c.id = r.case_id JOIN faces f ON f.id = r.face_id " \
  "  JOIN evidence e ON e.id = f.evidence_id JOIN users u ON u.id = r.run_by "

/* helpers */

static SlSearchRecord *
record_from_row (SlStmt *stmt)
{
  SlSearchRecord *r = g_new0 (SlSearchRecord, 1);

  r->id = sl_stmt_column_int64 (stmt, 0);
  r->case_id = sl_stmt_column_int64 (stmt, 1);
  r->case_number = sl_column_text (stmt, 2);
  r->probe = sl_column_text (stmt, 3);
  r->face_id = sl_stmt_column_int64 (stmt, 4);
  r->track_id = sl_stmt_column_int64 (stmt, 5);
  r->evidence_id = sl_stmt_column_int64 (stmt, 6);
  r->evidence_name = sl_column_text (stmt, 7);
  r->probe_purged_at = sl_column_text (stmt, 8);
  r->gallery_id = sl_stmt_column_int64 (stmt, 9);
  r->gallery_name = sl_column_text (stmt, 10);
  r->gallery_size = sl_stmt_column_int64 (stmt, 11);
  r->gallery_subjects = sl_stmt_column_int64 (stmt, 12);
  r->gallery_generation = sl_stmt_column_int64 (stmt, 13);
  r->model_id = sl_column_text (stmt, 14);
  r->model_sha256 = sl_column_text (stmt, 15);
  r->calibration = sl_column_text (stmt, 16);
  r->threshold = sl_stmt_column_double (stmt, 17);
  r->top_k = (guint) sl_stmt_column_int (stmt, 18);
  r->below_threshold_shown = sl_stmt_column_int (stmt, 19) != 0;
  r->above_threshold = (guint) sl_stmt_column_int (stmt, 20);
  r->offense_code = sl_column_text (stmt, 21);
  r->offense_label = sl_column_text (stmt, 22);
  r->legal_basis = sl_column_text (stmt, 23);
  r->purpose = sl_column_text (stmt, 24);
  r->facts = sl_column_text (stmt, 25);
  r->run_by_id = sl_stmt_column_int64 (stmt, 26);
  r->run_by = sl_column_text (stmt, 27);
  r->run_by_name = sl_column_text (stmt, 28);
  r->started_at = sl_column_text (stmt, 29);
  r->ended_at = sl_column_text (stmt, 30);
  r->fairness = sl_column_text (stmt, 31);
  r->probe_time_ms = sl_stmt_column_type (stmt, 32) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 32);
  r->sealed_at = sl_column_text (stmt, 33);
  return r;
}

static GPtrArray *
record_list (SlStore     *store,
             const char  *sql,
             gint64       param,
             GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_search_record_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, param);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, record_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the searches"));
      return NULL;
    }
  /* The candidates' own statements run after this one is released. */
  g_clear_pointer (&stmt, sl_stmt_release);
  for (guint i = 0; i < list->len; i++)
    {
      SlSearchRecord *r = g_ptr_array_index (list, i);

      if (!(r->candidates = sl_candidate_list_for_search (store, r->id, error)) ||
          !(r->members = sl_search_member_list (store, r->id, error)))
        return NULL;
    }
  return g_steal_pointer (&list);
}

/* public API */

void
sl_search_record_free (SlSearchRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->case_number);
  g_free (r->probe);
  g_free (r->evidence_name);
  g_free (r->probe_purged_at);
  g_free (r->gallery_name);
  g_free (r->model_id);
  g_free (r->model_sha256);
  g_free (r->calibration);
  g_free (r->fairness);
  g_free (r->offense_code);
  g_free (r->offense_label);
  g_free (r->legal_basis);
  g_free (r->purpose);
  g_free (r->facts);
  g_free (r->run_by);
  g_free (r->run_by_name);
  g_free (r->started_at);
  g_free (r->ended_at);
  g_free (r->sealed_at);
  g_clear_pointer (&r->candidates, g_ptr_array_unref);
  g_clear_pointer (&r->members, g_array_unref);
  g_free (r);
}

SlSearchRecord *
sl_search_record_lookup (SlStore  *store,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(GPtrArray) list = record_list (store, RECORD_QUERY "WHERE r.id = ?1", id, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no search %" PRId64), id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
sl_search_record_list (SlStore  *store,
                       gint64    case_id,
                       GError  **error)
{
  return record_list (store, RECORD_QUERY "WHERE r.case_id = ?1 ORDER BY r.started_at, r.id", case_id, error);
}

GBytes *
sl_gallery_face_thumbnail (SlStore  *store,
                           gint64    gallery_face_id,
                           GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT thumbnail FROM gallery_faces WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, gallery_face_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW && sl_stmt_column_type (stmt, 0) == SL_DB_BLOB && sl_stmt_column_bytes (stmt, 0) > 0)
    return g_bytes_new (sl_stmt_column_blob (stmt, 0), (gsize) sl_stmt_column_bytes (stmt, 0));
  if (rc == SL_DB_ROW)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("The enrolled face %" PRId64 " has no stored thumbnail"), gallery_face_id);
  else if (rc == SL_DB_DONE)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no enrolled face %" PRId64),
                 gallery_face_id);
  else
    sl_store_fail (store, rc, error, _("Cannot read the enrolled face"));
  return NULL;
}

gboolean
sl_gallery_face_source (SlStore    *store,
                        gint64      gallery_face_id,
                        char      **path,
                        char      **image_sha256,
                        int        *stored,
                        float       box[4],
                        char      **landmarks_json,
                        GError    **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT f.image_path_raw, f.box_x, f.box_y, f.box_w, f.box_h, f.landmarks, "
                             "  f.image_sha256, coalesce (c.stored, -1) "
                             "FROM gallery_faces f LEFT JOIN gallery_copies c ON c.image_sha256 = f.image_sha256 "
                             "WHERE f.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, gallery_face_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_DONE)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no enrolled face %" PRId64),
                   gallery_face_id);
      return FALSE;
    }
  if (rc != SL_DB_ROW)
    {
      sl_store_fail (store, rc, error, _("Cannot read the enrolled face"));
      return FALSE;
    }
  /* A file name is bytes, not necessarily UTF-8: kept as it was given. */
  *path = g_strndup (sl_stmt_column_blob (stmt, 0), (gsize) sl_stmt_column_bytes (stmt, 0));
  for (int i = 0; i < 4; i++)
    box[i] = (float) sl_stmt_column_double (stmt, 1 + i);
  *landmarks_json = sl_column_text (stmt, 5);
  *image_sha256 = sl_column_text (stmt, 6);
  *stored = sl_stmt_column_int (stmt, 7);
  return TRUE;
}
