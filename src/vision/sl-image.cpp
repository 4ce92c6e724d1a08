/* sl-image.cpp: decodes stills (JPEG, PNG, BMP, TIFF, WebP), upright, with
 * the size checked from the header before anything is allocated.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-image"

#include "config.h"

#include <cstring>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/sl-vision-limits.h"
#include "vision/sl-vision-private.hpp"

/* helpers */

/* The entropy-coded data of a JPEG never holds FF D9 except as the end
 * marker, so a file without one after its first scan was cut short. */
static bool
jpeg_has_end (const guint8 *d,
              gsize         len)
{
  gsize pos = 2;

  while (pos + 4 <= len)
    {
      guint marker;
      while (pos < len && d[pos] == 0xFF)
        pos++;
      if (pos >= len)
        return false;
      marker = d[pos++];
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
        continue;
      if (marker == 0xDA)
        break;
      if (pos + 2 > len)
        return false;
      pos += ((guint) d[pos] << 8) | d[pos + 1];
    }
  for (; pos + 1 < len; pos++)
    if (d[pos] == 0xFF && d[pos + 1] == 0xD9)
      return true;
  return false;
}

static bool
png_has_end (const guint8 *d,
             gsize         len)
{
  /* IEND is the last chunk; tolerate a little trailing junk. */
  gsize from = len > 64 ? len - 64 : 0;
  for (gsize i = from; i + 4 <= len; i++)
    if (memcmp (d + i, "IEND", 4) == 0)
      return true;
  return false;
}

static bool
over_limit (const SlImageInfo *info,
            const char        *name,
            guint64            max_pixels,
            GError           **error)
{
  if (max_pixels == 0 || (guint64) info->width * info->height <= max_pixels)
    return false;
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
               _("Cannot read image '%s': %ux%u is %.1f megapixels, over the limit of %.1f; refused before decoding"),
               name, info->width, info->height,
               (double) info->width * info->height / 1e6, (double) max_pixels / 1e6);
  return true;
}

/* JPEG: the same look as jpeg_has_end, on a file, a buffer at a time. */
static bool
jpeg_file_has_end (int fd)
{
  guint8 buf[64 * 1024];
  guint8 seg[4];
  off_t pos = 2;
  bool after_ff = false;
  ssize_t n;

  for (;;)
    {
      guint marker;

      /* As far as the probe looked for the frame header. */
      if (pos > 16 * 1024 * 1024 || pread (fd, seg, 2, pos) != 2)
        return false;
      if (seg[0] != 0xFF)
        return false;
      if (seg[1] == 0xFF)
        {
          pos++;
          continue;
        }
      marker = seg[1];
      pos += 2;
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
        continue;
      if (marker == 0xDA)
        break;
      if (pread (fd, seg, 2, pos) != 2)
        return false;
      pos += ((guint) seg[0] << 8) | seg[1];
    }
  while ((n = pread (fd, buf, sizeof buf, pos)) > 0)
    {
      for (ssize_t i = 0; i < n; i++)
        {
          if (after_ff && buf[i] == 0xD9)
            return true;
          after_ff = buf[i] == 0xFF;
        }
      pos += n;
    }
  return false;
}

static bool
png_file_has_end (int   fd,
                  off_t size)
{
  guint8 tail[64];
  off_t from = size > (off_t) sizeof tail ? size - (off_t) sizeof tail : 0;
  ssize_t n = pread (fd, tail, sizeof tail, from);

  return n > 0 && png_has_end (tail, (gsize) n);
}

/* The pixel limit OpenCV's decoders hold to (sl-vision-limits.h): ours, or
 * a stricter one the program was started with. */
static guint64
decoder_limit (void)
{
  const char *value = g_getenv ("OPENCV_IO_MAX_IMAGE_PIXELS");
  guint64 n = 0;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, SL_DECODER_MAX_PIXELS, &n, NULL))
    return n;
  return SL_DECODER_MAX_PIXELS;
}

/* Runs a decoder and names the file in whatever goes wrong: OpenCV's own
 * size limit (sl-vision-limits.h), an assertion inside a decoder, or no
 * image at all. `cut` tells, after a failure, whether the data ends early. */
template <typename D, typename C>
static SlImage *
decode (const SlImageInfo  *info,
        const char         *name,
        guint64             max_pixels,
        D                 &&run_decoder,
        C                 &&cut,
        GError            **error)
{
  const char *format = sl_image_format_to_string (info->format);
  cv::Mat mat;

  try
    {
      mat = run_decoder ();
    }
  catch (const cv::Exception &e)
    {
      /* OpenCV's check of what it is about to allocate. */
      if (e.err.find ("CV_IO_MAX_IMAGE") != std::string::npos)
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
                     _("Cannot read image '%s': the %s decoder found it larger than the limit of %.1f megapixels; refused before decoding"),
                     name, format, (double) decoder_limit () / 1e6);
      else
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                     _("Cannot read image '%s': the %s decoder could not read the data (corrupt file)"),
                     name, format);
      g_debug ("decoding '%s': %s", name, e.what ());
      return NULL;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
                   _("Cannot read image '%s': not enough memory to decode it"), name);
      return NULL;
    }
  if (mat.empty ())
    {
      bool ends_early = cut ();
      g_set_error (error, SL_VISION_ERROR,
                   ends_early ? SL_VISION_ERROR_TRUNCATED : SL_VISION_ERROR_DECODE,
                   ends_early ? _("Cannot read image '%s': the %s data ends early (truncated file)")
                              : _("Cannot read image '%s': the %s decoder could not read the data (corrupt file)"),
                   name, format);
      return NULL;
    }
  /* What was decoded, not what the header said, is held to the limit. */
  SlImageInfo got = { info->format, (guint) mat.cols, (guint) mat.rows };
  if (over_limit (&got, name, max_pixels, error))
    return NULL;
  SlImage *self = new SlImage ();
  self->mat = mat;
  self->format = info->format;
  return self;
}

static bool
check_header (const SlImageInfo  *info,
              const char         *name,
              guint64             max_pixels,
              GError            **error)
{
  if (info->width == 0 || info->height == 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
                   _("Cannot read image '%s': the %s header gives a size of %ux%u"),
                   name, sl_image_format_to_string (info->format), info->width, info->height);
      return false;
    }
  return !over_limit (info, name, max_pixels, error);
}

/* public API */

SlImage *
sl_image_load_bytes (GBytes      *bytes,
                     const char  *name,
                     guint64      max_pixels,
                     GError     **error)
{
  gsize len = 0;
  const guint8 *data = (const guint8 *) g_bytes_get_data (bytes, &len);
  SlImageInfo info;

  if (!sl_image_probe (data, len, name, &info, error) || !check_header (&info, name, max_pixels, error))
    return NULL;
  if (info.format == SL_IMAGE_FORMAT_JPEG && !jpeg_has_end (data, len))
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
                   _("Cannot read image '%s': the JPEG data ends early (truncated file, %lu bytes)"),
                   name, (unsigned long) len);
      return NULL;
    }
  /* OpenCV takes a buffer's length as an int (and asserts, naming no
   * file, past it); sl_image_load reads any file without this limit. */
  if (len > G_MAXINT)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE,
                   _("Cannot read image '%s': %.1f GB is more than can be decoded from memory"),
                   name, len / 1e9);
      return NULL;
    }

  return sl_vision_guard<SlImage *> (error, "Cannot decode image", NULL, [&] () -> SlImage * {
    return decode (&info, name, max_pixels, [&] () -> cv::Mat {
      /* imdecode applies the EXIF orientation unless told not to. */
      cv::Mat buf (1, (int) len, CV_8UC1, (void *) data);
      return cv::imdecode (buf, cv::IMREAD_COLOR);
    }, [&] () -> bool {
      return info.format == SL_IMAGE_FORMAT_PNG && !png_has_end (data, len);
    }, error);
  });
}

SlImage *
sl_image_load (const char  *path,
               guint64      max_pixels,
               GError     **error)
{
  return sl_image_load_named (path, NULL, max_pixels, error);
}

SlImage *
sl_image_load_named (const char  *path,
                     const char  *name,
                     guint64      max_pixels,
                     GError     **error)
{
  g_autofree char *display = name != NULL ? g_strdup (name) : g_filename_display_name (path);
  SlImageInfo info;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read image '%s': %s"), display, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("Cannot read image '%s': not a regular file"), display);
      return NULL;
    }
  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read image '%s': %s"), display, g_strerror (saved));
      return NULL;
    }

  /* The file is never read whole: the header and, for a JPEG, a look for
   * its end, a buffer at a time; the decoder reads the file itself. */
  SlImage *image = NULL;
  if (st.st_size == 0)
    g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY,
                 _("Cannot read image '%s': the file is empty (0 bytes)"), display);
  else if (sl_image_probe_file (fd, display, &info, error) &&
           check_header (&info, display, max_pixels, error))
    {
      if (info.format == SL_IMAGE_FORMAT_JPEG && !jpeg_file_has_end (fd))
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
                     _("Cannot read image '%s': the JPEG data ends early (truncated file, %lu bytes)"),
                     display, (unsigned long) st.st_size);
      else
        image = sl_vision_guard<SlImage *> (error, "Cannot decode image", NULL, [&] () -> SlImage * {
          return decode (&info, display, max_pixels, [&] () -> cv::Mat {
            /* imread applies the EXIF orientation unless told not to. */
            return cv::imread (path, cv::IMREAD_COLOR);
          }, [&] () -> bool {
            return info.format == SL_IMAGE_FORMAT_PNG && !png_file_has_end (fd, st.st_size);
          }, error);
        });
    }
  close (fd);
  return image;
}

SlImage *
sl_image_new_from_bgr (const guint8 *pixels,
                       guint         width,
                       guint         height,
                       gsize         stride)
{
  SlImage *self = new SlImage ();
  cv::Mat view ((int) height, (int) width, CV_8UC3, (void *) pixels, stride);

  self->mat = view.clone ();
  self->format = SL_IMAGE_FORMAT_UNKNOWN;
  return self;
}

guint
sl_image_get_width (const SlImage *self)
{
  return (guint) self->mat.cols;
}

guint
sl_image_get_height (const SlImage *self)
{
  return (guint) self->mat.rows;
}

SlImageFormat
sl_image_get_format (const SlImage *self)
{
  return self->format;
}

void
sl_image_free (SlImage *self)
{
  delete self;
}

void
sl_vision_set_threads (int n_threads)
{
  cv::setNumThreads (n_threads > 0 ? n_threads : -1);
}

int
sl_vision_get_threads (void)
{
  return cv::getNumThreads ();
}

static SlImage *
wrap (cv::Mat mat)
{
  SlImage *self = new SlImage ();
  self->mat = mat;
  self->format = SL_IMAGE_FORMAT_UNKNOWN;
  return self;
}

SlImage *
sl_image_new_filled (guint  width,
                     guint  height,
                     guint8 red,
                     guint8 green,
                     guint8 blue)
{
  return wrap (cv::Mat ((int) height, (int) width, CV_8UC3, cv::Scalar (blue, green, red)));
}

SlImage *
sl_image_copy (const SlImage *self)
{
  return wrap (self->mat.clone ());
}

SlImage *
sl_image_resize (const SlImage *self,
                 guint          width,
                 guint          height)
{
  cv::Mat out;
  bool shrink = (int) width < self->mat.cols;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  cv::resize (self->mat, out, cv::Size ((int) width, (int) height), 0, 0,
              shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return wrap (out);
}

SlImage *
sl_image_crop (const SlImage *self,
               int            x,
               int            y,
               guint          width,
               guint          height)
{
  cv::Rect r = cv::Rect (x, y, (int) width, (int) height) & cv::Rect (0, 0, self->mat.cols, self->mat.rows);

  if (r.area () <= 0)
    return NULL;
  return wrap (self->mat (r).clone ());
}

void
sl_image_paste (SlImage       *self,
                const SlImage *src,
                int            x,
                int            y)
{
  cv::Rect dst_rect = cv::Rect (x, y, src->mat.cols, src->mat.rows) & cv::Rect (0, 0, self->mat.cols, self->mat.rows);

  if (dst_rect.area () <= 0)
    return;
  cv::Rect src_rect (dst_rect.x - x, dst_rect.y - y, dst_rect.width, dst_rect.height);
  src->mat (src_rect).copyTo (self->mat (dst_rect));
}

SlImage *
sl_image_rotate (const SlImage *self,
                 int            quarter_turns)
{
  cv::Mat out;

  switch (((quarter_turns % 4) + 4) % 4)
    {
    case 1: cv::rotate (self->mat, out, cv::ROTATE_90_CLOCKWISE); break;
    case 2: cv::rotate (self->mat, out, cv::ROTATE_180); break;
    case 3: cv::rotate (self->mat, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: out = self->mat.clone (); break;
    }
  return wrap (out);
}

SlImage *
sl_image_blur (const SlImage *self,
               double         sigma)
{
  cv::Mat out;

  cv::GaussianBlur (self->mat, out, cv::Size (0, 0), sigma);
  return wrap (out);
}

GBytes *
sl_image_encode (const SlImage  *self,
                 SlImageFormat   format,
                 int             quality,
                 GError        **error)
{
  return sl_vision_guard<GBytes *> (error, "Cannot encode image", NULL, [&] () -> GBytes * {
    std::vector<uchar> buf;
    std::vector<int> params;
    const char *ext;

    if (format == SL_IMAGE_FORMAT_JPEG)
      {
        ext = ".jpg";
        params = { cv::IMWRITE_JPEG_QUALITY, CLAMP (quality, 1, 100) };
      }
    else if (format == SL_IMAGE_FORMAT_PNG)
      ext = ".png";
    else
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                     "Cannot encode image as %s", sl_image_format_to_string (format));
        return NULL;
      }
    if (!cv::imencode (ext, self->mat, buf, params))
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                     "Cannot encode image as %s", sl_image_format_to_string (format));
        return NULL;
      }
    return g_bytes_new (buf.data (), buf.size ());
  });
}

gboolean
sl_image_save (const SlImage  *self,
               const char     *path,
               SlImageFormat   format,
               int             quality,
               GError        **error)
{
  g_autoptr(GBytes) bytes = sl_image_encode (self, format, quality, error);
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = (const char *) g_bytes_get_data (bytes, &len);
  return g_file_set_contents (path, data, (gssize) len, error);
}

const guint8 *
sl_image_get_pixels (const SlImage *self,
                     gsize         *stride)
{
  if (stride != NULL)
    *stride = self->mat.step[0];
  return self->mat.ptr<guint8> ();
}
