/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changing a chat from its rows, in the window against the fake service:
 * Edit puts a question into the composer (the draft there comes back
 * afterwards, Esc cancels) and sending asks it again; Regenerate writes a
 * reply again; Delete takes a message out with Undo in a toast; Continue
 * carries on a reply cut off; a new chat gets the title the service
 * writes, in the header and the sidebar. */
#include "config.h"

#include "spark-composer.h"
#include "spark-message-list.h"
#include "spark-message-row.h"
#include "spark-sidebar.h"
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
nth (guint i)
{
  g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation ()), i);
  g_assert_nonnull (message);
  return message;
}

static guint
n_messages (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (conversation ()));
}

static gboolean
not_busy (gpointer data)
{
  return !spark_composer_get_busy (composer ());
}

static gboolean
model_picker_ready (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "model_dropdown")));
}

static void
send_and_wait (const char *text)
{
  spark_composer_set_text (composer (), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
}

static char *
draft (void)
{
  return spark_composer_dup_text (composer ());
}

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
row_shown (gpointer data)
{
  SparkMessageRow *row = find_row (GTK_WIDGET (window ()), data);

  return row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row));
}

/* A button under a message's row, as a person would see and click it. */
static GtkWidget *
row_button (SparkMessage *message,
            const char   *name)
{
  SparkMessageRow *row;
  GtkWidget       *button;

  g_assert_true (spark_test_wait_until (row_shown, message, TIMEOUT_MS));
  row = find_row (GTK_WIDGET (window ()), message);
  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), SPARK_TYPE_MESSAGE_ROW, name));
  g_assert_nonnull (button);
  return button;
}

static void
click (SparkMessage *message,
       const char   *name)
{
  GtkWidget *button = row_button (message, name);

  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
texts_are (gpointer data)
{
  const char *const *expected = data;
  guint              n = g_strv_length ((char **) expected);

  if (n_messages () != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (spark_message_get_text (nth (i)), expected[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
new_chat (void)
{
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.new-chat", NULL);
}

static GtkWidget *
versions_dialog (void)
{
  return spark_ui_test_find_message_dialog ();
}

static gboolean
versions_dialog_shows (gpointer data)
{
  GtkWidget *dialog = versions_dialog ();

  return dialog != NULL && spark_ui_test_find_label (dialog, data) != NULL;
}

static void
test_edit_question (void)
{
  GtkRevealer     *banner = GTK_REVEALER (child (window (), SPARK_TYPE_WINDOW, "edit_revealer"));
  const char      *after[] = { "Best pastry in Porto?", "Try a francesinha, then a nata at Manteigaria.", NULL };
  const char      *before[] = { "Best pastry in Lisbon?", "A pastel de nata from Pastéis de Belém.", NULL };
  g_autofree char *text = NULL;
  g_autofree char *question_id = NULL;
  SparkMessage    *question;

  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, TIMEOUT_MS));
  new_chat ();
  spark_fake_service_push_text (service, "A pastel de nata from Pastéis de Belém.");
  send_and_wait ("Best pastry in Lisbon?");
  question = nth (0);
  question_id = g_strdup (spark_message_get_id (question));
  g_assert_false (gtk_widget_get_visible (row_button (nth (0), "edited_button")));

  /* Something half-typed with an image, then Edit: the question fills
   * the composer, the image goes aside with the draft (the edited question
   * keeps its own), and the banner says what is going on. */
  spark_composer_set_text (composer (), "half a thought");
  {
    g_autoptr (GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
    g_autoptr (SparkImage) image = spark_image_new ("image/png", png);

    g_assert_true (spark_attachments_add_image (spark_composer_get_attachments (composer ()), image));
  }
  click (question, "edit_button");
  text = draft ();
  g_assert_cmpstr (text, ==, "Best pastry in Lisbon?");
  g_assert_cmpuint (spark_attachments_get_n_items (spark_composer_get_attachments (composer ())), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (banner));

  /* Esc cancels: the half-typed draft is back, with its image. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "chat.cancel-edit", NULL));
  g_free (text);
  text = draft ();
  g_assert_cmpstr (text, ==, "half a thought");
  g_assert_cmpuint (spark_attachments_get_n_items (spark_composer_get_attachments (composer ())), ==, 1);
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  /* Edit and send: the new question and a new reply replace the old
   * ones; the draft comes back; the question says it was edited. */
  click (nth (0), "edit_button");
  spark_fake_service_push_text (service, "Try a francesinha, then a nata at Manteigaria.");
  send_and_wait ("Best pastry in Porto?");
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) after, TIMEOUT_MS));
  g_free (text);
  text = draft ();
  g_assert_cmpstr (text, ==, "half a thought");
  g_assert_cmpuint (spark_attachments_get_n_items (spark_composer_get_attachments (composer ())), ==, 1);
  /* The edited question was sent without the draft's image. */
  g_assert_cmpuint (spark_message_get_images (nth (0))->len, ==, 0);
  spark_attachments_clear (spark_composer_get_attachments (composer ()));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_cmpstr (spark_message_get_parent_id (nth (0)), ==, question_id);
  g_assert_true (gtk_widget_get_visible (row_button (nth (0), "edited_button")));

  /* "Edited" shows what was asked before; using that version brings the
   * old question and its reply back, and the edited one stays a version. */
  click (nth (0), "edited_button");
  g_assert_true (spark_test_wait_until (versions_dialog_shows, (gpointer) "Best pastry in Lisbon?", TIMEOUT_MS));
  g_signal_emit_by_name (spark_ui_test_find_button (versions_dialog (), "_Use This Version"), "clicked");
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) before, TIMEOUT_MS));
  g_assert_null (versions_dialog ());
  g_assert_true (gtk_widget_get_visible (row_button (nth (0), "edited_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (row_button (nth (0), "edited_button"))), ==, "Other Versions");
  click (nth (0), "edited_button");
  g_assert_true (spark_test_wait_until (versions_dialog_shows, (gpointer) "Best pastry in Porto?", TIMEOUT_MS));
  g_signal_emit_by_name (spark_ui_test_find_button (versions_dialog (), "_Use This Version"), "clicked");
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) after, TIMEOUT_MS));
  spark_composer_set_text (composer (), "");
}

static void
test_regenerate_and_delete (void)
{
  const char   *regenerated[] = { "Name a fado singer", "Mariza.", NULL };
  const char   *deleted[] = { "Name a fado singer", NULL };
  SparkMessage *reply;

  new_chat ();
  spark_fake_service_push_text (service, "Amália Rodrigues.");
  send_and_wait ("Name a fado singer");

  spark_fake_service_push_text (service, "Mariza.");
  click (nth (1), "regenerate_button");
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) regenerated, TIMEOUT_MS));

  /* Delete, then Undo from the toast. */
  reply = g_object_ref (nth (1));
  click (reply, "delete_button");
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) deleted, TIMEOUT_MS));
  {
    GtkWidget *undo = spark_ui_test_find_button (GTK_WIDGET (window ()), "_Undo");

    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
  }
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) regenerated, TIMEOUT_MS));
  g_assert_true (nth (1) == reply);
  g_object_unref (reply);
}

/* The keyboard's way to the same actions (Up in an empty composer,
 * Ctrl+Shift+R, Ctrl+Shift+C activate these). */
static void
test_last_message_shortcuts (void)
{
  const char      *again[] = { "Capital of Portugal?", "Lisbon, on the Tagus.", NULL };
  GdkClipboard    *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window ()));
  GValue           value = G_VALUE_INIT;
  g_autofree char *text = NULL;

  new_chat ();
  spark_fake_service_push_text (service, "Lisbon.");
  send_and_wait ("Capital of Portugal?");

  spark_fake_service_push_text (service, "Lisbon, on the Tagus.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "chat.regenerate-last", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  g_assert_true (spark_test_wait_until (texts_are, (gpointer) again, TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "chat.copy-last", NULL));
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, "Lisbon, on the Tagus.");
  g_value_unset (&value);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "chat.edit-last", NULL));
  text = draft ();
  g_assert_cmpstr (text, ==, "Capital of Portugal?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "chat.cancel-edit", NULL));
}

static gboolean
continue_offered (gpointer data)
{
  GtkWidget *button = row_button (data, "error_continue_button");

  return gtk_widget_get_mapped (button);
}

static void
test_continue (void)
{
  SparkMessage    *reply;
  g_autofree char *partial = NULL;
  g_autofree char *whole = NULL;

  new_chat ();
  spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("Take the metro red line to Saldanha, then", SPARK_FAKE_FAULT_RESET_MID_STREAM, 6));
  send_and_wait ("Airport to the centre?");
  reply = nth (1);
  g_assert_true (spark_test_wait_until (continue_offered, reply, TIMEOUT_MS));
  partial = g_strdup (spark_message_get_text (reply));

  /* The question's row offers no Continue; the reply's does. */
  g_assert_false (gtk_widget_get_visible (row_button (nth (0), "error_continue_button")));
  spark_fake_service_push_text (service, " change to the green line.");
  click (reply, "error_continue_button");
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  whole = g_strconcat (partial, " change to the green line.", NULL);
  g_assert_cmpstr (spark_message_get_text (reply), ==, whole);
  g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_false (gtk_widget_get_visible (row_button (reply, "error_continue_button")));

  /* A reply that is not the last one can't be continued. */
  spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("First half,", SPARK_FAKE_FAULT_RESET_MID_STREAM, 2));
  send_and_wait ("And back?");
  g_assert_true (spark_test_wait_until (continue_offered, nth (3), TIMEOUT_MS));
  spark_fake_service_push_text (service, "Sure.");
  send_and_wait ("Thanks");
  g_assert_false (gtk_widget_get_visible (row_button (nth (3), "error_continue_button")));
}

static gboolean
header_title_is (gpointer data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (child (window (), SPARK_TYPE_WINDOW, "chat_title"));

  return g_strcmp0 (adw_window_title_get_title (title), data) == 0;
}

static gboolean
sidebar_shows (gpointer data)
{
  return spark_ui_test_find_label (GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "sidebar")), data) != NULL;
}

static void
test_auto_title (void)
{
  GSettings *settings = spark_context_get_settings (spark_application_get_context (app));

  g_settings_set_boolean (settings, "auto-title", TRUE);
  new_chat ();
  spark_fake_service_push_text (service, "The Ribeira, by the river.");
  spark_fake_service_push_text (service, "Title: Evening Walks in Porto");
  send_and_wait ("where should i walk in porto in the evening");
  g_assert_true (spark_test_wait_until (header_title_is, (gpointer) "Evening Walks in Porto", TIMEOUT_MS));
  g_assert_true (spark_test_wait_until (sidebar_shows, (gpointer) "Evening Walks in Porto", TIMEOUT_MS));
  g_settings_set_boolean (settings, "auto-title", FALSE);
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

  g_test_add_func ("/ui/edit/question", test_edit_question);
  g_test_add_func ("/ui/edit/regenerate-and-delete", test_regenerate_and_delete);
  g_test_add_func ("/ui/edit/continue", test_continue);
  g_test_add_func ("/ui/edit/last-message-shortcuts", test_last_message_shortcuts);
  g_test_add_func ("/ui/edit/auto-title", test_auto_title);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
