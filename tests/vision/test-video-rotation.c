/* test-video-rotation.c: a phone's clip, its frames stored turned and the
 * stream tagged (a display matrix for a quarter turn either way and for a
 * half turn; the old "rotate" tag), is shown by both footage readers the
 * way FFmpeg's own player shows it: the frame size is the shown size, and
 * a marker in the picture's top left corner is in the top left corner of
 * the frames the analysis reads and of the frames the viewer seeks to,
 * which are the same frames, pixel for pixel. The clips are real MPEG-4
 * video written from an LFW photo and remuxed with the tag through
 * libavformat.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <gio/gio.h>
#include <string.h>

#include "sl-test-lfw.h"
#include "sl-test-remux.h"
#include "vision/sl-image.h"
#include "vision/sl-video-seek.h"
#include "vision/sl-video.h"

#define FPS      25
#define N_FRAMES 25
#define WIDTH    240   /* the picture as shown: a portrait phone clip */
#define HEIGHT   320
#define MARK     48    /* the marker's side, at the picture's top left */

static char *tmp_dir;

/* helpers */

/* The picture as the phone showed it: a face, and a red marker in the top
 * left corner that no turn leaves in place. */
static SlImage *
upright_picture (guint width,
                 guint height)
{
  g_autofree char *photo = sl_test_lfw_image ("Hans_Blix", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) face = sl_image_load (photo, 0, &error);
  g_autoptr(SlImage) sized = NULL;
  g_autoptr(SlImage) mark = sl_image_new_filled (MARK, MARK, 230, 20, 20);
  SlImage *picture = sl_image_new_filled (width, height, 70, 90, 110);

  ck_assert_msg (face != NULL, "%s", error ? error->message : "");
  sized = sl_image_resize (face, MIN (width, height) * 3 / 5, MIN (width, height) * 3 / 5);
  sl_image_paste (picture, sized, (int) (width - sl_image_get_width (sized)) / 2,
                  (int) (height - sl_image_get_height (sized)) / 2);
  sl_image_paste (picture, mark, 0, 0);
  return picture;
}

/* A clip whose frames are the picture turned `degrees` anticlockwise, as
 * the sensor stored it, tagged so that a player turns them back. */
static char *
write_tagged (const char        *name,
              int                degrees,
              SlTestRotationTag  how)
{
  g_autoptr(SlImage) picture = upright_picture (degrees % 180 == 0 ? HEIGHT : WIDTH,
                                                degrees % 180 == 0 ? WIDTH : HEIGHT);
  g_autoptr(SlImage) stored = sl_image_rotate (picture, -degrees / 90);
  g_autofree char *plain = g_strdup_printf ("%s/plain-%s.mp4", tmp_dir, name);
  g_autoptr(SlVideoWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  writer = sl_video_writer_new (plain, SL_VIDEO_CODEC_MPEG4, FPS, sl_image_get_width (stored),
                                sl_image_get_height (stored), &error);
  ck_assert_msg (writer != NULL, "%s", error ? error->message : "");
  for (int i = 0; i < N_FRAMES; i++)
    ck_assert_msg (sl_video_writer_add_frame (writer, stored, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_video_writer_close (writer, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_test_remux_rotated (plain, path, degrees, how, &error), "%s", error ? error->message : "");
  return path;
}

/* The mean of each channel over a square of the frame. */
static void
mean_bgr (const SlImage *frame,
          guint          x0,
          guint          y0,
          guint          side,
          double        *bgr)
{
  gsize stride;
  const guint8 *pixels = sl_image_get_pixels (frame, &stride);

  bgr[0] = bgr[1] = bgr[2] = 0;
  for (guint y = y0; y < y0 + side; y++)
    for (guint x = x0; x < x0 + side; x++)
      for (int c = 0; c < 3; c++)
        bgr[c] += pixels[y * stride + x * 3 + c];
  for (int c = 0; c < 3; c++)
    bgr[c] /= (double) side * side;
}

static gboolean
is_red (const SlImage *frame,
        guint          x0,
        guint          y0)
{
  double bgr[3];

  /* inside the marker, clear of its edges (the codec blurs them) */
  mean_bgr (frame, x0 + MARK / 4, y0 + MARK / 4, MARK / 2, bgr);
  return bgr[2] > 170 && bgr[1] < 80 && bgr[0] < 80;
}

/* A frame as shown: the shown size, the marker top left and in no other
 * corner. */
static void
check_upright (const SlImage *frame,
               guint          width,
               guint          height,
               const char    *who)
{
  guint w = sl_image_get_width (frame), h = sl_image_get_height (frame);

  gboolean top_right, bottom_left, bottom_right;

  ck_assert_msg (w == width && h == height, "%s: a %ux%u frame, shown %ux%u", who, w, h, width, height);
  top_right = is_red (frame, w - MARK, 0);
  bottom_left = is_red (frame, 0, h - MARK);
  bottom_right = is_red (frame, w - MARK, h - MARK);
  ck_assert_msg (is_red (frame, 0, 0) && !top_right && !bottom_left && !bottom_right,
                 "%s: the marker is not (only) in the top left corner (top right: %s, bottom left: %s, "
                 "bottom right: %s)", who, top_right ? "yes" : "no", bottom_left ? "yes" : "no",
                 bottom_right ? "yes" : "no");
}

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

static void
check_clip (const char        *name,
            int                degrees,
            SlTestRotationTag  how)
{
  g_autofree char *path = write_tagged (name, degrees, how);
  guint width = degrees % 180 == 0 ? HEIGHT : WIDTH, height = degrees % 180 == 0 ? WIDTH : HEIGHT;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoReader) reader = NULL;
  g_autoptr(SlVideoSeeker) seeker = NULL;
  g_autoptr(SlImage) read = NULL;
  g_autoptr(SlImage) sought = NULL;
  SlVideoInfo info;
  gint64 index = -1;

  /* import's probe */
  ck_assert_msg (sl_video_probe (path, &info, &error), "%s", error ? error->message : "");
  ck_assert_msg (info.width == width && info.height == height, "probe: %ux%u, shown %ux%u", info.width,
                 info.height, width, height);
  sl_video_info_clear (&info);

  /* the analysis' reader: the first frame and one further on */
  reader = sl_video_reader_new (path, 0, &error);
  ck_assert_msg (reader != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_video_reader_get_info (reader)->width, width);
  ck_assert_uint_eq (sl_video_reader_get_info (reader)->height, height);
  read = sl_video_reader_next (reader, NULL, NULL, &error);
  ck_assert_msg (read != NULL, "%s", error ? error->message : "");
  check_upright (read, width, height, "the analysis' first frame");
  while (index < 10)
    {
      g_clear_pointer (&read, sl_image_free);
      read = sl_video_reader_next (reader, NULL, &index, &error);
      ck_assert_msg (read != NULL, "%s", error ? error->message : "");
    }
  check_upright (read, width, height, "the analysis' frame 10");

  /* the viewer's seeker, at the same frame */
  seeker = sl_video_seeker_new (path, 0, &error);
  ck_assert_msg (seeker != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_video_seeker_get_info (seeker)->width, width);
  ck_assert_uint_eq (sl_video_seeker_get_info (seeker)->height, height);
  sought = sl_video_seeker_frame_at (seeker, 10 * 1000 / FPS, NULL, &index, &error);
  ck_assert_msg (sought != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (index, 10);
  check_upright (sought, width, height, "the viewer's frame 10");
  /* the boxes the analysis measured fall on the viewer's frame */
  ck_assert_int_eq (max_difference (read, sought), 0);
}

/* tests */

START_TEST (test_quarter_turn_clockwise)
{
  /* the usual phone clip: ffprobe says "rotation of -90.00 degrees" */
  check_clip ("phone-90.mp4", 90, SL_TEST_ROTATION_DISPLAY_MATRIX);
}
END_TEST

START_TEST (test_quarter_turn_anticlockwise)
{
  check_clip ("phone-270.mp4", 270, SL_TEST_ROTATION_DISPLAY_MATRIX);
}
END_TEST

START_TEST (test_half_turn)
{
  check_clip ("phone-180.mp4", 180, SL_TEST_ROTATION_DISPLAY_MATRIX);
}
END_TEST

START_TEST (test_no_turn)
{
  check_clip ("phone-0.mp4", 0, SL_TEST_ROTATION_DISPLAY_MATRIX);
}
END_TEST

START_TEST (test_rotate_tag)
{
  /* Matroska keeps the tag as written: no display matrix beside it */
  check_clip ("phone-90.mkv", 90, SL_TEST_ROTATION_TAG);
}
END_TEST

static Suite *
rotation_suite (void)
{
  Suite *s = suite_create ("video-rotation");
  TCase *tc = tcase_create ("rotation");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_quarter_turn_clockwise);
  tcase_add_test (tc, test_quarter_turn_anticlockwise);
  tcase_add_test (tc, test_half_turn);
  tcase_add_test (tc, test_no_turn);
  tcase_add_test (tc, test_rotate_tag);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Made here, before any test forks; no OpenCV in this process. */
  tmp_dir = g_dir_make_tmp ("sl-test-rotation-XXXXXX", &error);
  g_assert_no_error (error);
  status = sl_test_run_suite (rotation_suite ());
  sl_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
