/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkChatDecoder on recorded streams of OpenAI, Ollama, llama.cpp and
 * OpenRouter, on error events, broken bytes and whole (non-streamed) bodies. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "spark-chat-decoder.h"
#include "spark-error.h"
#include "spark-sse-parser.h"

typedef struct
{
  SparkChatDecoder *decoder;
  SparkSseParser   *parser;
  GError           *error;
  GString          *deltas;    /* every delta's content, in order */
  GString          *reasoning; /* every delta's reasoning, in order */
  guint             n_events;
  guint             n_finished;
  guint             n_usage;
  guint             n_tool_changes;
} Stream;

static void
stream_event_cb (const char *event_type,
                 const char *data,
                 gsize       data_len,
                 const char *last_event_id,
                 gpointer    user_data)
{
  Stream        *stream = user_data;
  SparkChatDelta delta;

  stream->n_events++;
  if (!spark_chat_decoder_feed_event (stream->decoder, data, data_len, &delta, &stream->error))
    {
      /* What a client does: stop reading at the first error. */
      spark_sse_parser_stop (stream->parser);
      return;
    }

  if (delta.content != NULL)
    g_string_append_len (stream->deltas, delta.content, delta.content_len);
  if (delta.reasoning != NULL)
    g_string_append_len (stream->reasoning, delta.reasoning, delta.reasoning_len);
  stream->n_finished += delta.finished;
  stream->n_usage += delta.usage_changed;
  stream->n_tool_changes += delta.tool_calls_changed;
}

static void
stream_free (Stream *stream)
{
  spark_chat_decoder_free (stream->decoder);
  spark_sse_parser_free (stream->parser);
  g_clear_error (&stream->error);
  g_string_free (stream->deltas, TRUE);
  g_string_free (stream->reasoning, TRUE);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "streams", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/* Runs bytes through the parser and the decoder in chunks of @chunk. */
static Stream *
decode_bytes (const char *buf,
              gsize       len,
              gsize       chunk)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->decoder = spark_chat_decoder_new ();
  stream->parser = spark_sse_parser_new (stream_event_cb, stream);
  stream->deltas = g_string_new (NULL);
  stream->reasoning = g_string_new (NULL);

  for (gsize pos = 0; pos < len; pos += chunk)
    spark_sse_parser_feed (stream->parser, buf + pos, MIN (chunk, len - pos));
  spark_sse_parser_finish (stream->parser);

  return stream;
}

static Stream *
decode_fixture (const char *name)
{
  g_autoptr (GBytes) bytes = load_fixture (name);
  gsize       len;
  const char *buf = g_bytes_get_data (bytes, &len);
  Stream     *stream = decode_bytes (buf, len, len);

  /* The deltas add up to the result. */
  g_assert_cmpstr (stream->deltas->str, ==, spark_chat_decoder_get_result (stream->decoder)->text->str);
  g_assert_cmpstr (stream->reasoning->str, ==, spark_chat_decoder_get_result (stream->decoder)->reasoning->str);

  return stream;
}

static const SparkChatResult *
result_of (Stream *stream)
{
  return spark_chat_decoder_get_result (stream->decoder);
}

static const SparkToolCall *
tool_call (const SparkChatResult *result,
           guint                  i)
{
  g_assert_cmpuint (i, <, result->tool_calls->len);
  return g_ptr_array_index (result->tool_calls, i);
}

/* Arguments must come out as the JSON the model meant. */
static void
assert_json_member (const char *json,
                    const char *member,
                    const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), member), ==, value);
}

static void
test_openai (void)
{
  g_autoptr (Stream) stream = decode_fixture ("openai-basic.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->text->str, ==, "Hello! How can I help — \"today\"?\n😀 ✓");
  g_assert_cmpstr (result->reasoning->str, ==, "");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpstr (result->model, ==, "gpt-4o-mini-2024-07-18");
  g_assert_cmpstr (result->id, ==, "chatcmpl-AbC123xyz");
  g_assert_true (result->usage.valid);
  g_assert_cmpint (result->usage.prompt_tokens, ==, 19);
  g_assert_cmpint (result->usage.completion_tokens, ==, 10);
  g_assert_cmpint (result->usage.total_tokens, ==, 29);
  g_assert_cmpint (result->usage.reasoning_tokens, ==, 0);
  g_assert_cmpuint (result->tool_calls->len, ==, 0);
  g_assert_true (result->done);
  g_assert_cmpuint (stream->n_finished, ==, 1);
  g_assert_cmpuint (stream->n_usage, ==, 1);
  g_assert_cmpuint (stream->n_events, ==, 9);
}

static void
test_openai_tool_calls (void)
{
  g_autoptr (Stream) stream = decode_fixture ("openai-tool-calls.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->text->str, ==, "");
  g_assert_cmpstr (result->finish_reason, ==, "tool_calls");
  g_assert_cmpuint (result->tool_calls->len, ==, 2);

  g_assert_cmpuint (tool_call (result, 0)->index, ==, 0);
  g_assert_cmpstr (tool_call (result, 0)->id, ==, "call_Wx1");
  g_assert_cmpstr (tool_call (result, 0)->name, ==, "get_weather");
  g_assert_cmpstr (tool_call (result, 0)->arguments->str, ==, "{\"location\": \"Paris, France\"}");
  assert_json_member (tool_call (result, 0)->arguments->str, "location", "Paris, France");

  g_assert_cmpuint (tool_call (result, 1)->index, ==, 1);
  g_assert_cmpstr (tool_call (result, 1)->id, ==, "call_Tm2");
  g_assert_cmpstr (tool_call (result, 1)->name, ==, "get_time");
  assert_json_member (tool_call (result, 1)->arguments->str, "zone", "Europe/Paris");

  g_assert_cmpuint (stream->n_tool_changes, ==, 7);
  g_assert_cmpint (result->usage.total_tokens, ==, 120);
  g_assert_true (result->done);
}

static void
test_ollama (void)
{
  g_autoptr (Stream) stream = decode_fixture ("ollama-reasoning.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->reasoning->str, ==, "Okay, the user wants a haiku.\nLet me count syllables.");
  g_assert_cmpstr (result->text->str, ==, "Autumn moonlight—\na worm digs silently");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpstr (result->model, ==, "qwen3:8b");
  /* Ollama sends usage only when asked to. */
  g_assert_false (result->usage.valid);
  g_assert_cmpuint (stream->n_usage, ==, 0);
  g_assert_true (result->done);
}

static void
test_ollama_tool_call (void)
{
  g_autoptr (Stream) stream = decode_fixture ("ollama-tool-call.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpuint (result->tool_calls->len, ==, 1);
  g_assert_cmpstr (tool_call (result, 0)->id, ==, "call_k2h3");
  g_assert_cmpstr (tool_call (result, 0)->name, ==, "content_search");
  assert_json_member (tool_call (result, 0)->arguments->str, "query", "lyon markets");
}

static void
test_llamacpp (void)
{
  g_autoptr (Stream) stream = decode_fixture ("llamacpp-reasoning.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->reasoning->str, ==, "The user says hi.");
  g_assert_cmpstr (result->text->str, ==, "Hi there.");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpstr (result->id, ==, "chatcmpl-e9VqNBtXq");
  /* Usage rides in the finish chunk, beside llama.cpp's timings. */
  g_assert_true (result->usage.valid);
  g_assert_cmpint (result->usage.prompt_tokens, ==, 9);
  g_assert_cmpint (result->usage.completion_tokens, ==, 14);
  g_assert_cmpint (result->usage.total_tokens, ==, 23);
  g_assert_true (result->done);
}

static void
test_openrouter_crlf (void)
{
  g_autoptr (Stream) stream = decode_fixture ("openrouter-crlf.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->reasoning->str, ==, "Think");
  g_assert_cmpstr (result->text->str, ==, "Done.");
  g_assert_cmpint (result->usage.reasoning_tokens, ==, 3);
  g_assert_true (result->done);
}

static void
test_error_midstream (void)
{
  g_autoptr (Stream) stream = decode_fixture ("error-midstream.txt");
  const SparkChatResult *result = result_of (stream);

  g_assert_error (stream->error, SPARK_ERROR, SPARK_ERROR_SERVICE);
  g_assert_nonnull (strstr (stream->error->message, "Provider disconnected unexpectedly"));
  /* What came before the error is kept for the person to read. */
  g_assert_cmpstr (result->text->str, ==, "Partial answer");
  g_assert_false (result->done);
}

static void
test_error_kinds (void)
{
  static const struct
  {
    const char *fixture;
    int         code;
    const char *says;
  } cases[] = {
    { "error-context-length.txt", SPARK_ERROR_CONTEXT_TOO_LONG, "maximum context length is 128000" },
    { "error-context-llamacpp.txt", SPARK_ERROR_CONTEXT_TOO_LONG, "exceeds the available context size" },
    { "error-image-unsupported.txt", SPARK_ERROR_UNSUPPORTED_INPUT, "image input is not supported" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Stream) stream = decode_fixture (cases[i].fixture);

      g_assert_error (stream->error, SPARK_ERROR, cases[i].code);
      g_assert_nonnull (strstr (stream->error->message, cases[i].says));
    }
}

static GError *
feed_one (const char *event,
          char      **text)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  GError  *error = NULL;
  gboolean ok = spark_chat_decoder_feed_event (decoder, event, strlen (event), NULL, &error);

  g_assert_true (ok == (error == NULL));
  if (text != NULL)
    *text = g_strdup (spark_chat_decoder_get_result (decoder)->text->str);

  return error;
}

static void
test_error_variants (void)
{
  static const struct
  {
    const char *event;
    int         code;
    const char *says;
  } cases[] = {
    { "{\"error\":\"model 'llama9' not found\"}", SPARK_ERROR_SERVICE, "model 'llama9' not found" },
    { "{\"error\":{\"code\":\"rate_limit_exceeded\"}}", SPARK_ERROR_SERVICE, "rate_limit_exceeded" },
    { "{\"error\":{}}", SPARK_ERROR_SERVICE, "without saying" },
    { "{\"error\":{\"message\":\"Invalid content type. image_url is only supported by certain models.\",\"type\":\"invalid_request_error\"}}",
      SPARK_ERROR_UNSUPPORTED_INPUT, "image_url" },
    { "{\"error\":{\"message\":\"This model does not support vision.\"}}", SPARK_ERROR_UNSUPPORTED_INPUT, "vision" },
    { "{\"error\":{\"message\":\"Prompt is too long\",\"code\":\"context_length_exceeded\"}}",
      SPARK_ERROR_CONTEXT_TOO_LONG, "Prompt is too long" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = feed_one (cases[i].event, NULL);

      g_assert_error (error, SPARK_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* Some servers send "error": null in every chunk: that is no error. */
  {
    g_autofree char *text = NULL;
    g_autoptr (GError) error = feed_one ("{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}", &text);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "ok");
  }
}

static void
test_malformed_fixtures (void)
{
  static const char *fixtures[] = { "malformed-json.txt", "invalid-utf8.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr (Stream) stream = decode_fixture (fixtures[i]);
      const SparkChatResult *result = result_of (stream);

      g_assert_error (stream->error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM);
      g_assert_cmpstr (stream->error->message, ==, "The service sent a reply Spark can't read.");
      /* The good event before is kept, nothing of the bad one leaks in,
       * and the parser was stopped before [DONE]. */
      g_assert_cmpstr (result->text->str, ==, "fine");
      g_assert_false (result->done);
    }
}

static void
test_malformed_events (void)
{
  g_autofree char *open = g_strnfill (100, '[');
  g_autofree char *close = g_strnfill (100, ']');
  g_autofree char *deep = g_strconcat ("{\"x\":", open, close, "}", NULL);
  const char      *cases[] = {
         "{",
         "{}x",
         "[1]",
         "\"string\"",
         "42",
         "{\"a\":01}",
         "{\"a\":1.}",
         "{\"a\":-}",
         "{\"a\":1e}",
         "{\"a\":[1,]}",
         "{\"a\":1,}",
         "{,\"a\":1}",
         "{\"a\" 1}",
         "{'a':1}",
         "{\"a\":tru}",
         "{\"a\":nul}",
         "{\"a\":\"tab\there\"}",
         "{\"a\":\"bad \\q escape\"}",
         "{\"a\":\"\\u12G4\"}",
         "{\"a\":\"unterminated}",
         "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xC3\"}}]}",
         "{\"a\":\"overlong \xC0\x80\"}",
         "{\"a\":\"surrogate \xED\xA0\x80\"}",
         "{\"a\":\"too big \xF4\x90\x80\x80\"}",
         "{\"a\":\"lone continuation \x80\"}",
         "{\"a\":1}\xFF",
         "[DONE]x",
         "[DONE",
         deep,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = feed_one (cases[i], NULL);

      if (error == NULL)
        g_error ("accepted malformed event: %s", cases[i]);
      g_assert_error (error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM);
    }
}

static void
test_valid_edge_cases (void)
{
  static const struct
  {
    const char *event;
    const char *text;
  } cases[] = {
    { "[DONE]", "" },
    { "  [DONE]\n", "" },
    { "", "" },
    { " \n ", "" },
    { "{}", "" },
    { " {\"choices\":[]} ", "" },
    { "{\"choices\":null,\"usage\":null}", "" },
    { "{\"choices\":[{\"delta\":{\"content\":\"no index\"}}]}", "no index" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}}]}", "\"\\/\b\f\n\r\t" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ud83d\\ude00 \\u00e9\\u4e2d\"}}]}", "😀 é中" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lone \\ud800 \\udc00 nul \\u0000.\"}}]}",
      "lone \xEF\xBF\xBD \xEF\xBF\xBD nul \xEF\xBF\xBD." },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xF0\x9F\x98\x80\xE2\x9C\x93\xC3\xA9\"}}]}", "😀✓é" },
    { "{\"n\":[-0,0.5,1e5,-1.5E-3,1E+2,true,false,null,{},[]],\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}", "x" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"role\":\"assistant\"}}]}", "" },
    /* Only the first choice is the reply, wherever its index is written. */
    { "{\"choices\":[{\"delta\":{\"content\":\"B\"},\"index\":1},{\"delta\":{\"content\":\"A\"},\"index\":0}]}", "A" },
    { "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"}},{\"index\":0,\"delta\":{\"content\":\"A\"}}]}", "A" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't help with that.\"}}]}", "I can't help with that." },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"parts\"},{\"type\":\"image_url\"}]}}]}", "parts" },
    { "{\"ch\\u006fices\":[{\"index\":0,\"delta\":{\"content\":\"escaped key\"}}]}", "escaped key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr (GError) error = feed_one (cases[i].event, &text);

      if (error != NULL)
        g_error ("rejected valid event %s: %s", cases[i].event, error->message);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Every special byte at every offset of a longer string: the scanner
 * looks at several bytes at once and must not step over any of them. */
static void
test_string_bytes_at_every_offset (void)
{
  static const struct
  {
    const char *bytes;
    const char *decoded;
  } valid[] = {
    { "\\\"", "\"" },
    { "\\n", "\n" },
    { "\xC3\xA9", "\xC3\xA9" },
    { "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80" },
    { "\\u00e9", "\xC3\xA9" },
    { "~", "~" },
  };
  static const char *invalid[] = { "\x01", "\x1F", "\t", "\x7F\x80", "\xC3", "\xFF", "\"", "\\" };

  for (guint offset = 0; offset < 20; offset++)
    {
      g_autofree char *pad = g_strnfill (offset, 'a');
      g_autofree char *tail = g_strnfill (20 - offset, 'z');

      for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
        {
          g_autofree char *event = g_strdup_printf ("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s%s%s\"}}]}",
                                                    pad, valid[i].bytes, tail);
          g_autofree char *expected = g_strconcat (pad, valid[i].decoded, tail, NULL);
          g_autofree char *text = NULL;
          g_autoptr (GError) error = feed_one (event, &text);

          g_assert_no_error (error);
          g_assert_cmpstr (text, ==, expected);
        }

      for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
        {
          g_autofree char *event = g_strdup_printf ("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s%s%s\"}}]}",
                                                    pad, invalid[i], tail);
          g_autoptr (GError) error = feed_one (event, NULL);

          /* A 0x7F byte alone is fine; the 0x80 after it is not. */
          g_assert_error (error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM);
        }
    }
}

static void
test_reasoning_fields (void)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  const char *events[] = {
    /* vLLM may send both names with the same text. */
    "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"a\",\"reasoning\":\"a\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"b\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"\",\"reasoning\":\"c\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"d\"}]}]}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    g_assert_true (spark_chat_decoder_feed_event (decoder, events[i], strlen (events[i]), NULL, NULL));

  g_assert_cmpstr (spark_chat_decoder_get_result (decoder)->reasoning->str, ==, "abcd");
  g_assert_cmpstr (spark_chat_decoder_get_result (decoder)->text->str, ==, "");
}

static void
test_tool_call_variants (void)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  const SparkChatResult *result = spark_chat_decoder_get_result (decoder);
  const char            *events[] = {
               /* No index at all (some servers): a new id is a new call... */
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}",
    /* ...a piece without id continues the last one... */
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"1}\"}}]}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":{\"y\":[2]}}}]}}]}",
    /* ...a repeated id or name is not appended twice. */
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}}]}",
    /* Indexes out of order still end up sorted. */
    ("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":7,\"id\":\"c\",\"function\":{\"name\":\"h\",\"arguments\":\"{}\"}},"
                "{\"index\":5,\"id\":\"d\",\"function\":{\"name\":\"i\"}}]}}]}"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    g_assert_true (spark_chat_decoder_feed_event (decoder, events[i], strlen (events[i]), NULL, NULL));

  g_assert_cmpuint (result->tool_calls->len, ==, 4);
  g_assert_cmpstr (tool_call (result, 0)->name, ==, "f");
  g_assert_cmpstr (tool_call (result, 0)->arguments->str, ==, "{\"x\":1}");
  g_assert_cmpstr (tool_call (result, 1)->id, ==, "b");
  g_assert_cmpstr (tool_call (result, 1)->name, ==, "g");
  g_assert_cmpstr (tool_call (result, 1)->arguments->str, ==, "{\"y\":[2]}");
  g_assert_cmpuint (tool_call (result, 2)->index, ==, 5);
  g_assert_cmpstr (tool_call (result, 2)->arguments->str, ==, "");
  g_assert_cmpuint (tool_call (result, 3)->index, ==, 7);
  g_assert_cmpstr (tool_call (result, 3)->id, ==, "c");
}

static void
test_usage_last_wins (void)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  const SparkUsage *usage = &spark_chat_decoder_get_result (decoder)->usage;
  SparkChatDelta    delta;
  const char       *finish = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                             "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}";
  const char       *trailer = "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30,"
                              "\"completion_tokens_details\":{\"reasoning_tokens\":15}}}";

  g_assert_true (spark_chat_decoder_feed_event (decoder, finish, strlen (finish), &delta, NULL));
  g_assert_true (delta.finished);
  g_assert_true (delta.usage_changed);
  g_assert_cmpint (usage->total_tokens, ==, 3);
  g_assert_cmpstr (spark_chat_decoder_get_result (decoder)->finish_reason, ==, "length");

  g_assert_true (spark_chat_decoder_feed_event (decoder, trailer, strlen (trailer), &delta, NULL));
  g_assert_false (delta.finished);
  g_assert_true (delta.usage_changed);
  g_assert_null (delta.content);
  g_assert_cmpint (usage->completion_tokens, ==, 20);
  g_assert_cmpint (usage->reasoning_tokens, ==, 15);
}

static void
test_missing_done (void)
{
  g_autoptr (Stream) stream = decode_fixture ("missing-done.txt");
  const SparkChatResult *result = result_of (stream);

  /* Not an error for the decoder; the client sees done == FALSE and no
   * finish reason, and reports a cut stream. */
  g_assert_no_error (stream->error);
  g_assert_cmpstr (result->text->str, ==, "The answer is cut");
  g_assert_null (result->finish_reason);
  g_assert_false (result->done);
}

static SparkChatDecoder *
parse_body (const char *fixture,
            GError    **error)
{
  g_autoptr (GBytes) bytes = load_fixture (fixture);
  SparkChatDecoder *decoder = spark_chat_decoder_new ();
  gsize             len;
  const char       *body = g_bytes_get_data (bytes, &len);

  spark_chat_decoder_parse_completion (decoder, body, len, error);
  return decoder;
}

static void
test_non_streaming (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkChatDecoder) plain = parse_body ("completion-openai.json", &error);
  g_autoptr (SparkChatDecoder) tools = NULL;
  const SparkChatResult *result = spark_chat_decoder_get_result (plain);

  g_assert_no_error (error);
  g_assert_cmpstr (result->text->str, ==, "Hello! How can I assist you today?");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpstr (result->model, ==, "gpt-4.1-2025-04-14");
  g_assert_cmpint (result->usage.total_tokens, ==, 29);
  g_assert_true (result->done);

  tools = parse_body ("completion-tool-calls.json", &error);
  g_assert_no_error (error);
  result = spark_chat_decoder_get_result (tools);
  g_assert_cmpstr (result->text->str, ==, "");
  g_assert_cmpstr (result->reasoning->str, ==, "Need the weather tool.");
  g_assert_cmpstr (result->finish_reason, ==, "tool_calls");
  g_assert_cmpint (result->usage.reasoning_tokens, ==, 6);
  g_assert_cmpuint (result->tool_calls->len, ==, 2);
  g_assert_cmpuint (tool_call (result, 0)->index, ==, 0);
  g_assert_cmpstr (tool_call (result, 0)->name, ==, "get_weather");
  assert_json_member (tool_call (result, 0)->arguments->str, "city", "Oslo");
  g_assert_cmpuint (tool_call (result, 1)->index, ==, 1);
  g_assert_cmpstr (tool_call (result, 1)->id, ==, "call_b");
  assert_json_member (tool_call (result, 1)->arguments->str, "zone", "Europe/Oslo");
}

static void
test_non_streaming_errors (void)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  g_autoptr (GError) error = NULL;
  const char *error_body = "{\n  \"error\": {\n    \"message\": \"Incorrect API key provided.\",\n"
                           "    \"type\": \"invalid_request_error\",\n    \"code\": \"invalid_api_key\"\n  }\n}\n";
  const char *html = "<html><body>502 Bad Gateway</body></html>";

  g_assert_false (spark_chat_decoder_parse_completion (decoder, error_body, strlen (error_body), &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_SERVICE);
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided."));
  g_clear_error (&error);

  g_assert_false (spark_chat_decoder_parse_completion (decoder, html, strlen (html), &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM);
  g_assert_false (spark_chat_decoder_get_result (decoder)->done);
}

static void
test_steal_result (void)
{
  g_autoptr (SparkChatDecoder) decoder = spark_chat_decoder_new ();
  g_autoptr (SparkChatResult) result = NULL;
  const char *event = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"mine\"}}]}";

  g_assert_true (spark_chat_decoder_feed_event (decoder, event, strlen (event), NULL, NULL));
  result = spark_chat_decoder_steal_result (decoder);
  g_assert_cmpstr (result->text->str, ==, "mine");
  g_assert_cmpstr (spark_chat_decoder_get_result (decoder)->text->str, ==, "");
  g_assert_true (spark_chat_decoder_feed_event (decoder, event, strlen (event), NULL, NULL));
  g_assert_cmpstr (spark_chat_decoder_get_result (decoder)->text->str, ==, "mine");
  g_assert_cmpstr (result->text->str, ==, "mine");
}

#define OR_NONE(s) ((s) != NULL ? (s) : "(none)")

static char *
describe (Stream *stream)
{
  const SparkChatResult *result = result_of (stream);
  GString               *out = g_string_new (NULL);

  g_string_append_printf (out, "text=%s|reasoning=%s|finish=%s|model=%s|id=%s|done=%d|usage=%d:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "|error=%s|deltas=%s",
                          result->text->str, result->reasoning->str, OR_NONE (result->finish_reason),
                          OR_NONE (result->model), OR_NONE (result->id), result->done, result->usage.valid,
                          result->usage.prompt_tokens, result->usage.completion_tokens,
                          result->usage.reasoning_tokens, result->usage.total_tokens,
                          stream->error ? stream->error->message : "", stream->deltas->str);
  for (guint i = 0; i < result->tool_calls->len; i++)
    g_string_append_printf (out, "|call %u %s %s %s", tool_call (result, i)->index,
                            OR_NONE (tool_call (result, i)->id), OR_NONE (tool_call (result, i)->name),
                            tool_call (result, i)->arguments->str);

  return g_string_free (out, FALSE);
}

/* The whole pipeline gives the same reply whatever the chunk size. */
static void
test_chunk_sizes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "streams", NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr (GBytes) bytes = load_fixture (name);
      gsize       len;
      const char *buf = g_bytes_get_data (bytes, &len);
      g_autoptr (Stream) whole = decode_bytes (buf, len, len);
      g_autofree char *expected = describe (whole);

      for (gsize chunk = 1; chunk <= 64; chunk++)
        {
          g_autoptr (Stream) cut = decode_bytes (buf, len, chunk);
          g_autofree char *got = describe (cut);

          g_assert_cmpstr (got, ==, expected);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chat/openai", test_openai);
  g_test_add_func ("/chat/openai-tool-calls", test_openai_tool_calls);
  g_test_add_func ("/chat/ollama", test_ollama);
  g_test_add_func ("/chat/ollama-tool-call", test_ollama_tool_call);
  g_test_add_func ("/chat/llamacpp", test_llamacpp);
  g_test_add_func ("/chat/openrouter-crlf", test_openrouter_crlf);
  g_test_add_func ("/chat/error-midstream", test_error_midstream);
  g_test_add_func ("/chat/error-kinds", test_error_kinds);
  g_test_add_func ("/chat/error-variants", test_error_variants);
  g_test_add_func ("/chat/malformed-fixtures", test_malformed_fixtures);
  g_test_add_func ("/chat/malformed-events", test_malformed_events);
  g_test_add_func ("/chat/valid-edge-cases", test_valid_edge_cases);
  g_test_add_func ("/chat/string-bytes-at-every-offset", test_string_bytes_at_every_offset);
  g_test_add_func ("/chat/reasoning-fields", test_reasoning_fields);
  g_test_add_func ("/chat/tool-call-variants", test_tool_call_variants);
  g_test_add_func ("/chat/usage-last-wins", test_usage_last_wins);
  g_test_add_func ("/chat/missing-done", test_missing_done);
  g_test_add_func ("/chat/non-streaming", test_non_streaming);
  g_test_add_func ("/chat/non-streaming-errors", test_non_streaming_errors);
  g_test_add_func ("/chat/steal-result", test_steal_result);
  g_test_add_func ("/chat/chunk-sizes", test_chunk_sizes);
  return g_test_run ();
}
