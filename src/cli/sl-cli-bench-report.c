/* sl-cli-bench-report.c: `bench report --searches N`: how long the case
 * report of a case with N searches takes, on a temporary database built
 * from real photos: a gallery of LFW identities, one probe photo a search,
 * a first and a second decision on each top candidate.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

#define BENCH_PASSWORD "bench-report-password-1"
#define BENCH_CASE     "BENCH-REPORT-1"
#define BENCH_FACTS    "A person matching the description was filmed at the scene at 21:40 and left on foot."

/* helpers */

/* The identities with two photos or more: the first photo of each is
 * enrolled (a folder of symbolic links), the second is a probe. */
static GPtrArray *
pick_identities (const char  *images,
                 const char  *gallery_dir,
                 guint        n,
                 GError     **error)
{
  g_autoptr(GPtrArray) all = sl_dir_list_sorted (images, error);
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_free);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len && probes->len < n; i++)
    {
      const char *name = g_ptr_array_index (all, i);
      g_autofree char *sub = g_build_filename (images, name, NULL);
      g_autoptr(GPtrArray) files = sl_dir_list_sorted (sub, NULL);
      g_autofree char *dst_dir = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (files == NULL || files->len < 2)
        continue;
      dst_dir = g_build_filename (gallery_dir, name, NULL);
      from = g_build_filename (sub, g_ptr_array_index (files, 0), NULL);
      to = g_build_filename (dst_dir, g_ptr_array_index (files, 0), NULL);
      if (g_mkdir_with_parents (dst_dir, 0700) != 0 || symlink (from, to) != 0)
        {
          int errsv = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Cannot link '%s': %s"), to,
                       g_strerror (errsv));
          return NULL;
        }
      g_ptr_array_add (probes, g_build_filename (sub, g_ptr_array_index (files, 1), NULL));
    }
  if (probes->len < n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("'%s' has only %u identities with two photos or more; %u are needed"), images, probes->len,
                   n);
      return NULL;
    }
  return g_steal_pointer (&probes);
}

static gint64
largest_face (SlAnalysis *a)
{
  gint64 best = 0;
  float area = -1;

  for (guint i = 0; a->faces != NULL && i < a->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (a->faces, i);

      if (f->box[2] * f->box[3] > area)
        {
          area = f->box[2] * f->box[3];
          best = f->id;
        }
    }
  return best;
}

/* The case: one search per probe photo, both decisions on the top one, by
 * two people other than the investigator who searched. */
static gboolean
build_case (SlEngine    *engine,
            SlSession   *investigator,
            SlSession   *supervisor,
            SlSession   *reviewer,
            GPtrArray   *probes,
            guint       *n_candidates,
            GError     **error)
{
  g_autoptr(SlCase) c = sl_engine_case_open (engine, investigator, BENCH_CASE, "Report benchmark", error);

  if (c == NULL)
    return FALSE;
  for (guint i = 0; i < probes->len; i++)
    {
      g_autoptr(SlEvidence) e = NULL;
      g_autoptr(SlAnalysis) a = NULL;
      g_autoptr(SlSearchResult) r = NULL;
      SlSearchRequest req = { 0, };
      SlDecideResult decided;

      if (!(e = sl_engine_evidence_import (engine, investigator, BENCH_CASE, g_ptr_array_index (probes, i), NULL,
                                           NULL, NULL, error)) ||
          !(a = sl_engine_analyse (engine, investigator, BENCH_CASE, e->id, NULL, NULL, error)))
        return FALSE;
      req.case_number = BENCH_CASE;
      req.face_id = largest_face (a);
      req.gallery = "bench";
      req.offense = "ROBBERY";
      req.legal_basis = "Warrant 2024/117 of the district court";
      req.purpose = "suspect";
      req.facts = BENCH_FACTS;
      req.top_k = 10;
      req.show_below_threshold = TRUE;
      if (req.face_id == 0)
        continue;
      if (!(r = sl_engine_search (engine, investigator, &req, NULL, error)))
        return FALSE;
      *n_candidates += r->candidates->len;
      if (r->candidates->len == 0)
        continue;
      {
        SlSearchCandidate *top = g_ptr_array_index (r->candidates, 0);

        if (!sl_engine_decide (engine, supervisor, top->candidate_id, "possible-lead",
                               "Same ears, nose and hairline as the probe", &decided, error) ||
            !sl_engine_decide (engine, reviewer, top->candidate_id, "possible-lead",
                               "Independently compared: the same features", &decided, error))
          return FALSE;
      }
    }
  return TRUE;
}

/* public API */

int
sl_cli_bench_report (SlCliGlobals  *globals,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) admin = NULL, investigator = NULL, supervisor = NULL, reviewer = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(SlEnrolSummary) enrolled = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *gallery_dir = NULL;
  g_autofree char *pdf = NULL;
  SlReportSummary summary = { 0, };
  SlEnrolOptions opts = { 0, };
  int searches = 20, gallery_size = 0;
  guint n_candidates = 0;
  gint64 t0, t1, t2;
  GOptionEntry entries[] = {
    { "searches", 0, 0, G_OPTION_ARG_INT, &searches, N_("Searches in the case (default 20)"), N_("N") },
    { "gallery", 0, 0, G_OPTION_ARG_INT, &gallery_size, N_("Identities enrolled (default: 2 × searches)"), N_("N") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images,
      N_("Folder of Name/Name_NNNN.jpg images (default: the shared LFW development set)"), N_("DIR") },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, N_("Copy the report to FILE"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "report",
                     _("Times the case report of a case with N searches, on a temporary database built from real "
                       "photos."), entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (searches < 1 || searches > 500 || gallery_size < 0)
    return sl_cli_usage_error (_("--searches must be from 1 to 500 and --gallery not negative"));
  if (gallery_size < searches)
    gallery_size = 2 * searches;
  if (images == NULL)
    {
      const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");

      if (shared == NULL)
        return sl_cli_usage_error (_("bench report needs --images DIR (or SIGHTLINE_SHARED_DIR)"));
      images = g_build_filename (shared, "datasets", "lfw-view1", "images", NULL);
    }

  if (!(dir = g_dir_make_tmp ("sightline-report-XXXXXX", &error)))
    return sl_cli_fail (globals, error);
  db = g_build_filename (dir, "bench.db", NULL);
  gallery_dir = g_build_filename (dir, "gallery", NULL);
  pdf = g_build_filename (dir, "report.pdf", NULL);
  engine = sl_engine_new (db);
  if (globals->model_dir != NULL)
    sl_engine_set_model_dir (engine, globals->model_dir);

  t0 = g_get_monotonic_time ();
  opts.dir = gallery_dir;
  if (!(probes = pick_identities (images, gallery_dir, (guint) gallery_size, &error)) ||
      !sl_engine_init_database (engine, "bench-admin", "Benchmark admin", BENCH_PASSWORD, NULL, &error) ||
      !(admin = sl_engine_sign_in (engine, "bench-admin", BENCH_PASSWORD, &error)) ||
      !sl_engine_user_add (engine, admin, "bench", "Bench Investigator", SL_ROLE_INVESTIGATOR, BENCH_PASSWORD,
                           &error) ||
      !sl_engine_user_add (engine, admin, "bench-sup", "Bench Supervisor", SL_ROLE_SUPERVISOR, BENCH_PASSWORD,
                           &error) ||
      !(investigator = sl_engine_sign_in (engine, "bench", BENCH_PASSWORD, &error)) ||
      !sl_engine_user_add (engine, admin, "bench-rev", "Bench Reviewer", SL_ROLE_SUPERVISOR, BENCH_PASSWORD,
                           &error) ||
      !(supervisor = sl_engine_sign_in (engine, "bench-sup", BENCH_PASSWORD, &error)) ||
      !(reviewer = sl_engine_sign_in (engine, "bench-rev", BENCH_PASSWORD, &error)) ||
      !(gallery = sl_engine_gallery_create (engine, admin, "bench", NULL, NULL, &error)) ||
      !(enrolled = sl_engine_gallery_enrol (engine, admin, "bench", &opts, NULL, &error)))
    goto fail;
  g_ptr_array_set_size (probes, (guint) searches);
  if (!build_case (engine, investigator, supervisor, reviewer, probes, &n_candidates, &error))
    goto fail;

  t1 = g_get_monotonic_time ();
  if (!sl_engine_report_write_full (engine, investigator, BENCH_CASE, pdf, &summary, NULL, &error))
    goto fail;
  t2 = g_get_monotonic_time ();
  if (keep != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (pdf);
      g_autoptr(GFile) to = g_file_new_for_path (keep);

      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        goto fail;
    }

  json_builder_begin_object (b);
  sl_cli_json_int (b, "searches", summary.searches);
  sl_cli_json_int (b, "candidates", n_candidates);
  sl_cli_json_int (b, "gallery_faces", enrolled->counts[SL_ENROL_ENROLLED]);
  sl_cli_json_int (b, "pages", summary.pages);
  sl_cli_json_double (b, "render_s", (t2 - t1) / 1e6);
  sl_cli_json_int (b, "bytes", (gint64) summary.bytes);
  sl_cli_json_double (b, "setup_s", (t1 - t0) / 1e6);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  sl_report_summary_clear (&summary);
  g_clear_object (&engine);
  sl_remove_tree (dir);
  return SL_EXIT_OK;

fail:
  g_clear_object (&engine);
  sl_remove_tree (dir);
  return sl_cli_fail (globals, error);
}
