/* test-image.c: unreadable, hostile and unusual image files each give their
 * own clear error and never a crash; EXIF orientation is honoured.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vision/sl-image.h"
#include "vision/sl-vision-error.h"
#include "sl-test-vision.h"

static char *tmp;

/* helpers */

static void
setup (void)
{
  tmp = sl_test_make_tmp_dir ("sl-test-image-XXXXXX");
}

static void
teardown (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp);
  g_clear_pointer (&tmp, g_free);
}

static char *
write_file (const char *name,
            const void *data,
            gsize       len)
{
  char *path = g_build_filename (tmp, name, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_msg (g_file_set_contents (path, data, (gssize) len, &error), "%s", error ? error->message : "");
  return path;
}

static char *
read_shared (const char *name,
             gsize      *len)
{
  g_autofree char *path = sl_test_shared_path ("datasets", "faces-detection", name, NULL);
  char *contents = NULL;

  ck_assert_msg (g_file_get_contents (path, &contents, len, NULL), "cannot read %s", path);
  return contents;
}

/* Loads a file that must fail, and checks the code and that the message
 * names the file. */
static void
assert_refused (const char *path,
                int         code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  g_autofree char *display = g_filename_display_name (path);

  ck_assert_ptr_null (image);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, code),
                 "expected code %d, got %s %d: %s", code, g_quark_to_string (error->domain),
                 error->code, error->message);
  ck_assert_msg (strstr (error->message, display) != NULL,
                 "message does not name the file: %s", error->message);
  if (needle != NULL)
    ck_assert_msg (strstr (error->message, needle) != NULL,
                   "message lacks '%s': %s", needle, error->message);
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/* An EXIF APP1 segment holding only an orientation tag. */
static GBytes *
with_exif_orientation (GBytes *jpeg,
                       guint   orientation)
{
  static const guint8 app1[] = {
    0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,          /* TIFF header, IFD at 8 */
    0, 1,                                 /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0,  /* orientation, SHORT, 1 */
    0, 0, 0, 0,                           /* no next IFD */
  };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &len);
  GByteArray *out = g_byte_array_new ();
  guint8 seg[sizeof app1];

  memcpy (seg, app1, sizeof app1);
  seg[2 + 2 + 6 + 8 + 2 + 8] = 0;
  seg[2 + 2 + 6 + 8 + 2 + 9] = (guint8) orientation;
  g_byte_array_append (out, data, 2);               /* SOI */
  g_byte_array_append (out, seg, sizeof seg);
  g_byte_array_append (out, data + 2, (guint) len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* tests */

START_TEST (test_zero_bytes)
{
  g_autofree char *path = write_file ("empty.jpg", "", 0);
  assert_refused (path, SL_VISION_ERROR_EMPTY, "empty");
}
END_TEST

START_TEST (test_random_bytes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 noise[4096];
  g_autofree char *path = NULL;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  noise[0] = 0x00;   /* not by chance a JPEG or PNG signature */
  path = write_file ("noise.png", noise, sizeof noise);
  assert_refused (path, SL_VISION_ERROR_NOT_IMAGE, "not an image");
}
END_TEST

START_TEST (test_text_named_jpg)
{
  const char *text = "Case 2024-117: witness statement, typed up.\nNot a photo.\n";
  g_autofree char *path = write_file ("statement.jpg", text, strlen (text));
  assert_refused (path, SL_VISION_ERROR_NOT_IMAGE, "text");
}
END_TEST

START_TEST (test_truncated_jpeg)
{
  gsize len = 0;
  g_autofree char *jpeg = read_shared ("2008_001009.jpg", &len);
  g_autofree char *half = write_file ("half.jpg", jpeg, len / 2);
  g_autofree char *header_only = write_file ("header.jpg", jpeg, 300);

  assert_refused (half, SL_VISION_ERROR_TRUNCATED, "truncated");
  assert_refused (header_only, SL_VISION_ERROR_TRUNCATED, "truncated");
}
END_TEST

START_TEST (test_png_claims_huge_size)
{
  /* A valid signature and IHDR that claims 50000x50000, and nothing more:
   * refused from the header, before decoding or allocating. */
  guint8 png[8 + 25] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;
  g_autofree char *path = NULL;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 50000);
  put_be32 (ihdr + 12, 50000);
  ihdr[16] = 8;   /* bit depth */
  ihdr[17] = 2;   /* RGB */
  put_be32 (ihdr + 21, crc32_of (ihdr + 4, 17));
  path = write_file ("huge.png", png, sizeof png);
  assert_refused (path, SL_VISION_ERROR_TOO_LARGE, "50000x50000");
}
END_TEST

START_TEST (test_pixel_limit_configurable)
{
  g_autofree char *path = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) small_limit = sl_image_load (path, 100 * 100, &error);
  g_autoptr(SlImage) ok = NULL;

  ck_assert_ptr_null (small_limit);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE));
  g_clear_error (&error);
  ok = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (ok != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (ok), 360);
  ck_assert_uint_eq (sl_image_get_height (ok), 480);
}
END_TEST

START_TEST (test_corrupt_png_body)
{
  /* A real PNG whose compressed data is overwritten: the decoder refuses. */
  g_autofree char *src = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load (src, 0, &error);
  g_autoptr(GBytes) png = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree char *path = NULL;
  gsize len = 0;

  ck_assert_ptr_nonnull (image);
  png = sl_image_encode (image, SL_IMAGE_FORMAT_PNG, 0, &error);
  ck_assert_ptr_nonnull (png);
  data = g_memdup2 (g_bytes_get_data (png, &len), g_bytes_get_size (png));
  for (gsize i = 100; i < len - 100; i += 7)
    data[i] ^= 0x5a;
  path = write_file ("mangled.png", data, len);
  assert_refused (path, SL_VISION_ERROR_DECODE, "corrupt");
}
END_TEST

START_TEST (test_missing_and_directory)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp, "no-such-photo.jpg", NULL);
  g_autoptr(SlImage) a = sl_image_load (missing, 0, &error);

  ck_assert_ptr_null (a);
  ck_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  ck_assert_ptr_nonnull (strstr (error->message, "no-such-photo.jpg"));
  g_clear_error (&error);
  ck_assert_ptr_null (sl_image_load (tmp, 0, &error));
  ck_assert_ptr_nonnull (error);
}
END_TEST

START_TEST (test_non_utf8_name)
{
  gsize len = 0;
  g_autofree char *jpeg = read_shared ("2008_001009.jpg", &len);
  /* Latin-1 bytes, as an old camera or a Windows export may leave them. */
  g_autofree char *good = write_file ("T\xe4ter_\xff.jpg", jpeg, len);
  g_autofree char *bad = write_file ("Zeuge_\xe9\xff.jpg", "plain text, not a photo", 23);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load (good, 0, &error);

  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (image), 360);
  assert_refused (bad, SL_VISION_ERROR_NOT_IMAGE, NULL);
  {
    g_autoptr(SlImage) again = sl_image_load (bad, 0, &error);
    ck_assert_ptr_null (again);
    ck_assert (g_utf8_validate (error->message, -1, NULL));
  }
}
END_TEST

START_TEST (test_formats_round_trip)
{
  g_autofree char *src = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load (src, 0, &error);
  SlImageFormat formats[] = { SL_IMAGE_FORMAT_JPEG, SL_IMAGE_FORMAT_PNG };

  ck_assert_ptr_nonnull (image);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = sl_image_encode (image, formats[i], 90, &error);
      g_autoptr(SlImage) back = NULL;
      ck_assert_ptr_nonnull (bytes);
      back = sl_image_load_bytes (bytes, "round-trip", 0, &error);
      ck_assert_msg (back != NULL, "%s", error ? error->message : "");
      ck_assert_int_eq (sl_image_get_format (back), formats[i]);
      ck_assert_uint_eq (sl_image_get_width (back), 360);
      ck_assert_uint_eq (sl_image_get_height (back), 480);
    }
}
END_TEST

START_TEST (test_exif_orientation)
{
  /* A phone stores the pixels sideways and says so in EXIF (orientation 6:
   * turn 90 degrees clockwise to view). The decoded image must be upright,
   * and its faces found as in the original. */
  g_autofree char *src = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) upright = sl_image_load (src, 0, &error);
  g_autoptr(SlImage) sideways = sl_image_rotate (upright, -1);
  g_autoptr(GBytes) plain = sl_image_encode (sideways, SL_IMAGE_FORMAT_JPEG, 95, &error);
  g_autoptr(GBytes) tagged = with_exif_orientation (plain, 6);
  g_autoptr(SlImage) decoded = sl_image_load_bytes (tagged, "phone.jpg", 0, &error);
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(GArray) faces = NULL;

  ck_assert_uint_eq (sl_image_get_width (sideways), 480);
  ck_assert_msg (decoded != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (decoded), 360);
  ck_assert_uint_eq (sl_image_get_height (decoded), 480);
  faces = sl_detector_detect (sl_face_analyser_get_detector (analyser), decoded, &error);
  ck_assert_ptr_nonnull (faces);
  ck_assert_uint_eq (faces->len, 2);
  for (guint i = 0; i < faces->len; i++)
    {
      SlFace *f = &g_array_index (faces, SlFace, i);
      /* Upright: the eyes level, above the mouth. */
      ck_assert_msg (fabs (f->quality.roll) < 20, "roll %.1f", f->quality.roll);
      ck_assert (f->landmarks[1] < f->landmarks[7]);
    }
}
END_TEST

static Suite *
image_suite (void)
{
  Suite *s = suite_create ("image");
  TCase *tc = tcase_create ("decode");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_zero_bytes);
  tcase_add_test (tc, test_random_bytes);
  tcase_add_test (tc, test_text_named_jpg);
  tcase_add_test (tc, test_truncated_jpeg);
  tcase_add_test (tc, test_png_claims_huge_size);
  tcase_add_test (tc, test_pixel_limit_configurable);
  tcase_add_test (tc, test_corrupt_png_body);
  tcase_add_test (tc, test_missing_and_directory);
  tcase_add_test (tc, test_non_utf8_name);
  tcase_add_test (tc, test_formats_round_trip);
  tcase_add_test (tc, test_exif_orientation);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (image_suite ());
}
