/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recognising the image formats Spark attaches by their bytes, not their
 * names: signatures, whether a file runs to its end (the decoders
 * happily return half a picture), and what a file is when it is not an
 * image, said in a sentence. Pure functions, no I/O. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "spark-image-format.h"

/* The four formats Spark attaches, by their signatures: the MIME type,
 * and the name of the gdk-pixbuf module that decodes it. */
const char *
spark_image_format_sniff (const guchar *d,
                          gsize         n,
                          const char  **pixbuf_format)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  *pixbuf_format = NULL;
  if (n >= sizeof png && memcmp (d, png, sizeof png) == 0)
    *pixbuf_format = "png";
  else if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
    *pixbuf_format = "jpeg";
  else if (n >= 6 && (memcmp (d, "GIF87a", 6) == 0 || memcmp (d, "GIF89a", 6) == 0))
    *pixbuf_format = "gif";
  else if (n >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    *pixbuf_format = "webp";
  else
    return NULL;

  if (g_str_equal (*pixbuf_format, "png"))
    return "image/png";
  if (g_str_equal (*pixbuf_format, "jpeg"))
    return "image/jpeg";
  if (g_str_equal (*pixbuf_format, "gif"))
    return "image/gif";
  return "image/webp";
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* PNG: the chunks run on to IEND. */
static gboolean
png_complete (const guchar *d,
              gsize         n)
{
  gsize pos = 8;

  while (pos + 12 <= n)
    {
      guint32 len = read_be32 (d + pos);

      if (memcmp (d + pos + 4, "IEND", 4) == 0)
        return TRUE;
      if (len > n - pos - 12)
        return FALSE;
      pos += 12 + len;
    }
  return FALSE;
}

/* JPEG: the segments and entropy-coded scans run on to the EOI marker. */
static gboolean
jpeg_complete (const guchar *d,
               gsize         n)
{
  gsize pos = 2;

  while (pos + 1 < n)
    {
      guchar marker;

      if (d[pos] != 0xff)
        return FALSE;
      while (pos + 1 < n && d[pos + 1] == 0xff) /* fill bytes */
        pos++;
      if (pos + 1 >= n)
        return FALSE;
      marker = d[pos + 1];
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8))
        {
          pos += 2;
          continue;
        }
      if (pos + 4 > n)
        return FALSE;
      pos += 2 + (((gsize) d[pos + 2] << 8) | d[pos + 3]);
      if (marker == 0xda)
        {
          /* Scan data: stuffed 0xff00 and restart markers are part of it. */
          while (pos + 1 < n && !(d[pos] == 0xff && d[pos + 1] != 0 && !(d[pos + 1] >= 0xd0 && d[pos + 1] <= 0xd7)))
            pos++;
        }
    }
  return FALSE;
}

/* The decoders happily return the top half of a cut PNG or JPEG (the rest
 * grey), so completeness is checked on the bytes first. */
gboolean
spark_image_format_is_complete (const char   *format,
                                const guchar *d,
                                gsize         n)
{
  if (g_str_equal (format, "png"))
    return png_complete (d, n);
  if (g_str_equal (format, "jpeg"))
    return jpeg_complete (d, n);
  if (g_str_equal (format, "webp"))
    return n >= 12 && (guint64) d[4] + ((guint64) d[5] << 8) + ((guint64) d[6] << 16) + ((guint64) d[7] << 24) + 8 <= n;
  return TRUE; /* GIF: the decoder notices a cut itself */
}

static gboolean
looks_like_text (const guchar *d,
                 gsize         n)
{
  const char *end;
  gsize       len = MIN (n, 4096);

  /* A character cut at the end of the sample is still text. */
  if (!g_utf8_validate ((const char *) d, len, &end) && (len == n || (gsize) (end - (const char *) d) + 4 < len))
    return FALSE;
  for (const guchar *p = d; p < (const guchar *) end; p++)
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f')
      return FALSE;
  return TRUE;
}

char *
spark_image_format_describe (const char   *name,
                             const guchar *d,
                             gsize         n)
{
  g_autofree char *type = NULL;
  gboolean         uncertain = TRUE;

  if (n >= 5 && memcmp (d, "%PDF-", 5) == 0)
    return g_strdup_printf (_ ("“%s” is a PDF document, not an image."), name);
  if (looks_like_text (d, n))
    return g_strdup_printf (_ ("“%s” is a text file, not an image."), name);

  type = g_content_type_guess (NULL, d, MIN (n, 4096), &uncertain);
  if (!uncertain && type != NULL && !g_content_type_is_unknown (type))
    {
      g_autofree char *mime = g_content_type_get_mime_type (type);
      g_autofree char *what = g_content_type_get_description (type);

      if (mime != NULL && g_str_has_prefix (mime, "image/"))
        return g_strdup_printf (_ ("“%s” is in an image format Spark can’t attach (%s). Use PNG, JPEG, WebP or GIF images."),
                                name, what);
      return g_strdup_printf (_ ("“%s” isn’t an image (%s)."), name, what);
    }
  return g_strdup_printf (_ ("“%s” isn’t an image Spark can read. Use PNG, JPEG, WebP or GIF images."), name);
}
