/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The markdown block model: CommonMark/GFM examples give the expected
 * trees; cutting a text into pieces agrees with parsing it whole; a reply
 * streamed in byte by byte updates to exactly what a fresh parse gives,
 * reusing the blocks before the change; links keep only safe schemes; and
 * model text (HTML, entities, Pango markup) stays literal. */
#include <string.h>

#include "spark-markdown-split.h"
#include "spark-markdown.h"

static char *
dump (const char *text,
      gssize      len)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (text, len);
  return spark_markdown_doc_to_string (doc);
}

static char *
dump_whole (const char *text,
            gssize      len)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse_whole (text, len);
  return spark_markdown_doc_to_string (doc);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "markdown", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_commonmark_examples (void)
{
  g_autofree char *contents = read_data ("commonmark.txt");
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autoptr (GString) example = NULL;
  g_autoptr (GString) model = NULL;
  g_autofree char *name = NULL;
  guint            n = 0;

  for (guint i = 0;; i++)
    {
      const char *line = lines[i];

      if (line == NULL || g_str_has_prefix (line, "%%% example "))
        {
          if (name != NULL)
            {
              g_autofree char *got = dump (example->str, example->len);
              g_autofree char *whole = dump_whole (example->str, example->len);

              g_test_message ("example %s", name);
              g_assert_cmpstr (got, ==, model->str);
              g_assert_cmpstr (whole, ==, model->str);
              n++;
            }
          if (line == NULL)
            break;
          g_free (name);
          name = g_strdup (line + strlen ("%%% example "));
          if (example != NULL)
            g_string_free (example, TRUE);
          if (model != NULL)
            g_string_free (model, TRUE);
          model = NULL;
          example = g_string_new (NULL);
          continue;
        }
      if (name == NULL)
        continue;
      if (model == NULL && strcmp (line, "%%% model") == 0)
        model = g_string_new (NULL);
      else if (model != NULL)
        {
          if (*line != '\0')
            g_string_append_printf (model, "%s\n", line);
        }
      else
        g_string_append_printf (example, "%s\n", line);
    }
  g_assert_cmpuint (n, >=, 80);
}

/* Streams @text in byte by byte (and a few edits) and checks each update
 * against a fresh parse. Returns how many blocks the updates kept. */
static guint
stream_and_check (const char *text)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse ("", 0);
  gsize len = strlen (text);
  guint kept_total = 0;

  for (gsize n = 0; n <= len; n++)
    {
      g_autoptr (GPtrArray) before = g_ptr_array_new ();
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;
      guint            kept;

      for (guint i = 0; i < spark_markdown_doc_get_n_blocks (doc); i++)
        g_ptr_array_add (before, spark_markdown_doc_get_block (doc, i));

      kept = spark_markdown_update (doc, text, n);
      g_assert_cmpuint (kept, <=, before->len);
      for (guint i = 0; i < kept; i++)
        g_assert_true (spark_markdown_doc_get_block (doc, i) == g_ptr_array_index (before, i));
      kept_total += kept;

      got = spark_markdown_doc_to_string (doc);
      want = dump (text, n);
      if (g_strcmp0 (got, want) != 0)
        g_test_message ("after %" G_GSIZE_FORMAT " bytes", n);
      g_assert_cmpstr (got, ==, want);
    }
  return kept_total;
}

static void
test_replies_stream (void)
{
  static const char *const names[] = { "reply-travel.md", "reply-code.md", "reply-mixed.md" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = read_data (names[i]);
      g_autofree char *pieces = dump (text, -1);
      g_autofree char *whole = dump_whole (text, -1);
      g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (text, -1);
      gsize len = strlen (text);
      guint kept;

      g_test_message ("%s", names[i]);
      g_assert_cmpstr (pieces, ==, whole);
      kept = stream_and_check (text);
      /* Most updates reuse most blocks: on average at least a third of
       * the final count per byte streamed. */
      g_assert_cmpuint (kept, >=, len * spark_markdown_doc_get_n_blocks (doc) / 3);
    }
}

static void
test_references_parse_whole (void)
{
  g_autofree char *text = read_data ("reply-references.md");
  g_autofree char *pieces = dump (text, -1);
  g_autofree char *whole = dump_whole (text, -1);
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse ("", 0);
  const SparkMarkdownBlock *para;

  g_assert_cmpstr (pieces, ==, whole);
  /* The definitions come last: as they arrive, earlier text becomes links. */
  stream_and_check (text);
  spark_markdown_update (doc, text, -1);
  para = spark_markdown_doc_get_block (doc, 0);
  g_assert_cmpuint (para->runs->len, ==, 5);
  g_assert_cmpstr (g_array_index (para->runs, SparkMarkdownRun, 1).href, ==, "https://example.org/manual");
  /* With definitions around nothing can be reused safely. */
  g_assert_cmpuint (spark_markdown_update (doc, "x", -1), ==, 0);
}

static void
test_incremental_reuse (void)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse ("# Title\n\nFirst paragraph.\n\nSecond para", -1);
  SparkMarkdownBlock *title = spark_markdown_doc_get_block (doc, 0);
  SparkMarkdownBlock *first = spark_markdown_doc_get_block (doc, 1);

  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 3);
  /* Appending to the last paragraph re-parses only it. */
  g_assert_cmpuint (spark_markdown_update (doc, "# Title\n\nFirst paragraph.\n\nSecond paragraph grows", -1), ==, 2);
  g_assert_true (spark_markdown_doc_get_block (doc, 0) == title);
  g_assert_true (spark_markdown_doc_get_block (doc, 1) == first);
  g_assert_cmpstr (spark_markdown_doc_get_block (doc, 2)->text, ==, "Second paragraph grows");
  g_assert_cmpuint (spark_markdown_doc_get_block (doc, 2)->source_start, ==, strlen ("# Title\n\nFirst paragraph.\n\n"));

  /* A code block streams in: everything before it stays. */
  g_assert_cmpuint (spark_markdown_update (doc, "# Title\n\nFirst paragraph.\n\nSecond paragraph grows.\n\n```py\nprint(1)\n", -1), ==, 2);
  g_assert_cmpuint (spark_markdown_update (doc, "# Title\n\nFirst paragraph.\n\nSecond paragraph grows.\n\n```py\nprint(1)\n\nprint(2)\n", -1), ==, 3);
  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 4);
  g_assert_cmpstr (spark_markdown_doc_get_block (doc, 3)->text, ==, "print(1)\n\nprint(2)");
  g_assert_true (spark_markdown_doc_get_block (doc, 1) == first);

  /* An edit near the top re-parses from there. */
  g_assert_cmpuint (spark_markdown_update (doc, "# Title\n\nFirst Paragraph.\n\nSecond paragraph grows.\n\n```py\nprint(1)\n", -1), ==, 1);
  g_assert_true (spark_markdown_doc_get_block (doc, 0) == title);
  g_assert_cmpstr (spark_markdown_doc_get_block (doc, 1)->text, ==, "First Paragraph.");

  /* The same text again changes nothing. */
  g_assert_cmpuint (spark_markdown_update (doc, spark_markdown_doc_get_text (doc), -1), ==, 4);

  /* A cut before "1" is not sure yet: "1. b" would be a list item, which
   * could belong to a list above. */
  g_assert_cmpuint (spark_markdown_update (doc, "a\n\n1", -1), ==, 0);
  g_assert_cmpuint (spark_markdown_update (doc, "a\n\n1. b", -1), ==, 0);
  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 2);
  g_assert_cmpint (spark_markdown_doc_get_block (doc, 1)->type, ==, SPARK_MARKDOWN_LIST);
}

static gsize
n_splits (const char *text)
{
  g_autoptr (GArray) splits = g_array_new (FALSE, FALSE, sizeof (SparkMarkdownSplit));

  spark_markdown_find_splits (text, strlen (text), 0, splits);
  return splits->len;
}

static void
test_splits (void)
{
  g_autoptr (GArray) splits = g_array_new (FALSE, FALSE, sizeof (SparkMarkdownSplit));
  const SparkMarkdownSplit *split;

  spark_markdown_find_splits ("a\n\nb\n\nc", 7, 0, splits);
  g_assert_cmpuint (splits->len, ==, 2);
  split = &g_array_index (splits, SparkMarkdownSplit, 0);
  g_assert_cmpuint (split->offset, ==, 3);
  g_assert_cmpuint (split->decided, ==, 4);
  split = &g_array_index (splits, SparkMarkdownSplit, 1);
  g_assert_cmpuint (split->offset, ==, 6);
  g_assert_cmpuint (split->decided, ==, 7);

  /* "1" may still become "1. item": not decided by this text. */
  g_array_set_size (splits, 0);
  spark_markdown_find_splits ("a\n\n1", 4, 0, splits);
  g_assert_cmpuint (splits->len, ==, 1);
  g_assert_cmpuint (g_array_index (splits, SparkMarkdownSplit, 0).decided, ==, 5);

  /* Where a block may go on past the blank line, no cut. */
  g_assert_cmpuint (n_splits ("- a\n\n- b\n"), ==, 0);
  g_assert_cmpuint (n_splits ("1. a\n\n2. b\n"), ==, 0);
  g_assert_cmpuint (n_splits ("```\na\n\nb\n"), ==, 0);
  g_assert_cmpuint (n_splits ("<!--\n\nb\n"), ==, 0);
  g_assert_cmpuint (n_splits ("<script>\n\nb\n"), ==, 0);
  g_assert_cmpuint (n_splits ("    a\n\n    b\n"), ==, 0);
  g_assert_cmpuint (n_splits ("a\n\n  b\n"), ==, 0);
  /* After such blocks end, cuts resume. */
  g_assert_cmpuint (n_splits ("```\na\n\nb\n```\n\nc\n"), ==, 1);
  g_assert_cmpuint (n_splits ("<!--\n\nb\n-->\n\nc\n"), ==, 1);
  g_assert_cmpuint (n_splits ("- a\n\n- b\n\nc\n\nd\n"), ==, 2);
  /* A fence inside a list item does not hold the top level open... */
  g_assert_cmpuint (n_splits ("1. a\n   ```\n   x\n\n   y\n   ```\n\nDone.\n"), ==, 1);
  /* ...but a top-level one with the same indentation does. */
  g_assert_cmpuint (n_splits ("a\n\n   ```\n   x\n\nDone.\n"), ==, 0);
  /* md4c 0.4 reads the first line after an item with an open fence as the
   * fence's closing line: no cut before it, nor after. */
  g_assert_cmpuint (n_splits ("- ```\n\n```py\nx\n\ny\n"), ==, 0);
  /* md4c 0.4 closes an item that began with a blank line but reads the
   * next line with its indentation reduced: a fence here, not code. */
  g_assert_cmpuint (n_splits ("-\n\n    ~~~\nfoo\n\nbar\n"), ==, 0);
  /* Unusual syntax that md4c versions read differently: no cut. */
  g_assert_cmpuint (n_splits ("<prefix\n\nb\n"), ==, 0);
}

/* Cut and whole parses agree on @text behind a paragraph of each length
 * up to 255 bytes (with a cut before it): md4c 0.4 reads the low byte of
 * a text offset as data, so a piece must be parsed at the offset it has
 * in the whole text, modulo 256, and the cutter must allow for either
 * reading. */
static void
assert_cut_agrees_at_every_offset (const char *text)
{
  for (guint k = 0; k < 256; k++)
    {
      g_autoptr (GString) s = g_string_new ("Intro.\n\n");
      g_autofree char *cut = NULL;
      g_autofree char *whole = NULL;

      for (guint i = 0; i < k; i++)
        g_string_append_c (s, 'x');
      g_string_append (s, "\n\n");
      g_string_append (s, text);
      cut = dump (s->str, s->len);
      whole = dump_whole (s->str, s->len);
      if (g_strcmp0 (cut, whole) != 0)
        g_test_message ("%s after %u bytes", text, k);
      g_assert_cmpstr (cut, ==, whole);
    }
}

static void
test_item_end_at_blank_lines (void)
{
  static const char *const variants[] = {
    /* After a paragraph line: two blank lines, then a line in the item. */
    "- a\n\n\n\tb\n",
    "1. a\n   b\n\n\n   c\n\nd\n",
    /* After a code line. */
    "- ```\n  y\n  ```\n\n\n  b\n",
    /* If md4c ends the item, the fence is at the top level: no cut in it. */
    "- a\n\n\n  ```\nfoo\n\nbar\n",
    /* A heading ends its block at once: one blank line is enough. */
    "- # h\n\n  ```\nfoo\n\nbar\n\n```\n\nbaz\n",
  };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-markdown",
                                                 "regress-item-end-read-from-offsets", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *whole = NULL;
  gsize            len;

  /* The input the fuzzer found (its first byte picks cut sizes). */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  cut = dump (contents + 1, len - 1);
  whole = dump_whole (contents + 1, len - 1);
  g_assert_cmpstr (cut, ==, whole);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    assert_cut_agrees_at_every_offset (variants[i]);
  /* Where it may end the item, no cut inside the fence it would open. */
  g_assert_cmpuint (n_splits ("- a\n\n\n  ```\nfoo\n\nbar\n"), ==, 0);
  g_assert_cmpuint (n_splits ("- # h\n\n  ```\nfoo\n\nbar\n"), ==, 0);
  /* Not after a paragraph line and one blank line: md4c has the
   * paragraph open there. */
  g_assert_cmpuint (n_splits ("- a\n\n  ```\n  foo\n  ```\n\nbar\n"), ==, 1);
}

static void
test_table_takes_every_line (void)
{
  /* md4c 0.4 reads every line after a table's delimiter row as a row, up
   * to a blank line: a fence there opens nothing, so the next one does. */
  static const char *const variants[] = {
    "|\n---|\n```\n\n```\n\n|", /* as the fuzzer found it */
    "a|b\n---|---\n```\n\n```\n\nc\n",
    "a|b\n    ---|---\n~~~\n\n~~~\n\nc\n",
    "a|b\n---|---\n# h\n<!--\n\nc\n",
    "- a|b\n  ---|---\n  ```\n\n  ```\n\n```py\nx\n```\n\nend\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *cut = dump (variants[i], -1);
      g_autofree char *whole = dump_whole (variants[i], -1);

      g_test_message ("%s", variants[i]);
      g_assert_cmpstr (cut, ==, whole);
    }
  g_assert_cmpuint (n_splits ("a|b\n---|---\n```\n\n```\n\nc\n"), ==, 0);
  /* A rule ends the table: the fence is one again. */
  g_assert_cmpuint (n_splits ("a|b\n---|---\n***\n```\n\n```\n\nc\n"), ==, 1);
}

static void
test_html_block_takes_lines (void)
{
  /* An HTML block of kind 6 or 7 takes every line up to a blank one (and
   * one of kind 1-5 up to its end marker): a fence there opens nothing,
   * so the next one does. */
  static const char *const variants[] = {
    "<a>\n```\n\n```\n\na", /* as the fuzzer found it */
    "<div class=\"x\">\n~~~\n\n~~~\n\nc\n",
    "p\n    <div>\n```\n\n```\n\nc\n",
    "- <div>\n  ```\n\n  ```\n\n```py\nx\n```\n\nend\n",
    "- <!--\n  ```\n\n  -->\n  ```\n\n```py\nx\n\ny\n```\n\nz\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *cut = dump (variants[i], -1);
      g_autofree char *whole = dump_whole (variants[i], -1);

      g_test_message ("%s", variants[i]);
      g_assert_cmpstr (cut, ==, whole);
    }
  g_assert_cmpuint (n_splits ("<a>\n```\n\n```\n\na\n"), ==, 0);
  /* After a blank line the fence is one again. */
  g_assert_cmpuint (n_splits ("<a>\n\n```\n\n```\n\na\n"), ==, 2);
}

static void
test_references_detection (void)
{
  static const char *const yes[] = {
    "[a]: https://x.org\n",
    "> - [a]: https://x.org\n",
    "1. [label\nover lines]: https://x.org\n",
  };
  static const char *const no[] = {
    "no definitions here",
    "a [link]: not at the start of a line",
    /* A slice in code is not a definition. */
    "```py\nfor x in a[1:]:\n    print(x[0]) \n```\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (spark_markdown_may_define_references (yes[i], strlen (yes[i])));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (spark_markdown_may_define_references (no[i], strlen (no[i])));
}

static void
test_structure (void)
{
  g_autofree char *text = read_data ("reply-travel.md");
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (text, -1);
  const SparkMarkdownBlock *list, *item, *nested, *tasks, *table, *row, *cell;

  g_assert_cmpint (spark_markdown_doc_get_block (doc, 0)->type, ==, SPARK_MARKDOWN_HEADING);
  g_assert_cmpuint (spark_markdown_doc_get_block (doc, 0)->level, ==, 1);

  list = spark_markdown_doc_get_block (doc, 3);
  g_assert_cmpint (list->type, ==, SPARK_MARKDOWN_LIST);
  g_assert_true (list->ordered);
  g_assert_true (list->tight);
  g_assert_cmpuint (list->children->len, ==, 3);
  item = g_ptr_array_index (list->children, 2);
  nested = g_ptr_array_index (item->children, 1);
  g_assert_cmpint (nested->type, ==, SPARK_MARKDOWN_LIST);
  g_assert_false (nested->ordered);
  g_assert_cmpuint (nested->children->len, ==, 2);

  tasks = spark_markdown_doc_get_block (doc, 5);
  g_assert_true (((SparkMarkdownBlock *) g_ptr_array_index (tasks->children, 0))->task);
  g_assert_true (((SparkMarkdownBlock *) g_ptr_array_index (tasks->children, 0))->checked);
  g_assert_true (((SparkMarkdownBlock *) g_ptr_array_index (tasks->children, 1))->task);
  g_assert_false (((SparkMarkdownBlock *) g_ptr_array_index (tasks->children, 1))->checked);

  g_assert_cmpint (spark_markdown_doc_get_block (doc, 6)->type, ==, SPARK_MARKDOWN_QUOTE);
  table = spark_markdown_doc_get_block (doc, 8);
  g_assert_cmpint (table->type, ==, SPARK_MARKDOWN_TABLE);
  g_assert_cmpuint (table->columns, ==, 4);
  g_assert_cmpuint (table->children->len, ==, 4);
  row = g_ptr_array_index (table->children, 0);
  g_assert_true (row->header);
  cell = g_ptr_array_index (row->children, 3);
  g_assert_cmpstr (cell->text, ==, "Total (€)");
  g_assert_cmpint (cell->align, ==, SPARK_MARKDOWN_ALIGN_RIGHT);
  g_assert_cmpint (((SparkMarkdownBlock *) g_ptr_array_index (row->children, 0))->align, ==, SPARK_MARKDOWN_ALIGN_LEFT);
  g_assert_cmpint (spark_markdown_doc_get_block (doc, 9)->type, ==, SPARK_MARKDOWN_RULE);

  {
    g_autofree char *code_text = read_data ("reply-code.md");
    g_autoptr (SparkMarkdownDoc) code = spark_markdown_parse (code_text, -1);
    const SparkMarkdownBlock *block = spark_markdown_doc_get_block (code, 2);

    g_assert_cmpint (block->type, ==, SPARK_MARKDOWN_CODE);
    g_assert_cmpstr (block->language, ==, "python");
    g_assert_null (block->runs);
    g_assert_true (g_str_has_suffix (block->text, "print(line.rstrip())"));
    g_assert_cmpstr (spark_markdown_doc_get_block (code, 5)->language, ==, "c");
  }
}

static void
test_uri_safety (void)
{
  static const char *const safe[] = {
    "http://example.com",
    "https://example.com/a?b=c#d",
    "HTTPS://EXAMPLE.COM",
    "mailto:someone@example.com",
  };
  static const char *const unsafe[] = {
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<b>x</b>",
    "vbscript:x",
    "ftp://example.com",
    "/relative",
    "example.com",
    "http://",
    "https://exa mple.com",
    "mailto:",
    "https://example.com/\n",
    "",
    "ghelp:gnome-help",
  };

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    g_assert_true (spark_markdown_uri_is_safe (safe[i]));
  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    {
      g_test_message ("%s", unsafe[i]);
      g_assert_false (spark_markdown_uri_is_safe (unsafe[i]));
    }
  g_assert_false (spark_markdown_uri_is_safe (NULL));
}

static void
test_bad_links_are_text (void)
{
  static const char *const texts[] = {
    "[click](javascript:alert(document.cookie))",
    "<javascript:alert(1)>",
    "[x](file:///home/user/.ssh/id_rsa)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](file:///etc/passwd)",
    "[x](<javascript:alert(1)>)",
    "[x](JAVASCRIPT:alert(1))",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (texts[i], -1);
      const SparkMarkdownBlock *para = spark_markdown_doc_get_block (doc, 0);

      g_test_message ("%s", texts[i]);
      g_assert_cmpint (para->type, ==, SPARK_MARKDOWN_PARAGRAPH);
      for (guint r = 0; r < para->runs->len; r++)
        g_assert_null (g_array_index (para->runs, SparkMarkdownRun, r).href);
    }
}

static void
test_literal_text (void)
{
  static const char *const texts[] = {
    "<b>not bold</b>",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "<span foreground='red'>not red</span> and <span foreground=\"blue\">",
    "Tom & Jerry <3 &",
    "<markup>x</markup>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (texts[i], -1);
      const SparkMarkdownBlock *para = spark_markdown_doc_get_block (doc, 0);

      g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 1);
      g_assert_cmpstr (para->text, ==, texts[i]);
      g_assert_cmpuint (para->runs->len, ==, 1);
      g_assert_cmpint (g_array_index (para->runs, SparkMarkdownRun, 0).style, ==, 0);
    }

  /* An HTML block is one literal block too. */
  {
    g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse ("<div onclick='x()'>\n<b>x</b> &amp;\n</div>\n", -1);
    const SparkMarkdownBlock *html = spark_markdown_doc_get_block (doc, 0);

    g_assert_cmpint (html->type, ==, SPARK_MARKDOWN_HTML);
    g_assert_cmpstr (html->text, ==, "<div onclick='x()'>\n<b>x</b> &amp;\n</div>");
  }
}

static void
test_invalid_input (void)
{
  static const char bytes[] = "a\0b \xff\xfe *c\xc3* \n\n```\x80\nx\0y\n";
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (bytes, sizeof bytes - 1);

  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *text = spark_markdown_doc_get_block (doc, i)->text;

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_nonnull (strstr (text, "\xEF\xBF\xBD"));
    }
  /* (md4c 0.4 reports a NUL in code twice: U+FFFD may repeat.) */
  g_assert_true (g_str_has_prefix (spark_markdown_doc_get_block (doc, 1)->text, "x\xEF\xBF\xBD"));
  g_assert_true (g_str_has_suffix (spark_markdown_doc_get_block (doc, 1)->text, "\xEF\xBF\xBDy"));
  g_assert_cmpuint (spark_markdown_doc_get_length (doc), ==, sizeof bytes - 1);
}

static guint
max_depth (const SparkMarkdownBlock *block)
{
  guint deepest = 0;

  for (guint i = 0; i < block->children->len; i++)
    deepest = MAX (deepest, max_depth (g_ptr_array_index (block->children, i)));
  return deepest + 1;
}

static gboolean
contains_text (const SparkMarkdownBlock *block,
               const char               *text)
{
  if (g_strcmp0 (block->text, text) == 0)
    return TRUE;
  for (guint i = 0; i < block->children->len; i++)
    if (contains_text (g_ptr_array_index (block->children, i), text))
      return TRUE;
  return FALSE;
}

static void
test_deep_nesting_flattened (void)
{
  g_autoptr (GString) quotes = g_string_new (NULL);
  g_autoptr (GString) lists = g_string_new (NULL);

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (quotes, '>');
  g_string_append (quotes, " deep\n");
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (lists, "%*s- level %u\n", i * 2, "", i);

  {
    g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (quotes->str, -1);
    const SparkMarkdownBlock *top = spark_markdown_doc_get_block (doc, 0);

    g_assert_cmpuint (max_depth (top), <=, 17);
    g_assert_true (contains_text (top, "deep"));
  }
  {
    g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse (lists->str, -1);
    const SparkMarkdownBlock *top = spark_markdown_doc_get_block (doc, 0);

    g_assert_cmpuint (max_depth (top), <=, 17);
    /* Nothing is lost, the deepest levels are just not indented more. */
    for (guint i = 0; i < 60; i++)
      {
        g_autofree char *level = g_strdup_printf ("level %u", i);
        g_assert_true (contains_text (top, level));
      }
  }
}

static void
test_empty (void)
{
  g_autoptr (SparkMarkdownDoc) doc = spark_markdown_parse ("", 0);
  g_autoptr (SparkMarkdownDoc) null_doc = spark_markdown_parse (NULL, 0);
  g_autofree char *str = spark_markdown_doc_to_string (doc);

  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 0);
  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (null_doc), ==, 0);
  g_assert_cmpstr (str, ==, "");
  g_assert_cmpuint (spark_markdown_update (doc, "\n\n\n", -1), ==, 0);
  g_assert_cmpuint (spark_markdown_doc_get_n_blocks (doc), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/commonmark-examples", test_commonmark_examples);
  g_test_add_func ("/markdown/replies-stream", test_replies_stream);
  g_test_add_func ("/markdown/references-parse-whole", test_references_parse_whole);
  g_test_add_func ("/markdown/incremental-reuse", test_incremental_reuse);
  g_test_add_func ("/markdown/splits", test_splits);
  g_test_add_func ("/markdown/item-end-at-blank-lines", test_item_end_at_blank_lines);
  g_test_add_func ("/markdown/table-takes-every-line", test_table_takes_every_line);
  g_test_add_func ("/markdown/html-block-takes-lines", test_html_block_takes_lines);
  g_test_add_func ("/markdown/references-detection", test_references_detection);
  g_test_add_func ("/markdown/structure", test_structure);
  g_test_add_func ("/markdown/uri-safety", test_uri_safety);
  g_test_add_func ("/markdown/bad-links-are-text", test_bad_links_are_text);
  g_test_add_func ("/markdown/literal-text", test_literal_text);
  g_test_add_func ("/markdown/invalid-input", test_invalid_input);
  g_test_add_func ("/markdown/deep-nesting-flattened", test_deep_nesting_flattened);
  g_test_add_func ("/markdown/empty", test_empty);

  return g_test_run ();
}
