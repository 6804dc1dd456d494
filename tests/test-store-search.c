/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Searching the history as a person types (accents, prefixes, words that
 * are FTS5 syntax, quotes and stray punctuation), snippets with their
 * match markers; the tracker that keeps a conversation saved while a
 * reply streams (at once, then at most once per interval, then at the
 * final state); and the writer and readers working at the same time. */
#include "config.h"

#include "spark-store-sql.h"
#include "spark-store-test.h"
#include "spark-store-tracker.h"
#include "spark-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  SparkStore *store;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = spark_test_dir_new ();
  f->path = g_build_filename (f->dir, "spark.db", NULL);
  f->store = spark_store_test_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  spark_store_close (f->store);
  g_clear_object (&f->store);
  g_free (f->path);
  spark_test_dir_free (f->dir);
}

static void
flush (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (spark_store_test_flush (f->store, &error));
  g_assert_no_error (error);
}

static SparkMessage *
add (SparkConversation *conversation,
     SparkRole          role,
     const char        *text)
{
  g_autoptr (SparkMessage) message = spark_message_new (role, text);

  spark_conversation_append (conversation, message);
  return message;
}

static void
save_all (Fixture           *f,
          SparkConversation *conversation)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (conversation));

  spark_store_save_conversation (f->store, conversation);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      spark_store_save_message (f->store, spark_conversation_get_id (conversation), message);
    }
}

/* Number of hits, checking that the search never fails and that hits
 * come best first. */
static guint
count_hits (Fixture    *f,
            const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) hits = spark_store_test_search (f->store, query, 0, &error);
  double last = -G_MAXDOUBLE;

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
    {
      g_autoptr (SparkSearchHit) hit = g_list_model_get_item (hits, i);

      g_assert_cmpfloat (spark_search_hit_get_rank (hit), >=, last);
      last = spark_search_hit_get_rank (hit);
    }
  return g_list_model_get_n_items (hits);
}

static SparkSearchHit *
first_hit (Fixture    *f,
           const char *query)
{
  g_autoptr (GListModel) hits = spark_store_test_search (f->store, query, 0, NULL);

  g_assert_nonnull (hits);
  g_assert_cmpuint (g_list_model_get_n_items (hits), >, 0);
  return g_list_model_get_item (hits, 0);
}

static void
test_search (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (SparkConversation) chat = spark_conversation_new ();
  g_autoptr (SparkConversation) other = spark_conversation_new ();
  g_autoptr (SparkSearchHit) hit = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);
  SparkMessage *cafe, *long_one;
  const char   *syntax[] = {
      "",
      "   ",
      "\"",
      "\"\"",
      "'",
      "*",
      "**",
      "(",
      ")",
      "()",
      "^",
      ":",
      "-",
      "+",
      "{}",
      "\\",
      "NEAR",
      "AND OR NOT",
      "NEAR(a b, 3)",
      "\"unbalanced",
      "x\" OR \"y",
      "col:val",
      "text:porto",
      "a*b",
      "-minus",
      "+plus",
      "^start",
      "porto*",
      "*porto",
      "porto OR",
      "(porto",
      "porto)",
      "\"porto\"",
      "\xff\xfe not utf-8",
      "e\xcc\x81",
      "🙂",
      "a\tb\nc",
  };

  spark_conversation_set_title (chat, "Lisbon and Porto");
  cafe = add (chat, SPARK_ROLE_USER, "Visit the café near the Ribeira in Porto");
  add (chat, SPARK_ROLE_ASSISTANT, "C++ templates and \"quoted words\" are tricky");
  add (chat, SPARK_ROLE_USER, "NEAR AND OR NOT are FTS5 keywords");
  add (chat, SPARK_ROLE_ASSISTANT, "100% sure: a*b^c (col:val) {x} -minus +plus");
  for (guint i = 0; i < 60; i++)
    g_string_append (long_text, "filler words go here ");
  g_string_append (long_text, "the needle is here ");
  for (guint i = 0; i < 60; i++)
    g_string_append (long_text, "more filler words after ");
  long_one = add (chat, SPARK_ROLE_ASSISTANT, long_text->str);
  spark_conversation_set_title (other, "Other");
  add (other, SPARK_ROLE_USER, "Porto again, please");
  add (other, SPARK_ROLE_ASSISTANT,
       "termaa termab termac termad termae termaf termag termah termai termaj termak "
       "termal termam reterm termao termap termaq termar termas termat termau");
  save_all (f, chat);
  save_all (f, other);
  flush (f);

  /* Accents and case don't matter; the snippet marks the match. */
  hit = first_hit (f, "CAFE");
  g_assert_cmpstr (spark_search_hit_get_message_id (hit), ==, spark_message_get_id (cafe));
  g_assert_cmpstr (spark_search_hit_get_conversation_id (hit), ==, spark_conversation_get_id (chat));
  g_assert_cmpstr (spark_search_hit_get_conversation_title (hit), ==, "Lisbon and Porto");
  g_assert_cmpint (spark_search_hit_get_role (hit), ==, SPARK_ROLE_USER);
  g_assert_cmpstr (spark_search_hit_get_snippet (hit), ==,
                   "Visit the " SPARK_STORE_MATCH_START "café" SPARK_STORE_MATCH_END " near the Ribeira in Porto");
  g_clear_object (&hit);

  /* A long message gives a cut snippet around the match. */
  hit = first_hit (f, "needle");
  g_assert_cmpstr (spark_search_hit_get_message_id (hit), ==, spark_message_get_id (long_one));
  g_assert_true (g_str_has_prefix (spark_search_hit_get_snippet (hit), "…"));
  g_assert_true (g_str_has_suffix (spark_search_hit_get_snippet (hit), "…"));
  g_assert_nonnull (strstr (spark_search_hit_get_snippet (hit), SPARK_STORE_MATCH_START "needle" SPARK_STORE_MATCH_END));
  g_assert_cmpuint (strlen (spark_search_hit_get_snippet (hit)), <, 200);
  g_clear_object (&hit);

  /* While typing, the last word is a prefix; a finished word is not. */
  g_assert_cmpuint (count_hits (f, "Port"), ==, 2);
  g_assert_cmpuint (count_hits (f, "Port "), ==, 0);
  g_assert_cmpuint (count_hits (f, "porto "), ==, 2);
  g_assert_cmpuint (count_hits (f, "Ribeira Por"), ==, 1);
  /* Longer typed words are expanded into the words they start; accents
   * and case as the index has them. */
  g_assert_cmpuint (count_hits (f, "Ribei"), ==, 1);
  g_assert_cmpuint (count_hits (f, "RIBEIRA"), ==, 1);
  g_assert_cmpuint (count_hits (f, "Café"), ==, 1);
  g_assert_cmpuint (count_hits (f, "ribeirã"), ==, 1);
  g_assert_cmpuint (count_hits (f, "termac"), ==, 1);
  /* Too many words to expand, or none known: FTS5's own prefix match. */
  g_assert_cmpuint (count_hits (f, "term"), ==, 1);
  g_assert_cmpuint (count_hits (f, "terma"), ==, 1);
  g_assert_cmpuint (count_hits (f, "Xyzzyq"), ==, 0);
  g_assert_cmpuint (count_hits (f, "templates quot"), ==, 1);

  /* Every word must match. */
  g_assert_cmpuint (count_hits (f, "templates quoted"), ==, 1);
  g_assert_cmpuint (count_hits (f, "templates porto"), ==, 0);

  /* Search syntax typed as text is just text. */
  g_assert_cmpuint (count_hits (f, "NOT"), ==, 1);
  g_assert_cmpuint (count_hits (f, "AND"), ==, 2);
  g_assert_cmpuint (count_hits (f, "\"quoted"), ==, 1);
  g_assert_cmpuint (count_hits (f, "a*b"), ==, 1);
  g_assert_cmpuint (count_hits (f, "col:val"), ==, 1);
  g_assert_cmpuint (count_hits (f, "-minus"), ==, 1);
  g_assert_cmpuint (count_hits (f, "C++ templates"), ==, 1);
  g_assert_cmpuint (count_hits (f, "templates?"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (syntax); i++)
    {
      g_test_message ("query %u", i);
      count_hits (f, syntax[i]);
    }
  g_assert_cmpuint (count_hits (f, ""), ==, 0);
  g_assert_cmpuint (count_hits (f, "!!! ???"), ==, 0);

  /* The limit, and replaced messages are not found. */
  {
    g_autoptr (GListModel) hits = spark_store_test_search (f->store, "porto", 1, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 1);
  }
  spark_store_detach_message (f->store, spark_message_get_id (cafe), NULL);
  flush (f);
  g_assert_cmpuint (count_hits (f, "cafe"), ==, 0);
  /* Edited text is found by its new words only. */
  spark_message_set_text (long_one, "a short text now");
  spark_store_save_message (f->store, spark_conversation_get_id (chat), long_one);
  flush (f);
  g_assert_cmpuint (count_hits (f, "needle"), ==, 0);
  g_assert_cmpuint (count_hits (f, "short text"), ==, 1);
}

static void
test_fts_query (void)
{
  const struct
  {
    const char *typed;
    const char *expression;
  } cases[] = {
    { "hello world", "\"hello\" AND \"world\"*" },
    { "hello world ", "\"hello\" AND \"world\"" },
    { "  say \"hi\"", "\"say\" AND \"\"\"hi\"\"\"" },
    { "C++", "\"C++\"" },
    { "NEAR(a", "\"NEAR(a\"*" },
    { "x OR y", "\"x\" AND \"OR\" AND \"y\"*" },
    { "-- ! ?? porto", "\"porto\"*" },
    { "", NULL },
    { "   ", NULL },
    { "!!! ???", NULL },
    { "\xff\xfe", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expression = spark_store_fts_query (NULL, cases[i].typed);
      g_assert_cmpstr (expression, ==, cases[i].expression);
    }
}

static void
search_cancelled_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) hits = spark_store_search_finish (SPARK_STORE (source), result, &error);

  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_search_cancel (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  /* Typing on makes the previous search moot. */
  spark_store_search_async (f->store, "anything", 0, cancellable, search_cancelled_cb, &done);
  g_cancellable_cancel (cancellable);
  spark_test_wait_for_flag (&done, SPARK_STORE_TEST_TIMEOUT_MS);
}

/* What the database holds for @message: "state:text", NULL if no row. */
static char *
stored (Fixture      *f,
        SparkMessage *message)
{
  g_autofree char *sql = g_strdup_printf ("SELECT state || ':' || text FROM messages WHERE id = '%s'",
                                          spark_message_get_id (message));
  flush (f);
  return spark_store_test_sql_text (f->path, sql);
}

#define assert_stored(f, message, expected)          \
  G_STMT_START                                       \
  {                                                  \
    g_autofree char *_got = stored ((f), (message)); \
    g_assert_cmpstr (_got, ==, (expected));          \
  }                                                  \
  G_STMT_END

typedef struct
{
  Fixture      *f;
  SparkMessage *message;
  const char   *expected;
} Stored;

static gboolean
is_stored (gpointer data)
{
  Stored          *s = data;
  g_autofree char *got = stored (s->f, s->message);

  return g_strcmp0 (got, s->expected) == 0;
}

static void
test_tracker (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (SparkConversation) chat = spark_conversation_new ();
  g_autoptr (SparkStoreTracker) tracker = NULL;
  g_autoptr (SparkMessage) reply = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
  g_autoptr (SparkMessage) second = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
  g_autofree char *title = NULL;
  g_autofree char *position = NULL;
  SparkMessage    *question;
  Stored           wait;

  spark_conversation_set_title (chat, "Stories");
  tracker = spark_store_tracker_new (f->store, chat);
  g_assert_cmpuint (spark_store_tracker_get_interval (tracker), ==, 250);
  /* A long interval keeps what follows deterministic. */
  spark_store_tracker_set_interval (tracker, 60000);
  flush (f);
  /* An empty conversation is not worth a row. */
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM conversations"), ==, 0);

  question = add (chat, SPARK_ROLE_USER, "Tell me a story");
  assert_stored (f, question, "complete:Tell me a story");
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM conversations"), ==, 1);

  /* A waiting, empty reply isn't written... */
  spark_message_set_state (reply, SPARK_MESSAGE_PENDING);
  spark_conversation_append (chat, reply);
  assert_stored (f, reply, NULL);
  /* ...its first words are, right away (the state change and the first
   * words, arriving together, make one write)... */
  spark_message_set_state (reply, SPARK_MESSAGE_STREAMING);
  spark_message_append_text (reply, "Once", -1);
  wait = (Stored){ f, reply, "streaming:Once" };
  g_assert_true (spark_test_wait_until (is_stored, &wait, SPARK_STORE_TEST_TIMEOUT_MS));
  /* ...then at most once per interval... */
  spark_message_append_text (reply, " upon", -1);
  spark_message_append_text (reply, " a", -1);
  assert_stored (f, reply, "streaming:Once");
  spark_store_tracker_sync (tracker);
  assert_stored (f, reply, "streaming:Once upon a");
  spark_store_tracker_set_interval (tracker, 30);
  spark_message_append_text (reply, " time", -1);
  wait = (Stored){ f, reply, "streaming:Once upon a time" };
  g_assert_true (spark_test_wait_until (is_stored, &wait, SPARK_STORE_TEST_TIMEOUT_MS));
  /* ...and the final state right away. */
  spark_store_tracker_set_interval (tracker, 60000);
  spark_message_append_text (reply, ".", -1);
  spark_message_set_state (reply, SPARK_MESSAGE_COMPLETE);
  assert_stored (f, reply, "complete:Once upon a time.");

  /* Title changes are saved. */
  spark_conversation_set_title (chat, "Bedtime stories");
  flush (f);
  title = spark_store_test_sql_text (f->path, "SELECT title FROM conversations");
  g_assert_cmpstr (title, ==, "Bedtime stories");

  /* A removed reply stays as an earlier version, out of the thread. */
  spark_conversation_remove (chat, reply);
  flush (f);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT IFNULL (position, 'none') FROM messages WHERE id = '%s'", spark_message_get_id (reply));
    position = spark_store_test_sql_text (f->path, sql);
    g_assert_cmpstr (position, ==, "none");
  }

  /* Dropping the tracker writes what was still waiting. */
  spark_message_set_state (second, SPARK_MESSAGE_STREAMING);
  spark_conversation_append (chat, second);
  spark_message_append_text (second, "The end", -1);
  spark_message_append_text (second, " (almost)", -1);
  g_clear_object (&tracker);
  assert_stored (f, second, "streaming:The end (almost)");

  /* A new tracker on the same conversation doesn't write it all again. */
  tracker = spark_store_tracker_new (f->store, chat);
  flush (f);
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM messages"), ==, 3);
}

typedef struct
{
  Fixture *f;
  char    *conversation_id;
  guint    pending;
  guint    reads;
  guint    last_count; /* messages the previous full read saw */
} Race;

static void
race_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = spark_store_load_messages_finish (SPARK_STORE (source), result, &error);

  g_assert_no_error (error);
  /* Each read sees a consistent prefix of what was queued, in order. */
  for (guint i = 0; i < page->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("message %u", i);
      g_assert_cmpstr (spark_message_get_text (page->pdata[i]), ==, expected);
    }
  g_assert_cmpuint (page->len, >=, race->last_count);
  race->last_count = page->len;
  race->pending--;
  race->reads++;
}

static void
race_other_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;

  if (g_async_result_is_tagged (result, spark_store_search_async))
    model = spark_store_search_finish (SPARK_STORE (source), result, &error);
  else
    model = spark_store_list_conversations_finish (SPARK_STORE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  race->pending--;
  race->reads++;
}

static gboolean
race_settled (gpointer data)
{
  return ((Race *) data)->pending == 0;
}

static void
test_concurrent (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (SparkConversation) chat = spark_conversation_new ();
  g_autoptr (SparkConversation) back = NULL;
  Race race = { f, NULL, 0, 0, 0 };

  spark_store_save_conversation (f->store, chat);
  race.conversation_id = (char *) spark_conversation_get_id (chat);

  /* Writes are queued in bursts while reads run on other threads; the
   * page reads are issued one after the other so each must see at least
   * what the previous one saw. */
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr (SparkMessage) message = spark_message_new (SPARK_ROLE_USER, text);

      spark_store_save_message (f->store, race.conversation_id, message);
      if (i % 100 == 0)
        {
          g_assert_true (spark_test_wait_until (race_settled, &race, SPARK_STORE_TEST_TIMEOUT_MS));
          race.pending += 3;
          spark_store_load_messages_async (f->store, race.conversation_id, NULL, 0, NULL, race_page_cb, &race);
          spark_store_search_async (f->store, "message", 20, NULL, race_other_cb, &race);
          spark_store_list_conversations_async (f->store, NULL, race_other_cb, &race);
        }
    }
  g_assert_true (spark_test_wait_until (race_settled, &race, SPARK_STORE_TEST_TIMEOUT_MS));
  g_assert_cmpuint (race.reads, ==, 90);
  flush (f);

  back = spark_store_test_load (f->store, race.conversation_id, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 3000);
  for (guint i = 0; i < 3000; i += 499)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (back), i);
      g_autofree char *expected = g_strdup_printf ("message %u", i);
      g_assert_cmpstr (spark_message_get_text (message), ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/search", test_search);
  g_test_add_func ("/store/search-expression", test_fts_query);
  ADD ("/store/search-cancel", test_search_cancel);
  ADD ("/store/tracker", test_tracker);
  ADD ("/store/concurrent", test_concurrent);
#undef ADD
  return g_test_run ();
}
