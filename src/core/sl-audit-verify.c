/* sl-audit-verify.c: walks the audit chain and, at the first row that is
 * not what was written, says which row and why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-audit-witness.h"
#include "core/sl-audit.h"
#include "core/sl-store-private.h"

typedef struct
{
  SlStore      *store;
  GBytes       *key;
  GHmac        *hmac;       /* keyed once, copied for each row */
  GChecksum    *sum;
  GString      *canonical;
  const char   *key_id;     /* the key's id; NULL when not keyed */
  gint64        rule_2_from;
  SlAuditHeads *heads;      /* witnessed and issued heads, by seq; may be NULL */
  guint         next_head;
  /* The first head the chain disagrees with: reported when the chain
   * itself shows nothing more precise further on. */
  SlAuditVerifyResult head_problem;
} Verifier;

/* helpers */

static gboolean
decode_hex (const char *hex,
            guint8      out[32])
{
  if (hex == NULL || strlen (hex) != 64)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0 || g_ascii_isupper (hex[2 * i]) || g_ascii_isupper (hex[2 * i + 1]))
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* Whether the row, written as row `seq`, hashes to its stored hash. */
static gboolean
row_matches (Verifier            *v,
             const SlAuditRecord *record,
             gint64               seq)
{
  SlAuditRecord r = *record;
  guint8 prev[32], stored[32], digest[32];
  gsize len = sizeof digest;

  if (!decode_hex (r.prev_hash, prev) || !decode_hex (r.hash, stored))
    return FALSE;
  r.seq = seq;
  g_string_truncate (v->canonical, 0);
  if (seq >= v->rule_2_from)
    sl_audit_canonical_2 (&r, v->key_id, v->canonical);
  else
    sl_audit_canonical (&r, v->canonical);

  if (v->hmac != NULL)
    {
      g_autoptr(GHmac) h = g_hmac_copy (v->hmac);

      g_hmac_update (h, prev, sizeof prev);
      g_hmac_update (h, (const guchar *) v->canonical->str, v->canonical->len);
      g_hmac_get_digest (h, digest, &len);
    }
  else
    {
      g_checksum_reset (v->sum);
      g_checksum_update (v->sum, prev, sizeof prev);
      g_checksum_update (v->sum, (const guchar *) v->canonical->str, v->canonical->len);
      g_checksum_get_digest (v->sum, digest, &len);
    }
  return memcmp (digest, stored, sizeof digest) == 0;
}

/* The seq of the row whose hash is `hash`: 0 for the zero hash (the start
 * of the chain), -1 when no row has it. */
static gboolean
find_seq_by_hash (Verifier    *v,
                  const char  *hash,
                  gint64      *seq,
                  GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  int rc;

  if (g_strcmp0 (hash, SL_AUDIT_ZERO_HASH) == 0)
    {
      *seq = 0;
      return TRUE;
    }
  /* Only ever run once, on the first bad row: a scan is fine. */
  stmt = sl_store_prepare (v->store, "SELECT seq FROM audit WHERE hash = ?1 ORDER BY seq LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, hash);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    *seq = sl_stmt_column_int64 (stmt, 0);
  else if (rc == SL_DB_DONE)
    *seq = -1;
  else
    return sl_store_fail (v->store, rc, error, _("Cannot read the audit log"));
  return TRUE;
}

static void
set_problem (SlAuditVerifyResult *result,
             SlAuditProblem       problem,
             gint64               bad_seq,
             char                *message)
{
  result->problem = problem;
  result->bad_seq = bad_seq;
  g_free (result->message);
  result->message = message;
}

/* Row r breaks the chain (its own hash, or its link to the row before):
 * works out what was done to the log. */
static gboolean
diagnose (Verifier             *v,
          const SlAuditRecord  *r,
          gboolean              self_ok,
          SlAuditVerifyResult  *result,
          GError              **error)
{
  gint64 j = -1;
  long long seq, from;

  if (!find_seq_by_hash (v, r->prev_hash, &j, error))
    return FALSE;

  /* Row numbers go into translatable messages as long long: gettext knows
   * %lld, not G_GINT64_FORMAT. */
  seq = r->seq;
  from = j;
  if (j > r->seq)
    set_problem (result, SL_AUDIT_REORDERED, r->seq,
                 g_strdup_printf (_("Audit row %lld was reordered: it was chained after row %lld, "
                                    "which now comes later in the log"), seq, from));
  else if (j >= 0 && j < r->seq - 1)
    set_problem (result, SL_AUDIT_INSERTED, j + 1,
                 g_strdup_printf (_("Audit rows %lld to %lld were inserted: row %lld was chained "
                                    "directly after row %lld"), from + 1, seq - 1, seq, from));
  else if (j < 0 && !self_ok && row_matches (v, r, r->seq + 1))
    set_problem (result, SL_AUDIT_DELETED, r->seq,
                 g_strdup_printf (_("Audit row %lld was deleted: the row now numbered %lld was written "
                                    "as row %lld and the rows after it were renumbered"),
                                  seq, seq, seq + 1));
  else if (j < 0 && self_ok)
    set_problem (result, SL_AUDIT_EDITED, r->seq - 1,
                 g_strdup_printf (_("Audit row %lld was replaced: row %lld was chained after a different "
                                    "record (deleted, or edited and its hash recomputed)"), seq - 1, seq));
  else if (v->key != NULL)
    set_problem (result, SL_AUDIT_EDITED, r->seq,
                 g_strdup_printf (_("Audit row %lld was edited or forged: its contents do not match its "
                                    "hash under the audit key"), seq));
  else
    set_problem (result, SL_AUDIT_EDITED, r->seq,
                 g_strdup_printf (_("Audit row %lld was edited or forged: its contents do not match its "
                                    "hash"), seq));
  return TRUE;
}

static gboolean
count_rows (SlStore  *store,
            gint64   *n,
            GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, "SELECT count(*) FROM audit", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sl_stmt_step (stmt);
  if (rc != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  *n = sl_stmt_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
triggers_present (SlStore  *store,
                  gboolean *present,
                  GError  **error)
{
  /* On PostgreSQL: the two triggers on audit, enabled, calling the
   * function that refuses. */
  g_autoptr(SlStmt) stmt =
    sl_store_get_backend (store) == SL_STORE_BACKEND_POSTGRESQL
      ? sl_store_prepare (store, "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                                 "WHERE t.tgrelid = 'audit'::regclass AND t.tgenabled <> 'D' "
                                 "AND t.tgname IN ('audit_no_update', 'audit_no_delete') AND p.proname = 'sl_refuse'",
                          error)
      : sl_store_prepare (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                 "AND tbl_name = 'audit' AND name IN ('audit_no_update', 'audit_no_delete') "
                                 "AND sql LIKE '%RAISE (ABORT%'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sl_stmt_step (stmt);
  if (rc != SL_DB_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the database schema"));
  *present = sl_stmt_column_int (stmt, 0) == 2;
  return TRUE;
}

/* Row r against the heads once witnessed or issued for its seq. FALSE when
 * one disagrees (the problem is set in v->head_problem). */
static gboolean
check_heads_at (Verifier             *v,
                const SlAuditRecord  *r)
{
  SlAuditVerifyResult *result = &v->head_problem;
  GArray *heads = v->heads->heads;

  for (; v->next_head < heads->len; v->next_head++)
    {
      const SlAuditHead *h = &g_array_index (heads, SlAuditHead, v->next_head);
      g_autofree char *where = NULL;
      const char *claimed_mode = v->key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN;

      if (h->seq > r->seq)
        break;
      if (h->seq < r->seq)
        continue;
      where = sl_audit_heads_describe (v->heads, h);
      if (h->mode != SL_AUDIT_HEAD_MODE_UNKNOWN &&
          ((h->mode == SL_AUDIT_HEAD_MODE_KEYED) != (v->key_id != NULL) ||
           (v->key_id != NULL && g_strcmp0 (h->key_id, v->key_id) != 0)))
        {
          set_problem (result, SL_AUDIT_STRIPPED, r->seq,
                       g_strdup_printf (_("The witness (%s) recorded row %lld under %s%s%s, but the "
                                          "database now keeps its log under %s%s%s: its audit key was "
                                          "stripped or replaced and the chain recomputed"),
                                        where, (long long) r->seq, sl_audit_head_mode_to_string (h->mode),
                                        h->mode == SL_AUDIT_HEAD_MODE_KEYED ? _(" with key id ") : "",
                                        h->mode == SL_AUDIT_HEAD_MODE_KEYED ? h->key_id : "",
                                        claimed_mode, v->key_id != NULL ? _(" with key id ") : "",
                                        v->key_id != NULL ? v->key_id : ""));
          return FALSE;
        }
      if (h->mode != SL_AUDIT_HEAD_MODE_UNKNOWN && r->seq < v->rule_2_from)
        {
          set_problem (result, SL_AUDIT_STRIPPED, r->seq,
                       g_strdup_printf (_("The witness (%s) recorded row %lld, which the database now "
                                          "says was hashed under the old rule 1: its hash rule was "
                                          "downgraded and the chain recomputed"),
                                        where, (long long) r->seq));
          return FALSE;
        }
      if (g_strcmp0 (h->hash, r->hash) != 0)
        {
          set_problem (result, SL_AUDIT_ROLLED_BACK, r->seq,
                       g_strdup_printf (_("Audit row %lld is not the row that was issued as a head (%s: "
                                          "hash %.16s…): the log was truncated or rolled back to an older "
                                          "copy before that row and written since, or rewritten up to there"),
                                        (long long) r->seq, where, h->hash));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
walk (Verifier             *v,
      gint64                total,
      SlAuditProgressFunc   progress,
      gpointer              progress_data,
      GCancellable         *cancellable,
      SlAuditVerifyResult  *result,
      GError              **error)
{
  g_autoptr(SlAuditCursor) cursor = sl_audit_cursor_new (v->store, NULL, NULL, error);
  g_autofree char *expected_prev = g_strdup (SL_AUDIT_ZERO_HASH);
  const SlAuditRecord *r;
  gint64 expected_seq = 1;
  GError *local_error = NULL;

  if (cursor == NULL)
    return FALSE;

  while ((r = sl_audit_cursor_next (cursor, &local_error)) != NULL)
    {
      gboolean self_ok, link_ok;

      if (r->seq != expected_seq)
        {
          set_problem (result, SL_AUDIT_DELETED, expected_seq,
                       r->seq == expected_seq + 1
                       ? g_strdup_printf (_("Audit row %lld was deleted"), (long long) expected_seq)
                       : g_strdup_printf (_("Audit rows %lld to %lld were deleted"),
                                          (long long) expected_seq, (long long) r->seq - 1));
          return TRUE;
        }
      self_ok = row_matches (v, r, r->seq);
      link_ok = g_strcmp0 (r->prev_hash, expected_prev) == 0;
      if (!self_ok || !link_ok)
        return diagnose (v, r, self_ok, result, error);
      if (v->heads != NULL && v->head_problem.problem == SL_AUDIT_INTACT)
        check_heads_at (v, r);

      result->n_rows++;
      result->head_seq = r->seq;
      g_free (expected_prev);
      expected_prev = g_strdup (r->hash);
      expected_seq++;

      if (result->n_rows % 16384 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((guint64) result->n_rows, (guint64) total, progress_data);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_free (result->head_hash);
  result->head_hash = g_steal_pointer (&expected_prev);
  if (progress != NULL)
    progress ((guint64) result->n_rows, (guint64) total, progress_data);
  return TRUE;
}

static gboolean
check_expected_head (Verifier             *v,
                     gint64                expect_seq,
                     const char           *expect_hash,
                     SlAuditVerifyResult  *result,
                     GError              **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  int rc;

  if (result->head_seq < expect_seq)
    {
      set_problem (result, SL_AUDIT_TRUNCATED, result->head_seq + 1,
                   g_strdup_printf (_("The audit log was truncated: it ends at row %lld, but row %lld "
                                      "was noted as its head; rows %lld to %lld are missing"),
                                    (long long) result->head_seq, (long long) expect_seq,
                                    (long long) result->head_seq + 1, (long long) expect_seq));
      return TRUE;
    }
  stmt = sl_store_prepare (v->store, "SELECT hash FROM audit WHERE seq = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, expect_seq);
  rc = sl_stmt_step (stmt);
  if (rc != SL_DB_ROW)
    return sl_store_fail (v->store, rc, error, _("Cannot read the audit log"));
  if (g_ascii_strcasecmp (sl_stmt_column_text (stmt, 0), expect_hash) != 0)
    set_problem (result, SL_AUDIT_HEAD_MISMATCH, expect_seq,
                 g_strdup_printf (_("Audit row %lld does not have the hash noted for it (%s): the "
                                    "log was rewritten up to there"), (long long) expect_seq, expect_hash));
  return TRUE;
}

/* public API */

void
sl_audit_verify_result_clear (SlAuditVerifyResult *result)
{
  g_clear_pointer (&result->head_hash, g_free);
  g_clear_pointer (&result->message, g_free);
  g_clear_pointer (&result->key_id, g_free);
  g_clear_pointer (&result->witness_path, g_free);
  g_clear_pointer (&result->witness_hash, g_free);
  g_clear_pointer (&result->note, g_free);
}

const char *
sl_audit_problem_to_string (SlAuditProblem problem)
{
  switch (problem)
    {
    case SL_AUDIT_INTACT:
      return "intact";
    case SL_AUDIT_EDITED:
      return "edited";
    case SL_AUDIT_DELETED:
      return "deleted";
    case SL_AUDIT_INSERTED:
      return "inserted";
    case SL_AUDIT_REORDERED:
      return "reordered";
    case SL_AUDIT_TRUNCATED:
      return "truncated";
    case SL_AUDIT_HEAD_MISMATCH:
      return "head-mismatch";
    case SL_AUDIT_UNPROTECTED:
      return "unprotected";
    case SL_AUDIT_ROLLED_BACK:
      return "rolled-back";
    case SL_AUDIT_STRIPPED:
      return "stripped";
    case SL_AUDIT_KEY_MISSING:
      return "key-missing";
    case SL_AUDIT_WITNESS_MISSING:
      return "witness-missing";
    default:
      g_return_val_if_reached ("unknown");
    }
}

/* What the database says about its key, against the key given. FALSE
 * when verify cannot go on (the problem is set). */
static gboolean
check_key (SlStore              *store,
           GBytes               *key,
           char                **key_id,
           SlAuditVerifyResult  *result,
           GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *recorded = sl_store_get_meta (store, "audit-key-id", &local_error);
  g_autofree char *given = key != NULL ? sl_audit_key_id (key) : NULL;

  if (recorded == NULL && !g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  result->mode = recorded != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN;
  result->key_id = g_strdup (recorded);
  if (recorded != NULL && given == NULL)
    {
      set_problem (result, SL_AUDIT_KEY_MISSING, 0,
                   g_strdup_printf (_("The audit log is keyed (key id %s), but its key was not given: "
                                      "its rows cannot be checked"), recorded));
      return TRUE;
    }
  if (recorded == NULL && given != NULL)
    {
      set_problem (result, SL_AUDIT_STRIPPED, 0,
                   g_strdup_printf (_("The database records no audit key, but an audit key (key id %s) was "
                                      "given: if its log was kept under that key, the key's record was "
                                      "removed and the rows recomputed without it"), given));
      return TRUE;
    }
  if (recorded != NULL && !g_str_equal (recorded, given))
    {
      set_problem (result, SL_AUDIT_KEY_MISSING, 0,
                   g_strdup_printf (_("The audit log is keyed with key id %s, but the key given has key "
                                      "id %s: its rows cannot be checked"), recorded, given));
      return TRUE;
    }
  *key_id = g_steal_pointer (&given);
  return TRUE;
}

/* After an intact walk: the witness's and the issued heads past the end. */
static void
check_heads_past_end (Verifier            *v,
                      SlAuditVerifyResult *result)
{
  GArray *heads = v->heads->heads;
  const SlAuditHead *last;
  g_autofree char *where = NULL;

  if (v->next_head >= heads->len)
    return;
  last = &g_array_index (heads, SlAuditHead, heads->len - 1);
  where = sl_audit_heads_describe (v->heads, last);
  set_problem (result, SL_AUDIT_TRUNCATED, result->head_seq + 1,
               g_strdup_printf (_("The audit log was truncated or rolled back to an older copy: it ends "
                                  "at row %lld, but row %lld was issued as a head (%s%s%s); rows %lld to "
                                  "%lld are missing"),
                                (long long) result->head_seq, (long long) last->seq, where,
                                last->time != NULL ? ", " : "", last->time != NULL ? last->time : "",
                                (long long) result->head_seq + 1, (long long) last->seq));
}

static void
note_witness (SlAuditVerifyResult *result,
              SlAuditHeads        *witness)
{
  g_autoptr(GString) note = g_string_new (NULL);

  if (result->witness_path == NULL)
    g_string_append (note, _("No witness was checked: a truncated tail or an older copy of the "
                             "database cannot be told from a whole log."));
  else if (!result->witness_found || result->witness_lines == 0)
    g_string_append (note, _("The witness holds no head yet: a truncated tail or an older copy of the "
                             "database cannot be told from a whole log."));
  else
    {
      g_string_append_printf (note, _("The witness's latest head (row %lld) is in the chain with its hash, "
                                      "mode and key id. "), (long long) result->witness_seq);
      if (result->head_seq > result->witness_seq)
        g_string_append_printf (note, _("Rows %lld to %lld came after it and are not witnessed. "),
                                (long long) result->witness_seq + 1, (long long) result->head_seq);
      g_string_append (note, _("The witness proves nothing against someone who can rewrite it together "
                               "with the database; a head issued in a report or export "
                               "(--against) does."));
      if (witness->torn_line > 0)
        g_string_append_printf (note, _(" Its line %u was cut short (a write interrupted) and was left "
                                        "out."), witness->torn_line);
    }
  result->note = g_string_free (g_steal_pointer (&note), FALSE);
}

gboolean
sl_audit_verify_full (SlStore                    *store,
                      GBytes                     *key,
                      const SlAuditVerifyOptions *options,
                      SlAuditProgressFunc         progress,
                      gpointer                    progress_data,
                      GCancellable               *cancellable,
                      SlAuditVerifyResult        *result,
                      GError                    **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) canonical = g_string_sized_new (512);
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(SlAuditHeads) heads = sl_audit_heads_new ();
  g_autofree char *key_id = NULL;
  Verifier v = { store, key, NULL, sum, canonical, NULL, G_MAXINT64, NULL, 0, { 0 } };
  SlAuditVerifyOptions none = { 0 };
  gboolean protected = FALSE;
  gboolean shared;
  gint64 total = 0;
  gboolean ok;
  g_autoptr(GError) rule_error = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (!sl_store_in_transaction (store), FALSE);
  if (options == NULL)
    options = &none;
  g_return_val_if_fail (options->expect_seq <= 0 || options->expect_hash != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->head_hash = g_strdup (SL_AUDIT_ZERO_HASH);
  result->witness_path = g_strdup (options->witness_path);

  /* The witness first: whatever it holds was committed before the snapshot
   * below is taken. */
  if (options->witness_path != NULL && !sl_audit_heads_read_witness (heads, options->witness_path, error))
    return FALSE;
  result->witness_found = heads->witness_found;
  result->witness_lines = heads->heads->len;
  result->witness_torn_line = heads->torn_line;
  for (guint i = 0; i < heads->heads->len; i++)
    {
      const SlAuditHead *h = &g_array_index (heads->heads, SlAuditHead, i);
      if (h->seq >= result->witness_seq)
        {
          result->witness_seq = h->seq;
          g_free (result->witness_hash);
          result->witness_hash = g_strdup (h->hash);
        }
    }
  if (options->against != NULL)
    {
      guint offset = heads->files->len;

      for (guint i = 0; i < options->against->files->len; i++)
        g_ptr_array_add (heads->files, g_strdup (g_ptr_array_index (options->against->files, i)));
      for (guint i = 0; i < options->against->heads->len; i++)
        {
          SlAuditHead h = g_array_index (options->against->heads, SlAuditHead, i);
          h.file += offset;
          if (h.time != NULL)
            h.time = g_string_chunk_insert_const (heads->strings, h.time);
          g_array_append_val (heads->heads, h);
        }
      result->against_heads = options->against->heads->len;
    }
  sl_audit_heads_sort (heads);
  v.heads = heads;

  /* One read transaction: the chain is checked as one snapshot, however
   * many rows are appended meanwhile. */
  if (!sl_store_begin_read (store, error))
    return FALSE;
  if (!check_key (store, key, &key_id, result, error))
    {
      sl_store_rollback (store);
      return FALSE;
    }
  if (result->problem != SL_AUDIT_INTACT)
    {
      sl_store_rollback (store);
      note_witness (result, heads);
      return TRUE;
    }
  if (!sl_audit_get_rule_2_from (store, &v.rule_2_from, &rule_error))
    {
      sl_store_rollback (store);
      if (!g_error_matches (rule_error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&rule_error));
          return FALSE;
        }
      set_problem (result, SL_AUDIT_STRIPPED, 0, g_strdup (rule_error->message));
      note_witness (result, heads);
      return TRUE;
    }
  result->rule_2_from = v.rule_2_from;
  if (key != NULL)
    {
      gsize len;
      const guchar *data = g_bytes_get_data (key, &len);
      v.hmac = hmac = g_hmac_new (G_CHECKSUM_SHA256, data, len);
    }
  v.key_id = key_id;

  ok = count_rows (store, &total, error) &&
       walk (&v, total, progress, progress_data, cancellable, result, error) &&
       (result->problem != SL_AUDIT_INTACT || options->expect_seq <= 0 ||
        check_expected_head (&v, options->expect_seq, options->expect_hash, result, error)) &&
       triggers_present (store, &protected, error);
  sl_store_rollback (store);
  if (!ok)
    {
      sl_audit_verify_result_clear (&v.head_problem);
      return FALSE;
    }

  if (result->problem == SL_AUDIT_INTACT && v.head_problem.problem != SL_AUDIT_INTACT)
    set_problem (result, v.head_problem.problem, v.head_problem.bad_seq, g_steal_pointer (&v.head_problem.message));
  sl_audit_verify_result_clear (&v.head_problem);
  if (result->problem == SL_AUDIT_INTACT)
    check_heads_past_end (&v, result);
  /* On a server every desk keeps its own witness from the first head it
   * saw: rows other desks wrote before that are not missing from it, and a
   * desk that never wrote has none. What its witness holds is still
   * checked (check_heads_past_end above). */
  shared = sl_store_get_backend (store) == SL_STORE_BACKEND_POSTGRESQL;
  if (!shared && result->problem == SL_AUDIT_INTACT && options->witness_path != NULL && result->witness_lines > 0 &&
      heads->witness_from > v.rule_2_from && result->head_seq >= v.rule_2_from)
    {
      g_autofree char *display = g_filename_display_name (options->witness_path);
      set_problem (result, SL_AUDIT_WITNESS_MISSING, v.rule_2_from,
                   g_strdup_printf (_("The audit witness '%s' begins at row %lld, but rows from %lld on "
                                      "were written while a witness was kept: the earlier witness was "
                                      "removed, and a truncated or rolled back log before row %lld cannot "
                                      "be ruled out"),
                                    display, (long long) heads->witness_from, (long long) v.rule_2_from,
                                    (long long) heads->witness_from));
    }
  if (!shared && result->problem == SL_AUDIT_INTACT && options->witness_path != NULL &&
      result->witness_lines == 0 && result->head_seq >= v.rule_2_from)
    {
      g_autofree char *display = g_filename_display_name (options->witness_path);
      set_problem (result, SL_AUDIT_WITNESS_MISSING, 0,
                   g_strdup_printf (_("The audit witness '%s' is %s, though rows %lld to %lld were "
                                      "written while it was kept: it was removed or replaced, and a "
                                      "truncated, rolled back or stripped log cannot be ruled out"),
                                    display, result->witness_found ? _("empty") : _("missing"),
                                    (long long) v.rule_2_from, (long long) result->head_seq));
    }
  if (result->problem == SL_AUDIT_INTACT && !protected)
    set_problem (result, SL_AUDIT_UNPROTECTED, 0,
                 g_strdup (_("The audit log's rows are intact, but its append-only triggers have "
                             "been removed or changed")));
  note_witness (result, heads);
  return TRUE;
}

gboolean
sl_audit_verify (SlStore              *store,
                 GBytes               *key,
                 gint64                expect_seq,
                 const char           *expect_hash,
                 SlAuditProgressFunc   progress,
                 gpointer              progress_data,
                 GCancellable         *cancellable,
                 SlAuditVerifyResult  *result,
                 GError              **error)
{
  SlAuditVerifyOptions options = { expect_seq, expect_hash, NULL, NULL };

  return sl_audit_verify_full (store, key, &options, progress, progress_data, cancellable, result, error);
}
