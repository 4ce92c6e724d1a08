/* sl-face-canvas-private.h: what the files of SlFaceCanvas share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/sl-face-canvas.h"

G_BEGIN_DECLS

struct _SlFaceCanvas
{
  GtkWidget     parent_instance;

  GdkPaintable *picture;
  guint         full_width;
  guint         full_height;
  GPtrArray    *faces;
  gint64        selected;

  double        zoom;
  gboolean      fit;
  double        fit_zoom_told;          /* the fitting scale "zoom" last told */
  guint         notify_source;
  gboolean      drawing;

  /* a zoom waiting for the next allocation to keep a point in place */
  gboolean      anchored;
  double        anchor_ix, anchor_iy;   /* image pixels */
  double        anchor_vx, anchor_vy;   /* in the scrolled window */

  /* the drag in progress */
  gboolean      dragging;
  double        drag_x, drag_y;         /* start, canvas coordinates */
  double        drag_sx, drag_sy;       /* start, scrolled window coordinates */
  double        drag_h, drag_v;         /* scroll position at the start */
  double        drag_dx, drag_dy;       /* offset now */
};

/* The scale and the place of the picture's top-left corner, as drawn. */
double sl_face_canvas_get_layout (SlFaceCanvas *self,
                                  double       *ox,
                                  double       *oy);
/* sl-face-canvas-draw.c */
void   sl_face_canvas_draw       (SlFaceCanvas *self,
                                  GtkSnapshot  *snapshot);

G_END_DECLS
