/* sl-cli-vision.c: `detect` (faces only, no matching) and `compare`
 * (a match, signed in and audited through the engine).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static SlFaceAnalyser *
load_analyser (SlCliGlobals  *globals,
               const char    *embedder_id,
               GError       **error)
{
  return sl_engine_tools_analyser_new (globals->model_dir, embedder_id, error);
}

static void
add_quality (JsonBuilder         *b,
             const SlFaceQuality *q)
{
  json_builder_begin_object (b);
  sl_cli_json_string (b, "band", sl_quality_band_to_string (q->band));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint r = 0; r < SL_QUALITY_N_REASONS; r++)
    if (q->reasons & (1u << r))
      json_builder_add_string_value (b, sl_quality_reason_to_string (r));
  json_builder_end_array (b);
  sl_cli_json_int (b, "size_px", (gint64) (q->size_px + 0.5));
  sl_cli_json_double (b, "sharpness", q->sharpness);
  sl_cli_json_double (b, "brightness", q->brightness);
  sl_cli_json_double (b, "yaw", q->yaw);
  sl_cli_json_double (b, "roll", q->roll);
  json_builder_end_object (b);
}

static void
add_face (JsonBuilder  *b,
          const SlFace *f)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "box");
  json_builder_begin_array (b);
  for (int i = 0; i < 4; i++)
    json_builder_add_double_value (b, f->box[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "landmarks");
  json_builder_begin_array (b);
  for (int k = 0; k < 5; k++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, f->landmarks[2 * k]);
      json_builder_add_double_value (b, f->landmarks[2 * k + 1]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  sl_cli_json_double (b, "score", f->score);
  json_builder_set_member_name (b, "quality");
  add_quality (b, &f->quality);
  json_builder_end_object (b);
}

/* public API */

int
sl_cli_detect (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlDetection) detection = NULL;
  g_autofree char *display = NULL;

  if (!sl_cli_parse (globals, _("IMAGE"), _("Find the faces in a photo."), NULL, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("detect takes one IMAGE"));

  display = sl_cli_display_path (argv[1]);
  if (!(analyser = load_analyser (globals, NULL, &error)) ||
      !(detection = sl_face_analyser_detect_file (analyser, argv[1], &error)))
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sl_cli_json_string (b, "file", display);
      json_builder_set_member_name (b, "image");
      json_builder_begin_object (b);
      sl_cli_json_int (b, "width", detection->width);
      sl_cli_json_int (b, "height", detection->height);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "faces");
      json_builder_begin_array (b);
      for (guint i = 0; i < detection->faces->len; i++)
        add_face (b, &g_array_index (detection->faces, SlFace, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%s (%ux%u): %u face\n", "%s (%ux%u): %u faces\n",
                           detection->faces->len),
              display, detection->width, detection->height, detection->faces->len);
      for (guint i = 0; i < detection->faces->len; i++)
        {
          const SlFace *f = &g_array_index (detection->faces, SlFace, i);
          g_autofree char *why = sl_face_quality_reasons (&f->quality);
          printf ("  #%u box %.0f,%.0f %.0fx%.0f  score %.2f  quality %s%s%s%s\n",
                  i + 1, f->box[0], f->box[1], f->box[2], f->box[3], f->score,
                  sl_quality_band_to_string (f->quality.band),
                  *why ? " (" : "", why, *why ? ")" : "");
        }
    }
  return SL_EXIT_OK;
}

int
sl_cli_compare (SlCliGlobals  *globals,
                int            argc,
                char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlCompareResult) r = NULL;
  g_autofree char *embedder = NULL;
  int ret;
  GOptionEntry entries[] = {
    { "embedder", 0, 0, G_OPTION_ARG_STRING, &embedder, N_("Embedder model id (default: the manifest's)"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, _("IMAGE_A IMAGE_B"),
                     _("Compare the largest face of each photo (signed in with --user; audited)."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 3)
    return sl_cli_usage_error (_("compare takes two images"));

  /* Matching two faces is a search of its own: it is done by a signed-in
   * person and recorded, like every other match. */
  if ((ret = sl_cli_open_session (globals, NULL, &engine, &session)) != SL_EXIT_OK)
    return ret;
  if (globals->model_dir != NULL)
    sl_engine_set_model_dir (engine, globals->model_dir);
  if (!(r = sl_engine_compare_files (engine, session, argv[1], argv[2], embedder, &error)))
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *da = sl_cli_display_path (argv[1]);
      g_autofree char *db = sl_cli_display_path (argv[2]);
      json_builder_begin_object (b);
      sl_cli_json_double (b, "similarity", r->similarity);
      sl_cli_json_string (b, "model", r->model_id);
      sl_cli_json_bool (b, "calibrated", r->calibrated);
      if (r->calibrated)
        {
          sl_cli_json_double (b, "false_match_rate", r->false_match_rate);
          sl_cli_json_bool (b, "beyond_measured_range", r->beyond_measured_range);
          sl_cli_json_double (b, "true_match_rate", r->true_match_rate);
          sl_cli_json_string (b, "meaning", r->meaning);
        }
      else
        {
          sl_cli_json_string (b, "calibration_error", r->calibration_error);
        }
      json_builder_set_member_name (b, "a");
      json_builder_begin_object (b);
      sl_cli_json_string (b, "file", da);
      json_builder_set_member_name (b, "face");
      add_face (b, &r->face_a);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "b");
      json_builder_begin_object (b);
      sl_cli_json_string (b, "file", db);
      json_builder_set_member_name (b, "face");
      add_face (b, &r->face_b);
      json_builder_end_object (b);
      sl_cli_json_int (b, "audit_seq", r->audit_seq);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      printf (_("Similarity: %.4f (cosine, %s)\n"), r->similarity, r->model_id);
      if (r->calibrated)
        printf (_("False-match rate: %s.\n"), r->meaning);
      else
        printf (_("No calibrated false-match rate: %s\n"), r->calibration_error);
      printf ("%s\n", _("A similarity is a lead for a person to weigh, never an identification."));
      printf (_("Recorded in the audit log as row %lld.\n"), (long long) r->audit_seq);
    }
  return SL_EXIT_OK;
}
