/* sl-report-sections.c: what the case report says, section by section:
 * the case with the leads-only statement, the evidence, every search with
 * its justification, probe, candidates and decisions, the confirmed
 * leads, the models used and the case's audit trail.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-calibration.h"
#include "core/sl-face-label.h"
#include "core/sl-text.h"
#include "report/sl-report.h"

#define BOX_PAD 8.0

static const SlReportColumn candidate_columns[] = {
  { N_("Rank"), 30 },
  { N_("Face"), 42 },
  { N_("Subject"), 118 },
  { N_("Similarity"), 52 },
  { N_("False-match rate"), 112 },
  { N_("Expected false"), 54 },
  { N_("Review status"), 75 },
};

static const SlReportColumn audit_columns[] = {
  { N_("Seq"), 26 },
  { N_("Time"), 88 },
  { N_("Actor"), 88 },
  { N_("Action"), 76 },
  { N_("Outcome"), 50 },
  { N_("Hash"), 155, SL_FONT_TINY_MONO },
};

static const SlReportColumn lead_columns[] = {
  { N_("Search"), 44 },
  { N_("Subject"), 130 },
  { N_("Similarity"), 56 },
  { N_("First decision"), 126 },
  { N_("Second review"), 127 },
};

static const SlReportColumn outcome_columns[] = {
  { N_("Lead"), 44 },
  { N_("Outcome"), 110 },
  { N_("Note"), 203 },
  { N_("Recorded"), 126 },
};

/* helpers */

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

/* The statement, in a box that stays on one page. */
static void
statement_box (SlFlow *f)
{
  g_autoptr(PangoLayout) title = sl_flow_layout_new (f, SL_FONT_H3, SL_REPORT_BODY_W - 2 * BOX_PAD,
                                                     _("Investigative leads, not identifications"), FALSE);
  g_autoptr(PangoLayout) body = NULL;
  g_autofree char *text = g_strdup_printf ("%s %s", sl_report_leads_statement (),
                                           _("A candidate is shown because its face scored above the policy "
                                             "threshold against the probe; the false-match rate says how often "
                                             "unrelated faces score that high. A possible lead becomes "
                                             "reportable only after a second, independent reviewer confirms "
                                             "it."));
  double h;

  body = sl_flow_layout_new (f, SL_FONT_BODY, SL_REPORT_BODY_W - 2 * BOX_PAD, text, FALSE);
  h = sl_flow_layout_height (title) + 4 + sl_flow_layout_height (body) + 2 * BOX_PAD;
  sl_flow_ensure (f, h);
  if (f->draw)
    {
      cairo_set_source_rgb (f->cr, 1.0, 0.96, 0.85);
      cairo_rectangle (f->cr, SL_REPORT_MARGIN_X, f->y, SL_REPORT_BODY_W, h);
      cairo_fill_preserve (f->cr);
      cairo_set_source_rgb (f->cr, 0.6, 0.4, 0.0);
      cairo_set_line_width (f->cr, 1.2);
      cairo_stroke (f->cr);
      cairo_set_source_rgb (f->cr, 0, 0, 0);
    }
  sl_flow_show (f, title, SL_REPORT_MARGIN_X + BOX_PAD, f->y + BOX_PAD);
  sl_flow_show (f, body, SL_REPORT_MARGIN_X + BOX_PAD, f->y + BOX_PAD + sl_flow_layout_height (title) + 4);
  f->y += h + 12;
}

/* An audit row's outcome in words, as the Audit view says it. */
static const char *
outcome_words (const char *outcome)
{
  if (g_strcmp0 (outcome, "success") == 0)
    /* Translators: the outcome of an audited action that went through */
    return _("Done");
  if (g_strcmp0 (outcome, "refused") == 0)
    return _("Refused");
  if (g_strcmp0 (outcome, "failed") == 0)
    return _("Failed");
  return outcome;
}

static void
title_page (SlFlow *f)
{
  const SlReportData *d = f->data;
  const SlCase *c = d->c;
  g_autofree char *title = g_strdup_printf (_("Case %s"), c->number);
  g_autofree char *opened_at = sl_report_format_time (c->opened_at);
  g_autofree char *closed_at = sl_report_format_time (c->closed_at);
  g_autofree char *opened = g_strdup_printf (_("%s by %s"), opened_at, or_dash (d->opened_by_name));
  g_autofree char *closed = c->closed ? g_strdup_printf (_("%s by %s"), closed_at, or_dash (d->closed_by_name))
                                      : g_strdup (_("not closed"));
  g_autofree char *n_evidence = g_strdup_printf (ngettext ("%u piece of evidence", "%u pieces of evidence",
                                                          d->evidence->len), d->evidence->len);
  g_autofree char *n_searches = g_strdup_printf (ngettext ("%u search", "%u searches", d->searches->len),
                                                 d->searches->len);
  g_autofree char *n_leads = g_strdup_printf (ngettext ("%u confirmed lead", "%u confirmed leads", d->leads->len),
                                              d->leads->len);
  /* Translators: the three counts above, e.g. "2 pieces of evidence, 1 search, 0 confirmed leads" */
  g_autofree char *counts = g_strdup_printf (_("%s, %s, %s"), n_evidence, n_searches, n_leads);
  g_autofree char *generated_at = sl_report_format_time (d->generated_at);
  g_autofree char *generated = g_strdup_printf (_("%s by %s"), generated_at, d->generated_by);

  f->y += 20;
  sl_flow_para (f, SL_FONT_H3, 0, _("Sightline case report"), FALSE, 4);
  sl_flow_para (f, SL_FONT_H1, 0, title, FALSE, 6);
  sl_flow_para (f, SL_FONT_H2, 0, c->title, FALSE, 18);
  statement_box (f);
  sl_flow_field (f, _("Case number"), c->number, NULL);
  sl_flow_field (f, _("Title"), c->title, NULL);
  sl_flow_field (f, _("Status"), c->closed ? _("closed") : _("open"), NULL);
  sl_flow_field (f, _("Opened"), opened, NULL);
  sl_flow_field (f, _("Closed"), closed, NULL);
  sl_flow_field (f, _("Contents"), counts, NULL);
  if (d->profile_name != NULL)
    sl_flow_field (f, _("Policy profile"), d->profile_name, NULL);
  if (d->authorisation != NULL)
    sl_flow_field (f, _("Authorisation"), d->authorisation, NULL);
  sl_flow_field (f, _("Report generated"), generated, NULL);
  if (d->n_withheld > 0)
    {
      g_autofree char *note =
        g_strdup_printf (ngettext ("The first decision on %u candidate is withheld from this report: its author "
                                   "may give the independent second review on it, which is blind.",
                                   "The first decisions on %u candidates are withheld from this report: its "
                                   "author may give the independent second review on them, which is blind.",
                                   d->n_withheld), d->n_withheld);
      f->y += 6;
      sl_flow_para (f, SL_FONT_BODY, 0, note, FALSE, 4);
    }
}

static void
evidence_section (SlFlow *f)
{
  GPtrArray *evidence = f->data->evidence;

  sl_flow_heading (f, SL_FONT_H2, _("Evidence"), 40);
  if (evidence->len == 0)
    sl_flow_para (f, SL_FONT_BODY, 0, _("No evidence was imported into this case."), FALSE, 8);
  for (guint i = 0; i < evidence->len; i++)
    {
      const SlEvidence *e = g_ptr_array_index (evidence, i);
      g_autofree char *name = g_strdup_printf (_("%" PRId64 ". %s"), e->id, e->original_name);
      g_autofree char *kind = e->kind == SL_EVIDENCE_STILL
                              ? g_strdup_printf (_("still image, %u × %u"), e->width, e->height)
                              : g_strdup_printf (_("footage, %.1f s"), e->duration_s);
      g_autofree char *imported_at = sl_report_format_time (e->imported_at);
      g_autofree char *imported = g_strdup_printf (_("%s by %s"), imported_at, e->imported_by);

      sl_flow_heading (f, SL_FONT_BOLD, name, 30);
      sl_flow_field (f, _("Kind"), kind, NULL);
      sl_flow_field (f, _("SHA-256"), e->sha256, SL_FONT_MONO);
      sl_flow_field (f, _("Imported"), imported, NULL);
      if (e->damage != NULL)
        /* Translators: a field of an evidence item whose file does not decode whole: the reason */
        sl_flow_field (f, _("Damaged"), e->damage, NULL);
      f->y += 4;
    }
  f->y += 8;
}

static void
probe_block (SlFlow               *f,
             const SlReportSearch *s)
{
  const SlSearchRecord *r = s->record;
  g_autofree char *caption = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double h;

  if (r->probe_purged_at != NULL)
    {
      g_autofree char *purged = sl_report_format_time (r->probe_purged_at);

      caption = g_strdup_printf (_("Probe image purged under the retention policy on %s."), purged);
    }
  else if (s->probe == NULL)
    caption = g_strdup (_("No probe image is stored for this search."));
  else
    {
      g_autofree char *label = sl_face_label (r->face_id, r->track_id, r->probe_time_ms, r->evidence_name);

      /* Translators: the probe's label, e.g. "Face 9 · IMG_0042.jpg", and the evidence's number */
      caption = g_strdup_printf (_("Probe: %s (aligned crop), evidence %" PRId64 "."), label, r->evidence_id);
    }
  /* A retracted face keeps the searches made with it; the record says it
   * was retracted since. */
  if (s->retracted != NULL)
    {
      g_autofree char *with = g_strdup_printf (_("%s The face was drawn by hand and retracted since, %s."), caption,
                                               s->retracted);
      g_free (caption);
      caption = g_steal_pointer (&with);
    }
  layout = sl_flow_layout_new (f, SL_FONT_SMALL, SL_REPORT_BODY_W - SL_REPORT_PROBE - 10, caption, FALSE);
  h = s->probe != NULL ? MAX (SL_REPORT_PROBE, sl_flow_layout_height (layout)) : sl_flow_layout_height (layout);
  sl_flow_ensure (f, h);
  if (s->probe != NULL)
    {
      sl_flow_image (f, s->probe, SL_REPORT_MARGIN_X, f->y, SL_REPORT_PROBE);
      sl_flow_show (f, layout, SL_REPORT_MARGIN_X + SL_REPORT_PROBE + 10, f->y);
    }
  else
    sl_flow_show (f, layout, SL_REPORT_MARGIN_X, f->y);
  f->y += h + 6;
}

static void
candidates_table (SlFlow               *f,
                  const SlReportSearch *s)
{
  const SlSearchRecord *r = s->record;

  sl_flow_table_begin (f, candidate_columns, G_N_ELEMENTS (candidate_columns));
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlCandidate *k = g_ptr_array_index (r->candidates, i);
      g_autofree char *rank = g_strdup_printf ("%u", k->rank);
      g_autofree char *subject = k->subject_name != NULL
                                 ? g_strdup_printf ("%s\n%s", k->subject_external_id, k->subject_name)
                                 : g_strdup (k->subject_external_id);
      g_autofree char *similarity = g_strdup_printf ("%.4f", k->similarity);
      g_autofree char *rate = sl_rate_in_words (k->false_match_rate, k->beyond_range, SL_RATE_WORDS_NAME_RANGE);
      g_autofree char *expected = g_strdup_printf (k->beyond_range ? "< %.2g" : "%.2g", k->expected_false);
      g_autofree char *status = k->above_threshold
                                ? g_strdup (sl_report_status_words (k))
                                : g_strdup_printf (_("%s (below the threshold)"), sl_report_status_words (k));
      const char *cells[] = { rank, NULL, subject, similarity, rate, expected, status };

      sl_flow_table_row (f, cells, SL_FONT_BODY, 1, g_ptr_array_index (s->thumbnails, i), FALSE);
      if (k->first != NULL)
        sl_flow_decision (f, _("First decision"), k->first);
      else if (k->status == SL_REVIEW_AWAITING_SECOND)
        sl_flow_para (f, SL_FONT_SMALL, 30, _("First decision: withheld from this reader until their own "
                                              "independent review."), FALSE, 1);
      if (k->second != NULL)
        sl_flow_decision (f, _("Second review"), k->second);
    }
  sl_flow_table_end (f);
}

static void
search_section (SlFlow               *f,
                guint                 index,
                const SlReportSearch *s)
{
  const SlSearchRecord *r = s->record;
  g_autofree char *title = g_strdup_printf (_("Search %u (record %" PRId64 ")"), index + 1, r->id);
  g_autofree char *run_by = g_strdup_printf (_("%s (%s)"), or_dash (r->run_by_name), r->run_by);
  g_autofree char *started = sl_report_format_time (r->started_at);
  g_autofree char *ended = sl_report_format_time (r->ended_at);
  g_autofree char *when = g_strdup_printf (_("%s to %s"), started, ended);
  g_autofree char *offense = g_strdup_printf (_("%s — %s"), r->offense_code, r->offense_label);
  g_autofree char *label = sl_face_label (r->face_id, r->track_id, r->probe_time_ms, r->evidence_name);
  g_autofree char *probe = NULL;

  g_autofree char *size = sl_format_count ((guint64) r->gallery_size);
  g_autofree char *subjects = sl_format_count ((guint64) r->gallery_subjects);
  g_autofree char *gallery = g_strdup_printf (_("%s: %s faces of %s subjects searched (gallery state %" PRId64 ")"),
                                              r->gallery_name, size, subjects, r->gallery_generation);
  g_autofree char *rate = s->fmr_known ? sl_rate_in_words (s->fmr_at_threshold, s->fmr_beyond,
                                                           SL_RATE_WORDS_NAME_RANGE) : NULL;
  g_autofree char *calibration = sl_text_map_times (r->calibration, sl_report_format_time);
  g_autofree char *fairness = sl_text_map_times (r->fairness, sl_report_format_time);
  g_autofree char *threshold = s->fmr_known
                               ? g_strdup_printf (_("%.3f; calibrated false-match rate at the threshold: %s "
                                                    "(measured on %s)"), r->threshold, rate, calibration)
                               : g_strdup_printf (_("%.3f; the calibration of this model is not at hand, so the "
                                                    "rate at the threshold is not given (rates were measured "
                                                    "on %s)"), r->threshold, calibration);
  g_autofree char *shown = g_strdup_printf (_("top %u; %u at or above the threshold%s"), r->top_k,
                                            r->above_threshold,
                                            r->below_threshold_shown ? _("; candidates below it shown on request")
                                                                     : "");

  if (r->members != NULL && r->members->len > 0)
    {
      g_autoptr(GString) faces = g_string_new (NULL);

      for (guint i = 0; i < r->members->len; i++)
        g_string_append_printf (faces, "%s%" PRId64, i > 0 ? ", " : "",
                                g_array_index (r->members, SlSearchMember, i).face_id);
      /* Translators: a person of the case searched by its template: the
       * best view's label, how many faces and tracks, their face ids */
      probe = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Template of the person seen in %s: %u face or track (faces %s)",
                                            "Template of the person seen in %s: %u faces and tracks (faces %s)",
                                            r->members->len),
                               label, r->members->len, faces->str);
    }
  else if (r->track_id > 0)
    /* Translators: the probe track's label, then how it was searched */
    probe = g_strdup_printf (_("%s (%s)"), label,
                             g_strcmp0 (r->probe, "track-best") == 0 ? _("the track's best view")
                             : g_strcmp0 (r->probe, "track-template") == 0 ? _("a template of the track's best views")
                             : r->probe);
  else
    probe = g_strdup (label);

  /* A search starts where its justification and probe fit together. */
  sl_flow_heading (f, SL_FONT_H3, title, 260);
  sl_flow_field (f, _("Run by"), run_by, NULL);
  sl_flow_field (f, _("When"), when, NULL);
  sl_flow_field (f, _("Offense"), offense, NULL);
  sl_flow_field (f, _("Legal basis"), r->legal_basis, NULL);
  sl_flow_field (f, _("Purpose"), r->purpose, NULL);
  sl_flow_field (f, _("Articulable facts"), r->facts, NULL);
  sl_flow_field (f, _("Probe"), probe, NULL);
  sl_flow_field (f, _("Gallery"), gallery, NULL);
  sl_flow_field (f, _("Model"), r->model_id, NULL);
  sl_flow_field (f, _("Model SHA-256"), r->model_sha256, SL_FONT_MONO);
  sl_flow_field (f, _("Threshold"), threshold, NULL);
  /* Which per-group error-rate measurement was in force, or plainly that
   * there was none: a reader must not assume the rates hold for everyone. */
  sl_flow_field (f, _("Per-group error rates"),
                 fairness != NULL ? fairness : _("no per-group measurement for this model"), NULL);
  sl_flow_field (f, _("Candidates"), shown, NULL);
  f->y += 4;
  if (r->sealed_at != NULL)
    {
      /* Its results are erased; what remains is that it ran, and why. */
      g_autofree char *sealed_at = sl_report_format_time (r->sealed_at);
      g_autofree char *sealed = g_strdup_printf (_("Sealed: authorisation refused (%s). Its candidates and probe "
                                                   "data were erased."), sealed_at);
      sl_flow_para (f, SL_FONT_BOLD, 0, sealed, FALSE, 4);
      f->y += 8;
      return;
    }
  probe_block (f, s);
  if (r->above_threshold == 0)
    sl_flow_para (f, SL_FONT_BOLD, 0, _("No candidate reached the threshold in this gallery."), FALSE, 4);
  if (r->candidates->len > 0)
    candidates_table (f, s);
  f->y += 8;
}

/* What the investigation later recorded of each lead, every record with
 * the ones it superseded: a record is never changed. */
static void
outcomes_block (SlFlow *f)
{
  GPtrArray *outcomes = f->data->outcomes;

  sl_flow_heading (f, SL_FONT_H3, _("Outcomes of the leads"), 40);
  sl_flow_para (f, SL_FONT_BODY, 0, _("What the investigation later recorded of each lead, oldest first. A "
                                      "record is never changed: a later one supersedes it. A lead alone is "
                                      "never grounds for arrest: an outcome rests on the investigation's own "
                                      "evidence."), FALSE, 6);
  if (outcomes == NULL || outcomes->len == 0)
    {
      sl_flow_para (f, SL_FONT_BODY, 0, _("No outcome has been recorded for a lead of this case."), FALSE, 12);
      return;
    }
  sl_flow_table_begin (f, outcome_columns, G_N_ELEMENTS (outcome_columns));
  for (guint i = 0; i < outcomes->len; i++)
    {
      const SlOutcome *o = g_ptr_array_index (outcomes, i);
      g_autofree char *lead = g_strdup_printf ("%" PRId64, o->candidate_id);
      g_autofree char *what = o->superseded_by != 0
                              /* Translators: an outcome and the record that replaced it */
                              ? g_strdup_printf (_("%s\n(superseded by %" PRId64 ")"),
                                                 sl_outcome_kind_describe (o->outcome), o->superseded_by)
                              : g_strdup (sl_outcome_kind_describe (o->outcome));
      g_autofree char *at = sl_report_format_time (o->recorded_at);
      g_autofree char *who = g_strdup_printf ("%s\n%s", o->recorder, at);
      const char *cells[] = { lead, what, o->note, who };

      sl_flow_table_row (f, cells, SL_FONT_BODY, -1, NULL, FALSE);
    }
  sl_flow_table_end (f);
  f->y += 8;
}

static void
leads_section (SlFlow *f)
{
  GPtrArray *leads = f->data->leads;

  sl_flow_heading (f, SL_FONT_H2, _("Confirmed leads"), 40);
  sl_flow_para (f, SL_FONT_BODY, 0, _("Candidates two people independently decided are possible leads. They "
                                      "are still leads, not identifications."), FALSE, 6);
  if (leads->len == 0)
    {
      sl_flow_para (f, SL_FONT_BODY, 0, _("No candidate of this case is a confirmed lead."), FALSE, 12);
      return;
    }
  sl_flow_table_begin (f, lead_columns, G_N_ELEMENTS (lead_columns));
  for (guint i = 0; i < leads->len; i++)
    {
      const SlCandidate *k = g_ptr_array_index (leads, i);
      g_autofree char *search = g_strdup_printf ("%" PRId64, k->search_id);
      g_autofree char *subject = k->subject_name != NULL
                                 ? g_strdup_printf ("%s\n%s", k->subject_external_id, k->subject_name)
                                 : g_strdup (k->subject_external_id);
      g_autofree char *similarity = g_strdup_printf ("%.4f", k->similarity);
      g_autofree char *first_at = sl_report_format_time (k->first->decided_at);
      g_autofree char *second_at = sl_report_format_time (k->second->decided_at);
      g_autofree char *first = g_strdup_printf ("%s\n%s", k->first->reviewer, first_at);
      g_autofree char *second = g_strdup_printf ("%s\n%s", k->second->reviewer, second_at);
      const char *cells[] = { search, subject, similarity, first, second };

      sl_flow_table_row (f, cells, SL_FONT_BODY, -1, NULL, FALSE);
    }
  sl_flow_table_end (f);
  outcomes_block (f);
}

static void
models_section (SlFlow *f)
{
  GPtrArray *models = f->data->models;

  sl_flow_heading (f, SL_FONT_H2, _("Models used"), 40);
  if (models->len == 0)
    sl_flow_para (f, SL_FONT_BODY, 0, _("No search was run in this case."), FALSE, 12);
  for (guint i = 0; i < models->len; i++)
    {
      const SlReportModel *m = g_ptr_array_index (models, i);
      g_autofree char *uses = g_strdup_printf (ngettext ("%u search", "%u searches", m->n_searches), m->n_searches);

      sl_flow_heading (f, SL_FONT_BOLD, m->id, 30);
      sl_flow_field (f, _("Name"), m->name != NULL ? m->name : _("not in this installation's manifest"), NULL);
      sl_flow_field (f, _("Licence"), m->license, NULL);
      sl_flow_field (f, _("SHA-256"), m->sha256, SL_FONT_MONO);
      sl_flow_field (f, _("Used by"), uses, NULL);
      f->y += 4;
    }
  f->y += 8;
}

static void
audit_section (SlFlow *f)
{
  GPtrArray *rows = f->data->audit;

  sl_flow_heading (f, SL_FONT_H2, _("Audit trail of the case"), 40);
  sl_flow_para (f, SL_FONT_BODY, 0, _("Every recorded action on this case, from the hash-chained audit log. "
                                      "Each hash covers the row and the one before it; 'sightline-cli audit "
                                      "verify' checks the whole chain. This report's own writing is recorded "
                                      "after these rows."), FALSE, 6);
  {
    const SlReportData *d = f->data;
    g_autofree char *chain = d->audit_key_id != NULL
      ? g_strdup_printf (_("keyed (%s, key id %s)"), d->audit_mode, d->audit_key_id)
      : g_strdup_printf (_("not keyed (%s)"), d->audit_mode);
    g_autofree char *head = g_strdup_printf (_("Audit head when this report was made: row %lld, hash %s. The "
                                               "chain is %s. 'sightline-cli audit verify --against' this file "
                                               "checks that the head is still in the chain: a log truncated or "
                                               "rolled back since would not hold it."),
                                             (long long) d->audit_head_seq, d->audit_head_hash, chain);
    sl_flow_para (f, SL_FONT_BODY, 0, head, FALSE, 6);
  }
  sl_flow_table_begin (f, audit_columns, G_N_ELEMENTS (audit_columns));
  for (guint i = 0; i < rows->len; i++)
    {
      const SlReportAuditRow *a = g_ptr_array_index (rows, i);
      g_autofree char *seq = g_strdup_printf ("%" PRId64, a->seq);
      g_autofree char *time = sl_report_format_time (a->time);
      const char *cells[] = { seq, time, a->actor, a->action, outcome_words (a->outcome), a->hash };

      sl_flow_table_row (f, cells, SL_FONT_DENSE, -1, NULL, FALSE);
    }
  sl_flow_table_end (f);
}

/* public API */

gboolean
sl_report_draw_sections (SlFlow        *f,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GPtrArray *searches = f->data->searches;

  title_page (f);
  sl_flow_new_page (f);
  evidence_section (f);
  sl_flow_heading (f, SL_FONT_H2, _("Searches"), 300);
  if (searches->len == 0)
    sl_flow_para (f, SL_FONT_BODY, 0, _("No search was run in this case."), FALSE, 12);
  for (guint i = 0; i < searches->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      search_section (f, i, g_ptr_array_index (searches, i));
    }
  sl_report_within_section (f);
  sl_report_persons_section (f);
  leads_section (f);
  models_section (f);
  audit_section (f);
  return TRUE;
}
