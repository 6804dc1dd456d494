/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain SoupSession client for tests against the fake model service:
 * waiting on the main context with a deadline, whole-body requests read
 * chunk by chunk, and a reading of the SSE events of a streamed reply. */
#include "fake-client.h"

#include <string.h>

/* Waiting: iterate the main context until a condition holds, never sleep. */

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for (Condition     condition,
          gconstpointer data)
{
  gboolean expired = FALSE;
  guint    id = g_timeout_add_seconds (10, flag_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_false (expired);
}

void
spin_for (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, flag_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}

/* A client request that reads the whole body, chunk by chunk. */

void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->stream);
  g_object_unref (fetch->msg);
  g_object_unref (fetch->cancellable);
  g_byte_array_unref (fetch->body);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fetch *fetch = data;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (fetch->stream, result,
                                                               &fetch->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      /* Closing hands a kept-alive connection back to the session. */
      g_input_stream_close (fetch->stream, NULL, NULL);
      g_clear_object (&fetch->stream);
      fetch->done = TRUE;
      return;
    }
  fetch->n_reads++;
  g_byte_array_append (fetch->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (fetch->stream, 65536, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, read_cb, fetch);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fetch *fetch = data;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &fetch->error);
  if (fetch->stream == NULL)
    {
      fetch->done = TRUE;
      return;
    }
  fetch->headers = TRUE;
  fetch->headers_at = g_get_monotonic_time ();
  g_input_stream_read_bytes_async (fetch->stream, 65536, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, read_cb, fetch);
}

Fetch *
fetch_start (SoupSession *session,
             SoupMessage *msg)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->msg = msg;
  fetch->cancellable = g_cancellable_new ();
  fetch->body = g_byte_array_new ();
  fetch->started = g_get_monotonic_time ();
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, fetch->cancellable,
                           send_cb, fetch);
  return fetch;
}

SoupMessage *
message_new (SparkFakeService *service,
             const char       *method,
             const char       *path,
             const char       *json)
{
  g_autofree char *url = g_strconcat (spark_fake_service_get_base_url (service), path, NULL);
  SoupMessage     *msg = soup_message_new (method, url);

  if (json != NULL)
    {
      g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  return msg;
}

gboolean
fetch_done (gconstpointer data)
{
  return ((const Fetch *) data)->done;
}

Fetch *
fetch_sync (SoupSession      *session,
            SparkFakeService *service,
            const char       *method,
            const char       *path,
            const char       *json)
{
  Fetch *fetch = fetch_start (session, message_new (service, method, path, json));

  wait_for (fetch_done, fetch);
  return fetch;
}

SoupSession *
session_new (void)
{
  SoupSession *session = soup_session_new_with_options ("timeout", 0, NULL);

  /* Loopback must never go through an http_proxy of the machine. */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

char *
body_text (const Fetch *fetch)
{
  return g_strndup ((const char *) fetch->body->data, fetch->body->len);
}

JsonObject *
body_object (const Fetch *fetch)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, (const char *) fetch->body->data,
                                             fetch->body->len, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* What a streamed reply said, event by event. */

void
events_free (Events *events)
{
  g_ptr_array_unref (events->payloads);
  g_ptr_array_unref (events->content_tokens);
  g_string_free (events->content, TRUE);
  g_string_free (events->reasoning, TRUE);
  g_string_free (events->arguments, TRUE);
  g_free (events->tool_id);
  g_free (events->tool_name);
  g_free (events->finish_reason);
  g_free (events);
}

static void
read_delta (Events     *events,
            JsonObject *delta,
            const char *reasoning_field)
{
  if (json_object_has_member (delta, "role"))
    events->role_first = events->payloads->len == 1;
  if (json_object_has_member (delta, reasoning_field))
    g_string_append (events->reasoning, json_object_get_string_member (delta, reasoning_field));
  if (json_object_has_member (delta, "content") && !json_object_has_member (delta, "role"))
    {
      const char *token = json_object_get_string_member (delta, "content");

      g_ptr_array_add (events->content_tokens, g_strdup (token));
      g_string_append (events->content, token);
    }
  if (json_object_has_member (delta, "tool_calls"))
    {
      JsonObject *call = json_array_get_object_element (
        json_object_get_array_member (delta, "tool_calls"), 0);
      JsonObject *function = json_object_get_object_member (call, "function");

      g_assert_cmpint (json_object_get_int_member (call, "index"), ==, 0);
      if (json_object_has_member (call, "id"))
        {
          g_assert_null (events->tool_id);
          events->tool_id = g_strdup (json_object_get_string_member (call, "id"));
          events->tool_name = g_strdup (json_object_get_string_member (function, "name"));
          g_assert_cmpstr (json_object_get_string_member (function, "arguments"), ==, "");
        }
      else
        {
          events->n_argument_pieces++;
          g_string_append (events->arguments,
                           json_object_get_string_member (function, "arguments"));
        }
    }
}

Events *
events_parse (const Fetch *fetch,
              const char  *reasoning_field)
{
  Events          *events = g_new0 (Events, 1);
  g_autofree char *text = body_text (fetch);
  g_auto (GStrv) blocks = g_strsplit (text, "\n\n", -1);

  events->payloads = g_ptr_array_new_with_free_func (g_free);
  events->content_tokens = g_ptr_array_new_with_free_func (g_free);
  events->content = g_string_new (NULL);
  events->reasoning = g_string_new (NULL);
  events->arguments = g_string_new (NULL);

  for (guint i = 0; blocks[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *chunk;
      JsonArray  *choices;

      if (blocks[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (blocks[i], "data: "));
      g_ptr_array_add (events->payloads, g_strdup (blocks[i] + 6));
      events->done_last = g_str_equal (blocks[i] + 6, "[DONE]");
      if (events->done_last || !json_parser_load_from_data (parser, blocks[i] + 6, -1, NULL))
        continue;

      chunk = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (chunk, "choices"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (chunk, "object"), ==,
                       "chat.completion.chunk");
      choices = json_object_get_array_member (chunk, "choices");
      if (json_array_get_length (choices) == 0)
        {
          JsonObject *usage = json_object_get_object_member (chunk, "usage");

          events->usage_choices_empty = TRUE;
          events->prompt_tokens = json_object_get_int_member (usage, "prompt_tokens");
          events->completion_tokens = json_object_get_int_member (usage, "completion_tokens");
          continue;
        }
      read_delta (events,
                  json_object_get_object_member (json_array_get_object_element (choices, 0),
                                                 "delta"),
                  reasoning_field);
      if (!json_object_get_null_member (json_array_get_object_element (choices, 0),
                                        "finish_reason"))
        events->finish_reason = g_strdup (json_object_get_string_member (
          json_array_get_object_element (choices, 0), "finish_reason"));
    }
  return events;
}

SparkFakeService *
service_new (void)
{
  g_autoptr (GError) error = NULL;
  SparkFakeService *service = spark_fake_service_new (&error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (spark_fake_service_get_base_url (service),
                                   "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (spark_fake_service_get_base_url (service), "/v1"));
  return service;
}
