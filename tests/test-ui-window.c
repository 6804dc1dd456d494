/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window under Xvfb: empty states, the composer (typing, Enter,
 * Shift+Enter, mode and depth), the adaptive split at 360 px, F9, and the
 * Preferences, Shortcuts and About windows. */
#include "config.h"

#include <adwaita.h>

#include "spark-application.h"
#include "spark-composer.h"
#include "spark-sidebar.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"
#include "spark-window.h"

static SparkApplication *app;

#define TIMEOUT_MS 10000

static SparkFakeService *service;

#define child spark_ui_test_child

static SparkWindow *
get_window (void)
{
  return spark_ui_test_get_window (app);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
test_empty_state (void)
{
  SparkWindow   *window = get_window ();
  GtkStack      *chat_stack = GTK_STACK (child (window, SPARK_TYPE_WINDOW, "chat_stack"));
  GtkStack      *sidebar_stack = GTK_STACK (child (child (window, SPARK_TYPE_WINDOW, "sidebar"), SPARK_TYPE_SIDEBAR, "stack"));
  AdwStatusPage *empty = ADW_STATUS_PAGE (child (window, SPARK_TYPE_WINDOW, "chat_empty_page"));

  g_assert_true (spark_test_wait_until (window_mapped, window, TIMEOUT_MS));
  /* The service answered: its models fill the picker, the page invites a question. */
  g_assert_true (spark_test_wait_until (widget_visible, child (window, SPARK_TYPE_WINDOW, "model_dropdown"), TIMEOUT_MS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (chat_stack), ==, "empty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Ask Anything");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Spark");
}

static gboolean
emit_key (GtkWidget      *widget,
          guint           keyval,
          GdkModifierType state)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean    handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

static void
count_cb (gpointer instance,
          guint   *count)
{
  (*count)++;
}

static void
test_composer_typing (void)
{
  /* A composer on its own: what it does before any window reacts. */
  GtkWindow       *holder = GTK_WINDOW (gtk_window_new ());
  SparkComposer   *composer = g_object_new (SPARK_TYPE_COMPOSER, NULL);
  GtkTextView     *text_view = GTK_TEXT_VIEW (child (composer, SPARK_TYPE_COMPOSER, "text_view"));
  GtkWidget       *send_button = GTK_WIDGET (child (composer, SPARK_TYPE_COMPOSER, "send_button"));
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (text_view);
  g_autofree char *text = NULL;
  guint            sends = 0;

  gtk_window_set_child (holder, GTK_WIDGET (composer));
  g_signal_connect (composer, "send", G_CALLBACK (count_cb), &sends);

  /* Nothing typed (or only blanks): Send is off and Enter sends nothing. */
  spark_composer_set_text (composer, "  \n ");
  g_assert_false (gtk_widget_is_sensitive (send_button));
  g_assert_true (emit_key (GTK_WIDGET (text_view), GDK_KEY_Return, 0));
  g_assert_cmpuint (sends, ==, 0);

  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_text_buffer_insert_at_cursor (buffer, "Where should I go in Lisbon?", -1);
  g_assert_true (gtk_widget_is_sensitive (send_button));

  /* Shift+Enter is left to the text view (a newline), Enter sends. */
  g_assert_false (emit_key (GTK_WIDGET (text_view), GDK_KEY_Return, GDK_SHIFT_MASK));
  g_assert_cmpuint (sends, ==, 0);
  g_assert_true (emit_key (GTK_WIDGET (text_view), GDK_KEY_Return, 0));
  g_assert_cmpuint (sends, ==, 1);

  /* Sending never clears the draft by itself: the owner does once it is safe. */
  text = spark_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Where should I go in Lisbon?");

  /* While busy, Send turns into Stop and Esc stops. */
  spark_composer_set_busy (composer, TRUE);
  g_assert_false (emit_key (GTK_WIDGET (text_view), GDK_KEY_Return, 0) && sends > 1);
  g_assert_cmpuint (sends, ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (composer, SPARK_TYPE_COMPOSER, "send_stack"))), ==, "stop");
  {
    guint stops = 0;
    g_signal_connect (composer, "stop", G_CALLBACK (count_cb), &stops);
    g_assert_true (emit_key (GTK_WIDGET (text_view), GDK_KEY_Escape, 0));
    g_assert_cmpuint (stops, ==, 1);
  }
  spark_composer_set_busy (composer, FALSE);
  g_signal_handlers_disconnect_by_func (composer, count_cb, &sends);
  gtk_window_destroy (holder);
}

static void
test_composer_grows (void)
{
  SparkWindow   *window = get_window ();
  SparkComposer *composer = SPARK_COMPOSER (child (window, SPARK_TYPE_WINDOW, "composer"));
  GtkWidget     *scroller = GTK_WIDGET (child (composer, SPARK_TYPE_COMPOSER, "text_scroller"));
  int            one_line, eight_lines, forty_lines;

  spark_composer_set_text (composer, "one line");
  spark_test_iterate (200);
  one_line = gtk_widget_get_height (scroller);

  spark_composer_set_text (composer, "1\n2\n3\n4\n5\n6\n7\n8");
  spark_test_iterate (200);
  eight_lines = gtk_widget_get_height (scroller);

  spark_composer_set_text (composer, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n"
                                     "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20");
  spark_test_iterate (200);
  forty_lines = gtk_widget_get_height (scroller);

  /* It grows with the text up to about eight lines, then scrolls. */
  g_test_message ("composer heights: 1 line %d, 8 lines %d, 40 lines %d", one_line, eight_lines, forty_lines);
  g_assert_cmpint (eight_lines, >, one_line * 2);
  g_assert_cmpint (forty_lines, >=, eight_lines);
  g_assert_cmpint (forty_lines, <=, eight_lines + eight_lines / 4);
  spark_composer_set_text (composer, "");
}

static void
test_mode_and_depth (void)
{
  SparkWindow     *window = get_window ();
  SparkComposer   *composer = SPARK_COMPOSER (child (window, SPARK_TYPE_WINDOW, "composer"));
  GtkDropDown     *mode = GTK_DROP_DOWN (child (composer, SPARK_TYPE_COMPOSER, "mode_dropdown"));
  GtkDropDown     *depth = GTK_DROP_DOWN (child (composer, SPARK_TYPE_COMPOSER, "depth_dropdown"));
  GSettings       *settings = spark_application_get_settings (app);
  g_autofree char *mode_id = NULL;
  g_autofree char *depth_id = NULL;
  GtkStringObject *item;

  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (mode)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (depth)), ==, 3);

  item = g_list_model_get_item (gtk_drop_down_get_model (mode), 2);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Shopping");
  g_object_unref (item);

  gtk_drop_down_set_selected (mode, SPARK_MODE_TRAVEL);
  gtk_drop_down_set_selected (depth, SPARK_DEPTH_CONTEMPLATE);
  g_assert_cmpint (spark_composer_get_mode (composer), ==, SPARK_MODE_TRAVEL);
  g_assert_cmpint (spark_composer_get_depth (composer), ==, SPARK_DEPTH_CONTEMPLATE);

  /* The choice is remembered for the next start. */
  mode_id = g_settings_get_string (settings, "mode");
  depth_id = g_settings_get_string (settings, "depth");
  g_assert_cmpstr (mode_id, ==, "travel");
  g_assert_cmpstr (depth_id, ==, "contemplate");

  spark_composer_set_mode (composer, SPARK_MODE_CHAT);
  spark_composer_set_depth (composer, SPARK_DEPTH_INSTANT);
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static gboolean
leaflet_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static void
test_narrow_and_sidebar (void)
{
  SparkWindow *window = get_window ();
  AdwLeaflet  *leaflet = ADW_LEAFLET (child (window, SPARK_TYPE_WINDOW, "leaflet"));
  GtkWidget   *sidebar = GTK_WIDGET (child (window, SPARK_TYPE_WINDOW, "sidebar_pane"));
  GtkWidget   *chat = GTK_WIDGET (child (window, SPARK_TYPE_WINDOW, "chat_pane"));
  GtkWidget   *back = GTK_WIDGET (child (window, SPARK_TYPE_WINDOW, "back_button"));
  GSettings   *settings = spark_application_get_settings (app);

  /* Wide: side by side, F9 hides and shows the sidebar and remembers it. */
  g_assert_true (spark_test_wait_until (leaflet_unfolded, leaflet, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (sidebar));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
  g_assert_false (gtk_widget_get_visible (sidebar));
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));

  /* 360 px: one pane at a time, chat first, a back button to the list. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  g_assert_true (spark_test_wait_until (leaflet_folded, leaflet, TIMEOUT_MS));
  spark_test_iterate (100);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == chat);
  g_assert_true (gtk_widget_get_visible (back));
  /* Everything fits a 360 px phone screen (the window's own frame aside). */
  g_assert_cmpint (gtk_widget_get_width (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))), <=, 360);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == chat);

  /* Back to wide: both panes again, the back button goes away. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_true (spark_test_wait_until (leaflet_unfolded, leaflet, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_false (gtk_widget_get_visible (back));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  GtkWindow *w = find_toplevel ((GType) GPOINTER_TO_SIZE (data));
  return w != NULL && gtk_widget_get_mapped (GTK_WIDGET (w));
}

static void
open_and_close (GtkWidget  *window,
                const char *action,
                GType       type)
{
  GtkWindow *opened;

  g_assert_null (find_toplevel (type));
  g_assert_true (gtk_widget_activate_action (window, action, NULL));
  g_assert_true (spark_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), TIMEOUT_MS));
  opened = find_toplevel (type);
  g_assert_true (gtk_window_get_transient_for (opened) == GTK_WINDOW (window));
  gtk_window_destroy (opened);
  spark_test_iterate (50);
}

static void
test_secondary_windows (void)
{
  SparkWindow *window = get_window ();

  open_and_close (GTK_WIDGET (window), "app.preferences", ADW_TYPE_PREFERENCES_WINDOW);
  open_and_close (GTK_WIDGET (window), "win.show-help-overlay", GTK_TYPE_SHORTCUTS_WINDOW);
  open_and_close (GTK_WIDGET (window), "app.about", ADW_TYPE_ABOUT_WINDOW);
}

static void
test_shortcuts_registered (void)
{
  struct
  {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.new-chat", "<Control>n" },
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "win.show-help-overlay", "<Control>question" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i].action);

      g_assert_true (g_strv_contains ((const char *const *) accels, expected[i].accel));
    }
}

static void
test_state_persists (void)
{
  SparkWindow *window = get_window ();
  GSettings   *settings = spark_application_get_settings (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  spark_test_iterate (100);
  gtk_window_close (GTK_WINDOW (window));
  spark_test_iterate (100);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window comes back at the saved size. */
  window = get_window ();
  {
    int w, h;
    gtk_window_get_default_size (GTK_WINDOW (window), &w, &h);
    g_assert_cmpint (w, ==, 900);
    g_assert_cmpint (h, ==, 650);
  }
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

  g_test_add_func ("/ui/window/empty-state", test_empty_state);
  g_test_add_func ("/ui/window/composer-typing", test_composer_typing);
  g_test_add_func ("/ui/window/composer-grows", test_composer_grows);
  g_test_add_func ("/ui/window/mode-and-depth", test_mode_and_depth);
  g_test_add_func ("/ui/window/narrow-and-sidebar", test_narrow_and_sidebar);
  g_test_add_func ("/ui/window/secondary-windows", test_secondary_windows);
  g_test_add_func ("/ui/window/shortcuts", test_shortcuts_registered);
  g_test_add_func ("/ui/window/state-persists", test_state_persists);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (get_window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
