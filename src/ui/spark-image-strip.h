/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-message.h"

G_BEGIN_DECLS

#define SPARK_TYPE_IMAGE_STRIP (spark_image_strip_get_type ())
G_DECLARE_FINAL_TYPE (SparkImageStrip, spark_image_strip, SPARK, IMAGE_STRIP, GtkWidget)

GtkWidget *spark_image_strip_new (void);
/* Removable (the composer): each thumbnail has a remove button that emits
 * ::remove-requested. Otherwise (a sent message) thumbnails are buttons
 * that emit ::activated. Items are identified by a caller's @key. */
void     spark_image_strip_set_removable (SparkImageStrip *self,
                                          gboolean         removable);
gboolean spark_image_strip_get_removable (SparkImageStrip *self);
/* Thumbnail size in pixels (square). */
void spark_image_strip_set_thumbnail_size (SparkImageStrip *self,
                                           int              size);
/* Adds an item at the end; @image NULL shows it as loading. */
void spark_image_strip_add (SparkImageStrip  *self,
                            gconstpointer     key,
                            const char       *name,
                            const SparkImage *image);
/* The item's image arrived (or changed). */
void  spark_image_strip_set_image (SparkImageStrip  *self,
                                   gconstpointer     key,
                                   const SparkImage *image);
void  spark_image_strip_remove (SparkImageStrip *self,
                                gconstpointer    key);
void  spark_image_strip_remove_all (SparkImageStrip *self);
guint spark_image_strip_get_n_items (SparkImageStrip *self);

G_END_DECLS
