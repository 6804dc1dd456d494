/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wire form of chat completion replies, shaped like OpenAI's: the SSE events
 * of a streamed reply (with the scripted faults in place), the body of a
 * plain one, and OpenAI-like error bodies. */
#include "spark-fake-chat.h"

#include <string.h>

/* json-glib only writes valid UTF-8, so broken bytes go in after the JSON
 * is generated, in place of this marker. */
#define INVALID_UTF8_MARKER "@@spark-fake-invalid-utf8@@"
#define INVALID_UTF8_BYTES "\xff\xfe\xc3\x28"

typedef struct
{
  const SparkFakeReply    *reply;
  const SparkFakeChatInfo *info;
  GPtrArray               *steps;
  guint                    n_tokens;
  gboolean                 fault_done;
} Builder;

static void
step_free (SparkFakeStep *step)
{
  g_clear_pointer (&step->bytes, g_bytes_unref);
  g_free (step);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static char *
put_invalid_utf8 (const char *json)
{
  GString *string = g_string_new (json);

  g_string_replace (string, INVALID_UTF8_MARKER, INVALID_UTF8_BYTES, 0);
  return g_string_free (string, FALSE);
}

static char *
filler_text (void)
{
  char *text = g_malloc (SPARK_FAKE_HUGE_EVENT_SIZE + 1);

  memset (text, 'a', SPARK_FAKE_HUGE_EVENT_SIZE);
  text[SPARK_FAKE_HUGE_EVENT_SIZE] = '\0';
  return text;
}

static const char *
reasoning_field (const SparkFakeReply *reply)
{
  return reply->reasoning_field == SPARK_FAKE_REASONING ? "reasoning" : "reasoning_content";
}

static const char *
finish_reason (const SparkFakeReply *reply)
{
  if (reply->finish_reason != NULL)
    return reply->finish_reason;
  return reply->tool_calls->len > 0 ? "tool_calls" : "stop";
}

static JsonObject *
usage_new (const SparkFakeReply    *reply,
           const SparkFakeChatInfo *info)
{
  g_auto (GStrv) reasoning = spark_fake_split_tokens (reply->reasoning);
  g_auto (GStrv) content = spark_fake_split_tokens (reply->text);
  JsonObject *usage = json_object_new ();
  JsonObject *details = json_object_new ();
  gint64      prompt, completion, thinking;

  prompt = reply->prompt_tokens >= 0 ? reply->prompt_tokens : info->prompt_tokens;
  thinking = reply->reasoning_tokens >= 0 ? reply->reasoning_tokens
                                          : (gint64) g_strv_length (reasoning);
  completion = reply->completion_tokens >= 0
                 ? reply->completion_tokens
                 : (gint64) (g_strv_length (reasoning) + g_strv_length (content));

  json_object_set_int_member (usage, "prompt_tokens", prompt);
  json_object_set_int_member (usage, "completion_tokens", completion);
  json_object_set_int_member (usage, "total_tokens", prompt + completion);
  json_object_set_int_member (details, "reasoning_tokens", thinking);
  json_object_set_object_member (usage, "completion_tokens_details", details);
  return usage;
}

static JsonObject *
chunk_new (const SparkFakeChatInfo *info)
{
  JsonObject *chunk = json_object_new ();

  json_object_set_string_member (chunk, "id", info->id);
  json_object_set_string_member (chunk, "object", "chat.completion.chunk");
  json_object_set_int_member (chunk, "created", info->created);
  json_object_set_string_member (chunk, "model", info->model);
  json_object_set_string_member (chunk, "system_fingerprint", "fp_fake");
  return chunk;
}

/* Takes @delta. */
static char *
choice_chunk (const SparkFakeChatInfo *info,
              JsonObject              *delta,
              const char              *finish)
{
  g_autoptr (JsonObject) chunk = chunk_new (info);
  JsonArray  *choices = json_array_new ();
  JsonObject *choice = json_object_new ();

  json_object_set_int_member (choice, "index", 0);
  json_object_set_object_member (choice, "delta", delta);
  json_object_set_null_member (choice, "logprobs");
  if (finish != NULL)
    json_object_set_string_member (choice, "finish_reason", finish);
  else
    json_object_set_null_member (choice, "finish_reason");
  json_array_add_object_element (choices, choice);
  json_object_set_array_member (chunk, "choices", choices);
  return object_to_string (chunk);
}

static JsonObject *
delta_with (const char *member,
            const char *value)
{
  JsonObject *delta = json_object_new ();

  json_object_set_string_member (delta, member, value);
  return delta;
}

static void
add_step (Builder          *b,
          SparkFakeStepKind kind,
          const char       *payload,
          gboolean          paced,
          gboolean          token)
{
  SparkFakeStep *step = g_new0 (SparkFakeStep, 1);

  step->kind = kind;
  step->paced = paced;
  step->token = token;
  if (payload != NULL)
    {
      char *event = g_strconcat ("data: ", payload, "\n\n", NULL);

      step->bytes = g_bytes_new_take (event, strlen (event));
    }
  g_ptr_array_add (b->steps, step);
}

static void
add_chunk (Builder    *b,
           JsonObject *delta,
           gboolean    paced,
           gboolean    token)
{
  g_autofree char *payload = choice_chunk (b->info, delta, NULL);

  add_step (b, SPARK_FAKE_STEP_DATA, payload, paced, token);
}

static char *
error_event (const SparkFakeReply *reply)
{
  g_autoptr (GBytes) body = NULL;

  if (reply->body != NULL)
    return g_strdup (reply->body);

  body = spark_fake_error_body ("The model failed while generating the reply",
                                "server_error", NULL);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Puts the scripted fault in once enough tokens are out (or at the end of
 * the tokens when @force). Returns TRUE when the stream ends there. */
static gboolean
inject_fault (Builder *b,
              gboolean force)
{
  const SparkFakeReply *reply = b->reply;

  if (b->fault_done || (!force && b->n_tokens < reply->fault_after))
    return FALSE;
  b->fault_done = TRUE;

  switch (reply->fault)
    {
    case SPARK_FAKE_FAULT_RESET_MID_STREAM:
      add_step (b, SPARK_FAKE_STEP_RESET, NULL, FALSE, FALSE);
      return TRUE;

    case SPARK_FAKE_FAULT_STALL:
      add_step (b, SPARK_FAKE_STEP_STALL, NULL, FALSE, FALSE);
      return TRUE;

    case SPARK_FAKE_FAULT_MALFORMED_EVENT:
      add_step (b, SPARK_FAKE_STEP_DATA, "{not json", TRUE, FALSE);
      return FALSE;

    case SPARK_FAKE_FAULT_INVALID_UTF8:
      {
        g_autofree char *chunk = NULL;
        g_autofree char *payload = NULL;

        chunk = choice_chunk (b->info, delta_with ("content", INVALID_UTF8_MARKER), NULL);
        payload = put_invalid_utf8 (chunk);
        add_step (b, SPARK_FAKE_STEP_DATA, payload, TRUE, FALSE);
        return FALSE;
      }

    case SPARK_FAKE_FAULT_HUGE_EVENT:
      {
        g_autofree char *filler = filler_text ();

        add_chunk (b, delta_with ("content", filler), TRUE, FALSE);
        return FALSE;
      }

    case SPARK_FAKE_FAULT_ERROR_MID_STREAM:
      {
        g_autofree char *payload = error_event (reply);

        add_step (b, SPARK_FAKE_STEP_DATA, payload, TRUE, FALSE);
        return TRUE;
      }

    case SPARK_FAKE_FAULT_NONE:
    case SPARK_FAKE_FAULT_NO_DONE:
    case SPARK_FAKE_FAULT_SLOW_FIRST_BYTE:
    default:
      return FALSE;
    }
}

static gboolean
add_tokens (Builder    *b,
            const char *member,
            const char *text)
{
  g_auto (GStrv) tokens = spark_fake_split_tokens (text);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      add_chunk (b, delta_with (member, tokens[i]), TRUE, TRUE);
      b->n_tokens++;
      if (inject_fault (b, FALSE))
        return TRUE;
    }
  return FALSE;
}

static JsonObject *
tool_delta (guint       index,
            const char *id,
            const char *name,
            const char *arguments)
{
  JsonObject *delta = json_object_new ();
  JsonArray  *calls = json_array_new ();
  JsonObject *call = json_object_new ();
  JsonObject *function = json_object_new ();

  json_object_set_int_member (call, "index", index);
  if (id != NULL)
    {
      json_object_set_string_member (call, "id", id);
      json_object_set_string_member (call, "type", "function");
      json_object_set_string_member (function, "name", name);
    }
  json_object_set_string_member (function, "arguments", arguments);
  json_object_set_object_member (call, "function", function);
  json_array_add_object_element (calls, call);
  json_object_set_array_member (delta, "tool_calls", calls);
  return delta;
}

/* The id and name come first with empty arguments, then the arguments in at
 * least three pieces (cut on character boundaries), like OpenAI sends them. */
static void
add_tool_call (Builder                 *b,
               guint                    index,
               const SparkFakeToolCall *call)
{
  glong       n_chars = g_utf8_strlen (call->arguments, -1);
  glong       n_pieces = MAX (3, (n_chars + 11) / 12);
  const char *start = call->arguments;

  add_chunk (b, tool_delta (index, call->id, call->name, ""), TRUE, FALSE);
  n_pieces = MIN (n_pieces, n_chars);
  for (glong i = 0; i < n_pieces; i++)
    {
      glong            end_char = (i + 1) * n_chars / n_pieces;
      const char      *end = g_utf8_offset_to_pointer (call->arguments, end_char);
      g_autofree char *piece = g_strndup (start, end - start);

      add_chunk (b, tool_delta (index, NULL, NULL, piece), TRUE, FALSE);
      start = end;
    }
}

/**
 * spark_fake_steps_new_action:
 * @kind: RESET or STALL
 *
 * Returns: (transfer full): steps that only do @kind, for a reply whose body
 *   never comes
 */
GPtrArray *
spark_fake_steps_new_action (SparkFakeStepKind kind)
{
  GPtrArray     *steps;
  SparkFakeStep *step;

  g_return_val_if_fail (kind != SPARK_FAKE_STEP_DATA, NULL);

  steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  step = g_new0 (SparkFakeStep, 1);
  step->kind = kind;
  g_ptr_array_add (steps, step);
  return steps;
}

/**
 * spark_fake_chat_stream_steps:
 *
 * Returns: (transfer full) (element-type SparkFakeStep): what to send, in order;
 *   the body ends after the last step unless it is RESET or STALL
 */
GPtrArray *
spark_fake_chat_stream_steps (const SparkFakeReply    *reply,
                              const SparkFakeChatInfo *info)
{
  Builder     b = { reply, info, NULL, 0, FALSE };
  JsonObject *role;

  b.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);

  role = delta_with ("role", "assistant");
  json_object_set_string_member (role, "content", "");
  add_chunk (&b, role, FALSE, FALSE);

  if (inject_fault (&b, FALSE) || add_tokens (&b, reasoning_field (reply), reply->reasoning) || add_tokens (&b, "content", reply->text) || inject_fault (&b, TRUE))
    return b.steps;

  for (guint i = 0; i < reply->tool_calls->len; i++)
    add_tool_call (&b, i, g_ptr_array_index (reply->tool_calls, i));

  if (reply->fault == SPARK_FAKE_FAULT_NO_DONE)
    return b.steps;

  {
    g_autofree char *payload = choice_chunk (info, json_object_new (), finish_reason (reply));

    add_step (&b, SPARK_FAKE_STEP_DATA, payload, FALSE, FALSE);
  }

  if (info->include_usage)
    {
      g_autoptr (JsonObject) chunk = chunk_new (info);
      g_autofree char *payload = NULL;

      json_object_set_array_member (chunk, "choices", json_array_new ());
      json_object_set_object_member (chunk, "usage", usage_new (reply, info));
      payload = object_to_string (chunk);
      add_step (&b, SPARK_FAKE_STEP_DATA, payload, FALSE, FALSE);
    }

  add_step (&b, SPARK_FAKE_STEP_DATA, "[DONE]", FALSE, FALSE);
  return b.steps;
}

/**
 * spark_fake_chat_completion:
 *
 * The body of a non-streamed reply (`"object": "chat.completion"`).
 * MALFORMED_EVENT, INVALID_UTF8 and HUGE_EVENT show up in the body; the
 * other faults are the caller's business.
 */
GBytes *
spark_fake_chat_completion (const SparkFakeReply    *reply,
                            const SparkFakeChatInfo *info)
{
  g_autoptr (JsonObject) completion = json_object_new ();
  JsonArray       *choices = json_array_new ();
  JsonObject      *choice = json_object_new ();
  JsonObject      *message = json_object_new ();
  g_autofree char *content = NULL;
  char            *json;

  if (reply->fault == SPARK_FAKE_FAULT_MALFORMED_EVENT)
    return g_bytes_new_static ("{not json", strlen ("{not json"));

  content = g_strdup (reply->text);
  if (reply->fault == SPARK_FAKE_FAULT_INVALID_UTF8)
    {
      char *tmp = g_strconcat (content ? content : "", INVALID_UTF8_MARKER, NULL);

      g_free (content);
      content = tmp;
    }
  else if (reply->fault == SPARK_FAKE_FAULT_HUGE_EVENT)
    {
      g_autofree char *filler = filler_text ();
      char            *tmp = g_strconcat (content ? content : "", filler, NULL);

      g_free (content);
      content = tmp;
    }

  json_object_set_string_member (message, "role", "assistant");
  if (content != NULL)
    json_object_set_string_member (message, "content", content);
  else
    json_object_set_null_member (message, "content");
  if (reply->reasoning != NULL)
    json_object_set_string_member (message, reasoning_field (reply), reply->reasoning);
  if (reply->tool_calls->len > 0)
    {
      JsonArray *calls = json_array_new ();

      for (guint i = 0; i < reply->tool_calls->len; i++)
        {
          const SparkFakeToolCall *call = g_ptr_array_index (reply->tool_calls, i);
          JsonObject              *object = json_object_new ();
          JsonObject              *function = json_object_new ();

          json_object_set_string_member (object, "id", call->id);
          json_object_set_string_member (object, "type", "function");
          json_object_set_string_member (function, "name", call->name);
          json_object_set_string_member (function, "arguments", call->arguments);
          json_object_set_object_member (object, "function", function);
          json_array_add_object_element (calls, object);
        }
      json_object_set_array_member (message, "tool_calls", calls);
    }

  json_object_set_int_member (choice, "index", 0);
  json_object_set_object_member (choice, "message", message);
  json_object_set_null_member (choice, "logprobs");
  json_object_set_string_member (choice, "finish_reason", finish_reason (reply));
  json_array_add_object_element (choices, choice);

  json_object_set_string_member (completion, "id", info->id);
  json_object_set_string_member (completion, "object", "chat.completion");
  json_object_set_int_member (completion, "created", info->created);
  json_object_set_string_member (completion, "model", info->model);
  json_object_set_array_member (completion, "choices", choices);
  json_object_set_object_member (completion, "usage", usage_new (reply, info));

  json = object_to_string (completion);
  if (reply->fault == SPARK_FAKE_FAULT_INVALID_UTF8)
    {
      char *broken = put_invalid_utf8 (json);

      g_free (json);
      json = broken;
    }
  return g_bytes_new_take (json, strlen (json));
}

static gint64
count_tokens (const char *text)
{
  g_auto (GStrv) tokens = spark_fake_split_tokens (text);

  return g_strv_length (tokens);
}

/* A stand-in for the prompt's token count: the words of all its text. */
static gint64
prompt_tokens (JsonObject *request)
{
  JsonArray *messages;
  gint64     count = 0;

  if (!json_object_has_member (request, "messages") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (request, "messages")))
    return 0;

  messages = json_object_get_array_member (request, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonNode *content;

      if (!JSON_NODE_HOLDS_OBJECT (node) || !(content = json_object_get_member (json_node_get_object (node), "content")))
        continue;

      if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
        count += count_tokens (json_node_get_string (content));
      else if (JSON_NODE_HOLDS_ARRAY (content))
        {
          JsonArray *parts = json_node_get_array (content);

          for (guint j = 0; j < json_array_get_length (parts); j++)
            {
              JsonNode *part = json_array_get_element (parts, j);

              if (JSON_NODE_HOLDS_OBJECT (part))
                count += count_tokens (json_object_get_string_member_with_default (
                  json_node_get_object (part), "text", NULL));
            }
        }
    }
  return count;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * spark_fake_chat_info_init:
 * @id: the completion id, kept by the caller while @info is in use
 * @request: a chat completion request that names a model
 */
void
spark_fake_chat_info_init (SparkFakeChatInfo *info,
                           const char        *id,
                           JsonObject        *request)
{
  JsonObject *options = object_member (request, "stream_options");

  info->id = id;
  info->model = json_object_get_string_member (request, "model");
  info->created = g_get_real_time () / G_USEC_PER_SEC;
  info->prompt_tokens = prompt_tokens (request);
  info->include_usage = options != NULL && json_object_get_boolean_member_with_default (options, "include_usage", FALSE);
}

gboolean
spark_fake_chat_wants_json_schema (JsonObject *request)
{
  JsonObject *format = object_member (request, "response_format");

  return format != NULL && g_strcmp0 (json_object_get_string_member_with_default (format, "type", NULL), "json_schema") == 0;
}

/**
 * spark_fake_error_body:
 * @code: (nullable): the machine-readable code, if any
 *
 * Returns: `{"error": {"message", "type", "param": null, "code"}}`
 */
GBytes *
spark_fake_error_body (const char *message,
                       const char *type,
                       const char *code)
{
  g_autoptr (JsonObject) body = json_object_new ();
  JsonObject *error = json_object_new ();
  char       *json;

  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "type", type);
  json_object_set_null_member (error, "param");
  if (code != NULL)
    json_object_set_string_member (error, "code", code);
  else
    json_object_set_null_member (error, "code");
  json_object_set_object_member (body, "error", error);

  json = object_to_string (body);
  return g_bytes_new_take (json, strlen (json));
}
