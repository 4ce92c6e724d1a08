/* sl-cli-persons.c: `sightline-cli case persons --case N [--json]` and
 * `case persons merge | split | name | separate`: the people of a case
 * and the investigator's decisions on them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static void
json_text (JsonBuilder *b,
           const char  *name,
           const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
sighting_to_json (JsonBuilder            *b,
                  const SlPersonSighting *s)
{
  json_builder_begin_object (b);
  sl_cli_json_int (b, "evidence_id", s->evidence_id);
  sl_cli_json_int (b, "face_id", s->face_id);
  if (s->track_id > 0)
    sl_cli_json_int (b, "track_id", s->track_id);
  if (s->time_ms >= 0)
    sl_cli_json_int (b, "time_ms", s->time_ms);
  json_builder_end_object (b);
}

static void
persons_to_json (JsonBuilder     *b,
                 const SlPersons *r)
{
  json_builder_begin_object (b);
  sl_cli_json_string (b, "case", r->case_number);
  json_text (b, "model", r->model_id);
  sl_cli_json_double (b, "threshold", r->threshold);
  json_text (b, "threshold_describe", r->threshold_describe);
  sl_cli_json_double (b, "false_match_rate", SL_PERSONS_FALSE_MATCH_RATE);
  sl_cli_json_int (b, "grouped", r->grouped);
  sl_cli_json_int (b, "skipped_other_model", r->skipped_other_model);
  sl_cli_json_int (b, "decisions", r->n_decisions);
  sl_cli_json_double (b, "group_ms", r->group_ms);
  json_builder_set_member_name (b, "persons");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->persons->len; i++)
    {
      const SlPerson *p = g_ptr_array_index (r->persons, i);

      json_builder_begin_object (b);
      sl_cli_json_int (b, "number", p->number);
      json_text (b, "name", p->name);
      sl_cli_json_int (b, "sightings", p->sightings->len);
      sl_cli_json_int (b, "evidence", p->n_evidence);
      json_builder_set_member_name (b, "best_view");
      sighting_to_json (b, &p->best);
      json_builder_set_member_name (b, "appearances");
      json_builder_begin_array (b);
      for (guint k = 0; k < p->sightings->len; k++)
        sighting_to_json (b, &g_array_index (p->sightings, SlPersonSighting, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static char *
sighting_text (const SlPersonSighting *s)
{
  g_autofree char *time = NULL;

  if (s->track_id <= 0)
    return g_strdup_printf (_("face %" PRId64 " (evidence %" PRId64 ")"), s->face_id,
                            s->evidence_id);
  time = sl_media_time_format (s->time_ms);
  return g_strdup_printf (_("track %" PRId64 " (evidence %" PRId64 " at %s, face %"
                            PRId64 ")"), s->track_id, s->evidence_id, time, s->face_id);
}

static void
print_persons (const SlPersons *r)
{
  if (r->model_id == NULL)
    {
      printf (_("Case %s has no analysed faces to group.\n"), r->case_number);
      return;
    }
  printf (ngettext ("Case %s: %u person in %" PRId64 " faces and tracks",
                    "Case %s: %u persons in %" PRId64 " faces and tracks", r->persons->len),
          r->case_number, r->persons->len, r->grouped);
  printf (_(" (model %s, threshold %.3f: %s; %u decisions applied)\n"), r->model_id, r->threshold,
          r->threshold_describe, r->n_decisions);
  if (r->skipped_other_model > 0)
    printf (ngettext ("%" PRId64 " face or track embedded by another model was not grouped\n",
                      "%" PRId64 " faces or tracks embedded by another model were not grouped\n",
                      r->skipped_other_model), r->skipped_other_model);
  for (guint i = 0; i < r->persons->len; i++)
    {
      const SlPerson *p = g_ptr_array_index (r->persons, i);
      g_autofree char *best = sighting_text (&p->best);
      g_autofree char *seen = g_strdup_printf (ngettext ("%u sighting", "%u sightings", p->sightings->len),
                                               p->sightings->len);
      g_autofree char *where = g_strdup_printf (ngettext ("%u piece of evidence", "%u pieces of evidence",
                                                          p->n_evidence), p->n_evidence);

      printf ("\n");
      if (p->name != NULL)
        printf (_("Person %u \"%s\": %s in %s; best view %s\n"), p->number, p->name, seen, where, best);
      else
        printf (_("Person %u: %s in %s; best view %s\n"), p->number, seen, where, best);
      for (guint k = 0; k < p->sightings->len; k++)
        {
          g_autofree char *text = sighting_text (&g_array_index (p->sightings, SlPersonSighting, k));
          printf ("  %s\n", text);
        }
    }
}

static gboolean
parse_faces (char   **texts,
             GArray  *faces)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      gint64 id;

      if (!g_ascii_string_to_signed (texts[i], 10, 1, G_MAXINT64, &id, NULL))
        return FALSE;
      g_array_append_val (faces, id);
    }
  return TRUE;
}

/* public API */

void
sl_cli_persons_options_clear (SlCliPersonsOptions *o)
{
  g_clear_pointer (&o->case_number, g_free);
  g_clear_pointer (&o->faces, g_strfreev);
  g_clear_pointer (&o->name, g_free);
  g_clear_pointer (&o->audit_key, g_free);
}

int
sl_cli_case_persons (SlCliGlobals         *globals,
                     SlCliPersonsOptions  *options,
                     int                   argc,
                     char                **argv)
{
  const char *case_number = options->case_number;
  const char *name = options->name;
  g_autoptr(GArray) faces = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  gboolean ok;
  int ret;

  if (argc > 1)
    return sl_cli_usage_error (_("case persons: expected at most one action (try --help)"));
  action = argc == 1 ? argv[0] : "list";
  if (!g_strv_contains ((const char *const[]) { "list", "merge", "split", "name", "separate", NULL }, action))
    return sl_cli_usage_error (_("case persons: unknown action '%s' (expected merge, split, name or separate)"),
                               action);
  if (case_number == NULL)
    return sl_cli_usage_error (_("case persons needs --case NUMBER"));
  if (!parse_faces (options->faces, faces))
    return sl_cli_usage_error (_("case persons: --face takes a face id (a positive number)"));
  if ((g_str_equal (action, "merge") || g_str_equal (action, "separate")) && faces->len != 2)
    return sl_cli_usage_error (_("case persons %s needs two faces: --face A --face B"), action);
  if (g_str_equal (action, "name") && (faces->len != 1 || name == NULL))
    return sl_cli_usage_error (_("case persons name needs one --face and --name TEXT"));
  if (g_str_equal (action, "split") && faces->len == 0)
    return sl_cli_usage_error (_("case persons split needs the faces to move out: --face F (repeatable)"));
  if (g_str_equal (action, "list") && faces->len > 0)
    return sl_cli_usage_error (_("case persons: --face belongs to merge, split, name or separate"));

  if ((ret = sl_cli_open_session (globals, options->audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;

  if (g_str_equal (action, "list"))
    {
      g_autoptr(SlPersons) r = sl_engine_case_persons (engine, session, case_number, sl_cli_interrupt_cancellable (),
                                                       &error);

      if (r == NULL)
        return sl_cli_fail (globals, error);
      if (globals->json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          persons_to_json (b, r);
          sl_cli_print_json (b);
        }
      else
        print_persons (r);
      return SL_EXIT_OK;
    }

  if (g_str_equal (action, "merge"))
    ok = sl_engine_persons_merge (engine, session, case_number, g_array_index (faces, gint64, 0),
                                  g_array_index (faces, gint64, 1), &error);
  else if (g_str_equal (action, "separate"))
    ok = sl_engine_persons_separate (engine, session, case_number, g_array_index (faces, gint64, 0),
                                     g_array_index (faces, gint64, 1), &error);
  else if (g_str_equal (action, "name"))
    ok = sl_engine_persons_name (engine, session, case_number, g_array_index (faces, gint64, 0), name, &error);
  else
    ok = sl_engine_persons_split (engine, session, case_number, (const gint64 *) faces->data, faces->len, &error);
  if (!ok)
    return sl_cli_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "case", case_number);
      sl_cli_json_string (b, "decision", action);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    printf (_("Recorded: %s on the persons of case %s\n"), action, case_number);
  return SL_EXIT_OK;
}
