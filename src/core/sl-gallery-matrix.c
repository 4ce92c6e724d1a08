/* sl-gallery-matrix.c: a gallery's embeddings in the matcher. The matcher
 * keeps them quantised; the few exact rows each search re-ranks come back
 * from the database by face id, through a read-only connection of the
 * matrix's own (enrolled faces never change: a trigger refuses it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-gallery-matrix"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-gallery-matrix.h"
#include "core/sl-matcher.h"
#include "core/sl-store-private.h"

/* Rows handed to the matcher at a time. */
#define LOAD_ROWS 4096

struct _SlGalleryMatrix
{
  gatomicrefcount  ref_count;
  gint64           gallery_id;
  gint64           generation;
  guint            dim;
  char            *model_sha256;
  char            *db_path;
  SlMatcher       *matcher;
  GArray          *face_ids;       /* gint64 per matcher row */
  GArray          *subject_ids;    /* gint64 per subject index, ascending */
  double           load_s;

  GMutex           fetch_lock;
  sqlite3         *fetch_db;
  sqlite3_stmt    *fetch_stmt;
};

/* helpers */

static guint
subject_index (GArray *subject_ids,
               gint64  subject_id)
{
  guint lo = 0, hi = subject_ids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (subject_ids, gint64, mid) < subject_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
fetch_fail (SlGalleryMatrix  *self,
            int               rc,
            GError          **error)
{
  g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
               _("Cannot read the gallery's embeddings back for exact scoring: %s"),
               self->fetch_db != NULL ? sqlite3_errmsg (self->fetch_db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
fetch_open (SlGalleryMatrix  *self,
            GError          **error)
{
  int rc;

  if (self->fetch_stmt != NULL)
    return TRUE;
  rc = sqlite3_open_v2 (self->db_path, &self->fetch_db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (self->fetch_db, 20000);
      rc = sqlite3_prepare_v3 (self->fetch_db, "SELECT embedding FROM gallery_faces WHERE id = ?1", -1,
                               SQLITE_PREPARE_PERSISTENT, &self->fetch_stmt, NULL);
    }
  if (rc != SQLITE_OK)
    {
      fetch_fail (self, rc, error);
      g_clear_pointer (&self->fetch_db, sqlite3_close_v2);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fetch_rows (const guint  *rows,
            guint         n_rows,
            float        *out,
            gpointer      user_data,
            GError      **error)
{
  SlGalleryMatrix *self = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->fetch_lock);
  gsize row_bytes = (gsize) self->dim * sizeof (float);

  if (!fetch_open (self, error))
    return FALSE;
  for (guint i = 0; i < n_rows; i++)
    {
      gint64 face_id = g_array_index (self->face_ids, gint64, rows[i]);
      int rc;

      sqlite3_bind_int64 (self->fetch_stmt, 1, face_id);
      rc = sqlite3_step (self->fetch_stmt);
      if (rc != SQLITE_ROW || (gsize) sqlite3_column_bytes (self->fetch_stmt, 0) != row_bytes)
        {
          if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                         _("The enrolled face %" PRId64 " is missing or damaged in the database"),
                         face_id);
          else
            fetch_fail (self, rc, error);
          sqlite3_reset (self->fetch_stmt);
          return FALSE;
        }
      memcpy (out + (gsize) i * self->dim, sqlite3_column_blob (self->fetch_stmt, 0), row_bytes);
      sqlite3_reset (self->fetch_stmt);
    }
  return TRUE;
}

static gboolean
read_gallery (SlStore          *store,
              SlGalleryMatrix  *self,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    sl_store_prepare (store, "SELECT model_sha256, dim, generation FROM galleries WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->gallery_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->model_sha256 = sl_column_text (stmt, 0);
      self->dim = (guint) sqlite3_column_int (stmt, 1);
      self->generation = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("There is no gallery %" PRId64), self->gallery_id);
  else
    sl_store_fail (store, rc, error, _("Cannot read the gallery"));
  return FALSE;
}

static gboolean
read_subjects (SlStore          *store,
               SlGalleryMatrix  *self,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    sl_store_prepare (store, "SELECT id FROM subjects WHERE gallery_id = ?1 ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->gallery_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (self->subject_ids, id);
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the gallery's subjects"));
  return TRUE;
}

static gboolean
read_faces (SlStore          *store,
            SlGalleryMatrix  *self,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    sl_store_prepare (store, "SELECT id, subject_id, embedding FROM gallery_faces "
                             "WHERE gallery_id = ?1 ORDER BY id", error);
  g_autofree float *rows = NULL;
  g_autofree guint *subjects = NULL;
  gsize row_bytes;
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  row_bytes = (gsize) self->dim * sizeof (float);
  rows = g_new (float, (gsize) LOAD_ROWS * self->dim);
  subjects = g_new (guint, LOAD_ROWS);
  sqlite3_bind_int64 (stmt, 1, self->gallery_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 face_id = sqlite3_column_int64 (stmt, 0);
      gint64 subject_id = sqlite3_column_int64 (stmt, 1);
      guint index = subject_index (self->subject_ids, subject_id);

      if ((gsize) sqlite3_column_bytes (stmt, 2) != row_bytes || index >= self->subject_ids->len ||
          g_array_index (self->subject_ids, gint64, index) != subject_id)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                       _("The enrolled face %" PRId64 " is damaged: its embedding is not %u "
                         "numbers or its subject is missing"), face_id, self->dim);
          return FALSE;
        }
      memcpy (rows + (gsize) n * self->dim, sqlite3_column_blob (stmt, 2), row_bytes);
      subjects[n++] = index;
      g_array_append_val (self->face_ids, face_id);
      if (n == LOAD_ROWS)
        {
          if (!sl_matcher_append (self->matcher, rows, subjects, n, error) ||
              g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          n = 0;
        }
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the gallery's faces"));
  return sl_matcher_append (self->matcher, rows, subjects, n, error);
}

/* public API */

SlGalleryMatrix *
sl_gallery_matrix_load (SlStore       *store,
                        gint64         gallery_id,
                        guint          n_threads,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SlGalleryMatrix) self = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (!sl_store_in_transaction (store), NULL);

  self = g_new0 (SlGalleryMatrix, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->fetch_lock);
  self->gallery_id = gallery_id;
  self->db_path = g_strdup (sl_store_get_path (store));
  self->face_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->subject_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* One snapshot: the generation and the rows belong together. */
  if (!sl_store_exec (store, "BEGIN", error))
    return NULL;
  ok = read_gallery (store, self, error);
  if (ok)
    {
      self->matcher = sl_matcher_new (self->dim, SL_MATCHER_FLAGS_NONE, n_threads);
      sl_matcher_set_fetch_func (self->matcher, fetch_rows, self, NULL);
      ok = read_subjects (store, self, error) && read_faces (store, self, cancellable, error);
    }
  sl_store_rollback (store);
  if (!ok)
    return NULL;
  self->load_s = (g_get_monotonic_time () - start) / 1e6;
  g_debug ("Loaded gallery %" PRId64 ": %u faces in %.3f s", gallery_id, self->face_ids->len,
           self->load_s);
  return g_steal_pointer (&self);
}

SlGalleryMatrix *
sl_gallery_matrix_ref (SlGalleryMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_gallery_matrix_unref (SlGalleryMatrix *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->matcher, sl_matcher_unref);
  g_clear_pointer (&self->fetch_stmt, sqlite3_finalize);
  g_clear_pointer (&self->fetch_db, sqlite3_close_v2);
  g_mutex_clear (&self->fetch_lock);
  g_array_unref (self->face_ids);
  g_array_unref (self->subject_ids);
  g_free (self->model_sha256);
  g_free (self->db_path);
  g_free (self);
}

gint64
sl_gallery_matrix_get_gallery_id (SlGalleryMatrix *self)
{
  return self->gallery_id;
}

gint64
sl_gallery_matrix_get_generation (SlGalleryMatrix *self)
{
  return self->generation;
}

guint
sl_gallery_matrix_get_dim (SlGalleryMatrix *self)
{
  return self->dim;
}

guint
sl_gallery_matrix_get_n_faces (SlGalleryMatrix *self)
{
  return self->face_ids->len;
}

guint
sl_gallery_matrix_get_n_subjects (SlGalleryMatrix *self)
{
  return self->matcher != NULL ? sl_matcher_get_n_subjects (self->matcher) : 0;
}

const char *
sl_gallery_matrix_get_model_sha256 (SlGalleryMatrix *self)
{
  return self->model_sha256;
}

double
sl_gallery_matrix_get_load_s (SlGalleryMatrix *self)
{
  return self->load_s;
}

GArray *
sl_gallery_matrix_search (SlGalleryMatrix  *self,
                          const float      *probe,
                          guint             top_k,
                          float             threshold,
                          GError          **error)
{
  g_autoptr(GArray) matches = NULL;
  GArray *hits;

  g_return_val_if_fail (self != NULL && probe != NULL, NULL);

  if (!(matches = sl_matcher_search_full (self->matcher, probe, top_k, threshold, NULL, error)))
    return NULL;
  hits = g_array_sized_new (FALSE, FALSE, sizeof (SlGalleryHit), matches->len);
  for (guint i = 0; i < matches->len; i++)
    {
      const SlMatch *m = &g_array_index (matches, SlMatch, i);
      SlGalleryHit hit = {
        .subject_id = g_array_index (self->subject_ids, gint64, m->subject),
        .face_id = g_array_index (self->face_ids, gint64, m->row),
        .score = m->score,
      };
      g_array_append_val (hits, hit);
    }
  return hits;
}
