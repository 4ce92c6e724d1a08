/* sl-engine-audit-export.c: exporting the audit log, all of it or the rows
 * a filter matches, to a stream or (in a worker) a file; audited.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-audit.h"
#include "engine/sl-engine-private.h"

typedef struct
{
  SlSession     *session;
  SlAuditFilter *filter;
  SlAuditFormat  format;
  GFile         *file;
  gint64         n_rows;
} ExportTask;

/* helpers */

static gboolean
export_with (SlEngine             *self,
             SlStore              *store,
             SlSession            *session,
             const SlAuditFilter  *filter,
             SlAuditFormat         format,
             GOutputStream        *out,
             GCancellable         *cancellable,
             gint64               *n_rows,
             GError              **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) conditions = json_object_new ();
  g_autoptr(SlAuditFilter) parsed = NULL;
  g_autofree char *shown_case = NULL;
  GError *local_error = NULL;
  gint64 n = 0;
  SlAuditEntry entry = { "audit.export", "audit", NULL, NULL, details };

  if (filter != NULL && filter->case_number != NULL && *filter->case_number != '\0')
    entry.case_number = shown_case = sl_store_text_shown (filter->case_number, 64);
  json_object_set_string_member (details, "format", format == SL_AUDIT_FORMAT_CSV ? "csv" : "json");
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_AUDIT_READ, &entry, error) ||
      !(parsed = sl_engine_audit_filter_parse (filter, error)))
    return FALSE;

  /* "since" as the command line always wrote it; any other condition in
   * "filter". */
  if (parsed->time_from != NULL && *parsed->time_from != '\0')
    json_object_set_string_member (details, "since", parsed->time_from);
  {
    g_autoptr(SlAuditFilter) rest = sl_audit_filter_copy (parsed);

    g_clear_pointer (&rest->time_from, g_free);
    g_clear_pointer (&rest->case_number, g_free);
    sl_audit_filter_to_json (rest, conditions);
    if (json_object_get_size (conditions) > 0)
      json_object_set_object_member (details, "filter", json_object_ref (conditions));
  }

  if (!sl_audit_export_filtered (store, parsed, format, out, cancellable, &n, &local_error))
    {
      sl_engine_audit_failure (self, store, session, &entry, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  json_object_set_int_member (details, "rows", n);
  if (n_rows != NULL)
    *n_rows = n;
  {
    /* The head the export was taken under, beside its rows' own hashes:
     * the file's rows are heads `audit verify --against` checks. */
    g_autofree char *head_hash = NULL;
    g_autofree char *head = NULL;
    gint64 head_seq = 0;
    const char *key_id = sl_engine_get_audit_key_id (self);

    if (!sl_audit_get_head (store, &head_seq, &head_hash, error))
      return FALSE;
    head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", head_seq, head_hash);
    json_object_set_string_member (details, "audit_head", head);
    json_object_set_string_member (details, "mode", key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN);
    if (key_id != NULL)
      json_object_set_string_member (details, "key_id", key_id);
  }
  return sl_store_begin (store, error) &&
         sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, error) &&
         sl_engine_commit (store, error);
}

static void
export_task_free (gpointer user_data)
{
  ExportTask *data = user_data;

  g_clear_object (&data->session);
  g_clear_pointer (&data->filter, sl_audit_filter_free);
  g_clear_object (&data->file);
  g_free (data);
}

/* callbacks */

static gpointer
export_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportTask *data = task_data;
  g_autoptr(GFileOutputStream) file_out = NULL;
  g_autoptr(GOutputStream) out = NULL;

  if (!(file_out = g_file_replace (data->file, NULL, FALSE,
                                   G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                   cancellable, error)))
    return NULL;
  out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_out), 256 * 1024);
  if (!export_with (engine, store, data->session, data->filter, data->format, out, cancellable,
                    &data->n_rows, error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closed cancelled, the replacement is dropped and any earlier file
       * stays as it was. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (out, abandon, NULL);
      return NULL;
    }
  return g_output_stream_close (out, cancellable, error) ? SL_ENGINE_TASK_DONE : NULL;
}

/* public API */

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
  SL_ENGINE_BOUNDARY (error);
  SlAuditFilter filter = { 0 };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  /* Borrowed for the call. */
  filter.time_from = (char *) since;
  filter.case_number = (char *) case_number;
  return export_with (self, sl_engine_get_store (self), session, &filter, format, out, NULL, n_rows, error);
}

gboolean
sl_engine_audit_export_filtered (SlEngine             *self,
                                 SlSession            *session,
                                 const SlAuditFilter  *filter,
                                 SlAuditFormat         format,
                                 GOutputStream        *out,
                                 GCancellable         *cancellable,
                                 gint64               *n_rows,
                                 GError              **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  return export_with (self, sl_engine_get_store (self), session, filter, format, out, cancellable, n_rows,
                      error);
}

void
sl_engine_audit_export_file_async (SlEngine             *self,
                                   SlSession            *session,
                                   const SlAuditFilter  *filter,
                                   SlAuditFormat         format,
                                   GFile                *file,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportTask, 1);
  data->session = g_object_ref (session);
  data->filter = sl_audit_filter_copy (filter);
  data->format = format;
  data->file = g_object_ref (file);

  task = sl_engine_task_new (self, sl_engine_audit_export_file_async, cancellable, callback, user_data);
  sl_engine_task_run (task, export_work, data, export_task_free, NULL);
}

gboolean
sl_engine_audit_export_file_finish (SlEngine      *self,
                                    GAsyncResult  *result,
                                    gint64        *n_rows,
                                    GError       **error)
{
  if (!sl_engine_task_finish (self, result, sl_engine_audit_export_file_async, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = ((ExportTask *) sl_engine_task_get_data (result))->n_rows;
  return TRUE;
}
