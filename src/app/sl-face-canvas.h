/* sl-face-canvas.h: a picture of evidence with its faces outlined, at any
 * zoom: faces are picked by a click, a missed one is drawn by dragging.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_FACE_CANVAS_MIN_ZOOM 0.05
#define SL_FACE_CANVAS_MAX_ZOOM 8.0

#define SL_TYPE_FACE_CANVAS (sl_face_canvas_get_type ())

G_DECLARE_FINAL_TYPE (SlFaceCanvas, sl_face_canvas, SL, FACE_CANVAS, GtkWidget)

GtkWidget   *sl_face_canvas_new            (void);
/* The picture shown (may be scaled down) and the size of the full upright
 * image the faces' boxes are measured in. */
void         sl_face_canvas_set_picture    (SlFaceCanvas      *self,
                                            GdkPaintable      *picture,
                                            guint              full_width,
                                            guint              full_height);
/* SlProbeFace to outline (the array is kept, NULL: none). */
void         sl_face_canvas_set_faces      (SlFaceCanvas      *self,
                                            GPtrArray         *faces);
guint        sl_face_canvas_get_n_faces    (SlFaceCanvas      *self);
const SlProbeFace *sl_face_canvas_get_face (SlFaceCanvas      *self,
                                            guint              index);
/* 0: none. */
gint64       sl_face_canvas_get_selected   (SlFaceCanvas      *self);
void         sl_face_canvas_set_selected   (SlFaceCanvas      *self,
                                            gint64             face_id);

/* Screen pixels per image pixel, as shown now (also while fitting). */
double       sl_face_canvas_get_zoom       (SlFaceCanvas      *self);
/* Leaves fitting; clamped to SL_FACE_CANVAS_MIN_ZOOM .. _MAX_ZOOM. */
void         sl_face_canvas_set_zoom       (SlFaceCanvas      *self,
                                            double             zoom);
void         sl_face_canvas_zoom_by        (SlFaceCanvas      *self,
                                            double             factor);
gboolean     sl_face_canvas_get_fit        (SlFaceCanvas      *self);
void         sl_face_canvas_set_fit        (SlFaceCanvas      *self,
                                            gboolean           fit);

/* While drawing, a drag draws a face's box instead of panning. */
gboolean     sl_face_canvas_get_drawing    (SlFaceCanvas      *self);
void         sl_face_canvas_set_drawing    (SlFaceCanvas      *self,
                                            gboolean           drawing);

/* Where a face's box is on the canvas, in its own coordinates. */
gboolean     sl_face_canvas_get_face_area  (SlFaceCanvas      *self,
                                            guint              index,
                                            graphene_rect_t   *area);
/* Where an image pixel is on the canvas, as shown now. */
void         sl_face_canvas_image_to_canvas (SlFaceCanvas     *self,
                                            double             ix,
                                            double             iy,
                                            double            *x,
                                            double            *y);
/* What a click at x, y (canvas coordinates) does: selects the face
 * there, or clears the selection. */
void         sl_face_canvas_pick_at        (SlFaceCanvas      *self,
                                            double             x,
                                            double             y);
/* The tooltip of the face at x, y, or NULL. */
char        *sl_face_canvas_tooltip_at     (SlFaceCanvas      *self,
                                            double             x,
                                            double             y);
/* What a finished drag does while drawing: the corners in canvas
 * coordinates become a box in image pixels, given to "box-drawn". */
void         sl_face_canvas_finish_box     (SlFaceCanvas      *self,
                                            double             x0,
                                            double             y0,
                                            double             x1,
                                            double             y1);

/* For the people reading the faces: "Good", "Usable", "Poor". */
const char  *sl_face_band_label            (const char        *band);
/* "blurry, too dark" from the quality record, or NULL when none. */
char        *sl_face_reasons_text          (const SlProbeFace *face);
/* The facts of a face on several lines: band, reasons, score, size. */
char        *sl_face_describe              (const SlProbeFace *face);

G_END_DECLS
