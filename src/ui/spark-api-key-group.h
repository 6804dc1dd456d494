/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API key of one model service in its editor: a password row loaded
 * from and saved to the keyring, with what the keyring said. */
#pragma once

#include <adwaita.h>

#include "spark-provider.h"
#include "spark-secrets.h"

G_BEGIN_DECLS

#define SPARK_TYPE_API_KEY_GROUP (spark_api_key_group_get_type ())
G_DECLARE_FINAL_TYPE (SparkApiKeyGroup, spark_api_key_group, SPARK, API_KEY_GROUP, AdwPreferencesGroup)

void        spark_api_key_group_load (SparkApiKeyGroup *self,
                                      SparkSecrets     *secrets,
                                      SparkProvider    *provider);
gboolean    spark_api_key_group_save (SparkApiKeyGroup *self,
                                      SparkProvider    *provider);
const char *spark_api_key_group_get_text (SparkApiKeyGroup *self);

G_END_DECLS
