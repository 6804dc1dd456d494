/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "spark-request.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_CAPABILITY_UNKNOWN,
  SPARK_CAPABILITY_YES,
  SPARK_CAPABILITY_NO,
} SparkCapabilityState;

#define SPARK_TYPE_CAPABILITIES (spark_capabilities_get_type ())
G_DECLARE_FINAL_TYPE (SparkCapabilities, spark_capabilities, SPARK, CAPABILITIES, GObject)

SparkCapabilities *spark_capabilities_new (void);
/* The best structured format not yet known to fail for this service and model. */
SparkResponseFormat  spark_capabilities_get_response_format (SparkCapabilities *self,
                                                             const char        *provider_id,
                                                             const char        *model);
void                 spark_capabilities_set_format_result (SparkCapabilities  *self,
                                                           const char         *provider_id,
                                                           const char         *model,
                                                           SparkResponseFormat format,
                                                           gboolean            works);
SparkCapabilityState spark_capabilities_get_images (SparkCapabilities *self,
                                                    const char        *provider_id,
                                                    const char        *model);
void                 spark_capabilities_set_images (SparkCapabilities *self,
                                                    const char        *provider_id,
                                                    const char        *model,
                                                    gboolean           works);
/* Whether a model's name suggests it can look at images (llava, gemma3,
 * qwen2.5vl, gpt-4o…): only a hint for suggesting one, never a verdict. */
gboolean spark_capabilities_looks_like_vision_model (const char *model);

/* The first of @models that looks able to see images and isn't known to
 * refuse them on this service; NULL if none. Points into @models. */
const char *spark_capabilities_pick_vision_model (SparkCapabilities *self,
                                                  const char        *provider_id,
                                                  const char *const *models);

G_END_DECLS
