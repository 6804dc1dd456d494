/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scripted replies of the fake model service: what one chat request gets,
 * including the faults it injects on the wire. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Length of the single data line a HUGE_EVENT fault sends (10 MiB). */
#define SPARK_FAKE_HUGE_EVENT_SIZE (10 * 1024 * 1024)

/* Every fault except SLOW_FIRST_BYTE happens after `fault_after` tokens
 * (reasoning and content pieces, in the order they are sent). */
typedef enum
{
  SPARK_FAKE_FAULT_NONE,
  SPARK_FAKE_FAULT_RESET_MID_STREAM, /* cut a chunk short and close the connection:
                                      * part of an event, then a read error */
  SPARK_FAKE_FAULT_MALFORMED_EVENT,  /* a `data: {not json` event, then go on */
  SPARK_FAKE_FAULT_INVALID_UTF8,     /* a content delta with invalid UTF-8, then go on */
  SPARK_FAKE_FAULT_HUGE_EVENT,       /* one 10 MiB content delta line, then go on */
  SPARK_FAKE_FAULT_STALL,            /* send nothing more, keep the connection open */
  SPARK_FAKE_FAULT_NO_DONE,          /* end the body cleanly: no finish chunk, no [DONE] */
  SPARK_FAKE_FAULT_SLOW_FIRST_BYTE,  /* wait `fault_after` ms before the headers */
  SPARK_FAKE_FAULT_ERROR_MID_STREAM, /* a `data: {"error":…}` event, then end the body */
} SparkFakeFault;

typedef enum
{
  SPARK_FAKE_REASONING_CONTENT, /* "reasoning_content": llama.cpp, DeepSeek, vLLM */
  SPARK_FAKE_REASONING,         /* "reasoning": Ollama, OpenRouter */
} SparkFakeReasoningField;

typedef struct
{
  char *id; /* "call_fake_N" unless set */
  char *name;
  char *arguments; /* JSON text, streamed in 3 or more fragments */
} SparkFakeToolCall;

typedef struct
{
  char                   *text;      /* content; NULL: none */
  char                   *reasoning; /* sent before the content; NULL: none */
  SparkFakeReasoningField reasoning_field;
  GPtrArray              *tool_calls;        /* SparkFakeToolCall, never NULL */
  char                   *finish_reason;     /* NULL: "tool_calls" if any, else "stop" */
  gint64                  prompt_tokens;     /* -1: counted from the request's messages */
  gint64                  completion_tokens; /* -1: content + reasoning tokens sent */
  gint64                  reasoning_tokens;  /* -1: reasoning tokens sent */
  double                  tokens_per_second; /* 0: as fast as possible */
  guint                   status;            /* 0 or 200: a reply; else a plain HTTP error */
  char                   *body;              /* error body (status) or error event payload
                                              * (ERROR_MID_STREAM); NULL: OpenAI-like */
  guint          retry_after;                /* > 0: Retry-After header (seconds) */
  gboolean       reject_json_schema;         /* 400 if the request asks for json_schema */
  SparkFakeFault fault;
  guint          fault_after; /* tokens; milliseconds for SLOW_FIRST_BYTE */
} SparkFakeReply;

#define SPARK_TYPE_FAKE_REPLY (spark_fake_reply_get_type ())

GType           spark_fake_reply_get_type (void) G_GNUC_CONST;
SparkFakeReply *spark_fake_reply_new (const char *text);
SparkFakeReply *spark_fake_reply_new_status (guint       status,
                                             const char *body);
SparkFakeReply *spark_fake_reply_new_fault (const char    *text,
                                            SparkFakeFault fault,
                                            guint          fault_after);
SparkFakeReply *spark_fake_reply_copy (const SparkFakeReply *reply);
void            spark_fake_reply_free (SparkFakeReply *reply);
void            spark_fake_reply_add_tool_call (SparkFakeReply *reply,
                                                const char     *name,
                                                const char     *arguments);
SparkFakeReply *spark_fake_reply_new_from_json (JsonObject           *object,
                                                const SparkFakeReply *defaults,
                                                GError              **error);

gboolean    spark_fake_fault_from_string (const char     *name,
                                          SparkFakeFault *fault);
const char *spark_fake_fault_to_string (SparkFakeFault fault);

char **spark_fake_split_tokens (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkFakeReply, spark_fake_reply_free)

G_END_DECLS
