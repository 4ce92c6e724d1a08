/* sl-compare-image.c: a face image as the comparison draws it. Landmarks
 * drawn on an aligned crop are the detector's own points, carried into the
 * crop the way the alignment moved the face, never the template's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-compare-image"

#include "config.h"

#include <json-glib/json-glib.h>

#include "app/sl-compare-image.h"

/* Where an aligned 112x112 crop puts the five landmarks: the alignment
 * template of the model pack (models/manifest, align-template). */
static const double align_template[10] = {
  38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041,
};

/* helpers */

static gboolean
parse_landmarks (const char *json,
                 double      points[10])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root) || json_array_get_length (array = json_node_get_array (root)) != 5)
    return FALSE;
  for (guint i = 0; i < 5; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *point;

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (point = json_node_get_array (node)) != 2)
        return FALSE;
      points[2 * i] = json_array_get_double_element (point, 0);
      points[2 * i + 1] = json_array_get_double_element (point, 1);
    }
  return TRUE;
}

/* The least-squares similarity transform (Umeyama, no reflection) taking
 * src onto the template scaled to width x height, applied to src. */
static void
map_into_crop (const double src[10],
               double       width,
               double       height,
               double       out[10])
{
  double dst[10], mp[2] = { 0 }, mq[2] = { 0 }, a = 0, b = 0, var = 0, c, s, tx, ty;

  for (guint i = 0; i < 5; i++)
    {
      dst[2 * i] = align_template[2 * i] * width / 112.0;
      dst[2 * i + 1] = align_template[2 * i + 1] * height / 112.0;
      mp[0] += src[2 * i] / 5;
      mp[1] += src[2 * i + 1] / 5;
      mq[0] += dst[2 * i] / 5;
      mq[1] += dst[2 * i + 1] / 5;
    }
  for (guint i = 0; i < 5; i++)
    {
      double px = src[2 * i] - mp[0], py = src[2 * i + 1] - mp[1];
      double qx = dst[2 * i] - mq[0], qy = dst[2 * i + 1] - mq[1];

      a += px * qx + py * qy;
      b += px * qy - py * qx;
      var += px * px + py * py;
    }
  c = var > 0 ? a / var : 1;
  s = var > 0 ? b / var : 0;
  tx = mq[0] - (c * mp[0] - s * mp[1]);
  ty = mq[1] - (s * mp[0] + c * mp[1]);
  for (guint i = 0; i < 5; i++)
    {
      out[2 * i] = c * src[2 * i] - s * src[2 * i + 1] + tx;
      out[2 * i + 1] = s * src[2 * i] + c * src[2 * i + 1] + ty;
    }
}

/* public API */

SlCompareImage *
sl_compare_image_new (void)
{
  return g_new0 (SlCompareImage, 1);
}

void
sl_compare_image_free (SlCompareImage *image)
{
  if (image == NULL)
    return;
  sl_compare_image_clear (image);
  g_free (image);
}

void
sl_compare_image_clear (SlCompareImage *image)
{
  g_return_if_fail (image != NULL);

  g_clear_pointer (&image->surface, cairo_surface_destroy);
  image->has_points = FALSE;
  image->has_box = FALSE;
}

void
sl_compare_image_set_texture (SlCompareImage *image,
                              GdkTexture     *texture)
{
  int width, height;

  g_return_if_fail (image != NULL);
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  g_clear_pointer (&image->surface, cairo_surface_destroy);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  image->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  gdk_texture_download (texture, cairo_image_surface_get_data (image->surface),
                        cairo_image_surface_get_stride (image->surface));
  cairo_surface_mark_dirty (image->surface);
}

gboolean
sl_compare_image_set_jpeg (SlCompareImage  *image,
                           GBytes          *jpeg,
                           GError         **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (jpeg != NULL, FALSE);

  if (!(texture = gdk_texture_new_from_bytes (jpeg, error)))
    return FALSE;
  sl_compare_image_set_texture (image, texture);
  return TRUE;
}

gboolean
sl_compare_image_set_landmarks (SlCompareImage *image,
                                const char     *landmarks_json)
{
  g_return_val_if_fail (image != NULL, FALSE);

  image->has_points = parse_landmarks (landmarks_json, image->points);
  return image->has_points;
}

gboolean
sl_compare_image_set_aligned_landmarks (SlCompareImage *image,
                                        const char     *landmarks_json)
{
  double detected[10];

  g_return_val_if_fail (image != NULL, FALSE);

  image->has_points = FALSE;
  if (image->surface == NULL || !parse_landmarks (landmarks_json, detected))
    return FALSE;
  map_into_crop (detected, cairo_image_surface_get_width (image->surface),
                 cairo_image_surface_get_height (image->surface), image->points);
  image->has_points = TRUE;
  return TRUE;
}

void
sl_compare_image_draw (const SlCompareImage *image,
                       cairo_t              *cr,
                       int                   width,
                       int                   height,
                       double                zoom,
                       gboolean              marks)
{
  double iw, ih, scale;

  g_return_if_fail (image != NULL);

  if (image->surface == NULL)
    return;
  iw = cairo_image_surface_get_width (image->surface);
  ih = cairo_image_surface_get_height (image->surface);
  scale = MIN (width / iw, height / ih) * zoom;
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_translate (cr, (width - iw * scale) / 2, (height - ih * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);

  if (marks && image->has_box)
    {
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
      cairo_set_line_width (cr, 2 / scale);
      cairo_rectangle (cr, image->box[0], image->box[1], image->box[2], image->box[3]);
      cairo_stroke (cr);
    }
  if (marks && image->has_points)
    for (guint i = 0; i < 5; i++)
      {
        cairo_new_sub_path (cr);
        cairo_arc (cr, image->points[2 * i], image->points[2 * i + 1], 3 / scale, 0, 2 * G_PI);
        cairo_set_source_rgba (cr, 0.2, 0.82, 0.48, 0.95);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
        cairo_set_line_width (cr, 1 / scale);
        cairo_stroke (cr);
      }
}
