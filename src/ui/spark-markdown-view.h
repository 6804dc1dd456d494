/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Markdown rendered as widgets: selectable labels styled with Pango
 * attributes (model text is never markup), lists, quotes, tables, rules
 * and code blocks. Setting new text rebuilds only what changed, so a
 * streaming reply can be set once per frame. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPARK_TYPE_MARKDOWN_VIEW (spark_markdown_view_get_type ())
G_DECLARE_FINAL_TYPE (SparkMarkdownView, spark_markdown_view, SPARK, MARKDOWN_VIEW, GtkWidget)

GtkWidget *spark_markdown_view_new (void);
/* The markdown source shown (never NULL). */
const char *spark_markdown_view_get_text (SparkMarkdownView *self);
/* Widgets of top-level blocks before the first change are kept as they
 * are; the changed tail is updated in place where it can be. */
void spark_markdown_view_set_text (SparkMarkdownView *self,
                                   const char        *text);

/* Signals:
 * gboolean activate-link (SparkMarkdownView *view, const char *uri):
 *   a link was clicked or chosen from a text's context menu. @uri is
 *   always http, https or mailto. The default handler opens it with
 *   gtk_show_uri(); return TRUE to stop that. */

G_END_DECLS
