/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Markdown block syntax on one line, as md4c 0.4 reads it (or more, where
 * md4c versions differ): fences, HTML block starts and ends, rules,
 * headings, list and quote markers, table delimiter rows. The building
 * blocks of spark-markdown-split.c's scan; internal to it (and its tests
 * and fuzz target). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_MARKDOWN_NO,
  SPARK_MARKDOWN_YES,
  SPARK_MARKDOWN_MAYBE,
} SparkMarkdownTri;

/* One line of a text, as spark_markdown_line_read() found it. */
typedef struct
{
  const char *s;
  gsize       len;    /* without the line ending */
  gsize       next;   /* offset of the next line */
  gsize       indent; /* columns of leading space, tabs to multiples of 4 */
  gsize       p;      /* byte index of the first other character */
  gboolean    blank;
} SparkMarkdownLine;

/* Reads the line of @text (@len bytes) that starts at @pos: its end, its
 * indentation and where the next line starts. */
void spark_markdown_line_read (const char        *text,
                               gsize              len,
                               gsize              pos,
                               SparkMarkdownLine *line);

/* Whether @s opens a fenced code block: sets its character and length. */
gboolean spark_markdown_line_is_fence (const char *s,
                                       gsize       len,
                                       guint8     *ch,
                                       guint32    *n);

/* Whether @s closes a fence of @ch × @fence_len. md4c 0.4 allows only
 * spaces after it, CommonMark 0.30 also tabs. */
SparkMarkdownTri spark_markdown_line_is_fence_close (const char *s,
                                                     gsize       len,
                                                     char        ch,
                                                     gsize       fence_len);

/* The start of an HTML block of kind 1-5: returns the kind (0: none) and
 * the opener's length; @certain is SPARK_MARKDOWN_MAYBE where md4c
 * versions differ. */
guint8 spark_markdown_line_html_start (const char       *s,
                                       gsize             len,
                                       gsize            *opener_len,
                                       SparkMarkdownTri *certain);

/* Whether @s holds the end marker of an HTML block of @kind (1-5). */
SparkMarkdownTri spark_markdown_line_html_end (guint8      kind,
                                               const char *s,
                                               gsize       len);

/* A thematic break ("---", "* * *"), without its indentation. */
gboolean spark_markdown_line_is_thematic_break (const char *s,
                                                gsize       len);

/* An ATX heading ("# Title"), without its indentation. */
gboolean spark_markdown_line_is_atx_heading (const char *s,
                                             gsize       len);

/* A list marker at @s: its width in bytes (0: none). @restricted: it
 * cannot interrupt a paragraph (an ordered start other than 1). */
gsize spark_markdown_line_list_marker (const char *s,
                                       gsize       len,
                                       gboolean   *restricted);

/* Whether @s may be a table's delimiter row ("|---|:-:"), which makes the
 * text line above it a table's header. Errs on the side of TRUE. */
gboolean spark_markdown_line_may_be_table_underline (const char *s,
                                                     gsize       len);

/* Skips the markers of containers nested in the top-level one (spaces,
 * '>' and, with @markers, list markers): sets *p to the content's first
 * byte and returns its column; *quotes counts the '>'. */
gsize spark_markdown_line_skip_markers (const SparkMarkdownLine *line,
                                        gboolean                 markers,
                                        gsize                   *p,
                                        guint                   *quotes);

/* How many bytes of a line spark_markdown_line_list_marker() looks at to
 * say no: past the end means the line ending. */
gsize spark_markdown_line_marker_lookahead (const char *s,
                                            gsize       len);

/* Whether md4c may have no block open after @line (one that ends its
 * block by itself: a closing fence, a heading, a rule, the end of an HTML
 * block, container markers alone). Errs on the side of TRUE. */
gboolean spark_markdown_line_may_end_block (const SparkMarkdownLine *line);

G_END_DECLS
