/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns what a person attached (a file, bytes, or pixels from a pasted or
 * dropped picture) into a SparkImage ready to send, on a worker thread. */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "spark-message.h"

G_BEGIN_DECLS

/* Files larger than this are refused before they are read. */
#define SPARK_IMAGE_MAX_FILE_SIZE (50 * 1000 * 1000)
/* Long edge of what is uploaded, in pixels. */
#define SPARK_IMAGE_MAX_EDGE 1568
/* Long edge of SparkImage.thumbnail, in pixels. */
#define SPARK_IMAGE_THUMBNAIL_EDGE 256

/* Reads @file (at most SPARK_IMAGE_MAX_FILE_SIZE bytes), checks by content
 * that it is a PNG, JPEG, WebP or GIF image, decodes it, downscales it to
 * SPARK_IMAGE_MAX_EDGE and encodes it (PNG if it has transparency, else
 * JPEG quality 85). The original bytes are kept in the result. Every
 * failure is SPARK_ERROR_BAD_INPUT with a sentence naming the file. */
void spark_image_load_file_async (GFile              *file,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
/* The same for bytes already in memory; @name is used in sentences. */
void spark_image_load_bytes_async (GBytes             *bytes,
                                   const char         *name,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
/* The same for pixels in cairo's ARGB32 layout (premultiplied alpha,
 * native-endian 32-bit words), as GdkTexture downloads them. The original
 * kept is a lossless PNG of them. */
void        spark_image_load_pixels_async (GBytes             *pixels,
                                           int                 width,
                                           int                 height,
                                           gsize               stride,
                                           const char         *name,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
SparkImage *spark_image_load_finish (GAsyncResult *result,
                                     GError      **error);

/* Decodes encoded image bytes on a worker thread, upright, with the long
 * edge at most @max_edge pixels (0: full size). */
void       spark_image_decode_async (GBytes             *bytes,
                                     int                 max_edge,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
GdkPixbuf *spark_image_decode_finish (GAsyncResult *result,
                                      GError      **error);

G_END_DECLS
