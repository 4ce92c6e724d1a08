/* main.c: sightline, the desktop front end over the engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sightline"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "app/sl-application.h"
#include "engine/sightline-engine.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SlApplication) app = NULL;

  sl_engine_apply_process_limits (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
