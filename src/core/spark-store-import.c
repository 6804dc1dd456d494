/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a JSON export into the store: the file is read and checked in
 * a worker thread (spark-export.c), then written by the writer thread as
 * one operation, so a conversation is imported whole or not at all. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-export.h"
#include "spark-store-private.h"
#include "spark-store-sql.h"

/* An export bigger than this is not something Spark wrote. */
#define MAX_IMPORT_SIZE (512 * 1024 * 1024)

/* Rows for @conversation under fresh ids, parents mapped to the new ids. */
static SparkStoreImport *
import_rows (SparkConversation *conversation)
{
  SparkStoreImport *import = g_new0 (SparkStoreImport, 1);
  g_autoptr (GHashTable) new_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (conversation));

  import->conversation = spark_store_conversation_row_new (conversation);
  g_free (import->conversation->id);
  import->conversation->id = g_uuid_string_random ();
  import->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_store_message_row_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      SparkStoreMessageRow *row = spark_store_message_row_new (import->conversation->id, message);
      char                 *parent = row->parent_id ? g_hash_table_lookup (new_ids, row->parent_id) : NULL;

      g_hash_table_insert (new_ids, g_strdup (row->id), g_uuid_string_random ());
      g_free (row->id);
      row->id = g_strdup (g_hash_table_lookup (new_ids, spark_message_get_id (message)));
      g_free (row->parent_id);
      row->parent_id = g_strdup (parent);
      g_ptr_array_add (import->messages, row);
    }
  return import;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile           *file = task_data;
  g_autofree char *data = NULL;
  gsize            length;
  GError          *error = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (SparkConversation) conversation = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL && g_file_info_get_size (info) > MAX_IMPORT_SIZE)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, "%s",
                               _ ("This file is too large to be a Spark conversation."));
      return;
    }
  g_clear_error (&error);
  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("Can’t read %s: %s"), name, error->message);
      g_clear_error (&error);
      return;
    }
  if ((conversation = spark_export_from_json (data, length, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, import_rows (conversation), (GDestroyNotify) spark_store_import_free);
}

static void
import_parsed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SparkStoreWriter *writer = spark_store_get_writer (SPARK_STORE (source));
  GError           *error = NULL;
  SparkStoreImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  if (import == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (writer == NULL)
    {
      spark_store_import_free (import);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s", _ ("The history is closed."));
      return;
    }
  g_task_set_task_data (task, g_strdup (import->conversation->id), g_free);
  spark_store_writer_push (writer, spark_store_op_import, import,
                           (GDestroyNotify) spark_store_import_free, TRUE, task);
}

void
spark_store_import_json_async (SparkStore         *self,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;
  g_autoptr (GTask) parse = NULL;

  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_store_import_json_async);
  parse = g_task_new (self, cancellable, import_parsed_cb, task);
  g_task_set_task_data (parse, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (parse, import_thread);
}

char *
spark_store_import_json_finish (SparkStore   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_strdup (g_task_get_task_data (G_TASK (result)));
}
