/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Snapshots of conversations and messages, and the write operations the
 * store's writer thread runs on them (see spark-store-sql.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-store-sql.h"

static GQuark
stored_quark (void)
{
  return g_quark_from_static_string ("spark-store-stored");
}

void
spark_store_mark_stored (gpointer object)
{
  g_object_set_qdata (G_OBJECT (object), stored_quark (), GINT_TO_POINTER (TRUE));
}

gboolean
spark_store_is_stored (gpointer object)
{
  return g_object_get_qdata (G_OBJECT (object), stored_quark ()) != NULL;
}

SparkStoreConversationRow *
spark_store_conversation_row_new (SparkConversation *conversation)
{
  SparkStoreConversationRow *row = g_new0 (SparkStoreConversationRow, 1);

  row->id = g_strdup (spark_conversation_get_id (conversation));
  row->title = g_strdup (spark_conversation_get_title (conversation));
  row->mode = spark_conversation_get_mode (conversation);
  row->pinned = spark_conversation_get_pinned (conversation);
  row->created = spark_store_time_from_date (spark_conversation_get_created (conversation));
  row->updated = spark_store_time_from_date (spark_conversation_get_updated (conversation));
  return row;
}

void
spark_store_conversation_row_free (SparkStoreConversationRow *row)
{
  g_free (row->id);
  g_free (row->title);
  g_free (row);
}

SparkStoreMessageRow *
spark_store_message_row_new (const char   *conversation_id,
                             SparkMessage *message)
{
  SparkStoreMessageRow *row = g_new0 (SparkStoreMessageRow, 1);
  const GError         *error = spark_message_get_error (message);
  GPtrArray            *images = spark_message_get_images (message);

  row->id = g_strdup (spark_message_get_id (message));
  row->conversation_id = g_strdup (conversation_id);
  row->parent_id = g_strdup (spark_message_get_parent_id (message));
  row->role = spark_message_get_role (message);
  row->text = g_strdup (spark_message_get_text (message));
  row->reasoning = g_strdup (spark_message_get_reasoning (message));
  row->state = spark_message_get_state (message);
  row->error = error ? g_strdup (error->message) : NULL;
  row->error_code = error == NULL ? -1 : error->domain == SPARK_ERROR ? error->code
                                                                      : SPARK_ERROR_FAILED;
  row->model = g_strdup (spark_message_get_model (message));
  row->provider = g_strdup (spark_message_get_provider (message));
  spark_message_get_usage (message, &row->prompt_tokens, &row->completion_tokens, &row->reasoning_tokens);
  spark_message_get_timings (message, &row->first_token_ms, &row->tokens_per_second);
  row->created = spark_store_time_from_date (spark_message_get_created (message));
  row->updated = spark_store_time_from_date (spark_message_get_updated (message));
  row->images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
  for (guint i = 0; i < images->len; i++)
    {
      g_ptr_array_add (row->images, spark_image_copy (g_ptr_array_index (images, i)));
    }
  return row;
}

void
spark_store_message_row_free (SparkStoreMessageRow *row)
{
  g_free (row->id);
  g_free (row->conversation_id);
  g_free (row->parent_id);
  g_free (row->text);
  g_free (row->reasoning);
  g_free (row->error);
  g_free (row->model);
  g_free (row->provider);
  g_ptr_array_unref (row->images);
  g_free (row);
}

SparkStoreArgs *
spark_store_args_new (const char *id,
                      const char *text,
                      gint64      number,
                      GBytes     *bytes)
{
  SparkStoreArgs *args = g_new0 (SparkStoreArgs, 1);

  args->id = g_strdup (id);
  args->text = g_strdup (text);
  args->number = number;
  args->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  return args;
}

void
spark_store_args_free (SparkStoreArgs *args)
{
  g_free (args->id);
  g_free (args->text);
  g_free (args->expected);
  g_clear_pointer (&args->bytes, g_bytes_unref);
  g_free (args);
}

void
spark_store_import_free (SparkStoreImport *import)
{
  spark_store_conversation_row_free (import->conversation);
  g_ptr_array_unref (import->messages);
  g_free (import);
}

/* Steps a statement whose bindings are done; FALSE with @error on failure. */
static gboolean
step_done (SparkStoreDb *db,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      spark_store_db_set_error (db, _ ("Can’t save to the history"), error);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static const char save_conversation_sql[] =
  "INSERT INTO conversations (id, title, mode, pinned, created, updated)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (id) DO UPDATE SET title = excluded.title, mode = excluded.mode,"
  " pinned = excluded.pinned, updated = MAX (updated, excluded.updated)";

gboolean
spark_store_op_save_conversation (SparkStoreDb *db,
                                  gpointer      data,
                                  GError      **error)
{
  SparkStoreConversationRow *row = data;
  sqlite3_stmt              *stmt = spark_store_db_prepare (db, save_conversation_sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, row->id);
  bind_text (stmt, 2, row->title);
  bind_text (stmt, 3, spark_mode_get_info (row->mode)->id);
  sqlite3_bind_int (stmt, 4, row->pinned);
  sqlite3_bind_int64 (stmt, 5, row->created);
  sqlite3_bind_int64 (stmt, 6, row->updated);
  return step_done (db, stmt, error);
}

/* A new message goes after the last one in its conversation; an existing
 * one keeps its place (and stays out of the thread if it was taken out).
 * A parent that isn't stored is dropped rather than failing the write. */
static const char save_message_sql[] =
  "INSERT INTO messages (id, conversation_id, parent_id, position, role, text, reasoning,"
  "  state, error, error_code, model, provider, prompt_tokens, completion_tokens,"
  "  reasoning_tokens, first_token_ms, tokens_per_second, created, updated)"
  " VALUES (?1, ?2, (SELECT id FROM messages WHERE id = ?3),"
  "  (SELECT COALESCE (MAX (position), 0) + 1 FROM messages WHERE conversation_id = ?2),"
  "  ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
  " ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, text = excluded.text,"
  "  reasoning = excluded.reasoning, state = excluded.state, error = excluded.error,"
  "  error_code = excluded.error_code, model = excluded.model, provider = excluded.provider,"
  "  prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,"
  "  reasoning_tokens = excluded.reasoning_tokens, first_token_ms = excluded.first_token_ms,"
  "  tokens_per_second = excluded.tokens_per_second, updated = excluded.updated"
  " WHERE messages.conversation_id = excluded.conversation_id";

static const char bump_conversation_sql[] =
  "UPDATE conversations SET updated = MAX (updated, ?2) WHERE id = ?1";

static const char add_attachment_sql[] =
  "INSERT OR IGNORE INTO attachments (message_id, position, mime_type, data, original, original_mime_type)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static gboolean
save_message (SparkStoreDb         *db,
              SparkStoreMessageRow *row,
              GError              **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db, save_message_sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, row->id);
  bind_text (stmt, 2, row->conversation_id);
  bind_text (stmt, 3, row->parent_id);
  bind_text (stmt, 4, spark_role_to_string (row->role));
  bind_text (stmt, 5, row->text);
  bind_text (stmt, 6, row->reasoning);
  bind_text (stmt, 7, spark_message_state_to_string (row->state));
  bind_text (stmt, 8, row->error);
  if (row->error_code >= 0)
    sqlite3_bind_int (stmt, 9, row->error_code);
  bind_text (stmt, 10, row->model);
  bind_text (stmt, 11, row->provider);
  sqlite3_bind_int64 (stmt, 12, row->prompt_tokens);
  sqlite3_bind_int64 (stmt, 13, row->completion_tokens);
  sqlite3_bind_int64 (stmt, 14, row->reasoning_tokens);
  sqlite3_bind_int64 (stmt, 15, row->first_token_ms);
  sqlite3_bind_double (stmt, 16, row->tokens_per_second);
  sqlite3_bind_int64 (stmt, 17, row->created);
  sqlite3_bind_int64 (stmt, 18, row->updated);
  if (!step_done (db, stmt, error))
    return FALSE;

  for (guint i = 0; i < row->images->len; i++)
    {
      SparkImage *image = g_ptr_array_index (row->images, i);
      gsize       size;
      const void *bytes = g_bytes_get_data (image->data, &size);

      if ((stmt = spark_store_db_prepare (db, add_attachment_sql, error)) == NULL)
        return FALSE;
      bind_text (stmt, 1, row->id);
      sqlite3_bind_int (stmt, 2, i);
      bind_text (stmt, 3, image->mime_type);
      sqlite3_bind_blob64 (stmt, 4, size ? bytes : "", size, SQLITE_STATIC);
      if (image->original != NULL)
        {
          gsize       original_size;
          const void *original = g_bytes_get_data (image->original, &original_size);

          sqlite3_bind_blob64 (stmt, 5, original_size ? original : "", original_size, SQLITE_STATIC);
          bind_text (stmt, 6, image->original_mime_type ? image->original_mime_type : image->mime_type);
        }
      else
        {
          sqlite3_bind_null (stmt, 5);
          sqlite3_bind_null (stmt, 6);
        }
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
bump_conversation (SparkStoreDb *db,
                   const char   *id,
                   gint64        updated,
                   GError      **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db, bump_conversation_sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, updated);
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_save_message (SparkStoreDb *db,
                             gpointer      data,
                             GError      **error)
{
  SparkStoreMessageRow *row = data;

  return save_message (db, row, error) && bump_conversation (db, row->conversation_id, row->updated, error);
}

/* Runs one statement binding ?1 = args->id and, if it has one, ?2 =
 * args->text or args->number. */
static gboolean
run_args (SparkStoreDb   *db,
          const char     *sql,
          SparkStoreArgs *args,
          gboolean        text,
          GError        **error)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, args->id);
  if (sqlite3_bind_parameter_count (stmt) >= 2 && text)
    bind_text (stmt, 2, args->text);
  else if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, args->number);
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_detach_message (SparkStoreDb *db,
                               gpointer      args,
                               GError      **error)
{
  /* args->text: the first message of the tail it leaves with (itself if
   * NULL), its branch's root. */
  return run_args (db,
                   "UPDATE messages SET branch_root = COALESCE (?2, id), branch_position = position, position = NULL"
                   " WHERE id = ?1 AND position IS NOT NULL",
                   args, TRUE, error);
}

/* Shifts the thread from @before on down by one and puts the message in
 * the gap; without @before (or when it is not in the thread) the message
 * goes at the end. Positions only need to keep order, so gaps are fine. */
gboolean
spark_store_op_place_message (SparkStoreDb *db,
                              gpointer      data,
                              GError      **error)
{
  SparkStoreArgs *args = data;
  sqlite3_stmt   *stmt;

  if (args->text != NULL)
    {
      stmt = spark_store_db_prepare (db,
                                     "UPDATE messages SET position = position + 1"
                                     " WHERE conversation_id = (SELECT conversation_id FROM messages WHERE id = ?1)"
                                     " AND position >= (SELECT position FROM messages WHERE id = ?2)",
                                     error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, args->id);
      bind_text (stmt, 2, args->text);
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  stmt = spark_store_db_prepare (db,
                                 "UPDATE messages SET branch_root = NULL, branch_position = NULL, position = COALESCE ("
                                 "  (SELECT position - 1 FROM messages WHERE id = ?2 AND position IS NOT NULL),"
                                 "  (SELECT COALESCE (MAX (position), 0) + 1 FROM messages m"
                                 "    WHERE m.conversation_id = messages.conversation_id))"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, args->id);
  bind_text (stmt, 2, args->text);
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_delete_message (SparkStoreDb *db,
                               gpointer      args,
                               GError      **error)
{
  return run_args (db, "DELETE FROM messages WHERE id = ?1", args, TRUE, error);
}

gboolean
spark_store_op_rename_conversation (SparkStoreDb *db,
                                    gpointer      args,
                                    GError      **error)
{
  return run_args (db, "UPDATE conversations SET title = ?2 WHERE id = ?1", args, TRUE, error);
}

gboolean
spark_store_op_rename_conversation_if (SparkStoreDb *db,
                                       gpointer      data,
                                       GError      **error)
{
  SparkStoreArgs *args = data;
  sqlite3_stmt   *stmt = spark_store_db_prepare (db, "UPDATE conversations SET title = ?2 WHERE id = ?1 AND title IS ?3",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, args->id);
  bind_text (stmt, 2, args->text);
  bind_text (stmt, 3, args->expected);
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_pin_conversation (SparkStoreDb *db,
                                 gpointer      args,
                                 GError      **error)
{
  return run_args (db, "UPDATE conversations SET pinned = ?2 WHERE id = ?1", args, FALSE, error);
}

gboolean
spark_store_op_delete_conversation (SparkStoreDb *db,
                                    gpointer      args,
                                    GError      **error)
{
  return run_args (db, "DELETE FROM conversations WHERE id = ?1", args, TRUE, error);
}

gboolean
spark_store_op_save_result (SparkStoreDb *db,
                            gpointer      data,
                            GError      **error)
{
  SparkStoreArgs *args = data;
  sqlite3_stmt   *stmt = spark_store_db_prepare (db,
                                                 "INSERT INTO results (message_id, json, updated) VALUES (?1, ?2, ?3)"
                                                   " ON CONFLICT (message_id) DO UPDATE SET json = excluded.json, updated = excluded.updated",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, args->id);
  bind_text (stmt, 2, args->text);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_set_thumbnail (SparkStoreDb *db,
                              gpointer      data,
                              GError      **error)
{
  SparkStoreArgs *args = data;
  gsize           size = 0;
  const void     *bytes = args->bytes ? g_bytes_get_data (args->bytes, &size) : NULL;
  sqlite3_stmt   *stmt = spark_store_db_prepare (db,
                                                 "UPDATE attachments SET thumbnail = ?3, thumbnail_mime_type = ?4"
                                                   " WHERE message_id = ?1 AND position = ?2",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, args->id);
  sqlite3_bind_int64 (stmt, 2, args->number);
  if (bytes != NULL)
    sqlite3_bind_blob64 (stmt, 3, size ? bytes : "", size, SQLITE_STATIC);
  bind_text (stmt, 4, bytes ? args->text : NULL);
  return step_done (db, stmt, error);
}

gboolean
spark_store_op_import (SparkStoreDb *db,
                       gpointer      data,
                       GError      **error)
{
  SparkStoreImport *import = data;

  if (!spark_store_op_save_conversation (db, import->conversation, error))
    return FALSE;
  for (guint i = 0; i < import->messages->len; i++)
    if (!save_message (db, g_ptr_array_index (import->messages, i), error))
      return FALSE;
  return TRUE;
}
