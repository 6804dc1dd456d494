/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SPARK_ERROR domain: every failure a person may see, each with a code. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SPARK_ERROR (spark_error_quark ())

typedef enum
{
  SPARK_ERROR_FAILED,            /* anything else */
  SPARK_ERROR_CANT_CONNECT,      /* connection refused / host unreachable */
  SPARK_ERROR_DNS,               /* host name does not resolve */
  SPARK_ERROR_TLS,               /* certificate or handshake failure */
  SPARK_ERROR_AUTH,              /* 401 / 403: key missing or rejected */
  SPARK_ERROR_MODEL_NOT_FOUND,   /* 404 naming the model */
  SPARK_ERROR_NOT_FOUND,         /* 404 on an endpoint (e.g. no transcription) */
  SPARK_ERROR_TOO_LARGE,         /* 413 */
  SPARK_ERROR_RATE_LIMITED,      /* 429 after retries */
  SPARK_ERROR_SERVER,            /* 5xx after retries */
  SPARK_ERROR_CONTEXT_TOO_LONG,  /* prompt exceeds the model's context */
  SPARK_ERROR_TIMEOUT,           /* connect timeout or idle timeout between bytes */
  SPARK_ERROR_MALFORMED_STREAM,  /* bytes that are not the protocol */
  SPARK_ERROR_STREAM_CUT,        /* stream ended before the reply finished */
  SPARK_ERROR_SERVICE,           /* error object sent by the service */
  SPARK_ERROR_UNSUPPORTED_INPUT, /* service cannot take images / audio */
  SPARK_ERROR_BAD_REQUEST,       /* 400 not covered above */
  SPARK_ERROR_BAD_INPUT,         /* local input is unusable (file, argument) */
  SPARK_ERROR_NO_KEY,            /* keyring unavailable or key missing */
} SparkErrorCode;

GQuark spark_error_quark (void);

G_END_DECLS
