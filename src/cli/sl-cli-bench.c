/* sl-cli-bench.c: `bench lfw` and `bench footage`: measured accuracy and
 * speed, as JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli/sl-cli-private.h"
#include "bench/sl-lfw-bench.h"
#include "engine/sightline-engine.h"
#include "bench/sl-search-bench.h"

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

static void
on_footage_progress (const SlFootageProgress *progress,
                     gpointer                 user_data)
{
  BenchProgress *p = user_data;
  sl_cli_progress (p->globals, _("Footage"), (guint64) (progress->fraction * 1000), 1000);
}

/* The benchmark streams tracks as a store will: each is dropped once
 * counted, so memory shows what the analysis itself needs. */
static gboolean
on_footage_track (SlFootageTrack  *track,
                  gpointer         user_data,
                  GError         **error)
{
  sl_footage_track_free (track);
  return TRUE;
}

/* The peak resident set of this process, in MiB, or -1. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* public API */

static int
bench_footage (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlFootageResult) r = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SlFootageOptions options;
  BenchProgress progress = { globals };
  double fps = SL_FOOTAGE_DEFAULT_SAMPLE_FPS, duration_s;
  int threads = 0, min_face = 0;
  GOptionEntry entries[] = {
    { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &fps, N_("Samples a second (default 5; 0: every frame)"), N_("F") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Worker threads (default: one per core)"), N_("N") },
    { "min-face", 0, 0, G_OPTION_ARG_INT, &min_face, N_("Smallest face looked for, in pixels (default 32)"), N_("PX") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "footage VIDEO", _("Frames per second, real-time factor and peak memory of footage analysis."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("bench footage needs one VIDEO"));
  if (fps < 0 || threads < 0 || min_face < 0)
    return sl_cli_usage_error (_("--fps, --threads and --min-face must not be negative"));

  sl_footage_options_init (&options);
  options.sample_fps = fps;
  options.n_threads = (guint) threads;
  if (min_face > 0)
    options.min_face_px = min_face;
  if (!(analyser = sl_engine_tools_analyser_new (globals->model_dir, NULL, &error)) ||
      !(r = sl_footage_analyse (analyser, argv[1], &options, on_footage_track, on_footage_progress,
                                &progress, sl_cli_interrupt_cancellable (), &error)))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  duration_s = r->info.duration_s > 0 ? r->info.duration_s
             : r->info.fps > 0 ? r->frames_decoded / r->info.fps : 0;
  if (r->partial)
    duration_s = r->stopped_ms / 1000.0;
  json_builder_begin_object (b);
  sl_cli_json_double (b, "duration_s", duration_s);
  sl_cli_json_int (b, "frames_decoded", r->frames_decoded);
  sl_cli_json_int (b, "samples", (gint64) r->samples);
  sl_cli_json_int (b, "tracks", r->n_tracks);
  sl_cli_json_double (b, "wall_s", r->wall_s);
  sl_cli_json_double (b, "realtime_factor", r->wall_s > 0 ? duration_s / r->wall_s : 0);
  sl_cli_json_double (b, "peak_rss_mb", peak_rss_mb ());
  sl_cli_json_int (b, "faces", (gint64) r->faces);
  sl_cli_json_int (b, "cuts", r->cuts);
  sl_cli_json_double (b, "sample_fps", r->sample_fps);
  sl_cli_json_int (b, "width", r->info.width);
  sl_cli_json_int (b, "height", r->info.height);
  sl_cli_json_int (b, "threads", r->threads);
  sl_cli_json_bool (b, "partial", r->partial);
  if (r->partial)
    {
      sl_cli_json_string (b, "stop_error", r->stop_error->message);
    }
  json_builder_end_object (b);
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}

static int
bench_lfw (SlCliGlobals  *globals,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *train = NULL;
  g_autofree char *images = NULL;
  g_autofree char *embedder = NULL;
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

  if (!(analyser = sl_engine_tools_analyser_new (globals->model_dir, embedder, &error)) ||
      !sl_bench_lfw (analyser, pairs, train, images, (guint) threads, on_progress, &progress,
                     sl_cli_interrupt_cancellable (), &r, &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "pairs", r.pairs);
  sl_cli_json_double (b, "accuracy", r.accuracy);
  sl_cli_json_double (b, "threshold", r.threshold);
  json_builder_set_member_name (b, "tar_at_far");
  json_builder_begin_object (b);
  sl_cli_json_double (b, "0.01", r.tar_at_far_1e2);
  sl_cli_json_double (b, "0.001", r.tar_at_far_1e3);
  json_builder_end_object (b);
  sl_cli_json_int (b, "no_face", r.no_face);
  sl_cli_json_double (b, "detect_ms_median", r.detect_ms_median);
  sl_cli_json_double (b, "embed_ms_median", r.embed_ms_median);
  sl_cli_json_double (b, "faces_per_second", r.faces_per_second);
  sl_cli_json_int (b, "images", r.images);
  sl_cli_json_int (b, "folds", r.folds);
  sl_cli_json_int (b, "threads", r.threads);
  sl_cli_json_double (b, "wall_s", r.wall_s);
  sl_cli_json_string (b, "model", sl_embedder_get_model (sl_face_analyser_get_embedder (analyser))->id);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}

static void
on_search_progress (const char *stage,
                    guint64     done,
                    guint64     total,
                    gpointer    user_data)
{
  const char *label = g_str_equal (stage, "generate") ? _("Gallery")
                      : g_str_equal (stage, "search") ? _("Searches")
                      : _("Brute force");

  sl_cli_progress (user_data, label, done, total);
}

static int
bench_search (SlCliGlobals  *globals,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *keep_data = NULL;
  g_autofree char *exact = NULL;
  SlSearchBenchOptions o;
  SlSearchBenchResult r;
  int size = 0, dim = 512, queries = 100, threads = 0, per_subject = 1, recall_queries = 10;
  gint64 seed = 20240601;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT, &size, N_("Gallery rows (faces)"), N_("N") },
    { "dim", 0, 0, G_OPTION_ARG_INT, &dim, N_("Embedding dimension (default 512)"), N_("D") },
    { "queries", 0, 0, G_OPTION_ARG_INT, &queries, N_("Probes searched one at a time (default 100)"), N_("Q") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Threads sharing one search (default: one per core)"), N_("T") },
    { "per-subject", 0, 0, G_OPTION_ARG_INT, &per_subject, N_("Gallery rows per subject (default 1)"), N_("R") },
    { "recall-queries", 0, 0, G_OPTION_ARG_INT, &recall_queries, N_("Probes checked against brute force (default 10)"), N_("Q") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the synthetic gallery"), N_("S") },
    { "keep-data", 0, 0, G_OPTION_ARG_FILENAME, &keep_data, N_("Leave the float32 rows in FILE and the probes in FILE.probes"), N_("FILE") },
    { "exact", 0, 0, G_OPTION_ARG_STRING, &exact, N_("How exact rows are read for re-ranking: pread (default) or mmap"), N_("HOW") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "search", _("1:N search latency and memory on a synthetic gallery of unit vectors."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (size < 1 || dim < 1 || queries < 1 || threads < 0 || per_subject < 1 || recall_queries < 0 || seed < 0)
    return sl_cli_usage_error (_("bench search takes --size N (N >= 1), and --dim, --queries, --per-subject of at least 1"));
  if (exact != NULL && !g_str_equal (exact, "pread") && !g_str_equal (exact, "mmap"))
    return sl_cli_usage_error (_("--exact takes pread or mmap"));

  sl_search_bench_options_init (&o);
  o.size = (guint) size;
  o.dim = (guint) dim;
  o.queries = (guint) queries;
  o.threads = (guint) threads;
  o.per_subject = (guint) per_subject;
  o.recall_queries = (guint) recall_queries;
  o.seed = (guint64) seed;
  o.keep_data = keep_data;
  o.exact_mapped = g_strcmp0 (exact, "mmap") == 0;
  if (!sl_search_bench (&o, on_search_progress, globals, &r, &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "size", r.size);
  sl_cli_json_int (b, "dim", r.dim);
  sl_cli_json_double (b, "median_ms", r.median_ms);
  sl_cli_json_double (b, "p95_ms", r.p95_ms);
  sl_cli_json_double (b, "rss_mb", r.rss_mb);
  sl_cli_json_double (b, "recall_at_50", r.recall_at_top_k);
  sl_cli_json_double (b, "build_s", r.build_s);
  sl_cli_json_int (b, "threads", r.threads);
  sl_cli_json_int (b, "queries", r.queries);
  sl_cli_json_int (b, "recall_queries", r.recall_queries);
  sl_cli_json_bool (b, "identical_to_brute_force", r.identical);
  sl_cli_json_double (b, "hwm_mb", r.hwm_mb);
  sl_cli_json_double (b, "matcher_mb", r.matcher_mb);
  sl_cli_json_double (b, "rescored_mean", r.rescored_mean);
  sl_cli_json_double (b, "brute_force_ms", r.brute_force_ms);
  sl_cli_json_double (b, "generate_s", r.generate_s);
  sl_cli_json_int (b, "per_subject", o.per_subject);
  sl_cli_json_string (b, "kernel", r.kernel);
  sl_cli_json_string (b, "exact_rows", o.exact_mapped ? "mmap" : "pread");
  sl_cli_json_double (b, "load_1min", r.load_1min);
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
  static const struct
  {
    const char       *name;
    SlCliCommandFunc  func;
  } benches[] = {
    { "lfw",     bench_lfw },
    { "ident",   sl_cli_bench_ident },
    { "report",  sl_cli_bench_report },
    { "accountability", sl_cli_bench_accountability },
    { "search",  bench_search },
    { "footage", bench_footage },
    { "audit",   sl_cli_bench_audit },
    { "startup", sl_cli_bench_startup },
    { "persons", sl_cli_bench_persons },
    { "viewer",  sl_cli_bench_viewer },
    { "desks",   sl_cli_bench_desks },
    { "desk",    sl_cli_bench_desk },
  };

  /* The benchmark's name is the first argument that is not an option:
   * global options (--db URI) may come before it, as before any command. */
  int at = 1;

  while (at < argc && argv[at][0] == '-')
    at += g_str_equal (argv[at], "--db") || g_str_equal (argv[at], "--user") ||
          g_str_equal (argv[at], "--model-dir") ? 2 : 1;
  for (guint i = 0; at < argc && i < G_N_ELEMENTS (benches); i++)
    if (g_str_equal (argv[at], benches[i].name))
      {
        /* The benchmark sees its own name as argv[0], the options before
         * it after. */
        for (int k = at; k > 1; k--)
          argv[k] = argv[k - 1];
        argv[1] = argv[0];
        return benches[i].func (globals, argc - 1, argv + 1);
      }
  return sl_cli_usage_error (_("bench takes: lfw --pairs F --images DIR [--train F] | ident --images DIR | "
                               "search --size N | footage VIDEO [--fps F] | audit [--rows N] | report [--searches N] | "
                               "accountability [--searches N] | "
                               "startup [--rows N] | persons [--cache F] [--faces N] | viewer VIDEO [--seeks N] [--play S] | "
                               "desks [--desks N] [--seconds S]"));
}
