/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's writer thread: a queue of operations, drained in batches.
 * Batching is what keeps many small writes (a streaming reply flushed
 * four times a second, a hundred thousand messages imported) cheap: one
 * commit, one WAL sync point, for everything that piled up meanwhile. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-store-schema.h"
#include "spark-store-writer.h"

/* Bounds a batch so that a long queue still commits now and then. */
#define MAX_BATCH 512

typedef enum
{
  OP_WRITE,
  OP_FLUSH,
  OP_QUIT,
} OpKind;

typedef struct
{
  OpKind           kind;
  SparkStoreOpFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
  GTask           *task;
  GError          *error;
  gboolean         changes_list;
} Op;

struct _SparkStoreWriter
{
  SparkStoreDb             *db;
  GAsyncQueue              *queue;
  GThread                  *thread;
  SparkStoreWriterErrorFunc error_func;
  SparkStoreWriterListFunc  list_func;
  gpointer                  user_data;
  GDestroyNotify            user_data_free;
  GError                   *since_flush;  /* first error since the last flush; writer thread only */
  gboolean                  closed;       /* main thread only */
  gboolean                  free_on_exit; /* writer thread only */
};

static void
op_free (Op *op)
{
  if (op->data_free != NULL && op->data != NULL)
    op->data_free (op->data);
  g_clear_object (&op->task);
  g_clear_error (&op->error);
  g_free (op);
}

static void
report (SparkStoreWriter *self,
        const GError     *error)
{
  if (self->since_flush == NULL)
    self->since_flush = g_error_copy (error);
  if (self->error_func != NULL)
    self->error_func (error, self->user_data);
}

/* Runs a cached statement that returns no rows. */
static gboolean
step (SparkStoreWriter *self,
      const char       *sql)
{
  sqlite3_stmt *stmt = spark_store_db_prepare (self->db, sql, NULL);
  int           rc = stmt ? sqlite3_step (stmt) : SQLITE_ERROR;

  if (stmt != NULL)
    sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static void
run_op (SparkStoreWriter *self,
        Op               *op)
{
  if (op->kind != OP_WRITE)
    return;

  if (!step (self, "SAVEPOINT op"))
    {
      spark_store_db_set_error (self->db, _ ("Can’t save to the history"), &op->error);
      return;
    }
  if (op->func (self->db, op->data, &op->error))
    {
      step (self, "RELEASE op");
      return;
    }
  if (op->error == NULL)
    g_set_error_literal (&op->error, SPARK_ERROR, SPARK_ERROR_FAILED, _ ("Can’t save to the history."));
  step (self, "ROLLBACK TO op");
  step (self, "RELEASE op");
}

/* After the commit (or its failure) the operations report back. */
static void
complete_op (SparkStoreWriter *self,
             Op               *op,
             const GError     *commit_error)
{
  const GError *error = op->error ? op->error : commit_error;

  if (op->kind == OP_WRITE && error != NULL)
    report (self, error);

  if (op->task != NULL)
    {
      if (op->kind == OP_FLUSH && self->since_flush != NULL)
        g_task_return_error (op->task, g_steal_pointer (&self->since_flush));
      else if (op->kind == OP_FLUSH)
        g_task_return_boolean (op->task, TRUE);
      else if (error != NULL)
        g_task_return_error (op->task, g_error_copy (error));
      else
        g_task_return_boolean (op->task, TRUE);
    }
  op_free (op);
}

static void
writer_free (SparkStoreWriter *self)
{
  g_async_queue_unref (self->queue);
  spark_store_db_close (self->db);
  g_clear_error (&self->since_flush);
  if (self->user_data_free != NULL)
    self->user_data_free (self->user_data);
  g_free (self);
}

static gpointer
writer_thread (gpointer user_data)
{
  SparkStoreWriter *self = user_data;
  g_autoptr (GPtrArray) batch = g_ptr_array_new ();
  gboolean quit = FALSE;
  gboolean changed;

  while (!quit)
    {
      g_autoptr (GError) commit_error = NULL;
      Op *op = g_async_queue_pop (self->queue);

      g_ptr_array_add (batch, op);
      while (batch->len < MAX_BATCH && op->kind != OP_QUIT && (op = g_async_queue_try_pop (self->queue)) != NULL)
        g_ptr_array_add (batch, op);
      quit = ((Op *) g_ptr_array_index (batch, batch->len - 1))->kind == OP_QUIT;

      if (!spark_store_db_exec (self->db, "BEGIN IMMEDIATE", &commit_error))
        {
          for (guint i = 0; i < batch->len; i++)
            complete_op (self, g_ptr_array_index (batch, i), commit_error);
          g_ptr_array_set_size (batch, 0);
          continue;
        }

      changed = FALSE;
      for (guint i = 0; i < batch->len; i++)
        {
          Op *done = g_ptr_array_index (batch, i);

          run_op (self, done);
          changed |= done->changes_list && done->error == NULL;
        }

      if (!spark_store_db_exec (self->db, "COMMIT", &commit_error))
        sqlite3_exec (spark_store_db_get_handle (self->db), "ROLLBACK", NULL, NULL, NULL);
      else if (changed && self->list_func != NULL)
        self->list_func (self->user_data);

      for (guint i = 0; i < batch->len; i++)
        complete_op (self, g_ptr_array_index (batch, i), commit_error);
      g_ptr_array_set_size (batch, 0);
    }

  if (self->free_on_exit)
    {
      g_thread_unref (self->thread);
      writer_free (self);
    }
  return NULL;
}

SparkStoreWriter *
spark_store_writer_new (SparkStoreDb             *db,
                        SparkStoreWriterErrorFunc error_func,
                        SparkStoreWriterListFunc  list_func,
                        gpointer                  user_data,
                        GDestroyNotify            user_data_free)
{
  SparkStoreWriter *self = g_new0 (SparkStoreWriter, 1);

  self->db = db;
  self->queue = g_async_queue_new ();
  self->error_func = error_func;
  self->list_func = list_func;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  self->thread = g_thread_new ("spark-writer", writer_thread, self);
  return self;
}

static void
push (SparkStoreWriter *self,
      Op               *op)
{
  if (self->closed)
    {
      if (op->task != NULL)
        g_task_return_new_error (op->task, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s", _ ("The history is closed."));
      op_free (op);
      return;
    }
  g_async_queue_push (self->queue, op);
}

void
spark_store_writer_push (SparkStoreWriter *self,
                         SparkStoreOpFunc  func,
                         gpointer          data,
                         GDestroyNotify    data_free,
                         gboolean          changes_list,
                         GTask            *task)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_WRITE;
  op->changes_list = changes_list;
  op->func = func;
  op->data = data;
  op->data_free = data_free;
  op->task = task ? g_object_ref (task) : NULL;
  push (self, op);
}

void
spark_store_writer_flush (SparkStoreWriter *self,
                          GTask            *task)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_FLUSH;
  op->task = g_object_ref (task);
  push (self, op);
}

void
spark_store_writer_close (SparkStoreWriter *self)
{
  Op *op;

  if (self == NULL)
    return;
  op = g_new0 (Op, 1);
  op->kind = OP_QUIT;
  push (self, op);
  self->closed = TRUE;

  /* Closed from an operation's completion on the writer thread itself
   * (the store's last reference was a finished task): it can't wait for
   * itself, so it finishes the queue and cleans up on its way out. */
  if (g_thread_self () == self->thread)
    {
      self->free_on_exit = TRUE;
      return;
    }
  g_thread_join (self->thread);
  writer_free (self);
}
