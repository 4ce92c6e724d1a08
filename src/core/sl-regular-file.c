/* sl-regular-file.c: opening evidence, reference photos and lists only
 * when they are regular files, without ever blocking on a FIFO.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-files"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-regular-file.h"

/* helpers */

static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *display)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot read '%s': %s"), display,
               g_strerror (saved));
}

static void
set_type_error (GError     **error,
                mode_t       mode,
                const char  *display)
{
  if (S_ISDIR (mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("'%s' is a folder, not a file"), display);
  else
    /* TRANSLATORS: the file, then what it is, e.g. "a named pipe (FIFO)" */
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("'%s' is %s, not a regular file; only regular files are read"), display,
                 sl_file_type_describe (mode));
}

/* public API */

const char *
sl_file_type_describe (mode_t mode)
{
  if (S_ISREG (mode))
    return _("a regular file");
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a named pipe (FIFO)");
  if (S_ISSOCK (mode))
    return _("a socket");
  if (S_ISCHR (mode))
    return _("a character device");
  if (S_ISBLK (mode))
    return _("a block device");
  if (S_ISLNK (mode))
    return _("a symbolic link");
  return _("a special file");
}

int
sl_open_regular (const char  *path,
                 const char  *display,
                 GError     **error)
{
  g_autofree char *shown = display == NULL ? g_filename_display_name (path) : NULL;
  struct stat before, st;
  int fd, flags;

  g_return_val_if_fail (path != NULL, -1);

  if (display == NULL)
    display = shown;
  if (g_stat (path, &before) != 0)
    {
      set_errno_error (error, errno, display);
      return -1;
    }
  if (!S_ISREG (before.st_mode))
    {
      set_type_error (error, before.st_mode, display);
      return -1;
    }
  /* O_NONBLOCK: should a FIFO be swapped in after the stat, opening it
   * returns at once instead of waiting for a writer. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, display);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      set_errno_error (error, saved, display);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      set_type_error (error, st.st_mode, display);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

gboolean
sl_get_regular_contents (const char  *path,
                         const char  *display,
                         char       **contents,
                         gsize       *length,
                         GError     **error)
{
  g_autofree char *shown = display == NULL ? g_filename_display_name (path) : NULL;
  g_autoptr(GByteArray) buf = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (contents != NULL, FALSE);

  if (display == NULL)
    display = shown;
  if ((fd = sl_open_regular (path, display, error)) < 0)
    return FALSE;
  buf = g_byte_array_sized_new (fstat (fd, &st) == 0 && st.st_size > 0 ? (guint) MIN (st.st_size, G_MAXINT32) + 1
                                                                         : 4096);
  for (;;)
    {
      guint8 chunk[65536];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n == 0)
        break;
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          close (fd);
          set_errno_error (error, saved, display);
          return FALSE;
        }
      g_byte_array_append (buf, chunk, (guint) n);
    }
  close (fd);
  if (length != NULL)
    *length = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

char *
sl_regular_file_sha256 (const char  *path,
                        const char  *display,
                        GError     **error)
{
  g_autofree char *shown = display == NULL ? g_filename_display_name (path) : NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 chunk[65536];
  int fd;

  if (display == NULL)
    display = shown;
  if ((fd = sl_open_regular (path, display, error)) < 0)
    return NULL;
  /* A buffer at a time: a photo of any size costs the same memory. */
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n == 0)
        break;
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          close (fd);
          set_errno_error (error, saved, display);
          return NULL;
        }
      g_checksum_update (sum, chunk, (gsize) n);
    }
  close (fd);
  return g_strdup (g_checksum_get_string (sum));
}
