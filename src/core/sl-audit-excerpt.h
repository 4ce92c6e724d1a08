/* sl-audit-excerpt.h: a case's audit rows taken out of the log, with what
 * a third party needs to check them without the database, and the check.
 *
 * A disclosure package is a folder of files listed, with their SHA-256, in
 * its MANIFEST:
 *
 *   sightline-disclosure-1
 *   case CASE_NUMBER
 *   sightline-audit-head SEQ:HASH
 *   SHA256  FILE             (one line a file, sorted by name)
 *
 * audit-excerpt.json is one of those files: the chain's mode, key id and
 * hash rule, the case's rows (every column as stored, details as its exact
 * text), and the head of the whole log when the excerpt was taken, which is
 * the row that recorded the package (action "report.disclosure"): its
 * details name the SHA-256 of the package's other files, so the chain
 * vouches for them.
 *
 * What the check proves (sl_audit_excerpt_verify): every file is the one
 * the manifest names; on a plain chain every row's hash recomputes from its
 * content and its predecessor hash (sl-audit.h), and every two rows that
 * follow each other in the log link; the head is the manifest's and
 * recomputes; the files are the ones the head row records. What it cannot
 * prove: that no row of the case is missing between two rows that do not
 * follow each other, nor that the log still holds this head (whoever has
 * the database checks that: `audit verify --against DIR`); on a keyed
 * chain without the key, that any hash is right: anyone can recompute a
 * plain chain, only the key holder a keyed one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-audit.h"

G_BEGIN_DECLS

#define SL_DISCLOSURE_MANIFEST   "MANIFEST"
#define SL_DISCLOSURE_EXCERPT    "audit-excerpt.json"
#define SL_DISCLOSURE_ACTION     "report.disclosure"

/* The excerpt of case_number's rows, up to and including the current head,
 * as JSON text, inside the caller's transaction (so that the head is the
 * row the caller just appended). key_id NULL: a plain chain. */
char     *sl_audit_excerpt_build  (SlStore      *store,
                                   const char   *case_number,
                                   const char   *key_id,
                                   gint64       *n_rows,
                                   gint64       *head_seq,
                                   char        **head_hash,
                                   GError      **error);
/* The manifest's text for files (file name -> SHA-256 hex). */
char     *sl_disclosure_manifest  (const char   *case_number,
                                   gint64        head_seq,
                                   const char   *head_hash,
                                   GHashTable   *files);

typedef struct
{
  gboolean   intact;        /* nothing failed that was checked */
  char      *case_number;
  gint64     n_rows;        /* rows in the excerpt, the head among them */
  gint64     n_recomputed;  /* rows whose hash was recomputed and matched */
  gint64     n_links;       /* links between rows that follow each other */
  gint64     n_files;       /* files whose SHA-256 matched the manifest */
  gint64     head_seq;
  char      *head_hash;
  const char *mode;         /* SL_AUDIT_MODE_PLAIN or _KEYED (static) */
  char      *key_id;        /* NULL when not keyed */
  gboolean   keyed_unchecked; /* keyed, and no key given: no hash recomputed */
  GPtrArray *problems;      /* what failed, for a person (char *) */
  GPtrArray *notes;         /* what was and was not checked, for a person */
} SlAuditExcerptResult;

void      sl_audit_excerpt_result_clear (SlAuditExcerptResult *result);

/* Checks a disclosure package folder against itself, without a database.
 * key: the audit key when the chain is keyed (NULL: none at hand). FALSE
 * (and error, SL_STORE_ERROR_INVALID) only when dir is not a package that
 * can be read; a package that fails a check gives TRUE with intact FALSE
 * and the problems named. */
gboolean  sl_audit_excerpt_verify (const char           *dir,
                                   GBytes               *key,
                                   SlAuditExcerptResult *result,
                                   GError              **error);

G_END_DECLS
