/* sl-cli-bench-ident.c: `bench ident`: open-set identification accuracy
 * (rank-1, FNIR at FPIR 1 %) on labelled photos, as JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"
#include "bench/sl-ident-bench.h"

/* callbacks */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  sl_cli_progress (user_data, _("Faces"), done, total);
}

/* public API */

int
sl_cli_bench_ident (SlCliGlobals  *globals,
                    int            argc,
                    char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *embedder = NULL;
  SlIdentBenchResult r;
  int threads = 0, identities = 0;
  GOptionEntry entries[] = {
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images, N_("Folder of Name/Name_NNNN.jpg images"), N_("DIR") },
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("Embedder model id"), N_("ID") },
    { "identities", 0, 0, G_OPTION_ARG_INT, &identities, N_("Use only the first N identity folders (default: all)"), N_("N") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Worker threads (default: one per core)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "ident",
                     _("Open-set identification: one image of every other identity with two or more images is "
                       "enrolled, their other images are mated searches, the identities held out are non-mated "
                       "searches. Rank-1 identification rate and FNIR at FPIR 1 %."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (images == NULL)
    return sl_cli_usage_error (_("bench ident needs --images DIR"));
  if (threads < 0 || identities < 0)
    return sl_cli_usage_error (_("--threads and --identities must not be negative"));

  if (!(analyser = sl_engine_tools_analyser_new (globals->model_dir, embedder, &error)) ||
      !sl_ident_bench (analyser, images, (guint) identities, (guint) threads, on_progress, globals,
                       sl_cli_interrupt_cancellable (), &r,
                       &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "gallery_size", r.gallery_size);
  sl_cli_json_int (b, "mated_probes", r.mated_probes);
  sl_cli_json_int (b, "nonmated_probes", r.nonmated_probes);
  sl_cli_json_double (b, "rank1", r.rank1);
  sl_cli_json_double (b, "rank5", r.rank5);
  sl_cli_json_double (b, "fnir_at_fpir_0.01", r.fnir);
  sl_cli_json_double (b, "fpir", r.fpir);
  sl_cli_json_double (b, "threshold", r.threshold);
  sl_cli_json_int (b, "identities", r.identities);
  sl_cli_json_int (b, "images", r.images);
  sl_cli_json_int (b, "no_face", r.no_face);
  sl_cli_json_double (b, "faces_per_second", r.faces_per_second);
  sl_cli_json_double (b, "search_ms_median", r.search_ms_median);
  sl_cli_json_int (b, "threads", r.threads);
  sl_cli_json_double (b, "wall_s", r.wall_s);
  sl_cli_json_string (b, "model", sl_embedder_get_model (sl_face_analyser_get_embedder (analyser))->id);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}
