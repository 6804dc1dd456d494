/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkClient's whole-body requests: listing models, transcribing audio and
 * reading text aloud.
 * Same error sentences as chat; one overall deadline (connect + idle). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "spark-client-private.h"
#include "spark-error.h"

typedef struct
{
  SparkClient   *client;
  SparkProvider *provider;
  char          *endpoint;
  gboolean       sent_key;
  SoupMessage   *msg;
  GCancellable  *op_cancel;
  GCancellable  *user_cancel;
  gulong         user_cancel_id;
  GSource       *timeout;
  gboolean       timed_out;
} SimpleData;

static void
simple_data_free (SimpleData *data)
{
  if (data->user_cancel_id != 0)
    g_cancellable_disconnect (data->user_cancel, data->user_cancel_id);
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  g_clear_object (&data->user_cancel);
  g_clear_object (&data->op_cancel);
  g_clear_object (&data->msg);
  g_clear_object (&data->provider);
  g_clear_object (&data->client);
  g_free (data->endpoint);
  g_free (data);
}

static void
simple_user_cancelled_cb (GCancellable *cancellable,
                          SimpleData   *data)
{
  g_cancellable_cancel (data->op_cancel);
}

static gboolean
simple_timeout_cb (gpointer user_data)
{
  SimpleData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->op_cancel);
  return G_SOURCE_REMOVE;
}

/* Sends @msg; the callback gets the body or a SPARK_ERROR already mapped. */
static GTask *
simple_task_new (SparkClient        *self,
                 SparkProvider      *provider,
                 const char         *endpoint,
                 gboolean            sent_key,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data,
                 gpointer            source_tag)
{
  GTask      *task = g_task_new (self, cancellable, callback, user_data);
  SimpleData *data = g_new0 (SimpleData, 1);
  guint       seconds = spark_client_get_connect_timeout (self) + spark_client_get_idle_timeout (self);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  data->client = g_object_ref (self);
  data->provider = g_object_ref (provider);
  data->endpoint = g_strdup (endpoint);
  data->sent_key = sent_key;
  data->op_cancel = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->user_cancel = g_object_ref (cancellable);
      data->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (simple_user_cancelled_cb), data, NULL);
    }
  data->timeout = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (data->timeout, simple_timeout_cb, data, NULL);
  g_source_attach (data->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, data, (GDestroyNotify) simple_data_free);
  return task;
}

/* The task with its request made; NULL when the request can't even be
 * made (the error is already returned through the task). */
static GTask *
simple_start (SparkClient        *self,
              SparkProvider      *provider,
              const char         *method,
              const char         *endpoint,
              const char         *api_key,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data,
              gpointer            source_tag)
{
  GTask      *task = simple_task_new (self, provider, endpoint, api_key && *api_key, cancellable,
                                      callback, user_data, source_tag);
  SimpleData *data = g_task_get_task_data (task);
  GError     *error = NULL;

  data->msg = spark_client_new_message (provider, method, endpoint, api_key, &error);
  if (data->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return NULL;
    }
  return task;
}

/* The body on 2xx; otherwise NULL with the error set. */
static GBytes *
simple_finish_body (GTask        *task,
                    GAsyncResult *res,
                    GError      **error)
{
  SimpleData *data = g_task_get_task_data (task);
  g_autoptr (GError) io_error = NULL;
  g_autoptr (GBytes) body = NULL;
  SparkErrorContext ctx;
  guint             status;

  spark_client_fill_error_context (&ctx, data->provider, NULL, data->endpoint, data->sent_key);
  body = soup_session_send_and_read_finish (spark_client_get_session (data->client), res, &io_error);
  if (body == NULL)
    {
      if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && data->timed_out
          && !g_cancellable_is_cancelled (data->user_cancel))
        g_set_error (error, SPARK_ERROR, SPARK_ERROR_TIMEOUT,
                     _ ("%s at %s didn’t answer in time. Check that it is running and reachable."),
                     ctx.service_name, ctx.base_url);
      else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&io_error));
      else
        g_propagate_error (error, spark_client_error_from_io (&ctx, io_error));
      return NULL;
    }

  status = soup_message_get_status (data->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_propagate_error (error, spark_client_error_from_http (&ctx, status,
                                                              g_bytes_get_data (body, NULL),
                                                              g_bytes_get_size (body), 0));
      return NULL;
    }
  return g_steal_pointer (&body);
}

static JsonObject *
parse_object (GBytes     *body,
              SimpleData *data,
              GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                   _ ("%s sent an answer Spark can’t read. Is %s an OpenAI-compatible address?"),
                   spark_provider_get_name (data->provider), spark_provider_get_base_url (data->provider));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
models_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SimpleData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GError   *error = NULL;
  JsonNode *list;

  if ((body = simple_finish_body (task, res, &error)) == NULL
      || (obj = parse_object (body, data, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* OpenAI shape {"data":[{"id":…}]}; some servers also send "models". */
  list = json_object_get_member (obj, "data");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    list = json_object_get_member (obj, "models");
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode   *item = json_array_get_element (array, i);
          const char *id = NULL;

          if (JSON_NODE_HOLDS_OBJECT (item))
            {
              JsonObject *o = json_node_get_object (item);
              id = json_object_get_string_member_with_default (o, "id", NULL);
              if (id == NULL)
                id = json_object_get_string_member_with_default (o, "name", NULL);
            }
          if (id != NULL && *id != '\0' && g_utf8_validate (id, -1, NULL))
            g_ptr_array_add (ids, g_strdup (id));
        }
    }
  else
    {
      g_task_return_error (task, g_error_new (SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                                              _ ("%s sent an answer Spark can’t read. Is %s an OpenAI-compatible address?"),
                                              spark_provider_get_name (data->provider),
                                              spark_provider_get_base_url (data->provider)));
      return;
    }

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (ids, NULL), (GDestroyNotify) g_strfreev);
}

void
spark_client_list_models_async (SparkClient        *self,
                                SparkProvider      *provider,
                                const char         *api_key,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask      *task;
  SimpleData *data;

  g_return_if_fail (SPARK_IS_CLIENT (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));

  task = simple_start (self, provider, SOUP_METHOD_GET, "models", api_key, cancellable, callback, user_data, spark_client_list_models_async);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);
  soup_session_send_and_read_async (spark_client_get_session (self), data->msg, G_PRIORITY_DEFAULT,
                                    data->op_cancel, models_cb, task);
}

GStrv
spark_client_list_models_finish (SparkClient  *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_client_list_models_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
transcribe_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SimpleData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonObject) obj = NULL;
  GError     *error = NULL;
  const char *text;

  if ((body = simple_finish_body (task, res, &error)) == NULL
      || (obj = parse_object (body, data, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  text = json_object_get_string_member_with_default (obj, "text", NULL);
  if (text == NULL)
    {
      g_task_return_error (task, g_error_new (SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                                              _ ("%s sent a transcription Spark can’t read."),
                                              spark_provider_get_name (data->provider)));
      return;
    }
  g_task_return_pointer (task, g_strdup (text), g_free);
}

void
spark_client_transcribe_async (SparkClient        *self,
                               SparkProvider      *provider,
                               const char         *api_key,
                               GBytes             *audio,
                               const char         *filename,
                               const char         *content_type,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (SoupMultipart) multipart = NULL;
  GTask      *task;
  SimpleData *data;
  const char *model;

  g_return_if_fail (SPARK_IS_CLIENT (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (audio != NULL);

  task = simple_start (self, provider, SOUP_METHOD_POST, "audio/transcriptions", api_key, cancellable, callback, user_data, spark_client_transcribe_async);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  model = spark_provider_get_transcription_model (provider);
  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", filename ? filename : "audio.ogg",
                                   content_type ? content_type : "audio/ogg", audio);
  soup_multipart_append_form_string (multipart, "model", (model && *model) ? model : "whisper-1");
  soup_multipart_append_form_string (multipart, "response_format", "json");
  {
    GBytes *body = NULL;

    soup_multipart_to_message (multipart, soup_message_get_request_headers (data->msg), &body);
    soup_message_set_request_body_from_bytes (data->msg, NULL, body);
    g_bytes_unref (body);
  }
  soup_session_send_and_read_async (spark_client_get_session (self), data->msg, G_PRIORITY_DEFAULT,
                                    data->op_cancel, transcribe_cb, task);
}

char *
spark_client_transcribe_finish (SparkClient  *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_client_transcribe_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GBytes *audio;
  char   *content_type;
} SpeechResult;

static void
speech_result_free (SpeechResult *result)
{
  g_bytes_unref (result->audio);
  g_free (result->content_type);
  g_free (result);
}

static void
speech_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SimpleData   *data = g_task_get_task_data (task);
  GError       *error = NULL;
  GBytes       *body;
  SpeechResult *result;
  const char   *type;

  if ((body = simple_finish_body (task, res, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_bytes_get_size (body) == 0)
    {
      g_bytes_unref (body);
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                               _ ("%s sent no audio to play."), spark_provider_get_name (data->provider));
      return;
    }

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (data->msg), NULL);
  result = g_new0 (SpeechResult, 1);
  result->audio = body;
  result->content_type = g_strdup (type ? type : "application/octet-stream");
  g_task_return_pointer (task, result, (GDestroyNotify) speech_result_free);
}

void
spark_client_speech_async (SparkClient        *self,
                           SparkProvider      *provider,
                           const char         *api_key,
                           const char         *text,
                           const char         *model,
                           const char         *voice,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GTask           *task;
  SimpleData      *data;

  g_return_if_fail (SPARK_IS_CLIENT (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (text != NULL);

  task = simple_start (self, provider, SOUP_METHOD_POST, "audio/speech", api_key, cancellable, callback, user_data, spark_client_speech_async);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  /* No response_format: every server's default (MP3) is the one all of
   * them support, and GStreamer decodes whatever comes. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, (model && *model) ? model : "tts-1");
  json_builder_set_member_name (builder, "input");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "voice");
  json_builder_add_string_value (builder, (voice && *voice) ? voice : "alloy");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  {
    gsize len = strlen (json);
    g_autoptr (GBytes) body = g_bytes_new_take (g_steal_pointer (&json), len);

    soup_message_set_request_body_from_bytes (data->msg, "application/json", body);
  }
  soup_session_send_and_read_async (spark_client_get_session (self), data->msg, G_PRIORITY_DEFAULT,
                                    data->op_cancel, speech_cb, task);
}

GBytes *
spark_client_speech_finish (SparkClient  *self,
                            GAsyncResult *result,
                            char        **content_type,
                            GError      **error)
{
  SpeechResult *speech;
  GBytes       *audio;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_client_speech_async, NULL);

  speech = g_task_propagate_pointer (G_TASK (result), error);
  if (speech == NULL)
    return NULL;
  audio = g_bytes_ref (speech->audio);
  if (content_type != NULL)
    *content_type = g_strdup (speech->content_type);
  speech_result_free (speech);
  return audio;
}
