/* sl-cli-outcome.c: `sightline-cli outcome --lead ID --outcome KIND --note T`
 * records what happened after a confirmed lead; `outcome --lead ID` alone
 * shows the lead's history.
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
print_history (SlCliGlobals *globals,
               gint64        lead,
               GPtrArray    *history)
{
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "lead", lead);
      json_builder_set_member_name (b, "outcomes");
      json_builder_begin_array (b);
      for (guint i = 0; i < history->len; i++)
        {
          const SlOutcome *o = g_ptr_array_index (history, i);

          json_builder_begin_object (b);
          sl_cli_json_int (b, "id", o->id);
          sl_cli_json_string (b, "outcome", sl_outcome_kind_to_string (o->outcome));
          sl_cli_json_string (b, "note", o->note);
          sl_cli_json_int (b, "supersedes", o->supersedes);
          sl_cli_json_int (b, "superseded_by", o->superseded_by);
          sl_cli_json_bool (b, "in_force", o->superseded_by == 0);
          sl_cli_json_string (b, "recorded_by", o->recorder);
          sl_cli_json_string (b, "recorded_at", o->recorded_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return;
    }
  if (history->len == 0)
    printf (_("Lead %" PRId64 " has no recorded outcome.\n"), lead);
  for (guint i = 0; i < history->len; i++)
    {
      const SlOutcome *o = g_ptr_array_index (history, i);

      /* Translators: one outcome record: its id, when, who, the outcome and whether it is in force */
      printf (_("%" PRId64 "  %s  %s  %s%s\n"), o->id, o->recorded_at, o->recorder,
              sl_outcome_kind_to_string (o->outcome),
              o->superseded_by != 0 ? _(" (superseded)") : _(" (in force)"));
      printf ("    %s\n", o->note);
    }
  printf ("%s\n", _("A lead alone is never grounds for arrest."));
}

/* public API */

int
sl_cli_outcome (SlCliGlobals  *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *outcome = NULL;
  g_autofree char *note = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  SlOutcomeResult result = { 0 };
  gint64 lead = 0;
  int ret;
  GOptionEntry entries[] = {
    { "lead", 0, 0, G_OPTION_ARG_INT64, &lead, N_("The confirmed lead (its candidate id)"), N_("ID") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome,
      N_("excluded-by-investigation, corroborated, arrested, charged, no-action or unknown"), N_("KIND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What happened, for the record"), N_("TEXT") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, NULL,
                     _("Records what happened after a confirmed lead, or with --lead alone shows its history. "
                       "A record is never changed: a new one supersedes the one in force. A lead alone is "
                       "never grounds for arrest."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 1 || lead <= 0 || (outcome == NULL) != (note == NULL))
    return sl_cli_usage_error (_("outcome needs --lead ID, and to record one --outcome %s --note TEXT"),
                               sl_outcome_kind_list ());
  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (outcome != NULL &&
      !sl_engine_outcome_record (engine, session, lead, outcome, note, &result, &error))
    return sl_cli_fail (globals, error);
  if (!(history = sl_engine_outcome_history (engine, session, lead, &error)))
    return sl_cli_fail (globals, error);
  if (outcome != NULL && !globals->json)
    {
      if (result.supersedes != 0)
        printf (_("Recorded outcome %" PRId64 " of lead %" PRId64 ": %s; it supersedes outcome %" PRId64 ".\n"),
                result.outcome_id, lead, sl_outcome_kind_to_string (result.outcome), result.supersedes);
      else
        printf (_("Recorded outcome %" PRId64 " of lead %" PRId64 ": %s.\n"), result.outcome_id, lead,
                sl_outcome_kind_to_string (result.outcome));
    }
  print_history (globals, lead, history);
  return SL_EXIT_OK;
}
