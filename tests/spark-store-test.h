/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for tests of the history store: blocking wrappers (main
 * context iterated, with a deadline) around the store's async calls, and
 * raw read-only SQL to look at what is on disk. */
#pragma once

#include "spark-store.h"

G_BEGIN_DECLS

#define SPARK_STORE_TEST_TIMEOUT_MS 20000

SparkStore        *spark_store_test_open (const char *path,
                                          GError    **error);
gboolean           spark_store_test_flush (SparkStore *store,
                                           GError    **error);
GListModel        *spark_store_test_list (SparkStore *store);
SparkConversation *spark_store_test_load (SparkStore *store,
                                          const char *id,
                                          guint       max_messages,
                                          GError    **error);
GPtrArray         *spark_store_test_page (SparkStore *store,
                                          const char *conversation_id,
                                          const char *before_id,
                                          guint       limit);
char              *spark_store_test_versions (SparkStore *store,
                                              const char *message_id);
GListModel        *spark_store_test_search (SparkStore *store,
                                            const char *query,
                                            guint       limit,
                                            GError    **error);
char              *spark_store_test_load_result (SparkStore *store,
                                                 const char *message_id);
char              *spark_store_test_import (SparkStore *store,
                                            GFile      *file,
                                            GError    **error);

/* First column of the first row of @sql on a read-only connection to
 * @path: text (NULL if no row) or a number (-1 if no row). */
char  *spark_store_test_sql_text (const char *path,
                                  const char *sql);
gint64 spark_store_test_sql_int (const char *path,
                                 const char *sql);

/* Flushes @store and reads @sql (as _sql_text) until it gives @expected,
 * or fails the test after the deadline. */
void spark_store_test_wait_sql (SparkStore *store,
                                const char *path,
                                const char *sql,
                                const char *expected);

G_END_DECLS
