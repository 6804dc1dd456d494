/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model services Spark knows, kept in GSettings, and which one is active. */
#pragma once

#include <gio/gio.h>

#include "spark-provider.h"

G_BEGIN_DECLS

#define SPARK_TYPE_PROVIDER_LIST (spark_provider_list_get_type ())

G_DECLARE_FINAL_TYPE (SparkProviderList, spark_provider_list, SPARK, PROVIDER_LIST, GObject)

SparkProviderList *spark_provider_list_new (GSettings *settings);
GSettings         *spark_provider_list_get_settings (SparkProviderList *self);

void           spark_provider_list_add (SparkProviderList *self,
                                        SparkProvider     *provider);
gboolean       spark_provider_list_remove (SparkProviderList *self,
                                           const char        *id);
gboolean       spark_provider_list_replace (SparkProviderList *self,
                                            SparkProvider     *provider);
SparkProvider *spark_provider_list_lookup (SparkProviderList *self,
                                           const char        *id);
char          *spark_provider_list_dup_unique_id (SparkProviderList *self,
                                                  const char        *base);

SparkProvider *spark_provider_list_get_active (SparkProviderList *self);
void           spark_provider_list_set_active (SparkProviderList *self,
                                               SparkProvider     *provider);

G_END_DECLS
