/* sl-compare-image.h: a face image as the comparison draws it: the picture,
 * and the detected box and five landmarks in its pixels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  cairo_surface_t *surface;       /* NULL: nothing to show */
  double           points[10];    /* five x,y landmarks, in the surface's pixels */
  gboolean         has_points;
  double           box[4];        /* x, y, width, height */
  gboolean         has_box;
} SlCompareImage;

SlCompareImage *sl_compare_image_new          (void);
void            sl_compare_image_free         (SlCompareImage  *image);
void            sl_compare_image_clear        (SlCompareImage  *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCompareImage, sl_compare_image_free)

void            sl_compare_image_set_texture  (SlCompareImage  *image,
                                               GdkTexture      *texture);
gboolean        sl_compare_image_set_jpeg     (SlCompareImage  *image,
                                               GBytes          *jpeg,
                                               GError         **error);
/* Landmarks in the image's own pixels ("[[x,y] x 5]"); FALSE, and none,
 * when the text is not that. */
gboolean        sl_compare_image_set_landmarks (SlCompareImage *image,
                                                const char     *landmarks_json);
/* Landmarks detected in the original image, carried into this aligned crop
 * by the least-squares similarity transform the alignment uses. */
gboolean        sl_compare_image_set_aligned_landmarks (SlCompareImage *image,
                                                        const char     *landmarks_json);

/* The image fitted into width x height, magnified by zoom about its centre
 * (both sides of a comparison stay on the same part of the face); the box
 * and the landmarks on top when marks. */
void            sl_compare_image_draw         (const SlCompareImage *image,
                                               cairo_t              *cr,
                                               int                   width,
                                               int                   height,
                                               double                zoom,
                                               gboolean              marks);

G_END_DECLS
