/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The image loader against files made at test time: the four formats it
 * takes, what it refuses (and the sentence it says, naming the file), the
 * size limit checked before reading, downscaling, and the choice of PNG
 * for transparency and JPEG otherwise. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "spark-error.h"
#include "spark-image-loader.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000

static char *tmp_dir;

typedef struct
{
  gboolean    done;
  SparkImage *image;
  GdkPixbuf  *pixbuf;
  GError     *error;
} Result;

static void
load_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *result = user_data;

  result->image = spark_image_load_finish (res, &result->error);
  result->done = TRUE;
}

static void
decode_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Result *result = user_data;

  result->pixbuf = spark_image_decode_finish (res, &result->error);
  result->done = TRUE;
}

static SparkImage *
load_path (const char *path,
           GError    **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  Result result = { 0 };

  spark_image_load_file_async (file, NULL, load_cb, &result);
  spark_test_wait_for_flag (&result.done, TIMEOUT_MS);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.image;
}

static char *
write_file (const char   *name,
            const guchar *data,
            gsize         size)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return path;
}

/* A picture with some structure, so that encoders can't cheat. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int        n = gdk_pixbuf_get_n_channels (pixbuf);
  int        stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar    *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * n;
        p[0] = (x * 255) / MAX (1, width - 1);
        p[1] = (y * 255) / MAX (1, height - 1);
        p[2] = ((x / 8 + y / 8) % 2) ? 200 : 40;
        if (alpha)
          p[3] = (x < width / 2) ? 255 : 96;
      }
  return pixbuf;
}

static GBytes *
save (GdkPixbuf  *pixbuf,
      const char *format)
{
  g_autoptr (GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static char *
write_bytes (const char *name,
             GBytes     *bytes)
{
  return write_file (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_size (GBytes *encoded,
             int     width,
             int     height)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) error = NULL;
  GdkPixbuf *pixbuf;

  gdk_pixbuf_loader_write_bytes (loader, encoded, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

static gboolean
starts_with (GBytes       *bytes,
             const guchar *magic,
             gsize         n)
{
  return g_bytes_get_size (bytes) >= n && memcmp (g_bytes_get_data (bytes, NULL), magic, n) == 0;
}

static const guchar png_magic[] = { 0x89, 'P', 'N', 'G' };
static const guchar jpeg_magic[] = { 0xff, 0xd8, 0xff };

static void
assert_loaded (SparkImage *image,
               const char *name,
               const char *original_mime,
               const char *mime,
               int         width,
               int         height)
{
  g_assert_nonnull (image);
  g_assert_cmpstr (image->name, ==, name);
  g_assert_cmpstr (image->original_mime_type, ==, original_mime);
  g_assert_cmpstr (image->mime_type, ==, mime);
  g_assert_cmpint (image->width, ==, width);
  g_assert_cmpint (image->height, ==, height);
  if (g_str_equal (mime, "image/png"))
    g_assert_true (starts_with (image->data, png_magic, sizeof png_magic));
  else
    g_assert_true (starts_with (image->data, jpeg_magic, sizeof jpeg_magic));
  assert_size (image->data, width, height);
  g_assert_nonnull (image->thumbnail);
  g_assert_true (starts_with (image->thumbnail, png_magic, sizeof png_magic));
}

/* Loads @path expecting BAD_INPUT with a sentence holding the file's name
 * and @fragment. */
static void
assert_refused (const char *path,
                const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = load_path (path, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_null (image);
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_test_message ("%s: %s", name, error->message);
  if (strstr (error->message, name) == NULL || strstr (error->message, fragment) == NULL)
    g_error ("“%s” should name “%s” and say “%s”", error->message, name, fragment);
}

static void
test_png (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (64, 48, FALSE);
  g_autoptr (GBytes) bytes = save (pixbuf, "png");
  g_autofree char *path = write_bytes ("photo.png", bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = load_path (path, &error);

  g_assert_no_error (error);
  /* No transparency: sent as JPEG; the original is kept as it came. */
  assert_loaded (image, "photo.png", "image/png", "image/jpeg", 64, 48);
  g_assert_true (g_bytes_equal (image->original, bytes));
}

static void
test_jpeg (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (120, 80, FALSE);
  g_autoptr (GBytes) bytes = save (pixbuf, "jpeg");
  g_autofree char *path = write_bytes ("holiday.jpg", bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = load_path (path, &error);

  g_assert_no_error (error);
  assert_loaded (image, "holiday.jpg", "image/jpeg", "image/jpeg", 120, 80);
  g_assert_true (g_bytes_equal (image->original, bytes));
}

static gboolean
have_format (const char *format,
             gboolean    writable)
{
  g_autoptr (GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);
      if (g_strcmp0 (name, format) == 0 && (!writable || gdk_pixbuf_format_is_writable (l->data)))
        return TRUE;
    }
  return FALSE;
}

static void
test_webp (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (50, 40, TRUE);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = NULL;

  if (!have_format ("webp", TRUE))
    {
      g_test_skip ("gdk-pixbuf has no WebP loader here (install webp-pixbuf-loader)");
      return;
    }
  bytes = save (pixbuf, "webp");
  path = write_bytes ("sticker.webp", bytes);
  image = load_path (path, &error);
  g_assert_no_error (error);
  /* Half of it is see-through: PNG keeps that. */
  assert_loaded (image, "sticker.webp", "image/webp", "image/png", 50, 40);
}

/* A GIF by hand (gdk-pixbuf can read GIF but not write it): 4 colours,
 * LZW with a clear code every two pixels so codes stay 3 bits wide. */
static GBytes *
make_gif (int width,
          int height)
{
  GByteArray   *gif = g_byte_array_new ();
  GByteArray   *lzw = g_byte_array_new ();
  static guchar header[] = { 'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0, 0x91, 0, 0,
                             0xff, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff };
  guchar        descriptor[] = { 0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 2 };
  guint32       bits = 0;
  int           n_bits = 0;
  int           count = 0;

  header[6] = width & 0xff;
  header[7] = width >> 8;
  header[8] = height & 0xff;
  header[9] = height >> 8;
  g_byte_array_append (gif, header, sizeof header);
  g_byte_array_append (gif, descriptor, sizeof descriptor);

#define EMIT(code)                        \
  G_STMT_START                            \
  {                                       \
    bits |= (guint32) (code) << n_bits;   \
    n_bits += 3;                          \
    while (n_bits >= 8)                   \
      {                                   \
        guchar b = bits & 0xff;           \
        g_byte_array_append (lzw, &b, 1); \
        bits >>= 8;                       \
        n_bits -= 8;                      \
      }                                   \
  }                                       \
  G_STMT_END

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        if (count++ % 2 == 0)
          EMIT (4); /* clear */
        EMIT (((x / 4) + (y / 4)) % 4);
      }
  EMIT (5); /* end of information */
  if (n_bits > 0)
    {
      guchar b = bits & 0xff;
      g_byte_array_append (lzw, &b, 1);
    }
#undef EMIT

  for (guint off = 0; off < lzw->len; off += 255)
    {
      guchar n = MIN (255, lzw->len - off);
      g_byte_array_append (gif, &n, 1);
      g_byte_array_append (gif, lzw->data + off, n);
    }
  g_byte_array_append (gif, (const guchar *) "\0\x3b", 2);
  g_byte_array_unref (lzw);
  return g_byte_array_free_to_bytes (gif);
}

static void
test_gif (void)
{
  g_autoptr (GBytes) bytes = make_gif (40, 24);
  g_autofree char *path = write_bytes ("dance.gif", bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = load_path (path, &error);

  g_assert_no_error (error);
  assert_loaded (image, "dance.gif", "image/gif", "image/jpeg", 40, 24);
}

static void
test_transparency_chooses_png (void)
{
  g_autoptr (GdkPixbuf) see_through = make_pixbuf (30, 20, TRUE);
  g_autoptr (GdkPixbuf) rgb = make_pixbuf (30, 20, FALSE);
  g_autoptr (GdkPixbuf) opaque = gdk_pixbuf_add_alpha (rgb, FALSE, 0, 0, 0);
  g_autoptr (GBytes) a = save (see_through, "png");
  g_autoptr (GBytes) b = save (opaque, "png");
  g_autofree char *path_a = write_bytes ("logo.png", a);
  g_autofree char *path_b = write_bytes ("screenshot.png", b);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image_a = load_path (path_a, &error);
  g_autoptr (SparkImage) image_b = NULL;

  g_assert_no_error (error);
  assert_loaded (image_a, "logo.png", "image/png", "image/png", 30, 20);
  /* An alpha channel that is opaque everywhere is no transparency. */
  image_b = load_path (path_b, &error);
  g_assert_no_error (error);
  assert_loaded (image_b, "screenshot.png", "image/png", "image/jpeg", 30, 20);
}

static void
test_downscale (void)
{
  g_autoptr (GdkPixbuf) wide = make_pixbuf (3000, 2000, FALSE);
  g_autoptr (GdkPixbuf) tall = make_pixbuf (1200, 2400, TRUE);
  g_autoptr (GBytes) wide_bytes = save (wide, "jpeg");
  g_autoptr (GBytes) tall_bytes = save (tall, "png");
  g_autofree char *wide_path = write_bytes ("panorama.jpg", wide_bytes);
  g_autofree char *tall_path = write_bytes ("poster.png", tall_bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) w = load_path (wide_path, &error);
  g_autoptr (SparkImage) t = NULL;

  g_assert_no_error (error);
  assert_loaded (w, "panorama.jpg", "image/jpeg", "image/jpeg", 1568, 1045);
  /* The original stays full size. */
  assert_size (w->original, 3000, 2000);
  assert_size (w->thumbnail, 256, 171);

  t = load_path (tall_path, &error);
  g_assert_no_error (error);
  assert_loaded (t, "poster.png", "image/png", "image/png", 784, 1568);
  assert_size (t->thumbnail, 128, 256);
}

static void
test_not_images (void)
{
  static const char   pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  static const char   text[] = "Shopping list:\n- milk\n- bread\n";
  static const guchar zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guchar noise[] = { 0x13, 0x37, 0x00, 0xfe, 0x01, 0x99, 0x00, 0x00, 0x42, 0x07 };
  g_autofree char    *pdf_path = write_file ("x.pdf", (const guchar *) pdf, sizeof pdf - 1);
  g_autofree char    *text_path = write_file ("notes.png", (const guchar *) text, sizeof text - 1);
  g_autofree char    *zip_path = write_file ("archive.jpg", zip, sizeof zip);
  g_autofree char    *noise_path = write_file ("noise.gif", noise, sizeof noise);

  assert_refused (pdf_path, "is a PDF document, not an image");
  /* Checked by content: the name says PNG, the bytes say text. */
  assert_refused (text_path, "is a text file, not an image");
  assert_refused (zip_path, "isn’t an image");
  assert_refused (noise_path, "isn’t an image");
}

static void
test_broken (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (200, 200, FALSE);
  g_autoptr (GBytes) png = save (pixbuf, "png");
  g_autoptr (GBytes) jpeg = save (pixbuf, "jpeg");
  g_autofree char *png_path = write_file ("cut.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png) / 2);
  g_autofree char *jpeg_path = write_file ("cut.jpg", g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg) / 2);
  g_autofree char *empty_path = write_file ("empty.png", (const guchar *) "", 0);
  g_autoptr (GBytes) gif = make_gif (64, 64);
  g_autofree char *gif_path = write_file ("cut.gif", g_bytes_get_data (gif, NULL), g_bytes_get_size (gif) / 2);

  assert_refused (png_path, "is damaged or incomplete");
  assert_refused (jpeg_path, "is damaged or incomplete");
  assert_refused (gif_path, "is damaged or incomplete");
  assert_refused (empty_path, "is empty");
}

static void
test_too_large_sparse (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "huge.png", NULL);
  int              fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  gint64           start;

  /* 60 MB of nothing on disk: reading it would take a visible while. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 60 * 1000 * 1000), ==, 0);
  close (fd);

  start = g_get_monotonic_time ();
  /* The size check's sentence (the stream check can't know "60.0 MB");
   * g_format_size puts a no-break space before the unit. */
  assert_refused (path, "too large to attach (60.0\302\240MB; the limit is 50.0\302\240MB)");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_too_large_stream (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkImage) image = NULL;

  /* A device reports no size: the limit holds while reading. */
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }
  image = load_path ("/dev/zero", &error);
  g_assert_null (image);
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "“zero” is larger than 50.0\302\240MB"));
}

static guint32
crc32 (const guchar *data,
       gsize         n)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < n; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

static void
test_decoding_bomb (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (16, 16, FALSE);
  g_autoptr (GBytes) png = save (pixbuf, "png");
  g_autofree guchar *data = g_memdup2 (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char   *path = NULL;
  guint32            crc;

  /* IHDR claims 50000 × 50000: refused from the header, nothing allocated. */
  data[16] = data[20] = 0;
  data[17] = data[21] = 0;
  data[18] = data[22] = 50000 >> 8;
  data[19] = data[23] = 50000 & 0xff;
  crc = crc32 (data + 12, 17);
  data[29] = crc >> 24;
  data[30] = crc >> 16;
  data[31] = crc >> 8;
  data[32] = crc;
  path = write_file ("bomb.png", data, g_bytes_get_size (png));
  assert_refused (path, "too large to open (50000 × 50000 pixels)");
}

static void
test_missing_and_folders (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "gone.jpg", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "Pictures", NULL);

  g_mkdir (folder, 0755);
  assert_refused (missing, "Can’t find");
  assert_refused (folder, "is a folder, not an image");
}

static void
test_unreadable (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (8, 8, FALSE);
  g_autoptr (GBytes) png = save (pixbuf, "png");
  g_autofree char *path = write_bytes ("secret.png", png);

  if (geteuid () == 0)
    {
      g_test_skip ("root can read any file");
      return;
    }
  g_chmod (path, 0);
  assert_refused (path, "permission to read it was denied");
}

static void
test_bytes_and_pixels (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (70, 50, FALSE);
  g_autoptr (GBytes) jpeg = save (pixbuf, "jpeg");
  g_autofree guint32 *argb = g_new (guint32, 4 * 2);
  g_autoptr (GBytes) pixels = NULL;
  g_autoptr (GdkPixbuf) decoded = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  Result        result = { 0 };
  Result        result2 = { 0 };
  const guchar *p;

  spark_image_load_bytes_async (jpeg, "clipboard.jpg", NULL, load_cb, &result);
  spark_test_wait_for_flag (&result.done, TIMEOUT_MS);
  g_assert_no_error (result.error);
  assert_loaded (result.image, "clipboard.jpg", "image/jpeg", "image/jpeg", 70, 50);
  spark_image_free (result.image);

  /* 4 × 2 ARGB32: opaque red, then half-transparent white (premultiplied). */
  for (int i = 0; i < 8; i++)
    argb[i] = i < 4 ? 0xffff0000 : 0x80808080;
  pixels = g_bytes_new (argb, 4 * 2 * 4);
  spark_image_load_pixels_async (pixels, 4, 2, 16, "Pasted image", NULL, load_cb, &result2);
  spark_test_wait_for_flag (&result2.done, TIMEOUT_MS);
  g_assert_no_error (result2.error);
  assert_loaded (result2.image, "Pasted image", "image/png", "image/png", 4, 2);

  stream = g_memory_input_stream_new_from_bytes (result2.image->data);
  decoded = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  p = gdk_pixbuf_read_pixels (decoded);
  g_assert_cmpint (p[0], ==, 255);
  g_assert_cmpint (p[1], ==, 0);
  g_assert_cmpint (p[3], ==, 255);
  p += gdk_pixbuf_get_rowstride (decoded);
  g_assert_cmpint (p[0], ==, 255); /* un-premultiplied back to white */
  g_assert_cmpint (p[3], ==, 128);
  spark_image_free (result2.image);
}

static void
test_decode (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (400, 100, FALSE);
  g_autoptr (GBytes) png = save (pixbuf, "png");
  g_autoptr (GBytes) junk = g_bytes_new_static ("not an image", 12);
  Result result = { 0 };
  Result full = { 0 };
  Result bad = { 0 };

  spark_image_decode_async (png, 100, NULL, decode_cb, &result);
  spark_image_decode_async (png, 0, NULL, decode_cb, &full);
  spark_image_decode_async (junk, 0, NULL, decode_cb, &bad);
  spark_test_wait_for_flag (&result.done, TIMEOUT_MS);
  spark_test_wait_for_flag (&full.done, TIMEOUT_MS);
  spark_test_wait_for_flag (&bad.done, TIMEOUT_MS);

  g_assert_no_error (result.error);
  g_assert_cmpint (gdk_pixbuf_get_width (result.pixbuf), ==, 100);
  g_assert_cmpint (gdk_pixbuf_get_height (result.pixbuf), ==, 25);
  g_assert_no_error (full.error);
  g_assert_cmpint (gdk_pixbuf_get_width (full.pixbuf), ==, 400);
  g_assert_error (bad.error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_clear_object (&result.pixbuf);
  g_clear_object (&full.pixbuf);
  g_clear_error (&bad.error);
}

static void
test_cancelled (void)
{
  g_autoptr (GdkPixbuf) pixbuf = make_pixbuf (8, 8, FALSE);
  g_autoptr (GBytes) png = save (pixbuf, "png");
  g_autofree char *path = write_bytes ("later.png", png);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0 };

  g_cancellable_cancel (cancellable);
  spark_image_load_file_async (file, cancellable, load_cb, &result);
  spark_test_wait_for_flag (&result.done, TIMEOUT_MS);
  g_assert_null (result.image);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("spark-image-loader-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/image-loader/png", test_png);
  g_test_add_func ("/image-loader/jpeg", test_jpeg);
  g_test_add_func ("/image-loader/webp", test_webp);
  g_test_add_func ("/image-loader/gif", test_gif);
  g_test_add_func ("/image-loader/transparency-chooses-png", test_transparency_chooses_png);
  g_test_add_func ("/image-loader/downscale", test_downscale);
  g_test_add_func ("/image-loader/not-images", test_not_images);
  g_test_add_func ("/image-loader/broken", test_broken);
  g_test_add_func ("/image-loader/too-large-sparse", test_too_large_sparse);
  g_test_add_func ("/image-loader/too-large-stream", test_too_large_stream);
  g_test_add_func ("/image-loader/decoding-bomb", test_decoding_bomb);
  g_test_add_func ("/image-loader/missing-and-folders", test_missing_and_folders);
  g_test_add_func ("/image-loader/unreadable", test_unreadable);
  g_test_add_func ("/image-loader/bytes-and-pixels", test_bytes_and_pixels);
  g_test_add_func ("/image-loader/decode", test_decode);
  g_test_add_func ("/image-loader/cancelled", test_cancelled);

  ret = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
