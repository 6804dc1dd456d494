/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkStore: the public face of the history database. Writes become
 * operations for the writer thread (spark-store-writer.c) on snapshots
 * taken here; reads run in GTask worker threads on pooled read-only
 * connections (spark-store-queries.c).
 *
 * Signals (on the context that opened the store):
 *   ::write-failed (GError) — a queued write could not be done;
 *   ::conversations-changed — a conversation was added, renamed, pinned,
 *     deleted or imported, or got a finished message (so its place in the
 *     list changed); not for the flushes of a streaming reply.
 *
 * Recovery needs to know that no other process is streaming into the same
 * file (spark-cli next to the app): every open store holds a shared flock
 * on "<db>.lock"; only an open that gets it exclusively turns leftover
 * `streaming` messages into `interrupted`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "spark-error.h"
#include "spark-store-private.h"
#include "spark-store-readers.h"
#include "spark-store-sql.h"
#include "spark-store-writer.h"
#include "spark-store.h"

/* What the writer thread needs to reach the store's main context
 * without keeping the store alive. */
typedef struct
{
  GWeakRef      store;
  GMainContext *context;
  int           list_pending;
} Shared;

struct _SparkStore
{
  GObject parent_instance;

  char              *path;
  Shared            *shared;
  SparkStoreWriter  *writer;
  SparkStoreReaders *readers;
  int                lock_fd;
  guint              n_recovered;
};

G_DEFINE_FINAL_TYPE (SparkStore, spark_store, G_TYPE_OBJECT)

enum
{
  WRITE_FAILED,
  CONVERSATIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
shared_clear (Shared *shared)
{
  g_weak_ref_clear (&shared->store);
  g_main_context_unref (shared->context);
}

static void
shared_unref (gpointer shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

typedef struct
{
  Shared *shared;
  GError *error; /* NULL: conversations-changed */
} Event;

static void
event_free (Event *event)
{
  shared_unref (event->shared);
  g_clear_error (&event->error);
  g_free (event);
}

static gboolean
emit_event_cb (gpointer data)
{
  Event *event = data;
  g_autoptr (SparkStore) self = g_weak_ref_get (&event->shared->store);

  if (event->error == NULL)
    g_atomic_int_set (&event->shared->list_pending, FALSE);
  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (event->error != NULL)
    {
      g_debug ("History write failed: %s", event->error->message);
      g_signal_emit (self, signals[WRITE_FAILED], 0, event->error);
    }
  else
    g_signal_emit (self, signals[CONVERSATIONS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
post_event (Shared       *shared,
            const GError *error)
{
  Event   *event = g_new0 (Event, 1);
  GSource *source = g_idle_source_new ();

  event->shared = g_atomic_rc_box_acquire (shared);
  event->error = error ? g_error_copy (error) : NULL;
  /* Always a source, never g_main_context_invoke: from the writer thread,
   * invoke runs the callback right here whenever the main context happens
   * to be free, and signal handlers (GTK widgets among them) would run on
   * the wrong thread. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_event_cb, event, (GDestroyNotify) event_free);
  g_source_set_static_name (source, "[spark] store event");
  g_source_attach (source, shared->context);
  g_source_unref (source);
}

static void
writer_error_cb (const GError *error,
                 gpointer      user_data)
{
  post_event (user_data, error);
}

static void
writer_list_cb (gpointer user_data)
{
  Shared *shared = user_data;

  /* One signal for a burst of changes. */
  if (g_atomic_int_compare_and_exchange (&shared->list_pending, FALSE, TRUE))
    post_event (shared, NULL);
}

char *
spark_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "spark", "spark.db", NULL);
}

const char *
spark_store_get_path (SparkStore *self)
{
  g_return_val_if_fail (SPARK_IS_STORE (self), NULL);
  return self->path;
}

guint
spark_store_get_n_recovered (SparkStore *self)
{
  g_return_val_if_fail (SPARK_IS_STORE (self), 0);
  return self->n_recovered;
}

/* --- Opening --------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SparkStore      *self = task_data;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  GError          *error = NULL;
  SparkStoreDb    *db;
  gboolean         alone = FALSE;
  int              recovered;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_FAILED,
                               _ ("Can’t create the folder for the history, %s: %s"), dir, g_strerror (saved));
      return;
    }

  /* The history is private: SQLite gives the -wal and -shm files the
   * mode of the database, so create that one first. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd >= 0)
        close (fd);
    }

  self->lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd >= 0)
    alone = flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0;

  if ((db = spark_store_db_open (self->path, FALSE, &error)) == NULL
      || !spark_store_schema_migrate (db, &error))
    {
      spark_store_db_close (db);
      g_task_return_error (task, error);
      return;
    }

  if (alone)
    {
      if ((recovered = spark_store_schema_recover (db, &error)) < 0)
        {
          spark_store_db_close (db);
          g_task_return_error (task, error);
          return;
        }
      self->n_recovered = recovered;
    }
  /* Others may open it too from now on, but not recover under our feet. */
  if (self->lock_fd >= 0)
    flock (self->lock_fd, LOCK_SH);

  self->writer = spark_store_writer_new (db, writer_error_cb, writer_list_cb,
                                         g_atomic_rc_box_acquire (self->shared), shared_unref);
  g_task_return_boolean (task, TRUE);
}

void
spark_store_open_async (const char         *path,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  SparkStore *self = g_object_new (SPARK_TYPE_STORE, NULL);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  self->path = path ? g_strdup (path) : spark_store_get_default_path ();
  self->readers = spark_store_readers_new (self->path);
  g_weak_ref_set (&self->shared->store, self);
  g_task_set_source_tag (task, spark_store_open_async);
  g_task_set_task_data (task, self, g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

SparkStore *
spark_store_open_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_object_ref (g_task_get_task_data (G_TASK (result)));
}

void
spark_store_close (SparkStore *self)
{
  g_return_if_fail (SPARK_IS_STORE (self));

  spark_store_readers_close (self->readers);

  /* Last, so that the last connection to close is the one that can
   * checkpoint the WAL back into the database. */
  g_clear_pointer (&self->writer, spark_store_writer_close);

  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

/* --- Reads ------------------------------------------------------------ */

static void
run_read (SparkStore         *self,
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
  spark_store_readers_run (self->readers, self, source_tag, func, result_free, id, before_id, limit,
                           cancellable, callback, user_data);
}

static gpointer
finish_read (SparkStore   *self,
             GAsyncResult *result,
             gpointer      source_tag,
             GError      **error)
{
  g_return_val_if_fail (SPARK_IS_STORE (self), NULL);
  return spark_store_readers_finish (self, result, source_tag, error);
}

static gpointer
read_conversations (SparkStoreDb       *db,
                    SparkStoreReadArgs *args,
                    GError            **error)
{
  return spark_store_query_conversations (db, error);
}

void
spark_store_list_conversations_async (SparkStore         *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));

  run_read (self, spark_store_list_conversations_async, read_conversations, g_object_unref,
            NULL, NULL, 0, cancellable, callback, user_data);
}

GListModel *
spark_store_list_conversations_finish (SparkStore   *self,
                                       GAsyncResult *result,
                                       GError      **error)
{
  return finish_read (self, result, spark_store_list_conversations_async, error);
}

static gpointer
read_conversation (SparkStoreDb       *db,
                   SparkStoreReadArgs *args,
                   GError            **error)
{
  return spark_store_query_conversation (db, args->id, args->limit, error);
}

void
spark_store_load_conversation_async (SparkStore         *self,
                                     const char         *id,
                                     guint               max_messages,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  run_read (self, spark_store_load_conversation_async, read_conversation, g_object_unref,
            id, NULL, max_messages, cancellable, callback, user_data);
}

SparkConversation *
spark_store_load_conversation_finish (SparkStore   *self,
                                      GAsyncResult *result,
                                      GError      **error)
{
  return finish_read (self, result, spark_store_load_conversation_async, error);
}

static gpointer
read_messages (SparkStoreDb       *db,
               SparkStoreReadArgs *args,
               GError            **error)
{
  return spark_store_query_messages (db, args->id, args->before_id, args->limit, error);
}

void
spark_store_load_messages_async (SparkStore         *self,
                                 const char         *conversation_id,
                                 const char         *before_id,
                                 guint               limit,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (conversation_id != NULL);

  run_read (self, spark_store_load_messages_async, read_messages, (GDestroyNotify) g_ptr_array_unref,
            conversation_id, before_id, limit, cancellable, callback, user_data);
}

GPtrArray *
spark_store_load_messages_finish (SparkStore   *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return finish_read (self, result, spark_store_load_messages_async, error);
}

static gpointer
read_versions (SparkStoreDb       *db,
               SparkStoreReadArgs *args,
               GError            **error)
{
  return spark_store_query_versions (db, args->id, error);
}

void
spark_store_load_versions_async (SparkStore         *self,
                                 const char         *message_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);

  run_read (self, spark_store_load_versions_async, read_versions, (GDestroyNotify) g_ptr_array_unref,
            message_id, NULL, 0, cancellable, callback, user_data);
}

GPtrArray *
spark_store_load_versions_finish (SparkStore   *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return finish_read (self, result, spark_store_load_versions_async, error);
}

gboolean
spark_store_version_has_branch (SparkMessage *version)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (version), FALSE);
  return g_object_get_data (G_OBJECT (version), "spark-store-branch") != NULL;
}

static gpointer
read_branch (SparkStoreDb       *db,
             SparkStoreReadArgs *args,
             GError            **error)
{
  return spark_store_query_branch (db, args->id, error);
}

void
spark_store_load_branch_async (SparkStore         *self,
                               const char         *root_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (root_id != NULL);

  run_read (self, spark_store_load_branch_async, read_branch, (GDestroyNotify) g_ptr_array_unref, root_id, NULL, 0,
            cancellable, callback, user_data);
}

GPtrArray *
spark_store_load_branch_finish (SparkStore   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return finish_read (self, result, spark_store_load_branch_async, error);
}

static gpointer
read_search (SparkStoreDb       *db,
             SparkStoreReadArgs *args,
             GError            **error)
{
  return spark_store_query_search (db, args->id, args->limit, error);
}

void
spark_store_search_async (SparkStore         *self,
                          const char         *query,
                          guint               limit,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (query != NULL);

  run_read (self, spark_store_search_async, read_search, g_object_unref,
            query, NULL, limit, cancellable, callback, user_data);
}

GListModel *
spark_store_search_finish (SparkStore   *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return finish_read (self, result, spark_store_search_async, error);
}

static gpointer
read_result (SparkStoreDb       *db,
             SparkStoreReadArgs *args,
             GError            **error)
{
  return spark_store_query_result (db, args->id, error);
}

void
spark_store_load_result_async (SparkStore         *self,
                               const char         *message_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);

  run_read (self, spark_store_load_result_async, read_result, g_free,
            message_id, NULL, 0, cancellable, callback, user_data);
}

char *
spark_store_load_result_finish (SparkStore   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return finish_read (self, result, spark_store_load_result_async, error);
}

/* --- Writes ----------------------------------------------------------- */

SparkStoreWriter *
spark_store_get_writer (SparkStore *self)
{
  return self->writer;
}

static gboolean
can_write (SparkStore *self)
{
  if (self->writer != NULL)
    return TRUE;
  g_debug ("History closed; a write was dropped");
  return FALSE;
}

static void
push (SparkStore      *self,
      SparkStoreOpFunc func,
      gpointer         data,
      GDestroyNotify   data_free,
      gboolean         changes_list)
{
  if (!can_write (self))
    {
      data_free (data);
      return;
    }
  spark_store_writer_push (self->writer, func, data, data_free, changes_list, NULL);
}

void
spark_store_save_conversation (SparkStore        *self,
                               SparkConversation *conversation)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (SPARK_IS_CONVERSATION (conversation));

  push (self, spark_store_op_save_conversation, spark_store_conversation_row_new (conversation),
        (GDestroyNotify) spark_store_conversation_row_free, TRUE);
}

void
spark_store_save_message (SparkStore   *self,
                          const char   *conversation_id,
                          SparkMessage *message)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (SPARK_IS_MESSAGE (message));

  /* A finished message moves its conversation up the sidebar; the
   * flushes of a streaming reply don't each need to say so. */
  push (self, spark_store_op_save_message, spark_store_message_row_new (conversation_id, message),
        (GDestroyNotify) spark_store_message_row_free, spark_message_is_finished (message));
}

static void
push_args (SparkStore      *self,
           SparkStoreOpFunc func,
           SparkStoreArgs  *args,
           gboolean         changes_list)
{
  push (self, func, args, (GDestroyNotify) spark_store_args_free, changes_list);
}

void
spark_store_detach_message (SparkStore *self,
                            const char *message_id,
                            const char *branch_root)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);

  push_args (self, spark_store_op_detach_message, spark_store_args_new (message_id, branch_root, 0, NULL), FALSE);
}

void
spark_store_delete_message (SparkStore *self,
                            const char *message_id)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);

  push_args (self, spark_store_op_delete_message, spark_store_args_new (message_id, NULL, 0, NULL), FALSE);
}

void
spark_store_place_message (SparkStore *self,
                           const char *message_id,
                           const char *before_id)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);

  push_args (self, spark_store_op_place_message, spark_store_args_new (message_id, before_id, 0, NULL), TRUE);
}

void
spark_store_rename_conversation (SparkStore *self,
                                 const char *id,
                                 const char *title)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  push_args (self, spark_store_op_rename_conversation, spark_store_args_new (id, title, 0, NULL), TRUE);
}

void
spark_store_rename_conversation_if (SparkStore *self,
                                    const char *id,
                                    const char *title,
                                    const char *expected)
{
  SparkStoreArgs *args;

  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  args = spark_store_args_new (id, title, 0, NULL);
  args->expected = g_strdup (expected);
  push_args (self, spark_store_op_rename_conversation_if, args, TRUE);
}

void
spark_store_pin_conversation (SparkStore *self,
                              const char *id,
                              gboolean    pinned)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  push_args (self, spark_store_op_pin_conversation, spark_store_args_new (id, NULL, !!pinned, NULL), TRUE);
}

void
spark_store_delete_conversation (SparkStore *self,
                                 const char *id)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  push_args (self, spark_store_op_delete_conversation, spark_store_args_new (id, NULL, 0, NULL), TRUE);
}

void
spark_store_save_result (SparkStore *self,
                         const char *message_id,
                         const char *json)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL && json != NULL);

  push_args (self, spark_store_op_save_result, spark_store_args_new (message_id, json, 0, NULL), FALSE);
}

void
spark_store_set_thumbnail (SparkStore *self,
                           const char *message_id,
                           guint       index,
                           const char *mime_type,
                           GBytes     *data)
{
  g_return_if_fail (SPARK_IS_STORE (self));
  g_return_if_fail (message_id != NULL);
  g_return_if_fail (data == NULL || mime_type != NULL);

  push_args (self, spark_store_op_set_thumbnail, spark_store_args_new (message_id, mime_type, index, data), FALSE);
}

void
spark_store_flush_async (SparkStore         *self,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SPARK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_store_flush_async);
  if (self->writer == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s", _ ("The history is closed."));
  else
    spark_store_writer_flush (self->writer, task);
}

gboolean
spark_store_flush_finish (SparkStore   *self,
                          GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- GObject ----------------------------------------------------------- */

static void
spark_store_finalize (GObject *object)
{
  SparkStore *self = SPARK_STORE (object);

  spark_store_close (self);
  shared_unref (self->shared);
  spark_store_readers_free (self->readers);
  g_free (self->path);

  G_OBJECT_CLASS (spark_store_parent_class)->finalize (object);
}

static void
spark_store_class_init (SparkStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spark_store_finalize;

  signals[WRITE_FAILED] = g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[CONVERSATIONS_CHANGED] = g_signal_new ("conversations-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
spark_store_init (SparkStore *self)
{
  self->lock_fd = -1;
  self->shared = g_atomic_rc_box_new0 (Shared);
  g_weak_ref_init (&self->shared->store, NULL);
  self->shared->context = g_main_context_ref_thread_default ();
}
