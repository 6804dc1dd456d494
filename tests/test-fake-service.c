/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fake model service seen from a plain SoupSession: what each endpoint,
 * scripted reply and fault looks like on the wire, and what gets recorded. */
#define _GNU_SOURCE /* memmem */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fake-client.h"

#define STREAM_BODY "{\"model\":\"fake-chat\",\"stream\":true,"    \
                    "\"stream_options\":{\"include_usage\":true}," \
                    "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to me\"}]}"
#define PLAIN_BODY "{\"model\":\"fake-chat\"," \
                   "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"
#define CHAT "/chat/completions"

static gboolean
body_has_bytes (gconstpointer data)
{
  const Fetch *fetch = data;

  return fetch->body->len > 0;
}

static gboolean
no_streams (gconstpointer data)
{
  return spark_fake_service_get_n_streams ((SparkFakeService *) data) == 0;
}

static gboolean
two_tokens_sent (gconstpointer data)
{
  return spark_fake_service_get_tokens_sent ((SparkFakeService *) data) >= 2;
}

static gboolean
two_requests (gconstpointer data)
{
  return spark_fake_service_get_request_count ((SparkFakeService *) data, NULL) >= 2;
}

static Fetch *
stream_with (SoupSession      *session,
             SparkFakeService *service,
             SparkFakeReply   *reply)
{
  spark_fake_service_push_reply (service, reply);
  return fetch_sync (session, service, "POST", CHAT, STREAM_BODY);
}

static void
test_split_tokens (void)
{
  g_auto (GStrv) tokens = spark_fake_split_tokens ("Hello world,  how\nare you ");
  g_auto (GStrv) none = spark_fake_split_tokens (NULL);
  g_autofree char *joined = g_strjoinv ("", tokens);

  g_assert_cmpuint (g_strv_length (tokens), ==, 6);
  g_assert_cmpstr (tokens[0], ==, "Hello");
  g_assert_cmpstr (tokens[1], ==, " world,");
  g_assert_cmpstr (tokens[2], ==, "  how");
  g_assert_cmpstr (tokens[3], ==, "\nare");
  g_assert_cmpstr (tokens[4], ==, " you");
  g_assert_cmpstr (tokens[5], ==, " ");
  g_assert_cmpstr (joined, ==, "Hello world,  how\nare you ");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_fault_names (void)
{
  SparkFakeFault fault = SPARK_FAKE_FAULT_NONE;

  for (SparkFakeFault i = SPARK_FAKE_FAULT_NONE; i <= SPARK_FAKE_FAULT_ERROR_MID_STREAM; i++)
    {
      g_assert_true (spark_fake_fault_from_string (spark_fake_fault_to_string (i), &fault));
      g_assert_cmpint (fault, ==, i);
    }
  g_assert_true (spark_fake_fault_from_string ("reset-mid-stream", &fault));
  g_assert_cmpint (fault, ==, SPARK_FAKE_FAULT_RESET_MID_STREAM);
  g_assert_false (spark_fake_fault_from_string ("gremlins", &fault));
}

static void
test_models (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) listed = fetch_sync (session, service, "GET", "/models", NULL);
  g_autoptr (Fetch) custom = NULL;
  g_autoptr (JsonObject) list = body_object (listed);
  JsonArray        *data = json_object_get_array_member (list, "data");
  const char *const ids[] = { "llama3.2", NULL };

  g_assert_cmpuint (soup_message_get_status (listed->msg), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (list, "object"), ==, "list");
  g_assert_cmpuint (json_array_get_length (data), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"),
                   ==, "fake-chat");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 1), "id"),
                   ==, "fake-vision");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0),
                                                  "owned_by"),
                   ==, "fake");

  spark_fake_service_set_models (service, ids);
  custom = fetch_sync (session, service, "GET", "/models", NULL);
  g_clear_pointer (&list, json_object_unref);
  list = body_object (custom);
  data = json_object_get_array_member (list, "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"),
                   ==, "llama3.2");
}

static void
test_stream (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  SparkFakeReply *reply = spark_fake_reply_new ("Paris is the capital of France.");
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (Events) events = NULL;
  g_auto (GStrv) tokens = spark_fake_split_tokens ("Paris is the capital of France.");
  const char *arguments = "{\"query\":\"weather in Paris\",\"limit\":3}";

  reply->reasoning = g_strdup ("The user asks about Paris.");
  reply->reasoning_field = SPARK_FAKE_REASONING;
  spark_fake_reply_add_tool_call (reply, "content_search", arguments);
  fetch = stream_with (session, service, reply);

  g_assert_no_error (fetch->error);
  g_assert_cmpuint (soup_message_get_status (fetch->msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (fetch->msg), NULL),
                   ==, "text/event-stream");

  events = events_parse (fetch, "reasoning");
  g_assert_true (events->role_first);
  g_assert_cmpstr (events->reasoning->str, ==, "The user asks about Paris.");
  g_assert_cmpuint (events->content_tokens->len, ==, g_strv_length (tokens));
  for (guint i = 0; tokens[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (events->content_tokens, i), ==, tokens[i]);
  g_assert_cmpstr (events->tool_id, ==, "call_fake_1");
  g_assert_cmpstr (events->tool_name, ==, "content_search");
  g_assert_cmpuint (events->n_argument_pieces, >=, 3);
  g_assert_cmpstr (events->arguments->str, ==, arguments);
  g_assert_cmpstr (events->finish_reason, ==, "tool_calls");
  g_assert_true (events->usage_choices_empty);
  g_assert_cmpint (events->prompt_tokens, ==, 4);
  g_assert_cmpint (events->completion_tokens, ==, 5 + 6);
  g_assert_true (events->done_last);
  /* 5 reasoning + 6 content tokens went out. */
  g_assert_cmpuint (spark_fake_service_get_tokens_sent (service), ==, 11);
}

static void
test_stream_default_without_usage (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (Events) events = NULL;

  fetch = fetch_sync (session, service, "POST", CHAT,
                      "{\"model\":\"fake-vision\",\"stream\":true,\"messages\":[]}");
  events = events_parse (fetch, "reasoning_content");
  g_assert_cmpstr (events->content->str, ==, "Hello from the fake model service.");
  g_assert_cmpstr (events->finish_reason, ==, "stop");
  g_assert_false (events->usage_choices_empty);
  g_assert_true (events->done_last);
}

static void
test_plain_completion (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (JsonObject) body = NULL;
  JsonObject *choice, *usage;

  spark_fake_service_push_text (service, "{\"title\":\"Rome\"}");
  fetch = fetch_sync (session, service, "POST", CHAT, PLAIN_BODY);
  body = body_object (fetch);
  choice = json_array_get_object_element (json_object_get_array_member (body, "choices"), 0);
  usage = json_object_get_object_member (body, "usage");

  g_assert_cmpstr (json_object_get_string_member (body, "object"), ==, "chat.completion");
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "fake-chat");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (choice, "message"), "content"),
                   ==, "{\"title\":\"Rome\"}");
  g_assert_cmpstr (json_object_get_string_member (choice, "finish_reason"), ==, "stop");
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), ==, 1);
}

static void
tokens_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  guint      *n_notifies)
{
  (*n_notifies)++;
}

static void
test_rate (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  SparkFakeReply *reply = spark_fake_reply_new ("one two three four five six");
  g_autoptr (Fetch) fetch = NULL;
  guint  n_notifies = 0;
  gint64 elapsed_ms;

  reply->tokens_per_second = 25; /* a token every 40 ms */
  g_signal_connect (service, "notify::tokens-sent", G_CALLBACK (tokens_notify_cb), &n_notifies);
  fetch = stream_with (session, service, reply);
  elapsed_ms = (g_get_monotonic_time () - fetch->started) / 1000;

  g_assert_no_error (fetch->error);
  g_assert_cmpuint (n_notifies, ==, 6);
  /* Six timer ticks of 40 ms; timers never fire early, so only a lower
   * bound is safe. Each token arrived in a read of its own. */
  g_assert_cmpint (elapsed_ms, >=, 6 * 40 - 10);
  g_assert_cmpuint (fetch->n_reads, >=, 6);
}

static void
test_fault_reset (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (Fetch) plain = NULL;
  g_autofree char *text = NULL;

  fetch = stream_with (session, service,
                       spark_fake_reply_new_fault ("a b c d e f", SPARK_FAKE_FAULT_RESET_MID_STREAM, 2));
  text = body_text (fetch);
  g_assert_true (fetch->headers);
  g_assert_error (fetch->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_nonnull (strstr (text, "\"content\":\" b\""));
  g_assert_null (strstr (text, "\"content\":\" c\""));
  g_assert_null (strstr (text, "[DONE]"));

  spark_fake_service_push_reply (service,
                                 spark_fake_reply_new_fault ("x", SPARK_FAKE_FAULT_RESET_MID_STREAM, 0));
  plain = fetch_sync (session, service, "POST", CHAT, PLAIN_BODY);
  g_assert_nonnull (plain->error);
  wait_for (no_streams, service);
}

static void
test_fault_malformed_and_utf8 (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) malformed = NULL;
  g_autoptr (Fetch) broken = NULL;
  g_autoptr (Events) events = NULL;

  malformed = stream_with (session, service,
                           spark_fake_reply_new_fault ("a b c", SPARK_FAKE_FAULT_MALFORMED_EVENT, 2));
  events = events_parse (malformed, "reasoning_content");
  g_assert_no_error (malformed->error);
  /* role, a, b, the broken event, then the stream goes on. */
  g_assert_cmpstr (g_ptr_array_index (events->payloads, 3), ==, "{not json");
  g_assert_cmpstr (events->content->str, ==, "a b c");
  g_assert_true (events->done_last);

  broken = stream_with (session, service,
                        spark_fake_reply_new_fault ("a b", SPARK_FAKE_FAULT_INVALID_UTF8, 1));
  g_assert_no_error (broken->error);
  g_assert_false (g_utf8_validate ((const char *) broken->body->data, broken->body->len, NULL));
  g_assert_nonnull (memmem (broken->body->data, broken->body->len, "\xff\xfe", 2));
}

static void
test_fault_huge_event (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (Events) events = NULL;
  gsize longest = 0;

  fetch = stream_with (session, service,
                       spark_fake_reply_new_fault ("a b", SPARK_FAKE_FAULT_HUGE_EVENT, 1));
  g_assert_no_error (fetch->error);
  events = events_parse (fetch, "reasoning_content");
  for (guint i = 0; i < events->payloads->len; i++)
    longest = MAX (longest, strlen (g_ptr_array_index (events->payloads, i)));
  g_assert_cmpuint (longest, >=, SPARK_FAKE_HUGE_EVENT_SIZE);
  g_assert_true (events->done_last);
}

static void
test_fault_stall (void)
{
  SparkFakeService *service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autofree char *text = NULL;
  guint            received;

  spark_fake_service_push_reply (service,
                                 spark_fake_reply_new_fault ("a b c d", SPARK_FAKE_FAULT_STALL, 2));
  fetch = fetch_start (session, message_new (service, "POST", CHAT, STREAM_BODY));
  wait_for (two_tokens_sent, service);
  wait_for (body_has_bytes, fetch);
  spin_for (300);
  received = fetch->body->len;
  spin_for (200);
  g_assert_cmpuint (fetch->body->len, ==, received);
  g_assert_false (fetch->done);
  g_assert_cmpuint (spark_fake_service_get_n_streams (service), ==, 1);

  /* Freeing the service ends the stalled stream; the client sees it end
   * without [DONE]. */
  g_object_unref (service);
  wait_for (fetch_done, fetch);
  text = body_text (fetch);
  g_assert_nonnull (strstr (text, "\"content\":\" b\""));
  g_assert_null (strstr (text, "[DONE]"));
}

static void
test_fault_no_done_and_error (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) no_done = NULL;
  g_autoptr (Fetch) failed = NULL;
  g_autoptr (Events) events = NULL;
  g_autoptr (Events) error_events = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *error;

  no_done = stream_with (session, service,
                         spark_fake_reply_new_fault ("a b c", SPARK_FAKE_FAULT_NO_DONE, 0));
  g_assert_no_error (no_done->error);
  events = events_parse (no_done, "reasoning_content");
  g_assert_cmpstr (events->content->str, ==, "a b c");
  g_assert_null (events->finish_reason);
  g_assert_false (events->done_last);

  failed = stream_with (session, service,
                        spark_fake_reply_new_fault ("a b c", SPARK_FAKE_FAULT_ERROR_MID_STREAM, 1));
  g_assert_no_error (failed->error);
  error_events = events_parse (failed, "reasoning_content");
  g_assert_cmpstr (error_events->content->str, ==, "a");
  g_assert_false (error_events->done_last);
  g_assert_true (json_parser_load_from_data (
    parser, g_ptr_array_index (error_events->payloads, error_events->payloads->len - 1), -1, NULL));
  error = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "error");
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "server_error");
}

static void
test_fault_slow_first_byte (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) fetch = NULL;
  g_autoptr (Events) events = NULL;

  fetch = stream_with (session, service,
                       spark_fake_reply_new_fault ("late", SPARK_FAKE_FAULT_SLOW_FIRST_BYTE, 300));
  g_assert_no_error (fetch->error);
  g_assert_cmpint (fetch->headers_at - fetch->started, >=, 290 * 1000);
  events = events_parse (fetch, "reasoning_content");
  g_assert_cmpstr (events->content->str, ==, "late");
  g_assert_true (events->done_last);
  wait_for (no_streams, service);
}

static void
test_status_queue (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  guint expected[] = { 503, 503, 429, 502, 200 };

  spark_fake_service_push_status (service, 503, 0);
  spark_fake_service_push_status (service, 503, 0);
  spark_fake_service_push_status (service, 429, 7);
  spark_fake_service_push_reply (service,
                                 spark_fake_reply_new_status (502, "<html>Bad gateway</html>"));
  spark_fake_service_push_text (service, "finally");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (Fetch) fetch = fetch_sync (session, service, "POST", CHAT, PLAIN_BODY);
      SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
      g_autofree char    *text = body_text (fetch);

      g_assert_cmpuint (soup_message_get_status (fetch->msg), ==, expected[i]);
      if (expected[i] == 429)
        g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "7");
      else
        g_assert_null (soup_message_headers_get_one (headers, "Retry-After"));
      if (expected[i] == 503)
        g_assert_nonnull (strstr (text, "\"type\":\"server_error\""));
      if (expected[i] == 502)
        g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
      if (expected[i] == 200)
        g_assert_nonnull (strstr (text, "finally"));
    }
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/chat/completions"), ==, 5);
}

static void
test_unknown_model_and_json_schema (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) unknown = NULL;
  g_autoptr (Fetch) rejected = NULL;
  g_autoptr (Fetch) fallback = NULL;
  g_autoptr (Fetch) always = NULL;
  g_autoptr (JsonObject) error_body = NULL;
  SparkFakeReply  *reply = spark_fake_reply_new ("{\"ok\":true}");
  g_autofree char *text = NULL;
  const char      *schema_body = "{\"model\":\"fake-chat\",\"messages\":[],"
                                 "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}}";

  spark_fake_service_push_text (service, "kept for later");
  unknown = fetch_sync (session, service, "POST", CHAT,
                        "{\"model\":\"nope\",\"messages\":[]}");
  g_assert_cmpuint (soup_message_get_status (unknown->msg), ==, 404);
  error_body = body_object (unknown);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (error_body, "error"), "message"),
                   ==, "model 'nope' not found");
  g_assert_cmpuint (spark_fake_service_get_n_queued (service), ==, 1);
  spark_fake_service_push_reply (service, spark_fake_reply_new ("unused"));
  g_assert_cmpuint (spark_fake_service_get_n_queued (service), ==, 2);

  /* Drain "kept for later" and "unused", then script a one-off rejection. */
  g_clear_pointer (&unknown, fetch_free);
  unknown = fetch_sync (session, service, "POST", CHAT, PLAIN_BODY);
  g_clear_pointer (&unknown, fetch_free);
  unknown = fetch_sync (session, service, "POST", CHAT, PLAIN_BODY);
  reply->reject_json_schema = TRUE;
  spark_fake_service_push_reply (service, reply);
  spark_fake_service_push_text (service, "{\"ok\":true}");
  rejected = fetch_sync (session, service, "POST", CHAT, schema_body);
  g_assert_cmpuint (soup_message_get_status (rejected->msg), ==, 400);
  text = body_text (rejected);
  g_assert_nonnull (strstr (text, "json_schema"));
  fallback = fetch_sync (session, service, "POST", CHAT, schema_body);
  g_assert_cmpuint (soup_message_get_status (fallback->msg), ==, 200);

  spark_fake_service_set_reject_json_schema (service, TRUE);
  always = fetch_sync (session, service, "POST", CHAT, schema_body);
  g_assert_cmpuint (soup_message_get_status (always->msg), ==, 400);
}

static void
test_auth (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) missing = NULL;
  g_autoptr (Fetch) wrong = NULL;
  g_autoptr (Fetch) right = NULL;
  g_autoptr (JsonObject) body = NULL;
  SoupMessage *msg;

  spark_fake_service_set_api_key (service, "sk-test");
  missing = fetch_sync (session, service, "GET", "/models", NULL);
  g_assert_cmpuint (soup_message_get_status (missing->msg), ==, 401);
  body = body_object (missing);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "error"),
                                                  "code"),
                   ==, "invalid_api_key");

  msg = message_new (service, "GET", "/models", NULL);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                               "Bearer sk-nope");
  wrong = fetch_start (session, msg);
  wait_for (fetch_done, wrong);
  g_assert_cmpuint (soup_message_get_status (wrong->msg), ==, 401);

  msg = message_new (service, "GET", "/models", NULL);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                               "Bearer sk-test");
  right = fetch_start (session, msg);
  wait_for (fetch_done, right);
  g_assert_cmpuint (soup_message_get_status (right->msg), ==, 200);
  g_assert_cmpstr (spark_fake_service_get_last_request (service, NULL)->authorization,
                   ==, "Bearer sk-test");
}

static void
test_transcription_and_speech (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (SoupMultipart) form = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr (GBytes) audio = g_bytes_new_static ("OggS-not-really-audio", 21);
  g_autofree char *url = g_strconcat (spark_fake_service_get_base_url (service),
                                      "/audio/transcriptions", NULL);
  g_autoptr (Fetch) heard = NULL;
  g_autoptr (Fetch) missing = NULL;
  g_autoptr (Fetch) spoken = NULL;
  g_autoptr (Fetch) no_speech = NULL;
  g_autoptr (JsonObject) body = NULL;
  const SparkFakeRequest *request;
  const SparkFakePart    *file;

  soup_multipart_append_form_file (form, "file", "voice.ogg", "audio/ogg", audio);
  soup_multipart_append_form_string (form, "model", "whisper-1");
  soup_multipart_append_form_string (form, "language", "fr");
  spark_fake_service_set_transcription (service, "Bonjour");
  heard = fetch_start (session, soup_message_new_from_multipart (url, form));
  wait_for (fetch_done, heard);
  body = body_object (heard);
  g_assert_cmpstr (json_object_get_string_member (body, "text"), ==, "Bonjour");

  request = spark_fake_service_get_last_request (service, "/v1/audio/transcriptions");
  g_assert_true (g_str_has_prefix (request->content_type, "multipart/form-data"));
  g_assert_cmpuint (request->parts->len, ==, 3);
  file = spark_fake_request_get_part (request, "file");
  g_assert_cmpstr (file->filename, ==, "voice.ogg");
  g_assert_cmpstr (file->content_type, ==, "audio/ogg");
  g_assert_cmpuint (g_bytes_get_size (file->data), ==, 21);
  g_assert_nonnull (spark_fake_request_get_part (request, "language"));

  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 404);
  missing = fetch_start (session, soup_message_new_from_multipart (url, form));
  wait_for (fetch_done, missing);
  g_assert_cmpuint (soup_message_get_status (missing->msg), ==, 404);

  spoken = fetch_sync (session, service, "POST", "/audio/speech",
                       "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");
  g_assert_cmpuint (soup_message_get_status (spoken->msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (spoken->msg), NULL),
                   ==, "audio/ogg");
  g_assert_nonnull (memmem (spoken->body->data, spoken->body->len, "OggS", 4));

  spark_fake_service_set_path_status (service, "/v1/audio/speech", 404);
  no_speech = fetch_sync (session, service, "POST", "/audio/speech", "{\"input\":\"Hi\"}");
  g_assert_cmpuint (soup_message_get_status (no_speech->msg), ==, 404);
}

static void
test_recording (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (Fetch) first = fetch_sync (session, service, "GET", "/models", NULL);
  g_autoptr (Fetch) second = fetch_sync (session, service, "POST", CHAT, STREAM_BODY);
  g_autoptr (Fetch) third = fetch_sync (session, service, "GET", "/nowhere", NULL);
  GPtrArray              *requests = spark_fake_service_get_requests (service);
  const SparkFakeRequest *chat = g_ptr_array_index (requests, 1);
  JsonObject             *object = spark_fake_request_get_object (chat);

  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_cmpstr (((SparkFakeRequest *) g_ptr_array_index (requests, 0))->method, ==, "GET");
  g_assert_cmpstr (chat->method, ==, "POST");
  g_assert_cmpstr (chat->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (chat->content_type, ==, "application/json");
  g_assert_null (chat->authorization);
  g_assert_cmpuint (g_bytes_get_size (chat->body), ==, strlen (STREAM_BODY));
  g_assert_true (json_object_get_boolean_member (object, "stream"));
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "fake-chat");
  g_assert_cmpuint (soup_message_get_status (third->msg), ==, 404);
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/models"), ==, 1);
  g_assert_cmpuint (spark_fake_service_get_request_count (service, NULL), ==, 3);
  /* libsoup sends a POST on a fresh connection (it is not idempotent); the
   * GET after it reuses a kept-alive one. */
  g_assert_cmpuint (spark_fake_service_get_connection_count (service), ==, 2);
  g_assert_cmpuint (chat->connection, ==, 2);
  g_assert_cmpuint (((SparkFakeRequest *) g_ptr_array_index (requests, 2))->connection, <=, 2);
}

static void
test_client_goes_away (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  SparkFakeReply *reply = spark_fake_reply_new ("a b c d e f g h i j k l m n o p");
  g_autoptr (Fetch) fetch = NULL;

  reply->tokens_per_second = 50;
  spark_fake_service_push_reply (service, reply);
  fetch = fetch_start (session, message_new (service, "POST", CHAT, STREAM_BODY));
  wait_for (two_tokens_sent, service);
  g_cancellable_cancel (fetch->cancellable);
  wait_for (fetch_done, fetch);

  /* The next paced write fails and the service lets go of the stream. */
  wait_for (no_streams, service);
  g_assert_cmpuint (spark_fake_service_get_tokens_sent (service), <, 16);
}

static void
test_free_mid_stream (void)
{
  SparkFakeService *service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  SparkFakeReply *reply = spark_fake_reply_new ("a b c d e f g h i j");
  SparkFakeReply *delayed = spark_fake_reply_new_fault ("x", SPARK_FAKE_FAULT_SLOW_FIRST_BYTE,
                                                        5000);
  g_autoptr (Fetch) streaming = NULL;
  g_autoptr (Fetch) waiting = NULL;

  reply->tokens_per_second = 20;
  spark_fake_service_push_reply (service, reply);
  spark_fake_service_push_reply (service, delayed);
  streaming = fetch_start (session, message_new (service, "POST", CHAT, STREAM_BODY));
  wait_for (two_tokens_sent, service);
  waiting = fetch_start (session, message_new (service, "POST", CHAT, STREAM_BODY));
  wait_for (two_requests, service);
  g_assert_cmpuint (spark_fake_service_get_n_streams (service), ==, 2);

  g_object_unref (service);
  wait_for (fetch_done, streaming);
  wait_for (fetch_done, waiting);
  g_assert_nonnull (waiting->error);
  g_assert_false (waiting->headers);
}

static void
test_script (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (SoupSession) session = session_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autoptr (Fetch) first = NULL;
  g_autoptr (Fetch) second = NULL;
  g_autoptr (Events) events = NULL;
  int         fd;
  const char *script =
    "{\"models\": [\"scripted\"],"
    " \"default\": {\"text\": \"default text\"},"
    " \"replies\": ["
    "   {\"status\": 503},"
    "   {\"reasoning\": \"hmm\", \"tool_calls\": [{\"name\": \"f\", \"arguments\": {\"a\": 1}}]}"
    " ]}";

  fd = g_file_open_tmp ("fake-script-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_true (spark_fake_service_load_script (service, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spark_fake_service_get_n_queued (service), ==, 2);

  first = fetch_sync (session, service, "POST", CHAT,
                      "{\"model\":\"scripted\",\"stream\":true,\"messages\":[]}");
  g_assert_cmpuint (soup_message_get_status (first->msg), ==, 503);
  second = fetch_sync (session, service, "POST", CHAT,
                       "{\"model\":\"scripted\",\"stream\":true,\"messages\":[]}");
  events = events_parse (second, "reasoning_content");
  g_assert_cmpstr (events->reasoning->str, ==, "hmm");
  g_assert_cmpstr (events->content->str, ==, "default text");
  g_assert_cmpstr (events->arguments->str, ==, "{\"a\":1}");
  g_unlink (path);

  fd = g_file_open_tmp ("fake-script-XXXXXX.json", &bad, &error);
  close (fd);
  g_file_set_contents (bad, "[{\"fault\": \"gremlins\"}]", -1, &error);
  g_assert_false (spark_fake_service_load_script (service, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (spark_fake_service_get_n_queued (service), ==, 0);
  g_unlink (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fake/split-tokens", test_split_tokens);
  g_test_add_func ("/fake/fault-names", test_fault_names);
  g_test_add_func ("/fake/models", test_models);
  g_test_add_func ("/fake/stream", test_stream);
  g_test_add_func ("/fake/stream-default", test_stream_default_without_usage);
  g_test_add_func ("/fake/plain-completion", test_plain_completion);
  g_test_add_func ("/fake/rate", test_rate);
  g_test_add_func ("/fake/fault/reset", test_fault_reset);
  g_test_add_func ("/fake/fault/malformed-utf8", test_fault_malformed_and_utf8);
  g_test_add_func ("/fake/fault/huge-event", test_fault_huge_event);
  g_test_add_func ("/fake/fault/stall", test_fault_stall);
  g_test_add_func ("/fake/fault/no-done-error", test_fault_no_done_and_error);
  g_test_add_func ("/fake/fault/slow-first-byte", test_fault_slow_first_byte);
  g_test_add_func ("/fake/status-queue", test_status_queue);
  g_test_add_func ("/fake/model-json-schema", test_unknown_model_and_json_schema);
  g_test_add_func ("/fake/auth", test_auth);
  g_test_add_func ("/fake/audio", test_transcription_and_speech);
  g_test_add_func ("/fake/recording", test_recording);
  g_test_add_func ("/fake/client-goes-away", test_client_goes_away);
  g_test_add_func ("/fake/free-mid-stream", test_free_mid_stream);
  g_test_add_func ("/fake/script", test_script);
  return g_test_run ();
}
