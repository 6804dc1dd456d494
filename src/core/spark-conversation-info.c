/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkConversationInfo: an immutable summary of a stored conversation,
 * a GObject so that a GListStore of them can back the sidebar's list
 * view and its properties can be bound in .ui expressions. */
#include "config.h"

#include "spark-conversation-info.h"
#include "spark-core-enums.h"

struct _SparkConversationInfo
{
  GObject parent_instance;

  char      *id;
  char      *title;
  SparkMode  mode;
  gboolean   pinned;
  GDateTime *created;
  GDateTime *updated;
  guint      n_messages;
};

G_DEFINE_FINAL_TYPE (SparkConversationInfo, spark_conversation_info, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_MODE,
  PROP_PINNED,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_N_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkConversationInfo *
spark_conversation_info_new (const char *id,
                             const char *title,
                             SparkMode   mode,
                             gboolean    pinned,
                             GDateTime  *created,
                             GDateTime  *updated,
                             guint       n_messages)
{
  SparkConversationInfo *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (created != NULL && updated != NULL, NULL);

  self = g_object_new (SPARK_TYPE_CONVERSATION_INFO, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->mode = mode;
  self->pinned = !!pinned;
  self->created = g_date_time_ref (created);
  self->updated = g_date_time_ref (updated);
  self->n_messages = n_messages;
  return self;
}

const char *
spark_conversation_info_get_id (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), NULL);
  return self->id;
}

const char *
spark_conversation_info_get_title (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), NULL);
  return self->title;
}

SparkMode
spark_conversation_info_get_mode (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), SPARK_MODE_CHAT);
  return self->mode;
}

gboolean
spark_conversation_info_get_pinned (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), FALSE);
  return self->pinned;
}

GDateTime *
spark_conversation_info_get_created (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), NULL);
  return self->created;
}

GDateTime *
spark_conversation_info_get_updated (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), NULL);
  return self->updated;
}

guint
spark_conversation_info_get_n_messages (SparkConversationInfo *self)
{
  g_return_val_if_fail (SPARK_IS_CONVERSATION_INFO (self), 0);
  return self->n_messages;
}

static void
spark_conversation_info_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SparkConversationInfo *self = SPARK_CONVERSATION_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_N_MESSAGES:
      g_value_set_uint (value, self->n_messages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_conversation_info_finalize (GObject *object)
{
  SparkConversationInfo *self = SPARK_CONVERSATION_INFO (object);

  g_free (self->id);
  g_free (self->title);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (spark_conversation_info_parent_class)->finalize (object);
}

static void
spark_conversation_info_class_init (SparkConversationInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = spark_conversation_info_get_property;
  object_class->finalize = spark_conversation_info_finalize;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, SPARK_TYPE_MODE, SPARK_MODE_CHAT, flags);
  properties[PROP_PINNED] = g_param_spec_boolean ("pinned", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_conversation_info_init (SparkConversationInfo *self)
{
}
