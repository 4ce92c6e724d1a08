/* sl-engine-accountability.c: the accountability report: counts from the
 * database (core/sl-accountability.c) as an A4 PDF, written beside its
 * name and renamed in the transaction that audits it, and as one CSV file
 * a section with the exact counts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-accountability.h"
#include "core/sl-csv-write.h"
#include "engine/sl-engine-accountability.h"
#include "engine/sl-engine-private.h"
#include "report/sl-accountability-draw.h"
#include "report/sl-report.h"

typedef struct
{
  SlSession *session;
  char      *from;
  char      *to;
  char      *out_pdf;
} AccountabilityTask;

/* helpers */

static gboolean
file_error (GError     **error,
            const char  *path,
            int          errsv)
{
  g_autofree char *shown = g_filename_display_name (path);

  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED, _("Cannot write the accountability report '%s': %s"),
               shown, g_strerror (errsv));
  return FALSE;
}

/* One file a section: the key and its exact count (a listing: the key). */
static gboolean
write_csv (const SlAccountability *report,
           const char             *dir,
           guint                  *n_files,
           GError                **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return file_error (error, dir, errno);
  for (guint i = 0; i < report->sections->len; i++)
    {
      const SlCountSection *s = g_ptr_array_index (report->sections, i);
      g_autofree char *name = g_strdup_printf ("%s.csv", s->id);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GString) out = g_string_new (s->listing ? "event\r\n" : "key,count\r\n");
      g_autoptr(GError) local_error = NULL;

      for (guint r = 0; r < s->rows->len; r++)
        {
          const SlCountRow *c = g_ptr_array_index (s->rows, r);

          sl_csv_append_cell (out, c->key);
          if (!s->listing)
            g_string_append_printf (out, ",%" G_GINT64_FORMAT, c->count);
          g_string_append (out, "\r\n");
        }
      if (!g_file_set_contents_full (path, out->str, (gssize) out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &local_error))
        return file_error (error, path, local_error->code == G_FILE_ERROR_NOSPC ? ENOSPC : EIO);
      (*n_files)++;
    }
  return TRUE;
}

static gboolean
accountability_write_with (SlEngine                *self,
                           SlStore                 *store,
                           SlSession               *session,
                           const char              *from,
                           const char              *to,
                           const char              *out_pdf,
                           const char              *csv_dir,
                           SlAccountabilitySummary *summary,
                           GError                 **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlAccountability) report = NULL;
  g_autofree char *target = g_canonicalize_filename (out_pdf, NULL);
  g_auto(SlFileOut) out = { 0 };
  g_autofree char *from_time = NULL;
  g_autofree char *to_time = NULL;
  g_autofree char *now = sl_store_now ();
  g_autofree char *who = g_strdup_printf ("%s (%s)", sl_session_get_display_name (session),
                                          sl_session_get_username (session));
  GError *local_error = NULL;
  SlAuditEntry entry = { "report.accountability", "report", NULL, NULL, details };
  guint n_pages = 0, n_csv = 0;
  int errsv;

  {
    g_autofree char *shown = g_filename_display_name (target);
    json_object_set_string_member (details, "path", shown);
  }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_AUDIT_READ, &entry, error))
    return FALSE;
  if (!(from_time = sl_store_parse_time (from, &local_error)) || !(to_time = sl_store_parse_time (to, &local_error)))
    {
      GError *bad = g_error_new (SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, "%s", local_error->message);
      g_clear_error (&local_error);
      local_error = bad;
      goto fail;
    }
  json_object_set_string_member (details, "from", from_time);
  json_object_set_string_member (details, "to", to_time);
  if (g_strcmp0 (from_time, to_time) >= 0)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("The period ends (%s) before it starts (%s)"), to, from);
      goto fail;
    }
  if (!(report = sl_accountability_collect (store, from_time, to_time, &local_error)))
    goto fail;
  if (csv_dir != NULL && !write_csv (report, csv_dir, &n_csv, &local_error))
    goto fail;

  if ((errsv = sl_file_out_open (&out, target)) != 0)
    {
      file_error (&local_error, target, errsv);
      goto fail;
    }
  if (!sl_accountability_render (report, who, now, NULL, sl_report_write_file, &out, &n_pages, &local_error))
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
  json_object_set_int_member (details, "pages", n_pages);
  json_object_set_int_member (details, "searches", report->searches);
  if (csv_dir != NULL)
    {
      g_autofree char *shown = g_filename_display_name (csv_dir);
      json_object_set_string_member (details, "csv", shown);
    }
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
      summary->sha256 = g_strdup (g_checksum_get_string (out.sha256));
      summary->pages = n_pages;
      summary->searches = report->searches;
      summary->csv_files = n_csv;
    }
  return TRUE;

fail:
  sl_file_out_abandon (&out);
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

static void
task_free (gpointer user_data)
{
  AccountabilityTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->from);
  g_free (data->to);
  g_free (data->out_pdf);
  g_free (data);
}

static void
summary_free (gpointer summary)
{
  sl_accountability_summary_clear (summary);
  g_free (summary);
}

static gpointer
accountability_work (SlEngine      *engine,
                     SlStore       *store,
                     gpointer       task_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  AccountabilityTask *data = task_data;
  SlAccountabilitySummary *summary = g_new0 (SlAccountabilitySummary, 1);

  if (!accountability_write_with (engine, store, data->session, data->from, data->to, data->out_pdf, NULL,
                                  summary, error))
    {
      summary_free (summary);
      return NULL;
    }
  return summary;
}

/* public API */

void
sl_accountability_summary_clear (SlAccountabilitySummary *summary)
{
  g_clear_pointer (&summary->path, g_free);
  g_clear_pointer (&summary->sha256, g_free);
}

gboolean
sl_engine_accountability_write (SlEngine                *self,
                                SlSession               *session,
                                const char              *from,
                                const char              *to,
                                const char              *out_pdf,
                                const char              *csv_dir,
                                SlAccountabilitySummary *summary,
                                GError                 **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && out_pdf != NULL, FALSE);

  return accountability_write_with (self, sl_engine_get_store (self), session, from, to, out_pdf, csv_dir, summary,
                                    error);
}

void
sl_engine_accountability_write_async (SlEngine            *self,
                                      SlSession           *session,
                                      const char          *from,
                                      const char          *to,
                                      const char          *out_pdf,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccountabilityTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (from != NULL && to != NULL && out_pdf != NULL);

  data = g_new0 (AccountabilityTask, 1);
  data->session = g_object_ref (session);
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  data->out_pdf = g_strdup (out_pdf);
  task = sl_engine_task_new (self, sl_engine_accountability_write_async, cancellable, callback, user_data);
  sl_engine_task_run (task, accountability_work, data, task_free, summary_free);
}

gboolean
sl_engine_accountability_write_finish (SlEngine      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  SlAccountabilitySummary *done;

  if (!(done = sl_engine_task_finish (self, result, sl_engine_accountability_write_async, error)))
    return FALSE;
  summary_free (done);
  return TRUE;
}
