/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoder for OpenAI-compatible chat completion chunks and bodies. It walks
 * each event with a pull scanner instead of building a JSON tree: a tree per
 * event (json-glib) measured ~55 MB/s, well below the stream rate we want.
 *
 * An event is applied whole or not at all: text and reasoning are appended
 * in place and rolled back on error; everything else is collected first and
 * applied once the event has been read to its end.
 *
 * This file is the delta loop: documents, choices, deltas, usage. Tool calls
 * are assembled in spark-chat-decoder-tools.c and error bodies read in
 * spark-chat-decoder-errors.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spark-chat-decoder-private.h"
#include "spark-error.h"

struct _SparkChatDecoder
{
  SparkChatResult *result;
  GString         *scratch;

  /* Per-event state, reused so that an event allocates nothing. */
  SparkChatToolPieces *pieces;
  SparkChatErrorBody  *error_body;
  GString             *model;
  GString             *id;
  GString             *finish_reason;
  SparkUsage           usage;
  gboolean             has_model;
  gboolean             has_id;
  gboolean             has_finish_reason;
  gboolean             has_usage;
  gboolean             streaming; /* choices[].delta, else choices[].message */
};

static SparkChatResult *
chat_result_new (void)
{
  SparkChatResult *result = g_new0 (SparkChatResult, 1);

  result->text = g_string_new (NULL);
  result->reasoning = g_string_new (NULL);
  result->tool_calls = g_ptr_array_new_with_free_func (spark_chat_tool_call_free);

  return result;
}

void
spark_chat_result_free (SparkChatResult *result)
{
  if (result == NULL)
    return;

  g_string_free (result->text, TRUE);
  g_string_free (result->reasoning, TRUE);
  g_free (result->finish_reason);
  g_free (result->model);
  g_free (result->id);
  g_ptr_array_unref (result->tool_calls);
  g_free (result);
}

SparkChatDecoder *
spark_chat_decoder_new (void)
{
  SparkChatDecoder *self = g_new0 (SparkChatDecoder, 1);

  self->result = chat_result_new ();
  self->scratch = g_string_sized_new (64);
  self->pieces = spark_chat_tool_pieces_new ();
  self->error_body = spark_chat_error_body_new ();
  self->model = g_string_new (NULL);
  self->id = g_string_new (NULL);
  self->finish_reason = g_string_new (NULL);

  return self;
}

void
spark_chat_decoder_free (SparkChatDecoder *self)
{
  if (self == NULL)
    return;

  spark_chat_result_free (self->result);
  g_string_free (self->scratch, TRUE);
  spark_chat_tool_pieces_free (self->pieces);
  spark_chat_error_body_free (self->error_body);
  g_string_free (self->model, TRUE);
  g_string_free (self->id, TRUE);
  g_string_free (self->finish_reason, TRUE);
  g_free (self);
}

const SparkChatResult *
spark_chat_decoder_get_result (SparkChatDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->result;
}

SparkChatResult *
spark_chat_decoder_steal_result (SparkChatDecoder *self)
{
  SparkChatResult *result;

  g_return_val_if_fail (self != NULL, NULL);

  result = g_steal_pointer (&self->result);
  self->result = chat_result_new ();

  return result;
}

gboolean
spark_chat_read_string (SparkJsonScan *scan,
                        GString       *dest,
                        gboolean      *has)
{
  if (spark_json_scan_peek (scan) != SPARK_JSON_STRING)
    return spark_json_scan_skip (scan, NULL, NULL);

  g_string_truncate (dest, 0);
  *has = TRUE;
  return spark_json_scan_string_append (scan, dest);
}

static gboolean
read_int (SparkJsonScan *scan,
          gint64        *value)
{
  if (spark_json_scan_peek (scan) != SPARK_JSON_NUMBER)
    return spark_json_scan_skip (scan, NULL, NULL);

  return spark_json_scan_int (scan, value);
}

/* Content given as parts: [{"type": "text", "text": …}], or Mistral's
 * {"type": "thinking", "thinking": [parts]} for reasoning. */
static gboolean
read_parts (SparkChatDecoder *self,
            SparkJsonScan    *scan,
            GString          *dest)
{
  const char *key;
  gsize       key_len;

  if (!spark_json_scan_enter_array (scan))
    return FALSE;

  while (spark_json_scan_next_element (scan))
    {
      if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
        {
          spark_json_scan_skip (scan, NULL, NULL);
          continue;
        }

      spark_json_scan_enter_object (scan);
      while (spark_json_scan_next_member (scan, &key, &key_len))
        {
          if (KEY_IS ("text") && spark_json_scan_peek (scan) == SPARK_JSON_STRING)
            spark_json_scan_string_append (scan, dest);
          else if (KEY_IS ("thinking") && spark_json_scan_peek (scan) == SPARK_JSON_ARRAY)
            read_parts (self, scan, self->result->reasoning);
          else
            spark_json_scan_skip (scan, NULL, NULL);
        }
    }

  return scan->error == NULL;
}

/* choices[0].delta (streaming) or choices[0].message. */
static gboolean
read_delta (SparkChatDecoder *self,
            SparkJsonScan    *scan)
{
  SparkChatResult *result = self->result;
  gboolean         has_reasoning = FALSE;
  const char      *key;
  gsize            key_len;

  if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
    return spark_json_scan_skip (scan, NULL, NULL);

  spark_json_scan_enter_object (scan);
  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      SparkJsonType type = spark_json_scan_peek (scan);

      /* A refusal is the model's answer too: show it as text. */
      if ((KEY_IS ("content") || KEY_IS ("refusal")) && type == SPARK_JSON_STRING)
        spark_json_scan_string_append (scan, result->text);
      else if (KEY_IS ("content") && type == SPARK_JSON_ARRAY)
        read_parts (self, scan, result->text);
      else if ((KEY_IS ("reasoning_content") || KEY_IS ("reasoning")) && type == SPARK_JSON_STRING && !has_reasoning)
        {
          /* Some servers send both names with the same text: take one. */
          gsize before = result->reasoning->len;

          spark_json_scan_string_append (scan, result->reasoning);
          has_reasoning = result->reasoning->len > before;
        }
      else if (KEY_IS ("tool_calls") && type == SPARK_JSON_ARRAY)
        spark_chat_tool_pieces_read (self->pieces, scan, self->streaming);
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  return scan->error == NULL;
}

/* Reads a saved span again: the value was already checked once. */
static gboolean
rescan (SparkChatDecoder *self,
        SparkJsonScan    *outer,
        const char       *start,
        const char       *end,
        gboolean          is_delta)
{
  SparkJsonScan scan;

  spark_json_scan_init (&scan, start, end - start, self->scratch);
  if (is_delta)
    read_delta (self, &scan);
  else
    spark_chat_read_string (&scan, self->finish_reason, &self->has_finish_reason);

  if (scan.error != NULL && outer->error == NULL)
    {
      outer->error = scan.error;
      outer->error_offset = (start - outer->start) + scan.error_offset;
    }
  return scan.error == NULL;
}

/* Only the first choice (index 0) is used. Its index may come after its
 * delta (JSON objects are unordered), so the delta is then read later. */
static gboolean
read_choice (SparkChatDecoder *self,
             SparkJsonScan    *scan)
{
  const char *delta_key = self->streaming ? "delta" : "message";
  gsize       delta_key_len = self->streaming ? 5 : 7;
  const char *delta_start = NULL, *delta_end = NULL;
  const char *finish_start = NULL, *finish_end = NULL;
  gboolean    index_known = FALSE;
  gint64      index = 0;
  const char *key;
  gsize       key_len;

  if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
    return spark_json_scan_skip (scan, NULL, NULL);

  spark_json_scan_enter_object (scan);
  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      gboolean is_delta = key_len == delta_key_len && memcmp (key, delta_key, key_len) == 0;

      if (KEY_IS ("index") && spark_json_scan_peek (scan) == SPARK_JSON_NUMBER)
        {
          spark_json_scan_int (scan, &index);
          index_known = TRUE;
        }
      else if (is_delta && index_known)
        {
          if (index == 0)
            read_delta (self, scan);
          else
            spark_json_scan_skip (scan, NULL, NULL);
        }
      else if (is_delta)
        spark_json_scan_skip (scan, &delta_start, &delta_end);
      else if (KEY_IS ("finish_reason"))
        spark_json_scan_skip (scan, &finish_start, &finish_end);
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  if (scan->error != NULL || index != 0)
    return scan->error == NULL;

  if (delta_start != NULL && !rescan (self, scan, delta_start, delta_end, TRUE))
    return FALSE;
  if (finish_start != NULL && !rescan (self, scan, finish_start, finish_end, FALSE))
    return FALSE;

  return TRUE;
}

static gboolean
read_usage (SparkChatDecoder *self,
            SparkJsonScan    *scan)
{
  SparkUsage *usage = &self->usage;
  const char *key;
  gsize       key_len;

  if (spark_json_scan_peek (scan) != SPARK_JSON_OBJECT)
    return spark_json_scan_skip (scan, NULL, NULL);

  memset (usage, 0, sizeof *usage);
  usage->valid = TRUE;
  self->has_usage = TRUE;

  spark_json_scan_enter_object (scan);
  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      if (KEY_IS ("prompt_tokens"))
        read_int (scan, &usage->prompt_tokens);
      else if (KEY_IS ("completion_tokens"))
        read_int (scan, &usage->completion_tokens);
      else if (KEY_IS ("total_tokens"))
        read_int (scan, &usage->total_tokens);
      else if (KEY_IS ("completion_tokens_details") && spark_json_scan_peek (scan) == SPARK_JSON_OBJECT)
        {
          spark_json_scan_enter_object (scan);
          while (spark_json_scan_next_member (scan, &key, &key_len))
            {
              if (KEY_IS ("reasoning_tokens"))
                read_int (scan, &usage->reasoning_tokens);
              else
                spark_json_scan_skip (scan, NULL, NULL);
            }
        }
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  return scan->error == NULL;
}

static gboolean
read_document (SparkChatDecoder *self,
               SparkJsonScan    *scan)
{
  const char *key;
  gsize       key_len;

  if (!spark_json_scan_enter_object (scan))
    return FALSE;

  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      if (KEY_IS ("choices") && spark_json_scan_peek (scan) == SPARK_JSON_ARRAY)
        {
          spark_json_scan_enter_array (scan);
          while (spark_json_scan_next_element (scan))
            read_choice (self, scan);
        }
      else if (KEY_IS ("usage"))
        read_usage (self, scan);
      else if (KEY_IS ("model"))
        spark_chat_read_string (scan, self->model, &self->has_model);
      else if (KEY_IS ("id"))
        spark_chat_read_string (scan, self->id, &self->has_id);
      else if (KEY_IS ("error"))
        spark_chat_error_body_read (self->error_body, scan);
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  return spark_json_scan_end (scan);
}

static void
set_string (char   **field,
            GString *value)
{
  if (g_strcmp0 (*field, value->str) != 0)
    {
      g_free (*field);
      *field = g_strdup (value->str);
    }
}

static gboolean
decode (SparkChatDecoder *self,
        const char       *buf,
        gsize             len,
        gboolean          streaming,
        SparkChatDelta   *delta,
        GError          **error)
{
  SparkChatResult *result = self->result;
  gsize            text_start = result->text->len;
  gsize            reasoning_start = result->reasoning->len;
  SparkJsonScan    scan;

  self->streaming = streaming;
  spark_chat_tool_pieces_reset (self->pieces);
  spark_chat_error_body_reset (self->error_body);
  self->has_model = self->has_id = self->has_finish_reason = self->has_usage = FALSE;

  spark_json_scan_init (&scan, buf, len, self->scratch);
  if (!read_document (self, &scan))
    {
      g_string_truncate (result->text, text_start);
      g_string_truncate (result->reasoning, reasoning_start);
      g_debug ("Unreadable reply from the service: %s at byte %" G_GSIZE_FORMAT,
               scan.error, scan.error_offset);
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                           _ ("The service sent a reply Spark can't read."));
      return FALSE;
    }

  if (self->has_model)
    set_string (&result->model, self->model);
  if (self->has_id)
    set_string (&result->id, self->id);
  if (self->has_finish_reason)
    set_string (&result->finish_reason, self->finish_reason);
  if (self->has_usage)
    result->usage = self->usage;
  spark_chat_tool_pieces_apply (self->pieces, result->tool_calls);

  if (delta != NULL)
    {
      if (result->text->len > text_start)
        {
          delta->content = result->text->str + text_start;
          delta->content_len = result->text->len - text_start;
        }
      if (result->reasoning->len > reasoning_start)
        {
          delta->reasoning = result->reasoning->str + reasoning_start;
          delta->reasoning_len = result->reasoning->len - reasoning_start;
        }
      delta->tool_calls_changed = spark_chat_tool_pieces_get_count (self->pieces) > 0;
      delta->usage_changed = self->has_usage;
      delta->finished = self->has_finish_reason;
    }

  if (spark_chat_error_body_is_set (self->error_body))
    {
      spark_chat_error_body_to_error (self->error_body, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_done_sentinel (const char *data,
                  gsize       len)
{
  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;
  while (len > 0 && g_ascii_isspace (data[0]))
    {
      data++;
      len--;
    }

  return len == 6 && memcmp (data, "[DONE]", 6) == 0;
}

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

gboolean
spark_chat_decoder_feed_event (SparkChatDecoder *self,
                               const char       *data,
                               gsize             len,
                               SparkChatDelta   *delta,
                               GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (delta != NULL)
    memset (delta, 0, sizeof *delta);

  /* Cheap check first: the sentinel is the only non-JSON event. */
  if (len > 0 && data[0] != '{' && is_done_sentinel (data, len))
    {
      self->result->done = TRUE;
      return TRUE;
    }

  if (is_blank (data, len))
    return TRUE;

  return decode (self, data, len, TRUE, delta, error);
}

gboolean
spark_chat_decoder_parse_completion (SparkChatDecoder *self,
                                     const char       *body,
                                     gsize             len,
                                     GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (body != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!decode (self, body, len, FALSE, NULL, error))
    return FALSE;

  /* A whole body is a complete reply. */
  self->result->done = TRUE;
  return TRUE;
}
