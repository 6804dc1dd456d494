/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli ask / models. `ask` streams the reply to stdout as it arrives,
 * or with --json prints one object at the end; --image FILE (repeatable)
 * sends images with the prompt, prepared like the app does. The exchange
 * is saved in Spark's history as a new session (unless --no-store), or
 * continues the one named by --session. */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "spark-cli-context.h"
#include "spark-error.h"
#include "spark-image-loader.h"
#include "spark-store-tracker.h"
#include "spark-turn.h"

typedef struct
{
  SparkCliContext *ctx;
  gsize            printed;
  gboolean         stream_out;
} AskState;

static void
text_changed_cb (SparkMessage *reply,
                 GParamSpec   *pspec,
                 AskState     *state)
{
  const char *text = spark_message_get_text (reply);
  gsize       len = spark_message_get_text_length (reply);

  if (!state->stream_out || len <= state->printed)
    return;
  fwrite (text + state->printed, 1, len - state->printed, stdout);
  fflush (stdout);
  state->printed = len;
}

static void
retrying_cb (SparkTurn  *turn,
             guint       attempt,
             guint       seconds,
             const char *reason,
             AskState   *state)
{
  spark_cli_error (_ ("%s Retrying in %u s…"), reason ? reason : "", seconds);
}

static char *
read_stdin (GError **error)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0
      || !g_output_stream_write_all (out, "", 1, NULL, NULL, error)
      || !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Checks and prepares each file as the app does; the first bad one stops
 * everything (exit 4) with its sentence. */
static gboolean
attach_images (SparkCliContext   *ctx,
               SparkMessage      *question,
               const char *const *paths,
               GError           **error)
{
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_auto (SparkCliWait) wait = { 0 };
      SparkImage *image;

      spark_image_load_file_async (file, ctx->cancellable, spark_cli_wait_cb, &wait);
      if ((image = spark_image_load_finish (spark_cli_wait_for (&wait), error)) == NULL)
        return FALSE;
      spark_message_append_image (question, image);
      spark_image_free (image);
    }
  return TRUE;
}

/* A new session's title: the start of the question's first line. */
static char *
title_for (const char *prompt)
{
  g_autofree char *line = g_strndup (prompt, strcspn (prompt, "\n"));

  if (g_utf8_strlen (line, -1) <= 48)
    return g_steal_pointer (&line);
  *g_utf8_offset_to_pointer (line, 47) = '\0';
  return g_strconcat (line, "…", NULL);
}

static void
print_json (SparkTurn  *turn,
            const char *session)
{
  SparkMessage *reply = spark_turn_get_reply (turn);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *out = NULL;
  gint64           prompt, completion, reasoning;

  spark_message_get_usage (reply, &prompt, &completion, &reasoning);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, spark_message_get_text (reply));
  json_builder_set_member_name (b, "reasoning");
  json_builder_add_string_value (b, spark_message_get_reasoning (reply));
  json_builder_set_member_name (b, "finish_reason");
  if (spark_turn_get_finish_reason (turn))
    json_builder_add_string_value (b, spark_turn_get_finish_reason (turn));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, spark_message_get_model (reply));
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "prompt_tokens");
  json_builder_add_int_value (b, prompt);
  json_builder_set_member_name (b, "completion_tokens");
  json_builder_add_int_value (b, completion);
  json_builder_set_member_name (b, "reasoning_tokens");
  json_builder_add_int_value (b, reasoning);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "session");
  if (session != NULL)
    json_builder_add_string_value (b, session);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  out = json_to_string (root, FALSE);
  g_print ("%s\n", out);
}

int
spark_cli_cmd_ask (SparkCliContext *ctx,
                   int              argc,
                   char           **argv)
{
  g_autofree char *system = NULL;
  g_autofree char *prompt = NULL;
  g_auto (GStrv) images = NULL;
  gboolean         json = FALSE;
  gboolean         no_store = FALSE;
  gboolean         new_session = FALSE;
  g_autofree char *session = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (SparkStoreTracker) tracker = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkConversation) conversation = NULL;
  g_autoptr (SparkMessage) question = NULL;
  g_autoptr (SparkTurn) turn = NULL;
  g_autoptr (GError) run_error = NULL;
  g_auto (SparkCliWait) wait = { 0 };
  AskState           state = { ctx, 0, FALSE };
  const GOptionEntry entries[] = {
    { "system", 's', 0, G_OPTION_ARG_STRING, &system, N_ ("System prompt"), N_ ("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print one JSON object with the reply when it is complete"), NULL },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, N_ ("Don’t save the exchange in Spark’s history"), NULL },
    { "image", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &images, N_ ("Send an image with the prompt (PNG, JPEG, WebP or GIF; repeatable)"), N_ ("FILE") },
    { "session", 0, 0, G_OPTION_ARG_STRING, &session, N_ ("Continue this stored session (its id, or the start of it)"), N_ ("ID") },
    { "new-session", 0, 0, G_OPTION_ARG_NONE, &new_session, N_ ("Start a new session and print its id on standard error"), NULL },
    { NULL }
  };

  options = g_option_context_new (_ ("PROMPT|-"));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, _ ("Ask a question and print the reply as it arrives."));
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      spark_cli_error ("%s", _ ("ask takes one prompt (quote it), or - to read it from standard input."));
      return SPARK_CLI_EXIT_USAGE;
    }
  if (session != NULL && new_session)
    {
      spark_cli_error ("%s", _ ("Use either --session or --new-session, not both."));
      return SPARK_CLI_EXIT_USAGE;
    }
  if (no_store && new_session)
    {
      spark_cli_error ("%s", _ ("--new-session saves the session; it can’t go with --no-store."));
      return SPARK_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "-"))
    {
      if ((prompt = read_stdin (&error)) == NULL)
        {
          spark_cli_error (_ ("Can’t read the prompt from standard input: %s"), error->message);
          return SPARK_CLI_EXIT_BAD_INPUT;
        }
    }
  else
    prompt = g_strdup (argv[1]);

  if (!g_utf8_validate (prompt, -1, NULL))
    {
      spark_cli_error ("%s", _ ("The prompt isn’t valid UTF-8 text."));
      return SPARK_CLI_EXIT_BAD_INPUT;
    }
  /* An image alone is a question too ("what is this?" is implied). */
  if (*g_strstrip (prompt) == '\0' && images == NULL)
    {
      spark_cli_error ("%s", _ ("The prompt is empty."));
      return SPARK_CLI_EXIT_BAD_INPUT;
    }

  /* Plain `ask` saves too, but a history that can't be opened mustn't
   * keep it from answering; an explicit session must be saved. */
  if (!no_store || session != NULL)
    {
      if ((store = spark_cli_open_store (&error)) == NULL && (session != NULL || new_session))
        {
          spark_cli_error ("%s", error->message);
          return SPARK_CLI_EXIT_STORE;
        }
      if (store == NULL)
        {
          spark_cli_error (_ ("%s This reply won’t be saved."), error->message);
          g_clear_error (&error);
        }
    }

  if (session != NULL)
    {
      if ((conversation = spark_cli_load_session (store, session, &error)) == NULL)
        {
          spark_cli_error ("%s", error->message);
          return g_error_matches (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT) ? SPARK_CLI_EXIT_BAD_INPUT : SPARK_CLI_EXIT_STORE;
        }
    }
  else
    {
      g_autofree char *title = title_for (prompt);

      conversation = spark_conversation_new ();
      spark_conversation_set_title (conversation, title);
    }
  question = spark_message_new (SPARK_ROLE_USER, prompt);
  if (!attach_images (ctx, question, (const char *const *) images, &error))
    return spark_cli_fail (ctx, error);
  /* Saved only once the question is whole (a bad image saves nothing). */
  if (store != NULL && !no_store)
    tracker = spark_store_tracker_new (store, conversation);
  spark_conversation_append (conversation, question);

  turn = spark_turn_new (ctx->client, ctx->provider, ctx->api_key, ctx->model, conversation);
  if (system != NULL)
    spark_turn_set_system_prompt (turn, system);

  state.stream_out = !json;
  g_signal_connect (spark_turn_get_reply (turn), "notify::text", G_CALLBACK (text_changed_cb), &state);
  g_signal_connect (turn, "retrying", G_CALLBACK (retrying_cb), &state);
  spark_turn_run_async (turn, ctx->cancellable, spark_cli_wait_cb, &wait);
  spark_turn_run_finish (turn, spark_cli_wait_for (&wait), &run_error);

  if (state.stream_out && state.printed > 0)
    g_print ("\n");

  /* Whatever happened to the reply, what there is of it is kept. */
  if (tracker != NULL)
    {
      g_autoptr (GError) store_error = NULL;

      g_clear_object (&tracker);
      if (!spark_cli_flush_store (store, &store_error))
        {
          spark_cli_error ("%s", store_error->message);
          if (run_error == NULL)
            return SPARK_CLI_EXIT_STORE;
        }
      else if (new_session)
        spark_cli_error (_ ("Saved as session %s."), spark_conversation_get_id (conversation));
    }

  if (run_error != NULL)
    return spark_cli_fail (ctx, run_error);

  if (json)
    print_json (turn, store && !no_store ? spark_conversation_get_id (conversation) : NULL);
  return SPARK_CLI_EXIT_OK;
}

int
spark_cli_cmd_models (SparkCliContext *ctx,
                      int              argc,
                      char           **argv)
{
  g_auto (SparkCliWait) wait = { 0 };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models = NULL;

  if (argc != 1)
    {
      spark_cli_error ("%s", _ ("models takes no arguments."));
      return SPARK_CLI_EXIT_USAGE;
    }

  spark_client_list_models_async (ctx->client, ctx->provider, ctx->api_key, ctx->cancellable,
                                  spark_cli_wait_cb, &wait);
  models = spark_client_list_models_finish (ctx->client, spark_cli_wait_for (&wait), &error);

  if (error != NULL)
    {
      spark_cli_error ("%s", error->message);
      return spark_cli_exit_for (ctx, error);
    }
  for (guint i = 0; models[i] != NULL; i++)
    g_print ("%s\n", models[i]);
  return SPARK_CLI_EXIT_OK;
}
