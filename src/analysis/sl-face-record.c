/* sl-face-record.c: a detected face as the store keeps it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-record"

#include "config.h"

#include <json-glib/json-glib.h>

#include "analysis/sl-face-record.h"

/* The JPEG quality of stored face crops: small, and enough for a person
 * comparing two faces. */
#define CROP_QUALITY 90

/* A rival face is at least this share of the subject's size: a smaller
 * one beside a central face (a bystander, a face cut by the frame) leaves
 * no doubt which face the photo is of. */
#define RIVAL_SIZE 0.8f

typedef struct
{
  guint    index;
  gboolean central;
  float    area;
} Ranked;

/* helpers */

/* Over the centre first, then larger first; the detector's order on ties. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->central != y->central)
    return x->central ? -1 : 1;
  if (x->area != y->area)
    return x->area > y->area ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static char *
node_to_string (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static float
box_side (const SlFace *f)
{
  return MIN (f->box[2], f->box[3]);
}

/* public API */

char *
sl_face_landmarks_to_json (const SlFace *face)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (int k = 0; k < 5; k++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, face->landmarks[2 * k]);
      json_builder_add_double_value (b, face->landmarks[2 * k + 1]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  return node_to_string (b);
}

char *
sl_face_quality_to_json (const SlFaceQuality *q)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "band");
  json_builder_add_string_value (b, sl_quality_band_to_string (q->band));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint r = 0; r < SL_QUALITY_N_REASONS; r++)
    if (q->reasons & (1u << r))
      json_builder_add_string_value (b, sl_quality_reason_to_string (r));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "size_px");
  json_builder_add_double_value (b, q->size_px);
  json_builder_set_member_name (b, "sharpness");
  json_builder_add_double_value (b, q->sharpness);
  json_builder_set_member_name (b, "brightness");
  json_builder_add_double_value (b, q->brightness);
  json_builder_set_member_name (b, "yaw");
  json_builder_add_double_value (b, q->yaw);
  json_builder_set_member_name (b, "roll");
  json_builder_add_double_value (b, q->roll);
  json_builder_end_object (b);
  return node_to_string (b);
}

char *
sl_face_quality_reasons (const SlFaceQuality *q)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint r = 0; r < SL_QUALITY_N_REASONS; r++)
    if (q->reasons & (1u << r))
      g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", sl_quality_reason_to_string (r));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

GBytes *
sl_face_crop_jpeg (SlEmbedder     *embedder,
                   const SlImage  *image,
                   const SlFace   *face,
                   GError        **error)
{
  g_autoptr(SlImage) crop = sl_embedder_align (embedder, image, face, error);

  if (crop == NULL)
    return NULL;
  return sl_image_encode (crop, SL_IMAGE_FORMAT_JPEG, CROP_QUALITY, error);
}

gboolean
sl_face_pick_subject (SlDetector     *detector,
                      const SlImage  *image,
                      GArray         *faces,
                      int            *index,
                      guint          *rivals,
                      GError        **error)
{
  float cx = sl_image_get_width (image) / 2.0f, cy = sl_image_get_height (image) / 2.0f;
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), faces->len);
  const SlFace *subject;

  *index = -1;
  *rivals = 0;
  for (guint i = 0; i < faces->len; i++)
    {
      const SlFace *f = &g_array_index (faces, SlFace, i);
      Ranked r = {
        .index = i,
        .central = cx >= f->box[0] && cx <= f->box[0] + f->box[2] && cy >= f->box[1] && cy <= f->box[1] + f->box[3],
        .area = f->box[2] * f->box[3],
      };
      g_array_append_val (order, r);
    }
  g_array_sort (order, compare_ranked);

  for (guint i = 0; i < order->len && *index < 0; i++)
    {
      guint k = g_array_index (order, Ranked, i).index;
      gboolean confirmed = TRUE;

      if (detector != NULL &&
          !sl_detector_verify (detector, image, &g_array_index (faces, SlFace, k), &confirmed, error))
        return FALSE;
      if (confirmed)
        *index = (int) k;
    }
  if (*index < 0)
    return TRUE;

  subject = &g_array_index (faces, SlFace, *index);
  for (guint i = 0; i < faces->len; i++)
    {
      const SlFace *f = &g_array_index (faces, SlFace, i);
      gboolean confirmed = TRUE;

      if ((int) i == *index || box_side (f) < RIVAL_SIZE * box_side (subject))
        continue;
      if (detector != NULL && !sl_detector_verify (detector, image, f, &confirmed, error))
        return FALSE;
      if (confirmed)
        (*rivals)++;
    }
  return TRUE;
}
