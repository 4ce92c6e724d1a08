/* sl-cli-members.c: `case members add|remove|list --case N [--member NAME]`:
 * who may work a case (need to know).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static int
members_list (SlCliGlobals *globals,
              SlEngine     *engine,
              SlSession    *session,
              const char   *case_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = sl_engine_case_members (engine, session, case_number, &error);

  if (members == NULL)
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < members->len; i++)
        {
          SlCaseMember *m = g_ptr_array_index (members, i);

          json_builder_begin_object (b);
          sl_cli_json_string (b, "user", m->username);
          sl_cli_json_string (b, "name", m->display_name);
          sl_cli_json_string (b, "added_by", m->by);
          sl_cli_json_string (b, "added_at", m->at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  printf ("%-20s %-24s %-14s %s\n", _("USER"), _("NAME"), _("ADDED BY"), _("ADDED AT"));
  for (guint i = 0; i < members->len; i++)
    {
      SlCaseMember *m = g_ptr_array_index (members, i);

      printf ("%-20s %-24s %-14s %s\n", m->username, m->display_name, m->by, m->at);
    }
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_case_members (SlCliGlobals  *globals,
                     int            argc,
                     char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *username = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  gboolean add;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case"), N_("NUMBER") },
    { "member", 0, 0, G_OPTION_ARG_STRING, &username, N_("add, remove: the user who becomes or stops being a member"), N_("NAME") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "members add|remove|list --case NUMBER [--member NAME]",
                     _("Lists who may work a case, or (its opener or a supervisor) adds or removes a member. "
                       "Investigators work only the cases they opened or were added to; every change is "
                       "audited and kept."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  /* argv[1] is "members". */
  if (argc != 3 || !g_strv_contains ((const char *const[]) { "add", "remove", "list", NULL }, argv[2]))
    return sl_cli_usage_error (_("case members: expected add, remove or list (try --help)"));
  action = argv[2];
  if (case_number == NULL)
    return sl_cli_usage_error (_("case members needs --case NUMBER"));
  if (!g_str_equal (action, "list") && username == NULL)
    return sl_cli_usage_error (_("case members %s needs --member NAME"), action);

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (g_str_equal (action, "list"))
    return members_list (globals, engine, session, case_number);

  add = g_str_equal (action, "add");
  if (!(add ? sl_engine_case_member_add (engine, session, case_number, username, &error)
            : sl_engine_case_member_remove (engine, session, case_number, username, &error)))
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "case", case_number);
      sl_cli_json_string (b, "user", username);
      sl_cli_json_bool (b, "member", add);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else if (add)
    printf (_("Added %s to the case %s\n"), username, case_number);
  else
    printf (_("Removed %s from the case %s\n"), username, case_number);
  return SL_EXIT_OK;
}
