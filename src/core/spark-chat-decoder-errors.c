/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkChatDecoder's error bodies: the `error` member a service sends in a
 * stream or instead of a reply — an object with message, type and code (a
 * number or a string), or a bare string — turned into a sentence a person
 * can act on. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-chat-decoder-private.h"
#include "spark-client-errors.h"
#include "spark-error.h"

struct _SparkChatErrorBody
{
  GString *message;
  GString *type;
  GString *code;
  gboolean is_set;
};

SparkChatErrorBody *
spark_chat_error_body_new (void)
{
  SparkChatErrorBody *self = g_new0 (SparkChatErrorBody, 1);

  self->message = g_string_new (NULL);
  self->type = g_string_new (NULL);
  self->code = g_string_new (NULL);

  return self;
}

void
spark_chat_error_body_free (SparkChatErrorBody *self)
{
  if (self == NULL)
    return;

  g_string_free (self->message, TRUE);
  g_string_free (self->type, TRUE);
  g_string_free (self->code, TRUE);
  g_free (self);
}

void
spark_chat_error_body_reset (SparkChatErrorBody *self)
{
  self->is_set = FALSE;
  g_string_truncate (self->message, 0);
  g_string_truncate (self->type, 0);
  g_string_truncate (self->code, 0);
}

gboolean
spark_chat_error_body_is_set (SparkChatErrorBody *self)
{
  return self->is_set;
}

/* {"error": {"message", "type", "code"}} or {"error": "message"}. */
gboolean
spark_chat_error_body_read (SparkChatErrorBody *self,
                            SparkJsonScan      *scan)
{
  SparkJsonType type = spark_json_scan_peek (scan);
  gboolean      has = FALSE;
  const char   *key;
  gsize         key_len;

  if (type == SPARK_JSON_STRING)
    {
      self->is_set = TRUE;
      return spark_chat_read_string (scan, self->message, &has);
    }
  if (type != SPARK_JSON_OBJECT)
    return spark_json_scan_skip (scan, NULL, NULL);

  self->is_set = TRUE;
  spark_json_scan_enter_object (scan);
  while (spark_json_scan_next_member (scan, &key, &key_len))
    {
      if (KEY_IS ("message"))
        spark_chat_read_string (scan, self->message, &has);
      else if (KEY_IS ("type"))
        spark_chat_read_string (scan, self->type, &has);
      else if (KEY_IS ("code") && spark_json_scan_peek (scan) == SPARK_JSON_NUMBER)
        {
          const char *start, *end;

          if (spark_json_scan_skip (scan, &start, &end))
            g_string_append_len (g_string_truncate (self->code, 0), start, end - start);
        }
      else if (KEY_IS ("code"))
        spark_chat_read_string (scan, self->code, &has);
      else
        spark_json_scan_skip (scan, NULL, NULL);
    }

  return scan->error == NULL;
}

void
spark_chat_error_body_to_error (SparkChatErrorBody *self,
                                GError            **error)
{
  g_autofree char *joined = NULL;
  const char      *what;
  SparkErrorCode   kind;

  /* The message is what a person can read; type and code help classify. */
  what = self->message->len > 0 ? self->message->str
         : self->type->len > 0  ? self->type->str
                                : self->code->str;
  joined = g_strjoin (" ", self->message->str, self->type->str,
                      self->code->str, NULL);
  kind = spark_client_error_classify (joined);

  if (kind == SPARK_ERROR_CONTEXT_TOO_LONG)
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_CONTEXT_TOO_LONG,
                 _ ("The conversation is too long for this model. Start a new chat or choose a model with a longer context. The service said: %s"),
                 what);
  else if (kind == SPARK_ERROR_UNSUPPORTED_INPUT)
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT,
                 _ ("This model can't read images. Remove the images or choose a model with vision support. The service said: %s"),
                 what);
  else if (what[0] != '\0')
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_SERVICE,
                 _ ("The service reported an error: %s"), what);
  else
    g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_SERVICE,
                         _ ("The service reported an error without saying what went wrong. Try again."));
}
