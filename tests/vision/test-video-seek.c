/* test-video-seek.c: the viewer's seeking reader on real footage the test
 * writes from LFW photos (a person crossing the picture, so that every
 * frame differs from the next): a jump near the end of a minute of footage
 * decodes a keyframe interval's worth of frames, not the minute, and lands
 * on the very frame reading from the start gives, pixel for pixel; so does
 * a jump back, a step forward, and playback from there; past the end is
 * the last frame; a phone's clip comes upright; a file that is not video is
 * refused by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <gio/gio.h>
#include <string.h>

#include "sl-test-footage.h"
#include "sl-test-lfw.h"
#include "sl-test-remux.h"
#include "vision/sl-video-seek.h"
#include "vision/sl-video.h"
#include "vision/sl-vision-error.h"

#define FPS        25
#define SECONDS    60
#define N_FRAMES   (FPS * SECONDS)

static char *tmp_dir;

/* helpers */

static char *
write_walk (const char   *name,
            SlVideoCodec  codec)
{
  const char *images = sl_test_lfw_dir ();
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, FPS, SECONDS, 3);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  /* across the picture every two seconds, a few pixels a frame: no two
   * frames alike */
  for (int k = 0; k < SECONDS / 2; k++)
    {
      double from = k % 2 == 0 ? 0.25 : 0.75;

      sl_test_script_add (script, "Hans_Blix", sl_test_person_photo (images, "Hans_Blix", 0),
                          2.0 * k, 2.0 * k + 1.96, from, 0.5, 1 - from, 0.5, 0.4, 0.4);
    }
  if (!sl_test_script_write (script, images, path, codec, NULL, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_printerr ("# %s\n", error->message);
      g_free (path);
      return NULL;
    }
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  return path;
}

/* The frames at `indices` (ascending, -1 ended), read from the start. */
static GPtrArray *
read_sequentially (const char   *path,
                   const gint64 *indices)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoReader) reader = sl_video_reader_new (path, 0, &error);
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_image_free);
  gint64 index;
  SlImage *frame;

  ck_assert_msg (reader != NULL, "%s", error ? error->message : "");
  while (indices[frames->len] >= 0 && (frame = sl_video_reader_next (reader, NULL, &index, &error)) != NULL)
    {
      if (index == indices[frames->len])
        g_ptr_array_add (frames, frame);
      else
        sl_image_free (frame);
    }
  ck_assert_msg (indices[frames->len] < 0, "frame %" G_GINT64_FORMAT " not read: %s", indices[frames->len],
                 error ? error->message : "the footage ended");
  return frames;
}

/* The largest difference of one channel of one pixel. */
static int
max_difference (const SlImage *a,
                const SlImage *b)
{
  gsize sa, sb;
  const guint8 *pa = sl_image_get_pixels (a, &sa), *pb = sl_image_get_pixels (b, &sb);
  int worst = 0;

  ck_assert_uint_eq (sl_image_get_width (a), sl_image_get_width (b));
  ck_assert_uint_eq (sl_image_get_height (a), sl_image_get_height (b));
  for (guint y = 0; y < sl_image_get_height (a); y++)
    for (guint x = 0; x < sl_image_get_width (a) * 3; x++)
      worst = MAX (worst, ABS ((int) pa[y * sa + x] - (int) pb[y * sb + x]));
  return worst;
}

/* A seek decodes from the keyframe before the frame asked to one frame past
 * it: at most `keyframe_interval` + 1 frames (the writer's interval: 12 for
 * MPEG-4, 250 for H.264, every frame a keyframe in Motion JPEG). */
static void
check_seeks (SlVideoCodec  codec,
             const char   *name,
             gint64        keyframe_interval)
{
  /* near the end, back near the start, a step, and playback after it */
  static const gint64 wanted[] = { 77, 78, 79, 80, 250, 1442, -1 };
  g_autofree char *path = write_walk (name, codec);
  g_autoptr(GPtrArray) truth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoSeeker) seeker = NULL;
  g_autoptr(SlImage) frame = NULL;
  gint64 ms = -1, index = -1, before;

  if (path == NULL)
    return;
  truth = read_sequentially (path, wanted);
  /* a wrong frame would show: neighbours differ */
  ck_assert_int_gt (max_difference (g_ptr_array_index (truth, 0), g_ptr_array_index (truth, 1)), 20);

  seeker = sl_video_seeker_new (path, 0, &error);
  ck_assert_msg (seeker != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (sl_video_seeker_get_info (seeker)->width, 320);
  ck_assert_double_eq_tol (sl_video_seeker_get_info (seeker)->fps, FPS, 0.01);

  /* Near the end of the minute: a bounded number of frames decoded. */
  before = sl_video_seeker_get_frames_decoded (seeker);
  frame = sl_video_seeker_frame_at (seeker, 1442 * 40, &ms, &index, &error);
  ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (index, 1442);
  ck_assert_int_eq (ms, 1442 * 40);
  ck_assert_int_eq (sl_video_seeker_get_seeks (seeker), 1);
  ck_assert_int_le (sl_video_seeker_get_frames_decoded (seeker) - before, keyframe_interval + 1);
  ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, 5)), 0);
  g_clear_pointer (&frame, sl_image_free);

  /* Back: a seek again, not a decode from the start. A time between two
   * frames shows the one before it. */
  before = sl_video_seeker_get_frames_decoded (seeker);
  frame = sl_video_seeker_frame_at (seeker, 250 * 40 + 39, &ms, &index, &error);
  ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (index, 250);
  ck_assert_int_eq (sl_video_seeker_get_seeks (seeker), 2);
  ck_assert_int_le (sl_video_seeker_get_frames_decoded (seeker) - before, keyframe_interval + 1);
  ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, 4)), 0);
  g_clear_pointer (&frame, sl_image_free);

  /* Further back, then one frame forward: no seek, one frame decoded. */
  frame = sl_video_seeker_frame_at (seeker, 77 * 40, &ms, &index, &error);
  ck_assert_int_eq (index, 77);
  ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, 0)), 0);
  g_clear_pointer (&frame, sl_image_free);
  before = sl_video_seeker_get_frames_decoded (seeker);
  frame = sl_video_seeker_frame_at (seeker, 78 * 40, &ms, &index, &error);
  ck_assert_int_eq (index, 78);
  ck_assert_int_eq (sl_video_seeker_get_seeks (seeker), 3);
  ck_assert_int_le (sl_video_seeker_get_frames_decoded (seeker) - before, 1);
  ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, 1)), 0);
  g_clear_pointer (&frame, sl_image_free);

  /* Playback from there: the frames that follow, in order. */
  for (guint i = 2; i <= 3; i++)
    {
      frame = sl_video_seeker_next (seeker, &ms, &index, &error);
      ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
      ck_assert_int_eq (index, wanted[i]);
      ck_assert_int_eq (ms, wanted[i] * 40);
      ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, i)), 0);
      g_clear_pointer (&frame, sl_image_free);
    }

  /* Past the end: the last frame; then nothing more to play. */
  frame = sl_video_seeker_frame_at (seeker, 3600 * 1000, &ms, &index, &error);
  ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (index, N_FRAMES - 1);
  g_clear_pointer (&frame, sl_image_free);
  ck_assert_ptr_null (sl_video_seeker_next (seeker, NULL, NULL, &error));
  ck_assert (error == NULL);
}

/* tests */

START_TEST (test_seek_mpeg4)
{
  check_seeks (SL_VIDEO_CODEC_MPEG4, "walk.mp4", 12);
}
END_TEST

START_TEST (test_seek_h264)
{
  check_seeks (SL_VIDEO_CODEC_H264, "walk.mkv", 250);
}
END_TEST

START_TEST (test_seek_mjpeg)
{
  check_seeks (SL_VIDEO_CODEC_MJPEG, "walk.avi", 1);
}
END_TEST

START_TEST (test_rotated_phone_clip)
{
  /* A phone's clip: landscape frames and a rotation tag. A seek shows the
   * frame turned as the analysis saw it, so its boxes fit (and both turn it
   * as FFmpeg's player does: test-video-rotation.c). */
  const char *images = sl_test_lfw_dir ();
  g_autoptr(SlTestScript) script = sl_test_script_new (240, 320, FPS, 4, 9);
  g_autofree char *plain = g_build_filename (tmp_dir, "phone-plain.mp4", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "phone.mp4", NULL);
  static const gint64 wanted[] = { 61, -1 };
  g_autoptr(GPtrArray) truth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoSeeker) seeker = NULL;
  g_autoptr(SlImage) frame = NULL;
  gint64 index = -1;

  sl_test_script_add (script, "Hans_Blix", sl_test_person_photo (images, "Hans_Blix", 0), 0, 4, 0.3, 0.3, 0.7, 0.7,
                      0.4, 0.5);
  script->quarter_turns = 1;
  ck_assert_msg (sl_test_script_write (script, images, plain, SL_VIDEO_CODEC_MPEG4, NULL, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (sl_test_remux_rotated (plain, path, 90, SL_TEST_ROTATION_DISPLAY_MATRIX, &error), "%s",
                 error ? error->message : "");
  truth = read_sequentially (path, wanted);
  ck_assert_uint_eq (sl_image_get_width (g_ptr_array_index (truth, 0)), 240);

  seeker = sl_video_seeker_new (path, 0, &error);
  ck_assert_msg (seeker != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_video_seeker_get_info (seeker)->width, 240);
  ck_assert_uint_eq (sl_video_seeker_get_info (seeker)->height, 320);
  frame = sl_video_seeker_frame_at (seeker, 61 * 40, NULL, &index, &error);
  ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (index, 61);
  ck_assert_int_eq (max_difference (frame, g_ptr_array_index (truth, 0)), 0);
}
END_TEST

START_TEST (test_not_video)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoSeeker) seeker = NULL;

  ck_assert (g_file_set_contents (path, "Interview notes, not footage.\n", -1, NULL));
  seeker = sl_video_seeker_new (path, 0, &error);
  ck_assert_ptr_null (seeker);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_VIDEO));
  ck_assert_msg (strstr (error->message, "notes.mp4") != NULL, "%s", error->message);
}
END_TEST

static Suite *
seek_suite (void)
{
  Suite *s = suite_create ("video-seek");
  TCase *tc = tcase_create ("seek");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_seek_mpeg4);
  tcase_add_test (tc, test_seek_h264);
  tcase_add_test (tc, test_seek_mjpeg);
  tcase_add_test (tc, test_rotated_phone_clip);
  tcase_add_test (tc, test_not_video);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Made here, before any test forks; no OpenCV in this process. */
  tmp_dir = g_dir_make_tmp ("sl-test-seek-XXXXXX", &error);
  g_assert_no_error (error);
  status = sl_test_run_suite (seek_suite ());
  sl_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
