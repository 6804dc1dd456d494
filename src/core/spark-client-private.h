/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the parts of SparkClient share with each other (not public API). */
#pragma once

#include <libsoup/soup.h>

#include "spark-client-errors.h"
#include "spark-client.h"

G_BEGIN_DECLS

SoupSession *spark_client_get_session (SparkClient *self);
guint        spark_client_get_connect_timeout (SparkClient *self);
guint        spark_client_get_idle_timeout (SparkClient *self);
SoupMessage *spark_client_new_message (SparkProvider *provider,
                                       const char    *method,
                                       const char    *endpoint,
                                       const char    *api_key,
                                       GError       **error);
void         spark_client_fill_error_context (SparkErrorContext *ctx,
                                              SparkProvider     *provider,
                                              const char        *model,
                                              const char        *endpoint,
                                              gboolean           sent_key);

G_END_DECLS
