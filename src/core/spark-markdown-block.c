/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkMarkdownBlock: the shared, read-only pieces of a parsed document,
 * compared and dumped for tests; and which link targets may be opened. */
#include "spark-markdown.h"

#include <string.h>

SparkMarkdownBlock *
spark_markdown_block_new (SparkMarkdownBlockType type)
{
  SparkMarkdownBlock *block = g_new0 (SparkMarkdownBlock, 1);

  block->type = type;
  block->children = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_markdown_block_unref);
  g_atomic_ref_count_init (&block->ref_count);
  return block;
}

SparkMarkdownBlock *
spark_markdown_block_ref (SparkMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, NULL);
  g_atomic_ref_count_inc (&block->ref_count);
  return block;
}

void
spark_markdown_block_unref (SparkMarkdownBlock *block)
{
  g_return_if_fail (block != NULL);

  if (!g_atomic_ref_count_dec (&block->ref_count))
    return;
  if (block->runs != NULL)
    {
      for (guint i = 0; i < block->runs->len; i++)
        g_free (g_array_index (block->runs, SparkMarkdownRun, i).href);
      g_array_unref (block->runs);
    }
  g_ptr_array_unref (block->children);
  g_free (block->text);
  g_free (block->language);
  g_free (block);
}

gboolean
spark_markdown_block_equal (const SparkMarkdownBlock *a,
                            const SparkMarkdownBlock *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->type != b->type || a->level != b->level || a->ordered != b->ordered || a->start != b->start
      || a->tight != b->tight || a->task != b->task || a->checked != b->checked || a->header != b->header
      || a->align != b->align || a->columns != b->columns || g_strcmp0 (a->language, b->language) != 0
      || g_strcmp0 (a->text, b->text) != 0 || (a->runs == NULL) != (b->runs == NULL)
      || a->children->len != b->children->len)
    return FALSE;
  if (a->runs != NULL)
    {
      if (a->runs->len != b->runs->len)
        return FALSE;
      for (guint i = 0; i < a->runs->len; i++)
        {
          const SparkMarkdownRun *ra = &g_array_index (a->runs, SparkMarkdownRun, i);
          const SparkMarkdownRun *rb = &g_array_index (b->runs, SparkMarkdownRun, i);

          if (ra->start != rb->start || ra->end != rb->end || ra->style != rb->style || g_strcmp0 (ra->href, rb->href) != 0)
            return FALSE;
        }
    }
  for (guint i = 0; i < a->children->len; i++)
    if (!spark_markdown_block_equal (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i)))
      return FALSE;
  return TRUE;
}

static const char *
type_name (SparkMarkdownBlockType type)
{
  static const char *const names[] = {
    "paragraph",
    "heading",
    "list",
    "item",
    "quote",
    "code",
    "table",
    "row",
    "cell",
    "rule",
    "html",
  };

  return type < G_N_ELEMENTS (names) ? names[type] : "?";
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_autofree char *escaped = g_strescape (text ? text : "", NULL);

  g_string_append_printf (out, " \"%s\"", escaped);
}

void
spark_markdown_block_to_string (const SparkMarkdownBlock *block,
                                GString                  *out,
                                guint                     depth)
{
  static const char *const aligns[] = { "", " left", " center", " right" };

  g_return_if_fail (block != NULL);
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, type_name (block->type));

  switch (block->type)
    {
    case SPARK_MARKDOWN_HEADING:
      g_string_append_printf (out, " %u", block->level);
      break;
    case SPARK_MARKDOWN_LIST:
      if (block->ordered)
        g_string_append_printf (out, " ordered start=%u", block->start);
      g_string_append (out, block->tight ? " tight" : " loose");
      break;
    case SPARK_MARKDOWN_ITEM:
      if (block->task)
        g_string_append (out, block->checked ? " [x]" : " [ ]");
      break;
    case SPARK_MARKDOWN_CODE:
      if (block->language != NULL)
        g_string_append_printf (out, " lang=%s", block->language);
      break;
    case SPARK_MARKDOWN_TABLE:
      g_string_append_printf (out, " columns=%u", block->columns);
      break;
    case SPARK_MARKDOWN_ROW:
      if (block->header)
        g_string_append (out, " header");
      break;
    case SPARK_MARKDOWN_CELL:
      g_string_append (out, aligns[block->align]);
      break;
    case SPARK_MARKDOWN_PARAGRAPH:
    case SPARK_MARKDOWN_QUOTE:
    case SPARK_MARKDOWN_RULE:
    case SPARK_MARKDOWN_HTML:
    default:
      break;
    }

  if (block->text != NULL)
    append_quoted (out, block->text);
  for (guint i = 0; block->runs != NULL && i < block->runs->len; i++)
    {
      const SparkMarkdownRun  *run = &g_array_index (block->runs, SparkMarkdownRun, i);
      static const char *const styles[] = { "em", "strong", "strike", "code" };
      const char              *sep = "";

      if (run->style == 0 && run->href == NULL)
        continue;
      g_string_append_printf (out, " [%u-%u ", run->start, run->end);
      for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
        if (run->style & (1u << s))
          {
            g_string_append_printf (out, "%s%s", sep, styles[s]);
            sep = ",";
          }
      if (run->href != NULL)
        g_string_append_printf (out, "%slink=<%s>", sep, run->href);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < block->children->len; i++)
    spark_markdown_block_to_string (g_ptr_array_index (block->children, i), out, depth + 1);
}

gboolean
spark_markdown_uri_is_safe (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *scheme = NULL;

  if (uri == NULL || !g_utf8_validate (uri, -1, NULL))
    return FALSE;
  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7F)
      return FALSE;

  scheme = g_uri_parse_scheme (uri);
  if (scheme == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    return uri[strlen ("mailto:")] != '\0';
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
  return parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0';
}
