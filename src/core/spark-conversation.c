/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A conversation: a title, a mode and an ordered list of SparkMessages,
 * exposed as a GListModel so a GtkListView can show it with recycled rows.
 * Its id, pin and timestamps are what the store keeps it under. */
#include "config.h"

#include "spark-conversation.h"
#include "spark-core-enums.h"

struct _SparkConversation
{
  GObject parent_instance;

  GPtrArray *messages;
  char      *title;
  SparkMode  mode;
  char      *id;
  gboolean   pinned;
  GDateTime *created;
  GDateTime *updated;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SparkConversation, spark_conversation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_MODE,
  PROP_ID,
  PROP_PINNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return SPARK_TYPE_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return SPARK_CONVERSATION (model)->messages->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SparkConversation *self = SPARK_CONVERSATION (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

SparkConversation *
spark_conversation_new (void)
{
  return g_object_new (SPARK_TYPE_CONVERSATION, NULL);
}

const char *
spark_conversation_get_title (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);
  return self->title;
}

void
spark_conversation_set_title (SparkConversation *self,
                              const char        *title)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

SparkMode
spark_conversation_get_mode (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), SPARK_MODE_CHAT);
  return self->mode;
}

void
spark_conversation_set_mode (SparkConversation *self,
                             SparkMode          mode)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

void
spark_conversation_append (SparkConversation *self,
                           SparkMessage      *message)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));
  g_return_if_fail (SPARK_IS_MESSAGE (message));

  g_ptr_array_add (self->messages, g_object_ref (message));
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_utc ();
  g_list_model_items_changed (G_LIST_MODEL (self), self->messages->len - 1, 0, 1);
}

void
spark_conversation_remove (SparkConversation *self,
                           SparkMessage      *message)
{
  guint index;

  g_return_if_fail (SPARK_IS_CONVERSATION (self));

  if (g_ptr_array_find (self->messages, message, &index))
    {
      g_ptr_array_remove_index (self->messages, index);
      g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
    }
}

void
spark_conversation_insert (SparkConversation *self,
                           guint              position,
                           SparkMessage      *message)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));
  g_return_if_fail (SPARK_IS_MESSAGE (message));

  position = MIN (position, self->messages->len);
  g_ptr_array_insert (self->messages, position, g_object_ref (message));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

GPtrArray *
spark_conversation_truncate (SparkConversation *self,
                             guint              position)
{
  GPtrArray *removed;
  guint      n;

  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);

  removed = g_ptr_array_new_with_free_func (g_object_unref);
  if (position >= self->messages->len)
    return removed;
  n = self->messages->len - position;
  for (guint i = position; i < self->messages->len; i++)
    g_ptr_array_add (removed, g_object_ref (g_ptr_array_index (self->messages, i)));
  g_ptr_array_remove_range (self->messages, position, n);
  /* One change for the whole tail: a view or a tracker sees it at once. */
  g_list_model_items_changed (G_LIST_MODEL (self), position, n, 0);
  return removed;
}

SparkMessage *
spark_conversation_find (SparkConversation *self,
                         const char        *id,
                         guint             *position)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);

  if (id == NULL)
    return NULL;
  /* From the end: what is acted on is nearly always recent. */
  for (guint i = self->messages->len; i > 0; i--)
    {
      SparkMessage *message = g_ptr_array_index (self->messages, i - 1);

      if (g_strcmp0 (spark_message_get_id (message), id) == 0)
        {
          if (position != NULL)
            *position = i - 1;
          return message;
        }
    }
  return NULL;
}

SparkMessage *
spark_conversation_get_last (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);

  if (self->messages->len == 0)
    return NULL;
  return g_ptr_array_index (self->messages, self->messages->len - 1);
}

void
spark_conversation_prepend (SparkConversation *self,
                            GPtrArray         *messages)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));
  g_return_if_fail (messages != NULL);

  if (messages->len == 0)
    return;
  for (guint i = 0; i < messages->len; i++)
    {
      g_return_if_fail (SPARK_IS_MESSAGE (g_ptr_array_index (messages, i)));
      g_ptr_array_insert (self->messages, i, g_object_ref (g_ptr_array_index (messages, i)));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, messages->len);
}

const char *
spark_conversation_get_id (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);
  return self->id;
}

gboolean
spark_conversation_get_pinned (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), FALSE);
  return self->pinned;
}

void
spark_conversation_set_pinned (SparkConversation *self,
                               gboolean           pinned)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));

  pinned = !!pinned;
  if (self->pinned == pinned)
    return;
  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

GDateTime *
spark_conversation_get_created (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);
  return self->created;
}

GDateTime *
spark_conversation_get_updated (SparkConversation *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION (self), NULL);
  return self->updated;
}

void
spark_conversation_set_times (SparkConversation *self,
                              GDateTime         *created,
                              GDateTime         *updated)
{
  g_return_if_fail (SPARK_IS_CONVERSATION (self));

  if (created != NULL)
    {
      g_date_time_unref (self->created);
      self->created = g_date_time_ref (created);
    }
  if (updated != NULL)
    {
      g_date_time_unref (self->updated);
      self->updated = g_date_time_ref (updated);
    }
}

static void
spark_conversation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SparkConversation *self = SPARK_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_conversation_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SparkConversation *self = SPARK_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      spark_conversation_set_title (self, g_value_get_string (value));
      break;
    case PROP_MODE:
      spark_conversation_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_ID:
      /* Construct-only: NULL (not given) keeps the random id from init. */
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->id);
          self->id = g_value_dup_string (value);
        }
      break;
    case PROP_PINNED:
      spark_conversation_set_pinned (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_conversation_finalize (GObject *object)
{
  SparkConversation *self = SPARK_CONVERSATION (object);

  g_ptr_array_unref (self->messages);
  g_free (self->title);
  g_free (self->id);
  g_date_time_unref (self->created);
  g_date_time_unref (self->updated);

  G_OBJECT_CLASS (spark_conversation_parent_class)->finalize (object);
}

static void
spark_conversation_class_init (SparkConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spark_conversation_get_property;
  object_class->set_property = spark_conversation_set_property;
  object_class->finalize = spark_conversation_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, SPARK_TYPE_MODE, SPARK_MODE_CHAT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_conversation_init (SparkConversation *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->id = g_uuid_string_random ();
  self->created = g_date_time_new_now_utc ();
  self->updated = g_date_time_ref (self->created);
}
