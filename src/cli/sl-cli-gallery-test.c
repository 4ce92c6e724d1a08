/* sl-cli-gallery-test.c: `sightline-cli gallery test GALLERY --probes FILE
 * --images DIR` and `gallery tests [GALLERY]`: an administrator's test of
 * a live gallery with probes of people known not to be in it, and the
 * results of earlier tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef struct
{
  SlCliGlobals *globals;
  GMainLoop    *loop;
  GAsyncResult *result;
  GCancellable *cancellable;
} TestRun;

/* helpers */

static char *
group_label (const SlGalleryTestGroup *g)
{
  if (g->attribute == NULL)
    return g_strdup (_("all probes"));
  return g_strdup_printf ("%s = %s", g->attribute, g->group);
}

static void
print_result (const SlGalleryTestResult *r)
{
  printf (_("Gallery test %" PRId64 " of '%s' (%" PRId64 " subjects, %" PRId64
            " faces, model %s) at threshold %.3f, top-%u, by %s, %s\n"),
          r->id, r->gallery, r->gallery_subjects, r->gallery_faces, r->model_id, r->threshold, r->top_k,
          r->run_by, r->started_at);
  printf (_("Probes: %u (%u non-mated searched, %u mated searched, %u without a face) from %s\n"), r->probes,
          r->nonmated, r->mated, r->no_face, r->probes_file);
  if (r->calibrated)
    printf (_("The calibration predicts %.4f false candidates per search in this gallery (%s)\n"), r->expected_false,
            r->threshold_describe);
  printf ("%-28s %9s %22s %11s %13s %9s\n", _("GROUP"), _("SEARCHES"),
          /* xgettext:no-c-format */
          _("FPIR (95 % interval)"),
          _("FALSE/SRCH"), _("MATED FNIR"), _("RANK-1"));
  for (guint i = 0; i < r->groups->len; i++)
    {
      const SlGalleryTestGroup *g = g_ptr_array_index (r->groups, i);
      g_autofree char *label = group_label (g);
      g_autofree char *fpir = NULL;
      g_autofree char *fnir = NULL;
      g_autofree char *rank1 = NULL;

      fpir = g->searches > 0 ? g_strdup_printf ("%u (%.1f %%, %.1f-%.1f)", g->with_candidate, 100 * g->fpir,
                                                100 * g->fpir_lo, 100 * g->fpir_hi)
                             : g_strdup ("-");
      fnir = g->mated_searches > 0 ? g_strdup_printf ("%u/%u %.1f %%", g->mated_missed, g->mated_searches,
                                                      100 * g->fnir)
                                   : g_strdup ("-");
      rank1 = g->mated_searches > 0 ? g_strdup_printf ("%.1f %%", 100 * g->rank1) : g_strdup ("-");
      printf ("%-28s %9u %22s %11.3f %13s %9s\n", label, g->searches, fpir, g->mean_false, fnir, rank1);
    }
  if (r->implicated->len > 0)
    {
      printf (_("False candidates by the gallery's own groups:\n"));
      for (guint i = 0; i < r->implicated->len; i++)
        {
          const SlGalleryTestImplicated *m = g_ptr_array_index (r->implicated, i);
          printf ("  %s = %s: %u false candidates (%u subjects in the gallery)\n", m->attribute, m->group,
                  m->false_candidates, m->subjects);
        }
    }
}

/* callbacks */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  TestRun *run = user_data;
  sl_cli_progress (run->globals, _("Searching probes"), done, total);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  TestRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* public API */

int
sl_cli_gallery_test (SlCliGlobals  *globals,
                     SlEngine      *engine,
                     SlSession     *session,
                     const char    *gallery,
                     const char    *probes,
                     const char    *images,
                     guint          n_threads)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  /* SIGINT and SIGTERM cancel it (sl-cli-signals.c): nothing is stored
   * for a test that did not finish. */
  GCancellable *cancellable = sl_cli_interrupt_cancellable ();
  g_autoptr(SlGalleryTestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TestRun run = { globals, loop, NULL, cancellable };
  SlGalleryTestOptions opts = { probes, images, n_threads, on_progress, &run };

  g_main_context_push_thread_default (context);
  sl_engine_gallery_test_async (engine, session, gallery, &opts, cancellable, on_done, &run);
  g_main_loop_run (loop);
  result = sl_engine_gallery_test_finish (engine, run.result, &error);
  g_clear_object (&run.result);
  g_main_context_pop_thread_default (context);
  sl_cli_progress_end (globals);

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Said here, not by sl_cli_fail (): what was kept is known. */
          fprintf (stderr, "sightline-cli: %s\n", _("The gallery test was interrupted: nothing was stored"));
          return SL_EXIT_FAILED;
        }
      return sl_cli_fail (globals, error);
    }
  if (globals->json)
    {
      g_autoptr(JsonNode) node = sl_gallery_test_result_to_json (result);
      g_autofree char *text = json_to_string (node, FALSE);
      puts (text);
      fflush (stdout);
    }
  else
    print_result (result);
  return SL_EXIT_OK;
}

int
sl_cli_gallery_tests (SlCliGlobals  *globals,
                      SlEngine      *engine,
                      SlSession     *session,
                      const char    *gallery)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sl_engine_gallery_tests (engine, session, gallery, &error);

  if (list == NULL)
    return sl_cli_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;
      JsonArray *a = json_array_new ();

      for (guint i = 0; i < list->len; i++)
        json_array_add_element (a, sl_gallery_test_result_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, a);
      text = json_to_string (node, FALSE);
      puts (text);
      fflush (stdout);
      return SL_EXIT_OK;
    }
  if (list->len == 0)
    printf (_("No gallery test has been run\n"));
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        putchar ('\n');
      print_result (g_ptr_array_index (list, i));
    }
  return SL_EXIT_OK;
}
