/* sl-report-persons.c: the case report's section on the persons of the
 * case: each group of the case's faces and tracks with its name, best
 * view and every appearance, as the grouping under the investigator's
 * decisions gives it when the report is made.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "report/sl-report.h"

static const SlReportColumn person_columns[] = {
  { N_("Person"), 90 },
  { N_("Best view"), 42 },
  { N_("Sightings"), 60 },
  { N_("Appearances"), 291 },
};

/* public API */

void
sl_report_persons_section (SlFlow *f)
{
  GPtrArray *persons = f->data->persons;

  sl_flow_heading (f, SL_FONT_H2, _("Persons of this case"), 60);
  sl_flow_para (f, SL_FONT_BODY, 0, _("The faces and tracks of the case's evidence grouped into unknown persons "
                                      "at a strict threshold, with the investigator's merges, splits, names and "
                                      "separations applied. A group is a lead that these sightings show one "
                                      "person, not an identification."),
                FALSE, 6);
  if (f->data->persons_about != NULL)
    sl_flow_para (f, SL_FONT_BODY, 0, f->data->persons_about, FALSE, 6);
  if (persons == NULL || persons->len == 0)
    {
      sl_flow_para (f, SL_FONT_BODY, 0, _("No person was grouped in this case."), FALSE, 12);
      return;
    }
  sl_flow_table_begin (f, person_columns, G_N_ELEMENTS (person_columns));
  for (guint i = 0; i < persons->len; i++)
    {
      const SlReportPerson *p = g_ptr_array_index (persons, i);
      g_autofree char *who = p->name != NULL ? g_strdup_printf (_("%u. %s"), p->number, p->name)
                                             : g_strdup_printf (_("%u. (no name)"), p->number);
      g_autofree char *sightings = g_strdup_printf (ngettext ("%u in %u piece of evidence",
                                                              "%u in %u pieces of evidence", p->n_evidence),
                                                    p->n_sightings, p->n_evidence);
      g_autoptr(GString) where = g_string_new (NULL);
      const char *cells[4];

      g_string_append_printf (where, _("best view: %s"), p->best);
      for (guint k = 0; k < p->appearances->len; k++)
        g_string_append_printf (where, "\n%s", (const char *) g_ptr_array_index (p->appearances, k));
      cells[0] = who;
      cells[1] = NULL;
      cells[2] = sightings;
      cells[3] = where->str;
      sl_flow_table_row (f, cells, SL_FONT_BODY, 1, p->best_view, FALSE);
    }
  sl_flow_table_end (f);
  f->y += 8;
}
