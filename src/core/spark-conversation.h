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

G_END_DECLS
