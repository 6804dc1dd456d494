/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-message.h"
#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CONVERSATION (spark_conversation_get_type ())
G_DECLARE_FINAL_TYPE (SparkConversation, spark_conversation, SPARK, CONVERSATION, GObject)

SparkConversation *spark_conversation_new (void);
const char        *spark_conversation_get_title (SparkConversation *self);
void               spark_conversation_set_title (SparkConversation *self,
                                                 const char        *title);
SparkMode          spark_conversation_get_mode (SparkConversation *self);
void               spark_conversation_set_mode (SparkConversation *self,
                                                SparkMode          mode);
void               spark_conversation_append (SparkConversation *self,
                                              SparkMessage      *message);
void               spark_conversation_remove (SparkConversation *self,
                                              SparkMessage      *message);
SparkMessage      *spark_conversation_get_last (SparkConversation *self);
/* Puts @message at @position (clamped to the end). */
void spark_conversation_insert (SparkConversation *self,
                                guint              position,
                                SparkMessage      *message);
/* Takes out every message from @position on (one items-changed) and
 * returns them, oldest first. */
GPtrArray *spark_conversation_truncate (SparkConversation *self,
                                        guint              position);
/* The message with @id (not a new reference) and its position, or NULL. */
SparkMessage *spark_conversation_find (SparkConversation *self,
                                       const char        *id,
                                       guint             *position);

/* Inserts older messages (a page loaded from the store) at the start. */
void spark_conversation_prepend (SparkConversation *self,
                                 GPtrArray         *messages);
/* A stable id (a random UUID unless given as the construct-only "id"). */
const char *spark_conversation_get_id (SparkConversation *self);
gboolean    spark_conversation_get_pinned (SparkConversation *self);
void        spark_conversation_set_pinned (SparkConversation *self,
                                           gboolean           pinned);
GDateTime  *spark_conversation_get_created (SparkConversation *self);
/* Last activity: set when a message is added, or restored by the store. */
GDateTime *spark_conversation_get_updated (SparkConversation *self);
/* Restores stored timestamps; NULL leaves one as it is. */
void spark_conversation_set_times (SparkConversation *self,
                                   GDateTime         *created,
                                   GDateTime         *updated);

G_END_DECLS
