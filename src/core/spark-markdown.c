/* SPDX-License-Identifier: GPL-3.0-or-later */
/* md4c's callbacks → a tree of SparkMarkdownBlocks, and the document that
 * keeps it up to date piece by piece while a reply streams.
 *
 * Model text never becomes markup anywhere downstream, but it is also kept
 * literal here: raw HTML (inline or as a block) and entities such as
 * "&amp;" are text as written, so what a model says is what is shown. */
#include "spark-markdown.h"

#include <md4c.h>
#include <string.h>

#include "spark-markdown-split.h"

#define MD_FLAGS                                                                               \
  (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEURLAUTOLINKS \
   | MD_FLAG_PERMISSIVEEMAILAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS)

/* md4c 0.4 can read the low byte of a text offset as data (see
 * parse_piece()): a piece is parsed at its offset in the whole text modulo
 * this. */
#define PIECE_ALIGN 256

typedef struct
{
  gsize start;
  gsize end;
  gsize decided; /* the split at @end depends on text[0, decided) */
  guint n_blocks;
} Piece;

struct _SparkMarkdownDoc
{
  GString   *text;
  GPtrArray *blocks; /* top-level SparkMarkdownBlock, owned */
  GArray    *pieces; /* Piece */
  gboolean   whole;  /* parsed as one piece (reference definitions) */
};

/* ------------------------------------------------------------------ */
/* md4c → blocks */

/* Quotes, lists and items nested deeper than this are flattened: their
 * content goes to the deepest one kept. (">>>>…" a thousand times would
 * otherwise become a thousand nested boxes in the view.) */
#define MAX_NESTING 16

typedef struct
{
  SparkMarkdownBlock *block; /* NULL: a container flattened away */
  GString            *text;  /* for blocks that hold text */
  gboolean            implicit;
} Frame;

typedef struct
{
  GPtrArray *top;    /* finished top-level blocks */
  GArray    *frames; /* Frame: the open blocks, innermost last */
  GPtrArray *links;  /* char * (NULL when not safe), innermost last */
  guint      em, strong, strike, code;
  guint      nesting; /* open quotes, lists and items kept */
  gboolean   in_head;
} Builder;

/* Appends @size bytes as valid UTF-8 without NUL bytes. */
static void
append_clean (GString    *out,
              const char *text,
              gsize       size)
{
  while (size > 0)
    {
      const char *end;
      gsize       good;

      if (g_utf8_validate_len (text, size, &end))
        {
          g_string_append_len (out, text, size);
          return;
        }
      good = end - text;
      g_string_append_len (out, text, good);
      g_string_append (out, "\xEF\xBF\xBD"); /* U+FFFD */
      text += good + 1;
      size -= good + 1;
    }
}

static gboolean
holds_text (SparkMarkdownBlockType type)
{
  return type == SPARK_MARKDOWN_PARAGRAPH || type == SPARK_MARKDOWN_HEADING || type == SPARK_MARKDOWN_CELL
         || type == SPARK_MARKDOWN_CODE || type == SPARK_MARKDOWN_HTML;
}

static gboolean
is_container (SparkMarkdownBlockType type)
{
  return type == SPARK_MARKDOWN_QUOTE || type == SPARK_MARKDOWN_LIST || type == SPARK_MARKDOWN_ITEM;
}

static Frame *
top_frame (Builder *b)
{
  return b->frames->len > 0 ? &g_array_index (b->frames, Frame, b->frames->len - 1) : NULL;
}

/* The innermost open block that was kept. */
static Frame *
parent_frame (Builder *b)
{
  for (guint i = b->frames->len; i > 0; i--)
    if (g_array_index (b->frames, Frame, i - 1).block != NULL)
      return &g_array_index (b->frames, Frame, i - 1);
  return NULL;
}

static void
push (Builder            *b,
      SparkMarkdownBlock *block,
      gboolean            implicit)
{
  Frame  frame = { block, NULL, implicit };
  Frame *parent = parent_frame (b);

  if (block == NULL)
    {
      g_array_append_val (b->frames, frame);
      return;
    }
  if (is_container (block->type))
    b->nesting++;
  if (holds_text (block->type))
    frame.text = g_string_new (NULL);
  if (block->type != SPARK_MARKDOWN_CODE && block->type != SPARK_MARKDOWN_HTML && frame.text != NULL)
    block->runs = g_array_new (FALSE, FALSE, sizeof (SparkMarkdownRun));
  if (parent != NULL)
    g_ptr_array_add (parent->block->children, block);
  else
    g_ptr_array_add (b->top, block);
  g_array_append_val (b->frames, frame);
}

static void
pop (Builder *b)
{
  Frame *frame = top_frame (b);

  if (frame->block != NULL && is_container (frame->block->type))
    b->nesting--;
  if (frame->text != NULL)
    {
      SparkMarkdownBlockType type = frame->block->type;

      /* md4c ends every line of a code or HTML block with a newline. */
      if ((type == SPARK_MARKDOWN_CODE || type == SPARK_MARKDOWN_HTML) && frame->text->len > 0
          && frame->text->str[frame->text->len - 1] == '\n')
        g_string_truncate (frame->text, frame->text->len - 1);
      frame->block->text = g_string_free (frame->text, FALSE);
    }
  g_array_set_size (b->frames, b->frames->len - 1);
}

static void
pop_implicit (Builder *b)
{
  Frame *frame = top_frame (b);

  if (frame != NULL && frame->implicit)
    pop (b);
}

static char *
attribute_to_string (const MD_ATTRIBUTE *attr)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; attr->size > 0 && attr->substr_offsets[i] < attr->size; i++)
    {
      const char *piece = attr->text + attr->substr_offsets[i];
      gsize       size = attr->substr_offsets[i + 1] - attr->substr_offsets[i];

      if (attr->substr_types[i] == MD_TEXT_NULLCHAR)
        g_string_append (out, "\xEF\xBF\xBD");
      else if (attr->substr_types[i] == MD_TEXT_ENTITY && size == 5 && memcmp (piece, "&amp;", 5) == 0)
        g_string_append_c (out, '&'); /* "a?x=1&amp;y=2" in a link target */
      else
        append_clean (out, piece, size);
    }
  return g_string_free (out, out->len == 0);
}

static SparkMarkdownBlock *
open_block (Builder     *b,
            MD_BLOCKTYPE type,
            void        *detail)
{
  SparkMarkdownBlock *block;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      return spark_markdown_block_new (SPARK_MARKDOWN_QUOTE);
    case MD_BLOCK_UL:
      block = spark_markdown_block_new (SPARK_MARKDOWN_LIST);
      block->tight = ((MD_BLOCK_UL_DETAIL *) detail)->is_tight != 0;
      return block;
    case MD_BLOCK_OL:
      block = spark_markdown_block_new (SPARK_MARKDOWN_LIST);
      block->ordered = TRUE;
      block->start = ((MD_BLOCK_OL_DETAIL *) detail)->start;
      block->tight = ((MD_BLOCK_OL_DETAIL *) detail)->is_tight != 0;
      return block;
    case MD_BLOCK_LI:
      block = spark_markdown_block_new (SPARK_MARKDOWN_ITEM);
      block->task = ((MD_BLOCK_LI_DETAIL *) detail)->is_task != 0;
      block->checked = block->task && g_ascii_tolower (((MD_BLOCK_LI_DETAIL *) detail)->task_mark) == 'x';
      return block;
    case MD_BLOCK_HR:
      return spark_markdown_block_new (SPARK_MARKDOWN_RULE);
    case MD_BLOCK_H:
      block = spark_markdown_block_new (SPARK_MARKDOWN_HEADING);
      block->level = CLAMP (((MD_BLOCK_H_DETAIL *) detail)->level, 1, 6);
      return block;
    case MD_BLOCK_CODE:
      block = spark_markdown_block_new (SPARK_MARKDOWN_CODE);
      block->language = attribute_to_string (&((MD_BLOCK_CODE_DETAIL *) detail)->lang);
      return block;
    case MD_BLOCK_HTML:
      return spark_markdown_block_new (SPARK_MARKDOWN_HTML);
    case MD_BLOCK_P:
      return spark_markdown_block_new (SPARK_MARKDOWN_PARAGRAPH);
    case MD_BLOCK_TABLE:
      block = spark_markdown_block_new (SPARK_MARKDOWN_TABLE);
      block->columns = ((MD_BLOCK_TABLE_DETAIL *) detail)->col_count;
      return block;
    case MD_BLOCK_TR:
      block = spark_markdown_block_new (SPARK_MARKDOWN_ROW);
      block->header = b->in_head;
      return block;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      block = spark_markdown_block_new (SPARK_MARKDOWN_CELL);
      block->header = type == MD_BLOCK_TH;
      switch (((MD_BLOCK_TD_DETAIL *) detail)->align)
        {
        case MD_ALIGN_LEFT:
          block->align = SPARK_MARKDOWN_ALIGN_LEFT;
          break;
        case MD_ALIGN_CENTER:
          block->align = SPARK_MARKDOWN_ALIGN_CENTER;
          break;
        case MD_ALIGN_RIGHT:
          block->align = SPARK_MARKDOWN_ALIGN_RIGHT;
          break;
        case MD_ALIGN_DEFAULT:
        default:
          break;
        }
      return block;
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    default:
      return NULL;
    }
}

static int
enter_block_cb (MD_BLOCKTYPE type,
                void        *detail,
                void        *user_data)
{
  Builder            *b = user_data;
  SparkMarkdownBlock *block;

  if (type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
    b->in_head = type == MD_BLOCK_THEAD;
  if (((type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL) && b->nesting >= MAX_NESTING)
      || (type == MD_BLOCK_LI && top_frame (b) != NULL && top_frame (b)->block == NULL))
    {
      pop_implicit (b);
      push (b, NULL, FALSE);
      return 0;
    }
  block = open_block (b, type, detail);
  if (block != NULL)
    {
      pop_implicit (b);
      push (b, block, FALSE);
    }
  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE type,
                void        *detail,
                void        *user_data)
{
  Builder *b = user_data;

  if (type == MD_BLOCK_DOC || type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
    return 0;
  pop_implicit (b);
  if (b->frames->len > 0)
    pop (b);
  return 0;
}

static int
enter_span_cb (MD_SPANTYPE type,
               void       *detail,
               void       *user_data)
{
  Builder *b = user_data;
  char    *href = NULL;

  switch (type)
    {
    case MD_SPAN_EM:
      b->em++;
      break;
    case MD_SPAN_STRONG:
      b->strong++;
      break;
    case MD_SPAN_DEL:
      b->strike++;
      break;
    case MD_SPAN_CODE:
      b->code++;
      break;
    case MD_SPAN_A:
    case MD_SPAN_IMG:
      /* An image shows its description, linked to the image. */
      href = attribute_to_string (type == MD_SPAN_A ? &((MD_SPAN_A_DETAIL *) detail)->href
                                                    : &((MD_SPAN_IMG_DETAIL *) detail)->src);
      if (!spark_markdown_uri_is_safe (href))
        g_clear_pointer (&href, g_free);
      g_ptr_array_add (b->links, href);
      break;
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    case MD_SPAN_U:
    default:
      break;
    }
  return 0;
}

static int
leave_span_cb (MD_SPANTYPE type,
               void       *detail,
               void       *user_data)
{
  Builder *b = user_data;

  switch (type)
    {
    case MD_SPAN_EM:
      b->em--;
      break;
    case MD_SPAN_STRONG:
      b->strong--;
      break;
    case MD_SPAN_DEL:
      b->strike--;
      break;
    case MD_SPAN_CODE:
      b->code--;
      break;
    case MD_SPAN_A:
    case MD_SPAN_IMG:
      if (b->links->len > 0)
        g_ptr_array_set_size (b->links, b->links->len - 1);
      break;
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    case MD_SPAN_U:
    default:
      break;
    }
  return 0;
}

/* The link a run of text belongs to: the outermost safe one, so that an
 * image inside a link ([![badge](x.svg)](https://…)) follows the link. */
static const char *
current_href (Builder *b)
{
  for (guint i = 0; i < b->links->len; i++)
    if (g_ptr_array_index (b->links, i) != NULL)
      return g_ptr_array_index (b->links, i);
  return NULL;
}

static void
add_run (SparkMarkdownBlock *block,
         guint               start,
         guint               end,
         SparkMarkdownStyle  style,
         const char         *href)
{
  SparkMarkdownRun run = { start, end, style, NULL };

  if (end <= start)
    return;
  if (block->runs->len > 0)
    {
      SparkMarkdownRun *last = &g_array_index (block->runs, SparkMarkdownRun, block->runs->len - 1);

      if (last->style == style && g_strcmp0 (last->href, href) == 0 && last->end == start)
        {
          last->end = end;
          return;
        }
    }
  run.href = g_strdup (href);
  g_array_append_val (block->runs, run);
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Builder           *b = user_data;
  Frame             *frame = top_frame (b);
  SparkMarkdownStyle style = 0;
  guint              start;

  if (frame == NULL)
    return 0;
  if (frame->text == NULL)
    {
      Frame *parent = parent_frame (b);

      /* Tight list items hold their text without a paragraph (and so may
       * a flattened one, inside an item or a quote). */
      if (parent == NULL || (parent->block->type != SPARK_MARKDOWN_ITEM && parent->block->type != SPARK_MARKDOWN_QUOTE))
        return 0;
      push (b, spark_markdown_block_new (SPARK_MARKDOWN_PARAGRAPH), TRUE);
      frame = top_frame (b);
    }

  start = frame->text->len;
  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      g_string_append (frame->text, "\xEF\xBF\xBD");
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      /* Models break lines where they mean it: keep soft breaks too. */
      g_string_append_c (frame->text, '\n');
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_ENTITY:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      append_clean (frame->text, text, size);
      break;
    }

  if (frame->block->runs == NULL)
    return 0;
  if (b->em > 0)
    style |= SPARK_MARKDOWN_STYLE_EMPHASIS;
  if (b->strong > 0)
    style |= SPARK_MARKDOWN_STYLE_STRONG;
  if (b->strike > 0)
    style |= SPARK_MARKDOWN_STYLE_STRIKE;
  if (b->code > 0)
    style |= SPARK_MARKDOWN_STYLE_CODE;
  add_run (frame->block, start, frame->text->len, style, current_href (b));
  return 0;
}

/* Parses text[start, end) and appends its top-level blocks to @doc. */
static void
parse_piece (SparkMarkdownDoc *doc,
             gsize             start,
             gsize             end,
             gsize             decided)
{
  MD_PARSER parser = {
    .flags = MD_FLAGS,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };
  Builder          b = { 0 };
  Piece            piece = { start, end, decided, 0 };
  g_autofree char *aligned = NULL;
  const char      *input;
  gsize            input_len;

  b.top = g_ptr_array_new ();
  b.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  b.links = g_ptr_array_new_with_free_func (g_free);

  /* A piece after the first starts after a blank line: hand md4c the
   * end of that line too. md4c 0.4 reads the first line of a document
   * differently (a list that interrupts a paragraph there ends at two
   * blank lines), so the piece must not be that first line. */
  if (start > 0)
    {
      gsize pad = (start - 1) % PIECE_ALIGN;

      /* md4c 0.4 reads where the text lies: at a blank line in a list
       * item with no block open (say the second one after a paragraph)
       * it takes the last 8 bytes of its block buffer for a block header
       * to see whether the item is still empty, and after a paragraph or
       * code line those bytes are that line's offsets: the item ends at
       * the next line when an offset's low byte happens to equal
       * MD_BLOCK_LI. Blank lines in front put every byte of the piece at
       * the offset it has in the whole text, modulo 256. */
      start--;
      if (pad > 0)
        {
          /* md4c 0.4 reads on past the end of a text that stops inside
           * a link ("[a](http"); a NUL stops it, as after doc->text. */
          aligned = g_malloc (pad + (end - start) + 1);
          memset (aligned, '\n', pad);
          memcpy (aligned + pad, doc->text->str + start, end - start);
          aligned[pad + (end - start)] = '\0';
        }
      input = aligned != NULL ? aligned : doc->text->str + start;
      input_len = pad + (end - start);
    }
  else
    {
      input = doc->text->str;
      input_len = end;
    }
  /* md4c sizes are unsigned int; no reply comes near that. */
  md_parse (input, (MD_SIZE) MIN (input_len, G_MAXUINT), &parser, &b);
  start = piece.start;

  /* An aborted parse can leave blocks open. */
  while (b.frames->len > 0)
    pop (&b);

  for (guint i = 0; i < b.top->len; i++)
    {
      SparkMarkdownBlock *block = g_ptr_array_index (b.top, i);

      block->source_start = start;
      block->source_end = end;
      g_ptr_array_add (doc->blocks, block);
    }
  piece.n_blocks = b.top->len;
  g_array_append_val (doc->pieces, piece);

  g_ptr_array_unref (b.top);
  g_array_unref (b.frames);
  g_ptr_array_unref (b.links);
}

/* Parses doc->text from @from (0 or where a kept piece ends) to the end. */
static void
parse_from (SparkMarkdownDoc *doc,
            gsize             from)
{
  g_autoptr (GArray) splits = g_array_new (FALSE, FALSE, sizeof (SparkMarkdownSplit));
  gsize start = from;

  if (!doc->whole)
    spark_markdown_find_splits (doc->text->str, doc->text->len, from, splits);
  for (guint i = 0; i < splits->len; i++)
    {
      const SparkMarkdownSplit *split = &g_array_index (splits, SparkMarkdownSplit, i);

      parse_piece (doc, start, split->offset, split->decided);
      start = split->offset;
    }
  parse_piece (doc, start, doc->text->len, G_MAXSIZE);
}

static SparkMarkdownDoc *
doc_new (const char *text,
         gsize       len,
         gboolean    whole)
{
  SparkMarkdownDoc *doc = g_new0 (SparkMarkdownDoc, 1);

  doc->text = g_string_new_len (text, len);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_markdown_block_unref);
  doc->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  doc->whole = whole || spark_markdown_may_define_references (text, len);
  parse_from (doc, 0);
  return doc;
}

SparkMarkdownDoc *
spark_markdown_parse (const char *text,
                      gssize      len)
{
  g_return_val_if_fail (text != NULL || len <= 0, NULL);

  if (text == NULL)
    text = "";
  return doc_new (text, len < 0 ? strlen (text) : (gsize) len, FALSE);
}

SparkMarkdownDoc *
spark_markdown_parse_whole (const char *text,
                            gssize      len)
{
  g_return_val_if_fail (text != NULL || len <= 0, NULL);

  if (text == NULL)
    text = "";
  return doc_new (text, len < 0 ? strlen (text) : (gsize) len, TRUE);
}

guint
spark_markdown_update (SparkMarkdownDoc *doc,
                       const char       *text,
                       gssize            len)
{
  g_autofree char *copy = NULL;
  gsize            n, common = 0, from = 0;
  guint            keep_pieces = 0, keep_blocks = 0;
  gboolean         whole;

  g_return_val_if_fail (doc != NULL, 0);
  g_return_val_if_fail (text != NULL || len <= 0, 0);

  if (text == NULL)
    text = "";
  n = len < 0 ? strlen (text) : (gsize) len;
  /* The text may be (part of) the document's own. */
  if (text >= doc->text->str && text <= doc->text->str + doc->text->allocated_len)
    text = copy = g_strndup (text, n);
  if (n == doc->text->len && memcmp (text, doc->text->str, n) == 0)
    return doc->blocks->len;

  while (common < n && common < doc->text->len && text[common] == doc->text->str[common])
    common++;
  whole = spark_markdown_may_define_references (text, n);

  /* A piece is kept when the split that ends it, and all before it, lie
   * in the unchanged prefix. The last piece never ends at a split. */
  if (!whole && !doc->whole)
    for (; keep_pieces + 1 < doc->pieces->len; keep_pieces++)
      {
        const Piece *piece = &g_array_index (doc->pieces, Piece, keep_pieces);

        if (piece->end > common || piece->decided > common)
          break;
        keep_blocks += piece->n_blocks;
        from = piece->end;
      }

  g_ptr_array_set_size (doc->blocks, keep_blocks);
  g_array_set_size (doc->pieces, keep_pieces);
  g_string_truncate (doc->text, 0);
  g_string_append_len (doc->text, text, n);
  doc->whole = whole;
  parse_from (doc, from);
  return keep_blocks;
}

const char *
spark_markdown_doc_get_text (const SparkMarkdownDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return doc->text->str;
}

gsize
spark_markdown_doc_get_length (const SparkMarkdownDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  return doc->text->len;
}

guint
spark_markdown_doc_get_n_blocks (const SparkMarkdownDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  return doc->blocks->len;
}

SparkMarkdownBlock *
spark_markdown_doc_get_block (const SparkMarkdownDoc *doc,
                              guint                   index)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (index < doc->blocks->len, NULL);
  return g_ptr_array_index (doc->blocks, index);
}

char *
spark_markdown_doc_to_string (const SparkMarkdownDoc *doc)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (doc != NULL, NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    spark_markdown_block_to_string (g_ptr_array_index (doc->blocks, i), out, 0);
  return g_string_free (out, FALSE);
}

void
spark_markdown_doc_free (SparkMarkdownDoc *doc)
{
  if (doc == NULL)
    return;
  g_string_free (doc->text, TRUE);
  g_ptr_array_unref (doc->blocks);
  g_array_unref (doc->pieces);
  g_free (doc);
}
