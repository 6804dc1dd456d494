/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chatting in the window against the fake service: a sent question
 * streams into a reply row; Stop keeps the partial reply, marked
 * stopped; a failed reply shows its sentence and Retry; a service that
 * can't be reached shows the status page that says what to do. */
#include "config.h"

#include "spark-message-list.h"
#include "spark-composer.h"
#include "spark-error.h"
#include "spark-message-row.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 15000
#define child spark_ui_test_child

static SparkApplication *app;
static SparkFakeService *service;

static SparkWindow *
window (void)
{
  return spark_ui_test_get_window (app);
}

static SparkComposer *
composer (void)
{
  return SPARK_COMPOSER (child (window (), SPARK_TYPE_WINDOW, "composer"));
}

static SparkConversation *
conversation (void)
{
  return spark_message_list_get_conversation (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list")));
}

static SparkMessage *
last_message (void)
{
  return conversation () ? spark_conversation_get_last (conversation ()) : NULL;
}

static gboolean
model_picker_ready (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "model_dropdown")));
}

static gboolean
not_busy (gpointer data)
{
  return !spark_composer_get_busy (composer ());
}

static gboolean
reply_has_text (gpointer data)
{
  SparkMessage *m = last_message ();
  return m != NULL && spark_message_get_role (m) == SPARK_ROLE_ASSISTANT && spark_message_get_text_length (m) > 0;
}

static void
send (const char *text)
{
  spark_composer_set_text (composer (), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
}

/* The row showing @message, found among the list's recycled rows. */
static SparkMessageRow *
find_row (GtkWidget    *root,
          SparkMessage *message)
{
  if (SPARK_IS_MESSAGE_ROW (root) && spark_message_row_get_message (SPARK_MESSAGE_ROW (root)) == message)
    return SPARK_MESSAGE_ROW (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      SparkMessageRow *row = find_row (c, message);
      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
row_shows_all (gpointer data)
{
  SparkMessage    *message = data;
  SparkMessageRow *row = find_row (GTK_WIDGET (window ()), message);

  return row != NULL && g_strcmp0 (spark_message_row_get_shown_text (row), spark_message_get_text (message)) == 0;
}

static void
new_chat (void)
{
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.new-chat", NULL);
}

static void
test_send_streams (void)
{
  SparkFakeReply *reply = spark_fake_reply_new ("Start in Alfama at dawn, then take tram 28 up to the castle.");
  GtkStack       *stack = GTK_STACK (child (window (), SPARK_TYPE_WINDOW, "chat_stack"));
  SparkMessage   *message;

  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, TIMEOUT_MS));
  reply->tokens_per_second = 200;
  spark_fake_service_push_reply (service, reply);
  send ("One morning in Lisbon?");

  /* The question is taken: the composer is empty, the chat shows. */
  {
    g_autofree char *draft = spark_composer_dup_text (composer ());
    g_assert_cmpstr (draft, ==, "");
  }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "chat");
  g_assert_true (spark_composer_get_busy (composer ()));

  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  message = last_message ();
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_text (message), ==, "Start in Alfama at dawn, then take tram 28 up to the castle.");
  /* The row on screen shows exactly the reply. */
  g_assert_true (spark_test_wait_until (row_shows_all, message, TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation ())), ==, 2);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (child (window (), SPARK_TYPE_WINDOW, "chat_title"))),
                   ==, "One morning in Lisbon?");
}

typedef struct
{
  char    *text;
  gboolean done;
} ClipRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  ClipRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), res, NULL);
  read->done = TRUE;
}

/* Under a finished reply: model and token figures, Copy and Read Aloud. */
static void
test_reply_footer (void)
{
  SparkMessage    *message = last_message ();
  SparkMessageRow *row = find_row (GTK_WIDGET (window ()), message);
  GtkLabel        *stats = GTK_LABEL (child (row, SPARK_TYPE_MESSAGE_ROW, "stats_label"));
  ClipRead         read = { NULL, FALSE };

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (row, SPARK_TYPE_MESSAGE_ROW, "footer"))));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (stats), "fake-chat"));
  g_assert_nonnull (strstr (gtk_label_get_text (stats), "tokens"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "chat.copy", "s", spark_message_get_id (message)));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window ())), NULL, clipboard_read_cb, &read);
  spark_test_wait_for_flag (&read.done, TIMEOUT_MS);
  g_assert_cmpstr (read.text, ==, spark_message_get_text (message));
  g_free (read.text);
}

static gboolean
speech_requested (gpointer data)
{
  return spark_fake_service_get_request_count (service, "/v1/audio/speech") > 0;
}

/* Read Aloud sends the reply's text to the service's speech endpoint. */
static void
test_read_aloud (void)
{
  SparkMessage    *message = last_message ();
  SparkMessageRow *row = find_row (GTK_WIDGET (window ()), message);
  JsonObject      *body;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "chat.read-aloud", "s", spark_message_get_id (message)));
  /* While it is being read, the button stops it. */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (child (row, SPARK_TYPE_MESSAGE_ROW, "read_button"))),
                   ==, "media-playback-stop-symbolic");
  g_assert_true (spark_test_wait_until (speech_requested, NULL, TIMEOUT_MS));
  body = spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/audio/speech"));
  g_assert_cmpstr (json_object_get_string_member (body, "input"), ==, spark_message_get_text (message));
}

static void
test_stop_keeps_partial (void)
{
  SparkFakeReply  *reply = spark_fake_reply_new ("one two three four five six seven eight nine ten eleven twelve");
  SparkMessage    *message;
  SparkMessageRow *row;
  GtkLabel        *status;

  new_chat ();
  reply->tokens_per_second = 15;
  spark_fake_service_push_reply (service, reply);
  send ("Count slowly");
  g_assert_true (spark_test_wait_until (reply_has_text, NULL, TIMEOUT_MS));

  /* Esc in the composer stops. */
  gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.stop", NULL);
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));

  message = last_message ();
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_CANCELLED);
  g_assert_cmpuint (spark_message_get_text_length (message), >, 0);
  g_assert_true (g_str_has_prefix ("one two three four five six seven eight nine ten eleven twelve", spark_message_get_text (message)));
  g_assert_cmpstr (spark_message_get_text (message), !=, "one two three four five six seven eight nine ten eleven twelve");

  g_assert_true (spark_test_wait_until (row_shows_all, message, TIMEOUT_MS));
  row = find_row (GTK_WIDGET (window ()), message);
  status = GTK_LABEL (child (row, SPARK_TYPE_MESSAGE_ROW, "status_label"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_cmpstr (gtk_label_get_text (status), ==, "Stopped");
}

static void
test_failure_and_retry (void)
{
  SparkMessage    *message;
  SparkMessageRow *row;

  new_chat ();
  spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("alpha beta gamma", SPARK_FAKE_FAULT_RESET_MID_STREAM, 2));
  send ("Greek letters?");
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));

  message = last_message ();
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_FAILED);
  g_assert_true (spark_test_wait_until (row_shows_all, message, TIMEOUT_MS));
  row = find_row (GTK_WIDGET (window ()), message);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (row, SPARK_TYPE_MESSAGE_ROW, "error_box"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (row, SPARK_TYPE_MESSAGE_ROW, "error_label"))),
                            "lost before the reply finished"));
  /* The partial reply stays visible above the error. */
  g_assert_cmpstr (spark_message_row_get_shown_text (row), ==, "alpha beta");

  spark_fake_service_push_text (service, "Alpha, beta, gamma, delta.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "chat.retry", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  message = last_message ();
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_text (message), ==, "Alpha, beta, gamma, delta.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation ())), ==, 2);
}

static gboolean
offline_shown (gpointer data)
{
  GtkStack *stack = GTK_STACK (child (window (), SPARK_TYPE_WINDOW, "chat_stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "offline") == 0;
}

static gboolean
empty_shown (gpointer data)
{
  GtkStack *stack = GTK_STACK (child (window (), SPARK_TYPE_WINDOW, "chat_stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0;
}

static void
test_unreachable (void)
{
  g_autofree char *dead = NULL;
  g_autoptr (SparkFakeService) gone = spark_fake_service_new (NULL);
  AdwStatusPage *page = ADW_STATUS_PAGE (child (window (), SPARK_TYPE_WINDOW, "offline_page"));

  new_chat ();
  /* A port nobody listens on any more. */
  dead = g_strdup_printf ("http://127.0.0.1:%u/v1", spark_fake_service_get_port (gone));
  g_clear_object (&gone);
  spark_ui_test_set_base_url (app, dead);

  g_assert_true (spark_test_wait_until (offline_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Can’t Reach Test Service");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), dead));

  /* Typing still works; a question sent now fails in the chat, with its text kept. */
  send ("Anyone there?");
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  g_assert_cmpint (spark_message_get_state (last_message ()), ==, SPARK_MESSAGE_FAILED);
  g_assert_error (spark_message_get_error (last_message ()), SPARK_ERROR, SPARK_ERROR_CANT_CONNECT);
  {
    g_autoptr (SparkMessage) question = g_list_model_get_item (G_LIST_MODEL (conversation ()), 0);
    g_assert_cmpstr (spark_message_get_text (question), ==, "Anyone there?");
  }

  /* The service comes back: Try Again clears the page. */
  new_chat ();
  spark_ui_test_set_base_url (app, spark_fake_service_get_base_url (service));
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.check-service", NULL);
  g_assert_true (spark_test_wait_until (empty_shown, NULL, TIMEOUT_MS));
}

/* A reply found half-written after a crash keeps its text and offers Retry. */
static void
test_interrupted_row (void)
{
  g_autoptr (SparkMessage) message = spark_message_new (SPARK_ROLE_ASSISTANT, "The first half of");
  GtkWindow *holder = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = spark_message_row_new ();

  spark_message_set_state (message, SPARK_MESSAGE_INTERRUPTED);
  gtk_window_set_child (holder, row);
  spark_message_row_set_message (SPARK_MESSAGE_ROW (row), message);

  g_assert_cmpstr (spark_message_row_get_shown_text (SPARK_MESSAGE_ROW (row)), ==, "The first half of");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (row, SPARK_TYPE_MESSAGE_ROW, "error_box"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (row, SPARK_TYPE_MESSAGE_ROW, "error_label"))),
                            "closed before this reply finished"));
  gtk_window_destroy (holder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

  g_test_add_func ("/ui/chat/send-streams", test_send_streams);
  g_test_add_func ("/ui/chat/reply-footer", test_reply_footer);
  g_test_add_func ("/ui/chat/read-aloud", test_read_aloud);
  g_test_add_func ("/ui/chat/stop-keeps-partial", test_stop_keeps_partial);
  g_test_add_func ("/ui/chat/failure-and-retry", test_failure_and_retry);
  g_test_add_func ("/ui/chat/unreachable", test_unreachable);
  g_test_add_func ("/ui/chat/interrupted-row", test_interrupted_row);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
