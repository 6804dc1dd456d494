/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkStoreTracker: keeps one conversation saved as it changes. Messages
 * already in it and every message added later are written; a reply that
 * is streaming is written at most once per interval (250 ms), and at once
 * when it reaches a final state; a message taken out of the conversation
 * is kept in the store as an earlier version. Title, mode and pin changes
 * are saved too. Disposing the tracker writes whatever is still waiting. */
#pragma once

#include "spark-store.h"

G_BEGIN_DECLS

#define SPARK_TYPE_STORE_TRACKER (spark_store_tracker_get_type ())
G_DECLARE_FINAL_TYPE (SparkStoreTracker, spark_store_tracker, SPARK, STORE_TRACKER, GObject)

#define SPARK_STORE_TRACKER_DEFAULT_INTERVAL 250

SparkStoreTracker *spark_store_tracker_new (SparkStore        *store,
                                            SparkConversation *conversation);
SparkStore        *spark_store_tracker_get_store (SparkStoreTracker *self);
SparkConversation *spark_store_tracker_get_conversation (SparkStoreTracker *self);
/* Milliseconds between writes of a streaming reply. */
void  spark_store_tracker_set_interval (SparkStoreTracker *self,
                                        guint              interval_ms);
guint spark_store_tracker_get_interval (SparkStoreTracker *self);
/* Queues every change still waiting for its interval now. */
void spark_store_tracker_sync (SparkStoreTracker *self);

G_END_DECLS
