/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns what a model service did wrong into SPARK_ERROR sentences a person can act on. */
#pragma once

#include <gio/gio.h>

#include "spark-error.h"

G_BEGIN_DECLS

typedef struct
{
  const char *service_name; /* "Ollama", "OpenAI", … */
  const char *base_url;
  const char *model;        /* may be NULL */
  const char *endpoint;     /* "chat/completions", "models", … */
  gboolean    local_ollama; /* suggest `ollama pull` */
  gboolean    sent_key;     /* an Authorization header was sent */
} SparkErrorContext;

GError *spark_client_error_from_io (const SparkErrorContext *ctx,
                                    const GError            *io_error);
GError *spark_client_error_from_http (const SparkErrorContext *ctx,
                                      guint                    status,
                                      const char              *body,
                                      gsize                    body_len,
                                      guint                    retry_after);
char   *spark_client_error_body_message (const char *body,
                                         gsize       body_len);
/* What a service's own error text is about: SPARK_ERROR_CONTEXT_TOO_LONG,
 * SPARK_ERROR_UNSUPPORTED_INPUT (images/audio), else SPARK_ERROR_SERVICE. */
SparkErrorCode spark_client_error_classify (const char *text);
gboolean       spark_client_status_is_retryable (guint status);

G_END_DECLS
