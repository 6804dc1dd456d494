/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor of one model service, shown as a Preferences subpage: address,
 * models, API key (in the keyring), a connection test, making it the active
 * service, and removing it. */
#pragma once

#include <adwaita.h>

#include "spark-context.h"

G_BEGIN_DECLS

#define SPARK_TYPE_PROVIDER_EDITOR (spark_provider_editor_get_type ())
G_DECLARE_FINAL_TYPE (SparkProviderEditor, spark_provider_editor, SPARK, PROVIDER_EDITOR, AdwBin)

SparkProviderEditor *spark_provider_editor_new (SparkContext  *context,
                                                SparkProvider *provider);
SparkProvider       *spark_provider_editor_get_provider (SparkProviderEditor *self);

G_END_DECLS
