/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkMarkdownView on screen: the example corpus renders (streamed in or
 * whole) with no GTK warning; model text that looks like markup is shown
 * literally; code blocks highlight their language and copy their code;
 * links open on a click (not on a drag) and only for safe schemes;
 * streaming keeps the widgets of unchanged blocks. Warnings are fatal
 * (gtk_test_init), so rendering any of this without one is asserted. */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "spark-code-block.h"
#include "spark-markdown-view.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 10000

static GtkWindow         *window;
static SparkMarkdownView *view;

static gboolean
view_is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0;
}

/* Sets the text and lets a few frames lay it out. */
static void
show (const char *text)
{
  spark_markdown_view_set_text (view, text);
  g_assert_true (spark_test_wait_until (view_is_laid_out, NULL, TIMEOUT_MS));
  spark_test_iterate (30);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static GPtrArray *
find_all (GType type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (GTK_WIDGET (view), type, out);
  return out;
}

static gpointer
find_first (GType type)
{
  g_autoptr (GPtrArray) all = find_all (type);

  g_assert_cmpuint (all->len, >, 0);
  return g_ptr_array_index (all, 0);
}

/* The rendered tree as text: widget types and what labels and code show. */
static void
describe (GtkWidget *widget,
          GString   *out,
          guint      depth)
{
  g_string_append_printf (out, "%*s%s", depth * 2, "", G_OBJECT_TYPE_NAME (widget));
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, " \"%s\"", gtk_label_get_text (GTK_LABEL (widget)));
  if (SPARK_IS_CODE_BLOCK (widget))
    {
      g_string_append_printf (out, " \"%s\"\n", spark_code_block_get_code (SPARK_CODE_BLOCK (widget)));
      return;
    }
  g_string_append_c (out, '\n');
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    describe (c, out, depth + 1);
}

static char *
describe_view (void)
{
  GString *out = g_string_new (NULL);

  describe (GTK_WIDGET (view), out, 0);
  return g_string_free (out, FALSE);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "markdown", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Each example of commonmark.txt, and the replies. */
static GPtrArray *
corpus (void)
{
  static const char *const replies[] = { "reply-travel.md", "reply-code.md", "reply-mixed.md", "reply-references.md" };
  GPtrArray               *texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char         *contents = read_data ("commonmark.txt");
  g_auto (GStrv) parts = g_strsplit (contents, "\n%%% example ", -1);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *start = strchr (parts[i], '\n');
      char *end = strstr (parts[i], "%%% model\n");

      g_assert_nonnull (start);
      g_assert_nonnull (end);
      g_ptr_array_add (texts, g_strndup (start + 1, end - start - 1));
    }
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    g_ptr_array_add (texts, read_data (replies[i]));
  return texts;
}

static void
test_corpus_renders (void)
{
  g_autoptr (GPtrArray) texts = corpus ();

  g_assert_cmpuint (texts->len, >=, 80);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      show (text);
      g_assert_cmpstr (spark_markdown_view_get_text (view), ==, text);
      g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (view)));
    }
  show ("");
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (view)));
}

/* Streaming a text in updates widgets in place; the result must be what
 * rendering the whole text at once gives. */
static void
test_stream_matches_whole (void)
{
  static const char *const replies[] = { "reply-travel.md", "reply-code.md", "reply-mixed.md" };

  for (guint r = 0; r < G_N_ELEMENTS (replies); r++)
    {
      g_autofree char *text = read_data (replies[r]);
      g_autofree char *streamed = NULL;
      g_autofree char *whole = NULL;
      gsize            len = strlen (text);

      show ("");
      for (gsize n = 0; n < len; n += 1 + n % 23)
        {
          g_autofree char *prefix = g_strndup (text, n);
          spark_markdown_view_set_text (view, prefix);
          g_main_context_iteration (NULL, FALSE);
        }
      show (text);
      streamed = describe_view ();

      show ("");
      show (text);
      whole = describe_view ();
      g_assert_cmpstr (streamed, ==, whole);
    }
}

static gboolean
has_foreground (GtkLabel *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  GSList        *list;
  gboolean       found = FALSE;

  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    found |= ((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_FOREGROUND;
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return found;
}

static void
test_injection_literal (void)
{
  static const char *const texts[] = {
    "<b>not bold</b>",
    "&amp; &lt;i&gt; &#60;u&#62;",
    "Literal: <span foreground='red'>not red</span> & <span foreground=\"#ff0000\" size=\"x-large\">",
    "<markup><i>x</i></markup>",
    "<a href=\"https://example.com\">not a link</a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkLabel *label;

      show (texts[i]);
      label = find_first (GTK_TYPE_LABEL);
      g_assert_cmpstr (gtk_label_get_text (label), ==, texts[i]);
      g_assert_cmpstr (gtk_label_get_label (label), ==, texts[i]);
      g_assert_false (gtk_label_get_use_markup (label));
      g_assert_false (has_foreground (label));
    }

  /* An HTML block shows as written too. */
  show ("<div style=\"color: red\">\n<b>x</b> &amp;\n</div>");
  g_assert_cmpstr (gtk_label_get_text (find_first (GTK_TYPE_LABEL)), ==, "<div style=\"color: red\">\n<b>x</b> &amp;\n</div>");
  g_assert_false (has_foreground (find_first (GTK_TYPE_LABEL)));

  /* A link to javascript: is plain text: no colour, no menu. */
  show ("[click me](javascript:alert(1))");
  g_assert_cmpstr (gtk_label_get_text (find_first (GTK_TYPE_LABEL)), ==, "click me");
  g_assert_false (has_foreground (find_first (GTK_TYPE_LABEL)));
  g_assert_null (gtk_label_get_extra_menu (find_first (GTK_TYPE_LABEL)));
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
read_clipboard (void)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, read_text_cb, &text);
  g_assert_true (spark_test_wait_until (is_set, &text, TIMEOUT_MS));
  return text;
}

static gboolean
says_copied (gpointer button)
{
  return g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (button))), "Copied") == 0;
}

static GtkButton *
copy_button (SparkCodeBlock *block)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (block), GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  return g_ptr_array_index (buttons, 0);
}

static void
test_code_block (void)
{
  static const struct
  {
    const char *fence;
    const char *id;
  } languages[] = {
    { "python", "python3" },
    { "py", "python3" },
    { "c", "c" },
    { "sh", "sh" },
    { "bash", "sh" },
    { "JavaScript", "js" },
    { "rust", "rust" },
    { "json", "json" },
    { "lua", "lua" },
    { "no-such-language", NULL },
    { "", NULL },
  };
  const char      *code = "def greet(name):\n    print(f\"<b>{name}</b> &amp;\")";
  g_autofree char *text = g_strdup_printf ("Try:\n\n```python\n%s\n```\n", code);
  g_autofree char *copied = NULL;
  SparkCodeBlock  *block;
  GtkSourceView   *source;
  GtkTextBuffer   *buffer;
  GtkTextIter      start, end;
  g_autofree char *shown = NULL;

  show (text);
  block = find_first (SPARK_TYPE_CODE_BLOCK);
  source = find_first (GTK_SOURCE_TYPE_VIEW);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (source));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "python3");
  g_assert_true (gtk_source_buffer_get_highlight_syntax (GTK_SOURCE_BUFFER (buffer)));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (source)));
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (source)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, code);
  g_assert_cmpstr (spark_code_block_get_language (block), ==, "python");

  /* The whole code is visible: the block is at least as tall as its lines. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (source)), >=, 2 * 12);

  /* Copy puts exactly the code on the clipboard and says so. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), "something else");
  g_assert_true (gtk_widget_activate (GTK_WIDGET (copy_button (block))));
  g_assert_true (spark_test_wait_until (says_copied, copy_button (block), TIMEOUT_MS));
  copied = read_clipboard ();
  g_assert_cmpstr (copied, ==, code);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *fenced = g_strdup_printf ("```%s\nx\n```", languages[i].fence);

      show (fenced);
      g_test_message ("fence %s", languages[i].fence);
      g_assert_cmpstr (spark_code_block_get_language_id (find_first (SPARK_TYPE_CODE_BLOCK)), ==, languages[i].id);
    }
}

static gboolean
can_scroll (gpointer adj)
{
  return gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) > 200;
}

/* The wheel over a wide code block scrolls the page, not nothing. */
static void
test_code_scroll_passes_on (void)
{
  g_autoptr (GString) text = g_string_new ("```c\n");
  GtkWidget          *outer = gtk_widget_get_parent (GTK_WIDGET (view));
  GtkAdjustment      *adj;
  GtkEventController *scroll = NULL;
  GtkWidget          *inner;
  gboolean            handled = FALSE;
  double              before;

  for (guint i = 0; i < 10; i++)
    g_string_append_printf (text, "int a_long_variable_name_%u = a_function_with_a_long_name (argument, another_argument, %u);\n", i, i);
  g_string_append (text, "```\n\n");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "Paragraph %u.\n\n", i);
  show (text->str);

  while (!GTK_IS_SCROLLED_WINDOW (outer))
    outer = gtk_widget_get_parent (outer);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  g_assert_true (spark_test_wait_until (can_scroll, adj, TIMEOUT_MS));
  gtk_adjustment_set_value (adj, 0);
  inner = gtk_widget_get_ancestor (find_first (GTK_SOURCE_TYPE_VIEW), GTK_TYPE_SCROLLED_WINDOW);
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (inner);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

        if (g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (controller)), "spark-code-scroll") == 0)
          scroll = GTK_EVENT_CONTROLLER (controller);
      }
  }
  g_assert_nonnull (scroll);

  before = gtk_adjustment_get_value (adj);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, before);

  /* Sideways stays with the code. */
  handled = FALSE;
  g_signal_emit_by_name (scroll, "scroll", 1.0, 0.0, &handled);
  g_assert_false (handled);
}

static void
test_incremental_keeps_widgets (void)
{
  GtkWidget      *first, *second, *code, *list, *item;
  SparkCodeBlock *block;

  show ("");
  show ("First paragraph.\n\nSecond");
  first = gtk_widget_get_first_child (GTK_WIDGET (view));
  second = gtk_widget_get_next_sibling (first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (second)), ==, "Second");

  show ("First paragraph.\n\nSecond grows");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) == first);
  g_assert_true (gtk_widget_get_next_sibling (first) == second);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (second)), ==, "Second grows");

  show ("First paragraph.\n\nSecond grows.\n\n```c\nint x;\n");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) == first);
  code = gtk_widget_get_last_child (GTK_WIDGET (view));
  g_assert_true (SPARK_IS_CODE_BLOCK (code));

  show ("First paragraph.\n\nSecond grows.\n\n```c\nint x;\nint y;\n");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) == first);
  g_assert_true (gtk_widget_get_last_child (GTK_WIDGET (view)) == code);
  block = SPARK_CODE_BLOCK (code);
  g_assert_cmpstr (spark_code_block_get_code (block), ==, "int x;\nint y;");

  /* A list growing item by item keeps its rows. */
  show ("Steps:\n\n- one\n- two");
  first = gtk_widget_get_first_child (GTK_WIDGET (view));
  list = gtk_widget_get_next_sibling (first);
  item = gtk_widget_get_first_child (list);
  show ("Steps:\n\n- one\n- two\n- three");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) == first);
  g_assert_true (gtk_widget_get_next_sibling (first) == list);
  g_assert_true (gtk_widget_get_first_child (list) == item);
  {
    g_autoptr (GPtrArray) labels = find_all (GTK_TYPE_LABEL);
    GtkLabel *last = g_ptr_array_index (labels, labels->len - 1);

    g_assert_cmpstr (gtk_label_get_text (last), ==, "three");
  }

  /* An edit above is re-parsed from there, but widgets whose kind did not
   * change are updated in place. */
  show ("Steps, changed:\n\n- one\n- two\n- three");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) == first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==, "Steps, changed:");
  g_assert_true (gtk_widget_get_next_sibling (first) == list);

  /* A block that changes kind gets a new widget. */
  show ("# Steps\n\n- one\n- two\n- three");
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (view)) != first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (GTK_WIDGET (view)))), ==, "Steps");
  g_assert_true (gtk_widget_get_next_sibling (gtk_widget_get_first_child (GTK_WIDGET (view))) == list);
}

typedef struct
{
  char *uri;
  guint count;
} Opened;

static gboolean
activate_link_cb (SparkMarkdownView *v,
                  const char        *uri,
                  Opened            *opened)
{
  g_free (opened->uri);
  opened->uri = g_strdup (uri);
  opened->count++;
  return TRUE; /* don't launch a browser from a test */
}

static GtkGestureClick *
click_gesture (GtkWidget *label)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (label);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) && gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE)
        return GTK_GESTURE_CLICK (controller);
    }
  return NULL;
}

/* Where byte @index of the label's text is drawn, in label coordinates. */
static void
point_at (GtkLabel *label,
          int       index,
          double   *x,
          double   *y)
{
  PangoRectangle pos;
  int            lx, ly;

  gtk_label_get_layout_offsets (label, &lx, &ly);
  pango_layout_index_to_pos (gtk_label_get_layout (label), index, &pos);
  *x = lx + (pos.x + pos.width / 2.0) / PANGO_SCALE;
  *y = ly + (pos.y + pos.height / 2.0) / PANGO_SCALE;
}

static void
click (GtkGestureClick *gesture,
       double           x1,
       double           y1,
       double           x2,
       double           y2)
{
  g_signal_emit_by_name (gesture, "pressed", 1, x1, y1);
  g_signal_emit_by_name (gesture, "released", 1, x2, y2);
}

static void
test_links (void)
{
  Opened           opened = { 0 };
  gulong           handler = g_signal_connect (view, "activate-link", G_CALLBACK (activate_link_cb), &opened);
  GtkLabel        *label;
  GtkGestureClick *gesture;
  GMenuModel      *menu;
  double           x, y, x2, y2;

  show ("Read the [GIO docs](https://docs.gtk.org/gio/) or mail <help@example.org>, not [this](file:///etc/passwd).");
  label = find_first (GTK_TYPE_LABEL);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Read the GIO docs or mail help@example.org, not this.");
  g_assert_true (has_foreground (label));
  gesture = click_gesture (GTK_WIDGET (label));
  g_assert_nonnull (gesture);

  /* A click on "GIO docs" opens it. */
  point_at (label, strlen ("Read the G"), &x, &y);
  click (gesture, x, y, x, y);
  g_assert_cmpuint (opened.count, ==, 1);
  g_assert_cmpstr (opened.uri, ==, "https://docs.gtk.org/gio/");

  /* A click on the e-mail address. */
  point_at (label, strlen ("Read the GIO docs or mail he"), &x, &y);
  click (gesture, x, y, x, y);
  g_assert_cmpuint (opened.count, ==, 2);
  g_assert_cmpstr (opened.uri, ==, "mailto:help@example.org");

  /* Not a link: plain text, and the file: link shown as text. */
  point_at (label, 1, &x, &y);
  click (gesture, x, y, x, y);
  point_at (label, strlen ("Read the GIO docs or mail help@example.org, not t"), &x, &y);
  click (gesture, x, y, x, y);
  g_assert_cmpuint (opened.count, ==, 2);

  /* A drag that starts on a link, or ends on one, opens nothing. */
  point_at (label, strlen ("Read the G"), &x, &y);
  point_at (label, strlen ("Read the GIO docs or mail he"), &x2, &y2);
  click (gesture, x, y, x2, y2);
  click (gesture, x2, y2, x, y);
  point_at (label, 1, &x2, &y2);
  click (gesture, x2, y2, x, y);
  g_assert_cmpuint (opened.count, ==, 2);

  /* A double click opens once. */
  g_signal_emit_by_name (gesture, "pressed", 2, x, y);
  g_signal_emit_by_name (gesture, "released", 2, x, y);
  g_assert_cmpuint (opened.count, ==, 2);

  /* The context menu offers each link, for keyboard users. */
  menu = gtk_label_get_extra_menu (label);
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (label), "markdown.open-link", "s", "https://example.org/menu"));
  g_assert_cmpuint (opened.count, ==, 3);
  g_assert_cmpstr (opened.uri, ==, "https://example.org/menu");
  /* Whatever asks, only safe schemes are opened. */
  gtk_widget_activate_action (GTK_WIDGET (label), "markdown.open-link", "s", "javascript:alert(1)");
  gtk_widget_activate_action (GTK_WIDGET (label), "markdown.open-link", "s", "file:///etc/passwd");
  g_assert_cmpuint (opened.count, ==, 3);

  g_signal_handler_disconnect (view, handler);
  g_free (opened.uri);
}

static void
test_dark_style (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceView   *source;
  GtkTextBuffer   *buffer;

  show ("A [link](https://example.org) and `code`.\n\n```c\nint x;\n```");
  source = find_first (GTK_SOURCE_TYPE_VIEW);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (source));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  spark_test_iterate (50);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer))), ==, "Adwaita");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  spark_test_iterate (50);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer))), ==, "Adwaita-dark");
  g_assert_true (has_foreground (find_first (GTK_TYPE_LABEL)));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkCssProvider) css = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The app's stylesheet, so that it is exercised too (a CSS error warns). */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/sparkdesk/Spark/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = GTK_WINDOW (gtk_window_new ());
  view = SPARK_MARKDOWN_VIEW (spark_markdown_view_new ());
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
    gtk_window_set_child (window, scroller);
  }
  gtk_window_set_default_size (window, 640, 600);
  gtk_window_present (window);

  g_test_add_func ("/ui/markdown/corpus-renders", test_corpus_renders);
  g_test_add_func ("/ui/markdown/stream-matches-whole", test_stream_matches_whole);
  g_test_add_func ("/ui/markdown/injection-literal", test_injection_literal);
  g_test_add_func ("/ui/markdown/code-block", test_code_block);
  g_test_add_func ("/ui/markdown/code-scroll-passes-on", test_code_scroll_passes_on);
  g_test_add_func ("/ui/markdown/incremental-keeps-widgets", test_incremental_keeps_widgets);
  g_test_add_func ("/ui/markdown/links", test_links);
  g_test_add_func ("/ui/markdown/dark-style", test_dark_style);

  ret = g_test_run ();

  gtk_window_destroy (window);
  spark_test_iterate (20);
  return ret;
}
