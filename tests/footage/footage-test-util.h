/* footage-test-util.h: what the footage tests share: a scratch folder for
 * the clips they write, and a runner.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "vision-test-util.h"

/* Removes a scratch folder of plain files. */
static inline void
ft_remove_tree (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir_path);
}
