/* sl-cli-search.c: `sightline-cli analyze`, `search`, `decide` and
 * `review queue | disagreements | leads`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static int
open_session (SlCliGlobals  *globals,
              const char    *audit_key,
              SlEngine     **engine,
              SlSession    **session)
{
  int ret = sl_cli_open_session (globals, audit_key, engine, session);

  if (ret == SL_EXIT_OK && globals->model_dir != NULL)
    sl_engine_set_model_dir (*engine, globals->model_dir);
  return ret;
}

static void
add_raw_json (JsonBuilder *b,
              const char  *name,
              const char  *json_text)
{
  g_autoptr(JsonNode) node = json_from_string (json_text, NULL);

  json_builder_set_member_name (b, name);
  if (node != NULL)
    json_builder_add_value (b, g_steal_pointer (&node));
  else
    json_builder_add_null_value (b);
}

/* Rates are shown as "1 in N" by the calibration; expected counts
 * plainly, as a bound beyond the measured range. */
static char *
expected_text (const SlSearchCandidate *k)
{
  if (k->beyond_range)
    return g_strdup_printf ("< %.2g", k->expected_false);
  return g_strdup_printf ("%.2g", k->expected_false);
}

static void
print_candidates (const SlSearchResult *r)
{
  printf ("  %-4s %-9s %-20s %-24s %-10s %-12s %s\n", _("RANK"), _("CANDIDATE"), _("SUBJECT"), _("NAME"),
          _("SIMILARITY"), _("EXP. FALSE"), _("FALSE-MATCH RATE"));
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlSearchCandidate *k = g_ptr_array_index (r->candidates, i);
      g_autofree char *expected = expected_text (k);

      printf ("  %-4u %-9" PRId64 " %-20s %-24s %-10.4f %-12s %s%s\n", k->rank, k->candidate_id,
              k->external_id, k->name != NULL ? k->name : "", k->similarity, expected, k->describe,
              k->above_threshold ? "" : _(" (below the threshold)"));
    }
}

static void
print_search (const SlSearchResult *r)
{
  g_autofree char *size = sl_format_count ((guint64) r->gallery_size);
  g_autofree char *subjects = sl_format_count ((guint64) r->gallery_subjects);

  printf (_("Search %" PRId64 ": %s of case %s against gallery '%s' (%s faces of %s subjects, "
            "model %s)\n"),
          r->search_id, r->probe_label, r->case_number, r->gallery, size, subjects, r->model_id);
  if (r->track_id > 0)
    printf (_("Searched from track %" PRId64 " with its %s (face %" PRId64 " is its best view)\n"), r->track_id,
            g_str_equal (r->probe, "track-best") ? _("best face") : _("template"), r->face_id);
  if (g_str_equal (r->probe, "person-best"))
    printf (_("Searched with the best view of a person of the case (face %" PRId64 ")\n"), r->face_id);
  if (r->members != NULL)
    {
      g_autoptr(GString) faces = g_string_new (NULL);

      for (guint i = 0; i < r->members->len; i++)
        g_string_append_printf (faces, "%s%" PRId64, i > 0 ? ", " : "",
                                g_array_index (r->members, SlSearchMember, i).face_id);
      printf (ngettext ("Searched with the template of a person of the case: %u face or track (faces %s; "
                        "face %" PRId64 " is its best view)\n",
                        "Searched with the template of a person of the case: %u faces and tracks (faces %s; "
                        "face %" PRId64 " is its best view)\n", r->members->len),
              r->members->len, faces->str, r->face_id);
    }
  printf (_("Threshold %.3f (policy), top %u; rates measured on %s\n"), r->threshold, r->top_k, r->calibration);
  if (r->above_threshold == 0)
    {
      printf (_("No candidate reaches the threshold %.3f in this gallery.\n"), r->threshold);
      if (!r->below_threshold_shown)
        printf (_("Candidates below the threshold are not shown; ask for them with --show-below-threshold.\n"));
    }
  else
    printf (ngettext ("%u candidate at or above the threshold:\n", "%u candidates at or above the threshold:\n",
                      r->above_threshold), r->above_threshold);
  if (r->candidates->len > 0)
    {
      if (r->above_threshold == 0)
        printf (_("Below the threshold, shown on request:\n"));
      print_candidates (r);
      printf (_("EXP. FALSE: how many unrelated faces are expected to score this high among the %s faces "
                "searched (each subject is ranked by its best image, so every image counts).\n"), size);
      printf (_("These are investigative leads, not identifications. Record a decision on each with "
                "'sightline-cli decide'; a possible lead needs a second, independent review.\n"));
    }
}

static void
print_within (const SlWithinResult *r)
{
  g_autofree char *compared = sl_format_count ((guint64) r->compared);

  printf (_("Search %" PRId64 " within case %s: %s against the case's other %s faces and tracks "
            "(model %s)\n"),
          r->search_id, r->case_number, r->probe_label, compared, r->model_id);
  if (r->track_id > 0)
    printf (_("Searched from track %" PRId64 " with its %s (face %" PRId64 " is its best view)\n"), r->track_id,
            g_str_equal (r->probe, "track-best") ? _("best face") : _("template"), r->face_id);
  if (r->skipped_other_model > 0)
    printf (ngettext ("%" PRId64 " face or track embedded by another model was not compared\n",
                      "%" PRId64 " faces or tracks embedded by another model were not compared\n",
                      (gulong) r->skipped_other_model), r->skipped_other_model);
  printf (_("Threshold %.3f (policy), top %u; rates measured on %s\n"), r->threshold, r->top_k, r->calibration);
  if (r->above_threshold == 0)
    printf (_("No face or track of the case reaches the threshold %.3f.\n"), r->threshold);
  else
    printf (ngettext ("%u candidate at or above the threshold:\n", "%u candidates at or above the threshold:\n",
                      r->above_threshold), r->above_threshold);
  if (r->candidates->len == 0)
    return;
  printf ("  %-4s %-9s %-9s %-10s %s\n", _("RANK"), _("CANDIDATE"), _("EVIDENCE"), _("SIMILARITY"),
          _("FACE OR TRACK; FALSE-MATCH RATE"));
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlWithinCandidate *k = g_ptr_array_index (r->candidates, i);

      printf ("  %-4u %-9" PRId64 " %-9" PRId64 " %-10.4f %s; %s%s\n", k->rank, k->candidate_id, k->evidence_id,
              k->similarity, k->label, k->describe, k->above_threshold ? "" : _(" (below the threshold)"));
    }
  printf (_("These are investigative leads, not identifications: a person compares the faces before "
            "anything is concluded.\n"));
  printf (_("Candidates of a search within the case take no decisions: their numbers are not those of "
            "gallery candidates, which 'sightline-cli decide --candidate' takes.\n"));
}

/* "Awaiting authorisation: 47 h 59 min left" when the case's searches run
 * on the policy's clock; NULL otherwise. */
static char *
awaiting_note (SlEngine    *engine,
               SlSession   *session,
               const char  *case_number)
{
  g_autoptr(SlAuthorisationStatus) status = sl_engine_authorisation_status (engine, session, case_number, NULL);

  if (status == NULL || status->state != SL_CASE_AUTHORISATION_AWAITING)
    return NULL;
  return sl_authorisation_status_describe (status);
}

static int
search_within (SlCliGlobals          *globals,
               SlEngine              *engine,
               SlSession             *session,
               const SlSearchRequest *req)
{
  g_autoptr(SlWithinResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  if (!(r = sl_engine_search_within (engine, session, req, NULL, &error)))
    return sl_cli_store_fail (globals, error);
  note = awaiting_note (engine, session, r->case_number);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "search_id", r->search_id);
      if (note != NULL)
        sl_cli_json_string (b, "authorisation", note);
      sl_cli_json_string (b, "scope", "case");
      sl_cli_json_string (b, "case", r->case_number);
      sl_cli_json_int (b, "face_id", r->face_id);
      sl_cli_json_string (b, "probe_label", r->probe_label);
      if (r->track_id > 0)
        {
          sl_cli_json_int (b, "track_id", r->track_id);
          sl_cli_json_string (b, "probe", r->probe);
        }
      sl_cli_json_int (b, "compared", r->compared);
      sl_cli_json_int (b, "skipped_other_model", r->skipped_other_model);
      sl_cli_json_string (b, "model", r->model_id);
      sl_cli_json_double (b, "threshold", r->threshold);
      sl_cli_json_int (b, "above_threshold", r->above_threshold);
      sl_cli_json_double (b, "search_ms", r->search_ms);
      json_builder_set_member_name (b, "candidates");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->candidates->len; i++)
        {
          const SlWithinCandidate *k = g_ptr_array_index (r->candidates, i);

          json_builder_begin_object (b);
          sl_cli_json_int (b, "candidate_id", k->candidate_id);
          sl_cli_json_int (b, "rank", k->rank);
          sl_cli_json_int (b, "evidence", k->evidence_id);
          sl_cli_json_int (b, "face", k->face_id);
          sl_cli_json_string (b, "label", k->label);
          if (k->track_id > 0)
            sl_cli_json_int (b, "track", k->track_id);
          else
            {
              json_builder_set_member_name (b, "track");
              json_builder_add_null_value (b);
            }
          if (k->time_ms >= 0)
            sl_cli_json_int (b, "time", k->time_ms);
          else
            {
              json_builder_set_member_name (b, "time");
              json_builder_add_null_value (b);
            }
          sl_cli_json_double (b, "similarity", k->similarity);
          sl_cli_json_double (b, "false_match_rate", k->false_match_rate);
          sl_cli_json_bool (b, "beyond_measured_range", k->beyond_range);
          sl_cli_json_double (b, "expected_false_in_case", k->expected_false);
          sl_cli_json_bool (b, "above_threshold", k->above_threshold);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      print_within (r);
      if (note != NULL)
        printf ("%s\n", note);
    }
  return SL_EXIT_OK;
}

static void
print_review_list (GPtrArray *list,
                   gboolean   decisions)
{
  printf ("%-9s %-12s %-7s %-20s %-10s %s\n", _("CANDIDATE"), _("CASE"), _("SEARCH"), _("SUBJECT"),
          _("SIMILARITY"), _("SEARCHED"));
  for (guint i = 0; i < list->len; i++)
    {
      SlCandidate *k = g_ptr_array_index (list, i);

      printf ("%-9" PRId64 " %-12s %-7" PRId64 " %-20s %-10.4f %s by %s\n", k->id,
              k->case_number, k->search_id, k->subject_external_id, k->similarity, k->searched_at, k->searched_by);
      for (int s = 0; decisions && s < 2; s++)
        {
          SlDecision *d = s == 0 ? k->first : k->second;

          if (d == NULL)
            continue;
          printf ("    %-6s %-14s %-10s %s: %s\n", d->second ? _("second") : _("first"),
                  sl_decision_kind_to_string (d->original), d->reviewer, d->decided_at, d->rationale);
          for (guint c = 0; c < d->corrections->len; c++)
            {
              SlDecisionCorrection *x = g_ptr_array_index (d->corrections, c);

              printf ("      %-14s %-14s %-10s %s: %s\n", _("corrected to"),
                      sl_decision_kind_to_string (x->decision), x->corrected_by, x->corrected_at, x->reason);
            }
        }
    }
}

static void
decision_to_json (JsonBuilder      *b,
                  const char       *name,
                  const SlDecision *d)
{
  json_builder_set_member_name (b, name);
  if (d == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  sl_cli_json_int (b, "decision_id", d->id);
  sl_cli_json_string (b, "reviewer", d->reviewer);
  sl_cli_json_string (b, "decision", sl_decision_kind_to_string (d->decision));
  sl_cli_json_string (b, "rationale", d->rationale);
  sl_cli_json_string (b, "decided_at", d->decided_at);
  sl_cli_json_string (b, "original_decision", sl_decision_kind_to_string (d->original));
  json_builder_set_member_name (b, "corrections");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->corrections->len; i++)
    {
      SlDecisionCorrection *x = g_ptr_array_index (d->corrections, i);

      json_builder_begin_object (b);
      sl_cli_json_string (b, "decision", sl_decision_kind_to_string (x->decision));
      sl_cli_json_string (b, "reason", x->reason);
      sl_cli_json_string (b, "corrected_by", x->corrected_by);
      sl_cli_json_string (b, "corrected_at", x->corrected_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
review_list_to_json (JsonBuilder *b,
                     GPtrArray   *list,
                     gboolean     decisions)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      SlCandidate *k = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      sl_cli_json_int (b, "candidate_id", k->id);
      sl_cli_json_string (b, "case", k->case_number);
      sl_cli_json_int (b, "search_id", k->search_id);
      sl_cli_json_int (b, "rank", k->rank);
      sl_cli_json_string (b, "subject", k->subject_external_id);
      sl_cli_json_double (b, "similarity", k->similarity);
      sl_cli_json_double (b, "false_match_rate", k->false_match_rate);
      sl_cli_json_int (b, "face_id", k->face_id);
      sl_cli_json_int (b, "gallery_face_id", k->gallery_face_id);
      if (decisions)
        {
          sl_cli_json_string (b, "status", sl_review_status_to_string (k->status));
          decision_to_json (b, "first", k->first);
          decision_to_json (b, "second", k->second);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
analyse_progress (const SlFootageProgress *progress,
                  gpointer                 user_data)
{
  sl_cli_progress (user_data, _("Analysing footage"), (guint64) (progress->fraction * 1000), 1000);
}

static int
print_footage (SlCliGlobals *globals,
               SlAnalysis   *analysis)
{
  const SlFootageAnalysis *a = analysis->footage;

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "evidence_id", analysis->evidence_id);
      sl_cli_json_string (b, "case", analysis->case_number);
      sl_cli_json_string (b, "model", analysis->model_id);
      sl_cli_json_bool (b, "already_analysed", analysis->already);
      sl_cli_json_int (b, "analysis_id", a->id);
      sl_cli_json_double (b, "sample_fps", a->sample_fps);
      sl_cli_json_bool (b, "partial", a->partial);
      if (a->partial)
        {
          sl_cli_json_string (b, "stop_error", a->stop_error);
          sl_cli_json_int (b, "stopped_ms", a->stopped_ms);
        }
      json_builder_set_member_name (b, "tracks");
      json_builder_begin_array (b);
      for (guint i = 0; i < analysis->tracks->len; i++)
        {
          SlTrack *t = g_ptr_array_index (analysis->tracks, i);
          g_autofree char *label = sl_track_label (t->id, t->first_ms, t->last_ms, analysis->evidence_name);

          json_builder_begin_object (b);
          sl_cli_json_int (b, "track_id", t->id);
          sl_cli_json_string (b, "label", label);
          sl_cli_json_int (b, "first_ms", t->first_ms);
          sl_cli_json_int (b, "last_ms", t->last_ms);
          sl_cli_json_string (b, "end", t->end_reason);
          sl_cli_json_int (b, "sightings", t->n_sightings);
          sl_cli_json_int (b, "best_face_id", t->best_face_id);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }

  if (analysis->already)
    printf (_("Evidence %" PRId64 " of case %s was analysed before with %s: %u tracks\n"),
            analysis->evidence_id, analysis->case_number, analysis->model_id, analysis->tracks->len);
  else
    printf (_("Evidence %" PRId64 " of case %s: %u tracks found with %s\n"),
            analysis->evidence_id, analysis->case_number, analysis->tracks->len, analysis->model_id);
  if (a->partial)
    printf (_("Partial: decoding stopped at %.1f s: %s\n"), a->stopped_ms / 1000.0, a->stop_error);
  if (analysis->tracks->len > 0)
    printf ("%-6s %-10s %-10s %-8s %-9s %-9s %s\n", _("TRACK"), _("FROM (s)"), _("TO (s)"), _("END"), _("SIGHTINGS"),
            _("BEST FACE"), _("LABEL"));
  for (guint i = 0; i < analysis->tracks->len; i++)
    {
      SlTrack *t = g_ptr_array_index (analysis->tracks, i);
      g_autofree char *label = sl_track_label (t->id, t->first_ms, t->last_ms, analysis->evidence_name);

      printf ("%-6" PRId64 " %-10.1f %-10.1f %-8s %-9u %-9" PRId64 " %s\n", t->id, t->first_ms / 1000.0,
              t->last_ms / 1000.0, t->end_reason != NULL ? t->end_reason : "", t->n_sightings, t->best_face_id,
              label);
    }
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_analyse (SlCliGlobals  *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *embedder = NULL;
  g_autofree char *audit_key = NULL;
  g_autofree char *person_sought = NULL;
  g_autofree char *facts = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  gint64 evidence_id;
  double fps = -1;
  char *end = NULL;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case number"), N_("NUMBER") },
    { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &fps, N_("Footage: samples a second (default 5; 0: every frame)"), N_("F") },
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("The embedder model (default: the manifest's)"), N_("ID") },
    { "person-sought", 0, 0, G_OPTION_ARG_STRING, &person_sought,
      N_("Footage, when the policy asks: whom the analysis looks for"), N_("TEXT") },
    { "facts", 0, 0, G_OPTION_ARG_STRING, &facts, N_("Footage, when the policy asks: the articulable facts"),
      N_("TEXT") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "--case NUMBER EVIDENCE_ID",
                     _("Finds and stores the faces of a still of the case: box, landmarks, quality and "
                       "embedding; or the face tracks of footage, with their times and best views. Each face "
                       "and each track gets an id to search with."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (case_number == NULL || argc != 2)
    return sl_cli_usage_error (_("analyze needs --case NUMBER and one EVIDENCE_ID"));
  evidence_id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || evidence_id <= 0)
    return sl_cli_usage_error (_("'%s' is not an evidence id (see 'sightline-cli evidence list')"), argv[1]);

  if ((ret = open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  {
    SlAnalyseOptions options = { fps, analyse_progress, globals, person_sought, facts };

    analysis = sl_engine_analyse_full (engine, session, case_number, evidence_id, embedder, &options,
                                       sl_cli_interrupt_cancellable (), &error);
    sl_cli_progress_end (globals);
    if (analysis == NULL)
      return sl_cli_store_fail (globals, error);
  }
  if (analysis->footage != NULL)
    return print_footage (globals, analysis);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "evidence_id", analysis->evidence_id);
      sl_cli_json_string (b, "case", analysis->case_number);
      sl_cli_json_string (b, "model", analysis->model_id);
      sl_cli_json_bool (b, "already_analysed", analysis->already);
      json_builder_set_member_name (b, "faces");
      json_builder_begin_array (b);
      for (guint i = 0; i < analysis->faces->len; i++)
        {
          SlProbeFace *f = g_ptr_array_index (analysis->faces, i);
          g_autofree char *label = sl_probe_face_label (f);

          json_builder_begin_object (b);
          sl_cli_json_int (b, "face_id", f->id);
          sl_cli_json_string (b, "label", label);
          json_builder_set_member_name (b, "box");
          json_builder_begin_array (b);
          for (int k = 0; k < 4; k++)
            json_builder_add_double_value (b, f->box[k]);
          json_builder_end_array (b);
          add_raw_json (b, "landmarks", f->landmarks_json);
          sl_cli_json_double (b, "score", f->detector_score);
          add_raw_json (b, "quality", f->quality_json);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }

  if (analysis->already)
    printf (_("Evidence %" PRId64 " of case %s was analysed before with %s: %u faces\n"),
            analysis->evidence_id, analysis->case_number, analysis->model_id, analysis->faces->len);
  else
    printf (_("Evidence %" PRId64 " of case %s: %u faces found with %s\n"),
            analysis->evidence_id, analysis->case_number, analysis->faces->len, analysis->model_id);
  if (analysis->faces->len > 0)
    printf ("%-6s %-26s %-6s %-8s %s\n", _("FACE"), _("BOX (x,y,w,h)"), _("SCORE"), _("QUALITY"), _("LABEL"));
  for (guint i = 0; i < analysis->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (analysis->faces, i);
      g_autofree char *box = g_strdup_printf ("%.0f,%.0f,%.0f,%.0f", f->box[0], f->box[1], f->box[2], f->box[3]);
      g_autofree char *label = sl_probe_face_label (f);

      printf ("%-6" PRId64 " %-26s %-6.2f %-8s %s\n", f->id, box, f->detector_score, f->quality_band, label);
    }
  return SL_EXIT_OK;
}

int
sl_cli_search (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *gallery = NULL;
  g_autofree char *offense = NULL;
  g_autofree char *legal_basis = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *probe = NULL;
  gint64 face_id = 0;
  gint64 track_id = 0;
  gint64 person = 0;
  SlTrackProbe track_probe = SL_TRACK_PROBE_TEMPLATE;
  int top_k = 0;
  gboolean below = FALSE;
  gboolean within_case = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case the search is for"), N_("NUMBER") },
    { "face", 0, 0, G_OPTION_ARG_INT64, &face_id, N_("The probe face (from 'analyze')"), N_("FACE_ID") },
    { "track", 0, 0, G_OPTION_ARG_INT64, &track_id, N_("Or a footage track (from 'analyze')"), N_("TRACK_ID") },
    { "person", 0, 0, G_OPTION_ARG_INT64, &person,
      N_("Or the person of the case this face is grouped in (see 'case persons')"), N_("FACE_ID") },
    { "probe", 0, 0, G_OPTION_ARG_STRING, &probe, N_("For a track or a person: its template (default) or its best face"), N_("template|best") },
    { "gallery", 0, 0, G_OPTION_ARG_STRING, &gallery, N_("The gallery to search"), N_("NAME") },
    { "within-case", 0, 0, G_OPTION_ARG_NONE, &within_case, N_("Instead of a gallery: the case's other faces and tracks"), NULL },
    { "offense", 0, 0, G_OPTION_ARG_STRING, &offense, N_("Offense code from the policy's list"), N_("CODE") },
    { "legal-basis", 0, 0, G_OPTION_ARG_STRING, &legal_basis, N_("Legal basis or authorisation reference"), N_("TEXT") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("suspect, victim, witness, missing-person or deceased"), N_("P") },
    { "facts", 0, 0, G_OPTION_ARG_STRING, &facts, N_("The articulable facts that justify the search"), N_("TEXT") },
    { "top-k", 0, 0, G_OPTION_ARG_INT, &top_k, N_("Candidates at most (default 50, or the policy's maximum)"), N_("K") },
    { "show-below-threshold", 0, 0, G_OPTION_ARG_NONE, &below, N_("Also show the top candidates below the threshold"), NULL },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, NULL,
                     _("Searches a gallery (or, with --within-case, the case's other faces and tracks) for a "
                       "probe face, after its justification is recorded: case, offense, legal basis, purpose and "
                       "articulable facts. Without them the search is refused (exit 3)."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 1)
    return sl_cli_usage_error (_("search takes only options (try --help)"));
  if (top_k < 0)
    return sl_cli_usage_error (_("--top-k must not be negative"));
  if (probe != NULL && ((track_id == 0 && person == 0) || !sl_track_probe_from_string (probe, &track_probe)))
    return sl_cli_usage_error (_("--probe is 'template' or 'best', with --track or --person"));
  if (person != 0 && (face_id != 0 || track_id != 0 || within_case))
    return sl_cli_usage_error (_("--person is the probe of a gallery search by itself: no --face, --track "
                                 "or --within-case with it"));
  if (within_case && gallery != NULL)
    return sl_cli_usage_error (_("--within-case searches the case, not a gallery: give one of them"));

  /* Missing justification fields are the engine's to refuse, and audit. */
  if ((ret = open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  {
    SlSearchRequest req = {
      .case_number = case_number,
      .face_id = face_id,
      .gallery = gallery,
      .offense = offense,
      .legal_basis = legal_basis,
      .purpose = purpose,
      .facts = facts,
      .top_k = (guint) top_k,
      .show_below_threshold = below,
      .track_id = track_id,
      .track_probe = track_probe,
      .within_case = within_case,
    };
    if (person != 0)
      {
        req.face_id = person;
        req.person = TRUE;
      }
    if (within_case)
      return search_within (globals, engine, session, &req);
    if (!(r = sl_engine_search (engine, session, &req, NULL, &error)))
      return sl_cli_store_fail (globals, error);
  }
  note = awaiting_note (engine, session, r->case_number);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "search_id", r->search_id);
      sl_cli_json_string (b, "probe_label", r->probe_label);
      if (note != NULL)
        sl_cli_json_string (b, "authorisation", note);
      if (r->track_id > 0 || person != 0)
        {
          if (r->track_id > 0)
            sl_cli_json_int (b, "track_id", r->track_id);
          sl_cli_json_string (b, "probe", r->probe);
          sl_cli_json_int (b, "face_id", r->face_id);
        }
      if (r->members != NULL)
        {
          json_builder_set_member_name (b, "members");
          json_builder_begin_array (b);
          for (guint i = 0; i < r->members->len; i++)
            {
              const SlSearchMember *m = &g_array_index (r->members, SlSearchMember, i);

              json_builder_begin_object (b);
              sl_cli_json_int (b, "face_id", m->face_id);
              if (m->track_id > 0)
                sl_cli_json_int (b, "track_id", m->track_id);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      sl_cli_json_int (b, "gallery_size", r->gallery_size);
      sl_cli_json_double (b, "threshold", r->threshold);
      sl_cli_json_int (b, "above_threshold", r->above_threshold);
      json_builder_set_member_name (b, "candidates");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->candidates->len; i++)
        {
          const SlSearchCandidate *k = g_ptr_array_index (r->candidates, i);

          json_builder_begin_object (b);
          sl_cli_json_int (b, "candidate_id", k->candidate_id);
          sl_cli_json_int (b, "rank", k->rank);
          sl_cli_json_string (b, "subject", k->external_id);
          sl_cli_json_double (b, "similarity", k->similarity);
          sl_cli_json_double (b, "false_match_rate", k->false_match_rate);
          sl_cli_json_double (b, "expected_false_in_gallery", k->expected_false);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      print_search (r);
      if (note != NULL)
        printf ("%s\n", note);
    }
  return SL_EXIT_OK;
}

int
sl_cli_decide (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *decision = NULL;
  g_autofree char *rationale = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  SlDecideResult result = { 0 };
  gint64 candidate = 0;
  gboolean correct = FALSE;
  gboolean within_case = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "candidate", 0, 0, G_OPTION_ARG_INT64, &candidate, N_("The candidate (from 'search')"), N_("ID") },
    { "within-case", 0, 0, G_OPTION_ARG_NONE, &within_case,
      N_("The candidate is of a search within the case (numbered apart from gallery candidates)"), NULL },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision, N_("possible-lead, excluded or inconclusive"), N_("D") },
    { "rationale", 0, 0, G_OPTION_ARG_STRING, &rationale, N_("Why, for the record"), N_("TEXT") },
    { "correct", 0, 0, G_OPTION_ARG_NONE, &correct,
      N_("Correct your own decision on the candidate; the rationale says why (both are kept)"), NULL },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, NULL,
                     _("Records a decision on a candidate. The first decision is followed by a second, "
                       "independent review by another person, who is not shown the first. With --correct, "
                       "corrects the decision you took: it is kept, and the correction counts."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 1 || candidate <= 0 || decision == NULL)
    return sl_cli_usage_error (_("decide needs --candidate ID --decision possible-lead|excluded|inconclusive "
                                 "--rationale TEXT"));

  if ((ret = open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  /* Its own path: never the gallery candidate that has the same number. */
  if (within_case)
    {
      sl_engine_decide_within_case (engine, session, candidate, decision, &error);
      return sl_cli_store_fail (globals, error);
    }
  if (correct)
    {
      if (!sl_engine_decision_correct (engine, session, candidate, decision, rationale, &result, &error))
        return sl_cli_store_fail (globals, error);
    }
  else if (!sl_engine_decide (engine, session, candidate, decision, rationale, &result, &error))
    return sl_cli_store_fail (globals, error);

  /* Only this person's own decision and where the candidate now stands:
   * never the other reviewer's decision or rationale. */
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "decision_id", result.decision_id);
      sl_cli_json_int (b, "candidate_id", result.candidate_id);
      sl_cli_json_string (b, "stage", result.second ? "second" : "first");
      sl_cli_json_string (b, "decision", sl_decision_kind_to_string (result.decision));
      sl_cli_json_string (b, "status", sl_review_status_to_string (result.status));
      if (correct)
        sl_cli_json_bool (b, "corrected", TRUE);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  if (correct)
    {
      printf (_("Corrected your %s on candidate %" PRId64 ": it now stands as %s (the original is kept).\n"),
              result.second ? _("second review") : _("first decision"), result.candidate_id,
              sl_decision_kind_to_string (result.decision));
      printf (_("The candidate now stands as: %s\n"), sl_review_status_to_string (result.status));
      return SL_EXIT_OK;
    }
  if (!result.second)
    {
      printf (_("Recorded the first decision on candidate %" PRId64 ": %s\n"), result.candidate_id,
              sl_decision_kind_to_string (result.decision));
      printf (_("It now awaits a second, independent review by another person.\n"));
      return SL_EXIT_OK;
    }
  printf (_("Recorded the second review of candidate %" PRId64 ": %s\n"), result.candidate_id,
          sl_decision_kind_to_string (result.decision));
  switch (result.status)
    {
    case SL_REVIEW_CONFIRMED_LEAD:
      printf (_("The two reviews agree: candidate %" PRId64 " is a confirmed lead (an investigative lead, "
                "not an identification).\n"), result.candidate_id);
      break;
    case SL_REVIEW_DISAGREEMENT:
      printf (_("The two reviews differ: candidate %" PRId64 " is flagged for a supervisor "
                "('sightline-cli review disagreements').\n"), result.candidate_id);
      break;
    case SL_REVIEW_AGREED_EXCLUDED:
    case SL_REVIEW_AGREED_INCONCLUSIVE:
    case SL_REVIEW_UNDECIDED:
    case SL_REVIEW_AWAITING_SECOND:
    default:
      printf (_("The two reviews agree: %s.\n"), sl_review_status_to_string (result.status));
      break;
    }
  return SL_EXIT_OK;
}

int
sl_cli_review (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  gboolean decisions;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("disagreements, leads: only this case"), N_("NUMBER") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "queue | disagreements [--case N] | leads [--case N]",
                     _("queue: the candidates waiting for your second review (the first decision is not shown). "
                       "disagreements: candidates whose two reviews differ, for a supervisor. leads: confirmed leads."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2 || !g_strv_contains ((const char *const[]) { "queue", "disagreements", "leads", NULL }, argv[1]))
    return sl_cli_usage_error (_("review: expected queue, disagreements or leads"));
  action = argv[1];
  if (g_str_equal (action, "queue") && case_number != NULL)
    return sl_cli_usage_error (_("review queue takes no --case"));

  if ((ret = open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  decisions = !g_str_equal (action, "queue");
  if (g_str_equal (action, "queue"))
    list = sl_engine_review_queue (engine, session, &error);
  else if (g_str_equal (action, "disagreements"))
    list = sl_engine_review_disagreements (engine, session, case_number, &error);
  else
    list = sl_engine_review_leads (engine, session, case_number, &error);
  if (list == NULL)
    return sl_cli_store_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      review_list_to_json (b, list, decisions);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  if (list->len == 0)
    {
      printf (g_str_equal (action, "queue") ? _("No candidate waits for your second review.\n")
              : g_str_equal (action, "disagreements") ? _("No disagreements.\n") : _("No confirmed leads.\n"));
      return SL_EXIT_OK;
    }
  print_review_list (list, decisions);
  return SL_EXIT_OK;
}
