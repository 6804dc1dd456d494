/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPARK_TYPE_LOOPBACK_RESOLVER (spark_loopback_resolver_get_type ())
G_DECLARE_FINAL_TYPE (SparkLoopbackResolver, spark_loopback_resolver, SPARK, LOOPBACK_RESOLVER, GObject)

GProxyResolver *spark_loopback_resolver_new (GProxyResolver *fallback);
gboolean        spark_uri_is_loopback (const char *uri);

G_END_DECLS
