/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds where Markdown text can be cut into pieces that md4c parses alone
 * exactly as it parses them inside the whole text, so that a streaming
 * reply only re-parses its last piece. Internal to spark-markdown.c (and
 * its tests and fuzz target). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* Where the next piece starts: the first byte of a line. */
  gsize offset;
  /* The split depends on the text in [0, decided) only: a text that
   * shares that prefix has the same split at the same place. */
  gsize decided;
} SparkMarkdownSplit;

/* Appends to @splits (of SparkMarkdownSplit) the splits of @text after
 * @from, in order. @from must be 0 or the offset of an earlier split: the
 * scan starts there as at the start of a document. */
void spark_markdown_find_splits (const char *text,
                                 gsize       len,
                                 gsize       from,
                                 GArray     *splits);

/* Whether @text may contain a link reference definition. Definitions are
 * global to a document (a use can come before them), so such a text must
 * be parsed as one piece. Errs on the side of TRUE. */
gboolean spark_markdown_may_define_references (const char *text,
                                               gsize       len);

G_END_DECLS
