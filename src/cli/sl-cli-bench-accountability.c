/* sl-cli-bench-accountability.c: `bench accountability --searches N`: how
 * long the accountability report of a generated year takes, and whether
 * its CSV totals equal counts taken straight from the database.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bench/sl-accountability-bench.h"
#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

#define BENCH_PASSWORD "bench-accountability-password-1"

/* helpers */

static gint64
csv_total (const char *dir,
           const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.csv", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 total = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *comma = strrchr (lines[i], ',');

      if (comma != NULL)
        total += g_ascii_strtoll (comma + 1, NULL, 10);
    }
  return total;
}

/* public API */

int
sl_cli_bench_accountability (SlCliGlobals  *globals,
                             int            argc,
                             char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) admin = NULL, supervisor = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *keep = NULL;
  SlAccountabilitySummary summary = { 0, };
  int searches = 20000, subjects = 5000;
  gint64 t0, t1, t2;
  gboolean match;
  static const struct { const char *csv; const char *sql; } checks[] = {
    { "searches-by-offence", "SELECT count(*) FROM searches WHERE started_at >= '2025' AND started_at < '2026'" },
    { "searches-by-week", "SELECT count(*) FROM searches WHERE started_at >= '2025' AND started_at < '2026'" },
    { "candidates-by-sex", "SELECT count(*) FROM candidates" },
    { "leads-by-race", "SELECT count(*) FROM candidates k WHERE 2 = (SELECT count(*) FROM decisions d "
                       "WHERE d.candidate_id = k.id AND d.decision = 'possible-lead')" },
  };
  GOptionEntry entries[] = {
    { "searches", 0, 0, G_OPTION_ARG_INT, &searches, N_("Searches in the generated year (default 20000)"), N_("N") },
    { "subjects", 0, 0, G_OPTION_ARG_INT, &subjects, N_("Gallery subjects (default 5000)"), N_("N") },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, N_("Copy the report to FILE"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "accountability",
                     _("Times the accountability report of a generated year of searches and checks its CSV totals "
                       "against the database."), entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (searches < 1 || searches > 1000000 || subjects < 10)
    return sl_cli_usage_error (_("--searches must be from 1 to 1000000 and --subjects at least 10"));

  if (!(dir = g_dir_make_tmp ("sightline-accountability-XXXXXX", &error)))
    return sl_cli_fail (globals, error);
  db = g_build_filename (dir, "bench.db", NULL);
  pdf = g_build_filename (dir, "accountability.pdf", NULL);
  csv = g_build_filename (dir, "csv", NULL);
  engine = sl_engine_new (db);

  t0 = g_get_monotonic_time ();
  if (!sl_engine_init_database (engine, "bench-admin", "Benchmark admin", BENCH_PASSWORD, NULL, &error) ||
      !(admin = sl_engine_sign_in (engine, "bench-admin", BENCH_PASSWORD, &error)) ||
      !sl_engine_user_add (engine, admin, "ivy", "Ivy Investigator", SL_ROLE_INVESTIGATOR, BENCH_PASSWORD, &error) ||
      !sl_engine_user_add (engine, admin, "ian", "Ian Investigator", SL_ROLE_INVESTIGATOR, BENCH_PASSWORD, &error) ||
      !sl_engine_user_add (engine, admin, "sam", "Sam Supervisor", SL_ROLE_SUPERVISOR, BENCH_PASSWORD, &error) ||
      !(supervisor = sl_engine_sign_in (engine, "sam", BENCH_PASSWORD, &error)) ||
      !sl_accountability_bench_generate (db, (guint) searches, (guint) subjects, 20250101, &error))
    goto fail;
  t1 = g_get_monotonic_time ();
  if (!sl_engine_accountability_write (engine, supervisor, "2025-01-01", "2026-01-01", pdf, csv, &summary, &error))
    goto fail;
  t2 = g_get_monotonic_time ();
  if (keep != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (pdf);
      g_autoptr(GFile) to = g_file_new_for_path (keep);

      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        goto fail;
    }

  json_builder_begin_object (b);
  sl_cli_json_int (b, "searches", summary.searches);
  sl_cli_json_int (b, "candidates", sl_accountability_bench_count (db, "SELECT count(*) FROM candidates"));
  sl_cli_json_int (b, "pages", summary.pages);
  sl_cli_json_double (b, "report_s", (t2 - t1) / 1e6);
  sl_cli_json_double (b, "generate_s", (t1 - t0) / 1e6);
  match = TRUE;
  json_builder_set_member_name (b, "csv_totals");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gint64 in_csv = csv_total (csv, checks[i].csv);
      gint64 in_db = sl_accountability_bench_count (db, checks[i].sql);

      json_builder_begin_object (b);
      sl_cli_json_string (b, "csv", checks[i].csv);
      sl_cli_json_int (b, "csv_total", in_csv);
      sl_cli_json_int (b, "database", in_db);
      json_builder_end_object (b);
      match = match && in_csv == in_db && in_db >= 0;
    }
  json_builder_end_array (b);
  sl_cli_json_bool (b, "csv_totals_match", match);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  sl_accountability_summary_clear (&summary);
  g_clear_object (&engine);
  sl_remove_tree (dir);
  return match ? SL_EXIT_OK : SL_EXIT_FAILED;

fail:
  g_clear_object (&engine);
  sl_remove_tree (dir);
  return sl_cli_fail (globals, error);
}
