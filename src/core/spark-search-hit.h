/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One full-text search result: the message that matched, where it is and
 * a snippet around the match. */
#pragma once

#include <glib-object.h>

#include "spark-message.h"

G_BEGIN_DECLS

#define SPARK_TYPE_SEARCH_HIT (spark_search_hit_get_type ())
G_DECLARE_FINAL_TYPE (SparkSearchHit, spark_search_hit, SPARK, SEARCH_HIT, GObject)

SparkSearchHit *spark_search_hit_new (const char *conversation_id,
                                      const char *conversation_title,
                                      const char *message_id,
                                      SparkRole   role,
                                      const char *snippet,
                                      double      rank,
                                      GDateTime  *created);
const char     *spark_search_hit_get_conversation_id (SparkSearchHit *self);
const char     *spark_search_hit_get_conversation_title (SparkSearchHit *self);
const char     *spark_search_hit_get_message_id (SparkSearchHit *self);
SparkRole       spark_search_hit_get_role (SparkSearchHit *self);
/* Plain text (never markup) around the match; each matched word sits
 * between SPARK_STORE_MATCH_START and SPARK_STORE_MATCH_END (see
 * spark-store.h); cut ends are marked with "…". */
const char *spark_search_hit_get_snippet (SparkSearchHit *self);
/* bm25 relevance: lower is better (results come best first). */
double     spark_search_hit_get_rank (SparkSearchHit *self);
GDateTime *spark_search_hit_get_created (SparkSearchHit *self);

G_END_DECLS
