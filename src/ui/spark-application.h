/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "spark-context.h"

G_BEGIN_DECLS

#define SPARK_TYPE_APPLICATION (spark_application_get_type ())
G_DECLARE_FINAL_TYPE (SparkApplication, spark_application, SPARK, APPLICATION, AdwApplication)

SparkApplication *spark_application_new (void);
GSettings        *spark_application_get_settings (SparkApplication *self);
SparkContext     *spark_application_get_context (SparkApplication *self);

G_END_DECLS
