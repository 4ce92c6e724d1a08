/* sl-cli.c: command dispatch, option parsing and output shared by commands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/sl-cli.h"
#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef struct
{
  const char       *name;
  SlCliCommandFunc  func;
  const char       *summary;
  const char       *alias;      /* the other spelling, accepted too */
} SlCliCommand;

static const SlCliCommand commands[] = {
  { "models",  sl_cli_models,  N_("list | verify | install [--mirror DIR] | calibrate --pairs F --images DIR") },
  { "detect",  sl_cli_detect,  N_("IMAGE: faces with box, landmarks, score and quality") },
  { "compare", sl_cli_compare, N_("IMAGE_A IMAGE_B: similarity of the largest face of each") },
  { "bench",   sl_cli_bench,   N_("lfw | ident | search | footage | audit | report | accountability: measured accuracy and speed") },
  { "init",     sl_cli_init,     N_("--admin NAME [--audit-key FILE]: create the database") },
  { "store",    sl_cli_store,    N_("migrate (with the owner's URI) | copy --from FILE.db --to postgresql://...") },
  { "user",     sl_cli_user,     N_("add NAME --role R | disable | enable | unlock | passwd NAME | list") },
  { "case",     sl_cli_case,     N_("open NUMBER --title T | list | close NUMBER | members add|remove|list --case N [--member NAME] | persons --case NUMBER [merge|split|name|separate]") },
  { "evidence", sl_cli_evidence, N_("import --case NUMBER FILE|URL | list --case NUMBER") },
  { "audit",    sl_cli_audit,    N_("verify [--expect-head SEQ:HASH] | verify-excerpt DIR | export --format csv|json") },
  { "policy",   sl_cli_policy,   N_("show | set KEY VALUE | pending | cosign ID") },
  { "gallery",  sl_cli_gallery,  N_("create NAME | list | enroll NAME (--dir DIR | --csv FILE) | test NAME --probes F --images DIR | tests") },
  { "analyze",  sl_cli_analyse,  N_("--case NUMBER EVIDENCE_ID: store the faces of a still"), "analyse" },
  { "search",   sl_cli_search,   N_("--case --face|--track|--person (--gallery G | --within-case) --offense --legal-basis --purpose --facts [--top-k K]") },
  { "decide",   sl_cli_decide,   N_("--candidate ID [--within-case] --decision possible-lead|excluded|inconclusive --rationale T [--correct]") },
  { "review",   sl_cli_review,   N_("queue | disagreements [--case N] | leads [--case N]") },
  { "outcome",  sl_cli_outcome,  N_("--lead ID [--outcome excluded-by-investigation|corroborated|arrested|charged|no-action|unknown --note T]") },
  { "authorisation", sl_cli_authorisation, N_("request --case N --authority T --reference T | grant|refuse --case N --decision T | list [--case N] [--pending]"), "authorization" },
  { "report",   sl_cli_report,   N_("--case NUMBER --out FILE.pdf | disclosure --case N --out DIR | accountability --from D --to D --out F.pdf [--csv DIR]") },
  { "retention", sl_cli_retention, N_("purge [--dry-run]: probe data of cases closed past retention-days") },
};

/* helpers */

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: sightline-cli [--json] [--db PATH|URI] [--user NAME] COMMAND [ARGS...]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Exit codes: 0 success, 1 failed or negative result, 2 usage error, "
                            "3 refused by policy, 4 bad input file."));
  fprintf (out, "%s\n", _("SIGINT or SIGTERM stops a long command after the work under way: it reports what "
                          "was completed (and kept) and exits 1; a second signal, or 10 s without stopping, "
                          "ends it at once with 130 (SIGINT) or 143 (SIGTERM)."));
}

static GOptionEntry *
global_entries (SlCliGlobals *globals)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &globals->json, N_("Machine-readable JSON output"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &globals->db_path,
      N_("Database file, or a PostgreSQL server's URI (postgresql://...); default $SIGHTLINE_DB"), N_("PATH|URI") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &globals->user, N_("Sign in as NAME"), N_("NAME") },
    { "model-dir", 0, 0, G_OPTION_ARG_FILENAME, &globals->model_dir, N_("Directory of model files"), N_("DIR") },
    { "witness", 0, 0, G_OPTION_ARG_FILENAME, &globals->witness, N_("The audit head witness (default: $SIGHTLINE_AUDIT_WITNESS, else beside the database)"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &globals->quiet, N_("No progress output"), NULL },
    G_OPTION_ENTRY_NULL
  };
  return g_memdup2 (entries, sizeof entries);
}

/* public API */

gboolean
sl_cli_parse (SlCliGlobals   *globals,
              const char     *parameter_string,
              const char     *summary,
              GOptionEntry   *entries,
              int            *argc,
              char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autofree GOptionEntry *globs = global_entries (globals);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, globs, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sl_cli_usage_error ("%s", error->message);
      return FALSE;
    }
  /* Without --db, the database the app uses too (a file or a server). */
  if (globals->db_path == NULL && g_getenv ("SIGHTLINE_DB") != NULL && *g_getenv ("SIGHTLINE_DB") != '\0')
    globals->db_path = g_strdup (g_getenv ("SIGHTLINE_DB"));
  return TRUE;
}

int
sl_cli_usage_error (const char *format,
                    ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "sightline-cli: %s\n", msg);
  return SL_EXIT_USAGE;
}

void
sl_cli_json_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
sl_cli_json_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
sl_cli_json_double (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
sl_cli_json_bool (JsonBuilder *builder,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

SlExitCode
sl_cli_exit_code_for (const GError *error)
{
  /* The engine's errors come in its one domain; the tools on loose files
   * (detect, compare, models) reach it through the same mapping. */
  g_autoptr(GError) e = g_error_copy (error);

  sl_engine_error_normalize (&e);
  if (e->domain != SL_ENGINE_ERROR)
    return SL_EXIT_FAILED;   /* cancelled */
  switch ((SlEngineError) e->code)
    {
    case SL_ENGINE_ERROR_REFUSED:
    case SL_ENGINE_ERROR_SIGN_IN:
      return SL_EXIT_REFUSED;
    case SL_ENGINE_ERROR_INVALID:
      return SL_EXIT_USAGE;
    case SL_ENGINE_ERROR_BAD_INPUT:
      return SL_EXIT_BAD_INPUT;
    case SL_ENGINE_ERROR_NOT_FOUND:
    case SL_ENGINE_ERROR_AUDIT_KEY:
    case SL_ENGINE_ERROR_AUDIT_STRIPPED:
    case SL_ENGINE_ERROR_RECOVERY:
    case SL_ENGINE_ERROR_EXISTS:
    case SL_ENGINE_ERROR_NO_FACE:
    case SL_ENGINE_ERROR_MODEL:
    case SL_ENGINE_ERROR_NETWORK:
    case SL_ENGINE_ERROR_STORAGE:
    case SL_ENGINE_ERROR_DISK_FULL:
    case SL_ENGINE_ERROR_FAILED:
    default:
      return SL_EXIT_FAILED;
    }
}

int
sl_cli_fail (SlCliGlobals *globals,
             const GError *error)
{
  SlExitCode code = sl_cli_exit_code_for (error);

  sl_cli_progress_end (globals);
  if (sl_cli_interrupt_signal () != 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not a failure of the input: the person stopped it. */
      code = SL_EXIT_FAILED;
      fprintf (stderr, _("sightline-cli: interrupted by %s before it finished; nothing of the step under way "
                         "was kept\n"), sl_cli_interrupt_signal_name ());
    }
  else
    fprintf (stderr, "sightline-cli: %s\n", error->message);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sl_cli_json_string (b, "error", error->message);
      sl_cli_json_int (b, "exit_code", code);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  return code;
}

void
sl_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static gboolean progress_shown;

void
sl_cli_progress (SlCliGlobals *globals,
                 const char   *label,
                 guint64       done,
                 guint64       total)
{
  static gint64 last_us;
  gint64 now = g_get_monotonic_time ();
  const char *force = g_getenv ("SIGHTLINE_PROGRESS");
  char bar[31];
  guint filled;

  if (globals->quiet || !(isatty (STDERR_FILENO) || g_strcmp0 (force, "1") == 0))
    return;
  /* A redraw every 100 ms is plenty; always draw the last step. */
  if (done != total && now - last_us < 100000)
    return;
  last_us = now;

  filled = total > 0 ? (guint) (30 * done / total) : 0;
  for (guint i = 0; i < 30; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[30] = '\0';
  if (total > 0)
    fprintf (stderr, "\r%s [%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %3u%%",
             label, bar, done, total, (guint) (100 * done / total));
  else
    fprintf (stderr, "\r%s %" G_GUINT64_FORMAT, label, done);
  progress_shown = TRUE;
}

void
sl_cli_progress_end (SlCliGlobals *globals)
{
  if (progress_shown)
    fputc ('\n', stderr);
  progress_shown = FALSE;
}

char *
sl_cli_display_path (const char *path)
{
  return g_filename_display_name (path);
}

int
sl_cli_main (int    argc,
             char **argv)
{
  SlCliGlobals globals = { 0 };
  const char *name = NULL;
  int cmd_index = -1;
  int ret;

  sl_bind_text_domain ();
  sl_cli_signals_install ();

  /* The command is the first argument that is not an option (global options
   * may come before it; a value-taking one consumes the next argument). */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--user") ||
          g_str_equal (argv[i], "--model-dir"))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        {
          if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
            {
              print_help (stdout);
              return SL_EXIT_OK;
            }
          if (g_str_equal (argv[i], "--version"))
            {
              printf ("sightline-cli %s\n", PACKAGE_VERSION);
              return SL_EXIT_OK;
            }
          continue;
        }
      name = argv[i];
      cmd_index = i;
      break;
    }

  if (name == NULL)
    {
      print_help (stderr);
      return SL_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (g_str_equal (commands[c].name, name) ||
          (commands[c].alias != NULL && g_str_equal (commands[c].alias, name)))
        {
          /* Hand the command an argv without its own name, so its
           * positional arguments start at argv[1]. */
          g_autofree char **sub = g_new0 (char *, argc + 1);
          g_autofree char *prgname = g_strdup_printf ("sightline-cli %s", name);
          int n = 0;

          g_set_prgname (prgname);
          sub[n++] = argv[0];
          for (int i = 1; i < argc; i++)
            if (i != cmd_index)
              sub[n++] = argv[i];
          ret = commands[c].func (&globals, n, sub);
          sl_cli_progress_end (&globals);
          g_free (globals.db_path);
          g_free (globals.user);
          g_free (globals.model_dir);
          return ret;
        }
    }

  sl_cli_usage_error (_("unknown command '%s' (try --help)"), name);
  return SL_EXIT_USAGE;
}
