/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkTailModel: the last items of a GListModel, for the chat list.
 *
 * GTK 4.8's GtkListView keeps up to 200 rows alive (bound, styled and
 * measured) around the item it anchors on, however few fit on screen,
 * and a message row costs milliseconds to make and measure: a list over
 * a whole 10,000-message chat took seconds to open. So the list shows a
 * tail of the conversation: its latest messages at first, then older
 * ones as the person scrolls near the top (inserted above the rows on
 * screen, which GtkListView keeps where they are; see tail_tick_cb in
 * spark-message-list.c), and
 * fewer again once they are back at the end. The conversation itself
 * stays whole: the model's context, export and search use all of it. */
#include "config.h"

#include "spark-tail-model.h"

struct _SparkTailModel
{
  GObject     parent_instance;
  GListModel *model;
  guint       hidden;     /* items of @model before the first one shown */
  gboolean    prepending; /* older items are going in before them */
};

static GType
spark_tail_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (SPARK_TAIL_MODEL (list)->model);
}

static guint
spark_tail_model_get_n_items (GListModel *list)
{
  SparkTailModel *self = SPARK_TAIL_MODEL (list);
  guint           n = g_list_model_get_n_items (self->model);

  return n > self->hidden ? n - self->hidden : 0;
}

static gpointer
spark_tail_model_get_item (GListModel *list,
                           guint       position)
{
  SparkTailModel *self = SPARK_TAIL_MODEL (list);

  return g_list_model_get_item (self->model, self->hidden + position);
}

static void
spark_tail_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = spark_tail_model_get_item_type;
  iface->get_n_items = spark_tail_model_get_n_items;
  iface->get_item = spark_tail_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SparkTailModel, spark_tail_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, spark_tail_model_iface_init))

static void
tail_items_changed_cb (SparkTailModel *self,
                       guint           position,
                       guint           removed,
                       guint           added,
                       GListModel     *model)
{
  guint n_before = g_list_model_get_n_items (model) - added + removed;

  /* Older messages going in before the ones shown stay hidden until the
   * person scrolls up to them. (A message put back at the start, a
   * deletion undone, is shown like any other.) */
  if (self->prepending && removed == 0 && position <= self->hidden && n_before > self->hidden)
    {
      self->hidden += added;
      return;
    }
  if (position >= self->hidden)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->hidden, removed, added);
      return;
    }
  /* A change among the hidden messages (the person only acts on shown
   * ones, so this is rare): show the tail anew. */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before > self->hidden ? n_before - self->hidden : 0,
                              spark_tail_model_get_n_items (G_LIST_MODEL (self)));
}

static void
spark_tail_model_dispose (GObject *object)
{
  SparkTailModel *self = SPARK_TAIL_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, tail_items_changed_cb, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (spark_tail_model_parent_class)->dispose (object);
}

static void
spark_tail_model_class_init (SparkTailModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = spark_tail_model_dispose;
}

static void
spark_tail_model_init (SparkTailModel *self)
{
}

SparkTailModel *
spark_tail_model_new (GListModel *model,
                      guint       n_shown)
{
  SparkTailModel *self = g_object_new (SPARK_TYPE_TAIL_MODEL, NULL);
  guint           n = g_list_model_get_n_items (model);

  self->model = g_object_ref (model);
  self->hidden = n > n_shown ? n - n_shown : 0;
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (tail_items_changed_cb), self);
  return self;
}

void
spark_tail_model_reveal (SparkTailModel *self,
                         guint           n)
{
  n = MIN (n, self->hidden);
  self->hidden -= n;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
}

void
spark_tail_model_hide (SparkTailModel *self,
                       guint           n)
{
  n = MIN (n, spark_tail_model_get_n_items (G_LIST_MODEL (self)));
  self->hidden += n;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

guint
spark_tail_model_get_n_hidden (SparkTailModel *self)
{
  g_return_val_if_fail (SPARK_IS_TAIL_MODEL (self), 0);
  return self->hidden;
}

void
spark_tail_model_prepend_hidden (SparkTailModel *self,
                                 gboolean        prepending)
{
  g_return_if_fail (SPARK_IS_TAIL_MODEL (self));
  self->prepending = prepending;
}
