/* sl-audit-witness.h: the audit head witness, a file outside the database.
 *
 * After every commit that appended audit rows, the engine appends one line
 * to the witness and fsyncs it:
 *
 *   SEQ <tab> HASH <tab> MODE <tab> KEY_ID <tab> TIME <lf>
 *
 * (after a header "# sightline audit witness 1: from row N: DB") the
 * head's seq and hash (64 lowercase hex digits), the chain's mode
 * ("sha256" or "hmac-sha256"), its key id ("-" when not keyed) and the
 * head row's time. Lines starting with '#' are comments (the first names
 * the database). The file is only ever opened O_APPEND.
 *
 * What it proves: as long as the witness itself is out of an attacker's
 * reach (another disk, another account, a copy taken away), the log cannot
 * lose a witnessed row (truncation), go back to an older copy (rollback),
 * be rewritten before a witnessed row, or lose its key (stripping) without
 * `audit verify` saying so. What it cannot prove: anything about rows
 * written after its last line, nor anything against someone who can
 * rewrite the witness and the database together; a head once issued in a
 * report or export (`audit verify --against`) is the check that survives
 * even that.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-audit.h"
#include "core/sl-store.h"

G_BEGIN_DECLS

#define SL_AUDIT_WITNESS_ERROR (sl_audit_witness_error_quark ())

typedef enum
{
  SL_AUDIT_WITNESS_ERROR_MALFORMED,   /* a line that is not a witness line */
  SL_AUDIT_WITNESS_ERROR_NO_HEADS,    /* --against: a file naming no head */
} SlAuditWitnessError;

GQuark sl_audit_witness_error_quark (void);

/* The suffix of the default witness, beside the database. */
#define SL_AUDIT_WITNESS_SUFFIX ".witness"

/* From now on, every commit on store that appended audit rows appends the
 * head to the witness at path (created 0600 when missing). Failing to write
 * it never undoes the commit: it is warned about, and the next commit
 * writes the newer head. */
void      sl_audit_witness_attach       (SlStore     *store,
                                         const char  *path);
/* Called by sl_audit_append (): the transaction advanced the head. */
void      sl_audit_witness_note_append  (SlStore     *store,
                                         GBytes      *key,
                                         gint64       seq);
/* Appends one line (and, when the file is new, the header naming the
 * database and from_seq, the first row it witnesses); fsyncs. A torn
 * last line left by a crash is ended first so that it stays alone. */
gboolean  sl_audit_witness_append       (const char  *path,
                                         const char  *db_path,
                                         gint64       from_seq,
                                         gint64       seq,
                                         const char  *hash,
                                         const char  *key_id,
                                         const char  *time,
                                         GError     **error);

typedef enum
{
  SL_AUDIT_HEAD_MODE_UNKNOWN,         /* a head from a report or an export */
  SL_AUDIT_HEAD_MODE_PLAIN,
  SL_AUDIT_HEAD_MODE_KEYED,
} SlAuditHeadMode;

/* A head once issued: a witness line, or a seq:hash named in a file. */
typedef struct
{
  gint64          seq;
  char            hash[65];
  SlAuditHeadMode mode;
  char            key_id[17];       /* "" when plain or not said */
  const char     *time;             /* NULL when not said */
  guint           file;             /* index into SlAuditHeads.files */
  guint           line;             /* 1-based; 0 when not known */
} SlAuditHead;

struct _SlAuditHeads
{
  GArray       *heads;              /* SlAuditHead, sorted by seq once read */
  GPtrArray    *files;              /* display names */
  GStringChunk *strings;
  guint         torn_line;          /* the witness's last line, cut short; 0: none */
  gint64        witness_from;       /* the first row the witness covers; 0: not said */
  gboolean      witness_found;
};

SlAuditHeads *sl_audit_heads_new        (void);
void          sl_audit_heads_free       (SlAuditHeads *heads);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditHeads, sl_audit_heads_free)

/* Reads a witness file. A missing file leaves witness_found FALSE and is
 * no error; a malformed line is, naming the file and line. */
gboolean      sl_audit_heads_read_witness (SlAuditHeads *heads,
                                           const char   *path,
                                           GError      **error);
/* Reads the heads a file once issued: a witness, an audit export (CSV or
 * JSON: every row's seq and hash), a report or anything else naming
 * "sightline-audit-head SEQ:HASH"; a folder: each of its files. A file
 * naming none is an error. */
gboolean      sl_audit_heads_read_against (SlAuditHeads *heads,
                                           const char   *path,
                                           GError      **error);
/* Sorts by seq, as verify walks the chain. */
void          sl_audit_heads_sort       (SlAuditHeads *heads);
const char   *sl_audit_head_mode_to_string (SlAuditHeadMode mode);
/* "file, line N" or "file", for messages. */
char         *sl_audit_heads_describe   (SlAuditHeads      *heads,
                                         const SlAuditHead *head);

G_END_DECLS
