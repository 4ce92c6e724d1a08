/* sl-image-probe.c: reads an image's format and stored size from its header
 * alone, so a hostile or huge file is refused before any decoding.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-image"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vision/sl-image.h"
#include "vision/sl-vision-error.h"

/* What a probe of a file reads from its start. */
#define PROBE_HEAD (64 * 1024)
/* How far into a JPEG its frame header is looked for. */
#define PROBE_JPEG_MAX (16 * 1024 * 1024)

/* helpers */

static guint
be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint
le16 (const guint8 *p)
{
  return ((guint) p[1] << 8) | p[0];
}

static guint32
le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static gboolean
truncated (const char  *name,
           const char  *format,
           GError     **error)
{
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED,
               "Cannot read image '%s': the %s header is cut short (truncated file)", name, format);
  return FALSE;
}

static gboolean
corrupt (const char  *name,
         const char  *format,
         const char  *what,
         GError     **error)
{
  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_DECODE,
               "Cannot read image '%s': corrupt %s header (%s)", name, format, what);
  return FALSE;
}

static gboolean
probe_jpeg (const guint8 *d, gsize len, const char *name, SlImageInfo *info, GError **error)
{
  gsize pos = 2;

  while (pos + 4 <= len)
    {
      guint marker, seglen;

      if (d[pos] != 0xFF)
        return corrupt (name, "JPEG", "marker expected", error);
      /* Fill bytes may pad between markers. */
      while (pos < len && d[pos] == 0xFF)
        pos++;
      if (pos >= len)
        break;
      marker = d[pos++];
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
        continue;
      if (marker == 0xD9 || marker == 0xDA)
        return corrupt (name, "JPEG", "no frame header before the image data", error);
      if (pos + 2 > len)
        break;
      seglen = be16 (d + pos);
      if (seglen < 2)
        return corrupt (name, "JPEG", "bad segment length", error);
      /* SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          if (pos + 7 > len)
            break;
          info->height = be16 (d + pos + 3);
          info->width = be16 (d + pos + 5);
          info->format = SL_IMAGE_FORMAT_JPEG;
          return TRUE;
        }
      pos += seglen;
    }
  return truncated (name, "JPEG", error);
}

static gboolean
probe_png (const guint8 *d, gsize len, const char *name, SlImageInfo *info, GError **error)
{
  if (len < 24)
    return truncated (name, "PNG", error);
  if (memcmp (d + 12, "IHDR", 4) != 0)
    return corrupt (name, "PNG", "first chunk is not IHDR", error);
  info->width = be32 (d + 16);
  info->height = be32 (d + 20);
  info->format = SL_IMAGE_FORMAT_PNG;
  return TRUE;
}

static gboolean
probe_bmp (const guint8 *d, gsize len, const char *name, SlImageInfo *info, GError **error)
{
  guint32 dib;

  if (len < 26)
    return truncated (name, "BMP", error);
  dib = le32 (d + 14);
  if (dib == 12)
    {
      info->width = le16 (d + 18);
      info->height = le16 (d + 20);
    }
  else if (dib >= 40 && dib <= 124)
    {
      gint32 h = (gint32) le32 (d + 22);
      gint32 w = (gint32) le32 (d + 18);
      if (w <= 0)
        return corrupt (name, "BMP", "width is not positive", error);
      info->width = (guint) w;
      info->height = h == G_MININT32 ? G_MAXUINT : (guint) ABS (h);
    }
  else
    return corrupt (name, "BMP", "unknown header size", error);
  info->format = SL_IMAGE_FORMAT_BMP;
  return TRUE;
}

static gboolean
probe_tiff (const guint8 *d, gsize len, const char *name, SlImageInfo *info, GError **error)
{
  gboolean le = d[0] == 'I';
  guint32 ifd;
  guint n;

  if (len < 8)
    return truncated (name, "TIFF", error);
  ifd = le ? le32 (d + 4) : be32 (d + 4);
  if ((gsize) ifd + 2 > len)
    return truncated (name, "TIFF", error);
  n = le ? le16 (d + ifd) : be16 (d + ifd);
  for (guint i = 0; i < n; i++)
    {
      gsize e = (gsize) ifd + 2 + (gsize) i * 12;
      guint tag, type;
      guint32 value;

      if (e + 12 > len)
        return truncated (name, "TIFF", error);
      tag = le ? le16 (d + e) : be16 (d + e);
      type = le ? le16 (d + e + 2) : be16 (d + e + 2);
      if (type == 3)
        value = le ? le16 (d + e + 8) : be16 (d + e + 8);
      else
        value = le ? le32 (d + e + 8) : be32 (d + e + 8);
      /* Decoders disagree on which of two copies of a tag counts (libtiff
       * takes the first): a file that states two sizes is refused, never
       * probed by one and decoded by the other. */
      if (tag == 256 || tag == 257)
        {
          guint *field = tag == 256 ? &info->width : &info->height;
          if (*field != 0 && *field != value)
            return corrupt (name, "TIFF", tag == 256 ? "two different image widths"
                                                     : "two different image lengths", error);
          *field = value;
        }
    }
  if (info->width == 0 || info->height == 0)
    return corrupt (name, "TIFF", "no image width or length", error);
  info->format = SL_IMAGE_FORMAT_TIFF;
  return TRUE;
}

static gboolean
probe_webp (const guint8 *d, gsize len, const char *name, SlImageInfo *info, GError **error)
{
  const guint8 *c = d + 12;

  if (len < 30)
    return truncated (name, "WebP", error);
  if (memcmp (c, "VP8 ", 4) == 0)
    {
      if (c[11] != 0x9d || c[12] != 0x01 || c[13] != 0x2a)
        return corrupt (name, "WebP", "bad VP8 frame tag", error);
      info->width = le16 (c + 14) & 0x3fff;
      info->height = le16 (c + 16) & 0x3fff;
    }
  else if (memcmp (c, "VP8L", 4) == 0)
    {
      guint32 bits;
      if (c[8] != 0x2f)
        return corrupt (name, "WebP", "bad lossless signature", error);
      bits = le32 (c + 9);
      info->width = (bits & 0x3fff) + 1;
      info->height = ((bits >> 14) & 0x3fff) + 1;
    }
  else if (memcmp (c, "VP8X", 4) == 0)
    {
      info->width = (guint) (c[12] | (c[13] << 8) | (c[14] << 16)) + 1;
      info->height = (guint) (c[15] | (c[16] << 8) | (c[17] << 16)) + 1;
    }
  else
    return corrupt (name, "WebP", "unknown chunk", error);
  info->format = SL_IMAGE_FORMAT_WEBP;
  return TRUE;
}

static gboolean
looks_like_text (const guint8 *d,
                 gsize         len)
{
  gsize n = MIN (len, 512);

  for (gsize i = 0; i < n; i++)
    if (d[i] < 0x09 || (d[i] > 0x0d && d[i] < 0x20 && d[i] != 0x1b))
      return FALSE;
  return g_utf8_validate ((const char *) d, (gssize) n, NULL) || n < len;
}

/* Metadata (EXIF, XMP, colour profiles) may push a JPEG's frame header past
 * any fixed head: walk its segments in the file, and probe the start of
 * the file with the frame header moved up behind it. */
static gboolean
probe_jpeg_file (int           fd,
                 const guint8 *head,
                 gsize         head_len,
                 const char   *name,
                 SlImageInfo  *info,
                 GError      **error)
{
  guint8 seg[16];
  off_t pos = 2;

  if (sl_image_probe (head, head_len, name, info, NULL))
    return TRUE;
  while (pos < PROBE_JPEG_MAX)
    {
      guint marker;

      if (pread (fd, seg, 2, pos) != 2)
        break;
      if (seg[0] != 0xFF)
        break;
      if (seg[1] == 0xFF)
        {
          pos++;
          continue;
        }
      marker = seg[1];
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
        {
          pos += 2;
          continue;
        }
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          guint8 moved[2 + sizeof seg] = { 0xFF, 0xD8 };

          if (pread (fd, moved + 2, sizeof seg, pos) != (ssize_t) sizeof seg)
            break;
          return sl_image_probe (moved, sizeof moved, name, info, error);
        }
      if (marker == 0xD9 || marker == 0xDA || pread (fd, seg + 2, 2, pos + 2) != 2)
        break;
      pos += 2 + be16 (seg + 2);
    }
  /* The walk in memory says what is wrong, in the same words. */
  return sl_image_probe (head, head_len, name, info, error);
}

/* public API */

gboolean
sl_image_probe (const guint8  *data,
                gsize          len,
                const char    *name,
                SlImageInfo   *info,
                GError       **error)
{
  memset (info, 0, sizeof *info);

  if (len == 0)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY,
                   "Cannot read image '%s': the file is empty (0 bytes)", name);
      return FALSE;
    }
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return probe_jpeg (data, len, name, info, error);
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return probe_png (data, len, name, info, error);
  if (len >= 2 && data[0] == 'B' && data[1] == 'M')
    return probe_bmp (data, len, name, info, error);
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return probe_tiff (data, len, name, info, error);
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return probe_webp (data, len, name, info, error);

  g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_IMAGE,
               "Cannot read image '%s': not an image Sightline reads (JPEG, PNG, BMP, TIFF or WebP)%s",
               name, looks_like_text (data, len) ? "; the file holds text" : "");
  return FALSE;
}

gboolean
sl_image_probe_file (int           fd,
                     const char   *name,
                     SlImageInfo  *info,
                     GError      **error)
{
  guint8 head[PROBE_HEAD];
  ssize_t n = pread (fd, head, sizeof head, 0);
  gboolean le;
  guint32 ifd;
  guint8 count[2];
  guint entries;
  g_autofree guint8 *dir = NULL;
  gsize dir_len;

  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot read image '%s': %s", name, g_strerror (saved));
      return FALSE;
    }
  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    return probe_jpeg_file (fd, head, (gsize) n, name, info, error);
  if (n < 8 || !(memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return sl_image_probe (head, (gsize) n, name, info, error);

  /* A TIFF's directory may lie anywhere in the file: read it where it is,
   * and probe a copy of it placed right after the header. */
  le = head[0] == 'I';
  ifd = le ? le32 (head + 4) : be32 (head + 4);
  if (pread (fd, count, 2, ifd) != 2)
    return truncated (name, "TIFF", error);
  entries = le ? le16 (count) : be16 (count);
  dir_len = 8 + 2 + (gsize) entries * 12;
  dir = g_malloc (dir_len);
  memcpy (dir, head, 4);
  if (le)
    memcpy (dir + 4, "\x08\0\0\0", 4);
  else
    memcpy (dir + 4, "\0\0\0\x08", 4);
  memcpy (dir + 8, count, 2);
  n = pread (fd, dir + 10, dir_len - 10, (off_t) ifd + 2);
  if (n < 0 || (gsize) n != dir_len - 10)
    return truncated (name, "TIFF", error);
  return sl_image_probe (dir, dir_len, name, info, error);
}

const char *
sl_image_format_to_string (SlImageFormat format)
{
  switch (format)
    {
    case SL_IMAGE_FORMAT_JPEG: return "JPEG";
    case SL_IMAGE_FORMAT_PNG:  return "PNG";
    case SL_IMAGE_FORMAT_BMP:  return "BMP";
    case SL_IMAGE_FORMAT_TIFF: return "TIFF";
    case SL_IMAGE_FORMAT_WEBP: return "WebP";
    case SL_IMAGE_FORMAT_UNKNOWN:
    default:                   return "unknown";
    }
}
