/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Builds chat completion request bodies from a conversation. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_RESPONSE_TEXT,        /* free text (a schema, if any, goes in the system prompt) */
  SPARK_RESPONSE_JSON_OBJECT, /* {"type":"json_object"} + schema in the system prompt */
  SPARK_RESPONSE_JSON_SCHEMA, /* {"type":"json_schema", strict} */
} SparkResponseFormat;

typedef struct
{
  const char         *model;
  const char         *system_prompt;    /* NULL: none */
  double              temperature;      /* < 0: the service's default */
  gint64              max_tokens;       /* 0: the service's default */
  const char         *reasoning_effort; /* NULL: not sent */
  SparkResponseFormat response_format;
  const char         *schema_name;
  JsonNode           *schema; /* object, or NULL */
  JsonNode           *tools;  /* array of tool definitions, or NULL */
  gboolean            stream;
  /* The last message is a reply being continued: it is sent, with what
   * it has so far, even though it is unfinished, so that the model
   * carries on from there. */
  gboolean continue_last;
  /* With continue_last, for services that don't carry on from a partial
   * answer by themselves: a question sent after it asking to go on. NULL:
   * the partial answer is the last message (prefill). */
  const char *continue_prompt;
} SparkRequestOptions;

void spark_request_options_init (SparkRequestOptions *options);
/* @messages: SparkMessages in order. Unfinished or failed-and-empty
 * messages are left out. */
JsonNode *spark_request_build (const SparkRequestOptions *options,
                               GListModel                *messages);
/* The first complete JSON object in @text (code fences and prose around
 * it ignored), or NULL. */
char *spark_request_extract_json (const char *text);

G_END_DECLS
