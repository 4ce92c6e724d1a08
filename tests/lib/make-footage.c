/* make-footage.c: writes long benchmark footage from real LFW stills (read
 * from ../shared, never copied): people coming and going in three lanes,
 * hard cuts, blurred stretches. Built for `bench footage`, not installed.
 *
 *   make-footage OUT.mp4 --seconds 3600 [--width 1280 --height 720 --fps 25
 *                [--codec h264|mpeg4|mjpeg] [--seed N] [--noise SIGMA] [--images DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <stdio.h>

#include "sl-test-footage.h"

static void
on_progress (gint64   frame,
             gint64   total,
             gpointer user_data)
{
  fprintf (stderr, "\r%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " frames", frame, total);
  if (frame == total)
    fputc ('\n', stderr);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT - write benchmark footage");
  g_autoptr(SlTestScript) script = NULL;
  g_autofree char *images = NULL;
  g_autofree char *codec_name = NULL;
  double seconds = 60, fps = 25, noise = 3;
  int width = 1280, height = 720, seed = 1;
  SlVideoCodec codec = SL_VIDEO_CODEC_H264;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Length (60)", "S" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Frame width (1280)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Frame height (720)", "H" },
    { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &fps, "Frames a second (25)", "F" },
    { "codec", 0, 0, G_OPTION_ARG_STRING, &codec_name, "h264 (default), mpeg4 or mjpeg", "C" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Script seed (1)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, "Sensor noise in grey levels (3)", "SIGMA" },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images, "LFW images folder", "DIR" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      seconds <= 0 || fps <= 0 || width < 64 || height < 64)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "usage: make-footage OUT --seconds S");
      return 2;
    }
  if (codec_name == NULL || g_str_equal (codec_name, "h264"))
    codec = SL_VIDEO_CODEC_H264;
  else if (g_str_equal (codec_name, "mpeg4"))
    codec = SL_VIDEO_CODEC_MPEG4;
  else if (g_str_equal (codec_name, "mjpeg"))
    codec = SL_VIDEO_CODEC_MJPEG;
  else
    {
      fprintf (stderr, "unknown codec %s\n", codec_name);
      return 2;
    }
  if (images == NULL)
    {
      const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");
      images = g_build_filename (shared != NULL ? shared : "../shared", "datasets", "lfw-view1", "images", NULL);
    }

  if ((script = sl_test_script_new_random ((guint) width, (guint) height, fps, seconds, (guint) seed, images, &error)))
    script->noise = noise;
  if (script == NULL ||
      !sl_test_script_write (script, images, argv[1], codec, on_progress, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("%s: %.0f s, %dx%d at %g fps, %u appearances, %u cuts\n", argv[1], seconds, width, height,
          fps, script->appearances->len, script->cuts->len);
  return 0;
}
