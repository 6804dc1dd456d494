/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversations sidebar over the real store: a sent question becomes
 * a chat listed under Today; choosing it again loads it; rename, pin and
 * delete with Undo; search finds a message, shows its snippet and opens
 * the chat at that message. */
#include "config.h"

#include "spark-message-list.h"
#include "spark-composer.h"
#include "spark-sidebar.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 15000
#define child spark_ui_test_child

static SparkApplication *app;
static SparkFakeService *service;

static SparkWindow *second_window; /* when set, the window under test */

static SparkWindow *
window (void)
{
  return second_window ? second_window : spark_ui_test_get_window (app);
}

static SparkSidebar *
sidebar (void)
{
  return SPARK_SIDEBAR (child (window (), SPARK_TYPE_WINDOW, "sidebar"));
}

static GtkListBox *
list (void)
{
  return GTK_LIST_BOX (child (sidebar (), SPARK_TYPE_SIDEBAR, "list_box"));
}

static SparkComposer *
composer (void)
{
  return SPARK_COMPOSER (child (window (), SPARK_TYPE_WINDOW, "composer"));
}

static SparkConversation *
shown (void)
{
  return spark_message_list_get_conversation (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list")));
}

static gboolean
not_busy (gpointer data)
{
  return !spark_composer_get_busy (composer ());
}

static guint
n_rows (void)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list (), n) != NULL)
    n++;
  return n;
}

static gboolean
has_n_rows (gpointer data)
{
  return n_rows () == GPOINTER_TO_UINT (data);
}

static GtkLabel *
row_title (guint index)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list (), index));
  GtkStack  *stack = g_object_get_data (G_OBJECT (row), "title-stack");

  return GTK_LABEL (gtk_stack_get_child_by_name (stack, "label"));
}

/* The row showing @title (rows sharing a timestamp may come in any order). */
static GtkWidget *
row_with_title (const char *title)
{
  for (guint i = 0; i < n_rows (); i++)
    if (g_strcmp0 (gtk_label_get_text (row_title (i)), title) == 0)
      return GTK_WIDGET (gtk_list_box_get_row_at_index (list (), i));
  g_error ("No row titled “%s”", title);
  return NULL;
}

static void
ask (const char *question,
     const char *answer)
{
  spark_fake_service_push_text (service, answer);
  spark_composer_set_text (composer (), question);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
}

static gboolean
title_is (gpointer data)
{
  return n_rows () > 0 && g_strcmp0 (gtk_label_get_text (row_title (0)), data) == 0;
}

static gboolean
title_is_somewhere (gpointer data)
{
  for (guint i = 0; i < n_rows (); i++)
    if (g_strcmp0 (gtk_label_get_text (row_title (i)), data) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
shown_is (gpointer data)
{
  return shown () != NULL && g_strcmp0 (spark_conversation_get_title (shown ()), data) == 0;
}

static void
test_saved_and_reopened (void)
{
  GtkListBoxRow *row;
  GtkWidget     *header;

  ask ("Best time to visit the Azores?", "Late spring or early autumn: mild, fewer crowds.");
  g_assert_true (spark_test_wait_until (has_n_rows, GUINT_TO_POINTER (1), TIMEOUT_MS));
  g_assert_true (spark_test_wait_until (title_is, (gpointer) "Best time to visit the Azores?", TIMEOUT_MS));
  row = gtk_list_box_get_row_at_index (list (), 0);
  header = gtk_list_box_row_get_header (row);
  g_assert_nonnull (header);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, "Today");
  /* The chat on screen is the one selected. */
  g_assert_true (gtk_list_box_get_selected_row (list ()) == row);

  ask ("And the Canaries?", "All year round; winter is the high season.");
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.new-chat", NULL);
  ask ("How do I make pão de queijo?", "Tapioca starch, milk, oil, eggs and cheese.");
  g_assert_true (spark_test_wait_until (has_n_rows, GUINT_TO_POINTER (2), TIMEOUT_MS));

  /* Choosing the older chat brings back both exchanges. */
  g_signal_emit_by_name (list (), "row-activated", row_with_title ("Best time to visit the Azores?"));
  g_assert_true (spark_test_wait_until (shown_is, (gpointer) "Best time to visit the Azores?", TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown ())), ==, 4);
}

/* A window opened on an existing history (as at start) lists the chats
 * and opens one when it is chosen, before anything is sent from it. */
static void
test_new_window_opens_history (void)
{
  second_window = spark_window_new (app, spark_application_get_context (app));
  gtk_window_present (GTK_WINDOW (second_window));
  g_assert_true (spark_test_wait_until (title_is_somewhere, (gpointer) "Best time to visit the Azores?", TIMEOUT_MS));
  g_signal_emit_by_name (list (), "row-activated", row_with_title ("Best time to visit the Azores?"));
  g_assert_true (spark_test_wait_until (shown_is, (gpointer) "Best time to visit the Azores?", TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown ())), ==, 4);
  gtk_window_destroy (GTK_WINDOW (second_window));
  second_window = NULL;
}

static void
test_rename_pin_delete (void)
{
  GtkWidget *row = row_with_title ("Best time to visit the Azores?");
  GtkStack  *stack = g_object_get_data (G_OBJECT (row), "title-stack");
  GtkWidget *entry = gtk_stack_get_child_by_name (stack, "edit");

  /* Rename inline: the entry shows, Enter saves. */
  g_assert_true (gtk_widget_activate_action (row, "row.rename", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "edit");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Islands");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (spark_test_wait_until (has_n_rows, GUINT_TO_POINTER (2), TIMEOUT_MS));

  /* The chat on screen follows the new title. */
  g_assert_cmpstr (spark_conversation_get_title (shown ()), ==, "Islands");

  /* Pinning moves it to the top under "Pinned". */
  g_assert_true (spark_test_wait_until (title_is_somewhere, (gpointer) "Islands", TIMEOUT_MS));
  row = row_with_title ("Islands");
  g_assert_true (gtk_widget_activate_action (row, "row.pin", NULL));
  g_assert_true (spark_test_wait_until (title_is, (gpointer) "Islands", TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list (), 0)))),
                   ==, "Pinned");

  /* Delete hides it at once; Undo brings it back. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list (), 1));
  g_assert_true (gtk_widget_activate_action (row, "row.delete", NULL));
  g_assert_cmpuint (n_rows (), ==, 1);
  g_assert_nonnull (spark_sidebar_get_pending_delete (sidebar ()));
  spark_sidebar_undo_delete (sidebar ());
  g_assert_cmpuint (n_rows (), ==, 2);
  g_assert_null (spark_sidebar_get_pending_delete (sidebar ()));

  /* Without Undo it is gone, from the list and from the history. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list (), 1));
  g_assert_true (gtk_widget_activate_action (row, "row.delete", NULL));
  g_assert_cmpuint (n_rows (), ==, 1);
}

static gboolean
results_shown (gpointer data)
{
  GtkStack *stack = GTK_STACK (child (sidebar (), SPARK_TYPE_SIDEBAR, "stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), data) == 0;
}

static gboolean
flashing (gpointer data)
{
  const char *id = spark_message_list_get_flash_id (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list")));
  return id != NULL && shown_is (data);
}

static void
test_search (void)
{
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (child (sidebar (), SPARK_TYPE_SIDEBAR, "search_entry"));
  GtkListBox     *results = GTK_LIST_BOX (child (sidebar (), SPARK_TYPE_SIDEBAR, "results_box"));
  GtkListBoxRow  *hit;
  GtkWidget      *box;
  GtkWidget      *snippet;
  PangoAttrList  *attrs;

  /* Searching as the entry does it, without its typing delay. */
  g_object_set (entry, "search-delay", 0, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "canar");
  if (!spark_test_wait_until (results_shown, (gpointer) "results", TIMEOUT_MS))
    g_error ("search page: %s", gtk_stack_get_visible_child_name (GTK_STACK (child (sidebar (), SPARK_TYPE_SIDEBAR, "stack"))));

  hit = gtk_list_box_get_row_at_index (results, 0);
  box = gtk_list_box_row_get_child (hit);
  snippet = gtk_widget_get_last_child (box);
  /* The snippet is plain text; the match is bold by attributes, not markup. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (snippet)), "Canaries"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (snippet)), "<"));
  attrs = gtk_label_get_attributes (GTK_LABEL (snippet));
  g_assert_nonnull (attrs);

  g_signal_emit_by_name (results, "row-activated", hit);
  if (!spark_test_wait_until (flashing, (gpointer) "Islands", TIMEOUT_MS))
    g_error ("shown %s %s (%u rows), flash %s, hit row data %s", shown () ? spark_conversation_get_title (shown ()) : "(none)",
             shown () ? spark_conversation_get_id (shown ()) : "", n_rows (),
             spark_message_list_get_flash_id (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list"))),
             (char *) g_object_get_data (G_OBJECT (hit), "spark-conversation-id"));

  /* Words nobody wrote. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zanzibar \"quoted\" AND (");
  g_assert_true (spark_test_wait_until (results_shown, (gpointer) "no-results", TIMEOUT_MS));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (spark_test_wait_until (results_shown, (gpointer) "list", TIMEOUT_MS));
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

  g_test_add_func ("/ui/history/saved-and-reopened", test_saved_and_reopened);
  g_test_add_func ("/ui/history/new-window-opens-history", test_new_window_opens_history);
  g_test_add_func ("/ui/history/rename-pin-delete", test_rename_pin_delete);
  g_test_add_func ("/ui/history/search", test_search);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
