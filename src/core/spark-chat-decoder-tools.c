/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkChatDecoder's tool-call assembly: reads the `tool_calls` entries of
 * one event into pieces and merges them into the reply's calls, whichever
 * way the service sends them — arguments in pieces keyed by index, entries
 * without an index, or arguments as JSON rather than a string. */
#include "spark-chat-decoder-private.h"

/* One tool_calls[] entry of the current event, merged after the event. */
typedef struct
{
  gint64   index;
  gboolean has_index;
  gboolean has_id;
  gboolean has_name;
  GString *id;
  GString *name;
  GString *arguments;
} Piece;

struct _SparkChatToolPieces
{
  GArray *pieces; /* Piece; GStrings kept between events */
  guint   n_pieces;
};

void
spark_chat_tool_call_free (gpointer data)
{
  SparkToolCall *call = data;

  g_free (call->id);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_string_free (piece->id, TRUE);
  g_string_free (piece->name, TRUE);
  g_string_free (piece->arguments, TRUE);
}

SparkChatToolPieces *
spark_chat_tool_pieces_new (void)
{
  SparkChatToolPieces *self = g_new0 (SparkChatToolPieces, 1);

  self->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (self->pieces, piece_clear);

  return self;
}

void
spark_chat_tool_pieces_free (SparkChatToolPieces *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->pieces);
  g_free (self);
}

void
spark_chat_tool_pieces_reset (SparkChatToolPieces *self)
{
  self->n_pieces = 0;
}

guint
spark_chat_tool_pieces_get_count (SparkChatToolPieces *self)
{
  return self->n_pieces;
}

static Piece *
next_piece (SparkChatToolPieces *self)
{
  Piece *piece;

  if (self->n_pieces == self->pieces->len)
    {
      Piece fresh = {
        .id = g_string_new (NULL),
        .name = g_string_new (NULL),
        .arguments = g_string_new (NULL),
      };
      g_array_append_val (self->pieces, fresh);
    }

  piece = &g_array_index (self->pieces, Piece, self->n_pieces++);
  piece->index = 0;
  piece->has_index = piece->has_id = piece->has_name = FALSE;
  g_string_truncate (piece->id, 0);
  g_string_truncate (piece->name, 0);
  g_string_truncate (piece->arguments, 0);

  return piece;
}

static gboolean
read_function (SparkJsonScan *scan,
               Piece         *piece)
{
  const char *key;
  gsize       key_len;

  if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
    return spark_json_scan_skip (scan, NULL, NULL);

  spark_json_scan_enter_object (scan);
  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      if (KEY_IS ("name"))
        spark_chat_read_string (scan, piece->name, &piece->has_name);
      else if (KEY_IS ("arguments"))
        {
          SparkJsonType type = spark_json_scan_peek (scan);

          if (type == SPARK_JSON_STRING)
            spark_json_scan_string_append (scan, piece->arguments);
          else if (type == SPARK_JSON_OBJECT || type == SPARK_JSON_ARRAY)
            {
              /* Some servers send the arguments as JSON, not as a string. */
              const char *start, *end;

              if (spark_json_scan_skip (scan, &start, &end))
                g_string_append_len (piece->arguments, start, end - start);
            }
          else
            spark_json_scan_skip (scan, NULL, NULL);
        }
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  return scan->error == NULL;
}

gboolean
spark_chat_tool_pieces_read (SparkChatToolPieces *self,
                             SparkJsonScan       *scan,
                             gboolean             streaming)
{
  const char *key;
  gsize       key_len;
  guint       position = 0;

  spark_json_scan_enter_array (scan);
  while (spark_json_scan_next_element (scan))
    {
      Piece *piece;

      if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
        {
          spark_json_scan_skip (scan, NULL, NULL);
          continue;
        }

      piece = next_piece (self);
      spark_json_scan_enter_object (scan);
      while (spark_json_scan_next_member (scan, &key, &key_len))
        {
          if (KEY_IS ("index") && spark_json_scan_peek (scan) == SPARK_JSON_NUMBER)
            {
              spark_json_scan_int (scan, &piece->index);
              piece->has_index = piece->index >= 0 && piece->index <= G_MAXINT;
            }
          else if (KEY_IS ("id"))
            spark_chat_read_string (scan, piece->id, &piece->has_id);
          else if (KEY_IS ("function"))
            read_function (scan, piece);
          else
            spark_json_scan_skip (scan, NULL, NULL);
        }

      /* A complete message lists its calls without indexes. */
      if (!piece->has_index && !streaming)
        {
          piece->index = position;
          piece->has_index = TRUE;
        }
      position++;
    }

  return scan->error == NULL;
}

static SparkToolCall *
find_call (GPtrArray *calls,
           guint      index,
           gboolean   create)
{
  guint          lo = 0, hi = calls->len;
  SparkToolCall *call;

  /* Sorted by index; pieces usually extend the last call. */
  while (lo < hi)
    {
      guint          mid = lo + (hi - lo) / 2;
      SparkToolCall *probe = g_ptr_array_index (calls, mid);

      if (probe->index == index)
        return probe;
      if (probe->index < index)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (!create)
    return NULL;

  call = g_new0 (SparkToolCall, 1);
  call->index = index;
  call->arguments = g_string_new (NULL);
  g_ptr_array_insert (calls, lo, call);

  return call;
}

static SparkToolCall *
call_for_piece (GPtrArray   *calls,
                const Piece *piece)
{
  SparkToolCall *last = calls->len > 0 ? g_ptr_array_index (calls, calls->len - 1) : NULL;

  if (piece->has_index)
    return find_call (calls, piece->index, TRUE);

  /* No index (some servers): a new id starts a new call, otherwise the
   * piece continues the last one. */
  if (piece->id->len > 0)
    {
      for (guint i = 0; i < calls->len; i++)
        {
          SparkToolCall *call = g_ptr_array_index (calls, i);

          if (g_strcmp0 (call->id, piece->id->str) == 0)
            return call;
        }
      return find_call (calls, last != NULL ? last->index + 1 : 0, TRUE);
    }

  return last != NULL ? last : find_call (calls, 0, TRUE);
}

void
spark_chat_tool_pieces_apply (SparkChatToolPieces *self,
                              GPtrArray           *calls)
{
  for (guint i = 0; i < self->n_pieces; i++)
    {
      const Piece   *piece = &g_array_index (self->pieces, Piece, i);
      SparkToolCall *call = call_for_piece (calls, piece);

      /* id and name come with the first piece; later repeats are ignored. */
      if (call->id == NULL && piece->id->len > 0)
        call->id = g_strdup (piece->id->str);
      if (call->name == NULL && piece->name->len > 0)
        call->name = g_strdup (piece->name->str);
      g_string_append_len (call->arguments, piece->arguments->str, piece->arguments->len);
    }
}
