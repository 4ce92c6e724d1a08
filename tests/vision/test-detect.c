/* test-detect.c: detection recall on hand-labelled photos, no face where
 * there is none, faces from 20 px to the whole frame, verified models.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vision/sl-detector.h"
#include "vision/sl-vision-error.h"
#include "sl-test-vision.h"

typedef struct
{
  char   *file;
  GArray *boxes;   /* float[4] x, y, w, h */
} LabelledImage;

/* helpers */

static void
labelled_free (gpointer data)
{
  LabelledImage *li = data;
  g_free (li->file);
  g_array_unref (li->boxes);
  g_free (li);
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  GPtrArray *images = user_data;

  if (g_str_equal (element, "image"))
    {
      LabelledImage *li = g_new0 (LabelledImage, 1);
      for (guint i = 0; names[i]; i++)
        if (g_str_equal (names[i], "file"))
          li->file = g_strdup (values[i]);
      li->boxes = g_array_new (FALSE, FALSE, sizeof (float) * 4);
      g_ptr_array_add (images, li);
    }
  else if (g_str_equal (element, "box") && images->len > 0)
    {
      LabelledImage *li = g_ptr_array_index (images, images->len - 1);
      float box[4] = { 0 };
      for (guint i = 0; names[i]; i++)
        {
          if (g_str_equal (names[i], "left"))
            box[0] = (float) g_ascii_strtod (values[i], NULL);
          else if (g_str_equal (names[i], "top"))
            box[1] = (float) g_ascii_strtod (values[i], NULL);
          else if (g_str_equal (names[i], "width"))
            box[2] = (float) g_ascii_strtod (values[i], NULL);
          else if (g_str_equal (names[i], "height"))
            box[3] = (float) g_ascii_strtod (values[i], NULL);
        }
      g_array_append_val (li->boxes, box);
    }
}

static GPtrArray *
load_labels (const char *xml_path)
{
  GMarkupParser parser = { .start_element = on_start_element };
  GPtrArray *images = g_ptr_array_new_with_free_func (labelled_free);
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, images, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *body;
  gsize len;

  ck_assert_msg (g_file_get_contents (xml_path, &text, &len, &error), "%s", error ? error->message : "");
  /* GMarkup reads UTF-8 only; skip the ISO-8859-1 declaration line, the
   * labels themselves are ASCII. */
  body = strstr (text, "<dataset>");
  ck_assert_ptr_nonnull (body);
  ck_assert_msg (g_markup_parse_context_parse (ctx, body, -1, &error), "%s", error ? error->message : "");
  return images;
}

static float
iou (const float *a,
     const float *b)
{
  float x1 = MAX (a[0], b[0]), y1 = MAX (a[1], b[1]);
  float x2 = MIN (a[0] + a[2], b[0] + b[2]), y2 = MIN (a[1] + a[3], b[1] + b[3]);
  float inter = MAX (0.f, x2 - x1) * MAX (0.f, y2 - y1);
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

static GArray *
detect_shared (SlFaceAnalyser *analyser,
               const char     *name)
{
  g_autofree char *path = sl_test_shared_path ("datasets", "faces-detection", name, NULL);
  g_autoptr(GError) error = NULL;
  SlDetection *d = sl_face_analyser_detect_file (analyser, path, &error);
  GArray *faces;

  ck_assert_msg (d != NULL, "%s: %s", name, error ? error->message : "");
  faces = g_array_ref (d->faces);
  sl_detection_free (d);
  return faces;
}

/* Counts labelled boxes matched by a detection at IoU >= 0.4, each
 * detection matching at most one box. */
static guint
count_found (GArray *faces,
             GArray *boxes)
{
  g_autofree gboolean *used = g_new0 (gboolean, faces->len + 1);
  guint found = 0;

  for (guint b = 0; b < boxes->len; b++)
    {
      const float *box = (const float *) boxes->data + 4 * b;
      int best = -1;
      float best_iou = 0.4f;

      for (guint f = 0; f < faces->len; f++)
        {
          float v = iou (box, g_array_index (faces, SlFace, f).box);
          if (!used[f] && v >= best_iou)
            {
              best_iou = v;
              best = (int) f;
            }
        }
      if (best >= 0)
        {
          used[best] = TRUE;
          found++;
        }
    }
  return found;
}

static SlImage *
load_shared_image (const char *name)
{
  g_autofree char *path = sl_test_shared_path ("datasets", "faces-detection", name, NULL);
  g_autoptr(GError) error = NULL;
  SlImage *image = sl_image_load (path, 0, &error);

  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  return image;
}

/* tests */

START_TEST (test_recall_testing_xml)
{
  g_autofree char *xml = sl_test_shared_path ("datasets", "faces-detection", "testing.xml", NULL);
  g_autoptr(GPtrArray) images = load_labels (xml);
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  guint total = 0, found = 0;

  ck_assert_uint_eq (images->len, 5);
  for (guint i = 0; i < images->len; i++)
    {
      LabelledImage *li = g_ptr_array_index (images, i);
      g_autoptr(GArray) faces = detect_shared (analyser, li->file);
      guint f = count_found (faces, li->boxes);
      g_debug ("%s: %u of %u labelled faces, %u detections", li->file, f, li->boxes->len, faces->len);
      total += li->boxes->len;
      found += f;
    }
  ck_assert_uint_eq (total, 25);
  ck_assert_msg (found >= 24, "found %u of %u labelled faces", found, total);
}
END_TEST

START_TEST (test_recall_training_xml)
{
  g_autofree char *xml = sl_test_shared_path ("datasets", "faces-detection", "training.xml", NULL);
  g_autoptr(GPtrArray) images = load_labels (xml);
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  guint total = 0, found = 0;

  for (guint i = 0; i < images->len; i++)
    {
      LabelledImage *li = g_ptr_array_index (images, i);
      g_autoptr(GArray) faces = detect_shared (analyser, li->file);
      total += li->boxes->len;
      found += count_found (faces, li->boxes);
    }
  ck_assert_uint_eq (total, 18);
  ck_assert_msg (found >= 17, "found %u of %u labelled faces", found, total);
}
END_TEST

START_TEST (test_no_face_on_dogs)
{
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(GArray) faces = detect_shared (analyser, "dogs.jpg");

  ck_assert_msg (faces->len == 0, "%u faces found on dogs.jpg, first at %.0f,%.0f",
                 faces->len, faces->len ? g_array_index (faces, SlFace, 0).box[0] : 0,
                 faces->len ? g_array_index (faces, SlFace, 0).box[1] : 0);
}
END_TEST

START_TEST (test_bald_guys_every_face)
{
  /* A collage of 24 portraits; a person counts 24 faces. Two more tiny
   * heads in one portrait's background are allowed, nothing else. */
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(GArray) faces = detect_shared (analyser, "bald_guys.jpg");
  guint large = 0;

  for (guint i = 0; i < faces->len; i++)
    large += g_array_index (faces, SlFace, i).box[2] >= 80;
  ck_assert_msg (large == 24, "%u large faces (of %u)", large, faces->len);
  ck_assert_uint_le (faces->len, 26);
}
END_TEST

START_TEST (test_face_filling_the_frame)
{
  /* A face that fills a 600x800 photo: the coarse levels of the pyramid. */
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(SlImage) photo = load_shared_image ("Tom_Cruise_avp_2014_4.jpg");
  g_autoptr(SlImage) face = sl_image_crop (photo, 60, 100, 470, 627);
  g_autoptr(SlImage) frame = sl_image_resize (face, 600, 800);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) faces = sl_detector_detect (sl_face_analyser_get_detector (analyser), frame, &error);

  ck_assert_ptr_nonnull (faces);
  ck_assert_uint_eq (faces->len, 1);
  ck_assert_msg (g_array_index (faces, SlFace, 0).box[2] > 400,
                 "face width %.0f", g_array_index (faces, SlFace, 0).box[2]);
}
END_TEST

START_TEST (test_tiny_face_in_large_photo)
{
  /* A 20 px face somewhere in a 4000x3000 photo: the fine tiles. */
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(SlImage) photo = load_shared_image ("2008_001322.jpg");
  g_autoptr(SlImage) dogs = load_shared_image ("dogs.jpg");
  /* A busy background with no human face in it. */
  g_autoptr(SlImage) canvas = sl_image_resize (dogs, 4000, 3000);
  g_autoptr(SlImage) portrait = NULL;
  g_autoptr(SlImage) small = NULL;
  g_autoptr(GArray) reference = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GError) error = NULL;
  const SlFace *ref;
  double k;
  float expect[4];
  guint hits = 0;

  /* Take a real face, shrink it so that the face is 20 px wide, and paste
   * it where no tile boundary is kind to it. */
  portrait = sl_image_crop (photo, 200, 170, 130, 130);
  ck_assert_ptr_nonnull (portrait);
  reference = sl_detector_detect (sl_face_analyser_get_detector (analyser), portrait, &error);
  ck_assert_msg (reference != NULL && reference->len >= 1, "no reference face");
  ref = &g_array_index (reference, SlFace, sl_faces_largest (reference));
  k = 20.0 / ref->box[2];
  small = sl_image_resize (portrait, (guint) (130 * k + 0.5), (guint) (130 * k + 0.5));
  sl_image_paste (canvas, small, 2413, 1707);
  expect[0] = (float) (2413 + ref->box[0] * k);
  expect[1] = (float) (1707 + ref->box[1] * k);
  expect[2] = (float) (ref->box[2] * k);
  expect[3] = (float) (ref->box[3] * k);

  faces = sl_detector_detect (sl_face_analyser_get_detector (analyser), canvas, &error);
  ck_assert_ptr_nonnull (faces);
  for (guint i = 0; i < faces->len; i++)
    hits += iou (expect, g_array_index (faces, SlFace, i).box) >= 0.4f;
  ck_assert_msg (hits == 1 && faces->len == 1, "%u detections, %u at the 20 px face", faces->len, hits);
  ck_assert (g_array_index (faces, SlFace, 0).quality.reasons & SL_QUALITY_SMALL_FACE);
}
END_TEST

START_TEST (test_huge_image_bounded)
{
  /* A 63 megapixel photo that is a small file (flat grey round one face):
   * detection searches a copy scaled to SL_DETECTOR_MAX_PIXELS, so its work
   * is bounded, and the face is still found where it is. */
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  SlDetector *detector = sl_face_analyser_get_detector (analyser);
  g_autoptr(SlImage) photo = load_shared_image ("Tom_Cruise_avp_2014_4.jpg");
  g_autoptr(SlImage) face = sl_image_crop (photo, 60, 100, 470, 627);
  g_autoptr(SlImage) canvas = sl_image_new_filled (9000, 7000, 128, 128, 128);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(SlImage) loaded = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  SlDetectorOptions options;
  const SlFace *f;

  sl_detector_get_options (detector, &options);
  /* The old pyramid ran about 500 tiles here, and about 1,000 on a
   * 120 megapixel image. */
  ck_assert_uint_le (sl_detector_count_tiles (9000, 7000, &options), 200);
  ck_assert_uint_le (sl_detector_count_tiles (12000, 10000, &options), 200);
  ck_assert_uint_le (sl_detector_count_tiles (60000, 2000, &options), 200);
  ck_assert_uint_eq (sl_detector_count_tiles (640, 480, &options), 2);

  sl_image_paste (canvas, face, 6100, 2900);
  jpeg = sl_image_encode (canvas, SL_IMAGE_FORMAT_JPEG, 90, &error);
  ck_assert_ptr_nonnull (jpeg);
  ck_assert_uint_lt (g_bytes_get_size (jpeg), 2 * 1024 * 1024);
  g_clear_pointer (&canvas, sl_image_free);
  loaded = sl_image_load_bytes (jpeg, "large.jpg", SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "");

  timer = g_timer_new ();
  faces = sl_detector_detect (detector, loaded, &error);
  ck_assert_msg (faces != NULL, "%s", error ? error->message : "");
  ck_assert_msg (g_timer_elapsed (timer, NULL) < 60, "%.1f s", g_timer_elapsed (timer, NULL));
  ck_assert_uint_eq (faces->len, 1);
  f = &g_array_index (faces, SlFace, 0);
  ck_assert_msg (f->box[0] > 6100 && f->box[0] < 6100 + 470 && f->box[1] > 2900 && f->box[1] < 2900 + 627,
                 "face at %.0f,%.0f", f->box[0], f->box[1]);
}
END_TEST

START_TEST (test_quality_reasons)
{
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  SlDetector *det = sl_face_analyser_get_detector (analyser);
  g_autoptr(SlImage) photo = load_shared_image ("2008_002506.jpg");
  g_autoptr(SlImage) blurred = sl_image_blur (photo, 4.0);
  g_autoptr(GArray) sharp = sl_detector_detect (det, photo, NULL);
  g_autoptr(GArray) soft = sl_detector_detect (det, blurred, NULL);
  guint good = 0, blurry = 0;

  ck_assert_ptr_nonnull (sharp);
  ck_assert_ptr_nonnull (soft);
  for (guint i = 0; i < sharp->len; i++)
    good += g_array_index (sharp, SlFace, i).quality.band == SL_QUALITY_GOOD;
  for (guint i = 0; i < soft->len; i++)
    blurry += (g_array_index (soft, SlFace, i).quality.reasons & SL_QUALITY_BLURRY) != 0;
  ck_assert_uint_eq (sharp->len, 3);
  ck_assert_uint_eq (good, 3);
  ck_assert_msg (soft->len > 0 && blurry == soft->len, "%u of %u blurred faces flagged", blurry, soft->len);
}
END_TEST

static gpointer
detect_thread (gpointer data)
{
  SlFaceAnalyser *analyser = data;
  guint total = 0;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GArray) faces = detect_shared (analyser, "2008_007676.jpg");
      total += faces->len;
    }
  return GUINT_TO_POINTER (total);
}

START_TEST (test_threads_share_detector)
{
  g_autoptr(SlFaceAnalyser) analyser = sl_test_analyser (NULL);
  g_autoptr(GArray) once = detect_shared (analyser, "2008_007676.jpg");
  GThread *a = g_thread_new ("a", detect_thread, analyser);
  GThread *b = g_thread_new ("b", detect_thread, analyser);
  guint ta = GPOINTER_TO_UINT (g_thread_join (a));
  guint tb = GPOINTER_TO_UINT (g_thread_join (b));

  ck_assert_uint_gt (once->len, 0);
  ck_assert_uint_eq (ta, 3 * once->len);
  ck_assert_uint_eq (tb, 3 * once->len);
}
END_TEST

START_TEST (test_tampered_model_refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (&error);
  g_autofree char *model_dir = sl_model_dir_default ();
  const SlModelInfo *info = sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_DETECTOR);
  g_autofree char *src = g_build_filename (model_dir, info->file, NULL);
  g_autofree char *tmp = sl_test_make_tmp_dir ("sl-test-model-XXXXXX");
  g_autofree char *dst = g_build_filename (tmp, info->file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SlDetector) det = NULL;
  gsize len;

  ck_assert_msg (g_file_get_contents (src, &contents, &len, &error), "%s", error ? error->message : "");
  contents[len / 2] ^= 0x01;    /* one bit */
  ck_assert (g_file_set_contents (dst, contents, (gssize) len, NULL));

  det = sl_detector_new (info, tmp, sl_model_manifest_get_align_template (manifest), &error);
  ck_assert_ptr_null (det);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL_HASH));
  ck_assert_ptr_nonnull (strstr (error->message, info->file));
  ck_assert_ptr_nonnull (strstr (error->message, info->sha256));
  ck_assert_ptr_nonnull (strstr (error->message, "expected"));
  g_clear_error (&error);

  /* A missing file is refused too, with the way out. */
  g_unlink (dst);
  det = sl_detector_new (info, tmp, sl_model_manifest_get_align_template (manifest), &error);
  ck_assert_ptr_null (det);
  ck_assert (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL));
  ck_assert_ptr_nonnull (strstr (error->message, "models install"));
  g_rmdir (tmp);
}
END_TEST

static Suite *
detect_suite (void)
{
  Suite *s = suite_create ("detect");
  TCase *tc = tcase_create ("yunet");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_recall_testing_xml);
  tcase_add_test (tc, test_recall_training_xml);
  tcase_add_test (tc, test_no_face_on_dogs);
  tcase_add_test (tc, test_bald_guys_every_face);
  tcase_add_test (tc, test_face_filling_the_frame);
  tcase_add_test (tc, test_tiny_face_in_large_photo);
  tcase_add_test (tc, test_huge_image_bounded);
  tcase_add_test (tc, test_quality_reasons);
  tcase_add_test (tc, test_threads_share_detector);
  tcase_add_test (tc, test_tampered_model_refused);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (detect_suite ());
}
