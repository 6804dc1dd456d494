/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "spark-application.h"

G_BEGIN_DECLS

#define SPARK_TYPE_WINDOW (spark_window_get_type ())
G_DECLARE_FINAL_TYPE (SparkWindow, spark_window, SPARK, WINDOW, AdwApplicationWindow)

SparkWindow *spark_window_new (SparkApplication *app,
                               SparkContext     *context);
void         spark_window_add_toast (SparkWindow *self,
                                     const char  *message);

G_END_DECLS
