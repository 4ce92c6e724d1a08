/* sl-evidence-store.c: the content-addressed evidence files, written so
 * that a crash never leaves a partial file under a content name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-evidence-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-evidence-store.h"
#include "core/sl-regular-file.h"
#include "core/sl-store-private.h"

#define COPY_CHUNK (1024 * 1024)

struct _SlEvidenceStore
{
  char    *dir;
  char    *incoming_dir;
  /* On a server: the files' bytes are large objects there, dir is this
   * desk's copy of those it used. */
  SlStore *server;
  char    *kind;
  GMutex   server_lock;
};

struct _SlIncoming
{
  SlEvidenceStore *store;
  char            *dir;
  char            *path;
  int              lock_fd;     /* holds flock on dir while we work in it */
  char            *sha256;
  guint64          size;
};

/* helpers */

/* The store's own paths are never in a message: a person knows the
 * evidence by its name, which the engine puts before this. */
static gboolean
store_io_error (GError     **error,
                int          saved,
                const char  *path)
{
  g_debug ("Evidence store: '%s': %s", path, g_strerror (saved));
  if (saved == ENOSPC || saved == EDQUOT)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FULL,
                 _("the disk holding the evidence store is full, so nothing was stored; free some space and "
                   "try again"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO,
                 _("the evidence store cannot be written: %s"), g_strerror (saved));
  return FALSE;
}

static gboolean
ensure_dir (const char  *dir,
            gboolean    *created,
            GError     **error)
{
  if (created != NULL)
    *created = FALSE;
  if (g_mkdir (dir, 0700) == 0)
    {
      if (created != NULL)
        *created = TRUE;
      return TRUE;
    }
  if (errno == EEXIST && g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  return store_io_error (error, errno, dir);
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int rc;

  if (fd < 0)
    return store_io_error (error, errno, dir);
  rc = fsync (fd);
  close (fd);
  if (rc != 0 && errno != EINVAL)
    return store_io_error (error, errno, dir);
  return TRUE;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Folders under incoming/ whose owner is gone (its flock is released when
 * the process dies, however it dies). */
static void
clean_incoming (SlEvidenceStore *self)
{
  g_autoptr(GDir) d = g_dir_open (self->incoming_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->incoming_dir, name, NULL);
      int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_debug ("Removing what an interrupted import left in %s", path);
          remove_tree (path);
        }
      close (fd);
    }
}

static gboolean
hash_fd (int            fd,
         const char    *path,
         GChecksum     *sum,
         guint64       *size,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK);
  ssize_t n;

  *size = 0;
  while ((n = read (fd, buf, COPY_CHUNK)) != 0)
    {
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return store_io_error (error, errno, path);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_checksum_update (sum, buf, (gsize) n);
      *size += (guint64) n;
    }
  return TRUE;
}

static gboolean sl_evidence_store_check_local (SlEvidenceStore  *self,
                                               const char       *relative,
                                               GError          **error);

/* public API */

SlEvidenceStore *
sl_evidence_store_new (const char  *dir,
                       GError     **error)
{
  g_autoptr(SlEvidenceStore) self = g_new0 (SlEvidenceStore, 1);

  self->dir = g_strdup (dir);
  self->incoming_dir = g_build_filename (dir, "incoming", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) && g_mkdir_with_parents (dir, 0700) != 0)
    {
      store_io_error (error, errno, dir);
      return NULL;
    }
  if (!ensure_dir (self->incoming_dir, NULL, error))
    return NULL;
  clean_incoming (self);
  return g_steal_pointer (&self);
}

SlEvidenceStore *
sl_evidence_store_new_server (const char  *dir,
                              const char  *uri,
                              const char  *kind,
                              GError     **error)
{
  g_autoptr(SlEvidenceStore) self = sl_evidence_store_new (dir, error);

  if (self == NULL || !(self->server = sl_store_open_side (uri, error)))
    return NULL;
  self->kind = g_strdup (kind);
  g_mutex_init (&self->server_lock);
  return g_steal_pointer (&self);
}

void
sl_evidence_store_free (SlEvidenceStore *self)
{
  if (self == NULL)
    return;
  if (self->server != NULL)
    {
      g_clear_object (&self->server);
      g_mutex_clear (&self->server_lock);
    }
  g_free (self->kind);
  g_free (self->dir);
  g_free (self->incoming_dir);
  g_free (self);
}

const char *
sl_evidence_store_get_dir (SlEvidenceStore *self)
{
  return self->dir;
}

char *
sl_evidence_store_relative (const char *sha256)
{
  g_return_val_if_fail (sha256 != NULL && strlen (sha256) == 64, NULL);
  return g_strdup_printf ("%.2s/%s", sha256, sha256 + 2);
}

/* The server's bytes into this desk's copy: streamed into the incoming
 * folder, hashed on the way, and moved under its name only when the hash
 * is the one it was stored under. */
static gboolean
fetch_from_server (SlEvidenceStore  *self,
                   const char       *relative,
                   GError          **error)
{
  g_autoptr(SlIncoming) incoming = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->server_lock);
  g_autofree char *expected = g_strdup_printf ("%.2s%s", relative, relative + 3);
  g_autofree char *dest = g_build_filename (self->dir, relative, NULL);
  g_autofree char *prefix_dir = g_path_get_dirname (dest);
  gboolean ok;
  int fd;

  if (!(incoming = sl_incoming_new (self, error)))
    return FALSE;
  fd = g_open (incoming->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return store_io_error (error, errno, incoming->path);
  ok = sl_store_blob_get (self->server, self->kind, expected, fd, sum, NULL, error);
  if (ok && fsync (fd) != 0)
    ok = store_io_error (error, errno, incoming->path);
  close (fd);
  if (!ok)
    return FALSE;
  if (!g_str_equal (g_checksum_get_string (sum), expected))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("its copy on the server has been altered: it no longer has the SHA-256 it was stored "
                     "under (%.16s…)"), expected);
      return FALSE;
    }
  g_chmod (incoming->path, 0400);
  if (!ensure_dir (prefix_dir, NULL, error))
    return FALSE;
  if (g_rename (incoming->path, dest) != 0)
    return store_io_error (error, errno, dest);
  return fsync_dir (prefix_dir, error);
}

char *
sl_evidence_store_path (SlEvidenceStore *self,
                        const char      *relative)
{
  char *path = g_build_filename (self->dir, relative, NULL);

  /* On a server, the desk fetches what it has no copy of yet; what goes
   * wrong then shows when the caller opens the path (or checks it). */
  if (self->server != NULL && strlen (relative) == 65 && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      if (!fetch_from_server (self, relative, &error))
        g_message ("Cannot fetch the stored file %s from the server: %s", relative, error->message);
    }
  return path;
}

gboolean
sl_evidence_store_check (SlEvidenceStore  *self,
                         const char       *relative,
                         GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->server == NULL || strlen (relative) != 65)
    return sl_evidence_store_check_local (self, relative, error);
  /* Every read is checked: the desk's copy against its name, and when it
   * is missing or altered, the server's bytes fetched anew. */
  if (sl_evidence_store_check_local (self, relative, &local_error))
    return TRUE;
  if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT))
    {
      g_autofree char *path = g_build_filename (self->dir, relative, NULL);
      g_unlink (path);
    }
  return fetch_from_server (self, relative, error) && sl_evidence_store_check_local (self, relative, error);
}

static gboolean
sl_evidence_store_check_local (SlEvidenceStore  *self,
                               const char       *relative,
                               GError          **error)
{
  g_autofree char *path = g_build_filename (self->dir, relative, NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *expected = NULL;
  guint64 size;
  gboolean ok;
  int fd;

  if (strlen (relative) != 65 || relative[2] != '/')
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a path in the evidence store"), display);
      return FALSE;
    }
  expected = g_strdup_printf ("%.2s%s", relative, relative + 3);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_debug ("Evidence store: '%s': %s", display, g_strerror (saved));
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("its stored copy is missing from the evidence store: %s"), g_strerror (saved));
      return FALSE;
    }
  ok = hash_fd (fd, path, sum, &size, NULL, error);
  close (fd);
  if (ok && !g_str_equal (g_checksum_get_string (sum), expected))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("its stored copy has been altered: it no longer has the SHA-256 it was stored under (%.16s…)"),
                   expected);
      return FALSE;
    }
  return ok;
}

SlIncoming *
sl_incoming_new (SlEvidenceStore  *store,
                 GError          **error)
{
  g_autoptr(SlIncoming) self = g_new0 (SlIncoming, 1);
  g_autofree char *template = g_build_filename (store->incoming_dir, "import-XXXXXX", NULL);

  self->store = store;
  self->lock_fd = -1;
  if (!ensure_dir (store->incoming_dir, NULL, error))
    return NULL;
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      store_io_error (error, errno, store->incoming_dir);
      return NULL;
    }
  self->dir = g_steal_pointer (&template);
  self->path = g_build_filename (self->dir, "file", NULL);
  self->lock_fd = g_open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (self->lock_fd < 0 || flock (self->lock_fd, LOCK_EX) != 0)
    {
      store_io_error (error, errno, self->dir);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
sl_incoming_get_path (SlIncoming *self)
{
  return self->path;
}

const char *
sl_incoming_get_sha256 (SlIncoming *self)
{
  return self->sha256;
}

guint64
sl_incoming_get_size (SlIncoming *self)
{
  return self->size;
}

gboolean
sl_incoming_copy (SlIncoming          *self,
                  const char          *source,
                  SlCopyProgressFunc   progress,
                  gpointer             progress_data,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autofree char *display = g_filename_display_name (source);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = NULL;
  struct stat st;
  guint64 done = 0;
  int in = -1, out = -1;
  gboolean ok = FALSE;

  /* Refused by type before it is opened: a FIFO would block the import. */
  in = sl_open_regular (source, display, error);
  if (in < 0)
    goto out;
  if (fstat (in, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read the evidence file '%s': %s"), display, g_strerror (saved));
      goto out;
    }
  out = g_open (self->path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (out < 0)
    {
      store_io_error (error, errno, self->path);
      goto out;
    }

  buf = g_malloc (COPY_CHUNK);
  for (;;)
    {
      ssize_t n = read (in, buf, COPY_CHUNK);
      gsize written = 0;

      if (n == 0)
        break;
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot read the evidence file '%s': %s"), display, g_strerror (saved));
          goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      g_checksum_update (sum, buf, (gsize) n);
      while (written < (gsize) n)
        {
          ssize_t w = write (out, buf + written, (gsize) n - written);
          if (w < 0)
            {
              if (errno == EINTR)
                continue;
              store_io_error (error, errno, self->path);
              goto out;
            }
          written += (gsize) w;
        }
      done += (guint64) n;
      if (progress != NULL)
        progress (done, (guint64) st.st_size, progress_data);
    }

  /* Read-only and on the disk before it is given its content name. */
  if (fchmod (out, 0400) != 0 || fsync (out) != 0)
    {
      store_io_error (error, errno, self->path);
      goto out;
    }
  g_free (self->sha256);
  self->sha256 = g_strdup (g_checksum_get_string (sum));
  self->size = done;
  ok = TRUE;

out:
  if (in >= 0)
    close (in);
  if (out >= 0 && close (out) != 0 && ok)
    ok = store_io_error (error, errno, self->path);
  return ok;
}

gboolean
sl_incoming_hash (SlIncoming    *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gboolean ok;
  int fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return store_io_error (error, errno, self->path);
  ok = hash_fd (fd, self->path, sum, &self->size, cancellable, error) &&
       (fchmod (fd, 0400) == 0 || store_io_error (error, errno, self->path)) &&
       (fsync (fd) == 0 || store_io_error (error, errno, self->path));
  close (fd);
  if (ok)
    {
      g_free (self->sha256);
      self->sha256 = g_strdup (g_checksum_get_string (sum));
    }
  return ok;
}

char *
sl_incoming_commit (SlIncoming  *self,
                    GError     **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *prefix_dir = NULL;
  gboolean created;

  g_return_val_if_fail (self->sha256 != NULL, NULL);

  relative = sl_evidence_store_relative (self->sha256);
  dest = g_build_filename (self->store->dir, relative, NULL);
  /* On a server the bytes go there first: the row that names them is
   * written after, as after the rename here. */
  if (self->store->server != NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->store->server_lock);

      if (!sl_store_blob_put (self->store->server, self->store->kind, self->sha256, self->path, NULL, error))
        return NULL;
    }
  prefix_dir = g_path_get_dirname (dest);
  if (!ensure_dir (prefix_dir, &created, error) ||
      (created && !fsync_dir (self->store->dir, error)))
    return NULL;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      /* The same content came in before: keep the copy we have, after
       * making sure it is still what its name says. */
      if (!sl_evidence_store_check (self->store, relative, error))
        return NULL;
      return g_steal_pointer (&relative);
    }
  if (g_rename (self->path, dest) != 0)
    {
      store_io_error (error, errno, dest);
      return NULL;
    }
  if (!fsync_dir (prefix_dir, error))
    return NULL;
  return g_steal_pointer (&relative);
}

void
sl_incoming_free (SlIncoming *self)
{
  if (self == NULL)
    return;
  if (self->dir != NULL)
    remove_tree (self->dir);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->dir);
  g_free (self->path);
  g_free (self->sha256);
  g_free (self);
}
