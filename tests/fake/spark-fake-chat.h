/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wire form of chat completion replies (internal to the fake service): the
 * SSE events of a streamed reply, the body of a plain one, error bodies. */
#pragma once

#include "spark-fake-reply.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_FAKE_STEP_DATA,  /* append bytes to the body */
  SPARK_FAKE_STEP_RESET, /* close the connection once all data is written */
  SPARK_FAKE_STEP_STALL, /* send nothing more, never end */
} SparkFakeStepKind;

typedef struct
{
  SparkFakeStepKind kind;
  GBytes           *bytes; /* DATA only: one whole event, "data: …\n\n" */
  gboolean          paced; /* waits 1/tokens_per_second before it goes out */
  gboolean          token; /* a reasoning or content token: counts as sent */
} SparkFakeStep;

typedef struct
{
  const char *id;
  const char *model;
  gint64      created;
  gint64      prompt_tokens;
  gboolean    include_usage;
} SparkFakeChatInfo;

GPtrArray *spark_fake_steps_new_action (SparkFakeStepKind kind);
GPtrArray *spark_fake_chat_stream_steps (const SparkFakeReply    *reply,
                                         const SparkFakeChatInfo *info);
GBytes    *spark_fake_chat_completion (const SparkFakeReply    *reply,
                                       const SparkFakeChatInfo *info);
void       spark_fake_chat_info_init (SparkFakeChatInfo *info,
                                      const char        *id,
                                      JsonObject        *request);
gboolean   spark_fake_chat_wants_json_schema (JsonObject *request);
GBytes    *spark_fake_error_body (const char *message,
                                  const char *type,
                                  const char *code);

G_END_DECLS
