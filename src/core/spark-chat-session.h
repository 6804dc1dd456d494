/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-context.h"
#include "spark-conversation.h"
#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CHAT_SESSION (spark_chat_session_get_type ())
G_DECLARE_FINAL_TYPE (SparkChatSession, spark_chat_session, SPARK, CHAT_SESSION, GObject)

SparkChatSession  *spark_chat_session_new (SparkContext *context);
SparkConversation *spark_chat_session_get_conversation (SparkChatSession *self);
gboolean           spark_chat_session_get_busy (SparkChatSession *self);
/* The model for new replies; NULL: the service's default. */
void        spark_chat_session_set_model (SparkChatSession *self,
                                          const char       *model);
const char *spark_chat_session_get_model (SparkChatSession *self);
/* The model replies come from: the one set, else the service's default.
 * NULL when no service is set up. */
const char *spark_chat_session_get_effective_model (SparkChatSession *self);
/* Adds the question (text and/or images: SparkImage*, copied) and starts
 * the reply. FALSE (error set, nothing added) when there is nothing to
 * send, no model service is set up, a reply is running, or the model is
 * known not to take images (SPARK_ERROR_UNSUPPORTED_INPUT).
 *
 * When the service refuses the images before any reply text, the question
 * is taken back out of the conversation and ::draft-returned gives it back
 * (so it can go back into the composer); ::finished follows. */
gboolean spark_chat_session_send (SparkChatSession *self,
                                  const char       *text,
                                  GPtrArray        *images,
                                  SparkMode         mode,
                                  SparkDepth        depth,
                                  GError          **error);
/* Replaces a failed or stopped last reply with a new attempt. */
gboolean spark_chat_session_retry (SparkChatSession *self);
void     spark_chat_session_stop (SparkChatSession *self);
/* Stops any reply and starts an empty conversation. */
void spark_chat_session_new_conversation (SparkChatSession *self);
/* Stops any reply and continues @conversation (e.g. one loaded from the
 * store); with a store in the context, new messages are saved into it. */
void spark_chat_session_load (SparkChatSession  *self,
                              SparkConversation *conversation);

G_END_DECLS
