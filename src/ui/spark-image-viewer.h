/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "spark-message.h"

G_BEGIN_DECLS

#define SPARK_TYPE_IMAGE_VIEWER (spark_image_viewer_get_type ())
G_DECLARE_FINAL_TYPE (SparkImageViewer, spark_image_viewer, SPARK, IMAGE_VIEWER, AdwWindow)

/* A window over @parent showing @image at full size (its original bytes
 * when kept); call gtk_window_present() on it. */
GtkWidget *spark_image_viewer_new (GtkWindow        *parent,
                                   const SparkImage *image);
/* TRUE once the full-size picture replaced the thumbnail (notify::loaded). */
gboolean spark_image_viewer_get_loaded (SparkImageViewer *self);
/* Screen pixels per image pixel as shown now. */
double spark_image_viewer_get_zoom (SparkImageViewer *self);
/* TRUE while the picture is fitted to the window (the starting state). */
gboolean spark_image_viewer_get_best_fit (SparkImageViewer *self);

G_END_DECLS
