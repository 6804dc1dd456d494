/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error sentences for model service failures. Each says what happened, in
 * the person's terms, and what to do next. None contain the API key: keys
 * only ever travel in the Authorization header. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "spark-client-errors.h"
#include "spark-error.h"

/* Longest piece of a service's own message we quote back. */
#define MAX_QUOTED 300

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = NULL;

  if (haystack == NULL)
    return FALSE;
  h = g_utf8_strdown (haystack, -1);
  return strstr (h, needle) != NULL;
}

/* Pulls the human message out of the error bodies services send:
 * {"error": {"message": …}} (OpenAI, llama.cpp, vLLM), {"error": "…"}
 * (Ollama), {"message": …}, {"detail": …}; else the text itself. */
char *
spark_client_error_body_message (const char *body,
                                 gsize       body_len)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  JsonNode        *root;

  if (body == NULL || body_len == 0)
    return NULL;

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, body, body_len, NULL)
      && (root = json_parser_get_root (parser)) != NULL
      && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *obj = json_node_get_object (root);
      JsonNode   *err = json_object_get_member (obj, "error");
      const char *msg = NULL;

      if (err && JSON_NODE_HOLDS_OBJECT (err))
        msg = json_object_get_string_member_with_default (json_node_get_object (err), "message", NULL);
      else if (err && JSON_NODE_HOLDS_VALUE (err) && json_node_get_value_type (err) == G_TYPE_STRING)
        msg = json_node_get_string (err);
      if (msg == NULL)
        msg = json_object_get_string_member_with_default (obj, "message", NULL);
      if (msg == NULL)
        msg = json_object_get_string_member_with_default (obj, "detail", NULL);
      if (msg != NULL)
        text = g_strdup (msg);
    }

  if (text == NULL)
    {
      if (!g_utf8_validate (body, body_len, NULL))
        return NULL;
      text = g_strndup (body, body_len);
    }

  g_strstrip (text);
  if (*text == '\0' || text[0] == '<') /* an HTML error page says nothing useful */
    return NULL;
  if (g_utf8_strlen (text, -1) > MAX_QUOTED)
    {
      char *cut = g_utf8_offset_to_pointer (text, MAX_QUOTED);
      *cut = '\0';
      return g_strconcat (text, "…", NULL);
    }
  return g_steal_pointer (&text);
}

gboolean
spark_client_status_is_retryable (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static gboolean
contains_any (const char        *lowered,
              const char *const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (lowered, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

SparkErrorCode
spark_client_error_classify (const char *text)
{
  static const char *const context[] = {
    "context_length_exceeded", "context length", "context_length", "maximum context",
    "context size", "context window", "exceed_context_size", "too many tokens",
    "exceeds the available context", NULL
  };
  static const char *const media[] = { "image", "vision", "multimodal", "audio", NULL };
  static const char *const unsupported[] = {
    "not support", "unsupported", "only supported", "n't support", "not enabled", NULL
  };
  g_autofree char *lowered = NULL;

  if (text == NULL)
    return SPARK_ERROR_SERVICE;
  lowered = g_utf8_strdown (text, -1);
  if (contains_any (lowered, context))
    return SPARK_ERROR_CONTEXT_TOO_LONG;
  if (contains_any (lowered, media) && contains_any (lowered, unsupported))
    return SPARK_ERROR_UNSUPPORTED_INPUT;
  return SPARK_ERROR_SERVICE;
}

GError *
spark_client_error_from_http (const SparkErrorContext *ctx,
                              guint                    status,
                              const char              *body,
                              gsize                    body_len,
                              guint                    retry_after)
{
  g_autofree char *said = spark_client_error_body_message (body, body_len);
  const char      *name = ctx->service_name;

  SparkErrorCode kind = spark_client_error_classify (said);

  if (said != NULL && kind == SPARK_ERROR_CONTEXT_TOO_LONG)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_CONTEXT_TOO_LONG,
                        _ ("The conversation is too long for this model’s context. Start a new chat or remove earlier messages. (%s said: %s)"),
                        name, said);
  if (said != NULL && kind == SPARK_ERROR_UNSUPPORTED_INPUT)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT,
                        _ ("%s can’t take images or audio with the model “%s”. Choose a vision model or remove the attachments. (%s said: %s)"),
                        name, ctx->model ? ctx->model : "?", name, said);

  switch (status)
    {
    case 401:
    case 403:
      if (!ctx->sent_key)
        return g_error_new (SPARK_ERROR, SPARK_ERROR_AUTH,
                            _ ("%s needs an API key. Add it in Preferences → Model Services."), name);
      return g_error_new (SPARK_ERROR, SPARK_ERROR_AUTH,
                          _ ("%s rejected the API key. Check it in Preferences → Model Services."), name);

    case 404:
      if (ctx->model != NULL && (said == NULL || contains_ci (said, "model") || contains_ci (said, ctx->model)))
        {
          if (ctx->local_ollama)
            return g_error_new (SPARK_ERROR, SPARK_ERROR_MODEL_NOT_FOUND,
                                _ ("Model “%s” isn’t installed on %s. Install it with “ollama pull %s” or choose another model."),
                                ctx->model, name, ctx->model);
          return g_error_new (SPARK_ERROR, SPARK_ERROR_MODEL_NOT_FOUND,
                              _ ("Model “%s” isn’t available on %s. Choose another model."), ctx->model, name);
        }
      return g_error_new (SPARK_ERROR, SPARK_ERROR_NOT_FOUND,
                          _ ("%s at %s has no “%s” endpoint. Check the address in Preferences → Model Services."),
                          name, ctx->base_url, ctx->endpoint);

    case 413:
      return g_error_new (SPARK_ERROR, SPARK_ERROR_TOO_LARGE,
                          _ ("The request is too large for %s. Remove some images or start a new chat."), name);

    case 429:
      if (retry_after > 0)
        return g_error_new (SPARK_ERROR, SPARK_ERROR_RATE_LIMITED,
                            _ ("%s is limiting how often you can ask. Try again in %u s."), name, retry_after);
      return g_error_new (SPARK_ERROR, SPARK_ERROR_RATE_LIMITED,
                          _ ("%s is limiting how often you can ask. Try again in a minute."), name);

    case 400:
    case 422:
      if (said != NULL)
        return g_error_new (SPARK_ERROR, SPARK_ERROR_BAD_REQUEST,
                            _ ("%s refused the request: %s"), name, said);
      return g_error_new (SPARK_ERROR, SPARK_ERROR_BAD_REQUEST,
                          _ ("%s refused the request (HTTP %u)."), name, status);

    default:
      break;
    }

  if (status >= 500)
    {
      if (said != NULL)
        return g_error_new (SPARK_ERROR, SPARK_ERROR_SERVER,
                            _ ("%s had a problem answering (HTTP %u): %s. Try again in a moment."), name, status, said);
      return g_error_new (SPARK_ERROR, SPARK_ERROR_SERVER,
                          _ ("%s had a problem answering (HTTP %u). Try again in a moment."), name, status);
    }

  if (said != NULL)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                        _ ("%s answered with HTTP %u: %s"), name, status, said);
  return g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                      _ ("%s answered with HTTP %u."), name, status);
}

GError *
spark_client_error_from_io (const SparkErrorContext *ctx,
                            const GError            *io_error)
{
  const char *name = ctx->service_name;

  if (io_error->domain == G_RESOLVER_ERROR)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_DNS,
                        _ ("Can’t find the host of %s (%s). Check the address and your network connection."),
                        name, ctx->base_url);
  if (io_error->domain == G_TLS_ERROR)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_TLS,
                        _ ("The secure connection to %s failed: %s. Check the address, or the clock and certificates of this computer."),
                        name, io_error->message);
  if (io_error->domain == G_IO_ERROR)
    {
      switch (io_error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_BROKEN_PIPE:
        case G_IO_ERROR_NOT_CONNECTED:
          return g_error_new (SPARK_ERROR, SPARK_ERROR_CANT_CONNECT,
                              _ ("Can’t reach %s at %s — is it running?"), name, ctx->base_url);
        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (SPARK_ERROR, SPARK_ERROR_TIMEOUT,
                              _ ("%s at %s didn’t answer in time. Check that it is running and reachable."),
                              name, ctx->base_url);
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_PROXY_AUTH_FAILED:
        case G_IO_ERROR_PROXY_NEED_AUTH:
        case G_IO_ERROR_PROXY_NOT_ALLOWED:
          return g_error_new (SPARK_ERROR, SPARK_ERROR_CANT_CONNECT,
                              _ ("Can’t reach %s through the network proxy: %s"), name, io_error->message);
        default:
          break;
        }
    }
  return g_error_new (SPARK_ERROR, SPARK_ERROR_CANT_CONNECT,
                      _ ("Can’t reach %s at %s: %s"), name, ctx->base_url, io_error->message);
}
