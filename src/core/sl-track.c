/* sl-track.c: the footage_analyses and tracks tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-track"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-store-private.h"
#include "core/sl-track.h"

#define ANALYSIS_QUERY \
  "SELECT a.id, a.evidence_id, a.model_id, a.model_sha256, a.sample_fps, a.status = 'partial', " \
  "  a.stop_error, a.stopped_ms, a.frames_decoded, a.samples, a.n_tracks, u.username, a.analyzed_at " \
  "FROM footage_analyses a JOIN users u ON u.id = a.analyzed_by "

#define TRACK_QUERY \
  "SELECT t.id, t.evidence_id, e.case_id, c.number, t.analysis_id, t.first_ms, t.last_ms, " \
  "  t.first_frame, t.last_frame, t.end_reason, t.n_sightings, t.best_face_id, t.model_id, " \
  "  t.model_sha256, CASE WHEN ?2 THEN t.template END, t.purged_at " \
  "FROM tracks t JOIN evidence e ON e.id = t.evidence_id JOIN cases c ON c.id = e.case_id "

/* helpers */

static SlFootageAnalysis *
analysis_from_row (SlStmt *stmt)
{
  SlFootageAnalysis *a = g_new0 (SlFootageAnalysis, 1);

  a->id = sl_stmt_column_int64 (stmt, 0);
  a->evidence_id = sl_stmt_column_int64 (stmt, 1);
  a->model_id = sl_column_text (stmt, 2);
  a->model_sha256 = sl_column_text (stmt, 3);
  a->sample_fps = sl_stmt_column_double (stmt, 4);
  a->partial = sl_stmt_column_int (stmt, 5) != 0;
  a->stop_error = sl_column_text (stmt, 6);
  a->stopped_ms = sl_stmt_column_type (stmt, 7) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 7);
  a->frames_decoded = sl_stmt_column_int64 (stmt, 8);
  a->samples = sl_stmt_column_int64 (stmt, 9);
  a->n_tracks = (guint) sl_stmt_column_int64 (stmt, 10);
  a->analyzed_by = sl_column_text (stmt, 11);
  a->analyzed_at = sl_column_text (stmt, 12);
  return a;
}

static SlTrack *
track_from_row (SlStmt *stmt)
{
  SlTrack *t = g_new0 (SlTrack, 1);

  t->id = sl_stmt_column_int64 (stmt, 0);
  t->evidence_id = sl_stmt_column_int64 (stmt, 1);
  t->case_id = sl_stmt_column_int64 (stmt, 2);
  t->case_number = sl_column_text (stmt, 3);
  t->analysis_id = sl_stmt_column_int64 (stmt, 4);
  t->first_ms = sl_stmt_column_int64 (stmt, 5);
  t->last_ms = sl_stmt_column_int64 (stmt, 6);
  t->first_frame = sl_stmt_column_type (stmt, 7) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 7);
  t->last_frame = sl_stmt_column_type (stmt, 8) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 8);
  t->end_reason = sl_column_text (stmt, 9);
  t->n_sightings = (guint) sl_stmt_column_int64 (stmt, 10);
  t->best_face_id = sl_stmt_column_int64 (stmt, 11);
  t->model_id = sl_column_text (stmt, 12);
  t->model_sha256 = sl_column_text (stmt, 13);
  if (sl_stmt_column_type (stmt, 14) == SL_DB_BLOB)
    {
      t->dim = (guint) ((gsize) sl_stmt_column_bytes (stmt, 14) / sizeof (float));
      t->template_embedding = g_memdup2 (sl_stmt_column_blob (stmt, 14), (gsize) t->dim * sizeof (float));
    }
  t->purged_at = sl_column_text (stmt, 15);
  return t;
}

static void
bind_optional_int64 (SlStmt *stmt,
                     int           index,
                     gint64        value)
{
  if (value >= 0)
    sl_stmt_bind_int64 (stmt, index, value);
  else
    sl_stmt_bind_null (stmt, index);
}

/* public API */

void
sl_footage_analysis_free (SlFootageAnalysis *a)
{
  if (a == NULL)
    return;
  g_free (a->model_id);
  g_free (a->model_sha256);
  g_free (a->stop_error);
  g_free (a->analyzed_by);
  g_free (a->analyzed_at);
  g_free (a);
}

gint64
sl_footage_analysis_insert (SlStore                  *store,
                            const SlFootageAnalysis  *a,
                            gint64                    user_id,
                            GError                  **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (!a->partial || a->stop_error != NULL, 0);

  stmt = sl_store_prepare (store,
                           "INSERT INTO footage_analyses (evidence_id, model_id, model_sha256, sample_fps, "
                           "  status, stop_error, stopped_ms, frames_decoded, samples, n_tracks, analyzed_by, "
                           "  analyzed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, a->evidence_id);
  sl_bind_text (stmt, 2, a->model_id);
  sl_bind_text (stmt, 3, a->model_sha256);
  sl_stmt_bind_double (stmt, 4, a->sample_fps);
  sl_bind_text (stmt, 5, a->partial ? "partial" : "complete");
  if (a->partial)
    sl_bind_text (stmt, 6, a->stop_error);
  else
    sl_stmt_bind_null (stmt, 6);
  bind_optional_int64 (stmt, 7, a->partial ? a->stopped_ms : -1);
  sl_stmt_bind_int64 (stmt, 8, a->frames_decoded);
  sl_stmt_bind_int64 (stmt, 9, a->samples);
  sl_stmt_bind_int64 (stmt, 10, a->n_tracks);
  sl_stmt_bind_int64 (stmt, 11, user_id);
  sl_bind_text (stmt, 12, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot store the footage analysis")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlFootageAnalysis *
sl_footage_analysis_lookup (SlStore     *store,
                            gint64       evidence_id,
                            const char  *model_sha256,
                            double       sample_fps,
                            GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, ANALYSIS_QUERY "WHERE a.evidence_id = ?1 AND a.model_sha256 = ?2 "
                                            "AND a.sample_fps = ?3", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, evidence_id);
  sl_bind_text (stmt, 2, model_sha256);
  sl_stmt_bind_double (stmt, 3, sample_fps);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return analysis_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the footage analyses"));
  return NULL;
}

void
sl_track_free (SlTrack *t)
{
  if (t == NULL)
    return;
  g_free (t->case_number);
  g_free (t->end_reason);
  g_free (t->template_embedding);
  g_free (t->model_id);
  g_free (t->model_sha256);
  g_free (t->purged_at);
  g_free (t);
}

gint64
sl_track_insert (SlStore        *store,
                 const SlTrack  *t,
                 gint64          user_id,
                 GError        **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  g_return_val_if_fail (t != NULL, 0);

  stmt = sl_store_prepare (store,
                           "INSERT INTO tracks (evidence_id, analysis_id, first_ms, last_ms, first_frame, "
                           "  last_frame, end_reason, n_sightings, template, model_id, model_sha256, "
                           "  created_by, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, t->evidence_id);
  sl_stmt_bind_int64 (stmt, 2, t->analysis_id);
  sl_stmt_bind_int64 (stmt, 3, t->first_ms);
  sl_stmt_bind_int64 (stmt, 4, t->last_ms);
  bind_optional_int64 (stmt, 5, t->first_frame);
  bind_optional_int64 (stmt, 6, t->last_frame);
  sl_bind_text (stmt, 7, t->end_reason);
  sl_stmt_bind_int64 (stmt, 8, t->n_sightings);
  if (t->template_embedding != NULL && t->dim > 0)
    sl_stmt_bind_blob (stmt, 9, t->template_embedding, (gsize) t->dim * sizeof (float));
  else
    sl_stmt_bind_null (stmt, 9);
  sl_bind_text (stmt, 10, t->model_id);
  sl_bind_text (stmt, 11, t->model_sha256);
  sl_stmt_bind_int64 (stmt, 12, user_id);
  sl_bind_text (stmt, 13, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot store the track")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

gboolean
sl_track_set_best_face (SlStore  *store,
                        gint64    track_id,
                        gint64    face_id,
                        GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE tracks SET best_face_id = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, track_id);
  sl_stmt_bind_int64 (stmt, 2, face_id);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot store the track"));
}

SlTrack *
sl_track_lookup (SlStore  *store,
                 gint64    id,
                 GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, TRACK_QUERY "WHERE t.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_stmt_bind_int (stmt, 2, 1);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return track_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the tracks"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("There is no track %" PRId64), id);
  return NULL;
}

GPtrArray *
sl_track_list (SlStore  *store,
               gint64    analysis_id,
               GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, TRACK_QUERY "WHERE t.analysis_id = ?1 ORDER BY t.first_ms, t.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_track_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, analysis_id);
  sl_stmt_bind_int (stmt, 2, 0);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, track_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the tracks"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
