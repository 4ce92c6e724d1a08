/* sl-cli-bench-persons.c: `bench persons [--images DIR] [--cache FILE]
 * [--faces N]`: purity and completeness of the grouping of a case's faces
 * into persons on labelled photos, and its time and memory on N faces.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"
#include "bench/sl-persons-bench.h"

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
sl_cli_bench_persons (SlCliGlobals  *globals,
                      int            argc,
                      char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *embedder = NULL;
  SlPersonsBenchResult r;
  int threads = 0, faces = 5000;
  GOptionEntry entries[] = {
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images,
      N_("Folder of Name/Name_NNNN.jpg images (default: the shared LFW development set)"), N_("DIR") },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache,
      N_("Read the embeddings from FILE (and FILE.labels), or write them there"), N_("FILE") },
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, N_("Faces in the timed case (default 5000)"), N_("N") },
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("Embedder model id"), N_("ID") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Worker threads (default: one per core)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "persons",
                     _("Groups the central face of every labelled photo into persons at the calibrated "
                       "thresholds of false-match rates 1e-4, 1e-5 and 1e-6 and compares the groups with the "
                       "folder names (purity, completeness); then times the grouping of a case of N faces."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (threads < 0 || faces < 1 || faces > 1000000)
    return sl_cli_usage_error (_("--threads must not be negative and --faces must be from 1 to 1,000,000"));
  if (images == NULL)
    {
      const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");

      if (shared == NULL)
        return sl_cli_usage_error (_("bench persons needs --images DIR (or SIGHTLINE_SHARED_DIR)"));
      images = g_build_filename (shared, "datasets", "lfw-view1", "images", NULL);
    }

  if (!(analyser = sl_engine_tools_analyser_new (globals->model_dir, embedder, &error)) ||
      !sl_persons_bench (analyser, globals->model_dir, images, cache, (guint) faces, (guint) threads, on_progress,
                         globals, sl_cli_interrupt_cancellable (), &r, &error))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  json_builder_begin_object (b);
  sl_cli_json_string (b, "model", r.model_id);
  sl_cli_json_int (b, "images", r.images);
  sl_cli_json_int (b, "identities", r.identities);
  sl_cli_json_int (b, "faces", r.faces);
  sl_cli_json_int (b, "no_face", r.no_face);
  sl_cli_json_bool (b, "cached", r.cached);
  sl_cli_json_double (b, "embed_s", r.embed_s);
  json_builder_set_member_name (b, "grouping");
  json_builder_begin_array (b);
  for (guint k = 0; k < SL_PERSONS_BENCH_RATES; k++)
    {
      const SlPersonsQuality *q = &r.quality[k];

      json_builder_begin_object (b);
      sl_cli_json_double (b, "false_match_rate", q->rate);
      sl_cli_json_double (b, "threshold", q->threshold);
      sl_cli_json_bool (b, "beyond_measured_range", q->beyond);
      sl_cli_json_int (b, "groups", q->groups);
      sl_cli_json_int (b, "mixed_groups", q->mixed_groups);
      sl_cli_json_int (b, "split_identities", q->split_identities);
      sl_cli_json_double (b, "purity", q->purity);
      sl_cli_json_double (b, "completeness", q->completeness);
      sl_cli_json_double (b, "pair_precision", q->pair_precision);
      sl_cli_json_double (b, "pair_recall", q->pair_recall);
      sl_cli_json_double (b, "group_s", q->group_s);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sl_cli_json_int (b, "timed_faces", r.timed_faces);
  sl_cli_json_int (b, "timed_groups", r.timed_groups);
  sl_cli_json_double (b, "timed_group_s", r.timed_group_s);
  sl_cli_json_double (b, "timed_peak_mb", r.timed_peak_mb);
  sl_cli_json_double (b, "rss_mb", r.rss_mb);
  sl_cli_json_double (b, "case_setup_s", r.case_setup_s);
  sl_cli_json_double (b, "within_case_search_ms", r.within_ms);
  sl_cli_json_double (b, "within_case_compare_ms", r.within_compare_ms);
  sl_cli_json_double (b, "case_persons_ms", r.persons_ms);
  sl_cli_json_double (b, "case_persons_group_ms", r.persons_group_ms);
  sl_cli_json_int (b, "case_persons", r.case_persons);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  sl_persons_bench_result_clear (&r);
  return SL_EXIT_OK;
}
