/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkClient: one SoupSession talking to OpenAI-compatible model services.
 *
 * Chat replies stream as Server-Sent Events: bytes are read asynchronously,
 * fed to SparkSseParser, each event decoded by SparkChatDecoder and handed
 * to the caller as a delta. Timeouts are our own: a connect timeout until
 * the TCP connection is up, then an idle timeout reset by every byte
 * (SoupSession:timeout would also cut slow streams, so it is 0). 429 and
 * 5xx are retried with backoff — honouring Retry-After — only before the
 * first byte of a reply, so nothing the person saw is ever repeated. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "spark-client-private.h"
#include "spark-error.h"
#include "spark-loopback-resolver.h"
#include "spark-sse-parser.h"

#define READ_CHUNK (16 * 1024)
#define MAX_EVENT_BYTES (4 * 1024 * 1024)
#define MAX_ERROR_BODY (64 * 1024)
#define MAX_SIMPLE_BODY (16 * 1024 * 1024)
#define MAX_RETRY_AFTER_S 60

struct _SparkClient
{
  GObject parent_instance;

  SoupSession *session;
  guint        connect_timeout_s;
  guint        idle_timeout_s;
  guint        max_retries;
  guint        base_delay_ms;
};

G_DEFINE_FINAL_TYPE (SparkClient, spark_client, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* A resettable deadline: one GSource whose ready time moves forward.  */

typedef struct
{
  GSource *source;
  gboolean fired;
} Deadline;

static gboolean
deadline_dispatch (GSource    *source,
                   GSourceFunc callback,
                   gpointer    user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = { NULL, NULL, deadline_dispatch, NULL, NULL, NULL };

static void
deadline_start (Deadline   *d,
                guint       seconds,
                GSourceFunc func,
                gpointer    data)
{
  if (d->source == NULL)
    {
      d->source = g_source_new (&deadline_funcs, sizeof (GSource));
      g_source_set_callback (d->source, func, data, NULL);
      g_source_set_name (d->source, "[spark] client deadline");
      g_source_attach (d->source, g_main_context_get_thread_default ());
    }
  g_source_set_ready_time (d->source, g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC);
}

static void
deadline_clear (Deadline *d)
{
  if (d->source != NULL)
    {
      g_source_destroy (d->source);
      g_clear_pointer (&d->source, g_source_unref);
    }
}

/* ------------------------------------------------------------------ */

SparkClient *
spark_client_new (void)
{
  return g_object_new (SPARK_TYPE_CLIENT, NULL);
}

SoupSession *
spark_client_get_session (SparkClient *self)
{
  return self->session;
}

guint
spark_client_get_connect_timeout (SparkClient *self)
{
  return self->connect_timeout_s;
}

guint
spark_client_get_idle_timeout (SparkClient *self)
{
  return self->idle_timeout_s;
}

void
spark_client_set_timeouts (SparkClient *self,
                           guint        connect_seconds,
                           guint        idle_seconds)
{
  g_return_if_fail (SPARK_IS_CLIENT (self));
  self->connect_timeout_s = MAX (connect_seconds, 1);
  self->idle_timeout_s = MAX (idle_seconds, 1);
}

void
spark_client_set_retry_policy (SparkClient *self,
                               guint        max_retries,
                               guint        base_delay_ms)
{
  g_return_if_fail (SPARK_IS_CLIENT (self));
  self->max_retries = max_retries;
  self->base_delay_ms = base_delay_ms;
}

void
spark_client_fill_error_context (SparkErrorContext *ctx,
                                 SparkProvider     *provider,
                                 const char        *model,
                                 const char        *endpoint,
                                 gboolean           sent_key)
{
  ctx->service_name = spark_provider_get_name (provider);
  ctx->base_url = spark_provider_get_base_url (provider);
  ctx->model = model;
  ctx->endpoint = endpoint;
  ctx->local_ollama = spark_provider_get_preset (provider) == SPARK_PROVIDER_PRESET_OLLAMA;
  ctx->sent_key = sent_key;
}

SoupMessage *
spark_client_new_message (SparkProvider *provider,
                          const char    *method,
                          const char    *endpoint,
                          const char    *api_key,
                          GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr (GUri) uri = NULL;
  SoupMessage *msg;

  if (!spark_provider_validate (provider, error))
    return NULL;
  url = spark_provider_dup_endpoint (provider, endpoint);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("The address of %s isn’t a valid web address. Check it in Preferences → Model Services."),
                   spark_provider_get_name (provider));
      return NULL;
    }
  msg = soup_message_new_from_uri (method, uri);
  if (api_key != NULL && *api_key != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", api_key, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

/* ------------------------------------------------------------------ */
/* Streaming chat                                                     */

typedef struct
{
  SparkClient         *client;
  SparkProvider       *provider;
  char                *api_key;
  char                *model;
  GBytes              *body;
  SparkStreamCallbacks callbacks;
  gpointer             callback_data;

  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *op_cancel; /* cancels the I/O in flight */
  GCancellable *user_cancel;
  gulong        user_cancel_id;
  Deadline      deadline;
  GSource      *backoff;
  gboolean      timed_out;
  gboolean      connected;
  gboolean      got_first_byte;
  guint         attempt;

  SparkSseParser   *parser;
  SparkChatDecoder *decoder;
  GError           *stream_error; /* raised inside a parser callback */
  GByteArray       *error_body;
} StreamData;

static void
stream_data_free (StreamData *data)
{
  if (data->user_cancel_id != 0)
    g_cancellable_disconnect (data->user_cancel, data->user_cancel_id);
  deadline_clear (&data->deadline);
  if (data->backoff != NULL)
    {
      g_source_destroy (data->backoff);
      g_source_unref (data->backoff);
    }
  g_clear_object (&data->user_cancel);
  g_clear_object (&data->op_cancel);
  g_clear_object (&data->stream);
  g_clear_object (&data->msg);
  g_clear_object (&data->provider);
  g_clear_object (&data->client);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->parser, spark_sse_parser_free);
  g_clear_pointer (&data->decoder, spark_chat_decoder_free);
  g_clear_pointer (&data->error_body, g_byte_array_unref);
  g_clear_error (&data->stream_error);
  if (data->api_key != NULL)
    {
      /* Don't leave the key lying around in freed memory. */
      memset (data->api_key, 0, strlen (data->api_key));
      g_free (data->api_key);
    }
  g_free (data->model);
  g_free (data);
}

static void send_attempt (GTask *task);

static void
user_cancelled_cb (GCancellable *cancellable,
                   StreamData   *data)
{
  g_cancellable_cancel (data->op_cancel);
}

static gboolean
deadline_cb (gpointer user_data)
{
  StreamData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->op_cancel);
  return G_SOURCE_CONTINUE;
}

/* Finishes the task with @error, turning our own cancellation into the
 * reason it happened (a timeout) when that is what it was. */
static void
stream_fail (GTask  *task,
             GError *error)
{
  StreamData       *data = g_task_get_task_data (task);
  SparkErrorContext ctx;

  deadline_clear (&data->deadline);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && data->timed_out
      && !g_cancellable_is_cancelled (data->user_cancel))
    {
      g_clear_error (&error);
      spark_client_fill_error_context (&ctx, data->provider, data->model, "chat/completions", data->api_key != NULL);
      if (!data->connected)
        error = g_error_new (SPARK_ERROR, SPARK_ERROR_TIMEOUT,
                             _ ("Can’t reach %s at %s: no answer within %u s. Is it running?"),
                             ctx.service_name, ctx.base_url, data->client->connect_timeout_s);
      else
        error = g_error_new (SPARK_ERROR, SPARK_ERROR_TIMEOUT,
                             _ ("%s stopped sending for %u s, so Spark gave up. A large model may still be loading: try again, or raise the idle timeout in Preferences."),
                             ctx.service_name, data->client->idle_timeout_s);
    }
  if (data->stream != NULL)
    g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
stream_succeed (GTask *task)
{
  StreamData *data = g_task_get_task_data (task);

  deadline_clear (&data->deadline);
  if (data->stream != NULL)
    g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_task_return_pointer (task, spark_chat_decoder_steal_result (data->decoder),
                         (GDestroyNotify) spark_chat_result_free);
  g_object_unref (task);
}

static void
sse_event_cb (const char *event_type,
              const char *event_data,
              gsize       len,
              const char *last_event_id,
              gpointer    user_data)
{
  StreamData    *data = user_data;
  SparkChatDelta delta = { 0 };

  if (data->stream_error != NULL)
    return;
  /* Some servers name error events; the payload says what matters. */
  if (!spark_chat_decoder_feed_event (data->decoder, event_data, len, &delta, &data->stream_error))
    {
      spark_sse_parser_stop (data->parser);
      return;
    }
  if (data->callbacks.delta != NULL)
    data->callbacks.delta (&delta, spark_chat_decoder_get_result (data->decoder), data->callback_data);
}

static gboolean
result_is_complete (const SparkChatResult *result)
{
  return result->done || result->finish_reason != NULL;
}

static void read_next (GTask *task);

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;
  GError           *error = NULL;
  SparkErrorContext ctx;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  spark_client_fill_error_context (&ctx, data->provider, data->model, "chat/completions", data->api_key != NULL);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new (SPARK_ERROR, SPARK_ERROR_STREAM_CUT,
                               _ ("The connection to %s was lost before the reply finished."),
                               ctx.service_name);
        }
      stream_fail (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      spark_sse_parser_finish (data->parser);
      if (data->stream_error != NULL)
        stream_fail (task, g_steal_pointer (&data->stream_error));
      else if (result_is_complete (spark_chat_decoder_get_result (data->decoder)))
        stream_succeed (task);
      else
        stream_fail (task, g_error_new (SPARK_ERROR, SPARK_ERROR_STREAM_CUT,
                                        _ ("%s ended the reply before it was finished."),
                                        ctx.service_name));
      return;
    }

  data->got_first_byte = TRUE;
  deadline_start (&data->deadline, data->client->idle_timeout_s, deadline_cb, data);
  spark_sse_parser_feed (data->parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (data->stream_error != NULL)
    {
      stream_fail (task, g_steal_pointer (&data->stream_error));
      return;
    }
  if (spark_sse_parser_get_pending_size (data->parser) > MAX_EVENT_BYTES)
    {
      stream_fail (task, g_error_new (SPARK_ERROR, SPARK_ERROR_MALFORMED_STREAM,
                                      _ ("%s sent a single piece of the reply larger than %u MB, which Spark refuses to hold."),
                                      ctx.service_name, MAX_EVENT_BYTES / (1024 * 1024)));
      return;
    }
  if (spark_chat_decoder_get_result (data->decoder)->done)
    {
      /* [DONE]: no need to wait for the server to close the body. */
      stream_succeed (task);
      return;
    }
  read_next (task);
}

static void
read_next (GTask *task)
{
  StreamData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->op_cancel, read_cb, task);
}

/* Whole-body replies (stream: false, or a server that ignored it). */
static void
completion_body_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);
  GError     *error = NULL;
  gssize      n;

  n = g_output_stream_splice_finish (G_OUTPUT_STREAM (source), res, &error);
  if (n < 0)
    {
      stream_fail (task, error);
      return;
    }
  if (!spark_chat_decoder_parse_completion (data->decoder,
                                            g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (source)),
                                            g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (source)),
                                            &error))
    {
      stream_fail (task, error);
      return;
    }
  if (data->callbacks.delta != NULL)
    {
      const SparkChatResult *result = spark_chat_decoder_get_result (data->decoder);
      SparkChatDelta         delta = {
                .content = result->text->str,
                .content_len = result->text->len,
                .reasoning = result->reasoning->str,
                .reasoning_len = result->reasoning->len,
                .tool_calls_changed = result->tool_calls->len > 0,
                .usage_changed = result->usage.valid,
                .finished = TRUE,
      };
      data->callbacks.delta (&delta, result, data->callback_data);
    }
  stream_succeed (task);
}

static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64     seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;
  {
    /* An HTTP date. */
    g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

    if (when != NULL && g_date_time_compare (when, now) > 0)
      return (guint) (g_date_time_difference (when, now) / G_USEC_PER_SEC) + 1;
  }
  return 0;
}

static gboolean
backoff_done_cb (gpointer user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->backoff, g_source_unref);
  if (g_cancellable_is_cancelled (data->op_cancel))
    stream_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Stopped")));
  else
    send_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
backoff_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);

  /* Stop waiting at once; the timer is dropped with the task data. */
  if (data->backoff != NULL)
    {
      g_source_destroy (data->backoff);
      g_clear_pointer (&data->backoff, g_source_unref);
    }
  stream_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Stopped")));
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask        *task,
                guint         delay_ms,
                const GError *reason)
{
  StreamData *data = g_task_get_task_data (task);
  GSource    *cancel_source;

  data->attempt++;
  deadline_clear (&data->deadline);
  if (data->callbacks.retrying != NULL)
    data->callbacks.retrying (data->attempt, (delay_ms + 999) / 1000, reason, data->callback_data);

  data->backoff = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->backoff, backoff_done_cb, task, NULL);
  g_source_attach (data->backoff, g_main_context_get_thread_default ());

  /* A cancel during the wait ends it now, not after the delay. */
  cancel_source = g_cancellable_source_new (data->op_cancel);
  g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) backoff_cancelled_cb, task, NULL);
  g_source_add_child_source (data->backoff, cancel_source);
  g_source_unref (cancel_source);
}

static void
error_body_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;
  GError *io_error = NULL;
  g_autoptr (GError) error = NULL;
  SparkErrorContext ctx;
  guint             status, retry_after, delay_ms;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &io_error);
  if (bytes == NULL && g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      stream_fail (task, io_error);
      return;
    }
  g_clear_error (&io_error);

  if (bytes != NULL && g_bytes_get_size (bytes) > 0 && data->error_body->len < MAX_ERROR_BODY)
    {
      g_byte_array_append (data->error_body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                       data->op_cancel, error_body_cb, task);
      return;
    }

  status = soup_message_get_status (data->msg);
  retry_after = parse_retry_after (data->msg);
  spark_client_fill_error_context (&ctx, data->provider, data->model, "chat/completions", data->api_key != NULL);
  error = spark_client_error_from_http (&ctx, status, (const char *) data->error_body->data,
                                        data->error_body->len, retry_after);
  g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&data->stream);

  /* Retry only what may pass by itself, before any byte of a reply. */
  if (spark_client_status_is_retryable (status) && data->attempt < data->client->max_retries
      && retry_after <= MAX_RETRY_AFTER_S && !g_error_matches (error, SPARK_ERROR, SPARK_ERROR_CONTEXT_TOO_LONG)
      && !g_error_matches (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT))
    {
      delay_ms = retry_after > 0 ? retry_after * 1000 : data->client->base_delay_ms << data->attempt;
      schedule_retry (task, delay_ms, error);
      return;
    }
  stream_fail (task, g_steal_pointer (&error));
}

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask      *task = user_data;
  StreamData *data = g_task_get_task_data (task);
  GError     *error = NULL;
  const char *content_type;
  guint       status;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (data->stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          SparkErrorContext ctx;
          GError           *mapped;

          spark_client_fill_error_context (&ctx, data->provider, data->model, "chat/completions", data->api_key != NULL);
          mapped = spark_client_error_from_io (&ctx, error);
          g_clear_error (&error);
          error = mapped;
        }
      stream_fail (task, error);
      return;
    }

  data->connected = TRUE;
  deadline_start (&data->deadline, data->client->idle_timeout_s, deadline_cb, data);
  status = soup_message_get_status (data->msg);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      data->error_body = g_byte_array_new ();
      g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                       data->op_cancel, error_body_cb, task);
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (data->msg), NULL);
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0)
    {
      g_autoptr (GOutputStream) sink = g_memory_output_stream_new_resizable ();

      g_output_stream_splice_async (sink, data->stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                    G_PRIORITY_DEFAULT, data->op_cancel, completion_body_cb, task);
      return;
    }

  read_next (task);
}

static void
network_event_cb (SoupMessage       *msg,
                  GSocketClientEvent event,
                  GIOStream         *connection,
                  GTask             *task)
{
  StreamData *data = g_task_get_task_data (task);

  /* Connected (TLS included): from now on only the idle timeout applies. */
  if (event == G_SOCKET_CLIENT_COMPLETE)
    {
      data->connected = TRUE;
      deadline_start (&data->deadline, data->client->idle_timeout_s, deadline_cb, data);
    }
}

static void
wrote_body_cb (SoupMessage *msg,
               GTask       *task)
{
  /* The request is out (also on a reused connection, which has no
   * network events): waiting for the model is the idle timeout's job. */
  network_event_cb (msg, G_SOCKET_CLIENT_COMPLETE, NULL, task);
}

static void
send_attempt (GTask *task)
{
  StreamData *data = g_task_get_task_data (task);
  GError     *error = NULL;

  g_clear_object (&data->msg);
  data->connected = FALSE;
  data->msg = spark_client_new_message (data->provider, SOUP_METHOD_POST, "chat/completions", data->api_key, &error);
  if (data->msg == NULL)
    {
      stream_fail (task, error);
      return;
    }
  soup_message_set_request_body_from_bytes (data->msg, "application/json", data->body);
  soup_message_headers_replace (soup_message_get_request_headers (data->msg), "Accept", "text/event-stream");
  g_signal_connect_object (data->msg, "network-event", G_CALLBACK (network_event_cb), task, 0);
  g_signal_connect_object (data->msg, "wrote-body", G_CALLBACK (wrote_body_cb), task, 0);

  deadline_start (&data->deadline, data->client->connect_timeout_s, deadline_cb, data);
  soup_session_send_async (data->client->session, data->msg, G_PRIORITY_DEFAULT,
                           data->op_cancel, send_cb, task);
}

void
spark_client_stream_chat_async (SparkClient                *self,
                                SparkProvider              *provider,
                                const char                 *api_key,
                                JsonNode                   *request,
                                const SparkStreamCallbacks *callbacks,
                                gpointer                    callback_data,
                                GCancellable               *cancellable,
                                GAsyncReadyCallback         callback,
                                gpointer                    user_data)
{
  GTask           *task;
  StreamData      *data;
  g_autofree char *json = NULL;
  gsize            json_len = 0;

  g_return_if_fail (SPARK_IS_CLIENT (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (request != NULL && JSON_NODE_HOLDS_OBJECT (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_client_stream_chat_async);
  /* We report cancellation ourselves, after closing the stream. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (StreamData, 1);
  data->client = g_object_ref (self);
  data->provider = g_object_ref (provider);
  data->api_key = (api_key && *api_key) ? g_strdup (api_key) : NULL;
  data->model = g_strdup (json_object_get_string_member_with_default (json_node_get_object (request), "model", NULL));
  json = json_to_string (request, FALSE);
  json_len = strlen (json);
  data->body = g_bytes_new_take (g_steal_pointer (&json), json_len);
  if (callbacks != NULL)
    data->callbacks = *callbacks;
  data->callback_data = callback_data;
  data->op_cancel = g_cancellable_new ();
  data->parser = spark_sse_parser_new (sse_event_cb, data);
  data->decoder = spark_chat_decoder_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) stream_data_free);

  if (cancellable != NULL)
    {
      data->user_cancel = g_object_ref (cancellable);
      data->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb), data, NULL);
    }

  send_attempt (task);
}

SparkChatResult *
spark_client_stream_chat_finish (SparkClient  *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_client_stream_chat_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
spark_client_dispose (GObject *object)
{
  SparkClient *self = SPARK_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (spark_client_parent_class)->dispose (object);
}

static void
spark_client_class_init (SparkClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = spark_client_dispose;
}

static void
spark_client_init (SparkClient *self)
{
  g_autoptr (GProxyResolver) resolver = spark_loopback_resolver_new (g_proxy_resolver_get_default ());
  g_autofree char *user_agent = g_strdup_printf ("Spark/%s ", VERSION);

  /* timeout 0: our own connect and idle deadlines apply instead (a slow
   * stream is not a dead one). Parallel sub-agents need more than 2
   * connections per host. */
  self->session = soup_session_new_with_options ("timeout", 0,
                                                 "idle-timeout", 60,
                                                 "max-conns", 32,
                                                 "max-conns-per-host", 8,
                                                 "proxy-resolver", resolver,
                                                 "user-agent", user_agent,
                                                 NULL);
  self->connect_timeout_s = 10;
  self->idle_timeout_s = 120;
  self->max_retries = 3;
  self->base_delay_ms = 1000;
}
