/* sl-report-data.c: the gathered contents of a case report, freed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-report"

#include "config.h"

#include "report/sl-report.h"

/* public API */

void
sl_report_search_free (SlReportSearch *s)
{
  sl_search_record_free (s->record);
  g_clear_pointer (&s->probe, cairo_surface_destroy);
  g_free (s->retracted);
  g_clear_pointer (&s->thumbnails, g_ptr_array_unref);
  g_free (s);
}

void
sl_report_model_free (SlReportModel *m)
{
  g_free (m->id);
  g_free (m->sha256);
  g_free (m->name);
  g_free (m->license);
  g_free (m);
}

void
sl_report_audit_row_free (SlReportAuditRow *r)
{
  g_free (r->time);
  g_free (r->actor);
  g_free (r->action);
  g_free (r->outcome);
  g_free (r->hash);
  g_free (r);
}

void
sl_report_person_free (SlReportPerson *p)
{
  g_free (p->name);
  g_clear_pointer (&p->best_view, cairo_surface_destroy);
  g_free (p->best);
  g_clear_pointer (&p->appearances, g_ptr_array_unref);
  g_free (p);
}

void
sl_report_data_free (SlReportData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->c, sl_case_free);
  g_free (data->opened_by_name);
  g_free (data->closed_by_name);
  g_clear_pointer (&data->evidence, g_ptr_array_unref);
  g_clear_pointer (&data->searches, g_ptr_array_unref);
  g_clear_pointer (&data->within, g_ptr_array_unref);
  g_clear_pointer (&data->persons, g_ptr_array_unref);
  g_free (data->persons_about);
  g_clear_pointer (&data->leads, g_ptr_array_unref);
  g_clear_pointer (&data->outcomes, g_ptr_array_unref);
  g_clear_pointer (&data->models, g_ptr_array_unref);
  g_clear_pointer (&data->audit, g_ptr_array_unref);
  g_free (data->audit_head_hash);
  g_free (data->audit_key_id);
  g_free (data->generated_by);
  g_free (data->generated_at);
  g_free (data->authorisation);
  g_free (data->profile_name);
  g_clear_pointer (&data->user_names, g_ptr_array_unref);
  g_free (data);
}


cairo_status_t
sl_report_write_file (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  return sl_file_out_write (closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
