/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One response the fake model service is still writing. Steps go out as
 * chunks of a chunked body; paced steps wait for a timer on the service's
 * main context, so nothing ever blocks. A client that goes away may leave
 * libsoup silent (no `finished`), so the service keeps every stream and
 * frees the rest when it is disposed. */
#include "spark-fake-stream.h"

struct _SparkFakeStream
{
  SoupServerMessage  *msg;
  GMainContext       *context;
  SparkFakeStreamFunc token_written;
  SparkFakeStreamFunc finished;
  gpointer            owner;
  gulong              handlers[3];

  GSource   *source; /* pacing timer, start delay or reset idle */
  GPtrArray *steps;  /* SparkFakeStep; NULL until sent */
  guint      pos;
  guint      interval_ms;   /* before each paced step; 0: no pacing */
  guint      per_interval;  /* steps that go out each interval */
  guint      pace_left;     /* of those, still to go out now */
  gboolean   in_handler;    /* libsoup writes once the handler returns */
  gboolean   reset_waiting; /* for the chunks before it to be written */
  GArray    *chunk_tokens;  /* gboolean per appended chunk: is it a token */
  guint      n_written;

  SparkFakeStreamFunc ready;
  gpointer            ready_data;
  GDestroyNotify      ready_destroy;
};

static void advance (SparkFakeStream *stream);

static void
clear_source (SparkFakeStream *stream)
{
  if (stream->source != NULL)
    {
      g_source_destroy (stream->source);
      g_clear_pointer (&stream->source, g_source_unref);
    }
}

static void
set_source (SparkFakeStream *stream,
            GSource         *source,
            GSourceFunc      func)
{
  g_assert (stream->source == NULL);

  g_source_set_callback (source, func, stream, NULL);
  g_source_attach (source, stream->context);
  stream->source = source;
}

static void
message_finished_cb (SparkFakeStream *stream)
{
  /* The owner frees the stream: do not touch it after this. */
  stream->finished (stream, stream->owner);
}

static gboolean
reset_idle_cb (gpointer data)
{
  SparkFakeStream *stream = data;

  g_clear_pointer (&stream->source, g_source_unref);
  advance (stream);
  return G_SOURCE_REMOVE;
}

static void
wrote_chunk_cb (SparkFakeStream *stream)
{
  gboolean token;

  /* A plain body set after a delay is not ours to count. */
  if (stream->n_written >= stream->chunk_tokens->len)
    return;

  token = g_array_index (stream->chunk_tokens, gboolean, stream->n_written);
  stream->n_written++;
  if (token)
    stream->token_written (stream, stream->owner);

  /* Not from inside libsoup's write loop: close the socket from an idle. */
  if (stream->reset_waiting && stream->n_written == stream->chunk_tokens->len && stream->source == NULL)
    set_source (stream, g_idle_source_new (), reset_idle_cb);
}

SparkFakeStream *
spark_fake_stream_new (SoupServerMessage  *msg,
                       GMainContext       *context,
                       SparkFakeStreamFunc token_written,
                       SparkFakeStreamFunc finished,
                       gpointer            owner)
{
  SparkFakeStream *stream = g_new0 (SparkFakeStream, 1);

  stream->msg = g_object_ref (msg);
  stream->context = g_main_context_ref (context);
  stream->token_written = token_written;
  stream->finished = finished;
  stream->owner = owner;
  stream->chunk_tokens = g_array_new (FALSE, FALSE, sizeof (gboolean));
  stream->handlers[0] = g_signal_connect_swapped (msg, "finished",
                                                  G_CALLBACK (message_finished_cb), stream);
  stream->handlers[1] = g_signal_connect_swapped (msg, "disconnected",
                                                  G_CALLBACK (message_finished_cb), stream);
  stream->handlers[2] = g_signal_connect_swapped (msg, "wrote-chunk",
                                                  G_CALLBACK (wrote_chunk_cb), stream);
  return stream;
}

SoupServerMessage *
spark_fake_stream_get_message (SparkFakeStream *stream)
{
  return stream->msg;
}

static gboolean
delay_cb (gpointer data)
{
  SparkFakeStream *stream = data;
  g_autoptr (SoupServerMessage) msg = g_object_ref (stream->msg);
  SparkFakeStreamFunc ready = g_steal_pointer (&stream->ready);
  gpointer            ready_data = g_steal_pointer (&stream->ready_data);
  GDestroyNotify      destroy = g_steal_pointer (&stream->ready_destroy);

  g_clear_pointer (&stream->source, g_source_unref);

  ready (stream, ready_data);
  if (destroy != NULL)
    destroy (ready_data);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

/**
 * spark_fake_stream_delay:
 * @ready: sets the response up (e.g. with spark_fake_stream_send()) once
 *   @delay_ms have passed; the message goes on after it returns
 *
 * Holds the response back, headers included. Call from the handler.
 */
void
spark_fake_stream_delay (SparkFakeStream    *stream,
                         guint               delay_ms,
                         SparkFakeStreamFunc ready,
                         gpointer            data,
                         GDestroyNotify      destroy)
{
  g_assert (stream->ready == NULL);

  soup_server_message_pause (stream->msg);
  stream->ready = ready;
  stream->ready_data = data;
  stream->ready_destroy = destroy;
  set_source (stream, g_timeout_source_new (delay_ms), delay_cb);
}

/* Cuts the connection in the middle of a chunk. A close right between two
 * chunks would not do: libsoup's client reads that as a clean end of the
 * body. Here the client gets part of an event, then a read error; libsoup's
 * server sees its next write fail and finishes the message, which frees
 * this stream. */
static void
reset_connection (SparkFakeStream *stream)
{
  static const char cut[] = "100\r\ndata: {\"id\":\"chatcmpl-cut";
  GSocket          *socket = soup_server_message_get_socket (stream->msg);

  if (socket != NULL)
    {
      /* Only once the headers are out (all appended chunks are written by
       * now); before them the client just sees the connection close. */
      if (stream->chunk_tokens->len > 0)
        g_socket_send (socket, cut, sizeof cut - 1, NULL, NULL);
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
}

static gboolean
pace_cb (gpointer data)
{
  SparkFakeStream *stream = data;

  g_clear_pointer (&stream->source, g_source_unref);
  stream->pace_left = stream->per_interval;
  advance (stream);
  return G_SOURCE_REMOVE;
}

/* Appends steps until one must wait (a timer, the chunks before a reset,
 * a stall) or the body is complete. */
static void
advance (SparkFakeStream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gboolean         wake = FALSE;

  stream->reset_waiting = FALSE;
  while (stream->pos < stream->steps->len)
    {
      const SparkFakeStep *step = g_ptr_array_index (stream->steps, stream->pos);

      if (step->paced && stream->interval_ms > 0 && stream->pace_left == 0)
        {
          set_source (stream, g_timeout_source_new (stream->interval_ms), pace_cb);
          goto out;
        }
      if (stream->pace_left > 0)
        stream->pace_left--;

      switch (step->kind)
        {
        case SPARK_FAKE_STEP_DATA:
          soup_message_body_append_bytes (body, step->bytes);
          g_array_append_val (stream->chunk_tokens, step->token);
          stream->pos++;
          wake = TRUE;
          break;

        case SPARK_FAKE_STEP_RESET:
          if (stream->n_written < stream->chunk_tokens->len)
            {
              stream->reset_waiting = TRUE;
              goto out;
            }
          stream->pos = stream->steps->len + 1;
          reset_connection (stream);
          wake = TRUE;
          goto out;

        case SPARK_FAKE_STEP_STALL:
        default:
          stream->pos = stream->steps->len + 1;
          goto out;
        }
    }

  if (stream->pos == stream->steps->len)
    {
      stream->pos++;
      soup_message_body_complete (body);
      wake = TRUE;
    }

out:
  if (wake && !stream->in_handler)
    soup_server_message_unpause (stream->msg);
}

/**
 * spark_fake_stream_send:
 * @steps: (transfer full): what to send (SparkFakeStep)
 * @tokens_per_second: pace of the paced steps; 0: as fast as possible
 *
 * Answers 200 with a chunked body made of @steps; the caller sets the
 * Content-Type. Call from the handler or from a @ready of
 * spark_fake_stream_delay().
 */
void
spark_fake_stream_send (SparkFakeStream *stream,
                        GPtrArray       *steps,
                        double           tokens_per_second)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (stream->msg);
  SoupMessageBody    *body = soup_server_message_get_response_body (stream->msg);

  g_assert (stream->steps == NULL);

  stream->steps = steps;
  if (tokens_per_second > 0)
    {
      stream->interval_ms = MAX (1, (guint) (1000.0 / tokens_per_second + 0.5));
      /* Timers tick in milliseconds: faster than 1,000 tokens/s, several
       * go out at each tick. */
      stream->per_interval = MAX (1, (guint) (tokens_per_second / 1000.0 + 0.5));
    }

  soup_server_message_set_status (stream->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  /* Chunks are sent once; a 10 MiB event need not stay around. */
  soup_message_body_set_accumulate (body, FALSE);

  /* Not paused here (from the handler, or a delay that unpauses after): the
   * first chunks go out with the headers, without an unpause. */
  stream->in_handler = TRUE;
  advance (stream);
  stream->in_handler = FALSE;
}

/* Drops the stream without touching libsoup's side of the message: the
 * server's own shutdown closes the connection. */
void
spark_fake_stream_free (SparkFakeStream *stream)
{
  if (stream == NULL)
    return;

  clear_source (stream);
  for (guint i = 0; i < G_N_ELEMENTS (stream->handlers); i++)
    g_clear_signal_handler (&stream->handlers[i], stream->msg);
  if (stream->ready_destroy != NULL)
    stream->ready_destroy (stream->ready_data);
  g_clear_pointer (&stream->steps, g_ptr_array_unref);
  g_array_unref (stream->chunk_tokens);
  g_object_unref (stream->msg);
  g_main_context_unref (stream->context);
  g_free (stream);
}
