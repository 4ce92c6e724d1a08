/* sl-engine-audit.c: verifying and exporting the audit log, for those who
 * may read it; both are audited themselves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-private.h"

/* public API */

gboolean
sl_engine_audit_verify (SlEngine             *self,
                        SlSession            *session,
                        gint64                expect_seq,
                        const char           *expect_hash,
                        SlAuditProgressFunc   progress,
                        gpointer              progress_data,
                        SlAuditVerifyResult  *result,
                        GError              **error)
{
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *head = NULL;
  SlAuditEntry entry = { "audit.verify", "audit", NULL, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (!sl_engine_authorize (self, store, session, SL_ACTION_AUDIT_READ, &entry, error) ||
      !sl_audit_verify (store, sl_engine_get_audit_key (self), expect_seq, expect_hash,
                        progress, progress_data, NULL, result, error))
    return FALSE;

  head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", result->head_seq, result->head_hash);
  json_object_set_string_member (details, "result", sl_audit_problem_to_string (result->problem));
  json_object_set_int_member (details, "rows", result->n_rows);
  json_object_set_string_member (details, "head", head);
  if (expect_seq > 0)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", expect_seq, expect_hash);
      json_object_set_string_member (details, "expected_head", expected);
    }
  if (result->bad_seq > 0)
    json_object_set_int_member (details, "bad_seq", result->bad_seq);
  if (result->message != NULL)
    json_object_set_string_member (details, "message", result->message);

  /* The check is recorded after the rows it checked: it is not part of the
   * head it reports. */
  return sl_store_begin (store, error) &&
         sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, error) &&
         sl_engine_commit (store, error);
}

gboolean
sl_engine_audit_export (SlEngine       *self,
                        SlSession      *session,
                        const char     *since,
                        const char     *case_number,
                        SlAuditFormat   format,
                        GOutputStream  *out,
                        gint64         *n_rows,
                        GError        **error)
{
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *since_time = NULL;
  g_autofree char *shown_case = case_number != NULL ? sl_store_text_shown (case_number, 64) : NULL;
  GError *local_error = NULL;
  gint64 n = 0;
  SlAuditEntry entry = { "audit.export", "audit", NULL, shown_case, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  json_object_set_string_member (details, "format", format == SL_AUDIT_FORMAT_CSV ? "csv" : "json");
  if (!sl_engine_authorize (self, store, session, SL_ACTION_AUDIT_READ, &entry, error))
    return FALSE;
  if (since != NULL && !(since_time = sl_store_parse_time (since, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (since_time != NULL)
    json_object_set_string_member (details, "since", since_time);

  if (!sl_audit_export (store, since_time, case_number, format, out, NULL, &n, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  json_object_set_int_member (details, "rows", n);
  if (n_rows != NULL)
    *n_rows = n;
  return sl_store_begin (store, error) &&
         sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, error) &&
         sl_engine_commit (store, error);
}
