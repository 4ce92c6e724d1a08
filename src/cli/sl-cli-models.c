/* sl-cli-models.c: `sightline-cli models list | verify | install |
 * calibrate | fairness`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

typedef enum
{
  MODEL_MISSING,
  MODEL_MISMATCH,
  MODEL_VERIFIED,
} ModelState;

typedef struct
{
  SlCliGlobals *globals;
  JsonBuilder  *json;        /* NULL without --json */
  char         *label;
  guint         n_installed;
  guint         n_present;
} InstallRun;

/* helpers */

static ModelState
check_model (const SlModelInfo  *info,
             const char         *model_dir,
             GError            **error)
{
  g_autofree char *path = g_build_filename (model_dir, info->file, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Model file '%s' (%s) is not installed; run 'sightline-cli models install'"),
                   display, info->id);
      return MODEL_MISSING;
    }
  return sl_model_verify_file (info, path, error) ? MODEL_VERIFIED : MODEL_MISMATCH;
}

static const char *
state_to_string (ModelState state)
{
  switch (state)
    {
    case MODEL_MISSING:
      return "missing";
    case MODEL_MISMATCH:
      return "mismatch";
    case MODEL_VERIFIED:
      return "verified";
    default:
      g_return_val_if_reached ("unknown");
    }
}

static gboolean
is_default (SlModelManifest   *manifest,
            const SlModelInfo *info)
{
  return sl_model_manifest_get_default (manifest, info->role) == info;
}

static int
models_list (SlCliGlobals    *globals,
             SlModelManifest *manifest,
             const char      *model_dir)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = sl_model_manifest_get_n_models (manifest);

  if (globals->json)
    json_builder_begin_array (b);
  else
    printf ("%-16s %-9s %-9s %-36s %s\n", _("ID"), _("ROLE"), _("STATE"), _("FILE"), _("LICENCE"));

  for (guint i = 0; i < n; i++)
    {
      const SlModelInfo *info = sl_model_manifest_get_model (manifest, i);
      ModelState state = check_model (info, model_dir, NULL);

      if (!globals->json)
        {
          g_autofree char *id = g_strconcat (info->id, is_default (manifest, info) ? " *" : "", NULL);

          printf ("%-16s %-9s %-9s %-36s %s\n", id, sl_model_role_to_string (info->role),
                  state_to_string (state), info->file, info->license);
          if (info->role == SL_MODEL_ROLE_EMBEDDER)
            sl_cli_fairness_print_summary (info, model_dir);
          continue;
        }

      json_builder_begin_object (b);
      sl_cli_json_string (b, "id", info->id);
      sl_cli_json_string (b, "role", sl_model_role_to_string (info->role));
      sl_cli_json_string (b, "name", info->name);
      sl_cli_json_string (b, "file", info->file);
      sl_cli_json_string (b, "license", info->license);
      sl_cli_json_string (b, "sha256", info->sha256);
      sl_cli_json_int (b, "size", (gint64) info->size);
      sl_cli_json_bool (b, "installed", state != MODEL_MISSING);
      sl_cli_json_bool (b, "verified", state == MODEL_VERIFIED);
      sl_cli_json_bool (b, "default", is_default (manifest, info));
      if (info->role == SL_MODEL_ROLE_EMBEDDER)
        sl_cli_fairness_list_json (b, info, model_dir);
      json_builder_end_object (b);
    }

  if (globals->json)
    {
      json_builder_end_array (b);
      sl_cli_print_json (b);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (model_dir);
      printf ("\n%s %s\n", _("* default model. Model directory:"), display);
    }
  return SL_EXIT_OK;
}

static int
models_verify (SlCliGlobals    *globals,
               SlModelManifest *manifest,
               const char      *model_dir)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = sl_model_manifest_get_n_models (manifest);
  guint n_bad = 0;

  if (globals->json)
    json_builder_begin_array (b);

  for (guint i = 0; i < n; i++)
    {
      const SlModelInfo *info = sl_model_manifest_get_model (manifest, i);
      g_autoptr(GError) error = NULL;
      ModelState state = check_model (info, model_dir, &error);

      if (state != MODEL_VERIFIED)
        {
          n_bad++;
          fprintf (stderr, "sightline-cli: %s\n", error->message);
        }
      else if (!globals->json)
        printf ("%-16s %s  %s\n", info->id, _("ok"), info->file);

      if (globals->json)
        {
          json_builder_begin_object (b);
          sl_cli_json_string (b, "id", info->id);
          sl_cli_json_string (b, "file", info->file);
          sl_cli_json_string (b, "state", state_to_string (state));
          json_builder_set_member_name (b, "error");
          if (error != NULL)
            json_builder_add_string_value (b, error->message);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
    }

  if (globals->json)
    {
      json_builder_end_array (b);
      sl_cli_print_json (b);
    }
  if (n_bad > 0)
    {
      g_autofree char *summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u model is missing or does not match its SHA-256",
                                      "%u models are missing or do not match their SHA-256",
                                      n_bad), n_bad);

      fprintf (stderr, "sightline-cli: %s\n", summary);
      return SL_EXIT_FAILED;
    }
  return SL_EXIT_OK;
}

static void
on_install_progress (const char *model_id,
                     const char *source,
                     guint64     done,
                     guint64     total,
                     gpointer    user_data)
{
  InstallRun *run = user_data;

  if (run->label == NULL)
    run->label = g_strdup (model_id);
  sl_cli_progress (run->globals, run->label, done, total);
}

static void
on_install_report (const char           *model_id,
                   SlModelInstallStatus  status,
                   const char           *source,
                   const char           *message,
                   gpointer              user_data)
{
  InstallRun *run = user_data;

  sl_cli_progress_end (run->globals);
  g_clear_pointer (&run->label, g_free);

  switch (status)
    {
    case SL_MODEL_INSTALL_PRESENT:
      run->n_present++;
      if (!run->json)
        printf (_("%s: already installed and verified\n"), model_id);
      break;
    case SL_MODEL_INSTALL_INSTALLED:
      run->n_installed++;
      if (!run->json)
        printf (_("%s: installed and verified, from %s\n"), model_id, source);
      break;
    case SL_MODEL_INSTALL_SOURCE_FAILED:
      if (!run->globals->quiet)
        fprintf (stderr, _("%s: %s: %s\n"), model_id, source, message);
      return;
    case SL_MODEL_INSTALL_FAILED:
      /* The full story comes with the error at the end. */
      break;
    default:
      g_assert_not_reached ();
    }

  if (run->json)
    {
      json_builder_begin_object (run->json);
      json_builder_set_member_name (run->json, "id");
      json_builder_add_string_value (run->json, model_id);
      json_builder_set_member_name (run->json, "status");
      json_builder_add_string_value (run->json, sl_model_install_status_to_string (status));
      json_builder_set_member_name (run->json, "source");
      if (source != NULL)
        json_builder_add_string_value (run->json, source);
      else
        json_builder_add_null_value (run->json);
      json_builder_set_member_name (run->json, "error");
      if (message != NULL)
        json_builder_add_string_value (run->json, message);
      else
        json_builder_add_null_value (run->json);
      json_builder_end_object (run->json);
    }
}

static int
models_install (SlCliGlobals    *globals,
                SlModelManifest *manifest,
                const char      *model_dir,
                const char      *mirror,
                char           **only,
                gboolean         no_network,
                const char      *ca_file)
{
  g_autoptr(JsonBuilder) b = globals->json ? json_builder_new () : NULL;
  g_autoptr(GError) error = NULL;
  InstallRun run = { .globals = globals, .json = b };
  SlModelInstallOptions opts = {
    .mirror_dir = mirror,
    .only = (const char * const *) only,
    .allow_npm = !no_network,
    .allow_https = !no_network,
    .ca_file = ca_file,
    .progress = on_install_progress,
    .report = on_install_report,
    .user_data = &run,
  };
  gboolean ok;

  if (b != NULL)
    json_builder_begin_array (b);

  ok = sl_model_installer_install (manifest, model_dir, &opts, sl_cli_interrupt_cancellable (), &error);
  sl_cli_progress_end (globals);
  g_clear_pointer (&run.label, g_free);

  if (b != NULL)
    {
      json_builder_end_array (b);
      sl_cli_print_json (b);
    }
  if (!ok)
    {
      fprintf (stderr, "sightline-cli: %s\n", error->message);
      return SL_EXIT_FAILED;
    }
  if (!globals->json)
    {
      g_autofree char *display = g_filename_display_name (model_dir);
      printf (_("%u installed, %u already present, in '%s'\n"), run.n_installed, run.n_present, display);
    }
  return SL_EXIT_OK;
}

static void
on_calibrate_progress (guint    done,
                       guint    total,
                       gpointer user_data)
{
  sl_cli_progress (user_data, _("Faces"), done, total);
}

static int
models_calibrate (SlCliGlobals    *globals,
                  SlModelManifest *manifest,
                  const char      *model_dir,
                  const char      *pairs,
                  const char      *images,
                  const char      *embedder,
                  const char      *out)
{
  static const double rates[] = { 1e-2, 1e-3, 1e-4, 1e-5, 1e-6 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  const SlModelInfo *model;

  if (pairs == NULL || images == NULL)
    return sl_cli_usage_error (_("models calibrate needs --pairs FILE and --images DIR"));

  if (!(analyser = sl_face_analyser_new (manifest, model_dir, embedder, &error)) ||
      !(calibration = sl_calibrate_pairs (analyser, pairs, images, 0, on_calibrate_progress,
                                          globals, sl_cli_interrupt_cancellable (), &error)))
    return sl_cli_fail (globals, error);
  sl_cli_progress_end (globals);

  model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  path = out != NULL ? g_strdup (out) : sl_calibration_path (model_dir, model->id);
  display = g_filename_display_name (path);
  if (!sl_calibration_save (calibration, path, &error))
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sl_cli_json_string (b, "model", model->id);
      sl_cli_json_string (b, "file", display);
      sl_cli_json_int (b, "mated_pairs", (gint64) sl_calibration_get_n_mated (calibration));
      sl_cli_json_int (b, "non_mated_pairs", (gint64) sl_calibration_get_n_nonmated (calibration));
      json_builder_set_member_name (b, "operating_points");
      json_builder_begin_array (b);
      for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
        {
          gboolean beyond = FALSE;
          double score = sl_calibration_score_at_rate (calibration, rates[i], &beyond);
          json_builder_begin_object (b);
          sl_cli_json_double (b, "false_match_rate", rates[i]);
          sl_cli_json_double (b, "threshold", score);
          sl_cli_json_double (b, "true_match_rate", sl_calibration_true_match_rate (calibration, score));
          sl_cli_json_bool (b, "beyond_measured_range", beyond);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      g_autofree char *nm = sl_format_count (sl_calibration_get_n_nonmated (calibration));
      g_autofree char *m = sl_format_count (sl_calibration_get_n_mated (calibration));
      printf (_("Calibration of '%s' written to '%s': %s mated and %s non-mated pairs.\n"),
              model->id, display, m, nm);
      printf ("%s\n", _("  false-match rate   threshold   true-match rate"));
      for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
        {
          gboolean beyond = FALSE;
          double score = sl_calibration_score_at_rate (calibration, rates[i], &beyond);
          printf ("  %-16g   %9.3f   %15.4f%s\n", rates[i], score,
                  sl_calibration_true_match_rate (calibration, score),
                  beyond ? _("  (beyond the measured range)") : "");
        }
    }
  return SL_EXIT_OK;
}

/* public API */

int
sl_cli_models (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *mirror = NULL;
  g_autofree char *ca_file = NULL;
  g_auto(GStrv) only = NULL;
  g_autofree char *model_dir = NULL;
  g_autoptr(SlModelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *images = NULL;
  g_autofree char *embedder = NULL;
  g_autofree char *out = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *threshold = NULL;
  g_autofree char *target_fmr = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *limits = NULL;
  gboolean no_network = FALSE;
  const char *action;
  GOptionEntry entries[] = {
    { "mirror", 0, 0, G_OPTION_ARG_FILENAME, &mirror,
      N_("install: try the model files in DIR first"), N_("DIR") },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
      N_("install: only the model ID (repeatable)"), N_("ID") },
    { "no-network", 0, 0, G_OPTION_ARG_NONE, &no_network,
      N_("install: use mirror directories only, no npm or https"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("install: trust the CA certificates in FILE for https"), N_("FILE") },
    { "pairs", 0, 0, G_OPTION_ARG_FILENAME, &pairs,
      N_("calibrate: labelled pair list (LFW format) naming the photos"), N_("FILE") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images,
      N_("calibrate, fairness: folder of the photos (calibrate: Name/Name_NNNN.jpg)"), N_("DIR") },
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder,
      N_("calibrate, fairness: the embedder model id (default: the manifest's)"), N_("ID") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("calibrate, fairness: write the table to FILE (default: beside the model)"), N_("FILE") },
    { "labels", 0, 0, G_OPTION_ARG_FILENAME, &labels,
      N_("fairness: CSV with a header: image (relative to --images), identity (optional), one column per "
         "attribute"), N_("FILE") },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &threshold,
      N_("fairness: the threshold (default: the policy's with --user, else the calibration's at the target)"),
      N_("T") },
    { "target-fmr", 0, 0, G_OPTION_ARG_STRING, &target_fmr,
      N_("fairness: the false-match rate every group should meet (default: the policy's target-fmr, 1e-5)"),
      N_("RATE") },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset,
      N_("fairness: what the labelled photos are, in words"), N_("TEXT") },
    { "limits", 0, 0, G_OPTION_ARG_STRING, &limits,
      N_("fairness: what the labels cannot tell, in words"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "list | verify | install | calibrate | fairness",
                     _("Lists, verifies (SHA-256) or installs the models of the manifest."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("models: expected one of list, verify, install, calibrate, fairness (try --help)"));
  action = argv[1];

  if (!(manifest = sl_model_manifest_load_default (&error)))
    return sl_cli_fail (globals, error);
  model_dir = globals->model_dir != NULL ? g_strdup (globals->model_dir) : sl_model_dir_default ();

  if (g_str_equal (action, "list"))
    return models_list (globals, manifest, model_dir);
  if (g_str_equal (action, "verify"))
    return models_verify (globals, manifest, model_dir);
  if (g_str_equal (action, "install"))
    return models_install (globals, manifest, model_dir, mirror, only, no_network, ca_file);
  if (g_str_equal (action, "calibrate"))
    return models_calibrate (globals, manifest, model_dir, pairs, images, embedder, out);

  if (g_str_equal (action, "fairness"))
    {
      SlCliFairnessArgs args = { labels, images, embedder, threshold, target_fmr, out, dataset, limits };
      return sl_cli_models_fairness (globals, manifest, model_dir, &args);
    }

  return sl_cli_usage_error (_("models: unknown action '%s' (expected list, verify, install, calibrate or "
                               "fairness)"), action);
}
