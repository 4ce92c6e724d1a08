/* test-video.c: footage files on real video the test writes: sampling by
 * time, every codec the writer offers, scene cuts, and files that are empty,
 * not video, truncated or damaged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sl-test-footage.h"
#include "sl-test-lfw.h"
#include "core/sl-media-time.h"
#include "vision/sl-video.h"
#include "vision/sl-vision-error.h"

static char *tmp_dir;

/* helpers */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* A clip whose frame i is one flat grey of level 2i (mod 256), so a
 * sample's index can be read back from its pixels. */
static char *
write_counting_clip (const char   *name,
                     SlVideoCodec  codec,
                     guint         n_frames)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoWriter) writer = NULL;
  char *path = tmp_path (name);

  writer = sl_video_writer_new (path, codec, 25, 160, 120, &error);
  ck_assert_msg (writer != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < n_frames; i++)
    {
      guint8 level = (guint8) ((2 * i) % 256);
      g_autoptr(SlImage) frame = sl_image_new_filled (160, 120, level, level, level);
      ck_assert (sl_video_writer_add_frame (writer, frame, &error));
    }
  ck_assert_int_eq (sl_video_writer_get_frames (writer), n_frames);
  ck_assert_msg (sl_video_writer_close (writer, &error), "%s", error ? error->message : "");
  return path;
}

/* A clip with a person in it, from the shared LFW photos. */
static char *
write_person_clip (const char   *name,
                   SlVideoCodec  codec,
                   double        seconds)
{
  const char *images = sl_test_lfw_dir ();
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, 25, seconds, 5);
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  sl_test_script_add (script, "Hans_Blix", sl_test_person_photo (images, "Hans_Blix", 0), 0, seconds, 0.3, 0.5, 0.7, 0.5, 0.4, 0.5);
  ck_assert_msg (sl_test_script_write (script, images, path, codec, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  return path;
}

static void
damage_file (const char *path,
             double      from,
             double      fraction)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = (gsize) (len * from); i < (gsize) (len * (from + fraction)); i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  ck_assert (g_file_set_contents (path, data, (gssize) len, NULL));
}

static void
truncate_file (const char *path,
               double      keep)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  ck_assert (g_file_set_contents (path, data, (gssize) (len * keep), NULL));
}

/* Reads every sample; returns how many, and the error that ended it. */
static guint
read_all (const char  *path,
          double       sample_fps,
          GArray      *indices,
          GError     **error)
{
  g_autoptr(SlVideoReader) reader = sl_video_reader_new (path, sample_fps, error);
  SlImage *frame;
  gint64 t, index;
  guint n = 0;

  if (reader == NULL)
    return 0;
  while ((frame = sl_video_reader_next (reader, &t, &index, error)) != NULL)
    {
      if (indices != NULL)
        {
          gint64 pair[2] = { index, t };
          g_array_append_val (indices, pair);
        }
      sl_image_free (frame);
      n++;
    }
  return n;
}

static void
assert_names_file (const GError *error,
                   const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);
  ck_assert_msg (strstr (error->message, base) != NULL, "'%s' does not name %s", error->message, base);
}

/* tests */

START_TEST (test_sampling_by_time)
{
  g_autofree char *path = write_counting_clip ("count.avi", SL_VIDEO_CODEC_MJPEG, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(SlVideoReader) reader = NULL;
  const SlVideoInfo *info;
  SlImage *frame;
  gint64 t, index;

  /* 5 a second from 25: every fifth frame, 200 ms apart. */
  ck_assert_uint_eq (read_all (path, 5, at, &error), 20);
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < at->len; i++)
    {
      gint64 *pair = &g_array_index (at, gint64, 2 * i);
      ck_assert_int_eq (pair[0], 5 * i);
      ck_assert_int_eq (pair[1], 200 * i);
    }
  /* 0: every frame; faster than the footage: every frame too. */
  ck_assert_uint_eq (read_all (path, 0, NULL, &error), 100);
  ck_assert_uint_eq (read_all (path, 60, NULL, &error), 100);
  ck_assert_uint_eq (read_all (path, 2, NULL, &error), 8);
  ck_assert (error == NULL);

  /* The samples are the frames they say they are. */
  reader = sl_video_reader_new (path, 5, &error);
  ck_assert (reader != NULL);
  info = sl_video_reader_get_info (reader);
  ck_assert_uint_eq (info->width, 160);
  ck_assert_uint_eq (info->height, 120);
  ck_assert_int_eq (info->frame_count, 100);
  ck_assert_double_eq_tol (info->fps, 25, 0.01);
  while ((frame = sl_video_reader_next (reader, &t, &index, &error)) != NULL)
    {
      const guint8 *px = sl_image_get_pixels (frame, NULL);
      ck_assert_msg (ABS ((int) px[0] - (int) ((2 * index) % 256)) <= 6,
                     "frame %" G_GINT64_FORMAT " has level %d", index, px[0]);
      sl_image_free (frame);
    }
  ck_assert (error == NULL);
  ck_assert_int_eq (sl_video_reader_get_frames_decoded (reader), 100);
  ck_assert_int_eq (sl_video_reader_get_position (reader), 3960);
}
END_TEST

START_TEST (test_writer_codecs)
{
  static const struct { const char *file; SlVideoCodec codec; const char *fourcc; } cases[] = {
    { "w.avi", SL_VIDEO_CODEC_MJPEG, "MJPG" },
    { "w.mp4", SL_VIDEO_CODEC_MPEG4, "mp4v" },
    { "w-h264.mp4", SL_VIDEO_CODEC_H264, "avc1" },
    { "w.mkv", SL_VIDEO_CODEC_H264, "h264" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = tmp_path (cases[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlVideoWriter) writer = sl_video_writer_new (path, cases[i].codec, 25, 320, 240, &error);
      SlVideoInfo info;

      if (writer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) &&
          cases[i].codec == SL_VIDEO_CODEC_H264)
        {
          /* FFmpeg built without an H.264 encoder. */
          g_printerr ("# %s\n", error->message);
          continue;
        }
      ck_assert_msg (writer != NULL, "%s: %s", cases[i].file, error ? error->message : "");
      for (guint k = 0; k < 50; k++)
        {
          g_autoptr(SlImage) frame = sl_image_new_filled (320, 240, (guint8) (k * 5), 90, 160);
          ck_assert (sl_video_writer_add_frame (writer, frame, &error));
        }
      ck_assert (sl_video_writer_close (writer, &error));
      ck_assert_msg (sl_video_probe (path, &info, &error), "%s", error ? error->message : "");
      ck_assert_uint_eq (info.width, 320);
      ck_assert_uint_eq (info.height, 240);
      ck_assert_int_eq (info.frame_count, 50);
      ck_assert_double_eq_tol (info.duration_s, 2.0, 0.05);
      ck_assert_str_eq (info.codec, cases[i].fourcc);
      sl_video_info_clear (&info);
    }
}
END_TEST

START_TEST (test_writer_refuses_wrong_size)
{
  g_autofree char *path = tmp_path ("size.avi");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoWriter) writer = sl_video_writer_new (path, SL_VIDEO_CODEC_MJPEG, 25, 320, 240, &error);
  g_autoptr(SlImage) frame = sl_image_new_filled (321, 240, 0, 0, 0);

  ck_assert (writer != NULL);
  ck_assert (!sl_video_writer_add_frame (writer, frame, &error));
  ck_assert (strstr (error->message, "321x240") != NULL);
}
END_TEST

START_TEST (test_empty_file)
{
  g_autofree char *path = tmp_path ("empty.mp4");
  g_autoptr(GError) error = NULL;
  SlVideoInfo info;

  ck_assert (g_file_set_contents (path, "", 0, NULL));
  ck_assert (sl_video_reader_new (path, 5, &error) == NULL);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY));
  assert_names_file (error, path);
  g_clear_error (&error);
  ck_assert (!sl_video_probe (path, &info, &error));
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY));
}
END_TEST

START_TEST (test_text_named_mp4)
{
  g_autofree char *path = tmp_path ("notes.mp4");
  g_autoptr(GError) error = NULL;

  ck_assert (g_file_set_contents (path, "Suspect seen at 14:02 near the station.\n", -1, NULL));
  ck_assert (sl_video_reader_new (path, 5, &error) == NULL);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO), "%s", error->message);
  assert_names_file (error, path);
}
END_TEST

START_TEST (test_missing_and_folder)
{
  g_autofree char *path = tmp_path ("nothing-here.mp4");
  g_autoptr(GError) error = NULL;

  ck_assert (sl_video_reader_new (path, 5, &error) == NULL);
  ck_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  assert_names_file (error, path);
  g_clear_error (&error);
  ck_assert (sl_video_reader_new (tmp_dir, 5, &error) == NULL);
  ck_assert (error != NULL);
}
END_TEST

START_TEST (test_truncated_avi)
{
  g_autofree char *path = write_person_clip ("cut.avi", SL_VIDEO_CODEC_MJPEG, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  guint n;

  truncate_file (path, 0.5);
  n = read_all (path, 5, at, &error);
  /* About the first half was read, and the error says where it stopped. */
  ck_assert_msg (n >= 8 && n <= 12, "%u samples", n);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED), "%s",
                 error ? error->message : "no error");
  assert_names_file (error, path);
  ck_assert_msg (strstr (error->message, "past 0:01.") != NULL || strstr (error->message, "past 0:02.") != NULL,
                 "%s", error->message);
  ck_assert (strstr (error->message, "of the 100 frames") != NULL);
}
END_TEST

START_TEST (test_truncated_mp4)
{
  g_autofree char *path = write_person_clip ("cut.mp4", SL_VIDEO_CODEC_MPEG4, 2);
  g_autoptr(GError) error = NULL;
  SlVideoInfo info;

  truncate_file (path, 0.6);
  ck_assert (sl_video_reader_new (path, 5, &error) == NULL);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED), "%s", error->message);
  ck_assert (strstr (error->message, "moov") != NULL);
  assert_names_file (error, path);
  g_clear_error (&error);
  ck_assert (!sl_video_probe (path, &info, &error));
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED));
}
END_TEST

START_TEST (test_damaged_files)
{
  /* Damage a decoder conceals (a few bytes inside one compressed frame)
   * cannot be seen through OpenCV; damage that costs frames can. */
  static const struct { const char *file; SlVideoCodec codec; double fraction; } cases[] = {
    { "bad.avi", SL_VIDEO_CODEC_MJPEG, 0.05 },
    { "bad.mkv", SL_VIDEO_CODEC_H264, 0.15 },
    { "bad.mp4", SL_VIDEO_CODEC_MPEG4, 0.05 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_person_clip (cases[i].file, cases[i].codec, 4);
      g_autoptr(GError) error = NULL;
      guint n;

      /* Random bytes, two fifths in. */
      damage_file (path, 0.4, cases[i].fraction);
      n = read_all (path, 5, NULL, &error);
      ck_assert_msg (n >= 1 && n < 20, "%s: %u samples", cases[i].file, n);
      ck_assert_msg (error != NULL, "%s: the damage went unnoticed", cases[i].file);
      ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED) ||
                     g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE),
                     "%s: %s", cases[i].file, error->message);
      assert_names_file (error, path);
      ck_assert_msg (strstr (error->message, " 0:0") != NULL, "no position in: %s", error->message);
    }
}
END_TEST

START_TEST (test_format_time)
{
  g_autofree char *a = sl_media_time_format (0);
  g_autofree char *b = sl_media_time_format (12440);
  g_autofree char *c = sl_media_time_format (3723400);
  g_autofree char *d = sl_media_time_format (59960);

  ck_assert_str_eq (a, "0:00.0");
  ck_assert_str_eq (b, "0:12.4");
  ck_assert_str_eq (c, "1:02:03.4");
  ck_assert_str_eq (d, "1:00.0");
}
END_TEST

START_TEST (test_scene_change)
{
  const char *images = sl_test_lfw_dir ();
  g_autoptr(SlTestScript) script = sl_test_script_new (640, 360, 25, 10, 3);
  g_autoptr(GError) error = NULL;
  SlSceneSignature empty, person, blurred, other, empty_again;
  g_autoptr(SlImage) f0 = NULL;
  g_autoptr(SlImage) f1 = NULL;
  g_autoptr(SlImage) f2 = NULL;
  g_autoptr(SlImage) f3 = NULL;

  sl_test_script_add (script, "Hans_Blix", sl_test_person_photo (images, "Hans_Blix", 0), 2, 4, 0.5, 0.4, 0.5, 0.4, 0.6, 0.6);
  sl_test_script_add_blur (script, 3, 4, 3);
  sl_test_script_add_cut (script, 5);
  ck_assert ((f0 = sl_test_script_render (script, images, 1, &error)));
  ck_assert ((f1 = sl_test_script_render (script, images, 2.5, &error)));
  ck_assert ((f2 = sl_test_script_render (script, images, 3.5, &error)));
  sl_scene_signature_compute (f0, &empty);
  sl_scene_signature_compute (f1, &person);
  sl_scene_signature_compute (f2, &blurred);
  g_clear_pointer (&f0, sl_image_free);
  ck_assert ((f0 = sl_test_script_render (script, images, 1.2, &error)));
  sl_scene_signature_compute (f0, &empty_again);
  ck_assert ((f3 = sl_test_script_render (script, images, 6, &error)));
  sl_scene_signature_compute (f3, &other);

  ck_assert_double_lt (sl_scene_signature_change (&empty, &empty_again), 0.01);
  /* A large face walking in, or blur, is not a cut; another scene is. */
  ck_assert_double_lt (sl_scene_signature_change (&empty, &person), 0.2);
  ck_assert_double_lt (sl_scene_signature_change (&person, &blurred), 0.2);
  ck_assert_double_gt (sl_scene_signature_change (&empty, &other), 0.35);
}
END_TEST

START_TEST (test_frame_pixel_limit)
{
  /* 6400x6000 (38 megapixels, over the 8K UHD the reader takes): refused
   * from the stream's header, naming the file, before a frame is decoded. */
  g_autofree char *path = tmp_path ("huge-frames.avi");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoReader) reader = NULL;
  SlVideoInfo info;

  {
    g_autoptr(SlVideoWriter) writer = sl_video_writer_new (path, SL_VIDEO_CODEC_MJPEG, 5, 6400, 6000, &error);
    g_autoptr(SlImage) frame = sl_image_new_filled (6400, 6000, 90, 90, 90);

    ck_assert_msg (writer != NULL, "%s", error ? error->message : "");
    ck_assert (sl_video_writer_add_frame (writer, frame, &error));
    ck_assert (sl_video_writer_add_frame (writer, frame, &error));
    ck_assert_msg (sl_video_writer_close (writer, &error), "%s", error ? error->message : "");
  }
  ck_assert (!sl_video_probe (path, &info, &error));
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE), "%s", error->message);
  assert_names_file (error, path);
  ck_assert_msg (strstr (error->message, "6400x6000") != NULL, "%s", error->message);
  g_clear_error (&error);
  reader = sl_video_reader_new (path, 0, &error);
  ck_assert_ptr_null (reader);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE));
  g_clear_error (&error);

  /* A lower limit of the caller's holds the same way. */
  {
    g_autofree char *small = write_counting_clip ("small-frames.avi", SL_VIDEO_CODEC_MJPEG, 5);
    SlVideoLimits limits = { 100 * 100, 0, 0, 0 };

    reader = sl_video_reader_new_limited (small, 0, &limits, &error);
    ck_assert_ptr_null (reader);
    ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE));
    assert_names_file (error, small);
  }
}
END_TEST

START_TEST (test_decode_time_limit)
{
  /* A budget of 1 ms is spent by opening the file: reading stops with an
   * error naming the file and the limit, after the frames already read. */
  g_autofree char *path = write_counting_clip ("slow.avi", SL_VIDEO_CODEC_MJPEG, 50);
  SlVideoLimits limits = { 0, 0, 1, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoReader) reader = sl_video_reader_new_limited (path, 0, &limits, &error);
  guint frames = 0;

  ck_assert_msg (reader != NULL, "%s", error ? error->message : "");
  for (;;)
    {
      g_autoptr(SlImage) frame = sl_video_reader_next (reader, NULL, NULL, &error);
      if (frame == NULL)
        break;
      frames++;
    }
  ck_assert_uint_lt (frames, 50);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE), "%s",
                 error ? error->message : "read to the end");
  assert_names_file (error, path);
  ck_assert_msg (strstr (error->message, "over the limit") != NULL, "%s", error->message);
}
END_TEST

static Suite *
video_suite (void)
{
  Suite *s = suite_create ("video");
  TCase *tc = tcase_create ("files");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_sampling_by_time);
  tcase_add_test (tc, test_writer_codecs);
  tcase_add_test (tc, test_writer_refuses_wrong_size);
  tcase_add_test (tc, test_empty_file);
  tcase_add_test (tc, test_text_named_mp4);
  tcase_add_test (tc, test_missing_and_folder);
  tcase_add_test (tc, test_truncated_avi);
  tcase_add_test (tc, test_truncated_mp4);
  tcase_add_test (tc, test_damaged_files);
  tcase_add_test (tc, test_format_time);
  tcase_add_test (tc, test_scene_change);
  tcase_add_test (tc, test_frame_pixel_limit);
  tcase_add_test (tc, test_decode_time_limit);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Made here, before any test forks; no OpenCV in this process. */
  tmp_dir = g_dir_make_tmp ("sl-test-video-XXXXXX", &error);
  g_assert_no_error (error);
  status = sl_test_run_suite (video_suite ());
  sl_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
