/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's read queries, run on a read-only connection in a worker
 * thread; what they build (messages, conversations, list stores) is handed
 * to the main thread whole, before anything else can see it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-conversation-info.h"
#include "spark-error.h"
#include "spark-store-sql.h"

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static SparkMode
mode_from_id (const char *id)
{
  const SparkModeInfo *info = spark_mode_info_from_id (id);

  return info ? info->mode : SPARK_MODE_CHAT;
}

static GDateTime *
column_date (sqlite3_stmt *stmt,
             int           column)
{
  return spark_store_time_to_date (sqlite3_column_int64 (stmt, column));
}

static void
set_read_error (SparkStoreDb *db,
                GError      **error)
{
  spark_store_db_set_error (db, _ ("Can’t read the history"), error);
}

GListStore *
spark_store_query_conversations (SparkStoreDb *db,
                                 GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "SELECT c.id, c.title, c.mode, c.pinned, c.created, c.updated,"
                                               " (SELECT COUNT (*) FROM messages m WHERE m.conversation_id = c.id AND m.position IS NOT NULL)"
                                               " FROM conversations c ORDER BY c.pinned DESC, c.updated DESC, c.rowid DESC",
                                               error);
  g_autoptr (GListStore) list = g_list_store_new (SPARK_TYPE_CONVERSATION_INFO);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GDateTime) created = column_date (stmt, 4);
      g_autoptr (GDateTime) updated = column_date (stmt, 5);
      g_autoptr (SparkConversationInfo) info = NULL;

      info = spark_conversation_info_new (column_text (stmt, 0), column_text (stmt, 1),
                                          mode_from_id (column_text (stmt, 2)),
                                          sqlite3_column_int (stmt, 3), created, updated,
                                          sqlite3_column_int (stmt, 6));
      g_list_store_append (list, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_read_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Column 18: whether a later version replaced the message. */
#define MESSAGE_COLUMNS                                                     \
  "id, parent_id, role, text, reasoning, state, error, error_code, model, " \
  "provider, prompt_tokens, completion_tokens, reasoning_tokens, "          \
  "first_token_ms, tokens_per_second, created, updated, position, "         \
  "EXISTS (SELECT 1 FROM messages later WHERE later.parent_id = messages.id)"

static SparkMessage *
message_from_row (sqlite3_stmt *stmt)
{
  SparkRole         role = SPARK_ROLE_USER;
  SparkMessageState state = SPARK_MESSAGE_COMPLETE;
  SparkMessage     *message;
  g_autoptr (GDateTime) created = column_date (stmt, 15);
  g_autoptr (GDateTime) updated = column_date (stmt, 16);

  /* Names from a future version read as the nearest thing we know. */
  if (!spark_role_from_string (column_text (stmt, 2), &role))
    role = SPARK_ROLE_ASSISTANT;
  if (!spark_message_state_from_string (column_text (stmt, 5), &state))
    state = SPARK_MESSAGE_INTERRUPTED;

  message = g_object_new (SPARK_TYPE_MESSAGE,
                          "id", column_text (stmt, 0),
                          "role", role,
                          "text", column_text (stmt, 3),
                          "parent-id", column_text (stmt, 1),
                          "model", column_text (stmt, 8),
                          "provider", column_text (stmt, 9),
                          NULL);
  spark_message_set_reasoning (message, column_text (stmt, 4));
  spark_message_set_usage (message, sqlite3_column_int64 (stmt, 10), sqlite3_column_int64 (stmt, 11),
                           sqlite3_column_int64 (stmt, 12));
  spark_message_set_timings (message, sqlite3_column_int64 (stmt, 13), sqlite3_column_double (stmt, 14));
  if (state == SPARK_MESSAGE_FAILED)
    {
      int         code = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? SPARK_ERROR_FAILED : sqlite3_column_int (stmt, 7);
      const char *text = column_text (stmt, 6);
      g_autoptr (GError) error = g_error_new_literal (SPARK_ERROR, code, text ? text : _ ("The reply failed."));

      spark_message_fail (message, error);
    }
  else
    spark_message_set_state (message, state);
  spark_message_set_times (message, created, updated);
  spark_message_set_has_later_versions (message, sqlite3_column_int (stmt, 18));
  spark_store_mark_stored (message);
  return message;
}

/* Adds to @messages the images a prepared @stmt selects (message_id,
 * mime_type, data, original, original_mime_type, ordered by message and
 * position), then resets it. */
static gboolean
fill_images (SparkStoreDb *db,
             sqlite3_stmt *stmt,
             GPtrArray    *messages,
             GError      **error)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  for (guint i = 0; i < messages->len; i++)
    {
      SparkMessage *message = g_ptr_array_index (messages, i);
      g_hash_table_insert (by_id, (gpointer) spark_message_get_id (message), message);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SparkMessage *message = g_hash_table_lookup (by_id, column_text (stmt, 0));
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (SparkImage) image = NULL;

      if (message == NULL)
        continue;
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      image = spark_image_new (column_text (stmt, 1), bytes);
      if (sqlite3_column_type (stmt, 3) == SQLITE_BLOB)
        {
          image->original = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
          image->original_mime_type = g_strdup (column_text (stmt, 4));
        }
      spark_message_append_image (message, image);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_read_error (db, error);
      return FALSE;
    }
  return TRUE;
}

#define IMAGE_COLUMNS "a.message_id, a.mime_type, a.data, a.original, a.original_mime_type"

/* Adds the stored images of @messages (positions @first..@last). */
static gboolean
add_images (SparkStoreDb *db,
            const char   *conversation_id,
            gint64        first,
            gint64        last,
            GPtrArray    *messages,
            GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "SELECT " IMAGE_COLUMNS " FROM attachments a"
                                               " JOIN messages m ON m.id = a.message_id"
                                               " WHERE m.conversation_id = ?1 AND m.position BETWEEN ?2 AND ?3"
                                               " ORDER BY a.message_id, a.position",
                                               error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, first);
  sqlite3_bind_int64 (stmt, 3, last);
  return fill_images (db, stmt, messages, error);
}

GPtrArray *
spark_store_query_messages (SparkStoreDb *db,
                            const char   *conversation_id,
                            const char   *before_id,
                            guint         limit,
                            GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "SELECT " MESSAGE_COLUMNS " FROM messages"
                                               " WHERE conversation_id = ?1 AND position IS NOT NULL"
                                               " AND (?2 IS NULL OR position < (SELECT position FROM messages WHERE id = ?2))"
                                               " ORDER BY position DESC LIMIT ?3",
                                               error);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 first = 0, last = 0;
  int    rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_STATIC);
  if (before_id != NULL)
    sqlite3_bind_text (stmt, 2, before_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (messages->len == 0)
        last = sqlite3_column_int64 (stmt, 17);
      first = sqlite3_column_int64 (stmt, 17);
      g_ptr_array_add (messages, message_from_row (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_read_error (db, error);
      return NULL;
    }

  /* Read newest first (so LIMIT takes the latest page), shown oldest first. */
  for (guint i = 0; i < messages->len / 2; i++)
    {
      gpointer tmp = messages->pdata[i];
      messages->pdata[i] = messages->pdata[messages->len - 1 - i];
      messages->pdata[messages->len - 1 - i] = tmp;
    }
  if (messages->len > 0 && !add_images (db, conversation_id, first, last, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

GPtrArray *
spark_store_query_versions (SparkStoreDb *db,
                            const char   *message_id,
                            GError      **error)
{
  /* Up the parent chain to the first version, then down to every later
   * one (a version may have been replaced more than once). Bounded, in
   * case a broken file holds a cycle. */
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "WITH RECURSIVE"
                                               " up (id, parent_id, depth) AS ("
                                               "  SELECT id, parent_id, 0 FROM messages WHERE id = ?1"
                                               "  UNION ALL SELECT m.id, m.parent_id, up.depth + 1"
                                               "  FROM messages m JOIN up ON m.id = up.parent_id WHERE up.depth < 100),"
                                               " down (id, depth) AS ("
                                               "  SELECT id, 0 FROM (SELECT id FROM up ORDER BY depth DESC LIMIT 1)"
                                               "  UNION SELECT m.id, down.depth + 1"
                                               "  FROM messages m JOIN down ON m.parent_id = down.id WHERE down.depth < 100)"
                                               " SELECT " MESSAGE_COLUMNS ", position IS NULL AND branch_root = id"
                                               " FROM messages WHERE id IN (SELECT id FROM down) AND id != ?1"
                                               " ORDER BY created DESC, seq DESC",
                                               error);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, message_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SparkMessage *message = message_from_row (stmt);

      if (sqlite3_column_int (stmt, 19))
        g_object_set_data (G_OBJECT (message), "spark-store-branch", GINT_TO_POINTER (1));
      g_ptr_array_add (messages, message);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_read_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&messages);
}

GPtrArray *
spark_store_query_branch (SparkStoreDb *db,
                          const char   *root_id,
                          GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "SELECT " MESSAGE_COLUMNS " FROM messages"
                                               " WHERE branch_root = ?1 AND position IS NULL"
                                               " ORDER BY branch_position, seq",
                                               error);
  sqlite3_stmt *images;
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, root_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_read_error (db, error);
      return NULL;
    }
  images = spark_store_db_prepare (db,
                                   "SELECT " IMAGE_COLUMNS " FROM attachments a JOIN messages m ON m.id = a.message_id"
                                   " WHERE m.branch_root = ?1 AND m.position IS NULL ORDER BY a.message_id, a.position",
                                   error);
  if (images == NULL)
    return NULL;
  sqlite3_bind_text (images, 1, root_id, -1, SQLITE_STATIC);
  if (!fill_images (db, images, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

SparkConversation *
spark_store_query_conversation (SparkStoreDb *db,
                                const char   *id,
                                guint         max_messages,
                                GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db,
                                               "SELECT title, mode, pinned, created, updated FROM conversations WHERE id = ?1",
                                               error);
  g_autoptr (SparkConversation) conversation = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) updated = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND,
                     _ ("There is no conversation “%s” in the history."), id);
      else
        set_read_error (db, error);
      return NULL;
    }

  conversation = g_object_new (SPARK_TYPE_CONVERSATION,
                               "id", id,
                               "title", column_text (stmt, 0),
                               "mode", mode_from_id (column_text (stmt, 1)),
                               "pinned", sqlite3_column_int (stmt, 2) != 0,
                               NULL);
  created = column_date (stmt, 3);
  updated = column_date (stmt, 4);
  sqlite3_reset (stmt);

  if ((messages = spark_store_query_messages (db, id, NULL, max_messages, error)) == NULL)
    return NULL;
  spark_conversation_prepend (conversation, messages);
  spark_conversation_set_times (conversation, created, updated);
  spark_store_mark_stored (conversation);
  return g_steal_pointer (&conversation);
}

char *
spark_store_query_result (SparkStoreDb *db,
                          const char   *message_id,
                          GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db, "SELECT json FROM results WHERE message_id = ?1", error);
  char         *json = NULL;
  int           rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, message_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_read_error (db, error);
  return json;
}
