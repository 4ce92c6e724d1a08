/* sl-store-copy.h: every row of a database file copied onto a server.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* After each thousand rows of a table, and at its end. */
typedef void (*SlStoreCopyProgress) (const char *table,
                                     guint64     rows,
                                     gpointer    user_data);

/* Copies every row of every table of from (a SQLite file) into to (a
 * server database just made by sl_store_create (), at the same schema
 * version), keeping ids and bytes, in one transaction: on failure the
 * target is as it was. The files the rows name (evidence, enrolled photos)
 * are the caller's. n_rows: how many rows were copied. */
gboolean sl_store_copy_rows (SlStore             *from,
                             SlStore             *to,
                             SlStoreCopyProgress  progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             guint64             *n_rows,
                             GError             **error);

/* A file the rows name, whose bytes go to the server as a large object:
 * an evidence file (kind "evidence") or the kept copy of an enrolled photo
 * (kind "gallery"). relative: its path in the source's content-addressed
 * folder (sl-evidence-store.h); name: how a person knows it. */
typedef struct
{
  char    *kind;
  char    *sha256;
  char    *relative;
  char    *name;
  guint64  size;     /* as the rows say; 0 for a gallery photo */
} SlStoreCopyFile;

void       sl_store_copy_file_free  (SlStoreCopyFile  *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStoreCopyFile, sl_store_copy_file_free)

/* Every file the source's rows name, once per kind and SHA-256, evidence
 * first, in the order they came in. */
GPtrArray *sl_store_copy_list_files (SlStore          *from,
                                     GError          **error);
/* Streams the file at path into to as the large object of file (nothing
 * when those bytes are there already); its own transaction. */
gboolean   sl_store_copy_put_file   (SlStore          *to,
                                     SlStoreCopyFile  *file,
                                     const char       *path,
                                     GCancellable     *cancellable,
                                     GError          **error);
/* Reads file's bytes back from to and hashes them; sha256_out: what they
 * hash to (compare with file->sha256). */
gboolean   sl_store_copy_read_file  (SlStore          *to,
                                     SlStoreCopyFile  *file,
                                     char            **sha256_out,
                                     GCancellable     *cancellable,
                                     GError          **error);

G_END_DECLS
