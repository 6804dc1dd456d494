/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Script files of the fake model service: a JSON queue of replies, plus
 * optional service settings, for `spark-fake-service --script FILE`. */
#include "spark-fake-service.h"

static gboolean
push_replies (SparkFakeService *self,
              JsonNode         *node,
              GError          **error)
{
  JsonArray *array;
  GPtrArray *replies;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the replies must be a JSON array of objects");
      return FALSE;
    }

  /* All or nothing: a bad reply leaves the queue as it was. */
  array = json_node_get_array (node);
  replies = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_fake_reply_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode       *item = json_array_get_element (array, i);
      SparkFakeReply *reply;
      g_autoptr (GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "reply %u is not a JSON object", i + 1);
          g_ptr_array_unref (replies);
          return FALSE;
        }
      reply = spark_fake_reply_new_from_json (json_node_get_object (item),
                                              spark_fake_service_get_default_reply (self),
                                              &local_error);
      if (reply == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "reply %u: %s", i + 1, local_error->message);
          g_ptr_array_unref (replies);
          return FALSE;
        }
      g_ptr_array_add (replies, reply);
    }

  while (replies->len > 0)
    spark_fake_service_push_reply (self, g_ptr_array_steal_index (replies, 0));
  g_ptr_array_unref (replies);
  return TRUE;
}

static gboolean
apply_settings (SparkFakeService *self,
                JsonObject       *object,
                GError          **error)
{
  if (json_object_has_member (object, "models"))
    {
      JsonArray *array = json_object_get_array_member (object, "models");
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) ids = NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *id = json_array_get_string_element (array, i);

          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
      ids = g_strv_builder_end (builder);
      if (ids[0] == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "\"models\" must be a non-empty array of model ids");
          return FALSE;
        }
      spark_fake_service_set_models (self, (const char *const *) ids);
    }

  if (json_object_has_member (object, "api_key"))
    spark_fake_service_set_api_key (self, json_object_get_string_member (object, "api_key"));

  if (json_object_has_member (object, "transcription"))
    {
      const char *text = json_object_get_string_member (object, "transcription");

      if (text != NULL)
        spark_fake_service_set_transcription (self, text);
    }

  if (json_object_has_member (object, "default"))
    {
      JsonObject *defaults = json_object_get_object_member (object, "default");
      g_autoptr (SparkFakeReply) reply = NULL;

      if (defaults == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "\"default\" must be a reply object");
          return FALSE;
        }
      reply = spark_fake_reply_new_from_json (defaults,
                                              spark_fake_service_get_default_reply (self),
                                              error);
      if (reply == NULL)
        return FALSE;
      spark_fake_service_set_default_reply (self, reply);
    }

  return TRUE;
}

/**
 * spark_fake_service_load_script:
 * @path: a JSON file: an array of replies, or an object with `replies`
 *   (that array) and optional `models` (array of ids), `api_key`,
 *   `transcription` and `default` (a reply); see
 *   spark_fake_reply_new_from_json() for the members of a reply
 *
 * Queues the replies; members a reply leaves out come from the default
 * reply (after `default` is applied).
 *
 * Returns: %FALSE with @error set if the file can't be read or is wrong
 */
gboolean
spark_fake_service_load_script (SparkFakeService *self,
                                const char       *path,
                                GError          **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    return push_replies (self, root, error);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a script is a JSON array of replies or an object");
      return FALSE;
    }

  if (!apply_settings (self, json_node_get_object (root), error))
    return FALSE;
  if (json_object_has_member (json_node_get_object (root), "replies"))
    return push_replies (self, json_object_get_member (json_node_get_object (root), "replies"),
                         error);
  return TRUE;
}
