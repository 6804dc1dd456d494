/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Markdown (CommonMark + tables, strikethrough, task lists, autolinks,
 * parsed by md4c) turned into a small tree of blocks for the chat view to
 * render. Pure data: no GTK, no markup. Inline text is plain text plus
 * style runs; raw HTML and entities stay literal text, and only http(s)
 * and mailto links are kept as links.
 *
 * A document is cut at blank lines into pieces that parse alone the same
 * as in the whole text (see spark-markdown-split.c), so while a reply
 * streams, spark_markdown_update() re-parses only the piece that changed:
 * usually the last block. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_MARKDOWN_PARAGRAPH,
  SPARK_MARKDOWN_HEADING,
  SPARK_MARKDOWN_LIST,
  SPARK_MARKDOWN_ITEM,
  SPARK_MARKDOWN_QUOTE,
  SPARK_MARKDOWN_CODE,
  SPARK_MARKDOWN_TABLE,
  SPARK_MARKDOWN_ROW,
  SPARK_MARKDOWN_CELL,
  SPARK_MARKDOWN_RULE,
  SPARK_MARKDOWN_HTML,
} SparkMarkdownBlockType;

typedef enum
{
  SPARK_MARKDOWN_STYLE_EMPHASIS = 1 << 0,
  SPARK_MARKDOWN_STYLE_STRONG = 1 << 1,
  SPARK_MARKDOWN_STYLE_STRIKE = 1 << 2,
  SPARK_MARKDOWN_STYLE_CODE = 1 << 3,
} SparkMarkdownStyle;

typedef enum
{
  SPARK_MARKDOWN_ALIGN_DEFAULT,
  SPARK_MARKDOWN_ALIGN_LEFT,
  SPARK_MARKDOWN_ALIGN_CENTER,
  SPARK_MARKDOWN_ALIGN_RIGHT,
} SparkMarkdownAlign;

/* A stretch of a block's text with one style: [start, end) in bytes. */
typedef struct
{
  guint              start;
  guint              end;
  SparkMarkdownStyle style;
  char              *href; /* a link's target (http, https or mailto), or NULL */
} SparkMarkdownRun;

typedef struct _SparkMarkdownBlock SparkMarkdownBlock;

/* Read-only once parsed; shared by reference. */
struct _SparkMarkdownBlock
{
  SparkMarkdownBlockType type;

  /* PARAGRAPH, HEADING, CELL: the text as shown, with runs that tile it
   * (no gaps, in order). CODE, HTML: the literal text, no final newline,
   * and no runs. Always valid UTF-8 without NUL bytes. */
  char   *text;
  GArray *runs; /* of SparkMarkdownRun; NULL for CODE and HTML */

  /* Child blocks: LIST → ITEM → any; QUOTE → any; TABLE → ROW → CELL. */
  GPtrArray *children;

  guint              level;    /* HEADING: 1-6 */
  gboolean           ordered;  /* LIST */
  guint              start;    /* LIST: the first item's number if ordered */
  gboolean           tight;    /* LIST: items without blank lines between */
  gboolean           task;     /* ITEM: a task list item ([ ] or [x]) */
  gboolean           checked;  /* ITEM: [x] */
  char              *language; /* CODE: first word of the fence's info, or NULL */
  gboolean           header;   /* ROW, CELL: in the table's header */
  SparkMarkdownAlign align;    /* CELL */
  guint              columns;  /* TABLE */

  /* Top-level blocks: the source bytes [source_start, source_end) they
   * were parsed from. Blocks parsed from the same piece share it. */
  gsize source_start;
  gsize source_end;

  /*< private >*/
  gatomicrefcount ref_count;
};

typedef struct _SparkMarkdownDoc SparkMarkdownDoc;

SparkMarkdownDoc *spark_markdown_parse (const char *text,
                                        gssize      len);
/* The same, without cutting the text into pieces: what
 * spark_markdown_parse() must always agree with (for tests). */
SparkMarkdownDoc *spark_markdown_parse_whole (const char *text,
                                              gssize      len);
/* Makes @doc the parse of @text, keeping the top-level blocks of every
 * piece that ends before the text changed. Returns how many leading
 * top-level blocks were kept: those are the same pointers as before. */
guint       spark_markdown_update (SparkMarkdownDoc *doc,
                                   const char       *text,
                                   gssize            len);
const char *spark_markdown_doc_get_text (const SparkMarkdownDoc *doc);
gsize       spark_markdown_doc_get_length (const SparkMarkdownDoc *doc);
guint       spark_markdown_doc_get_n_blocks (const SparkMarkdownDoc *doc);
/* The block belongs to @doc; ref it to keep it past the next update. */
SparkMarkdownBlock *spark_markdown_doc_get_block (const SparkMarkdownDoc *doc,
                                                  guint                   index);
/* A stable, readable dump of the block tree (tests, debugging). */
char *spark_markdown_doc_to_string (const SparkMarkdownDoc *doc);
void  spark_markdown_doc_free (SparkMarkdownDoc *doc);

/* An empty block of @type, for the parser (and tests). */
SparkMarkdownBlock *spark_markdown_block_new (SparkMarkdownBlockType type);
SparkMarkdownBlock *spark_markdown_block_ref (SparkMarkdownBlock *block);
void                spark_markdown_block_unref (SparkMarkdownBlock *block);
/* Same content (source ranges aside). */
gboolean spark_markdown_block_equal (const SparkMarkdownBlock *a,
                                     const SparkMarkdownBlock *b);
void     spark_markdown_block_to_string (const SparkMarkdownBlock *block,
                                         GString                  *out,
                                         guint                     depth);

/* Whether a link to @uri may be followed: http, https and mailto only. */
gboolean spark_markdown_uri_is_safe (const char *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkMarkdownDoc, spark_markdown_doc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkMarkdownBlock, spark_markdown_block_unref)

G_END_DECLS
