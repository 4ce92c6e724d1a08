/* sl-cli-store-admin.c: `store migrate` and `store copy`, the office
 * administrator's commands on a server's database (run with the owner
 * role's URI).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef struct
{
  SlCliGlobals    *globals;
  SlStoreCopyStep  step;
  char            *table;
  guint64          table_rows;
  gboolean         started;
} CopyOutput;

/* helpers */

static void
finish_table (CopyOutput *out)
{
  if (out->table != NULL)
    fprintf (stderr, _("  table %s: %" PRIu64 " rows\n"), out->table, out->table_rows);
  g_clear_pointer (&out->table, g_free);
}

/* callbacks */

static void
on_copy_progress (SlStoreCopyStep  step,
                  const char      *name,
                  guint64          done,
                  guint64          total,
                  gpointer         user_data)
{
  CopyOutput *out = user_data;

  if (out->globals->quiet)
    return;
  if (step != SL_STORE_COPY_STEP_ROWS || (name != NULL && g_strcmp0 (name, out->table) != 0))
    finish_table (out);
  if (step != out->step || !out->started)
    {
      out->started = TRUE;
      out->step = step;
      switch (step)
        {
        case SL_STORE_COPY_STEP_CHECK_SOURCE:
          fprintf (stderr, "%s\n", _("Checking the source's audit log"));
          break;
        case SL_STORE_COPY_STEP_ROWS:
          fprintf (stderr, "%s\n", _("Copying the rows (one transaction)"));
          break;
        case SL_STORE_COPY_STEP_FILE:
          fprintf (stderr, "%s\n", _("Copying the evidence files and the enrolled photos' kept copies"));
          break;
        case SL_STORE_COPY_STEP_CHECK_AUDIT:
          fprintf (stderr, "%s\n", _("Verifying the audit log on the server"));
          break;
        case SL_STORE_COPY_STEP_CHECK_FILE:
        default:
          fprintf (stderr, "%s\n", _("Verifying every file read back from the server against its SHA-256"));
          break;
        }
    }
  switch (step)
    {
    case SL_STORE_COPY_STEP_ROWS:
      if (out->table == NULL)
        out->table = g_strdup (name);
      out->table_rows = done;
      break;
    case SL_STORE_COPY_STEP_FILE:
    case SL_STORE_COPY_STEP_CHECK_FILE:
      if (name != NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (name, -1);
          fprintf (stderr, "  %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %s\n", done + 1, total, shown);
        }
      break;
    case SL_STORE_COPY_STEP_CHECK_SOURCE:
    case SL_STORE_COPY_STEP_CHECK_AUDIT:
    default:
      break;
    }
}

static int
store_migrate (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  int version = 0;

  if (!sl_cli_parse (globals, "migrate",
                     _("Brings the database (--db) to this Sightline's schema version. On a server, run it "
                       "with the owner role's URI; the desks' role is refused."),
                     NULL, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("store migrate takes no arguments besides its options (try --help)"));
  if (globals->db_path == NULL && g_getenv ("SIGHTLINE_DB") == NULL)
    return sl_cli_usage_error (_("store migrate needs --db PATH|URI (or SIGHTLINE_DB)"));
  if (!sl_engine_store_migrate (globals->db_path != NULL ? globals->db_path : g_getenv ("SIGHTLINE_DB"),
                                &version, &error))
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_int (b, "schema_version", version);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    printf (_("The database is at schema version %d, this Sightline's\n"), version);
  return SL_EXIT_OK;
}

static int
store_copy (SlCliGlobals  *globals,
            int            argc,
            char         **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(GError) error = NULL;
  SlStoreCopyStats stats = { 0 };
  CopyOutput out = { globals, 0, NULL, 0, FALSE };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The database file to copy"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The server's new, empty database (the owner role's URI)"),
      N_("URI") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key,
      N_("The source's audit key, when its log is keyed and the key is not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  gboolean ok;
  int code;

  if (!sl_cli_parse (globals, "copy --from FILE --to URI",
                     _("Copies a database file, its evidence files and its enrolled photos into an empty "
                       "database on a server, then verifies there the audit log and every file's SHA-256. "
                       "A copy that fails after it began leaves the target partial: drop the database and "
                       "create it again before another copy."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("store copy takes no arguments besides its options (try --help)"));
  if (from == NULL || to == NULL)
    return sl_cli_usage_error (_("store copy needs --from FILE and --to postgresql://..."));

  ok = sl_engine_store_copy (from, to, audit_key != NULL ? audit_key : g_getenv ("SIGHTLINE_AUDIT_KEY"),
                             globals->witness, on_copy_progress, &out, sl_cli_interrupt_cancellable (), &stats, &error);
  if (!globals->quiet)
    finish_table (&out);
  if (!ok)
    {
      code = sl_cli_fail (globals, error);
      if (stats.partial && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fprintf (stderr, _("sightline-cli: the copy was stopped and %s now holds part of it: drop the database "
                           "and create it again (dropdb, then build-aux/pg-setup.sh) before copying again\n"),
                 stats.target);
      sl_store_copy_stats_clear (&stats);
      return code;
    }

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_string (b, "target", stats.target);
      sl_cli_json_int (b, "tables", stats.tables);
      sl_cli_json_int (b, "rows", (gint64) stats.rows);
      sl_cli_json_int (b, "files", (gint64) stats.files);
      sl_cli_json_int (b, "evidence_files", (gint64) stats.evidence_files);
      sl_cli_json_int (b, "gallery_files", (gint64) stats.gallery_files);
      sl_cli_json_int (b, "bytes", (gint64) stats.bytes);
      sl_cli_json_int (b, "audit_rows", stats.audit_rows);
      sl_cli_json_string (b, "audit_head", stats.audit_head_hash);
      sl_cli_json_int (b, "audit_head_seq", stats.audit_head_seq);
      sl_cli_json_double (b, "seconds", stats.seconds);
      sl_cli_json_bool (b, "verified", TRUE);
      sl_cli_json_string (b, "witness", stats.witness_path);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (_("Copied %" PRIu64 " rows of %u tables and %" PRIu64 " files (%" PRIu64
                " bytes) to %s in %.1f s; verified there: the audit log (%" PRId64 " rows) and every "
                "file's SHA-256\n"),
              stats.rows, stats.tables, stats.files, stats.bytes, stats.target, stats.seconds, stats.audit_rows);
      if (stats.witness_path != NULL)
        {
          g_autofree char *shown = g_filename_display_name (stats.witness_path);
          printf (_("This machine's audit witness of the server goes on from the source's: '%s'\n"), shown);
        }
      else if (stats.witness_kept)
        printf ("%s\n", _("This machine already keeps an audit witness of that server; it was left as it was"));
    }
  sl_store_copy_stats_clear (&stats);
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_store (SlCliGlobals  *globals,
              int            argc,
              char         **argv)
{
  static const char *const takes_value[] = {
    "--db", "--user", "--model-dir", "--witness", "--from", "--to", "--audit-key", NULL
  };

  /* The action is the first argument that is neither an option nor an
   * option's value; each action parses the options itself. */
  for (int i = 1; i < argc; i++)
    {
      if (g_strv_contains (takes_value, argv[i]))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        continue;
      if (g_str_equal (argv[i], "migrate"))
        return store_migrate (globals, argc, argv);
      if (g_str_equal (argv[i], "copy"))
        return store_copy (globals, argc, argv);
      break;
    }
  return sl_cli_usage_error (_("store: migrate | copy --from FILE --to URI"));
}
