/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records of the requests the fake model service received: headers, body,
 * the body parsed as JSON or as multipart form data. */
#include "spark-fake-request.h"

#include <string.h>

static void
part_free (SparkFakePart *part)
{
  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_bytes_unref (part->data);
  g_free (part);
}

static JsonNode *
parse_json (GBytes     *body,
            const char *content_type)
{
  g_autoptr (JsonParser) parser = NULL;
  gsize       size;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0)
    return NULL;
  if ((content_type == NULL || strstr (content_type, "json") == NULL) && data[0] != '{' && data[0] != '[')
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
parse_multipart (SparkFakeRequest   *request,
                 SoupMessageHeaders *headers)
{
  g_autoptr (SoupMultipart) multipart = NULL;

  multipart = soup_multipart_new_from_message (headers, request->body);
  if (multipart == NULL)
    return;

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes             *part_body;
      g_autofree char    *disposition = NULL;
      g_autoptr (GHashTable) params = NULL;
      SparkFakePart *part;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;

      part = g_new0 (SparkFakePart, 1);
      if (soup_message_headers_get_content_disposition (part_headers, &disposition, &params))
        {
          part->name = g_strdup (g_hash_table_lookup (params, "name"));
          part->filename = g_strdup (g_hash_table_lookup (params, "filename"));
        }
      part->content_type = g_strdup (soup_message_headers_get_content_type (part_headers, NULL));
      part->data = g_bytes_ref (part_body);
      g_ptr_array_add (request->parts, part);
    }
}

/**
 * spark_fake_request_new:
 * @msg: a message whose request has been read in full
 * @connection: the number the service gave the message's connection
 */
SparkFakeRequest *
spark_fake_request_new (SoupServerMessage *msg,
                        guint              connection)
{
  SparkFakeRequest   *request = g_new0 (SparkFakeRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri               *uri = soup_server_message_get_uri (msg);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->headers = soup_message_headers_ref (headers);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->json = parse_json (request->body, request->content_type);
  request->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  request->connection = connection;

  if (request->content_type != NULL && g_ascii_strncasecmp (request->content_type, "multipart/", strlen ("multipart/")) == 0)
    parse_multipart (request, headers);

  return request;
}

void
spark_fake_request_free (SparkFakeRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->content_type);
  soup_message_headers_unref (request->headers);
  g_bytes_unref (request->body);
  g_clear_pointer (&request->json, json_node_unref);
  g_ptr_array_unref (request->parts);
  g_free (request);
}

/**
 * spark_fake_request_get_object:
 *
 * Returns: (transfer none) (nullable): the body as a JSON object, if it is one
 */
JsonObject *
spark_fake_request_get_object (const SparkFakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->json == NULL || !JSON_NODE_HOLDS_OBJECT (request->json))
    return NULL;
  return json_node_get_object (request->json);
}

/**
 * spark_fake_request_get_part:
 * @name: a form field name such as "file"
 *
 * Returns: (transfer none) (nullable): the first multipart part named @name
 */
const SparkFakePart *
spark_fake_request_get_part (const SparkFakeRequest *request,
                             const char             *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < request->parts->len; i++)
    {
      const SparkFakePart *part = g_ptr_array_index (request->parts, i);

      if (g_strcmp0 (part->name, name) == 0)
        return part;
    }
  return NULL;
}
