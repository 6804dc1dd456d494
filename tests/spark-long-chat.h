/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A generated long conversation for UI tests and benchmarks: questions and
 * markdown replies of varied height (lists, now and then a code fence),
 * written into a history store. */
#pragma once

#include "spark-store.h"

G_BEGIN_DECLS

/* The text of message @index (0-based): even ones are a person's
 * questions, odd ones replies in markdown. Every text is different. */
char *spark_long_chat_text (guint index);

/* Saves a conversation titled @title with @n_messages such messages into
 * @store and waits until they are on disk (failing the test after a
 * deadline). Returns the conversation's id. */
char *spark_long_chat_fill (SparkStore *store,
                            const char *title,
                            guint       n_messages);

G_END_DECLS
