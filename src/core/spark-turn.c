/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkTurn: one exchange. Appends the reply message to the conversation,
 * builds the request from everything before it, streams the deltas into
 * the reply, and leaves the reply in a final state: complete, cancelled
 * (partial text kept) or failed (partial text kept, error set).
 *
 * With a schema it walks the structured-output chain: json_schema, then
 * json_object with the schema in the prompt, then plain text with the
 * schema in the prompt, remembering what the service refused. */
#include "config.h"

#include "spark-error.h"
#include "spark-request.h"
#include "spark-turn.h"

struct _SparkTurn
{
  GObject parent_instance;

  SparkClient       *client;
  SparkProvider     *provider;
  char              *api_key;
  char              *model;
  SparkConversation *conversation;
  SparkMessage      *reply;

  char               *system_prompt;
  const char         *reasoning_effort;
  SparkCapabilities  *capabilities;
  char               *schema_name;
  JsonNode           *schema;
  SparkResponseFormat format;
  char               *json;
  char               *finish_reason;
  gboolean            running;
  gboolean            continuing;  /* the reply is an earlier one, carried on */
  gint64              started;     /* monotonic µs */
  gint64              first_token; /* monotonic µs; 0: none yet */
};

G_DEFINE_FINAL_TYPE (SparkTurn, spark_turn, G_TYPE_OBJECT)

enum
{
  RETRYING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SparkTurn *
spark_turn_new (SparkClient       *client,
                SparkProvider     *provider,
                const char        *api_key,
                const char        *model,
                SparkConversation *conversation)
{
  SparkTurn *self;

  g_return_val_if_fail (SPARK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (SPARK_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (SPARK_TYPE_TURN, NULL);
  self->client = g_object_ref (client);
  self->provider = g_object_ref (provider);
  self->api_key = g_strdup (api_key);
  self->model = g_strdup ((model && *model) ? model : spark_provider_get_default_model (provider));
  self->conversation = g_object_ref (conversation);
  self->reply = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
  spark_message_set_model (self->reply, self->model);
  spark_message_set_provider (self->reply, spark_provider_get_id (provider));
  return self;
}

void
spark_turn_set_mode (SparkTurn *self,
                     SparkMode  mode,
                     SparkDepth depth)
{
  g_return_if_fail (SPARK_IS_TURN (self));

  g_free (self->system_prompt);
  self->system_prompt = g_strdup (spark_mode_get_info (mode)->system_prompt);
  self->reasoning_effort = spark_depth_get_info (depth)->reasoning_effort;
}

void
spark_turn_set_system_prompt (SparkTurn  *self,
                              const char *system_prompt)
{
  g_return_if_fail (SPARK_IS_TURN (self));

  g_free (self->system_prompt);
  self->system_prompt = g_strdup (system_prompt);
}

void
spark_turn_set_schema (SparkTurn         *self,
                       SparkCapabilities *capabilities,
                       const char        *name,
                       JsonNode          *schema)
{
  g_return_if_fail (SPARK_IS_TURN (self));
  g_return_if_fail (SPARK_IS_CAPABILITIES (capabilities));

  g_set_object (&self->capabilities, capabilities);
  g_free (self->schema_name);
  self->schema_name = g_strdup (name);
  g_clear_pointer (&self->schema, json_node_unref);
  self->schema = schema ? json_node_copy (schema) : NULL;
}

void
spark_turn_continue_reply (SparkTurn    *self,
                           SparkMessage *reply)
{
  g_return_if_fail (SPARK_IS_TURN (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (spark_conversation_get_last (self->conversation) == reply);

  g_set_object (&self->reply, reply);
  self->continuing = TRUE;
}

SparkMessage *
spark_turn_get_reply (SparkTurn *self)
{
  g_return_val_if_fail (SPARK_IS_TURN (self), NULL);
  return self->reply;
}

const char *
spark_turn_get_json (SparkTurn *self)
{
  g_return_val_if_fail (SPARK_IS_TURN (self), NULL);
  return self->json;
}

const char *
spark_turn_get_finish_reason (SparkTurn *self)
{
  g_return_val_if_fail (SPARK_IS_TURN (self), NULL);
  return self->finish_reason;
}

static void
delta_cb (const SparkChatDelta  *delta,
          const SparkChatResult *so_far,
          gpointer               user_data)
{
  SparkTurn *self = user_data;

  if (self->first_token == 0 && (delta->reasoning_len > 0 || delta->content_len > 0))
    {
      self->first_token = g_get_monotonic_time ();
      spark_message_set_timings (self->reply, (self->first_token - self->started) / 1000, 0);
    }
  if (spark_message_get_state (self->reply) == SPARK_MESSAGE_PENDING)
    spark_message_set_state (self->reply, SPARK_MESSAGE_STREAMING);
  if (delta->reasoning_len > 0)
    spark_message_append_reasoning (self->reply, delta->reasoning, delta->reasoning_len);
  if (delta->content_len > 0)
    spark_message_append_text (self->reply, delta->content, delta->content_len);
  if (delta->usage_changed)
    spark_message_set_usage (self->reply, so_far->usage.prompt_tokens,
                             so_far->usage.completion_tokens, so_far->usage.reasoning_tokens);
}

static void
retrying_cb (guint         attempt,
             guint         seconds,
             const GError *reason,
             gpointer      user_data)
{
  SparkTurn *self = user_data;

  g_signal_emit (self, signals[RETRYING], 0, attempt, seconds, reason ? reason->message : NULL);
}

static const SparkStreamCallbacks stream_callbacks = { delta_cb, retrying_cb };

static void send_request (GTask *task);

static void
stream_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SparkTurn *self = g_task_get_source_object (task);
  g_autoptr (SparkChatResult) result = NULL;
  GError *error = NULL;

  result = spark_client_stream_chat_finish (SPARK_CLIENT (source), res, &error);
  if (result == NULL)
    {
      /* A 400 before any text, while asking for structure: step down the chain. */
      if (self->schema != NULL && self->format != SPARK_RESPONSE_TEXT
          && g_error_matches (error, SPARK_ERROR, SPARK_ERROR_BAD_REQUEST)
          && spark_message_get_text_length (self->reply) == 0)
        {
          spark_capabilities_set_format_result (self->capabilities, spark_provider_get_id (self->provider),
                                                self->model, self->format, FALSE);
          self->format = self->format == SPARK_RESPONSE_JSON_SCHEMA ? SPARK_RESPONSE_JSON_OBJECT : SPARK_RESPONSE_TEXT;
          g_clear_error (&error);
          send_request (g_steal_pointer (&task));
          return;
        }

      self->running = FALSE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        spark_message_set_state (self->reply, SPARK_MESSAGE_CANCELLED);
      else
        spark_message_fail (self->reply, error);
      g_task_return_error (task, error);
      return;
    }

  g_free (self->finish_reason);
  self->finish_reason = g_strdup (result->finish_reason);
  if (result->model != NULL && *result->model != '\0')
    spark_message_set_model (self->reply, result->model);
  if (result->usage.valid)
    spark_message_set_usage (self->reply, result->usage.prompt_tokens,
                             result->usage.completion_tokens, result->usage.reasoning_tokens);

  if (self->schema != NULL)
    {
      self->json = spark_request_extract_json (spark_message_get_text (self->reply));
      if (self->format != SPARK_RESPONSE_TEXT)
        spark_capabilities_set_format_result (self->capabilities, spark_provider_get_id (self->provider),
                                              self->model, self->format, TRUE);
    }

  /* Speed over the generation itself, from the first token to the end. */
  if (self->first_token != 0 && result->usage.valid && result->usage.completion_tokens > 0)
    {
      gint64 elapsed = g_get_monotonic_time () - self->first_token;

      if (elapsed > 0)
        spark_message_set_timings (self->reply, (self->first_token - self->started) / 1000,
                                   result->usage.completion_tokens * (double) G_USEC_PER_SEC / elapsed);
    }

  self->running = FALSE;
  spark_message_set_state (self->reply, SPARK_MESSAGE_COMPLETE);
  g_task_return_boolean (task, TRUE);
}

/* Ollama, llama.cpp and OpenRouter carry on from a partial answer sent
 * as the last message; OpenAI and unknown services would answer afresh,
 * so they are asked to go on. */
static const char *
continue_prompt (SparkProvider *provider)
{
  switch (spark_provider_get_preset (provider))
    {
    case SPARK_PROVIDER_PRESET_OLLAMA:
    case SPARK_PROVIDER_PRESET_LLAMACPP:
    case SPARK_PROVIDER_PRESET_OPENROUTER:
      return NULL;
    case SPARK_PROVIDER_PRESET_OPENAI:
    case SPARK_PROVIDER_PRESET_CUSTOM:
    default:
      return "Continue your previous answer exactly where it stopped, mid-sentence if need be. "
             "Do not repeat anything you already wrote and do not comment on the interruption.";
    }
}

static void
send_request (GTask *task)
{
  SparkTurn          *self = g_task_get_source_object (task);
  SparkRequestOptions options;
  g_autoptr (JsonNode) request = NULL;

  spark_request_options_init (&options);
  options.model = self->model;
  options.system_prompt = self->system_prompt;
  options.reasoning_effort = self->reasoning_effort;
  options.schema = self->schema;
  options.schema_name = self->schema_name;
  options.response_format = self->schema ? self->format : SPARK_RESPONSE_TEXT;
  options.continue_last = self->continuing;
  options.continue_prompt = self->continuing ? continue_prompt (self->provider) : NULL;
  request = spark_request_build (&options, G_LIST_MODEL (self->conversation));

  spark_client_stream_chat_async (self->client, self->provider, self->api_key, request,
                                  &stream_callbacks, self, g_task_get_cancellable (task),
                                  stream_cb, task);
}

void
spark_turn_run_async (SparkTurn          *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SPARK_IS_TURN (self));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_turn_run_async);
  g_task_set_check_cancellable (task, FALSE);

  self->running = TRUE;
  self->started = g_get_monotonic_time ();
  self->first_token = 0;
  g_clear_pointer (&self->json, g_free);
  if (self->schema != NULL)
    self->format = spark_capabilities_get_response_format (self->capabilities,
                                                           spark_provider_get_id (self->provider),
                                                           self->model);
  spark_message_set_state (self->reply, SPARK_MESSAGE_PENDING);
  /* The reply is in the conversation from the start (shown as waiting);
   * spark_request_build leaves pending messages out. */
  if (spark_conversation_get_last (self->conversation) != self->reply)
    spark_conversation_append (self->conversation, self->reply);
  send_request (task);
}

gboolean
spark_turn_run_finish (SparkTurn    *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
spark_turn_finalize (GObject *object)
{
  SparkTurn *self = SPARK_TURN (object);

  g_clear_object (&self->client);
  g_clear_object (&self->provider);
  g_clear_object (&self->conversation);
  g_clear_object (&self->reply);
  g_clear_object (&self->capabilities);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->model);
  g_free (self->system_prompt);
  g_free (self->schema_name);
  g_clear_pointer (&self->schema, json_node_unref);
  g_free (self->json);
  g_free (self->finish_reason);

  G_OBJECT_CLASS (spark_turn_parent_class)->finalize (object);
}

static void
spark_turn_class_init (SparkTurnClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spark_turn_finalize;

  /* A 429/5xx before the first byte: trying again (attempt, in seconds, why). */
  signals[RETRYING] = g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
}

static void
spark_turn_init (SparkTurn *self)
{
}
