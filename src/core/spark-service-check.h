/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-context.h"

G_BEGIN_DECLS

#define SPARK_TYPE_SERVICE_CHECK (spark_service_check_get_type ())
G_DECLARE_FINAL_TYPE (SparkServiceCheck, spark_service_check, SPARK, SERVICE_CHECK, GObject)

SparkServiceCheck *spark_service_check_new (SparkContext *context);
/* Asks the active service for its models (with its key from the keyring),
 * cancelling a check still running. Ends with ::done (provider or NULL
 * when none is set up, the models or NULL, the error or NULL). */
void spark_service_check_run (SparkServiceCheck *self);

G_END_DECLS
