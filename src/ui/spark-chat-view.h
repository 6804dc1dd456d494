/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-chat-session.h"
#include "spark-composer.h"
#include "spark-context.h"
#include "spark-message-list.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CHAT_VIEW (spark_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (SparkChatView, spark_chat_view, SPARK, CHAT_VIEW, GtkWidget)

/* The window's session and context; set once, before use. */
void              spark_chat_view_set_session (SparkChatView    *self,
                                               SparkChatSession *session,
                                               SparkContext     *context,
                                               GSettings        *settings);
SparkComposer    *spark_chat_view_get_composer (SparkChatView *self);
SparkMessageList *spark_chat_view_get_message_list (SparkChatView *self);
/* Lets images be dropped anywhere on @target, highlighting the chat. */
void spark_chat_view_accept_drops (SparkChatView *self,
                                   GtkWidget     *target);

/* Whether the model service answers; when it doesn't, an empty chat
 * shows @title and @description (what to do) instead of "Ask Anything". */
void     spark_chat_view_set_online (SparkChatView *self,
                                     gboolean       online);
gboolean spark_chat_view_get_online (SparkChatView *self);
void     spark_chat_view_set_offline_text (SparkChatView *self,
                                           const char    *title,
                                           const char    *description);
/* Shows the empty page, the offline page or the messages, as fits. */
void spark_chat_view_sync_page (SparkChatView *self);

/* The id of the question being edited in the composer, or NULL. */
const char *spark_chat_view_get_editing_id (SparkChatView *self);

G_END_DECLS
