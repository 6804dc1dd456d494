/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A code block: header (language, Copy) over a GtkSourceView that is not
 * editable and scrolls sideways rather than wrapping code. The style
 * scheme follows the light or dark style. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <math.h>
#include <string.h>

#include "spark-code-block.h"

/* How long the button says "Copied". */
#define COPIED_SECONDS 2

struct _SparkCodeBlock
{
  GtkWidget parent_instance;

  char             *language;
  GString          *code;
  GtkSourceBuffer  *buffer;
  GtkWidget        *view;
  GtkWidget        *copy_button;
  AdwButtonContent *copy_content;
  guint             copied_id;
};

G_DEFINE_FINAL_TYPE (SparkCodeBlock, spark_code_block, GTK_TYPE_WIDGET)

/* Fence words models use that are not GtkSourceView ids. */
static const struct
{
  const char *name;
  const char *id;
} aliases[] = {
  { "py", "python3" },
  { "python", "python3" },
  { "javascript", "js" },
  { "node", "js" },
  { "ts", "typescript" },
  { "tsx", "typescript-jsx" },
  { "bash", "sh" },
  { "shell", "sh" },
  { "zsh", "sh" },
  { "console", "sh" },
  { "shell-session", "sh" },
  { "c++", "cpp" },
  { "cxx", "cpp" },
  { "hpp", "cpp" },
  { "h", "c" },
  { "cs", "c-sharp" },
  { "csharp", "c-sharp" },
  { "rs", "rust" },
  { "golang", "go" },
  { "yml", "yaml" },
  { "md", "markdown" },
  { "rb", "ruby" },
  { "kt", "kotlin" },
  { "objective-c", "objc" },
  { "dockerfile", "docker" },
  { "make", "makefile" },
  { "tex", "latex" },
  { "jsonc", "json" },
  { "ps1", "powershell" },
  { "pwsh", "powershell" },
  { "patch", "diff" },
  { "htm", "html" },
  { "svg", "xml" },
};

static GtkSourceLanguage *
find_language (const char *name)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char          *id = NULL;
  g_autofree char          *filename = NULL;
  GtkSourceLanguage        *language;

  if (name == NULL || *name == '\0')
    return NULL;
  id = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (id, aliases[i].name) == 0)
      return gtk_source_language_manager_get_language (manager, aliases[i].id);
  language = gtk_source_language_manager_get_language (manager, id);
  if (language != NULL)
    return language;

  /* "lua", "php", "vue"...: as a file extension. */
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '_')
      return NULL;
  filename = g_strconcat ("code.", id, NULL);
  return gtk_source_language_manager_guess_language (manager, filename, NULL);
}

static void
dark_changed_cb (SparkCodeBlock  *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *style)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char                  *name = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer, gtk_source_style_scheme_manager_get_scheme (schemes, name));
}

static void
show_copy_state (SparkCodeBlock *self,
                 gboolean        copied)
{
  adw_button_content_set_label (self->copy_content, copied ? _ ("Copied") : _ ("Copy"));
  adw_button_content_set_icon_name (self->copy_content, copied ? "object-select-symbolic" : "edit-copy-symbolic");
}

static gboolean
copied_timeout_cb (gpointer data)
{
  SparkCodeBlock *self = data;

  self->copied_id = 0;
  show_copy_state (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
spark_code_block_copy (SparkCodeBlock *self)
{
  g_return_if_fail (SPARK_IS_CODE_BLOCK (self));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code->str);
  show_copy_state (self, TRUE);
  g_clear_handle_id (&self->copied_id, g_source_remove);
  self->copied_id = g_timeout_add_seconds (COPIED_SECONDS, copied_timeout_cb, self);
}

/* GtkTextView measures lines it has not laid out yet as nothing and lays
 * them out in idle time, so a block would start short and grow a frame
 * later, shifting the chat under the reader. Ask for the final height
 * right away: every line has the monospace font's height. */
static void
update_height (SparkCodeBlock *self)
{
  g_autoptr (PangoLayout) layout = NULL;
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  int          lines = gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (self->buffer));
  int          line_height;

  if (self->view == NULL)
    return;
  layout = gtk_widget_create_pango_layout (self->view, "Xg");
  pango_layout_get_pixel_size (layout, NULL, &line_height);
  gtk_widget_set_size_request (self->view, -1,
                               lines * line_height + gtk_text_view_get_top_margin (view) + gtk_text_view_get_bottom_margin (view));
}

/* GtkScrolledWindow (4.8) keeps every wheel event once it can scroll
 * sideways, so a chat would stop scrolling under the pointer at each wide
 * code block. Vertical scrolling goes on to the scrolled window around. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  user_data)
{
  GtkWidget     *scroller = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget     *outer = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  double         step;

  if (outer == NULL || fabs (dy) <= fabs (dx)
      || (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller)) & GDK_SHIFT_MASK))
    return GDK_EVENT_PROPAGATE;

  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  /* The steps GtkScrolledWindow takes for a wheel detent or a touchpad. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adj), 2.0 / 3.0);
  else
    step = 2.5;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
  return GDK_EVENT_STOP;
}

GtkWidget *
spark_code_block_new (const char *language)
{
  SparkCodeBlock     *self = g_object_new (SPARK_TYPE_CODE_BLOCK, NULL);
  GtkSourceLanguage  *source_language = find_language (language);
  GtkWidget          *header, *label, *view, *scroller;
  GtkEventController *scroll;

  self->language = g_strdup (language);
  gtk_source_buffer_set_language (self->buffer, source_language);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "md-code-header");
  label = gtk_label_new (language);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "md-code-language");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (header), label);

  self->copy_content = ADW_BUTTON_CONTENT (adw_button_content_new ());
  self->copy_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->copy_button), GTK_WIDGET (self->copy_content));
  show_copy_state (self, FALSE);
  gtk_widget_add_css_class (self->copy_button, "flat");
  gtk_widget_add_css_class (self->copy_button, "md-code-copy");
  gtk_widget_set_tooltip_text (self->copy_button, _ ("Copy the code to the clipboard"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Copy code"), -1);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (spark_code_block_copy), self);
  gtk_box_append (GTK_BOX (header), self->copy_button);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->view = view = gtk_source_view_new_with_buffer (self->buffer);
  g_signal_connect_object (view, "map", G_CALLBACK (update_height), self, G_CONNECT_SWAPPED);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_NONE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  language ? language : _ ("Code"), -1);

  /* Long lines scroll sideways; the height is always the whole code. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (scroll, "spark-code-scroll");
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), NULL);
  gtk_widget_add_controller (scroller, scroll);

  return GTK_WIDGET (self);
}

const char *
spark_code_block_get_language (SparkCodeBlock *self)
{
  g_return_val_if_fail (SPARK_IS_CODE_BLOCK (self), NULL);
  return self->language;
}

const char *
spark_code_block_get_language_id (SparkCodeBlock *self)
{
  GtkSourceLanguage *language;

  g_return_val_if_fail (SPARK_IS_CODE_BLOCK (self), NULL);
  language = gtk_source_buffer_get_language (self->buffer);
  return language ? gtk_source_language_get_id (language) : NULL;
}

void
spark_code_block_set_code (SparkCodeBlock *self,
                           const char     *code)
{
  gsize len;

  g_return_if_fail (SPARK_IS_CODE_BLOCK (self));

  if (code == NULL)
    code = "";
  len = strlen (code);
  if (len >= self->code->len && memcmp (code, self->code->str, self->code->len) == 0)
    {
      GtkTextIter end;

      if (len == self->code->len)
        return;
      /* Appending keeps the highlighting already done. */
      gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (self->buffer), &end);
      gtk_text_buffer_insert (GTK_TEXT_BUFFER (self->buffer), &end, code + self->code->len, len - self->code->len);
    }
  else
    gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), code, len);
  g_string_assign (self->code, code);
  update_height (self);
}

const char *
spark_code_block_get_code (SparkCodeBlock *self)
{
  g_return_val_if_fail (SPARK_IS_CODE_BLOCK (self), NULL);
  return self->code->str;
}

static void
spark_code_block_dispose (GObject *object)
{
  SparkCodeBlock *self = SPARK_CODE_BLOCK (object);
  GtkWidget      *child;

  g_clear_handle_id (&self->copied_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (spark_code_block_parent_class)->dispose (object);
}

static void
spark_code_block_finalize (GObject *object)
{
  SparkCodeBlock *self = SPARK_CODE_BLOCK (object);

  g_free (self->language);
  g_string_free (self->code, TRUE);

  G_OBJECT_CLASS (spark_code_block_parent_class)->finalize (object);
}

static void
spark_code_block_class_init (SparkCodeBlockClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_code_block_dispose;
  object_class->finalize = spark_code_block_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeblock");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_source_init ();
}

static void
spark_code_block_init (SparkCodeBlock *self)
{
  AdwStyleManager *style = adw_style_manager_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "md-code");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->code = g_string_new (NULL);
  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  dark_changed_cb (self, NULL, style);
}
