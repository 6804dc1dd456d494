/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which of the formats Spark attaches (PNG, JPEG, GIF, WebP) @data is,
 * by its signature: its MIME type, and in @pixbuf_format the name of the
 * gdk-pixbuf module that decodes it. NULL when none. */
const char *spark_image_format_sniff (const guchar *data,
                                      gsize         size,
                                      const char  **pixbuf_format);
/* Whether the bytes of an image in @pixbuf_format run to the format's end
 * (PNG's IEND, JPEG's EOI, WebP's RIFF size); GIF is left to its decoder. */
gboolean spark_image_format_is_complete (const char   *pixbuf_format,
                                         const guchar *data,
                                         gsize         size);
/* A sentence naming @name and saying what it is instead of an image. */
char *spark_image_format_describe (const char   *name,
                                   const guchar *data,
                                   gsize         size);

G_END_DECLS
