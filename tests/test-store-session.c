/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chat sessions with a store, against the fake model service: questions
 * and replies are saved as they happen, a retried reply is kept as an
 * earlier version, a stored conversation can be continued.
 *
 * And the crash test: a child process (store-crash-child) streams a slow
 * reply into the history; once the partial reply is on disk and growing,
 * the child is killed with SIGKILL. Reopening finds an intact database and
 * the partial reply, marked interrupted, missing at most about one flush
 * interval of text. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include "spark-chat-session.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-store-test.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000

typedef struct
{
  guint   finished;
  GError *error;
} Finished;

static void
finished_cb (SparkChatSession *session,
             const GError     *error,
             Finished         *fin)
{
  g_clear_error (&fin->error);
  fin->error = error ? g_error_copy (error) : NULL;
  fin->finished++;
}

static gboolean
finished_once (gpointer data)
{
  return ((Finished *) data)->finished > 0;
}

static SparkMessage *
nth (SparkConversation *conversation,
     guint              i)
{
  g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
  g_assert_nonnull (message);
  return message;
}

static void
wait_reply (SparkChatSession *session,
            Finished         *fin)
{
  g_assert_true (spark_test_wait_until (finished_once, fin, TIMEOUT_MS));
  g_assert_false (spark_chat_session_get_busy (session));
  fin->finished = 0;
}

static gboolean
reply_streaming (gpointer data)
{
  SparkMessage *last = spark_conversation_get_last (data);

  return spark_message_get_state (last) == SPARK_MESSAGE_STREAMING && spark_message_get_text_length (last) > 0;
}

static void
test_session (void)
{
  g_autofree char *dir = spark_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "spark.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkFakeService) service = spark_fake_service_new (&error);
  g_autoptr (SparkStore) store = spark_store_test_open (path, &error);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SparkContext) context = spark_context_new (settings);
  g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  g_autoptr (SparkChatSession) session = NULL;
  g_autoptr (SparkChatSession) later = NULL;
  g_autoptr (SparkConversation) stored = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autofree char *detached = NULL;
  g_autofree char *sql = NULL;
  SparkMessage    *reply, *failed;
  Finished         fin = { 0 };
  gint64           ttft;
  const char      *id;

  g_assert_no_error (error);
  spark_context_set_store (context, store);
  spark_provider_set_base_url (provider, spark_fake_service_get_base_url (service));
  spark_provider_list_add (spark_context_get_providers (context), provider);
  spark_provider_list_set_active (spark_context_get_providers (context), provider);
  session = spark_chat_session_new (context);
  spark_chat_session_set_model (session, "fake-chat");
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &fin);

  /* A question and its reply are saved without being asked to. */
  spark_fake_service_push_text (service, "Porto is built on granite hills.");
  g_assert_true (spark_chat_session_send (session, "Tell me about Porto", NULL, SPARK_MODE_TRAVEL, SPARK_DEPTH_INSTANT, &error));
  wait_reply (session, &fin);
  g_assert_no_error (fin.error);
  id = spark_conversation_get_id (spark_chat_session_get_conversation (session));
  g_assert_true (spark_store_test_flush (store, NULL));
  stored = spark_store_test_load (store, id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spark_conversation_get_title (stored), ==, "Tell me about Porto");
  g_assert_cmpint (spark_conversation_get_mode (stored), ==, SPARK_MODE_TRAVEL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 2);
  reply = nth (stored, 1);
  g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_text (reply), ==, "Porto is built on granite hills.");
  g_assert_cmpstr (spark_message_get_model (reply), ==, "fake-chat");
  g_assert_cmpstr (spark_message_get_provider (reply), ==, spark_provider_get_id (provider));
  spark_message_get_timings (reply, &ttft, NULL);
  g_assert_cmpint (ttft, >=, 0);
  g_clear_object (&stored);

  /* A failed reply, retried: the new reply replaces it in the thread and
   * the failed one is kept as its earlier version. */
  spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("cut short here", SPARK_FAKE_FAULT_RESET_MID_STREAM, 1));
  g_assert_true (spark_chat_session_send (session, "And the bridges?", NULL, SPARK_MODE_TRAVEL, SPARK_DEPTH_INSTANT, &error));
  wait_reply (session, &fin);
  g_assert_error (fin.error, SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  failed = g_object_ref (spark_conversation_get_last (spark_chat_session_get_conversation (session)));
  spark_fake_service_push_text (service, "Six bridges cross the Douro.");
  g_assert_true (spark_chat_session_retry (session));
  wait_reply (session, &fin);
  g_assert_no_error (fin.error);
  g_assert_true (spark_store_test_flush (store, NULL));
  stored = spark_store_test_load (store, id, 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 4);
  g_assert_cmpstr (spark_message_get_text (nth (stored, 3)), ==, "Six bridges cross the Douro.");
  g_assert_cmpstr (spark_message_get_parent_id (nth (stored, 3)), ==, spark_message_get_id (failed));
  sql = g_strdup_printf ("SELECT state || ':' || text || ':' || IFNULL (position, 'none') FROM messages WHERE id = '%s'",
                         spark_message_get_id (failed));
  detached = spark_store_test_sql_text (path, sql);
  g_assert_cmpstr (detached, ==, "failed:cut:none");
  g_object_unref (failed);

  /* Another session (a later start of the app) continues it. */
  later = spark_chat_session_new (context);
  spark_chat_session_set_model (later, "fake-chat");
  g_signal_connect (later, "finished", G_CALLBACK (finished_cb), &fin);
  spark_chat_session_load (later, stored);
  g_assert_true (spark_chat_session_get_conversation (later) == stored);
  spark_fake_service_push_text (service, "Dom Luís I is the famous one.");
  g_assert_true (spark_chat_session_send (later, "Which is the famous one?", NULL, SPARK_MODE_TRAVEL, SPARK_DEPTH_INSTANT, &error));
  wait_reply (later, &fin);
  {
    JsonObject *body = spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/chat/completions"));
    /* System prompt, the stored exchange, the new question. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")), ==, 6);
  }
  g_assert_true (spark_store_test_flush (store, NULL));
  g_clear_object (&stored);
  stored = spark_store_test_load (store, id, 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 6);
  g_assert_cmpstr (spark_message_get_text (spark_conversation_get_last (stored)), ==, "Dom Luís I is the famous one.");

  /* A new conversation is a new entry. */
  spark_chat_session_new_conversation (later);
  spark_fake_service_push_text (service, "Hello.");
  g_assert_true (spark_chat_session_send (later, "Hi", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  wait_reply (later, &fin);
  g_assert_true (spark_store_test_flush (store, NULL));
  list = spark_store_test_list (store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* Leaving a conversation while its reply streams: the reply is kept,
   * stopped, not left "streaming" to be found interrupted later. */
  {
    SparkFakeReply  *slow = spark_fake_reply_new ("A slow reply that is left behind before it can finish");
    g_autofree char *state_sql = NULL;
    SparkMessage    *left;

    slow->tokens_per_second = 20;
    spark_fake_service_push_reply (service, slow);
    g_assert_true (spark_chat_session_send (later, "Take your time", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
    g_assert_true (spark_test_wait_until (reply_streaming, spark_chat_session_get_conversation (later), TIMEOUT_MS));
    left = g_object_ref (spark_conversation_get_last (spark_chat_session_get_conversation (later)));
    state_sql = g_strdup_printf ("SELECT state FROM messages WHERE id = '%s'", spark_message_get_id (left));
    spark_store_test_wait_sql (store, path, state_sql, "streaming");
    spark_chat_session_new_conversation (later);
    spark_store_test_wait_sql (store, path, state_sql, "cancelled");
    g_assert_cmpuint (spark_message_get_text_length (left), >, 0);
    g_object_unref (left);
  }

  /* The stopped turn still reports back later; not to this test's stack. */
  g_signal_handlers_disconnect_by_data (session, &fin);
  g_signal_handlers_disconnect_by_data (later, &fin);
  g_clear_error (&fin.error);
  g_clear_object (&session);
  g_clear_object (&later);
  spark_store_close (store);
  spark_test_dir_free (g_steal_pointer (&dir));
}

/* --- The crash test ------------------------------------------------------ */

typedef struct
{
  const char *path;
  gint64      lengths[8]; /* distinct lengths of the streaming reply seen on disk */
  guint       n_lengths;
  guint       wanted;
} Watch;

/* Looks at the database the way another process would. */
static gboolean
reply_growing (gpointer data)
{
  Watch        *w = data;
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (w->path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT length (text) FROM messages WHERE role = 'assistant' AND state = 'streaming'",
                             -1, &stmt, NULL)
           == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 length = sqlite3_column_int64 (stmt, 0);

      if (length > 0 && (w->n_lengths == 0 || w->lengths[w->n_lengths - 1] != length) && w->n_lengths < G_N_ELEMENTS (w->lengths))
        w->lengths[w->n_lengths++] = length;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return w->n_lengths >= w->wanted;
}

typedef struct
{
  SparkFakeService *service;
  guint64           until;
} Sent;

static gboolean
sent_enough (gpointer data)
{
  Sent *sent = data;
  return spark_fake_service_get_tokens_sent (sent->service) >= sent->until;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* How many of @full's streamed tokens make up @partial. */
static guint
tokens_in (const char *full,
           const char *partial)
{
  g_auto (GStrv) tokens = spark_fake_split_tokens (full);
  gsize length = 0;
  guint n = 0;

  while (tokens[n] != NULL && length + strlen (tokens[n]) <= strlen (partial))
    length += strlen (tokens[n++]);
  return n;
}

static void
crash_round (SparkFakeService *service,
             const char       *path,
             guint             flushes_before_kill,
             const char       *full)
{
  const char *child = g_getenv ("SPARK_STORE_CRASH_CHILD");
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (SparkConversation) back = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *check = NULL;
  Watch            watch = { path, { 0 }, 0, flushes_before_kill };
  SparkFakeReply  *reply = spark_fake_reply_new (full);
  SparkMessage    *partial;
  guint64          sent_before, sent_at_kill;
  guint            lost, saved;
  guint            tick;

  reply->tokens_per_second = 20;
  spark_fake_service_push_reply (service, reply);
  sent_before = spark_fake_service_get_tokens_sent (service);

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spark-test-bus", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, child, path, spark_fake_service_get_base_url (service), NULL);
  g_assert_no_error (error);

  /* The partial reply is on disk and has been written again since. */
  tick = g_timeout_add (20, tick_cb, NULL);
  g_assert_true (spark_test_wait_until (reply_growing, &watch, TIMEOUT_MS));
  g_source_remove (tick);
  /* Kill it in the middle of a flush interval, not right after a flush:
   * three more tokens are 150 ms at this rate. */
  {
    Sent sent = { service, spark_fake_service_get_tokens_sent (service) + 3 };
    g_assert_true (spark_test_wait_until (sent_enough, &sent, TIMEOUT_MS));
  }

  sent_at_kill = spark_fake_service_get_tokens_sent (service) - sent_before;
  g_subprocess_force_exit (process);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  id = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  g_assert_nonnull (id);

  /* The database is intact... */
  check = spark_store_test_sql_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (spark_store_test_sql_int (path, "SELECT COUNT (*) FROM pragma_foreign_key_check"), ==, 0);

  /* ...and the partial reply is there, interrupted. */
  store = spark_store_test_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spark_store_get_n_recovered (store), ==, 1);
  back = spark_store_test_load (store, id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 2);
  g_assert_cmpstr (spark_message_get_text (nth (back, 0)), ==, "Tell me a long story");
  partial = nth (back, 1);
  g_assert_cmpint (spark_message_get_state (partial), ==, SPARK_MESSAGE_INTERRUPTED);
  g_assert_true (g_str_has_prefix (full, spark_message_get_text (partial)));
  g_assert_cmpuint (spark_message_get_text_length (partial), >=, watch.lengths[watch.n_lengths - 1]);
  g_assert_cmpuint (spark_message_get_text_length (partial), <, strlen (full));

  /* At 20 tokens/s a 250 ms flush interval is 5 tokens; allow for the
   * tokens still in the pipe to the child when it was killed. */
  saved = tokens_in (full, spark_message_get_text (partial));
  lost = sent_at_kill > saved ? sent_at_kill - saved : 0;
  g_test_message ("sent %" G_GUINT64_FORMAT " tokens, %u on disk, %u lost", sent_at_kill, saved, lost);
  g_assert_cmpuint (lost, <=, 12);

  spark_store_close (store);
}

static void
test_crash (void)
{
  g_autofree char *dir = spark_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "spark.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkFakeService) service = spark_fake_service_new (&error);
  g_autoptr (GString) story = g_string_new ("Once upon a time");

  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (story, " there was sentence number %u of a story that goes on and on.", i);

  /* Killed soon after the first words, then well into a second reply. */
  crash_round (service, path, 1, story->str);
  crash_round (service, path, 4, story->str);
  g_assert_cmpint (spark_store_test_sql_int (path, "SELECT COUNT (*) FROM conversations"), ==, 2);
  g_assert_cmpint (spark_store_test_sql_int (path, "SELECT COUNT (*) FROM messages WHERE state = 'interrupted'"), ==, 2);

  spark_test_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  /* Hermetic: no keyring on the bus, so lookups fail fast. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spark-test-bus", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/session", test_session);
  if (g_getenv ("SPARK_STORE_CRASH_CHILD") != NULL)
    g_test_add_func ("/store/crash-kill-9", test_crash);
  return g_test_run ();
}
