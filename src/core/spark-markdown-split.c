/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a Markdown text can be cut into independently parsed pieces.
 *
 * A cut goes before a line that starts in column 0, is not a list item and
 * follows a blank line. Such a line closes every container (a list item
 * needs indentation to go on after a blank line, a block quote needs '>'),
 * and the blank line has ended paragraphs, tables and HTML blocks of kinds
 * 6 and 7. What can still be open is a fenced code block or an HTML block
 * of kinds 1-5 at the top level: those run until their end marker, across
 * blank lines. So the scan tracks those, and for that it must know whether
 * an indented fence or HTML start belongs to an open list item, and
 * whether a table or an HTML block of kind 6 or 7 takes the line as its
 * own (md4c 0.4 reads every line up to a blank one as a table row, a fence
 * included).
 *
 * md4c 0.4 has a quirk that reaches across blank lines: while a fenced
 * code block inside a list item (or quote) is still open, the first line
 * that is outside the item is first tested as that fence's closing line,
 * so "```" there is swallowed and "```py" becomes paragraph text instead of
 * opening a block. The scan follows fences inside the top-level container
 * well enough to know when that cannot happen, and gives up cutting the
 * rest of the text when it can.
 *
 * md4c 0.4 may also end a list item at the first line after a blank line
 * where no block is open in the item (a second blank line after a
 * paragraph, one after a heading or a closing fence): it then reads that
 * line at the top level, less the item's indentation, so "  ```" there can
 * open a fence at the top level. Whether it does depends on the low byte
 * of a text offset (spark-markdown.c parses each piece at its offset
 * modulo 256 for that), so the scan follows both readings.
 *
 * Where the answer depends on details this scan does not model (lazy
 * continuation lines, tabs after a list marker, syntax that md4c versions
 * read differently), it follows every possible reading at once and cuts
 * only where all of them agree that nothing is open. Link reference
 * definitions are global to a document; a text that may have one is not
 * cut at all (spark_markdown_may_define_references()). */
#include "spark-markdown-split.h"
#include "spark-markdown-lines.h"

#include <string.h>

/* More open readings than this: stop cutting for the rest of the text. */
#define MAX_READINGS 16

typedef enum
{
  RAW_NONE,
  RAW_FENCE,
  RAW_HTML,
} RawKind;

typedef enum
{
  NESTED_NONE,
  NESTED_OPEN,    /* a fence inside the container, opened as recorded */
  NESTED_UNKNOWN, /* a fence inside the container may be open */
} NestedKind;

/* One reading of the block structure at the start of a line. */
typedef struct
{
  guint8  raw;         /* RawKind of the top-level block that is open */
  guint8  kind;        /* fence character, or HTML block kind 1-5 */
  guint8  empty_start; /* the open list item's first line had no content */
  guint8  quote;       /* a top-level block quote is open */
  guint8  table;       /* a top-level table is open */
  guint8  html_block;  /* a top-level HTML block of kind 6 or 7 is open */
  guint32 fence_len;
  guint32 content_col; /* of the open top-level list item; 0: none */
  /* A fence inside the open top-level item or quote. */
  guint8  nested;
  guint8  nested_char;
  guint16 nested_quotes; /* '>' marks before it */
  guint8  nested_table;  /* a table inside the container may be open */
  guint32 nested_len;
  guint32 nested_col; /* column where its backticks or tildes start */
  /* md4c 0.4 may close the item at a blank line (always for one that
   * began with a blank line, see step()) but still takes this many
   * columns off the indentation of the next line, which it then reads at
   * the top level. */
  guint32 dedent;
} Reading;

typedef struct
{
  Reading  readings[MAX_READINGS];
  guint    n;
  gboolean lost;
} Scan;

static void
add (Scan          *scan,
     const Reading *r)
{
  for (guint i = 0; i < scan->n; i++)
    if (memcmp (&scan->readings[i], r, sizeof *r) == 0)
      return;
  if (scan->n == MAX_READINGS)
    {
      scan->lost = TRUE;
      return;
    }
  scan->readings[scan->n++] = *r;
}

static void
close_container (Reading *r)
{
  r->content_col = 0;
  r->empty_start = FALSE;
  r->quote = FALSE;
  r->nested = NESTED_NONE;
  r->nested_table = FALSE;
}

/* Follows fences inside the open top-level container, for md4c's quirk
 * (see the top of the file). Any doubt makes it NESTED_UNKNOWN. */
static void
track_nested (Reading                 *r,
              const SparkMarkdownLine *line)
{
  gsize   p, col;
  guint   quotes;
  guint8  ch;
  guint32 len;

  if (line->blank || r->nested == NESTED_UNKNOWN)
    return;

  if (r->nested == NESTED_OPEN)
    {
      col = spark_markdown_line_skip_markers (line, FALSE, &p, &quotes);
      switch (spark_markdown_line_is_fence_close (line->s + p, line->len - p, (char) r->nested_char, r->nested_len))
        {
        case SPARK_MARKDOWN_YES:
          r->nested = col == r->nested_col && quotes == r->nested_quotes ? NESTED_NONE : NESTED_UNKNOWN;
          break;
        case SPARK_MARKDOWN_MAYBE:
          r->nested = NESTED_UNKNOWN;
          break;
        case SPARK_MARKDOWN_NO:
        default:
          /* Less indented or quoted than the fence: a container around
           * it may have ended, and the fence with it. */
          if (col < r->nested_col || quotes < r->nested_quotes)
            r->nested = NESTED_UNKNOWN;
          break;
        }
      return;
    }

  col = spark_markdown_line_skip_markers (line, TRUE, &p, &quotes);
  if (p < line->len && line->s[p] == '<')
    {
      /* An HTML block takes the lines after it, maybe across blank lines:
       * a fence there may open nothing. */
      r->nested = NESTED_UNKNOWN;
      return;
    }
  if (spark_markdown_line_may_be_table_underline (line->s + p, line->len - p))
    r->nested_table = TRUE;
  if (spark_markdown_line_is_fence (line->s + p, line->len - p, &ch, &len))
    {
      /* In a table, md4c 0.4 reads a fence as a row. */
      if (r->nested_table)
        {
          r->nested = NESTED_UNKNOWN;
          return;
        }
      r->nested = NESTED_OPEN;
      r->nested_char = ch;
      r->nested_len = len;
      r->nested_col = (guint32) MIN (col, G_MAXUINT32);
      r->nested_quotes = (guint16) MIN (quotes, G_MAXUINT16);
    }
}

/* The first line outside a container whose fence may still be open, when
 * md4c 0.4 would read it as that fence's closing line. */
static gboolean
quirk_applies (const Reading           *r,
               const SparkMarkdownLine *line)
{
  char c = line->p < line->len ? line->s[line->p] : '\0';

  if (r->raw != RAW_NONE || (r->content_col == 0 && !r->quote) || r->nested == NESTED_NONE || line->indent > 3)
    return FALSE;
  if (r->content_col != 0 && line->indent >= r->content_col)
    return FALSE;
  if (r->quote && c == '>')
    return FALSE;
  if (r->nested == NESTED_OPEN)
    return c == (char) r->nested_char;
  return c == '`' || c == '~';
}

/* The line is not in the open container (or there is none) and is plain
 * text or a block that may or may not be a lazy continuation of it. */
static void
text_line (Scan          *out,
           const Reading *r,
           gboolean       after_blank)
{
  Reading n = *r;

  if ((n.content_col != 0 || n.quote) && !after_blank)
    add (out, &n);
  close_container (&n);
  add (out, &n);
}

static void
list_item_line (Scan                    *out,
                const Reading           *r,
                const SparkMarkdownLine *line,
                gsize                    marker,
                gboolean                 restricted,
                gboolean                 after_blank)
{
  const char *rest = line->s + line->p + marker;
  gsize       rest_len = line->len - line->p - marker;
  gsize       marker_end = line->indent + marker;
  gsize       col = marker_end;
  gsize       i = 0;
  gboolean    tab = FALSE;
  Reading     item = *r;

  for (; i < rest_len && (rest[i] == ' ' || rest[i] == '\t'); i++)
    {
      tab |= rest[i] == '\t';
      col = rest[i] == '\t' ? col + 4 - col % 4 : col + 1;
    }
  close_container (&item);
  item.empty_start = i == rest_len;
  if (i == rest_len || col - marker_end > 4)
    col = marker_end + 1;
  item.content_col = (guint32) MIN (col, G_MAXUINT32);
  track_nested (&item, line);
  add (out, &item);
  if (tab)
    {
      item.content_col = (guint32) MIN (marker_end + 1, G_MAXUINT32);
      add (out, &item);
    }

  /* An empty item or an ordered one not starting at 1 cannot interrupt a
   * paragraph: then the line is text. */
  if ((restricted || item.empty_start) && !after_blank)
    text_line (out, r, after_blank);
}

/* If the line starts a fence or an HTML block of kind 1-5, adds the
 * readings where it does and returns TRUE. */
static gboolean
open_raw (Scan          *out,
          const Reading *r,
          const char    *s,
          gsize          len,
          gboolean       after_blank)
{
  Reading          raw = *r;
  gsize            opener_len = 0;
  guint8           kind;
  SparkMarkdownTri certain;
  SparkMarkdownTri end;

  close_container (&raw);
  if (spark_markdown_line_is_fence (s, len, &raw.kind, &raw.fence_len))
    {
      raw.raw = RAW_FENCE;
      add (out, &raw);
      return TRUE;
    }

  kind = spark_markdown_line_html_start (s, len, &opener_len, &certain);
  if (kind == 0)
    return FALSE;
  raw.raw = RAW_HTML;
  raw.kind = kind;
  end = spark_markdown_line_html_end (kind, s, len);
  if (end != SPARK_MARKDOWN_NO)
    {
      /* An end marker that overlaps the opener ("<!-->") may not count. */
      if (spark_markdown_line_html_end (kind, s + opener_len, len - opener_len) != SPARK_MARKDOWN_YES)
        add (out, &raw);
      raw.raw = RAW_NONE;
    }
  add (out, &raw);
  if (certain == SPARK_MARKDOWN_MAYBE)
    text_line (out, r, after_blank);
  return TRUE;
}

/* @no_block: a blank line, when md4c may have no block open before it. */
static void
step (Scan                    *out,
      const Reading           *r,
      const SparkMarkdownLine *line,
      gboolean                 after_blank,
      gboolean                 no_block)
{
  const char *s = line->s + line->p;
  gsize       len = line->len - line->p;
  Reading     n = *r;
  gsize       marker;
  gboolean    restricted;

  if (r->raw == RAW_FENCE)
    {
      SparkMarkdownTri end = line->blank || line->indent > 3 ? SPARK_MARKDOWN_NO : spark_markdown_line_is_fence_close (s, len, (char) r->kind, r->fence_len);

      if (end != SPARK_MARKDOWN_YES)
        add (out, &n);
      if (end != SPARK_MARKDOWN_NO)
        {
          n.raw = RAW_NONE;
          add (out, &n);
        }
      return;
    }
  if (r->raw == RAW_HTML)
    {
      SparkMarkdownTri end = spark_markdown_line_html_end (r->kind, line->s, line->len);

      if (end != SPARK_MARKDOWN_YES)
        add (out, &n);
      if (end != SPARK_MARKDOWN_NO)
        {
          n.raw = RAW_NONE;
          add (out, &n);
        }
      return;
    }

  if (line->blank)
    {
      /* A blank line ends a block quote. At a blank line where no block
       * is open in a list item, md4c 0.4 checks whether the item is still
       * empty by reading the last bytes of its block buffer as a block
       * header: true for an item that began with a blank line, and for any
       * other item when a line offset there happens to look like one. It
       * then ends the item at the next line that would stay in it (see
       * dedent). */
      n.table = FALSE;
      n.html_block = FALSE;
      n.nested_table = FALSE;
      if (n.quote)
        close_container (&n);
      if (n.content_col != 0 && (n.empty_start || no_block))
        {
          guint32 col = n.content_col;

          n.empty_start = FALSE;
          add (out, &n);
          close_container (&n);
          n.dedent = col;
        }
      add (out, &n);
      return;
    }

  if (n.dedent != 0)
    {
      guint32 dedent = n.dedent;

      n.dedent = 0;
      if (line->indent >= dedent)
        {
          SparkMarkdownLine reduced = *line;

          reduced.indent -= dedent;
          step (out, &n, &reduced, after_blank, FALSE);
        }
    }

  if (n.html_block)
    {
      /* Up to a blank line, every line is part of it. */
      add (out, &n);
      return;
    }
  if (n.table)
    {
      /* md4c 0.4 reads every line up to a blank one as a row of the table
       * (a fence, a heading, HTML), unless it starts a container or is a
       * rule. */
      if (line->indent > 3 || (!spark_markdown_line_is_thematic_break (s, len) && spark_markdown_line_list_marker (s, len, &restricted) == 0 && s[0] != '>'))
        {
          add (out, &n);
          return;
        }
      n.table = FALSE;
    }

  n.empty_start = FALSE;
  if ((n.content_col != 0 && line->indent >= n.content_col) || (n.quote && line->indent <= 3 && s[0] == '>'))
    {
      /* Inside the container: nothing changes at the top level. */
      track_nested (&n, line);
      add (out, &n);
      return;
    }
  if (quirk_applies (r, line))
    {
      out->lost = TRUE;
      return;
    }
  if (!after_blank && spark_markdown_line_may_be_table_underline (s, len))
    {
      /* A table at the top level, if the line above was a paragraph's
       * only line there (md4c 0.4 takes an indented delimiter row too). */
      Reading table = n;

      close_container (&table);
      table.table = TRUE;
      add (out, &table);
    }
  if (s[0] == '<' && (line->indent <= 3 || !after_blank))
    {
      /* An HTML block of kind 6 or 7 (these run to a blank line), if the
       * tag is one: also where md4c versions differ on kinds 1-5. */
      Reading html = n;

      close_container (&html);
      html.html_block = TRUE;
      add (out, &html);
    }
  if (line->indent >= 4)
    {
      /* md4c 0.4 lets a fence or HTML block start on an indented line that
       * follows paragraph text (CommonMark: it continues the paragraph). */
      if (!after_blank)
        open_raw (out, &n, s, len, after_blank);
      text_line (out, &n, after_blank);
      return;
    }

  if (open_raw (out, &n, s, len, after_blank))
    return;

  if (spark_markdown_line_is_thematic_break (s, len) || spark_markdown_line_is_atx_heading (s, len))
    {
      close_container (&n);
      add (out, &n);
      return;
    }

  marker = spark_markdown_line_list_marker (s, len, &restricted);
  if (marker != 0)
    {
      list_item_line (out, &n, line, marker, restricted, after_blank);
      return;
    }

  if (s[0] == '>')
    {
      close_container (&n);
      n.quote = TRUE;
      track_nested (&n, line);
      add (out, &n);
      return;
    }

  text_line (out, &n, after_blank);
}

/* Whether every reading agrees that the line starts afresh. */
static gboolean
nothing_open (const Scan              *scan,
              const SparkMarkdownLine *line)
{
  if (scan->lost)
    return FALSE;
  for (guint i = 0; i < scan->n; i++)
    if (scan->readings[i].raw != RAW_NONE || quirk_applies (&scan->readings[i], line))
      return FALSE;
  return TRUE;
}

static void
scan_reset (Scan *scan)
{
  memset (scan, 0, sizeof *scan);
  scan->n = 1;
}

void
spark_markdown_find_splits (const char *text,
                            gsize       len,
                            gsize       from,
                            GArray     *splits)
{
  Scan     scan, next;
  gboolean after_blank = FALSE;
  gboolean no_block = TRUE;
  gsize    pos = from;

  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (splits != NULL);

  scan_reset (&scan);
  while (pos < len)
    {
      SparkMarkdownLine line;
      gboolean          restricted;

      spark_markdown_line_read (text, len, pos, &line);

      if (after_blank && !line.blank && line.p == 0 && nothing_open (&scan, &line)
          && spark_markdown_line_list_marker (line.s, line.len, &restricted) == 0)
        {
          /* A line cut short by the end of the text may still become a
           * list item ("1" → "1. "): the decision counts the bytes the
           * marker check read, the line ending included. */
          SparkMarkdownSplit split = {
            .offset = pos,
            .decided = pos + MIN (spark_markdown_line_marker_lookahead (line.s, line.len), line.len + 1),
          };
          g_array_append_val (splits, split);
          scan_reset (&scan);
        }

      if (!scan.lost)
        {
          memset (&next, 0, sizeof next);
          for (guint i = 0; i < scan.n && !next.lost; i++)
            step (&next, &scan.readings[i], &line, after_blank, line.blank && no_block);
          scan = next;
        }
      no_block = line.blank || spark_markdown_line_may_end_block (&line);
      after_blank = line.blank;
      pos = line.next;
    }
}

/* "]:" anywhere (the text may hold NUL bytes). */
static gboolean
has_bracket_colon (const char *text,
                   gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while ((p = memchr (p, ']', end - p)) != NULL)
    {
      if (++p < end && *p == ':')
        return TRUE;
    }
  return FALSE;
}

gboolean
spark_markdown_may_define_references (const char *text,
                                      gsize       len)
{
  gsize pos = 0;

  g_return_val_if_fail (text != NULL || len == 0, TRUE);

  if (!has_bracket_colon (text, len))
    return FALSE;

  /* A definition starts a line after the markers of its containers. */
  while (pos < len)
    {
      SparkMarkdownLine line;
      gsize             i;
      gboolean          restricted;

      spark_markdown_line_read (text, len, pos, &line);
      i = 0;
      for (;;)
        {
          gsize marker;

          while (i < line.len && (line.s[i] == ' ' || line.s[i] == '\t' || line.s[i] == '>'))
            i++;
          marker = spark_markdown_line_list_marker (line.s + i, line.len - i, &restricted);
          if (marker == 0)
            break;
          i += marker;
        }
      if (i < line.len && line.s[i] == '[')
        return TRUE;
      pos = line.next;
    }
  return FALSE;
}
