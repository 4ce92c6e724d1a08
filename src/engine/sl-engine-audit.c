/* sl-engine-audit.c: verifying the audit log, for those who may read it,
 * here or in a worker with progress; the check is audited itself.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-audit.h"
#include "engine/sl-engine-private.h"
#include "core/sl-progress-relay.h"

typedef struct
{
  SlSession           *session;
  gint64               expect_seq;
  char                *expect_hash;
  SlProgressRelay     *relay;
  SlAuditVerifyResult  result;
} VerifyTask;

/* helpers */

static gboolean
verify_with (SlEngine             *self,
             SlStore              *store,
             SlSession            *session,
             gint64                expect_seq,
             const char           *expect_hash,
             SlAuditHeads         *against,
             SlAuditProgressFunc   progress,
             gpointer              progress_data,
             GCancellable         *cancellable,
             SlAuditVerifyResult  *result,
             GError              **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *head = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "audit.verify", "audit", NULL, NULL, details };
  SlAuditVerifyOptions options = { expect_seq, expect_hash, sl_engine_get_witness_path (self), against };

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_AUDIT_READ, &entry, error))
    return FALSE;
  if (!sl_audit_verify_full (store, sl_engine_get_audit_key (self), &options,
                             progress, progress_data, cancellable, result, &local_error))
    {
      /* Only a check that could not finish (cancelled, unreadable) lands
       * here: one that finds tampering succeeds and says so. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_engine_audit_failure (self, store, session, &entry, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

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
  json_object_set_string_member (details, "mode", result->mode);
  if (result->key_id != NULL)
    json_object_set_string_member (details, "key_id", result->key_id);
  json_object_set_int_member (details, "witness_seq", result->witness_seq);
  if (against != NULL)
    json_object_set_int_member (details, "against_heads", result->against_heads);

  /* The check is recorded after the rows it checked: it is not part of the
   * head it reports. */
  return sl_store_begin (store, error) &&
         sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, error) &&
         sl_engine_commit (store, error);
}

static void
verify_task_free (gpointer user_data)
{
  VerifyTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->expect_hash);
  g_clear_pointer (&data->relay, sl_progress_relay_free);
  sl_audit_verify_result_clear (&data->result);
  g_free (data);
}

/* callbacks */

static void
on_worker_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  VerifyTask *data = user_data;

  sl_progress_relay_post (data->relay, done, total);
}

static gpointer
verify_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  VerifyTask *data = task_data;

  return verify_with (engine, store, data->session, data->expect_seq, data->expect_hash, NULL, on_worker_progress,
                      data, cancellable, &data->result, error) ? SL_ENGINE_TASK_DONE : NULL;
}

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
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  return verify_with (self, sl_engine_get_store (self), session, expect_seq, expect_hash, NULL, progress,
                      progress_data, NULL, result, error);
}

gboolean
sl_engine_audit_verify_against (SlEngine             *self,
                                SlSession            *session,
                                gint64                expect_seq,
                                const char           *expect_hash,
                                SlAuditHeads         *against,
                                SlAuditProgressFunc   progress,
                                gpointer              progress_data,
                                SlAuditVerifyResult  *result,
                                GError              **error)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  return verify_with (self, sl_engine_get_store (self), session, expect_seq, expect_hash, against, progress,
                      progress_data, NULL, result, error);
}

void
sl_engine_audit_verify_async (SlEngine             *self,
                              SlSession            *session,
                              gint64                expect_seq,
                              const char           *expect_hash,
                              SlAuditProgressFunc   progress,
                              gpointer              progress_data,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (expect_seq <= 0 || expect_hash != NULL);

  data = g_new0 (VerifyTask, 1);
  data->session = g_object_ref (session);
  data->expect_seq = expect_seq;
  data->expect_hash = g_strdup (expect_hash);

  task = sl_engine_task_new (self, sl_engine_audit_verify_async, cancellable, callback, user_data);
  data->relay = sl_progress_relay_new (task, progress, progress_data, 50);
  sl_engine_task_run (task, verify_work, data, verify_task_free, NULL);
}

gboolean
sl_engine_audit_verify_finish (SlEngine             *self,
                               GAsyncResult         *result,
                               SlAuditVerifyResult  *verify_result,
                               GError              **error)
{
  VerifyTask *data;

  if (!sl_engine_task_finish (self, result, sl_engine_audit_verify_async, error))
    return FALSE;
  data = sl_engine_task_get_data (result);
  *verify_result = data->result;
  /* Moved out: the task's copy must not free what the caller now owns. */
  memset (&data->result, 0, sizeof data->result);
  return TRUE;
}
