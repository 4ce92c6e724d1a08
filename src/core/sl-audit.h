/* sl-audit.h: the append-only, hash-chained audit log.
 *
 * Each row's hash covers the previous row's hash and the row itself:
 *
 *   hash = SHA-256 (prev_hash || canonical (row))            (no audit key)
 *   hash = HMAC-SHA256 (key, prev_hash || canonical (row))   (with a key)
 *
 * prev_hash enters as its 32 raw bytes (the first row's is 32 zero bytes);
 * hashes are stored as 64 lowercase hex digits. canonical (row) is UTF-8
 * bytes: the line "sightline-audit-1", then these fields in this order,
 * each followed by one line feed (0x0a):
 *
 *   seq, time, actor_id, actor, action, object_type, object_id,
 *   case_number, outcome, details
 *
 * Integers are written in decimal without leading zeros; text as stored,
 * with backslash written as "\\", line feed as "\n" and carriage return as
 * "\r"; SQL NULL (and actor_id 0, "nobody") as "\N". time is the store's
 * UTC form, e.g. 2024-05-01T09:30:00.000000Z. details is a JSON object as
 * text, hashed exactly as stored.
 *
 * Rule 2. From the row the database's meta "audit-rule-2-from" names on
 * (schema 5; every row of a database created since), the canonical form
 * starts with the line "sightline-audit-2" instead, and two lines follow
 * details: the chain's mode ("sha256" or "hmac-sha256") and its key id
 * (sl_audit_key_id (); "\N" when not keyed). A row thus says under which
 * key it was written, and a keyed row cannot be passed off as a plain one
 * without recomputing it, which takes the key. What the chain alone cannot
 * show (a whole log recomputed without its key, a truncated tail, an older
 * copy put back) the witness shows: see sl-audit-witness.h.
 *
 * details carries what the row's action needs: later actions add their own
 * members (a search's justification, a decision's rationale); readers ignore
 * members they do not know. Members used so far: "reason" (why refused or
 * failed), "old"/"new" (a changed value), "key" (a policy key), "role",
 * "display_name", "sha256", "size", "kind", "evidence_id", "duplicate",
 * "source", "original_name", "failed_signins", "username" (a name that is not
 * an account), "rows"/"head" (verify, export).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

#define SL_AUDIT_KEY_SIZE 32
#define SL_AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define SL_AUDIT_MODE_PLAIN "sha256"
#define SL_AUDIT_MODE_KEYED "hmac-sha256"

typedef enum
{
  SL_AUDIT_SUCCESS,
  SL_AUDIT_REFUSED,
  SL_AUDIT_FAILED,
} SlAuditOutcome;

/* One row. Strings are borrowed: from the caller when appending, from the
 * cursor (valid until its next step) when reading. */
typedef struct
{
  gint64      seq;
  const char *time;
  gint64      actor_id;       /* 0: nobody */
  const char *actor;          /* the user name at the time, or NULL */
  const char *action;         /* "case.open", "sign-in", ... */
  const char *object_type;
  const char *object_id;
  const char *case_number;
  const char *outcome;        /* "success", "refused" or "failed" */
  const char *details;        /* a JSON object */
  const char *prev_hash;
  const char *hash;
} SlAuditRecord;

const char *sl_audit_outcome_to_string (SlAuditOutcome        outcome);

/* The canonical form above under rule 1, appended to `out`. */
void        sl_audit_canonical         (const SlAuditRecord  *record,
                                        GString              *out);
/* The canonical form under rule 2: key_id NULL for a plain chain. */
void        sl_audit_canonical_2       (const SlAuditRecord  *record,
                                        const char           *key_id,
                                        GString              *out);
/* The hash of a record after prev_hash (hex) under rule 1, keyed when key
 * is not NULL; NULL when prev_hash is not 64 hex digits. */
char       *sl_audit_compute_hash      (GBytes               *key,
                                        const char           *prev_hash,
                                        const SlAuditRecord  *record);
/* The same under rule 2 (mode and key id from key). */
char       *sl_audit_compute_hash_2    (GBytes               *key,
                                        const char           *prev_hash,
                                        const SlAuditRecord  *record);
/* The first row hashed under rule 2 (G_MAXINT64 before schema 5: none);
 * FALSE when the database lost the record of the switch. */
gboolean    sl_audit_get_rule_2_from   (SlStore              *store,
                                        gint64               *seq,
                                        GError              **error);

/* Appends a row inside the caller's transaction (the same one as the change
 * it records): seq, prev_hash and hash are computed here, time too when the
 * record has none. details NULL is "{}". Text is checked to be UTF-8. */
gboolean    sl_audit_append            (SlStore              *store,
                                        GBytes               *key,
                                        const SlAuditRecord  *record,
                                        gint64               *out_seq,
                                        char                **out_hash,
                                        GError              **error);
/* The last row's seq and hash (0 and the zero hash for an empty log). */
gboolean    sl_audit_get_head          (SlStore              *store,
                                        gint64               *seq,
                                        char                **hash,
                                        GError              **error);

/* The audit key: 32 random bytes in a file of its own, outside the
 * database, readable by its owner only. */
GBytes     *sl_audit_key_load          (const char           *path,
                                        GError              **error);
/* Creates the file (0600, refusing to overwrite one) with fresh random
 * bytes. */
GBytes     *sl_audit_key_create        (const char           *path,
                                        GError              **error);
/* A short public fingerprint of a key, recorded in the database so that
 * the wrong key file is recognised as such. */
char       *sl_audit_key_id            (GBytes               *key);

/* Reading rows in seq order, streamed. */
typedef struct _SlAuditCursor SlAuditCursor;

/* since (the store's time form) and case_number may be NULL. */
SlAuditCursor       *sl_audit_cursor_new  (SlStore        *store,
                                           const char     *since,
                                           const char     *case_number,
                                           GError        **error);
/* The next row, or NULL at the end (error unset) or on failure. */
const SlAuditRecord *sl_audit_cursor_next (SlAuditCursor  *cursor,
                                           GError        **error);
void                 sl_audit_cursor_free (SlAuditCursor  *cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditCursor, sl_audit_cursor_free)

/* Verification. */
typedef enum
{
  SL_AUDIT_INTACT,
  SL_AUDIT_EDITED,            /* a row does not match its hash */
  SL_AUDIT_DELETED,           /* rows are missing */
  SL_AUDIT_INSERTED,          /* rows that are not in the chain */
  SL_AUDIT_REORDERED,         /* rows chained in another order than stored */
  SL_AUDIT_TRUNCATED,         /* the log ends before the expected head */
  SL_AUDIT_HEAD_MISMATCH,     /* the expected head row is not the one noted */
  SL_AUDIT_UNPROTECTED,       /* the append-only triggers are gone */
  SL_AUDIT_ROLLED_BACK,       /* a witnessed row is there, but another one */
  SL_AUDIT_STRIPPED,          /* the key or the hash rule differs from what was witnessed or given */
  SL_AUDIT_KEY_MISSING,       /* a keyed log, checked without its key */
  SL_AUDIT_WITNESS_MISSING,   /* rows written since witnessing began, but no witness */
} SlAuditProblem;

typedef struct
{
  SlAuditProblem  problem;
  gint64          n_rows;
  gint64          head_seq;
  char           *head_hash;
  gint64          bad_seq;      /* the first bad row; 0 when none */
  char           *message;      /* for a person; NULL when intact */

  /* The chain as the database says it is kept. */
  const char     *mode;         /* SL_AUDIT_MODE_PLAIN or _KEYED (static) */
  char           *key_id;       /* NULL when not keyed */
  gint64          rule_2_from;  /* G_MAXINT64: every row under rule 1 */

  /* The witness, when one was named. */
  char           *witness_path;
  gboolean        witness_found;
  guint           witness_lines; /* heads it holds */
  gint64          witness_seq;   /* its latest head; 0 when none */
  char           *witness_hash;
  guint           witness_torn_line;
  guint           against_heads; /* heads checked from --against files */
  char           *note;         /* what was and was not checked, for a person */
} SlAuditVerifyResult;

typedef struct _SlAuditHeads SlAuditHeads;

typedef struct
{
  gint64          expect_seq;   /* > 0: also check a head noted earlier */
  const char     *expect_hash;
  const char     *witness_path; /* NULL: no witness is checked */
  SlAuditHeads   *against;      /* heads once issued (reports, exports); may be NULL */
} SlAuditVerifyOptions;

void        sl_audit_verify_result_clear (SlAuditVerifyResult *result);
const char *sl_audit_problem_to_string   (SlAuditProblem       problem);

typedef void (*SlAuditProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/* Walks the whole chain. FALSE only when it cannot be read; the result
 * tells whether it is intact and, if not, names the first bad row and why.
 * expect_seq > 0 also checks that row expect_seq exists and has
 * expect_hash (a head noted earlier): a truncated tail shows there. */
gboolean    sl_audit_verify            (SlStore              *store,
                                        GBytes               *key,
                                        gint64                expect_seq,
                                        const char           *expect_hash,
                                        SlAuditProgressFunc   progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        SlAuditVerifyResult  *result,
                                        GError              **error);

/* The same, with a witness and heads once issued: every witnessed head must
 * still be in the chain with its hash, mode and key id; the latest one
 * must not be past the end (truncation or rollback). The witness is read
 * before the chain's snapshot is taken, so heads appended meanwhile are not
 * mistaken for missing rows. */
gboolean    sl_audit_verify_full       (SlStore                    *store,
                                        GBytes                     *key,
                                        const SlAuditVerifyOptions *options,
                                        SlAuditProgressFunc         progress,
                                        gpointer                    progress_data,
                                        GCancellable               *cancellable,
                                        SlAuditVerifyResult        *result,
                                        GError                    **error);

typedef enum
{
  SL_AUDIT_FORMAT_CSV,
  SL_AUDIT_FORMAT_JSON,
} SlAuditFormat;

gboolean    sl_audit_format_from_string (const char          *text,
                                         SlAuditFormat       *format);

/* Streams the rows (with their hashes) to out, one at a time: memory stays
 * flat however long the log is. CSV has a header line and RFC 4180 quoting;
 * JSON is an array of objects whose "details" is the parsed object. Each
 * row also says its hash rule, the chain's mode and key id ("" / null when
 * not keyed), so that a third party can recompute its hash. */
gboolean    sl_audit_export            (SlStore              *store,
                                        const char           *since,
                                        const char           *case_number,
                                        SlAuditFormat         format,
                                        GOutputStream        *out,
                                        GCancellable         *cancellable,
                                        gint64               *n_rows,
                                        GError              **error);

G_END_DECLS
