/* sl-cli-bench-startup.c: `bench startup`: how long the desktop app takes
 * from being started to an interactive window, on a database whose audit
 * log holds many rows. The app, started with SIGHTLINE_DEBUG=startup,
 * prints the monotonic time of its first drawn frame and quits; the time
 * from before the spawn to that frame is one start. JSON out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli/sl-cli-private.h"
#include "bench/sl-audit-bench.h"
#include "engine/sightline-engine.h"

#define STARTUP_MARK "sightline-first-frame-us "

/* helpers */

/* The app beside this program: ../app/sightline in a build tree,
 * sightline in the same bin directory once installed. */
static char *
find_app (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  const char *candidates[] = { "../app/sightline", "sightline" };

  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return g_find_program_in_path ("sightline");
}

/* The compiled settings schema of a build tree, for an app run from it. */
static char *
find_build_schemas (const char *app)
{
  g_autofree char *dir = g_path_get_dirname (app);
  g_autofree char *compiled = g_build_filename (dir, "..", "..", "resources", "gschemas.compiled", NULL);

  return g_file_test (compiled, G_FILE_TEST_IS_REGULAR) ? g_path_get_dirname (compiled) : NULL;
}

/* One start: seconds from spawning the app to its first frame. */
static double
time_one_start (const char  *app,
                const char  *schemas,
                const char  *db,
                GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  const char *mark;
  gint64 start, frame;

  g_subprocess_launcher_setenv (launcher, "SIGHTLINE_DB", db, TRUE);
  g_subprocess_launcher_setenv (launcher, "SIGHTLINE_DEBUG", "startup", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  if (schemas != NULL)
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);

  start = g_get_monotonic_time ();
  if (!(process = g_subprocess_launcher_spawn (launcher, error, app, NULL)) ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return -1;
  if (!g_subprocess_get_successful (process) ||
      out == NULL || (mark = strstr (out, STARTUP_MARK)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s did not report its first frame (is there a display? run under xvfb-run)"), app);
      return -1;
    }
  frame = g_ascii_strtoll (mark + strlen (STARTUP_MARK), NULL, 10);
  return (frame - start) / (double) G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* public API */

int
sl_cli_bench_startup (SlCliGlobals  *globals,
                      int            argc,
                      char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *schemas = NULL;
  SlAuditBenchResult audit;
  int rows = 100000, runs = 5;
  GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, N_("The sightline program (default: beside this one)"), N_("PATH") },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, N_("Audit rows in the database (default: 100000)"), N_("N") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, N_("Starts to time (default: 5)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "startup",
                     _("Starts the desktop app on a database with many audit rows and times how long it takes "
                       "to draw its first interactive window. Needs a display (e.g. xvfb-run)."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (rows < 0 || runs < 1)
    return sl_cli_usage_error (_("--rows must not be negative and --runs must be at least 1"));
  if (app == NULL && (app = find_app ()) == NULL)
    return sl_cli_usage_error (_("cannot find the sightline program: give --app PATH"));

  schemas = find_build_schemas (app);
  if (!(dir = g_dir_make_tmp ("sightline-startup-XXXXXX", &error)) ||
      !sl_audit_bench (dir, (guint64) rows, FALSE, NULL, NULL, &audit, &error))
    return sl_cli_fail (globals, error);
  db = g_build_filename (dir, "bench.db", NULL);

  for (int i = 0; i < runs; i++)
    {
      double t = time_one_start (app, schemas, db, &error);

      if (t < 0)
        {
          sl_remove_tree (dir);
          return sl_cli_fail (globals, error);
        }
      g_array_append_val (times, t);
    }

  sl_remove_tree (dir);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "audit_rows", (gint64) audit.rows);
  sl_cli_json_int (b, "db_bytes", (gint64) audit.db_bytes);
  sl_cli_json_double (b, "first_start_s", g_array_index (times, double, 0));
  g_array_sort (times, compare_doubles);
  sl_cli_json_double (b, "median_start_s", g_array_index (times, double, times->len / 2));
  sl_cli_json_double (b, "max_start_s", g_array_index (times, double, times->len - 1));
  sl_cli_json_int (b, "runs", runs);
  json_builder_end_object (b);
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}
