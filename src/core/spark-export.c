/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Markdown and JSON exports of a conversation and the strict JSON reader
 * (format described in spark-export.h). The reader checks every member
 * it uses before building anything, so a bad file yields one sentence
 * naming the problem and no half-imported conversation. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-export.h"

/* --- Markdown ----------------------------------------------------------- */

static const char *
role_heading (SparkRole role)
{
  switch (role)
    {
    case SPARK_ROLE_USER:
      return _ ("You");
    case SPARK_ROLE_ASSISTANT:
      return _ ("Spark");
    case SPARK_ROLE_SYSTEM:
      return _ ("System");
    case SPARK_ROLE_TOOL:
    default:
      return _ ("Tool");
    }
}

char *
spark_export_to_markdown (SparkConversation *conversation)
{
  GString    *out = g_string_new (NULL);
  const char *title;
  guint       n;

  g_return_val_if_fail (SPARK_IS_CONVERSATION (conversation), NULL);

  title = spark_conversation_get_title (conversation);
  g_string_append_printf (out, "# %s\n", title && *title ? title : _ ("Conversation"));

  n = g_list_model_get_n_items (G_LIST_MODEL (conversation));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      const GError *error = spark_message_get_error (message);

      g_string_append_printf (out, "\n## %s\n\n", role_heading (spark_message_get_role (message)));
      if (spark_message_get_text_length (message) > 0)
        {
          g_string_append (out, spark_message_get_text (message));
          if (out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
        }
      switch (spark_message_get_state (message))
        {
        case SPARK_MESSAGE_CANCELLED:
          g_string_append_printf (out, "\n*%s*\n", _ ("The reply was stopped."));
          break;
        case SPARK_MESSAGE_FAILED:
          g_string_append_printf (out, "\n*%s*\n", error ? error->message : _ ("The reply failed."));
          break;
        case SPARK_MESSAGE_INTERRUPTED:
        case SPARK_MESSAGE_PENDING:
        case SPARK_MESSAGE_STREAMING:
          g_string_append_printf (out, "\n*%s*\n", _ ("The reply was interrupted."));
          break;
        case SPARK_MESSAGE_COMPLETE:
        default:
          break;
        }
    }
  return g_string_free (out, FALSE);
}

/* --- JSON out ------------------------------------------------------------ */

static void
add_date (JsonBuilder *b,
          const char  *name,
          GDateTime   *date)
{
  g_autofree char *text = g_date_time_format_iso8601 (date);

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, text);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_message (JsonBuilder  *b,
             SparkMessage *message)
{
  const GError *error = spark_message_get_error (message);
  GPtrArray    *images = spark_message_get_images (message);
  gint64        prompt, completion, reasoning, first_token_ms;
  double        tokens_per_second;

  json_builder_begin_object (b);
  add_string_or_null (b, "id", spark_message_get_id (message));
  if (spark_message_get_parent_id (message) != NULL)
    add_string_or_null (b, "parent_id", spark_message_get_parent_id (message));
  add_string_or_null (b, "role", spark_role_to_string (spark_message_get_role (message)));
  add_string_or_null (b, "text", spark_message_get_text (message));
  add_string_or_null (b, "reasoning", spark_message_get_reasoning (message));
  add_string_or_null (b, "state", spark_message_state_to_string (spark_message_get_state (message)));
  if (error != NULL)
    add_string_or_null (b, "error", error->message);
  add_string_or_null (b, "model", spark_message_get_model (message));
  if (spark_message_get_provider (message) != NULL)
    add_string_or_null (b, "provider", spark_message_get_provider (message));

  spark_message_get_usage (message, &prompt, &completion, &reasoning);
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "prompt_tokens");
  json_builder_add_int_value (b, prompt);
  json_builder_set_member_name (b, "completion_tokens");
  json_builder_add_int_value (b, completion);
  json_builder_set_member_name (b, "reasoning_tokens");
  json_builder_add_int_value (b, reasoning);
  json_builder_end_object (b);

  spark_message_get_timings (message, &first_token_ms, &tokens_per_second);
  if (first_token_ms >= 0)
    {
      json_builder_set_member_name (b, "first_token_ms");
      json_builder_add_int_value (b, first_token_ms);
    }
  if (tokens_per_second > 0)
    {
      json_builder_set_member_name (b, "tokens_per_second");
      json_builder_add_double_value (b, tokens_per_second);
    }
  add_date (b, "created", spark_message_get_created (message));
  add_date (b, "updated", spark_message_get_updated (message));

  if (images->len > 0)
    {
      json_builder_set_member_name (b, "images");
      json_builder_begin_array (b);
      for (guint i = 0; i < images->len; i++)
        {
          SparkImage      *image = g_ptr_array_index (images, i);
          gsize            size;
          const guchar    *data = g_bytes_get_data (image->data, &size);
          g_autofree char *base64 = g_base64_encode (data, size);

          json_builder_begin_object (b);
          add_string_or_null (b, "mime_type", image->mime_type);
          add_string_or_null (b, "data", base64);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

JsonNode *
spark_export_to_json_node (SparkConversation *conversation)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint n;

  g_return_val_if_fail (SPARK_IS_CONVERSATION (conversation), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "spark_export");
  json_builder_add_int_value (b, SPARK_EXPORT_VERSION);
  json_builder_set_member_name (b, "conversation");
  json_builder_begin_object (b);
  add_string_or_null (b, "id", spark_conversation_get_id (conversation));
  add_string_or_null (b, "title", spark_conversation_get_title (conversation));
  add_string_or_null (b, "mode", spark_mode_get_info (spark_conversation_get_mode (conversation))->id);
  json_builder_set_member_name (b, "pinned");
  json_builder_add_boolean_value (b, spark_conversation_get_pinned (conversation));
  add_date (b, "created", spark_conversation_get_created (conversation));
  add_date (b, "updated", spark_conversation_get_updated (conversation));
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  n = g_list_model_get_n_items (G_LIST_MODEL (conversation));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      add_message (b, message);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
spark_export_to_json (SparkConversation *conversation)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (SPARK_IS_CONVERSATION (conversation), NULL);

  root = spark_export_to_json_node (conversation);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* --- JSON in ------------------------------------------------------------- */

static gboolean
bad (GError    **error,
     const char *where,
     const char *member,
     const char *problem)
{
  g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
               _ ("Can’t import this file: in %s, “%s” %s."), where, member, problem);
  return FALSE;
}

/* Looks @name up with the JSON type @type; a missing member is an error
 * only when @required, and null is accepted only when @nullable. */
static gboolean
member (JsonObject *object,
        const char *name,
        GType       type,
        gboolean    required,
        gboolean    nullable,
        const char *where,
        JsonNode  **out,
        GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL)
    return required ? bad (error, where, name, _ ("is missing")) : TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return nullable ? TRUE : bad (error, where, name, _ ("must not be null"));

  if (type == JSON_TYPE_OBJECT && !JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, where, name, _ ("must be an object"));
  if (type == JSON_TYPE_ARRAY && !JSON_NODE_HOLDS_ARRAY (node))
    return bad (error, where, name, _ ("must be a list"));
  if (type == G_TYPE_STRING && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
    return bad (error, where, name, _ ("must be text"));
  if (type == G_TYPE_BOOLEAN && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return bad (error, where, name, _ ("must be true or false"));
  if (type == G_TYPE_INT64 && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64))
    return bad (error, where, name, _ ("must be a whole number"));
  if (type == G_TYPE_DOUBLE && (!JSON_NODE_HOLDS_VALUE (node) || (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64)))
    return bad (error, where, name, _ ("must be a number"));
  *out = node;
  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     required,
            gboolean     nullable,
            const char  *where,
            const char **out,
            GError     **error)
{
  JsonNode *node;

  if (!member (object, name, G_TYPE_STRING, required, nullable, where, &node, error))
    return FALSE;
  *out = node ? json_node_get_string (node) : NULL;
  return TRUE;
}

static gboolean
get_count (JsonObject *object,
           const char *name,
           const char *where,
           gint64     *out,
           GError    **error)
{
  JsonNode *node;

  if (!member (object, name, G_TYPE_INT64, FALSE, FALSE, where, &node, error))
    return FALSE;
  if (node != NULL && json_node_get_int (node) < 0)
    return bad (error, where, name, _ ("must not be negative"));
  if (node != NULL)
    *out = json_node_get_int (node);
  return TRUE;
}

/* A date with a time zone; optional ones give NULL when absent. */
static gboolean
get_date (JsonObject *object,
          const char *name,
          gboolean    required,
          const char *where,
          GDateTime **out,
          GError    **error)
{
  const char *text;

  *out = NULL;
  if (!get_string (object, name, required, FALSE, where, &text, error))
    return FALSE;
  if (text != NULL && (*out = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return bad (error, where, name, _ ("is not a date and time with a time zone"));
  return TRUE;
}

static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' && !(text[i] == '=' && i >= len - 2))
      return FALSE;
  return TRUE;
}

static gboolean
read_images (SparkMessage *message,
             JsonArray    *images,
             const char   *where,
             GError      **error)
{
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonNode        *node = json_array_get_element (images, i);
      g_autofree char *image_where = g_strdup_printf (_ ("image %u of %s"), i + 1, where);
      const char      *mime_type, *data;
      JsonObject      *image;
      g_autoptr (GBytes) bytes = NULL;
      guchar *decoded;
      gsize   size;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad (error, where, "images", _ ("must be a list of objects"));
      image = json_node_get_object (node);
      if (!get_string (image, "mime_type", TRUE, FALSE, image_where, &mime_type, error)
          || !get_string (image, "data", TRUE, FALSE, image_where, &data, error))
        return FALSE;
      if (!g_str_has_prefix (mime_type, "image/"))
        return bad (error, image_where, "mime_type", _ ("is not an image type"));
      if (!is_base64 (data))
        return bad (error, image_where, "data", _ ("is not base64"));
      decoded = g_base64_decode (data, &size);
      bytes = g_bytes_new_take (decoded, size);
      spark_message_add_image (message, mime_type, bytes);
    }
  return TRUE;
}

static SparkMessage *
read_message (JsonNode   *node,
              guint       index,
              GHashTable *seen_ids,
              GError    **error)
{
  g_autofree char  *where = g_strdup_printf (_ ("message %u"), index + 1);
  const char       *id, *parent_id, *role_name, *text, *reasoning, *state_name, *error_text, *model, *provider;
  SparkRole         role;
  SparkMessageState state;
  gint64            prompt = 0, completion = 0, reasoning_tokens = 0, first_token_ms = -1;
  double            tokens_per_second = 0;
  JsonObject       *object;
  JsonNode         *usage, *images, *speed, *ttft;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) updated = NULL;
  g_autoptr (SparkMessage) message = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("Can’t import this file: %s is not an object."), where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "id", TRUE, FALSE, where, &id, error)
      || !get_string (object, "parent_id", FALSE, TRUE, where, &parent_id, error)
      || !get_string (object, "role", TRUE, FALSE, where, &role_name, error)
      || !get_string (object, "text", TRUE, FALSE, where, &text, error)
      || !get_string (object, "reasoning", FALSE, FALSE, where, &reasoning, error)
      || !get_string (object, "state", TRUE, FALSE, where, &state_name, error)
      || !get_string (object, "error", FALSE, TRUE, where, &error_text, error)
      || !get_string (object, "model", FALSE, TRUE, where, &model, error)
      || !get_string (object, "provider", FALSE, TRUE, where, &provider, error)
      || !member (object, "usage", JSON_TYPE_OBJECT, FALSE, FALSE, where, &usage, error)
      || !member (object, "first_token_ms", G_TYPE_INT64, FALSE, FALSE, where, &ttft, error)
      || !member (object, "tokens_per_second", G_TYPE_DOUBLE, FALSE, FALSE, where, &speed, error)
      || !member (object, "images", JSON_TYPE_ARRAY, FALSE, FALSE, where, &images, error)
      || !get_date (object, "created", TRUE, where, &created, error)
      || !get_date (object, "updated", FALSE, where, &updated, error))
    return NULL;

  if (*id == '\0')
    {
      bad (error, where, "id", _ ("must not be empty"));
      return NULL;
    }
  if (g_hash_table_contains (seen_ids, id))
    {
      bad (error, where, "id", _ ("is used by an earlier message"));
      return NULL;
    }
  if (!spark_role_from_string (role_name, &role))
    {
      bad (error, where, "role", _ ("is not a known role"));
      return NULL;
    }
  if (!spark_message_state_from_string (state_name, &state))
    {
      bad (error, where, "state", _ ("is not a known state"));
      return NULL;
    }
  if (parent_id != NULL && !g_hash_table_contains (seen_ids, parent_id))
    {
      bad (error, where, "parent_id", _ ("does not name an earlier message"));
      return NULL;
    }
  if (usage != NULL)
    {
      g_autofree char *usage_where = g_strdup_printf (_ ("the usage of %s"), where);
      JsonObject      *u = json_node_get_object (usage);

      if (!get_count (u, "prompt_tokens", usage_where, &prompt, error)
          || !get_count (u, "completion_tokens", usage_where, &completion, error)
          || !get_count (u, "reasoning_tokens", usage_where, &reasoning_tokens, error))
        return NULL;
    }
  if (ttft != NULL)
    first_token_ms = MAX (-1, json_node_get_int (ttft));
  if (speed != NULL && (tokens_per_second = json_node_get_double (speed)) < 0)
    {
      bad (error, where, "tokens_per_second", _ ("must not be negative"));
      return NULL;
    }

  message = g_object_new (SPARK_TYPE_MESSAGE, "id", id, "role", role, "text", text,
                          "parent-id", parent_id, "model", model, "provider", provider, NULL);
  spark_message_set_reasoning (message, reasoning);
  spark_message_set_usage (message, prompt, completion, reasoning_tokens);
  spark_message_set_timings (message, first_token_ms, tokens_per_second);
  if (images != NULL && !read_images (message, json_node_get_array (images), where, error))
    return NULL;

  /* A reply that was still arriving when exported can't go on. */
  if (state == SPARK_MESSAGE_PENDING || state == SPARK_MESSAGE_STREAMING)
    state = SPARK_MESSAGE_INTERRUPTED;
  if (state == SPARK_MESSAGE_FAILED)
    {
      g_autoptr (GError) failure = g_error_new_literal (SPARK_ERROR, SPARK_ERROR_FAILED,
                                                        error_text ? error_text : _ ("The reply failed."));
      spark_message_fail (message, failure);
    }
  else
    spark_message_set_state (message, state);
  spark_message_set_times (message, created, updated ? updated : created);

  g_hash_table_add (seen_ids, g_strdup (id));
  return g_steal_pointer (&message);
}

SparkConversation *
spark_export_from_json (const char *data,
                        gssize      length,
                        GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) updated = NULL;
  const char          *where = _ ("the conversation");
  const char          *id, *title, *mode_id;
  const SparkModeInfo *mode;
  JsonObject          *root, *object;
  JsonNode            *version, *node, *pinned, *list;
  SparkConversation   *conversation;
  JsonArray           *array;

  g_return_val_if_fail (data != NULL, NULL);

  /* Whatever is imported ends up in labels and the database: text only. */
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Can’t import this file: it isn’t UTF-8 text."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("Can’t import this file: it isn’t valid JSON (%s)."), parse_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || (version = json_object_get_member (root = json_node_get_object (json_parser_get_root (parser)), "spark_export")) == NULL)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Can’t import this file: it isn’t a conversation exported by Spark."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Can’t import this file: its “spark_export” version is not a positive whole number."));
      return NULL;
    }
  if (json_node_get_int (version) > SPARK_EXPORT_VERSION)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("This conversation was exported by a newer version of Spark (format %d). Update Spark to import it."),
                   (int) json_node_get_int (version));
      return NULL;
    }

  if (!member (root, "conversation", JSON_TYPE_OBJECT, TRUE, FALSE, _ ("the file"), &node, error))
    return NULL;
  object = json_node_get_object (node);
  if (!get_string (object, "id", TRUE, FALSE, where, &id, error)
      || !get_string (object, "title", FALSE, TRUE, where, &title, error)
      || !get_string (object, "mode", TRUE, FALSE, where, &mode_id, error)
      || !member (object, "pinned", G_TYPE_BOOLEAN, FALSE, FALSE, where, &pinned, error)
      || !get_date (object, "created", TRUE, where, &created, error)
      || !get_date (object, "updated", FALSE, where, &updated, error)
      || !member (object, "messages", JSON_TYPE_ARRAY, TRUE, FALSE, where, &list, error))
    return NULL;
  if (*id == '\0')
    {
      bad (error, where, "id", _ ("must not be empty"));
      return NULL;
    }
  if ((mode = spark_mode_info_from_id (mode_id)) == NULL)
    {
      bad (error, where, "mode", _ ("is not a known mode"));
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SparkMessage *message = read_message (json_array_get_element (array, i), i, seen_ids, error);

      if (message == NULL)
        return NULL;
      g_ptr_array_add (messages, message);
    }

  conversation = g_object_new (SPARK_TYPE_CONVERSATION, "id", id, "title", title, "mode", mode->mode,
                               "pinned", pinned ? json_node_get_boolean (pinned) : FALSE, NULL);
  spark_conversation_prepend (conversation, messages);
  spark_conversation_set_times (conversation, created, updated ? updated : created);
  return conversation;
}
