/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sidebar shows of a stored conversation, without its messages. */
#pragma once

#include <glib-object.h>

#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CONVERSATION_INFO (spark_conversation_info_get_type ())
G_DECLARE_FINAL_TYPE (SparkConversationInfo, spark_conversation_info, SPARK, CONVERSATION_INFO, GObject)

SparkConversationInfo *spark_conversation_info_new (const char *id,
                                                    const char *title,
                                                    SparkMode   mode,
                                                    gboolean    pinned,
                                                    GDateTime  *created,
                                                    GDateTime  *updated,
                                                    guint       n_messages);
const char            *spark_conversation_info_get_id (SparkConversationInfo *self);
/* NULL when the conversation has no title yet. */
const char *spark_conversation_info_get_title (SparkConversationInfo *self);
SparkMode   spark_conversation_info_get_mode (SparkConversationInfo *self);
gboolean    spark_conversation_info_get_pinned (SparkConversationInfo *self);
GDateTime  *spark_conversation_info_get_created (SparkConversationInfo *self);
/* Last activity; the list is sorted pinned first, then by this, newest first. */
GDateTime *spark_conversation_info_get_updated (SparkConversationInfo *self);
/* Messages in the thread (earlier versions of messages not counted). */
guint spark_conversation_info_get_n_messages (SparkConversationInfo *self);

G_END_DECLS
