/* main.c: sightline-cli, the headless front end over the engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cli/sl-cli.h"
#include "engine/sightline-engine.h"

int
main (int    argc,
      char **argv)
{
  sl_engine_apply_process_limits (argv);
  return sl_cli_main (argc, argv);
}
