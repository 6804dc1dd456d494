/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "spark-store.h"

G_BEGIN_DECLS

#define SPARK_TYPE_SIDEBAR (spark_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (SparkSidebar, spark_sidebar, SPARK, SIDEBAR, GtkWidget)

void spark_sidebar_set_store (SparkSidebar *self,
                              SparkStore   *store);
/* Lists the stored conversations again (after a change). */
void spark_sidebar_reload (SparkSidebar *self);
/* Marks the conversation shown in the chat (NULL: none). */
void spark_sidebar_set_active (SparkSidebar *self,
                               const char   *conversation_id);
void spark_sidebar_focus_search (SparkSidebar *self);
/* The conversation whose deletion can still be undone, or NULL. */
const char *spark_sidebar_get_pending_delete (SparkSidebar *self);
/* What the Undo button of the "deleted" toast does. */
void spark_sidebar_undo_delete (SparkSidebar *self);

G_END_DECLS
