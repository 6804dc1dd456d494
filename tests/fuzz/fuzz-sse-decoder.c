/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the streaming pipeline: bytes → SparkSseParser →
 * SparkChatDecoder, plus the non-streaming body path. Besides crashes it
 * checks two properties and traps when they fail:
 *  - feeding the stream whole or in chunks (sizes chosen by the first
 *    input byte) gives the same events and the same reply;
 *  - every event the decoder accepted as JSON is JSON for json-glib too.
 * Input: one byte that chooses the chunking, then the stream. */
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <string.h>

#include "spark-chat-decoder.h"
#include "spark-error.h"
#include "spark-sse-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  SparkChatDecoder *decoder;
  GString          *log;
  JsonParser       *json; /* NULL: skip the json-glib cross-check */
} Run;

/* json-glib 1.6 refuses some lone surrogate escapes that RFC 8259 lets
 * through (the decoder turns them into U+FFFD): no cross-check there. */
static gboolean
has_surrogate_escape (const char *data,
                      gsize       len)
{
  for (gsize i = 0; i + 3 < len; i++)
    if (data[i] == '\\' && data[i + 1] == 'u' && g_ascii_tolower (data[i + 2]) == 'd' && g_ascii_xdigit_value (data[i + 3]) >= 8)
      return TRUE;
  return FALSE;
}

static void
event_cb (const char *event_type,
          const char *data,
          gsize       data_len,
          const char *last_event_id,
          gpointer    user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  SparkChatDelta delta;
  gboolean       ok;

  if (data[data_len] != '\0')
    __builtin_trap ();

  g_string_append_printf (run->log, "%s|%s|%" G_GSIZE_FORMAT "|", event_type, last_event_id, data_len);
  g_string_append_len (run->log, data, data_len);

  ok = spark_chat_decoder_feed_event (run->decoder, data, data_len, &delta, &error);
  g_string_append_printf (run->log, "|%d:%d\n", ok, error != NULL ? error->code : -1);

  if (delta.content_len > 0 && delta.content == NULL)
    __builtin_trap ();

  /* Whatever the scanner accepted must be well-formed JSON. */
  if (run->json != NULL && data[0] == '{' && (ok || (error != NULL && error->code != SPARK_ERROR_MALFORMED_STREAM)) && !has_surrogate_escape (data, data_len) && !json_parser_load_from_data (run->json, data, data_len, NULL))
    __builtin_trap ();
}

static char *
describe (SparkChatDecoder *decoder)
{
  const SparkChatResult *result = spark_chat_decoder_get_result (decoder);
  GString               *out = g_string_new (NULL);

  g_string_append_printf (out, "%s|%s|%s|%s|%s|%d|%d|%" G_GINT64_FORMAT "|%u",
                          result->text->str, result->reasoning->str,
                          result->finish_reason ? result->finish_reason : "-",
                          result->model ? result->model : "-",
                          result->id ? result->id : "-",
                          result->done, result->usage.valid, result->usage.total_tokens,
                          result->tool_calls->len);
  for (guint i = 0; i < result->tool_calls->len; i++)
    {
      const SparkToolCall *call = g_ptr_array_index (result->tool_calls, i);

      if (i > 0 && ((SparkToolCall *) g_ptr_array_index (result->tool_calls, i - 1))->index >= call->index)
        __builtin_trap ();
      g_string_append_printf (out, "|%u %s %s %s", call->index, call->id ? call->id : "-",
                              call->name ? call->name : "-", call->arguments->str);
    }

  return g_string_free (out, FALSE);
}

static void
run_stream (Run        *run,
            const char *buf,
            gsize       len,
            guint8      mode)
{
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (event_cb, run);
  guint32 state = 0x9E3779B9u ^ mode ^ ((guint32) len << 8);
  gsize   max_chunk = (mode & 0x3F) + 1;
  gsize   pos = 0;

  while (pos < len)
    {
      gsize chunk = len - pos;

      if (mode < 0xC0)
        {
          /* xorshift32: cheap, and the same every run */
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          chunk = MIN (chunk, (mode & 0x40) ? 1 + state % max_chunk : max_chunk);
        }
      spark_sse_parser_feed (parser, buf + pos, chunk);
      pos += chunk;
    }

  /* Bound what a hostile stream can make a client hold. */
  if (spark_sse_parser_get_pending_size (parser) > len + 3)
    __builtin_trap ();
  spark_sse_parser_finish (parser);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static JsonParser *json = NULL;
  Run                whole = { 0 }, cut = { 0 };
  g_autofree char   *whole_result = NULL;
  g_autofree char   *cut_result = NULL;
  const char        *buf;
  gsize              len;
  guint8             mode;

  if (size < 1)
    return 0;

  if (json == NULL)
    json = json_parser_new ();

  mode = data[0];
  buf = (const char *) data + 1;
  len = size - 1;

  whole.decoder = spark_chat_decoder_new ();
  whole.log = g_string_new (NULL);
  whole.json = json;
  run_stream (&whole, buf, len, 0xFF);

  cut.decoder = spark_chat_decoder_new ();
  cut.log = g_string_new (NULL);
  run_stream (&cut, buf, len, mode);

  whole_result = describe (whole.decoder);
  cut_result = describe (cut.decoder);
  if (!g_string_equal (whole.log, cut.log) || strcmp (whole_result, cut_result) != 0)
    __builtin_trap ();

  /* The same bytes as a whole response body. */
  {
    g_autoptr (SparkChatDecoder) body = spark_chat_decoder_new ();
    g_autoptr (GError) error = NULL;
    g_autofree char *unused = NULL;

    spark_chat_decoder_parse_completion (body, buf, len, &error);
    unused = describe (body);
    g_clear_pointer (&unused, g_free);
    /* Stealing hands over a complete, separately freeable result. */
    spark_chat_result_free (spark_chat_decoder_steal_result (body));
  }

  spark_chat_decoder_free (whole.decoder);
  spark_chat_decoder_free (cut.decoder);
  g_string_free (whole.log, TRUE);
  g_string_free (cut.log, TRUE);

  return 0;
}
