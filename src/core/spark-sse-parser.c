/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incremental Server-Sent Events parser. Lines that arrive whole inside a
 * chunk are parsed in place; only a line cut by a chunk boundary is copied.
 * Buffers grow geometrically and are reused from event to event. */
#include "spark-sse-parser.h"

#include <string.h>

/* A buffer that grew past this for one huge event is given back after it. */
#define SHRINK_ABOVE (1024 * 1024)
#define INITIAL_SIZE 256

static const char bom[3] = { '\xEF', '\xBB', '\xBF' };

struct _SparkSseParser
{
  SparkSseEventFunc func;
  gpointer          user_data;

  GString *line;          /* a line cut by a chunk boundary */
  GString *data;          /* data buffer: each data line + "\n" */
  GString *event_type;    /* event type buffer */
  GString *id_buffer;     /* last event ID buffer */
  GString *last_event_id; /* set from id_buffer at each dispatch */

  gint64   retry;
  guint    bom_matched;   /* leading bytes that matched the BOM so far */
  guint    bom_done : 1;
  guint    skip_lf : 1;   /* the previous chunk ended in CR */
  guint    id_changed : 1;
  guint    stopped : 1;
};

SparkSseParser *
spark_sse_parser_new (SparkSseEventFunc func,
                      gpointer          user_data)
{
  SparkSseParser *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (SparkSseParser, 1);
  self->func = func;
  self->user_data = user_data;
  self->line = g_string_sized_new (INITIAL_SIZE);
  self->data = g_string_sized_new (INITIAL_SIZE);
  self->event_type = g_string_new (NULL);
  self->id_buffer = g_string_new (NULL);
  self->last_event_id = g_string_new (NULL);
  self->retry = -1;

  return self;
}

void
spark_sse_parser_free (SparkSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_string_free (self->id_buffer, TRUE);
  g_string_free (self->last_event_id, TRUE);
  g_free (self);
}

static void
reset_buffer (GString **buffer)
{
  if ((*buffer)->allocated_len > SHRINK_ABOVE)
    {
      g_string_free (*buffer, TRUE);
      *buffer = g_string_sized_new (INITIAL_SIZE);
    }
  else
    {
      g_string_truncate (*buffer, 0);
    }
}

static void
dispatch (SparkSseParser *self)
{
  if (self->id_changed)
    {
      g_string_assign (self->last_event_id, self->id_buffer->str);
      self->id_changed = FALSE;
    }

  if (self->data->len == 0)
    {
      g_string_truncate (self->event_type, 0);
      return;
    }

  /* Drop the "\n" after the last data line; the NUL takes its place. */
  g_string_truncate (self->data, self->data->len - 1);

  self->func (self->event_type->len > 0 ? self->event_type->str : "message",
              self->data->str,
              self->data->len,
              self->last_event_id->str,
              self->user_data);

  reset_buffer (&self->data);
  g_string_truncate (self->event_type, 0);
}

static void
set_retry (SparkSseParser *self,
           const char     *value,
           gsize           len)
{
  gint64 retry = 0;

  if (len == 0)
    return;

  for (gsize i = 0; i < len; i++)
    {
      if (value[i] < '0' || value[i] > '9')
        return;

      if (retry > (G_MAXINT64 - 9) / 10)
        retry = G_MAXINT64;
      else
        retry = retry * 10 + (value[i] - '0');
    }

  self->retry = retry;
}

static void
process_line (SparkSseParser *self,
              const char     *line,
              gsize           len)
{
  const char *colon;
  const char *value;
  gsize name_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch (self);
      return;
    }

  if (line[0] == ':')
    return;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      name_len = colon - line;
      value = colon + 1;
      value_len = len - name_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      name_len = len;
      value = "";
      value_len = 0;
    }

  switch (name_len)
    {
    case 4:
      if (memcmp (line, "data", 4) == 0)
        {
          g_string_append_len (self->data, value, value_len);
          g_string_append_c (self->data, '\n');
        }
      break;

    case 5:
      if (memcmp (line, "event", 5) == 0)
        {
          g_string_truncate (self->event_type, 0);
          g_string_append_len (self->event_type, value, value_len);
        }
      else if (memcmp (line, "retry", 5) == 0)
        {
          set_retry (self, value, value_len);
        }
      break;

    case 2:
      if (memcmp (line, "id", 2) == 0 && memchr (value, '\0', value_len) == NULL)
        {
          g_string_truncate (self->id_buffer, 0);
          g_string_append_len (self->id_buffer, value, value_len);
          self->id_changed = TRUE;
        }
      break;

    default:
      break;
    }
}

/* Returns how many bytes of @buf belong to a (possibly partial) BOM. */
static gsize
skip_bom (SparkSseParser *self,
          const char     *buf,
          gsize           len)
{
  gsize i = 0;

  while (i < len && self->bom_matched < sizeof bom)
    {
      if (buf[i] != bom[self->bom_matched])
        {
          /* Not a BOM after all: the bytes held so far start the first line. */
          g_string_append_len (self->line, bom, self->bom_matched);
          self->bom_done = TRUE;
          return i;
        }
      self->bom_matched++;
      i++;
    }

  if (self->bom_matched == sizeof bom)
    self->bom_done = TRUE;

  return i;
}

void
spark_sse_parser_feed (SparkSseParser *self,
                       const char     *buf,
                       gsize           len)
{
  const char *p = buf;
  const char *end = buf + len;
  /* Next CR / LF at or after p; NULL = not searched yet, end = none left.
   * Remembering them keeps the scan to one pass per byte value per chunk. */
  const char *cr = NULL;
  const char *lf = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (buf != NULL || len == 0);

  if (self->stopped || len == 0)
    return;

  if (!self->bom_done)
    p += skip_bom (self, p, len);

  if (self->skip_lf && p < end)
    {
      self->skip_lf = FALSE;
      if (*p == '\n')
        p++;
    }

  while (p < end)
    {
      const char *eol;

      if (cr == NULL || cr < p)
        {
          cr = memchr (p, '\r', end - p);
          if (cr == NULL)
            cr = end;
        }
      if (lf == NULL || lf < p)
        {
          lf = memchr (p, '\n', end - p);
          if (lf == NULL)
            lf = end;
        }

      eol = MIN (cr, lf);
      if (eol == end)
        {
          g_string_append_len (self->line, p, end - p);
          break;
        }

      if (self->line->len == 0)
        {
          process_line (self, p, eol - p);
        }
      else
        {
          g_string_append_len (self->line, p, eol - p);
          process_line (self, self->line->str, self->line->len);
          reset_buffer (&self->line);
        }

      if (self->stopped)
        return;

      p = eol + 1;
      if (*eol == '\r')
        {
          if (p == end)
            self->skip_lf = TRUE;
          else if (*p == '\n')
            p++;
        }
    }
}

void
spark_sse_parser_finish (SparkSseParser *self)
{
  g_return_if_fail (self != NULL);

  /* Whatever was not closed by a blank line is discarded. */
  reset_buffer (&self->line);
  reset_buffer (&self->data);
  g_string_truncate (self->event_type, 0);
  self->bom_matched = 0;
  self->bom_done = FALSE;
  self->skip_lf = FALSE;
}

void
spark_sse_parser_stop (SparkSseParser *self)
{
  g_return_if_fail (self != NULL);

  self->stopped = TRUE;
}

gint64
spark_sse_parser_get_retry (SparkSseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry;
}

const char *
spark_sse_parser_get_last_event_id (SparkSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_event_id->str;
}

gsize
spark_sse_parser_get_pending_size (SparkSseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line->len + self->data->len + self->event_type->len +
         (self->bom_done ? 0 : self->bom_matched);
}
