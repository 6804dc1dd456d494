/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chat completion request bodies: system prompt, messages with text and
 * image parts, stream options, sampling, reasoning effort, tools and the
 * structured-output chain (json_schema → json_object + schema in the
 * prompt → text with the schema in the prompt, then extraction). */
#include "config.h"

#include "spark-message.h"
#include "spark-request.h"

void
spark_request_options_init (SparkRequestOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->temperature = -1;
  options->stream = TRUE;
  options->response_format = SPARK_RESPONSE_TEXT;
}

static const char *
role_name (SparkRole role)
{
  switch (role)
    {
    case SPARK_ROLE_SYSTEM:
      return "system";
    case SPARK_ROLE_ASSISTANT:
      return "assistant";
    case SPARK_ROLE_TOOL:
      return "tool";
    case SPARK_ROLE_USER:
    default:
      return "user";
    }
}

static char *
system_text (const SparkRequestOptions *options)
{
  GString *text = g_string_new (options->system_prompt);

  /* Without json_schema support the schema travels as instructions. */
  if (options->schema != NULL && options->response_format != SPARK_RESPONSE_JSON_SCHEMA)
    {
      g_autofree char *schema = json_to_string (options->schema, FALSE);

      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, "Reply with one JSON object only, no prose and no code fences, "
                             "that validates against this JSON Schema:\n");
      g_string_append (text, schema);
    }
  return g_string_free (text, text->len == 0);
}

static void
add_content (JsonBuilder  *builder,
             SparkMessage *message)
{
  GPtrArray  *images = spark_message_get_images (message);
  const char *text = spark_message_get_text (message);

  json_builder_set_member_name (builder, "content");
  if (images->len == 0)
    {
      json_builder_add_string_value (builder, text);
      return;
    }

  json_builder_begin_array (builder);
  if (*text != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < images->len; i++)
    {
      SparkImage      *image = g_ptr_array_index (images, i);
      gsize            size;
      const guchar    *bytes = g_bytes_get_data (image->data, &size);
      g_autofree char *b64 = g_base64_encode (bytes, size);
      g_autofree char *url = g_strconcat ("data:", image->mime_type, ";base64,", b64, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "image_url");
      json_builder_set_member_name (builder, "image_url");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
should_send (SparkMessage *message)
{
  switch (spark_message_get_state (message))
    {
    case SPARK_MESSAGE_PENDING:
    case SPARK_MESSAGE_STREAMING:
      return FALSE;
    case SPARK_MESSAGE_FAILED:
    case SPARK_MESSAGE_CANCELLED:
    case SPARK_MESSAGE_INTERRUPTED:
      /* What the person saw of a broken reply is context; nothing is not. */
      return spark_message_get_text_length (message) > 0;
    case SPARK_MESSAGE_COMPLETE:
    default:
      return spark_message_get_text_length (message) > 0
             || spark_message_get_images (message)->len > 0;
    }
}

JsonNode *
spark_request_build (const SparkRequestOptions *options,
                     GListModel                *messages)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *system = NULL;
  guint            n;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);

  json_builder_begin_object (builder);

  if (options->model != NULL)
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, options->model);
    }

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if ((system = system_text (options)) != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "system");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, system);
      json_builder_end_object (builder);
    }
  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (messages, i);

      if (!should_send (message)
          && !(options->continue_last && i + 1 == n && spark_message_get_text_length (message) > 0))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, role_name (spark_message_get_role (message)));
      add_content (builder, message);
      json_builder_end_object (builder);
    }
  if (options->continue_last && options->continue_prompt != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "user");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, options->continue_prompt);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, options->stream);
  if (options->stream)
    {
      json_builder_set_member_name (builder, "stream_options");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "include_usage");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }

  if (options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, options->temperature);
    }
  if (options->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, options->max_tokens);
    }
  if (options->reasoning_effort != NULL)
    {
      json_builder_set_member_name (builder, "reasoning_effort");
      json_builder_add_string_value (builder, options->reasoning_effort);
    }

  if (options->response_format == SPARK_RESPONSE_JSON_SCHEMA && options->schema != NULL)
    {
      json_builder_set_member_name (builder, "response_format");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "json_schema");
      json_builder_set_member_name (builder, "json_schema");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, options->schema_name ? options->schema_name : "result");
      json_builder_set_member_name (builder, "strict");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "schema");
      json_builder_add_value (builder, json_node_copy (options->schema));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  else if (options->response_format == SPARK_RESPONSE_JSON_OBJECT)
    {
      json_builder_set_member_name (builder, "response_format");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "json_object");
      json_builder_end_object (builder);
    }

  if (options->tools != NULL && JSON_NODE_HOLDS_ARRAY (options->tools)
      && json_array_get_length (json_node_get_array (options->tools)) > 0)
    {
      json_builder_set_member_name (builder, "tools");
      json_builder_add_value (builder, json_node_copy (options->tools));
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Scans from an opening brace to its matching close, honouring strings
 * and escapes; returns the end or NULL if unbalanced. */
static const char *
match_object (const char *p)
{
  int      depth = 0;
  gboolean in_string = FALSE;

  for (; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{')
        depth++;
      else if (*p == '}' && --depth == 0)
        return p + 1;
    }
  return NULL;
}

char *
spark_request_extract_json (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  for (const char *start = strchr (text, '{'); start != NULL; start = strchr (start + 1, '{'))
    {
      const char *end = match_object (start);
      g_autoptr (JsonParser) parser = NULL;

      if (end == NULL)
        continue; /* an unbalanced brace in prose; a later one may start the object */
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, start, end - start, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return g_strndup (start, end - start);
    }
  return NULL;
}
