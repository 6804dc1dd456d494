/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-context.h"
#include "spark-conversation.h"

G_BEGIN_DECLS

/* How many of a stored chat's latest messages to load to open it: the
 * list shows those first and loads the older ones itself (it would
 * otherwise wait for all of them). */
#define SPARK_MESSAGE_LIST_OPEN_MESSAGES 15

#define SPARK_TYPE_MESSAGE_LIST (spark_message_list_get_type ())
G_DECLARE_FINAL_TYPE (SparkMessageList, spark_message_list, SPARK, MESSAGE_LIST, GtkWidget)

SparkConversation *spark_message_list_get_conversation (SparkMessageList *self);
void               spark_message_list_set_conversation (SparkMessageList  *self,
                                                        SparkConversation *conversation);
void               spark_message_list_scroll_to_end (SparkMessageList *self);
/* Scrolls to a message (a search hit) and highlights it for a moment. */
void spark_message_list_show_message (SparkMessageList *self,
                                      const char       *message_id);
/* The message being highlighted, or NULL. */
const char *spark_message_list_get_flash_id (SparkMessageList *self);

/* Read Aloud needs the model service (its /audio/speech). */
void spark_message_list_set_context (SparkMessageList *self,
                                     SparkContext     *context);
/* Enables Read Aloud unless @provider is known to have no speech endpoint. */
void spark_message_list_update_read_aloud (SparkMessageList *self,
                                           SparkProvider    *provider);

G_END_DECLS
