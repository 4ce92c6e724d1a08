/* sl-regular-file.h: reading only regular files. A named pipe, a socket or
 * a device among evidence or reference photos is refused by its type
 * before anything waits on it: a FIFO would block the reader for ever.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

/* What a file of this mode is, for a person: "a named pipe (FIFO)". */
const char *sl_file_type_describe    (mode_t        mode);

/* Opens path read-only when it is a regular file (a symbolic link is
 * followed to what it names). The type is checked with stat() before the
 * file is opened, and again with fstat() on the descriptor, opened
 * without blocking, so that a file swapped in between is refused too.
 * Returns the descriptor (blocking, close-on-exec), or -1 and a
 * G_FILE_ERROR naming `display` and what the file is. */
int         sl_open_regular          (const char   *path,
                                      const char   *display,
                                      GError      **error);
/* g_file_get_contents() for regular files only (sl_open_regular). */
gboolean    sl_get_regular_contents  (const char   *path,
                                      const char   *display,
                                      char        **contents,
                                      gsize        *length,
                                      GError      **error);
/* The SHA-256 (lower-case hex) of a regular file, read a buffer at a time. */
char       *sl_regular_file_sha256   (const char   *path,
                                      const char   *display,
                                      GError      **error);

G_END_DECLS
