/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A selectable, wrapping GtkLabel that shows the text of one markdown
 * block (paragraph, heading, table cell, HTML) with its styles as Pango
 * attributes, never as markup. Its links show the pointer cursor and their
 * address as a tooltip, open on a click and are listed in the label's
 * context menu; both go through the "markdown.open-link" (s) and
 * "markdown.copy-link" (s) actions, which an ancestor (SparkMarkdownView)
 * provides. */
#pragma once

#include <gtk/gtk.h>

#include "spark-markdown.h"

G_BEGIN_DECLS

/* A label showing @block, with the CSS class @css_class; @dark: colours
 * for the dark style. */
GtkWidget *spark_markdown_label_new (const SparkMarkdownBlock *block,
                                     const char               *css_class,
                                     gboolean                  dark);
/* Makes @label (from spark_markdown_label_new()) show @block. */
void spark_markdown_label_set_block (GtkLabel                 *label,
                                     const SparkMarkdownBlock *block,
                                     gboolean                  dark);
/* Gives every such label in @widget's tree the colours of the light or
 * dark style. */
void spark_markdown_label_restyle_all (GtkWidget *widget,
                                       gboolean   dark);

G_END_DECLS
