/* sl-cli-cases.c: `sightline-cli case open | list | close` and
 * `sightline-cli evidence import | list`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef struct
{
  SlCliGlobals *globals;
  GMainLoop    *loop;
  GAsyncResult *result;
  char         *label;
} ImportRun;

/* helpers */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
case_to_json (JsonBuilder  *b,
              const SlCase *c)
{
  json_builder_begin_object (b);
  sl_cli_json_int (b, "id", c->id);
  add_string (b, "number", c->number);
  add_string (b, "title", c->title);
  add_string (b, "status", c->closed ? "closed" : "open");
  add_string (b, "opened_by", c->opened_by);
  add_string (b, "opened_at", c->opened_at);
  add_string (b, "closed_by", c->closed_by);
  add_string (b, "closed_at", c->closed_at);
  sl_cli_json_int (b, "evidence", c->n_evidence);
  json_builder_end_object (b);
}

static void
evidence_to_json (JsonBuilder      *b,
                  SlEngine         *engine,
                  const SlEvidence *e,
                  gboolean          duplicate)
{
  g_autofree char *path = sl_engine_evidence_path (engine, (SlEvidence *) e);
  g_autofree char *path_display = g_filename_display_name (path);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "id", e->id);
  add_string (b, "case", e->case_number);
  add_string (b, "kind", sl_evidence_kind_to_string (e->kind));
  add_string (b, "sha256", e->sha256);
  sl_cli_json_int (b, "size", (gint64) e->size);
  add_string (b, "original_name", e->original_name);
  add_string (b, "source", e->source);
  add_string (b, "stored_path", path_display);
  add_string (b, "format", e->format);
  sl_cli_json_int (b, "width", e->width);
  sl_cli_json_int (b, "height", e->height);
  if (e->kind == SL_EVIDENCE_FOOTAGE)
    {
      sl_cli_json_double (b, "duration_s", e->duration_s);
      sl_cli_json_double (b, "fps", e->fps);
      sl_cli_json_int (b, "frame_count", e->frame_count);
      add_string (b, "codec", e->codec);
    }
  sl_cli_json_bool (b, "damaged", e->damage != NULL);
  if (e->damage != NULL)
    add_string (b, "damage", e->damage);
  add_string (b, "imported_by", e->imported_by);
  add_string (b, "imported_at", e->imported_at);
  sl_cli_json_bool (b, "duplicate", duplicate);
  json_builder_end_object (b);
}

static void
print_evidence (const SlEvidence *e)
{
  g_autofree char *facts = NULL;

  if (e->kind == SL_EVIDENCE_FOOTAGE)
    facts = g_strdup_printf ("%ux%u %.1fs %.2ffps %s", e->width, e->height, e->duration_s, e->fps,
                             e->codec != NULL ? e->codec : "");
  else
    facts = g_strdup_printf ("%ux%u %s", e->width, e->height, e->format != NULL ? e->format : "");
  printf ("%-5" G_GINT64_FORMAT " %-8s %.16s %10" G_GUINT64_FORMAT " %-28s %s\n", e->id,
          sl_evidence_kind_to_string (e->kind), e->sha256, e->size, facts, e->original_name);
  if (e->damage != NULL)
    /* TRANSLATORS: under an evidence line: why the file does not decode whole */
    printf (_("      DAMAGED: %s\n"), e->damage);
}

static int
case_list (SlCliGlobals *globals,
           SlEngine     *engine,
           SlSession    *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = sl_engine_case_list (engine, session, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (cases == NULL)
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < cases->len; i++)
        case_to_json (b, g_ptr_array_index (cases, i));
      json_builder_end_array (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  printf ("%-20s %-7s %-9s %-14s %s\n", _("NUMBER"), _("STATUS"), _("EVIDENCE"), _("OPENED BY"), _("TITLE"));
  for (guint i = 0; i < cases->len; i++)
    {
      SlCase *c = g_ptr_array_index (cases, i);
      printf ("%-20s %-7s %-9" G_GINT64_FORMAT " %-14s %s\n", c->number, c->closed ? "closed" : "open",
              c->n_evidence, c->opened_by, c->title);
    }
  return SL_EXIT_OK;
}

/* callbacks */

static void
on_import_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ImportRun *run = user_data;
  sl_cli_progress (run->globals, run->label, done, total);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* public API */

int
sl_cli_case (SlCliGlobals  *globals,
             int            argc,
             char         **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *audit_key = NULL;
  g_auto(SlCliPersonsOptions) persons = { 0 };
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int ret;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("open: what the case is about"), N_("TEXT") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &persons.case_number, N_("persons: the case number"), N_("NUMBER") },
    { "face", 0, 0, G_OPTION_ARG_STRING_ARRAY, &persons.faces,
      N_("persons: a face naming its person (a face of a track names the track); repeat for two or more"),
      N_("FACE_ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &persons.name, N_("persons name: the person's name (empty: no name)"),
      N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  /* `case members` has options of its own (--case, --member): the first
   * argument that is no option or option value names it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_strv_contains ((const char *const[]) { "--db", "--user", "--model-dir", "--witness", "--audit-key",
                                                   "--title", NULL }, argv[i]))
        i++;
      else if (argv[i][0] != '-')
        {
          if (g_str_equal (argv[i], "members"))
            return sl_cli_case_members (globals, argc, argv);
          break;
        }
    }
  if (!sl_cli_parse (globals, "open NUMBER --title T | list | close NUMBER | members add|remove|list --case N [--member NAME] | "
                     "persons --case NUMBER ...",
                     _("Opens, lists and closes cases; 'case members --help' for who may work one."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc < 2)
    return sl_cli_usage_error (_("case: expected open, list, close or persons (try --help)"));
  action = argv[1];
  if (g_str_equal (action, "persons"))
    {
      persons.audit_key = g_steal_pointer (&audit_key);
      return sl_cli_case_persons (globals, &persons, argc - 2, argv + 2);
    }
  if (persons.case_number != NULL || persons.faces != NULL || persons.name != NULL)
    return sl_cli_usage_error (_("case: --case, --face and --name belong to 'case persons'"));
  if (g_str_equal (action, "list") ? argc != 2 : argc != 3)
    return sl_cli_usage_error (_("case: expected 'open NUMBER --title T', 'list' or 'close NUMBER'"));
  if (!g_strv_contains ((const char *const[]) { "open", "list", "close", NULL }, action))
    return sl_cli_usage_error (_("case: unknown action '%s' (expected open, list or close)"), action);
  if (g_str_equal (action, "open") && title == NULL)
    return sl_cli_usage_error (_("case open needs --title TEXT"));

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;

  if (g_str_equal (action, "list"))
    return case_list (globals, engine, session);

  if (g_str_equal (action, "open"))
    {
      g_autoptr(SlCase) c = sl_engine_case_open (engine, session, argv[2], title, &error);

      if (c == NULL)
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          case_to_json (b, c);
          sl_cli_print_json (b);
        }
      else
        printf (_("Opened case %s: %s\n"), c->number, c->title);
      return SL_EXIT_OK;
    }

  if (!sl_engine_case_close (engine, session, argv[2], &error))
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      add_string (b, "number", argv[2]);
      add_string (b, "status", "closed");
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    printf (_("Closed case %s\n"), argv[2]);
  return SL_EXIT_OK;
}

int
sl_cli_evidence (SlCliGlobals  *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case number"), N_("NUMBER") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("import: trust the CA certificates in FILE for https"), N_("FILE") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "import --case NUMBER FILE|URL | list --case NUMBER",
                     _("Imports evidence (a file, file:// or https:// URL) into a case: hashed, copied "
                       "into the read-only evidence store and audited; lists a case's evidence."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc < 2)
    return sl_cli_usage_error (_("evidence: expected import or list (try --help)"));
  action = argv[1];
  if (!g_str_equal (action, "import") && !g_str_equal (action, "list"))
    return sl_cli_usage_error (_("evidence: unknown action '%s' (expected import or list)"), action);
  if (case_number == NULL)
    return sl_cli_usage_error (_("evidence %s needs --case NUMBER"), action);
  if (g_str_equal (action, "import") ? argc != 3 : argc != 2)
    return sl_cli_usage_error (_("evidence: expected 'import --case NUMBER FILE|URL' or 'list --case NUMBER'"));

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;

  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) list = sl_engine_evidence_list (engine, session, case_number, &error);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      if (list == NULL)
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            evidence_to_json (b, engine, g_ptr_array_index (list, i), FALSE);
          json_builder_end_array (b);
          sl_cli_print_json (b);
          return SL_EXIT_OK;
        }
      printf ("%-5s %-8s %-16s %10s %-28s %s\n", _("ID"), _("KIND"), _("SHA-256"), _("BYTES"), _("MEDIA"), _("NAME"));
      for (guint i = 0; i < list->len; i++)
        print_evidence (g_ptr_array_index (list, i));
      return SL_EXIT_OK;
    }

  {
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
    g_autoptr(SlEvidence) e = NULL;
    g_autofree char *label = sl_cli_display_path (argv[2]);
    ImportRun run = { globals, loop, NULL, label };
    SlImportOptions opts = { ca_file, on_import_progress, &run };
    gboolean duplicate = FALSE;

    /* The engine's asynchronous import, waited for here. */
    g_main_context_push_thread_default (context);
    sl_engine_evidence_import_async (engine, session, case_number, argv[2], &opts,
                                     sl_cli_interrupt_cancellable (),
                                     on_import_done, &run);
    g_main_loop_run (loop);
    e = sl_engine_evidence_import_finish (engine, run.result, &duplicate, &error);
    g_clear_object (&run.result);
    g_main_context_pop_thread_default (context);
    sl_cli_progress_end (globals);

    if (e == NULL)
      return sl_cli_store_fail (globals, error);
    if (globals->json)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();
        evidence_to_json (b, engine, e, duplicate);
        sl_cli_print_json (b);
      }
    else if (duplicate)
      printf (_("Already in case %s as evidence %lld (imported by %s at %s); not imported again\n"),
              e->case_number, (long long) e->id, e->imported_by, e->imported_at);
    else
      {
        printf (_("Imported '%s' into case %s as evidence %lld\n"), e->original_name,
                e->case_number, (long long) e->id);
        print_evidence (e);
      }
    return SL_EXIT_OK;
  }
}
