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

G_END_DECLS
