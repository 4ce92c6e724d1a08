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

/* Binds the program's message catalogue and sets the locale: from
 * $SIGHTLINE_LOCALEDIR when set, else from the build tree when the program
 * runs from it (an uninstalled build finds its own translations), else
 * from the installed locale folder. Call first thing in main (). */
void       sl_bind_text_domain (void);

G_END_DECLS
