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

/* A file written whole or not at all: under a temporary name beside its
 * target, its SHA-256 taken as it is written, made durable, and only then
 * given its name. The functions returning int give 0 or the errno. */
typedef struct
{
  char      *target;
  char      *tmp_path;     /* NULL once published or abandoned */
  int        fd;           /* -1 when closed */
  GChecksum *sha256;
  guint64    bytes;
  int        errsv;        /* the first write error */
  gboolean   published;
} SlFileOut;

int        sl_file_out_open    (SlFileOut   *out,
                                const char  *target);
/* FALSE on a write error, kept in errsv (ENOSPC for a short write). */
gboolean   sl_file_out_write   (SlFileOut   *out,
                                const void  *data,
                                gsize        length);
/* fsync and close. */
int        sl_file_out_close   (SlFileOut   *out);
/* Gives the closed file its name: over an existing one when replace, else
 * never (EEXIST); the folder's entry is made durable too. */
int        sl_file_out_publish (SlFileOut   *out,
                                gboolean     replace);
/* After a failure: closes and removes the temporary file, and the target
 * when it was published already. */
void       sl_file_out_abandon (SlFileOut   *out);
void       sl_file_out_clear   (SlFileOut   *out);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlFileOut, sl_file_out_clear)

/* Binds the program's message catalogue and sets the locale: from
 * $SIGHTLINE_LOCALEDIR when set, else from the build tree when the program
 * runs from it (an uninstalled build finds its own translations), else
 * from the installed locale folder. Call first thing in main (). */
void       sl_bind_text_domain (void);

G_END_DECLS
