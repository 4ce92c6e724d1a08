/* sl-face-canvas-draw.c: how SlFaceCanvas draws: the picture at its
 * scale, each face's box in its band's colour with a label above it, a
 * ring round the picked one, and the box being drawn by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-canvas"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-face-canvas-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static void
band_colour (const char *band,
             GdkRGBA    *colour)
{
  if (g_strcmp0 (band, "good") == 0)
    gdk_rgba_parse (colour, "#2ec27e");
  else if (g_strcmp0 (band, "usable") == 0)
    gdk_rgba_parse (colour, "#f6d32d");
  else
    gdk_rgba_parse (colour, "#ed333b");
}

static char *
face_label (SlFaceCanvas      *self,
            guint              index,
            const SlProbeFace *face)
{
  const char *band = sl_face_band_label (face->quality_band);
  g_autofree char *number = NULL;

  if (face->track_id > 0)
    {
      number = g_strdup_printf ("%" G_GINT64_FORMAT, face->track_id);
      /* Translators: a face's label on the picture: the track's number, then its quality */
      return g_strdup_printf (_("Track %s · %s"), number, band);
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, face->id);
  if (sl_probe_face_is_manual (face))
    /* Translators: a face's label on the picture: its number (as in "Face 9 · IMG_0042.jpg", kept short
     * on the picture), its quality, drawn by hand */
    return g_strdup_printf (_("%s · %s · manual"), number, band);
  /* Translators: a face's label on the picture: its number (as in "Face 9 · IMG_0042.jpg", kept short on the
   * picture), then its quality */
  return g_strdup_printf (_("%s · %s"), number, band);
}

static void
snapshot_face (SlFaceCanvas *self,
               GtkSnapshot  *snapshot,
               guint         index)
{
  const SlProbeFace *face = g_ptr_array_index (self->faces, index);
  gboolean selected = face->id == self->selected;
  float width = selected ? 4 : 2;
  g_autofree char *label = face_label (self, index, face);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  graphene_rect_t r;
  GskRoundedRect outline;
  GdkRGBA colour, colours[4], white = { 1, 1, 1, 1 }, dark = { 0, 0, 0, 0.85f };
  int lw, lh;

  if (!sl_face_canvas_get_face_area (self, index, &r))
    return;
  band_colour (face->quality_band, &colour);
  if (selected)
    {
      /* a white ring outside the band's colour */
      graphene_rect_t ring = r;

      graphene_rect_inset (&ring, -4, -4);
      for (int k = 0; k < 4; k++)
        colours[k] = white;
      gsk_rounded_rect_init_from_rect (&outline, &ring, 2);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 3, 3, 3, 3 }, colours);
    }
  for (int k = 0; k < 4; k++)
    colours[k] = colour;
  gsk_rounded_rect_init_from_rect (&outline, &r, 1);
  gtk_snapshot_append_border (snapshot, &outline, (float[4]) { width, width, width, width }, colours);

  pango_layout_get_pixel_size (layout, &lw, &lh);
  {
    /* clear of the ring round a picked face */
    float gap = selected ? 8 : 4;
    float ly = r.origin.y - lh - gap >= 0 ? r.origin.y - lh - gap : r.origin.y + r.size.height + gap - 2;
    /* kept inside the canvas: a face near its right edge has its label
     * moved left rather than cut */
    float lx = MAX (0, MIN (r.origin.x, gtk_widget_get_width (GTK_WIDGET (self)) - (lw + 8)));
    graphene_rect_t chip = GRAPHENE_RECT_INIT (lx, ly, lw + 8, lh + 2);

    colour.alpha = 0.9f;
    gtk_snapshot_append_color (snapshot, &colour, &chip);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (lx + 4, ly + 1));
    gtk_snapshot_append_layout (snapshot, layout, &dark);
    gtk_snapshot_restore (snapshot);
  }
}

/* private API */

void
sl_face_canvas_draw (SlFaceCanvas *self,
                     GtkSnapshot  *snapshot)
{
  double ox, oy, s = sl_face_canvas_get_layout (self, &ox, &oy);

  if (self->picture == NULL)
    return;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));
  gdk_paintable_snapshot (self->picture, snapshot, self->full_width * s, self->full_height * s);
  gtk_snapshot_restore (snapshot);

  /* the picked face last: its label stays readable where labels meet */
  for (guint i = 0; self->faces != NULL && i < self->faces->len; i++)
    if (((const SlProbeFace *) g_ptr_array_index (self->faces, i))->id != self->selected)
      snapshot_face (self, snapshot, i);
  for (guint i = 0; self->faces != NULL && i < self->faces->len; i++)
    if (((const SlProbeFace *) g_ptr_array_index (self->faces, i))->id == self->selected)
      snapshot_face (self, snapshot, i);

  if (self->dragging && self->drawing)
    {
      graphene_rect_t r = GRAPHENE_RECT_INIT (MIN (self->drag_x, self->drag_x + self->drag_dx),
                                              MIN (self->drag_y, self->drag_y + self->drag_dy),
                                              fabs (self->drag_dx), fabs (self->drag_dy));
      GskRoundedRect outline;
      GdkRGBA fill = { 0.21f, 0.52f, 0.89f, 0.2f }, edge = { 0.21f, 0.52f, 0.89f, 1 };

      gtk_snapshot_append_color (snapshot, &fill, &r);
      gsk_rounded_rect_init_from_rect (&outline, &r, 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { edge, edge, edge, edge });
    }
}
