/* sl-cli-users.c: `sightline-cli user add | disable | enable | unlock | passwd | list`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static int
done (SlCliGlobals *globals,
      const char   *action,
      const char   *username,
      const char   *message)
{
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "user", username);
      sl_cli_json_string (b, "action", action);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    printf ("%s\n", message);
  return SL_EXIT_OK;
}

static int
user_list (SlCliGlobals *globals,
           SlEngine     *engine,
           SlSession    *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = sl_engine_user_list (engine, session, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (users == NULL)
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    json_builder_begin_array (b);
  else
    printf ("%-20s %-13s %-9s %s\n", _("USER"), _("ROLE"), _("STATE"), _("NAME"));

  for (guint i = 0; i < users->len; i++)
    {
      SlUser *u = g_ptr_array_index (users, i);
      const char *state = u->disabled ? "disabled" : u->locked ? "locked" : "active";

      if (!globals->json)
        {
          printf ("%-20s %-13s %-9s %s\n", u->username, sl_role_to_string (u->role), state, u->display_name);
          continue;
        }
      json_builder_begin_object (b);
      sl_cli_json_int (b, "id", u->id);
      sl_cli_json_string (b, "username", u->username);
      sl_cli_json_string (b, "display_name", u->display_name);
      sl_cli_json_string (b, "role", sl_role_to_string (u->role));
      sl_cli_json_bool (b, "disabled", u->disabled);
      sl_cli_json_bool (b, "locked", u->locked);
      sl_cli_json_int (b, "failed_signins", u->failed_signins);
      sl_cli_json_string (b, "created_at", u->created_at);
      json_builder_end_object (b);
    }
  if (globals->json)
    {
      json_builder_end_array (b);
      sl_cli_print_json (b);
    }
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_user (SlCliGlobals  *globals,
             int            argc,
             char         **argv)
{
  g_autofree char *role_text = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *audit_key = NULL;
  g_autofree char *password = NULL;
  g_autofree char *message = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action, *name;
  gboolean ok;
  SlRole role = SL_ROLE_INVESTIGATOR;
  int ret;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("add: investigator, supervisor or admin"), N_("ROLE") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("add: the person's full name"), N_("TEXT") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "add NAME --role ROLE | disable NAME | enable NAME | unlock NAME | passwd NAME | list | "
                              "recover NAME | recovery-code",
                     _("Manages accounts. A new password comes from SIGHTLINE_NEW_PASSWORD or a prompt. "
                       "'recover' unlocks an administrator with the recovery code (SIGHTLINE_RECOVERY_CODE "
                       "or a prompt), without signing in; 'recovery-code' issues a new one."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc < 2)
    return sl_cli_usage_error (_("user: expected add, disable, enable, unlock, passwd or list (try --help)"));
  action = argv[1];
  name = argc > 2 ? argv[2] : NULL;

  if (g_str_equal (action, "recover"))
    {
      if (argc != 3)
        return sl_cli_usage_error (_("user recover takes one administrator's NAME"));
      return sl_cli_user_recover (globals, audit_key, name);
    }
  if (g_str_equal (action, "recovery-code"))
    {
      if (argc != 2)
        return sl_cli_usage_error (_("user recovery-code takes no arguments"));
      return sl_cli_user_recovery_code (globals, audit_key);
    }
  if (g_str_equal (action, "list"))
    {
      if (argc != 2)
        return sl_cli_usage_error (_("user list takes no arguments"));
    }
  else if (!g_strv_contains ((const char *const[]) { "add", "disable", "enable", "unlock", "passwd", NULL }, action))
    return sl_cli_usage_error (_("user: unknown action '%s' (expected add, disable, enable, unlock, passwd or list)"),
                               action);
  else if (argc != 3)
    return sl_cli_usage_error (_("user %s takes one user NAME"), action);
  if (g_str_equal (action, "add"))
    {
      if (role_text == NULL)
        return sl_cli_usage_error (_("user add needs --role (%s)"), sl_role_list ());
      if (!sl_role_from_string (role_text, &role))
        return sl_cli_usage_error (_("'%s' is not a role; the roles are %s"), role_text, sl_role_list ());
    }

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;

  if (g_str_equal (action, "list"))
    return user_list (globals, engine, session);

  if (g_str_equal (action, "add") || g_str_equal (action, "passwd"))
    {
      g_autofree char *prompt = g_strdup_printf (_("New password for %s: "), name);

      /* Refused before a new password is asked for. */
      if (g_str_equal (action, "add")
          ? !sl_engine_check (engine, session, SL_PERMISSION_USER_MANAGE, "user.add", name, &error)
          : !sl_engine_user_may_set_password (engine, session, name, &error))
        return sl_cli_store_fail (globals, error);

      if (!(password = sl_cli_read_password ("SIGHTLINE_NEW_PASSWORD", prompt, TRUE, &error)))
        return sl_cli_store_fail (globals, error);
    }

  if (g_str_equal (action, "add"))
    {
      ok = sl_engine_user_add (engine, session, name, display_name, role, password, &error);
      message = g_strdup_printf (_("Added the %s '%s'"), sl_role_to_string (role), name);
    }
  else if (g_str_equal (action, "disable"))
    {
      ok = sl_engine_user_disable (engine, session, name, &error);
      message = g_strdup_printf (_("Disabled the account '%s'"), name);
    }
  else if (g_str_equal (action, "enable"))
    {
      ok = sl_engine_user_enable (engine, session, name, &error);
      message = g_strdup_printf (_("Enabled the account '%s'"), name);
    }
  else if (g_str_equal (action, "unlock"))
    {
      ok = sl_engine_user_unlock (engine, session, name, &error);
      message = g_strdup_printf (_("Unlocked the account '%s'"), name);
    }
  else
    {
      ok = sl_engine_user_set_password (engine, session, name, password, &error);
      message = g_strdup_printf (_("Changed the password of '%s'"), name);
    }
  if (!ok)
    return sl_cli_store_fail (globals, error);
  return done (globals, action, name, message);
}
