/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders a SparkMarkdownDoc into widgets, one per top-level block, and
 * keeps them in step with the text as it streams.
 *
 * Text goes into GtkLabels with gtk_label_set_text() and a PangoAttrList
 * built from the block's runs; use-markup is never on, so nothing a model
 * writes can become markup. Links are ranges of those attributes: a click
 * (press and release on the same link, no text selected, no drag) or the
 * label's context menu opens them, and only http, https and mailto. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "spark-code-block.h"
#include "spark-markdown-view.h"
#include "spark-markdown.h"

/* Links listed in a label's context menu, at most. */
#define MAX_MENU_LINKS 4
/* The narrowest a long paragraph gets, in characters (see fill_label). */
#define MIN_WRAP_CHARS 20

struct _SparkMarkdownView
{
  GtkWidget parent_instance;

  SparkMarkdownDoc *doc;
  GPtrArray        *blocks; /* the top-level blocks shown, one per child */
  gboolean          dark;
};

G_DEFINE_FINAL_TYPE (SparkMarkdownView, spark_markdown_view, GTK_TYPE_WIDGET)

enum
{
  ACTIVATE_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Per label: the block it shows and the link a press landed on. */
#define BLOCK_KEY "spark-markdown-block"
#define PRESS_KEY "spark-markdown-press"

typedef struct
{
  int    run; /* index of the pressed link run, -1: none */
  double x, y;
} Press;

static GtkWidget *build_block (SparkMarkdownView        *self,
                               const SparkMarkdownBlock *block,
                               guint                     depth);
static gboolean   update_block (SparkMarkdownView        *self,
                                GtkWidget                *widget,
                                const SparkMarkdownBlock *old,
                                const SparkMarkdownBlock *block,
                                guint                     depth);

/* ------------------------------------------------------------------ */
/* Labels */

static PangoAttrList *
attributes_for (SparkMarkdownView        *self,
                const SparkMarkdownBlock *block)
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
          guint16 tone = self->dark ? 0xFFFF : 0;

          attrs[n++] = pango_attr_family_new ("monospace");
          attrs[n++] = pango_attr_background_new (tone, tone, tone);
          attrs[n++] = pango_attr_background_alpha_new (self->dark ? 0x2000 : 0x1400);
        }
      if (run->href != NULL)
        {
          /* libadwaita 1.2's accent (link) colour in each style. */
          if (self->dark)
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
activate_link (SparkMarkdownView *self,
               const char        *uri)
{
  gboolean handled = FALSE;

  if (spark_markdown_uri_is_safe (uri))
    g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
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
link_released_cb (GtkGestureClick   *gesture,
                  int                n_press,
                  double             x,
                  double             y,
                  SparkMarkdownView *self)
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
  activate_link (self, run->href);
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

/* Shows @block's text in @label (new or reused). */
static void
fill_label (SparkMarkdownView        *self,
            GtkLabel                 *label,
            const SparkMarkdownBlock *block)
{
  g_autoptr (PangoAttrList) attrs = attributes_for (self, block);

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
          g_signal_connect_object (click, "released", G_CALLBACK (link_released_cb), self, 0);
          gtk_widget_add_controller (GTK_WIDGET (label), GTK_EVENT_CONTROLLER (click));
          g_signal_connect (motion, "motion", G_CALLBACK (link_motion_cb), NULL);
          gtk_widget_add_controller (GTK_WIDGET (label), motion);
        }
      gtk_label_set_extra_menu (label, menu);
    }
  else if (gtk_label_get_extra_menu (label) != NULL)
    gtk_label_set_extra_menu (label, NULL);
}

static GtkWidget *
new_label (SparkMarkdownView        *self,
           const SparkMarkdownBlock *block,
           const char               *css_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", block->type == SPARK_MARKDOWN_HEADING ? GTK_ACCESSIBLE_ROLE_HEADING : GTK_ACCESSIBLE_ROLE_LABEL,
                                   NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  fill_label (self, GTK_LABEL (label), block);
  return label;
}

/* ------------------------------------------------------------------ */
/* Containers */

static GtkWidget *
new_box (GtkOrientation orientation,
         int            spacing,
         const char    *css_class)
{
  GtkWidget *box = gtk_box_new (orientation, spacing);

  gtk_widget_add_css_class (box, css_class);
  return box;
}

/* Makes the children of @box show @blocks, reusing what it can. @old are
 * the blocks the children showed (NULL: @box is empty). */
static void
sync_children (SparkMarkdownView *self,
               GtkWidget         *box,
               GPtrArray         *old,
               GPtrArray         *blocks,
               guint              first,
               guint              depth)
{
  GtkWidget *child = gtk_widget_get_first_child (box);
  GtkWidget *prev = NULL;
  guint      i;

  for (i = 0; i < first && child != NULL; i++)
    {
      prev = child;
      child = gtk_widget_get_next_sibling (child);
    }
  for (; i < blocks->len; i++)
    {
      const SparkMarkdownBlock *block = g_ptr_array_index (blocks, i);
      const SparkMarkdownBlock *was = old != NULL && i < old->len ? g_ptr_array_index (old, i) : NULL;
      GtkWidget                *next = child ? gtk_widget_get_next_sibling (child) : NULL;

      if (child == NULL || was == NULL || !update_block (self, child, was, block, depth))
        {
          GtkWidget *widget = build_block (self, block, depth);

          if (GTK_IS_BOX (box))
            gtk_box_insert_child_after (GTK_BOX (box), widget, prev);
          else
            gtk_widget_insert_after (widget, box, prev);
          if (child != NULL)
            {
              if (GTK_IS_BOX (box))
                gtk_box_remove (GTK_BOX (box), child);
              else
                gtk_widget_unparent (child);
            }
          child = widget;
        }
      prev = child;
      child = next;
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_BOX (box))
        gtk_box_remove (GTK_BOX (box), child);
      else
        gtk_widget_unparent (child);
      child = next;
    }
}

static const char *
bullet (guint depth)
{
  static const char *const bullets[] = { "•", "◦", "▪" };

  return bullets[MIN (depth, G_N_ELEMENTS (bullets) - 1)];
}

static GtkWidget *
build_marker (const SparkMarkdownBlock *list,
              const SparkMarkdownBlock *item,
              guint                     index,
              guint                     depth,
              GtkSizeGroup             *group)
{
  GtkWidget *marker;

  if (item->task)
    {
      marker = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (marker), item->checked);
      /* Shown, not toggled: an insensitive one would be too faint to read. */
      gtk_widget_set_can_target (marker, FALSE);
      gtk_widget_set_focusable (marker, FALSE);
      gtk_widget_add_css_class (marker, "md-task");
      gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      item->checked ? _ ("Done") : _ ("Not done"), -1);
    }
  else if (list->ordered)
    {
      g_autofree char *number = g_strdup_printf ("%u.", list->start + index);

      marker = gtk_label_new (number);
      gtk_label_set_xalign (GTK_LABEL (marker), 1);
      gtk_size_group_add_widget (group, marker);
    }
  else
    {
      marker = gtk_label_new (bullet (depth));
      gtk_label_set_xalign (GTK_LABEL (marker), 0.5);
    }
  gtk_widget_add_css_class (marker, "md-marker");
  gtk_widget_set_valign (marker, GTK_ALIGN_START);
  return marker;
}

static GtkWidget *
build_item (SparkMarkdownView        *self,
            const SparkMarkdownBlock *list,
            const SparkMarkdownBlock *item,
            guint                     index,
            guint                     depth,
            GtkSizeGroup             *group)
{
  GtkWidget *row = new_box (GTK_ORIENTATION_HORIZONTAL, 8, "md-item");
  GtkWidget *content = new_box (GTK_ORIENTATION_VERTICAL, list->tight ? 4 : 10, "md-item-content");

  gtk_widget_set_hexpand (content, TRUE);
  gtk_box_append (GTK_BOX (row), build_marker (list, item, index, depth, group));
  gtk_box_append (GTK_BOX (row), content);
  sync_children (self, content, NULL, item->children, 0, depth + 1);
  return row;
}

static GtkWidget *
build_list (SparkMarkdownView        *self,
            const SparkMarkdownBlock *list,
            guint                     depth)
{
  GtkWidget *box = new_box (GTK_ORIENTATION_VERTICAL, list->tight ? 4 : 10, "md-list");
  g_autoptr (GtkSizeGroup) group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  /* Later items added while streaming join the same size group. */
  g_object_set_data_full (G_OBJECT (box), "spark-markdown-markers", g_object_ref (group), g_object_unref);
  for (guint i = 0; i < list->children->len; i++)
    gtk_box_append (GTK_BOX (box), build_item (self, list, g_ptr_array_index (list->children, i), i, depth, group));
  return box;
}

static gboolean
update_list (SparkMarkdownView        *self,
             GtkWidget                *box,
             const SparkMarkdownBlock *old,
             const SparkMarkdownBlock *list,
             guint                     depth)
{
  GtkSizeGroup *group = g_object_get_data (G_OBJECT (box), "spark-markdown-markers");
  GtkWidget    *row = gtk_widget_get_first_child (box);
  guint         i;

  if (old->ordered != list->ordered || old->start != list->start || old->tight != list->tight || group == NULL)
    return FALSE;

  for (i = 0; i < list->children->len; i++)
    {
      const SparkMarkdownBlock *item = g_ptr_array_index (list->children, i);
      const SparkMarkdownBlock *was = i < old->children->len ? g_ptr_array_index (old->children, i) : NULL;
      GtkWidget                *next = row ? gtk_widget_get_next_sibling (row) : NULL;

      if (row != NULL && was != NULL && was->task == item->task && was->checked == item->checked)
        sync_children (self, gtk_widget_get_last_child (row), was->children, item->children, 0, depth + 1);
      else
        {
          GtkWidget *widget = build_item (self, list, item, i, depth, group);

          gtk_box_insert_child_after (GTK_BOX (box), widget, row ? gtk_widget_get_prev_sibling (row) : gtk_widget_get_last_child (box));
          if (row != NULL)
            gtk_box_remove (GTK_BOX (box), row);
        }
      row = next;
    }
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      gtk_box_remove (GTK_BOX (box), row);
      row = next;
    }
  return TRUE;
}

static GtkWidget *
build_table (SparkMarkdownView        *self,
             const SparkMarkdownBlock *table)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (grid, "md-table");
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);
  for (guint r = 0; r < table->children->len; r++)
    {
      const SparkMarkdownBlock *row = g_ptr_array_index (table->children, r);

      for (guint c = 0; c < row->children->len; c++)
        {
          const SparkMarkdownBlock *cell = g_ptr_array_index (row->children, c);
          GtkWidget                *label = new_label (self, cell, "md-cell");

          gtk_label_set_xalign (GTK_LABEL (label), cell->align == SPARK_MARKDOWN_ALIGN_RIGHT    ? 1.0
                                                   : cell->align == SPARK_MARKDOWN_ALIGN_CENTER ? 0.5
                                                                                                : 0.0);
          gtk_widget_set_hexpand (label, TRUE);
          if (row->header)
            gtk_widget_add_css_class (label, "md-cell-header");
          if (r + 1 == table->children->len)
            gtk_widget_add_css_class (label, "md-cell-last-row");
          if (c + 1 == row->children->len)
            gtk_widget_add_css_class (label, "md-cell-last-column");
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) r, 1, 1);
        }
    }
  return grid;
}

static GtkWidget *
build_block (SparkMarkdownView        *self,
             const SparkMarkdownBlock *block,
             guint                     depth)
{
  GtkWidget *widget;

  switch (block->type)
    {
    case SPARK_MARKDOWN_HEADING:
      {
        g_autofree char *level = g_strdup_printf ("md-h%u", block->level);

        widget = new_label (self, block, "md-heading");
        gtk_widget_add_css_class (widget, level);
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) block->level, -1);
        return widget;
      }
    case SPARK_MARKDOWN_LIST:
      return build_list (self, block, depth);
    case SPARK_MARKDOWN_QUOTE:
      widget = new_box (GTK_ORIENTATION_VERTICAL, 8, "md-quote");
      sync_children (self, widget, NULL, block->children, 0, depth);
      return widget;
    case SPARK_MARKDOWN_CODE:
      widget = spark_code_block_new (block->language);
      spark_code_block_set_code (SPARK_CODE_BLOCK (widget), block->text);
      return widget;
    case SPARK_MARKDOWN_TABLE:
      return build_table (self, block);
    case SPARK_MARKDOWN_RULE:
      widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (widget, "md-rule");
      return widget;
    case SPARK_MARKDOWN_HTML:
      return new_label (self, block, "md-html");
    case SPARK_MARKDOWN_PARAGRAPH:
    case SPARK_MARKDOWN_ITEM:
    case SPARK_MARKDOWN_ROW:
    case SPARK_MARKDOWN_CELL:
    default:
      return new_label (self, block, "md-paragraph");
    }
}

/* Makes @widget (built for @old) show @block, if it can be done in
 * place: text changes, a growing code block, items added to a list. */
static gboolean
update_block (SparkMarkdownView        *self,
              GtkWidget                *widget,
              const SparkMarkdownBlock *old,
              const SparkMarkdownBlock *block,
              guint                     depth)
{
  if (old == block)
    return TRUE;
  if (old->type != block->type)
    return FALSE;

  switch (block->type)
    {
    case SPARK_MARKDOWN_PARAGRAPH:
    case SPARK_MARKDOWN_HTML:
      fill_label (self, GTK_LABEL (widget), block);
      return TRUE;
    case SPARK_MARKDOWN_HEADING:
      if (old->level != block->level)
        return FALSE;
      fill_label (self, GTK_LABEL (widget), block);
      return TRUE;
    case SPARK_MARKDOWN_CODE:
      if (g_strcmp0 (old->language, block->language) != 0)
        return FALSE;
      spark_code_block_set_code (SPARK_CODE_BLOCK (widget), block->text);
      return TRUE;
    case SPARK_MARKDOWN_QUOTE:
      sync_children (self, widget, old->children, block->children, 0, depth);
      return TRUE;
    case SPARK_MARKDOWN_LIST:
      return update_list (self, widget, old, block, depth);
    case SPARK_MARKDOWN_RULE:
      return TRUE;
    case SPARK_MARKDOWN_TABLE:
      /* Tables are small: rebuilt unless unchanged. */
      return spark_markdown_block_equal (old, block);
    case SPARK_MARKDOWN_ITEM:
    case SPARK_MARKDOWN_ROW:
    case SPARK_MARKDOWN_CELL:
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* The view */

GtkWidget *
spark_markdown_view_new (void)
{
  return g_object_new (SPARK_TYPE_MARKDOWN_VIEW, NULL);
}

const char *
spark_markdown_view_get_text (SparkMarkdownView *self)
{
  g_return_val_if_fail (SPARK_IS_MARKDOWN_VIEW (self), NULL);
  return self->doc ? spark_markdown_doc_get_text (self->doc) : "";
}

void
spark_markdown_view_set_text (SparkMarkdownView *self,
                              const char        *text)
{
  g_autoptr (GPtrArray) old = NULL;
  guint kept;

  g_return_if_fail (SPARK_IS_MARKDOWN_VIEW (self));

  if (text == NULL)
    text = "";
  if (self->doc == NULL)
    {
      self->doc = spark_markdown_parse (text, -1);
      kept = 0;
    }
  else if (strcmp (text, spark_markdown_doc_get_text (self->doc)) == 0)
    return;
  else
    kept = spark_markdown_update (self->doc, text, -1);

  old = g_steal_pointer (&self->blocks);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_markdown_block_unref);
  for (guint i = 0; i < spark_markdown_doc_get_n_blocks (self->doc); i++)
    g_ptr_array_add (self->blocks, spark_markdown_block_ref (spark_markdown_doc_get_block (self->doc, i)));
  sync_children (self, GTK_WIDGET (self), old, self->blocks, kept, 0);
}

/* Link colours and code backgrounds are attributes: redo them for the
 * other style. (Code blocks follow the style on their own.) */
static void
restyle (SparkMarkdownView *self,
         GtkWidget         *widget)
{
  const SparkMarkdownBlock *block = g_object_get_data (G_OBJECT (widget), BLOCK_KEY);

  if (GTK_IS_LABEL (widget) && block != NULL)
    {
      g_autoptr (PangoAttrList) attrs = attributes_for (self, block);
      gtk_label_set_attributes (GTK_LABEL (widget), attrs);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    restyle (self, child);
}

static void
dark_changed_cb (SparkMarkdownView *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *style)
{
  gboolean dark = adw_style_manager_get_dark (style);

  if (dark == self->dark)
    return;
  self->dark = dark;
  restyle (self, GTK_WIDGET (self));
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  activate_link (SPARK_MARKDOWN_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
spark_markdown_view_activate_link (SparkMarkdownView *self,
                                   const char        *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  return TRUE;
}

static void
spark_markdown_view_dispose (GObject *object)
{
  SparkMarkdownView *self = SPARK_MARKDOWN_VIEW (object);
  GtkWidget         *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->doc, spark_markdown_doc_free);

  G_OBJECT_CLASS (spark_markdown_view_parent_class)->dispose (object);
}

static void
spark_markdown_view_class_init (SparkMarkdownViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_markdown_view_dispose;

  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (spark_markdown_view_activate_link), g_signal_accumulator_true_handled,
                                NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "markdown.open-link", "s", open_link_action);
  gtk_widget_class_install_action (widget_class, "markdown.copy-link", "s", copy_link_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
}

static void
spark_markdown_view_init (SparkMarkdownView *self)
{
  AdwStyleManager  *style = adw_style_manager_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_markdown_block_unref);
  self->dark = adw_style_manager_get_dark (style);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}
