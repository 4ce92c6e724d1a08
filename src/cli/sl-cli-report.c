/* sl-cli-report.c: `sightline-cli report --case NUMBER --out FILE.pdf`:
 * the case report as a PDF, written whole or not at all; `report disclosure
 * --case NUMBER --out DIR`: the disclosure package for discovery.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

/* Removes the first argument that is not an option or an option's value
 * when it is name: `report disclosure` among the global options. */
static gboolean
take_subcommand (int         *argc,
                 char       **argv,
                 const char  *name)
{
  static const char *const with_value[] = { "--db", "--user", "--model-dir", "--witness", "--case", "--out",
                                            "--audit-key", "--from", "--to", "--csv", NULL };

  for (int i = 1; i < *argc; i++)
    {
      if (g_strv_contains (with_value, argv[i]))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        continue;
      if (!g_str_equal (argv[i], name))
        return FALSE;
      memmove (&argv[i], &argv[i + 1], (size_t) (*argc - i) * sizeof (char *));
      (*argc)--;
      return TRUE;
    }
  return FALSE;
}

static int
report_disclosure (SlCliGlobals  *globals,
                   int            argc,
                   char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *out = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *audit_key = NULL;
  SlDisclosureSummary summary = { 0, };
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case to disclose"), N_("NUMBER") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The new folder to write the package into"), N_("DIR") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  int ret;

  if (!sl_cli_parse (globals, NULL,
                     _("Writes the disclosure package of a case into a new folder: every search (those that "
                       "found nobody too) with every candidate, its justification, gallery and size, model "
                       "and hash, threshold, calibration, decisions and outcomes, as a PDF and as JSON; the "
                       "case's audit rows with what a third party needs to check them ('audit "
                       "verify-excerpt DIR'); and a manifest of every file's SHA-256."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc > 1)
    return sl_cli_usage_error (_("report disclosure takes no arguments besides its options"));
  if (case_number == NULL || out == NULL)
    return sl_cli_usage_error (_("report disclosure needs --case NUMBER and --out DIR"));
  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (globals->model_dir != NULL)
    sl_engine_set_model_dir (engine, globals->model_dir);
  if (!sl_engine_disclosure_write (engine, session, case_number, out, &summary, sl_cli_interrupt_cancellable (),
                                   &error))
    return sl_cli_fail (globals, error);

  shown = sl_cli_display_path (summary.path);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", summary.head_seq, summary.head_hash);

      json_builder_begin_object (b);
      sl_cli_json_string (b, "path", shown);
      sl_cli_json_int (b, "searches", summary.searches);
      sl_cli_json_int (b, "candidates", summary.candidates);
      sl_cli_json_int (b, "pages", summary.pages);
      sl_cli_json_int (b, "audit_rows", summary.audit_rows);
      sl_cli_json_string (b, "audit_head", head);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (ngettext ("Wrote the disclosure package %s: %u search, ", "Wrote the disclosure package %s: %u searches, ",
                        summary.searches), shown, summary.searches);
      printf (ngettext ("%u candidate, ", "%u candidates, ", summary.candidates), summary.candidates);
      /* Translators: the audit rows in the package and the audit head (row:hash) it ends with */
      printf (_("%" PRId64 " audit rows ending at %" PRId64 ":%s\n"), summary.audit_rows, summary.head_seq,
              summary.head_hash);
      printf (_("A third party checks it with: sightline-cli audit verify-excerpt %s\n"), shown);
    }
  sl_disclosure_summary_clear (&summary);
  return SL_EXIT_OK;
}

static int
report_accountability (SlCliGlobals  *globals,
                       int            argc,
                       char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *audit_key = NULL;
  SlAccountabilitySummary summary = { 0, };
  gint64 started;
  double seconds;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The day after the period"), N_("DATE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write"), N_("FILE.pdf") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Also write the exact counts, one CSV file a section, here"), N_("DIR") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  int ret;

  if (!sl_cli_parse (globals, NULL,
                     _("Writes the accountability report of a period for supervisors: searches by offence, "
                       "purpose, outcome, user and week; refusals; searches with no candidate; leads, "
                       "disagreements and outcomes; the models, thresholds and per-group measurements in force "
                       "and every policy change; and the recorded sex, race and birth decade of the people "
                       "returned as candidates and as confirmed leads. Counts from 1 to 4 read 'fewer than 5' "
                       "in the PDF, not in the CSV."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc > 1)
    return sl_cli_usage_error (_("report accountability takes no arguments besides its options"));
  if (from == NULL || to == NULL || out == NULL)
    return sl_cli_usage_error (_("report accountability needs --from DATE --to DATE --out FILE.pdf"));
  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  started = g_get_monotonic_time ();
  if (!sl_engine_accountability_write (engine, session, from, to, out, csv, &summary, &error))
    return sl_cli_fail (globals, error);
  seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;

  shown = sl_cli_display_path (summary.path);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "path", shown);
      sl_cli_json_int (b, "pages", summary.pages);
      sl_cli_json_string (b, "sha256", summary.sha256);
      sl_cli_json_int (b, "searches", summary.searches);
      sl_cli_json_int (b, "csv_files", summary.csv_files);
      sl_cli_json_double (b, "seconds", seconds);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (ngettext ("Wrote %s: %u page, ", "Wrote %s: %u pages, ", summary.pages), shown, summary.pages);
      /* Translators: gallery searches in the period, the seconds it took, the file's SHA-256 */
      printf (_("%" PRId64 " searches in the period, %.2f s, SHA-256 %s\n"), summary.searches, seconds,
              summary.sha256);
      if (summary.csv_files > 0)
        printf (ngettext ("%u CSV file with the exact counts\n", "%u CSV files with the exact counts\n",
                          summary.csv_files), summary.csv_files);
    }
  sl_accountability_summary_clear (&summary);
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_report (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *out = NULL;
  g_autofree char *shown = NULL;
  SlReportSummary summary = { 0, };
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case to report on"), N_("NUMBER") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write"), N_("FILE.pdf") },
    G_OPTION_ENTRY_NULL
  };
  int ret;

  if (take_subcommand (&argc, argv, "disclosure"))
    return report_disclosure (globals, argc, argv);
  if (take_subcommand (&argc, argv, "accountability"))
    return report_accountability (globals, argc, argv);
  if (!sl_cli_parse (globals, NULL,
                     _("Writes the case report: the case, its evidence, every search with its justification, "
                       "probe and candidates, the decisions, the confirmed leads, the models used and the "
                       "case's audit trail, as an A4 PDF."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc > 1)
    return sl_cli_usage_error (_("report takes no arguments besides its options"));
  if (case_number == NULL || out == NULL)
    return sl_cli_usage_error (_("report needs --case NUMBER and --out FILE.pdf"));
  if ((ret = sl_cli_open_session (globals, NULL, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (globals->model_dir != NULL)
    sl_engine_set_model_dir (engine, globals->model_dir);

  if (!sl_engine_report_write_full (engine, session, case_number, out, &summary,
                                    sl_cli_interrupt_cancellable (), &error))
    return sl_cli_fail (globals, error);

  shown = sl_cli_display_path (summary.path);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "path", shown);
      sl_cli_json_int (b, "pages", summary.pages);
      sl_cli_json_string (b, "sha256", summary.sha256);
      sl_cli_json_int (b, "searches", summary.searches);
      sl_cli_json_int (b, "bytes", (gint64) summary.bytes);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, summary.bytes);

      printf (ngettext ("Wrote %s: %u page, ", "Wrote %s: %u pages, ", summary.pages), shown, summary.pages);
      printf (ngettext ("%u search, ", "%u searches, ", summary.searches), summary.searches);
      /* Translators: the size of the report file and its SHA-256 */
      printf (_("%s bytes, SHA-256 %s\n"), bytes, summary.sha256);
    }
  sl_report_summary_clear (&summary);
  return SL_EXIT_OK;
}
