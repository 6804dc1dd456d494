/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Markdown block syntax on one line, as md4c 0.4 reads it: see
 * spark-markdown-lines.h. */
#include "spark-markdown-lines.h"

#include <string.h>

void
spark_markdown_line_read (const char        *text,
                          gsize              len,
                          gsize              pos,
                          SparkMarkdownLine *line)
{
  gsize end = pos;
  gsize col = 0;
  gsize i;

  while (end < len && text[end] != '\n' && text[end] != '\r')
    end++;
  line->s = text + pos;
  line->len = end - pos;
  if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
    line->next = end + 2;
  else
    line->next = MIN (end + 1, len);

  for (i = 0; i < line->len; i++)
    {
      if (line->s[i] == ' ')
        col++;
      else if (line->s[i] == '\t')
        col += 4 - col % 4;
      else
        break;
    }
  line->indent = col;
  line->p = i;
  line->blank = i == line->len;
}

gboolean
spark_markdown_line_is_fence (const char *s,
                              gsize       len,
                              guint8     *ch,
                              guint32    *n)
{
  gsize i = 0;

  if (len == 0 || (s[0] != '`' && s[0] != '~'))
    return FALSE;
  while (i < len && s[i] == s[0])
    i++;
  if (i < 3 || i > G_MAXUINT32)
    return FALSE;
  /* A backtick fence's info string has no backtick, or it is inline code. */
  if (s[0] == '`' && memchr (s + i, '`', len - i) != NULL)
    return FALSE;
  *ch = (guint8) s[0];
  *n = (guint32) i;
  return TRUE;
}

SparkMarkdownTri
spark_markdown_line_is_fence_close (const char *s,
                                    gsize       len,
                                    char        ch,
                                    gsize       fence_len)
{
  gsize    i = 0;
  gboolean tab = FALSE;

  while (i < len && s[i] == ch)
    i++;
  if (i < fence_len)
    return SPARK_MARKDOWN_NO;
  for (; i < len; i++)
    {
      if (s[i] == '\t')
        tab = TRUE;
      else if (s[i] != ' ')
        return SPARK_MARKDOWN_NO;
    }
  return tab ? SPARK_MARKDOWN_MAYBE : SPARK_MARKDOWN_YES;
}

static gboolean
has_prefix_ci (const char *s,
               gsize       len,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

static gboolean
contains_ci (const char *s,
             gsize       len,
             const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (s + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

guint8
spark_markdown_line_html_start (const char       *s,
                                gsize             len,
                                gsize            *opener_len,
                                SparkMarkdownTri *certain)
{
  static const char *const kind1[] = { "script", "pre", "style", "textarea" };

  *certain = SPARK_MARKDOWN_YES;
  if (len < 2 || s[0] != '<')
    return 0;
  if (has_prefix_ci (s, len, "<!--"))
    {
      *opener_len = 4;
      return 2;
    }
  if (s[1] == '?')
    {
      *opener_len = 2;
      return 3;
    }
  if (has_prefix_ci (s, len, "<![CDATA["))
    {
      *opener_len = 9;
      return 5;
    }
  if (s[1] == '!' && len > 2 && g_ascii_isalpha (s[2]))
    {
      /* CommonMark 0.31 allows any letter, 0.30 only capitals. */
      *certain = g_ascii_isupper (s[2]) ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_MAYBE;
      *opener_len = 2;
      return 4;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kind1); i++)
    {
      gsize n = strlen (kind1[i]);

      if (len >= n + 1 && g_ascii_strncasecmp (s + 1, kind1[i], n) == 0)
        {
          gboolean ends = len == n + 1 || s[n + 1] == ' ' || s[n + 1] == '\t' || s[n + 1] == '>';

          /* <textarea> joined kind 1 in CommonMark 0.30, and md4c 0.4
           * takes any tag name that starts like one ("<prefix"). */
          *certain = i < 3 && ends ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_MAYBE;
          *opener_len = n + 1;
          return 1;
        }
    }
  return 0;
}

SparkMarkdownTri
spark_markdown_line_html_end (guint8      kind,
                              const char *s,
                              gsize       len)
{
  switch (kind)
    {
    case 1:
      if (contains_ci (s, len, "</script>") || contains_ci (s, len, "</pre>") || contains_ci (s, len, "</style>"))
        return SPARK_MARKDOWN_YES;
      return contains_ci (s, len, "</textarea>") ? SPARK_MARKDOWN_MAYBE : SPARK_MARKDOWN_NO;
    case 2:
      return g_strstr_len (s, len, "-->") ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_NO;
    case 3:
      return g_strstr_len (s, len, "?>") ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_NO;
    case 4:
      return memchr (s, '>', len) ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_NO;
    case 5:
      return g_strstr_len (s, len, "]]>") ? SPARK_MARKDOWN_YES : SPARK_MARKDOWN_NO;
    default:
      g_assert_not_reached ();
    }
}

gboolean
spark_markdown_line_is_thematic_break (const char *s,
                                       gsize       len)
{
  guint n = 0;

  if (len == 0 || (s[0] != '-' && s[0] != '*' && s[0] != '_'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == s[0])
        n++;
      else if (s[i] != ' ' && s[i] != '\t')
        return FALSE;
    }
  return n >= 3;
}

gboolean
spark_markdown_line_is_atx_heading (const char *s,
                                    gsize       len)
{
  gsize i = 0;

  while (i < len && s[i] == '#')
    i++;
  return i >= 1 && i <= 6 && (i == len || s[i] == ' ' || s[i] == '\t');
}

gsize
spark_markdown_line_list_marker (const char *s,
                                 gsize       len,
                                 gboolean   *restricted)
{
  gsize i = 0;

  *restricted = FALSE;
  if (len > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'))
    i = 1;
  else
    {
      guint64 value = 0;

      while (i < len && i < 9 && g_ascii_isdigit (s[i]))
        value = value * 10 + (guint64) (s[i++] - '0');
      if (i == 0 || i >= len || (s[i] != '.' && s[i] != ')'))
        return 0;
      i++;
      *restricted = value != 1;
    }
  if (i < len && s[i] != ' ' && s[i] != '\t')
    return 0;
  return i;
}

gboolean
spark_markdown_line_may_be_table_underline (const char *s,
                                            gsize       len)
{
  gboolean pipe = FALSE, dash = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '|')
        pipe = TRUE;
      else if (s[i] == '-')
        dash = TRUE;
      else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t' && s[i] != '\v' && s[i] != '\f')
        return FALSE;
    }
  return pipe && dash;
}

gsize
spark_markdown_line_skip_markers (const SparkMarkdownLine *line,
                                  gboolean                 markers,
                                  gsize                   *p,
                                  guint                   *quotes)
{
  gsize i = 0, col = 0;

  *quotes = 0;
  for (;;)
    {
      gsize    marker;
      gboolean restricted;

      while (i < line->len && (line->s[i] == ' ' || line->s[i] == '\t' || line->s[i] == '>'))
        {
          if (line->s[i] == '\t')
            col += 4 - col % 4;
          else
            col++;
          if (line->s[i] == '>')
            (*quotes)++;
          i++;
        }
      marker = markers ? spark_markdown_line_list_marker (line->s + i, line->len - i, &restricted) : 0;
      if (marker == 0)
        break;
      i += marker;
      col += marker;
    }
  *p = i;
  return col;
}

gsize
spark_markdown_line_marker_lookahead (const char *s,
                                      gsize       len)
{
  gsize i = 0;

  if (s[0] == '-' || s[0] == '+' || s[0] == '*')
    return 2;
  if (!g_ascii_isdigit (s[0]))
    return 1;
  while (i < len && i < 9 && g_ascii_isdigit (s[i]))
    i++;
  if (i < len && (s[i] == '.' || s[i] == ')'))
    return i + 2;
  return i + 1;
}

gboolean
spark_markdown_line_may_end_block (const SparkMarkdownLine *line)
{
  gsize p;
  guint quotes;

  spark_markdown_line_skip_markers (line, TRUE, &p, &quotes);
  if (p == line->len || memchr (line->s, '>', line->len) != NULL)
    return TRUE;
  return line->s[p] != '\0' && strchr ("`~#-*_=", line->s[p]) != NULL;
}
