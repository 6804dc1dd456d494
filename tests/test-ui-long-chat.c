/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A long stored chat (2,000 messages of varied height) opened from the
 * sidebar: it opens at its last message, with rows for its latest
 * messages only; scrolling to the very top shows the first message and
 * back to the end the last one again; rows are recycled (only a few exist
 * at any time) and GTK warns about nothing on the way. A search hit far
 * up is shown and highlighted. */
#include "config.h"

#include "spark-message-list.h"
#include "spark-context.h"
#include "spark-long-chat.h"
#include "spark-message-row.h"
#include "spark-sidebar.h"
#include "spark-test-util.h"
#include "spark-tail-model.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 60000
#define N_MESSAGES 2000
/* Row widgets alive at most: a chat opens with rows for its latest
 * messages only, and has as few again once back at its end; scrolled far
 * up, GTK 4.8's GtkListView keeps 200 rows around the one it anchors on
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS, plus a couple), never one per message. */
#define FEW_ROWS 60
#define MAX_ROWS 210
#define child spark_ui_test_child

static SparkApplication *app;
static SparkFakeService *service;
static guint             n_warnings;
static GString          *warnings;

/* Counts every warning or critical (GTK's included) before the usual
 * output; tests assert that none came. */
static GLogWriterOutput
count_warnings_writer (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      n_warnings++;
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          g_string_append_printf (warnings, "%s\n", (const char *) fields[i].value);
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_no_warnings (void)
{
  if (n_warnings > 0)
    g_error ("%u GTK/GLib warnings:\n%s", n_warnings, warnings->str);
}

static SparkWindow *
window (void)
{
  return spark_ui_test_get_window (app);
}

static SparkMessageList *
chat_view (void)
{
  return SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list"));
}

static GtkScrolledWindow *
scroller (void)
{
  return GTK_SCROLLED_WINDOW (child (chat_view (), SPARK_TYPE_MESSAGE_LIST, "scroller"));
}

static GtkAdjustment *
vadjustment (void)
{
  return gtk_scrolled_window_get_vadjustment (scroller ());
}

static GtkListBox *
sidebar_list (void)
{
  SparkSidebar *sidebar = SPARK_SIDEBAR (child (window (), SPARK_TYPE_WINDOW, "sidebar"));

  return GTK_LIST_BOX (child (sidebar, SPARK_TYPE_SIDEBAR, "list_box"));
}

static GtkListView *
list_view (void)
{
  return GTK_LIST_VIEW (child (chat_view (), SPARK_TYPE_MESSAGE_LIST, "list_view"));
}

static SparkConversation *
shown (void)
{
  return spark_message_list_get_conversation (chat_view ());
}

/* Message rows that exist in the list. */
static guint
n_rows (void)
{
  return spark_ui_test_count_message_rows (GTK_WIDGET (list_view ()));
}

static gboolean
last_on_screen (gpointer data)
{
  return shown () != NULL && spark_ui_test_message_on_screen (chat_view (), g_list_model_get_n_items (G_LIST_MODEL (shown ())) - 1);
}

static gboolean
first_on_screen (gpointer data)
{
  return shown () != NULL && spark_ui_test_message_on_screen (chat_view (), 0);
}

/* Drags the scrollbar to the top, again each time older messages show up
 * above (a long chat shows its latest messages first), until the first
 * message is on screen. */
static gboolean
dragged_to_top (gpointer data)
{
  if (gtk_adjustment_get_value (vadjustment ()) > 0)
    {
      spark_ui_test_drag_scrollbar (chat_view (), FALSE);
      return FALSE;
    }
  return first_on_screen (NULL);
}

/* Drags the scrollbar to its end, again as long as the list grows or
 * shrinks under it (row heights are estimated until rows are measured),
 * until the last message is on screen. */
static gboolean
dragged_to_end (gpointer data)
{
  GtkAdjustment *adj = vadjustment ();
  double         end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (gtk_adjustment_get_value (adj) < end)
    {
      spark_ui_test_drag_scrollbar (chat_view (), TRUE);
      return FALSE;
    }
  return last_on_screen (NULL);
}

static gboolean
old_on_screen (gpointer data)
{
  return spark_ui_test_message_on_screen (chat_view (), 10);
}

static gboolean
listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (sidebar_list (), 0) != NULL;
}

static gboolean
is_shown (gpointer data)
{
  return shown () != NULL && g_strcmp0 (spark_conversation_get_id (shown ()), data) == 0;
}

static gboolean
whole (gpointer data)
{
  return shown () != NULL && g_list_model_get_n_items (G_LIST_MODEL (shown ())) == N_MESSAGES;
}

static void
test_open_scroll (void)
{
  SparkStore      *store = spark_context_get_store (spark_application_get_context (app));
  g_autofree char *id = spark_long_chat_fill (store, "The long one", N_MESSAGES);
  GtkWidget       *jump_button = GTK_WIDGET (child (chat_view (), SPARK_TYPE_MESSAGE_LIST, "jump_button"));
  g_autoptr (SparkMessage) first = NULL;

  gtk_window_present (GTK_WINDOW (window ()));
  g_assert_true (spark_test_wait_until (listed, NULL, TIMEOUT_MS));

  /* Chosen in the sidebar, it opens at its end. */
  g_signal_emit_by_name (sidebar_list (), "row-activated", gtk_list_box_get_row_at_index (sidebar_list (), 0));
  g_assert_true (spark_test_wait_until (is_shown, id, TIMEOUT_MS));
  if (!spark_test_wait_until (last_on_screen, NULL, TIMEOUT_MS))
    g_error ("The last message is not on screen (value %.0f of %.0f)", gtk_adjustment_get_value (vadjustment ()),
             gtk_adjustment_get_upper (vadjustment ()));
  /* …and stays there once the rows near the end are measured: no
   * "Jump to Latest" while at the latest. */
  spark_test_iterate (300);
  g_assert_true (last_on_screen (NULL));
  g_assert_false (gtk_widget_get_visible (jump_button));
  /* Rows were made for the latest messages only, though the conversation
   * is whole (for the model's context and export) a moment later. */
  g_assert_cmpuint (n_rows (), <, FEW_ROWS);
  g_assert_true (spark_test_wait_until (whole, NULL, TIMEOUT_MS));
  spark_test_iterate (300);
  g_assert_true (last_on_screen (NULL));
  g_assert_cmpuint (n_rows (), <, FEW_ROWS);
  assert_no_warnings ();

  /* To the very top: the first question is there, and it stays there
   * once the rows above the old position are measured. */
  if (!spark_test_wait_until (dragged_to_top, NULL, TIMEOUT_MS))
    g_error ("The first message is not on screen at the top (value %.0f of %.0f, %u of %u messages in the list)",
             gtk_adjustment_get_value (vadjustment ()), gtk_adjustment_get_upper (vadjustment ()),
             g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view ()))),
             g_list_model_get_n_items (G_LIST_MODEL (shown ())));
  spark_test_iterate (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment ()), ==, 0);
  g_assert_true (first_on_screen (NULL));
  first = g_list_model_get_item (G_LIST_MODEL (shown ()), 0);
  {
    g_autofree char *text = spark_long_chat_text (0);
    g_assert_cmpstr (spark_message_get_text (first), ==, text);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown ())), ==, N_MESSAGES);
  g_assert_true (gtk_widget_get_visible (jump_button));
  g_assert_cmpuint (n_rows (), <, MAX_ROWS);
  assert_no_warnings ();

  /* And back to the end, where the rows made on the way up go again. */
  if (!spark_test_wait_until (dragged_to_end, NULL, TIMEOUT_MS))
    g_error ("The last message is not on screen after scrolling back (value %.0f of %.0f)",
             gtk_adjustment_get_value (vadjustment ()), gtk_adjustment_get_upper (vadjustment ()));
  spark_test_iterate (300);
  g_assert_true (last_on_screen (NULL));
  g_assert_false (gtk_widget_get_visible (jump_button));
  g_assert_cmpuint (n_rows (), <, FEW_ROWS);
  assert_no_warnings ();

  /* The last reply's row knows it is the last (the list shows only a
   * tail of the chat): stopped, it offers Continue. */
  {
    SparkMessage *last = spark_conversation_get_last (shown ());
    GtkWidget    *row = spark_ui_test_find_message_row (GTK_WIDGET (scroller ()), last);

    g_assert_nonnull (row);
    spark_message_set_state (last, SPARK_MESSAGE_CANCELLED);
    g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (gtk_widget_get_template_child (row, SPARK_TYPE_MESSAGE_ROW, "continue_button"))));
    spark_message_set_state (last, SPARK_MESSAGE_COMPLETE);
  }
}

/* A search hit far up the chat (the window shows it with
 * spark_message_list_show_message): its row is made, shown and highlighted. */
static void
test_show_old_message (void)
{
  GtkWidget *jump_button = GTK_WIDGET (child (chat_view (), SPARK_TYPE_MESSAGE_LIST, "jump_button"));
  g_autoptr (SparkMessage) old = NULL;

  g_assert_true (whole (NULL));
  old = g_list_model_get_item (G_LIST_MODEL (shown ()), 10);
  spark_message_list_show_message (chat_view (), spark_message_get_id (old));
  g_assert_cmpstr (spark_message_list_get_flash_id (chat_view ()), ==, spark_message_get_id (old));
  if (!spark_test_wait_until (old_on_screen, NULL, TIMEOUT_MS))
    g_error ("Message 10 is not on screen (value %.0f of %.0f)", gtk_adjustment_get_value (vadjustment ()),
             gtk_adjustment_get_upper (vadjustment ()));
  /* Highlighted for a moment (a slow run may have seen it end already). */
  if (spark_message_list_get_flash_id (chat_view ()) != NULL)
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (spark_ui_test_find_message_row (GTK_WIDGET (scroller ()), old)), "flash"));
  g_assert_true (gtk_widget_get_visible (jump_button));
  g_assert_cmpuint (n_rows (), <, MAX_ROWS);
  assert_no_warnings ();

  /* Jump to Latest goes to the end (through rows never measured) and
   * stays there. */
  g_signal_emit_by_name (jump_button, "clicked");
  if (!spark_test_wait_until (last_on_screen, NULL, TIMEOUT_MS))
    g_error ("The last message is not on screen after Jump to Latest (value %.0f of %.0f)",
             gtk_adjustment_get_value (vadjustment ()), gtk_adjustment_get_upper (vadjustment ()));
  spark_test_iterate (500);
  g_assert_true (last_on_screen (NULL));
  g_assert_false (gtk_widget_get_visible (jump_button));
  assert_no_warnings ();
}

/* The list's tail: older messages loaded late go in hidden; a message put
 * back at the start (an undone deletion) shows. */
static void
test_tail_model (void)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (SparkTailModel) tail = NULL;
  g_autoptr (GPtrArray) older = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (SparkMessage) first = spark_message_new (SPARK_ROLE_USER, "first");

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr (SparkMessage) message = spark_message_new (SPARK_ROLE_USER, text);
      spark_conversation_append (conversation, message);
    }
  tail = spark_tail_model_new (G_LIST_MODEL (conversation), 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 2);
  g_assert_cmpuint (spark_tail_model_get_n_hidden (tail), ==, 2);

  g_ptr_array_add (older, spark_message_new (SPARK_ROLE_USER, "older"));
  spark_tail_model_prepend_hidden (tail, TRUE);
  spark_conversation_prepend (conversation, older);
  spark_tail_model_prepend_hidden (tail, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 2);
  g_assert_cmpuint (spark_tail_model_get_n_hidden (tail), ==, 3);

  spark_tail_model_reveal (tail, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 5);
  spark_conversation_insert (conversation, 0, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 6);
  {
    g_autoptr (SparkMessage) shown = g_list_model_get_item (G_LIST_MODEL (tail), 0);
    g_assert_true (shown == first);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  warnings = g_string_new (NULL);
  g_log_set_writer_func (count_warnings_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

  g_test_add_func ("/ui/long-chat/tail-model", test_tail_model);
  g_test_add_func ("/ui/long-chat/open-scroll", test_open_scroll);
  g_test_add_func ("/ui/long-chat/show-old-message", test_show_old_message);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  assert_no_warnings ();
  g_string_free (warnings, TRUE);
  return ret;
}
