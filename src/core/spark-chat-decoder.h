/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decodes OpenAI-compatible chat completions — the `data` of each streamed
 * event, or a whole non-streaming body — and accumulates the reply: text,
 * reasoning, tool calls, finish reason and usage. Knows the dialects of
 * OpenAI, Ollama, llama.cpp, vLLM, OpenRouter and DeepSeek. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   prompt_tokens;
  gint64   completion_tokens;
  gint64   reasoning_tokens;  /* part of completion_tokens, 0 if not reported */
  gint64   total_tokens;
  gboolean valid;             /* the service reported usage at all */
} SparkUsage;

typedef struct
{
  guint    index;
  char    *id;                /* NULL if the service sent none */
  char    *name;
  GString *arguments;         /* JSON text, as concatenated from the pieces */
} SparkToolCall;

typedef struct
{
  GString    *text;
  GString    *reasoning;      /* "thinking" text */
  char       *finish_reason;  /* "stop", "length", "tool_calls", ... or NULL */
  char       *model;
  char       *id;
  SparkUsage  usage;
  GPtrArray  *tool_calls;     /* SparkToolCall*, ordered by index */
  gboolean    done;           /* [DONE] seen, or a whole body parsed */
} SparkChatResult;

/* What one event added; pointers are into the result and valid until the
 * next call on the decoder. */
typedef struct
{
  const char *content;
  gsize       content_len;
  const char *reasoning;
  gsize       reasoning_len;
  gboolean    tool_calls_changed;
  gboolean    usage_changed;
  gboolean    finished;       /* this event carried a finish_reason */
} SparkChatDelta;

typedef struct _SparkChatDecoder SparkChatDecoder;

void              spark_chat_result_free             (SparkChatResult   *result);

SparkChatDecoder *spark_chat_decoder_new             (void);
/* One streamed event. "[DONE]" sets result->done; an event with only
 * whitespace is ignored. On FALSE, @error is SPARK_ERROR_MALFORMED_STREAM,
 * or SPARK_ERROR_SERVICE / _CONTEXT_TOO_LONG / _UNSUPPORTED_INPUT for an
 * error object sent by the service; what was decoded before is kept.
 * @delta may be NULL. */
gboolean          spark_chat_decoder_feed_event      (SparkChatDecoder  *self,
                                                      const char        *data,
                                                      gsize              len,
                                                      SparkChatDelta    *delta,
                                                      GError           **error);
/* A whole `chat.completion` body (stream: false), or an error body. */
gboolean          spark_chat_decoder_parse_completion (SparkChatDecoder *self,
                                                      const char        *body,
                                                      gsize              len,
                                                      GError           **error);
const SparkChatResult *spark_chat_decoder_get_result (SparkChatDecoder  *self);
/* Gives the result away; the decoder starts a fresh, empty one. */
SparkChatResult  *spark_chat_decoder_steal_result    (SparkChatDecoder  *self);
void              spark_chat_decoder_free            (SparkChatDecoder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkChatResult, spark_chat_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkChatDecoder, spark_chat_decoder_free)

G_END_DECLS
