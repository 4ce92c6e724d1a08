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

  /* Searches read, an extension (another desk enrolled) writes. */
  GRWLock          rows_lock;
  GMutex           fetch_lock;
  SlStore         *fetch_db;
  SlStmt          *fetch_stmt;
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
  g_autoptr(GError) cause = NULL;

  sl_store_fail (self->fetch_db, rc, &cause, _("Cannot read the database"));
  g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
               _("Cannot read the gallery's embeddings back for exact scoring: %s"), cause->message);
  return FALSE;
}

static gboolean
fetch_open (SlGalleryMatrix  *self,
            GError          **error)
{
  g_autoptr(GError) cause = NULL;

  if (self->fetch_stmt != NULL)
    return TRUE;
  if (self->fetch_db == NULL && !(self->fetch_db = sl_store_open_side (self->db_path, &cause)))
    {
      g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                   _("Cannot read the gallery's embeddings back for exact scoring: %s"), cause->message);
      return FALSE;
    }
  self->fetch_stmt = sl_store_prepare (self->fetch_db, "SELECT embedding FROM gallery_faces WHERE id = ?1",
                                       &cause);
  if (self->fetch_stmt == NULL)
    {
      g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                   _("Cannot read the gallery's embeddings back for exact scoring: %s"), cause->message);
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

      sl_stmt_bind_int64 (self->fetch_stmt, 1, face_id);
      rc = sl_stmt_step (self->fetch_stmt);
      if (rc != SL_DB_ROW || (gsize) sl_stmt_column_bytes (self->fetch_stmt, 0) != row_bytes)
        {
          if (rc == SL_DB_ROW || rc == SL_DB_DONE)
            {
              g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                           _("The enrolled face %" PRId64 " is missing or damaged in the database"),
                           face_id);
              sl_stmt_reset (self->fetch_stmt);
              return FALSE;
            }
          /* Prepared again next time: sl_store_prepare () is where a
           * connection to a server that was lost is taken up again, and a
           * statement kept across it would fail every later search. */
          fetch_fail (self, rc, error);
          sl_stmt_release (self->fetch_stmt);
          self->fetch_stmt = NULL;
          return FALSE;
        }
      memcpy (out + (gsize) i * self->dim, sl_stmt_column_blob (self->fetch_stmt, 0), row_bytes);
      sl_stmt_reset (self->fetch_stmt);
    }
  return TRUE;
}

static gboolean
read_gallery (SlStore          *store,
              SlGalleryMatrix  *self,
              GError          **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT model_sha256, dim, generation FROM galleries WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, self->gallery_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      self->model_sha256 = sl_column_text (stmt, 0);
      self->dim = (guint) sl_stmt_column_int (stmt, 1);
      self->generation = sl_stmt_column_int64 (stmt, 2);
      return TRUE;
    }
  if (rc == SL_DB_DONE)
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
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT id FROM subjects WHERE gallery_id = ?1 AND id > ?2 ORDER BY id", error);
  gint64 after = self->subject_ids->len > 0 ? g_array_index (self->subject_ids, gint64, self->subject_ids->len - 1) : 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, self->gallery_id);
  sl_stmt_bind_int64 (stmt, 2, after);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      gint64 id = sl_stmt_column_int64 (stmt, 0);
      g_array_append_val (self->subject_ids, id);
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the gallery's subjects"));
  return TRUE;
}

static gboolean
read_faces (SlStore          *store,
            SlGalleryMatrix  *self,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT id, subject_id, embedding FROM gallery_faces "
                             "WHERE gallery_id = ?1 AND id > ?2 ORDER BY id", error);
  gint64 after = self->face_ids->len > 0 ? g_array_index (self->face_ids, gint64, self->face_ids->len - 1) : 0;
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
  sl_stmt_bind_int64 (stmt, 1, self->gallery_id);
  sl_stmt_bind_int64 (stmt, 2, after);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      gint64 face_id = sl_stmt_column_int64 (stmt, 0);
      gint64 subject_id = sl_stmt_column_int64 (stmt, 1);
      guint index = subject_index (self->subject_ids, subject_id);

      if ((gsize) sl_stmt_column_bytes (stmt, 2) != row_bytes || index >= self->subject_ids->len ||
          g_array_index (self->subject_ids, gint64, index) != subject_id)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                       _("The enrolled face %" PRId64 " is damaged: its embedding is not %u "
                         "numbers or its subject is missing"), face_id, self->dim);
          return FALSE;
        }
      memcpy (rows + (gsize) n * self->dim, sl_stmt_column_blob (stmt, 2), row_bytes);
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
  if (rc != SL_DB_DONE)
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
  g_rw_lock_init (&self->rows_lock);
  self->gallery_id = gallery_id;
  self->db_path = g_strdup (sl_store_get_path (store));
  self->face_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->subject_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* One snapshot: the generation and the rows belong together. */
  if (!sl_store_begin_read (store, error))
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
  /* The statement is the reader's, cached: it goes with it. */
  self->fetch_stmt = NULL;
  g_clear_object (&self->fetch_db);
  g_mutex_clear (&self->fetch_lock);
  g_rw_lock_clear (&self->rows_lock);
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

  g_rw_lock_reader_lock (&self->rows_lock);
  if (!(matches = sl_matcher_search_full (self->matcher, probe, top_k, threshold, NULL, error)))
    {
      g_rw_lock_reader_unlock (&self->rows_lock);
      return NULL;
    }
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
  g_rw_lock_reader_unlock (&self->rows_lock);
  return hits;
}

/* How many faces and subjects the gallery has now. */
static gboolean
count_rows (SlStore          *store,
            SlGalleryMatrix  *self,
            gint64           *faces,
            gint64           *subjects,
            GError          **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT (SELECT count(*) FROM gallery_faces WHERE gallery_id = ?1), "
                             "(SELECT count(*) FROM subjects WHERE gallery_id = ?1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, self->gallery_id);
  if ((rc = sl_stmt_step (stmt)) != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the gallery"));
  *faces = sl_stmt_column_int64 (stmt, 0);
  *subjects = sl_stmt_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
sl_gallery_matrix_extend (SlGalleryMatrix  *self,
                          SlStore          *store,
                          GCancellable     *cancellable,
                          gboolean         *extended,
                          GError          **error)
{
  g_autofree char *old_sha256 = NULL;
  guint old_dim = self->dim;
  guint old_faces, old_subjects;
  gint64 faces = 0, subjects = 0;
  gboolean ok;

  g_return_val_if_fail (self != NULL && SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (!sl_store_in_transaction (store), FALSE);

  *extended = FALSE;
  g_rw_lock_writer_lock (&self->rows_lock);
  old_faces = self->face_ids->len;
  old_subjects = self->subject_ids->len;
  old_sha256 = g_steal_pointer (&self->model_sha256);
  /* One snapshot, as for a full load. */
  if (!sl_store_begin_read (store, error))
    {
      self->model_sha256 = g_steal_pointer (&old_sha256);
      g_rw_lock_writer_unlock (&self->rows_lock);
      return FALSE;
    }
  ok = read_gallery (store, self, error);
  /* Only what was added is read: a gallery that lost a face, or changed
   * its embedder, is loaded anew by the caller. */
  if (ok && self->dim == old_dim && g_strcmp0 (self->model_sha256, old_sha256) == 0)
    {
      ok = read_subjects (store, self, error) && read_faces (store, self, cancellable, error) &&
           count_rows (store, self, &faces, &subjects, error);
      *extended = ok && faces == self->face_ids->len && subjects == self->subject_ids->len;
    }
  sl_store_rollback (store);
  g_rw_lock_writer_unlock (&self->rows_lock);
  if (ok && !*extended)
    g_debug ("Gallery %" PRId64 " changed other than by additions: loaded anew", self->gallery_id);
  else if (ok)
    g_debug ("Gallery %" PRId64 ": %u new faces, %u new subjects", self->gallery_id,
             self->face_ids->len - old_faces, self->subject_ids->len - old_subjects);
  return ok;
}
