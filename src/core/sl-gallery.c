/* sl-gallery.c: the galleries, subjects and gallery_faces tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-gallery"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-gallery.h"
#include "core/sl-store-private.h"

#define GALLERY_QUERY \
  "SELECT g.id, g.name, g.description, g.model_id, g.model_sha256, g.dim, g.generation, " \
  "  (SELECT count(*) FROM subjects s WHERE s.gallery_id = g.id), " \
  "  (SELECT count(*) FROM gallery_faces f WHERE f.gallery_id = g.id), " \
  "  u.username, g.created_at " \
  "FROM galleries g JOIN users u ON u.id = g.created_by "

/* helpers */

static SlGallery *
gallery_from_row (SlStmt *stmt)
{
  SlGallery *g = g_new0 (SlGallery, 1);

  g->id = sl_stmt_column_int64 (stmt, 0);
  g->name = sl_column_text (stmt, 1);
  g->description = sl_column_text (stmt, 2);
  g->model_id = sl_column_text (stmt, 3);
  g->model_sha256 = sl_column_text (stmt, 4);
  g->dim = (guint) sl_stmt_column_int (stmt, 5);
  g->generation = sl_stmt_column_int64 (stmt, 6);
  g->n_subjects = sl_stmt_column_int64 (stmt, 7);
  g->n_faces = sl_stmt_column_int64 (stmt, 8);
  g->created_by = sl_column_text (stmt, 9);
  g->created_at = sl_column_text (stmt, 10);
  return g;
}

static gboolean
check_label (const char  *what,
             const char  *text,
             gsize        max_chars,
             GError     **error)
{
  if (!sl_store_check_text (what, text, max_chars, FALSE, error))
    return FALSE;
  if (*text == '\0' || g_unichar_isspace (g_utf8_get_char (text)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (text + strlen (text)))))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("The %s must not be empty nor start or end with a space"), what);
      return FALSE;
    }
  return TRUE;
}

static SlGallery *
lookup_one (SlStore     *store,
            const char  *sql,
            const char  *name,
            gint64       id,
            GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sl_bind_text (stmt, 1, name);
  else
    sl_stmt_bind_int64 (stmt, 1, id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return gallery_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the galleries"));
  else if (name != NULL)
    {
      g_autofree char *shown = sl_store_text_shown (name, 64);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no gallery '%s'"), shown);
    }
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("There is no gallery %" PRId64), id);
  return NULL;
}

/* public API */

void
sl_gallery_free (SlGallery *g)
{
  if (g == NULL)
    return;
  g_free (g->name);
  g_free (g->description);
  g_free (g->model_id);
  g_free (g->model_sha256);
  g_free (g->created_by);
  g_free (g->created_at);
  g_free (g);
}

gboolean
sl_gallery_check_name (const char  *name,
                       GError     **error)
{
  return check_label (_("gallery name"), name, SL_GALLERY_NAME_MAX, error);
}

gboolean
sl_subject_check_external_id (const char  *external_id,
                              GError     **error)
{
  return check_label (_("subject's external id"), external_id, SL_SUBJECT_EXTERNAL_ID_MAX, error);
}

gint64
sl_gallery_insert (SlStore     *store,
                   const char  *name,
                   const char  *description,
                   const char  *model_id,
                   const char  *model_sha256,
                   guint        dim,
                   gint64       user_id,
                   GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = sl_store_now ();

  if (!sl_gallery_check_name (name, error) ||
      (description != NULL && !sl_store_check_text (_("gallery description"), description, 1000, TRUE, error)))
    return 0;
  stmt = sl_store_prepare (store, "INSERT INTO galleries (name, description, model_id, model_sha256, dim, "
                                  "  created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return 0;
  sl_bind_text (stmt, 1, name);
  sl_bind_text (stmt, 2, description);
  sl_bind_text (stmt, 3, model_id);
  sl_bind_text (stmt, 4, model_sha256);
  sl_stmt_bind_int (stmt, 5, (int) dim);
  sl_stmt_bind_int64 (stmt, 6, user_id);
  sl_bind_text (stmt, 7, now);
  if (!sl_store_exec_stmt (store, stmt, &local_error, _("Cannot create the gallery")))
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT) &&
          sl_store_last_error_unique (store))
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS,
                     _("There is already a gallery '%s'"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return sl_store_last_insert_id (store, error);
}

SlGallery *
sl_gallery_lookup (SlStore     *store,
                   const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  return lookup_one (store, GALLERY_QUERY "WHERE g.name = ?1", name, 0, error);
}

SlGallery *
sl_gallery_lookup_id (SlStore     *store,
                      gint64       id,
                      GError     **error)
{
  return lookup_one (store, GALLERY_QUERY "WHERE g.id = ?1", NULL, id, error);
}

GPtrArray *
sl_gallery_list (SlStore  *store,
                 GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, GALLERY_QUERY "ORDER BY g.name", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_gallery_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, gallery_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the galleries"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
sl_gallery_bump (SlStore  *store,
                 gint64    gallery_id,
                 GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "UPDATE galleries SET generation = generation + 1 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, gallery_id);
  /* The other desks hear of it at the commit (PostgreSQL). */
  return sl_store_exec_stmt (store, stmt, error, _("Cannot update the gallery")) &&
         sl_store_announce_gallery (store, error);
}

gint64
sl_subject_ensure (SlStore     *store,
                   gint64       gallery_id,
                   const char  *external_id,
                   const char  *name,
                   const char  *metadata_json,
                   gint64       user_id,
                   gboolean    *created,
                   GError     **error)
{
  g_autoptr(SlStmt) find = NULL;
  g_autoptr(SlStmt) insert = NULL;
  g_autofree char *now = NULL;
  int rc;

  *created = FALSE;
  if (!sl_subject_check_external_id (external_id, error) ||
      (name != NULL && !sl_store_check_text (_("subject's name"), name, SL_SUBJECT_NAME_MAX, FALSE, error)))
    return 0;

  find = sl_store_prepare (store, "SELECT id FROM subjects WHERE gallery_id = ?1 AND external_id = ?2", error);
  if (find == NULL)
    return 0;
  sl_stmt_bind_int64 (find, 1, gallery_id);
  sl_bind_text (find, 2, external_id);
  rc = sl_stmt_step (find);
  if (rc == SL_DB_ROW)
    return sl_stmt_column_int64 (find, 0);
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the gallery's subjects"));
      return 0;
    }

  now = sl_store_now ();
  insert = sl_store_prepare (store, "INSERT INTO subjects (gallery_id, external_id, name, metadata, "
                                    "  created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (insert == NULL)
    return 0;
  sl_stmt_bind_int64 (insert, 1, gallery_id);
  sl_bind_text (insert, 2, external_id);
  sl_bind_text (insert, 3, name != NULL && *name != '\0' ? name : NULL);
  sl_bind_text (insert, 4, metadata_json != NULL ? metadata_json : "{}");
  sl_stmt_bind_int64 (insert, 5, user_id);
  sl_bind_text (insert, 6, now);
  if (!sl_store_exec_stmt (store, insert, error, _("Cannot add the subject to the gallery")))
    return 0;
  *created = TRUE;
  return sl_store_last_insert_id (store, error);
}

gboolean
sl_subject_lookup (SlStore     *store,
                   gint64       subject_id,
                   char       **external_id,
                   char       **name,
                   GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT external_id, name FROM subjects WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, subject_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      *external_id = sl_column_text (stmt, 0);
      *name = sl_column_text (stmt, 1);
      return TRUE;
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the gallery's subjects"));
  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
               _("There is no subject %" PRId64), subject_id);
  return FALSE;
}

gint64
sl_gallery_face_insert (SlStore                *store,
                        const SlGalleryFaceRow *row,
                        gint64                  user_id,
                        GError                **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autofree char *now = sl_store_now ();
  gsize path_len = 0;
  gconstpointer path_raw;

  stmt = sl_store_prepare (store,
                           "INSERT INTO gallery_faces (gallery_id, subject_id, image_sha256, image_path, "
                           "  image_path_raw, box_x, box_y, box_w, box_h, landmarks, detector_score, "
                           "  quality_band, quality, embedding, model_id, model_sha256, thumbnail, "
                           "  enrolled_by, enrolled_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                           "  ?16, ?17, ?18, ?19)", error);
  if (stmt == NULL)
    return 0;
  path_raw = g_bytes_get_data (row->image_path_raw, &path_len);
  sl_stmt_bind_int64 (stmt, 1, row->gallery_id);
  sl_stmt_bind_int64 (stmt, 2, row->subject_id);
  sl_bind_text (stmt, 3, row->image_sha256);
  sl_bind_text (stmt, 4, row->image_path);
  sl_stmt_bind_blob (stmt, 5, path_raw != NULL ? path_raw : "", path_len);
  for (int i = 0; i < 4; i++)
    sl_stmt_bind_double (stmt, 6 + i, row->box[i]);
  sl_bind_text (stmt, 10, row->landmarks_json);
  sl_stmt_bind_double (stmt, 11, row->detector_score);
  sl_bind_text (stmt, 12, row->quality_band);
  sl_bind_text (stmt, 13, row->quality_json);
  sl_stmt_bind_blob (stmt, 14, row->embedding, (gsize) row->dim * sizeof (float));
  sl_bind_text (stmt, 15, row->model_id);
  sl_bind_text (stmt, 16, row->model_sha256);
  if (row->thumbnail != NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (row->thumbnail, &len);
      sl_stmt_bind_blob (stmt, 17, data, len);
    }
  else
    sl_stmt_bind_null (stmt, 17);
  sl_stmt_bind_int64 (stmt, 18, user_id);
  sl_bind_text (stmt, 19, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot enrol the face")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

GHashTable *
sl_gallery_image_hashes (SlStore  *store,
                         gint64    gallery_id,
                         GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT f.image_sha256, s.external_id FROM gallery_faces f "
                             "JOIN subjects s ON s.id = f.subject_id WHERE f.gallery_id = ?1", error);
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, gallery_id);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_hash_table_insert (hashes, sl_column_text (stmt, 0), sl_column_text (stmt, 1));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the gallery's faces"));
      return NULL;
    }
  return g_steal_pointer (&hashes);
}

GHashTable *
sl_gallery_evidence_hashes (SlStore  *store,
                            GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, "SELECT DISTINCT sha256 FROM evidence", error);
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_hash_table_add (hashes, sl_column_text (stmt, 0));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the evidence"));
      return NULL;
    }
  return g_steal_pointer (&hashes);
}

void
sl_gallery_subject_free (SlGallerySubject *subject)
{
  if (subject == NULL)
    return;
  g_free (subject->external_id);
  g_free (subject->name);
  g_free (subject->created_at);
  g_free (subject);
}

GPtrArray *
sl_subject_list (SlStore  *store,
                 gint64    gallery_id,
                 guint     offset,
                 guint     limit,
                 GError  **error)
{
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(SlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  stmt = sl_store_prepare (store,
                           "SELECT s.id, s.external_id, s.name, s.created_at, "
                           "       (SELECT count(*) FROM gallery_faces f WHERE f.subject_id = s.id), "
                           "       (SELECT min(f.id) FROM gallery_faces f WHERE f.subject_id = s.id) "
                           "FROM subjects s WHERE s.gallery_id = ?1 "
                           "ORDER BY s.external_id LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, gallery_id);
  sl_stmt_bind_int64 (stmt, 2, limit);
  sl_stmt_bind_int64 (stmt, 3, offset);
  subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_gallery_subject_free);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlGallerySubject *s = g_new0 (SlGallerySubject, 1);

      s->id = sl_stmt_column_int64 (stmt, 0);
      s->external_id = sl_column_text (stmt, 1);
      s->name = sl_column_text (stmt, 2);
      s->created_at = sl_column_text (stmt, 3);
      s->n_faces = (guint) sl_stmt_column_int64 (stmt, 4);
      s->face_id = sl_stmt_column_int64 (stmt, 5);
      g_ptr_array_add (subjects, s);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the subjects of the gallery"));
      return NULL;
    }
  return g_steal_pointer (&subjects);
}

gboolean
sl_gallery_copy_mark (SlStore     *store,
                      const char  *image_sha256,
                      gboolean     stored,
                      GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "INSERT INTO gallery_copies (image_sha256, stored, checked_at) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (image_sha256) DO UPDATE SET stored = excluded.stored, "
                             "  checked_at = excluded.checked_at WHERE excluded.stored > gallery_copies.stored", error);
  g_autofree char *now = sl_store_now ();

  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, image_sha256);
  sl_stmt_bind_int (stmt, 2, stored ? 1 : 0);
  sl_bind_text (stmt, 3, now);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot record the enrolled photo's copy"));
}

void
sl_gallery_uncopied_free (SlGalleryUncopied *u)
{
  if (u == NULL)
    return;
  g_free (u->image_sha256);
  g_free (u->path);
  g_free (u->display);
  g_free (u);
}

GPtrArray *
sl_gallery_uncopied_list (SlStore  *store,
                          GError  **error)
{
  /* One path per content, the first face's: the same photo enrolled
   * twice is copied once. Run on every opening, so one pass with a
   * primary-key look-up per face. */
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT f.image_sha256, f.image_path_raw, f.image_path, f.id FROM gallery_faces f "
                             "JOIN (SELECT min (id) AS first FROM gallery_faces g WHERE NOT EXISTS "
                             "      (SELECT 1 FROM gallery_copies c WHERE c.image_sha256 = g.image_sha256) "
                             "      GROUP BY image_sha256) m ON m.first = f.id "
                             "ORDER BY f.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_gallery_uncopied_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlGalleryUncopied *u = g_new0 (SlGalleryUncopied, 1);

      u->image_sha256 = sl_column_text (stmt, 0);
      u->path = g_strndup (sl_stmt_column_blob (stmt, 1), (gsize) sl_stmt_column_bytes (stmt, 1));
      u->display = sl_column_text (stmt, 2);
      g_ptr_array_add (list, u);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the gallery's faces"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
