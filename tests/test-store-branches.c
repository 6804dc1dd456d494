/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changing a conversation after the fact, with a store, against the fake
 * model service: regenerating a reply and editing a question keep what
 * they replace as earlier versions on disk; a cut-off reply is continued
 * (its partial text sent as the start of the answer); deleting a message
 * removes it from the disk and undoing puts it back in its place; a new
 * chat gets a title from the model service unless the person named it. */
#include "config.h"

#include "spark-chat-session.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-store-test.h"
#include "spark-test-util.h"
#include "spark-titler.h"

#define TIMEOUT_MS 20000

typedef struct
{
  char             *dir;
  char             *path;
  SparkFakeService *service;
  SparkStore       *store;
  GSettings        *settings;
  SparkContext     *context;
  SparkChatSession *session;
  guint             finished;
  GError           *error;
} Fixture;

static void
finished_cb (SparkChatSession *session,
             const GError     *error,
             Fixture          *f)
{
  g_clear_error (&f->error);
  f->error = error ? g_error_copy (error) : NULL;
  f->finished++;
}

static gboolean
finished_once (gpointer data)
{
  return ((Fixture *) data)->finished > 0;
}

static void
wait_reply (Fixture *f)
{
  g_assert_true (spark_test_wait_until (finished_once, f, TIMEOUT_MS));
  g_assert_false (spark_chat_session_get_busy (f->session));
  f->finished = 0;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);

  f->dir = spark_test_dir_new ();
  f->path = g_build_filename (f->dir, "spark.db", NULL);
  f->service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  f->store = spark_store_test_open (f->path, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APP_ID);
  f->context = spark_context_new (f->settings);
  spark_context_set_store (f->context, f->store);
  spark_provider_set_base_url (provider, spark_fake_service_get_base_url (f->service));
  spark_provider_list_add (spark_context_get_providers (f->context), provider);
  spark_provider_list_set_active (spark_context_get_providers (f->context), provider);
  f->session = spark_chat_session_new (f->context);
  spark_chat_session_set_model (f->session, "fake-chat");
  g_signal_connect (f->session, "finished", G_CALLBACK (finished_cb), f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->session, f);
  g_clear_object (&f->session);
  g_clear_error (&f->error);
  g_assert_true (spark_store_test_flush (f->store, NULL));
  spark_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_clear_object (&f->service);
  spark_test_dir_free (g_steal_pointer (&f->dir));
  g_free (f->path);
}

static SparkConversation *
conversation (Fixture *f)
{
  return spark_chat_session_get_conversation (f->session);
}

static SparkMessage *
nth (SparkConversation *c,
     guint              i)
{
  g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (c), i);
  g_assert_nonnull (message);
  return message;
}

/* "text|text|…" of a conversation, in order. */
static char *
texts (SparkConversation *c)
{
  GString *out = g_string_new (NULL);
  guint    n = g_list_model_get_n_items (G_LIST_MODEL (c));

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", spark_message_get_text (nth (c, i)));
  return g_string_free (out, FALSE);
}

/* What the store gives back for the current conversation, as texts(). */
static char *
stored_texts (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkConversation) stored = NULL;

  g_assert_true (spark_store_test_flush (f->store, NULL));
  stored = spark_store_test_load (f->store, spark_conversation_get_id (conversation (f)), 0, &error);
  g_assert_no_error (error);
  return texts (stored);
}

static void
ask (Fixture    *f,
     const char *question,
     const char *reply)
{
  g_autoptr (GError) error = NULL;

  spark_fake_service_push_text (f->service, reply);
  g_assert_true (spark_chat_session_send (f->session, question, NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_no_error (error);
  wait_reply (f);
  g_assert_no_error (f->error);
}

/* The "role: text" lines of the last chat request, system prompt left out. */
static char *
last_request (Fixture *f)
{
  JsonObject *body = spark_fake_request_get_object (spark_fake_service_get_last_request (f->service, "/v1/chat/completions"));
  JsonArray  *messages = json_object_get_array_member (body, "messages");
  GString    *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      JsonNode   *content = json_object_get_member (m, "content");

      if (g_str_equal (json_object_get_string_member (m, "role"), "system"))
        continue;
      g_string_append_printf (out, "%s%s: %s", out->len ? "|" : "", json_object_get_string_member (m, "role"),
                              JSON_NODE_HOLDS_VALUE (content) ? json_node_get_string (content) : "[parts]");
    }
  return g_string_free (out, FALSE);
}

static char *
sql_for (Fixture    *f,
         const char *format,
         const char *id)
{
  g_autofree char *sql = g_strdup_printf (format, id);

  g_assert_true (spark_store_test_flush (f->store, NULL));
  return spark_store_test_sql_text (f->path, sql);
}

static void
used_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GError **error = user_data;

  if (!spark_chat_session_use_version_finish (SPARK_CHAT_SESSION (source), res, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (source, "used", GINT_TO_POINTER (1));
}

static gboolean
used (gpointer data)
{
  return g_object_get_data (G_OBJECT (data), "used") != NULL;
}

static void
use_version (Fixture    *f,
             const char *current_id,
             const char *version_id)
{
  g_autoptr (GError) error = NULL;

  g_object_set_data (G_OBJECT (f->session), "used", NULL);
  spark_chat_session_use_version_async (f->session, current_id, version_id, NULL, used_cb, &error);
  g_assert_true (spark_test_wait_until (used, f->session, TIMEOUT_MS));
  g_assert_no_error (error);
}

static gboolean
not_busy (gpointer data)
{
  return !spark_chat_session_get_busy (((Fixture *) data)->session);
}

static void
test_regenerate (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *old = NULL;
  g_autofree char *sent = NULL;

  ask (f, "Name a river", "The Douro.");
  ask (f, "Another?", "The Tagus.");
  first_id = g_strdup (spark_message_get_id (nth (conversation (f), 1)));

  /* Regenerating the first reply drops it and what followed from the
   * thread, writes a new reply from the question before it. */
  spark_fake_service_push_text (f->service, "The Minho.");
  g_assert_true (spark_chat_session_regenerate (f->session, first_id, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_no_error (error);
  g_assert_true (spark_chat_session_get_busy (f->session));
  wait_reply (f);
  g_assert_no_error (f->error);
  shown = texts (conversation (f));
  g_assert_cmpstr (shown, ==, "Name a river|The Minho.");
  sent = last_request (f);
  g_assert_cmpstr (sent, ==, "user: Name a river");
  g_assert_cmpstr (spark_message_get_parent_id (nth (conversation (f), 1)), ==, first_id);

  /* On disk: the new thread; the old reply is still there, out of it. */
  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "Name a river|The Minho.");
  old = sql_for (f, "SELECT text || ':' || IFNULL (position, 'none') FROM messages WHERE id = '%s'", first_id);
  g_assert_cmpstr (old, ==, "The Douro.:none");

  /* Regenerated once more: the versions, newest first. */
  spark_fake_service_push_text (f->service, "The Mondego.");
  g_assert_true (spark_chat_session_regenerate (f->session, spark_message_get_id (nth (conversation (f), 1)),
                                                SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  wait_reply (f);
  g_assert_true (spark_store_test_flush (f->store, NULL));
  {
    g_autofree char *versions = spark_store_test_versions (f->store, spark_message_get_id (nth (conversation (f), 1)));
    g_autofree char *none = spark_store_test_versions (f->store, spark_message_get_id (nth (conversation (f), 0)));

    g_assert_cmpstr (versions, ==, "The Minho.|The Douro.");
    g_assert_cmpstr (none, ==, "");
  }

  /* A reply that is not in the chat can't be regenerated. */
  g_assert_false (spark_chat_session_regenerate (f->session, first_id, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
}

static void
test_edit (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *question_id = NULL;
  g_autofree char *reply_id = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *old = NULL;
  SparkMessage    *reply;

  ask (f, "Three days in Lisbon", "Day 1: Belém.");
  ask (f, "And Sintra?", "Take the train.");
  question_id = g_strdup (spark_message_get_id (nth (conversation (f), 0)));
  reply_id = g_strdup (spark_message_get_id (nth (conversation (f), 1)));

  spark_fake_service_push_text (f->service, "Day 1: Alfama.");
  g_assert_true (spark_chat_session_edit (f->session, question_id, "Three days in Porto", SPARK_MODE_CHAT,
                                          SPARK_DEPTH_INSTANT, &error));
  g_assert_no_error (error);
  /* While its reply runs, nothing else can change. */
  g_assert_false (spark_chat_session_edit (f->session, question_id, "again", SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_clear_error (&error);
  wait_reply (f);
  g_assert_no_error (f->error);

  shown = texts (conversation (f));
  g_assert_cmpstr (shown, ==, "Three days in Porto|Day 1: Alfama.");
  /* The model saw the edited question alone, not the old branch. */
  sent = last_request (f);
  g_assert_cmpstr (sent, ==, "user: Three days in Porto");
  g_assert_cmpstr (spark_message_get_parent_id (nth (conversation (f), 0)), ==, question_id);
  reply = nth (conversation (f), 1);
  g_assert_cmpstr (spark_message_get_parent_id (reply), ==, reply_id);

  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "Three days in Porto|Day 1: Alfama.");
  {
    g_autofree char *versions = spark_store_test_versions (f->store, spark_message_get_id (nth (conversation (f), 0)));
    g_assert_cmpstr (versions, ==, "Three days in Lisbon");
  }
  /* The old branch is kept, out of the thread: all four messages. */
  old = sql_for (f, "SELECT COUNT (*) || '' FROM messages WHERE position IS NULL AND conversation_id = '%s'",
                 spark_conversation_get_id (conversation (f)));
  g_assert_cmpstr (old, ==, "4");

  /* Using the old version puts its whole branch back, in order; the
   * edited one becomes a branch, and can come back in turn. */
  {
    g_autofree char *edited_id = g_strdup (spark_message_get_id (nth (conversation (f), 0)));
    g_autofree char *back = NULL;
    g_autofree char *again = NULL;
    g_autofree char *versions = NULL;
    g_autoptr (SparkConversation) stored = NULL;

    use_version (f, edited_id, question_id);
    g_clear_pointer (&shown, g_free);
    shown = texts (conversation (f));
    g_assert_cmpstr (shown, ==, "Three days in Lisbon|Day 1: Belém.|And Sintra?|Take the train.");
    back = stored_texts (f);
    g_assert_cmpstr (back, ==, shown);
    g_assert_true (spark_message_get_versioned (nth (conversation (f), 0)));
    versions = spark_store_test_versions (f->store, question_id);
    g_assert_cmpstr (versions, ==, "Three days in Porto");
    /* Reopened, the first question still knows it has another version. */
    stored = spark_store_test_load (f->store, spark_conversation_get_id (conversation (f)), 0, NULL);
    g_assert_true (spark_message_get_versioned (nth (stored, 0)));
    g_assert_false (spark_message_get_versioned (nth (stored, 2)));

    use_version (f, question_id, edited_id);
    again = stored_texts (f);
    g_assert_cmpstr (again, ==, "Three days in Porto|Day 1: Alfama.");
  }
}

static void
test_continue (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *saved = NULL;
  SparkMessage    *reply;

  spark_fake_service_push_reply (f->service,
                                 spark_fake_reply_new_fault ("The cellars are in Gaia, across", SPARK_FAKE_FAULT_RESET_MID_STREAM, 4));
  g_assert_true (spark_chat_session_send (f->session, "Where are the port cellars?", NULL, SPARK_MODE_CHAT,
                                          SPARK_DEPTH_INSTANT, &error));
  wait_reply (f);
  g_assert_error (f->error, SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  reply = spark_conversation_get_last (conversation (f));
  g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_FAILED);
  g_assert_cmpuint (spark_message_get_text_length (reply), >, 0);
  g_assert_true (spark_chat_session_can_continue (f->session, reply));
  g_assert_false (spark_chat_session_can_continue (f->session, nth (conversation (f), 0)));

  /* Continuing sends the partial reply as the start of the answer and
   * appends what comes to the same message. */
  spark_fake_service_push_text (f->service, " the river.");
  g_assert_true (spark_chat_session_continue (f->session, &error));
  g_assert_no_error (error);
  {
    g_autofree char *partial = g_strdup (spark_message_get_text (reply));
    g_autofree char *expected = NULL;

    wait_reply (f);
    g_assert_no_error (f->error);
    g_assert_true (spark_conversation_get_last (conversation (f)) == reply);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation (f))), ==, 2);
    g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_COMPLETE);
    g_assert_null (spark_message_get_error (reply));
    expected = g_strconcat (partial, " the river.", NULL);
    g_assert_cmpstr (spark_message_get_text (reply), ==, expected);
    sent = last_request (f);
    g_free (expected);
    expected = g_strdup_printf ("user: Where are the port cellars?|assistant: %s", partial);
    g_assert_cmpstr (sent, ==, expected);
    saved = stored_texts (f);
    g_free (expected);
    expected = g_strdup_printf ("Where are the port cellars?|%s the river.", partial);
    g_assert_cmpstr (saved, ==, expected);
  }

  /* A complete reply has nothing to continue. */
  g_assert_false (spark_chat_session_can_continue (f->session, reply));
  g_assert_false (spark_chat_session_continue (f->session, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
}

static void
test_delete_undo (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkMessage) deleted = NULL;
  g_autoptr (SparkMessage) question = NULL;
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
  g_autoptr (GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autofree char *shown = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *count = NULL;
  g_autofree char *after = NULL;

  ask (f, "One", "Reply one.");
  ask (f, "Two", "Reply two.");

  /* Deleting a reply in the middle: gone from the chat and the thread on
   * disk; its row waits (out of the thread) until the deletion is final. */
  deleted = spark_chat_session_delete_message (f->session, spark_message_get_id (nth (conversation (f), 1)), &after,
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (deleted);
  g_assert_cmpstr (after, ==, spark_message_get_id (nth (conversation (f), 0)));
  shown = texts (conversation (f));
  g_assert_cmpstr (shown, ==, "One|Two|Reply two.");
  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "One|Two|Reply two.");

  /* Undo: back in the same place, in the chat and on disk. */
  g_assert_true (spark_chat_session_restore_message (f->session, deleted, after, &error));
  g_clear_pointer (&shown, g_free);
  shown = texts (conversation (f));
  g_assert_cmpstr (shown, ==, "One|Reply one.|Two|Reply two.");
  g_clear_pointer (&saved, g_free);
  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "One|Reply one.|Two|Reply two.");
  /* Restoring twice does nothing. */
  g_assert_false (spark_chat_session_restore_message (f->session, deleted, after, &error));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation (f))), ==, 4);

  /* Deleted for good: no row left. */
  g_clear_object (&deleted);
  g_clear_pointer (&after, g_free);
  deleted = spark_chat_session_delete_message (f->session, spark_message_get_id (nth (conversation (f), 3)), &after,
                                               &error);
  spark_chat_session_purge_message (f->session, deleted);
  count = sql_for (f, "SELECT COUNT (*) || '' FROM messages WHERE id = '%s'", spark_message_get_id (deleted));
  g_assert_cmpstr (count, ==, "0");

  /* The chat changed where it was (the question it followed was edited
   * away): it can't be put back, and says so. */
  g_clear_object (&deleted);
  g_clear_pointer (&after, g_free);
  deleted = spark_chat_session_delete_message (f->session, spark_message_get_id (nth (conversation (f), 1)), &after,
                                               &error);
  spark_fake_service_push_text (f->service, "Reply one, again.");
  g_assert_true (spark_chat_session_edit (f->session, spark_message_get_id (nth (conversation (f), 0)), "One?",
                                          SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_false (spark_chat_session_restore_message (f->session, deleted, after, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT); /* busy first */
  g_clear_error (&error);
  wait_reply (f);
  g_assert_false (spark_chat_session_restore_message (f->session, deleted, after, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A question with an image: its image waits with it and comes back. */
  g_ptr_array_add (images, spark_image_new ("image/png", png));
  spark_fake_service_push_text (f->service, "A tiny square.");
  g_assert_true (spark_chat_session_send (f->session, "What is this?", images, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  wait_reply (f);
  g_clear_pointer (&after, g_free);
  question = spark_chat_session_delete_message (f->session, spark_message_get_id (nth (conversation (f), 2)), &after,
                                                &error);
  g_assert_nonnull (question);
  g_assert_true (spark_chat_session_restore_message (f->session, question, after, &error));
  g_clear_pointer (&count, g_free);
  count = sql_for (f, "SELECT COUNT (*) || '' FROM attachments WHERE message_id = '%s'", spark_message_get_id (question));
  g_assert_cmpstr (count, ==, "1");
  g_clear_pointer (&saved, g_free);
  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "One?|Reply one, again.|What is this?|A tiny square.");

  /* Nothing to delete by a stale id. */
  g_assert_null (spark_chat_session_delete_message (f->session, "no-such-id", NULL, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
}

/* Stopped while the keyring was asked: what that attempt would have
 * replaced must not leak into the next reply. */
static void
test_stopped_before_start (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *versions = NULL;
  SparkMessage    *reply, *stopped;

  ask (f, "Name a bridge", "Dom Luís I.");
  old_id = g_strdup (spark_message_get_id (nth (conversation (f), 1)));
  g_assert_true (spark_chat_session_regenerate (f->session, old_id, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  spark_chat_session_stop (f->session);
  g_assert_true (spark_test_wait_until (not_busy, f, TIMEOUT_MS));
  /* The reply stopped before it began stays, stopped and empty, with the
   * one it was to replace as its earlier version (on disk too). */
  stopped = nth (conversation (f), 1);
  g_assert_cmpint (spark_message_get_state (stopped), ==, SPARK_MESSAGE_CANCELLED);
  g_assert_cmpstr (spark_message_get_parent_id (stopped), ==, old_id);
  g_assert_true (spark_store_test_flush (f->store, NULL));
  versions = spark_store_test_versions (f->store, spark_message_get_id (stopped));
  g_assert_cmpstr (versions, ==, "Dom Luís I.");
  ask (f, "Another?", "Arrábida.");
  reply = spark_conversation_get_last (conversation (f));
  g_assert_cmpstr (spark_message_get_text (reply), ==, "Arrábida.");
  g_assert_null (spark_message_get_parent_id (reply));
  g_assert_false (spark_message_get_versioned (reply));
}

static gboolean
titled (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (spark_conversation_get_title (conversation (f)), "Port Cellars of Gaia") == 0;
}

static gboolean
named (gpointer data)
{
  Fixture *f = data;

  return spark_fake_service_get_n_queued (f->service) == 0 && !spark_chat_session_get_naming (f->session);
}

static void
test_auto_title (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sent = NULL;
  const char      *id;

  spark_chat_session_set_auto_title (f->session, TRUE);
  spark_fake_service_push_text (f->service, "In the cellars of Vila Nova de Gaia.");
  spark_fake_service_push_text (f->service, "“Port Cellars of Gaia.”");
  g_assert_true (spark_chat_session_send (f->session, "where do i taste port wine in porto", NULL, SPARK_MODE_CHAT,
                                          SPARK_DEPTH_INSTANT, &error));
  wait_reply (f);
  g_assert_no_error (f->error);
  /* The first words until the service names it. */
  g_assert_cmpstr (spark_conversation_get_title (conversation (f)), ==, "where do i taste port wine in porto");
  g_assert_true (spark_test_wait_until (titled, f, TIMEOUT_MS));
  sent = last_request (f);
  g_assert_true (strstr (sent, "where do i taste port wine in porto") != NULL);
  g_assert_true (strstr (sent, "Vila Nova de Gaia") != NULL);
  id = spark_conversation_get_id (conversation (f));
  sql = g_strdup_printf ("SELECT title FROM conversations WHERE id = '%s'", id);
  spark_store_test_wait_sql (f->store, f->path, sql, "Port Cellars of Gaia");

  /* Only the first exchange names a chat. */
  ask (f, "and in Lisbon?", "Try the Solar do Vinho do Porto.");
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 3);

  /* Renamed by the person before the title came: their name stays. */
  spark_chat_session_new_conversation (f->session);
  {
    SparkFakeReply *slow = spark_fake_reply_new ("Some Other Title");

    slow->fault = SPARK_FAKE_FAULT_SLOW_FIRST_BYTE;
    slow->fault_after = 300;
    spark_fake_service_push_text (f->service, "A young wine from the Minho.");
    spark_fake_service_push_reply (f->service, slow);
    g_assert_true (spark_chat_session_send (f->session, "what is vinho verde", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT,
                                            &error));
    wait_reply (f);
  }
  spark_conversation_set_title (conversation (f), "My wine notes");
  g_assert_true (spark_chat_session_get_naming (f->session));
  g_assert_true (spark_test_wait_until (named, f, TIMEOUT_MS));
  g_assert_cmpstr (spark_conversation_get_title (conversation (f)), ==, "My wine notes");

  /* Left, and renamed from the sidebar (in the store), before the title
   * came: the person's name stays on disk. */
  spark_chat_session_new_conversation (f->session);
  {
    SparkFakeReply  *slow = spark_fake_reply_new ("Yet Another Title");
    g_autofree char *left_id = NULL;
    g_autofree char *left_sql = NULL;

    slow->fault = SPARK_FAKE_FAULT_SLOW_FIRST_BYTE;
    slow->fault_after = 300;
    spark_fake_service_push_text (f->service, "Sweet and fortified.");
    spark_fake_service_push_reply (f->service, slow);
    g_assert_true (spark_chat_session_send (f->session, "what is moscatel", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT,
                                            &error));
    wait_reply (f);
    left_id = g_strdup (spark_conversation_get_id (conversation (f)));
    spark_chat_session_new_conversation (f->session);
    spark_store_rename_conversation (f->store, left_id, "Dessert wines");
    g_assert_true (spark_test_wait_until (named, f, TIMEOUT_MS));
    left_sql = g_strdup_printf ("SELECT title FROM conversations WHERE id = '%s'", left_id);
    spark_store_test_wait_sql (f->store, f->path, left_sql, "Dessert wines");
  }

  /* The service fails the title request: the first words stay. */
  spark_chat_session_new_conversation (f->session);
  spark_fake_service_push_text (f->service, "It is a grape.");
  spark_fake_service_push_status (f->service, 400, 0);
  g_assert_true (spark_chat_session_send (f->session, "what is touriga nacional", NULL, SPARK_MODE_CHAT,
                                          SPARK_DEPTH_INSTANT, &error));
  wait_reply (f);
  g_assert_true (spark_test_wait_until (named, f, TIMEOUT_MS));
  g_assert_cmpstr (spark_conversation_get_title (conversation (f)), ==, "what is touriga nacional");
  saved = stored_texts (f);
  g_assert_cmpstr (saved, ==, "what is touriga nacional|It is a grape.");
}

static void
test_title_clean (void)
{
  static const struct
  {
    const char *raw;
    const char *title;
  } cases[] = {
    { "Lisbon With Kids", "Lisbon With Kids" },
    { "  \"Lisbon With Kids.\"  \n", "Lisbon With Kids" },
    { "**Title:** Port Wine in Gaia", "Port Wine in Gaia" },
    { "# Weekend in Porto\n\nThis title sums up…", "Weekend in Porto" },
    { "<think>They ask about wine.</think>\nVinho Verde Basics", "Vinho Verde Basics" },
    { "«Voyage à Lisbonne»", "Voyage à Lisbonne" },
    { "Titel: Drei Tage in Lissabon", "Drei Tage in Lissabon" },
    { "<b>bold</b> & more", "<b>bold</b> & more" },
    { "A very long title that goes on and on about every single thing in the chat", "A very long title that goes on and on about every single…" },
    { "  <think>x</think>\nVinho Verde", "Vinho Verde" },
    { "\n\n  \n", NULL },
    { "\"\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = spark_titler_clean (cases[i].raw);
      g_assert_cmpstr (title, ==, cases[i].title);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Hermetic: no keyring on the bus, so lookups fail fast. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spark-test-bus", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/titler/clean", test_title_clean);
  g_test_add ("/session/regenerate", Fixture, NULL, fixture_set_up, test_regenerate, fixture_tear_down);
  g_test_add ("/session/edit", Fixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/session/continue", Fixture, NULL, fixture_set_up, test_continue, fixture_tear_down);
  g_test_add ("/session/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo, fixture_tear_down);
  g_test_add ("/session/stopped-before-start", Fixture, NULL, fixture_set_up, test_stopped_before_start,
              fixture_tear_down);
  g_test_add ("/session/auto-title", Fixture, NULL, fixture_set_up, test_auto_title, fixture_tear_down);
  return g_test_run ();
}
