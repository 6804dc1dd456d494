/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strict pull scanner for JSON: validates syntax and UTF-8 as it goes and
 * copies only strings the caller asks for (and only when they have escapes). */
#include "spark-json-scan.h"

#include <string.h>

/* Bytes that can be passed over inside a string without a closer look:
 * printable ASCII except '"' and '\\'. */
/* clang-format off */
static const guint8 plain_byte[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
has_zero_byte (guint64 v)
{
  return (v - ONES) & ~v & HIGHS;
}

/* Word-at-a-time test: is any byte of @v a '"' or '\\', below 0x20 or
 * above 0x7F? */
static inline gboolean
needs_look (guint64 v)
{
  return (has_zero_byte (v ^ (ONES * '"')) | has_zero_byte (v ^ (ONES * '\\')) | ((v - ONES * 0x20) & ~v & HIGHS) | (v & HIGHS)) != 0;
}

void
spark_json_scan_init (SparkJsonScan *scan,
                      const char    *buf,
                      gsize          len,
                      GString       *scratch)
{
  g_assert (scan != NULL);
  g_assert (scratch != NULL);

  scan->start = buf;
  scan->p = buf;
  scan->end = buf + len;
  scan->scratch = scratch;
  scan->error = NULL;
  scan->error_offset = 0;
  scan->depth = 0;
  scan->fresh = FALSE;
}

static gboolean
fail (SparkJsonScan *scan,
      const char    *what)
{
  if (scan->error == NULL)
    {
      scan->error = what;
      scan->error_offset = scan->p - scan->start;
    }
  return FALSE;
}

static inline void
skip_ws (SparkJsonScan *scan)
{
  while (scan->p < scan->end && (*scan->p == ' ' || *scan->p == '\n' || *scan->p == '\r' || *scan->p == '\t'))
    scan->p++;
}

SparkJsonType
spark_json_scan_peek (SparkJsonScan *scan)
{
  if (scan->error != NULL)
    return SPARK_JSON_INVALID;

  skip_ws (scan);
  if (scan->p == scan->end)
    return SPARK_JSON_INVALID;

  switch (*scan->p)
    {
    case '{':
      return SPARK_JSON_OBJECT;
    case '[':
      return SPARK_JSON_ARRAY;
    case '"':
      return SPARK_JSON_STRING;
    case 't':
      return SPARK_JSON_TRUE;
    case 'f':
      return SPARK_JSON_FALSE;
    case 'n':
      return SPARK_JSON_NULL;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      return SPARK_JSON_NUMBER;
    default:
      return SPARK_JSON_INVALID;
    }
}

static gboolean
enter (SparkJsonScan *scan,
       char           open,
       const char    *what)
{
  if (scan->error != NULL)
    return FALSE;

  skip_ws (scan);
  if (scan->p == scan->end || *scan->p != open)
    return fail (scan, what);
  if (scan->depth >= SPARK_JSON_MAX_DEPTH)
    return fail (scan, "nested too deeply");

  scan->p++;
  scan->depth++;
  scan->fresh = TRUE;
  return TRUE;
}

gboolean
spark_json_scan_enter_object (SparkJsonScan *scan)
{
  return enter (scan, '{', "expected an object");
}

gboolean
spark_json_scan_enter_array (SparkJsonScan *scan)
{
  return enter (scan, '[', "expected an array");
}

/* Moves past ',' to the next item, or past the closer; FALSE at the end
 * of the container or on error. */
static gboolean
next_item (SparkJsonScan *scan,
           char           close)
{
  gboolean fresh = scan->fresh;

  if (scan->error != NULL)
    return FALSE;

  scan->fresh = FALSE;
  skip_ws (scan);
  if (scan->p == scan->end)
    return fail (scan, "unexpected end");

  if (*scan->p == close)
    {
      scan->p++;
      scan->depth--;
      return FALSE;
    }

  if (!fresh)
    {
      if (*scan->p != ',')
        return fail (scan, "expected ',' or the end of a container");
      scan->p++;
      skip_ws (scan);
      /* A trailing comma would be accepted by the next check otherwise. */
      if (scan->p < scan->end && *scan->p == close)
        return fail (scan, "trailing comma");
    }

  return TRUE;
}

/* Validates one UTF-8 sequence at scan->p (lead byte >= 0x80) and returns
 * its length, or 0 if it is not well-formed (RFC 3629). */
static gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar lo = 0x80, hi = 0xBF;
  gsize  n;

  if (p[0] < 0xC2)
    return 0;
  else if (p[0] < 0xE0)
    n = 2;
  else if (p[0] < 0xF0)
    {
      n = 3;
      if (p[0] == 0xE0)
        lo = 0xA0;
      else if (p[0] == 0xED)
        hi = 0x9F; /* no surrogates */
    }
  else if (p[0] < 0xF5)
    {
      n = 4;
      if (p[0] == 0xF0)
        lo = 0x90;
      else if (p[0] == 0xF4)
        hi = 0x8F; /* nothing above U+10FFFF */
    }
  else
    return 0;

  if ((gsize) (end - p) < n)
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;

  return n;
}

static gint
hex4 (const char *p)
{
  gint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      gint digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = (value << 4) | digit;
    }

  return value;
}

/* Decodes the escape at scan->p (just after the backslash) into @dest
 * (NULL: only check it). */
static gboolean
scan_escape (SparkJsonScan *scan,
             GString       *dest)
{
  gunichar c;
  gint     unit;

  if (scan->p == scan->end)
    return fail (scan, "unterminated string");

  switch (*scan->p++)
    {
    case '"':
      c = '"';
      break;
    case '\\':
      c = '\\';
      break;
    case '/':
      c = '/';
      break;
    case 'b':
      c = '\b';
      break;
    case 'f':
      c = '\f';
      break;
    case 'n':
      c = '\n';
      break;
    case 'r':
      c = '\r';
      break;
    case 't':
      c = '\t';
      break;
    case 'u':
      if (scan->end - scan->p < 4 || (unit = hex4 (scan->p)) < 0)
        return fail (scan, "bad \\u escape");
      scan->p += 4;
      c = unit;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          gint low;

          if (scan->end - scan->p >= 6 && scan->p[0] == '\\' && scan->p[1] == 'u' && (low = hex4 (scan->p + 2)) >= 0xDC00 && low <= 0xDFFF)
            {
              c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              scan->p += 6;
            }
          else
            c = 0xFFFD;
        }
      else if ((unit >= 0xDC00 && unit <= 0xDFFF) || unit == 0)
        c = 0xFFFD;
      break;
    default:
      scan->p--;
      return fail (scan, "bad escape");
    }

  if (dest != NULL)
    g_string_append_unichar (dest, c);

  return TRUE;
}

/* The one string reader. @dest != NULL: append the decoded string to it.
 * @str != NULL: return it (in place, or via scratch if it had escapes).
 * Neither: only check it. */
static gboolean
scan_string (SparkJsonScan *scan,
             GString       *dest,
             const char   **str,
             gsize         *len)
{
  const guchar *p;
  const guchar *end = (const guchar *) scan->end;
  const guchar *run;
  GString      *buf = NULL;
  gboolean      want = dest != NULL || str != NULL;

  if (scan->error != NULL)
    return FALSE;

  skip_ws (scan);
  if (scan->p == scan->end || *scan->p != '"')
    return fail (scan, "expected a string");

  p = run = (const guchar *) scan->p + 1;
  for (;;)
    {
      /* Eight bytes at a time while none of them needs a closer look. */
      while (end - p >= 8)
        {
          guint64 v;

          memcpy (&v, p, 8);
          if (needs_look (v))
            break;
          p += 8;
        }
      while (p < end && plain_byte[*p])
        p++;

      if (p == end)
        {
          scan->p = (const char *) p;
          return fail (scan, "unterminated string");
        }

      if (*p == '"')
        break;

      if (*p == '\\')
        {
          if (want && buf == NULL)
            {
              buf = dest != NULL ? dest : scan->scratch;
              if (buf == scan->scratch)
                g_string_truncate (buf, 0);
            }
          if (buf != NULL)
            g_string_append_len (buf, (const char *) run, p - run);
          scan->p = (const char *) p + 1;
          if (!scan_escape (scan, buf))
            return FALSE;
          p = run = (const guchar *) scan->p;
        }
      else if (*p >= 0x80)
        {
          gsize n = utf8_sequence (p, end);

          if (n == 0)
            {
              scan->p = (const char *) p;
              return fail (scan, "invalid UTF-8");
            }
          p += n;
        }
      else
        {
          scan->p = (const char *) p;
          return fail (scan, "control character in a string");
        }
    }

  scan->p = (const char *) p + 1;

  if (buf != NULL)
    g_string_append_len (buf, (const char *) run, p - run);
  else if (dest != NULL)
    g_string_append_len (dest, (const char *) run, p - run);

  if (str != NULL)
    {
      if (buf != NULL)
        {
          *str = buf->str;
          *len = buf->len;
        }
      else
        {
          *str = (const char *) run;
          *len = p - run;
        }
    }

  return TRUE;
}

gboolean
spark_json_scan_string (SparkJsonScan *scan,
                        const char   **str,
                        gsize         *len)
{
  g_assert (str != NULL && len != NULL);

  return scan_string (scan, NULL, str, len);
}

gboolean
spark_json_scan_string_append (SparkJsonScan *scan,
                               GString       *dest)
{
  g_assert (dest != NULL);

  return scan_string (scan, dest, NULL, NULL);
}

gboolean
spark_json_scan_next_member (SparkJsonScan *scan,
                             const char   **key,
                             gsize         *key_len)
{
  if (!next_item (scan, '}'))
    return FALSE;

  if (!scan_string (scan, NULL, key, key_len))
    return FALSE;

  skip_ws (scan);
  if (scan->p == scan->end || *scan->p != ':')
    return fail (scan, "expected ':'");
  scan->p++;

  return TRUE;
}

gboolean
spark_json_scan_next_element (SparkJsonScan *scan)
{
  return next_item (scan, ']');
}

static gboolean
is_digit (const char *p,
          const char *end)
{
  return p < end && *p >= '0' && *p <= '9';
}

/* Checks the number grammar; sets *is_integer when it has no fraction or
 * exponent. */
static gboolean
scan_number (SparkJsonScan *scan,
             gboolean      *is_integer)
{
  const char *p = scan->p;
  const char *end = scan->end;

  *is_integer = TRUE;

  if (p < end && *p == '-')
    p++;
  if (!is_digit (p, end))
    return fail (scan, "bad number");
  if (*p == '0')
    p++;
  else
    while (is_digit (p, end))
      p++;

  if (p < end && *p == '.')
    {
      p++;
      *is_integer = FALSE;
      if (!is_digit (p, end))
        return fail (scan, "bad number");
      while (is_digit (p, end))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      *is_integer = FALSE;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (!is_digit (p, end))
        return fail (scan, "bad number");
      while (is_digit (p, end))
        p++;
    }

  scan->p = p;
  return TRUE;
}

gboolean
spark_json_scan_int (SparkJsonScan *scan,
                     gint64        *value)
{
  const char *start;
  gboolean    is_integer;

  g_assert (value != NULL);

  if (spark_json_scan_peek (scan) != SPARK_JSON_NUMBER)
    return fail (scan, "expected a number");

  start = scan->p;
  if (!scan_number (scan, &is_integer))
    return FALSE;

  if (is_integer)
    {
      const char *p = start;
      gboolean    negative = *p == '-';
      guint64     magnitude = 0;

      if (negative)
        p++;
      for (; p < scan->p; p++)
        magnitude = magnitude > G_MAXINT64 / 10 ? G_MAXUINT64 : magnitude * 10 + (*p - '0');

      if (magnitude > (guint64) G_MAXINT64)
        *value = negative ? G_MININT64 : G_MAXINT64;
      else
        *value = negative ? -(gint64) magnitude : (gint64) magnitude;
    }
  else
    {
      char    copy[64];
      gsize   n = MIN ((gsize) (scan->p - start), sizeof copy - 1);
      gdouble d;

      memcpy (copy, start, n);
      copy[n] = '\0';
      d = g_ascii_strtod (copy, NULL);
      if (d >= 9.2e18)
        *value = G_MAXINT64;
      else if (d <= -9.2e18)
        *value = G_MININT64;
      else
        *value = (gint64) d;
    }

  return TRUE;
}

static gboolean
scan_literal (SparkJsonScan *scan,
              const char    *word,
              gsize          len)
{
  if ((gsize) (scan->end - scan->p) < len || memcmp (scan->p, word, len) != 0)
    return fail (scan, "bad literal");
  scan->p += len;
  return TRUE;
}

gboolean
spark_json_scan_skip (SparkJsonScan *scan,
                      const char   **value_start,
                      const char   **value_end)
{
  const char *start;
  gboolean    is_integer;
  gboolean    ok;

  switch (spark_json_scan_peek (scan))
    {
    case SPARK_JSON_OBJECT:
      start = scan->p;
      if (spark_json_scan_enter_object (scan))
        {
          const char *key;
          gsize       key_len;

          while (spark_json_scan_next_member (scan, &key, &key_len))
            spark_json_scan_skip (scan, NULL, NULL);
        }
      ok = scan->error == NULL;
      break;

    case SPARK_JSON_ARRAY:
      start = scan->p;
      if (spark_json_scan_enter_array (scan))
        while (spark_json_scan_next_element (scan))
          spark_json_scan_skip (scan, NULL, NULL);
      ok = scan->error == NULL;
      break;

    case SPARK_JSON_STRING:
      start = scan->p;
      ok = scan_string (scan, NULL, NULL, NULL);
      break;

    case SPARK_JSON_NUMBER:
      start = scan->p;
      ok = scan_number (scan, &is_integer);
      break;

    case SPARK_JSON_TRUE:
      start = scan->p;
      ok = scan_literal (scan, "true", 4);
      break;

    case SPARK_JSON_FALSE:
      start = scan->p;
      ok = scan_literal (scan, "false", 5);
      break;

    case SPARK_JSON_NULL:
      start = scan->p;
      ok = scan_literal (scan, "null", 4);
      break;

    case SPARK_JSON_INVALID:
    default:
      return fail (scan, "expected a value");
    }

  if (ok && value_start != NULL)
    *value_start = start;
  if (ok && value_end != NULL)
    *value_end = scan->p;

  return ok;
}

gboolean
spark_json_scan_end (SparkJsonScan *scan)
{
  if (scan->error != NULL)
    return FALSE;

  skip_ws (scan);
  if (scan->p != scan->end)
    return fail (scan, "trailing bytes after the document");

  return TRUE;
}
