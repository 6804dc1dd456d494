/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake OpenAI-compatible model service for tests and development: models
 * list, streamed and plain chat completions, transcription and speech, API
 * key checks, scripted replies with wire faults, and a record of every
 * request. */
#include "spark-fake-service.h"

#include <libsoup/soup.h>
#include <string.h>

#include "spark-fake-chat.h"
#include "spark-fake-endpoints.h"
#include "spark-fake-stream.h"

#define DEFAULT_TEXT "Hello from the fake model service."
#define DEFAULT_TRANSCRIPTION "This is what the fake service heard."

struct _SparkFakeService
{
  GObject parent_instance;

  GMainContext *context;
  SoupServer   *server;
  guint         port;
  char         *base_url;

  char          **models;
  char           *api_key;
  gboolean        reject_json_schema;
  char           *transcription;
  GHashTable     *path_status; /* path → status */
  SparkFakeReply *default_reply;
  GQueue          replies;

  GPtrArray *requests; /* SparkFakeRequest */
  guint      n_connections;
  guint64    tokens_sent;
  guint      n_chats;
  GPtrArray *streams; /* SparkFakeStream still writing */
};

G_DEFINE_FINAL_TYPE (SparkFakeService, spark_fake_service, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKENS_SENT,
  N_PROPS
};

enum
{
  REQUEST_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
spark_fake_service_dispose (GObject *object)
{
  SparkFakeService *self = SPARK_FAKE_SERVICE (object);

  /* Streams first, so no timer fires and no handler runs while the server
   * closes the connections under them. */
  g_ptr_array_set_size (self->streams, 0);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (spark_fake_service_parent_class)->dispose (object);
}

static void
spark_fake_service_finalize (GObject *object)
{
  SparkFakeService *self = SPARK_FAKE_SERVICE (object);

  g_ptr_array_unref (self->streams);
  g_ptr_array_unref (self->requests);
  g_queue_clear_full (&self->replies, (GDestroyNotify) spark_fake_reply_free);
  spark_fake_reply_free (self->default_reply);
  g_hash_table_unref (self->path_status);
  g_free (self->transcription);
  g_free (self->api_key);
  g_strfreev (self->models);
  g_free (self->base_url);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (spark_fake_service_parent_class)->finalize (object);
}

static void
spark_fake_service_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SparkFakeService *self = SPARK_FAKE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKENS_SENT:
      g_value_set_uint64 (value, self->tokens_sent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_fake_service_class_init (SparkFakeServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spark_fake_service_dispose;
  object_class->finalize = spark_fake_service_finalize;
  object_class->get_property = spark_fake_service_get_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS_SENT] =
    g_param_spec_uint64 ("tokens-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SparkFakeService::request-received:
   * @request: (type gpointer): the SparkFakeRequest just recorded
   *
   * Emitted for every request, before it is answered.
   */
  signals[REQUEST_RECEIVED] =
    g_signal_new ("request-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
spark_fake_service_init (SparkFakeService *self)
{
  static const char *const default_models[] = { "fake-chat", "fake-vision", NULL };

  self->context = g_main_context_ref_thread_default ();
  self->models = g_strdupv ((char **) default_models);
  self->transcription = g_strdup (DEFAULT_TRANSCRIPTION);
  self->path_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->default_reply = spark_fake_reply_new (DEFAULT_TEXT);
  g_queue_init (&self->replies);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_fake_request_free);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_fake_stream_free);
}

/* Chat completions */

typedef struct
{
  SparkFakeService *self;
  SparkFakeReply   *reply;
  JsonObject       *request;
} DelayedChat;

static void
delayed_chat_free (DelayedChat *delayed)
{
  spark_fake_reply_free (delayed->reply);
  json_object_unref (delayed->request);
  g_free (delayed);
}

static void
stream_token_written_cb (SparkFakeStream *stream,
                         gpointer         user_data)
{
  SparkFakeService *self = user_data;

  self->tokens_sent++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS_SENT]);
}

static void
stream_finished_cb (SparkFakeStream *stream,
                    gpointer         user_data)
{
  SparkFakeService *self = user_data;

  g_ptr_array_remove_fast (self->streams, stream);
}

static SparkFakeStream *
add_stream (SparkFakeService  *self,
            SoupServerMessage *msg)
{
  SparkFakeStream *stream = spark_fake_stream_new (msg, self->context,
                                                   stream_token_written_cb,
                                                   stream_finished_cb, self);

  g_ptr_array_add (self->streams, stream);
  return stream;
}

/* Answers with @reply, now (from the handler) or after a delay (@stream
 * then holds the paused message). */
static void
answer_chat (SparkFakeService     *self,
             SoupServerMessage    *msg,
             SparkFakeStream      *stream,
             const SparkFakeReply *reply,
             JsonObject           *request)
{
  g_autofree char    *id = NULL;
  SparkFakeChatInfo   info;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SparkFakeStepKind   action = SPARK_FAKE_STEP_DATA;

  if (reply->status != 0 && reply->status != SOUP_STATUS_OK)
    {
      spark_fake_respond_status (msg, reply);
      return;
    }

  if ((reply->reject_json_schema || self->reject_json_schema) && spark_fake_chat_wants_json_schema (request))
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                "response_format type 'json_schema' is not supported by this model",
                                "invalid_request_error", NULL);
      return;
    }

  id = g_strdup_printf ("chatcmpl-fake-%u", ++self->n_chats);
  spark_fake_chat_info_init (&info, id, request);

  if (reply->fault == SPARK_FAKE_FAULT_RESET_MID_STREAM)
    action = SPARK_FAKE_STEP_RESET;
  else if (reply->fault == SPARK_FAKE_FAULT_STALL)
    action = SPARK_FAKE_STEP_STALL;

  if (json_object_get_boolean_member_with_default (request, "stream", FALSE))
    {
      soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
      spark_fake_stream_send (stream ? stream : add_stream (self, msg),
                              spark_fake_chat_stream_steps (reply, &info),
                              reply->tokens_per_second);
    }
  else if (action != SPARK_FAKE_STEP_DATA)
    {
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      spark_fake_stream_send (stream ? stream : add_stream (self, msg),
                              spark_fake_steps_new_action (action), 0);
    }
  else
    {
      g_autoptr (GBytes) body = spark_fake_chat_completion (reply, &info);

      spark_fake_respond (msg, SOUP_STATUS_OK, "application/json", body);
    }
}

static void
delayed_chat_ready_cb (SparkFakeStream *stream,
                       gpointer         data)
{
  DelayedChat *delayed = data;

  answer_chat (delayed->self, spark_fake_stream_get_message (stream), stream,
               delayed->reply, delayed->request);
}

static void
handle_chat (SparkFakeService       *self,
             SoupServerMessage      *msg,
             const SparkFakeRequest *record)
{
  JsonObject *request = spark_fake_request_get_object (record);
  g_autoptr (SparkFakeReply) reply = NULL;
  const char *model;

  if (request == NULL)
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                "The request body is not a JSON object",
                                "invalid_request_error", NULL);
      return;
    }

  model = json_object_get_string_member_with_default (request, "model", NULL);
  if (model == NULL)
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                "you must provide a model parameter",
                                "invalid_request_error", NULL);
      return;
    }
  if (!g_strv_contains ((const char *const *) self->models, model))
    {
      g_autofree char *message = g_strdup_printf ("model '%s' not found", model);

      spark_fake_respond_error (msg, SOUP_STATUS_NOT_FOUND, message,
                                "not_found_error", "model_not_found");
      return;
    }

  /* A service without structured output refuses before any reply is used. */
  if (self->reject_json_schema && spark_fake_chat_wants_json_schema (request))
    {
      spark_fake_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                "response_format type 'json_schema' is not supported by this model",
                                "invalid_request_error", NULL);
      return;
    }

  reply = g_queue_pop_head (&self->replies);
  if (reply == NULL)
    reply = spark_fake_reply_copy (self->default_reply);

  if (reply->fault == SPARK_FAKE_FAULT_SLOW_FIRST_BYTE && reply->fault_after > 0)
    {
      DelayedChat *delayed = g_new0 (DelayedChat, 1);

      delayed->self = self;
      delayed->reply = g_steal_pointer (&reply);
      delayed->request = json_object_ref (request);
      spark_fake_stream_delay (add_stream (self, msg), delayed->reply->fault_after,
                               delayed_chat_ready_cb, delayed,
                               (GDestroyNotify) delayed_chat_free);
      return;
    }

  answer_chat (self, msg, NULL, reply, request);
}

static gboolean
authorized (SparkFakeService       *self,
            const SparkFakeRequest *record)
{
  g_autofree char *expected = NULL;

  if (self->api_key == NULL)
    return TRUE;

  expected = g_strconcat ("Bearer ", self->api_key, NULL);
  return g_strcmp0 (record->authorization, expected) == 0;
}

static guint
connection_number (SparkFakeService  *self,
                   SoupServerMessage *msg)
{
  static GQuark quark;
  GSocket      *socket = soup_server_message_get_socket (msg);
  guint         number;

  if (quark == 0)
    quark = g_quark_from_static_string ("spark-fake-connection");
  if (socket == NULL)
    return 0;

  number = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (socket), quark));
  if (number == 0)
    {
      number = ++self->n_connections;
      g_object_set_qdata (G_OBJECT (socket), quark, GUINT_TO_POINTER (number));
    }
  return number;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SparkFakeService *self = user_data;
  const char       *method = soup_server_message_get_method (msg);
  SparkFakeRequest *record;
  guint             status;

  record = spark_fake_request_new (msg, connection_number (self, msg));
  g_ptr_array_add (self->requests, record);
  g_signal_emit (self, signals[REQUEST_RECEIVED], 0, record);

  if (!authorized (self, record))
    {
      spark_fake_respond_error (msg, SOUP_STATUS_UNAUTHORIZED,
                                "Incorrect API key provided. You can find your API key in your account settings.",
                                "invalid_request_error", "invalid_api_key");
      return;
    }

  status = GPOINTER_TO_UINT (g_hash_table_lookup (self->path_status, path));
  if (status != 0)
    {
      g_autofree char *message = g_strdup_printf ("Fake service error: %s",
                                                  soup_status_get_phrase (status));

      spark_fake_respond_error (msg, status, message, spark_fake_error_type (status), NULL);
      return;
    }

  if (g_str_equal (path, "/v1/models") && method == SOUP_METHOD_GET)
    spark_fake_handle_models (msg, (const char *const *) self->models);
  else if (g_str_equal (path, "/v1/chat/completions") && method == SOUP_METHOD_POST)
    handle_chat (self, msg, record);
  else if (g_str_equal (path, "/v1/audio/transcriptions") && method == SOUP_METHOD_POST)
    spark_fake_handle_transcription (msg, record, self->transcription);
  else if (g_str_equal (path, "/v1/audio/speech") && method == SOUP_METHOD_POST)
    spark_fake_handle_speech (msg, record);
  else
    {
      g_autofree char *message = g_strdup_printf ("Unknown request URL: %s %s", method, path);

      spark_fake_respond_error (msg, SOUP_STATUS_NOT_FOUND, message, "invalid_request_error",
                                "unknown_url");
    }
}

/* Public API */

/**
 * spark_fake_service_new_for_port:
 * @port: a TCP port on 127.0.0.1, or 0 for a free one
 *
 * Returns: (transfer full) (nullable): a listening service, or %NULL with
 *   @error set
 */
SparkFakeService *
spark_fake_service_new_for_port (guint    port,
                                 GError **error)
{
  g_autoptr (SparkFakeService) self = g_object_new (SPARK_TYPE_FAKE_SERVICE, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSList *uris;

  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  self->server = soup_server_new ("server-header", "spark-fake-service ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u/v1", self->port);

  return g_steal_pointer (&self);
}

/**
 * spark_fake_service_new:
 *
 * Returns: (transfer full) (nullable): a service listening on a free port
 *   of 127.0.0.1, or %NULL with @error set
 */
SparkFakeService *
spark_fake_service_new (GError **error)
{
  return spark_fake_service_new_for_port (0, error);
}

/**
 * spark_fake_service_get_base_url:
 *
 * Returns: "http://127.0.0.1:PORT/v1"
 */
const char *
spark_fake_service_get_base_url (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), NULL);

  return self->base_url;
}

guint
spark_fake_service_get_port (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  return self->port;
}

/**
 * spark_fake_service_set_models:
 * @ids: the model ids `GET /models` lists and chat requests may name
 *
 * Default: "fake-chat", "fake-vision".
 */
void
spark_fake_service_set_models (SparkFakeService  *self,
                               const char *const *ids)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));
  g_return_if_fail (ids != NULL);

  g_strfreev (self->models);
  self->models = g_strdupv ((char **) ids);
}

/**
 * spark_fake_service_set_api_key:
 * @api_key: (nullable): the key every request must carry as
 *   `Authorization: Bearer KEY`; %NULL (the default) requires none
 *
 * Requests without it get 401 with an OpenAI-like error body.
 */
void
spark_fake_service_set_api_key (SparkFakeService *self,
                                const char       *api_key)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

/**
 * spark_fake_service_set_reject_json_schema:
 *
 * Like a provider without structured output: every chat request with
 * `response_format.type == "json_schema"` gets 400 (without consuming a
 * scripted reply). SparkFakeReply.reject_json_schema does it once.
 */
void
spark_fake_service_set_reject_json_schema (SparkFakeService *self,
                                           gboolean          reject)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));

  self->reject_json_schema = !!reject;
}

/**
 * spark_fake_service_set_transcription:
 *
 * The text `POST /audio/transcriptions` answers.
 */
void
spark_fake_service_set_transcription (SparkFakeService *self,
                                      const char       *text)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));
  g_return_if_fail (text != NULL);

  g_free (self->transcription);
  self->transcription = g_strdup (text);
}

/**
 * spark_fake_service_set_path_status:
 * @path: a request path such as "/v1/audio/transcriptions"
 * @status: the status every request to @path gets (with an OpenAI-like
 *   error body), or 0 to answer normally again
 */
void
spark_fake_service_set_path_status (SparkFakeService *self,
                                    const char       *path,
                                    guint             status)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));
  g_return_if_fail (path != NULL);

  if (status == 0)
    g_hash_table_remove (self->path_status, path);
  else
    g_hash_table_insert (self->path_status, g_strdup (path), GUINT_TO_POINTER (status));
}

/**
 * spark_fake_service_set_default_reply:
 *
 * What chat requests get when no scripted reply is queued (copied).
 * Default: "Hello from the fake model service." as fast as possible.
 */
void
spark_fake_service_set_default_reply (SparkFakeService     *self,
                                      const SparkFakeReply *reply)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));
  g_return_if_fail (reply != NULL);

  spark_fake_reply_free (self->default_reply);
  self->default_reply = spark_fake_reply_copy (reply);
}

const SparkFakeReply *
spark_fake_service_get_default_reply (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), NULL);

  return self->default_reply;
}

/**
 * spark_fake_service_push_reply:
 * @reply: (transfer full): the answer to a coming chat request
 *
 * Replies are used in order, one per chat request that passes the checks
 * (API key, JSON body, known model); then the default reply.
 */
void
spark_fake_service_push_reply (SparkFakeService *self,
                               SparkFakeReply   *reply)
{
  g_return_if_fail (SPARK_IS_FAKE_SERVICE (self));
  g_return_if_fail (reply != NULL);

  g_queue_push_tail (&self->replies, reply);
}

void
spark_fake_service_push_text (SparkFakeService *self,
                              const char       *text)
{
  spark_fake_service_push_reply (self, spark_fake_reply_new (text));
}

/**
 * spark_fake_service_push_status:
 * @retry_after: seconds for a Retry-After header, or 0 for none
 *
 * Queues a plain HTTP error (e.g. 503, or 429 with @retry_after).
 */
void
spark_fake_service_push_status (SparkFakeService *self,
                                guint             status,
                                guint             retry_after)
{
  SparkFakeReply *reply = spark_fake_reply_new_status (status, NULL);

  reply->retry_after = retry_after;
  spark_fake_service_push_reply (self, reply);
}

guint
spark_fake_service_get_n_queued (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  return self->replies.length;
}

/**
 * spark_fake_service_get_requests:
 *
 * Returns: (transfer none) (element-type SparkFakeRequest): every request
 *   received, oldest first
 */
GPtrArray *
spark_fake_service_get_requests (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), NULL);

  return self->requests;
}

/**
 * spark_fake_service_get_last_request:
 * @path: (nullable): a request path, or %NULL for any
 *
 * Returns: (transfer none) (nullable): the newest request to @path
 */
const SparkFakeRequest *
spark_fake_service_get_last_request (SparkFakeService *self,
                                     const char       *path)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      const SparkFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (path == NULL || g_str_equal (request->path, path))
        return request;
    }
  return NULL;
}

/**
 * spark_fake_service_get_request_count:
 * @path: (nullable): a request path, or %NULL for all
 */
guint
spark_fake_service_get_request_count (SparkFakeService *self,
                                      const char       *path)
{
  guint count = 0;

  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      const SparkFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (path == NULL || g_str_equal (request->path, path))
        count++;
    }
  return count;
}

/**
 * spark_fake_service_get_connection_count:
 *
 * Returns: how many TCP connections requests came on
 */
guint
spark_fake_service_get_connection_count (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  return self->n_connections;
}

/**
 * spark_fake_service_get_tokens_sent:
 *
 * Returns: reasoning and content tokens written to clients so far, over all
 *   streams (notifies SparkFakeService:tokens-sent)
 */
guint64
spark_fake_service_get_tokens_sent (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  return self->tokens_sent;
}

/**
 * spark_fake_service_get_n_streams:
 *
 * Returns: responses still being written: streams, stalled or delayed
 *   replies (a client that went away may keep one here until it is freed)
 */
guint
spark_fake_service_get_n_streams (SparkFakeService *self)
{
  g_return_val_if_fail (SPARK_IS_FAKE_SERVICE (self), 0);

  return self->streams->len;
}
