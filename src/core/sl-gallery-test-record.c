/* sl-gallery-test-record.c: the gallery_tests table (migration 5) and the
 * subjects' metadata a gallery test groups false candidates by.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-gallery-test-record.h"
#include "core/sl-store-private.h"

#define ROW_COLUMNS \
  "t.id, t.gallery_id, t.gallery_name, t.gallery_generation, t.gallery_subjects, t.gallery_faces, " \
  "t.model_id, t.model_sha256, t.threshold, t.top_k, t.probes_file, t.images_dir, t.probes, " \
  "t.nonmated, t.mated, t.no_face, t.result, t.run_by, u.username, t.started_at, t.ended_at"

/* helpers */

static SlGalleryTestRow *
row_from_stmt (SlStmt *stmt)
{
  SlGalleryTestRow *r = g_new0 (SlGalleryTestRow, 1);

  r->id = sl_stmt_column_int64 (stmt, 0);
  r->gallery_id = sl_stmt_column_int64 (stmt, 1);
  r->gallery_name = sl_column_text (stmt, 2);
  r->gallery_generation = sl_stmt_column_int64 (stmt, 3);
  r->gallery_subjects = sl_stmt_column_int64 (stmt, 4);
  r->gallery_faces = sl_stmt_column_int64 (stmt, 5);
  r->model_id = sl_column_text (stmt, 6);
  r->model_sha256 = sl_column_text (stmt, 7);
  r->threshold = sl_stmt_column_double (stmt, 8);
  r->top_k = (guint) sl_stmt_column_int64 (stmt, 9);
  r->probes_file = sl_column_text (stmt, 10);
  r->images_dir = sl_column_text (stmt, 11);
  r->probes = (guint) sl_stmt_column_int64 (stmt, 12);
  r->nonmated = (guint) sl_stmt_column_int64 (stmt, 13);
  r->mated = (guint) sl_stmt_column_int64 (stmt, 14);
  r->no_face = (guint) sl_stmt_column_int64 (stmt, 15);
  r->result_json = sl_column_text (stmt, 16);
  r->run_by = sl_stmt_column_int64 (stmt, 17);
  r->run_by_name = sl_column_text (stmt, 18);
  r->started_at = sl_column_text (stmt, 19);
  r->ended_at = sl_column_text (stmt, 20);
  return r;
}

/* public API */

void
sl_gallery_test_row_free (SlGalleryTestRow *row)
{
  if (row == NULL)
    return;
  g_free (row->gallery_name);
  g_free (row->model_id);
  g_free (row->model_sha256);
  g_free (row->probes_file);
  g_free (row->images_dir);
  g_free (row->result_json);
  g_free (row->run_by_name);
  g_free (row->started_at);
  g_free (row->ended_at);
  g_free (row);
}

gint64
sl_gallery_test_insert (SlStore                *store,
                        const SlGalleryTestRow *row,
                        GError                **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "INSERT INTO gallery_tests (gallery_id, gallery_name, gallery_generation, gallery_subjects, "
                      "  gallery_faces, model_id, model_sha256, threshold, top_k, probes_file, images_dir, probes, "
                      "  nonmated, mated, no_face, result, run_by, started_at, ended_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                      error);

  g_return_val_if_fail (row != NULL, 0);

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, row->gallery_id);
  sl_bind_text (stmt, 2, row->gallery_name);
  sl_stmt_bind_int64 (stmt, 3, row->gallery_generation);
  sl_stmt_bind_int64 (stmt, 4, row->gallery_subjects);
  sl_stmt_bind_int64 (stmt, 5, row->gallery_faces);
  sl_bind_text (stmt, 6, row->model_id);
  sl_bind_text (stmt, 7, row->model_sha256);
  sl_stmt_bind_double (stmt, 8, row->threshold);
  sl_stmt_bind_int64 (stmt, 9, row->top_k);
  sl_bind_text (stmt, 10, row->probes_file);
  sl_bind_text (stmt, 11, row->images_dir);
  sl_stmt_bind_int64 (stmt, 12, row->probes);
  sl_stmt_bind_int64 (stmt, 13, row->nonmated);
  sl_stmt_bind_int64 (stmt, 14, row->mated);
  sl_stmt_bind_int64 (stmt, 15, row->no_face);
  sl_bind_text (stmt, 16, row->result_json);
  sl_stmt_bind_int64 (stmt, 17, row->run_by);
  sl_bind_text (stmt, 18, row->started_at);
  sl_bind_text (stmt, 19, row->ended_at);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the gallery test")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

GPtrArray *
sl_gallery_test_list (SlStore  *store,
                      gint64    gallery_id,
                      GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT " ROW_COLUMNS " FROM gallery_tests t JOIN users u ON u.id = t.run_by "
                      "WHERE ?1 = 0 OR t.gallery_id = ?1 ORDER BY t.started_at DESC, t.id DESC", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_gallery_test_row_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, gallery_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, row_from_stmt (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the gallery test results"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
sl_subject_labels_free (SlSubjectLabels *labels)
{
  if (labels == NULL)
    return;
  g_free (labels->external_id);
  g_free (labels->metadata);
  g_free (labels);
}

GPtrArray *
sl_gallery_subject_labels (SlStore  *store,
                           gint64    gallery_id,
                           GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT id, external_id, metadata FROM subjects WHERE gallery_id = ?1 ORDER BY id",
                      error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_subject_labels_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, gallery_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlSubjectLabels *l = g_new0 (SlSubjectLabels, 1);

      l->id = sl_stmt_column_int64 (stmt, 0);
      l->external_id = sl_column_text (stmt, 1);
      l->metadata = sl_column_text (stmt, 2);
      g_ptr_array_add (list, l);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the gallery's subjects"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
