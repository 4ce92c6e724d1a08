/* test-image.c: unreadable, hostile and unusual image files each give their
 * own clear error and never a crash; EXIF orientation is honoured.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vision/sl-image.h"
#include "vision/sl-vision-error.h"
#include "vision/sl-vision-limits.h"
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

static void
put_le16 (GByteArray *a, guint v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (a, b, 2);
}

static void
put_le32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (a, b, 4);
}

/* A grey TIFF that decodes at `width` x `height` in earnest: PackBits
 * strips of zeros, all of them the same few bytes, so a 20000x20000 image
 * is a file of some 30 KB. After the true size it may state a second, small
 * one (the same tags again), as a hostile file does. */
static GBytes *
make_tiff (guint width,
           guint height,
           gboolean second_size)
{
  const guint rows = 100;
  guint strips = (height + rows - 1) / rows;
  guint n = second_size ? 11 : 9;
  guint32 ifd = 8;
  guint32 after_ifd = ifd + 2 + n * 12 + 4;
  guint32 offsets_at = after_ifd;
  guint32 counts_at = offsets_at + strips * 4;
  guint32 strip_at = counts_at + strips * 4;
  g_autoptr(GByteArray) strip = g_byte_array_new ();
  GByteArray *t = g_byte_array_new ();

  /* PackBits: runs of up to 128 zeros as (1 - run, 0), row by row. */
  for (guint r = 0; r < rows; r++)
    for (guint left = width; left > 0;)
      {
        guint run = MIN (left, 128);
        guint8 code[2] = { (guint8) (257 - run), 0 };
        g_byte_array_append (strip, code, 2);
        left -= run;
      }

  g_byte_array_append (t, (const guint8 *) "II*\0", 4);
  put_le32 (t, ifd);
  put_le16 (t, n);
#define ENTRY(tag, type, value) \
  (put_le16 (t, tag), put_le16 (t, type), put_le32 (t, 1), put_le32 (t, value))
  ENTRY (256, 4, width);
  ENTRY (257, 4, height);
  ENTRY (258, 3, 8);            /* bits per sample */
  ENTRY (259, 3, 32773);        /* PackBits */
  ENTRY (262, 3, 1);            /* black is zero */
  put_le16 (t, 273); put_le16 (t, 4); put_le32 (t, strips); put_le32 (t, strips > 1 ? offsets_at : strip_at);
  ENTRY (277, 3, 1);            /* samples per pixel */
  ENTRY (278, 4, rows);
  put_le16 (t, 279); put_le16 (t, 4); put_le32 (t, strips); put_le32 (t, strips > 1 ? counts_at : strip->len);
  if (second_size)
    {
      ENTRY (256, 4, 100);
      ENTRY (257, 4, 100);
    }
#undef ENTRY
  put_le32 (t, 0);
  for (guint i = 0; i < strips; i++)
    put_le32 (t, strip_at);
  for (guint i = 0; i < strips; i++)
    put_le32 (t, strip->len);
  g_byte_array_append (t, strip->data, strip->len);
  return g_byte_array_free_to_bytes (t);
}

/* The most memory this process has held, in MB. */
static long
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
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

START_TEST (test_tiff_two_sizes)
{
  /* 20000x20000, then 100x100 again: libtiff decodes the first, so the
   * probe must not believe the second. Refused, and nothing allocated. */
  g_autoptr(GBytes) tiff = make_tiff (20000, 20000, TRUE);
  g_autofree char *path = write_file ("two-sizes.tiff", g_bytes_get_data (tiff, NULL), g_bytes_get_size (tiff));

  ck_assert_uint_lt (g_bytes_get_size (tiff), 64 * 1024);
  assert_refused (path, SL_VISION_ERROR_DECODE, "two different image widths");
  ck_assert_int_lt (peak_rss_mb (), 400);
}
END_TEST

START_TEST (test_decoder_limit_holds)
{
  /* With no limit of ours (0), OpenCV's own, set before it was loaded,
   * still refuses what it would have to allocate: 400 megapixels. */
  g_autoptr(GBytes) tiff = make_tiff (20000, 20000, FALSE);
  g_autofree char *path = write_file ("huge.tiff", g_bytes_get_data (tiff, NULL), g_bytes_get_size (tiff));
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = NULL;

  ck_assert_msg (sl_vision_limits_in_effect (), "OPENCV_IO_MAX_IMAGE_* are not set for this test");
  image = sl_image_load (path, 0, &error);
  ck_assert_ptr_null (image);
  ck_assert_msg (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE), "%s",
                 error ? error->message : "decoded");
  ck_assert_msg (strstr (error->message, display) != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "OpenCV") == NULL, "%s", error->message);
  ck_assert_int_lt (peak_rss_mb (), 400);
}
END_TEST

START_TEST (test_small_tiff_still_reads)
{
  g_autoptr(GBytes) tiff = make_tiff (300, 250, FALSE);
  g_autofree char *path = write_file ("small.tiff", g_bytes_get_data (tiff, NULL), g_bytes_get_size (tiff));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (image), 300);
  ck_assert_uint_eq (sl_image_get_height (image), 250);
}
END_TEST

START_TEST (test_png_trailing_gigabytes)
{
  /* A small PNG followed by 3 GB (sparse) of trailing data: it decodes, or
   * would be refused naming the file, without ever holding the file in
   * memory (it was read whole, and OpenCV asserted on its length). */
  g_autoptr(SlImage) small = sl_image_new_filled (16, 12, 10, 200, 30);
  g_autoptr(GBytes) png = sl_image_encode (small, SL_IMAGE_FORMAT_PNG, 0, NULL);
  g_autofree char *path = write_file ("trailing.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = NULL;

  ck_assert_int_eq (truncate (path, (off_t) 3 << 30), 0);
  image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (image), 16);
  ck_assert_int_lt (peak_rss_mb (), 400);
}
END_TEST

START_TEST (test_jpeg_metadata_past_64k)
{
  /* 100 KB of comment segments before the frame header: the probe reads
   * only the first 64 KiB of a file, then walks to the frame header. */
  g_autofree char *src = sl_test_shared_path ("datasets", "faces-detection", "2008_001009.jpg", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = NULL;
  guint8 com[4 + 20000] = { 0xFF, 0xFE, 20002 >> 8, 20002 & 0xff };
  gsize len = 0;

  ck_assert (g_file_get_contents (src, &data, &len, NULL));
  memset (com + 4, 'x', sizeof com - 4);
  g_byte_array_append (out, (const guint8 *) data, 2);
  for (int i = 0; i < 5; i++)
    g_byte_array_append (out, com, sizeof com);
  g_byte_array_append (out, (const guint8 *) data + 2, (guint) len - 2);
  path = write_file ("commented.jpg", out->data, out->len);
  image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_image_get_width (image), 360);
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
  tcase_add_test (tc, test_tiff_two_sizes);
  tcase_add_test (tc, test_decoder_limit_holds);
  tcase_add_test (tc, test_small_tiff_still_reads);
  tcase_add_test (tc, test_png_trailing_gigabytes);
  tcase_add_test (tc, test_jpeg_metadata_past_64k);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (image_suite ());
}
