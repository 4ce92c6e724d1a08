/* sl-cli-galleries.c: `sightline-cli gallery create | list | enroll | test
 * | tests` (the last two in sl-cli-gallery-test.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* Skipped images a person sees listed; --json lists them all. */
#define SHOWN_SKIPPED 50

typedef struct
{
  SlCliGlobals *globals;
  GMainLoop    *loop;
  GAsyncResult *result;
  GCancellable *cancellable;
} EnrolRun;

/* helpers */

static void
gallery_to_json (JsonBuilder     *b,
                 const SlGallery *g)
{
  json_builder_begin_object (b);
  sl_cli_json_int (b, "id", g->id);
  sl_cli_json_string (b, "name", g->name);
  json_builder_set_member_name (b, "description");
  if (g->description != NULL)
    json_builder_add_string_value (b, g->description);
  else
    json_builder_add_null_value (b);
  sl_cli_json_string (b, "model", g->model_id);
  sl_cli_json_string (b, "model_sha256", g->model_sha256);
  sl_cli_json_int (b, "dim", g->dim);
  sl_cli_json_int (b, "subjects", g->n_subjects);
  sl_cli_json_int (b, "faces", g->n_faces);
  sl_cli_json_string (b, "created_by", g->created_by);
  sl_cli_json_string (b, "created_at", g->created_at);
  json_builder_end_object (b);
}

static void
summary_to_json (JsonBuilder          *b,
                 const char           *gallery,
                 const SlEnrolSummary *s)
{
  guint skipped = s->processed - s->counts[SL_ENROL_ENROLLED];

  json_builder_begin_object (b);
  sl_cli_json_string (b, "gallery", gallery);
  sl_cli_json_int (b, "images", s->total);
  sl_cli_json_int (b, "processed", s->processed);
  sl_cli_json_int (b, "enrolled", s->counts[SL_ENROL_ENROLLED]);
  sl_cli_json_int (b, "skipped", skipped);
  json_builder_set_member_name (b, "outcomes");
  json_builder_begin_object (b);
  for (guint k = 0; k < SL_ENROL_N_OUTCOMES; k++)
    {
      json_builder_set_member_name (b, sl_enrol_outcome_to_string (k));
      json_builder_add_int_value (b, s->counts[k]);
    }
  json_builder_end_object (b);
  sl_cli_json_int (b, "subjects_added", s->subjects_added);
  sl_cli_json_bool (b, "interrupted", s->interrupted);
  sl_cli_json_double (b, "wall_s", s->wall_s);
  sl_cli_json_double (b, "images_per_second", s->faces_per_second);
  sl_cli_json_int (b, "threads", s->threads);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      const SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);

      if (o == NULL)
        continue;
      json_builder_begin_object (b);
      sl_cli_json_string (b, "outcome", sl_enrol_outcome_to_string (o->outcome));
      json_builder_set_member_name (b, "subject");
      if (o->external_id != NULL)
        json_builder_add_string_value (b, o->external_id);
      else
        json_builder_add_null_value (b);
      sl_cli_json_string (b, "path", o->path);
      if (o->line > 0)
        {
          sl_cli_json_int (b, "line", o->line);
        }
      if (o->detail != NULL)
        {
          sl_cli_json_string (b, "reason", o->detail);
        }
      if (o->face_id > 0)
        {
          sl_cli_json_int (b, "face_id", o->face_id);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_summary (const char           *gallery,
               const SlEnrolSummary *s)
{
  guint skipped = s->processed - s->counts[SL_ENROL_ENROLLED];
  guint listed = 0;

  printf (_("Enrolled %u of %u images into gallery '%s' (%u new subjects) in %.1f s: %.1f images/s on %u threads\n"),
          s->counts[SL_ENROL_ENROLLED], s->total, gallery, s->subjects_added, s->wall_s, s->faces_per_second,
          s->threads);
  if (s->interrupted)
    printf (_("Interrupted after %u of %u images: what was enrolled is kept; run the same command again to "
              "continue\n"), s->processed, s->total);
  if (skipped == 0)
    return;
  printf (_("Skipped %u:\n"), skipped);
  for (guint k = 1; k < SL_ENROL_N_OUTCOMES; k++)
    if (s->counts[k] > 0)
      printf ("  %-17s %u\n", sl_enrol_outcome_to_string (k), s->counts[k]);
  for (guint i = 0; i < s->outcomes->len && listed < SHOWN_SKIPPED; i++)
    {
      const SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);

      if (o == NULL || o->outcome == SL_ENROL_ENROLLED)
        continue;
      if (o->line > 0)
        printf ("  %s (line %u): %s: %s\n", o->path, o->line, sl_enrol_outcome_to_string (o->outcome), o->detail);
      else
        printf ("  %s: %s: %s\n", o->path, sl_enrol_outcome_to_string (o->outcome), o->detail);
      listed++;
    }
  if (skipped > listed)
    printf (_("  ... and %u more (--json lists every image)\n"), skipped - listed);
}

/* callbacks */

static void
on_enrol_progress (guint    done,
                   guint    total,
                   gpointer user_data)
{
  EnrolRun *run = user_data;
  sl_cli_progress (run->globals, _("Enrolling"), done, total);
}

static void
on_enrol_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EnrolRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* public API */

int
sl_cli_gallery (SlCliGlobals  *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *embedder = NULL;
  g_autofree char *description = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *audit_key = NULL;
  g_autofree char *probes = NULL;
  g_autofree char *images = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int threads = 0;
  int ret;
  GOptionEntry entries[] = {
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("create: the embedder model (default: the manifest's)"), N_("ID") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("create: what the gallery holds"), N_("TEXT") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("enroll: one sub-folder per subject, named by its external id"), N_("DIR") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("enroll: external_id,name,image_path[,metadata...]"), N_("FILE") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("enroll, test: worker threads (default: one per core)"), N_("N") },
    { "probes", 0, 0, G_OPTION_ARG_FILENAME, &probes, N_("test: image,[identity,]group columns... of people not in the gallery (identity: mated)"), N_("FILE.csv") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images, N_("test: the folder the probe list's images are relative to"), N_("DIR") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "create NAME | list | enroll NAME (--dir DIR | --csv FILE) | "
                     "test NAME --probes FILE.csv --images DIR | tests [NAME]",
                     _("Creates galleries (each tied to one embedder), lists them, and enrols reference photos "
                       "with an outcome for every image. Enrolment can be interrupted (Ctrl+C) and run again: "
                       "images already enrolled are skipped."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc < 2)
    return sl_cli_usage_error (_("gallery: expected create, list, enroll, test or tests (try --help)"));
  /* The C API and the app write "enrol"; the command keeps "enroll" and takes both. */
  action = g_str_equal (argv[1], "enrol") ? "enroll" : argv[1];
  if (!g_strv_contains ((const char *const[]) { "create", "list", "enroll", "test", "tests", NULL }, action))
    return sl_cli_usage_error (_("gallery: unknown action '%s' (expected create, list, enroll, test or tests)"),
                               action);
  if (g_str_equal (action, "tests") && argc > 3)
    return sl_cli_usage_error (_("gallery: expected 'tests [NAME]'"));
  if (g_str_equal (action, "test") && (argc != 3 || probes == NULL || images == NULL))
    return sl_cli_usage_error (_("gallery: expected 'test NAME --probes FILE.csv --images DIR'"));
  if (!g_str_equal (action, "tests") && (g_str_equal (action, "list") ? argc != 2 : argc != 3))
    return sl_cli_usage_error (_("gallery: expected 'create NAME', 'list' or 'enroll NAME --dir DIR|--csv FILE'"));
  if (g_str_equal (action, "enroll") && (dir == NULL) == (csv == NULL))
    return sl_cli_usage_error (_("gallery enroll needs either --dir DIR or --csv FILE"));
  if (threads < 0)
    return sl_cli_usage_error (_("--threads must not be negative"));

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (globals->model_dir != NULL)
    sl_engine_set_model_dir (engine, globals->model_dir);

  if (g_str_equal (action, "test"))
    return sl_cli_gallery_test (globals, engine, session, argv[2], probes, images, (guint) threads);
  if (g_str_equal (action, "tests"))
    return sl_cli_gallery_tests (globals, engine, session, argc == 3 ? argv[2] : NULL);

  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) list = sl_engine_gallery_list (engine, session, &error);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      if (list == NULL)
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            gallery_to_json (b, g_ptr_array_index (list, i));
          json_builder_end_array (b);
          sl_cli_print_json (b);
          return SL_EXIT_OK;
        }
      printf ("%-24s %-14s %9s %9s %s\n", _("NAME"), _("MODEL"), _("SUBJECTS"), _("FACES"), _("CREATED"));
      for (guint i = 0; i < list->len; i++)
        {
          SlGallery *g = g_ptr_array_index (list, i);
          printf ("%-24s %-14s %9" PRId64 " %9" PRId64 " %s by %s\n", g->name, g->model_id,
                  g->n_subjects, g->n_faces, g->created_at, g->created_by);
        }
      return SL_EXIT_OK;
    }

  if (g_str_equal (action, "create"))
    {
      g_autoptr(SlGallery) g = sl_engine_gallery_create (engine, session, argv[2], description, embedder, &error);

      if (g == NULL)
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          gallery_to_json (b, g);
          sl_cli_print_json (b);
        }
      else
        printf (_("Created gallery '%s' for embedder %s (%u-d, SHA-256 %.16s…)\n"), g->name, g->model_id, g->dim,
                g->model_sha256);
      return SL_EXIT_OK;
    }

  {
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
    /* SIGINT and SIGTERM cancel it (sl-cli-signals.c): the engine
     * finishes the images under way and keeps what is done. */
    GCancellable *cancellable = sl_cli_interrupt_cancellable ();
    g_autoptr(SlEnrolSummary) summary = NULL;
    EnrolRun run = { globals, loop, NULL, cancellable };
    SlEnrolOptions opts = { dir, csv, (guint) threads, on_enrol_progress, &run };

    g_main_context_push_thread_default (context);
    sl_engine_gallery_enrol_async (engine, session, argv[2], &opts, cancellable, on_enrol_done, &run);
    g_main_loop_run (loop);
    summary = sl_engine_gallery_enrol_finish (engine, run.result, &error);
    g_clear_object (&run.result);
    g_main_context_pop_thread_default (context);
    sl_cli_progress_end (globals);

    if (summary == NULL)
      return sl_cli_store_fail (globals, error);
    if (globals->json)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();
        summary_to_json (b, argv[2], summary);
        sl_cli_print_json (b);
      }
    else
      print_summary (argv[2], summary);
    return summary->interrupted ? SL_EXIT_FAILED : SL_EXIT_OK;
  }
}
