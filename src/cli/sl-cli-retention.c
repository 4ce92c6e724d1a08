/* sl-cli-retention.c: `sightline-cli retention purge [--dry-run]`: the
 * probe data of cases closed longer ago than the policy's retention-days.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static void
print_json (const SlRetentionSummary *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sl_cli_json_bool (b, "dry_run", s->dry_run);
  sl_cli_json_int (b, "retention_days", s->retention_days);
  json_builder_set_member_name (b, "cutoff");
  if (s->cutoff != NULL)
    json_builder_add_string_value (b, s->cutoff);
  else
    json_builder_add_null_value (b);
  sl_cli_json_int (b, "cases", s->cases);
  sl_cli_json_int (b, "faces", s->faces);
  sl_cli_json_int (b, "crops", s->crops);
  sl_cli_json_int (b, "tracks", s->tracks);
  json_builder_set_member_name (b, "case_numbers");
  json_builder_begin_array (b);
  for (guint i = 0; s->case_numbers != NULL && s->case_numbers[i] != NULL; i++)
    json_builder_add_string_value (b, s->case_numbers[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  sl_cli_print_json (b);
}

static void
print_text (const SlRetentionSummary *s)
{
  if (s->retention_days == 0)
    {
      printf (_("The policy keeps probe data forever (retention-days 0): nothing is purged.\n"));
      return;
    }
  if (s->cases == 0)
    {
      printf (_("No case closed before %s holds probe data: nothing to purge.\n"), s->cutoff);
      return;
    }
  printf (s->dry_run ? ngettext ("Would purge the probe data of %u case closed before %s:\n",
                                "Would purge the probe data of %u cases closed before %s:\n", s->cases)
                     : ngettext ("Purged the probe data of %u case closed before %s:\n",
                                 "Purged the probe data of %u cases closed before %s:\n", s->cases),
          s->cases, s->cutoff);
  for (guint i = 0; s->case_numbers[i] != NULL; i++)
    printf ("  %s\n", s->case_numbers[i]);
  printf (_("%u probe faces (%u aligned crops), %u track templates. Search records, candidates, decisions "
            "and the audit log are kept.\n"), s->faces, s->crops, s->tracks);
}

/* public API */

int
sl_cli_retention (SlCliGlobals  *globals,
                  int            argc,
                  char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  SlRetentionSummary summary = { 0, };
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what would be purged; purge nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };
  int ret;

  if (!sl_cli_parse (globals, "purge",
                     _("Purges the probe faces' embeddings and crops and the track templates of cases closed "
                       "longer ago than the policy's retention-days (0 keeps them forever). Search records, "
                       "candidates, decisions and the audit log are never purged."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2 || !g_str_equal (argv[1], "purge"))
    return sl_cli_usage_error (_("retention takes: purge [--dry-run]"));
  if ((ret = sl_cli_open_session (globals, NULL, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (!sl_engine_retention_purge (engine, session, dry_run, &summary, &error))
    return sl_cli_fail (globals, error);
  if (globals->json)
    print_json (&summary);
  else
    print_text (&summary);
  sl_retention_summary_clear (&summary);
  return SL_EXIT_OK;
}
