/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GtkLabels of a markdown view: see spark-markdown-label.h.
 *
 * Text goes in with gtk_label_set_text() and a PangoAttrList built from
 * the block's runs; use-markup is never on, so nothing a model writes can
 * become markup. Links are ranges of those attributes: a click (press and
 * release on the same link, no text selected, no drag) or the label's
 * context menu opens them, and only http, https and mailto. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-markdown-label.h"

/* The narrowest a long paragraph gets, in characters (see set_block). */
#define MIN_WRAP_CHARS 20

/* Links listed in a label's context menu, at most. */
#define MAX_MENU_LINKS 4

/* Per label: the block it shows and the link a press landed on. */
#define BLOCK_KEY "spark-markdown-block"
#define PRESS_KEY "spark-markdown-press"

typedef struct
{
  int    run; /* index of the pressed link run, -1: none */
  double x, y;
} Press;

static PangoAttrList *
attributes_for (const SparkMarkdownBlock *block,
                gboolean                  dark)
{
  static const double scales[] = { 1.0, 1.5, 1.3, 1.15, 1.05, 1.0, 1.0 };
  PangoAttrList      *list = pango_attr_list_new ();

  if (block->type == SPARK_MARKDOWN_HEADING)
    {
      pango_attr_list_insert (list, pango_attr_scale_new (scales[MIN (block->level, 6)]));
      pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    }
  if (block->type == SPARK_MARKDOWN_CELL && block->header)
    pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (block->type == SPARK_MARKDOWN_HTML)
    pango_attr_list_insert (list, pango_attr_family_new ("monospace"));

  for (guint i = 0; block->runs != NULL && i < block->runs->len; i++)
    {
      const SparkMarkdownRun *run = &g_array_index (block->runs, SparkMarkdownRun, i);
      PangoAttribute         *attrs[8];
      guint                   n = 0;

      if (run->style & SPARK_MARKDOWN_STYLE_EMPHASIS)
        attrs[n++] = pango_attr_style_new (PANGO_STYLE_ITALIC);
      if (run->style & SPARK_MARKDOWN_STYLE_STRONG)
        attrs[n++] = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      if (run->style & SPARK_MARKDOWN_STYLE_STRIKE)
        attrs[n++] = pango_attr_strikethrough_new (TRUE);
      if (run->style & SPARK_MARKDOWN_STYLE_CODE)
        {
          guint16 tone = dark ? 0xFFFF : 0;

          attrs[n++] = pango_attr_family_new ("monospace");
          attrs[n++] = pango_attr_background_new (tone, tone, tone);
          attrs[n++] = pango_attr_background_alpha_new (dark ? 0x2000 : 0x1400);
        }
      if (run->href != NULL)
        {
          /* libadwaita 1.2's accent (link) colour in each style. */
          if (dark)
            attrs[n++] = pango_attr_foreground_new (0x7878, 0xAEAE, 0xEDED);
          else
            attrs[n++] = pango_attr_foreground_new (0x1C1C, 0x7171, 0xD8D8);
          attrs[n++] = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
        }
      for (guint a = 0; a < n; a++)
        {
          attrs[a]->start_index = run->start;
          attrs[a]->end_index = run->end;
          pango_attr_list_insert (list, attrs[a]);
        }
    }
  return list;
}

static const SparkMarkdownRun *
link_run (const SparkMarkdownBlock *block,
          int                       index)
{
  if (block == NULL || block->runs == NULL || index < 0 || (guint) index >= block->runs->len)
    return NULL;
  return g_array_index (block->runs, SparkMarkdownRun, index).href ? &g_array_index (block->runs, SparkMarkdownRun, index)
                                                                   : NULL;
}

/* The index of the link run under (x, y) in @label, or -1. */
static int
link_at (GtkLabel *label,
         double    x,
         double    y)
{
  const SparkMarkdownBlock *block = g_object_get_data (G_OBJECT (label), BLOCK_KEY);
  PangoLayout              *layout = gtk_label_get_layout (label);
  int                       lx, ly, index, trailing;

  if (block == NULL || block->runs == NULL)
    return -1;
  gtk_label_get_layout_offsets (label, &lx, &ly);
  if (!pango_layout_xy_to_index (layout, (int) ((x - lx) * PANGO_SCALE), (int) ((y - ly) * PANGO_SCALE), &index, &trailing))
    return -1;
  for (guint i = 0; i < block->runs->len; i++)
    {
      const SparkMarkdownRun *run = &g_array_index (block->runs, SparkMarkdownRun, i);

      if (run->href != NULL && (guint) index >= run->start && (guint) index < run->end)
        return (int) i;
    }
  return -1;
}

static void
link_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 gpointer         user_data)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  Press     *press = g_object_get_data (G_OBJECT (label), PRESS_KEY);

  press->run = n_press == 1 ? link_at (GTK_LABEL (label), x, y) : -1;
  press->x = x;
  press->y = y;
  /* A press on a link is ours, as in GtkLabel's own links: otherwise its
   * selection gestures take the sequence and the release never comes. */
  if (press->run >= 0)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
link_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  gpointer         user_data)
{
  GtkWidget                *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  Press                    *press = g_object_get_data (G_OBJECT (label), PRESS_KEY);
  const SparkMarkdownBlock *block = g_object_get_data (G_OBJECT (label), BLOCK_KEY);
  const SparkMarkdownRun   *run;
  int                       threshold = 8, pressed = press->run;

  press->run = -1;
  g_object_get (gtk_widget_get_settings (label), "gtk-dnd-drag-threshold", &threshold, NULL);
  /* A click: pressed and released on the same link, without a drag. (A
   * drag that starts elsewhere selects text: the press was not ours.) */
  if (pressed < 0 || n_press != 1 || ABS (x - press->x) > threshold || ABS (y - press->y) > threshold)
    return;
  if (link_at (GTK_LABEL (label), x, y) != pressed || (run = link_run (block, pressed)) == NULL)
    return;
  gtk_widget_activate_action (label, "markdown.open-link", "s", run->href);
}

static void
link_motion_cb (GtkEventControllerMotion *motion,
                double                    x,
                double                    y,
                gpointer                  user_data)
{
  GtkWidget                *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));
  const SparkMarkdownBlock *block = g_object_get_data (G_OBJECT (label), BLOCK_KEY);
  const SparkMarkdownRun   *run = link_run (block, link_at (GTK_LABEL (label), x, y));
  const char               *tooltip = gtk_widget_get_tooltip_text (label);

  if (g_strcmp0 (tooltip, run ? run->href : NULL) == 0)
    return;
  gtk_widget_set_cursor_from_name (label, run ? "pointer" : "text");
  gtk_widget_set_tooltip_text (label, run ? run->href : NULL);
}

/* Open Link / Copy Link Address items for the label's context menu, so
 * links can be reached without a pointer. */
static GMenuModel *
link_menu (const SparkMarkdownBlock *block)
{
  GMenu *menu = g_menu_new ();
  guint  n = 0;

  for (guint i = 0; block->runs != NULL && i < block->runs->len && n < MAX_MENU_LINKS; i++)
    {
      const SparkMarkdownRun *run = &g_array_index (block->runs, SparkMarkdownRun, i);
      g_autoptr (GMenu) section = NULL;
      g_autoptr (GMenuItem) open = NULL;
      g_autoptr (GMenuItem) copy = NULL;
      g_autofree char *open_label = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *escaped = NULL;
      g_auto (GStrv) split = NULL;

      if (run->href == NULL || (i > 0 && g_strcmp0 (g_array_index (block->runs, SparkMarkdownRun, i - 1).href, run->href) == 0))
        continue;
      shown = g_utf8_substring (block->text, g_utf8_pointer_to_offset (block->text, block->text + run->start),
                                g_utf8_pointer_to_offset (block->text, block->text + MIN (run->end, run->start + 120)));
      /* Menu labels take "_" as a mnemonic: "__" is a plain one. */
      escaped = g_strjoinv ("__", (split = g_strsplit (shown, "_", -1)));
      /* Translators: %s is the text of a link in a reply. */
      open_label = g_strdup_printf (_ ("Open Link “%s”"), escaped);
      section = g_menu_new ();
      open = g_menu_item_new (open_label, NULL);
      g_menu_item_set_action_and_target (open, "markdown.open-link", "s", run->href);
      g_menu_append_item (section, open);
      copy = g_menu_item_new (_ ("Copy Link Address"), NULL);
      g_menu_item_set_action_and_target (copy, "markdown.copy-link", "s", run->href);
      g_menu_append_item (section, copy);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      n++;
    }
  return G_MENU_MODEL (menu);
}

static gboolean
has_links (const SparkMarkdownBlock *block)
{
  for (guint i = 0; block->runs != NULL && i < block->runs->len; i++)
    if (g_array_index (block->runs, SparkMarkdownRun, i).href != NULL)
      return TRUE;
  return FALSE;
}

void
spark_markdown_label_set_block (GtkLabel                 *label,
                                const SparkMarkdownBlock *block,
                                gboolean                  dark)
{
  g_autoptr (PangoAttrList) attrs = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (block != NULL);

  attrs = attributes_for (block, dark);

  g_object_set_data_full (G_OBJECT (label), BLOCK_KEY, spark_markdown_block_ref ((SparkMarkdownBlock *) block),
                          (GDestroyNotify) spark_markdown_block_unref);
  if (g_strcmp0 (gtk_label_get_text (label), block->text) != 0)
    gtk_label_set_text (label, block->text);
  /* GTK 4.8 finds a wrapping label's minimum width by laying it out at
   * width 0 (with word-char wrapping, a line per character): milliseconds
   * for a paragraph, for every row the chat list makes. A minimum of some
   * characters lays a long text out in a fraction of that; a short one
   * keeps its own, and so do table cells (columns side by side must still
   * fit a narrow window). */
  gtk_label_set_width_chars (label, block->type != SPARK_MARKDOWN_CELL && strlen (block->text) > 2 * MIN_WRAP_CHARS
                                      ? MIN_WRAP_CHARS
                                      : -1);
  /* New attributes, even equal ones, make the label lay its text out and
   * measure it again; while a reply streams, this runs for every block of
   * the part that changed at each frame. */
  if (gtk_label_get_attributes (label) == NULL || !pango_attr_list_equal (gtk_label_get_attributes (label), attrs))
    gtk_label_set_attributes (label, attrs);

  if (has_links (block))
    {
      g_autoptr (GMenuModel) menu = link_menu (block);

      if (g_object_get_data (G_OBJECT (label), PRESS_KEY) == NULL)
        {
          GtkGesture         *click = gtk_gesture_click_new ();
          GtkEventController *motion = gtk_event_controller_motion_new ();
          Press              *press = g_new0 (Press, 1);

          press->run = -1;
          g_object_set_data_full (G_OBJECT (label), PRESS_KEY, press, g_free);
          /* Capture phase: the label's own selection gestures run later. */
          gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
          gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
          g_signal_connect (click, "pressed", G_CALLBACK (link_pressed_cb), NULL);
          g_signal_connect (click, "released", G_CALLBACK (link_released_cb), NULL);
          gtk_widget_add_controller (GTK_WIDGET (label), GTK_EVENT_CONTROLLER (click));
          g_signal_connect (motion, "motion", G_CALLBACK (link_motion_cb), NULL);
          gtk_widget_add_controller (GTK_WIDGET (label), motion);
        }
      gtk_label_set_extra_menu (label, menu);
    }
  else if (gtk_label_get_extra_menu (label) != NULL)
    gtk_label_set_extra_menu (label, NULL);
}

GtkWidget *
spark_markdown_label_new (const SparkMarkdownBlock *block,
                          const char               *css_class,
                          gboolean                  dark)
{
  GtkWidget *label;

  g_return_val_if_fail (block != NULL, NULL);

  label = g_object_new (GTK_TYPE_LABEL,
                        "accessible-role", block->type == SPARK_MARKDOWN_HEADING ? GTK_ACCESSIBLE_ROLE_HEADING : GTK_ACCESSIBLE_ROLE_LABEL,
                        NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  spark_markdown_label_set_block (GTK_LABEL (label), block, dark);
  return label;
}

/* Link colours and code backgrounds are attributes: redo them for the
 * other style. (Code blocks follow the style on their own.) */
void
spark_markdown_label_restyle_all (GtkWidget *widget,
                                  gboolean   dark)
{
  const SparkMarkdownBlock *block;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  block = g_object_get_data (G_OBJECT (widget), BLOCK_KEY);
  if (GTK_IS_LABEL (widget) && block != NULL)
    {
      g_autoptr (PangoAttrList) attrs = attributes_for (block, dark);
      gtk_label_set_attributes (GTK_LABEL (widget), attrs);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    spark_markdown_label_restyle_all (child, dark);
}
