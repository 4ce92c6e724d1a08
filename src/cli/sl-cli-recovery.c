/* sl-cli-recovery.c: `sightline-cli user recover NAME` (the recovery code
 * unlocks an administrator, on the machine that holds the database) and
 * `user recovery-code` (an administrator issues a new code).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sl-engine-recovery.h"
#include "engine/sightline-engine.h"

/* helpers */

static void
print_code (SlCliGlobals *globals,
            const char   *user,
            const char   *code,
            const char   *headline)
{
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      if (user != NULL)
        {
          sl_cli_json_string (b, "user", user);
          sl_cli_json_bool (b, "unlocked", TRUE);
        }
      sl_cli_json_string (b, "recovery_code", code);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return;
    }
  printf ("%s\n", headline);
  sl_cli_print_recovery_code (code);
}

/* public API */

void
sl_cli_print_recovery_code (const char *code)
{
  printf (_("Recovery code, shown only now: %s\n"
            "Write it down and keep it apart from the database: on this machine it unlocks a locked-out\n"
            "administrator ('sightline-cli user recover NAME'), once; a new code is shown then.\n"), code);
}

int
sl_cli_user_recover (SlCliGlobals *globals,
                     const char   *audit_key,
                     const char   *name)
{
  g_autoptr(SlEngine) engine = sl_engine_new (globals->db_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *prompt = g_strdup_printf (_("Recovery code for %s: "), name);
  const char *key = audit_key != NULL ? audit_key : g_getenv ("SIGHTLINE_AUDIT_KEY");

  if (key != NULL && *key != '\0')
    sl_engine_set_audit_key_path (engine, key);
  if (globals->witness != NULL)
    sl_engine_set_witness_path (engine, globals->witness);
  if (!sl_engine_open (engine, &error) ||
      !(code = sl_cli_read_password ("SIGHTLINE_RECOVERY_CODE", prompt, FALSE, &error)) ||
      !(new_code = sl_engine_recover_admin (engine, name, code, &error)))
    return sl_cli_store_fail (globals, error);
  headline = g_strdup_printf (_("Unlocked the administrator '%s'. The recovery code is used up."), name);
  print_code (globals, name, new_code, headline);
  explicit_bzero (code, strlen (code));
  return SL_EXIT_OK;
}

int
sl_cli_user_recovery_code (SlCliGlobals *globals,
                           const char   *audit_key)
{
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  int ret;

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (!(code = sl_engine_recovery_code_renew (engine, session, &error)))
    return sl_cli_store_fail (globals, error);
  print_code (globals, NULL, code, _("Issued a new recovery code; the old one no longer works."));
  return SL_EXIT_OK;
}
