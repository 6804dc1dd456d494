/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-capabilities.h"
#include "spark-client.h"
#include "spark-provider-list.h"
#include "spark-secrets.h"
#include "spark-store.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CONTEXT (spark_context_get_type ())
G_DECLARE_FINAL_TYPE (SparkContext, spark_context, SPARK, CONTEXT, GObject)

SparkContext      *spark_context_new (GSettings *settings);
GSettings         *spark_context_get_settings (SparkContext *self);
SparkClient       *spark_context_get_client (SparkContext *self);
SparkProviderList *spark_context_get_providers (SparkContext *self);
SparkSecrets      *spark_context_get_secrets (SparkContext *self);
SparkCapabilities *spark_context_get_capabilities (SparkContext *self);
/* The history; NULL (the default) keeps conversations in memory only. */
SparkStore *spark_context_get_store (SparkContext *self);
void        spark_context_set_store (SparkContext *self,
                                     SparkStore   *store);

G_END_DECLS
