/* sl-files.h: small file-system chores more than one layer needs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes path and, for a directory, everything below it; symbolic links
 * are removed, never followed. Best effort: what cannot be removed stays. */
void sl_remove_tree (const char *path);

G_END_DECLS
