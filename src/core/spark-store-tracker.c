/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkStoreTracker: watches a conversation and its messages and queues
 * store writes for them. Streaming replies are throttled leading-edge: the
 * first change is written at once (so a crash right after the first token
 * still finds the reply), later ones at most once per interval, and the
 * final state immediately — which bounds what a kill -9 can lose to one
 * interval of text.
 *
 * A placeholder reply that is still pending and empty is not written: the
 * session swaps it for the real reply, and a row for it would only be
 * clutter. */
#include "config.h"

#include "spark-store-sql.h"
#include "spark-store-tracker.h"

typedef struct
{
  SparkStoreTracker *tracker;
  SparkMessage      *message;
  gulong             handler;
  guint              timer;
  gint64             last_write; /* monotonic µs; 0: never */
  gboolean           saved;
} Watch;

struct _SparkStoreTracker
{
  GObject parent_instance;

  SparkStore        *store;
  SparkConversation *conversation;
  GPtrArray         *watches; /* Watch, mirroring the conversation's items */
  guint              interval_ms;
  gboolean           conversation_saved;
};

G_DEFINE_FINAL_TYPE (SparkStoreTracker, spark_store_tracker, G_TYPE_OBJECT)

static void
ensure_conversation_saved (SparkStoreTracker *self)
{
  if (self->conversation_saved)
    return;
  spark_store_save_conversation (self->store, self->conversation);
  spark_store_mark_stored (self->conversation);
  self->conversation_saved = TRUE;
}

static void
write_message (Watch *watch)
{
  SparkStoreTracker *self = watch->tracker;
  SparkMessage      *message = watch->message;

  g_clear_handle_id (&watch->timer, g_source_remove);
  if (!watch->saved && spark_message_get_state (message) == SPARK_MESSAGE_PENDING
      && spark_message_get_text_length (message) == 0)
    return;

  ensure_conversation_saved (self);
  spark_store_save_message (self->store, spark_conversation_get_id (self->conversation), message);
  spark_store_mark_stored (message);
  watch->saved = TRUE;
  watch->last_write = g_get_monotonic_time ();
}

static gboolean
timer_cb (gpointer data)
{
  Watch *watch = data;

  watch->timer = 0;
  write_message (watch);
  return G_SOURCE_REMOVE;
}

static void
message_notify_cb (SparkMessage *message,
                   GParamSpec   *pspec,
                   Watch        *watch)
{
  SparkStoreTracker *self = watch->tracker;
  gint64             elapsed_ms;

  if (spark_message_is_finished (message))
    {
      write_message (watch);
      return;
    }
  if (watch->timer != 0)
    return;
  elapsed_ms = watch->last_write ? (g_get_monotonic_time () - watch->last_write) / 1000 : G_MAXINT64;
  watch->timer = g_timeout_add (elapsed_ms >= self->interval_ms ? 0 : self->interval_ms - elapsed_ms, timer_cb, watch);
}

static Watch *
watch_new (SparkStoreTracker *self,
           SparkMessage      *message)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->tracker = self;
  watch->message = g_object_ref (message);
  watch->saved = spark_store_is_stored (message);
  watch->handler = g_signal_connect (message, "notify", G_CALLBACK (message_notify_cb), watch);
  return watch;
}

static void
watch_free (Watch *watch)
{
  g_clear_handle_id (&watch->timer, g_source_remove);
  g_clear_signal_handler (&watch->handler, watch->message);
  g_clear_object (&watch->message);
  g_free (watch);
}

/* Writes what a pending timer would have written, then forgets @watch. */
static void
watch_finish (Watch *watch)
{
  if (watch->timer != 0)
    write_message (watch);
  watch_free (watch);
}

static void
items_changed_cb (SparkStoreTracker *self,
                  guint              position,
                  guint              removed,
                  guint              added,
                  GListModel        *model)
{
  g_autofree char *root = NULL;

  /* Messages removed together (a truncated tail) leave as one branch,
   * rooted at the first of them. */
  for (guint i = 0; i < removed; i++)
    {
      Watch           *watch = g_ptr_array_steal_index (self->watches, position);
      gboolean         saved = watch->saved;
      g_autofree char *id = g_strdup (spark_message_get_id (watch->message));

      watch_finish (watch);
      if (root == NULL)
        root = g_strdup (id);
      if (saved)
        spark_store_detach_message (self->store, id, root);
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (model, position + i);
      Watch *watch = watch_new (self, message);

      g_ptr_array_insert (self->watches, position + i, watch);
      if (!watch->saved)
        write_message (watch);
    }
}

static void
conversation_notify_cb (SparkStoreTracker *self,
                        GParamSpec        *pspec,
                        SparkConversation *conversation)
{
  /* Before the first message there is nothing worth a row. */
  if (self->conversation_saved)
    spark_store_save_conversation (self->store, conversation);
}

SparkStoreTracker *
spark_store_tracker_new (SparkStore        *store,
                         SparkConversation *conversation)
{
  SparkStoreTracker *self;
  guint              n;

  g_return_val_if_fail (SPARK_IS_STORE (store), NULL);
  g_return_val_if_fail (SPARK_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (SPARK_TYPE_STORE_TRACKER, NULL);
  self->store = g_object_ref (store);
  self->conversation = g_object_ref (conversation);
  self->conversation_saved = spark_store_is_stored (conversation);

  n = g_list_model_get_n_items (G_LIST_MODEL (conversation));
  items_changed_cb (self, 0, 0, n, G_LIST_MODEL (conversation));
  g_signal_connect_object (conversation, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::title", G_CALLBACK (conversation_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::mode", G_CALLBACK (conversation_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::pinned", G_CALLBACK (conversation_notify_cb), self, G_CONNECT_SWAPPED);
  return self;
}

SparkStore *
spark_store_tracker_get_store (SparkStoreTracker *self)
{
  g_return_val_if_fail (SPARK_IS_STORE_TRACKER (self), NULL);
  return self->store;
}

SparkConversation *
spark_store_tracker_get_conversation (SparkStoreTracker *self)
{
  g_return_val_if_fail (SPARK_IS_STORE_TRACKER (self), NULL);
  return self->conversation;
}

void
spark_store_tracker_set_interval (SparkStoreTracker *self,
                                  guint              interval_ms)
{
  g_return_if_fail (SPARK_IS_STORE_TRACKER (self));
  self->interval_ms = interval_ms;
}

guint
spark_store_tracker_get_interval (SparkStoreTracker *self)
{
  g_return_val_if_fail (SPARK_IS_STORE_TRACKER (self), 0);
  return self->interval_ms;
}

void
spark_store_tracker_sync (SparkStoreTracker *self)
{
  g_return_if_fail (SPARK_IS_STORE_TRACKER (self));

  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (watch->timer != 0)
        write_message (watch);
    }
}

static void
spark_store_tracker_dispose (GObject *object)
{
  SparkStoreTracker *self = SPARK_STORE_TRACKER (object);

  if (self->watches->len > 0)
    g_ptr_array_set_size (self->watches, 0);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (spark_store_tracker_parent_class)->dispose (object);
}

static void
spark_store_tracker_finalize (GObject *object)
{
  g_ptr_array_unref (SPARK_STORE_TRACKER (object)->watches);
  G_OBJECT_CLASS (spark_store_tracker_parent_class)->finalize (object);
}

static void
spark_store_tracker_class_init (SparkStoreTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spark_store_tracker_dispose;
  object_class->finalize = spark_store_tracker_finalize;
}

static void
spark_store_tracker_init (SparkStoreTracker *self)
{
  self->interval_ms = SPARK_STORE_TRACKER_DEFAULT_INTERVAL;
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_finish);
}
