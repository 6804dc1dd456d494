/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-context.h"
#include "spark-conversation.h"

G_BEGIN_DECLS

/* How many of a stored chat's latest messages to load to open it: the
 * view shows those first and loads the older ones itself (the list would
 * otherwise wait for all of them). */
#define SPARK_CHAT_VIEW_OPEN_MESSAGES 15

#define SPARK_TYPE_CHAT_VIEW (spark_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (SparkChatView, spark_chat_view, SPARK, CHAT_VIEW, GtkWidget)

SparkConversation *spark_chat_view_get_conversation (SparkChatView *self);
void               spark_chat_view_set_conversation (SparkChatView     *self,
                                                     SparkConversation *conversation);
void               spark_chat_view_scroll_to_end (SparkChatView *self);
/* Scrolls to a message (a search hit) and highlights it for a moment. */
void spark_chat_view_show_message (SparkChatView *self,
                                   const char    *message_id);
/* The message being highlighted, or NULL. */
const char *spark_chat_view_get_flash_id (SparkChatView *self);

/* Read Aloud needs the model service (its /audio/speech). */
void spark_chat_view_set_context (SparkChatView *self,
                                  SparkContext  *context);
/* Enables Read Aloud unless @provider is known to have no speech endpoint. */
void spark_chat_view_update_read_aloud (SparkChatView *self,
                                        SparkProvider *provider);

G_END_DECLS
