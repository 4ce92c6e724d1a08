/* sl-cli-fairness.c: `sightline-cli models fairness`: per-group error rates
 * of an embedder on a labelled photo set, and the per-group measurement as
 * `models list` shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef struct
{
  SlCliGlobals   *globals;
  GMainLoop      *loop;
  GCancellable   *cancellable;
  GAsyncResult   *result;
  gboolean        interrupted;
  /* The measurement's inputs, read by the worker. */
  SlFaceAnalyser *analyser;
  SlLabels       *labels;
  const char     *images;
  const char     *dataset;
  const char     *limits;
} FairnessRun;

/* helpers */

static void
add_double_or_null (JsonBuilder *b,
                    const char  *name,
                    gboolean     known,
                    double       value)
{
  json_builder_set_member_name (b, name);
  if (known && isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_interval (JsonBuilder *b,
              const char  *name,
              gboolean     known,
              double       lo,
              double       hi)
{
  json_builder_set_member_name (b, name);
  if (!known)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  json_builder_add_double_value (b, lo);
  if (isfinite (hi))
    json_builder_add_double_value (b, hi);
  else
    json_builder_add_null_value (b);   /* unbounded */
  json_builder_end_array (b);
}

static void
group_to_json (JsonBuilder        *b,
               const SlGroupRates *r)
{
  json_builder_begin_object (b);
  sl_cli_json_int (b, "images", r->images);
  sl_cli_json_int (b, "identities", r->identities);
  sl_cli_json_int (b, "mated_pairs", (gint64) r->mated_pairs);
  sl_cli_json_int (b, "non_mated_pairs", (gint64) r->non_mated_pairs);
  sl_cli_json_int (b, "false_matches", (gint64) r->false_matches);
  sl_cli_json_int (b, "false_non_matches", (gint64) r->false_non_matches);
  add_double_or_null (b, "fmr", r->fmr_enough, r->fmr);
  add_interval (b, "fmr_ci", r->non_mated_pairs > 0, r->fmr_lo, r->fmr_hi);
  sl_cli_json_bool (b, "fmr_not_enough_pairs", !r->fmr_enough);
  add_double_or_null (b, "fnmr", r->fnmr_enough, r->fnmr);
  add_interval (b, "fnmr_ci", r->mated_pairs > 0, r->fnmr_lo, r->fnmr_hi);
  sl_cli_json_bool (b, "fnmr_not_enough_pairs", !r->fnmr_enough);
  add_double_or_null (b, "threshold_at_target_fmr", r->fmr_enough, r->threshold_at_target);
  json_builder_end_object (b);
}

static void
print_rate (const char *label,
            gboolean    enough,
            double      rate,
            double      lo,
            double      hi,
            guint64     errors,
            guint64     pairs)
{
  if (pairs == 0)
    printf ("    %-5s %s\n", label, _("no pairs"));
  else if (!enough)
    printf (_("    %-5s not enough pairs (%" PRIu64 " of %" PRIu64 "; 95%% interval %.3g to %.3g)\n"),
            label, (uint64_t) errors, (uint64_t) pairs, lo, hi);
  else
    printf (_("    %-5s %.3g (%" PRIu64 " of %" PRIu64 "; 95%% interval %.3g to %.3g)\n"),
            label, rate, (uint64_t) errors, (uint64_t) pairs, lo, hi);
}

static void
print_rates (SlFairness *fairness,
             GPtrArray  *rates,
             double      threshold,
             double      target_fmr)
{
  printf (_("Per-group error rates of '%s' at threshold %.3f (target false-match rate %g)\n"),
          sl_fairness_get_model_id (fairness), threshold, target_fmr);
  printf (_("Data set: %s\n"), sl_fairness_get_dataset (fairness));
  if (sl_fairness_get_limits (fairness) != NULL && *sl_fairness_get_limits (fairness) != '\0')
    printf (_("Limits: %s\n"), sl_fairness_get_limits (fairness));
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);

      printf ("\n%s\n", ar->attribute);
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);

          printf (_("  %s: %u images, %u identities, %" PRIu64 " mated and %" PRIu64
                    " non-mated pairs within the group\n"),
                  r->group, r->images, r->identities, (uint64_t) r->mated_pairs, (uint64_t) r->non_mated_pairs);
          print_rate ("FMR", r->fmr_enough, r->fmr, r->fmr_lo, r->fmr_hi, r->false_matches, r->non_mated_pairs);
          print_rate ("FNMR", r->fnmr_enough, r->fnmr, r->fnmr_lo, r->fnmr_hi, r->false_non_matches,
                      r->mated_pairs);
        }
      if (ar->has_fmr_ratio)
        {
          g_autofree char *hi = isfinite (ar->fmr_ratio_hi) ? g_strdup_printf ("%.2f", ar->fmr_ratio_hi)
                                                            : g_strdup (_("unbounded"));
          printf (_("  highest / lowest FMR: %.2f (95%% interval %.2f to %s)\n"), ar->fmr_ratio,
                  ar->fmr_ratio_lo, hi);
        }
      else
        printf ("%s\n", _("  highest / lowest FMR: needs two groups with enough pairs"));
      if (ar->has_fnmr_ratio)
        {
          g_autofree char *hi = isfinite (ar->fnmr_ratio_hi) ? g_strdup_printf ("%.2f", ar->fnmr_ratio_hi)
                                                             : g_strdup (_("unbounded"));
          printf (_("  highest / lowest FNMR: %.2f (95%% interval %.2f to %s)\n"), ar->fnmr_ratio,
                  ar->fnmr_ratio_lo, hi);
        }
      if (ar->has_worst_group_threshold)
        printf (_("  every group meets FMR %g from threshold %.3f\n"), target_fmr, ar->worst_group_threshold);
      else
        printf (_("  no threshold is known at which every group meets FMR %g\n"), target_fmr);
    }
}

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  sl_cli_progress (user_data, _("Faces"), done, total);
}

static void
measure_thread (GTask        *task,
                              gpointer      source,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  FairnessRun *run = task_data;
  GError *error = NULL;
  SlFairness *fairness;

  fairness = sl_fairness_measure (run->analyser, run->labels, run->images, run->dataset, run->limits, 0,
                                  on_progress, run->globals, cancellable, &error);
  if (fairness == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fairness, (GDestroyNotify) sl_fairness_unref);
}

static void
on_measured (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FairnessRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* Embeds and scores on a worker thread while this one waits for the end;
 * SIGINT and SIGTERM cancel it (sl-cli-signals.c): nothing is written then. */
static SlFairness *
run_measurement (FairnessRun  *run,
                 GError      **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  GCancellable *cancellable = sl_cli_interrupt_cancellable ();
  g_autoptr(GTask) task = NULL;
  SlFairness *fairness;

  run->loop = loop;
  run->cancellable = cancellable;
  g_main_context_push_thread_default (context);

  task = g_task_new (NULL, cancellable, on_measured, run);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, measure_thread);
  g_main_loop_run (loop);
  fairness = g_task_propagate_pointer (G_TASK (run->result), error);
  g_clear_object (&run->result);

  g_main_context_pop_thread_default (context);
  run->interrupted = sl_cli_interrupt_signal () != 0;
  sl_cli_progress_end (run->globals);
  run->loop = NULL;
  run->cancellable = NULL;
  return fairness;
}

static gboolean
parse_rate (const char *text,
            double      min,
            double      max,
            gboolean    open_min,
            double     *out)
{
  char *end = NULL;
  double d;

  if (text == NULL)
    return TRUE;
  d = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0' || !(open_min ? d > min : d >= min) || !(d <= max))
    return FALSE;
  *out = d;
  return TRUE;
}

/* The policy's threshold and target, when the command signs in. */
static int
read_policy (SlCliGlobals *globals,
             double       *threshold,
             double       *target_fmr)
{
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  int status = sl_cli_open_session (globals, NULL, &engine, &session);

  if (status != SL_EXIT_OK)
    return status;
  if (!(policy = sl_engine_policy_get (engine, session, &error)))
    return sl_cli_fail (globals, error);
  if (isnan (*threshold))
    *threshold = policy->threshold;
  if (isnan (*target_fmr))
    *target_fmr = policy->target_fmr;
  return SL_EXIT_OK;
}

/* public API */

void
sl_cli_fairness_to_json (JsonBuilder *b,
                         SlFairness  *fairness,
                         double       threshold,
                         double       target_fmr)
{
  g_autoptr(GPtrArray) rates = sl_fairness_rates (fairness, threshold, target_fmr);

  json_builder_begin_object (b);
  sl_cli_json_double (b, "threshold", threshold);
  sl_cli_json_double (b, "target_fmr", target_fmr);
  sl_cli_json_string (b, "model", sl_fairness_get_model_id (fairness));
  sl_cli_json_string (b, "model_sha256", sl_fairness_get_model_sha256 (fairness));
  sl_cli_json_string (b, "dataset", sl_fairness_get_dataset (fairness));
  sl_cli_json_string (b, "limits", sl_fairness_get_limits (fairness));
  sl_cli_json_string (b, "measured", sl_fairness_get_created (fairness));
  sl_cli_json_string (b, "file_sha256", sl_fairness_get_file_sha256 (fairness));
  sl_cli_json_int (b, "images", sl_fairness_get_images (fairness));
  sl_cli_json_int (b, "identities", sl_fairness_get_identities (fairness));
  sl_cli_json_int (b, "no_face", sl_fairness_get_no_face (fairness));
  sl_cli_json_int (b, "min_non_mated_pairs", (gint64) sl_fairness_min_pairs (target_fmr));
  sl_cli_json_int (b, "min_mated_pairs", (gint64) sl_fairness_min_pairs (SL_FAIRNESS_FNMR_RESOLUTION));
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_object (b);
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);

      json_builder_set_member_name (b, ar->attribute);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "groups");
      json_builder_begin_object (b);
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);
          json_builder_set_member_name (b, r->group);
          group_to_json (b, r);
        }
      json_builder_end_object (b);
      add_double_or_null (b, "fmr_ratio", ar->has_fmr_ratio, ar->fmr_ratio);
      add_interval (b, "fmr_ratio_ci", ar->has_fmr_ratio, ar->fmr_ratio_lo, ar->fmr_ratio_hi);
      add_double_or_null (b, "fnmr_ratio", ar->has_fnmr_ratio, ar->fnmr_ratio);
      add_interval (b, "fnmr_ratio_ci", ar->has_fnmr_ratio, ar->fnmr_ratio_lo, ar->fnmr_ratio_hi);
      json_builder_set_member_name (b, "worst_group");
      if (ar->worst_group >= 0)
        json_builder_add_string_value (b, g_array_index (ar->groups, SlGroupRates, ar->worst_group).group);
      else
        json_builder_add_null_value (b);
      add_double_or_null (b, "worst_group_threshold", ar->has_worst_group_threshold, ar->worst_group_threshold);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

int
sl_cli_models_fairness (SlCliGlobals            *globals,
                        SlModelManifest         *manifest,
                        const char              *model_dir,
                        const SlCliFairnessArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlLabels) labels = NULL;
  g_autoptr(SlFairness) fairness = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *labels_name = NULL;
  g_autofree char *dataset = NULL;
  FairnessRun run = { .globals = globals, .images = args->images, .limits = args->limits };
  const SlModelInfo *model;
  double threshold = NAN, target_fmr = NAN;
  gint64 t0;

  if (args->labels == NULL || args->images == NULL)
    return sl_cli_usage_error (_("models fairness needs --labels FILE.csv and --images DIR"));
  if (!parse_rate (args->threshold, -1.0, 1.0, FALSE, &threshold))
    return sl_cli_usage_error (_("--threshold: '%s' is not a similarity from -1 to 1"), args->threshold);
  if (!parse_rate (args->target_fmr, 0.0, 1.0, TRUE, &target_fmr) || target_fmr >= 1.0)
    return sl_cli_usage_error (_("--target-fmr: '%s' is not a rate above 0 and below 1"), args->target_fmr);
  if (!g_file_test (args->images, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = sl_cli_display_path (args->images);
      g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, _("--images: '%s' is not a folder"), shown);
      return sl_cli_fail (globals, error);
    }

  /* The label file is checked whole before any photo is embedded. */
  if (!(labels = sl_labels_load (args->labels, &error)))
    return sl_cli_fail (globals, error);

  if (globals->user != NULL)
    {
      int status = read_policy (globals, &threshold, &target_fmr);
      if (status != SL_EXIT_OK)
        return status;
    }
  if (isnan (target_fmr))
    target_fmr = SL_POLICY_DEFAULT_TARGET_FMR;

  if (!(analyser = sl_face_analyser_new (manifest, model_dir, args->embedder, &error)))
    return sl_cli_fail (globals, error);
  model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));

  /* Without a policy, the threshold init would set: where the model's
   * calibration reaches the target. */
  if (isnan (threshold))
    {
      g_autoptr(SlCalibration) calibration = sl_calibration_find (model, model_dir, &error);
      gboolean beyond = FALSE;

      if (calibration == NULL)
        {
          g_prefix_error (&error, _("Give --threshold, or sign in with --user to use the policy's: "));
          return sl_cli_fail (globals, error);
        }
      threshold = sl_calibration_score_at_rate (calibration, target_fmr, &beyond);
    }

  labels_name = g_path_get_basename (args->labels);
  dataset = args->dataset != NULL ? g_strdup (args->dataset)
                                  : g_strdup_printf (_("every within-group pair of the photos labelled in %s"),
                                                     labels_name);
  run.dataset = dataset;
  run.analyser = analyser;
  run.labels = labels;
  t0 = g_get_monotonic_time ();
  fairness = run_measurement (&run, &error);
  if (fairness == NULL)
    {
      if (run.interrupted)
        {
          sl_cli_progress_end (globals);
          fprintf (stderr, "sightline-cli: %s\n", _("Interrupted: the measurement was stopped and nothing was written"));
          if (globals->json)
            {
              g_autoptr(JsonBuilder) b = json_builder_new ();
              json_builder_begin_object (b);
              sl_cli_json_string (b, "error", "interrupted");
              json_builder_end_object (b);
              sl_cli_print_json (b);
            }
          return SL_EXIT_FAILED;
        }
      return sl_cli_fail (globals, error);
    }
  sl_fairness_set_operating_point (fairness, threshold, target_fmr);

  path = args->out != NULL ? g_strdup (args->out) : sl_fairness_path (model_dir, model->id);
  display = g_filename_display_name (path);
  if (!sl_fairness_save (fairness, path, &error))
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      sl_cli_fairness_to_json (b, fairness, threshold, target_fmr);
      sl_cli_print_json (b);
    }
  else
    {
      g_autoptr(GPtrArray) rates = sl_fairness_rates (fairness, threshold, target_fmr);
      print_rates (fairness, rates, threshold, target_fmr);
      printf (_("\nMeasured in %.1f s; written to '%s'.\n"), (g_get_monotonic_time () - t0) / 1e6, display);
    }
  if (globals->json && !globals->quiet)
    fprintf (stderr, _("Per-group measurement of '%s' written to '%s' (%.1f s)\n"), model->id, display,
             (g_get_monotonic_time () - t0) / 1e6);
  return SL_EXIT_OK;
}

void
sl_cli_fairness_list_json (JsonBuilder       *b,
                           const SlModelInfo *info,
                           const char        *model_dir)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(SlFairness) fairness = sl_fairness_find (info, model_dir, &why);
  double threshold, target;

  json_builder_set_member_name (b, "fairness");
  if (fairness == NULL)
    {
      json_builder_add_null_value (b);
      sl_cli_json_string (b, "fairness_note", why->message);
      return;
    }
  /* At the operating point it was measured at. */
  target = sl_fairness_get_target_fmr (fairness);
  if (!(target > 0 && target < 1))
    target = SL_POLICY_DEFAULT_TARGET_FMR;
  threshold = sl_fairness_get_threshold (fairness);
  if (isnan (threshold))
    threshold = 0.5;
  sl_cli_fairness_to_json (b, fairness, threshold, target);
}

void
sl_cli_fairness_print_summary (const SlModelInfo *info,
                               const char        *model_dir)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(SlFairness) fairness = sl_fairness_find (info, model_dir, &why);
  g_autoptr(GPtrArray) rates = NULL;
  double threshold, target;

  if (fairness == NULL)
    {
      printf ("  %s\n", why->message);
      return;
    }
  target = sl_fairness_get_target_fmr (fairness);
  if (!(target > 0 && target < 1))
    target = SL_POLICY_DEFAULT_TARGET_FMR;
  threshold = sl_fairness_get_threshold (fairness);
  if (isnan (threshold))
    threshold = 0.5;
  rates = sl_fairness_rates (fairness, threshold, target);
  printf (_("  per-group error rates measured %s on %s\n"), sl_fairness_get_created (fairness),
          sl_fairness_get_dataset (fairness));
  if (sl_fairness_get_limits (fairness) != NULL && *sl_fairness_get_limits (fairness) != '\0')
    printf (_("  limits: %s\n"), sl_fairness_get_limits (fairness));
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, _("  %s, false-match rate at %.3f:"), ar->attribute, threshold);
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);

          if (r->fmr_enough)
            g_string_append_printf (line, " %s %.2g [%.2g, %.2g]%s", r->group, r->fmr, r->fmr_lo, r->fmr_hi,
                                    i + 1 < ar->groups->len ? ";" : "");
          else
            g_string_append_printf (line, _(" %s not enough pairs%s"), r->group, i + 1 < ar->groups->len ? ";" : "");
        }
      if (ar->has_fmr_ratio)
        g_string_append_printf (line, _("; highest / lowest %.1f"), ar->fmr_ratio);
      printf ("%s\n", line->str);
    }
}
