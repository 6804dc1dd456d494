/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkSseParser: the WHATWG event stream rules, and the same events for
 * every way the bytes can be cut into chunks. */
#include <string.h>

#include "spark-sse-parser.h"

/* Events as readable text: `type "data" id=…` per line, bytes escaped. */
static void
append_escaped (GString    *out,
                const char *s,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20 || c >= 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_c (out, c);
    }
}

static void
record_event_cb (const char *event_type,
                 const char *data,
                 gsize       data_len,
                 const char *last_event_id,
                 gpointer    user_data)
{
  GString *log = user_data;

  /* The data must be NUL-terminated too. */
  g_assert_cmpint (data[data_len], ==, '\0');

  append_escaped (log, event_type, strlen (event_type));
  g_string_append (log, " \"");
  append_escaped (log, data, data_len);
  g_string_append (log, "\" id=");
  append_escaped (log, last_event_id, strlen (last_event_id));
  g_string_append_c (log, '\n');
}

/* Feeds @buf cut at each of @cuts (sorted offsets) and returns the events. */
static char *
parse_cut (const char  *buf,
           gsize        len,
           const gsize *cuts,
           guint        n_cuts)
{
  GString *log = g_string_new (NULL);
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);
  gsize start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize stop = i < n_cuts ? cuts[i] : len;

      spark_sse_parser_feed (parser, buf + start, stop - start);
      start = stop;
    }
  spark_sse_parser_finish (parser);

  return g_string_free (log, FALSE);
}

static char *
parse_whole (const char *buf,
             gsize       len)
{
  return parse_cut (buf, len, NULL, 0);
}

static char *
parse_str (const char *str)
{
  return parse_whole (str, strlen (str));
}

static GBytes *
load_fixture (const char *dir,
              const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/* Every fixture, from both fixture directories. */
static GPtrArray *
all_fixtures (void)
{
  static const char *dirs[] = { "sse", "streams" };
  GPtrArray         *fixtures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dirs[d], NULL);
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (fixtures, load_fixture (dirs[d], name));
    }
  g_assert_cmpuint (fixtures->len, >=, 10);

  return fixtures;
}

static void
test_fields (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("sse", "fields.txt");
  GString *log = g_string_new (NULL);
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);
  g_autofree char *events = NULL;
  gsize            len;
  const char      *buf = g_bytes_get_data (bytes, &len);

  spark_sse_parser_feed (parser, buf, len);
  /* The unterminated last event is still waiting... */
  g_assert_cmpuint (spark_sse_parser_get_pending_size (parser), >, 0);
  spark_sse_parser_finish (parser);
  events = g_string_free (log, FALSE);

  /* ...and is discarded at the end of the stream. */
  g_assert_cmpstr (events, ==,
                   "add \"first\\nsecond\" id=7\n"
                   "message \"\" id=7\n"
                   "message \" two spaces keep one\" id=7\n"
                   "message \"the id was reset\" id=\n");
  /* "retry: 12x" and an empty retry are ignored. */
  g_assert_cmpint (spark_sse_parser_get_retry (parser), ==, 2500);
  g_assert_cmpuint (spark_sse_parser_get_pending_size (parser), ==, 0);
}

static void
test_line_endings (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("sse", "line-endings.txt");
  gsize            len;
  const char      *buf = g_bytes_get_data (bytes, &len);
  g_autofree char *events = parse_whole (buf, len);

  g_assert_cmpstr (events, ==,
                   "message \"cr\" id=\n"
                   "message \"crlf\" id=\n"
                   "message \"lf\" id=\n"
                   "message \"a\\nb\\nc\" id=\n"
                   "message \"lf then cr\" id=\n"
                   "message \"y\" id=1\n"
                   "message \"z\" id=1\n");
}

static void
test_cr_lf_split (void)
{
  GString *log = g_string_new (NULL);
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);
  g_autofree char *events = NULL;

  /* CR at the end of one chunk, LF at the start of the next: one line
   * ending, so exactly one blank line and one event. */
  spark_sse_parser_feed (parser, "data: a\r", 8);
  spark_sse_parser_feed (parser, "\n", 1);
  spark_sse_parser_feed (parser, "data: b\r", 8);
  spark_sse_parser_feed (parser, "", 0);
  spark_sse_parser_feed (parser, "\ndata: c\r", 9);
  spark_sse_parser_feed (parser, "\n\r", 2);
  spark_sse_parser_feed (parser, "\n", 1);
  /* A CR that ends a blank line dispatches at once. */
  g_assert_cmpstr (log->str, ==, "message \"a\\nb\\nc\" id=\n");
  spark_sse_parser_feed (parser, "data: d\r\r", 9);
  g_assert_cmpstr (log->str, ==, "message \"a\\nb\\nc\" id=\nmessage \"d\" id=\n");
  spark_sse_parser_finish (parser);
  events = g_string_free (log, FALSE);
}

static void
test_id_with_nul (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("sse", "id-nul.txt");
  gsize            len;
  const char      *buf = g_bytes_get_data (bytes, &len);
  g_autofree char *events = parse_whole (buf, len);

  g_assert_cmpstr (events, ==,
                   "message \"a\" id=5\n"
                   "message \"b\" id=5\n"
                   "message \"with\\x00nul\" id=5\n"
                   "message \"c\" id=6\n");
}

static void
test_bom (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("sse", "bom-once.txt");
  gsize            len;
  const char      *buf = g_bytes_get_data (bytes, &len);
  g_autofree char *events = parse_whole (buf, len);
  g_autofree char *partial = parse_str ("\xEF\xBB"
                                        "data: x\n\ndata: y\n\n");
  g_autofree char *other = parse_str ("\xEF"
                                      "data: x\n\ndata: y\n\n");
  g_autofree char *lone = parse_str ("\xEF\xBB");

  g_assert_cmpstr (events, ==, "message \"x\" id=\nmessage \"y\" id=\n");
  /* Bytes that only start like a BOM belong to the first line. */
  g_assert_cmpstr (partial, ==, "message \"y\" id=\n");
  g_assert_cmpstr (other, ==, "message \"y\" id=\n");
  g_assert_cmpstr (lone, ==, "");
}

static void
test_comments_and_unknown_fields (void)
{
  g_autofree char *events = parse_str (":comment\n"
                                       ": data: not data\n"
                                       "data:no space\n"
                                       "data: one space\n"
                                       "data:  two\n"
                                       "Data: wrong case\n"
                                       "event:ping\n"
                                       "dat: nope\n"
                                       "data\n"
                                       "\n");

  g_assert_cmpstr (events, ==, "ping \"no space\\none space\\n two\\n\" id=\n");
}

static void
test_empty_data_not_dispatched (void)
{
  g_autofree char *events = parse_str ("event: tick\n\n"
                                       "id: 3\n\n"
                                       "\n\n\n"
                                       "data: after\n\n");

  /* The event type is reset with the empty event; the id stays. */
  g_assert_cmpstr (events, ==, "message \"after\" id=3\n");
}

static void
test_finish_discards (void)
{
  g_autofree char *unterminated = parse_str ("data: a\n\ndata: b\n");
  g_autofree char *no_newline = parse_str ("data: a\n\ndata: b");
  g_autofree char *cr_only = parse_str ("data: a\r\r");
  GString         *log = g_string_new (NULL);
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);
  g_autofree char *events = NULL;

  g_assert_cmpstr (unterminated, ==, "message \"a\" id=\n");
  g_assert_cmpstr (no_newline, ==, "message \"a\" id=\n");
  g_assert_cmpstr (cr_only, ==, "message \"a\" id=\n");

  /* After finish the parser takes a new stream: the half event is gone,
   * the last event id is remembered, a BOM is skipped again. */
  spark_sse_parser_feed (parser, "id: 9\ndata: x\n\nevent: e\ndata: half", 34);
  spark_sse_parser_finish (parser);
  g_assert_cmpstr (spark_sse_parser_get_last_event_id (parser), ==, "9");
  spark_sse_parser_feed (parser, "\xEF\xBB\xBF"
                                 "data: y\n\n",
                         12);
  spark_sse_parser_finish (parser);
  events = g_string_free (g_steal_pointer (&log), FALSE);
  g_assert_cmpstr (events, ==, "message \"x\" id=9\nmessage \"y\" id=9\n");
}

static void
test_retry (void)
{
  static const struct
  {
    const char *stream;
    gint64      retry;
  } cases[] = {
    { "retry: 1000\n", 1000 },
    { "retry:0\n", 0 },
    { "retry: 10a\n", -1 },
    { "retry: -5\n", -1 },
    { "retry:  5\n", -1 },
    { "retry: 1.5\n", -1 },
    { "retry\n", -1 },
    { "retry: 3000\nretry: x\n", 3000 },
    { "retry: 99999999999999999999999\n", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *log = g_string_new (NULL);
      g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);

      spark_sse_parser_feed (parser, cases[i].stream, strlen (cases[i].stream));
      g_assert_cmpint (spark_sse_parser_get_retry (parser), ==, cases[i].retry);
      g_string_free (log, TRUE);
    }
}

static void
test_pending_size (void)
{
  GString *log = g_string_new (NULL);
  g_autoptr (SparkSseParser) parser = spark_sse_parser_new (record_event_cb, log);
  g_autofree char *block = g_malloc (64 * 1024);

  memset (block, 'x', 64 * 1024);
  spark_sse_parser_feed (parser, "data: ", 6);
  /* A 10 MB line that never ends: the client sees it growing. */
  for (guint i = 0; i < 160; i++)
    spark_sse_parser_feed (parser, block, 64 * 1024);
  g_assert_cmpuint (spark_sse_parser_get_pending_size (parser), >=, 10 * 1024 * 1024);
  g_assert_cmpuint (log->len, ==, 0);

  spark_sse_parser_feed (parser, "\n", 1);
  g_assert_cmpuint (spark_sse_parser_get_pending_size (parser), >=, 10 * 1024 * 1024);
  spark_sse_parser_feed (parser, "\n", 1);
  g_assert_cmpuint (spark_sse_parser_get_pending_size (parser), ==, 0);
  g_assert_cmpuint (log->len, >, 10 * 1024 * 1024);
  g_string_free (log, TRUE);
}

typedef struct
{
  SparkSseParser *parser;
  guint           n_events;
} StopData;

static void
stop_cb (const char *event_type,
         const char *data,
         gsize       data_len,
         const char *last_event_id,
         gpointer    user_data)
{
  StopData *stop = user_data;

  stop->n_events++;
  spark_sse_parser_stop (stop->parser);
}

static void
test_stop (void)
{
  StopData    stop = { NULL, 0 };
  const char *stream = "data: 1\n\ndata: 2\n\ndata: 3\n\n";

  stop.parser = spark_sse_parser_new (stop_cb, &stop);
  spark_sse_parser_feed (stop.parser, stream, strlen (stream));
  spark_sse_parser_feed (stop.parser, stream, strlen (stream));
  spark_sse_parser_finish (stop.parser);
  g_assert_cmpuint (stop.n_events, ==, 1);
  spark_sse_parser_free (stop.parser);
}

/* Cut every fixture at every byte, and at every pair of bytes for the
 * short ones: the events never change. */
static void
test_split_everywhere (void)
{
  g_autoptr (GPtrArray) fixtures = all_fixtures ();
  guint64 n_runs = 0;

  for (guint f = 0; f < fixtures->len; f++)
    {
      gsize            len;
      const char      *buf = g_bytes_get_data (fixtures->pdata[f], &len);
      g_autofree char *expected = parse_whole (buf, len);

      for (gsize i = 0; i <= len; i++)
        {
          g_autofree char *events = parse_cut (buf, len, &i, 1);

          g_assert_cmpstr (events, ==, expected);
          n_runs++;
        }

      if (len > 400)
        continue;

      for (gsize i = 0; i <= len; i++)
        for (gsize j = i; j <= len; j++)
          {
            gsize            cuts[2] = { i, j };
            g_autofree char *events = parse_cut (buf, len, cuts, 2);

            g_assert_cmpstr (events, ==, expected);
            n_runs++;
          }
    }

  g_test_message ("%" G_GUINT64_FORMAT " cuttings checked", n_runs);
}

static void
check_random_chunking (guint32 (*next) (gpointer),
                       gpointer rand)
{
  g_autoptr (GPtrArray) fixtures = all_fixtures ();
  g_autoptr (GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint f = 0; f < fixtures->len; f++)
    {
      gsize            len;
      const char      *buf = g_bytes_get_data (fixtures->pdata[f], &len);
      g_autofree char *expected = parse_whole (buf, len);

      for (guint round = 0; round < 200; round++)
        {
          g_autofree char *events = NULL;
          /* Mostly tiny chunks, where the boundaries are. */
          guint max_chunk = (next (rand) % 4 == 0) ? (guint) len + 1 : 1 + next (rand) % 8;
          gsize pos = 0;

          g_array_set_size (cuts, 0);
          while (TRUE)
            {
              pos += next (rand) % (max_chunk + 1);
              if (pos >= len)
                break;
              g_array_append_val (cuts, pos);
            }

          events = parse_cut (buf, len, (gsize *) cuts->data, cuts->len);
          g_assert_cmpstr (events, ==, expected);
        }
    }
}

static guint32
gtest_next (gpointer unused)
{
  return g_test_rand_int ();
}

static guint32
grand_next (gpointer rand)
{
  return g_rand_int (rand);
}

static void
test_random_chunking (void)
{
  /* GTest's generator: its seed is printed at the top of the output
   * ("random seed: R02S…"); rerun with --seed to reproduce. */
  check_random_chunking (gtest_next, NULL);
}

static void
test_fixed_seed_chunking (void)
{
  const guint32 seed = 20240607;
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  g_test_message ("random chunking with fixed seed %u", seed);
  check_random_chunking (grand_next, rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sse/fields", test_fields);
  g_test_add_func ("/sse/line-endings", test_line_endings);
  g_test_add_func ("/sse/cr-lf-split", test_cr_lf_split);
  g_test_add_func ("/sse/id-with-nul", test_id_with_nul);
  g_test_add_func ("/sse/bom", test_bom);
  g_test_add_func ("/sse/comments-and-unknown-fields", test_comments_and_unknown_fields);
  g_test_add_func ("/sse/empty-data-not-dispatched", test_empty_data_not_dispatched);
  g_test_add_func ("/sse/finish-discards", test_finish_discards);
  g_test_add_func ("/sse/retry", test_retry);
  g_test_add_func ("/sse/pending-size", test_pending_size);
  g_test_add_func ("/sse/stop", test_stop);
  g_test_add_func ("/sse/split-everywhere", test_split_everywhere);
  g_test_add_func ("/sse/random-chunking", test_random_chunking);
  g_test_add_func ("/sse/fixed-seed-chunking", test_fixed_seed_chunking);
  return g_test_run ();
}
