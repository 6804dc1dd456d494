/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkClient against the fake model service: streaming, every fault the
 * service can inject, the sentence a person sees for each, that partial
 * text arrives before a failure, that retries happen only before the first
 * byte, and that cancelling frees everything (run under ASan in CI). */
#include "config.h"

#include "spark-client.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 15000

typedef struct
{
  SparkFakeService *service;
  SparkClient      *client;
  SparkProvider    *provider;
} Fixture;

typedef struct
{
  GString         *text;
  GString         *reasoning;
  guint            deltas;
  guint            retries;
  guint            last_retry_seconds;
  gboolean         done;
  SparkChatResult *result;
  GError          *error;
  GCancellable    *cancel_after_text; /* cancelled once text arrived */
} Run;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  f->client = spark_client_new ();
  /* Fast backoff so retry tests take milliseconds, not seconds. */
  spark_client_set_retry_policy (f->client, 3, 10);
  spark_client_set_timeouts (f->client, 5, 10);
  f->provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
  spark_provider_set_base_url (f->provider, spark_fake_service_get_base_url (f->service));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->provider);
  g_clear_object (&f->service);
}

static void
run_clear (Run *run)
{
  g_string_free (run->text, TRUE);
  g_string_free (run->reasoning, TRUE);
  g_clear_pointer (&run->result, spark_chat_result_free);
  g_clear_error (&run->error);
  g_clear_object (&run->cancel_after_text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
delta_cb (const SparkChatDelta  *delta,
          const SparkChatResult *so_far,
          gpointer               user_data)
{
  Run *run = user_data;

  run->deltas++;
  g_string_append_len (run->text, delta->content, delta->content_len);
  g_string_append_len (run->reasoning, delta->reasoning, delta->reasoning_len);
  if (run->cancel_after_text != NULL && run->text->len > 0)
    g_cancellable_cancel (run->cancel_after_text);
}

static void
retrying_cb (guint         attempt,
             guint         seconds,
             const GError *reason,
             gpointer      user_data)
{
  Run *run = user_data;

  run->retries++;
  run->last_retry_seconds = seconds;
  g_assert_nonnull (reason);
}

static const SparkStreamCallbacks callbacks = { delta_cb, retrying_cb };

static void
done_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = spark_client_stream_chat_finish (SPARK_CLIENT (source), res, &run->error);
  run->done = TRUE;
}

static JsonNode *
simple_request (const char *model)
{
  g_autofree char *json = g_strdup_printf ("{\"model\":\"%s\",\"stream\":true,"
                                           "\"stream_options\":{\"include_usage\":true},"
                                           "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                                           model);
  return json_from_string (json, NULL);
}

static void
run_chat (Fixture      *f,
          Run          *run,
          const char   *key,
          GCancellable *cancellable)
{
  g_autoptr (JsonNode) request = simple_request ("fake-chat");

  run->text = g_string_new (NULL);
  run->reasoning = g_string_new (NULL);
  spark_client_stream_chat_async (f->client, f->provider, key, request, &callbacks, run,
                                  cancellable, done_cb, run);
  spark_test_wait_for_flag (&run->done, TIMEOUT_MS);
}

static void
assert_error (Run        *run,
              int         code,
              const char *fragment)
{
  g_assert_null (run->result);
  g_assert_error (run->error, SPARK_ERROR, code);
  if (fragment != NULL && strstr (run->error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, run->error->message);
}

static void
test_stream_ok (Fixture      *f,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };
  SparkFakeReply         *reply = spark_fake_reply_new ("Lisbon has trams, tiles and custard tarts.");
  const SparkFakeRequest *request;
  JsonObject             *body;

  reply->reasoning = g_strdup ("They asked about Lisbon.");
  spark_fake_service_push_reply (f->service, reply);

  run_chat (f, &run, "sk-test-123", NULL);

  g_assert_no_error (run.error);
  g_assert_cmpstr (run.text->str, ==, "Lisbon has trams, tiles and custard tarts.");
  g_assert_cmpstr (run.result->text->str, ==, run.text->str);
  g_assert_cmpstr (run.reasoning->str, ==, "They asked about Lisbon.");
  g_assert_cmpstr (run.result->finish_reason, ==, "stop");
  g_assert_true (run.result->usage.valid);
  g_assert_cmpint (run.result->usage.completion_tokens, >, 0);
  g_assert_cmpuint (run.deltas, >, 5);
  g_assert_cmpuint (run.retries, ==, 0);

  /* What went on the wire. */
  request = spark_fake_service_get_last_request (f->service, "/v1/chat/completions");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->authorization, ==, "Bearer sk-test-123");
  body = spark_fake_request_get_object (request);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "fake-chat");
}

static void
test_tool_calls (Fixture      *f,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  SparkFakeReply *reply = spark_fake_reply_new ("");
  SparkToolCall  *call;

  spark_fake_reply_add_tool_call (reply, "content_search", "{\"query\":\"Lisbon trams\",\"limit\":5}");
  spark_fake_service_push_reply (f->service, reply);
  run_chat (f, &run, NULL, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.result->tool_calls->len, ==, 1);
  call = g_ptr_array_index (run.result->tool_calls, 0);
  g_assert_cmpstr (call->name, ==, "content_search");
  g_assert_cmpstr (call->arguments->str, ==, "{\"query\":\"Lisbon trams\",\"limit\":5}");
  g_assert_cmpstr (run.result->finish_reason, ==, "tool_calls");
}

static void
test_reset_mid_stream (Fixture      *f,
                       gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("one two three four five six seven", SPARK_FAKE_FAULT_RESET_MID_STREAM, 3));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_STREAM_CUT, "lost before the reply finished");
  /* The part that arrived was delivered, and nothing was retried after it. */
  g_assert_true (g_str_has_prefix (run.text->str, "one two"));
  g_assert_cmpuint (run.retries, ==, 0);
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 1);
}

static void
test_no_done (Fixture      *f,
              gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("a b c d e", SPARK_FAKE_FAULT_NO_DONE, 2));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_STREAM_CUT, "ended the reply before it was finished");
  g_assert_cmpuint (run.text->len, >, 0);
}

static void
test_malformed_event (Fixture      *f,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma delta", SPARK_FAKE_FAULT_MALFORMED_EVENT, 2));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_MALFORMED_STREAM, NULL);
  g_assert_cmpstr (run.text->str, ==, "alpha beta");
}

static void
test_invalid_utf8 (Fixture      *f,
                   gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma delta", SPARK_FAKE_FAULT_INVALID_UTF8, 1));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_MALFORMED_STREAM, NULL);
  g_assert_true (g_utf8_validate (run.text->str, -1, NULL));
  g_assert_cmpstr (run.text->str, ==, "alpha");
}

static void
test_huge_event (Fixture      *f,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma", SPARK_FAKE_FAULT_HUGE_EVENT, 1));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_MALFORMED_STREAM, "larger than");
  g_assert_cmpstr (run.text->str, ==, "alpha");
}

static void
test_error_mid_stream (Fixture      *f,
                       gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma", SPARK_FAKE_FAULT_ERROR_MID_STREAM, 2));
  run_chat (f, &run, NULL, NULL);

  g_assert_error (run.error, SPARK_ERROR, SPARK_ERROR_SERVICE);
  g_assert_cmpstr (run.text->str, ==, "alpha beta");
}

static void
test_stall_idle_timeout (Fixture      *f,
                         gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_client_set_timeouts (f->client, 5, 1);
  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma", SPARK_FAKE_FAULT_STALL, 2));
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_TIMEOUT, "stopped sending for 1 s");
  g_assert_cmpstr (run.text->str, ==, "alpha beta");
}

static void
test_slow_first_byte (Fixture      *f,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };

  /* Slower than nothing, faster than the idle timeout: must just work. */
  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("patience pays", SPARK_FAKE_FAULT_SLOW_FIRST_BYTE, 600));
  run_chat (f, &run, NULL, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpstr (run.text->str, ==, "patience pays");
}

static void
test_retry_503_then_ok (Fixture      *f,
                        gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_fake_service_push_status (f->service, 503, 0);
  spark_fake_service_push_status (f->service, 502, 0);
  spark_fake_service_push_text (f->service, "third time lucky");
  run_chat (f, &run, NULL, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpstr (run.text->str, ==, "third time lucky");
  g_assert_cmpuint (run.retries, ==, 2);
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 3);
}

static void
test_retry_after_429 (Fixture      *f,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  spark_fake_service_push_status (f->service, 429, 1);
  spark_fake_service_push_text (f->service, "ok now");
  run_chat (f, &run, NULL, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.retries, ==, 1);
  g_assert_cmpuint (run.last_retry_seconds, ==, 1);
  /* Retry-After: 1 was honoured, not the 10 ms backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
}

static void
test_retries_exhausted (Fixture      *f,
                        gconstpointer data)
{
  g_auto (Run) run = { 0 };

  for (int i = 0; i < 5; i++)
    spark_fake_service_push_status (f->service, 500, 0);
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_SERVER, "HTTP 500");
  g_assert_cmpuint (run.retries, ==, 3);
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 4);
}

static void
test_rate_limited_gives_up (Fixture      *f,
                            gconstpointer data)
{
  g_auto (Run) run = { 0 };

  /* Retry-After beyond what is worth waiting for: say so instead. */
  spark_fake_service_push_status (f->service, 429, 600);
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_RATE_LIMITED, "600 s");
  g_assert_cmpuint (run.retries, ==, 0);
}

static void
test_http_errors (Fixture      *f,
                  gconstpointer data)
{
  struct
  {
    guint       status;
    const char *body;
    const char *key;
    int         code;
    const char *fragment;
  } cases[] = {
    { 401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}", "sk-wrong", SPARK_ERROR_AUTH, "rejected the API key" },
    { 401, "{\"error\":{\"message\":\"Missing bearer\"}}", NULL, SPARK_ERROR_AUTH, "needs an API key" },
    { 403, NULL, "sk", SPARK_ERROR_AUTH, "rejected the API key" },
    { 404, "{\"error\":\"model \\\"fake-chat\\\" not found, try pulling it first\"}", NULL, SPARK_ERROR_MODEL_NOT_FOUND, "ollama pull fake-chat" },
    { 413, NULL, NULL, SPARK_ERROR_TOO_LARGE, "too large" },
    { 400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\"}}", NULL, SPARK_ERROR_CONTEXT_TOO_LONG, "too long" },
    { 500, "{\"error\":{\"code\":500,\"message\":\"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj\"}}", NULL, SPARK_ERROR_UNSUPPORTED_INPUT, "vision model" },
    { 400, "{\"error\":{\"message\":\"temperature out of range\"}}", NULL, SPARK_ERROR_BAD_REQUEST, "temperature out of range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };

      spark_fake_service_push_reply (f->service, spark_fake_reply_new_status (cases[i].status, cases[i].body));
      run_chat (f, &run, cases[i].key, NULL);
      g_test_message ("HTTP %u → %s", cases[i].status, run.error ? run.error->message : "(no error)");
      assert_error (&run, cases[i].code, cases[i].fragment);
      /* A key never appears in what the person is shown. */
      if (cases[i].key != NULL)
        g_assert_null (strstr (run.error->message, cases[i].key));
    }
}

static void
test_unreachable (Fixture      *f,
                  gconstpointer data)
{
  g_auto (Run) run = { 0 };
  guint            port = spark_fake_service_get_port (f->service);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  /* Free the service: its port now refuses connections. */
  g_clear_object (&f->service);
  spark_provider_set_base_url (f->provider, url);
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_CANT_CONNECT, "— is it running?");
  g_assert_nonnull (strstr (run.error->message, url));
  g_assert_cmpuint (run.retries, ==, 0);
}

static void
test_dns (Fixture      *f,
          gconstpointer data)
{
  g_auto (Run) run = { 0 };

  spark_provider_set_base_url (f->provider, "http://spark-test.invalid/v1");
  run_chat (f, &run, NULL, NULL);

  assert_error (&run, SPARK_ERROR_DNS, "Can’t find the host");
}

static gboolean
plain_reply_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  /* Answers a TLS ClientHello with plain HTTP, as a non-TLS server does. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             reply, sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* A raw TCP peer on loopback (not HTTP) answering with @incoming; returns
 * an https:// base URL pointing at it. */
static char *
raw_peer_start (GSocketService *service,
                GCallback       incoming,
                gpointer        data)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", incoming, data);
  g_socket_service_start (service);
  return g_strdup_printf ("https://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
raw_peer_stop (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_tls (Fixture      *f,
          gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GSocketService) plain = g_socket_service_new ();
  g_autofree char *url = raw_peer_start (plain, G_CALLBACK (plain_reply_cb), NULL);

  spark_provider_set_base_url (f->provider, url);
  run_chat (f, &run, NULL, NULL);
  raw_peer_stop (plain);

  assert_error (&run, SPARK_ERROR_TLS, "secure connection");
}

static gboolean
silent_cb (GSocketService    *service,
           GSocketConnection *connection,
           GObject           *source,
           gpointer           user_data)
{
  GPtrArray *held = user_data;

  /* Accept, then say nothing: a TLS handshake to here never completes. */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

static void
test_connect_timeout (Fixture      *f,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GSocketService) silent = g_socket_service_new ();
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *url = raw_peer_start (silent, G_CALLBACK (silent_cb), held);

  /* The connection never gets established, so the connect timeout (1 s)
   * applies, not the much longer idle timeout. */
  spark_client_set_timeouts (f->client, 1, 60);
  spark_provider_set_base_url (f->provider, url);
  run_chat (f, &run, NULL, NULL);
  raw_peer_stop (silent);

  assert_error (&run, SPARK_ERROR_TIMEOUT, "no answer within 1 s");
}

static gboolean
no_streams_left (gpointer data)
{
  return spark_fake_service_get_n_streams (data) == 0;
}

static void
test_cancel_mid_stream (Fixture      *f,
                        gconstpointer data)
{
  g_auto (Run) run = { 0 };
  SparkFakeReply *reply = spark_fake_reply_new ("one two three four five six seven eight nine ten");

  reply->tokens_per_second = 50;
  spark_fake_service_push_reply (f->service, reply);
  run.cancel_after_text = g_cancellable_new ();
  run_chat (f, &run, NULL, run.cancel_after_text);

  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (run.text->str, ==, "one");
  /* The service sees the client go away: nothing keeps streaming. */
  g_assert_true (spark_test_wait_until (no_streams_left, f->service, TIMEOUT_MS));
}

static gboolean
has_retried (gpointer data)
{
  return ((Run *) data)->retries > 0;
}

static void
test_cancel_during_backoff (Fixture      *f,
                            gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (JsonNode) request = simple_request ("fake-chat");
  gint64 start;

  spark_fake_service_push_status (f->service, 503, 30);
  run.text = g_string_new (NULL);
  run.reasoning = g_string_new (NULL);
  spark_client_stream_chat_async (f->client, f->provider, NULL, request, &callbacks, &run,
                                  cancellable, done_cb, &run);
  g_assert_true (spark_test_wait_until (has_retried, &run, TIMEOUT_MS));
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  spark_test_wait_for_flag (&run.done, TIMEOUT_MS);

  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped at once, not after the 30 s Retry-After. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_non_streaming (Fixture      *f,
                    gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonNode) request = json_from_string ("{\"model\":\"fake-chat\",\"stream\":false,"
                                                   "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                                                   NULL);

  spark_fake_service_push_text (f->service, "whole body");
  run.text = g_string_new (NULL);
  run.reasoning = g_string_new (NULL);
  spark_client_stream_chat_async (f->client, f->provider, NULL, request, &callbacks, &run, NULL, done_cb, &run);
  spark_test_wait_for_flag (&run.done, TIMEOUT_MS);

  g_assert_no_error (run.error);
  g_assert_cmpstr (run.result->text->str, ==, "whole body");
  g_assert_cmpstr (run.text->str, ==, "whole body");
}

typedef struct
{
  gboolean done;
  GStrv    models;
  char    *text;
  GError  *error;
} Simple;

static void
models_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Simple *s = user_data;

  s->models = spark_client_list_models_finish (SPARK_CLIENT (source), res, &s->error);
  s->done = TRUE;
}

static void
test_list_models (Fixture      *f,
                  gconstpointer data)
{
  Simple      s = { 0 };
  const char *ids[] = { "qwen3:8b", "llama3.2:3b", "gemma3:4b", NULL };

  spark_fake_service_set_models (f->service, ids);
  spark_client_list_models_async (f->client, f->provider, NULL, NULL, models_cb, &s);
  spark_test_wait_for_flag (&s.done, TIMEOUT_MS);
  g_assert_no_error (s.error);
  /* Sorted for the picker. */
  g_assert_cmpuint (g_strv_length (s.models), ==, 3);
  g_assert_cmpstr (s.models[0], ==, "gemma3:4b");
  g_assert_cmpstr (s.models[2], ==, "qwen3:8b");
  g_strfreev (s.models);

  /* With a key required and none given. */
  memset (&s, 0, sizeof s);
  spark_fake_service_set_api_key (f->service, "sk-right");
  spark_client_list_models_async (f->client, f->provider, NULL, NULL, models_cb, &s);
  spark_test_wait_for_flag (&s.done, TIMEOUT_MS);
  g_assert_error (s.error, SPARK_ERROR, SPARK_ERROR_AUTH);
  g_clear_error (&s.error);
}

static void
transcribe_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  Simple *s = user_data;

  s->text = spark_client_transcribe_finish (SPARK_CLIENT (source), res, &s->error);
  s->done = TRUE;
}

static void
test_transcribe (Fixture      *f,
                 gconstpointer data)
{
  Simple s = { 0 };
  g_autoptr (GBytes) audio = g_bytes_new_static ("OggS fake audio bytes", 21);
  const SparkFakeRequest *request;
  const SparkFakePart    *file, *model;

  spark_fake_service_set_transcription (f->service, "What is the weather in Porto?");
  spark_provider_set_transcription_model (f->provider, "whisper-large-v3");
  spark_client_transcribe_async (f->client, f->provider, NULL, audio, "voice.ogg", "audio/ogg", NULL, transcribe_cb, &s);
  spark_test_wait_for_flag (&s.done, TIMEOUT_MS);
  g_assert_no_error (s.error);
  g_assert_cmpstr (s.text, ==, "What is the weather in Porto?");
  g_free (s.text);

  request = spark_fake_service_get_last_request (f->service, "/v1/audio/transcriptions");
  file = spark_fake_request_get_part (request, "file");
  model = spark_fake_request_get_part (request, "model");
  g_assert_nonnull (file);
  g_assert_cmpstr (file->filename, ==, "voice.ogg");
  g_assert_cmpstr (file->content_type, ==, "audio/ogg");
  g_assert_cmpuint (g_bytes_get_size (file->data), ==, 21);
  g_assert_cmpmem (g_bytes_get_data (model->data, NULL), g_bytes_get_size (model->data), "whisper-large-v3", 16);

  /* A service without the endpoint. */
  memset (&s, 0, sizeof s);
  spark_fake_service_set_path_status (f->service, "/v1/audio/transcriptions", 404);
  spark_client_transcribe_async (f->client, f->provider, NULL, audio, "voice.ogg", "audio/ogg", NULL, transcribe_cb, &s);
  spark_test_wait_for_flag (&s.done, TIMEOUT_MS);
  g_assert_error (s.error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (s.error->message, "audio/transcriptions"));
  g_clear_error (&s.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("stream", test_stream_ok);
  ADD ("tool-calls", test_tool_calls);
  ADD ("non-streaming", test_non_streaming);
  ADD ("fault/reset-mid-stream", test_reset_mid_stream);
  ADD ("fault/no-done", test_no_done);
  ADD ("fault/malformed-event", test_malformed_event);
  ADD ("fault/invalid-utf8", test_invalid_utf8);
  ADD ("fault/huge-event", test_huge_event);
  ADD ("fault/error-mid-stream", test_error_mid_stream);
  ADD ("fault/stall", test_stall_idle_timeout);
  ADD ("fault/slow-first-byte", test_slow_first_byte);
  ADD ("retry/5xx-then-ok", test_retry_503_then_ok);
  ADD ("retry/429-retry-after", test_retry_after_429);
  ADD ("retry/exhausted", test_retries_exhausted);
  ADD ("retry/too-long-to-wait", test_rate_limited_gives_up);
  ADD ("http-errors", test_http_errors);
  ADD ("unreachable", test_unreachable);
  ADD ("dns", test_dns);
  ADD ("tls", test_tls);
  ADD ("connect-timeout", test_connect_timeout);
  ADD ("cancel/mid-stream", test_cancel_mid_stream);
  ADD ("cancel/during-backoff", test_cancel_during_backoff);
  ADD ("models", test_list_models);
  ADD ("transcribe", test_transcribe);
#undef ADD

  return g_test_run ();
}
