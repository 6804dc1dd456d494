/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "spark-capabilities.h"
#include "spark-client.h"
#include "spark-conversation.h"
#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_TURN (spark_turn_get_type ())
G_DECLARE_FINAL_TYPE (SparkTurn, spark_turn, SPARK, TURN, GObject)

SparkTurn *spark_turn_new (SparkClient       *client,
                           SparkProvider     *provider,
                           const char        *api_key,
                           const char        *model,
                           SparkConversation *conversation);
void       spark_turn_set_mode (SparkTurn *self,
                                SparkMode  mode,
                                SparkDepth depth);
void       spark_turn_set_system_prompt (SparkTurn  *self,
                                         const char *system_prompt);
void       spark_turn_set_schema (SparkTurn         *self,
                                  SparkCapabilities *capabilities,
                                  const char        *name,
                                  JsonNode          *schema);
/* Instead of a new reply, carries on @reply (the conversation's last
 * message, e.g. one cut off by a crash): its text so far is sent as the
 * start of the answer and what comes is appended to it. */
void          spark_turn_continue_reply (SparkTurn    *self,
                                         SparkMessage *reply);
SparkMessage *spark_turn_get_reply (SparkTurn *self);
/* The structured answer (a JSON object as text) once run, when a schema was set. */
const char *spark_turn_get_json (SparkTurn *self);
/* "stop", "length", "tool_calls"… once run; NULL if the service sent none. */
const char *spark_turn_get_finish_reason (SparkTurn *self);
void        spark_turn_run_async (SparkTurn          *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean    spark_turn_run_finish (SparkTurn    *self,
                                   GAsyncResult *result,
                                   GError      **error);

G_END_DECLS
