/* sl-evidence-store.h: the content-addressed, read-only store of evidence
 * files: <dir>/ab/cdef... named by SHA-256, each 0400, folders 0700.
 *
 * A file comes in through an SlIncoming: copied (and hashed while copied)
 * into a private folder under <dir>/incoming, fsync'd, then renamed into
 * place and the folder fsync'd. A process killed at any moment leaves
 * either nothing in the store or a complete file; the database row that
 * names a stored file is written only after the rename. The engine keeps
 * two: the evidence (evidence/) and the enrolled photos (gallery-photos/).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SlEvidenceStore SlEvidenceStore;
typedef struct _SlIncoming SlIncoming;

typedef void (*SlCopyProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

/* Creates dir (0700) when missing; clears what killed imports left in its
 * incoming folder. */
SlEvidenceStore *sl_evidence_store_new        (const char          *dir,
                                               GError             **error);
/* The same store for a database on a server (uri): the files' bytes are
 * large objects there (kind: "evidence" or "gallery"), which every desk
 * reads; dir keeps this desk's copies, fetched on first use and checked
 * against their SHA-256 on every check. */
SlEvidenceStore *sl_evidence_store_new_server (const char          *dir,
                                               const char          *uri,
                                               const char          *kind,
                                               GError             **error);
void             sl_evidence_store_free       (SlEvidenceStore     *store);
const char      *sl_evidence_store_get_dir    (SlEvidenceStore     *store);
/* The absolute path of a stored file from its relative path. */
char            *sl_evidence_store_path       (SlEvidenceStore     *store,
                                               const char          *relative);
/* The relative path a file with this SHA-256 has: "ab/cdef...". */
char            *sl_evidence_store_relative   (const char          *sha256);
/* Whether the stored file exists and has the SHA-256 its name says. */
gboolean         sl_evidence_store_check      (SlEvidenceStore     *store,
                                               const char          *relative,
                                               GError             **error);

/* A private, locked folder for one file on its way in. */
SlIncoming      *sl_incoming_new              (SlEvidenceStore     *store,
                                               GError             **error);
/* Where the incoming file is (or will be, for a download). */
const char      *sl_incoming_get_path         (SlIncoming          *incoming);
/* Copies source into the incoming file, hashing it on the way; fsync'd. */
gboolean         sl_incoming_copy             (SlIncoming          *incoming,
                                               const char          *source,
                                               SlCopyProgressFunc   progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* Hashes a file that something else (a download) wrote at the path. */
gboolean         sl_incoming_hash             (SlIncoming          *incoming,
                                               GCancellable        *cancellable,
                                               GError             **error);
const char      *sl_incoming_get_sha256       (SlIncoming          *incoming);
guint64          sl_incoming_get_size         (SlIncoming          *incoming);
/* Moves the file into the store (read-only), or finds the same content
 * already there; returns the relative path. */
char            *sl_incoming_commit           (SlIncoming          *incoming,
                                               GError             **error);
/* Removes whatever is left of the incoming folder. */
void             sl_incoming_free             (SlIncoming          *incoming);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvidenceStore, sl_evidence_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlIncoming, sl_incoming_free)

G_END_DECLS
