/* sl-files.h: small file-system chores more than one layer needs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes path and, for a directory, everything below it; symbolic links
 * are removed, never followed. Best effort: what cannot be removed stays. */
void       sl_remove_tree     (const char  *path);
/* The names in a folder, sorted by byte value, hidden ones (".x") left
 * out; NULL with error when the folder cannot be read. */
GPtrArray *sl_dir_list_sorted (const char  *dir,
                               GError     **error);

G_END_DECLS
