/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the streaming pipeline (SparkSseParser + SparkChatDecoder) on
 * a ~50 MB OpenAI-style stream held in memory, fed in 16 KiB chunks. The
 * reference, measured in the same run over the same bytes, is a plain memchr
 * pass counting '\n' — about the least work any reader of the stream can do.
 * A json-glib tree per event is measured too, as the alternative design.
 * Prints figures; it asserts nothing about speed. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "spark-chat-decoder.h"
#include "spark-sse-parser.h"

#define TARGET_SIZE (50 * 1024 * 1024)
#define CHUNK (16 * 1024)
#define ROUNDS 5

/* Short tokens as models stream them, with the escapes and non-ASCII text
 * that real replies have. */
static const char *tokens[] = {
  " the",
  " a",
  " to",
  " of",
  " and",
  " is",
  " in",
  " that",
  " it",
  " for",
  " you",
  " can",
  " with",
  " be",
  " on",
  " this",
  " as",
  " are",
  " Paris",
  " museum",
  " day",
  ",",
  ".",
  " —",
  " café",
  " 2",
  "5",
  "0",
  " €",
  ":",
  "\\n",
  "\\n\\n",
  " \\\"",
  "\\\"",
  " **",
  "**",
  " 😀",
  " über",
  "ing",
  "ed",
};

static GString *
make_stream (guint *n_content_events)
{
  GString    *s = g_string_sized_new (TARGET_SIZE + 4096);
  const char *head = "data: {\"id\":\"chatcmpl-9Xk2pQ7rLm4TzW8vBn3Yc6Hd1Fg5\",\"object\":\"chat.completion.chunk\","
                     "\"created\":1718000000,\"model\":\"gpt-4o-mini-2024-07-18\","
                     "\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,\"delta\":";
  const char *tail = ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  guint32     state = 12345;

  *n_content_events = 0;
  g_string_append_printf (s, "%s{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}%s", head, tail);
  while (s->len < TARGET_SIZE)
    {
      state = state * 1103515245 + 12345;
      g_string_append (s, head);
      g_string_append (s, "{\"content\":\"");
      g_string_append (s, tokens[(state >> 16) % G_N_ELEMENTS (tokens)]);
      g_string_append (s, "\"}");
      g_string_append (s, tail);
      (*n_content_events)++;
    }
  g_string_append_printf (s, "%s{}%s", head, ",\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
  g_string_append (s, "data: {\"id\":\"chatcmpl-9Xk2pQ7rLm4TzW8vBn3Yc6Hd1Fg5\",\"object\":\"chat.completion.chunk\","
                      "\"created\":1718000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
                      "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":1000,\"total_tokens\":1031}}\n\n"
                      "data: [DONE]\n\n");
  return s;
}

typedef struct
{
  SparkChatDecoder *decoder;
  JsonParser       *json;
  guint             n_deltas;
  guint             n_errors;
} Sink;

static void
decode_cb (const char *event_type,
           const char *data,
           gsize       data_len,
           const char *last_event_id,
           gpointer    user_data)
{
  Sink          *sink = user_data;
  SparkChatDelta delta;

  if (!spark_chat_decoder_feed_event (sink->decoder, data, data_len, &delta, NULL))
    sink->n_errors++;
  else if (delta.content != NULL)
    sink->n_deltas++;
}

static void
tree_cb (const char *event_type,
         const char *data,
         gsize       data_len,
         const char *last_event_id,
         gpointer    user_data)
{
  Sink *sink = user_data;

  if (data[0] == '{' && json_parser_load_from_data (sink->json, data, data_len, NULL))
    sink->n_deltas++;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
run_pipeline (const GString *s,
              Sink          *sink)
{
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (decode_cb, sink);
  gint64 start = g_get_monotonic_time ();

  sink->decoder = spark_chat_decoder_new ();
  sink->n_deltas = sink->n_errors = 0;
  for (gsize pos = 0; pos < s->len; pos += CHUNK)
    spark_sse_parser_feed (parser, s->str + pos, MIN (CHUNK, s->len - pos));
  spark_sse_parser_finish (parser);

  return seconds_since (start);
}

static double
run_memchr (const GString *s,
            gsize         *lines)
{
  gint64      start = g_get_monotonic_time ();
  const char *p = s->str;
  const char *end = s->str + s->len;

  *lines = 0;
  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      (*lines)++;
      p++;
    }

  return seconds_since (start);
}

static double
run_tree (const GString *s,
          gsize          len,
          Sink          *sink)
{
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (tree_cb, sink);
  gint64 start = g_get_monotonic_time ();

  sink->n_deltas = 0;
  for (gsize pos = 0; pos < len; pos += CHUNK)
    spark_sse_parser_feed (parser, s->str + pos, MIN (CHUNK, len - pos));
  spark_sse_parser_finish (parser);

  return seconds_since (start);
}

int
main (void)
{
  guint n_content = 0;
  g_autoptr (GString) s = make_stream (&n_content);
  double                 mb = s->len / 1e6;
  double                 best_pipeline = G_MAXDOUBLE, best_memchr = G_MAXDOUBLE, tree;
  gsize                  tree_len = MIN (s->len, 5 * 1024 * 1024);
  Sink                   sink = { 0 };
  gsize                  lines = 0;
  const SparkChatResult *result;

  for (guint round = 0; round < ROUNDS; round++)
    {
      double t = run_pipeline (s, &sink);

      best_pipeline = MIN (best_pipeline, t);
      if (round + 1 < ROUNDS)
        g_clear_pointer (&sink.decoder, spark_chat_decoder_free);
      best_memchr = MIN (best_memchr, run_memchr (s, &lines));
    }

  result = spark_chat_decoder_get_result (sink.decoder);
  if (sink.n_errors > 0 || !result->done || sink.n_deltas != n_content || g_strcmp0 (result->finish_reason, "stop") != 0)
    {
      g_printerr ("bench-sse: the pipeline misread the stream (%u errors, %u/%u deltas)\n",
                  sink.n_errors, sink.n_deltas, n_content);
      return 1;
    }

  sink.json = json_parser_new ();
  tree = run_tree (s, tree_len, &sink);
  g_object_unref (sink.json);

  g_print ("stream: %.1f MB, %u content events, %" G_GSIZE_FORMAT " lines, reply %.1f MB of text\n",
           mb, n_content, lines, result->text->len / 1e6);
  g_print ("reference memchr '\\n' count: %8.0f MB/s\n", mb / best_memchr);
  g_print ("SSE parse + chat decode:      %8.0f MB/s, %.2f M tokens/s (best of %d, %d KiB chunks)\n",
           mb / best_pipeline, n_content / best_pipeline / 1e6, ROUNDS, CHUNK / 1024);
  g_print ("json-glib tree per event:     %8.0f MB/s (SSE parse + JsonParser, first %.0f MB)\n",
           tree_len / 1e6 / tree, tree_len / 1e6);
  g_print ("ratio pipeline / memchr: %.3f (memchr is %.1fx faster)\n",
           best_memchr / best_pipeline, best_pipeline / best_memchr);
  g_print ("ratio pipeline / json-glib tree: %.1fx\n", (s->len / best_pipeline) / (tree_len / tree));

  spark_chat_decoder_free (sink.decoder);
  return 0;
}
