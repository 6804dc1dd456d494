/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Response helpers of the fake model service, and its simple endpoints:
 * models list, transcription, speech. */
#include "spark-fake-endpoints.h"

#include <string.h>

#include "spark-fake-chat.h"

void
spark_fake_respond (SoupServerMessage *msg,
                    guint              status,
                    const char        *content_type,
                    GBytes            *body)
{
  gsize         size;
  gconstpointer data = g_bytes_get_data (body, &size);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, size);
}

void
spark_fake_respond_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *message,
                          const char        *type,
                          const char        *code)
{
  g_autoptr (GBytes) body = spark_fake_error_body (message, type, code);

  spark_fake_respond (msg, status, "application/json", body);
}

const char *
spark_fake_error_type (guint status)
{
  switch (status)
    {
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 429:
      return "rate_limit_error";
    default:
      return status >= 500 ? "server_error" : "invalid_request_error";
    }
}

static gboolean
is_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL);
}

void
spark_fake_respond_status (SoupServerMessage    *msg,
                           const SparkFakeReply *reply)
{
  const char *body = reply->body;
  const char *content_type = "application/json";

  if (reply->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", reply->retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }

  if (body == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Fake service error: %s",
                                                  soup_status_get_phrase (reply->status));

      spark_fake_respond_error (msg, reply->status, message,
                                spark_fake_error_type (reply->status), NULL);
      return;
    }

  /* Scripts also imitate proxies that answer with HTML or plain text. */
  if (body[0] == '<')
    content_type = "text/html";
  else if (!is_json (body))
    content_type = "text/plain";

  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

void
spark_fake_handle_models (SoupServerMessage *msg,
                          const char *const *models)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  gsize            length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; models[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, models[i]);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "model");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, 1700000000);
      json_builder_set_member_name (builder, "owned_by");
      json_builder_add_string_value (builder, "fake");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  length = strlen (json);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&json), length);
}

static char *
part_text (const SparkFakeRequest *record,
           const char             *name)
{
  const SparkFakePart *part = spark_fake_request_get_part (record, name);

  if (part == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data));
}

void
spark_fake_handle_transcription (SoupServerMessage      *msg,
                                 const SparkFakeRequest *record,
                                 const char             *transcription)
{
  g_autofree char *format = part_text (record, "response_format");
  g_autofree char *language = part_text (record, "language");
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;
  gsize            length;

  if (spark_fake_request_get_part (record, "file") == NULL || spark_fake_request_get_part (record, "model") == NULL)
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                "A multipart form with 'file' and 'model' is required",
                                "invalid_request_error", NULL);
      return;
    }

  if (g_strcmp0 (format, "text") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                        transcription, strlen (transcription));
      return;
    }

  object = json_object_new ();
  if (g_strcmp0 (format, "verbose_json") == 0)
    {
      json_object_set_string_member (object, "task", "transcribe");
      json_object_set_string_member (object, "language", language ? language : "english");
      json_object_set_double_member (object, "duration", 1.0);
      json_object_set_array_member (object, "segments", json_array_new ());
    }
  json_object_set_string_member (object, "text", transcription);

  node = json_node_init_object (json_node_alloc (), object);
  json = json_to_string (node, FALSE);
  length = strlen (json);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&json), length);
}

void
spark_fake_handle_speech (SoupServerMessage      *msg,
                          const SparkFakeRequest *record)
{
  /* Enough for a client to recognise an Ogg stream; not playable audio. */
  static const char ogg[] = "OggS\0\2\0\0\0\0\0\0\0\0fake-speech\0\0\0\0\1\23OpusHead";
  JsonObject       *request = spark_fake_request_get_object (record);

  if (request == NULL || !json_object_has_member (request, "input"))
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "'input' is required",
                                "invalid_request_error", NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "audio/ogg", SOUP_MEMORY_STATIC,
                                    ogg, sizeof ogg - 1);
}
