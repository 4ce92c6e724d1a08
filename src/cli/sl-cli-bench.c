/* sl-cli-bench.c: `bench lfw`: measured accuracy and speed, as JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli/sl-cli-private.h"
#include "engine/sl-bench.h"

typedef struct
{
  SlCliGlobals *globals;
} BenchProgress;

/* callbacks */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  BenchProgress *p = user_data;
  sl_cli_progress (p->globals, _("Faces"), done, total);
}

/* public API */

static int
bench_lfw (SlCliGlobals  *globals,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(SlFaceAnalyzer) analyzer = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *train = NULL;
  g_autofree char *images = NULL;
  g_autofree char *embedder = NULL;
  g_autofree char *model_dir = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int threads = 0;
  SlLfwBenchResult r;
  BenchProgress progress = { globals };
  GOptionEntry entries[] = {
    { "pairs", 0, 0, G_OPTION_ARG_FILENAME, &pairs, N_("Pair list to measure (LFW View 1 or View 2)"), N_("FILE") },
    { "train", 0, 0, G_OPTION_ARG_FILENAME, &train, N_("Pair list to choose the threshold on"), N_("FILE") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images, N_("Folder of Name/Name_NNNN.jpg images"), N_("DIR") },
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("Embedder model id"), N_("ID") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Worker threads (default: one per core)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "lfw", _("Verification accuracy, TAR at FAR and speed on labelled pairs."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (pairs == NULL || images == NULL)
    return sl_cli_usage_error (_("bench lfw needs --pairs FILE and --images DIR"));
  if (threads < 0)
    return sl_cli_usage_error (_("--threads must not be negative"));

  model_dir = globals->model_dir != NULL ? g_strdup (globals->model_dir) : sl_model_dir_default ();
  if (!(manifest = sl_model_manifest_load_default (&error)) ||
      !(analyzer = sl_face_analyzer_new (manifest, model_dir, embedder, &error)) ||
      !sl_bench_lfw (analyzer, pairs, train, images, (guint) threads, on_progress, &progress,
                     NULL, &r, &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pairs");
  json_builder_add_int_value (b, r.pairs);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, r.accuracy);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, r.threshold);
  json_builder_set_member_name (b, "tar_at_far");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "0.01");
  json_builder_add_double_value (b, r.tar_at_far_1e2);
  json_builder_set_member_name (b, "0.001");
  json_builder_add_double_value (b, r.tar_at_far_1e3);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "no_face");
  json_builder_add_int_value (b, r.no_face);
  json_builder_set_member_name (b, "detect_ms_median");
  json_builder_add_double_value (b, r.detect_ms_median);
  json_builder_set_member_name (b, "embed_ms_median");
  json_builder_add_double_value (b, r.embed_ms_median);
  json_builder_set_member_name (b, "faces_per_second");
  json_builder_add_double_value (b, r.faces_per_second);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, r.images);
  json_builder_set_member_name (b, "folds");
  json_builder_add_int_value (b, r.folds);
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

int
sl_cli_bench (SlCliGlobals  *globals,
              int            argc,
              char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "lfw"))
    {
      argv[1] = argv[0];
      return bench_lfw (globals, argc - 1, argv + 1);
    }
  if (argc >= 2 && g_str_equal (argv[1], "audit"))
    {
      argv[1] = argv[0];
      return sl_cli_bench_audit (globals, argc - 1, argv + 1);
    }
  return sl_cli_usage_error (_("bench takes: lfw --pairs F --images DIR [--train F], or audit [--rows N]"));
}
