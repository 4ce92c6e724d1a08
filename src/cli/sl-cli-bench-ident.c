/* sl-cli-bench-ident.c: `bench ident`: open-set identification accuracy
 * (rank-1, FNIR at FPIR 1 %) on labelled photos, as JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sl-ident-bench.h"

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
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(SlFaceAnalyzer) analyzer = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *embedder = NULL;
  g_autofree char *model_dir = NULL;
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

  model_dir = globals->model_dir != NULL ? g_strdup (globals->model_dir) : sl_model_dir_default ();
  if (!(manifest = sl_model_manifest_load_default (&error)) ||
      !(analyzer = sl_face_analyzer_new (manifest, model_dir, embedder, &error)) ||
      !sl_ident_bench (analyzer, images, (guint) identities, (guint) threads, on_progress, globals,
                       sl_cli_interrupt_cancellable (), &r,
                       &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gallery_size");
  json_builder_add_int_value (b, r.gallery_size);
  json_builder_set_member_name (b, "mated_probes");
  json_builder_add_int_value (b, r.mated_probes);
  json_builder_set_member_name (b, "nonmated_probes");
  json_builder_add_int_value (b, r.nonmated_probes);
  json_builder_set_member_name (b, "rank1");
  json_builder_add_double_value (b, r.rank1);
  json_builder_set_member_name (b, "rank5");
  json_builder_add_double_value (b, r.rank5);
  json_builder_set_member_name (b, "fnir_at_fpir_0.01");
  json_builder_add_double_value (b, r.fnir);
  json_builder_set_member_name (b, "fpir");
  json_builder_add_double_value (b, r.fpir);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, r.threshold);
  json_builder_set_member_name (b, "identities");
  json_builder_add_int_value (b, r.identities);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, r.images);
  json_builder_set_member_name (b, "no_face");
  json_builder_add_int_value (b, r.no_face);
  json_builder_set_member_name (b, "faces_per_second");
  json_builder_add_double_value (b, r.faces_per_second);
  json_builder_set_member_name (b, "search_ms_median");
  json_builder_add_double_value (b, r.search_ms_median);
  json_builder_set_member_name (b, "threads");
  json_builder_add_int_value (b, r.threads);
  json_builder_set_member_name (b, "wall_s");
  json_builder_add_double_value (b, r.wall_s);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, sl_embedder_get_model (sl_face_analyzer_get_embedder (analyzer))->id);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}
