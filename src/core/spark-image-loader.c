/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Images a person attaches, made ready to send: read (with a size limit
 * checked before reading), recognised by their first bytes rather than
 * their name, decoded, turned upright, downscaled and re-encoded, all on a
 * worker thread. Re-encoding also drops metadata such as GPS positions
 * that a photo's original bytes carry; the original is kept only locally.
 *
 * Every failure is a sentence that names the file and says why, because
 * it ends up in a toast or on spark-cli's standard error. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spark-error.h"
#include "spark-image-format.h"
#include "spark-image-loader.h"

#define READ_CHUNK (64 * 1024)
/* Decoding bombs: a small file that claims enormous dimensions. */
#define MAX_PIXELS ((gint64) 100 * 1000 * 1000)
#define JPEG_QUALITY "85"

typedef struct
{
  GFile  *file;
  GBytes *bytes; /* encoded bytes, or pixels */
  char   *name;
  int     width; /* pixels only */
  int     height;
  gsize   stride;
  int     max_edge; /* decode only */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->name);
  g_free (data);
}

static gboolean G_GNUC_PRINTF (2, 3)
  bad_input (GError    **error,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SPARK_ERROR, SPARK_ERROR_BAD_INPUT, format, args));
  va_end (args);
  return FALSE;
}

static char *
file_name_for (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename != NULL && g_utf8_validate (basename, -1, NULL))
    return g_steal_pointer (&basename);
  if (basename != NULL)
    return g_filename_display_name (basename);
  return g_file_get_parse_name (file);
}

static void
io_failure (GError    **error,
            const char *name,
            GError     *io_error)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (io_error));
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    bad_input (error, _ ("Can’t find “%s”. It may have been moved or deleted."), name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    bad_input (error, _ ("Can’t open “%s”: permission to read it was denied."), name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    bad_input (error, _ ("“%s” is a folder, not an image."), name);
  else
    bad_input (error, _ ("Can’t read “%s”: %s"), name, io_error->message);
}

static gboolean
too_large (GError    **error,
           const char *name,
           goffset     size)
{
  g_autofree char *got = g_format_size (size);
  g_autofree char *limit = g_format_size (SPARK_IMAGE_MAX_FILE_SIZE);

  return bad_input (error, _ ("“%s” is too large to attach (%s; the limit is %s)."), name, got, limit);
}

/* Reads at most the size limit; the size is checked first so that a huge
 * file is refused without reading it, and again while reading for files
 * whose size isn't known or changes. */
static GBytes *
read_file (GFile        *file,
           char        **name_out,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GByteArray) buffer = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *name = file_name_for (file);
  gsize            total = 0;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local);
  if (info == NULL)
    {
      io_failure (error, name, local);
      return NULL;
    }
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    {
      g_free (name);
      name = g_strdup (g_file_info_get_display_name (info));
    }
  *name_out = g_strdup (name);

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      bad_input (error, _ ("“%s” is a folder, not an image."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > SPARK_IMAGE_MAX_FILE_SIZE)
    {
      too_large (error, name, g_file_info_get_size (info));
      return NULL;
    }
  /* Devices and pipes report 0 and may still have bytes to read. */
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && g_file_info_get_size (info) == 0)
    {
      bad_input (error, _ ("“%s” is empty."), name);
      return NULL;
    }

  if ((stream = g_file_read (file, cancellable, &local)) == NULL)
    {
      io_failure (error, name, local);
      return NULL;
    }

  buffer = g_byte_array_sized_new (MAX (g_file_info_get_size (info), 1));
  for (;;)
    {
      gssize n;

      g_byte_array_set_size (buffer, total + READ_CHUNK);
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer->data + total, READ_CHUNK, cancellable, &local);
      if (n < 0)
        {
          io_failure (error, name, local);
          return NULL;
        }
      if (n == 0)
        break;
      total += n;
      if (total > SPARK_IMAGE_MAX_FILE_SIZE)
        {
          g_autofree char *limit = g_format_size (SPARK_IMAGE_MAX_FILE_SIZE);
          bad_input (error, _ ("“%s” is larger than %s, too large to attach."), name, limit);
          return NULL;
        }
    }
  if (total == 0)
    {
      bad_input (error, _ ("“%s” is empty."), name);
      return NULL;
    }
  g_byte_array_set_size (buffer, total);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static gboolean
have_pixbuf_format (const char *format)
{
  g_autoptr (GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);
      if (g_strcmp0 (name, format) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  int      max_edge;
  int      width;
  int      height;
  gboolean too_big;
} Prepared;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Prepared        *prep)
{
  int edge = MAX (width, height);

  prep->width = width;
  prep->height = height;
  if ((gint64) width * height > MAX_PIXELS)
    {
      /* A zero size makes the format modules stop before allocating. */
      prep->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
  else if (prep->max_edge > 0 && edge > prep->max_edge)
    {
      double scale = (double) prep->max_edge / edge;
      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)), MAX (1, (int) (height * scale + 0.5)));
    }
}

static GdkPixbuf *
scale_to_edge (GdkPixbuf *pixbuf,
               int        max_edge)
{
  int    width = gdk_pixbuf_get_width (pixbuf);
  int    height = gdk_pixbuf_get_height (pixbuf);
  int    edge = MAX (width, height);
  double scale;

  if (max_edge <= 0 || edge <= max_edge)
    return g_object_ref (pixbuf);
  scale = (double) max_edge / edge;
  return gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (width * scale + 0.5)), MAX (1, (int) (height * scale + 0.5)),
                                  GDK_INTERP_BILINEAR);
}

/* Decodes @bytes (already known to be in @format) upright, long edge at
 * most @max_edge (0: any). */
static GdkPixbuf *
decode (GBytes       *bytes,
        const char   *name,
        const char   *format,
        int           max_edge,
        GCancellable *cancellable,
        GError      **error)
{
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  Prepared      prep = { max_edge, 0, 0, FALSE };
  gsize         size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  gboolean      ok = TRUE;

  if (!spark_image_format_is_complete (format, data, size))
    {
      bad_input (error, _ ("“%s” is damaged or incomplete and can’t be opened as an image."), name);
      return NULL;
    }
  if (g_strcmp0 (format, "webp") == 0 && !have_pixbuf_format ("webp"))
    {
      bad_input (error, _ ("“%s” is a WebP image, and this computer can’t open WebP images. Install the WebP image loader (webp-pixbuf-loader), or attach a PNG or JPEG instead."),
                 name);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new_with_type (format, &local);
  if (loader == NULL)
    {
      bad_input (error, _ ("Can’t open “%s”: %s"), name, local->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &prep);

  /* In pieces, so that a bomb is noticed from its header alone. */
  for (gsize off = 0; ok && off < size && !prep.too_big; off += READ_CHUNK)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      ok = gdk_pixbuf_loader_write (loader, data + off, MIN (READ_CHUNK, size - off), &local);
    }
  /* Close even after a failed write: the loader warns when finalized open. */
  if (!gdk_pixbuf_loader_close (loader, ok ? &local : NULL))
    ok = FALSE;

  if (prep.too_big)
    {
      bad_input (error, _ ("“%s” is too large to open (%d × %d pixels)."), name, prep.width, prep.height);
      return NULL;
    }
  /* A truncated file may leave a half-decoded picture behind: refuse it. */
  if (!ok || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      bad_input (error, _ ("“%s” is damaged or incomplete and can’t be opened as an image."), name);
      return NULL;
    }

  upright = gdk_pixbuf_apply_embedded_orientation (gdk_pixbuf_loader_get_pixbuf (loader));
  /* Animations ignore the loader's size; scale their first frame here. */
  return scale_to_edge (upright, max_edge);
}

static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  int           width = gdk_pixbuf_get_width (pixbuf);
  int           height = gdk_pixbuf_get_height (pixbuf);
  int           stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf) || gdk_pixbuf_get_n_channels (pixbuf) != 4)
    return FALSE;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[y * stride + x * 4 + 3] != 0xff)
        return TRUE;
  return FALSE;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        gboolean    png,
        const char *name,
        GError    **error)
{
  g_autoptr (GError) local = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (png ? !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &local, NULL)
          : !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &local, "quality", JPEG_QUALITY, NULL))
    {
      bad_input (error, _ ("Can’t prepare “%s” for sending: %s"), name, local->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, size);
}

/* From a decoded picture to what is sent, plus its thumbnail. */
static SparkImage *
finish_image (GdkPixbuf  *pixbuf,
              const char *name,
              GError    **error)
{
  g_autoptr (SparkImage) image = g_new0 (SparkImage, 1);
  g_autoptr (GdkPixbuf) thumb = NULL;
  gboolean png = has_transparency (pixbuf);

  image->name = g_strdup (name);
  image->mime_type = g_strdup (png ? "image/png" : "image/jpeg");
  image->width = gdk_pixbuf_get_width (pixbuf);
  image->height = gdk_pixbuf_get_height (pixbuf);
  if ((image->data = encode (pixbuf, png, name, error)) == NULL)
    return NULL;
  thumb = scale_to_edge (pixbuf, SPARK_IMAGE_THUMBNAIL_EDGE);
  if ((image->thumbnail = encode (thumb, TRUE, name, error)) == NULL)
    return NULL;
  return g_steal_pointer (&image);
}

static SparkImage *
load_encoded (GBytes       *bytes,
              const char   *name,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  SparkImage   *image;
  const char   *format = NULL;
  const char   *mime;
  gsize         size;
  const guchar *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      bad_input (error, _ ("“%s” is empty."), name);
      return NULL;
    }
  if (size > SPARK_IMAGE_MAX_FILE_SIZE)
    {
      too_large (error, name, size);
      return NULL;
    }
  if ((mime = spark_image_format_sniff (data, size, &format)) == NULL)
    {
      g_autofree char *why = spark_image_format_describe (name, data, size);
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, why);
      return NULL;
    }
  if ((pixbuf = decode (bytes, name, format, SPARK_IMAGE_MAX_EDGE, cancellable, error)) == NULL)
    return NULL;
  if ((image = finish_image (pixbuf, name, error)) == NULL)
    return NULL;
  image->original_mime_type = g_strdup (mime);
  image->original = g_bytes_ref (bytes);
  return image;
}

/* Cairo ARGB32 (premultiplied, native-endian words) to straight RGBA. */
static GdkPixbuf *
pixbuf_from_argb32 (GBytes *pixels,
                    int     width,
                    int     height,
                    gsize   stride)
{
  GdkPixbuf    *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  const guchar *src = g_bytes_get_data (pixels, NULL);
  guchar       *dst;
  int           dst_stride;

  if (pixbuf == NULL)
    return NULL;
  dst = gdk_pixbuf_get_pixels (pixbuf);
  dst_stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (src + y * stride);
      guchar        *out = dst + y * dst_stride;

      for (int x = 0; x < width; x++, out += 4)
        {
          guint32 p = row[x];
          guint   a = p >> 24;
          guint   r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

          if (a != 0 && a != 0xff)
            {
              r = MIN (255u, (r * 255 + a / 2) / a);
              g = MIN (255u, (g * 255 + a / 2) / a);
              b = MIN (255u, (b * 255 + a / 2) / a);
            }
          out[0] = r;
          out[1] = g;
          out[2] = b;
          out[3] = a;
        }
    }
  return pixbuf;
}

static SparkImage *
load_pixels (LoadData *data,
             GError  **error)
{
  g_autoptr (GdkPixbuf) full = NULL;
  g_autoptr (GdkPixbuf) scaled = NULL;
  SparkImage *image;

  if ((gint64) data->width * data->height > MAX_PIXELS
      || (full = pixbuf_from_argb32 (data->bytes, data->width, data->height, data->stride)) == NULL)
    {
      bad_input (error, _ ("“%s” is too large to open (%d × %d pixels)."), data->name, data->width, data->height);
      return NULL;
    }
  scaled = scale_to_edge (full, SPARK_IMAGE_MAX_EDGE);
  if ((image = finish_image (scaled, data->name, error)) == NULL)
    return NULL;
  image->original_mime_type = g_strdup ("image/png");
  if ((image->original = encode (full, TRUE, data->name, error)) == NULL)
    {
      spark_image_free (image);
      return NULL;
    }
  return image;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (GBytes) bytes = NULL;
  GError     *error = NULL;
  SparkImage *image = NULL;

  if (data->file != NULL)
    {
      g_autofree char *name = NULL;

      if ((bytes = read_file (data->file, &name, cancellable, &error)) != NULL)
        image = load_encoded (bytes, name, cancellable, &error);
    }
  else if (data->width > 0)
    image = load_pixels (data, &error);
  else
    image = load_encoded (data->bytes, data->name, cancellable, &error);

  if (image != NULL)
    g_task_return_pointer (task, image, (GDestroyNotify) spark_image_free);
  else
    g_task_return_error (task, error);
}

static void
start_load (LoadData           *data,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, spark_image_load_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

void
spark_image_load_file_async (GFile              *file,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  start_load (data, cancellable, callback, user_data);
}

void
spark_image_load_bytes_async (GBytes             *bytes,
                              const char         *name,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  LoadData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name ? name : _ ("Image"));
  start_load (data, cancellable, callback, user_data);
}

void
spark_image_load_pixels_async (GBytes             *pixels,
                               int                 width,
                               int                 height,
                               gsize               stride,
                               const char         *name,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  LoadData *data;

  g_return_if_fail (pixels != NULL);
  g_return_if_fail (width > 0 && height > 0 && stride >= (gsize) width * 4);
  g_return_if_fail (g_bytes_get_size (pixels) >= stride * (height - 1) + (gsize) width * 4);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->bytes = g_bytes_ref (pixels);
  data->width = width;
  data->height = height;
  data->stride = stride;
  data->name = g_strdup (name ? name : _ ("Image"));
  start_load (data, cancellable, callback, user_data);
}

SparkImage *
spark_image_load_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_image_load_file_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoadData     *data = task_data;
  GError       *error = NULL;
  GdkPixbuf    *pixbuf = NULL;
  const char   *format = NULL;
  gsize         size;
  const guchar *bytes = g_bytes_get_data (data->bytes, &size);

  if (spark_image_format_sniff (bytes, size, &format) == NULL)
    {
      g_autofree char *why = spark_image_format_describe (data->name, bytes, size);
      error = g_error_new_literal (SPARK_ERROR, SPARK_ERROR_BAD_INPUT, why);
    }
  else
    pixbuf = decode (data->bytes, data->name, format, data->max_edge, cancellable, &error);

  if (pixbuf != NULL)
    g_task_return_pointer (task, pixbuf, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
spark_image_decode_async (GBytes             *bytes,
                          int                 max_edge,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (max_edge >= 0);

  data = g_new0 (LoadData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (_ ("Image"));
  data->max_edge = max_edge;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_image_decode_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, decode_thread);
}

GdkPixbuf *
spark_image_decode_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_image_decode_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
