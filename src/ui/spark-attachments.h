/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-image-strip.h"
#include "spark-message.h"

G_BEGIN_DECLS

/* Images per message. */
#define SPARK_ATTACHMENTS_MAX 10

#define SPARK_TYPE_ATTACHMENTS (spark_attachments_get_type ())
G_DECLARE_FINAL_TYPE (SparkAttachments, spark_attachments, SPARK, ATTACHMENTS, GObject)

/* Shows its items in @strip (a removable one). */
SparkAttachments *spark_attachments_new (SparkImageStrip *strip);
/* Items, including those still loading. */
guint    spark_attachments_get_n_items (SparkAttachments *self);
gboolean spark_attachments_get_loading (SparkAttachments *self);
/* The loaded images in order: a new array of copies (SparkImage*). */
GPtrArray *spark_attachments_dup_images (SparkAttachments *self);
void       spark_attachments_clear (SparkAttachments *self);
/* Adds an image that is ready (e.g. one given back); FALSE when full. */
gboolean spark_attachments_add_image (SparkAttachments *self,
                                      const SparkImage *image);
/* Each file is checked and prepared off the main thread; each one that
 * can't be attached (not an image, too large, the 11th…) emits ::problem
 * with a sentence naming it. */
void spark_attachments_add_files (SparkAttachments *self,
                                  GFile *const     *files,
                                  guint             n_files);
void spark_attachments_add_texture (SparkAttachments *self,
                                    GdkTexture       *texture,
                                    const char       *name);
/* A GdkFileList or a GdkTexture (from a drop or the clipboard); FALSE
 * for anything else. */
gboolean spark_attachments_add_value (SparkAttachments *self,
                                      const GValue     *value,
                                      const char       *texture_name);

G_END_DECLS
