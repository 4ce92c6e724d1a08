/* sl-engine-store-copy.h: an office moving a desk's database file onto its
 * server (`store copy`), and bringing a database to this build's schema
 * (`store migrate`). Both are run by the office's administrator with the
 * server's owner role; neither signs in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_STORE_COPY_STEP_CHECK_SOURCE,  /* the source's audit chain */
  SL_STORE_COPY_STEP_ROWS,          /* name: a table; done: its rows so far */
  SL_STORE_COPY_STEP_FILE,          /* name: a file; done/total: files */
  SL_STORE_COPY_STEP_CHECK_AUDIT,   /* the target's audit chain */
  SL_STORE_COPY_STEP_CHECK_FILE,    /* name: a file read back; done/total: files */
} SlStoreCopyStep;

typedef void (*SlStoreCopyProgressFunc) (SlStoreCopyStep  step,
                                         const char      *name,
                                         guint64          done,
                                         guint64          total,
                                         gpointer         user_data);

typedef struct
{
  guint64   rows;
  guint     tables;
  guint64   files;        /* evidence files and kept gallery photos */
  guint64   evidence_files;
  guint64   gallery_files;
  guint64   bytes;        /* of those files */
  gint64    audit_rows;
  gint64    audit_head_seq;
  char     *audit_head_hash;
  double    seconds;
  /* Set when the copy stopped after the target's tables were made: the
   * target then holds part of a copy (or empty tables) and is dropped and
   * made again before another copy. */
  gboolean  partial;
  char     *target;       /* the target as messages name it (no password) */
  char     *witness_path; /* this machine's witness of the target, written from the source's */
  gboolean  witness_kept; /* one was there already and was left as it was */
} SlStoreCopyStats;

void      sl_store_copy_stats_clear (SlStoreCopyStats         *stats);

/* Copies the database file from_path (and its evidence and kept gallery
 * photos) into the empty server database to_uri, then verifies the target:
 * its audit chain (with the key at audit_key_path, else the one the source
 * names, when the log is keyed) ends at the source's head, and every file
 * read back from it hashes to its SHA-256. The source's chain is verified
 * first, against its witness; after success the source's witness lines go
 * on in this machine's witness of the server (witness_path, else the
 * engine's default for the URI), unless one is there already. Refuses a target that holds
 * anything, leaving it unchanged. The rows go in one transaction, each file
 * in one of its own: a failure or cancellation after the tables were made
 * leaves the target partial (stats->partial) and the message says how to
 * start over. */
gboolean  sl_engine_store_copy      (const char               *from_path,
                                     const char               *to_uri,
                                     const char               *audit_key_path,
                                     const char               *witness_path,
                                     SlStoreCopyProgressFunc   progress,
                                     gpointer                  progress_data,
                                     GCancellable             *cancellable,
                                     SlStoreCopyStats         *stats,
                                     GError                  **error);

/* Opens the database at path and brings it to this build's schema version
 * (version_out). On a server only the owner role may: another role is
 * refused (SL_ENGINE_ERROR_REFUSED) even when there is nothing to do. A
 * file is migrated as opening it does. */
gboolean  sl_engine_store_migrate   (const char               *path,
                                     int                      *version_out,
                                     GError                  **error);

G_END_DECLS
