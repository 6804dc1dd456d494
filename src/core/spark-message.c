/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One message of a conversation: role, text (which grows while a reply
 * streams), thinking text, state, error, model and token usage.
 *
 * Appending emits notify::text for every delta; views coalesce these per
 * frame, so the model stays simple and exact. */
#include "config.h"

#include "spark-core-enums.h"
#include "spark-message.h"

struct _SparkMessage
{
  GObject parent_instance;

  SparkRole         role;
  GString          *text;
  GString          *reasoning;
  SparkMessageState state;
  GError           *error;
  char             *model;
  gint64            prompt_tokens;
  gint64            completion_tokens;
  gint64            reasoning_tokens;
  GDateTime        *created;
  GPtrArray        *images;
};

G_DEFINE_FINAL_TYPE (SparkMessage, spark_message, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ROLE,
  PROP_TEXT,
  PROP_REASONING,
  PROP_STATE,
  PROP_MODEL,
  PROP_USAGE, /* notify-only: all three token counts changed */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkMessage *
spark_message_new (SparkRole   role,
                   const char *text)
{
  return g_object_new (SPARK_TYPE_MESSAGE, "role", role, "text", text, NULL);
}

SparkRole
spark_message_get_role (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), SPARK_ROLE_USER);
  return self->role;
}

const char *
spark_message_get_text (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->text->str;
}

gsize
spark_message_get_text_length (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), 0);
  return self->text->len;
}

void
spark_message_set_text (SparkMessage *self,
                        const char   *text)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (text == NULL)
    text = "";
  if (g_str_equal (self->text->str, text))
    return;
  g_string_assign (self->text, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
spark_message_append_text (SparkMessage *self,
                           const char   *text,
                           gssize        len)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (text == NULL || len == 0 || (len < 0 && *text == '\0'))
    return;
  g_string_append_len (self->text, text, len < 0 ? (gssize) strlen (text) : len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
spark_message_get_reasoning (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->reasoning->str;
}

void
spark_message_append_reasoning (SparkMessage *self,
                                const char   *text,
                                gssize        len)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (text == NULL || len == 0 || (len < 0 && *text == '\0'))
    return;
  g_string_append_len (self->reasoning, text, len < 0 ? (gssize) strlen (text) : len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
}

SparkMessageState
spark_message_get_state (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), SPARK_MESSAGE_COMPLETE);
  return self->state;
}

void
spark_message_set_state (SparkMessage     *self,
                         SparkMessageState state)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (self->state == state)
    return;
  self->state = state;
  if (state != SPARK_MESSAGE_FAILED)
    g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const GError *
spark_message_get_error (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->error;
}

void
spark_message_fail (SparkMessage *self,
                    const GError *error)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  self->state = SPARK_MESSAGE_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
spark_message_get_model (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->model;
}

void
spark_message_set_model (SparkMessage *self,
                         const char   *model)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
spark_message_get_usage (SparkMessage *self,
                         gint64       *prompt_tokens,
                         gint64       *completion_tokens,
                         gint64       *reasoning_tokens)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (prompt_tokens)
    *prompt_tokens = self->prompt_tokens;
  if (completion_tokens)
    *completion_tokens = self->completion_tokens;
  if (reasoning_tokens)
    *reasoning_tokens = self->reasoning_tokens;
}

void
spark_message_set_usage (SparkMessage *self,
                         gint64        prompt_tokens,
                         gint64        completion_tokens,
                         gint64        reasoning_tokens)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  self->prompt_tokens = prompt_tokens;
  self->completion_tokens = completion_tokens;
  self->reasoning_tokens = reasoning_tokens;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
}

GDateTime *
spark_message_get_created (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->created;
}

G_DEFINE_BOXED_TYPE (SparkImage, spark_image, spark_image_copy, spark_image_free)

SparkImage *
spark_image_new (const char *mime_type,
                 GBytes     *data)
{
  SparkImage *image;

  g_return_val_if_fail (mime_type != NULL && data != NULL, NULL);

  image = g_new0 (SparkImage, 1);
  image->mime_type = g_strdup (mime_type);
  image->data = g_bytes_ref (data);
  return image;
}

SparkImage *
spark_image_copy (const SparkImage *image)
{
  SparkImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = spark_image_new (image->mime_type, image->data);
  copy->width = image->width;
  copy->height = image->height;
  copy->name = g_strdup (image->name);
  copy->original_mime_type = g_strdup (image->original_mime_type);
  copy->original = image->original ? g_bytes_ref (image->original) : NULL;
  copy->thumbnail = image->thumbnail ? g_bytes_ref (image->thumbnail) : NULL;
  return copy;
}

void
spark_image_free (SparkImage *image)
{
  if (image == NULL)
    return;
  g_free (image->mime_type);
  g_bytes_unref (image->data);
  g_free (image->name);
  g_free (image->original_mime_type);
  g_clear_pointer (&image->original, g_bytes_unref);
  g_clear_pointer (&image->thumbnail, g_bytes_unref);
  g_free (image);
}

GBytes *
spark_image_get_display_bytes (const SparkImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  return image->original ? image->original : image->data;
}

void
spark_message_add_image (SparkMessage *self,
                         const char   *mime_type,
                         GBytes       *data)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));
  g_return_if_fail (mime_type != NULL && data != NULL);

  g_ptr_array_add (self->images, spark_image_new (mime_type, data));
}

void
spark_message_append_image (SparkMessage     *self,
                            const SparkImage *image)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));
  g_return_if_fail (image != NULL && image->mime_type != NULL && image->data != NULL);

  g_ptr_array_add (self->images, spark_image_copy (image));
}

GPtrArray *
spark_message_get_images (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->images;
}

gboolean
spark_message_is_finished (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), TRUE);
  return self->state != SPARK_MESSAGE_PENDING && self->state != SPARK_MESSAGE_STREAMING;
}

static void
spark_message_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SparkMessage *self = SPARK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text->str);
      break;
    case PROP_REASONING:
      g_value_set_string (value, self->reasoning->str);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_USAGE:
      g_value_set_int64 (value, self->prompt_tokens + self->completion_tokens);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_message_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SparkMessage *self = SPARK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_TEXT:
      spark_message_set_text (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      spark_message_set_state (self, g_value_get_enum (value));
      break;
    case PROP_MODEL:
      spark_message_set_model (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_message_finalize (GObject *object)
{
  SparkMessage *self = SPARK_MESSAGE (object);

  g_string_free (self->text, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_clear_error (&self->error);
  g_free (self->model);
  g_date_time_unref (self->created);
  g_ptr_array_unref (self->images);

  G_OBJECT_CLASS (spark_message_parent_class)->finalize (object);
}

static void
spark_message_class_init (SparkMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spark_message_get_property;
  object_class->set_property = spark_message_set_property;
  object_class->finalize = spark_message_finalize;

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, SPARK_TYPE_ROLE, SPARK_ROLE_USER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SPARK_TYPE_MESSAGE_STATE, SPARK_MESSAGE_COMPLETE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USAGE] =
    g_param_spec_int64 ("usage", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_message_init (SparkMessage *self)
{
  self->text = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->created = g_date_time_new_now_utc ();
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
}
