/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scripted replies of the fake model service: construction, copying, and the
 * JSON form used by `spark-fake-service --script`. */
#include "spark-fake-reply.h"

#include <gio/gio.h>

G_DEFINE_BOXED_TYPE (SparkFakeReply, spark_fake_reply,
                     spark_fake_reply_copy, spark_fake_reply_free)

static const char *const fault_names[] = {
  [SPARK_FAKE_FAULT_NONE] = "none",
  [SPARK_FAKE_FAULT_RESET_MID_STREAM] = "reset-mid-stream",
  [SPARK_FAKE_FAULT_MALFORMED_EVENT] = "malformed-event",
  [SPARK_FAKE_FAULT_INVALID_UTF8] = "invalid-utf8",
  [SPARK_FAKE_FAULT_HUGE_EVENT] = "huge-event",
  [SPARK_FAKE_FAULT_STALL] = "stall",
  [SPARK_FAKE_FAULT_NO_DONE] = "no-done",
  [SPARK_FAKE_FAULT_SLOW_FIRST_BYTE] = "slow-first-byte",
  [SPARK_FAKE_FAULT_ERROR_MID_STREAM] = "error-mid-stream",
};

static SparkFakeToolCall *
tool_call_new (const char *id,
               const char *name,
               const char *arguments)
{
  SparkFakeToolCall *call = g_new0 (SparkFakeToolCall, 1);

  call->id = g_strdup (id);
  call->name = g_strdup (name);
  call->arguments = g_strdup (arguments);
  return call;
}

static void
tool_call_free (SparkFakeToolCall *call)
{
  g_free (call->id);
  g_free (call->name);
  g_free (call->arguments);
  g_free (call);
}

SparkFakeReply *
spark_fake_reply_new (const char *text)
{
  SparkFakeReply *reply = g_new0 (SparkFakeReply, 1);

  reply->text = g_strdup (text);
  reply->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify) tool_call_free);
  reply->prompt_tokens = -1;
  reply->completion_tokens = -1;
  reply->reasoning_tokens = -1;
  return reply;
}

/**
 * spark_fake_reply_new_status:
 * @status: an HTTP status such as 429 or 503
 * @body: (nullable): the response body; %NULL for an OpenAI-like error
 */
SparkFakeReply *
spark_fake_reply_new_status (guint       status,
                             const char *body)
{
  SparkFakeReply *reply = spark_fake_reply_new (NULL);

  reply->status = status;
  reply->body = g_strdup (body);
  return reply;
}

SparkFakeReply *
spark_fake_reply_new_fault (const char    *text,
                            SparkFakeFault fault,
                            guint          fault_after)
{
  SparkFakeReply *reply = spark_fake_reply_new (text);

  reply->fault = fault;
  reply->fault_after = fault_after;
  return reply;
}

SparkFakeReply *
spark_fake_reply_copy (const SparkFakeReply *reply)
{
  SparkFakeReply *copy;

  g_return_val_if_fail (reply != NULL, NULL);

  copy = g_new0 (SparkFakeReply, 1);
  *copy = *reply;
  copy->text = g_strdup (reply->text);
  copy->reasoning = g_strdup (reply->reasoning);
  copy->finish_reason = g_strdup (reply->finish_reason);
  copy->body = g_strdup (reply->body);
  copy->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify) tool_call_free);
  for (guint i = 0; i < reply->tool_calls->len; i++)
    {
      const SparkFakeToolCall *call = g_ptr_array_index (reply->tool_calls, i);

      g_ptr_array_add (copy->tool_calls,
                       tool_call_new (call->id, call->name, call->arguments));
    }
  return copy;
}

void
spark_fake_reply_free (SparkFakeReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->text);
  g_free (reply->reasoning);
  g_free (reply->finish_reason);
  g_free (reply->body);
  g_ptr_array_unref (reply->tool_calls);
  g_free (reply);
}

/**
 * spark_fake_reply_add_tool_call:
 * @arguments: (nullable): JSON text of the arguments; %NULL means "{}"
 *
 * Adds a function call; its id is `call_fake_N` (N = its index + 1).
 */
void
spark_fake_reply_add_tool_call (SparkFakeReply *reply,
                                const char     *name,
                                const char     *arguments)
{
  g_autofree char *id = NULL;

  g_return_if_fail (reply != NULL);
  g_return_if_fail (name != NULL);

  id = g_strdup_printf ("call_fake_%u", reply->tool_calls->len + 1);
  g_ptr_array_add (reply->tool_calls,
                   tool_call_new (id, name, arguments ? arguments : "{}"));
}

/**
 * spark_fake_fault_from_string:
 * @name: a fault name as spark_fake_fault_to_string() gives, e.g. "stall"
 * @fault: (out): where to put the fault
 *
 * Returns: %FALSE if @name is not a fault
 */
gboolean
spark_fake_fault_from_string (const char     *name,
                              SparkFakeFault *fault)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (g_str_equal (name, fault_names[i]))
      {
        *fault = i;
        return TRUE;
      }
  return FALSE;
}

const char *
spark_fake_fault_to_string (SparkFakeFault fault)
{
  g_return_val_if_fail (fault < G_N_ELEMENTS (fault_names), NULL);

  return fault_names[fault];
}

/* Scripts may give a JSON value (a body, tool arguments) as an object or as
 * text; the wire always carries text. */
static char *
member_as_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
set_string (char      **field,
            const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
parse_tool_calls (SparkFakeReply *reply,
                  JsonNode       *node,
                  GError        **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;

  array = json_node_get_array (node);
  g_ptr_array_set_size (reply->tool_calls, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode        *item = json_array_get_element (array, i);
      JsonObject      *object;
      g_autofree char *arguments = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        goto bad;
      object = json_node_get_object (item);
      if (!json_object_has_member (object, "name"))
        goto bad;
      if (json_object_has_member (object, "arguments"))
        arguments = member_as_text (json_object_get_member (object, "arguments"));

      spark_fake_reply_add_tool_call (reply,
                                      json_object_get_string_member (object, "name"),
                                      arguments);
      if (json_object_has_member (object, "id"))
        {
          SparkFakeToolCall *call = g_ptr_array_index (reply->tool_calls, i);

          g_free (call->id);
          call->id = g_strdup (json_object_get_string_member (object, "id"));
        }
    }
  return TRUE;

bad:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "\"tool_calls\" must be an array of {\"name\", \"arguments\"[, \"id\"]}");
  return FALSE;
}

static gboolean
parse_member (SparkFakeReply *reply,
              const char     *name,
              JsonNode       *node,
              GError        **error)
{
  if (g_str_equal (name, "text"))
    set_string (&reply->text, json_node_get_string (node));
  else if (g_str_equal (name, "reasoning"))
    set_string (&reply->reasoning, json_node_get_string (node));
  else if (g_str_equal (name, "reasoning_field"))
    {
      const char *field = json_node_get_string (node);

      if (g_strcmp0 (field, "reasoning") == 0)
        reply->reasoning_field = SPARK_FAKE_REASONING;
      else if (g_strcmp0 (field, "reasoning_content") == 0)
        reply->reasoning_field = SPARK_FAKE_REASONING_CONTENT;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "\"reasoning_field\" must be \"reasoning\" or \"reasoning_content\"");
          return FALSE;
        }
    }
  else if (g_str_equal (name, "tool_calls"))
    return parse_tool_calls (reply, node, error);
  else if (g_str_equal (name, "finish_reason"))
    set_string (&reply->finish_reason, json_node_get_string (node));
  else if (g_str_equal (name, "prompt_tokens"))
    reply->prompt_tokens = json_node_get_int (node);
  else if (g_str_equal (name, "completion_tokens"))
    reply->completion_tokens = json_node_get_int (node);
  else if (g_str_equal (name, "reasoning_tokens"))
    reply->reasoning_tokens = json_node_get_int (node);
  else if (g_str_equal (name, "tokens_per_second"))
    reply->tokens_per_second = json_node_get_double (node);
  else if (g_str_equal (name, "status"))
    reply->status = json_node_get_int (node);
  else if (g_str_equal (name, "body"))
    {
      g_free (reply->body);
      reply->body = member_as_text (node);
    }
  else if (g_str_equal (name, "retry_after"))
    reply->retry_after = json_node_get_int (node);
  else if (g_str_equal (name, "reject_json_schema"))
    reply->reject_json_schema = json_node_get_boolean (node);
  else if (g_str_equal (name, "fault"))
    {
      const char *fault = json_node_get_string (node);

      if (fault == NULL || !spark_fake_fault_from_string (fault, &reply->fault))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "unknown fault \"%s\"", fault ? fault : "(not a string)");
          return FALSE;
        }
    }
  else if (g_str_equal (name, "fault_after"))
    reply->fault_after = json_node_get_int (node);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "unknown reply member \"%s\"", name);
      return FALSE;
    }
  return TRUE;
}

/**
 * spark_fake_reply_new_from_json:
 * @object: one reply of a script, e.g. `{"text": "Hi", "fault": "stall",
 *   "fault_after": 2}`; members are named like the struct fields, faults
 *   like spark_fake_fault_to_string(), `body` and tool `arguments` may be
 *   JSON objects
 * @defaults: (nullable): values for the members @object leaves out
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
SparkFakeReply *
spark_fake_reply_new_from_json (JsonObject           *object,
                                const SparkFakeReply *defaults,
                                GError              **error)
{
  g_autoptr (SparkFakeReply) reply = NULL;
  JsonObjectIter iter;
  const char    *name;
  JsonNode      *node;

  g_return_val_if_fail (object != NULL, NULL);

  reply = defaults ? spark_fake_reply_copy (defaults) : spark_fake_reply_new (NULL);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (!parse_member (reply, name, node, error))
      return NULL;

  return g_steal_pointer (&reply);
}

/**
 * spark_fake_split_tokens:
 * @text: (nullable): a reply text
 *
 * Splits @text the way the fake service streams it: a token is a word with
 * the whitespace before it ("Hello", " world,", " how"); whitespace at the
 * end is a token of its own. The tokens joined give @text back.
 *
 * Returns: (transfer full): the tokens, empty for %NULL or ""
 */
char **
spark_fake_split_tokens (const char *text)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = text;
  gboolean    after_word = FALSE;

  if (text == NULL)
    return g_strv_builder_end (builder);

  /* Byte-wise is safe for UTF-8: only ASCII bytes are whitespace. */
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean space = g_ascii_isspace (*p);

      if (space && after_word)
        {
          g_autofree char *token = g_strndup (start, p - start);

          g_strv_builder_add (builder, token);
          start = p;
        }
      after_word = !space;
    }
  if (*start != '\0')
    g_strv_builder_add (builder, start);

  return g_strv_builder_end (builder);
}
