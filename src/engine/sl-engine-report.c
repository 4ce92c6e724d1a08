/* sl-report.c: the case report: gathers what it shows from the database,
 * has sl-report-draw.c draw it, and writes the PDF atomically (a temporary
 * file beside the target, synced, renamed) with its audit row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-user.h"
#include "engine/sl-engine-persons-private.h"
#include "engine/sl-engine-authorisation-private.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-records-private.h"
#include "report/sl-report.h"
#include "engine/sl-engine-report.h"
#include "engine/sl-engine-report-private.h"

typedef struct
{
  SlSession *session;
  char      *case_number;
  char      *out_path;
} ReportTask;


/* helpers */

static void
thumbnail_unref (gpointer surface)
{
  if (surface != NULL)
    cairo_surface_destroy (surface);
}

static char *
display_name (SlStore    *store,
              const char *username)
{
  g_autoptr(SlUser) user = NULL;

  if (username == NULL)
    return NULL;
  if ((user = sl_user_lookup (store, username, NULL)) == NULL || user->display_name == NULL)
    return g_strdup (username);
  return g_strdup_printf ("%s (%s)", user->display_name, username);
}

static void
add_model (GPtrArray        *models,
           SlModelManifest  *manifest,
           const char       *id,
           const char       *sha256)
{
  const SlModelInfo *info;
  SlReportModel *m;

  for (guint i = 0; i < models->len; i++)
    {
      m = g_ptr_array_index (models, i);
      if (g_str_equal (m->id, id) && g_str_equal (m->sha256, sha256))
        {
          m->n_searches++;
          return;
        }
    }
  m = g_new0 (SlReportModel, 1);
  m->id = g_strdup (id);
  m->sha256 = g_strdup (sha256);
  m->n_searches = 1;
  if (manifest != NULL && (info = sl_model_manifest_lookup (manifest, id)) != NULL)
    {
      m->name = g_strdup (info->name);
      m->license = g_strdup (info->license);
    }
  g_ptr_array_add (models, m);
}

static SlReportData *
gather (SlEngine      *self,
        SlStore       *store,
        SlSession     *session,
        const char    *case_number,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(SlReportData) data = g_new0 (SlReportData, 1);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SlAuditCursor) cursor = NULL;
  g_autoptr(SlModelManifest) manifest = sl_engine_get_manifest (self, NULL);
  const SlAuditRecord *row;
  GError *local_error = NULL;

  if (!(data->c = sl_engine_case_lookup (store, session, case_number, error)) ||
      !(data->evidence = sl_evidence_list (store, data->c->id, error)) ||
      !(records = sl_search_record_list (store, data->c->id, error)) ||
      !(data->within = sl_case_search_list (store, data->c->id, error)) ||
      !sl_engine_report_persons (self, store, data, cancellable, error) ||
      !(data->leads = sl_candidate_confirmed (store, data->c->id, error)) ||
      !(data->outcomes = sl_outcome_list_for_case (store, data->c->id, error)))
    return NULL;
  data->opened_by_name = display_name (store, data->c->opened_by);
  data->closed_by_name = display_name (store, data->c->closed_by);
  data->generated_by = g_strdup_printf ("%s (%s)", sl_session_get_display_name (session),
                                        sl_session_get_username (session));
  data->generated_at = sl_store_now ();
  {
    g_autoptr(GPtrArray) users = sl_user_list (store, error);

    if (users == NULL)
      return NULL;
    data->user_names = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < users->len; i++)
      g_ptr_array_add (data->user_names, g_strdup (((SlUser *) g_ptr_array_index (users, i))->username));
  }
  {
    g_autoptr(SlPolicy) policy = NULL;
    g_autoptr(SlAuthorisationStatus) status = NULL;

    if (!(policy = sl_policy_load (store, error)) ||
        !(status = sl_authorisation_status_with (store, policy, data->c->id, error)))
      return NULL;
    if (status->mode != SL_AUTHORISATION_MODE_NONE || status->latest != NULL)
      data->authorisation = sl_authorisation_status_describe (status);
    data->profile_name = g_strdup (policy->profile_name);
  }

  data->searches = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_report_search_free);
  data->models = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_report_model_free);
  for (guint i = 0; i < records->len; i++)
    {
      SlReportSearch *s = g_new0 (SlReportSearch, 1);
      g_autoptr(SlProbeFace) face = NULL;
      g_autoptr(SlCalibration) calibration = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_ptr_array_add (data->searches, s);
      s->record = g_steal_pointer (&g_ptr_array_index (records, i));
      sl_engine_records_withhold (s->record, session);
      data->n_withheld += sl_search_record_n_withheld (s->record);
      add_model (data->models, manifest, s->record->model_id, s->record->model_sha256);

      if (!(face = sl_probe_face_lookup (store, s->record->face_id, TRUE, error)))
        return NULL;
      if (face->crop != NULL)
        s->probe = sl_report_jpeg_surface (face->crop);
      if (face->retracted_at != NULL)
        {
          g_autofree char *when = sl_report_format_time (face->retracted_at);

          /* TRANSLATORS: when a face drawn by hand was retracted, by whom, why */
          s->retracted = g_strdup_printf (_("%s by %s: %s"), when, face->retracted_by, face->retraction_reason);
        }
      s->thumbnails = g_ptr_array_new_with_free_func (thumbnail_unref);
      for (guint k = 0; k < s->record->candidates->len; k++)
        {
          SlCandidate *candidate = g_ptr_array_index (s->record->candidates, k);
          g_autoptr(GBytes) jpeg = sl_gallery_face_thumbnail (store, candidate->gallery_face_id, NULL);

          g_ptr_array_add (s->thumbnails, jpeg != NULL ? sl_report_jpeg_surface (jpeg) : NULL);
        }
      /* The rate at the threshold, from the calibration of the very file
       * the search used; a report without it says so. */
      calibration = sl_engine_get_calibration (self, s->record->model_id, s->record->model_sha256, &local_error);
      if (calibration != NULL)
        {
          s->fmr_known = TRUE;
          s->fmr_at_threshold = sl_calibration_false_match_rate (calibration, s->record->threshold,
                                                                 &s->fmr_beyond);
        }
      else
        {
          g_debug ("No calibration for the report of search %" PRId64 ": %s", s->record->id,
                   local_error->message);
          g_clear_error (&local_error);
        }
    }
  /* A model a search within the case used is a model the case used. */
  for (guint i = 0; i < data->within->len; i++)
    {
      const SlCaseSearchRecord *w = g_ptr_array_index (data->within, i);

      add_model (data->models, manifest, w->model_id, w->model_sha256);
    }
  data->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_report_audit_row_free);
  if (!(cursor = sl_audit_cursor_new (store, NULL, data->c->number, error)))
    return NULL;
  while ((row = sl_audit_cursor_next (cursor, &local_error)) != NULL)
    {
      SlReportAuditRow *r = g_new0 (SlReportAuditRow, 1);

      r->seq = row->seq;
      r->time = g_strdup (row->time);
      r->actor = g_strdup (row->actor != NULL ? row->actor : "—");
      r->action = g_strdup (row->action);
      r->outcome = g_strdup (row->outcome);
      r->hash = g_strdup (row->hash);
      g_ptr_array_add (data->audit, r);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* The head of the whole log, so that a reader can check later that it is
   * still in the chain (`audit verify --against`). */
  if (!sl_audit_get_head (store, &data->audit_head_seq, &data->audit_head_hash, error))
    return NULL;
  data->audit_key_id = g_strdup (sl_engine_get_audit_key_id (self));
  data->audit_mode = data->audit_key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN;
  return g_steal_pointer (&data);
}

static gboolean
file_error (GError     **error,
            const char  *path,
            int          errsv)
{
  g_autofree char *shown = g_filename_display_name (path);

  /* The output, not an input file, is at fault: a failure, not bad input. */
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED, _("Cannot write the report '%s': %s"), shown,
               g_strerror (errsv));
  return FALSE;
}

static gboolean
write_with (SlEngine         *self,
            SlStore          *store,
            SlSession        *session,
            const char       *case_number,
            const char       *out_path,
            SlReportSummary  *summary,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *target = NULL;
  g_autoptr(SlReportData) data = NULL;
  g_auto(SlFileOut) out = { 0 };
  GError *local_error = NULL;
  SlAuditEntry entry = { "report.write", "case", shown_case, shown_case, details };
  guint n_pages = 0;
  int errsv;

  target = g_canonicalize_filename (out_path, NULL);
  {
    g_autofree char *shown_path = g_filename_display_name (target);
    json_object_set_string_member (details, "path", shown_path);
  }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_REPORT, &entry, error))
    return FALSE;
  if (!(data = gather (self, store, session, case_number, cancellable, &local_error)))
    goto fail;

  if ((errsv = sl_file_out_open (&out, target)) != 0)
    {
      file_error (&local_error, target, errsv);
      goto fail;
    }
  if (!sl_report_render (data, sl_report_write_file, &out, cancellable, &n_pages, &local_error))
    {
      if (out.errsv != 0)
        {
          g_clear_error (&local_error);
          file_error (&local_error, target, out.errsv);
        }
      goto fail;
    }
  if ((errsv = sl_file_out_close (&out)) != 0)
    {
      file_error (&local_error, target, errsv);
      goto fail;
    }

  json_object_set_string_member (details, "sha256", g_checksum_get_string (out.sha256));
  json_object_set_int_member (details, "bytes", (gint64) out.bytes);
  json_object_set_int_member (details, "pages", n_pages);
  json_object_set_int_member (details, "searches", data->searches->len);
  json_object_set_int_member (details, "audit_rows", data->audit->len);
  {
    g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", data->audit_head_seq,
                                             data->audit_head_hash);
    json_object_set_string_member (details, "audit_head", head);
  }

  /* The row and the file go together: the file takes its name inside the
   * transaction that records it, and leaves again if that fails. */
  if (!sl_store_begin (store, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error))
    goto fail;
  if ((errsv = sl_file_out_publish (&out, TRUE)) != 0)
    {
      file_error (&local_error, target, errsv);
      goto fail;
    }
  if (!sl_engine_commit (store, &local_error))
    goto fail;

  if (summary != NULL)
    {
      summary->path = g_steal_pointer (&target);
      summary->pages = n_pages;
      summary->searches = data->searches->len;
      summary->bytes = out.bytes;
      summary->sha256 = g_strdup (g_checksum_get_string (out.sha256));
    }
  return TRUE;

fail:
  sl_file_out_abandon (&out);
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

SlReportData *
sl_engine_report_render_file (SlEngine      *self,
                              SlStore       *store,
                              SlSession     *session,
                              const char    *case_number,
                              const char    *path,
                              char         **sha256,
                              guint         *n_pages,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(SlReportData) data = NULL;
  g_auto(SlFileOut) out = { 0 };
  GError *local_error = NULL;
  int errsv;

  if (!(data = gather (self, store, session, case_number, cancellable, error)))
    return NULL;
  if ((errsv = sl_file_out_open (&out, path)) != 0)
    {
      file_error (error, path, errsv);
      return NULL;
    }
  if (!sl_report_render (data, sl_report_write_file, &out, cancellable, n_pages, &local_error))
    {
      if (out.errsv != 0)
        {
          g_clear_error (&local_error);
          file_error (&local_error, path, out.errsv);
        }
      sl_file_out_abandon (&out);
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* A new file, never over another one. */
  if ((errsv = sl_file_out_close (&out)) != 0 || (errsv = sl_file_out_publish (&out, FALSE)) != 0)
    {
      sl_file_out_abandon (&out);
      file_error (error, path, errsv);
      return NULL;
    }
  *sha256 = g_strdup (g_checksum_get_string (out.sha256));
  return g_steal_pointer (&data);
}

static void
report_task_free (gpointer user_data)
{
  ReportTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->case_number);
  g_free (data->out_path);
  g_free (data);
}

static void
report_summary_free (gpointer summary)
{
  sl_report_summary_clear (summary);
  g_free (summary);
}

static gpointer
report_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ReportTask *data = task_data;
  SlReportSummary *summary = g_new0 (SlReportSummary, 1);

  if (!write_with (engine, store, data->session, data->case_number, data->out_path, summary, cancellable, error))
    {
      report_summary_free (summary);
      return NULL;
    }
  return summary;
}

/* public API */

void
sl_report_summary_clear (SlReportSummary *summary)
{
  g_clear_pointer (&summary->path, g_free);
  g_clear_pointer (&summary->sha256, g_free);
}

gboolean
sl_engine_report_write_full (SlEngine         *self,
                             SlSession        *session,
                             const char       *case_number,
                             const char       *out_path,
                             SlReportSummary  *summary,
                             GCancellable     *cancellable,
                             GError          **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  return write_with (self, sl_engine_get_store (self), session, case_number, out_path, summary, cancellable,
                     error);
}

gboolean
sl_engine_report_write (SlEngine      *self,
                        SlSession     *session,
                        const char    *case_number,
                        const char    *out_path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  return sl_engine_report_write_full (self, session, case_number, out_path, NULL, cancellable, error);
}

void
sl_engine_report_write_async (SlEngine            *self,
                              SlSession           *session,
                              const char          *case_number,
                              const char          *out_path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReportTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);
  g_return_if_fail (out_path != NULL);

  data = g_new0 (ReportTask, 1);
  data->session = g_object_ref (session);
  data->case_number = g_strdup (case_number);
  data->out_path = g_strdup (out_path);
  task = sl_engine_task_new (self, sl_engine_report_write_async, cancellable, callback, user_data);
  sl_engine_task_run (task, report_work, data, report_task_free, report_summary_free);
}

gboolean
sl_engine_report_write_finish (SlEngine         *self,
                               GAsyncResult     *result,
                               SlReportSummary  *summary,
                               GError          **error)
{
  SlReportSummary *done;

  if (!(done = sl_engine_task_finish (self, result, sl_engine_report_write_async, error)))
    return FALSE;
  if (summary != NULL)
    {
      *summary = *done;
      g_free (done);
    }
  else
    report_summary_free (done);
  return TRUE;
}
