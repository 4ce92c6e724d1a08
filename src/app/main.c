/* main.c: sightline, the desktop front end over the engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sightline"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-application.h"
#include "engine/sightline-engine.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SlApplication) app = NULL;

  sl_engine_apply_process_limits (argv);
  sl_bind_text_domain ();

  app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
