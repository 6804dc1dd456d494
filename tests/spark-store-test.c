/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for tests of the history store (see spark-store-test.h). */
#include "config.h"

#include <sqlite3.h>

#include "spark-store-test.h"
#include "spark-test-util.h"

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (spark_test_wait_until (has_result, slot, SPARK_STORE_TEST_TIMEOUT_MS));
  return *slot;
}

SparkStore *
spark_store_test_open (const char *path,
                       GError    **error)
{
  GAsyncResult *result = NULL;
  SparkStore   *store;

  spark_store_open_async (path, NULL, got_result_cb, &result);
  store = spark_store_open_finish (wait_result (&result), error);
  g_object_unref (result);
  return store;
}

gboolean
spark_store_test_flush (SparkStore *store,
                        GError    **error)
{
  GAsyncResult *result = NULL;
  gboolean      ok;

  spark_store_flush_async (store, NULL, got_result_cb, &result);
  ok = spark_store_flush_finish (store, wait_result (&result), error);
  g_object_unref (result);
  return ok;
}

GListModel *
spark_store_test_list (SparkStore *store)
{
  GAsyncResult *result = NULL;
  GListModel   *list;
  g_autoptr (GError) error = NULL;

  spark_store_list_conversations_async (store, NULL, got_result_cb, &result);
  list = spark_store_list_conversations_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return list;
}

SparkConversation *
spark_store_test_load (SparkStore *store,
                       const char *id,
                       guint       max_messages,
                       GError    **error)
{
  GAsyncResult      *result = NULL;
  SparkConversation *conversation;

  spark_store_load_conversation_async (store, id, max_messages, NULL, got_result_cb, &result);
  conversation = spark_store_load_conversation_finish (store, wait_result (&result), error);
  g_object_unref (result);
  return conversation;
}

GPtrArray *
spark_store_test_page (SparkStore *store,
                       const char *conversation_id,
                       const char *before_id,
                       guint       limit)
{
  GAsyncResult *result = NULL;
  GPtrArray    *page;
  g_autoptr (GError) error = NULL;

  spark_store_load_messages_async (store, conversation_id, before_id, limit, NULL, got_result_cb, &result);
  page = spark_store_load_messages_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return page;
}

/* "text|text|…" of the earlier versions of @message_id, newest first. */
char *
spark_store_test_versions (SparkStore *store,
                           const char *message_id)
{
  GAsyncResult *result = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (GError) error = NULL;
  GString *out = g_string_new (NULL);

  spark_store_load_versions_async (store, message_id, NULL, got_result_cb, &result);
  versions = spark_store_load_versions_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  for (guint i = 0; i < versions->len; i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", spark_message_get_text (g_ptr_array_index (versions, i)));
  return g_string_free (out, FALSE);
}

GListModel *
spark_store_test_search (SparkStore *store,
                         const char *query,
                         guint       limit,
                         GError    **error)
{
  GAsyncResult *result = NULL;
  GListModel   *hits;

  spark_store_search_async (store, query, limit, NULL, got_result_cb, &result);
  hits = spark_store_search_finish (store, wait_result (&result), error);
  g_object_unref (result);
  return hits;
}

char *
spark_store_test_load_result (SparkStore *store,
                              const char *message_id)
{
  GAsyncResult *result = NULL;
  char         *json;
  g_autoptr (GError) error = NULL;

  spark_store_load_result_async (store, message_id, NULL, got_result_cb, &result);
  json = spark_store_load_result_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return json;
}

char *
spark_store_test_import (SparkStore *store,
                         GFile      *file,
                         GError    **error)
{
  GAsyncResult *result = NULL;
  char         *id;

  spark_store_import_json_async (store, file, NULL, got_result_cb, &result);
  id = spark_store_import_json_finish (store, wait_result (&result), error);
  g_object_unref (result);
  return id;
}

static sqlite3_stmt *
query (const char *path,
       const char *sql,
       sqlite3   **db)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (*db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (*db));
  return stmt;
}

char *
spark_store_test_sql_text (const char *path,
                           const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = query (path, sql, &db);
  char         *text = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

gint64
spark_store_test_sql_int (const char *path,
                          const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = query (path, sql, &db);
  gint64        value = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

typedef struct
{
  SparkStore *store;
  const char *path;
  const char *sql;
  const char *expected;
  char       *last;
} SqlWait;

static gboolean
sql_matches (gpointer data)
{
  SqlWait *wait = data;

  g_assert_true (spark_store_test_flush (wait->store, NULL));
  g_free (wait->last);
  wait->last = spark_store_test_sql_text (wait->path, wait->sql);
  return g_strcmp0 (wait->last, wait->expected) == 0;
}

void
spark_store_test_wait_sql (SparkStore *store,
                           const char *path,
                           const char *sql,
                           const char *expected)
{
  SqlWait wait = { store, path, sql, expected, NULL };

  if (!spark_test_wait_until (sql_matches, &wait, SPARK_STORE_TEST_TIMEOUT_MS))
    g_error ("%s gave “%s”, not “%s”", sql, wait.last, expected);
  g_free (wait.last);
}
