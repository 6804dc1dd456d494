/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One message of a conversation: role, text (which grows while a reply
 * streams), thinking text, state, error, model and token usage, timings,
 * and the stable id and timestamps the store keeps it under.
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
  GDateTime        *updated;
  GPtrArray        *images;
  char             *id;
  char             *parent_id;
  gboolean          has_later; /* a later version exists (it replaced this one) */
  char             *provider;
  gint64            first_token_ms;
  double            tokens_per_second;
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
  PROP_ID,
  PROP_PARENT_ID,
  PROP_VERSIONED,
  PROP_PROVIDER,
  PROP_FIRST_TOKEN_MS,
  PROP_TOKENS_PER_SECOND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const role_names[] = { "system", "user", "assistant", "tool" };
static const char *const state_names[] = { "complete", "pending", "streaming", "cancelled", "failed", "interrupted" };

G_STATIC_ASSERT (G_N_ELEMENTS (role_names) == SPARK_ROLE_TOOL + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == SPARK_MESSAGE_INTERRUPTED + 1);

const char *
spark_role_to_string (SparkRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), "user");
  return role_names[role];
}

gboolean
spark_role_from_string (const char *name,
                        SparkRole  *role)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (name, role_names[i]))
      {
        *role = (SparkRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
spark_message_state_to_string (SparkMessageState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "complete");
  return state_names[state];
}

gboolean
spark_message_state_from_string (const char        *name,
                                 SparkMessageState *state)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (name, state_names[i]))
      {
        *state = (SparkMessageState) i;
        return TRUE;
      }
  return FALSE;
}

static void
touch (SparkMessage *self)
{
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_utc ();
}

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
  touch (self);
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
  touch (self);
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
  touch (self);
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

GDateTime *
spark_message_get_updated (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->updated;
}

void
spark_message_set_times (SparkMessage *self,
                         GDateTime    *created,
                         GDateTime    *updated)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

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

const char *
spark_message_get_id (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->id;
}

gboolean
spark_message_get_versioned (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), FALSE);
  return self->parent_id != NULL || self->has_later;
}

void
spark_message_set_has_later_versions (SparkMessage *self,
                                      gboolean      has_later)
{
  gboolean was;

  g_return_if_fail (SPARK_IS_MESSAGE (self));

  was = spark_message_get_versioned (self);
  self->has_later = !!has_later;
  if (was != spark_message_get_versioned (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSIONED]);
}

const char *
spark_message_get_parent_id (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->parent_id;
}

void
spark_message_set_parent_id (SparkMessage *self,
                             const char   *parent_id)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  gboolean was;

  if (g_strcmp0 (self->parent_id, parent_id) == 0)
    return;
  was = spark_message_get_versioned (self);
  g_free (self->parent_id);
  self->parent_id = g_strdup (parent_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
  if (was != spark_message_get_versioned (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSIONED]);
}

const char *
spark_message_get_provider (SparkMessage *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE (self), NULL);
  return self->provider;
}

void
spark_message_set_provider (SparkMessage *self,
                            const char   *provider)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (g_strcmp0 (self->provider, provider) == 0)
    return;
  g_free (self->provider);
  self->provider = g_strdup (provider);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

void
spark_message_set_reasoning (SparkMessage *self,
                             const char   *text)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (text == NULL)
    text = "";
  if (g_str_equal (self->reasoning->str, text))
    return;
  g_string_assign (self->reasoning, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
}

void
spark_message_get_timings (SparkMessage *self,
                           gint64       *first_token_ms,
                           double       *tokens_per_second)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (first_token_ms)
    *first_token_ms = self->first_token_ms;
  if (tokens_per_second)
    *tokens_per_second = self->tokens_per_second;
}

void
spark_message_set_timings (SparkMessage *self,
                           gint64        first_token_ms,
                           double        tokens_per_second)
{
  g_return_if_fail (SPARK_IS_MESSAGE (self));

  if (self->first_token_ms != first_token_ms)
    {
      self->first_token_ms = first_token_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_TOKEN_MS]);
    }
  if (self->tokens_per_second != tokens_per_second)
    {
      self->tokens_per_second = tokens_per_second;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS_PER_SECOND]);
    }
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
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;
    case PROP_VERSIONED:
      g_value_set_boolean (value, spark_message_get_versioned (self));
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_FIRST_TOKEN_MS:
      g_value_set_int64 (value, self->first_token_ms);
      break;
    case PROP_TOKENS_PER_SECOND:
      g_value_set_double (value, self->tokens_per_second);
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
    case PROP_ID:
      /* Construct-only: NULL (not given) keeps the random id from init. */
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->id);
          self->id = g_value_dup_string (value);
        }
      break;
    case PROP_PARENT_ID:
      spark_message_set_parent_id (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      spark_message_set_provider (self, g_value_get_string (value));
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
  g_date_time_unref (self->updated);
  g_ptr_array_unref (self->images);
  g_free (self->id);
  g_free (self->parent_id);
  g_free (self->provider);

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
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERSIONED] =
    g_param_spec_boolean ("versioned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIRST_TOKEN_MS] =
    g_param_spec_int64 ("first-token-ms", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOKENS_PER_SECOND] =
    g_param_spec_double ("tokens-per-second", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_message_init (SparkMessage *self)
{
  self->text = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->created = g_date_time_new_now_utc ();
  self->updated = g_date_time_ref (self->created);
  self->id = g_uuid_string_random ();
  self->first_token_ms = -1;
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
}
