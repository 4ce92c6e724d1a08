/* sl-files.c: small file-system chores more than one layer needs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-files"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/sl-files.h"

/* helpers */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* public API */

void
sl_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (path != NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      g_file_test (path, G_FILE_TEST_IS_DIR) &&
      (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          sl_remove_tree (child);
        }
    }
  g_remove (path);
}

GPtrArray *
sl_dir_list_sorted (const char  *dir,
                    GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!(d = g_dir_open (dir, 0, error)))
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* True when the running program lies below the build tree it was built in. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = g_canonicalize_filename (SL_BUILD_ROOT, NULL);
  g_autofree char *prefix = g_strconcat (root, G_DIR_SEPARATOR_S, NULL);

  return exe != NULL && g_str_has_prefix (exe, prefix);
}

void
sl_bind_text_domain (void)
{
  const char *dir = g_getenv ("SIGHTLINE_LOCALEDIR");
  g_autofree char *build_po = g_build_filename (SL_BUILD_ROOT, "po", NULL);

  setlocale (LC_ALL, "");
  if (dir == NULL || *dir == '\0')
    dir = running_from_build_tree () && g_file_test (build_po, G_FILE_TEST_IS_DIR) ? build_po : LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
sl_file_out_open (SlFileOut  *out,
                  const char *target)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (out != NULL && target != NULL, EINVAL);

  memset (out, 0, sizeof *out);
  out->fd = -1;
  out->target = g_strdup (target);
  out->sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  out->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  if ((out->fd = g_mkstemp_full (out->tmp_path, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      int errsv = errno;

      g_clear_pointer (&out->tmp_path, g_free);
      return errsv;
    }
  return 0;
}

gboolean
sl_file_out_write (SlFileOut  *out,
                   const void *data,
                   gsize       length)
{
  const guchar *bytes = data;

  g_checksum_update (out->sha256, bytes, length);
  while (length > 0)
    {
      ssize_t n = write (out->fd, bytes, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (out->errsv == 0)
            out->errsv = n < 0 ? errno : ENOSPC;
          return FALSE;
        }
      bytes += n;
      length -= (gsize) n;
      out->bytes += (guint64) n;
    }
  return TRUE;
}

int
sl_file_out_close (SlFileOut *out)
{
  int fd = out->fd;

  out->fd = -1;
  if (fsync (fd) != 0)
    {
      int errsv = errno;

      close (fd);
      return errsv;
    }
  return close (fd) != 0 ? errno : 0;
}

int
sl_file_out_publish (SlFileOut *out,
                     gboolean   replace)
{
  g_autofree char *dir = NULL;
  int fd;

  g_return_val_if_fail (out->fd < 0 && out->tmp_path != NULL, EINVAL);

  /* link () fails when the name exists; rename () takes its place. */
  if (replace ? g_rename (out->tmp_path, out->target) != 0 : link (out->tmp_path, out->target) != 0)
    return errno;
  if (!replace)
    g_unlink (out->tmp_path);
  g_clear_pointer (&out->tmp_path, g_free);
  out->published = TRUE;
  dir = g_path_get_dirname (out->target);
  if ((fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return 0;
}

void
sl_file_out_abandon (SlFileOut *out)
{
  if (out->sha256 == NULL)
    return;
  if (out->fd >= 0)
    close (out->fd);
  out->fd = -1;
  if (out->tmp_path != NULL)
    g_unlink (out->tmp_path);
  g_clear_pointer (&out->tmp_path, g_free);
  if (out->published)
    g_unlink (out->target);
  out->published = FALSE;
}

void
sl_file_out_clear (SlFileOut *out)
{
  /* Nothing of a structure never opened (all zero) is touched. */
  if (out->sha256 == NULL)
    return;
  if (out->fd >= 0)
    close (out->fd);
  out->fd = -1;
  g_clear_pointer (&out->target, g_free);
  g_clear_pointer (&out->tmp_path, g_free);
  g_clear_pointer (&out->sha256, g_checksum_free);
}
