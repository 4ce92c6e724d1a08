/* sl-report-within.c: the case report's section on the searches within
 * the case (a face or track of the case compared with the case's other
 * faces and tracks): each with its justification, probe, model and
 * threshold, how much it compared and every candidate it showed, or
 * plainly that none reached the threshold.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-calibration.h"
#include "core/sl-face-label.h"
#include "core/sl-media-time.h"
#include "core/sl-text.h"
#include "report/sl-report.h"

static const SlReportColumn within_columns[] = {
  { N_("Rank"), 30 },
  { N_("Evidence"), 46 },
  { N_("Face or track"), 182 },
  { N_("Similarity"), 52 },
  { N_("False-match rate"), 112 },
  { N_("Expected false"), 61 },
};

/* helpers */

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static const char *
evidence_name (const SlReportData *d,
               gint64              evidence_id)
{
  for (guint i = 0; i < d->evidence->len; i++)
    {
      const SlEvidence *e = g_ptr_array_index (d->evidence, i);

      if (e->id == evidence_id)
        return e->original_name;
    }
  return NULL;
}

static void
within_candidates (SlFlow                   *f,
                   const SlCaseSearchRecord *r)
{
  sl_flow_table_begin (f, within_columns, G_N_ELEMENTS (within_columns));
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlCaseCandidateRow *k = g_ptr_array_index (r->candidates, i);
      g_autofree char *rank = g_strdup_printf ("%u", k->rank);
      /* the label names the file: the evidence's number is enough beside it */
      g_autofree char *evidence = g_strdup_printf ("%" PRId64, k->evidence_id);
      g_autofree char *item = sl_face_label (k->face_id, k->track_id, k->time_ms,
                                             evidence_name (f->data, k->evidence_id));
      g_autofree char *similarity = k->above_threshold ? g_strdup_printf ("%.4f", k->similarity)
                                                       : g_strdup_printf (_("%.4f (below the threshold)"),
                                                                          k->similarity);
      g_autofree char *rate = sl_rate_in_words (k->false_match_rate, k->beyond_range, SL_RATE_WORDS_NAME_RANGE);
      g_autofree char *expected = g_strdup_printf (k->beyond_range ? "< %.2g" : "%.2g", k->expected_false);
      const char *cells[] = { rank, evidence, item, similarity, rate, expected };

      sl_flow_table_row (f, cells, SL_FONT_BODY, -1, NULL, FALSE);
    }
  sl_flow_table_end (f);
}

static void
within_search (SlFlow                   *f,
               guint                     index,
               const SlCaseSearchRecord *r)
{
  g_autofree char *title = g_strdup_printf (_("Search within the case %u (record %" PRId64 ")"), index + 1, r->id);
  g_autofree char *run_by = g_strdup_printf (_("%s (%s)"), or_dash (r->run_by_name), or_dash (r->run_by));
  g_autofree char *started = sl_report_format_time (r->started_at);
  g_autofree char *ended = sl_report_format_time (r->ended_at);
  g_autofree char *when = g_strdup_printf (_("%s to %s"), started, ended);
  g_autofree char *offense = g_strdup_printf (_("%s — %s"), r->offense_code, r->offense_label);
  g_autofree char *item = sl_face_label (r->face_id, r->track_id, r->probe_time_ms,
                                         evidence_name (f->data, r->probe_evidence_id));
  /* Translators: the probe's label, e.g. "Track 2 · clip.mp4 · 0:01.5", the evidence's number, how it was searched */
  g_autofree char *probe = g_strdup_printf (_("%s, evidence %" PRId64 "%s"), item, r->probe_evidence_id,
                                            r->track_id > 0 && g_strcmp0 (r->probe, "track-template") == 0
                                            ? _(", searched as the track's template") : "");
  g_autofree char *compared = r->skipped_other_model > 0
    ? g_strdup_printf (_("%" PRId64 " faces and tracks of the case; %" PRId64 " left out, embedded by another "
                         "model"), r->compared, r->skipped_other_model)
    : g_strdup_printf (_("%" PRId64 " faces and tracks of the case"), r->compared);
  g_autofree char *calibration = sl_text_map_times (r->calibration, sl_report_format_time);
  g_autofree char *fairness = sl_text_map_times (r->fairness, sl_report_format_time);
  g_autofree char *threshold = g_strdup_printf (_("%.3f (rates measured on %s)"), r->threshold, calibration);
  g_autofree char *shown = g_strdup_printf (_("top %u; %u at or above the threshold%s"), r->top_k,
                                            r->above_threshold,
                                            r->below_threshold_shown ? _("; candidates below it shown on request")
                                                                     : "");

  sl_flow_heading (f, SL_FONT_H3, title, 200);
  sl_flow_field (f, _("Run by"), run_by, NULL);
  sl_flow_field (f, _("When"), when, NULL);
  sl_flow_field (f, _("Probe"), probe, NULL);
  sl_flow_field (f, _("Offense"), offense, NULL);
  sl_flow_field (f, _("Legal basis"), r->legal_basis, NULL);
  sl_flow_field (f, _("Purpose"), r->purpose, NULL);
  sl_flow_field (f, _("Articulable facts"), r->facts, NULL);
  sl_flow_field (f, _("Model"), r->model_id, NULL);
  sl_flow_field (f, _("Model SHA-256"), r->model_sha256, SL_FONT_MONO);
  sl_flow_field (f, _("Threshold"), threshold, NULL);
  sl_flow_field (f, _("Per-group error rates"),
                 fairness != NULL ? fairness : _("no per-group measurement for this model"), NULL);
  sl_flow_field (f, _("Compared"), compared, NULL);
  sl_flow_field (f, _("Candidates"), shown, NULL);
  f->y += 4;
  if (r->sealed_at != NULL)
    {
      /* Its results are erased; what remains is that it ran, and why. */
      g_autofree char *sealed_at = sl_report_format_time (r->sealed_at);
      g_autofree char *sealed = g_strdup_printf (_("Sealed: authorisation refused (%s). Its candidates and probe "
                                                   "data were erased."), sealed_at);
      sl_flow_para (f, SL_FONT_BOLD, 0, sealed, FALSE, 4);
    }
  else if (r->above_threshold == 0)
    sl_flow_para (f, SL_FONT_BOLD, 0, _("No face or track of the case reached the threshold."), FALSE, 4);
  if (r->candidates->len > 0)
    within_candidates (f, r);
  f->y += 8;
}

/* public API */

void
sl_report_within_section (SlFlow *f)
{
  GPtrArray *within = f->data->within;

  sl_flow_heading (f, SL_FONT_H2, _("Searches within this case"), 60);
  sl_flow_para (f, SL_FONT_BODY, 0, _("Searches that compared a face or track of this case with the other faces "
                                      "and tracks of the case's own evidence, not with a gallery. Their "
                                      "candidates are leads for the investigator, not identifications."),
                FALSE, 6);
  if (within == NULL || within->len == 0)
    {
      sl_flow_para (f, SL_FONT_BODY, 0, _("No search was run within this case."), FALSE, 12);
      return;
    }
  for (guint i = 0; i < within->len; i++)
    within_search (f, i, g_ptr_array_index (within, i));
}
