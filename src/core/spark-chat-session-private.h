/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkChatSession, whose implementation is split in two:
 * spark-chat-session.c (sending, the reply's life, titles) and
 * spark-chat-session-edits.c (changing a chat after the fact). These are
 * the steps the second needs from the first; the struct stays private. */
#pragma once

#include "spark-chat-session.h"

G_BEGIN_DECLS

SparkContext *spark_chat_session_get_context (SparkChatSession *self);
/* Keeps the conversation saved (a tracker) before it is changed; _prepare
 * also sets the mode and depth new replies are written in. */
void spark_chat_session_track (SparkChatSession *self);
void spark_chat_session_prepare (SparkChatSession *self,
                                 SparkMode         mode,
                                 SparkDepth        depth);
/* Starts a reply to @question (the question it answers, for what the
 * model is learnt to do with images): a new reply replacing @replaces_id
 * (NULL: none), or @continuing carried on. */
void spark_chat_session_start_reply (SparkChatSession *self,
                                     SparkProvider    *provider,
                                     SparkMessage     *question,
                                     const char       *replaces_id,
                                     SparkMessage     *continuing);

G_END_DECLS
