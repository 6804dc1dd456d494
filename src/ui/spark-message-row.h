/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-message.h"

G_BEGIN_DECLS

#define SPARK_TYPE_MESSAGE_ROW (spark_message_row_get_type ())
G_DECLARE_FINAL_TYPE (SparkMessageRow, spark_message_row, SPARK, MESSAGE_ROW, GtkWidget)

GtkWidget    *spark_message_row_new (void);
SparkMessage *spark_message_row_get_message (SparkMessageRow *self);
void          spark_message_row_set_message (SparkMessageRow *self,
                                             SparkMessage    *message);
const char   *spark_message_row_get_shown_text (SparkMessageRow *self);

void spark_message_row_set_reading (SparkMessageRow *self,
                                    gboolean         reading);

/* Whether the row shows the conversation's last message: only that one
 * offers Continue when it was cut off. */
void spark_message_row_set_last (SparkMessageRow *self,
                                 gboolean         last);

G_END_DECLS
