/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the markdown → block model step (what the chat
 * view renders). Besides crashes it traps when one of these fails:
 *  - cutting the text into pieces gives the same block tree as parsing it
 *    whole (the inline text may differ: md4c 0.4.8 carries inline state
 *    from block to block, e.g. a line with one backtick after a list item
 *    with an unclosed fence vanishes in the whole parse — a fresh parse of
 *    the piece is the correct one there);
 *  - streaming it in (prefixes fed to spark_markdown_update(), cut sizes
 *    chosen by the first input byte) gives, at every step, the tree a
 *    fresh parse of that prefix gives, and the blocks update() says it
 *    kept are the very same blocks;
 *  - an edit in the middle updates to the fresh parse too;
 *  - every text is valid UTF-8 without NUL, runs tile it, and every link
 *    is http(s) or mailto.
 * Input: one byte that chooses the cuts, then the markdown. */
#include <stdint.h>
#include <string.h>

#include "spark-markdown.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_STEPS 24

static void
check_block (const SparkMarkdownBlock *block)
{
  if (block->text != NULL)
    {
      gsize len = strlen (block->text);

      if (!g_utf8_validate (block->text, -1, NULL))
        __builtin_trap ();
      if (block->runs != NULL)
        {
          guint at = 0;

          for (guint i = 0; i < block->runs->len; i++)
            {
              const SparkMarkdownRun *run = &g_array_index (block->runs, SparkMarkdownRun, i);

              if (run->start != at || run->end <= run->start)
                __builtin_trap ();
              if (run->href != NULL && !spark_markdown_uri_is_safe (run->href))
                __builtin_trap ();
              at = run->end;
            }
          if (at != len)
            __builtin_trap ();
        }
    }
  for (guint i = 0; i < block->children->len; i++)
    check_block (g_ptr_array_index (block->children, i));
}

/* The tree without its inline text: block kinds and their attributes. */
static void
skeleton (const SparkMarkdownBlock *block,
          GString                  *out)
{
  g_string_append_printf (out, "(%d %u %d %u %d %d %d %d %d %u %s", block->type, block->level, block->ordered,
                          block->start, block->tight, block->task, block->checked, block->header, block->align,
                          block->columns, block->language ? block->language : "-");
  for (guint i = 0; i < block->children->len; i++)
    skeleton (g_ptr_array_index (block->children, i), out);
  g_string_append_c (out, ')');
}

static char *
doc_skeleton (const SparkMarkdownDoc *doc)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spark_markdown_doc_get_n_blocks (doc); i++)
    skeleton (spark_markdown_doc_get_block (doc, i), out);
  return g_string_free (out, FALSE);
}

static char *
dump_fresh (const char *text,
            gsize       len)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (text, len);
  return spark_markdown_doc_to_string (doc);
}

/* Updates @doc to @text and checks it against a fresh parse. */
static void
update_and_check (SparkMarkdownDoc *doc,
                  const char       *text,
                  gsize             len)
{
  g_autoptr (GPtrArray) before = g_ptr_array_new ();
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  guint            kept;

  for (guint i = 0; i < spark_markdown_doc_get_n_blocks (doc); i++)
    g_ptr_array_add (before, spark_markdown_doc_get_block (doc, i));

  kept = spark_markdown_update (doc, text, len);
  if (kept > before->len || kept > spark_markdown_doc_get_n_blocks (doc))
    __builtin_trap ();
  for (guint i = 0; i < kept; i++)
    if (spark_markdown_doc_get_block (doc, i) != g_ptr_array_index (before, i))
      __builtin_trap ();

  got = spark_markdown_doc_to_string (doc);
  want = dump_fresh (text, len);
  if (strcmp (got, want) != 0)
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (SparkMarkdownDoc) doc = NULL;
  g_autoptr (SparkMarkdownDoc) whole = NULL;
  g_autoptr (SparkMarkdownDoc) stream = NULL;
  g_autofree char *doc_dump = NULL;
  g_autofree char *whole_dump = NULL;
  g_autofree char *edited = NULL;
  const char      *text;
  gsize            len, pos = 0;
  guint32          state;
  guint8           mode;

  if (size < 1)
    return 0;
  mode = data[0];
  text = (const char *) data + 1;
  len = size - 1;

  doc = spark_markdown_parse (text, len);
  whole = spark_markdown_parse_whole (text, len);
  doc_dump = doc_skeleton (doc);
  whole_dump = doc_skeleton (whole);
  if (strcmp (doc_dump, whole_dump) != 0)
    __builtin_trap ();
  for (guint i = 0; i < spark_markdown_doc_get_n_blocks (doc); i++)
    check_block (spark_markdown_doc_get_block (doc, i));

  /* Stream it in: growing prefixes, cut where the xorshift says. */
  stream = spark_markdown_parse ("", 0);
  state = 0x9E3779B9u ^ mode ^ ((guint32) len << 8);
  for (guint step = 0; step < MAX_STEPS && pos < len; step++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      pos = step + 1 == MAX_STEPS ? len : MIN (len, pos + 1 + state % (mode % 64 + 1 + len / MAX_STEPS));
      update_and_check (stream, text, pos);
    }
  update_and_check (stream, text, len);

  /* An edit somewhere in the middle (a regenerated or corrected text). */
  if (len > 0)
    {
      edited = g_memdup2 (text, len);
      edited[state % len] = (char) (mode ^ 0x5A);
      update_and_check (stream, edited, len);
      update_and_check (stream, text, len / 2);
    }

  return 0;
}
