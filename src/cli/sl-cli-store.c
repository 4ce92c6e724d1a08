/* sl-cli-store.c: what the case store commands share (opening the
 * database, signing in, reading passwords, exit codes) and `init`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static char *
prompt_tty (const char  *prompt,
            GError     **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean restore;
  char c;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no terminal");
      return NULL;
    }
  if (write (fd, prompt, strlen (prompt)) < 0)
    {
      /* Nothing to do: the read below still works or fails on its own. */
    }
  restore = tcgetattr (fd, &saved) == 0;
  if (restore)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &saved);
  close (fd);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* public API (sl-cli-private.h) */

char *
sl_cli_read_password (const char  *env_var,
                      const char  *prompt,
                      gboolean     confirm,
                      GError     **error)
{
  const char *env = env_var != NULL ? g_getenv (env_var) : NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;

  if (env != NULL)
    return g_strdup (env);
  if (!(first = prompt_tty (prompt, NULL)))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("No password: set %s or run on a terminal to be asked for it"),
                   env_var != NULL ? env_var : "SIGHTLINE_PASSWORD");
      return NULL;
    }
  if (!confirm)
    return g_steal_pointer (&first);
  again = prompt_tty (_("Repeat the password: "), NULL);
  if (g_strcmp0 (first, again) != 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, _("The two passwords differ"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

int
sl_cli_open_session (SlCliGlobals  *globals,
                     const char    *audit_key,
                     SlEngine     **engine_out,
                     SlSession    **session_out)
{
  return sl_cli_open_session_full (globals, audit_key, engine_out, session_out, NULL);
}

int
sl_cli_open_session_full (SlCliGlobals  *globals,
                          const char    *audit_key,
                          SlEngine     **engine_out,
                          SlSession    **session_out,
                          GError       **open_error)
{
  g_autoptr(SlEngine) engine = sl_engine_new (globals->db_path);
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *prompt = NULL;
  const char *key = audit_key != NULL ? audit_key : g_getenv ("SIGHTLINE_AUDIT_KEY");

  if (globals->user == NULL)
    return sl_cli_usage_error (_("Sign in with --user NAME (the password comes from "
                                 "SIGHTLINE_PASSWORD or a prompt)"));
  if (key != NULL && *key != '\0')
    sl_engine_set_audit_key_path (engine, key);
  if (globals->witness != NULL)
    sl_engine_set_witness_path (engine, globals->witness);
  if (!sl_engine_open (engine, &error))
    {
      /* The engine says it in words for every front end; here is how. */
      if (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_KEY) && key == NULL)
        {
          g_autoptr(GError) plain = g_steal_pointer (&error);

          /* Translators: an error message, then the option that gives the key */
          g_set_error (&error, plain->domain, plain->code, _("%s (--audit-key FILE)"), plain->message);
        }
      if (open_error != NULL)
        {
          int code = sl_cli_exit_code_for (error);
          g_propagate_error (open_error, g_steal_pointer (&error));
          return code;
        }
      return sl_cli_store_fail (globals, error);
    }

  prompt = g_strdup_printf (_("Password for %s: "), globals->user);
  if (!(password = sl_cli_read_password ("SIGHTLINE_PASSWORD", prompt, FALSE, &error)) ||
      !(session = sl_engine_sign_in (engine, globals->user, password, &error)))
    return sl_cli_store_fail (globals, error);

  *engine_out = g_steal_pointer (&engine);
  *session_out = g_steal_pointer (&session);
  return SL_EXIT_OK;
}

int
sl_cli_init (SlCliGlobals  *globals,
             int            argc,
             char         **argv)
{
  g_autofree char *admin = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *audit_key = NULL;
  g_autofree char *password = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_display = NULL;
  g_autofree char *recovery_code = NULL;
  GOptionEntry entries[] = {
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, N_("User name of the first administrator"), N_("NAME") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("The administrator's full name"), N_("TEXT") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key,
      N_("Key the audit log (HMAC) with the key in FILE, kept outside the database; "
         "created (0600) when absent"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "--admin NAME",
                     _("Creates the database and its first administrator. The administrator's "
                       "password comes from SIGHTLINE_NEW_PASSWORD (or SIGHTLINE_PASSWORD) or a prompt."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 1)
    return sl_cli_usage_error (_("init takes no arguments besides its options (try --help)"));
  if (admin == NULL)
    return sl_cli_usage_error (_("init needs --admin NAME"));

  password = sl_cli_read_password (g_getenv ("SIGHTLINE_NEW_PASSWORD") != NULL ? "SIGHTLINE_NEW_PASSWORD"
                                                                               : "SIGHTLINE_PASSWORD",
                                   _("Password for the new administrator: "), TRUE, &error);
  if (password == NULL)
    return sl_cli_store_fail (globals, error);

  engine = sl_engine_new (globals->db_path);
  if (globals->witness != NULL)
    sl_engine_set_witness_path (engine, globals->witness);
  if (!sl_engine_init_database (engine, admin, display_name, password, audit_key, &error))
    return sl_cli_store_fail (globals, error);
  recovery_code = sl_engine_take_recovery_code (engine);

  /* A server's URI may carry a password: never printed. */
  db_display = sl_engine_get_db_display_name (engine);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *ev = g_filename_display_name (sl_engine_get_evidence_dir (engine));

      json_builder_begin_object (b);
      sl_cli_json_string (b, "database", db_display);
      sl_cli_json_string (b, "evidence_dir", ev);
      sl_cli_json_string (b, "admin", admin);
      sl_cli_json_bool (b, "audit_keyed", audit_key != NULL);
      sl_cli_json_string (b, "witness", sl_engine_get_witness_path (engine));
      sl_cli_json_string (b, "recovery_code", recovery_code);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (_("Created the Sightline database '%s' with the administrator '%s'\n"), db_display, admin);
      if (audit_key != NULL)
        {
          g_autofree char *key_display = g_filename_display_name (audit_key);
          printf (_("The audit log is keyed with '%s': keep that file safe, apart from the database\n"),
                  key_display);
        }
      {
        g_autofree char *witness = g_filename_display_name (sl_engine_get_witness_path (engine));
        printf (_("The audit head witness is '%s': a copy kept elsewhere shows a truncated or rolled back log\n"),
                witness);
      }
      sl_cli_print_recovery_code (recovery_code);
    }
  return SL_EXIT_OK;
}
