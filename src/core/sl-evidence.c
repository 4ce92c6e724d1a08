/* sl-evidence.c: the evidence table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-evidence"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-evidence.h"
#include "core/sl-store-private.h"

#define EVIDENCE_QUERY \
  "SELECT e.id, e.case_id, c.number, e.kind, e.sha256, e.size, e.original_name, " \
  "  e.original_name_raw, e.source, e.source_raw, e.stored_path, e.format, e.width, e.height, " \
  "  e.duration_s, e.fps, e.frame_count, e.codec, u.username, e.imported_at, e.damage " \
  "FROM evidence e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = e.imported_by "

/* helpers */

static GBytes *
column_bytes (SlStmt *stmt,
              int           index)
{
  if (sl_stmt_column_type (stmt, index) == SL_DB_NULL)
    return NULL;
  return g_bytes_new (sl_stmt_column_blob (stmt, index), (gsize) sl_stmt_column_bytes (stmt, index));
}

static void
bind_bytes (SlStmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize len;
  gconstpointer data;

  if (bytes == NULL)
    {
      sl_stmt_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  /* A zero-length blob, never NULL, for an empty name. */
  sl_stmt_bind_blob (stmt, index, data != NULL ? data : "", len);
}

static SlEvidence *
evidence_from_row (SlStmt *stmt)
{
  SlEvidence *e = g_new0 (SlEvidence, 1);

  e->id = sl_stmt_column_int64 (stmt, 0);
  e->case_id = sl_stmt_column_int64 (stmt, 1);
  e->case_number = sl_column_text (stmt, 2);
  e->kind = g_strcmp0 (sl_stmt_column_text (stmt, 3), "footage") == 0
            ? SL_EVIDENCE_FOOTAGE : SL_EVIDENCE_STILL;
  e->sha256 = sl_column_text (stmt, 4);
  e->size = (guint64) sl_stmt_column_int64 (stmt, 5);
  e->original_name = sl_column_text (stmt, 6);
  e->original_name_raw = column_bytes (stmt, 7);
  e->source = sl_column_text (stmt, 8);
  e->source_raw = column_bytes (stmt, 9);
  e->stored_path = sl_column_text (stmt, 10);
  e->format = sl_column_text (stmt, 11);
  e->width = (guint) sl_stmt_column_int (stmt, 12);
  e->height = (guint) sl_stmt_column_int (stmt, 13);
  e->duration_s = sl_stmt_column_double (stmt, 14);
  e->fps = sl_stmt_column_double (stmt, 15);
  e->frame_count = sl_stmt_column_type (stmt, 16) == SL_DB_NULL ? -1 : sl_stmt_column_int64 (stmt, 16);
  e->codec = sl_column_text (stmt, 17);
  e->imported_by = sl_column_text (stmt, 18);
  e->imported_at = sl_column_text (stmt, 19);
  e->damage = sl_column_text (stmt, 20);
  return e;
}

/* public API */

void
sl_evidence_free (SlEvidence *e)
{
  if (e == NULL)
    return;
  g_free (e->case_number);
  g_free (e->sha256);
  g_free (e->original_name);
  g_clear_pointer (&e->original_name_raw, g_bytes_unref);
  g_free (e->source);
  g_clear_pointer (&e->source_raw, g_bytes_unref);
  g_free (e->stored_path);
  g_free (e->format);
  g_free (e->codec);
  g_free (e->imported_by);
  g_free (e->imported_at);
  g_free (e->damage);
  g_free (e);
}

const char *
sl_evidence_kind_to_string (SlEvidenceKind kind)
{
  return kind == SL_EVIDENCE_FOOTAGE ? "footage" : "still";
}

gint64
sl_evidence_insert (SlStore           *store,
                    const SlEvidence  *e,
                    gint64             user_id,
                    GError           **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();

  if (!sl_store_check_text (_("file name"), e->original_name, 4096, TRUE, error) ||
      !sl_store_check_text (_("source"), e->source, 65536, FALSE, error))
    return 0;
  stmt = sl_store_prepare (store,
                           "INSERT INTO evidence (case_id, kind, sha256, size, original_name, "
                           "  original_name_raw, source, source_raw, stored_path, format, width, "
                           "  height, duration_s, fps, frame_count, codec, imported_by, imported_at, damage) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                           "  ?15, ?16, ?17, ?18, ?19)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, e->case_id);
  sl_bind_text (stmt, 2, sl_evidence_kind_to_string (e->kind));
  sl_bind_text (stmt, 3, e->sha256);
  sl_stmt_bind_int64 (stmt, 4, (gint64) e->size);
  sl_bind_text (stmt, 5, e->original_name);
  bind_bytes (stmt, 6, e->original_name_raw);
  sl_bind_text (stmt, 7, e->source);
  bind_bytes (stmt, 8, e->source_raw);
  sl_bind_text (stmt, 9, e->stored_path);
  sl_bind_text (stmt, 10, e->format);
  sl_stmt_bind_int (stmt, 11, (int) e->width);
  sl_stmt_bind_int (stmt, 12, (int) e->height);
  if (e->kind == SL_EVIDENCE_FOOTAGE)
    {
      sl_stmt_bind_double (stmt, 13, e->duration_s);
      sl_stmt_bind_double (stmt, 14, e->fps);
      if (e->frame_count >= 0)
        sl_stmt_bind_int64 (stmt, 15, e->frame_count);
      sl_bind_text (stmt, 16, e->codec);
    }
  sl_stmt_bind_int64 (stmt, 17, user_id);
  sl_bind_text (stmt, 18, now);
  sl_bind_text (stmt, 19, e->damage);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the evidence")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlEvidence *
sl_evidence_find (SlStore     *store,
                  gint64       case_id,
                  const char  *sha256,
                  GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, EVIDENCE_QUERY "WHERE e.case_id = ?1 AND e.sha256 = ?2", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_bind_text (stmt, 2, sha256);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return evidence_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the evidence"));
  return NULL;
}

static GPtrArray *
list_query (SlStore     *store,
            const char  *sql,
            gint64       case_id,
            GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_evidence_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (case_id > 0)
    sl_stmt_bind_int64 (stmt, 1, case_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, evidence_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the evidence"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
sl_evidence_list (SlStore  *store,
                  gint64    case_id,
                  GError  **error)
{
  return list_query (store, EVIDENCE_QUERY "WHERE e.case_id = ?1 ORDER BY e.id", case_id, error);
}

GPtrArray *
sl_evidence_list_all (SlStore  *store,
                      GError  **error)
{
  return list_query (store, EVIDENCE_QUERY "ORDER BY e.id", 0, error);
}
