/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders a SparkMarkdownDoc into widgets, one per top-level block, and
 * keeps them in step with the text as it streams: boxes for lists, items
 * and quotes, grids for tables, code blocks, and for text the labels of
 * spark-markdown-label.c, whose links come back here as the
 * markdown.open-link action (only http, https and mailto are opened). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "spark-code-block.h"
#include "spark-markdown-label.h"
#include "spark-markdown-view.h"
#include "spark-markdown.h"

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

static GtkWidget *build_block (SparkMarkdownView        *self,
                               const SparkMarkdownBlock *block,
                               guint                     depth);
static gboolean   update_block (SparkMarkdownView        *self,
                                GtkWidget                *widget,
                                const SparkMarkdownBlock *old,
                                const SparkMarkdownBlock *block,
                                guint                     depth);

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
          GtkWidget                *label = spark_markdown_label_new (cell, "md-cell", self->dark);

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

        widget = spark_markdown_label_new (block, "md-heading", self->dark);
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
      return spark_markdown_label_new (block, "md-html", self->dark);
    case SPARK_MARKDOWN_PARAGRAPH:
    case SPARK_MARKDOWN_ITEM:
    case SPARK_MARKDOWN_ROW:
    case SPARK_MARKDOWN_CELL:
    default:
      return spark_markdown_label_new (block, "md-paragraph", self->dark);
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
      spark_markdown_label_set_block (GTK_LABEL (widget), block, self->dark);
      return TRUE;
    case SPARK_MARKDOWN_HEADING:
      if (old->level != block->level)
        return FALSE;
      spark_markdown_label_set_block (GTK_LABEL (widget), block, self->dark);
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

static void
dark_changed_cb (SparkMarkdownView *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *style)
{
  gboolean dark = adw_style_manager_get_dark (style);

  if (dark == self->dark)
    return;
  self->dark = dark;
  spark_markdown_label_restyle_all (GTK_WIDGET (self), dark);
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
