/* sl-image.h: decoded still images, refused early when they are not images
 * or are too large.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Default pixel limit: 120 megapixels. */
#define SL_IMAGE_DEFAULT_MAX_PIXELS ((guint64) 120 * 1000 * 1000)

typedef enum
{
  SL_IMAGE_FORMAT_UNKNOWN,
  SL_IMAGE_FORMAT_JPEG,
  SL_IMAGE_FORMAT_PNG,
  SL_IMAGE_FORMAT_BMP,
  SL_IMAGE_FORMAT_TIFF,
  SL_IMAGE_FORMAT_WEBP,
} SlImageFormat;

typedef struct
{
  SlImageFormat format;
  guint         width;
  guint         height;
} SlImageInfo;

/* Reads only the header: the format and the stored size, so that a huge
 * image is refused before any pixel is allocated. `name` is used in errors. */
gboolean      sl_image_probe            (const guint8  *data,
                                         gsize          len,
                                         const char    *name,
                                         SlImageInfo   *info,
                                         GError       **error);
/* The same for an open file, reading its first 64 KiB (and a TIFF's
 * directory where it lies) and never the whole file. */
gboolean      sl_image_probe_file       (int            fd,
                                         const char    *name,
                                         SlImageInfo   *info,
                                         GError       **error);
const char   *sl_image_format_to_string (SlImageFormat  format);

/* A decoded image, 8-bit BGR, upright (EXIF orientation applied). */
typedef struct _SlImage SlImage;

SlImage      *sl_image_load             (const char    *path,
                                         guint64        max_pixels,
                                         GError       **error);
/* The same, with `name` (NULL: the path) in errors. The file is read by the
 * decoder as it goes, never whole into memory. */
SlImage      *sl_image_load_named       (const char    *path,
                                         const char    *name,
                                         guint64        max_pixels,
                                         GError       **error);
SlImage      *sl_image_load_bytes       (GBytes        *bytes,
                                         const char    *name,
                                         guint64        max_pixels,
                                         GError       **error);
/* Wraps a copy of raw BGR pixels (rows of width * 3 bytes). */
SlImage      *sl_image_new_from_bgr     (const guint8  *pixels,
                                         guint          width,
                                         guint          height,
                                         gsize          stride);
/* A new image of one colour. */
SlImage      *sl_image_new_filled       (guint          width,
                                         guint          height,
                                         guint8         red,
                                         guint8         green,
                                         guint8         blue);
SlImage      *sl_image_copy             (const SlImage *self);
/* Resampled copy (area averaging when shrinking). */
SlImage      *sl_image_resize           (const SlImage *self,
                                         guint          width,
                                         guint          height);
/* Copy of a rectangle, clipped to the image; NULL when nothing is left. */
SlImage      *sl_image_crop             (const SlImage *self,
                                         int            x,
                                         int            y,
                                         guint          width,
                                         guint          height);
/* Draws `src` onto `self` with its top-left corner at x,y (clipped). */
void          sl_image_paste            (SlImage       *self,
                                         const SlImage *src,
                                         int            x,
                                         int            y);
/* Rotated by `quarter_turns` x 90 degrees clockwise. */
SlImage      *sl_image_rotate           (const SlImage *self,
                                         int            quarter_turns);
/* Gaussian blur with the given sigma, in pixels. */
SlImage      *sl_image_blur             (const SlImage *self,
                                         double         sigma);
/* Encodes as JPEG (quality 1..100) or PNG (quality ignored). */
GBytes       *sl_image_encode           (const SlImage *self,
                                         SlImageFormat  format,
                                         int            quality,
                                         GError       **error);
gboolean      sl_image_save             (const SlImage *self,
                                         const char    *path,
                                         SlImageFormat  format,
                                         int            quality,
                                         GError       **error);
/* Row-major BGR bytes, `stride` bytes a row. Valid while the image lives. */
const guint8 *sl_image_get_pixels       (const SlImage *self,
                                         gsize         *stride);
guint         sl_image_get_width        (const SlImage *self);
guint         sl_image_get_height       (const SlImage *self);
SlImageFormat sl_image_get_format       (const SlImage *self);
void          sl_image_free             (SlImage       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImage, sl_image_free)

G_END_DECLS
