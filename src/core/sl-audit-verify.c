/* sl-audit-verify.c: walks the audit chain and, at the first row that is
 * not what was written, says which row and why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-audit.h"
#include "core/sl-store-private.h"

typedef struct
{
  SlStore   *store;
  GBytes    *key;
  GHmac     *hmac;       /* keyed once, copied for each row */
  GChecksum *sum;
  GString   *canonical;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *seq = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
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
  g_autoptr(sqlite3_stmt) stmt = sl_store_prepare (store, "SELECT count(*) FROM audit", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  *n = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
triggers_present (SlStore  *store,
                  gboolean *present,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    sl_store_prepare (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                             "AND tbl_name = 'audit' AND name IN ('audit_no_update', 'audit_no_delete') "
                             "AND sql LIKE '%RAISE (ABORT%'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sl_store_fail (store, rc, error, _("Cannot read the database schema"));
  *present = sqlite3_column_int (stmt, 0) == 2;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  sqlite3_bind_int64 (stmt, 1, expect_seq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sl_store_fail (v->store, rc, error, _("Cannot read the audit log"));
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), expect_hash) != 0)
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
    default:
      g_return_val_if_reached ("unknown");
    }
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
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) canonical = g_string_sized_new (512);
  g_autoptr(GHmac) hmac = NULL;
  Verifier v = { store, key, NULL, sum, canonical };
  gboolean protected = FALSE;
  gint64 total = 0;
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (!sl_store_in_transaction (store), FALSE);
  g_return_val_if_fail (expect_seq <= 0 || expect_hash != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->head_hash = g_strdup (SL_AUDIT_ZERO_HASH);
  if (key != NULL)
    {
      gsize len;
      const guchar *data = g_bytes_get_data (key, &len);
      v.hmac = hmac = g_hmac_new (G_CHECKSUM_SHA256, data, len);
    }

  /* One read transaction: the chain is checked as one snapshot, however
   * many rows are appended meanwhile. */
  if (!sl_store_exec (store, "BEGIN", error))
    return FALSE;
  ok = count_rows (store, &total, error) &&
       walk (&v, total, progress, progress_data, cancellable, result, error) &&
       (result->problem != SL_AUDIT_INTACT || expect_seq <= 0 ||
        check_expected_head (&v, expect_seq, expect_hash, result, error)) &&
       triggers_present (store, &protected, error);
  sl_store_rollback (store);
  if (!ok)
    return FALSE;

  if (result->problem == SL_AUDIT_INTACT && !protected)
    set_problem (result, SL_AUDIT_UNPROTECTED, 0,
                 g_strdup (_("The audit log's rows are intact, but its append-only triggers have "
                             "been removed or changed")));
  return TRUE;
}
