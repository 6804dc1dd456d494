/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's readers: GTask threads on pooled read-only connections. In
 * WAL mode they never wait for the writer, and they see the last commit
 * when they start. A few idle connections are kept, so that a burst of
 * reads (a sidebar refresh, search as one types) doesn't reopen the file
 * each time. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-store-readers.h"

#define MAX_IDLE 4

struct _SparkStoreReaders
{
  char    *path;
  GMutex   lock;
  GQueue   idle; /* SparkStoreDb */
  gboolean closed;
};

typedef struct
{
  SparkStoreReaders *readers;
  SparkStoreReadFunc func;
  SparkStoreReadArgs args;
  GDestroyNotify     result_free;
} Read;

SparkStoreReaders *
spark_store_readers_new (const char *path)
{
  SparkStoreReaders *self = g_new0 (SparkStoreReaders, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->lock);
  g_queue_init (&self->idle);
  return self;
}

void
spark_store_readers_close (SparkStoreReaders *self)
{
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_queue_clear_full (&self->idle, (GDestroyNotify) spark_store_db_close);
  g_mutex_unlock (&self->lock);
}

void
spark_store_readers_free (SparkStoreReaders *self)
{
  if (self == NULL)
    return;
  spark_store_readers_close (self);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}

static SparkStoreDb *
acquire (SparkStoreReaders *self,
         GError           **error)
{
  SparkStoreDb *db;

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _ ("The history is closed."));
      return NULL;
    }
  db = g_queue_pop_head (&self->idle);
  g_mutex_unlock (&self->lock);

  return db ? db : spark_store_db_open (self->path, TRUE, error);
}

static void
release (SparkStoreReaders *self,
         SparkStoreDb      *db)
{
  g_mutex_lock (&self->lock);
  if (!self->closed && self->idle.length < MAX_IDLE)
    g_queue_push_head (&self->idle, g_steal_pointer (&db));
  g_mutex_unlock (&self->lock);
  spark_store_db_close (db);
}

static void
read_free (Read *read)
{
  g_free (read->args.id);
  g_free (read->args.before_id);
  g_free (read);
}

/* Lets a cancelled read (a search the person typed past) stop mid-query. */
static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read         *read = task_data;
  GError       *error = NULL;
  SparkStoreDb *db;
  gpointer      result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((db = acquire (read->readers, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (spark_store_db_get_handle (db), 1000, progress_cb, cancellable);
  result = read->func (db, &read->args, &error);
  sqlite3_progress_handler (spark_store_db_get_handle (db), 0, NULL, NULL);
  release (read->readers, db);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      if (result != NULL)
        read->result_free (result);
      g_task_return_error_if_cancelled (task);
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, read->result_free);
}

void
spark_store_readers_run (SparkStoreReaders  *self,
                         gpointer            source_object,
                         gpointer            source_tag,
                         SparkStoreReadFunc  func,
                         GDestroyNotify      result_free,
                         const char         *id,
                         const char         *before_id,
                         guint               limit,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  Read *read = g_new0 (Read, 1);

  read->readers = self;
  read->func = func;
  read->result_free = result_free;
  read->args.id = g_strdup (id);
  read->args.before_id = g_strdup (before_id);
  read->args.limit = limit;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_thread);
}

gpointer
spark_store_readers_finish (gpointer      source_object,
                            GAsyncResult *result,
                            gpointer      source_tag,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
