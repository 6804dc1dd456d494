/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkSearchHit: an immutable search result, a GObject so that search
 * results can be a GListModel for a list view. */
#include "config.h"

#include "spark-core-enums.h"
#include "spark-search-hit.h"

struct _SparkSearchHit
{
  GObject parent_instance;

  char      *conversation_id;
  char      *conversation_title;
  char      *message_id;
  SparkRole  role;
  char      *snippet;
  double     rank;
  GDateTime *created;
};

G_DEFINE_FINAL_TYPE (SparkSearchHit, spark_search_hit, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONVERSATION_ID,
  PROP_CONVERSATION_TITLE,
  PROP_MESSAGE_ID,
  PROP_ROLE,
  PROP_SNIPPET,
  PROP_RANK,
  PROP_CREATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkSearchHit *
spark_search_hit_new (const char *conversation_id,
                      const char *conversation_title,
                      const char *message_id,
                      SparkRole   role,
                      const char *snippet,
                      double      rank,
                      GDateTime  *created)
{
  SparkSearchHit *self;

  g_return_val_if_fail (conversation_id != NULL && message_id != NULL, NULL);
  g_return_val_if_fail (created != NULL, NULL);

  self = g_object_new (SPARK_TYPE_SEARCH_HIT, NULL);
  self->conversation_id = g_strdup (conversation_id);
  self->conversation_title = g_strdup (conversation_title);
  self->message_id = g_strdup (message_id);
  self->role = role;
  self->snippet = g_strdup (snippet ? snippet : "");
  self->rank = rank;
  self->created = g_date_time_ref (created);
  return self;
}

const char *
spark_search_hit_get_conversation_id (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), NULL);
  return self->conversation_id;
}

const char *
spark_search_hit_get_conversation_title (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), NULL);
  return self->conversation_title;
}

const char *
spark_search_hit_get_message_id (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), NULL);
  return self->message_id;
}

SparkRole
spark_search_hit_get_role (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), SPARK_ROLE_USER);
  return self->role;
}

const char *
spark_search_hit_get_snippet (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), NULL);
  return self->snippet;
}

double
spark_search_hit_get_rank (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), 0);
  return self->rank;
}

GDateTime *
spark_search_hit_get_created (SparkSearchHit *self)
{
  g_return_val_if_fail (SPARK_IS_SEARCH_HIT (self), NULL);
  return self->created;
}

static void
spark_search_hit_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SparkSearchHit *self = SPARK_SEARCH_HIT (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;
    case PROP_CONVERSATION_TITLE:
      g_value_set_string (value, self->conversation_title);
      break;
    case PROP_MESSAGE_ID:
      g_value_set_string (value, self->message_id);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    case PROP_RANK:
      g_value_set_double (value, self->rank);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_search_hit_finalize (GObject *object)
{
  SparkSearchHit *self = SPARK_SEARCH_HIT (object);

  g_free (self->conversation_id);
  g_free (self->conversation_title);
  g_free (self->message_id);
  g_free (self->snippet);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (spark_search_hit_parent_class)->finalize (object);
}

static void
spark_search_hit_class_init (SparkSearchHitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = spark_search_hit_get_property;
  object_class->finalize = spark_search_hit_finalize;

  properties[PROP_CONVERSATION_ID] = g_param_spec_string ("conversation-id", NULL, NULL, NULL, flags);
  properties[PROP_CONVERSATION_TITLE] = g_param_spec_string ("conversation-title", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_string ("message-id", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, SPARK_TYPE_ROLE, SPARK_ROLE_USER, flags);
  properties[PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, flags);
  properties[PROP_RANK] = g_param_spec_double ("rank", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_search_hit_init (SparkSearchHit *self)
{
}
